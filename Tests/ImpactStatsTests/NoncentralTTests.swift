import Foundation
import ImpactStats
import Testing

private struct NoncentralTFixture: Decodable {
  struct Point: Decodable {
    var t: Double
    var df: Double
    var delta: Double
    var cdf: Double
    var sf: Double
    var scipyCdf: Double?
    var scipySf: Double?
  }
  var points: [Point]
}

@Suite("NoncentralT")
struct NoncentralTTests {
  /// Each tail vs its own positive integral at 60 digits; values below 1e-280 are compared absolutely.
  static let tailTolerance = Tolerance(relative: 1e-12, absolute: 1e-280)

  @Test("cdf and sf match 60-digit mpmath integrals (and scipy.stats.nct where scipy is accurate)")
  func tails() throws {
    let fixture: NoncentralTFixture = try ReferenceFixtures.load("noncentral_t")
    var cdf = ErrorTally("NoncentralT.cdf vs mpmath", Self.tailTolerance)
    var sf = ErrorTally("NoncentralT.sf vs mpmath", Self.tailTolerance)
    var scipy = ErrorTally("NoncentralT vs scipy nct", Self.tailTolerance)
    for point in fixture.points {
      let distribution = NoncentralT(degreesOfFreedom: point.df, noncentrality: point.delta)
      let context = "df=\(point.df) delta=\(point.delta) t=\(point.t)"
      let observedCdf = distribution.cdf(point.t)
      let observedSf = distribution.sf(point.t)
      cdf.check(observedCdf, point.cdf, context)
      sf.check(observedSf, point.sf, context)
      for (observed, reference, truth) in [
        (observedCdf, point.scipyCdf, point.cdf), (observedSf, point.scipySf, point.sf),
      ] {
        // scipy is compared only where it is itself right (Boost's nct returns
        // e.g. 8.6e-209 for a tail of ~1e-447).
        if let reference, truth > 1e-280, relativeError(reference, truth) <= 1e-13 {
          scipy.check(observed, reference, context)
        }
      }
    }
    cdf.report()
    sf.report()
    scipy.report()
  }

  @Test("δ = 0 is Student's t; ν = ∞ is N(δ, 1); t = 0 is Φ(−δ)")
  func limits() {
    let central = NoncentralT(degreesOfFreedom: 7, noncentrality: 0)
    let student = StudentT(degreesOfFreedom: 7)
    for t in [-3.0, -0.5, 0.2, 4.0] {
      #expect(central.cdf(t) == student.cdf(t))
      #expect(central.sf(t) == student.sf(t))
    }
    let normal = NoncentralT(degreesOfFreedom: .infinity, noncentrality: 1.5)
    #expect(normal.cdf(2) == Normal.cdf(0.5))
    let atZero = NoncentralT(degreesOfFreedom: 12, noncentrality: 2.5)
    #expect(atZero.cdf(0) == Normal.cdf(-2.5))
    #expect(atZero.sf(0) == Normal.cdf(2.5))
    #expect(atZero.cdf(.infinity) == 1 && atZero.sf(.infinity) == 0)
    #expect(atZero.cdf(-.infinity) == 0 && atZero.sf(-.infinity) == 1)
  }

  @Test("cdf + sf = 1 and the tails are monotone in δ", arguments: [1.0, 4.0, 29.0, 800.0])
  func consistency(df: Double) {
    var previous = 1.0
    for delta in stride(from: -6.0, through: 6.0, by: 0.5) {
      let distribution = NoncentralT(degreesOfFreedom: df, noncentrality: delta)
      let cdf = distribution.cdf(1.3)
      let sf = distribution.sf(1.3)
      #expect(abs(cdf + sf - 1) <= 4e-15, "df=\(df) delta=\(delta): cdf + sf = \(cdf + sf)")
      #expect(cdf < previous, "cdf must fall as δ rises (df=\(df), δ=\(delta))")
      previous = cdf
    }
  }

  @Test("noncentrality inverts each tail to a few ulps", arguments: [(2.3, 9.0), (-1.1, 40.0), (15.0, 3.0)])
  func inversion(t: Double, df: Double) {
    for (tail, p) in [(NoncentralT.Tail.lower, 0.025), (.upper, 0.025), (.lower, 0.9), (.upper, 1e-8)] {
      let delta = NoncentralT.noncentrality(observed: t, degreesOfFreedom: df, tail: tail, probability: p)
      let distribution = NoncentralT(degreesOfFreedom: df, noncentrality: delta)
      let value = tail == .lower ? distribution.cdf(t) : distribution.sf(t)
      #expect(relativeError(value, p) <= 1e-12, "t=\(t) df=\(df) \(tail) p=\(p): δ=\(delta) gives \(value)")
    }
  }

  /// Regression: the series once started its subtractive recurrence far below the Poisson mode
  /// when xᵃ was small but the Γ ratio large (ν = 10⁶), and lost 6e-10. Reference: the AS 243
  /// series in mpmath at 60 digits (0.000031760939851885171244), also the 60-digit integral.
  @Test("series at ν = 10⁶ starts at the Poisson mode (was 6e-10 off)")
  func seriesStartRegression() {
    let value = NoncentralT(degreesOfFreedom: 1e6, noncentrality: 30).cdf(26)
    #expect(relativeError(value, 3.1760939851885171244e-05) <= 1e-13, "observed \(value)")
    // Far below the mode the terms are carried by the additive recurrence.
    let far = NoncentralT(degreesOfFreedom: 1, noncentrality: 30).cdf(0.7)
    #expect(relativeError(far, 2.2280908915909244152e-133) <= 1e-13, "observed \(far)")
    // Where the recurrence term underflows at the mode (x^722), each I is computed directly
    // (reference: the 60-digit integral of noncentral_t.json).
    let underflow = NoncentralT(degreesOfFreedom: 1, noncentrality: 38).cdf(0.4)
    #expect(relativeError(underflow, 1.1044891981634546e-272) <= 1e-12, "observed \(underflow)")
  }
}
