import Foundation
import ImpactStats
import Testing

/// A number as the degenerate fixture stores it: a double, or "inf", "-inf", "nan".
private struct FixtureNumber: Decodable {
  var value: Double

  init(from decoder: any Decoder) throws {
    let c = try decoder.singleValueContainer()
    if let d = try? c.decode(Double.self) {
      value = d
      return
    }
    switch try c.decode(String.self) {
    case "inf": value = .infinity
    case "-inf": value = -.infinity
    case "nan": value = .nan
    case let s: throw DecodingError.dataCorruptedError(in: c, debugDescription: "not a number: \(s)")
    }
  }
}

private struct DegenerateFixture: Decodable {
  struct Wilcoxon: Decodable {
    var name: String
    var n: Int
    var statistic: FixtureNumber
    var pValue: FixtureNumber
  }
  struct McNemarCase: Decodable {
    var b: Int
    var c: Int
    var statistic: FixtureNumber
    var pValue: FixtureNumber
  }
  struct TTest: Decodable {
    var name: String
    var n: Int
    var mean: Double
    var sd: Double
    var t: FixtureNumber
    var pValue: FixtureNumber
    var df: FixtureNumber
  }
  var wilcoxonAllZero: [Wilcoxon]
  var mcnemarNoDiscordant: [McNemarCase]
  var pairedTTestZeroSD: [TTest]
}

/// Degenerate inputs give the values scipy/statsmodels define
/// (Reference/make_degenerate_reference.py, degenerate.json).
@Suite struct DegenerateReferenceTests {
  @Test func allZeroDifferencesGiveWZeroAndPOneAsScipyExact() throws {
    let fixture: DegenerateFixture = try ReferenceFixtures.load("degenerate")
    #expect(fixture.wilcoxonAllZero.count >= 5)
    for c in fixture.wilcoxonAllZero {
      let r = try #require(WilcoxonSignedRank.test(histogram: [(value: 0, count: c.n)]), "\(c.name)")
      #expect(r.statistic == c.statistic.value, "\(c.name)")
      #expect(r.pValue == c.pValue.value, "\(c.name)")
      #expect(r.rPlus == 0 && r.rMinus == 0 && r.nZero == c.n && r.nNonZero == 0 && r.method == .exact)
      #expect(r.rankBiserial == nil, "0/0 is undefined")
    }
  }

  @Test func noDiscordantPairsGivePOneAsStatsmodelsExact() throws {
    let fixture: DegenerateFixture = try ReferenceFixtures.load("degenerate")
    #expect(!fixture.mcnemarNoDiscordant.isEmpty)
    for c in fixture.mcnemarNoDiscordant {
      let r = try #require(McNemar.test(b: c.b, c: c.c))
      #expect(r.statistic == c.statistic.value && r.pValue == c.pValue.value && r.exact)
    }
  }

  /// scipy: df = n − 1 and t = ±inf, p = 0 (NaN, NaN when nothing changed).
  /// The test itself stays undefined (nil); `IndicatorResult` reports df as
  /// scipy and t, p, CI as null with a note (checked in the pipeline tests).
  @Test func zeroSDOfTheDifferencesLeavesTUndefinedAndDfAsScipy() throws {
    let fixture: DegenerateFixture = try ReferenceFixtures.load("degenerate")
    #expect(fixture.pairedTTestZeroSD.count == 4)
    for c in fixture.pairedTTestZeroSD {
      #expect(!c.t.value.isFinite, "\(c.name): scipy's t is not finite")
      #expect(c.df.value == Double(c.n - 1), "\(c.name): scipy's df is n − 1")
      #expect(PairedTTest.test(n: c.n, meanDifference: c.mean, sdDifference: c.sd) == nil, "\(c.name)")
    }
  }
}
