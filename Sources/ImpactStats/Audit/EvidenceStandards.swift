import Foundation

// The evidence standards `impact audit` applies, as pure functions over plain
// numbers.
//
// - What Works Clearinghouse (WWC), *Standards Handbook, Version 4.1* (2020):
//   Table II.1, the attrition boundary ("highest differential attrition rate
//   for a sample to maintain low attrition, by overall attrition rate, under
//   'optimistic' and 'cautious' assumptions"); the baseline-equivalence bands
//   (≤ 0.05 SD satisfied, 0.05–0.25 SD requires statistical adjustment,
//   > 0.25 SD not satisfied); the design caps (a randomized trial with low
//   attrition can meet standards without reservations; a quasi-experiment, or
//   a trial with high attrition, at most with reservations; a one-group
//   pre-post design is not eligible). WWC *Procedures and Standards Handbook,
//   Version 5.0* (2022) keeps these rules; the table values below are Version
//   4.1's, as transcribed in the R package baselinr 0.6.0
//   (`attrition_boundary()`); they were not checked against the PDF here.
// - WWC outcome reliability: internal consistency (coefficient alpha) of at
//   least 0.50.
// - CONSORT 2010, items 17a (each outcome with its effect size and precision,
//   e.g. a 95% CI) and 17b (binary outcomes: absolute and relative effects).
// - Floor and ceiling effects: ≥ 15% of answers at the lowest (highest) point
//   of the scale (Terwee et al. 2007, J Clin Epidemiol 60:34–42, use > 15%).
// - Regression to the mean: Barnett, van der Pols & Dobson 2005, Int J
//   Epidemiol 34:215–220: the expected change of a group selected on its
//   baseline is (1 − r)·(μ − baseline mean).

/// How strong the evidence behind a claim is, weakest first.
public enum EvidenceRating: Int, Sendable, Comparable, CaseIterable, CustomStringConvertible {
  case insufficient = 0
  case limited
  case moderate
  case strong

  public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }

  public var description: String {
    switch self {
    case .insufficient: "insufficient"
    case .limited: "limited"
    case .moderate: "moderate"
    case .strong: "strong"
    }
  }
}

/// The study design a claim rests on.
public enum StudyDesign: String, Sendable, Equatable {
  case oneGroupPrePost = "one-group pre-post"
  case comparisonGroup = "pre-post with comparison group (quasi-experimental)"
  case randomized = "randomized controlled trial"
}

/// Which WWC attrition boundary applies: `cautious` when the intervention
/// could plausibly affect who stays (the default), `optimistic` when it is
/// unlikely to.
public enum AttritionBoundary: String, Sendable, Equatable, CaseIterable {
  case cautious
  case optimistic
}

/// Low or high attrition against the WWC boundary.
public enum AttritionLevel: String, Sendable, Equatable {
  case low
  case high
}

/// WWC baseline-equivalence bands of the absolute standardized baseline
/// difference between the groups.
public enum BaselineEquivalence: String, Sendable, Equatable {
  /// |g| ≤ 0.05.
  case satisfied
  /// 0.05 < |g| ≤ 0.25: only with a statistical adjustment for the baseline.
  case requiresAdjustment = "requires statistical adjustment"
  /// |g| > 0.25.
  case notSatisfied = "not satisfied"
}

/// One reason a rating is below `strong` (or a note that it was checked):
/// what was found, the standard it comes from, and the highest rating it
/// allows.
public struct AuditReason: Sendable, Equatable {
  /// Stable code, e.g. `design.one_group`.
  public var code: String
  /// The standard, e.g. "WWC Standards Handbook v4.1/v5.0: design".
  public var standard: String
  /// What was found (fixed text with numbers filled in).
  public var finding: String
  /// The highest rating this finding allows.
  public var cap: EvidenceRating

  public init(code: String, standard: String, finding: String, cap: EvidenceRating) {
    self.code = code
    self.standard = standard
    self.finding = finding
    self.cap = cap
  }
}

/// The WWC attrition boundary (Standards Handbook v4.1, Table II.1).
public enum WWCAttritionBoundary {
  /// Where the numbers come from.
  public static let source =
    "WWC Standards Handbook v4.1 (2020), Table II.1 (kept in the Procedures and Standards Handbook v5.0, 2022); values as transcribed in R baselinr 0.6.0 attrition_boundary()"

  /// Highest differential attrition (percentage points) still "low", for
  /// overall attrition 0, 1, …, 57 % (cautious; above 57 % every
  /// differential is high).
  public static let cautious: [Double] = [
    5.7, 5.8, 5.9, 5.9, 6.0, 6.1, 6.2, 6.3, 6.3, 6.3, 6.3, 6.2, 6.2, 6.1, 6.0,
    5.9, 5.9, 5.8, 5.7, 5.5, 5.4, 5.3, 5.2, 5.1, 4.9, 4.8, 4.7, 4.5, 4.4, 4.3,
    4.1, 4.0, 3.8, 3.6, 3.5, 3.3, 3.2, 3.1, 2.9, 2.8, 2.6, 2.5, 2.3, 2.1, 2.0,
    1.8, 1.6, 1.5, 1.3, 1.2, 1.0, 0.9, 0.7, 0.6, 0.4, 0.3, 0.2, 0.0,
  ]

  /// The same for overall attrition 0, 1, …, 65 % (optimistic; above 65 %
  /// every differential is high).
  public static let optimistic: [Double] = [
    10.0, 10.1, 10.2, 10.3, 10.4, 10.5, 10.7, 10.8, 10.9, 10.9, 10.9, 10.9,
    10.9, 10.8, 10.8, 10.7, 10.6, 10.5, 10.3, 10.2, 10.0, 9.9, 9.7, 9.5, 9.4,
    9.2, 9.0, 8.8, 8.6, 8.4, 8.2, 8.0, 7.8, 7.6, 7.4, 7.2, 7.0, 6.7, 6.5, 6.3,
    6.0, 5.8, 5.6, 5.3, 5.1, 4.9, 4.6, 4.4, 4.2, 3.9, 3.7, 3.5, 3.2, 3.0, 2.8,
    2.6, 2.3, 2.1, 1.9, 1.6, 1.4, 1.1, 0.9, 0.7, 0.5, 0.3,
  ]

  /// The highest differential attrition (percentage points) that is still
  /// low at this overall attrition (a fraction 0–1, rounded to a whole
  /// percent as the table is), or `nil` when every differential is high
  /// (beyond the table) or the input is not a fraction.
  public static func maximumDifferential(overall: Double, boundary: AttritionBoundary) -> Double? {
    guard overall.isFinite, overall >= 0, overall <= 1 else { return nil }
    let table = boundary == .cautious ? cautious : optimistic
    let row = Int((overall * 100).rounded())
    return table.indices.contains(row) ? table[row] : nil
  }

  /// Low when the differential attrition (a fraction, the absolute
  /// difference of the groups' attrition rates) is at most the boundary at
  /// this overall attrition (10⁻⁸ points of slack for decimal round-off).
  public static func level(overall: Double, differential: Double, boundary: AttritionBoundary) -> AttritionLevel {
    guard differential.isFinite, differential >= 0,
      let limit = maximumDifferential(overall: overall, boundary: boundary)
    else { return .high }
    return differential * 100 <= limit + 1e-8 ? .low : .high
  }
}

/// The evidence rules `impact audit` applies, as pure functions.
public enum EvidenceRules {
  /// The WWC band of an absolute standardized baseline difference (in SD).
  public static func baselineEquivalence(effectSize g: Double) -> BaselineEquivalence {
    let a = abs(g)
    if a <= 0.05 { return .satisfied }
    if a <= 0.25 { return .requiresAdjustment }
    return .notSatisfied
  }

  /// The cap the design puts on every claim.
  public static func designReason(_ design: StudyDesign) -> AuditReason {
    switch design {
    case .oneGroupPrePost:
      AuditReason(
        code: "design.one_group", standard: "WWC Procedures and Standards Handbook v5.0: eligible designs",
        finding:
          "one-group pre-post design: no comparison group, so the change cannot be attributed to the program (WWC: not eligible, pre-experimental)",
        cap: .limited)
    case .comparisonGroup:
      AuditReason(
        code: "design.quasi_experimental", standard: "WWC Procedures and Standards Handbook v5.0: QED",
        finding: "quasi-experimental comparison: can at best meet WWC standards with reservations", cap: .moderate)
    case .randomized:
      AuditReason(
        code: "design.randomized", standard: "WWC Procedures and Standards Handbook v5.0: RCT",
        finding: "randomized assignment", cap: .strong)
    }
  }

  /// The reasons of a comparison-group design from its attrition and
  /// baseline equivalence (WWC group-design rules):
  /// - randomized with low attrition: no cap from these rules;
  /// - randomized with high attrition, or quasi-experimental: baseline
  ///   equivalence must be shown; `notSatisfied` → insufficient;
  ///   `requiresAdjustment` without `adjusted` → insufficient; with it, or
  ///   `satisfied` → moderate (meets standards with reservations);
  /// - baseline difference unknown (nil) where it is needed → insufficient.
  /// - Parameters:
  ///   - overallAttrition, differentialAttrition: fractions 0–1.
  ///   - baselineEffectSize: standardized baseline difference of the groups
  ///     (analytic sample), in SD.
  ///   - adjusted: whether the impact estimate adjusts for the baseline
  ///     (ANCOVA, difference-in-differences).
  public static func comparisonReasons(
    randomized: Bool, overallAttrition: Double, differentialAttrition: Double, boundary: AttritionBoundary,
    baselineEffectSize: Double?, adjusted: Bool
  ) -> [AuditReason] {
    var out = [designReason(randomized ? .randomized : .comparisonGroup)]
    let level = WWCAttritionBoundary.level(
      overall: overallAttrition, differential: differentialAttrition, boundary: boundary)
    let attritionText =
      "overall attrition \(percent(overallAttrition)), differential \(percent(differentialAttrition)): \(level.rawValue) against the \(boundary.rawValue) boundary"
    let wwcAttrition = "WWC attrition boundary (Standards Handbook v4.1, Table II.1)"
    if randomized && level == .low {
      out.append(AuditReason(code: "attrition.low", standard: wwcAttrition, finding: attritionText, cap: .strong))
      return out
    }
    if randomized {
      out.append(
        AuditReason(
          code: "attrition.high", standard: wwcAttrition,
          finding: attritionText + "; the trial must show baseline equivalence like a quasi-experiment",
          cap: .moderate))
    } else {
      out.append(
        AuditReason(code: "attrition.\(level.rawValue)", standard: wwcAttrition, finding: attritionText, cap: .moderate)
      )
    }
    let wwcEquivalence = "WWC Procedures and Standards Handbook v5.0: baseline equivalence"
    guard let g = baselineEffectSize, g.isFinite else {
      out.append(
        AuditReason(
          code: "equivalence.unknown", standard: wwcEquivalence,
          finding: "baseline equivalence of the groups is not known", cap: .insufficient))
      return out
    }
    let band = baselineEquivalence(effectSize: g)
    let text = "baseline difference \(fixed(abs(g), 3)) SD: \(band.rawValue)"
    switch band {
    case .satisfied:
      out.append(AuditReason(code: "equivalence.satisfied", standard: wwcEquivalence, finding: text, cap: .moderate))
    case .requiresAdjustment:
      out.append(
        AuditReason(
          code: adjusted ? "equivalence.adjusted" : "equivalence.unadjusted", standard: wwcEquivalence,
          finding: text + (adjusted ? "; the estimate adjusts for the baseline" : "; the estimate is not adjusted"),
          cap: adjusted ? .moderate : .insufficient))
    case .notSatisfied:
      out.append(
        AuditReason(code: "equivalence.not_satisfied", standard: wwcEquivalence, finding: text, cap: .insufficient))
    }
    return out
  }

  /// The rating the reasons allow: the lowest cap (strong without reasons).
  public static func rating(_ reasons: [AuditReason]) -> EvidenceRating {
    reasons.map(\.cap).min() ?? .strong
  }

  /// Floor/ceiling threshold: a share of answers at one end of the scale at
  /// or above this flags the indicator.
  public static let extremeShareThreshold = 0.15
  /// WWC minimum internal consistency of an outcome measure.
  public static let minimumAlpha = 0.50

  /// Whether a share (0–1) of answers at one end of the scale flags a floor
  /// or ceiling effect.
  public static func isExtreme(share: Double) -> Bool { share >= extremeShareThreshold }

  /// CONSORT 17a: the cap from a figure's interval — none (nil) when the
  /// interval excludes `noChange`; insufficient when it includes it; limited
  /// without an interval.
  public static func precisionCap(ciLow: Double?, ciHigh: Double?, noChange: Double = 0) -> EvidenceRating? {
    guard let lo = ciLow, let hi = ciHigh else { return .limited }
    return lo <= noChange && noChange <= hi ? .insufficient : nil
  }

  /// Multiple outcomes: an improvement significant only before correction
  /// (p < α ≤ adjusted p) is limited; otherwise no cap (nil).
  public static func multiplicityCap(p: Double, adjusted: Double, alpha: Double) -> EvidenceRating? {
    p < alpha && adjusted >= alpha ? .limited : nil
  }

  /// WWC outcome reliability: alpha below 0.50 in either wave is
  /// insufficient; an undefined alpha is limited; otherwise no cap (nil).
  public static func reliabilityCap(alphaPre: Double?, alphaPost: Double?) -> EvidenceRating? {
    guard let p = alphaPre, let q = alphaPost else { return .limited }
    return min(p, q) < minimumAlpha ? .insufficient : nil
  }

  /// Regression-to-the-mean cap when participants were selected on their
  /// baseline: the expected change from regression alone against the observed
  /// change (both direction-adjusted, in the same units): ≥ the observed →
  /// insufficient; ≥ half of it → limited; else no cap (nil).
  public static func regressionCap(expected: Double, observed: Double) -> EvidenceRating? {
    guard observed > 0 else { return expected > 0 ? .insufficient : nil }
    if expected >= observed { return .insufficient }
    if expected >= observed / 2 { return .limited }
    return nil
  }
}

func percent(_ x: Double) -> String { fixed(x * 100, 1) + "%" }

func fixed(_ x: Double, _ places: Int) -> String {
  x.isFinite ? String(format: "%.\(places)f", x) : "n/a"
}
