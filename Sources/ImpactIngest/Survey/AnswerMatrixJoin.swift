import Dispatch
import Synchronization

/// The answer matrices and line numbers of a wave's chunks, joined in file
/// order on another thread (while the caller merges the chunks' keys).
///
/// The first chunk's arrays become the result and the others are appended
/// to them: each part must be uniquely owned when handed over (moved out of
/// the chunk states), or appending would copy it first.
final class AnswerMatrixJoin: Sendable {
  /// One chunk's rows: physical lines relative to `lineBase`, and answers.
  struct Part: Sendable {
    var lines: [Int32]
    var values: [Double]
    var lineBase: Int32
  }

  private let input: Mutex<[Part]>
  private let output = Mutex<(lines: [Int32], values: [Double])>(([], []))
  private let done = DispatchSemaphore(value: 0)

  /// Starts joining `parts` (`rows` in all, `width` answers per row).
  init(_ parts: consuming [Part], rows: Int, width: Int) {
    input = Mutex(parts)
    DispatchQueue.global().async { [self] in
      var parts = input.withLock { p in
        let taken = p
        p = []
        return taken
      }
      var lines: [Int32] = []
      var values: [Double] = []
      for i in parts.indices {
        var l = parts[i].lines
        let v = parts[i].values
        parts[i].lines = []
        parts[i].values = []
        let base = parts[i].lineBase
        for r in l.indices { l[r] += base }
        if i == 0 {
          lines = l
          values = v
          lines.reserveCapacity(rows)
          values.reserveCapacity(rows * width)
        } else {
          lines.append(contentsOf: l)
          values.append(contentsOf: v)
        }
      }
      output.withLock { $0 = (lines, values) }
      done.signal()
    }
  }

  /// The joined lines (absolute) and answers, once ready.
  func result() -> (lines: [Int32], values: [Double]) {
    done.wait()
    return output.withLock { o in
      let taken = o
      o = ([], [])
      return taken
    }
  }
}
