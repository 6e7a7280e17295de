import Foundation
@_exported import ImpactCore

/// The project's seeded generator, re-exported for tests.
public typealias SeededRandom = SplitMix64

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
