// Welch's unequal-variance two-sample t-test.
//
// Sources: B. L. Welch, "The generalization of 'Student's' problem when several
// different population variances are involved", Biometrika 34 (1947);
// F. E. Satterthwaite (1946) degrees of freedom; conventions of
// scipy.stats.ttest_ind(a, b, equal_var=False) (`_unequal_var_ttest_denom`).
import Foundation

/// Result of Welch's two-sample t-test.
public struct WelchTTestResult: Sendable, Equatable {
  /// t statistic (mean1 − mean2)/√(v1/n1 + v2/n2).
  public var t: Double
  /// Welch–Satterthwaite degrees of freedom (real-valued).
  public var df: Double
  /// Two-sided p-value 2·P(T_df > |t|).
  public var pValue: Double
  /// mean1 − mean2.
  public var meanDifference: Double

  /// Memberwise initializer.
  public init(t: Double, df: Double, pValue: Double, meanDifference: Double) {
    self.t = t
    self.df = df
    self.pValue = pValue
    self.meanDifference = meanDifference
  }
}

/// Welch's unequal-variance t-test from per-group summary statistics.
public enum WelchTTest {
  /// Welch's unequal-variance t-test from (n, mean, sample variance) of two groups; mean difference = mean1 − mean2.
  ///
  /// ```
  /// vᵢ' = vᵢ/nᵢ,  t = (mean1 − mean2)/√(v1' + v2'),
  /// df = (v1' + v2')² / (v1'²/(n1 − 1) + v2'²/(n2 − 1)),  p = 2·P(T_df > |t|)
  /// ```
  /// df is evaluated after scaling v1', v2' by their maximum (scale invariant),
  /// so tiny variances cannot underflow it. Matches
  /// scipy.stats.ttest_ind(a, b, equal_var=False) to ~1e-14 relative.
  /// - Parameters:
  ///   - n1, n2: group sizes; either < 2 gives nil.
  ///   - mean1, mean2: finite group means (else nil).
  ///   - variance1, variance2: sample variances (ddof = 1), ≥ 0 and finite
  ///     (else nil); both 0 gives nil. One zero variance is allowed.
  /// - Returns: the result or nil when the statistic is undefined or infinite.
  /// - Complexity: O(1).
  public static func test(
    n1: Int, mean1: Double, variance1: Double,
    n2: Int, mean2: Double, variance2: Double
  ) -> WelchTTestResult? {
    guard n1 >= 2, n2 >= 2,
      mean1.isFinite, mean2.isFinite,
      variance1.isFinite, variance2.isFinite,
      variance1 >= 0, variance2 >= 0,
      variance1 > 0 || variance2 > 0
    else { return nil }
    let vn1 = variance1 / Double(n1)
    let vn2 = variance2 / Double(n2)
    let scale = max(vn1, vn2)
    guard scale > 0 else { return nil }
    let u1 = vn1 / scale
    let u2 = vn2 / scale
    let df = (u1 + u2) * (u1 + u2) / (u1 * u1 / Double(n1 - 1) + u2 * u2 / Double(n2 - 1))
    let difference = mean1 - mean2
    let t = difference / (vn1 + vn2).squareRoot()
    guard t.isFinite, df.isFinite, df > 0, difference.isFinite else { return nil }
    let pValue = StudentT(degreesOfFreedom: df).twoSidedPValue(t)
    return WelchTTestResult(t: t, df: df, pValue: pValue, meanDifference: difference)
  }
}
