import Foundation
import TestSupport
import Testing

/// `impact reach` on small committed inputs (Golden/reach): partial periods,
/// date formats, the exclusion and far-off-date guards, and hours that used
/// to overflow.
@Suite struct ReachCLITests {
  static let folder = Bundle.module.resourceURL?.appendingPathComponent("Golden/reach").path ?? ""

  static func tempDir() throws -> String {
    let d = FileManager.default.temporaryDirectory.appendingPathComponent("impact-reach-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
    return d
  }

  /// Runs `impact reach … --out - --deterministic` and decodes the summary.
  static func summary(_ args: [String]) throws -> (run: ImpactRun, json: [String: Any]) {
    let r = try ImpactBinary.run(["reach"] + args + ["--out", "-", "--deterministic"], in: folder)
    #expect(r.status == 0, "\(r.stderr)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    return (r, json)
  }

  static func period(_ json: [String: Any], _ label: String) throws -> [String: Any] {
    let periods = try #require(json["periods"] as? [[String: Any]])
    return try #require(periods.first { $0["period"] as? String == label })
  }

  static func growth(_ json: [String: Any], _ figure: String) throws -> [String: Any] {
    let growth = try #require(json["growth"] as? [[String: Any]])
    return try #require(growth.first { $0["figure"] as? String == figure })
  }

  /// A failed run: exit 1, the message, nothing written.
  static func fails(_ args: [String], saying parts: [String]) throws {
    let out = try tempDir()
    let r = try ImpactBinary.run(args + ["--out", out], in: folder)
    #expect(r.status == 1, "\(r.stderr)")
    for p in parts { #expect(r.stderr.contains(p), "missing '\(p)' in: \(r.stderr)") }
    #expect(!r.stderr.contains("Fatal error"))
    #expect(try FileManager.default.contentsOfDirectory(atPath: out).isEmpty, "a failed run wrote files")
  }

  // MARK: - Partial periods

  @Test func aLogEndingInFebruaryMakesItsLastYearPartial() throws {
    let (r, json) = try Self.summary(["--hours", "ends_mid_feb.csv"])
    let last = try Self.period(json, "2025")
    #expect(last["partial"] as? Bool == true)
    #expect(last["covered_days"] as? Int == 45)
    #expect(last["period_days"] as? Int == 365)
    #expect(last["growth_note"] as? String == "partial_period")
    #expect(last["volunteers_active_growth_pct"] is NSNull)
    #expect(last["hours_total_growth_pct"] is NSNull)
    let complete = try Self.period(json, "2024")
    #expect(complete["partial"] as? Bool == false)
    #expect(complete["covered_days"] as? Int == 366)
    #expect(complete["volunteers_active_growth_pct"] as? Double == 0)
    let hours = try Self.growth(json, "hours_total")
    #expect(hours["years"] as? Double == 2)
    #expect(hours["last"] as? Double == 20)
    #expect(hours["partial_periods_excluded"] as? [String] == ["2025"])
    let meta = try #require(json["meta"] as? [String: Any])
    #expect(meta["partial_periods"] as? [String] == ["2025"])
    let coverage = try #require(meta["coverage"] as? [String: String])
    #expect(coverage["from"] == "2022-01-01" && coverage["to"] == "2025-02-14")
    #expect(coverage["to_basis"] == "last record")
    #expect(r.stderr.contains("partial year: 2025 (45 of 365 days)"), "\(r.stderr)")
  }

  @Test func includePartialRestoresTheGrowthOfThePartialPeriod() throws {
    let (_, json) = try Self.summary(["--hours", "ends_mid_feb.csv", "--include-partial"])
    let last = try Self.period(json, "2025")
    #expect(last["partial"] as? Bool == true)
    #expect(last["growth_note"] is NSNull)
    let g = try #require(last["hours_total_growth_pct"] as? Double)
    #expect(abs(g - (-75)) < 1e-9)
    let hours = try Self.growth(json, "hours_total")
    #expect(hours["years"] as? Double == 3)
    #expect(hours["partial_periods_excluded"] as? [String] == [])
  }

  @Test func asOfStatesThatTheLogIsCompleteUpToThatDay() throws {
    let (_, json) = try Self.summary(["--hours", "ends_mid_feb.csv", "--as-of", "2025-12-31"])
    #expect(try Self.period(json, "2025")["partial"] as? Bool == false)
    let (_, quarters) = try Self.summary([
      "--hours", "ends_mid_feb.csv", "--as-of", "2025-03-03", "--period", "quarter",
    ])
    let q1 = try Self.period(quarters, "2025-Q1")
    #expect(q1["partial"] as? Bool == true)
    #expect(q1["covered_days"] as? Int == 62)
    #expect(q1["period_days"] as? Int == 90)
    #expect(try Self.period(quarters, "2024-Q4")["partial"] as? Bool == false)
    #expect(try Self.period(quarters, "2022-Q1")["partial"] as? Bool == false)
  }

  @Test func theReportHeadlineQuotesTheLastCompleteYear() throws {
    let out = try Self.tempDir()
    let r = try ImpactBinary.run(
      ["run", "--config", "ends_mid_feb.yaml", "--out", out, "--deterministic", "--quiet"], in: Self.folder)
    #expect(r.status == 0, "\(r.stderr)")
    // The text without the spans that keep figures on one line.
    let html = try String(contentsOfFile: "\(out)/report.html", encoding: .utf8)
      .replacingOccurrences(of: "<span class=\"nb\">", with: "").replacingOccurrences(of: "</span>", with: "")
    #expect(html.contains("Active volunteers 2024 (last complete year)"))
    #expect(html.contains("2025 is partial (45 of 365 days)"))
    #expect(!html.contains("Active volunteers 2025"))
  }

  // MARK: - Dates

  @Test func aMonthFirstValueDecidesTheColumn() throws {
    let (r, json) = try Self.summary(["--hours", "month_first.csv"])
    #expect(
      r.stderr.contains(
        "dates in month_first.csv column 'date' read month-first (%m/%d/%Y): '09/16/2012' (line 3) can only be month-first"
      ), "\(r.stderr)")
    let totals = try #require(json["totals"] as? [String: Any])
    #expect(totals["records"] as? Double == 4)
    let meta = try #require(json["meta"] as? [String: Any])
    let formats = try #require(meta["date_formats"] as? [[String: String]])
    #expect(formats.first?["format"] == "%m/%d/%Y" && formats.first?["order"] == "month-first")
    let quiet = try ImpactBinary.run(["reach", "--hours", "month_first.csv", "--out", "-", "--quiet"], in: Self.folder)
    #expect(quiet.stderr.isEmpty)
  }

  @Test func dottedDatesAreDayFirstByConvention() throws {
    let (r, json) = try Self.summary(["--hours", "dotted.csv"])
    #expect(r.stderr.contains("read day-first (%d.%m.%Y): dotted dates are read day-first by convention"))
    #expect((try #require(json["totals"] as? [String: Any]))["records"] as? Double == 4)
  }

  @Test func anAmbiguousColumnStopsAndAsksForTheFormat() throws {
    try Self.fails(
      ["reach", "--hours", "ambiguous.csv"],
      saying: [
        "ambiguous.csv: the dates in column 'date' read both day-first and month-first: '05/01/2012' (line 2)",
        "--date-format %d/%m/%Y",
      ])
    let (_, json) = try Self.summary(["--hours", "ambiguous.csv", "--date-format", "%d/%m/%Y", "--as-of", "2013-01-01"])
    let meta = try #require(json["meta"] as? [String: Any])
    let coverage = try #require(meta["coverage"] as? [String: String])
    #expect(coverage["from"] == "2012-01-05")  // 05/01/2012 read day-first
  }

  @Test func aColumnMixingBothOrdersStops() throws {
    try Self.fails(
      ["reach", "--hours", "mixed_order.csv"],
      saying: [
        "mixes day-first and month-first dates: '16/09/2012' (line 2) can only be day-first; '09/16/2012' (line 3)"
      ])
  }

  @Test func anUnknownDateFormatIsAUsageError() throws {
    let r = try ImpactBinary.run(["reach", "--hours", "dotted.csv", "--date-format", "%y/%m/%d"], in: Self.folder)
    #expect(r.status == 2)
    #expect(r.stderr.contains("--date-format must be one of"))
  }

  @Test func theRunConfigTakesTheReachOptions() throws {
    let out = try Self.tempDir()
    let r = try ImpactBinary.run(
      ["run", "--config", "day_first.yaml", "--out", out, "--deterministic", "--quiet"], in: Self.folder)
    #expect(r.status == 0, "\(r.stderr)")
    let data = try #require(FileManager.default.contents(atPath: "\(out)/reach_summary.json"))
    let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    let meta = try #require(json["meta"] as? [String: Any])
    #expect(meta["include_partial"] as? Bool == true)
    let formats = try #require(meta["date_formats"] as? [[String: String]])
    #expect(formats.first?["basis"] == "--date-format")
    let options = try #require(meta["options"] as? [String: Any])
    #expect(options["max_excluded_share"] as? String == "0.5")
  }

  // MARK: - Guards

  @Test func manyRecordsExcludedForOneReasonStop() throws {
    try Self.fails(
      ["reach", "--hours", "bad_dates.csv", "--as-of", "2025-01-01"],
      saying: [
        "bad_dates.csv: 2 of 4 records (50%) would be excluded as invalid_date, more than --max-excluded-share 0.2 allows; e.g. line 3 '2024/13/45', line 4 'someday'"
      ])
    let r = try ImpactBinary.run(
      ["reach", "--hours", "bad_dates.csv", "--as-of", "2025-01-01", "--max-excluded-share", "0.5", "--out", "-"],
      in: Self.folder)
    #expect(r.status == 0, "\(r.stderr)")
    for bad in ["0", "1.5", "-0.1", "nan"] {
      let v = try ImpactBinary.run(
        ["reach", "--hours", "bad_dates.csv", "--max-excluded-share=\(bad)"], in: Self.folder)
      #expect(v.status == 2, "\(bad)")
    }
  }

  @Test func aMistypedYearStopsUnlessAWindowIsGiven() throws {
    try Self.fails(
      ["reach", "--hours", "mistyped_year.csv", "--as-of", "2025-01-01"],
      saying: [
        "1 record is dated far outside the bulk of the data (2024–2024): line 32 '0024-05-01'", "--from/--to",
      ])
    let (r, json) = try Self.summary(["--hours", "mistyped_year.csv", "--as-of", "2025-01-01", "--from", "2024-01-01"])
    #expect((try #require(json["periods"] as? [[String: Any]])).count == 1)
    #expect(r.stderr.contains("outside_date_range_note: 1 (first: mistyped_year.csv:32 '0024-05-01')"), "\(r.stderr)")
  }

  // MARK: - Overflow

  @Test func anIdInTheHoursColumnIsExcludedNotATrap() throws {
    let (r, json) = try Self.summary(["--hours", "id_in_hours.csv", "--as-of", "2025-01-01"])
    #expect(r.stderr.contains("hours_above_max: 1 (first: id_in_hours.csv:3 '9223372036855')"), "\(r.stderr)")
    #expect((try #require(json["totals"] as? [String: Any]))["hours_total"] as? Double == 11)
  }

  @Test(arguments: ["inf", "1e300", "0", "-1", "8785", "nan"])
  func implausibleMaxHoursAreRefused(_ value: String) throws {
    let r = try ImpactBinary.run(["reach", "--hours", "id_in_hours.csv", "--max-hours=\(value)"], in: Self.folder)
    #expect(r.status == 2, "\(r.stderr)")
    #expect(r.stderr.contains("--max-hours must be a number greater than 0 and at most 8784"), "\(r.stderr)")
  }

  @Test(arguments: ["max_hours_huge.yaml", "max_hours_negative.yaml"])
  func implausibleMaxHoursInTheConfigAreRefused(_ config: String) throws {
    try Self.fails(
      ["run", "--config", config],
      saying: ["\(config):3: reach.max_hours: must be a number greater than 0 and at most 8784"])
  }

  @Test func oneVolunteerWithMoreHoursThanTheFiguresHoldStops() throws {
    let dir = try Self.tempDir()
    var csv = "volunteer_id,date,hours\n"
    for i in 0..<2_100 { csv += "V1,2024-01-\(String(format: "%02d", i % 28 + 1)),8784\n" }
    try csv.write(toFile: "\(dir)/huge.csv", atomically: true, encoding: .utf8)
    let out = "\(dir)/out"
    let r = try ImpactBinary.run(
      ["reach", "--hours", "huge.csv", "--max-hours", "8784", "--as-of", "2025-01-01", "--out", out], in: dir)
    #expect(r.status == 1, "\(r.stderr)")
    #expect(r.stderr.contains("one volunteer has 18446400 hours in one period"), "\(r.stderr)")
    #expect(!FileManager.default.fileExists(atPath: "\(out)/reach_summary.json"))
  }
}
