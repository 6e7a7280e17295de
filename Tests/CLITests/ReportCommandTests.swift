import Foundation
import TestSupport
import Testing

/// `--report` on the single-analysis commands and `--lang` / config `lang`
/// (issue 17 items 1 and 7).
@Suite struct ReportCommandTests {
  static let example = repositoryRoot() + "/datasets/example"
  static let reachFolder = Bundle.module.resourceURL?.appendingPathComponent("Golden/reach").path ?? ""

  static func tempDir() throws -> String {
    let d = FileManager.default.temporaryDirectory.appendingPathComponent("impact-report-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
    return d
  }

  static func read(_ path: String) throws -> String {
    try #require(try? String(contentsOfFile: path, encoding: .utf8), "missing \(path)")
  }

  @Test func literacyReportInEnglishWithSubgroups() throws {
    let out = try Self.tempDir()
    let r = try ImpactBinary.run(
      [
        "literacy", "--pre", "synthetic_survey_baseline.csv", "--post", "synthetic_survey_endline.csv", "--codebook",
        "synthetic_codebook.yaml", "--by", "district", "--out", out, "--deterministic", "--quiet", "--report",
        "--lang", "en", "--title", "Silver literacy",
      ], in: Self.example)
    #expect(r.status == 0, "\(r.stderr)")
    let html = try Self.read(out + "/report.html")
    #expect(html.contains("<title>Silver literacy</title>"))
    #expect(html.contains("Literacy gains"))
    #expect(html.contains("Subgroups by <span class=\"nb\">district</span>"))
    #expect(html.contains("Welch&#39;s ANOVA F("))
    #expect(!html.contains("素养提升"))
    #expect(!html.contains("Reach and growth"))
    #expect(FileManager.default.fileExists(atPath: out + "/literacy_summary.json"))
  }

  @Test func reachReportInChineseMarksThePartialYear() throws {
    let out = try Self.tempDir()
    let r = try ImpactBinary.run(
      ["reach", "--hours", "ends_mid_feb.csv", "--out", out, "--deterministic", "--quiet", "--report", "--lang", "zh"],
      in: Self.reachFolder)
    #expect(r.status == 0, "\(r.stderr)")
    let html = try Self.read(out + "/report.html")
    #expect(html.contains("服务规模与增长"))
    #expect(html.contains("<title>项目成效报告</title>"))  // the default title, in Chinese
    #expect(html.contains("不完整期（浅色、斜线）"))
    #expect(html.contains("url(#partial-hours_total)"))
    #expect(!html.contains("Reach and growth") && !html.contains("Service hours"))
  }

  @Test func noReportWithoutTheFlag() throws {
    let out = try Self.tempDir()
    let r = try ImpactBinary.run(
      ["reach", "--hours", "ends_mid_feb.csv", "--out", out, "--deterministic", "--quiet"], in: Self.reachFolder)
    #expect(r.status == 0, "\(r.stderr)")
    #expect(!FileManager.default.fileExists(atPath: out + "/report.html"))
  }

  @Test func reportNeedsAnOutputFolder() throws {
    let r = try ImpactBinary.run(
      ["reach", "--hours", "ends_mid_feb.csv", "--out", "-", "--report"], in: Self.reachFolder)
    #expect(r.status == 2, "\(r.status)")
    #expect(r.stderr.contains("--report needs an output folder"), "\(r.stderr)")
  }

  @Test func unknownLanguagesAreRefused() throws {
    let r = try ImpactBinary.run(["reach", "--hours", "ends_mid_feb.csv", "--lang", "fr"], in: Self.reachFolder)
    #expect(r.status != 0)
    #expect(r.stderr.contains("fr"), "\(r.stderr)")
    let dir = try Self.tempDir()
    try "title: x\nlang: fr\n".write(toFile: dir + "/impact.yaml", atomically: true, encoding: .utf8)
    let run = try ImpactBinary.run(["run", "--config", "impact.yaml", "--out", dir + "/out"], in: dir)
    #expect(run.status == 1, "\(run.stderr)")
    #expect(run.stderr.contains("lang must be zh, en or both"), "\(run.stderr)")
  }

  @Test func auditMarkdownInChinese() throws {
    let out = try Self.tempDir()
    let r = try ImpactBinary.run(
      [
        "audit", "--config", "datasets/example/impact.yaml", "--out", out, "--deterministic", "--format", "md",
        "--lang", "zh",
      ], in: repositoryRoot())
    #expect(r.status == 0, "\(r.stderr)")
    let md = try Self.read(out + "/audit.md")
    #expect(md.hasPrefix("# 证据强度 — "))
    #expect(md.contains("| 结论 | 数值 | 置信区间 | n | 评级 | 降级原因 |"))
    #expect(md.contains("**有限**") && md.contains("[attrition.high]"))
    for english in ["How strong is this evidence", "lowered by", "no claim can be rated above", "**limited**", "no CI"]
    {
      #expect(!md.contains(english), "English left in the zh audit.md: \(english)")
    }
  }
}
