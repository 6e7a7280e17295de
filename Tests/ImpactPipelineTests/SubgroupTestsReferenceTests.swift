import Foundation
import ImpactIngest
import ImpactPipeline
import ImpactStats
import Testing

/// `impact literacy --by district`: the subgroup tests of each indicator and
/// the composite against scipy.stats.kruskal and pingouin.welch_anova on the
/// same pairs (Fixtures/subgroups/make_subgroup_pipeline_reference.py), and
/// the same figures from a run split into shards and merged.
@Suite struct SubgroupTestsReferenceTests {
  static let folder = (Bundle.module.resourceURL?.appendingPathComponent("Fixtures/subgroups").path) ?? ""

  static func request(parallelism: Int = 2) -> LiteracyRequest {
    var r = LiteracyRequest()
    r.pre = "\(folder)/pre.csv"
    r.post = "\(folder)/post.csv"
    r.codebook = "\(folder)/codebook.yaml"
    r.by = ["district"]
    r.deterministic = true
    r.csv = CSVOptions(parallelism: parallelism, minimumChunkBytes: 256)
    return r
  }

  /// 1e-12 relative for H, F and df; 1e-9 for p-values.
  func check(_ d: SubgroupDifference, _ e: [String: Any]) throws {
    func near(_ observed: Double?, _ key: String) throws {
      let tolerance = key.contains("_p") ? 1e-9 : 1e-12
      let o = try #require(observed, "\(d.indicator) \(key) is null")
      let x = try #require(e[key] as? Double, "\(key) missing in the fixture")
      #expect(abs(o - x) <= tolerance * abs(x), "\(d.indicator) \(key): expected \(x), observed \(o)")
    }
    try near(d.kruskal.h, "kruskal_h")
    try near(d.kruskal.pValue, "kruskal_p")
    try near(d.welch.f, "welch_f")
    try near(d.welch.df2, "welch_df2")
    try near(d.welch.pValue, "welch_p")
    if e["kruskal_p_holm"] != nil {
      try near(d.kruskalPHolm, "kruskal_p_holm")
      try near(d.welchPHolm, "welch_p_holm")
    }
  }

  @Test func matchesScipyAndPingouin() throws {
    let data = try Data(contentsOf: URL(fileURLWithPath: "\(Self.folder)/expected.json"))
    let expected = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    let rows = try #require(expected["indicators"] as? [[String: Any]])
    let composite = try #require(expected["composite"] as? [String: Any])
    let report = try LiteracyJob.run(Self.request())
    let tests = try #require(report.subgroupTests.first)
    #expect(tests.column == "district")
    #expect(tests.indicators.count == rows.count)
    for (d, e) in zip(tests.indicators, rows) { try check(d, e) }
    try check(try #require(tests.composite), composite)
  }

  @Test func shardsMergeToTheSameTests() throws {
    let single = try LiteracyJob.run(Self.request(parallelism: 1)).subgroupTests
    let many = try LiteracyJob.run(Self.request(parallelism: 4)).subgroupTests
    #expect(single == many)
  }
}
