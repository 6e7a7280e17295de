// `impact plan`: sample size, power or minimum detectable effect for the next
// survey, with attrition, clustering and multiplicity folded in.
import Foundation
public import ImpactStats

/// What a study plan asks for: one of n, effect and power is left out and solved.
public struct PlanRequest: Sendable {
  /// The test the next wave will be analysed with.
  public enum Design: Sendable {
    /// Paired t-test on the changes (effect: Cohen's dz).
    case paired
    /// Two groups (effect: standardized difference d of the outcome).
    case twoGroup(TwoGroupPower)
    /// McNemar on a pass/fail indicator (effect: change in the pass share).
    case mcnemar(McNemarPower)

    /// Name used in output ("paired", "two-group", "mcnemar").
    public var name: String {
      switch self {
      case .paired: "paired"
      case .twoGroup: "two-group"
      case .mcnemar: "mcnemar"
      }
    }

    var power: any PowerDesign {
      switch self {
      case .paired: PairedTTestPower()
      case .twoGroup(let design): design
      case .mcnemar(let design): design
      }
    }
  }

  public var design: Design
  /// Units enrolled (pairs; group-1 members for two-group), before attrition and clustering.
  public var enrolled: Double?
  /// Effect size (dz, d or Δ).
  public var effect: Double?
  /// Target power.
  public var power: Double?
  /// Level, multiplicity, attrition and design effect.
  public var adjustments: PlanningAdjustments
  /// The previous wave the inputs came from, if any, and which inputs it supplied.
  public var previous: PreviousWave?
  public var fromPrevious: [String]

  public init(
    design: Design, enrolled: Double?, effect: Double?, power: Double?, adjustments: PlanningAdjustments,
    previous: PreviousWave? = nil, fromPrevious: [String] = []
  ) {
    self.design = design
    self.enrolled = enrolled
    self.effect = effect
    self.power = power
    self.adjustments = adjustments
    self.previous = previous
    self.fromPrevious = fromPrevious
  }
}

/// Inputs that do not admit a plan (exit 2 in the CLI), with a sentence that says what to change.
public struct PlanProblem: Error, Sendable, Equatable, CustomStringConvertible {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}

/// A solved plan.
public struct StudyPlan: Sendable {
  /// The quantity solved for.
  public enum Unknown: String, Sendable {
    case n
    case effect
    case power
  }

  public var request: PlanRequest
  public var solvedFor: Unknown
  public var effect: Double
  public var power: Double
  /// Units the test analyses (continuous; pairs, or group-1 members).
  public var analysed: Double
  /// ⌈analysed⌉ when n was solved.
  public var analysedRounded: Int?
  /// Power at the rounded n (when n was solved).
  public var powerAtRounded: Double?
  /// Units to enrol: ⌈analysed·DE/(1 − a)⌉, or the given --n.
  public var enrolled: Double
  /// Group 2 (two-group): analysed and enrolled.
  public var analysedGroup2: Double?
  public var enrolledGroup2: Double?
  /// Clusters to enrol (per group for two-group) when clusters are larger than 1.
  public var clusters: Int?
  public var clustersGroup2: Int?
  /// Readable notes (sources of inputs, Holm, floors).
  public var notes: [String]

  /// Solves `request`.
  ///
  /// ```
  /// α_test = α/K (Bonferroni, Holm's first step) or α;  inflation = DE/(1 − a)
  /// n:      solve power(effect, n, α_test) = power;  enrol ⌈n·inflation⌉
  /// effect: n_analysed = n_enrolled/inflation;  solve power(effect, n_analysed, α_test) = power
  /// power:  power(effect, n_enrolled/inflation, α_test)
  /// ```
  /// - Throws: `PlanProblem` when the inputs admit no plan (power not above
  ///   α_test, too few units after attrition and clustering, an unreachable target).
  public static func solve(_ request: PlanRequest) throws(PlanProblem) -> StudyPlan {
    let design = request.design.power
    let adjust = request.adjustments
    let alpha = adjust.testAlpha
    if let power = request.power, !(power > alpha && power < 1) {
      throw PlanProblem(
        "--power \(format(power)) must lie between the per-test alpha \(format(alpha)) and 1 (e.g. 0.8)")
    }
    if let effect = request.effect, case .mcnemar(let m) = request.design, !(effect < m.discordant) {
      throw PlanProblem(
        "--effect \(format(effect)) (change in the pass share) must be smaller than --discordant "
          + "\(format(m.discordant)), the share of respondents whose pass status changes")
    }
    var notes: [String] = []
    if adjust.outcomes > 1 {
      switch adjust.adjustment {
      case .bonferroni:
        notes.append("Bonferroni: each of the \(adjust.outcomes) outcomes is tested at α/\(adjust.outcomes).")
      case .holm:
        notes.append(
          "Holm: planned at α/\(adjust.outcomes), the level Holm applies to the smallest p-value "
            + "(conservative; later outcomes are tested at larger levels).")
      case .none:
        notes.append("No multiplicity correction across the \(adjust.outcomes) outcomes.")
      }
    }
    if let previous = request.previous, !request.fromPrevious.isEmpty {
      notes.append(
        "From \(previous.file) (\(previous.row)): \(request.fromPrevious.joined(separator: ", ")).")
    }
    let minimum = design.minimumN
    let unit = request.design.unitName
    func analysedFrom(_ enrolled: Double) throws(PlanProblem) -> Double {
      let analysed = adjust.analysed(enrolled: enrolled)
      guard analysed >= minimum else {
        throw PlanProblem(
          "--n \(format(enrolled)) leaves \(format(analysed)) \(unit) to analyse after attrition and the design "
            + "effect; the test needs at least \(format(minimum)). Enrol more, or solve for n by leaving --n out")
      }
      return analysed
    }

    var plan: StudyPlan
    switch (request.enrolled, request.effect, request.power) {
    case (nil, let effect?, let power?):
      guard let n = design.sampleSize(effect: effect, power: power, alpha: alpha) else {
        throw PlanProblem("no sample size below 10^15 reaches power \(format(power)); use a larger --effect")
      }
      if n == minimum {
        notes.append("The smallest sample the test allows (\(format(minimum)) \(unit)) already reaches the power.")
      }
      let rounded = n.rounded(.up)
      plan = StudyPlan(
        request: request, solvedFor: .n, effect: effect, power: power, analysed: n,
        analysedRounded: Int(exactly: rounded), powerAtRounded: design.power(effect: effect, n: rounded, alpha: alpha),
        enrolled: (n * adjust.inflation).rounded(.up), notes: notes)
    case (let enrolled?, nil, let power?):
      let analysed = try analysedFrom(enrolled)
      guard let effect = design.minimumDetectableEffect(n: analysed, power: power, alpha: alpha) else {
        throw PlanProblem(
          "no admissible effect reaches power \(format(power)) with \(format(analysed)) \(unit) analysed; "
            + "enrol more, or lower --power")
      }
      plan = StudyPlan(
        request: request, solvedFor: .effect, effect: effect, power: power, analysed: analysed, enrolled: enrolled,
        notes: notes)
    case (let enrolled?, let effect?, nil):
      let analysed = try analysedFrom(enrolled)
      let power = design.power(effect: effect, n: analysed, alpha: alpha)
      plan = StudyPlan(
        request: request, solvedFor: .power, effect: effect, power: power, analysed: analysed, enrolled: enrolled,
        notes: notes)
    default:
      throw PlanProblem("give exactly two of --n, --effect and --power; the third is solved")
    }
    if case .twoGroup(let twoGroup) = request.design {
      plan.analysedGroup2 = plan.analysed * twoGroup.ratio
      plan.enrolledGroup2 =
        plan.solvedFor == .n
        ? (plan.analysed * twoGroup.ratio * adjust.inflation).rounded(.up) : plan.enrolled * twoGroup.ratio
    }
    if adjust.clusterSize > 1 {
      plan.clusters = Int(exactly: (plan.enrolled / adjust.clusterSize).rounded(.up))
      if let group2 = plan.enrolledGroup2 {
        plan.clustersGroup2 = Int(exactly: (group2 / adjust.clusterSize).rounded(.up))
      }
    }
    return plan
  }

  init(
    request: PlanRequest, solvedFor: Unknown, effect: Double, power: Double, analysed: Double,
    analysedRounded: Int? = nil, powerAtRounded: Double? = nil, enrolled: Double, notes: [String]
  ) {
    self.request = request
    self.solvedFor = solvedFor
    self.effect = effect
    self.power = power
    self.analysed = analysed
    self.analysedRounded = analysedRounded
    self.powerAtRounded = powerAtRounded
    self.enrolled = enrolled
    self.notes = notes
  }

  /// Four significant digits for text and messages.
  static func format(_ value: Double) -> String {
    if value == value.rounded() && abs(value) < 1e15 { return String(Int(value)) }
    return String(format: "%.4g", value)
  }
}

extension PlanRequest.Design {
  /// What n counts.
  var unitName: String {
    switch self {
    case .paired, .mcnemar: "pairs"
    case .twoGroup: "members of group 1"
    }
  }
}
