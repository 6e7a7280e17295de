public import ArgumentParser
import Foundation
import ImpactExport
import ImpactIngest
import ImpactPipeline
public import ImpactStats

/// `impact plan paired|two-group|mcnemar`: sample size, power or minimum
/// detectable effect for the next survey.
struct Plan: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Sample size, power or minimum detectable effect for the next survey.",
    discussion: """
      Give two of --n, --effect and --power; the third is solved (like statsmodels' solve_power, \
      but to full precision). --n counts units enrolled (pairs; members of group 1 for two-group); \
      attrition and the cluster design effect 1 + (m − 1)·ICC are applied to it. With --outcomes K, \
      each test is planned at alpha/K (Bonferroni; also Holm's first step). \
      --from-results literacy_summary.json takes the previous wave's attrition, pre–post correlation \
      and (when --effect is left out) its observed effect.
      """,
    subcommands: [PlanPaired.self, PlanTwoGroup.self, PlanMcNemar.self]
  )
}

extension MultiplicityAdjustment: ExpressibleByArgument {}
extension TwoGroupPower.Analysis: ExpressibleByArgument {}

/// Options shared by every `impact plan` design.
struct PlanOptions: ParsableArguments {
  @Option(help: "Units enrolled: pairs (paired, mcnemar) or members of group 1 (two-group). Leave out to solve.")
  var n: Double?

  @Option(help: "Target power, between the per-test alpha and 1 (e.g. 0.8). Leave out to solve.")
  var power: Double?

  @Option(help: "Two-sided significance level for the family of outcomes.")
  var alpha: Double = 0.05

  @Option(help: "Expected share of enrolled units lost before the endline, 0 ≤ a < 1 (enrol n analysed / (1 − a)).")
  var attrition: Double?

  @Option(help: "Intraclass correlation of the outcome within clusters, 0 ≤ ICC < 1 (needs --cluster-size).")
  var icc: Double?

  @Option(name: .customLong("cluster-size"), help: "Mean units per cluster m ≥ 1 (needs --icc).")
  var clusterSize: Double?

  @Option(help: "Number of outcomes tested (K ≥ 1); each test is planned at alpha/K.")
  var outcomes: Int = 1

  @Option(help: "Correction across outcomes: bonferroni, holm (planned at alpha/K, Holm's first step) or none.")
  var adjust: MultiplicityAdjustment = .bonferroni

  @Option(
    name: .customLong("from-results"),
    help: "A previous wave's literacy_summary.json: its attrition, pre–post correlation and effect become inputs.")
  var fromResults: String?

  @Option(help: "With --from-results: take the inputs from this indicator instead of the composite.")
  var indicator: String?

  @Flag(help: "Print the plan as JSON with full-precision numbers.")
  var json = false

  func validate() throws {
    if let n, !(n.isFinite && n > 0) {
      throw ValidationError("--n must be a positive number of units to enrol (got \(n))")
    }
    if let n, n > 1e9 {
      throw ValidationError("--n must be at most 10^9 units to enrol (got \(n))")
    }
    if let power, !(power.isFinite && power > 0 && power < 1) {
      throw ValidationError("--power must lie strictly between 0 and 1, e.g. 0.8 (got \(power))")
    }
    if !(alpha.isFinite && alpha > 0 && alpha < 1) {
      throw ValidationError("--alpha must lie strictly between 0 and 1, e.g. 0.05 (got \(alpha))")
    }
    if let power, power <= alpha {
      throw ValidationError("--power \(power) must exceed --alpha \(alpha): a test has power alpha at no effect")
    }
    if let attrition, !(attrition >= 0 && attrition < 1) {
      throw ValidationError("--attrition is a share lost, 0 ≤ a < 1, e.g. 0.15 for 15% (got \(attrition))")
    }
    if let icc, !(icc >= 0 && icc < 1) {
      throw ValidationError("--icc must lie in [0, 1), e.g. 0.05 (got \(icc))")
    }
    if let clusterSize, !(clusterSize.isFinite && clusterSize >= 1) {
      throw ValidationError("--cluster-size is the mean number of units per cluster, at least 1 (got \(clusterSize))")
    }
    if (icc == nil) != (clusterSize == nil) {
      throw ValidationError(
        "give --icc and --cluster-size together: the design effect is 1 + (cluster size − 1) × ICC")
    }
    if outcomes < 1 {
      throw ValidationError("--outcomes counts the outcomes tested, at least 1 (got \(outcomes))")
    }
    if indicator != nil && fromResults == nil {
      throw ValidationError("--indicator picks a row of --from-results; give --from-results literacy_summary.json")
    }
  }

  /// Checks an effect option: finite and positive.
  static func checkEffect(_ effect: Double?, name: String = "--effect") throws {
    guard let effect else { return }
    if effect == 0 {
      throw ValidationError("\(name) 0 cannot be detected; give the smallest effect worth detecting (e.g. 0.3)")
    }
    if !(effect.isFinite && effect > 0) {
      throw ValidationError("\(name) must be a positive size (the tests are two-sided; got \(effect))")
    }
  }

  /// Loads --from-results, if given.
  func previousWave() throws -> PreviousWave? {
    guard let fromResults else { return nil }
    return try PreviousWave.read(path: fromResults, indicator: indicator)
  }

  /// Level, multiplicity, attrition (given, or from the previous wave) and design effect.
  func adjustments(previous: PreviousWave?, used: inout [String]) -> PlanningAdjustments {
    var share = attrition ?? 0
    if attrition == nil, let observed = previous?.attrition {
      share = observed
      used.append("attrition \(StudyPlanText.short(observed))")
    }
    return PlanningAdjustments(
      alpha: alpha, outcomes: outcomes, adjustment: adjust, attrition: share, icc: icc ?? 0,
      clusterSize: clusterSize ?? 1)
  }

  /// Solves and prints the plan; a plan that cannot exist is a usage error (exit 2).
  func solveAndPrint(_ request: PlanRequest) throws {
    let given = [request.enrolled, request.effect, request.power].filter { $0 != nil }.count
    guard given == 2 else {
      throw ValidationError(
        "give exactly two of --n, --effect (or --difference) and --power; the third is solved "
          + "(got \(given))")
    }
    let plan: StudyPlan
    do {
      plan = try StudyPlan.solve(request)
    } catch {
      throw ValidationError(error.message)
    }
    if json {
      print(plan.json.serialized())
    } else {
      print(plan.text, terminator: "")
    }
  }

  /// The effect to use when --effect is left out and exactly one of --n/--power is given.
  func wantsObservedEffect(_ effect: Double?) -> Bool {
    effect == nil && fromResults != nil && (n == nil) != (power == nil)
  }
}

/// Formatting shared by the plan command's messages.
enum StudyPlanText {
  static func short(_ value: Double) -> String { String(format: "%.4g", value) }
}

/// `impact plan paired`: paired (one-sample) t-test on the changes.
struct PlanPaired: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "paired",
    abstract: "Paired before/after design: two-sided paired t-test, effect Cohen's dz.",
    discussion: "Example: impact plan paired --effect 0.5 --power 0.8   (34 pairs, as G*Power)")

  @OptionGroup var options: PlanOptions

  @Option(help: "Cohen's dz = mean change / SD of the change (> 0).")
  var effect: Double?

  @Option(
    help: "Mean change in the outcome's own units; divided by the previous wave's sd_diff (needs --from-results).")
  var difference: Double?

  func validate() throws {
    try PlanOptions.checkEffect(effect)
    try PlanOptions.checkEffect(difference, name: "--difference")
    if effect != nil && difference != nil { throw ValidationError("give --effect or --difference, not both") }
    if difference != nil && options.fromResults == nil {
      throw ValidationError("--difference needs --from-results (its sd_diff turns the difference into dz)")
    }
  }

  func run() throws {
    let previous = try options.previousWave()
    var used: [String] = []
    var dz = effect
    if let difference, let previous {
      guard let sd = previous.sdDiff, sd > 0 else {
        throw ValidationError("\(previous.file) has no positive sd_diff for \(previous.row); give --effect")
      }
      dz = difference / sd
      used.append("sd_diff \(StudyPlanText.short(sd)) (dz = \(StudyPlanText.short(difference))/sd_diff)")
    } else if options.wantsObservedEffect(effect), let previous {
      guard let observed = previous.cohensDz, observed != 0 else {
        throw ValidationError("\(previous.file) has no cohens_dz for \(previous.row); give --effect")
      }
      dz = abs(observed)
      used.append("observed dz \(StudyPlanText.short(abs(observed)))")
    }
    let adjustments = options.adjustments(previous: previous, used: &used)
    try options.solveAndPrint(
      PlanRequest(
        design: .paired, enrolled: options.n, effect: dz, power: options.power, adjustments: adjustments,
        previous: previous, fromPrevious: used))
  }
}

/// `impact plan two-group`: two independent groups (e.g. participants and a comparison group).
struct PlanTwoGroup: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "two-group",
    abstract: "Two groups measured before and after: ANCOVA (default), change scores or follow-up only; effect d.",
    discussion: "Example: impact plan two-group --n 200 --power 0.8 --correlation 0.6")

  @OptionGroup var options: PlanOptions

  @Option(help: "Standardized difference d between the groups' outcome means, in outcome SDs (> 0).")
  var effect: Double?

  @Option(help: "Difference in the outcome's own units; divided by the previous wave's sd_post (needs --from-results).")
  var difference: Double?

  @Option(help: "Pre–post correlation ρ of the outcome, −1 < ρ < 1 (default: the previous wave's, if given).")
  var correlation: Double?

  @Option(help: "How the baseline enters: ancova, change or posttest.")
  var analysis: TwoGroupPower.Analysis = .ancova

  @Option(help: "Allocation ratio n2/n1 (> 0).")
  var ratio: Double = 1

  func validate() throws {
    try PlanOptions.checkEffect(effect)
    try PlanOptions.checkEffect(difference, name: "--difference")
    if effect != nil && difference != nil { throw ValidationError("give --effect or --difference, not both") }
    if difference != nil && options.fromResults == nil {
      throw ValidationError("--difference needs --from-results (its sd_post turns the difference into d)")
    }
    if let correlation, !(correlation > -1 && correlation < 1) {
      throw ValidationError("--correlation must lie strictly between −1 and 1, e.g. 0.6 (got \(correlation))")
    }
    if !(ratio.isFinite && ratio > 0) {
      throw ValidationError("--ratio is n2/n1 and must be positive, e.g. 1 (got \(ratio))")
    }
  }

  func run() throws {
    let previous = try options.previousWave()
    var used: [String] = []
    var rho = correlation
    if analysis != .posttest && rho == nil {
      guard let observed = previous?.correlation else {
        throw ValidationError(
          "--analysis \(analysis.rawValue) needs --correlation (the pre–post correlation, e.g. 0.5) or "
            + "--from-results; use --analysis posttest to ignore the baseline")
      }
      rho = observed
      used.append("pre–post correlation \(StudyPlanText.short(observed))")
    }
    var d = effect
    if let difference, let previous {
      guard let sd = previous.sdPost, sd > 0 else {
        throw ValidationError("\(previous.file) has no positive sd_post for \(previous.row); give --effect")
      }
      d = difference / sd
      used.append("sd_post \(StudyPlanText.short(sd)) (d = \(StudyPlanText.short(difference))/sd_post)")
    }
    let adjustments = options.adjustments(previous: previous, used: &used)
    let design = TwoGroupPower(analysis: analysis, correlation: rho ?? 0, ratio: ratio)
    try options.solveAndPrint(
      PlanRequest(
        design: .twoGroup(design), enrolled: options.n, effect: d, power: options.power, adjustments: adjustments,
        previous: previous, fromPrevious: used))
  }
}

/// `impact plan mcnemar`: change in a pass rate, McNemar's test.
struct PlanMcNemar: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "mcnemar",
    abstract: "Change in a pass rate on the same respondents: McNemar's test (Connor 1987).",
    discussion: "Example: impact plan mcnemar --effect 0.4 --discordant 0.5 --power 0.8   (23 pairs, Connor 1987)")

  @OptionGroup var options: PlanOptions

  @Option(help: "Change in the pass share Δ = p01 − p10 (fail→pass minus pass→fail), as a fraction (> 0).")
  var effect: Double?

  @Option(help: "Discordant share ψ = p01 + p10: respondents whose pass status changes, 0 < ψ ≤ 1.")
  var discordant: Double

  func validate() throws {
    try PlanOptions.checkEffect(effect)
    if !(discordant > 0 && discordant <= 1) {
      throw ValidationError("--discordant is a share of respondents, 0 < ψ ≤ 1, e.g. 0.3 (got \(discordant))")
    }
  }

  func run() throws {
    let previous = try options.previousWave()
    var used: [String] = []
    var delta = effect
    if options.wantsObservedEffect(effect), let previous {
      guard let observed = previous.passChange, observed != 0 else {
        throw ValidationError(
          "\(previous.file) has no pass-share change for \(previous.row); name an indicator with a pass "
            + "threshold (--indicator) or give --effect")
      }
      delta = abs(observed)
      used.append("observed pass-share change \(StudyPlanText.short(abs(observed)))")
    }
    let adjustments = options.adjustments(previous: previous, used: &used)
    try options.solveAndPrint(
      PlanRequest(
        design: .mcnemar(McNemarPower(discordant: discordant)), enrolled: options.n, effect: delta,
        power: options.power, adjustments: adjustments, previous: previous, fromPrevious: used))
  }
}
