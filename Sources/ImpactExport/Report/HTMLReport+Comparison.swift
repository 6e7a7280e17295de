import ImpactStats

extension HTMLReport {
  /// With a comparison group: cards with the composite's difference in
  /// differences and ANCOVA effect (cluster-robust when clustered), and notes
  /// on baseline equivalence and attrition by arm. (Whether gains differ
  /// between `--by` groups is in the subgroup sections, HTMLReport+Subgroups.)
  static func comparisonParts(_ report: LiteracyReport) -> (cards: [[String: Any]], notes: [String]) {
    var cards: [[String: Any]] = []
    var notes: [String] = []
    let conf = Int((report.overall.confidence * 100).rounded())
    if let cmp = report.comparison, let c = cmp.composite {
      func detail(_ t: CoefficientTest, _ what: String) -> String {
        "\(conf)% CI [\(Format.fixed(t.ciLow, 1)), \(Format.fixed(t.ciHigh, 1))] points, \(what); p \(Format.p(t.pValue))"
      }
      if let d = c.didCluster ?? c.did {
        cards.append(
          card(
            "Difference in differences 双重差分 (\(cmp.treated) vs comparison)", Format.signed(d.estimate, 1),
            detail(d, c.didCluster == nil ? "Welch" : "cluster-robust (CR1)")))
      }
      if let a = c.ancovaCluster ?? c.ancova {
        cards.append(
          card(
            "ANCOVA treatment effect 协方差调整效应", Format.signed(a.estimate, 1),
            detail(a, c.ancovaCluster == nil ? "classical errors" : "cluster-robust (CR1)")))
      }
      var note =
        "Comparison group: \(cmp.group) = \(cmp.treated) (\(Format.int(c.nTreated)) complete pairs) vs the other values (\(Format.int(c.nComparison)))."
      if let g = c.baselineG {
        note += " Baseline difference (Hedges' g) \(Format.fixed(g, 3)): \(c.baselineEquivalence ?? "–") (WWC bands)."
      }
      if let t = c.attritionTreated, let k = c.attritionComparison {
        note +=
          " Attrition of the composite sample: \(Format.fixed(100 * t, 1))% in the program group, \(Format.fixed(100 * k, 1))% in the comparison group."
      }
      notes.append(note)
    }
    return (cards, notes)
  }
}
