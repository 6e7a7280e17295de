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

  @Option(help: "Baseline (before) export.") var pre: String?
  @Option(help: "Endline (after) export.") var post: String?
  @Option(help: "One wide file with X_pre/X_post or pre_X/post_X column pairs.") var survey: String?
  @Option(help: "Codebook (YAML or JSON): id column, indicators, labels, scales, missing codes.") var codebook: String?
  @Option(help: "Respondent id column (default: codebook id, or detected).") var id: String?
  @Option(help: "Also report every statistic per value of this column (repeatable).") var by: [String] = []
  @Option(help: "A column that is not an indicator (repeatable; without a codebook).") var ignore: [String] = []
  @Option(help: "Survey design: sampling weight column (baseline row; adds design-based w_* figures).")
  var weight: String?
  @Option(help: "Survey design: stratum column (baseline row).") var strata: String?
  @Option(help: "Survey design: cluster (PSU) column, nested in strata (baseline row).") var cluster: String?
  @Option(help: "Survey design: finite population correction column (population size or sampling fraction).")
  var fpc: String?
  @Option(help: "Scale of every indicator when there is no codebook, e.g. 1,5.") var scale: String?
  @Option(help: "Confidence level of intervals.") var confidence: Double = 0.95
  @Option(
    help: ArgumentHelp(
      "How ids of the two waves are compared: exact or normalized.",
      discussion:
        "normalized: white space trimmed, NFKC, case folded, leading zeros of all-digit ids dropped ('00001' pairs with '1')."
    ))
  var idMatch: String = "exact"
  @Option(
    help:
      "Stop when an indicator would lose more than this share of its answers in a wave (out of scale, non-numeric, unmatched labels)."
  )
  var maxExcludedShare: Double = 0.2
  @Option(help: "What to do with rows whose field count differs from the header: fail or skip.")
  var onBadRow: String = "fail"
  @Option(help: "Output folder, or - to write the JSON summary to stdout.") var out: String = "notebooks-out"
  @Option(help: "Which summaries to write: json, csv, both, xlsx (impact_summary.xlsx) or all.")
  var format: String = "both"
  @Flag(help: "Leave generated_at out of meta so reruns are byte-identical.") var deterministic = false
  @Flag(help: "Do not print the attrition summary on stderr.") var quiet = false
  @Option(
    help: "Write the mergeable accumulator state to FILE (- for stdout) instead of the summaries (see impact merge).")
  var emitPartial: String?
  @OptionGroup var input: CSVInputOptions

  func validate() throws {
    if survey == nil && (pre == nil || post == nil) {
      throw ValidationError("give --pre and --post (two files), or --survey (one wide file)")
    }
    if survey != nil && (pre != nil || post != nil) {
      throw ValidationError("use either --pre/--post or --survey, not both")
    }
    if let scale, parseScale(scale) == nil { throw ValidationError("--scale must be MIN,MAX with MIN < MAX, e.g. 1,5") }
    if !(confidence > 0 && confidence < 1) { throw ValidationError("--confidence must be between 0 and 1, e.g. 0.95") }
    if BadRowPolicy(rawValue: onBadRow) == nil { throw ValidationError("--on-bad-row must be fail or skip") }
    if IdMatch(rawValue: idMatch) == nil { throw ValidationError("--id-match must be exact or normalized") }
    if !(maxExcludedShare >= 0 && maxExcludedShare <= 1) {
      throw ValidationError("--max-excluded-share must be between 0 and 1, e.g. 0.2")
    }
    if OutputFormat(rawValue: format) == nil { throw ValidationError("--format must be \(OutputFormat.choices)") }
  }

  func run() throws {
    var outputs: OutputSet?
    if emitPartial == nil && out != "-" {
      let o = OutputSet(directory: out)
      try o.checkWritable()
      outputs = o
    }
    var request = LiteracyRequest()
    request.pre = pre
    request.post = post
    request.survey = survey
    request.codebook = codebook
    request.idColumn = id
    request.by = by
    request.ignore = ignore
    request.surveyDesign = SurveyDesignColumns(weight: weight, strata: strata, cluster: cluster, fpc: fpc)
    request.scale = scale.flatMap(parseScale)
    request.confidence = confidence
    request.missingCodes = input.missingCodes
    request.csv = input.csvOptions
    request.onBadRow = BadRowPolicy(rawValue: onBadRow) ?? .fail
    request.deterministic = deterministic
    request.idMatch = IdMatch(rawValue: idMatch) ?? .exact
    request.maxExcludedShare = maxExcludedShare
    if let emitPartial {
      request.allowEmptyInputs = true
      let state = try LiteracyJob.accumulate(request, keepIds: true)
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
      let paths = try outputs.commit()
      if !quiet { printError("impact literacy: wrote \(paths.joined(separator: ", "))") }
    } else {
      print(LiteracyJSON.document(report).serialized())
    }
  }
}

/// Parses `MIN,MAX`.
func parseScale(_ s: String) -> ClosedRange<Double>? {
  let parts = s.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
  guard parts.count == 2, let lo = parts[0], let hi = parts[1], lo < hi else { return nil }
  return lo...hi
}
