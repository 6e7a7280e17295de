import Foundation
import ImpactStats
import Testing

private struct McNemarFixture: Decodable {
  struct Case: Decodable {
    var b: Int
    var c: Int
    var statistic: Double
    var pValue: Double
    var exact: Bool
    var pSource: String
  }
  struct Degenerate: Decodable {
    var b: Int
    var c: Int
  }
  var cases: [Case]
  var degenerate: [Degenerate]
}

@Suite("McNemar")
struct McNemarTests {
  static let tolerance = Tolerance(relative: 1e-12, absolute: 1e-300)

  @Test("matches statsmodels mcnemar(exact = b + c < 25, correction = True)")
  func reference() throws {
    let fixture: McNemarFixture = try ReferenceFixtures.load("mcnemar")
    var statistic = ErrorTally("McNemar.statistic", Tolerance(relative: 1e-15))
    var p = ErrorTally("McNemar.pValue", Self.tolerance)
    for case_ in fixture.cases {
      let result = try #require(McNemar.test(b: case_.b, c: case_.c), "b=\(case_.b) c=\(case_.c)")
      #expect(result.exact == case_.exact, "b=\(case_.b) c=\(case_.c)")
      statistic.check(result.statistic, case_.statistic, "b=\(case_.b) c=\(case_.c)")
      p.check(result.pValue, case_.pValue, "b=\(case_.b) c=\(case_.c) (\(case_.pSource))")
    }
    statistic.report()
    p.report()
  }

  @Test("no discordant pairs give statistic 0, p = 1 (as statsmodels exact); bad counts give nil")
  func degenerate() throws {
    let fixture: McNemarFixture = try ReferenceFixtures.load("mcnemar")
    for case_ in fixture.degenerate {
      let r = try #require(McNemar.test(b: case_.b, c: case_.c))
      #expect(r.statistic == 0 && r.pValue == 1 && r.exact)
    }
    #expect(McNemar.test(b: -1, c: 5) == nil)
    #expect(McNemar.test(b: .max, c: 1) == nil)
  }
}
