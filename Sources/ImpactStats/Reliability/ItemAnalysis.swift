// Reliability and item analysis of a scale from its covariance matrix.
//
// Sources:
// - L. J. Cronbach, "Coefficient alpha and the internal structure of tests",
//   Psychometrika 16 (1951): α = k/(k − 1)·(1 − Σⱼ Cⱼⱼ / Σᵢⱼ Cᵢⱼ).
// - Standardized alpha, alpha if an item is deleted, and the corrected
//   item–total correlation `r.drop` exactly as R `psych::alpha` (Revelle,
//   psych 2.2.9) computes them from the covariance matrix, after reversing
//   the keyed items (`keys`): reversing item j flips the sign of its
//   covariances with the other items and leaves its variance.
// - CI of alpha: L. S. Feldt, "The approximate sampling distribution of
//   Kuder–Richardson reliability coefficient twenty", Psychometrika 30
//   (1965), as `pingouin.cronbach_alpha(ci=…)`:
//     [1 − (1 − α)·F⁻¹(1 − γ/2; n − 1, (n − 1)(k − 1)),  1 − (1 − α)·F⁻¹(γ/2; n − 1, (n − 1)(k − 1))]
//   with γ = 1 − confidence (pingouin rounds the bounds to 3 decimals; we do not).
public import ImpactCore

/// Cronbach's alpha of k items with standardized alpha, a Feldt interval,
/// and per item: alpha if deleted and the corrected item–total correlation.
///
/// ```swift
/// let a = ItemAnalysis(covariance: c, count: 2436, reversed: [true, false, false, false, false])
/// a.alpha           // 0.7037… (psych::alpha(bfi A1–A5, keys = "A1") raw_alpha)
/// a.items[0].rDrop  // 0.3114…
/// ```
public struct ItemAnalysis: Sendable, Equatable {
  /// One item of the scale.
  public struct Item: Sendable, Equatable {
    /// Whether the item was reversed (its direction is "lower is better").
    public var reversed: Bool
    /// Raw alpha of the other k − 1 items (`nil` when k < 3 or undefined).
    public var alphaIfDeleted: Double?
    /// Correlation of the item with the sum of the other items (`r.drop`).
    public var rDrop: Double?
  }

  /// Respondents behind the covariance matrix.
  public var count: Int
  /// Raw alpha, `nil` when k < 2, n < 2 or the total variance is 0.
  public var alpha: Double?
  /// Alpha of the standardized items: k/(k − 1)·(1 − k/ΣR), R the correlations.
  public var standardizedAlpha: Double?
  /// Feldt's interval for alpha at the given confidence (`nil` when alpha is,
  /// or n < 3).
  public var ciLow: Double?
  public var ciHigh: Double?
  public var items: [Item]

  /// Items whose corrected item–total correlation is negative — most often
  /// an item scored in the other direction that the codebook does not
  /// declare (`higher_is_better: false`).
  public var negativelyCorrelated: [Int] {
    items.indices.filter { (items[$0].rDrop ?? 0) < 0 }
  }

  /// - Parameters:
  ///   - covariance: k × k sample covariance matrix of the items as scored.
  ///   - count: respondents behind it (n ≥ 0).
  ///   - reversed: per item, whether it is reverse-keyed (k entries).
  ///   - confidence: level of the Feldt interval, 0 < confidence < 1.
  /// - Complexity: O(k³) for the k alphas-if-deleted.
  public init(covariance: Matrix, count: Int, reversed: [Bool], confidence: Double = 0.95) {
    let k = covariance.rows
    precondition(covariance.columns == k && reversed.count == k, "ItemAnalysis needs a k × k matrix and k keys")
    self.count = count
    var c = [[Double]](repeating: [Double](repeating: 0, count: k), count: k)
    for i in 0..<k {
      for j in 0..<k {
        let sign: Double = reversed[i] == reversed[j] ? 1 : -1
        c[i][j] = sign * covariance[i, j]
      }
    }
    alpha = count >= 2 ? Self.alpha(c, items: Array(0..<k)) : nil
    standardizedAlpha = count >= 2 ? Self.standardizedAlpha(c) : nil
    items = (0..<k).map { j in
      let others = (0..<k).filter { $0 != j }
      let alphaIfDeleted = count >= 2 && k >= 3 ? Self.alpha(c, items: others) : nil
      var rest = 0.0
      var withRest = 0.0
      for a in others {
        withRest += c[j][a]
        for b in others { rest += c[a][b] }
      }
      let denominator = (c[j][j] * rest).squareRoot()
      let rDrop = count >= 2 && k >= 2 && denominator > 0 ? withRest / denominator : nil
      return Item(reversed: reversed[j], alphaIfDeleted: alphaIfDeleted, rDrop: rDrop)
    }
    if let alpha, count >= 3, k >= 2, confidence > 0, confidence < 1 {
      let n1 = Double(count - 1)
      let f = FisherF(d1: n1, d2: n1 * Double(k - 1))
      let gamma = 1 - confidence
      ciLow = 1 - (1 - alpha) * f.inverseSurvival(gamma / 2)
      ciHigh = 1 - (1 - alpha) * f.inverseSurvival(1 - gamma / 2)
    }
  }

  /// Raw alpha of the listed items, `nil` for fewer than 2 items or a total
  /// variance ≤ 0.
  static func alpha(_ c: [[Double]], items: [Int]) -> Double? {
    let k = items.count
    guard k >= 2 else { return nil }
    var trace = 0.0
    var total = 0.0
    for i in items {
      trace += c[i][i]
      for j in items { total += c[i][j] }
    }
    guard total > 0 else { return nil }
    return Double(k) / Double(k - 1) * (1 - trace / total)
  }

  /// k/(k − 1)·(1 − k/ΣR), `nil` when an item has no variance.
  static func standardizedAlpha(_ c: [[Double]]) -> Double? {
    let k = c.count
    guard k >= 2 else { return nil }
    var sum = 0.0
    for i in 0..<k {
      for j in 0..<k {
        let d = (c[i][i] * c[j][j]).squareRoot()
        guard d > 0 else { return nil }
        sum += i == j ? 1 : c[i][j] / d
      }
    }
    guard sum > 0 else { return nil }
    return Double(k) / Double(k - 1) * (1 - Double(k) / sum)
  }
}
