import Foundation
import ImpactStats
import Testing

private struct TTestFixture: Decodable {
  struct Paired: Decodable {
    var name: String
    var post: [Double]?
    var pre: [Double]?
    var n: Int
    var mean: Double
    var sd: Double
    var t: Double
    var df: Double
    var p: Double
    var pSource: String
    var ci95: [Double]
    var ci90: [Double]
  }
  struct Degenerate: Decodable {
    var name: String
    var n: Int
    var mean: Double
    var sd: Double?
    var scipyT: Double?
    var scipyP: Double?
  }
  var paired: [Paired]
  var pairedDegenerate: [Degenerate]
}

@Suite("PairedTTest")
struct PairedTTestTests {
  /// t and p vs scipy.stats.ttest_rel (p from mpmath where scipy's tail is inaccurate).
  static let tolerance = Tolerance(relative: 1e-12, absolute: 1e-300)

  @Test("matches scipy.stats.ttest_rel: t, df, p and confidence intervals at 0.95 and 0.90")
  func reference() throws {
    let fixture: TTestFixture = try ReferenceFixtures.load("ttest")
    var t = ErrorTally("PairedTTest.t", Self.tolerance)
    var p = ErrorTally("PairedTTest.pValue", Self.tolerance)
    // CI bounds: error relative to max(|bound|, half-width), since a bound near 0
    // is a difference of two nearly equal numbers in scipy as well.
    var ci = ErrorTally("PairedTTest.ci (rel. to max(|bound|, half-width))", Tolerance(relative: 1e-12))
    for case_ in fixture.paired {
      for (level, interval) in [(0.95, case_.ci95), (0.90, case_.ci90)] {
        let result = try #require(
          PairedTTest.test(
            n: case_.n, meanDifference: case_.mean, sdDifference: case_.sd, confidence: level),
          "\(case_.name): unexpected nil")
        #expect(result.df == case_.df)
        t.check(result.t, case_.t, case_.name)
        p.check(result.pValue, case_.p, "\(case_.name) (\(case_.pSource))")
        let halfWidth = (interval[1] - interval[0]) / 2
        for (observed, expected) in [(result.ciLow, interval[0]), (result.ciHigh, interval[1])] {
          ci.check(
            observed, expected, "\(case_.name) level=\(level)",
            scale: max(abs(expected), halfWidth))
        }
      }
    }
    t.report()
    p.report()
    ci.report()
  }

  @Test("raw arrays reproduce the stored summary statistics (two-pass, NumAcc-style offsets)")
  func summaryFromArrays() throws {
    let fixture: TTestFixture = try ReferenceFixtures.load("ttest")
    for case_ in fixture.paired {
      guard let post = case_.post, let pre = case_.pre else { continue }
      let d = zip(post, pre).map { $0 - $1 }
      let n = Double(d.count)
      let mean = d.reduce(0, +) / n
      let ss = d.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
      let sd = (ss / (n - 1)).squareRoot()
      #expect(
        relativeError(mean, case_.mean) < 1e-12 || abs(mean - case_.mean) < 1e-15 * sd,
        "\(case_.name): mean \(mean) vs \(case_.mean)")
      #expect(relativeError(sd, case_.sd) < 1e-12, "\(case_.name): sd \(sd) vs \(case_.sd)")
    }
  }

  @Test("degenerate input gives nil (scipy returns t = NaN or ±inf)")
  func degenerate() throws {
    let fixture: TTestFixture = try ReferenceFixtures.load("ttest")
    for case_ in fixture.pairedDegenerate {
      // scipy: n = 1 → NaN; sd = 0 → t = ±inf, p = 0 (or NaN for 0/0). The fixture stores non-finite as null.
      #expect(case_.scipyT == nil, "\(case_.name): scipy was expected to return a non-finite t")
      #expect(
        PairedTTest.test(n: case_.n, meanDifference: case_.mean, sdDifference: case_.sd ?? 0) == nil,
        "\(case_.name)")
    }
    #expect(PairedTTest.test(n: 1, meanDifference: 1, sdDifference: 1) == nil)
    #expect(PairedTTest.test(n: 0, meanDifference: 1, sdDifference: 1) == nil)
    #expect(PairedTTest.test(n: -3, meanDifference: 1, sdDifference: 1) == nil)
    #expect(PairedTTest.test(n: 5, meanDifference: 1, sdDifference: 0) == nil)
    #expect(PairedTTest.test(n: 5, meanDifference: 1, sdDifference: -1) == nil)
    #expect(PairedTTest.test(n: 5, meanDifference: .nan, sdDifference: 1) == nil)
    #expect(PairedTTest.test(n: 5, meanDifference: 1, sdDifference: .infinity) == nil)
    #expect(PairedTTest.test(n: 5, meanDifference: 1e300, sdDifference: 1e-300) == nil)
    // A zero mean is fine: t = 0, p = 1, symmetric interval.
    let zero = try #require(PairedTTest.test(n: 10, meanDifference: 0, sdDifference: 2))
    #expect(zero.t == 0 && zero.pValue == 1)
    #expect(abs(zero.ciLow + zero.ciHigh) < 1e-15)
  }
}
