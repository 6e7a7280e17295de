// Wilcoxon signed-rank test on paired differences given as a histogram.
//
// Sources: F. Wilcoxon, "Individual comparisons by ranking methods",
// Biometrics Bulletin 1 (1945); tie-corrected normal approximation (Lehmann,
// Nonparametrics, 1975, §3.2); decision rules of scipy.stats.wilcoxon
// (scipy 1.17.1, `scipy/stats/_wilcoxon.py`) with its defaults
// zero_method="wilcox", correction=False, method="auto":
//   N = all differences including zeros.
//   N > 50                        → normal approximation
//   no ties and no zeros          → exact null distribution of W+
//   otherwise N ≤ 13              → exact permutation over all 2^N sign flips
//   otherwise                     → normal approximation
// Zeros are dropped; they do not enter the tie correction (scipy turns them
// into NaNs, each of which forms its own "tie group" of size 1).
// All differences zero: W = 0, p = 1, as scipy.stats.wilcoxon(d,
// method="exact") (every sign flip gives the observed statistic; scipy's
// "auto" gives the same for N ≤ 13 and NaN from its normal approximation
// above; see Tests/ImpactStatsTests/Reference/make_degenerate_reference.py).
import Foundation

/// Two-sided Wilcoxon signed-rank test reproducing scipy.stats.wilcoxon(d).
public enum WilcoxonSignedRank {
  /// Two-sided Wilcoxon signed-rank test on paired differences given as an exact histogram.
  ///
  /// ```
  /// ranks of |d| (d ≠ 0), ties share the mid-rank;  W+ = Σ_{d>0} rank,  W− = Σ_{d<0} rank
  /// exact / permutation:  p = min(1, 2·min(P₀(W+ ≤ w), P₀(W+ ≥ w)))
  /// normal:  z = (W+ − n(n+1)/4) / √((n(n+1)(2n+1) − Σ(t³ − t)/2)/24),  p = 2·Φ(−|z|)
  /// ```
  /// A value and its negation share one |d| tie group. Distinct values may be
  /// listed in any order; repeated values are merged.
  /// - Parameter histogram: (difference value, count ≥ 0) pairs; zero counts
  ///   are ignored. A NaN value or a negative count gives nil.
  /// - Returns: the test result; W = W+ = W− = 0, p = 1 (method `exact`, no
  ///   rank-biserial correlation) when every difference is zero; nil for the
  ///   empty histogram, or on Int overflow of the rank sums.
  /// - Complexity: O(g log g) for g distinct values, plus O(n³) subset counting
  ///   for the exact (n ≤ 50) and permutation (n ≤ 13) null distributions.
  public static func test(histogram: [(value: Double, count: Int)]) -> WilcoxonResult? {
    var nZero = 0
    var groups: [Double: (positive: Int, negative: Int)] = [:]
    for entry in histogram {
      guard !entry.value.isNaN, entry.count >= 0 else { return nil }
      if entry.count == 0 { continue }
      if entry.value == 0 {
        guard let sum = checkedAdd(nZero, entry.count) else { return nil }
        nZero = sum
        continue
      }
      var cell = groups[abs(entry.value), default: (0, 0)]
      if entry.value > 0 {
        guard let sum = checkedAdd(cell.positive, entry.count) else { return nil }
        cell.positive = sum
      } else {
        guard let sum = checkedAdd(cell.negative, entry.count) else { return nil }
        cell.negative = sum
      }
      groups[abs(entry.value)] = cell
    }
    // Rank the |d| groups; doubled mid-ranks 2·below + t + 1 are integers.
    var below = 0
    var doubledPlus = 0
    var doubledMinus = 0
    var tieCorrection = 0.0
    var hasTies = false
    var allScores: [Int] = []  // doubled rank per observation, only needed for n ≤ 13
    for magnitude in groups.keys.sorted() {
      guard let cell = groups[magnitude], let size = checkedAdd(cell.positive, cell.negative),
        let twiceBelow = checkedMultiply(2, below),
        let sizePlusOne = checkedAdd(size, 1),
        let doubledRank = checkedAdd(twiceBelow, sizePlusOne),
        let plus = checkedMultiply(cell.positive, doubledRank),
        let minus = checkedMultiply(cell.negative, doubledRank),
        let newPlus = checkedAdd(doubledPlus, plus),
        let newMinus = checkedAdd(doubledMinus, minus),
        let newBelow = checkedAdd(below, size)
      else { return nil }
      doubledPlus = newPlus
      doubledMinus = newMinus
      let t = Double(size)
      tieCorrection += t * t * t - t
      if size > 1 { hasTies = true }
      if newBelow <= 13 {
        allScores.append(contentsOf: repeatElement(doubledRank, count: size))
      }
      below = newBelow
    }
    let nNonZero = below
    if nNonZero == 0 && nZero > 0 {
      return WilcoxonResult(
        statistic: 0, rPlus: 0, rMinus: 0, pValue: 1, method: .exact, nNonZero: 0, nZero: nZero, z: nil,
        rankBiserial: nil)
    }
    guard nNonZero > 0, let total = checkedAdd(nNonZero, nZero) else { return nil }
    let rPlus = Double(doubledPlus) / 2
    let rMinus = Double(doubledMinus) / 2
    let statistic = min(rPlus, rMinus)
    let rankBiserial = (rPlus - rMinus) / (rPlus + rMinus)

    let method: WilcoxonMethod
    if total > 50 {
      method = .normal
    } else if !hasTies && nZero == 0 {
      method = .exact
    } else if total <= 13 {
      method = .permutation
    } else {
      method = .normal
    }

    let pValue: Double
    var z: Double? = nil
    switch method {
    case .exact:
      // No ties: ranks are 1…n and W+ is an integer.
      let counts = WilcoxonNullDistribution.subsetSumCounts(scores: Array(1...nNonZero))
      pValue = WilcoxonNullDistribution.twoSidedPValue(
        counts: counts, observed: doubledPlus / 2, subsetCount: nNonZero)
    case .permutation:
      // Sign flips of the zeros change nothing, so their 2^nZero factor cancels.
      let counts = WilcoxonNullDistribution.subsetSumCounts(scores: allScores)
      pValue = WilcoxonNullDistribution.twoSidedPValue(
        counts: counts, observed: doubledPlus, subsetCount: nNonZero)
    case .normal:
      let count = Double(nNonZero)
      let mean = count * (count + 1) * 0.25
      let variance = (count * (count + 1) * (2 * count + 1) - tieCorrection / 2) / 24
      let score = (rPlus - mean) / variance.squareRoot()
      z = score
      pValue = min(1, 2 * Normal.sf(abs(score)))
    }
    return WilcoxonResult(
      statistic: statistic, rPlus: rPlus, rMinus: rMinus, pValue: pValue, method: method,
      nNonZero: nNonZero, nZero: nZero, z: z, rankBiserial: rankBiserial)
  }

  private static func checkedAdd(_ lhs: Int, _ rhs: Int) -> Int? {
    let (value, overflow) = lhs.addingReportingOverflow(rhs)
    return overflow ? nil : value
  }

  private static func checkedMultiply(_ lhs: Int, _ rhs: Int) -> Int? {
    let (value, overflow) = lhs.multipliedReportingOverflow(by: rhs)
    return overflow ? nil : value
  }
}
