public import ImpactExport

/// Queues `reach_by_period.csv`, `reach_by_group.csv` (with --by),
/// `reach_volunteers_by_period.csv`, `reach_cohorts.csv`,
/// `reach_summary.json` and `impact_summary.xlsx` as `format` asks.
public enum ReachOutputs {
  public static func add(_ report: ReachReport, format: OutputFormat, to out: inout OutputSet) throws(ExportError) {
    if format.writesCSV {
      out.add("reach_by_period.csv", contents: ReachCSV.byPeriod(report))
      if !report.groups.isEmpty { out.add("reach_by_group.csv", contents: ReachCSV.byGroup(report)) }
      if let v = report.volunteers {
        out.add("reach_volunteers_by_period.csv", contents: ReachVolunteerCSV.byPeriod(v))
        out.add("reach_cohorts.csv", contents: ReachVolunteerCSV.cohorts(v))
      }
    }
    if format.writesJSON { out.add("reach_summary.json", contents: ReachJSON.document(report).serialized() + "\n") }
    if format.writesXLSX {
      out.add(SummaryWorkbook.fileName, bytes: try SummaryWorkbook.render(SummaryWorkbook.reachSheets(report)))
    }
  }

  /// Lines for stderr: how dates were read, partial periods, and what was
  /// excluded, by reason.
  public static func summary(_ report: ReachReport) -> [String] {
    let e = report.exclusions
    var lines = notices(report)
    let total = report.overall.totals.first { $0.0 == "records" }?.1 ?? 0
    lines.append("used \(Int(total ?? 0)) records; excluded \(e.excludedRecords)")
    for (reason, n) in e.counts.sorted(by: { $0.key < $1.key }) {
      let first = e.examples.first { $0.reason == reason }.map { " (first: \($0.file):\($0.line) '\($0.value)')" } ?? ""
      lines.append("  \(reason): \(n)\(first)")
    }
    return lines
  }

  /// Detected date formats and partial periods, one line each.
  public static func notices(_ report: ReachReport) -> [String] {
    var lines = report.dateReadings.filter { $0.basis != "--date-format" }.map(\.summary)
    if let line = partialSummary(report) { lines.append(line) }
    return lines
  }

  /// One line on the partial periods, or `nil` when there are none.
  public static func partialSummary(_ report: ReachReport) -> String? {
    let r = report.overall
    let partial = r.periods.filter(\.partial)
    guard !partial.isEmpty, let c = report.coverage else { return nil }
    let list = partial.map { "\($0.period) (\($0.coveredDays ?? 0) of \($0.periodDays) days)" }
      .joined(separator: ", ")
    let cover = "the data cover \(c.from) (\(c.fromBasis)) to \(c.to) (\(c.toBasis))"
    if r.includePartial {
      return "partial \(r.grain.rawValue): \(list) — \(cover); reported like complete ones (--include-partial)"
    }
    return
      "partial \(r.grain.rawValue): \(list) — \(cover); growth against them is null and CAGR, trend and headline use complete periods (--include-partial to include them; --from/--to/--as-of to state the window the log covers)"
  }
}
