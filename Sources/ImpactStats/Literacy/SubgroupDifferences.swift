// Do gains differ between subgroups? For one `--by` column: per indicator
// and for the composite, Welch's ANOVA and Kruskal–Wallis on the
// direction-adjusted changes d = post − pre of the complete pairs of each
// group, with Holm's adjustment across the indicators (not the composite).
//
// Both tests are computed from each group's accumulator — its moments of d
// and its exact histogram of d — so they follow from any merge of shards.

/// The subgroup difference tests of one indicator (or the composite).
public struct SubgroupDifference: Sendable, Equatable {
  /// Indicator id, or "composite".
  public var indicator: String
  /// Groups with at least one complete pair.
  public var groups: Int
  public var welch: WelchANOVA
  public var kruskal: KruskalWallis
  /// Holm-adjusted p-values across the indicators of this column (`nil` for
  /// the composite).
  public var welchPHolm: Double?
  public var kruskalPHolm: Double?
}

/// The tests for one `--by` column.
public struct SubgroupDifferences: Sendable, Equatable {
  public var column: String
  public var indicators: [SubgroupDifference]
  public var composite: SubgroupDifference?

  /// - Parameters:
  ///   - column: the `--by` column.
  ///   - groups: the accumulators of its groups (any order).
  /// - Complexity: O(groups × (indicators + distinct differences)).
  public init(column: String, groups: [LiteracyAccumulator]) {
    self.column = column
    guard let first = groups.first else {
      indicators = []
      composite = nil
      return
    }
    let design = first.design
    var rows: [SubgroupDifference] = design.indicators.indices.map { j in
      let d = design.indicators[j]
      return Self.test(
        indicator: d.id, sign: d.higherIsBetter ? 1 : -1, groups.map { $0.indicators[j] })
    }
    let welchHolm = MultipleComparisons.holm(rows.map(\.welch.pValue))
    let kruskalHolm = MultipleComparisons.holm(rows.map(\.kruskal.pValue))
    for j in rows.indices {
      rows[j].welchPHolm = welchHolm[j]
      rows[j].kruskalPHolm = kruskalHolm[j]
    }
    indicators = rows
    let composites = groups.compactMap(\.composite)
    composite = composites.count == groups.count ? Self.test(indicator: "composite", sign: 1, composites) : nil
  }

  static func test(indicator: String, sign: Double, _ accumulators: [PairedAccumulator]) -> SubgroupDifference {
    var summaries: [WelchANOVA.Group] = []
    var tables: [[(value: Double, count: Int)]] = []
    for a in accumulators where a.pairs > 0 {
      let m = a.moments
      if let mean = m.meanDifference {
        summaries.append(.init(count: m.n, mean: sign * mean, variance: m.varianceDifference ?? 0))
      }
      tables.append(a.differenceHistogram.map { (value: sign * $0.value, count: $0.count) })
    }
    return SubgroupDifference(
      indicator: indicator, groups: tables.count, welch: WelchANOVA(summaries), kruskal: KruskalWallis(groups: tables))
  }
}
