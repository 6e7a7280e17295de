// The Kruskal–Wallis H test from per-group frequency tables.
//
// Source: W. H. Kruskal & W. A. Wallis, "Use of ranks in one-criterion
// variance analysis", JASA 47 (1952); the computation of
// `scipy.stats.kruskal` (tie-corrected H, χ² with r − 1 df):
//   H = 12/(N(N+1)) · Σᵢ nᵢ(R̄ᵢ − (N+1)/2)²  /  (1 − Σ(t³ − t)/(N³ − N))
// with mid-ranks for ties. The centred form (instead of SciPy's
// 12/(N(N+1))·ΣRᵢ²/nᵢ − 3(N+1)) avoids the cancellation of two numbers of
// size N at large N; centred mid-ranks are half-integers, so the rank sums
// are exact in doubles while they stay below 2⁵³ (N up to ≈ 10⁸).

/// The Kruskal–Wallis test of r groups, or why there is none.
public struct KruskalWallis: Sendable, Equatable {
  /// H, tie-corrected.
  public var h: Double?
  public var df: Double?
  public var pValue: Double?
  /// Groups with at least one value.
  public var groups: Int
  public var reason: String?

  /// - Parameter groups: per group, its values with their counts (any order;
  ///   the values of all groups are compared as doubles).
  /// - Returns: the test; nulls with a reason when fewer than 2 groups have
  ///   values or all values are equal.
  /// - Complexity: O(V log V) for V distinct values.
  public init(groups: [[(value: Double, count: Int)]]) {
    let nonEmpty = groups.filter { g in g.contains { $0.count > 0 } }
    self.groups = nonEmpty.count
    guard nonEmpty.count >= 2 else {
      reason = "fewer than 2 groups with values"
      return
    }
    // Totals per distinct value across groups.
    var totals: [Double: Int] = [:]
    for g in nonEmpty { for e in g where e.count > 0 { totals[e.value, default: 0] += e.count } }
    let values = totals.keys.sorted()
    let n = values.reduce(0) { $0 + (totals[$1] ?? 0) }
    let bigN = Double(n)
    // Twice the centred mid-rank of each value: 2·(rank − (N+1)/2), an integer.
    var centred: [Double: Double] = [:]
    var below = 0
    var ties = 0.0
    for v in values {
      let t = totals[v] ?? 0
      // Mid-rank = below + (t + 1)/2 → 2·(mid − (N+1)/2) = 2·below + t − N.
      centred[v] = Double(2 * below + t - n)
      let tt = Double(t)
      ties += tt * tt * tt - tt
      below += t
    }
    let correction = 1 - ties / (bigN * bigN * bigN - bigN)
    guard correction > 0 else {
      reason = "all values are equal"
      return
    }
    var sum = 0.0
    for g in nonEmpty {
      var rankSum = 0.0  // Σ 2·(rank − (N+1)/2) over the group
      var count = 0
      for e in g where e.count > 0 {
        rankSum += Double(e.count) * (centred[e.value] ?? 0)
        count += e.count
      }
      // nᵢ·(R̄ᵢ − (N+1)/2)² = (Σ 2c)²/(4nᵢ)
      sum += rankSum * rankSum / (4 * Double(count))
    }
    let hValue = 12 / (bigN * (bigN + 1)) * sum / correction
    h = hValue
    df = Double(nonEmpty.count - 1)
    pValue = ChiSquared.sf(hValue, degreesOfFreedom: Double(nonEmpty.count - 1))
  }
}
