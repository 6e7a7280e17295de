import Foundation
import ImpactStats
import Testing

private struct IntervalFixture: Decodable {
  struct Dz: Decodable {
    var t: Double
    var n: Int
    var confidence: Double
    var low: Double
    var high: Double
  }
  struct Hedges: Decodable {
    var t: Double
    var n1: Int
    var n2: Int
    var confidence: Double
    var df: Double?
    var J: Double
    var d: Double
    var g: Double
    var low: Double
    var high: Double
  }
  var cohensDz: [Dz]
  var hedgesG: [Hedges]
}

@Suite("EffectSizeIntervals")
struct EffectSizeIntervalTests {
  /// Limits vs mpmath root finding on 40-digit integrals of the tails.
  static let limitTolerance = Tolerance(relative: 1e-12)

  @Test("Cohen's dz limits match mpmath noncentral-t root finding")
  func cohensDz() throws {
    let fixture: IntervalFixture = try ReferenceFixtures.load("effect_size_intervals")
    var tally = ErrorTally("CohenDzInterval vs mpmath", Self.limitTolerance)
    for case_ in fixture.cohensDz {
      let ci = try #require(CohenDzInterval.compute(t: case_.t, n: case_.n, confidence: case_.confidence))
      let context = "t=\(case_.t) n=\(case_.n) conf=\(case_.confidence)"
      tally.check(ci.low, case_.low, context + " low")
      tally.check(ci.high, case_.high, context + " high")
      let dz = case_.t / Double(case_.n).squareRoot()
      #expect(ci.low < dz && dz < ci.high, "interval must contain dz: \(context)")
    }
    tally.report()
  }

  @Test("Hedges' g, J and limits match mpmath")
  func hedgesG() throws {
    let fixture: IntervalFixture = try ReferenceFixtures.load("effect_size_intervals")
    var tally = ErrorTally("HedgesGInterval vs mpmath", Self.limitTolerance)
    var j = ErrorTally("Hedges J vs mpmath", Tolerance(relative: 1e-14))
    for case_ in fixture.hedgesG {
      let result = try #require(
        HedgesGInterval.compute(
          t: case_.t, n1: case_.n1, n2: case_.n2, confidence: case_.confidence, degreesOfFreedom: case_.df))
      let context = "t=\(case_.t) n1=\(case_.n1) n2=\(case_.n2)"
      j.check(result.correction, case_.J, context)
      tally.check(result.g, case_.g, context + " g")
      tally.check(result.d, case_.d, context + " d")
      tally.check(result.low, case_.low, context + " low")
      tally.check(result.high, case_.high, context + " high")
    }
    tally.report()
    j.report()
  }

  @Test("degenerate inputs give nil, not a trap")
  func degenerate() {
    #expect(CohenDzInterval.compute(t: 2, n: 1, confidence: 0.95) == nil)
    #expect(CohenDzInterval.compute(t: .infinity, n: 10, confidence: 0.95) == nil)
    #expect(CohenDzInterval.compute(t: .nan, n: 10, confidence: 0.95) == nil)
    #expect(CohenDzInterval.compute(t: 2, n: 10, confidence: 1) == nil)
    #expect(HedgesGInterval.compute(t: 1, n1: 1, n2: 1, confidence: 0.95) == nil)
    #expect(HedgesGInterval.compute(t: 1, n1: 0, n2: 5, confidence: 0.95) == nil)
  }

  @Test("a symmetric t gives a symmetric interval; t = 0 is centred on 0")
  func symmetry() throws {
    let plus = try #require(CohenDzInterval.compute(t: 1.7, n: 15, confidence: 0.95))
    let minus = try #require(CohenDzInterval.compute(t: -1.7, n: 15, confidence: 0.95))
    #expect(relativeError(plus.low, -minus.high) <= 1e-12)
    #expect(relativeError(plus.high, -minus.low) <= 1e-12)
    let zero = try #require(CohenDzInterval.compute(t: 0, n: 15, confidence: 0.95))
    #expect(abs(zero.low + zero.high) <= 1e-13)
  }
}
