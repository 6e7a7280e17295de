import Foundation
import TestSupport
import Testing

/// `impact literacy` and `impact run` stop rather than publish a wrong
/// figure (Golden/literacy-guards): ids that pair only after normalization,
/// "don't know" codes averaged as scores, mass exclusions — exit 1, the exact
/// message, nothing written; and the options that resolve each case.
@Suite struct LiteracyGuardCLITests {
  struct Case: Sendable, CustomTestStringConvertible {
    var args: [String]
    var status: Int32
    var stderr: String
    var testDescription: String { args.joined(separator: " ") }
  }

  static let folder = Bundle.module.resourceURL?.appendingPathComponent("Golden/literacy-guards").path ?? ""

  static var cases: [Case] {
    guard let data = FileManager.default.contents(atPath: folder + "/expected.json"),
      let list = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]]
    else { return [] }
    return list.map {
      Case(
        args: $0["args"] as? [String] ?? [], status: Int32($0["status"] as? Int ?? -1),
        stderr: $0["stderr"] as? String ?? "")
    }
  }

  static func temp() throws -> String {
    let d = FileManager.default.temporaryDirectory.appendingPathComponent("impact-guard-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
    return d
  }

  static func summary(_ dir: String) throws -> [String: Any] {
    let data = try #require(FileManager.default.contents(atPath: "\(dir)/literacy_summary.json"))
    return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
  }

  /// An input error found while the inputs' digests are still being
  /// computed on another thread stops with exit 1, never a crash.
  @Test(arguments: [["--pre", "no_id.csv", "--post", "post.csv"], ["--survey", "no_id.csv"]])
  func errorsWhileDigestingNeverCrash(_ inputs: [String]) throws {
    let dir = try Self.temp()
    try "who,q1_pre,q1_post\nP1,3,4\nP2,2,5\n".write(toFile: "\(dir)/no_id.csv", atomically: true, encoding: .utf8)
    try "respondent_id,q1\nR1,3\n".write(toFile: "\(dir)/post.csv", atomically: true, encoding: .utf8)
    for _ in 0..<20 {
      let r = try ImpactBinary.run(["literacy"] + inputs + ["--out", "out"], in: dir)
      #expect(r.status == 1, "\(r.stderr.prefix(300))")
      #expect(r.stderr.contains("no id column found"))
    }
  }

  @Test func corpusHasEveryGuard() {
    let all = Self.cases.map(\.stderr).joined()
    #expect(Self.cases.count == 6)
    #expect(all.contains("would pair after normalizing them"))
    #expect(all.contains("usually mean \"don't know\" or \"refused\""))
    #expect(all.contains("(the answers range 1–5)"))
  }

  @Test(arguments: cases)
  func stopsWithTheExactMessageAndWritesNothing(_ c: Case) throws {
    let out = try Self.temp()
    let r = try ImpactBinary.run(c.args.map { $0.replacingOccurrences(of: "OUT", with: out) }, in: Self.folder)
    #expect(r.status == c.status)
    #expect(r.stderr == c.stderr)
    #expect(r.stdout.isEmpty)
    #expect((try FileManager.default.contentsOfDirectory(atPath: out)).isEmpty, "a stopped run wrote files")
  }

  @Test func idMatchNormalizedPairsTheIdsAndIsRecorded() throws {
    let out = try Self.temp()
    let r = try ImpactBinary.run(
      [
        "literacy", "--pre", "ids_baseline.csv", "--post", "ids_endline.csv", "--id-match", "normalized", "--out", out,
        "--deterministic",
      ], in: Self.folder)
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stderr.hasPrefix("impact literacy: paired 8 respondents by id; 0 baseline-only"))
    let doc = try Self.summary(out)
    let meta = try #require(doc["meta"] as? [String: Any])
    let options = try #require(meta["options"] as? [String: Any])
    #expect(options["id_match"] as? String == "normalized")
    #expect(options["max_excluded_share"] as? String == "0.2")
    let attrition = try #require(doc["attrition"] as? [String: Any])
    #expect(attrition["matched"] as? Int == 8)
    let bad = try ImpactBinary.run(
      ["literacy", "--pre", "ids_baseline.csv", "--post", "ids_endline.csv", "--id-match", "loose"], in: Self.folder)
    #expect(bad.status == 2 && bad.stderr.hasPrefix("Error: --id-match must be exact or normalized"))
  }

  @Test func runConfigKeysResolveTheGuardsUnderStrict() throws {
    let out = try Self.temp()
    let r = try ImpactBinary.run(
      ["run", "--config", "run_ids_normalized.yaml", "--out", out, "--strict", "--deterministic", "--quiet"],
      in: Self.folder)
    #expect(r.status == 0, "\(r.stderr)")
    let data = try #require(FileManager.default.contents(atPath: "\(out)/literacy_summary.json"))
    let doc = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    let options = try #require((doc["meta"] as? [String: Any])?["options"] as? [String: Any])
    #expect(options["id_match"] as? String == "normalized")
    #expect(options["max_excluded_share"] as? String == "0.3")
  }

  @Test func missingCodesAndALargerShareResolveTheirGuards() throws {
    let out = try Self.temp()
    let dk = try ImpactBinary.run(
      ["literacy", "--pre", "dk_baseline.csv", "--post", "dk_endline.csv", "--missing", "99", "--out", out, "--quiet"],
      in: Self.folder)
    #expect(dk.status == 0, "\(dk.stderr)")
    let scale = try ImpactBinary.run(
      [
        "literacy", "--pre", "scale_baseline.csv", "--post", "scale_endline.csv", "--codebook", "scale_codebook.yaml",
        "--max-excluded-share", "0.5", "--out", out, "--quiet",
      ], in: Self.folder)
    #expect(scale.status == 0, "\(scale.stderr)")
    let bad = try ImpactBinary.run(
      ["literacy", "--pre", "dk_baseline.csv", "--post", "dk_endline.csv", "--max-excluded-share", "2"],
      in: Self.folder)
    #expect(bad.status == 2)
  }

  @Test func unusedWeightAndDifferingByValuesAreReported() throws {
    let out = try Self.temp()
    let args = [
      "literacy", "--pre", "design_baseline.csv", "--post", "design_endline.csv", "--by", "district", "--out", out,
      "--deterministic",
    ]
    let r = try ImpactBinary.run(args, in: Self.folder)
    #expect(r.status == 0, "\(r.stderr)")
    let lines = r.stderr.split(separator: "\n").map(String.init)
    #expect(
      lines.contains(
        "impact literacy: --by district: 1 paired respondent has a different value at endline (e.g. R03: 东城区 → 西城区); the baseline value is used"
      ))
    #expect(
      lines.contains(
        "impact literacy: notice: column 'weight' (design_baseline.csv, design_endline.csv) looks like a survey design variable (weight, stratum, cluster) but no option uses it: the figures are unweighted and ignore the design"
      ))
    let doc = try Self.summary(out)
    let notices = try #require((doc["meta"] as? [String: Any])?["notices"] as? [String])
    #expect(notices.count == 1 && notices[0].hasPrefix("column 'weight' (design_baseline.csv, design_endline.csv)"))
    let attrition = try #require(doc["attrition"] as? [String: Any])
    let conflicts = try #require(attrition["by_value_conflicts"] as? [[String: Any]])
    #expect(conflicts.count == 1)
    #expect(conflicts[0]["by"] as? String == "district" && conflicts[0]["respondents"] as? Int == 1)
    #expect(conflicts[0]["value_used"] as? String == "baseline")
    let examples = try #require(conflicts[0]["examples"] as? [[String: String]])
    #expect(examples == [["id": "R03", "pre": "东城区", "post": "西城区"]])
    // The weight column is not an indicator.
    let indicators = try #require(doc["indicators"] as? [[String: Any]])
    #expect(indicators.map { $0["indicator"] as? String } == ["q01"])
    let quiet = try ImpactBinary.run(args + ["--quiet"], in: Self.folder)
    #expect(quiet.status == 0 && quiet.stderr.isEmpty)
  }
}
