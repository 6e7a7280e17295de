import Foundation
import ImpactStats
import Testing

private struct NormalFixture: Decodable {
  struct Point: Decodable {
    var x: Double
    var cdf: Double
    var sf: Double
    var scipyCdf: Double?
    var scipySf: Double?
  }
  struct QuantilePoint: Decodable {
    var p: Double
    var expected: Double
    var scipy: Double?
  }
  var normal: [Point]
  var normalQuantile: [QuantilePoint]
}

@Suite("Normal")
struct NormalTests {
  /// mpmath reference; ours is ~1 ulp even at x = ±37 (scipy's ndtr loses up to 1e-13 there).
  static let tolerance = Tolerance(relative: 2e-15)
  /// Agreement with scipy wherever scipy is itself within 1e-13 of mpmath.
  static let scipyTolerance = Tolerance(relative: 1e-12)

  @Test("cdf and sf match mpmath (and scipy where scipy is accurate)")
  func cdfAndSf() throws {
    let fixture: NormalFixture = try ReferenceFixtures.load("distributions")
    var cdf = ErrorTally("Normal.cdf vs mpmath", Self.tolerance)
    var sf = ErrorTally("Normal.sf vs mpmath", Self.tolerance)
    var scipy = ErrorTally("Normal.cdf/sf vs scipy", Self.scipyTolerance)
    for point in fixture.normal {
      let observedCdf = Normal.cdf(point.x)
      let observedSf = Normal.sf(point.x)
      cdf.check(observedCdf, point.cdf, "x=\(point.x)")
      sf.check(observedSf, point.sf, "x=\(point.x)")
      if let reference = point.scipyCdf, relativeError(reference, point.cdf) <= 1e-13 {
        scipy.check(observedCdf, reference, "cdf x=\(point.x)")
      }
      if let reference = point.scipySf, relativeError(reference, point.sf) <= 1e-13 {
        scipy.check(observedSf, reference, "sf x=\(point.x)")
      }
    }
    cdf.report()
    sf.report()
    scipy.report()
  }

  @Test("quantile (AS241) matches mpmath to full precision")
  func quantile() throws {
    let fixture: NormalFixture = try ReferenceFixtures.load("distributions")
    var tally = ErrorTally("Normal.quantile vs mpmath", Self.tolerance)
    var scipy = ErrorTally("Normal.quantile vs scipy", Self.scipyTolerance)
    for point in fixture.normalQuantile {
      let observed = Normal.quantile(point.p)
      tally.check(observed, point.expected, "p=\(point.p)")
      if let reference = point.scipy {
        scipy.check(observed, reference, "p=\(point.p)")
      }
    }
    tally.report()
    scipy.report()
  }

  @Test("edge values")
  func edges() {
    #expect(Normal.quantile(0) == -.infinity)
    #expect(Normal.quantile(1) == .infinity)
    #expect(Normal.quantile(0.5) == 0)
    #expect(Normal.cdf(.infinity) == 1)
    #expect(Normal.cdf(-.infinity) == 0)
    #expect(Normal.sf(.infinity) == 0)
    #expect(Normal.sf(0) == 0.5)
    // Far tail stays nonzero down to the subnormal range.
    #expect(Normal.sf(38) > 0)
    #expect(Normal.cdf(-37.5) > 0)
    // Symmetry of the quantile.
    // Exact symmetry when both 1 − q and q − ½ are exact (q ≥ ½).
    for q in [0.5 + 1e-12, 0.55, 0.75, 0.925, 0.99, 1 - 1e-20, 1 - 0x1p-53] {
      #expect(Normal.quantile(q) == -Normal.quantile(1 - q), "q=\(q)")
    }
  }
}
