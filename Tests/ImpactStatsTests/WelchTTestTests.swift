import Foundation
import ImpactStats
import Testing

private struct WelchFixture: Decodable {
  struct Case: Decodable {
    var name: String
    var n1: Int
    var mean1: Double
    var var1: Double
    var n2: Int
    var mean2: Double
    var var2: Double
    var t: Double
    var df: Double
    var p: Double
    var pSource: String
  }
  var welch: [Case]
}

@Suite("WelchTTest")
struct WelchTTestTests {
  static let tolerance = Tolerance(relative: 1e-12, absolute: 1e-300)

  @Test("matches scipy.stats.ttest_ind(equal_var=False)")
  func reference() throws {
    let fixture: WelchFixture = try ReferenceFixtures.load("ttest")
    var t = ErrorTally("WelchTTest.t", Self.tolerance)
    var df = ErrorTally("WelchTTest.df", Self.tolerance)
    var p = ErrorTally("WelchTTest.pValue", Self.tolerance)
    for case_ in fixture.welch {
      let result = try #require(
        WelchTTest.test(
          n1: case_.n1, mean1: case_.mean1, variance1: case_.var1,
          n2: case_.n2, mean2: case_.mean2, variance2: case_.var2),
        "\(case_.name): unexpected nil")
      t.check(result.t, case_.t, case_.name)
      df.check(result.df, case_.df, case_.name)
      p.check(result.pValue, case_.p, "\(case_.name) (\(case_.pSource))")
      #expect(result.meanDifference == case_.mean1 - case_.mean2)
    }
    t.report()
    df.report()
    p.report()
  }

  @Test("degenerate input gives nil")
  func degenerate() {
    #expect(WelchTTest.test(n1: 1, mean1: 1, variance1: 1, n2: 5, mean2: 0, variance2: 1) == nil)
    #expect(WelchTTest.test(n1: 5, mean1: 1, variance1: 1, n2: 1, mean2: 0, variance2: 1) == nil)
    #expect(WelchTTest.test(n1: 5, mean1: 1, variance1: 0, n2: 5, mean2: 0, variance2: 0) == nil)
    #expect(WelchTTest.test(n1: 5, mean1: .nan, variance1: 1, n2: 5, mean2: 0, variance2: 1) == nil)
    #expect(WelchTTest.test(n1: 5, mean1: 1, variance1: -1, n2: 5, mean2: 0, variance2: 1) == nil)
    #expect(WelchTTest.test(n1: 5, mean1: 1, variance1: .infinity, n2: 5, mean2: 0, variance2: 1) == nil)
    // Tiny variances must not underflow the degrees of freedom.
    let tiny = WelchTTest.test(n1: 5, mean1: 1e-160, variance1: 0x1p-1060, n2: 7, mean2: 0, variance2: 0x1p-1059)
    #expect(tiny.map { $0.df.isFinite && $0.df > 0 } ?? true)
  }
}
