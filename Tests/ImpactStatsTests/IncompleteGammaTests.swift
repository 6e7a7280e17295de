import Foundation
import ImpactStats
import Testing

private struct IncompleteGammaFixture: Decodable {
  struct Point: Decodable {
    var a: Double
    var x: Double
    var p: Double?
    var q: Double?
    var scipyP: Double?
    var scipyQ: Double?
  }
  var incompleteGamma: [Point]
}

@Suite("IncompleteGamma")
struct IncompleteGammaTests {
  static let tolerance = Tolerance(relative: 1e-12, absolute: 1e-300)

  @Test("P(a, x) and Q(a, x) match mpmath (and scipy where accurate)")
  func grid() throws {
    let fixture: IncompleteGammaFixture = try ReferenceFixtures.load("distributions")
    var lower = ErrorTally("SpecialFunctions.regularizedGammaP vs mpmath", Self.tolerance)
    var upper = ErrorTally("SpecialFunctions.regularizedGammaQ vs mpmath", Self.tolerance)
    var scipy = ErrorTally("SpecialFunctions.regularizedGamma P/Q vs scipy", Self.tolerance)
    for point in fixture.incompleteGamma {
      let context = "a=\(point.a) x=\(point.x)"
      let observedP = SpecialFunctions.regularizedGammaP(a: point.a, x: point.x)
      let observedQ = SpecialFunctions.regularizedGammaQ(a: point.a, x: point.x)
      if let expected = point.p {
        lower.check(observedP, expected, context)
        if let reference = point.scipyP, relativeError(reference, expected) <= 1e-13 {
          scipy.check(observedP, reference, "P " + context)
        }
      }
      if let expected = point.q {
        upper.check(observedQ, expected, context)
        if let reference = point.scipyQ, relativeError(reference, expected) <= 1e-13 {
          scipy.check(observedQ, reference, "Q " + context)
        }
      }
    }
    lower.report()
    upper.report()
    scipy.report()
  }

  @Test("edges")
  func edges() {
    #expect(SpecialFunctions.regularizedGammaP(a: 3, x: 0) == 0)
    #expect(SpecialFunctions.regularizedGammaQ(a: 3, x: 0) == 1)
    #expect(SpecialFunctions.regularizedGammaP(a: 3, x: .infinity) == 1)
    #expect(SpecialFunctions.regularizedGammaQ(a: 3, x: .infinity) == 0)
    // Q(1, x) = e^(−x) deep in the tail.
    #expect(relativeError(SpecialFunctions.regularizedGammaQ(a: 1, x: 650), exp(-650)) < 1e-14)
  }
}
