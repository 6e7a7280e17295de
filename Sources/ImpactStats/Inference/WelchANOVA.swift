// Welch's heteroscedastic one-way ANOVA from group summaries.
//
// Source: B. L. Welch, "On the comparison of several mean values: an
// alternative approach", Biometrika 38 (1951); the computation of
// `pingouin.welch_anova` (pingouin 0.5) and R `oneway.test(var.equal = FALSE)`:
//   wᵢ = nᵢ/sᵢ²,  m̃ = Σwᵢmᵢ/Σwᵢ,  MS_b = Σwᵢ(mᵢ − m̃)²/(r − 1)
//   λ = 3·Σ(1 − wᵢ/Σw)²/(nᵢ − 1) / (r² − 1)
//   F = MS_b / (1 + 2λ(r − 2)/3),  df₁ = r − 1,  df₂ = 1/λ,  p = P(F_{df₁,df₂} > F)

/// The result of Welch's ANOVA, or why there is none.
public struct WelchANOVA: Sendable, Equatable {
  /// One group's summary: size, mean and sample variance (denominator n − 1).
  public struct Group: Sendable, Equatable {
    public var count: Int
    public var mean: Double
    public var variance: Double

    public init(count: Int, mean: Double, variance: Double) {
      self.count = count
      self.mean = mean
      self.variance = variance
    }
  }

  public var f: Double?
  public var df1: Double?
  public var df2: Double?
  public var pValue: Double?
  /// Groups that entered the test (n ≥ 2).
  public var groups: Int
  /// Why there is no result (`nil` when there is one).
  public var reason: String?

  /// Welch's F over the groups with n ≥ 2 (smaller groups have no variance
  /// and are left out, as R's `oneway.test` cannot use them either).
  ///
  /// - Returns: the test, or nulls with a reason when fewer than 2 groups
  ///   have n ≥ 2, or a group's variance is 0 (its weight nᵢ/sᵢ² is infinite).
  /// - Complexity: O(r).
  public init(_ all: [Group]) {
    let groups = all.filter { $0.count >= 2 }
    self.groups = groups.count
    guard groups.count >= 2 else {
      reason = "fewer than 2 groups with at least 2 respondents"
      return
    }
    guard groups.allSatisfy({ $0.variance > 0 && $0.variance.isFinite && $0.mean.isFinite }) else {
      reason = "a group's change has no variance (every respondent changed by the same amount)"
      return
    }
    let r = Double(groups.count)
    let weights = groups.map { Double($0.count) / $0.variance }
    let totalWeight = weights.reduce(0, +)
    var weightedMean = 0.0
    for (w, g) in zip(weights, groups) { weightedMean += w * g.mean }
    weightedMean /= totalWeight
    var between = 0.0
    var lambda = 0.0
    for (w, g) in zip(weights, groups) {
      between += w * (g.mean - weightedMean) * (g.mean - weightedMean)
      let share = 1 - w / totalWeight
      lambda += share * share / Double(g.count - 1)
    }
    lambda = 3 * lambda / (r * r - 1)
    let msBetween = between / (r - 1)
    let fValue = msBetween / (1 + 2 * lambda * (r - 2) / 3)
    df1 = r - 1
    df2 = 1 / lambda
    f = fValue
    if let df1, let df2, df2 > 0, df2.isFinite, fValue.isFinite {
      pValue = FisherF(d1: df1, d2: df2).sf(fValue)
    } else {
      reason = "the degrees of freedom are undefined"
      pValue = nil
    }
  }
}
