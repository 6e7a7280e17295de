import Foundation
import TestSupport
import Testing

/// `impact audit` end to end (Golden/audit): the shipped synthetic one-group
/// example is rated honestly (never strong), the summary, audit.json and
/// audit.md match their golden files, and the settings reach the rules.
@Suite struct AuditCLITests {
  static let root = repositoryRoot()
  static let golden = Bundle.module.resourceURL?.appendingPathComponent("Golden/audit").path ?? ""
  static let example = root + "/datasets/example/"

  static func temp() throws -> String {
    let d = FileManager.default.temporaryDirectory.appendingPathComponent("impact-audit-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
    return d
  }

  static func text(_ path: String) throws -> String {
    String(decoding: try #require(FileManager.default.contents(atPath: path)), as: UTF8.self)
  }

  static func json(_ path: String) throws -> [String: Any] {
    let data = try #require(FileManager.default.contents(atPath: path))
    return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
  }

  static func audits(_ doc: [String: Any]) throws -> [[String: Any]] {
    let surveys = try #require(doc["surveys"] as? [[String: Any]])
    return try surveys.map { try #require($0["audit"] as? [String: Any]) }
  }

  @Test func exampleMatchesTheGoldenFilesAndIsNotRatedStrong() throws {
    let out = try Self.temp()
    let r = try ImpactBinary.run(
      ["audit", "--config", "datasets/example/impact.yaml", "--out", out, "--deterministic", "--format", "both"],
      in: Self.root)
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout == (try Self.text(Self.golden + "/example_stdout.txt")))
    #expect((try Self.text(out + "/audit.json")) == (try Self.text(Self.golden + "/example_audit.json")))
    #expect((try Self.text(out + "/audit.md")) == (try Self.text(Self.golden + "/example_audit.md")))
    let audits = try Self.audits(try Self.json(out + "/audit.json"))
    #expect(audits.count == 4)
    // Three one-group surveys, never above limited; the village comparison
    // (quasi-experimental), never above moderate, with its effects as claims.
    for (i, a) in audits.enumerated() {
      let comparison = i == 3
      #expect(
        a["design"] as? String
          == (comparison ? "pre-post with comparison group (quasi-experimental)" : "one-group pre-post"))
      #expect(a["design_rating"] as? String == (comparison ? "moderate" : "limited"))
      let claims = try #require(a["claims"] as? [[String: Any]])
      #expect(!claims.isEmpty)
      for c in claims {
        let rating = try #require(c["rating"] as? String)
        let allowed = comparison ? ["moderate", "limited", "insufficient"] : ["limited", "insufficient"]
        #expect(allowed.contains(rating), "\(c["claim"] ?? "")")
      }
      if comparison {
        #expect(claims.contains { $0["claim"] as? String == "composite_ancova_effect_cluster_robust" })
      }
    }
  }

  @Test func formatMarkdownWritesOnlyTheMarkdown() throws {
    let out = try Self.temp()
    let r = try ImpactBinary.run(
      ["audit", "--config", "datasets/example/impact.yaml", "--out", out, "--deterministic", "--format", "md"],
      in: Self.root)
    #expect(r.status == 0, "\(r.stderr)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: out).filter { !$0.hasPrefix(".") } == ["audit.md"])
    #expect((try Self.text(out + "/audit.md")) == (try Self.text(Self.golden + "/example_audit.md")))
  }

  @Test func prePostOptionsAndSettings() throws {
    let out = try Self.temp()
    let r = try ImpactBinary.run(
      [
        "audit", "--pre", Self.example + "synthetic_survey_baseline.csv", "--post",
        Self.example + "synthetic_survey_endline.csv", "--codebook", Self.example + "synthetic_codebook.yaml",
        "--out", out, "--deterministic", "--attrition-boundary", "optimistic", "--selected-on-baseline",
        "--test-retest", "0.6", "--population-mean", "composite=80",
      ])
    #expect(r.status == 0, "\(r.stderr)")
    let a = try #require(try Self.audits(try Self.json(out + "/audit.json")).first)
    let attrition = try #require(a["attrition"] as? [String: Any])
    #expect(attrition["boundary"] as? String == "optimistic")
    let rtm = try #require(a["regression_to_the_mean"] as? [String: Any])
    let rows = try #require(rtm["indicators"] as? [[String: Any]])
    let composite = try #require(rows.first { $0["indicator"] as? String == "composite" })
    #expect(composite["test_retest"] as? Double == 0.6)
    #expect(composite["test_retest_source"] as? String == "config")
    let mean = try #require(composite["baseline_mean"] as? Double)
    let expected = try #require(composite["expected_change"] as? Double)
    #expect(abs(expected - 0.4 * (80 - mean)) < 1e-9 * max(1, abs(expected)))
  }

  @Test func configAuditBlockIsRead() throws {
    let dir = try Self.temp()
    let config = """
      title: audit settings
      output: out
      audit:
        attrition_boundary: optimistic
        selected_on_baseline: true
        population_mean: {composite: 75}
      surveys:
        - name: s
          pre: \(Self.example)synthetic_survey_baseline.csv
          post: \(Self.example)synthetic_survey_endline.csv
          codebook: \(Self.example)synthetic_codebook.yaml
      """
    try config.write(toFile: dir + "/impact.yaml", atomically: true, encoding: .utf8)
    let r = try ImpactBinary.run(["audit", "--config", dir + "/impact.yaml", "--out", dir + "/out", "--deterministic"])
    #expect(r.status == 0, "\(r.stderr)")
    let a = try #require(try Self.audits(try Self.json(dir + "/out/audit.json")).first)
    #expect((a["attrition"] as? [String: Any])?["boundary"] as? String == "optimistic")
    let rtm = try #require(a["regression_to_the_mean"] as? [String: Any])
    #expect(rtm["selected_on_baseline"] as? Bool == true)
    let rows = try #require(rtm["indicators"] as? [[String: Any]])
    let composite = try #require(rows.first { $0["indicator"] as? String == "composite" })
    #expect(composite["test_retest_source"] as? String == "estimated as cor(pre, post)")

    try config.replacingOccurrences(of: "attrition_boundary: optimistic", with: "attrition_boundary: lax")
      .write(toFile: dir + "/bad.yaml", atomically: true, encoding: .utf8)
    let bad = try ImpactBinary.run(["audit", "--config", dir + "/bad.yaml", "--out", dir + "/out2"])
    #expect(bad.status == 1)
    #expect(bad.stderr.contains("attrition_boundary must be cautious or optimistic"))
  }

  @Test(arguments: [
    (["--config", "x.yaml", "--pre", "a.csv"], "use either --config or --pre/--post"),
    (["--pre", "a.csv"], "give --pre and --post"),
    (["--pre", "a.csv", "--post", "b.csv", "--population-mean", "composite"], "--population-mean must be ID=VALUE"),
    (["--pre", "a.csv", "--post", "b.csv", "--attrition-boundary", "lax"], "--attrition-boundary must be"),
    (["--pre", "a.csv", "--post", "b.csv", "--test-retest", "1"], "--test-retest must be between -1 and 1"),
    (["--config", "x.yaml", "--randomized"], "give the audit settings in its audit: block"),
  ])
  func usageErrors(_ args: [String], _ message: String) throws {
    let r = try ImpactBinary.run(["audit"] + args)
    #expect(r.status == 2)
    #expect(r.stderr.contains(message), "\(r.stderr)")
  }

  @Test func literacySummaryAndReportCarryTheAudit() throws {
    let out = try Self.temp()
    let r = try ImpactBinary.run(
      ["run", "--config", Self.example + "impact.yaml", "--out", out, "--deterministic", "--quiet"])
    #expect(r.status == 0, "\(r.stderr)")
    let names = try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.hasSuffix("summary.json") }
    let summaries = names.filter { $0.contains("literacy") }
    #expect(!summaries.isEmpty)
    for name in summaries {
      let doc = try Self.json(out + "/" + name)
      let audit = try #require(doc["audit"] as? [String: Any])
      // literacy_4 is the example's village comparison (a comparison group).
      #expect(
        audit["design"] as? String
          == (name.hasPrefix("literacy_4")
            ? "pre-post with comparison group (quasi-experimental)" : "one-group pre-post"))
      #expect((audit["claims"] as? [Any])?.isEmpty == false)
    }
    let html = try Self.text(out + "/report.html")
    #expect(html.contains("Difference in differences"))
    #expect(html.contains("ANCOVA treatment effect"))
    #expect(html.contains("Do the composite&#39;s gains differ by <span class=\"nb\">district</span>?"))
    #expect(html.contains("How strong is this evidence?"))
    #expect(html.contains("<strong>有限<span class=\"en\" lang=\"en\">limited</span></strong>"))
  }

  @Test func outDashPrintsTheJSON() throws {
    let r = try ImpactBinary.run([
      "audit", "--pre", Self.example + "synthetic_survey_baseline.csv", "--post",
      Self.example + "synthetic_survey_endline.csv", "--codebook", Self.example + "synthetic_codebook.yaml", "--out",
      "-", "--deterministic",
    ])
    #expect(r.status == 0, "\(r.stderr)")
    let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    #expect(try Self.audits(doc).count == 1)
  }
}
