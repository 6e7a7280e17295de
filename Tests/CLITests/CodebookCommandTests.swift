import Foundation
import TestSupport
import Testing

/// `impact codebook init` through the built binary.
@Suite struct CodebookCommandTests {
  static func exportFolder() throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("impact-cb-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    let agree = ["A.非常不同意", "B、比较不同意", "（C）一般", "D)比较同意", "Ｅ．非常同意"]
    let often = ["从不", "Rarely", "有时", "ＯＦＴＥＮ", "总是 "]
    var pre = "编号,q1,q2\n"
    var post = pre
    for i in 0..<30 {
      pre += "S\(i),\(agree[i % 5]),\(often[(i / 2) % 5])\n"
      post += "S\(i),\(agree[(i + 1) % 5]),\(i == 4 ? "不知道" : often[(i / 2 + 1) % 5])\n"
    }
    try pre.write(toFile: "\(dir)/pre.csv", atomically: true, encoding: .utf8)
    try post.write(toFile: "\(dir)/post.csv", atomically: true, encoding: .utf8)
    return dir
  }

  @Test func initWritesACodebookThatLiteracyUses() throws {
    let dir = try Self.exportFolder()
    let r = try ImpactBinary.run(["codebook", "init", "pre.csv", "--post", "post.csv"], in: dir)
    #expect(r.status == 0, "\(r.stderr)")
    #expect(
      r.stdout
        == "wrote codebook.yaml\n  2 indicators (agree5 ×1, frequency5 ×1) from 30 + 30 rows\n  id column: 编号\n")
    let yaml = try String(contentsOfFile: "\(dir)/codebook.yaml", encoding: .utf8)
    #expect(yaml.hasPrefix("# Codebook drafted by `impact codebook init` from pre.csv and post.csv.\n"))
    #expect(yaml.contains("\nmissing: [\"不知道\"]  # seen: 不知道 ×1\n"))
    let run = try ImpactBinary.run(
      ["literacy", "--pre", "pre.csv", "--post", "post.csv", "--codebook", "codebook.yaml", "--out", "-"], in: dir)
    #expect(run.status == 0, "\(run.stderr)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    let indicators = try #require(json["indicators"] as? [[String: Any]])
    #expect(indicators.map { $0["n_pairs"] as? Int } == [30, 29])
  }

  @Test func initRefusesToReplaceAFileUnlessForced() throws {
    let dir = try Self.exportFolder()
    try "mine\n".write(toFile: "\(dir)/codebook.yaml", atomically: true, encoding: .utf8)
    let refused = try ImpactBinary.run(["codebook", "init", "pre.csv", "--post", "post.csv"], in: dir)
    #expect(refused.status == 1)
    #expect(
      refused.stderr
        == "impact: error: codebook.yaml: the file exists and was left unchanged. Fix: choose another name with --out, or pass --force\n"
    )
    #expect(try String(contentsOfFile: "\(dir)/codebook.yaml", encoding: .utf8) == "mine\n")
    let forced = try ImpactBinary.run(["codebook", "init", "pre.csv", "--post", "post.csv", "--force"], in: dir)
    #expect(forced.status == 0, "\(forced.stderr)")
    #expect(try String(contentsOfFile: "\(dir)/codebook.yaml", encoding: .utf8).hasPrefix("# Codebook drafted"))
  }

  @Test func initToStdoutPrintsTheYAMLAndTheSummaryOnStderr() throws {
    let dir = try Self.exportFolder()
    let r = try ImpactBinary.run(["codebook", "init", "pre.csv", "--post", "post.csv", "--out", "-"], in: dir)
    #expect(r.status == 0)
    #expect(r.stdout.hasPrefix("# Codebook drafted by `impact codebook init`"))
    #expect(r.stdout.contains("  - id: \"q1\"\n    label: \"q1\"\n    scale_ref: agree5"))
    #expect(r.stderr.hasPrefix("impact codebook init: 2 indicators"))
    #expect(!FileManager.default.fileExists(atPath: "\(dir)/codebook.yaml"))
  }

  @Test func initOnAFileWithoutAnswersFailsWithExitOne() throws {
    let dir = try Self.exportFolder()
    try "id,q1_pre,q1_post\n".write(toFile: "\(dir)/empty.csv", atomically: true, encoding: .utf8)
    let r = try ImpactBinary.run(["codebook", "init", "empty.csv"], in: dir)
    #expect(r.status == 1)
    #expect(r.stderr.hasPrefix("impact: error: empty.csv:2: the file has a header but no data rows."))
  }
}
