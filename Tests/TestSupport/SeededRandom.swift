import Foundation

/// A small deterministic RNG (SplitMix64; Steele, Lea & Flood 2014) so that
/// property tests and generated fixtures are reproducible from a seed.
public struct SeededRandom: RandomNumberGenerator, Sendable {
  private var state: UInt64

  public init(seed: UInt64) { state = seed }

  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// Relative error |observed − expected| / |expected| (absolute when expected is 0).
public func relativeError(_ observed: Double, _ expected: Double) -> Double {
  if observed == expected { return 0 }
  if expected == 0 { return abs(observed) }
  return abs(observed - expected) / abs(expected)
}

/// NIST's log relative error: the number of correct significant digits.
public func correctDigits(_ observed: Double, _ expected: Double) -> Double {
  let e = relativeError(observed, expected)
  return e == 0 ? 17 : -log10(e)
}

/// A readable comparison line for test failures.
public func describeMismatch(_ what: String, observed: Double, expected: Double) -> String {
  "\(what): expected \(expected), observed \(observed), relative error \(relativeError(observed, expected))"
}
