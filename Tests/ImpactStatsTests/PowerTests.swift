import Foundation
import ImpactStats
import Testing

private struct PowerFixture: Decodable {
  struct Case: Decodable {
    var analysis: String?
    var correlation: Double?
    var ratio: Double?
    var discordant: Double?
    var effect: Double
    var n: Double
    var alpha: Double
    var power: Double
  }
  struct Published: Decodable {
    var p10: Double
    var p01: Double
    var alpha: Double
    var power: Double
    var nRoundedUp: Int
  }
  var paired: [Case]
  var pairedN: [Case]
  var pairedEffect: [Case]
  var twoGroup: [Case]
  var twoGroupN: [Case]
  var twoGroupEffect: [Case]
  var mcnemar: [Case]
  var mcnemarN: [Case]
  var mcnemarEffect: [Case]
  var mcnemarPublished: Published
}

@Suite("Power")
struct PowerTests {
  /// statsmodels power / tight-brentq solutions (the brief: 1e-9).
  static let tolerance = Tolerance(relative: 1e-9)

  private static func design(_ c: PowerFixture.Case) throws -> any PowerDesign {
    if let psi = c.discordant { return McNemarPower(discordant: psi) }
    if let name = c.analysis {
      let analysis = try #require(TwoGroupPower.Analysis(rawValue: name))
      return TwoGroupPower(analysis: analysis, correlation: c.correlation ?? 0, ratio: c.ratio ?? 1)
    }
    return PairedTTestPower()
  }

  private static func label(_ c: PowerFixture.Case) -> String {
    "\(c.analysis ?? (c.discordant == nil ? "paired" : "mcnemar ψ=\(c.discordant ?? 0)")) "
      + "ρ=\(c.correlation ?? 0) r=\(c.ratio ?? 1) effect=\(c.effect) n=\(c.n) α=\(c.alpha) power=\(c.power)"
  }

  @Test("power matches statsmodels TTestPower / TTestIndPower and Connor's formula")
  func power() throws {
    let fixture: PowerFixture = try ReferenceFixtures.load("power")
    var tally = ErrorTally("power", Self.tolerance)
    for c in fixture.paired + fixture.twoGroup + fixture.mcnemar {
      let observed = try Self.design(c).power(effect: c.effect, n: c.n, alpha: c.alpha)
      tally.check(observed, c.power, Self.label(c))
    }
    tally.report()
  }

  @Test("sample size solved to full precision (statsmodels power + brentq xtol 1e-15)")
  func sampleSize() throws {
    let fixture: PowerFixture = try ReferenceFixtures.load("power")
    var tally = ErrorTally("sampleSize", Self.tolerance)
    for c in fixture.pairedN + fixture.twoGroupN + fixture.mcnemarN {
      let observed = try #require(
        try Self.design(c).sampleSize(effect: c.effect, power: c.power, alpha: c.alpha), "\(Self.label(c))")
      tally.check(observed, c.n, Self.label(c))
    }
    for c in fixture.mcnemarN {
      let psi = try #require(c.discordant)
      let closed = try #require(
        McNemarPower(discordant: psi).closedFormSampleSize(effect: c.effect, power: c.power, alpha: c.alpha))
      tally.check(closed, c.n, "closed form " + Self.label(c))
    }
    tally.report()
  }

  @Test("minimum detectable effect solved to full precision")
  func minimumDetectableEffect() throws {
    let fixture: PowerFixture = try ReferenceFixtures.load("power")
    var tally = ErrorTally("minimumDetectableEffect", Self.tolerance)
    for c in fixture.pairedEffect + fixture.twoGroupEffect + fixture.mcnemarEffect {
      let observed = try #require(
        try Self.design(c).minimumDetectableEffect(n: c.n, power: c.power, alpha: c.alpha), "\(Self.label(c))")
      tally.check(observed, c.effect, Self.label(c))
    }
    tally.report()
  }

  @Test("published examples: G*Power paired dz 0.5 → 34; Cohen d 0.5 → 64 per group; Connor 1987 → 23 pairs")
  func published() throws {
    let fixture: PowerFixture = try ReferenceFixtures.load("power")
    let paired = try #require(PairedTTestPower().sampleSize(effect: 0.5, power: 0.8, alpha: 0.05))
    #expect(paired.rounded(.up) == 34)
    let twoGroup = try #require(
      TwoGroupPower(analysis: .posttest).sampleSize(effect: 0.5, power: 0.8, alpha: 0.05))
    #expect(twoGroup.rounded(.up) == 64)
    let example = fixture.mcnemarPublished
    let mcnemar = McNemarPower(discordant: example.p10 + example.p01)
    let n = try #require(
      mcnemar.sampleSize(effect: example.p01 - example.p10, power: example.power, alpha: example.alpha))
    #expect(Int(n.rounded(.up)) == example.nRoundedUp)
  }

  @Test("ANCOVA needs (1 − ρ²) of the post-test sample, to within the df it spends")
  func ancovaShrinksSample() throws {
    let post = try #require(TwoGroupPower(analysis: .posttest).sampleSize(effect: 0.3, power: 0.8, alpha: 0.05))
    let ancova = try #require(
      TwoGroupPower(analysis: .ancova, correlation: 0.6).sampleSize(effect: 0.3, power: 0.8, alpha: 0.05))
    #expect(abs(ancova - post * 0.64) < 1.5, "post \(post), ancova \(ancova)")
  }

  @Test("unreachable targets give nil: McNemar with too few pairs for the discordant share")
  func unreachable() {
    #expect(McNemarPower(discordant: 0.1).minimumDetectableEffect(n: 10, power: 0.8, alpha: 0.05) == nil)
    // A huge effect reaches the target at the smallest admissible n.
    #expect(PairedTTestPower().sampleSize(effect: 40, power: 0.8, alpha: 0.05) == 2)
  }

  @Test("planning adjustments: per-test alpha, design effect, attrition")
  func adjustments() throws {
    let plan = PlanningAdjustments(
      alpha: 0.05, outcomes: 4, adjustment: .holm, attrition: 0.2, icc: 0.05, clusterSize: 21)
    #expect(plan.testAlpha == 0.0125)
    #expect(plan.designEffect == 2)
    #expect(plan.inflation == 2.5)
    #expect(plan.enrolled(analysed: 33.37) == 84)
    #expect(plan.analysed(enrolled: 100) == 40)
    #expect(PlanningAdjustments(alpha: 0.05, outcomes: 4, adjustment: .none).testAlpha == 0.05)
  }
}
