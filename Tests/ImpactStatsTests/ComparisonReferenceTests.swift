// Comparison-group figures (DiD, ANCOVA with classical/HC3/CR1 errors,
// baseline Hedges' g) against statsmodels, SciPy and pingouin
// (Reference/make_comparison_reference.py, tolerance 1e-9 relative), and the
// same figures from shards merged in any order.
import Foundation
import ImpactCore
import Testing

@testable import ImpactStats

@Suite struct ComparisonReferenceTests {
  struct Coefficient: Decodable {
    var estimate: Double
    var se: Double?
    var t: Double
    var df: Double
    var p: Double
    var ciLow: Double
    var ciHigh: Double
  }
  struct Rows: Decodable {
    var pre: [Double]
    var post: [Double]
    var treated: [Int]
    var cluster: [String]
    var numeric: [[Double]]
    var categorical: [[String]]
  }
  struct Case: Decodable {
    var name: String
    var numeric: [String]
    var categorical: [String]
    var rows: Rows
    var ancova: Coefficient
    var ancovaHC3: Coefficient
    var ancovaCluster: Coefficient
    var did: Coefficient
    var didCluster: Coefficient
    var baselineG: Double
  }
  struct File: Decodable {
    var generator: String
    var cases: [Case]
  }

  static let cases: [Case] = (try? ReferenceFixtures.load("comparison", as: File.self).cases) ?? []

  /// The state of rows `range` of a case, HC3 from a second pass when `hc3`.
  static func state(_ c: Case, rows range: Range<Int>, hc3: Bool) -> ComparisonState {
    var s = ComparisonState(
      group: "arm", treated: "1", numericCovariates: c.numeric, categoricalCovariates: c.categorical,
      cluster: "cluster", indicators: 1, composite: false)
    s.groupValues = ["0", "1"]
    let r = c.rows
    for i in range {
      let arm = r.treated[i] == 1 ? 0 : 1
      s.baseline[arm] += 1
      s.indicators[0].add(
        arm: arm, pre: r.pre[i], post: r.post[i], numeric: r.numeric.map { $0[i] },
        levels: r.categorical.map { $0[i] }, cluster: r.cluster[i])
    }
    s.indicators[0].compact()
    if hc3,
      case .success(let fit) = CellRegression.fit(
        s.indicators[0].ancova, numericNames: ["pre", "treated"] + c.numeric, categoricalNames: c.categorical)
    {
      var design = Matrix(rows: range.count, columns: fit.beta.count)
      for (o, i) in range.enumerated() {
        let x = fit.designRow(
          numeric: [r.pre[i], Double(r.treated[i])] + r.numeric.map { $0[i] }, levels: r.categorical.map { $0[i] })
        for k in x.indices { design[o, k] = x[k] }
      }
      switch fit.hc3(1, design: design, y: Array(r.post[range]), confidence: 0.95) {
      case .success(let t): s.indicators[0].hc3 = t
      case .failure(let p): s.indicators[0].hc3Reason = p.reason
      }
    }
    return s
  }

  static func check(_ tally: inout ErrorTally, _ t: CoefficientTest?, _ e: Coefficient, _ label: String) {
    guard let t else {
      Issue.record("\(label) is nil")
      return
    }
    tally.check(t.estimate, e.estimate, "\(label).estimate")
    if let se = e.se { tally.check(t.standardError, se, "\(label).se") }
    tally.check(t.t, e.t, "\(label).t")
    tally.check(t.df, e.df, "\(label).df")
    tally.check(t.pValue, e.p, "\(label).p")
    tally.check(t.ciLow, e.ciLow, "\(label).ciLow")
    tally.check(t.ciHigh, e.ciHigh, "\(label).ciHigh")
  }

  @Test func fixturesAreLoaded() {
    #expect(Self.cases.count == 4)
  }

  @Test(arguments: cases.map(\.name))
  func matchesStatsmodelsScipyAndPingouin(_ name: String) throws {
    let c = try #require(Self.cases.first { $0.name == name })
    let s = Self.state(c, rows: 0..<c.rows.pre.count, hc3: true)
    let r = s.result(ids: ["x"], confidence: 0.95).indicators[0]
    var tally = ErrorTally(name, Tolerance(relative: 1e-9))
    Self.check(&tally, r.ancova, c.ancova, "ancova")
    Self.check(&tally, r.ancovaHC3, c.ancovaHC3, "ancova HC3")
    Self.check(&tally, r.ancovaCluster, c.ancovaCluster, "ancova CR1")
    Self.check(&tally, r.did, c.did, "did Welch")
    Self.check(&tally, r.didCluster, c.didCluster, "did CR1")
    tally.check(try #require(r.baselineG), c.baselineG, "baseline g")
    tally.report()
  }

  /// Shards merged in any order give the single run's figures (HC3 aside:
  /// null with its reason), to floating-point rounding.
  @Test(arguments: cases.map(\.name))
  func shardsMergeToTheSingleRun(_ name: String) throws {
    let c = try #require(Self.cases.first { $0.name == name })
    let n = c.rows.pre.count
    let single = Self.state(c, rows: 0..<n, hc3: false).result(ids: ["x"], confidence: 0.95).indicators[0]
    var rng = SystemRandomNumberGenerator()
    var cuts = (0..<3).map { _ in Int.random(in: 0...n, using: &rng) }.sorted()
    cuts = [0] + cuts + [n]
    var parts = (0..<(cuts.count - 1)).map { Self.state(c, rows: cuts[$0]..<cuts[$0 + 1], hc3: true) }
    parts.shuffle()
    // Round-trip each part through JSON, as partial files do.
    let decoded = try parts.map {
      try JSONDecoder().decode(ComparisonState.self, from: JSONEncoder().encode($0))
    }
    let merged = decoded.dropFirst().reduce(decoded[0]) { $0.merged(with: $1) }
    let m = merged.result(ids: ["x"], confidence: 0.95).indicators[0]
    var tally = ErrorTally("\(name) merged", Tolerance(relative: 1e-11))
    let pairs: [(CoefficientTest?, CoefficientTest?, String)] = [
      (m.ancova, single.ancova, "ancova"), (m.ancovaCluster, single.ancovaCluster, "ancova CR1"),
      (m.did, single.did, "did"), (m.didCluster, single.didCluster, "did CR1"),
    ]
    for (a, b, label) in pairs {
      let x = try #require(a, "\(label) merged")
      let y = try #require(b, "\(label) single")
      tally.check(x.estimate, y.estimate, label)
      tally.check(x.standardError, y.standardError, label)
      tally.check(x.pValue, y.pValue, label)
    }
    tally.check(try #require(m.baselineG), try #require(single.baselineG), "g")
    #expect(m.nTreated == single.nTreated && m.ancovaN == single.ancovaN)
    if parts.count > 1 {
      #expect(m.ancovaHC3 == nil && m.reasons["ancova_hc3"] == ComparisonAccumulator.mergedHC3Reason)
    }
  }

  @Test func degenerateDesignsGiveReasonsNotCrashes() throws {
    // A covariate constant in the sample; a covariate collinear with pre; one arm only.
    var s = ComparisonState(
      group: "arm", treated: "t", numericCovariates: ["const", "twice_pre"], categoricalCovariates: ["one_level"],
      cluster: nil, indicators: 1, composite: false)
    s.groupValues = ["c", "t"]
    for i in 0..<20 {
      let pre = Double(i % 5)
      s.indicators[0].add(
        arm: i % 2, pre: pre, post: pre + Double(i % 3), numeric: [7, 2 * pre], levels: ["only"], cluster: "")
    }
    let r = s.result(ids: ["x"], confidence: 0.95).indicators[0]
    #expect(r.ancova == nil)
    #expect(r.reasons["ancova"]?.contains("one_level") == true)
    var s2 = ComparisonState(
      group: "arm", treated: "t", numericCovariates: ["twice_pre"], categoricalCovariates: [], cluster: nil,
      indicators: 1, composite: false)
    for i in 0..<20 {
      let pre = Double(i % 5)
      s2.indicators[0].add(arm: i % 2, pre: pre, post: pre + Double(i % 3), numeric: [2 * pre], levels: [], cluster: "")
    }
    let r2 = s2.result(ids: ["x"], confidence: 0.95).indicators[0]
    #expect(r2.ancova == nil && r2.reasons["ancova"]?.contains("singular") == true)
    var s3 = ComparisonState(
      group: "arm", treated: "t", numericCovariates: ["const"], categoricalCovariates: [], cluster: nil,
      indicators: 1, composite: false)
    for i in 0..<20 {
      s3.indicators[0].add(arm: 0, pre: Double(i % 5), post: Double(i % 4), numeric: [3], levels: [], cluster: "")
    }
    let r3 = s3.result(ids: ["x"], confidence: 0.95)
    #expect(r3.indicators[0].did == nil && r3.indicators[0].reasons["did"] != nil)
    #expect(r3.indicators[0].ancova == nil && r3.indicators[0].reasons["ancova"] != nil)
  }
}
