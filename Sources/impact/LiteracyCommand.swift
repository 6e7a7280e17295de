import ArgumentParser
import Foundation
import ImpactExport
import ImpactIngest
import ImpactPipeline

/// `impact literacy`: paired before/after inference per indicator.
struct Literacy: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Paired before/after inference per indicator from baseline and endline survey exports.",
    discussion: """
      Respondents are paired by id, never by row order. Per indicator and for the composite \
      (mean of indicators rescaled to 0–100): means, SDs, mean difference, % change with a \
      delta-method CI, paired t-test, Wilcoxon signed-rank, Cohen's dz, Hedges' g_av, rank-biserial \
      correlation, shares improved/unchanged/declined, Holm and BH adjusted p-values, pass rates with \
      McNemar's test, Cronbach's alpha per wave, the correlation of changes, and an attrition check. \
      Writes literacy_indicators.csv and literacy_summary.json (see README for every definition).
      """)

  @OptionGroup var data: LiteracyInputOptions
  @Option(help: "Output folder, or - to write the JSON summary to stdout.") var out: String = "notebooks-out"
  @Flag(help: "When another impact run is writing to the output folder, wait for it instead of failing.")
  var waitLock = false
  @Option(help: "Which summaries to write: json, csv, both, xlsx (impact_summary.xlsx) or all.")
  var format: String = "both"
  @Flag(help: "Leave generated_at out of meta so reruns are byte-identical.") var deterministic = false
  @Flag(help: "Write CSV with a UTF-8 BOM and CRLF line ends, for Excel on Chinese Windows.") var excelCsv = false
  @Flag(help: "Do not print the attrition summary on stderr.") var quiet = false
  @Option(
    help: "Write the mergeable accumulator state to FILE (- for stdout) instead of the summaries (see impact merge).")
  var emitPartial: String?
  @OptionGroup var reportOptions: ReportOptions
  @Flag(
    help:
      "With --emit-partial: write no ids (not even hashed); impact merge then skips the double-counting check and says so. Only for shards split by id by a tool you trust, never for time cuts."
  )
  var trustSharding = false

  func validate() throws {
    try data.checkInputs()
    if OutputFormat(rawValue: format) == nil { throw ValidationError("--format must be \(OutputFormat.choices)") }
    try reportOptions.check(out: out, emitPartial: emitPartial)
    if trustSharding && emitPartial == nil {
      throw ValidationError("--trust-sharding only applies with --emit-partial")
    }
  }

  func run() throws {
    var outputs: OutputSet?
    if emitPartial == nil && out != "-" {
      var o = OutputSet(directory: out, waitForLock: waitLock)
      if excelCsv { o.csvDialect = .excel }
      try o.checkWritable()
      outputs = o
    }
    var request = data.request(deterministic: deterministic)
    if let emitPartial {
      request.allowEmptyInputs = true
      let state = try LiteracyJob.accumulate(request, keepIds: true, trustSharding: trustSharding)
      try writePartial(try PartialFile.encode(.literacy(state)), to: emitPartial)
      return
    }
    let report = try LiteracyJob.run(request)
    if !quiet {
      printInputNotes(report.inputs, command: "literacy")
      for line in LiteracyOutputs.summary(report) { printError("impact literacy: \(line)") }
    }
    if var outputs {
      try LiteracyOutputs.add(report, format: OutputFormat(rawValue: format) ?? .both, to: &outputs)
      if reportOptions.report {
        let name = request.survey ?? request.pre ?? "survey"
        outputs.add(
          "report.html", contents: try HTMLReport.render(reportOptions.runReport(surveys: [(name, report)])))
      }
      let paths = try outputs.commit()
      if !quiet { printError("impact literacy: wrote \(paths.joined(separator: ", "))") }
    } else {
      print(LiteracyJSON.document(report).serialized())
    }
  }
}
