import ImpactStats

extension HTMLReport {
  /// With a comparison group: cards with the composite's difference in
  /// differences and ANCOVA effect (cluster-robust when clustered; the effect
  /// also as Hedges' g), and notes on baseline equivalence and attrition by
  /// arm. With `--by` columns: a note per column on whether the composite's
  /// gains differ between groups, and whether the program effect does (the
  /// ANCOVA's treated × group interaction).
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
        var text = detail(a, c.ancovaCluster == nil ? "classical errors" : "cluster-robust (CR1)")
        if let g = c.ancovaG, let lo = c.ancovaGLow, let hi = c.ancovaGHigh {
          text +=
            "; Hedges' g \(Format.fixed(g, 2)) [\(Format.fixed(lo, 2)), \(Format.fixed(hi, 2))] (WWC, classical interval)"
        }
        cards.append(card("ANCOVA treatment effect 协方差调整效应", Format.signed(a.estimate, 1), text))
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
      for i in cmp.interactions {
        guard let t = i.composite else { continue }
        var text =
          "Does the program effect on the composite differ by \(i.column)? (ANCOVA treated × \(i.column) interaction, \(t.groups) groups)"
        if let f = t.cluster ?? t.classical {
          text +=
            " F(\(Int(f.df1)), \(Int(f.df2))) = \(Format.fixed(f.f, 2)), p \(Format.p(f.pValue)), \(t.cluster == nil ? "classical errors" : "cluster-robust (CR1)")."
        } else {
          text +=
            " Not tested: \(t.reasons[cmp.cluster == nil ? "classical" : "cluster"] ?? t.reasons["classical"] ?? "undefined")."
        }
        notes.append(text)
      }
    }
    for s in report.subgroupTests {
      guard let c = s.composite else { continue }
      var text = "Do the composite's gains differ by \(s.column)? (\(c.groups) groups)"
      if let f = c.welch.f, let d1 = c.welch.df1, let d2 = c.welch.df2 {
        text +=
          " Welch's ANOVA F(\(Int(d1)), \(Format.fixed(d2, 1))) = \(Format.fixed(f, 2)), p \(Format.p(c.welch.pValue));"
      } else if let reason = c.welch.reason {
        text += " Welch's ANOVA: \(reason);"
      }
      if let h = c.kruskal.h, let df = c.kruskal.df {
        text += " Kruskal–Wallis H(\(Int(df))) = \(Format.fixed(h, 2)), p \(Format.p(c.kruskal.pValue))."
      } else if let reason = c.kruskal.reason {
        text += " Kruskal–Wallis: \(reason)."
      }
      let differing = s.indicators.filter { ($0.welchPHolm ?? 1) < 1 - report.overall.confidence }.map(\.indicator)
      text +=
        differing.isEmpty
        ? " No indicator's gain differs between the groups after Holm's adjustment."
        : " Indicators whose gains differ (Welch, Holm p < \(Format.fixed(1 - report.overall.confidence, 2))): \(differing.joined(separator: ", "))."
      notes.append(text)
    }
    return (cards, notes)
  }
}
