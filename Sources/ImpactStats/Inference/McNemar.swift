// McNemar's test for paired binary outcomes.
//
// Sources: Q. McNemar, Psychometrika 12 (1947); Edwards (1948) continuity
// correction; conventions of statsmodels.stats.contingency_tables.mcnemar
// (statsmodels 0.15): exact = binomial test on the discordant pairs,
// otherwise chi-square with correction. Here the exact test is chosen when
// b + c < 25 (the common rule of thumb).
import Foundation

/// Result of McNemar's test.
public struct McNemarResult: Sendable, Equatable {
  /// min(b, c) for the exact test; (|b − c| − 1)²/(b + c) for the chi-square test.
  public var statistic: Double
  /// Two-sided p-value.
  public var pValue: Double
  /// Whether the exact binomial test was used.
  public var exact: Bool

  /// Memberwise initializer.
  public init(statistic: Double, pValue: Double, exact: Bool) {
    self.statistic = statistic
    self.pValue = pValue
    self.exact = exact
  }
}

/// McNemar's test from the two discordant cell counts of a 2×2 paired table.
public enum McNemar {
  /// From the discordant counts b (pass before, fail after) and c (fail before, pass after).
  ///
  /// ```
  /// b + c < 25:  statistic = min(b, c),  p = min(1, 2·P(Bin(b + c, ½) ≤ min(b, c)))
  /// b + c ≥ 25:  statistic = (|b − c| − 1)²/(b + c),  p = P(χ²₁ > statistic)
  /// ```
  /// As statsmodels `mcnemar(table, exact=(b + c < 25), correction=True)`.
  /// Note that b = c ≥ 13 gives statistic 1/(b + c), not 0 (as statsmodels and R).
  /// No discordant pairs (b = c = 0): statistic 0, p = 1 (exact), as statsmodels
  /// `mcnemar(table, exact=True)`.
  /// - Parameters:
  ///   - b: count ≥ 0 (negative counts give nil).
  ///   - c: count ≥ 0 (negative counts give nil).
  /// - Returns: the result, or nil when a count is negative or b + c overflows.
  /// - Complexity: O(1).
  public static func test(b: Int, c: Int) -> McNemarResult? {
    guard b >= 0, c >= 0 else { return nil }
    let (total, overflow) = b.addingReportingOverflow(c)
    guard !overflow else { return nil }
    if total == 0 { return McNemarResult(statistic: 0, pValue: 1, exact: true) }
    if total < 25 {
      let k = min(b, c)
      let p = min(1, 2 * Binomial.cdf(k: k, n: total, p: 0.5))
      return McNemarResult(statistic: Double(k), pValue: p, exact: true)
    }
    let excess = abs(Double(b) - Double(c)) - 1
    let statistic = excess * excess / Double(total)
    let p = ChiSquared.sf(statistic, degreesOfFreedom: 1)
    return McNemarResult(statistic: statistic, pValue: p, exact: false)
  }
}
