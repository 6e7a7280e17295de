import Foundation
import TestSupport
import Testing

/// `impact literacy` / `impact run` / `impact merge` with a survey design:
/// the options and the `design:` config key, the stop on bad weights (exit
/// 1, file:line, nothing written), and shards merged through the CLI.
@Suite struct DesignCLITests {
  static func temp() throws -> String {
    let d = FileManager.default.temporaryDirectory.appendingPathComponent("impact-design-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
    return d
  }

  /// A stratified two-stage-like sample: 2 strata × 3 villages × 4 people.
  static func write(_ dir: String, badWeightLine: Int? = nil, ids: ClosedRange<Int> = 0...23) throws {
    var pre = "id,stratum,village,w,fpc,q1,q2\n"
    var post = "id,q1,q2\n"
    for i in ids {
      let w = badWeightLine == i + 2 ? "0" : String(format: "%.2f", 10 + Double(i % 5) * 1.25)
      pre += "r\(i),s\(i / 12),v\(i / 4),\(w),\(i < 12 ? 30 : 20),\(1 + i % 5),\(1 + (i * 7) % 5)\n"
      if i % 6 != 5 { post += "r\(i),\(1 + (i + i / 3) % 5),\(1 + (i * 3) % 5)\n" }
    }
    try pre.write(toFile: dir + "/pre.csv", atomically: true, encoding: .utf8)
    try post.write(toFile: dir + "/post.csv", atomically: true, encoding: .utf8)
  }

  static let design = ["--weight", "w", "--strata", "stratum", "--cluster", "village", "--fpc", "fpc"]

  @Test func optionsAddTheDesignColumnsAndBlock() throws {
    let dir = try Self.temp()
    try Self.write(dir)
    let r = try ImpactBinary.run(
      ["literacy", "--pre", "pre.csv", "--post", "post.csv", "--scale", "1,5", "--out", "out", "--deterministic"]
        + Self.design, in: dir)
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stderr.contains("notice: survey design given"))
    #expect(!r.stderr.contains("different weight at endline"))
    let csv = try String(contentsOfFile: dir + "/out/literacy_indicators.csv", encoding: .utf8)
    #expect(csv.hasPrefix("indicator,") && csv.contains(",w_mean_diff,w_se_diff,") && csv.contains(",w_deff,"))
    let data = try #require(FileManager.default.contents(atPath: dir + "/out/literacy_summary.json"))
    let doc = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    let block = try #require(doc["survey_design"] as? [String: Any])
    #expect(block["strata"] as? Int == 2 && block["psus"] as? Int == 6 && block["respondents"] as? Int == 24)
    let first = try #require((doc["indicators"] as? [[String: Any]])?.first?["design"] as? [String: Any])
    #expect(first["design_df"] as? Int == 4 && first["df"] as? Double == 3)
  }

  @Test func aZeroWeightStopsTheJobNamingTheLine() throws {
    let dir = try Self.temp()
    try Self.write(dir, badWeightLine: 9)
    let r = try ImpactBinary.run(
      ["literacy", "--pre", "pre.csv", "--post", "post.csv", "--scale", "1,5", "--out", "out"] + Self.design, in: dir)
    #expect(r.status == 1)
    #expect(r.stderr.contains("pre.csv:9"), "\(r.stderr)")
    #expect(r.stderr.contains("the weight column 'w' holds 0: weights must be positive"), "\(r.stderr)")
    #expect(!FileManager.default.fileExists(atPath: dir + "/out/literacy_summary.json"))
  }

  @Test func runConfigDesignKeyAndMergedShardsEqualTheSingleRun() throws {
    let dir = try Self.temp()
    try Self.write(dir)
    try """
    surveys:
      - name: design
        pre: pre.csv
        post: post.csv
        scale: [1, 5]
        design: {weight: w, strata: stratum, cluster: village, fpc: fpc}
        by: [stratum]
    """.write(toFile: dir + "/impact.yaml", atomically: true, encoding: .utf8)
    let run = try ImpactBinary.run(
      ["run", "--config", "impact.yaml", "--out", "run", "--deterministic", "--quiet"], in: dir)
    #expect(run.status == 0, "\(run.stderr)")
    let single = try ImpactBinary.run(
      [
        "literacy", "--pre", "pre.csv", "--post", "post.csv", "--scale", "1,5", "--out", "single", "--deterministic",
        "--quiet", "--format", "csv", "--by", "stratum",
      ] + Self.design, in: dir)
    #expect(single.status == 0, "\(single.stderr)")
    let fromRun = try String(contentsOfFile: dir + "/run/literacy_indicators.csv", encoding: .utf8)
    let fromOptions = try String(contentsOfFile: dir + "/single/literacy_indicators.csv", encoding: .utf8)
    #expect(fromRun == fromOptions)
    // Two shards by id: villages v1 and v4 are split between them.
    for (name, ids) in [
      ("a", [0, 1, 2, 4, 5, 13, 14, 15, 20, 21]), ("b", [3, 6, 7, 8, 9, 10, 11, 12, 16, 17, 18, 19, 22, 23]),
    ] {
      let shard = dir + "/" + name
      try FileManager.default.createDirectory(atPath: shard, withIntermediateDirectories: true)
      let keep = Set(ids.map { "r\($0)" })
      for file in ["pre.csv", "post.csv"] {
        let lines = try String(contentsOfFile: dir + "/" + file, encoding: .utf8).split(separator: "\n")
        let body = lines.dropFirst().filter { keep.contains(String($0.split(separator: ",")[0])) }
        try ([String(lines[0])] + body.map(String.init)).joined(separator: "\n").appending("\n")
          .write(toFile: shard + "/" + file, atomically: true, encoding: .utf8)
      }
      let p = try ImpactBinary.run(
        [
          "literacy", "--pre", "pre.csv", "--post", "post.csv", "--scale", "1,5", "--emit-partial", "partial.json",
          "--quiet", "--by", "stratum",
        ] + Self.design, in: shard)
      #expect(p.status == 0, "\(p.stderr)")
    }
    let merged = try ImpactBinary.run(
      [
        "merge", "b/partial.json", "a/partial.json", "--out", "merged", "--format", "csv", "--deterministic",
        "--quiet",
      ], in: dir)
    #expect(merged.status == 0, "\(merged.stderr)")
    let fromMerge = try String(contentsOfFile: dir + "/merged/literacy_indicators.csv", encoding: .utf8)
    #expect(fromMerge == fromOptions)
    // The group rows carry the domain figures (w_*), and the report's design
    // card a table of the weighted composite per group.
    let header = fromOptions.split(separator: "\n")[0].split(separator: ",").map(String.init)
    let seDiff = try #require(header.firstIndex(of: "w_se_diff"))
    let groupRows = fromOptions.split(separator: "\n").filter { $0.hasPrefix("stratum,s") }
    #expect(groupRows.count == 6, "\(groupRows)")
    #expect(groupRows.allSatisfy { !$0.split(separator: ",", omittingEmptySubsequences: false)[seDiff].isEmpty })
    let html = try String(contentsOfFile: dir + "/run/report.html", encoding: .utf8)
    #expect(html.contains("分组加权综合得分") && html.contains("Weighted composite per group"))
    #expect(html.contains("<td class=\"l\">stratum = s0</td>") && html.contains("<td class=\"l\">stratum = s1</td>"))
  }
}
