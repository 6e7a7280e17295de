// Confidence interval of Cohen's dz for paired differences by inverting the
// noncentral t distribution.
//
// Source: G. Cumming & S. Finch, "A primer on the understanding, use, and
// calculation of confidence intervals that are based on central and noncentral
// distributions", Educational and Psychological Measurement 61 (2001) 532–574;
// K. Kelley, "Confidence intervals for standardized effect sizes", Journal of
// Statistical Software 20(8) (2007) (MBESS `conf.limits.nct`, `ci.sm`); the
// method of R `effectsize::cohens_d(..., paired = TRUE)`. Here both limits are
// solved to a few ulps (effectsize stops its search at ≈ 1e-4).
import Foundation

/// Confidence interval of Cohen's dz = mean(d)/sd(d) for n paired differences.
///
/// ```
/// t = dz·√n,  ν = n − 1,  α = 1 − confidence
/// δ_low:  P(T > t | ν, δ_low)  = α/2      (i.e. P(T ≤ t | δ_low) = 1 − α/2)
/// δ_high: P(T ≤ t | ν, δ_high) = α/2
/// dz_low = δ_low/√n,  dz_high = δ_high/√n
/// ```
/// The limits are equal-tailed, not symmetric around dz, and always contain it.
public enum CohenDzInterval {
  /// The interval for an observed paired t statistic.
  ///
  /// ```swift
  /// // 1971 pairs, t = 20.69 (dz ≈ 0.466):
  /// if let ci = CohenDzInterval.compute(t: 20.69114173611448, n: 1971, confidence: 0.95) {
  ///   print(ci.low, ci.high)   // 0.41952…, 0.51249…
  /// }
  /// ```
  /// - Parameters:
  ///   - t: the paired t statistic mean(d)/(sd(d)/√n), finite (dz·√n).
  ///   - n: number of pairs, n ≥ 2.
  ///   - confidence: 0 < confidence < 1 (e.g. 0.95).
  /// - Returns: (low, high) on the dz scale; nil when n < 2, t is not finite
  ///   (zero variance) or the confidence is outside (0, 1).
  /// - Complexity: two noncentrality inversions, each ~10–40 noncentral t tails.
  public static func compute(t: Double, n: Int, confidence: Double) -> (low: Double, high: Double)? {
    guard n >= 2, t.isFinite, confidence > 0, confidence < 1 else { return nil }
    let df = Double(n - 1)
    let alpha = 1 - confidence
    let root = Double(n).squareRoot()
    let low = NoncentralT.noncentrality(observed: t, degreesOfFreedom: df, tail: .upper, probability: alpha / 2)
    let high = NoncentralT.noncentrality(observed: t, degreesOfFreedom: df, tail: .lower, probability: alpha / 2)
    return (low / root, high / root)
  }
}
