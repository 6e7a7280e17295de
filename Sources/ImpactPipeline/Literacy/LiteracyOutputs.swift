public import ImpactExport

/// Which summary files to write: `json`, `csv`, `both` (CSV and JSON),
/// `xlsx` (only `impact_summary.xlsx`, one sheet per table) or `all`.
public enum OutputFormat: String, Sendable, CaseIterable {
  case json, csv, both, xlsx, all

  var writesCSV: Bool { self == .csv || self == .both || self == .all }
  var writesJSON: Bool { self == .json || self == .both || self == .all }
  var writesXLSX: Bool { self == .xlsx || self == .all }

  /// The accepted values, for messages: "json, csv, both, xlsx or all".
  public static var choices: String {
    allCases.dropLast().map(\.rawValue).joined(separator: ", ") + " or " + (allCases.last?.rawValue ?? "")
  }
}

/// Queues `literacy_indicators.csv`, `literacy_summary.json` and
/// `impact_summary.xlsx` as `format` asks.
public enum LiteracyOutputs {
  public static func add(_ report: LiteracyReport, format: OutputFormat, to out: inout OutputSet) throws(ExportError) {
    if format.writesCSV { out.add("literacy_indicators.csv", contents: LiteracyCSV.render(report)) }
    if format.writesJSON {
      out.add("literacy_summary.json", contents: LiteracyJSON.document(report).serialized() + "\n")
    }
    if format.writesXLSX {
      out.add(SummaryWorkbook.fileName, bytes: try SummaryWorkbook.render(SummaryWorkbook.literacySheets(report)))
    }
  }

  /// A few lines for stderr: what was paired and what was excluded.
  public static func summary(_ report: LiteracyReport) -> [String] {
    let c = report.overall.counts
    var lines: [String] = []
    let started = c.matched + c.onlyPre
    let rate = started > 0 ? Double(c.onlyPre) / Double(started) * 100 : 0
    lines.append(
      "paired \(c.matched) respondents by id; \(c.onlyPre) baseline-only (attrition \(percent(rate))), \(c.onlyPost) endline-only"
    )
    if c.duplicateIdsPre + c.duplicateIdsPost > 0 {
      lines.append(
        "excluded duplicate ids: \(c.duplicateIdsPre) at baseline (\(c.duplicateRowsPre) rows), \(c.duplicateIdsPost) at endline (\(c.duplicateRowsPost) rows)"
      )
    }
    if c.blankIdsPre + c.blankIdsPost > 0 {
      lines.append("rows without an id: \(c.blankIdsPre) at baseline, \(c.blankIdsPost) at endline")
    }
    if c.skippedRowsPre + c.skippedRowsPost > 0 {
      lines.append("skipped malformed rows: \(c.skippedRowsPre) at baseline, \(c.skippedRowsPost) at endline")
    }
    let ids = report.design.indicators.map(\.id)
    func detail(_ pre: [Int], _ post: [Int]) -> String {
      zip(ids, zip(pre, post)).filter { $0.1.0 + $0.1.1 > 0 }.prefix(6).map { "\($0.0): \($0.1.0)+\($0.1.1)" }
        .joined(separator: ", ")
    }
    let oos = c.outOfScalePre.reduce(0, +) + c.outOfScalePost.reduce(0, +)
    if oos > 0 {
      lines.append("excluded \(oos) values outside the scale (pre+post: \(detail(c.outOfScalePre, c.outOfScalePost)))")
    }
    let nn = c.nonNumericPre.reduce(0, +) + c.nonNumericPost.reduce(0, +)
    if nn > 0 {
      lines.append("excluded \(nn) non-numeric answers (pre+post: \(detail(c.nonNumericPre, c.nonNumericPost)))")
    }
    if let l = report.exclusions.unmatchedLabelSummary(indicators: ids) { lines.append(l) }
    lines += LiteracyJSON.reliabilityNotes(report.overall.reliability, design: report.design)
    if let cmp = report.comparison { lines += comparisonLines(cmp) }
    lines += notices(report)
    return lines
  }

  /// The stderr lines about `--by` values that differ between the waves and
  /// columns no option uses (also in the JSON).
  public static func notices(_ report: LiteracyReport) -> [String] {
    var lines: [String] = []
    for c in report.byConflicts where c.respondents > 0 {
      let e = c.examples.prefix(3).map { "\($0.id): \($0.pre) → \($0.post)" }.joined(separator: ", ")
      lines.append(
        "--by \(c.column): \(c.respondents) paired \(c.respondents == 1 ? "respondent has" : "respondents have") a different value at endline (e.g. \(e)); the baseline value is used"
      )
    }
    if let d = report.overall.surveyDesign, d.weightChanges > 0 {
      lines.append(
        "--weight \(d.columns["weight"] ?? ""): \(d.weightChanges) paired respondents have a different weight at endline; the baseline weight is used"
      )
    }
    return lines + report.notices.map { "notice: \($0)" }
  }

  static func percent(_ v: Double) -> String {
    "\(Double((v * 10).rounded()) / 10)%"
  }
}
