// What turns the n a test needs into the n to recruit, and the level each
// test is run at when several outcomes are tested.
//
// Sources: design effect 1 + (m − 1)·ICC for clusters of size m (L. Kish,
// Survey Sampling, Wiley 1965, §5.4; A. Donner & N. Klar, Design and Analysis
// of Cluster Randomization Trials, 2000, ch. 5); attrition inflation n/(1 − a);
// Bonferroni α/K, which is also the level Holm's procedure applies to the
// smallest of K p-values (S. Holm, Scandinavian Journal of Statistics 6
// (1979) 65–70) — the conservative planning level for Holm.
import Foundation

/// Multiplicity correction used to set the per-test level.
public enum MultiplicityAdjustment: String, Sendable, CaseIterable {
  /// α/K for every test.
  case bonferroni
  /// Holm: α/K for the first (smallest) p-value; planned at that level.
  case holm
  /// No correction: α.
  case none
}

/// Recruitment inflation and per-test level for a study plan.
///
/// ```
/// α_test = α/K (bonferroni, holm), α (none or K = 1)
/// DE = 1 + (m − 1)·ICC
/// n_enrol = ⌈n_analysed·DE/(1 − a)⌉,   n_analysed(from n_enrol) = n_enrol·(1 − a)/DE
/// ```
public struct PlanningAdjustments: Sendable, Equatable {
  /// Family level α, 0 < α < 1.
  public var alpha: Double
  /// Number of outcomes K ≥ 1.
  public var outcomes: Int
  /// Correction across the K outcomes.
  public var adjustment: MultiplicityAdjustment
  /// Expected share lost to follow-up, 0 ≤ a < 1.
  public var attrition: Double
  /// Intraclass correlation, 0 ≤ ICC < 1.
  public var icc: Double
  /// Mean cluster size m ≥ 1.
  public var clusterSize: Double

  /// - Parameters: see the properties (preconditions on the ranges).
  public init(
    alpha: Double = 0.05, outcomes: Int = 1, adjustment: MultiplicityAdjustment = .bonferroni,
    attrition: Double = 0, icc: Double = 0, clusterSize: Double = 1
  ) {
    precondition(alpha > 0 && alpha < 1 && outcomes >= 1, "PlanningAdjustments: bad alpha or outcomes")
    precondition(attrition >= 0 && attrition < 1 && icc >= 0 && icc < 1 && clusterSize >= 1, "PlanningAdjustments")
    self.alpha = alpha
    self.outcomes = outcomes
    self.adjustment = adjustment
    self.attrition = attrition
    self.icc = icc
    self.clusterSize = clusterSize
  }

  /// The two-sided level each test is planned at.
  public var testAlpha: Double {
    adjustment == .none ? alpha : alpha / Double(outcomes)
  }

  /// Design effect DE = 1 + (m − 1)·ICC.
  public var designEffect: Double { 1 + (clusterSize - 1) * icc }

  /// DE/(1 − a): enrolled units per analysed unit.
  public var inflation: Double { designEffect / (1 - attrition) }

  /// ⌈n·DE/(1 − a)⌉ (nil when it exceeds Int range).
  public func enrolled(analysed n: Double) -> Int? {
    let value = (n * inflation).rounded(.up)
    return value < 9e15 ? Int(value) : nil
  }

  /// The effective number analysed from `n` enrolled: n·(1 − a)/DE.
  public func analysed(enrolled n: Double) -> Double { n / inflation }
}
