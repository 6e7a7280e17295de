import ArgumentParser
import Foundation
import ImpactIngest
import ImpactPipeline

/// The inputs of a before/after analysis and the options that shape its
/// figures, shared by `impact literacy` and `impact audit`.
struct LiteracyInputOptions: ParsableArguments {
  @Option(help: "Baseline (before) export.") var pre: String?
  @Option(help: "Endline (after) export.") var post: String?
  @Option(help: "One wide file with X_pre/X_post or pre_X/post_X column pairs.") var survey: String?
  @Option(help: "Codebook (YAML or JSON): id column, indicators, labels, scales, missing codes.") var codebook: String?
  @Option(help: "Respondent id column (default: codebook id, or detected).") var id: String?
  @Option(help: "Also report every statistic per value of this column (repeatable).") var by: [String] = []
  @Option(help: "A column that is not an indicator (repeatable; without a codebook).") var ignore: [String] = []
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
  @Option(help: "Most indicators analysed at once (memory grows with the square of their number).")
  var maxIndicators: Int = 1_000
  @Option(help: "What to do with rows whose field count differs from the header: fail or skip.")
  var onBadRow: String = "fail"
  @Option(help: "Comparison group: the column that marks participants (with --treated).") var group: String?
  @Option(help: "The --group value of participants; every other value is the comparison group.") var treated: String?
  @Option(help: "A numeric ANCOVA covariate, read from the baseline (repeatable).") var covariate: [String] = []
  @Option(help: "A categorical ANCOVA covariate, dummy-coded (repeatable).") var categoricalCovariate: [String] = []
  @Option(
    help:
      "Cluster (PSU) column, baseline row: cluster-robust CR1 errors of the DiD and ANCOVA, and with --weight or --strata the survey design's PSUs (nested in strata)."
  )
  var cluster: String?
  @Option(help: "Survey design: sampling weight column (baseline row; adds design-based w_* figures).")
  var weight: String?
  @Option(help: "Survey design: stratum column (baseline row).") var strata: String?
  @Option(help: "Survey design: finite population correction column (population size or sampling fraction).")
  var fpc: String?
  @OptionGroup var input: CSVInputOptions

  /// Whether any input file was named.
  var namesInputs: Bool { pre != nil || post != nil || survey != nil }

  /// Checks that the inputs form one analysis: two files or one wide file.
  func checkInputs() throws {
    if survey == nil && (pre == nil || post == nil) {
      throw ValidationError("give --pre and --post (two files), or --survey (one wide file)")
    }
    if survey != nil && (pre != nil || post != nil) {
      throw ValidationError("use either --pre/--post or --survey, not both")
    }
  }

  func validate() throws {
    if let scale, parseScale(scale) == nil { throw ValidationError("--scale must be MIN,MAX with MIN < MAX, e.g. 1,5") }
    if !(confidence > 0 && confidence < 1) { throw ValidationError("--confidence must be between 0 and 1, e.g. 0.95") }
    if BadRowPolicy(rawValue: onBadRow) == nil { throw ValidationError("--on-bad-row must be fail or skip") }
    if IdMatch(rawValue: idMatch) == nil { throw ValidationError("--id-match must be exact or normalized") }
    if maxIndicators < 1 { throw ValidationError("--max-indicators must be at least 1") }
    if !(maxExcludedShare >= 0 && maxExcludedShare <= 1) {
      throw ValidationError("--max-excluded-share must be between 0 and 1, e.g. 0.2")
    }
    if let problem = request(deterministic: false).comparisonProblem { throw ValidationError(problem) }
  }

  /// The request these options describe.
  func request(deterministic: Bool) -> LiteracyRequest {
    var request = LiteracyRequest()
    request.pre = pre
    request.post = post
    request.survey = survey
    request.codebook = codebook
    request.idColumn = id
    request.by = by
    request.ignore = ignore
    request.scale = scale.flatMap(parseScale)
    request.confidence = confidence
    request.missingCodes = input.missingCodes
    request.csv = input.csvOptions
    request.onBadRow = BadRowPolicy(rawValue: onBadRow) ?? .fail
    request.deterministic = deterministic
    request.idMatch = IdMatch(rawValue: idMatch) ?? .exact
    request.maxExcludedShare = maxExcludedShare
    request.maxIndicators = maxIndicators
    request.group = group
    request.treated = treated
    request.covariates = covariate
    request.categoricalCovariates = categoricalCovariate
    request.cluster = cluster
    // A survey design needs weights or strata; --cluster alone only makes the
    // comparison's errors cluster-robust.
    if weight != nil || strata != nil || fpc != nil {
      request.surveyDesign = SurveyDesignColumns(weight: weight, strata: strata, cluster: cluster, fpc: fpc)
    }
    return request
  }
}

/// Parses `MIN,MAX`.
func parseScale(_ s: String) -> ClosedRange<Double>? {
  let parts = s.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
  guard parts.count == 2, let lo = parts[0], let hi = parts[1], lo < hi else { return nil }
  return lo...hi
}
