import Testing

@testable import ImpactStats

/// The integer cuts of the literacy block kernel classify every mantissa as
/// the per-value tests in real units do (ends of the scale within 10⁻⁹,
/// pass thresholds), including thresholds between mantissas and at
/// awkward decimal places.
@Suite struct MantissaCutsTests {
  @Test(arguments: [
    (0, 1.0...5.0, 4.0, true), (1, 1.0...5.0, 3.5, false), (2, 0.1...0.7, 0.35, true), (3, -2.5...2.5, 0.001, false),
    (0, 0.0...1.0, 0.5, true), (2, 1.0...10.0, 3.333, false),
  ])
  func cutsAgreeWithPerValueTests(scale: Int, bounds: ClosedRange<Double>, threshold: Double, higher: Bool) throws {
    let unit = [1.0, 10, 100, 1000][scale]
    let extremes = ExtremeCounts(bounds: bounds)
    let rule = PassRule(threshold: threshold, higherIsBetter: higher)
    let cuts = try #require(
      MantissaCuts(extremes: extremes, passRule: rule, thresholdUnits: threshold * unit, unit: unit))
    let lo = Int64((bounds.lowerBound * unit).rounded()) - 50
    let hi = Int64((bounds.upperBound * unit).rounded()) + 50
    for m in lo...hi {
      let end = extremes.end(Double(m) / unit)
      #expect((m <= cuts.atMinimum) == end.minimum, "minimum end at mantissa \(m)")
      #expect((m >= cuts.atMaximum) == end.maximum, "maximum end at mantissa \(m)")
      let t = threshold * unit
      let passes = higher ? Double(m) >= t : Double(m) <= t
      #expect((higher ? m >= cuts.pass : m <= cuts.pass) == passes, "pass at mantissa \(m)")
    }
  }

  @Test func thresholdsBeyondExactMantissasAreRefused() {
    #expect(MantissaCuts.first(near: 0x1p60, where: { _ in true }) == nil)
    #expect(MantissaCuts.last(near: .nan, where: { _ in true }) == nil)
  }
}
