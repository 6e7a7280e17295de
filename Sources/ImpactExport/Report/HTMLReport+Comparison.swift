import ImpactReportModel
import ImpactStats

extension HTMLReport {
  /// With a comparison group: cards with the composite's difference in
  /// differences and ANCOVA effect (cluster-robust when clustered; the effect
  /// also as Hedges' g), and notes
  /// on baseline equivalence and attrition by arm; per `--by` column, whether
  /// the program effect differs between groups (the ANCOVA's treated × group
  /// interaction). (Whether gains differ
  /// between `--by` groups is in the subgroup sections, HTMLReport+Subgroups.)
  static func comparisonParts(_ report: LiteracyReport, _ L: Localizer = Localizer(.en)) -> (
    cards: [[String: Any]], notes: [String]
  ) {
    var cards: [[String: Any]] = []
    var notes: [String] = []
    let conf = String(Int((report.overall.confidence * 100).rounded()))
    if let cmp = report.comparison, let c = cmp.composite {
      func detail(_ t: CoefficientTest, _ errors: MessageKey) -> String {
        L.html(
          .comparisonDetail,
          words: [
            .same(conf), .same(Format.fixed(t.ciLow, 1)), .same(Format.fixed(t.ciHigh, 1)), errors.message,
            .same(Format.p(t.pValue)),
          ])
      }
      if let d = c.didCluster ?? c.did {
        cards.append(
          card(
            L.html(.cardDid, cmp.treated), Format.signed(d.estimate, 1),
            detail(d, c.didCluster == nil ? .errorsWelch : .errorsClusterRobust)))
      }
      if let a = c.ancovaCluster ?? c.ancova {
        cards.append(
          card(
            L.html(.cardAncova), Format.signed(a.estimate, 1),
            detail(a, c.ancovaCluster == nil ? .errorsClassical : .errorsClusterRobust)
              + (c.ancovaG.flatMap { g in
                c.ancovaGLow.flatMap { lo in
                  c.ancovaGHigh.map { hi in
                    L.html(.ancovaHedgesG, Format.fixed(g, 2), Format.fixed(lo, 2), Format.fixed(hi, 2))
                  }
                }
              } ?? "")))
      }
      let equivalence: [String: MessageKey] = [
        "satisfied": .equivalenceSatisfied, "requires statistical adjustment": .equivalenceAdjust,
        "not satisfied": .equivalenceNotSatisfied,
      ]
      notes.append(
        L.each { L in
          var note = L.html(
            .comparisonNote, cmp.group, cmp.treated, Format.int(c.nTreated), Format.int(c.nComparison))
          if let g = c.baselineG {
            let band = c.baselineEquivalence.map { e in equivalence[e].map(\.message) ?? .same(e) } ?? .same("–")
            note += L.html(.comparisonBaseline, words: [.same(Format.fixed(g, 3)), band])
          }
          if let t = c.attritionTreated, let k = c.attritionComparison {
            note += L.html(.comparisonAttrition, Format.fixed(100 * t, 1), Format.fixed(100 * k, 1))
          }
          return note
        })
      for i in cmp.interactions {
        guard let t = i.composite else { continue }
        // Question and answer per language, so with both the English
        // sentence follows the Chinese one as a whole.
        notes.append(
          L.each { L in
            var text = L.html(.interactionQuestion, i.column, String(t.groups))
            if let f = t.cluster ?? t.classical {
              text += L.html(
                .interactionF,
                words: [
                  .same(String(Int(f.df1))), .same(String(Int(f.df2))), .same(Format.fixed(f.f, 2)),
                  .same(Format.p(f.pValue)),
                  (t.cluster == nil ? MessageKey.errorsClassical : .errorsClusterRobust).message,
                ])
            } else {
              let reason =
                t.reasons[cmp.cluster == nil ? "classical" : "cluster"] ?? t.reasons["classical"] ?? "undefined"
              text += L.html(.interactionNotTested, reason)
            }
            return text
          })
      }
    }
    return (cards, notes)
  }
}
