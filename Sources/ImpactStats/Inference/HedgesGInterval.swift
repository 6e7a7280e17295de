// Hedges' g for two independent groups and its confidence interval from the
// noncentral t distribution.
//
// Sources: L. V. Hedges, "Distribution theory for Glass's estimator of effect
// size and related estimators", Journal of Educational Statistics 6 (1981)
// 107–128 (the exact small-sample factor J); L. V. Hedges & I. Olkin,
// Statistical Methods for Meta-Analysis (1985) ch. 5; the interval as in MBESS
// `ci.smd` and R `effectsize::hedges_g` (d limits from the noncentral t,
// multiplied by J).
import Foundation

/// Hedges' g = J·d for a two-group comparison, with its equal-tailed interval.
///
/// ```
/// d = t·√(1/n₁ + 1/n₂)              (t of the pooled two-sample test, or of an
///                                    adjusted group effect with its own ν)
/// ν = n₁ + n₂ − 2 unless given
/// J(ν) = Γ(ν/2)/(√(ν/2)·Γ((ν − 1)/2))   (exact; ≈ 1 − 3/(4ν − 1))
/// δ_low:  P(T > t | ν, δ_low) = α/2,   δ_high: P(T ≤ t | ν, δ_high) = α/2
/// g = J·d,  g_low = J·δ_low·√(1/n₁ + 1/n₂),  g_high = J·δ_high·√(1/n₁ + 1/n₂)
/// ```
/// For an ANCOVA or difference-in-differences effect pass its t and residual
/// degrees of freedom; d is then in units of the SD the t statistic used.
public struct HedgesGInterval: Sendable, Equatable {
  /// Hedges' g = J·d.
  public var g: Double
  /// Lower limit of g.
  public var low: Double
  /// Upper limit of g.
  public var high: Double
  /// Cohen's d = t·√(1/n₁ + 1/n₂) (uncorrected).
  public var d: Double
  /// The small-sample factor J(ν).
  public var correction: Double
  /// Degrees of freedom ν used.
  public var degreesOfFreedom: Double

  /// Hedges' g and its interval from a two-group t statistic.
  ///
  /// ```swift
  /// let g = HedgesGInterval.compute(t: 2.5, n1: 40, n2: 45, confidence: 0.95)
  /// ```
  /// - Parameters:
  ///   - t: the group-difference t statistic, finite.
  ///   - n1, n2: group sizes ≥ 1 each.
  ///   - confidence: 0 < confidence < 1.
  ///   - degreesOfFreedom: ν > 1; default n₁ + n₂ − 2.
  /// - Returns: nil when t is not finite, a group is empty, ν ≤ 1 or the
  ///   confidence is outside (0, 1).
  /// - Complexity: two noncentrality inversions.
  public static func compute(
    t: Double, n1: Int, n2: Int, confidence: Double, degreesOfFreedom: Double? = nil
  ) -> HedgesGInterval? {
    guard t.isFinite, n1 >= 1, n2 >= 1, confidence > 0, confidence < 1 else { return nil }
    let df = degreesOfFreedom ?? Double(n1 + n2 - 2)
    guard df > 1, df.isFinite else { return nil }
    let alpha = 1 - confidence
    let scale = (1 / Double(n1) + 1 / Double(n2)).squareRoot()
    let j = correction(degreesOfFreedom: df)
    let low = NoncentralT.noncentrality(observed: t, degreesOfFreedom: df, tail: .upper, probability: alpha / 2)
    let high = NoncentralT.noncentrality(observed: t, degreesOfFreedom: df, tail: .lower, probability: alpha / 2)
    return HedgesGInterval(
      g: j * t * scale, low: j * low * scale, high: j * high * scale, d: t * scale, correction: j,
      degreesOfFreedom: df)
  }

  /// Hedges' exact small-sample factor.
  ///
  /// ```
  /// J(ν) = Γ(ν/2)/(√(ν/2)·Γ((ν − 1)/2))
  /// ```
  /// - Parameter degreesOfFreedom: ν > 1 (precondition).
  /// - Returns: J in (0, 1), increasing to 1 as ν → ∞.
  /// - Complexity: O(1).
  public static func correction(degreesOfFreedom df: Double) -> Double {
    precondition(df > 1, "HedgesGInterval.correction requires ν > 1")
    return SpecialFunctions.gammaRatio(0.5 * (df - 1), 0.5) / (0.5 * df).squareRoot()
  }
}
