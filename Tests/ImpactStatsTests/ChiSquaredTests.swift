import Foundation
import ImpactStats
import Testing

private struct ChiSquaredFixture: Decodable {
  struct Point: Decodable {
    var x: Double
    var df: Double
    var expected: Double
    var scipy: Double?
  }
  var chiSquared: [Point]
}

@Suite("ChiSquared")
struct ChiSquaredTests {
  static let tolerance = Tolerance(relative: 1e-12, absolute: 1e-300)

  @Test("sf matches mpmath and scipy.stats.chi2.sf")
  func sf() throws {
    let fixture: ChiSquaredFixture = try ReferenceFixtures.load("distributions")
    var tally = ErrorTally("ChiSquared.sf vs mpmath", Self.tolerance)
    var scipy = ErrorTally("ChiSquared.sf vs scipy", Self.tolerance)
    for point in fixture.chiSquared {
      let observed = ChiSquared.sf(point.x, degreesOfFreedom: point.df)
      tally.check(observed, point.expected, "x=\(point.x) df=\(point.df)")
      if let reference = point.scipy, relativeError(reference, point.expected) <= 1e-13 {
        scipy.check(observed, reference, "x=\(point.x) df=\(point.df)")
      }
    }
    tally.report()
    scipy.report()
  }

  @Test("edges")
  func edges() {
    #expect(ChiSquared.sf(0, degreesOfFreedom: 1) == 1)
    #expect(ChiSquared.sf(-3, degreesOfFreedom: 4) == 1)
    #expect(ChiSquared.sf(.infinity, degreesOfFreedom: 4) == 0)
    // df = 2: sf = e^(−x/2).
    #expect(relativeError(ChiSquared.sf(1300, degreesOfFreedom: 2), exp(-650)) < 1e-14)
  }
}
