// A two-sided test whose power is a continuous, increasing function of the
// sample size and of the effect size, and the solver that inverts it for
// either (the role of statsmodels' `solve_power`, but solved to a few ulps
// with Brent's method instead of stopping at statsmodels' loose tolerance).
import Foundation

/// A design whose two-sided power can be computed and inverted.
///
/// Conformers: `PairedTTestPower`, `TwoGroupPower`, `McNemarPower`.
public protocol PowerDesign: Sendable {
  /// Power at standardized effect `effect` > 0 with `n` analysed units (pairs,
  /// or group-1 members) and two-sided level `alpha`.
  func power(effect: Double, n: Double, alpha: Double) -> Double
  /// The smallest n the test is defined for (e.g. 2 pairs).
  var minimumN: Double { get }
  /// The supremum of admissible effects (+∞ for t tests; the discordant share for McNemar).
  var maximumEffect: Double { get }
}

extension PowerDesign {
  /// The n (continuous, ≥ `minimumN`) at which the power equals `power`.
  ///
  /// ```
  /// power(effect, n, alpha) = target,  n ∈ [minimumN, ∞)
  /// ```
  /// - Parameters: effect in (0, maximumEffect); alpha in (0, 1); power in (alpha, 1).
  /// - Returns: n; `minimumN` when even that n reaches the target; nil if no
  ///   finite n below 1e15 reaches it.
  /// - Complexity: O(log n) bracketing plus ≤ ~40 power evaluations.
  public func sampleSize(effect: Double, power target: Double, alpha: Double) -> Double? {
    let floor = minimumN
    let atFloor = power(effect: effect, n: floor, alpha: alpha) - target
    if atFloor >= 0 { return floor }
    var lo = floor
    var fLo = atFloor
    var hi = max(2 * floor, floor + 1)
    var fHi = power(effect: effect, n: hi, alpha: alpha) - target
    while fHi < 0 {
      if hi > 1e15 { return nil }
      lo = hi
      fLo = fHi
      hi *= 4
      fHi = power(effect: effect, n: hi, alpha: alpha) - target
    }
    return BracketedRoot.brent(lo, hi, fLo: fLo, fHi: fHi) {
      power(effect: effect, n: $0, alpha: alpha) - target
    }
  }

  /// The effect (minimum detectable effect) at which the power equals `power`.
  ///
  /// ```
  /// power(effect, n, alpha) = target,  effect ∈ (0, maximumEffect)
  /// ```
  /// - Returns: the effect; nil when no admissible effect reaches the target
  ///   (e.g. McNemar with too few pairs for the discordant share).
  /// - Complexity: O(log effect) bracketing plus ≤ ~40 power evaluations.
  public func minimumDetectableEffect(n: Double, power target: Double, alpha: Double) -> Double? {
    let top = maximumEffect
    var lo = 0.0
    var fLo = alpha / 2 - target  // the power tends to at most alpha as the effect vanishes
    // Effects scale as 1/√n in every design here: start near the answer so no
    // huge noncentrality is ever evaluated.
    var hi = top.isFinite ? 0.5 * top : 4 / max(1, n).squareRoot()
    var fHi = power(effect: hi, n: n, alpha: alpha) - target
    var steps = 0
    while fHi < 0 {
      steps += 1
      if steps > 200 { return nil }
      lo = hi
      fLo = fHi
      if top.isFinite {
        hi = 0.5 * (hi + top)
        if hi >= top || top - hi <= 4 * Double.ulpOfOne * top { return nil }
      } else {
        hi *= 2
        if hi > 1e12 { return nil }
      }
      fHi = power(effect: hi, n: n, alpha: alpha) - target
    }
    return BracketedRoot.brent(lo, hi, fLo: fLo, fHi: fHi) { power(effect: $0, n: n, alpha: alpha) - target }
  }
}
