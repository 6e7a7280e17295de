import Foundation

/// Wall-clock timing of job phases, printed to stderr when the environment
/// variable `IMPACT_TIMING=1` is set (for profiling; never part of outputs),
/// each with the process's peak resident memory so far.
public struct PhaseClock: Sendable {
  private var last: UInt64
  private let enabled: Bool

  public init() {
    last = DispatchTime.now().uptimeNanoseconds
    enabled = ProcessInfo.processInfo.environment["IMPACT_TIMING"] == "1"
  }

  /// Prints the time since the previous mark.
  public mutating func mark(_ phase: String) {
    let now = DispatchTime.now().uptimeNanoseconds
    if enabled {
      var usage = rusage()
      getrusage(RUSAGE_SELF.rawValue, &usage)
      let peak = usage.ru_maxrss / 1024
      FileHandle.standardError.write(
        Data("timing: \(phase) \(Double(now - last) / 1e6) ms (peak RSS \(peak) MiB)\n".utf8))
    }
    last = now
  }
}
