import Foundation
import Glibc

/// A private folder for the files one fuzz process hands to the readers
/// (readers open paths, not buffers). Created once per process, in `/dev/shm`
/// when it exists (no disk writes per input), else in the temporary folder.
public final class FuzzScratch: Sendable {
  /// The folder's path.
  public let directory: String

  /// Creates a fresh folder (`mkdtemp`); `nil` when none can be made.
  public init?(parent: String? = nil) {
    let base =
      parent
      ?? (access("/dev/shm", W_OK) == 0 ? "/dev/shm" : FileManager.default.temporaryDirectory.path)
    Self.removeStale(in: base)
    var template = Array("\(base)/impact-fuzz-\(getpid())-XXXXXX".utf8CString)
    guard let made = template.withUnsafeMutableBufferPointer({ p in p.baseAddress.flatMap { mkdtemp($0) } }) else {
      return nil
    }
    directory = String(cString: made)
  }

  /// Removes the scratch folders of fuzz processes that are gone (a crash
  /// ends a process without its exit handlers): `impact-fuzz-PID-*` whose
  /// PID no longer runs.
  static func removeStale(in base: String) {
    let fm = FileManager.default
    for name in (try? fm.contentsOfDirectory(atPath: base)) ?? [] where name.hasPrefix("impact-fuzz-") {
      let fields = name.split(separator: "-")
      guard fields.count == 4, let pid = Int32(fields[2]), pid != getpid() else { continue }
      if kill(pid, 0) != 0 && errno == ESRCH { try? fm.removeItem(atPath: "\(base)/\(name)") }
    }
  }

  /// The path of scratch file `name`.
  public func path(_ name: String) -> String { "\(directory)/\(name)" }

  /// Writes `bytes` to scratch file `name` (replacing it) and returns its
  /// path; `nil` when the write fails.
  @discardableResult
  public func write(_ bytes: some Collection<UInt8>, to name: String) -> String? {
    let p = path(name)
    let fd = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    let array = Array(bytes)
    var done = 0
    while done < array.count {
      let n = array.withUnsafeBytes { Glibc.write(fd, $0.baseAddress.map { $0 + done }, array.count - done) }
      if n <= 0 { return nil }
      done += n
    }
    return p
  }

  /// Removes scratch file `name`, if present.
  public func remove(_ name: String) { unlink(path(name)) }

  /// Removes the folder and everything in it.
  public func removeAll() { try? FileManager.default.removeItem(atPath: directory) }
}
