import Foundation
import Testing

@testable import ImpactExport

/// The renderers' output for small hand-built models (issue 17 item 10),
/// compared with committed golden files in Tests/ImpactExportTests/Golden.
///
/// After an intended change of the report or the charts, regenerate them and
/// review the diff:
///
///     IMPACT_UPDATE_GOLDEN=1 swift test --filter ReportGoldenTests
///
/// (the run rewrites the files and fails once, naming them).
@Suite struct ReportGoldenTests {
  static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

  func check(_ name: String, _ actual: String) throws {
    let url = Self.folder.appendingPathComponent(name)
    if ProcessInfo.processInfo.environment["IMPACT_UPDATE_GOLDEN"] == "1" {
      try FileManager.default.createDirectory(at: Self.folder, withIntermediateDirectories: true)
      try Data(actual.utf8).write(to: url)
      Issue.record("rewrote \(name); review the diff and rerun without IMPACT_UPDATE_GOLDEN")
      return
    }
    let expected = try #require(
      try? String(contentsOf: url, encoding: .utf8),
      "missing golden file \(name): run with IMPACT_UPDATE_GOLDEN=1 to create it")
    if expected != actual {
      let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
      let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
      let line = zip(e, a).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(e.count, a.count)
      Issue.record(
        """
        \(name) differs from the golden file at line \(line + 1):
        expected: \(line < e.count ? String(e[line].prefix(300)) : "<end>")
        actual:   \(line < a.count ? String(a[line].prefix(300)) : "<end>")
        (IMPACT_UPDATE_GOLDEN=1 regenerates the golden files)
        """)
    }
  }

  @Test(arguments: ReportLanguage.allCases) func report(_ language: ReportLanguage) throws {
    try check("report-\(language.rawValue).html", try HTMLReport.render(ReportFixtures.run(language)))
  }

  @Test func forestPlot() throws {
    let r = ReportFixtures.literacy().overall
    try check("forest-both.svg", Charts.forest(r.indicators, composite: r.composite, language: .both))
  }

  @Test func beforeAfter() throws {
    let r = ReportFixtures.literacy().overall
    try check("before-after-en.svg", Charts.beforeAfter(r.indicators, confidence: 0.95, language: .en))
  }

  @Test func hoursPerPeriod() throws {
    try check(
      "hours-zh.svg",
      Charts.periodBars(
        ReportFixtures.periods(), figure: "hours_total", title: "每年服务时长", axisTitle: "小时", grain: .year,
        language: .zh))
  }

  @Test func volunteersPerPeriod() throws {
    try check("volunteers-en.svg", Charts.volunteers(ReportFixtures.periods(), grain: .year, language: .en))
  }
}
