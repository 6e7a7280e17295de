import Foundation
import ImpactCore
import ImpactReportModel

@testable import ImpactStats

/// Small hand-built report models for the renderer tests: a fixed,
/// seeded survey (3 indicators, 60 pairs in two districts, one of them
/// small) and a few reach periods, the last partial.
enum ReportFixtures {
  static let design = LiteracyDesign(
    indicators: [
      IndicatorDefinition(id: "q1", label: "能识别网络诈骗短信 / Spots scam messages", scale: 1...5, passThreshold: 4),
      IndicatorDefinition(id: "q2", label: "q2 会使用健康码和挂号小程序", scale: 1...5),
      IndicatorDefinition(
        id: "q3", label: "Knows how to report fraud to the police", scale: 1...5, higherIsBetter: true),
    ],
    scales: [0, 0, 0], compositeRanges: [1...5, 1...5, 1...5])

  /// Deterministic answers: respondent i, indicator j.
  static func answers(_ i: Int, _ j: Int, post: Bool) -> Double {
    var g = SplitMix64(seed: UInt64(i * 7 + j * 131 + (post ? 1_000 : 0)))
    let base = Double(1 + Int(g.next() % 4))
    return min(5, base + (post && (i + j) % 3 != 0 ? 1 : 0))
  }

  static func accumulator(_ ids: Range<Int>) -> LiteracyAccumulator {
    var acc = LiteracyAccumulator(design: design)
    for i in ids {
      let pre = (0..<3).map { answers(i, $0, post: false) }
      let post = (0..<3).map { answers(i, $0, post: true) }
      acc.addMatched(pre: pre.span, post: post.span)
    }
    for i in 100..<106 {
      let pre = (0..<3).map { answers(i, $0, post: false) }
      acc.addBaselineOnly(pre: pre.span)
    }
    return acc
  }

  static func literacy() -> LiteracyReport {
    let overall = LiteracyResult(accumulator(0..<60))
    var exclusions = LiteracyExclusions()
    exclusions.unmatchedLabelPre = [0, 0, 0]
    exclusions.unmatchedLabelPost = [0, 0, 0]
    var report = LiteracyReport(
      toolVersion: "test", generatedAt: nil,
      inputs: [InputFileInfo(role: "baseline", path: "baseline.csv", bytes: 1234, sha256: "ab12", rows: 66)],
      options: [], mode: "two-file", design: design, overall: overall,
      groups: [
        LiteracyGroupResult(column: "district", value: "东城区", result: LiteracyResult(accumulator(0..<48))),
        LiteracyGroupResult(column: "district", value: "西城区", result: LiteracyResult(accumulator(48..<60))),
      ],
      exclusions: exclusions)
    report.subgroupTests = []
    return report
  }

  static func run(_ language: ReportLanguage) -> RunReport {
    var run = RunReport(
      title: "测试报告 Test report", generatedAt: nil, toolVersion: "test", configPath: nil,
      surveys: [("Silver literacy 银龄素养", SurveyOutputNames(index: 0, of: 1), literacy())], reach: nil)
    run.language = language
    return run
  }

  static func periods() -> [ReachPeriodRow] {
    let hours = [120.5, 340.0, 410.25, 95.0]
    return hours.enumerated().map { i, h in
      ReachPeriodRow(
        period: "202\(i)", index: i, volunteersActive: 10 + 5 * i, volunteersNew: 10,
        volunteersCumulative: 10 * (i + 1),
        volunteersRegistered: nil, hoursTotal: h, hoursPerVolunteerMean: nil, hoursPerVolunteerMedian: nil,
        hoursPerVolunteerP90: nil, records: 3 * i + 1, teamsActive: 1, projectsActive: 1, beneficiariesServed: 0,
        beneficiariesUnique: nil, retentionPct: nil, registeredActivePct: nil,
        growth: ["hours_total": i == 0 || i == 3 ? nil : 100 * (h - hours[i - 1]) / hours[i - 1]],
        partial: i == 3, coveredDays: i == 3 ? 59 : 365, periodDays: 365,
        growthNote: i == 3 ? "partial_period" : nil)
    }
  }
}
