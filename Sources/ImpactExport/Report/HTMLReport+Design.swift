import ImpactReportModel
import ImpactStats

extension HTMLReport {
  /// With a survey design: a card with the design-based composite change and
  /// a note on what the design held and what stays unweighted.
  static func designParts(_ r: LiteracyResult, _ L: Localizer = Localizer(.en)) -> (
    cards: [[String: Any]], notes: [String]
  ) {
    guard let design = r.surveyDesign else { return ([], []) }
    var cards: [[String: Any]] = []
    let conf = String(Int((r.confidence * 100).rounded()))
    if let s = r.composite?.survey, let d = s.meanDiff {
      let detail = L.each { L in
        var detail = L.html(.weightedCI, conf, Format.optional(s.ciLow, 1), Format.optional(s.ciHigh, 1))
        if let df = s.df { detail += L.html(.weightedDF, String(Int(df))) }
        if let deff = s.deff { detail += L.html(.weightedDeff, Format.fixed(deff, 2)) }
        return detail + L.html(.weightedP, Format.p(s.pValue))
      }
      cards.append(card(L.html(.cardWeightedComposite), Format.signed(d, 1), detail))
    }
    let strata = design.strata.values
    let psus = strata.reduce(0) { $0 + $1.psuCount }
    let single = design.strata.filter { $0.value.psuCount == 1 }.count
    let unit = design.clustered ? MessageKey.unitClusters.message : MessageKey.unitRespondentPSUs.message
    let note = L.each { L in
      var note = L.html(
        .designNote,
        words: [
          .same(Format.int(design.respondents)), .same(String(strata.count)), .same(Format.int(psus)), unit,
        ])
      if single > 0 { note += L.html(.singlePSUStrata, String(single)) }
      note += L.html(.designNoteTail)
      if design.weightChanges > 0 { note += L.html(.weightChanges, Format.int(design.weightChanges)) }
      return note
    }
    return (cards, [note])
  }

  /// With a survey design and `--by`: a compact table of the weighted
  /// composite per group — domain estimates on the full design (as R
  /// `svyby`; the t test as `svyttest` on the group's subset, df =
  /// degf(subset) − 1). Empty without a design, groups or a composite.
  static func designGroupsTable(
    _ r: LiteracyResult, groups: [LiteracyGroupResult], _ L: Localizer = Localizer(.en)
  ) -> String {
    guard r.surveyDesign != nil else { return "" }
    let rows = groups.compactMap { g in g.result.composite?.survey.map { (g, $0) } }
    guard !rows.isEmpty else { return "" }
    let conf = String(Int((r.confidence * 100).rounded()))
    func cell(_ s: String, left: Bool = false) -> String { "<td\(left ? " class=\"l\"" : "")>\(escapeXML(s))</td>" }
    let changeHeader = L.html(.thChange) + " [" + L.html(.ciLabel, conf) + "]"
    var html =
      "<h3>\(L.html(.designGroupsTitle))</h3>\n<div class=\"table-wrap\"><table>\n<tr><th class=\"l\">\(L.html(.thGroup))</th>"
      + "<th>\(L.html(.thPairs))</th><th>\(L.html(.thWeightedPrePost))</th><th>\(changeHeader)</th><th>df</th>"
      + "<th>p</th><th>% \(L.html(.thChange))</th><th>\(L.html(.thDeff))</th></tr>\n"
    for (g, s) in rows {
      let change =
        s.meanDiff.map { d in
          Format.signed(d, 1)
            + (s.ciLow != nil ? " [\(Format.optional(s.ciLow, 1)), \(Format.optional(s.ciHigh, 1))]" : "")
        } ?? "–"
      html +=
        "<tr>" + cell("\(g.column) = \(g.value)", left: true) + cell(Format.int(s.nPairs))
        + cell("\(Format.optional(s.meanPre, 1)) → \(Format.optional(s.meanPost, 1))") + cell(change)
        + cell(s.df.map { "\(Int($0))" } ?? "–") + cell(Format.p(s.pValue))
        + cell(s.pctChange.map(Format.signedPercent) ?? "–") + cell(Format.optional(s.deff, 2)) + "</tr>\n"
    }
    html += "</table></div>\n<p class=\"meta\">\(L.html(.designGroupsNote))</p>\n"
    return html
  }
}
