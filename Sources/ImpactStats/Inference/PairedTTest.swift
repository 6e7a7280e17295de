// Paired t-test (one-sample t-test on the differences d = post − pre).
//
// Source: Student (1908); formulas and conventions of scipy.stats.ttest_rel /
// ttest_1samp and TtestResult.confidence_interval (scipy 1.17):
//   t = mean/(sd/√n), df = n − 1, p = 2·sf(|t|),
//   CI = [t_(df)⁻¹(α/2)·se + mean, t_(df)⁻¹(1 − α/2)·se + mean], α = 1 − level,
// evaluated in the same order as scipy so that the bounds agree to rounding.
import Foundation

/// Result of a paired (one-sample on differences) t-test.
public struct TTestResult: Sendable, Equatable {
  /// t statistic mean/(sd/√n).
  public var t: Double
  /// Degrees of freedom n − 1.
  public var df: Double
  /// Two-sided p-value 2·P(T_df > |t|).
  public var pValue: Double
  /// Lower bound of the confidence interval of the mean difference.
  public var ciLow: Double
  /// Upper bound of the confidence interval of the mean difference.
  public var ciHigh: Double

  /// Memberwise initializer.
  public init(t: Double, df: Double, pValue: Double, ciLow: Double, ciHigh: Double) {
    self.t = t
    self.df = df
    self.pValue = pValue
    self.ciLow = ciLow
    self.ciHigh = ciHigh
  }
}

/// Paired t-test from summary statistics of the differences.
public enum PairedTTest {
  /// From summary statistics of the differences d = post − pre: n ≥ 2, mean, sd (sample, ddof=1).
  ///
  /// ```
  /// se = sd/√n,  t = mean/se,  df = n − 1,  p = 2·P(T_df > |t|)
  /// α = (1 − confidence)/2,  CI = [Q_df(α)·se + mean, Q_df(1 − α)·se + mean]
  /// ```
  /// Matches scipy.stats.ttest_rel(post, pre) (t, p) and its
  /// confidence_interval(confidence_level) to ~1e-14 relative (scipy uses
  /// √(var/n) for se; the difference is one rounding).
  /// - Parameters:
  ///   - n: number of pairs; n < 2 gives nil.
  ///   - meanDifference: mean of d; must be finite (else nil).
  ///   - sdDifference: sample standard deviation of d (ddof = 1); 0, negative or
  ///     non-finite gives nil.
  ///   - confidence: confidence level in (0, 1) (precondition: programmer error).
  /// - Returns: the test result, or nil when t is undefined (n < 2, sd == 0,
  ///   non-finite input, or |t| overflowing).
  /// - Complexity: O(1) (two t quantiles, one t tail).
  public static func test(
    n: Int, meanDifference: Double, sdDifference: Double, confidence: Double = 0.95
  ) -> TTestResult? {
    precondition(confidence > 0 && confidence < 1, "confidence must lie in (0, 1)")
    guard n >= 2, meanDifference.isFinite, sdDifference.isFinite, sdDifference > 0 else {
      return nil
    }
    let count = Double(n)
    let se = sdDifference / count.squareRoot()
    let t = meanDifference / se
    guard t.isFinite, se > 0 else { return nil }
    let df = count - 1
    let distribution = StudentT(degreesOfFreedom: df)
    let pValue = distribution.twoSidedPValue(t)
    let tail = (1 - confidence) / 2
    let lowQuantile = distribution.quantile(tail)
    let highQuantile = distribution.quantile(1 - tail)
    return TTestResult(
      t: t, df: df, pValue: pValue,
      ciLow: lowQuantile * se + meanDifference,
      ciHigh: highQuantile * se + meanDifference
    )
  }
}
