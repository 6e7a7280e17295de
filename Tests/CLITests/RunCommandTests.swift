import Foundation
import TestSupport
import Testing

/// `impact run` end to end on the shipped example: byte-identical reruns,
/// a report that a real browser renders, a notebook nbformat accepts.
@Suite(.serialized) struct RunCommandTests {
  static let root = repositoryRoot()
  static let config = root + "/datasets/example/impact.yaml"

  static func tempDir(_ tag: String) throws -> String {
    let d = FileManager.default.temporaryDirectory.appendingPathComponent("impact-run-\(tag)-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
    return d
  }

  /// Runs the example once per test process and reuses the result.
  static let first: (dir: String, run: ImpactRun)? = {
    guard let dir = try? tempDir("a"),
      let r = try? ImpactBinary.run([
        "run", "--config", config, "--out", dir, "--deterministic", "--log-format", "json",
      ])
    else { return nil }
    return (dir, r)
  }()

  static func python(_ script: String) throws -> ImpactRun {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3", "-c", script]
    let out = Pipe()
    let err = Pipe()
    p.standardOutput = out
    p.standardError = err
    try p.run()
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return ImpactRun(
      status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
      stderr: String(decoding: e, as: UTF8.self))
  }

  @Test func writesEverythingAndLogsJSONPhases() throws {
    let first = try #require(Self.first)
    #expect(first.run.status == 0, "\(first.run.stderr)")
    let files = try FileManager.default.contentsOfDirectory(atPath: first.dir).sorted()
    #expect(
      files == [
        "literacy_1_indicators.csv", "literacy_1_summary.json", "literacy_2_indicators.csv",
        "literacy_2_summary.json", "literacy_3_indicators.csv", "literacy_3_summary.json", "literacy_4_indicators.csv",
        "literacy_4_summary.json", "manifest.json",
        "reach_by_group.csv", "reach_by_period.csv", "reach_cohorts.csv", "reach_summary.json",
        "reach_volunteers_by_period.csv", "report.html", "report.ipynb",
      ])
    let phases = first.run.stderr.split(separator: "\n").compactMap { line -> String? in
      guard let obj = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return nil }
      return obj["phase"] as? String
    }
    #expect(phases.contains("reach") && phases.contains("report") && phases.contains("write"), "\(phases)")
  }

  @Test func deterministicRerunsAreByteIdentical() throws {
    let first = try #require(Self.first)
    let second = try Self.tempDir("b")
    let r = try ImpactBinary.run(["run", "--config", Self.config, "--out", second, "--deterministic", "--quiet"])
    #expect(r.status == 0, "\(r.stderr)")
    for name in try FileManager.default.contentsOfDirectory(atPath: first.dir) {
      let a = FileManager.default.contents(atPath: "\(first.dir)/\(name)")
      let b = FileManager.default.contents(atPath: "\(second)/\(name)")
      #expect(a != nil && a == b, "\(name) differs between two runs")
    }
    let manifest = try String(contentsOfFile: "\(first.dir)/manifest.json", encoding: .utf8)
    #expect(!manifest.contains("generated_at"))
    #expect(manifest.contains("\"sha256\""))
  }

  @Test func chromiumRendersTheReport() throws {
    let first = try #require(Self.first)
    let png = "\(first.dir)/screenshot.png"
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = [
      "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--screenshot=\(png)",
      "--window-size=1200,900", "file://\(first.dir)/report.html",
    ]
    p.standardOutput = FileHandle.nullDevice
    p.standardError = FileHandle.nullDevice
    try p.run()
    p.waitUntilExit()
    #expect(
      p.terminationStatus == 0, "chromium failed (is the Debian package 'chromium' installed? make test installs it)")
    // Size and ink: a blank page would be one colour.
    let check = try Self.python(
      """
      from PIL import Image
      im = Image.open('\(png)').convert('RGB')
      px = im.getdata()
      ink = sum(1 for p in px if sum(p) < 600)
      colours = len(set(px))
      print(im.size[0], im.size[1], ink, colours)
      """)
    #expect(check.status == 0, "\(check.stderr)")
    let f = check.stdout.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    #expect(f.count == 4)
    if f.count == 4 {
      #expect(f[0] == 1200 && f[1] == 900, "screenshot size \(f[0])×\(f[1])")
      #expect(f[2] > 20_000, "too little ink on the page: \(f[2]) dark pixels")
      #expect(f[3] > 50, "too few colours: \(f[3])")
    }
  }

  /// The third example survey is a weighted, stratified, clustered sample
  /// (codebook `design:`): design-based figures in its outputs and the report.
  @Test func theWeightedClusteredSurveyReachesTheReport() throws {
    let first = try #require(Self.first)
    let data = try #require(FileManager.default.contents(atPath: "\(first.dir)/literacy_3_summary.json"))
    let doc = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    let design = try #require(doc["survey_design"] as? [String: Any])
    #expect(design["clustered"] as? Bool == true && design["single_psu_strata"] as? [String] == ["石景山区"])
    let composite = try #require((doc["composite"] as? [String: Any])?["design"] as? [String: Any])
    #expect((composite["deff"] as? Double ?? 0) > 1, "clustering should inflate the variance: \(composite)")
    let html = try String(contentsOfFile: "\(first.dir)/report.html", encoding: .utf8)
    #expect(html.contains("加权综合得分变化<span class=\"en\" lang=\"en\">Weighted composite change</span>"))
    #expect(html.contains("Survey design: <span class=\"nb\">218</span> respondents"))
  }

  /// The example's `by:` columns bring the issue-15 figures per group into
  /// the report: the weighted composite per district of the design survey,
  /// and the village comparison's treated × sex interaction test (CR1).
  @Test func theExampleShowsDesignGroupsAndTheInteraction() throws {
    let first = try #require(Self.first)
    let html = try String(contentsOfFile: "\(first.dir)/report.html", encoding: .utf8)
    #expect(html.contains("分组加权综合得分<span class=\"en\" lang=\"en\">Weighted composite per group</span>"))
    #expect(
      html.contains("ANCOVA treated × <span class=\"nb\">sex</span> interaction, <span class=\"nb\">2</span> groups)"))
    #expect(html.contains(" F(<span class=\"nb\">1</span>, <span class=\"nb\">39</span>) = "), "CR1 F(1, G − 1)")
    #expect(!html.contains("Not tested:"))
    let data = try #require(FileManager.default.contents(atPath: "\(first.dir)/literacy_4_summary.json"))
    let doc = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    let tests = try #require((doc["comparison"] as? [String: Any])?["interaction_tests"] as? [[String: Any]])
    #expect(tests.map { $0["by"] as? String } == ["sex"])
    let composite = try #require(tests.first?["composite"] as? [String: Any])
    #expect((composite["cluster"] as? [String: Any])?["p_value"] is Double, "\(composite)")
    let csv = try String(contentsOfFile: "\(first.dir)/literacy_4_indicators.csv", encoding: .utf8)
    #expect(csv.prefix { $0 != "\n" }.contains(",treated_x_sex_cluster_p,"))
    let design = try String(contentsOfFile: "\(first.dir)/literacy_3_indicators.csv", encoding: .utf8)
    #expect(design.contains("\ndistrict,海淀区,q01,"), "the design survey's rows per district")
  }

  @Test func notebookPassesNbformatValidation() throws {
    let first = try #require(Self.first)
    let r = try Self.python(
      """
      import nbformat, warnings
      warnings.simplefilter('error')
      nb = nbformat.read('\(first.dir)/report.ipynb', as_version=4)
      nbformat.validate(nb)
      svgs = sum(1 for c in nb.cells if c.cell_type == 'code' for o in c.outputs if 'image/svg+xml' in o.get('data', {}))
      print(len(nb.cells), svgs)
      """)
    #expect(r.status == 0, "\(r.stderr)")
    let parts = r.stdout.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    #expect(parts.count == 2 && parts[1] >= 4, "cells, svg outputs: \(r.stdout)")
  }

  @Test func reportKeepsChineseLabels() throws {
    let first = try #require(Self.first)
    let html = try String(contentsOfFile: "\(first.dir)/report.html", encoding: .utf8)
    #expect(html.contains("会用智能手机视频通话"))
    #expect(html.contains("SYNTHETIC DATA"))
    #expect(!html.contains("<script"))
    let csv = try String(contentsOfFile: "\(first.dir)/literacy_1_indicators.csv", encoding: .utf8)
    #expect(csv.contains("能识别电信网络诈骗 / Recognize phone and online scams"))
    #expect(!csv.contains("nan"))
  }

  /// The second example survey is a labeled Excel export ("A.非常同意",
  /// "５", "不知道", stray answers): every indicator is analysed from the
  /// option texts, and the strays are counted, listed and shown in the report.
  @Test func labeledWorkbookSurveyIsAnalysed() throws {
    let first = try #require(Self.first)
    let data = try #require(FileManager.default.contents(atPath: "\(first.dir)/literacy_2_summary.json"))
    let doc = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    let attrition = try #require(doc["attrition"] as? [String: Any])
    let per = try #require(attrition["per_indicator"] as? [[String: Any]])
    #expect(per.count == 8)
    let unmatched = per.reduce(0) {
      $0 + (($1["unmatched_label_pre"] as? Int) ?? 0) + (($1["unmatched_label_post"] as? Int) ?? 0)
    }
    #expect(unmatched > 10, "stray answers such as 看情况 must be counted, got \(unmatched)")
    let examples = try #require(attrition["examples"] as? [String: Any])
    let listed = try #require(examples["unmatched_label"] as? [[String: Any]])
    #expect(listed.first?["value"] as? String == "看情况")
    let csv = try String(contentsOfFile: "\(first.dir)/literacy_2_indicators.csv", encoding: .utf8)
    let overall = csv.split(separator: "\n").dropFirst().filter { $0.hasPrefix(",all,Q") }
    #expect(overall.count == 8, "\(csv.prefix(400))")
    for line in overall {
      let n = Int(line.split(separator: ",", omittingEmptySubsequences: false)[4]) ?? 0
      #expect(n > 600, "too few pairs: \(line.prefix(80))")
    }
    let html = try String(contentsOfFile: "\(first.dir)/report.html", encoding: .utf8)
    #expect(html.contains("防诈骗讲座") && html.contains("answers matching no codebook label"))
  }

  @Test func strictExitsOneButWritesOutputs() throws {
    let dir = try Self.tempDir("strict")
    let r = try ImpactBinary.run([
      "run", "--config", Self.config, "--out", dir, "--deterministic", "--quiet", "--strict",
    ])
    #expect(r.status == 1)
    #expect(r.stderr.contains("were excluded"))
    #expect(FileManager.default.fileExists(atPath: "\(dir)/report.html"))
  }

  @Test func brokenConfigNamesFileAndLine() throws {
    let dir = try Self.tempDir("cfg")
    try "reach:\n  hours: x.csv\n  perod: year\n".write(toFile: "\(dir)/bad.yaml", atomically: true, encoding: .utf8)
    let r = try ImpactBinary.run(["run", "--config", "\(dir)/bad.yaml", "--quiet"])
    #expect(r.status == 1)
    #expect(r.stderr.contains("bad.yaml:3: reach: unknown key 'perod' (did you mean 'period'?)"), "\(r.stderr)")
  }
}
