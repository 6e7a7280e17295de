import Foundation

/// Wall-clock timing of job phases, printed to stderr when the environment
/// variable `IMPACT_TIMING=1` is set (for profiling; never part of outputs).
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
      FileHandle.standardError.write(Data("timing: \(phase) \(Double(now - last) / 1e6) ms\n".utf8))
    }
    last = now
  }
}
