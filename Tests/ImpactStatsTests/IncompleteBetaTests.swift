import Foundation
import ImpactStats
import Testing

private struct IncompleteBetaFixture: Decodable {
  struct Point: Decodable {
    var a: Double
    var b: Double
    var x: Double
    var expected: Double
    var scipy: Double?
  }
  var incompleteBeta: [Point]
}

@Suite("IncompleteBeta")
struct IncompleteBetaTests {
  /// mpmath reference over a, b ∈ {0.1 … 1e5}, x near 0, 1 and the mean.
  static let tolerance = Tolerance(relative: 1e-12, absolute: 1e-300)

  @Test("I_x(a, b) matches mpmath (and scipy where accurate)")
  func grid() throws {
    let fixture: IncompleteBetaFixture = try ReferenceFixtures.load("distributions")
    var tally = ErrorTally("SpecialFunctions.regularizedIncompleteBeta vs mpmath", Self.tolerance)
    var scipy = ErrorTally("SpecialFunctions.regularizedIncompleteBeta vs scipy", Self.tolerance)
    for point in fixture.incompleteBeta {
      let observed = SpecialFunctions.regularizedIncompleteBeta(a: point.a, b: point.b, x: point.x)
      let context = "a=\(point.a) b=\(point.b) x=\(point.x)"
      tally.check(observed, point.expected, context)
      if let reference = point.scipy, relativeError(reference, point.expected) <= 1e-13 {
        scipy.check(observed, reference, context)
      }
    }
    tally.report()
    scipy.report()
  }

  @Test("edges and symmetry")
  func edges() {
    #expect(SpecialFunctions.regularizedIncompleteBeta(a: 2, b: 3, x: 0) == 0)
    #expect(SpecialFunctions.regularizedIncompleteBeta(a: 2, b: 3, x: 1) == 1)
    #expect(SpecialFunctions.regularizedIncompleteBeta(a: 1, b: 1, x: 0.25) == 0.25)
    // I_x(a, b) + I_(1−x)(b, a) = 1 for x exactly representable on both sides.
    for (a, b, x) in [(0.5, 0.5, 0.25), (3.0, 7.0, 0.75), (200.0, 50.0, 0.75)] {
      let sum =
        SpecialFunctions.regularizedIncompleteBeta(a: a, b: b, x: x)
        + SpecialFunctions.regularizedIncompleteBeta(a: b, b: a, x: 1 - x)
      #expect(abs(sum - 1) < 1e-14)
    }
  }
}
