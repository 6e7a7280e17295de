import Foundation
import Testing

@testable import ImpactExport
@testable import ImpactStats

/// The charts' fixes (issue 17 item 6) and the subgroup sections (item 2).
@Suite struct ChartTests {
  func indicator(_ id: String, _ label: String) -> IndicatorResult {
    var r = ReportFixtures.literacy().overall.indicators[0]
    r.indicator = id
    r.label = label
    return r
  }

  @Test(arguments: [
    ("q2", "q2 会使用健康码和挂号小程序", "q2 会使用健康码和挂号小程序"),
    ("q2", "q2", "q2"),
    ("q1", "能识别网络诈骗短信 / Spots scam messages", "q1 能识别网络诈骗短信"),
    ("q9", "Knows how to report fraud to the police and the bank", nil),
    ("q7", "老年人能够独立识别并拒绝各种形式的电信网络诈骗和虚假广告宣传", nil),
  ])
  func shortLabelNeitherDoublesNorOverflows(id: String, label: String, expected: String?) {
    let s = Charts.shortLabel(indicator(id, label))
    if let expected { #expect(s == expected) }
    #expect(!s.hasPrefix("\(id) \(id)"), "doubled id: \(s)")
    #expect(SVG.textWidth(s, size: Charts.labelSize) <= 196, "label wider than the margin: \(s)")
    if expected == nil { #expect(s.hasSuffix("…") && s.hasPrefix(id)) }
  }

  /// In every row the interval is drawn after (over) its dot, and dots are
  /// hollow, so no dot hides its interval.
  @Test func forestIntervalsAreDrawnOverHollowDots() throws {
    let r = ReportFixtures.literacy().overall
    let svg = Charts.forest(r.indicators, composite: r.composite, language: .en)
    let circles = svg.ranges(of: "<circle")
    #expect(circles.count == r.indicators.count)
    for c in circles {
      let rest = svg[c.upperBound...]
      #expect(rest.prefix(90).contains("fill=\"#fff\""), "a filled dot")
      let end = try #require(rest.range(of: "</circle>"))
      #expect(rest[end.upperBound...].hasPrefix("<line"), "a dot whose interval is not drawn right over it")
    }
    #expect(svg.contains("Cohen&#39;s dz (effect size of the change; &gt; 0 = improvement)"))
  }

  @Test func everyChartHasAxisTitles() {
    let r = ReportFixtures.literacy().overall
    #expect(
      Charts.beforeAfter(r.indicators, confidence: 0.95, language: .en).contains("mean score (indicator&#39;s scale)"))
    let bars = Charts.periodBars(
      ReportFixtures.periods(), figure: "hours_total", title: "Hours", axisTitle: "hours", grain: .year, language: .en)
    #expect(bars.contains(">hours</text>") && bars.contains("period (year)"))
    let v = Charts.volunteers(ReportFixtures.periods(), grain: .year, language: .zh)
    #expect(v.contains(">人</text>") && v.contains("期间（年）"))
  }

  @Test func partialPeriodsAreMarked() {
    let bars = Charts.periodBars(
      ReportFixtures.periods(), figure: "hours_total", title: "Hours", axisTitle: "hours", grain: .year, language: .en)
    #expect(bars.components(separatedBy: "fill=\"url(#partial-hours_total)\"").count - 1 == 2)  // legend + 1 bar
    #expect(bars.contains("partial period (pale, hatched)"))
    #expect(bars.contains("2023: 95 (59/365)"))
    let v = Charts.volunteers(ReportFixtures.periods(), grain: .year, language: .en)
    #expect(v.contains("url(#partial-volunteers)") && v.contains("partial period"))
  }

  @Test func subgroupSectionShowsGainsTestsAndSmallGroups() throws {
    var report = ReportFixtures.literacy()
    let sections = HTMLReport.subgroupSections(report, Localizer(.en))
    let s = try #require(sections.first)
    #expect(sections.count == 1)
    let rows = try #require(s["rows"] as? [[String: Any]])
    #expect(
      rows.map { $0["group"] as? String } == ["东城区", "西城区"] || rows.map { $0["group"] as? String } == ["西城区", "东城区"])
    let small = rows.filter { $0["small"] as? Bool == true }.map { $0["group"] as? String }
    #expect(small == ["西城区"])  // 12 pairs < 30
    let chart = try #require(s["chartSVG"] as? String)
    #expect(chart.contains("西城区 *") && chart.contains("composite change (points on 0–100)"))
    #expect((s["tests"] as? String)?.contains("No test of differences") == true)
    // With the tests of the JSON's subgroup_tests.
    report.subgroupTests = [
      SubgroupDifferences(
        column: "district", groups: [ReportFixtures.accumulator(0..<48), ReportFixtures.accumulator(48..<60)])
    ]
    let withTests = HTMLReport.subgroupSections(report, Localizer(.en))
    let text = try #require(withTests.first?["tests"] as? String)
    #expect(text.contains("Do the composite&#39;s gains differ by"))
    #expect(text.contains("Kruskal–Wallis"))
  }
}
