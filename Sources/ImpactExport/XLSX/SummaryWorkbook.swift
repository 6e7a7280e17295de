// `impact_summary.xlsx`: the tables of the CSV summaries, one sheet each,
// built from the very cells the CSV writers print (LiteracyCSV.cells,
// ReachCSV.cells), so the workbook and the CSV files hold the same figures.
import ImpactStats

/// The sheets of `impact_summary.xlsx`.
public enum SummaryWorkbook {
  /// The file name.
  public static let fileName = "impact_summary.xlsx"

  /// Sheets for one literacy report: Indicators, Composite, Attrition,
  /// Attrition by indicator, and Comparison with a comparison group (with
  /// `--by`, also the `treated_x_<column>_*` interaction columns of the CSV).
  /// `prefix` tells surveys apart in `impact run` ("1 Indicators").
  public static func literacySheets(_ report: LiteracyReport, prefix: String = "") -> [XLSXSheet] {
    let grouped = !report.groups.isEmpty
    let header = (grouped ? ["group_by", "group"] : []) + LiteracyCSV.columns
    var indicators: [[CSVWriter.Cell]] = []
    var composite: [[CSVWriter.Cell]] = []
    func emit(_ result: LiteracyResult, by: String?, group: String?) {
      let lead: [CSVWriter.Cell] = grouped ? [.text(by ?? ""), .text(group ?? "all")] : []
      for r in result.indicators { indicators.append(lead + LiteracyCSV.cells(r)) }
      if let c = result.composite { composite.append(lead + LiteracyCSV.cells(c)) }
    }
    emit(report.overall, by: nil, group: nil)
    for g in report.groups { emit(g.result, by: g.column, group: g.value) }
    var sheets = [
      XLSXSheet(name: prefix + "Indicators", header: header, rows: indicators),
      XLSXSheet(name: prefix + "Composite", header: header, rows: composite),
      XLSXSheet(name: prefix + "Attrition", header: ["figure", "value"], rows: attritionRows(report.overall)),
      XLSXSheet(
        name: prefix + "Attrition by indicator", header: attritionColumns,
        rows: attritionByIndicator(report.overall, design: report.design, exclusions: report.exclusions)),
    ]
    if let c = report.comparison {
      // The comparison-group columns of the CSV, one row per indicator and the composite.
      let rows = (c.indicators + (c.composite.map { [$0] } ?? [])).map {
        [CSVWriter.Cell.text($0.indicator)] + ComparisonOutput.cells($0)
          + ComparisonOutput.interactionCells(c, indicator: $0.indicator)
      }
      sheets.append(
        XLSXSheet(
          name: prefix + "Comparison",
          header: ["indicator"] + ComparisonOutput.csvColumns + ComparisonOutput.interactionColumns(c), rows: rows))
    }
    return sheets
  }

  /// Sheets for a reach report: Reach by period, Reach by group with `--by`,
  /// and with the volunteer figures Volunteers by period and Cohorts (the
  /// cells of reach_volunteers_by_period.csv and reach_cohorts.csv).
  public static func reachSheets(_ report: ReachReport) -> [XLSXSheet] {
    var sheets = [
      XLSXSheet(
        name: "Reach by period", header: ReachCSV.columns,
        rows: report.overall.periods.map { ReachCSV.cells($0, teams: true) })
    ]
    if !report.groups.isEmpty {
      var rows: [[CSVWriter.Cell]] = []
      for g in report.groups {
        for r in g.result.periods { rows.append([.text(g.column), .text(g.value)] + ReachCSV.cells(r, teams: false)) }
      }
      sheets.append(XLSXSheet(name: "Reach by group", header: ["group_by", "group"] + ReachCSV.columns, rows: rows))
    }
    if let f = report.volunteers {
      sheets.append(
        XLSXSheet(
          name: "Volunteers by period", header: ReachVolunteerCSV.columns(f),
          rows: f.periods.map { ReachVolunteerCSV.cells($0, f) }))
      sheets.append(
        XLSXSheet(name: "Cohorts", header: ReachVolunteerCSV.cohortColumns, rows: ReachVolunteerCSV.cohortRows(f)))
    }
    return sheets
  }

  /// The workbook's bytes for these sheets.
  public static func render(_ sheets: [XLSXSheet]) throws(ExportError) -> [UInt8] {
    try XLSXWriter.workbook(sheets)
  }

  /// Whole-population counts, as in the JSON's `attrition` block.
  static func attritionRows(_ r: LiteracyResult) -> [[CSVWriter.Cell]] {
    let c = r.counts
    let started = c.matched + c.onlyPre
    let figures: [(String, CSVWriter.Cell)] = [
      ("matched", .int(c.matched)), ("only_pre", .int(c.onlyPre)), ("only_post", .int(c.onlyPost)),
      ("attrition_rate", .number(started > 0 ? Double(c.onlyPre) / Double(started) : nil)),
      ("rows_pre", .int(c.rowsPre)), ("rows_post", .int(c.rowsPost)),
      ("duplicate_ids_pre", .int(c.duplicateIdsPre)), ("duplicate_rows_pre", .int(c.duplicateRowsPre)),
      ("duplicate_ids_post", .int(c.duplicateIdsPost)), ("duplicate_rows_post", .int(c.duplicateRowsPost)),
      ("blank_ids_pre", .int(c.blankIdsPre)), ("blank_ids_post", .int(c.blankIdsPost)),
      ("skipped_rows_pre", .int(c.skippedRowsPre)), ("skipped_rows_post", .int(c.skippedRowsPost)),
      ("composite_excluded", .int(r.compositeExcluded)),
    ]
    return figures.map { [.text($0.0), $0.1] }
  }

  static let attritionColumns = [
    "indicator", "missing_pre", "missing_post", "non_numeric_pre", "non_numeric_post", "unmatched_label_pre",
    "unmatched_label_post", "out_of_scale_pre", "out_of_scale_post", "n_completers", "n_dropouts", "mean_completers",
    "mean_dropouts", "difference", "t", "df",
    "p_value",
  ]

  /// Per indicator: missing, non-numeric, unmatched-label and out-of-scale
  /// answers per wave, and the completers-vs-dropouts baseline comparison
  /// (Welch).
  static func attritionByIndicator(_ r: LiteracyResult, design: LiteracyDesign, exclusions e: LiteracyExclusions)
    -> [[CSVWriter.Cell]]
  {
    let c = r.counts
    return design.indicators.indices.map { j in
      let id = design.indicators[j].id
      let b = r.baselineDifference.first { $0.indicator == id }
      return [
        .text(id), .int(c.missingPre[j]), .int(c.missingPost[j]), .int(c.nonNumericPre[j]),
        .int(c.nonNumericPost[j]), .int(e.unmatchedLabels(indicator: j).pre),
        .int(e.unmatchedLabels(indicator: j).post),
        .int(c.outOfScalePre[j]), .int(c.outOfScalePost[j]), .int(b?.nCompleters),
        .int(b?.nDropouts), .number(b?.meanCompleters), .number(b?.meanDropouts), .number(b?.difference),
        .number(b?.t), .number(b?.df), .number(b?.pValue),
      ]
    }
  }
}
