public import ArgumentParser
import ImpactCore
public import ImpactExport

extension ReportLanguage: ExpressibleByArgument {}

/// `--report` and `--lang` of the single-analysis commands (`literacy`,
/// `reach`): write report.html for that part, with the renderer of `run`.
struct ReportOptions: ParsableArguments {
  @Flag(help: "Also write report.html (the report of impact run, for this analysis).")
  var report = false

  @Option(help: "Language of report.html: zh, en or both (Chinese with English beneath).")
  var lang: ReportLanguage = .both

  @Option(help: "Title of report.html.")
  var title: String = RunReport.defaultTitle

  /// A report needs a folder to write it in.
  func check(out: String, emitPartial: String?) throws {
    guard report else { return }
    if out == "-" { throw ValidationError("--report needs an output folder: give --out DIR instead of --out -") }
    if emitPartial != nil {
      throw ValidationError("--report and --emit-partial exclude each other: report from the merged result")
    }
  }

  /// The report of the analyses as the run would write it.
  func runReport(surveys: [(name: String, report: LiteracyReport)] = [], reach: ReachReport? = nil) -> RunReport {
    var run = RunReport(
      title: title, generatedAt: surveys.first?.report.generatedAt ?? reach?.generatedAt,
      toolVersion: ImpactVersion.current, configPath: nil,
      surveys: surveys.enumerated().map { i, s in (s.name, SurveyOutputNames(index: i, of: surveys.count), s.report) },
      reach: reach)
    run.language = lang
    return run
  }
}
