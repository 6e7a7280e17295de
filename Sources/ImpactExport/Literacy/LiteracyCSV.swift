import ImpactStats

/// `literacy_indicators.csv`: one row per indicator, then `composite`; with
/// `--by`, the same rows again per group (columns `group_by`, `group`).
public enum LiteracyCSV {
  /// Column names, in order: the keys of the specification, then the extras.
  public static let columns = [
    "indicator", "label", "n_pairs", "n_excluded", "mean_pre", "mean_post", "sd_pre", "sd_post", "mean_diff", "sd_diff",
    "pct_change", "t", "df", "p_value", "ci_low", "ci_high", "cohens_dz", "hedges_gav", "wilcoxon_w", "wilcoxon_p",
    "rank_biserial", "share_improved", "share_unchanged", "share_declined", "p_holm", "p_bh",
    "n_pre", "n_post", "n_zero", "pct_change_ci_low", "pct_change_ci_high", "share_pass_pre", "share_pass_post",
    "mcnemar_p", "wilcoxon_method", "higher_is_better", "note", "cohens_dz_ci_low", "cohens_dz_ci_high",
  ]

  public static func render(_ report: LiteracyReport) -> String {
    let grouped = !report.groups.isEmpty
    let cmp = report.comparison
    let weighted = report.overall.surveyDesign != nil
    var w = CSVWriter(
      header: (grouped ? ["group_by", "group"] : []) + columns
        + (cmp.map { ComparisonOutput.csvColumns + ComparisonOutput.interactionColumns($0) } ?? [])
        + (weighted ? SurveyDesignOutput.columns : []))
    func emit(_ result: LiteracyResult, by: String?, group: String?) {
      for r in result.indicators + (result.composite.map { [$0] } ?? []) {
        var row = (grouped ? [.text(by ?? ""), .text(group ?? "all")] : []) + cells(r)
        if let cmp {
          // Comparison figures belong to the overall rows only.
          let c =
            group == nil
            ? (cmp.indicators + (cmp.composite.map { [$0] } ?? [])).first { $0.indicator == r.indicator } : nil
          row += ComparisonOutput.cells(c) + ComparisonOutput.interactionCells(cmp, indicator: c?.indicator)
        }
        if weighted { row += SurveyDesignOutput.cells(r.survey) }
        w.appendRow(row)
      }
    }
    emit(report.overall, by: nil, group: nil)
    for g in report.groups { emit(g.result, by: g.column, group: g.value) }
    return w.text
  }

  static func cells(_ r: IndicatorResult) -> [CSVWriter.Cell] {
    [
      .text(r.indicator), .text(r.label), .int(r.nPairs), .int(r.nExcluded), .number(r.meanPre), .number(r.meanPost),
      .number(r.sdPre), .number(r.sdPost), .number(r.meanDiff), .number(r.sdDiff), .number(r.pctChange), .number(r.t),
      .number(r.df), .number(r.pValue), .number(r.ciLow), .number(r.ciHigh), .number(r.cohensDz), .number(r.hedgesGav),
      .number(r.wilcoxonW), .number(r.wilcoxonP), .number(r.rankBiserial), .number(r.shareImproved),
      .number(r.shareUnchanged), .number(r.shareDeclined), .number(r.pHolm), .number(r.pBH),
      .int(r.nPre), .int(r.nPost), .int(r.nZero), .number(r.pctChangeCILow), .number(r.pctChangeCIHigh),
      .number(r.sharePassPre), .number(r.sharePassPost), .number(r.mcnemarP), .text(r.wilcoxonMethod),
      .bool(r.higherIsBetter), .text(r.note), .number(r.cohensDzCILow), .number(r.cohensDzCIHigh),
    ]
  }
}
