import Foundation
import TestSupport
import Testing

/// The volunteer figures of `impact reach` from the command line and the run
/// config: the files and JSON they add, and the options that are refused.
@Suite struct ReachVolunteerCLITests {
  static let folder = ReachCLITests.folder
  static let hours = folder + "/ends_mid_feb.csv"

  @Test func starLevelsValueAndFTEAreWritten() throws {
    let out = try ReachCLITests.tempDir()
    let r = try ImpactBinary.run(
      [
        "reach", "--hours", Self.hours, "--as-of", "2023-02-15", "--star-levels", "2,5", "--hour-value", "30",
        "--currency", "CNY", "--lapsed-after", "6", "--out", out, "--deterministic", "--quiet",
      ])
    #expect(r.status == 0, "\(r.stderr)")
    let csv = try String(contentsOfFile: out + "/reach_volunteers_by_period.csv", encoding: .utf8)
    #expect(
      csv.hasPrefix(
        "period,star_level_0,star_level_1,star_level_2,hours_top10_share_pct,full_time_hours,fte,value\n"), "\(csv)")
    let cohorts = try String(contentsOfFile: out + "/reach_cohorts.csv", encoding: .utf8)
    #expect(cohorts.hasPrefix("cohort,cohort_size,period,periods_since_first,volunteers_active,share_active_pct\n"))
    let data = try #require(FileManager.default.contents(atPath: out + "/reach_summary.json"))
    let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    let v = try #require(json["volunteers"] as? [String: Any])
    let value = try #require(v["value"] as? [String: Any])
    #expect(value["currency"] as? String == "CNY")
    let lapsed = try #require(v["lapsed"] as? [String: Any])
    #expect(lapsed["reference_day"] as? String == "2023-02-15")
    #expect(lapsed["lapsed_after_months"] as? Int == 6)
    let meta = try #require(json["meta"] as? [String: Any])
    let definitions = try #require(meta["definitions"] as? [String: Any])
    for term in ["star_level", "cohort_retention", "lapsed", "hours_distribution", "fte", "value"] {
      #expect(definitions[term] is String, "no definition of \(term)")
    }
  }

  /// The report's volunteer section speaks the report's language: every
  /// label, sentence and heat-map text from the catalog, none of the other
  /// language (the section kept its own English sentences before).
  @Test(arguments: [
    (
      "zh",
      ["志愿者指标", "流失志愿者：", "（至少：日志按月读取）", "各届志愿者留存热图", "首次服务后第几期", "格中数字：该届仍活跃者的百分比", "星 ≥"],
      [
        "Volunteer figures", "Lapsed volunteers", "at least", "Cohort retention", "periods since first service",
        "of cohort active", "FTE", "a year on average",
      ]
    ),
    (
      "en",
      [
        "Volunteer figures", "Lapsed volunteers: ", " (at least: the log is read by month)",
        "Cohort retention heat map", "periods since first service", "★ ≥",
      ],
      ["志愿者指标", "流失志愿者", "首次服务", "全职当量", "星级志愿者", "人数"]
    ),
  ])
  func theSectionIsInTheReportLanguage(_ lang: String, _ present: [String], _ absent: [String]) throws {
    let out = try ReachCLITests.tempDir()
    let r = try ImpactBinary.run(
      [
        "reach", "--hours", Self.hours, "--as-of", "2023-02-15", "--star-levels", "2,5", "--hour-value", "30",
        "--currency", "CNY", "--lapsed-after", "7", "--period", "month", "--out", out, "--report", "--lang", lang,
        "--deterministic", "--quiet",
      ])
    #expect(r.status == 0, "\(r.stderr)")
    let html = try String(contentsOfFile: out + "/report.html", encoding: .utf8)
    let start = try #require(html.range(of: lang == "zh" ? "志愿者指标" : "Volunteer figures"))
    let end = html.range(of: "<h3>", range: start.upperBound..<html.endIndex)?.lowerBound ?? html.endIndex
    let section = String(html[start.lowerBound..<end])
    for p in present { #expect(section.contains(p), "missing in the \(lang) volunteer section: \(p)") }
    for a in absent { #expect(!section.contains(a), "other language in the \(lang) volunteer section: \(a)") }
    // Both renditions of the heat map: the wide one and the phone one.
    #expect(section.components(separatedBy: "class=\"chart-compact\"").count == 2)
  }

  /// Without an hour value, no value is reported anywhere.
  @Test func theValueIsReportedOnlyWhenGiven() throws {
    let r = try ImpactBinary.run(
      ["reach", "--hours", Self.hours, "--out", "-", "--deterministic", "--quiet"], in: Self.folder)
    #expect(r.status == 0, "\(r.stderr)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    let v = try #require(json["volunteers"] as? [String: Any])
    #expect(v["value"] == nil)
    let stars = try #require(v["star_levels"] as? [String: Any])
    #expect(stars["thresholds_hours"] as? [Int] == [100, 300, 600, 1000, 1500])
  }

  @Test(arguments: [
    (["--star-levels", "300,100"], "--star-levels must be strictly increasing"),
    (["--star-levels", "100,abc"], "--star-levels must be hours separated by commas"),
    (["--star-levels", "0"], "--star-levels must be hours greater than 0"),
    (["--lapsed-after", "0"], "--lapsed-after must be a whole number of months from 1 to 1200"),
    (["--fte-hours", "9000"], "--fte-hours must be hours greater than 0 and at most 8784"),
    (["--hour-value=-1"], "--hour-value must be a number from 0"),
    (["--currency", "CNY"], "--currency is given without hour_value"),
  ])
  func implausibleOptionsAreRefused(_ args: [String], _ message: String) throws {
    let out = try ReachCLITests.tempDir()
    let r = try ImpactBinary.run(["reach", "--hours", Self.hours, "--out", out] + args)
    #expect(r.status != 0)
    #expect(r.stderr.contains(message), "\(r.stderr)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: out).isEmpty)
  }

  @Test(
    arguments: [
      ("star_levels: [100, 300, 600]\n  lapsed_after: 18\n  fte_hours: 2000\n  hour_value: 25\n  currency: 元", nil),
      ("star_levels: [300, 100]", "star_levels must be strictly increasing"),
      ("lapsed_after: 2.5", "lapsed_after must be a whole number of months"),
      ("currency: CNY", "currency is given without hour_value"),
    ] as [(String, String?)])
  func theRunConfigTakesTheVolunteerOptions(_ keys: String, _ message: String?) throws {
    let dir = try ReachCLITests.tempDir()
    let config = "reach:\n  hours: \(Self.hours)\n  \(keys)\n"
    try config.write(toFile: dir + "/impact.yaml", atomically: true, encoding: .utf8)
    let r = try ImpactBinary.run(
      ["run", "--config", "impact.yaml", "--out", dir + "/out", "--deterministic", "--quiet"], in: dir)
    guard let message else {
      #expect(r.status == 0, "\(r.stderr)")
      let data = try #require(FileManager.default.contents(atPath: dir + "/out/reach_summary.json"))
      let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
      let meta = try #require(json["meta"] as? [String: Any])
      let options = try #require(meta["options"] as? [String: Any])
      #expect(options["star_levels"] as? String == "100,300,600")
      #expect(options["lapsed_after"] as? String == "18")
      #expect(options["currency"] as? String == "元")
      let html = try String(contentsOfFile: dir + "/out/report.html", encoding: .utf8)
      #expect(html.contains("Cohort retention heat map") && html.contains("星级志愿者"))
      return
    }
    #expect(r.status == 1, "\(r.stderr)")
    #expect(r.stderr.contains(message), "\(r.stderr)")
  }

  /// Partials made with other star levels do not merge.
  @Test func partialsWithOtherStarLevelsDoNotMerge() throws {
    let dir = try ReachCLITests.tempDir()
    for (name, levels) in [("a", "100,300"), ("b", "100,200")] {
      let r = try ImpactBinary.run(
        ["reach", "--hours", Self.hours, "--star-levels", levels, "--emit-partial", "\(name).json", "--quiet"], in: dir)
      #expect(r.status == 0, "\(r.stderr)")
    }
    let merged = try ImpactBinary.run(["merge", "a.json", "b.json", "--out", "-"], in: dir)
    #expect(merged.status == 1)
    #expect(merged.stderr.contains("other options"), "\(merged.stderr)")
  }
}
