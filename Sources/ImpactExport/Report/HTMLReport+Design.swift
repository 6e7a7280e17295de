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
}
