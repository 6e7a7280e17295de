import Foundation
import ImpactStats
import Testing

private struct BinomialFixture: Decodable {
  struct Point: Decodable {
    var k: Int
    var n: Int
    var p: Double
    var expected: Double
    var scipy: Double?
  }
  var binomial: [Point]
}

@Suite("Binomial")
struct BinomialTests {
  /// Exact rational (n ≤ 2000) or 120-digit mpmath references.
  static let tolerance = Tolerance(relative: 1e-12, absolute: 1e-300)

  @Test("cdf matches exact sums (and scipy.stats.binom.cdf where accurate)")
  func cdf() throws {
    let fixture: BinomialFixture = try ReferenceFixtures.load("distributions")
    var tally = ErrorTally("Binomial.cdf vs exact", Self.tolerance)
    var scipy = ErrorTally("Binomial.cdf vs scipy", Self.tolerance)
    for point in fixture.binomial {
      let observed = Binomial.cdf(k: point.k, n: point.n, p: point.p)
      let context = "k=\(point.k) n=\(point.n) p=\(point.p)"
      tally.check(observed, point.expected, context)
      if let reference = point.scipy, relativeError(reference, point.expected) <= 1e-13 {
        scipy.check(observed, reference, context)
      }
    }
    tally.report()
    scipy.report()
  }

  @Test("edges")
  func edges() {
    #expect(Binomial.cdf(k: -1, n: 10, p: 0.3) == 0)
    #expect(Binomial.cdf(k: 10, n: 10, p: 0.3) == 1)
    #expect(Binomial.cdf(k: 0, n: 0, p: 0.3) == 1)
    #expect(Binomial.cdf(k: 3, n: 10, p: 0) == 1)
    #expect(Binomial.cdf(k: 3, n: 10, p: 1) == 0)
    #expect(relativeError(Binomial.cdf(k: 0, n: 20, p: 0.5), 0x1p-20) < 1e-15)
  }
}
