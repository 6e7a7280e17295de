import Foundation
import ImpactStats
import Testing

private struct StudentTFixture: Decodable {
  struct Point: Decodable {
    var df: Double
    var t: Double
    var cdf: Double
    var sf: Double
    var twoSided: Double
    var scipyCdf: Double?
    var scipySf: Double?
    var scipyTwoSided: Double?
  }
  struct QuantilePoint: Decodable {
    var df: Double
    var p: Double
    var expected: Double
    var scipy: Double?
  }
  var studentT: [Point]
  var studentTQuantile: [QuantilePoint]
}

@Suite("StudentT")
struct StudentTTests {
  /// Tails vs mpmath: the exponent of a tail near 1e-190 carries ~a·ε of rounding from x = ν/(ν + t²).
  static let tailTolerance = Tolerance(relative: 1e-12, absolute: 1e-300)
  /// Quantile vs mpmath.
  static let quantileTolerance = Tolerance(relative: 1e-14)
  /// Quantile vs scipy.stats.t.ppf wherever scipy is itself within 1e-13 of mpmath.
  static let quantileScipyTolerance = Tolerance(relative: 1e-13)

  @Test("cdf, sf and two-sided p match mpmath (and scipy where accurate)")
  func tails() throws {
    let fixture: StudentTFixture = try ReferenceFixtures.load("distributions")
    var cdf = ErrorTally("StudentT.cdf vs mpmath", Self.tailTolerance)
    var sf = ErrorTally("StudentT.sf vs mpmath", Self.tailTolerance)
    var two = ErrorTally("StudentT.twoSidedPValue vs mpmath", Self.tailTolerance)
    var scipy = ErrorTally("StudentT tails vs scipy", Self.tailTolerance)
    for point in fixture.studentT {
      let distribution = StudentT(degreesOfFreedom: point.df)
      let context = "df=\(point.df) t=\(point.t)"
      let observedCdf = distribution.cdf(point.t)
      let observedSf = distribution.sf(point.t)
      let observedTwo = distribution.twoSidedPValue(point.t)
      cdf.check(observedCdf, point.cdf, context)
      sf.check(observedSf, point.sf, context)
      two.check(observedTwo, point.twoSided, context)
      for (observed, reference, truth) in [
        (observedCdf, point.scipyCdf, point.cdf), (observedSf, point.scipySf, point.sf),
        (observedTwo, point.scipyTwoSided, point.twoSided),
      ] {
        if let reference, relativeError(reference, truth) <= 1e-13 {
          scipy.check(observed, reference, context)
        }
      }
    }
    cdf.report()
    sf.report()
    two.report()
    scipy.report()
  }

  @Test("quantile matches mpmath, and scipy.stats.t.ppf wherever scipy is accurate")
  func quantile() throws {
    let fixture: StudentTFixture = try ReferenceFixtures.load("distributions")
    var tally = ErrorTally("StudentT.quantile vs mpmath", Self.quantileTolerance)
    var scipy = ErrorTally("StudentT.quantile vs scipy t.ppf", Self.quantileScipyTolerance)
    for point in fixture.studentTQuantile {
      let observed = StudentT(degreesOfFreedom: point.df).quantile(point.p)
      let context = "df=\(point.df) p=\(point.p)"
      tally.check(observed, point.expected, context)
      if let reference = point.scipy, relativeError(reference, point.expected) <= 1e-13 {
        scipy.check(observed, reference, context)
      }
    }
    tally.report()
    scipy.report()
  }

  @Test("quantile inverts cdf across df and p")
  func roundTrip() {
    var tally = ErrorTally("StudentT cdf(quantile(p)) round trip", Tolerance(relative: 1e-12))
    for df in [0.5, 1, 3.3, 12, 250, 4e4, 3e7] {
      let distribution = StudentT(degreesOfFreedom: df)
      for p in [1e-250, 1e-30, 1e-6, 0.003, 0.1, 0.3, 0.47, 0.5 + 1e-9, 0.8, 0.999] {
        let t = distribution.quantile(p)
        if t.isInfinite {
          // Only a heavy tail (ν ≲ 1) can put a quantile beyond the largest double.
          #expect(df < 1.1, "df=\(df) p=\(p): infinite quantile")
          continue
        }
        // Compare in the well-conditioned tail (for p > ½ against sf).
        let back = p < 0.5 ? distribution.cdf(t) : distribution.sf(t)
        let target = p < 0.5 ? p : 1 - p
        // Relative error in t becomes ≈ df·(relative error) in a polynomial tail.
        tally.check(back, target, "df=\(df) p=\(p)")
      }
    }
    tally.report()
  }

  @Test("edges: p = 0, ½, 1; t = 0, ±∞; ν = ∞; extreme |t|")
  func edges() {
    let distribution = StudentT(degreesOfFreedom: 4.5)
    #expect(distribution.quantile(0) == -.infinity)
    #expect(distribution.quantile(1) == .infinity)
    #expect(distribution.quantile(0.5) == 0)
    #expect(distribution.twoSidedPValue(0) == 1)
    #expect(distribution.sf(0) == 0.5)
    #expect(distribution.cdf(.infinity) == 1)
    #expect(distribution.sf(.infinity) == 0)
    #expect(distribution.cdf(-.infinity) == 0)
    let normalLimit = StudentT(degreesOfFreedom: .infinity)
    #expect(normalLimit.sf(2) == Normal.sf(2))
    #expect(normalLimit.quantile(0.975) == Normal.quantile(0.975))
    // |t| whose square overflows still yields the power-law tail (df = 1: p = 2/(π t)).
    let cauchy = StudentT(degreesOfFreedom: 1)
    let t = 1e300
    #expect(relativeError(cauchy.twoSidedPValue(t), 2 / (Double.pi * t)) < 1e-15)
    // Quantiles beyond the largest double are reported as infinite.
    #expect(StudentT(degreesOfFreedom: 0.5).quantile(1e-300) == -.infinity)
  }
}
