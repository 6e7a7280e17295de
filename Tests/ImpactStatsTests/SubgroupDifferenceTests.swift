import Foundation
import ImpactStats
import Testing

/// Welch's ANOVA and Kruskal–Wallis against pingouin.welch_anova and
/// scipy.stats.kruskal (Reference/make_subgroup_reference.py).
@Suite struct SubgroupDifferenceTests {
  struct Case: Decodable {
    var name: String
    var groups: [[Double]]?
    var groups_counts: [[String: Int]]?
    var kruskal_h: Double
    var kruskal_p: Double
    var welch_f: Double?
    var welch_df1: Double?
    var welch_df2: Double?
    var welch_p: Double?
  }
  struct Fixture: Decodable { var cases: [Case] }

  static func summary(_ g: [Double]) -> WelchANOVA.Group {
    let n = Double(g.count)
    let mean = g.reduce(0, +) / n
    let variance = g.count > 1 ? g.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1) : 0
    return WelchANOVA.Group(count: g.count, mean: mean, variance: variance)
  }

  static func table(_ g: [Double]) -> [(value: Double, count: Int)] {
    Dictionary(g.map { ($0, 1) }, uniquingKeysWith: +).map { (value: $0.key, count: $0.value) }
  }

  @Test func matchesScipyAndPingouin() throws {
    let fixture = try ReferenceFixtures.load("subgroup", as: Fixture.self)
    var kw = ErrorTally("scipy.stats.kruskal", Tolerance(relative: 1e-12))
    var welch = ErrorTally("pingouin.welch_anova", Tolerance(relative: 1e-12))
    for c in fixture.cases {
      let tables: [[(value: Double, count: Int)]]
      if let groups = c.groups {
        tables = groups.map(Self.table)
      } else {
        let counts = try #require(c.groups_counts)
        tables = counts.map { g in g.map { (value: Double($0.key) ?? .nan, count: $0.value) } }
      }
      let k = KruskalWallis(groups: tables)
      let h = try #require(k.h, "\(c.name): \(k.reason ?? "")")
      let p = try #require(k.pValue)
      kw.check(h, c.kruskal_h, "\(c.name) H")
      kw.check(p, c.kruskal_p, "\(c.name) p")
      guard let f = c.welch_f, let groups = c.groups else { continue }
      let w = WelchANOVA(groups.map(Self.summary))
      let observedF = try #require(w.f, "\(c.name): \(w.reason ?? "")")
      let df1 = try #require(w.df1)
      let df2 = try #require(w.df2)
      let pw = try #require(w.pValue)
      welch.check(observedF, f, "\(c.name) F")
      welch.check(df1, try #require(c.welch_df1), "\(c.name) df1")
      welch.check(df2, try #require(c.welch_df2), "\(c.name) df2")
      welch.check(pw, try #require(c.welch_p), "\(c.name) p")
    }
    kw.report()
    welch.report()
  }

  @Test func degenerateGroupsGiveAReason() {
    let one = KruskalWallis(groups: [[(1, 5)], []])
    #expect(one.h == nil && one.reason == "fewer than 2 groups with values")
    let equal = KruskalWallis(groups: [[(2, 5)], [(2, 3)]])
    #expect(equal.h == nil && equal.reason == "all values are equal")
    let flat = WelchANOVA([.init(count: 5, mean: 1, variance: 0), .init(count: 4, mean: 2, variance: 1)])
    #expect(flat.f == nil && flat.reason != nil)
    let small = WelchANOVA([.init(count: 1, mean: 1, variance: 0), .init(count: 4, mean: 2, variance: 1)])
    #expect(small.f == nil && small.groups == 1)
  }
}
