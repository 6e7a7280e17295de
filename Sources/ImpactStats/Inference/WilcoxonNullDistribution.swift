// Exact null distribution of the signed-rank sum by subset-sum counting.
//
// Source: under H0 every non-zero difference is positive or negative with
// probability ½ independently, so W+ is the sum of a uniformly random subset
// of the rank scores. The counts are built by the classic dynamic programme
// (F. Wilcoxon 1945; the same recursion as scipy `_get_wilcoxon_distr`), here
// in exact UInt64 integers instead of probabilities, so tail sums are exact
// and tiny p-values keep full precision (scipy forms the upper tail as
// 1 − cdf and loses it).

/// Exact subset-sum counts for signed-rank statistics.
enum WilcoxonNullDistribution {
  /// counts[s] = #{subsets S of the scores : Σ_{i∈S} scoreᵢ = s}, s = 0…Σ scores.
  ///
  /// ```
  /// c₀ = [1];  c_k[s] = c_(k−1)[s] + c_(k−1)[s − score_k]
  /// ```
  /// - Parameter scores: positive integer scores (ranks, or doubled mid-ranks);
  ///   at most 62 of them so that 2^n fits UInt64 (precondition).
  /// - Complexity: O(n · Σ scores) time, O(Σ scores) memory.
  static func subsetSumCounts(scores: [Int]) -> [UInt64] {
    precondition(scores.count <= 62, "at most 62 scores")
    let total = scores.reduce(0, +)
    var counts = [UInt64](repeating: 0, count: total + 1)
    counts[0] = 1
    var reach = 0
    for score in scores {
      precondition(score > 0, "scores must be positive")
      reach += score
      var s = reach
      while s >= score {
        counts[s] &+= counts[s - score]
        s -= 1
      }
    }
    return counts
  }

  /// Two-sided p-value min(1, 2·min(P(W ≤ w), P(W ≥ w))) with w = `observed`.
  ///
  /// ```
  /// p = min(1, 2·min(Σ_{s≤w} c[s], Σ_{s≥w} c[s]) / 2ⁿ)
  /// ```
  /// Exact up to a single final rounding (the count is < 2⁵³ and the division
  /// by 2ⁿ is exact).
  /// - Complexity: O(Σ scores).
  static func twoSidedPValue(counts: [UInt64], observed: Int, subsetCount n: Int) -> Double {
    var lower: UInt64 = 0
    var upper: UInt64 = 0
    for (sum, count) in counts.enumerated() {
      if sum <= observed { lower += count }
      if sum >= observed { upper += count }
    }
    let smaller = Double(min(lower, upper))
    let p = Double(sign: .plus, exponent: 1 - n, significand: smaller)
    return min(1, p)
  }
}
