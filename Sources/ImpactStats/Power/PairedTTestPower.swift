// Power of the two-sided one-sample / paired t-test.
//
// Source: the exact power through the noncentral t distribution, as
// statsmodels.stats.power.TTestPower.power (alternative="two-sided"), J. Cohen,
// Statistical Power Analysis for the Behavioral Sciences, 2nd ed. (1988) ch. 2,
// and G*Power's "t tests – Means: difference from constant / matched pairs"
// (Faul, Erdfelder, Lang & Buchner, Behavior Research Methods 39 (2007) 175–191).
import Foundation

/// Power of the two-sided paired (one-sample) t-test with Cohen's dz.
///
/// ```
/// ν = n − 1,  δ = dz·√n,  c = t_(1−α/2, ν)
/// power = P(T > c | ν, δ) + P(T < −c | ν, δ)      (T noncentral t)
/// ```
/// Example: dz = 0.5, α = 0.05, power 0.8 → n = 33.37, i.e. 34 pairs (G*Power: 34).
public struct PairedTTestPower: PowerDesign, Equatable {
  public init() {}

  /// Two pairs (ν = 1) at least.
  public var minimumN: Double { 2 }
  /// Any positive dz.
  public var maximumEffect: Double { .infinity }

  /// Two-sided power at dz = `effect`.
  ///
  /// - Parameters: effect dz > 0 (negative values give the same power); n ≥ 2
  ///   (real, as statsmodels); 0 < alpha < 1. Preconditions.
  /// - Returns: power in [α, 1).
  /// - Complexity: two noncentral t tails.
  public func power(effect: Double, n: Double, alpha: Double) -> Double {
    precondition(n > 1 && alpha > 0 && alpha < 1, "PairedTTestPower.power requires n > 1, 0 < alpha < 1")
    return TTestPowerKernel.twoSided(noncentrality: effect * n.squareRoot(), degreesOfFreedom: n - 1, alpha: alpha)
  }
}

/// The two-sided t-test power shared by the paired and two-group designs
/// (statsmodels `ttest_power`).
enum TTestPowerKernel {
  /// P(T > c) + P(T < −c), c = t_(1−α/2, ν), T ~ t(ν, δ).
  static func twoSided(noncentrality delta: Double, degreesOfFreedom df: Double, alpha: Double) -> Double {
    // The upper α/2 quantile formed from its own tail (as scipy t.isf), not from 1 − α/2.
    let critical = -StudentT(degreesOfFreedom: df).quantile(alpha / 2)
    let distribution = NoncentralT(degreesOfFreedom: df, noncentrality: delta)
    return min(1, distribution.sf(critical) + distribution.cdf(-critical))
  }
}
