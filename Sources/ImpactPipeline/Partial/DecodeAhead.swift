// Partials decoded ahead, on the other cores, while `impact merge` merges
// the ones before them in order: decoding is most of a merge's time, and
// merging (adding states, keeping id hashes) runs on one thread, so the two
// overlap. At most `ahead` partials are decoded and not yet taken, which
// bounds the memory of the decoded states.

import Dispatch
import Foundation
import ImpactIngest
import Synchronization

/// Decodes and validates partial files ahead of the caller, who takes them
/// in order with `take(_:)` and must call `finish()` when done (also after
/// an error), which waits for the decodes in flight.
final class DecodeAhead: Sendable {
  typealias Decoded = Result<(Partial, PartialTotal), IngestError>

  let paths: [String]
  let ahead: Int
  let slots: Mutex<[Decoded?]>
  let ready: [DispatchSemaphore]
  let group = DispatchGroup()
  let cancelled = Atomic<Bool>(false)

  /// Starts decoding the first `ahead` partials (default: one per core).
  init(_ paths: [String], ahead: Int = ProcessInfo.processInfo.activeProcessorCount) {
    self.paths = paths
    self.ahead = max(1, min(ahead, 8))
    slots = Mutex([Decoded?](repeating: nil, count: paths.count))
    ready = paths.map { _ in DispatchSemaphore(value: 0) }
    for i in 0..<min(self.ahead, paths.count) { start(i) }
  }

  func start(_ i: Int) {
    group.enter()
    DispatchQueue.global().async { [self] in
      if !cancelled.load(ordering: .relaxed) {
        let r = Decoded { () throws(IngestError) -> (Partial, PartialTotal) in
          let d = try PartialFile.decodeChecked(path: paths[i])
          return (d.partial, d.total)
        }
        slots.withLock { $0[i] = r }
      }
      ready[i].signal()
      group.leave()
    }
  }

  /// The `i`th partial, decoded and validated (waits for it); starts the
  /// one `ahead` places later. Take them in order, each once.
  func take(_ i: Int) -> Decoded {
    if i + ahead < paths.count { start(i + ahead) }
    ready[i].wait()
    let r = slots.withLock { s in
      defer { s[i] = nil }
      return s[i]
    }
    return r ?? .failure(IngestError(.io, file: paths[i], message: "the partial was not decoded", hint: ""))
  }

  /// Stops decoding what was not started and waits for the decodes in flight.
  func finish() {
    cancelled.store(true, ordering: .relaxed)
    group.wait()
  }
}
