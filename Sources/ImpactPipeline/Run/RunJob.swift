import Dispatch
import Foundation
public import ImpactCore
public import ImpactExport
public import ImpactIngest

/// One finished phase of a run, for progress lines and `--log-format json`.
public struct RunEvent: Sendable {
  public var phase: String
  public var seconds: Double
  /// Rows read and bytes read (inputs of the phase), when it read files.
  public var rows: Int?
  public var bytes: Int?
  public var detail: String

  /// Megabytes (10⁶ bytes) per second, when it read files.
  public var megabytesPerSecond: Double? {
    guard let bytes, seconds > 0 else { return nil }
    return Double(bytes) / 1e6 / seconds
  }

  public var json: JSONValue {
    .object([
      ("phase", .string(phase)), ("seconds", .number(seconds)), ("rows", rows.map { .int($0) } ?? .null),
      ("bytes", bytes.map { .int($0) } ?? .null), ("mb_per_s", .number(megabytesPerSecond)),
      ("detail", .string(detail)),
    ])
  }
}

/// `impact run`: every analysis of a config, then the report, the notebook
/// and the manifest, committed together.
public enum RunJob {
  public struct Outcome: Sendable {
    public var report: RunReport
    public var written: [String]
    /// Records or values excluded anywhere (for `--strict`).
    public var excluded: Int
    /// What the analyses did not use or resolved by a rule (design-variable
    /// columns, `--by` values that differ between waves), for stderr.
    public var notices: [String] = []
  }

  /// Writes each analysis's partial result (`--emit-partials DIR`):
  /// `survey-<i>.json` per survey (numbered from 1) and `reach.json`, with
  /// hashed ids. Inputs may hold no rows (a shard may have none).
  public static func emitPartials(_ config: RunConfig, directory: String) throws -> [String] {
    var set = OutputSet(directory: directory, waitForLock: true)
    try set.checkWritable()
    for (i, s) in config.surveys.enumerated() {
      var request = s.request
      request.allowEmptyInputs = true
      set.add(
        "survey-\(i + 1).json", bytes: try PartialFile.encode(.literacy(LiteracyJob.accumulate(request, keepIds: true)))
      )
    }
    if var request = config.reach {
      request.allowEmptyInputs = true
      set.add("reach.json", bytes: try PartialFile.encode(.reach(ReachJob.accumulate(request, keepIds: true))))
    }
    return try set.commit()
  }

  /// The partial files of one analysis in `directory` (`--from-partials`):
  /// `<name>.json` and `<name>-*.json` (e.g. one per shard), sorted.
  static func partialFiles(_ directory: String, _ name: String) throws(IngestError) -> [String] {
    let all = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    let mine = all.filter { $0 == "\(name).json" || ($0.hasPrefix("\(name)-") && $0.hasSuffix(".json")) }.sorted()
    guard !mine.isEmpty else {
      throw IngestError(
        .io, file: directory,
        message: "no partial result \(name).json or \(name)-*.json for this analysis of the config",
        hint:
          "write them with impact run --config … --emit-partials DIR (one folder per shard, files renamed \(name)-<shard>.json)"
      )
    }
    return mine.map { directory + "/" + $0 }
  }

  public static func run(
    _ config: RunConfig, outputDirectory: String? = nil, deterministic: Bool, waitForLock: Bool = false,
    fromPartials: String? = nil, log: @Sendable (RunEvent) -> Void
  ) throws -> Outcome {
    let out = outputDirectory ?? config.output
    var outputs = OutputSet(directory: out, waitForLock: waitForLock)
    if config.excelCSV { outputs.csvDialect = .excel }
    // A missing browser stops the run before any work, not after it.
    let chromium = config.pdf ? try ReportPDF.locateChromium() : nil
    try outputs.checkWritable()
    var surveys: [(name: String, files: SurveyOutputNames, report: LiteracyReport)] = []
    var excluded = 0
    var notices: [String] = []
    for (i, s) in config.surveys.enumerated() {
      var request = s.request
      request.deterministic = deterministic
      let start = DispatchTime.now().uptimeNanoseconds
      var report: LiteracyReport
      if let dir = fromPartials {
        guard
          case .literacy(let r) = try MergeJob.run(
            try partialFiles(dir, "survey-\(i + 1)"), deterministic: deterministic)
        else {
          throw IngestError(
            .configuration, file: dir, message: "survey-\(i + 1) partials are not literacy partials", hint: "")
        }
        report = r
      } else {
        report = try LiteracyJob.run(request)
      }
      let c = report.overall.counts
      excluded +=
        c.duplicateRowsPre + c.duplicateRowsPost + c.skippedRowsPre + c.skippedRowsPost
        + c.outOfScalePre.reduce(0, +) + c.outOfScalePost.reduce(0, +) + c.nonNumericPre.reduce(0, +)
        + c.nonNumericPost.reduce(0, +) + c.blankIdsPre + c.blankIdsPost
        + report.exclusions.unmatchedLabelTotal
      log(
        RunEvent(
          phase: "literacy: \(s.name)", seconds: seconds(since: start), rows: c.rowsPre + c.rowsPost,
          bytes: report.inputs.filter { $0.role != "codebook" }.reduce(0) { $0 + $1.bytes },
          detail: "\(c.matched) respondents paired, \(c.onlyPre) baseline-only, \(c.onlyPost) endline-only"))
      notices += LiteracyOutputs.notices(report).map { "\(s.name): \($0)" }
      let names = SurveyOutputNames(index: i, of: config.surveys.count)
      surveys.append((s.name, names, report))
    }
    var reach: ReachReport?
    if var request = config.reach {
      request.deterministic = deterministic
      let start = DispatchTime.now().uptimeNanoseconds
      var report: ReachReport
      if let dir = fromPartials {
        guard case .reach(let r) = try MergeJob.run(try partialFiles(dir, "reach"), deterministic: deterministic) else {
          throw IngestError(.configuration, file: dir, message: "reach partials are not reach partials", hint: "")
        }
        report = r
      } else {
        report = try ReachJob.run(request)
      }
      excluded += report.exclusions.excludedRecords
      let rows = report.inputs.compactMap(\.rows).reduce(0, +)
      log(
        RunEvent(
          phase: "reach", seconds: seconds(since: start), rows: rows, bytes: report.inputs.reduce(0) { $0 + $1.bytes },
          detail: (["\(report.exclusions.excludedRecords) records excluded"] + ReachOutputs.notices(report))
            .joined(separator: "; ")))
      reach = report
    }
    let start = DispatchTime.now().uptimeNanoseconds
    var run = RunReport(
      title: config.title, generatedAt: deterministic ? nil : isoNow(), toolVersion: ImpactVersion.current,
      configPath: config.path, surveys: surveys, reach: reach)
    run.language = config.language ?? .both
    for s in surveys {
      let csv = LiteracyCSV.render(s.report)
      let json = LiteracyJSON.document(s.report).serialized() + "\n"
      outputs.add(s.files.indicatorsCSV, contents: csv)
      outputs.add(s.files.summaryJSON, contents: json)
    }
    if let reach { try ReachOutputs.add(reach, format: .both, to: &outputs) }
    if config.xlsx {
      // One workbook for every table; surveys are numbered when there are several.
      var sheets: [XLSXSheet] = []
      for (i, s) in surveys.enumerated() {
        sheets += SummaryWorkbook.literacySheets(s.report, prefix: surveys.count > 1 ? "\(i + 1) " : "")
      }
      if let reach { sheets += SummaryWorkbook.reachSheets(reach) }
      outputs.add(SummaryWorkbook.fileName, bytes: try SummaryWorkbook.render(sheets))
    }
    let html = try HTMLReport.render(run)
    outputs.add("report.html", contents: html)
    if let chromium {
      let pdfStart = DispatchTime.now().uptimeNanoseconds
      let pdf = try ReportPDF.render(html: html, chromium: chromium)
      outputs.add("report.pdf", bytes: deterministic ? ReportPDF.fixingDates(pdf) : pdf)
      log(RunEvent(phase: "pdf", seconds: seconds(since: pdfStart), detail: "report.pdf printed by \(chromium)"))
    }
    outputs.add("report.ipynb", contents: NotebookWriter.render(run))
    outputs.add("manifest.json", contents: Manifest.document(run, outputs: outputs.files).serialized() + "\n")
    log(RunEvent(phase: "report", seconds: seconds(since: start), detail: "HTML report, notebook, manifest"))
    let commitStart = DispatchTime.now().uptimeNanoseconds
    let written = try outputs.commit()
    log(
      RunEvent(
        phase: "write", seconds: seconds(since: commitStart), bytes: outputs.files.reduce(0) { $0 + $1.bytes.count },
        detail: "\(written.count) files in \(out)"))
    return Outcome(report: run, written: written, excluded: excluded, notices: notices)
  }

  static func seconds(since start: UInt64) -> Double {
    Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
  }
}
