import ArgumentParser
import Foundation
import ImpactExport
import ImpactIngest
import ImpactPipeline

/// `impact run`: the batch job — every analysis of a config, the report, the
/// notebook and the manifest.
struct Run: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Run every analysis of a config file and write the report, notebook and manifest.",
    discussion: """
      Reads the config (YAML or JSON; paths relative to it), runs `reach` and each survey's \
      `literacy`, and writes their CSV/JSON summaries plus report.html, report.ipynb and \
      manifest.json (SHA-256 of every input and output); with --pdf also report.pdf (needs \
      headless Chromium). All files are committed together: a \
      failed run leaves earlier outputs untouched. With --deterministic a rerun is byte-identical.

      Progress goes to stderr when it is a terminal; --log-format json prints one JSON object \
      per phase for schedulers; --quiet prints nothing but errors.

      Exit codes: 0 success; 1 input or output problem (nothing written), or with --strict any \
      excluded record or value (outputs written, exclusions listed in them); 2 usage error.
      """)

  @Option(help: "Config file (YAML or JSON).") var config: String = "datasets/example/impact.yaml"
  @Option(help: "Output folder (default: the config's output).") var out: String?
  @Flag(help: "When another impact run is writing to the output folder, wait for it instead of failing.")
  var waitLock = false
  @Flag(help: "Leave generated_at out so reruns are byte-identical.") var deterministic = false
  @Flag(help: "Print nothing but errors.") var quiet = false
  @Option(help: "Progress format on stderr: text or json.") var logFormat: String = "text"
  @Flag(help: "Exit with status 1 when any record or value was excluded (after writing outputs).") var strict = false
  @Flag(help: "Also write impact_summary.xlsx, one sheet per table (as the config's xlsx: true).") var xlsx = false
  @Option(help: "Language of report.html: zh, en or both (default: the config's lang, else both).")
  var lang: ReportLanguage?
  @Flag(help: "Also write report.pdf, printed by headless Chromium (as the config's pdf: true).") var pdf = false
  @Flag(help: "Write CSV with a UTF-8 BOM and CRLF line ends, for Excel (as the config's excel_csv: true).")
  var excelCsv = false
  @Option(
    help:
      "Write each analysis's partial result to DIR (survey-<i>.json, reach.json) instead of the outputs (a shard's part of a distributed run)."
  )
  var emitPartials: String?
  @Option(
    help:
      "Merge the partial results in DIR (survey-<i>[-*].json, reach[-*].json) instead of reading the inputs, then write the outputs, report and manifest."
  )
  var fromPartials: String?

  func validate() throws {
    if logFormat != "text" && logFormat != "json" { throw ValidationError("--log-format must be text or json") }
    if emitPartials != nil && fromPartials != nil {
      throw ValidationError("--emit-partials and --from-partials cannot be combined")
    }
  }

  func run() throws {
    var cfg = try RunConfig.load(config)
    if xlsx { cfg.xlsx = true }
    if let lang { cfg.language = lang }
    if pdf { cfg.pdf = true }
    if excelCsv { cfg.excelCSV = true }
    let json = logFormat == "json" && !quiet
    let text = !json && !quiet && isatty(STDERR_FILENO) == 1
    if let dir = emitPartials {
      let written = try RunJob.emitPartials(cfg, directory: dir)
      if !quiet { printError("impact run: wrote \(written.joined(separator: ", "))") }
      return
    }
    let outcome = try RunJob.run(
      cfg, outputDirectory: out, deterministic: deterministic, waitForLock: waitLock, fromPartials: fromPartials
    ) {
      event in
      if json {
        printError(event.json.serialized(indent: 0))
      } else if text {
        var line = "impact run: \(event.phase) — \(String(format: "%.2f", event.seconds)) s"
        if let rows = event.rows { line += ", \(rows) rows" }
        if let mbs = event.megabytesPerSecond, let b = event.bytes {
          line += ", \(String(format: "%.1f", Double(b) / 1e6)) MB at \(String(format: "%.0f", mbs)) MB/s"
        }
        if !event.detail.isEmpty { line += " (\(event.detail))" }
        printError(line)
      }
    }
    if !quiet && !json { printInputNotes(outcome.report.inputs, command: "run") }
    if !quiet { for n in outcome.notices { printError("impact run: \(n)") } }
    if !quiet && !json {
      print("wrote \(outcome.written.count) files:")
      for p in outcome.written { print("  \(p)") }
    }
    if strict && outcome.excluded > 0 {
      throw CommandFailure(
        message:
          "\(outcome.excluded) records or values were excluded (listed in the summaries); failing because of --strict")
    }
  }
}
