import ImpactStats
import Testing

/// Every rule of `impact audit` on both sides of its threshold.
@Suite struct EvidenceStandardsTests {
  struct Boundary: Sendable, CustomTestStringConvertible {
    var overall: Double
    var differential: Double
    var boundary: AttritionBoundary
    var level: AttritionLevel
    var testDescription: String { "\(overall) \(differential) \(boundary.rawValue) → \(level.rawValue)" }
  }

  static let boundaries = [
    // Cautious: 5.7 pp at 0%, 6.3 at 10%, 0.0 at 57%, nothing above.
    Boundary(overall: 0, differential: 0.057, boundary: .cautious, level: .low),
    Boundary(overall: 0, differential: 0.0571, boundary: .cautious, level: .high),
    Boundary(overall: 0.10, differential: 0.063, boundary: .cautious, level: .low),
    Boundary(overall: 0.10, differential: 0.064, boundary: .cautious, level: .high),
    Boundary(overall: 0.57, differential: 0, boundary: .cautious, level: .low),
    Boundary(overall: 0.57, differential: 0.001, boundary: .cautious, level: .high),
    Boundary(overall: 0.58, differential: 0, boundary: .cautious, level: .high),
    // Optimistic: 8.2 pp at 30%, 0.3 at 65%, nothing above.
    Boundary(overall: 0.30, differential: 0.082, boundary: .optimistic, level: .low),
    Boundary(overall: 0.30, differential: 0.083, boundary: .optimistic, level: .high),
    Boundary(overall: 0.30, differential: 0.06, boundary: .cautious, level: .high),
    Boundary(overall: 0.65, differential: 0.003, boundary: .optimistic, level: .low),
    Boundary(overall: 0.66, differential: 0, boundary: .optimistic, level: .high),
    // Overall attrition is rounded to a whole percent as in the table.
    Boundary(overall: 0.104, differential: 0.063, boundary: .cautious, level: .low),
    Boundary(overall: 0.116, differential: 0.063, boundary: .cautious, level: .high),
    // Not a fraction.
    Boundary(overall: .nan, differential: 0, boundary: .cautious, level: .high),
    Boundary(overall: 0.1, differential: -0.01, boundary: .cautious, level: .high),
  ]

  @Test(arguments: boundaries)
  func attritionBoundary(_ b: Boundary) {
    #expect(
      WWCAttritionBoundary.level(overall: b.overall, differential: b.differential, boundary: b.boundary) == b.level)
  }

  @Test func boundaryTableShape() {
    #expect(WWCAttritionBoundary.cautious.count == 58)
    #expect(WWCAttritionBoundary.optimistic.count == 66)
    #expect(zip(WWCAttritionBoundary.cautious, WWCAttritionBoundary.optimistic).allSatisfy { $0 < $1 })
  }

  @Test(arguments: [
    (0.0, BaselineEquivalence.satisfied), (0.05, .satisfied), (-0.05, .satisfied), (0.0501, .requiresAdjustment),
    (-0.2, .requiresAdjustment), (0.25, .requiresAdjustment), (0.2501, .notSatisfied), (-0.9, .notSatisfied),
  ])
  func baselineEquivalenceBands(_ g: Double, _ band: BaselineEquivalence) {
    #expect(EvidenceRules.baselineEquivalence(effectSize: g) == band)
  }

  struct Comparison: Sendable, CustomTestStringConvertible {
    var randomized: Bool
    var overall: Double
    var differential: Double
    var g: Double?
    var adjusted: Bool
    var rating: EvidenceRating
    var testDescription: String { "rct \(randomized) \(overall)/\(differential) g \(g ?? .nan) adj \(adjusted)" }
  }

  static let comparisons = [
    // RCT, low attrition: no cap, whatever the baseline difference.
    Comparison(randomized: true, overall: 0.10, differential: 0.05, g: 0.4, adjusted: false, rating: .strong),
    Comparison(randomized: true, overall: 0.10, differential: 0.05, g: nil, adjusted: false, rating: .strong),
    // RCT, high attrition: must show equivalence like a QED.
    Comparison(randomized: true, overall: 0.10, differential: 0.07, g: 0.05, adjusted: false, rating: .moderate),
    Comparison(randomized: true, overall: 0.10, differential: 0.07, g: 0.26, adjusted: true, rating: .insufficient),
    Comparison(randomized: true, overall: 0.10, differential: 0.07, g: nil, adjusted: true, rating: .insufficient),
    // QED: at most moderate; 0.05–0.25 only with adjustment.
    Comparison(randomized: false, overall: 0.10, differential: 0.01, g: 0.05, adjusted: false, rating: .moderate),
    Comparison(randomized: false, overall: 0.10, differential: 0.01, g: 0.06, adjusted: false, rating: .insufficient),
    Comparison(randomized: false, overall: 0.10, differential: 0.01, g: 0.06, adjusted: true, rating: .moderate),
    Comparison(randomized: false, overall: 0.10, differential: 0.01, g: 0.25, adjusted: true, rating: .moderate),
    Comparison(randomized: false, overall: 0.10, differential: 0.01, g: 0.26, adjusted: true, rating: .insufficient),
    Comparison(randomized: false, overall: 0.70, differential: 0.01, g: 0.01, adjusted: true, rating: .moderate),
  ]

  @Test(arguments: comparisons)
  func comparisonDesignRules(_ c: Comparison) {
    let reasons = EvidenceRules.comparisonReasons(
      randomized: c.randomized, overallAttrition: c.overall, differentialAttrition: c.differential,
      boundary: .cautious, baselineEffectSize: c.g, adjusted: c.adjusted)
    #expect(EvidenceRules.rating(reasons) == c.rating, "\(reasons.map(\.code))")
    #expect(reasons.allSatisfy { !$0.standard.isEmpty && !$0.finding.isEmpty })
  }

  @Test func designCaps() {
    #expect(EvidenceRules.designReason(.oneGroupPrePost).cap == .limited)
    #expect(EvidenceRules.designReason(.comparisonGroup).cap == .moderate)
    #expect(EvidenceRules.designReason(.randomized).cap == .strong)
    #expect(EvidenceRules.rating([]) == .strong)
  }

  @Test func floorAndCeilingThreshold() {
    #expect(EvidenceRules.isExtreme(share: 0.15))
    #expect(!EvidenceRules.isExtreme(share: 0.1499))
  }

  @Test(arguments: [
    (1.0, 1.0, EvidenceRating?.some(.insufficient)), (1.2, 1.0, .insufficient), (0.99, 1.0, .limited),
    (0.5, 1.0, .limited), (0.49, 1.0, nil), (-0.3, 1.0, nil), (0.1, 0.0, .insufficient), (0.0, 0.0, nil),
  ])
  func regressionToTheMeanCap(_ expected: Double, _ observed: Double, _ cap: EvidenceRating?) {
    #expect(EvidenceRules.regressionCap(expected: expected, observed: observed) == cap)
  }

  @Test func precisionRule() {
    #expect(EvidenceRules.precisionCap(ciLow: 0.01, ciHigh: 2) == nil)
    #expect(EvidenceRules.precisionCap(ciLow: 0, ciHigh: 2) == .insufficient)
    #expect(EvidenceRules.precisionCap(ciLow: -0.01, ciHigh: 2) == .insufficient)
    #expect(EvidenceRules.precisionCap(ciLow: -2, ciHigh: -0.01) == nil)
    #expect(EvidenceRules.precisionCap(ciLow: nil, ciHigh: 2) == .limited)
  }

  @Test func multiplicityRule() {
    #expect(EvidenceRules.multiplicityCap(p: 0.049, adjusted: 0.05, alpha: 0.05) == .limited)
    #expect(EvidenceRules.multiplicityCap(p: 0.049, adjusted: 0.0499, alpha: 0.05) == nil)
    #expect(EvidenceRules.multiplicityCap(p: 0.05, adjusted: 0.2, alpha: 0.05) == nil)
  }

  @Test func reliabilityRule() {
    #expect(EvidenceRules.reliabilityCap(alphaPre: 0.5, alphaPost: 0.9) == nil)
    #expect(EvidenceRules.reliabilityCap(alphaPre: 0.9, alphaPost: 0.4999) == .insufficient)
    #expect(EvidenceRules.reliabilityCap(alphaPre: nil, alphaPost: 0.9) == .limited)
  }
}
