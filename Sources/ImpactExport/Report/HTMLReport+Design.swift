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
}
