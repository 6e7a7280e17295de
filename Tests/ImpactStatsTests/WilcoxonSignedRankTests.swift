import Foundation
import ImpactStats
import Testing

private struct WilcoxonFixture: Decodable {
  struct Case: Decodable {
    var name: String
    var values: [Double]
    var counts: [Int]
    var n: Int
    var nZero: Int
    var nNonZero: Int
    var method: String
    var statistic: Double
    var rPlus: Double
    var rMinus: Double
    var scipyP: Double
    var pValue: Double
    var pSource: String
    var exactP: Double?
    var zAbs: Double?
  }
  struct Degenerate: Decodable {
    var name: String
    var values: [Double]
    var counts: [Int]
    var scipyStatistic: Double?
    var scipyP: Double?
  }
  var cases: [Case]
  var degenerate: [Degenerate]
}

@Suite("WilcoxonSignedRank")
struct WilcoxonSignedRankTests {
  /// Exact and permutation p-values are exact up to one rounding.
  static let exactTolerance = Tolerance(relative: 1e-15)
  /// Normal approximation: the brief allows 1e-9 / 1e-300; we hold 1e-12.
  static let normalTolerance = Tolerance(relative: 1e-12, absolute: 1e-300)

  private static func histogram(_ values: [Double], _ counts: [Int]) -> [(value: Double, count: Int)] {
    zip(values, counts).map { (value: $0, count: $1) }
  }

  @Test("reproduces scipy.stats.wilcoxon(d) defaults on ties, zeros and all method branches")
  func reference() throws {
    let fixture: WilcoxonFixture = try ReferenceFixtures.load("wilcoxon")
    var exact = ErrorTally("WilcoxonSignedRank.pValue (exact)", Self.exactTolerance)
    var permutation = ErrorTally("WilcoxonSignedRank.pValue (permutation)", Self.exactTolerance)
    var normal = ErrorTally("WilcoxonSignedRank.pValue (normal)", Self.normalTolerance)
    var z = ErrorTally("WilcoxonSignedRank.z (|z| vs scipy zstatistic)", Tolerance(relative: 1e-13))
    var methods: Set<String> = []
    for case_ in fixture.cases {
      let result = try #require(
        WilcoxonSignedRank.test(histogram: Self.histogram(case_.values, case_.counts)),
        "\(case_.name): unexpected nil")
      methods.insert(case_.method)
      #expect(result.method.rawValue == case_.method, "\(case_.name)")
      #expect(result.statistic == case_.statistic, "\(case_.name)")
      #expect(result.rPlus == case_.rPlus, "\(case_.name)")
      #expect(result.rMinus == case_.rMinus, "\(case_.name)")
      #expect(result.nZero == case_.nZero, "\(case_.name)")
      #expect(result.nNonZero == case_.nNonZero, "\(case_.name)")
      let biserial = (case_.rPlus - case_.rMinus) / (case_.rPlus + case_.rMinus)
      #expect(abs(try #require(result.rankBiserial) - biserial) <= 1e-15, "\(case_.name)")
      let context = "\(case_.name) (\(case_.pSource))"
      switch result.method {
      case .exact:
        exact.check(result.pValue, case_.pValue, context)
        #expect(result.z == nil)
      case .permutation:
        permutation.check(result.pValue, case_.pValue, context)
        #expect(result.z == nil)
      case .normal:
        normal.check(result.pValue, case_.pValue, context)
        let observedZ = try #require(result.z, "\(case_.name): z missing")
        if let zAbs = case_.zAbs { z.check(abs(observedZ), zAbs, case_.name) }
        let mean = Double(case_.nNonZero) * Double(case_.nNonZero + 1) / 4
        #expect(observedZ.sign == (case_.rPlus - mean).sign || observedZ == 0, "\(case_.name)")
      }
    }
    #expect(methods == ["exact", "permutation", "normal"])
    exact.report()
    permutation.report()
    normal.report()
    z.report()
  }

  @Test("histogram order, duplicate entries and zero counts do not matter")
  func histogramNormalisation() throws {
    let fixture: WilcoxonFixture = try ReferenceFixtures.load("wilcoxon")
    for case_ in fixture.cases where case_.values.count > 1 {
      let base = Self.histogram(case_.values, case_.counts)
      // Reverse, split every count in two entries where possible, add a zero-count entry.
      var messy: [(value: Double, count: Int)] = [(value: 123.456, count: 0)]
      for entry in base.reversed() {
        let first = entry.count / 2
        messy.append((value: entry.value, count: first))
        messy.append((value: entry.value, count: entry.count - first))
      }
      #expect(
        WilcoxonSignedRank.test(histogram: messy) == WilcoxonSignedRank.test(histogram: base),
        "\(case_.name)")
    }
  }

  @Test("degenerate input: all zeros give W = 0, p = 1 (as scipy); empty, NaN, negative counts give nil")
  func degenerate() throws {
    let fixture: WilcoxonFixture = try ReferenceFixtures.load("wilcoxon")
    for case_ in fixture.degenerate {
      let result = WilcoxonSignedRank.test(histogram: Self.histogram(case_.values, case_.counts))
      if let statistic = case_.scipyStatistic, let p = case_.scipyP {
        let r = try #require(result, "\(case_.name)")
        #expect(r.statistic == statistic && r.pValue == p && r.rankBiserial == nil, "\(case_.name)")
      } else {
        #expect(result == nil, "\(case_.name)")
      }
    }
    #expect(WilcoxonSignedRank.test(histogram: []) == nil)
    let zeros = try #require(WilcoxonSignedRank.test(histogram: [(value: 0, count: 40), (value: -0.0, count: 3)]))
    #expect(zeros.statistic == 0 && zeros.pValue == 1 && zeros.nZero == 43 && zeros.nNonZero == 0)
    #expect(WilcoxonSignedRank.test(histogram: [(value: 1, count: 0)]) == nil)
    #expect(WilcoxonSignedRank.test(histogram: [(value: .nan, count: 1), (value: 1, count: 3)]) == nil)
    #expect(WilcoxonSignedRank.test(histogram: [(value: 1, count: -1), (value: 2, count: 3)]) == nil)
    #expect(WilcoxonSignedRank.test(histogram: [(value: 1, count: .max), (value: 2, count: .max)]) == nil)
  }

  @Test("method boundaries: N = 13/14 (permutation/normal) and 50/51 (exact/normal)")
  func boundaries() throws {
    let ties13 = try #require(WilcoxonSignedRank.test(histogram: [(value: 1, count: 7), (value: -2, count: 6)]))
    #expect(ties13.method == .permutation)
    let ties14 = try #require(WilcoxonSignedRank.test(histogram: [(value: 1, count: 7), (value: -2, count: 7)]))
    #expect(ties14.method == .normal)
    let distinct50 = (1...50).map { (value: Double($0) * ($0 % 3 == 0 ? -1 : 1), count: 1) }
    #expect(try #require(WilcoxonSignedRank.test(histogram: distinct50)).method == .exact)
    let distinct51 = (1...51).map { (value: Double($0) * ($0 % 3 == 0 ? -1 : 1), count: 1) }
    #expect(try #require(WilcoxonSignedRank.test(histogram: distinct51)).method == .normal)
    // Zeros count towards N: 49 distinct non-zero values + 2 zeros = 51 → normal.
    let withZeros = (1...49).map { (value: Double($0), count: 1) } + [(value: 0.0, count: 2)]
    #expect(try #require(WilcoxonSignedRank.test(histogram: withZeros)).method == .normal)
    // All 50 positive: exact p = 2/2^50, not rounded to 0.
    let allPositive = (1...50).map { (value: Double($0), count: 1) }
    #expect(try #require(WilcoxonSignedRank.test(histogram: allPositive)).pValue == 0x1p-49)
  }
}
