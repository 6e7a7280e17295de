import Foundation
import ImpactExport
import ImpactIngest
import ImpactPipeline
import ImpactStats
import TestSupport
import Testing

/// `impact literacy` against reference values computed independently with
/// pandas/scipy/statsmodels/R (Fixtures/literacy/make_literacy_reference.py).
/// Tolerances: 1e-9 relative for every statistic (p-values: 1e-9 relative or
/// 1e-300 absolute), 1e-12 absolute where the reference is 0, counts exact.
@Suite struct LiteracyReferenceTests {
  static let cases = ["tiny", "likert_ties", "exact_small", "all_equal", "large_offset", "binary_wide"]

  static func folder(_ name: String) -> String {
    (Bundle.module.resourceURL?.appendingPathComponent("Fixtures/literacy/\(name)").path) ?? ""
  }

  static func load(_ name: String) throws -> [String: Any] {
    let data = try Data(contentsOf: URL(fileURLWithPath: folder(name) + "/expected.json"))
    return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
  }

  static func run(_ name: String, parallelism: Int = 2) throws -> (LiteracyReport, [String: Any]) {
    let doc = try load(name)
    let args = doc["args"] as? [String: Any] ?? [:]
    let dir = folder(name)
    var r = LiteracyRequest()
    r.pre = (args["pre"] as? String).map { "\(dir)/\($0)" }
    r.post = (args["post"] as? String).map { "\(dir)/\($0)" }
    r.survey = (args["survey"] as? String).map { "\(dir)/\($0)" }
    r.codebook = (args["codebook"] as? String).map { "\(dir)/\($0)" }
    if let s = args["scale"] as? [Double] { r.scale = s[0]...s[1] }
    r.deterministic = true
    r.csv = CSVOptions(parallelism: parallelism, minimumChunkBytes: 256)
    let report = try LiteracyJob.run(r)
    return (report, doc["expected"] as? [String: Any] ?? [:])
  }

  /// Compares one figure; returns a message on mismatch. A value of any
  /// other type than a number or null (observed or expected, except an
  /// expected "skip…") is a mismatch.
  static func mismatch(_ key: String, observed: JSONValue?, expected: Any?) -> String? {
    if let s = expected as? String, s.hasPrefix("skip") { return nil }
    let obs: Double?
    switch observed {
    case .number(let d)?: obs = d
    case .int(let i)?: obs = Double(i)
    case .null?, nil: obs = nil
    case let other?: return "\(key): observed a value that is not a number: \(other.serialized(indent: 0))"
    }
    let exp: Double?
    switch expected {
    case let n as NSNumber: exp = n.doubleValue
    case nil, is NSNull: exp = nil
    case let other?: return "\(key): expected a value that is not a number: \(other)"
    }
    switch (obs, exp) {
    case (nil, nil): return nil
    case (nil, let e?): return "\(key): expected \(e), observed null"
    case (let o?, nil): return "\(key): expected null, observed \(o)"
    case (let o?, let e?):
      if e == 0 { return abs(o) <= 1e-12 ? nil : "\(key): expected 0, observed \(o)" }
      let isP = key.contains("p_") || key.hasSuffix("_p") || key == "p_value"
      if isP && abs(o - e) <= 1e-300 { return nil }
      return relativeError(o, e) <= 1e-9 ? nil : describeMismatch(key, observed: o, expected: e)
    }
  }

  static func compare(_ result: IndicatorResult, _ expected: [String: Any]) -> [String] {
    guard case .object(let members) = LiteracyJSON.indicatorJSONForTests(result) else { return ["not an object"] }
    var problems: [String] = []
    for (k, v) in expected where k != "indicator" {
      let observed = members.first { $0.0 == k }?.1
      if observed == nil { problems.append("\(k): missing in output"); continue }
      if let m = mismatch("\(result.indicator).\(k)", observed: observed, expected: v) { problems.append(m) }
    }
    return problems
  }

  @Test(arguments: cases)
  func everyFigureMatchesTheReference(_ name: String) throws {
    let (report, expected) = try Self.run(name)
    var problems: [String] = []
    let inds = expected["indicators"] as? [String: [String: Any]] ?? [:]
    #expect(inds.count == report.overall.indicators.count, "indicator count")
    for r in report.overall.indicators {
      guard let e = inds[r.indicator] else {
        problems.append("unexpected indicator \(r.indicator)")
        continue
      }
      problems += Self.compare(r, e)
    }
    if let ec = expected["composite"] as? [String: Any] {
      if let c = report.overall.composite { problems += Self.compare(c, ec) } else { problems.append("no composite") }
    }
    let counts = expected["counts"] as? [String: Int] ?? [:]
    let c = report.overall.counts
    #expect(
      c.matched == counts["matched"] && c.onlyPre == counts["only_pre"] && c.onlyPost == counts["only_post"], "\(c)")
    if let d = expected["dup"] as? [String: Int] {
      #expect(c.duplicateIdsPre == d["duplicate_ids_pre"] && c.duplicateRowsPre == d["duplicate_rows_pre"])
      #expect(c.duplicateIdsPost == d["duplicate_ids_post"] && c.duplicateRowsPost == d["duplicate_rows_post"])
    }
    if let rel = expected["reliability"] as? [String: Any] {
      let r = report.overall.reliability
      if let m = Self.mismatch("alpha_pre", observed: .number(r.alphaPre), expected: rel["cronbach_alpha_pre"]) {
        problems.append(m)
      }
      if let m = Self.mismatch("alpha_post", observed: .number(r.alphaPost), expected: rel["cronbach_alpha_post"]) {
        problems.append(m)
      }
      #expect(r.nPre == rel["n_pre"] as? Int && r.nPost == rel["n_post"] as? Int, "reliability n")
    }
    if let cm = expected["change_correlation"] as? [[Any]] {
      #expect(report.overall.changeCorrelationN == expected["change_correlation_n"] as? Int)
      for (i, row) in cm.enumerated() {
        for (j, v) in row.enumerated() {
          if let m = Self.mismatch(
            "corr[\(i),\(j)]", observed: .number(report.overall.changeCorrelation[i][j]), expected: v)
          {
            problems.append(m)
          }
        }
      }
    }
    if let bd = expected["baseline_difference"] as? [[String: Any]] {
      for (b, e) in zip(report.overall.baselineDifference, bd) {
        let obs: [String: JSONValue] = [
          "n_completers": .int(b.nCompleters), "n_dropouts": .int(b.nDropouts),
          "mean_completers": .number(b.meanCompleters),
          "mean_dropouts": .number(b.meanDropouts), "t": .number(b.t), "df": .number(b.df),
          "p_value": .number(b.pValue),
        ]
        for (k, v) in e where k != "indicator" {
          if let m = Self.mismatch("\(b.indicator).baseline.\(k)", observed: obs[k], expected: v) { problems.append(m) }
        }
      }
    }
    let head = try #require(expected["headline"] as? [String: Any], "\(name): no headline in the fixture")
    #expect(!head.isEmpty)
    for (key, e) in head {
      guard let h = report.overall.headline.first(where: { $0.name == key }) else {
        problems.append("headline.\(key): missing in output")
        continue
      }
      if let m = Self.mismatch("headline.\(key)", observed: .number(h.value), expected: e) { problems.append(m) }
    }
    if let ci = expected["share_improved_ci"] {
      let bounds = try #require(ci as? [Double], "share_improved_ci is not two numbers")
      try #require(bounds.count == 2)
      if let h = report.overall.headline.first(where: { $0.name == "share_improved_composite" }) {
        if let m = Self.mismatch("share_improved.ci_low", observed: .number(h.ciLow), expected: bounds[0]) {
          problems.append(m)
        }
        if let m = Self.mismatch("share_improved.ci_high", observed: .number(h.ciHigh), expected: bounds[1]) {
          problems.append(m)
        }
      } else {
        problems.append("headline.share_improved_composite: missing in output")
      }
    }
    #expect(problems.isEmpty, "\(name):\n\(problems.joined(separator: "\n"))")
  }

  /// A mistyped or missing value is a mismatch, never a silent pass.
  @Test func mismatchFailsOnUnexpectedTypes() {
    #expect(Self.mismatch("k", observed: .string("1"), expected: 1) != nil)
    #expect(Self.mismatch("k", observed: .bool(true), expected: 1) != nil)
    #expect(Self.mismatch("k", observed: .number(1), expected: "1") != nil)
    #expect(Self.mismatch("k", observed: .number(1), expected: [1.0]) != nil)
    #expect(Self.mismatch("k", observed: nil, expected: 1) != nil)
    #expect(Self.mismatch("k", observed: .number(1), expected: nil) != nil)
    #expect(Self.mismatch("k", observed: .number(1), expected: 1) == nil)
    #expect(Self.mismatch("k", observed: .null, expected: NSNull()) == nil)
    #expect(Self.mismatch("k", observed: .string("x"), expected: "skip: not comparable") == nil)
  }

  /// One thread or many, the figures are the same bytes.
  @Test(arguments: ["likert_ties", "exact_small"])
  func parallelismDoesNotChangeOutputs(_ name: String) throws {
    let (one, _) = try Self.run(name, parallelism: 1)
    let (four, _) = try Self.run(name, parallelism: 4)
    #expect(LiteracyJSON.document(one).serialized() == LiteracyJSON.document(four).serialized())
    #expect(LiteracyCSV.render(one) == LiteracyCSV.render(four))
  }
}
