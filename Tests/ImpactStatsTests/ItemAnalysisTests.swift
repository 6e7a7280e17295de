import Foundation
import ImpactCore
import ImpactStats
import Testing

/// ItemAnalysis against R psych::alpha (with keys) on psych's bfi items, and
/// Feldt's interval as pingouin computes it (Reference/make_reliability_reference.R).
@Suite struct ItemAnalysisTests {
  struct Scale: Decodable {
    var name: String
    var items: [String]
    var reversed: [Bool]
    var n: Int
    var raw_alpha: Double
    var std_alpha: Double
    var alpha_if_deleted: [Double]
    var r_drop: [Double]
    var ci95: [Double]
  }

  /// The complete-case bfi items as columns by name.
  static func bfi() throws -> [String: [Double]] {
    let url = try #require(Bundle.module.url(forResource: "bfi_items", withExtension: "csv", subdirectory: "Reference"))
    let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
    let names = lines[0].split(separator: ",").map { $0.replacingOccurrences(of: "\"", with: "") }
    var columns = [String: [Double]]()
    for line in lines.dropFirst() {
      for (name, field) in zip(names, line.split(separator: ",")) {
        columns[name, default: []].append(try #require(Double(field)))
      }
    }
    return columns
  }

  @Test func matchesPsychAlphaWithKeys() throws {
    let scales = try ReferenceFixtures.load("reliability", as: [Scale].self)
    let data = try Self.bfi()
    var tally = ErrorTally("psych::alpha", Tolerance(relative: 1e-12))
    for s in scales {
      let matrix = Matrix(columns: try s.items.map { try #require(data[$0]) })
      let products = try #require(matrix.centeredCrossProducts())
      let covariance = try #require(products.covariance)
      let a = ItemAnalysis(covariance: covariance, count: s.n, reversed: s.reversed)
      let alpha = try #require(a.alpha)
      let standardized = try #require(a.standardizedAlpha)
      tally.check(alpha, s.raw_alpha, "\(s.name) raw_alpha")
      tally.check(standardized, s.std_alpha, "\(s.name) std.alpha")
      for j in s.items.indices {
        let deleted = try #require(a.items[j].alphaIfDeleted)
        let rDrop = try #require(a.items[j].rDrop)
        tally.check(deleted, s.alpha_if_deleted[j], "\(s.name) alpha.drop \(j)")
        tally.check(rDrop, s.r_drop[j], "\(s.name) r.drop \(j)")
      }
      let low = try #require(a.ciLow)
      let high = try #require(a.ciHigh)
      tally.check(low, s.ci95[0], "\(s.name) Feldt low")
      tally.check(high, s.ci95[1], "\(s.name) Feldt high")
    }
    tally.report()
  }

  /// The bug of issue 15: without the keys, agreeableness' alpha is what
  /// psych reports without reversing, and A1 correlates negatively with the
  /// rest — which ItemAnalysis flags.
  @Test func unkeyedReversedItemIsFlagged() throws {
    let scales = try ReferenceFixtures.load("reliability", as: [Scale].self)
    let s = try #require(scales.first { $0.name == "agreeableness_unkeyed" })
    let data = try Self.bfi()
    let matrix = Matrix(columns: try s.items.map { try #require(data[$0]) })
    let products = try #require(matrix.centeredCrossProducts())
    let covariance = try #require(products.covariance)
    let a = ItemAnalysis(covariance: covariance, count: s.n, reversed: s.reversed)
    let alpha = try #require(a.alpha)
    #expect(relativeError(alpha, s.raw_alpha) < 1e-12)
    #expect(a.negativelyCorrelated == [0])
    let keyed = ItemAnalysis(covariance: covariance, count: s.n, reversed: [true, false, false, false, false])
    #expect(keyed.negativelyCorrelated.isEmpty)
    let keyedAlpha = try #require(keyed.alpha)
    #expect(keyedAlpha > alpha)
  }

  @Test func degenerateInputsGiveNil() {
    let one = ItemAnalysis(covariance: Matrix(rows: 1, columns: 1, repeating: 1), count: 10, reversed: [false])
    #expect(one.alpha == nil && one.ciLow == nil)
    let flat = ItemAnalysis(
      covariance: Matrix(rows: 3, columns: 3, repeating: 0), count: 10, reversed: [false, false, false])
    #expect(flat.alpha == nil && flat.standardizedAlpha == nil && flat.items.allSatisfy { $0.rDrop == nil })
    let tiny = ItemAnalysis(covariance: Matrix.identity(2), count: 1, reversed: [false, false])
    #expect(tiny.alpha == nil)
  }
}

/// Fisher's F quantiles against mpmath 1.3 at 40 digits (findroot on
/// betainc; R 4.2.2's qf(0.025, 4, 9736) is 2.6e-12 off, 0.12109521462572337).
@Suite struct FisherFTests {
  @Test(arguments: [
    (4.0, 9736.0, 0.025, 0.12109521462603854), (2435.0, 9740.0, 0.975, 1.0641889850991737),
    (1.0, 1.0, 0.5, 1.0), (3.0, 7.0, 0.999, 18.772269815098985), (10.0, 2.0, 1e-10, 0.0),
  ])
  func quantileMatchesR(_ d1: Double, _ d2: Double, _ p: Double, _ expected: Double) {
    let f = FisherF(d1: d1, d2: d2)
    let q = f.quantile(p)
    if expected == 0 {
      #expect(q >= 0 && f.cdf(q) > 0)
    } else {
      #expect(relativeError(q, expected) < 1e-12, "\(d1), \(d2), \(p): \(q) vs \(expected)")
      #expect(relativeError(f.cdf(q), p) < 1e-12)
    }
  }

  @Test func tailsAreComplementary() {
    let f = FisherF(d1: 5, d2: 12)
    for x in [0.01, 0.5, 1, 3, 40] {
      #expect(abs(f.cdf(x) + f.sf(x) - 1) < 1e-15)
      #expect(relativeError(f.inverseSurvival(f.sf(x)), x) < 1e-12)
    }
    #expect(f.cdf(0) == 0 && f.sf(0) == 1 && f.quantile(1) == .infinity)
  }
}
