// Result types of the Wilcoxon signed-rank test (see WilcoxonSignedRank.swift).
//
// Source: field conventions follow scipy.stats.wilcoxon (scipy 1.17) and the
// matched-pairs rank-biserial correlation of D. S. Kerby, "The simple
// difference formula", Comprehensive Psychology 3 (2014).

/// How the p-value of a Wilcoxon signed-rank test was obtained.
public enum WilcoxonMethod: String, Sendable {
  /// Exact null distribution of W+ (no ties, no zeros, N ≤ 50).
  case exact
  /// Exact enumeration of all 2^n sign flips with tied (mid-)ranks (N ≤ 13).
  case permutation
  /// Normal approximation with tie correction, no continuity correction.
  case normal
}

/// Result of a two-sided Wilcoxon signed-rank test.
public struct WilcoxonResult: Sendable, Equatable {
  /// min(W+, W−), as scipy's two-sided `statistic`.
  public var statistic: Double
  /// W+ = sum of the (mid-)ranks of |d| over positive differences.
  public var rPlus: Double
  /// W− = sum of the (mid-)ranks of |d| over negative differences.
  public var rMinus: Double
  /// Two-sided p-value.
  public var pValue: Double
  /// Which null distribution produced `pValue`.
  public var method: WilcoxonMethod
  /// Number of non-zero differences (the ranked ones).
  public var nNonZero: Int
  /// Number of zero differences (dropped, zero_method = "wilcox").
  public var nZero: Int
  /// Signed z = (W+ − n(n+1)/4)/se for the normal approximation, nil otherwise.
  /// (scipy's `zstatistic` with method="asymptotic" reports −|z|.)
  public var z: Double?
  /// Matched-pairs rank-biserial correlation (Kerby 2014): (W+ − W−)/(W+ + W−), in [−1, 1];
  /// nil when every difference is zero (0/0).
  public var rankBiserial: Double?

  /// Memberwise initializer.
  public init(
    statistic: Double, rPlus: Double, rMinus: Double, pValue: Double,
    method: WilcoxonMethod, nNonZero: Int, nZero: Int, z: Double?, rankBiserial: Double?
  ) {
    self.statistic = statistic
    self.rPlus = rPlus
    self.rMinus = rMinus
    self.pValue = pValue
    self.method = method
    self.nNonZero = nNonZero
    self.nZero = nZero
    self.z = z
    self.rankBiserial = rankBiserial
  }
}
