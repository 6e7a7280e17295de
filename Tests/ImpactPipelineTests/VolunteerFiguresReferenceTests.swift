import Foundation
import ImpactCore
import ImpactExport
import ImpactIngest
import ImpactPipeline
import ImpactStats
import TestSupport
import Testing

/// The volunteer figures of `impact reach` against figures computed
/// independently with pandas/numpy (Fixtures/reach/make_volunteer_reference.py)
/// from the reach fixture's hour log (an empty year, invalid rows, Chinese
/// dates). 1e-9 relative, counts exact.
@Suite struct VolunteerFiguresReferenceTests {
  static let folder = ReachReferenceTests.folder

  static func expected(_ name: String) throws -> [String: Any] {
    let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/expected_volunteers.json"))
    let all = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    return try #require(all[name] as? [String: Any])
  }

  static func figures(_ name: String) throws -> VolunteerFigures {
    var r = ReachRequest(hours: folder + "/hours.csv")
    r.deterministic = true
    r.csv = CSVOptions(parallelism: 3, minimumChunkBytes: 1024)
    switch name {
    case "year":
      r.grain = .year
      r.asOf = CalendarDay(year: 2025, month: 1, day: 1)
      r.volunteerFigures.starLevels = [5, 15, 30, 60]
      r.volunteerFigures.hourValue = 30
      r.volunteerFigures.currency = "CNY"
    default:
      r.grain = .quarter
      r.asOf = CalendarDay(year: 2024, month: 12, day: 31)
      r.volunteerFigures.lapsedAfterMonths = 6
    }
    return try #require(try ReachJob.run(r).volunteers)
  }

  static func close(_ a: Double?, _ b: Any?, _ label: String) {
    let e = (b as? NSNumber)?.doubleValue
    switch (a, e) {
    case (nil, nil): return
    case (let x?, let y?):
      let err = abs(x - y) / max(abs(y), 1e-300)
      #expect(err <= 1e-9 || x == y, "\(label): expected \(y), observed \(x), relative error \(err)")
    default: Issue.record("\(label): expected \(String(describing: e)), observed \(String(describing: a))")
    }
  }

  @Test(arguments: ["year", "quarter"])
  func figuresMatchPandas(_ name: String) throws {
    let f = try Self.figures(name)
    let e = try Self.expected(name)
    let periods = try #require(e["periods"] as? [[String: Any]])
    #expect(f.periods.map(\.period) == periods.compactMap { $0["period"] as? String })
    for (row, exp) in zip(f.periods, periods) {
      #expect(row.stars == exp["stars"] as? [Int], "\(name) \(row.period) stars")
      Self.close(row.top10SharePct, exp["top10_share_pct"], "\(name) \(row.period) top10")
      Self.close(row.fullTimeHours, exp["full_time_hours"], "\(name) \(row.period) full-time hours")
      Self.close(row.fte, exp["fte"], "\(name) \(row.period) fte")
      Self.close(row.value, exp["value"] is NSNull ? nil : exp["value"], "\(name) \(row.period) value")
    }
    let cohorts = try #require(e["cohorts"] as? [[String: Any]])
    #expect(f.cohorts.map(\.cohort) == cohorts.compactMap { $0["cohort"] as? String })
    for (c, exp) in zip(f.cohorts, cohorts) {
      #expect(c.size == exp["size"] as? Int, "\(name) cohort \(c.cohort) size")
      #expect(c.active == exp["active"] as? [Int], "\(name) cohort \(c.cohort) active")
    }
    let lapsed = try #require(f.lapsed)
    let el = try #require(e["lapsed"] as? [String: Any])
    #expect(lapsed.lapsed == el["lapsed"] as? Int)
    #expect(lapsed.volunteers == el["volunteers"] as? Int)
    #expect(lapsed.exact == el["exact"] as? Bool)
    #expect(lapsed.windowStart.description == el["window_start"] as? String)
    #expect(lapsed.lastServiceOnOrBefore.description == el["last_service_on_or_before"] as? String)
    #expect(lapsed.referenceDay.description == el["reference_day"] as? String)
    let d = try #require(e["distribution"] as? [String: Any])
    #expect(f.distribution.volunteers == d["volunteers"] as? Int)
    Self.close(f.distribution.mean, d["mean"], "\(name) mean")
    Self.close(f.distribution.median, d["median"], "\(name) median")
    Self.close(f.distribution.p90, d["p90"], "\(name) p90")
    Self.close(f.distribution.top10SharePct, d["top10_share_pct"], "\(name) top10 share")
    Self.close(f.hoursTotal, e["hours_total"], "\(name) hours")
    Self.close(f.fte, e["fte"], "\(name) fte per year")
    Self.close(f.value, e["value"] is NSNull ? nil : e["value"], "\(name) value")
  }

  /// A hand-computed case: three volunteers, thresholds 2 and 5 hours.
  /// A: 2023 1 h, 2024 1 h (reaches 2 h in 2024); B: 2023 6 h (reaches both
  /// in 2023); C: 2024 0.5 h. Cohorts 2023 {A, B}, 2024 {C}; lapsed after 12
  /// months before 2024-12-31: B (last service 2023).
  @Test func aHandComputedLogGivesItsFigures() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vol-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    let csv = """
      volunteer_id,date,hours
      A,2023-03-01,1
      A,2024-05-01,1
      B,2023-06-01,4
      B,2023-07-01,2
      C,2024-08-01,0.5

      """
    try csv.write(toFile: dir + "/h.csv", atomically: true, encoding: .utf8)
    var r = ReachRequest(hours: dir + "/h.csv")
    r.asOf = CalendarDay(year: 2024, month: 12, day: 31)
    r.volunteerFigures.starLevels = [2, 5]
    r.deterministic = true
    let f = try #require(try ReachJob.run(r).volunteers)
    #expect(f.periods.map(\.stars) == [[1, 0, 1], [1, 1, 1]])
    #expect(f.cohorts.map(\.active) == [[2, 1], [1]])
    #expect(f.cohorts.map(\.size) == [2, 1])
    let lapsed = try #require(f.lapsed)
    #expect(lapsed.lapsed == 1 && lapsed.volunteers == 3 && lapsed.exact)
    #expect(f.distribution.median == 2)
    // Top 10% of 3 volunteers is ⌈0.3⌉ = 1: B's 6 of 8.5 hours.
    Self.close(f.distribution.top10SharePct, 100 * 6 / 8.5, "top10")
    #expect(f.value == nil)

    // From 2024: A's 2023 hours and cohort precede the span (A is active in
    // 2024 but in no cohort row); the partial passes validation and merges
    // to the same figures.
    r.from = CalendarDay(year: 2024, month: 1, day: 1)
    let window = try #require(try ReachJob.run(r).volunteers)
    #expect(window.periods.map(\.stars) == [[2, 0, 0]])
    #expect(window.cohorts.map(\.cohort) == ["2024"] && window.cohorts.map(\.active) == [[1]])
    var p = r
    p.allowEmptyInputs = true
    let partial = dir + "/p.json"
    let bytes = try PartialFile.encode(.reach(ReachJob.accumulate(p, keepIds: true)))
    FileManager.default.createFile(atPath: partial, contents: Data(bytes))
    guard case .reach(let report) = try MergeJob.run([partial], deterministic: true) else {
      Issue.record("not a reach result")
      return
    }
    #expect(report.volunteers == window)
  }
}
