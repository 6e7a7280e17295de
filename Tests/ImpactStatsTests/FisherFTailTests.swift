import Testing

@testable import ImpactStats

/// Far tails of ``FisherF``: a tail whose beta variable lies above ½ used to
/// be formed as 1 − (the other tail) and rounded to 0 beyond ~1e-16 (a Wald F
/// of 225 on (1, 295) df had p = 0 instead of 3.4e-38). Reference: SciPy
/// 1.17.1 `scipy.stats.f.sf` / `f.cdf`.
@Suite struct FisherFTailTests {
  @Test(arguments: [
    (225.0, 1.0, 295.0, 3.427117097569077e-38, true),
    (900.0, 2.0, 40.0, 5.557037997328103e-34, true),
    (1e-6, 30.0, 3.0, 4.477705195798511e-75, false),
  ])
  func farTailsAreNotRoundedToZero(_ x: Double, _ d1: Double, _ d2: Double, _ expected: Double, _ upper: Bool) {
    let f = FisherF(d1: d1, d2: d2)
    let observed = upper ? f.sf(x) : f.cdf(x)
    let err = abs(observed - expected) / expected
    #expect(err <= 1e-12, "F(\(d1), \(d2)) at \(x): expected \(expected), observed \(observed), relative error \(err)")
  }
}
