import Foundation
import TestSupport
import Testing

/// Real export shapes (Golden/exports): title rows, question-text rows under
/// the names, merged header cells, R/pandas row names, decimal commas. Each
/// gives the figures of the plain export (with the option, or by
/// detection) or exit 1 with a message naming the file and the fix.
@Suite struct ExportShapeTests {
  let exports = (Bundle.module.resourceURL?.appendingPathComponent("Golden/exports").path) ?? ""

  /// The figures of a literacy run (`indicators`, `composite`, `headline`,
  /// `attrition`), without `meta`.
  func figures(_ arguments: [String]) throws -> (status: Int32, stderr: String, figures: String) {
    let r = try ImpactBinary.run(["literacy"] + arguments + ["--out", "-", "--deterministic"], in: exports)
    guard r.status == 0 else { return (r.status, r.stderr, "") }
    let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    var kept = object
    kept["meta"] = nil
    let data = try JSONSerialization.data(withJSONObject: kept, options: [.sortedKeys])
    return (r.status, r.stderr, String(decoding: data, as: UTF8.self))
  }

  func plain(scale: String = "1,5", pre: String = "plain_pre.csv", post: String = "plain_post.csv") throws -> String {
    let p = try figures(["--pre", pre, "--post", post, "--scale", scale])
    try #require(p.status == 0, "\(p.stderr)")
    return p.figures
  }

  @Test func titleRowsAboveTheHeaderStopWithTheRowToUse() throws {
    let r = try figures(["--pre", "titled_pre.csv", "--post", "titled_post.csv", "--scale", "1,5"])
    #expect(r.status == 1)
    #expect(r.stderr.contains("titled_pre.csv:1"), "\(r.stderr)")
    #expect(r.stderr.contains("--header-row 3"), "\(r.stderr)")
    let fixed = try figures(
      ["--pre", "titled_pre.csv", "--post", "titled_post.csv", "--scale", "1,5", "--header-row", "3"])
    #expect(fixed.status == 0, "\(fixed.stderr)")
    #expect(fixed.stderr.contains("titled_pre.csv: header in row 3"))
    #expect(fixed.figures == (try plain()))
  }

  @Test func questionTextRowsStopWithTheFirstDataRow() throws {
    let r = try figures(["--pre", "qualtrics_pre.csv", "--post", "qualtrics_post.csv", "--scale", "1,5"])
    #expect(r.status == 1)
    #expect(r.stderr.contains("qualtrics_pre.csv:2: row 2 looks like a second header row"), "\(r.stderr)")
    #expect(r.stderr.contains("--first-data-row 4"), "\(r.stderr)")
    let fixed = try figures(
      ["--pre", "qualtrics_pre.csv", "--post", "qualtrics_post.csv", "--scale", "1,5", "--first-data-row", "4"])
    #expect(fixed.status == 0, "\(fixed.stderr)")
    #expect(fixed.figures == (try plain()))
  }

  @Test func mergedHeaderCellsGetAHintAboutTwoHeaderRows() throws {
    let r = try figures(["--pre", "merged_pre.csv", "--post", "plain_post.csv", "--scale", "1,5"])
    #expect(r.status == 1)
    #expect(r.stderr.contains("merged_pre.csv:1:3"), "\(r.stderr)")
    #expect(r.stderr.contains("the header spans two rows"), "\(r.stderr)")
  }

  @Test func rowNamesOfRAndPandasAreNeverAnIndicator() throws {
    for extra in [[], ["--id", "respondent_id"]] {
      let r = try figures(["--pre", "rownames_pre.csv", "--post", "rownames_post.csv", "--scale", "1,5"] + extra)
      #expect(r.status == 0, "\(r.stderr)")
      #expect(r.stderr.contains("unnamed first column read as row names"))
      #expect(r.figures == (try plain()))
    }
  }

  @Test func decimalCommaIsDetectedInSemicolonFiles() throws {
    let r = try figures(
      ["--pre", "halves_semicolon_pre.csv", "--post", "halves_semicolon_post.csv", "--scale", "0,10"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stderr.contains("decimal comma detected"))
    #expect(r.figures == (try plain(scale: "0,10", pre: "halves_pre.csv", post: "halves_post.csv")))
    let forced = try figures(
      ["--pre", "halves_semicolon_pre.csv", "--post", "halves_semicolon_post.csv", "--scale", "0,10", "--decimal", ","])
    #expect(forced.figures == r.figures)
  }

  @Test func decimalCommaHoursGiveTheSameTotals() throws {
    func reach(_ file: String) throws -> (figures: String, periods: [[String: Any]]) {
      let r = try ImpactBinary.run(["reach", "--hours", file, "--out", "-", "--deterministic"], in: exports)
      try #require(r.status == 0, "\(r.stderr)")
      var o = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
      o["meta"] = nil
      let data = try JSONSerialization.data(withJSONObject: o, options: [.sortedKeys])
      return (String(decoding: data, as: UTF8.self), try #require(o["periods"] as? [[String: Any]]))
    }
    let point = try reach("hours_point.csv")
    let comma = try reach("hours_comma.csv")
    #expect(point.figures == comma.figures)
    let hours = try #require(point.periods.first?["hours_total"] as? Double)
    #expect(hours == 148.75)
  }

  @Test func meaningOfTheLayoutIsRecordedInMeta() throws {
    let r = try ImpactBinary.run(
      [
        "literacy", "--pre", "qualtrics_pre.csv", "--post", "qualtrics_post.csv", "--scale", "1,5",
        "--first-data-row", "4", "--out", "-",
      ], in: exports)
    try #require(r.status == 0, "\(r.stderr)")
    let o = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    let meta = try #require(o["meta"] as? [String: Any])
    let inputs = try #require(meta["inputs"] as? [[String: Any]])
    let first = try #require(inputs.first)
    #expect(first["header_row"] as? Int == 1)
    #expect(first["first_data_row"] as? Int == 4)
    #expect(first["decimal"] as? String == ".")
    #expect((first["notes"] as? [String])?.first?.contains("data from row 4") == true)
  }

  @Test func optionsAreValidated() throws {
    let a = try ImpactBinary.run(["inspect", "plain_pre.csv", "--header-row", "0"], in: exports)
    #expect(a.status == 2)
    let b = try ImpactBinary.run(
      ["inspect", "plain_pre.csv", "--header-row", "3", "--first-data-row", "2"], in: exports)
    #expect(b.status == 2)
    #expect(b.stderr.contains("--first-data-row must be below the header row"))
    let c = try ImpactBinary.run(["inspect", "plain_pre.csv", "--decimal", ";"], in: exports)
    #expect(c.status == 2)
    let d = try ImpactBinary.run(["inspect", "plain_pre.csv", "--header-row", "99"], in: exports)
    #expect(d.status == 1)
    #expect(d.stderr.contains("the file has no row 99"), "\(d.stderr)")
  }
}
