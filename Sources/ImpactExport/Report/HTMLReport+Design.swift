import ImpactStats

extension HTMLReport {
  /// With a survey design: a card with the design-based composite change and
  /// a note on what the design held and what stays unweighted.
  static func designParts(_ r: LiteracyResult) -> (cards: [[String: Any]], notes: [String]) {
    guard let design = r.surveyDesign else { return ([], []) }
    var cards: [[String: Any]] = []
    let conf = Int((r.confidence * 100).rounded())
    if let s = r.composite?.survey, let d = s.meanDiff {
      var detail = "\(conf)% CI [\(Format.optional(s.ciLow, 1)), \(Format.optional(s.ciHigh, 1))] points"
      if let df = s.df { detail += ", df \(Int(df))" }
      if let deff = s.deff { detail += ", deff \(Format.fixed(deff, 2))" }
      detail += "; p \(Format.p(s.pValue))"
      cards.append(card("Weighted composite change 加权综合得分变化", Format.signed(d, 1), detail))
    }
    let strata = design.strata.values
    let psus = strata.reduce(0) { $0 + $1.psuCount }
    let single = design.strata.filter { $0.value.psuCount == 1 }.count
    let unit = design.clustered ? "clusters" : "respondents as PSUs"
    var note =
      "Survey design: \(Format.int(design.respondents)) respondents, \(strata.count) strata, \(Format.int(psus)) \(unit)"
    if single > 0 { note += " (\(single) single-PSU strata, survey.lonely.psu = \"adjust\")" }
    note +=
      ". Weighted figures (Taylor linearization, as R survey) are the w_* columns; the table above and the rank tests are unweighted."
    if design.weightChanges > 0 {
      note += " \(Format.int(design.weightChanges)) respondents' endline weight differs; the baseline weight is used."
    }
    return (cards, [note])
  }

  /// With a survey design and `--by`: a compact table of the weighted
  /// composite per group — domain estimates on the full design (as R
  /// `svyby`; the t test as `svyttest` on the group's subset, df =
  /// degf(subset) − 1). Empty without a design, groups or a composite.
  static func designGroupsTable(_ r: LiteracyResult, groups: [LiteracyGroupResult]) -> String {
    guard r.surveyDesign != nil else { return "" }
    let rows = groups.compactMap { g in g.result.composite?.survey.map { (g, $0) } }
    guard !rows.isEmpty else { return "" }
    let conf = Int((r.confidence * 100).rounded())
    func cell(_ s: String, left: Bool = false) -> String { "<td\(left ? " class=\"l\"" : "")>\(escapeXML(s))</td>" }
    var html =
      "<h3>Weighted composite per group 分组加权综合得分</h3>\n<div class=\"table-wrap\"><table>\n<tr><th class=\"l\">group</th><th>n pairs</th><th>weighted pre → post</th><th>change [\(conf)% CI]</th><th>df</th><th>p</th><th>% change</th><th>deff</th></tr>\n"
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
    html +=
      "</table></div>\n<p class=\"meta\">Each group is a domain of the full design (R survey: svyby; the t test as svyttest on the group's subset, df = the group's PSUs − strata − 1). Per indicator: the w_* columns of the group rows and the groups' design blocks.</p>\n"
    return html
  }
}
