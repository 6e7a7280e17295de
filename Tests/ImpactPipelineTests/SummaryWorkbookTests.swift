import Foundation
import ImpactExport
import ImpactIngest
import ImpactPipeline
import TestSupport
import Testing
import ZIPFoundation

@testable import ImpactExport

/// The parts of a zip held in memory, by path.
private func unzip(_ bytes: [UInt8]) throws -> [String: String] {
  let archive = try Archive(data: Data(bytes), accessMode: .read)
  var parts: [String: String] = [:]
  for entry in archive {
    var data = Data()
    _ = try archive.extract(entry) { data.append($0) }
    parts[entry.path] = String(decoding: data, as: UTF8.self)
  }
  return parts
}

/// Writes `bytes` to a fresh temporary file.
private func temporary(_ bytes: [UInt8], name: String) throws -> String {
  let dir = FileManager.default.temporaryDirectory.appendingPathComponent("impact-xlsx-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
  let path = dir.appendingPathComponent(name).path
  FileManager.default.createFile(atPath: path, contents: Data(bytes))
  return path
}

/// Every record of one sheet as read by impact's own workbook reader.
private func readSheet(_ path: String, _ sheet: String) throws -> [[String]] {
  let file = try CSVFile(path: path, options: CSVOptions(sheet: sheet))
  return [file.header] + (try file.sample(maxRecords: 1_000_000))
}

@Suite struct SummaryWorkbookTests {
  static let sheet = XLSXSheet(
    name: "Indicators",
    header: ["indicator", "label", "n", "mean", "tiny", "ok"],
    rows: [
      [.text("q1"), .text("会用手机视频通话 / Video calls"), .int(1971), .number(0.1 + 0.2), .number(1e-300), .bool(true)],
      [.text("q2 & <b>"), .text("  spaces \u{1}_x0041_ "), .int(nil), .number(.nan), .number(-2.5e20), .bool(false)],
      [.text(nil), .text(""), .int(-3), .number(3.188482559495369e-86), .number(nil), .bool(nil)],
    ])

  @Test func headerIsBoldAndFrozenAndWidthsFitTheText() throws {
    let parts = try unzip(try XLSXWriter.workbook([Self.sheet]))
    #expect(
      Set(parts.keys) == [
        "[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml",
        "xl/worksheets/sheet1.xml",
      ])
    let xml = try #require(parts["xl/worksheets/sheet1.xml"])
    #expect(xml.contains(#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#))
    #expect(xml.contains(#"<c r="A1" s="1" t="inlineStr"><is><t>indicator</t></is></c>"#))
    #expect(try #require(parts["xl/styles.xml"]).contains(#"<font><b/>"#))
    // "会用手机视频通话 / Video calls": 8 wide characters (16) + 14 = 30, plus 2 of padding.
    #expect(xml.contains(#"<col min="2" max="2" width="32" customWidth="1"/>"#))
    #expect(xml.contains(#"<c r="D2"><v>0.30000000000000004</v></c>"#))
    #expect(xml.contains(#"<c r="E2"><v>1E-300</v></c>"#))
    #expect(xml.contains(#"<c r="F2" t="b"><v>1</v></c>"#))
    #expect(xml.contains(#"<t>q2 &amp; &lt;b&gt;</t>"#))
    #expect(xml.contains(#"<t xml:space="preserve">  spaces _x005F_x0041_ </t>"#))
    #expect(!xml.contains(#"r="C3""#) && !xml.contains(#"r="D3""#))  // nil and NaN: no cell
    #expect(xml.contains(#"<dimension ref="A1:F4"/>"#))
  }

  @Test func cellsReadBackWithFullPrecision() throws {
    let path = try temporary(try XLSXWriter.workbook([Self.sheet]), name: "w.xlsx")
    #expect(
      try readSheet(path, "Indicators") == [
        ["indicator", "label", "n", "mean", "tiny", "ok"],
        ["q1", "会用手机视频通话 / Video calls", "1971", "0.30000000000000004", "1e-300", "TRUE"],
        ["q2 & <b>", "  spaces _x0041_ ", "", "", "-2.5e+20", "FALSE"],
        ["", "", "-3", "3.188482559495369e-86", "", ""],
      ])
  }

  @Test func sameTablesGiveTheSameBytes() throws {
    let a = try XLSXWriter.workbook([Self.sheet, Self.sheet])
    let b = try XLSXWriter.workbook([Self.sheet, Self.sheet])
    #expect(a == b)
    let archive = try Archive(data: Data(a), accessMode: .read)
    for entry in archive { #expect(entry.fileAttributes[.modificationDate] as? Date == XLSXWriter.entryDate) }
  }

  @Test func sheetNamesAreValidAndUnique() {
    #expect(
      XLSXWriter.sheetNames(["a/b:c", "Indicators", "indicators", "", String(repeating: "长", count: 40), "'q'"])
        == ["a_b_c", "Indicators", "indicators (2)", "Sheet", String(repeating: "长", count: 31), "q"])
  }

  @Test(arguments: [
    (1e-5, "1E-5"), (1.5e300, "1.5E300"), (-2.5e-20, "-2.5E-20"), (123.25, "123.25"), (1e15, "1000000000000000.0"),
    (1e16, "1E16"),
  ])
  func numbersUseExcelsExponentForm(value: Double, text: String) {
    #expect(XLSXWriter.numberText(value) == text)
  }

  @Test func displayWidthCountsWideCharactersTwice() {
    #expect(XLSXWriter.displayWidth("abc") == 3)
    #expect(XLSXWriter.displayWidth("朝阳区") == 6)
    #expect(XLSXWriter.displayWidth("ＡＢ1") == 5)
    #expect(XLSXWriter.displayWidth("two\nlines!") == 6)
  }

  /// The workbook of a real report holds exactly the CSV's cells: read back
  /// with impact's reader, every sheet row equals the CSV row, to the last
  /// digit (booleans are TRUE/FALSE in a workbook).
  @Test func literacyAndReachSheetsEqualTheCSVSummaries() throws {
    let fixtures = repositoryRoot() + "/Tests/ImpactIngestTests/Fixtures/excel"
    var request = LiteracyRequest()
    request.pre = fixtures + "/survey_pre.csv"
    request.post = fixtures + "/survey_post.csv"
    request.codebook = fixtures + "/codebook.yaml"
    request.by = ["district"]
    request.deterministic = true
    let literacy = try LiteracyJob.run(request)
    var reachRequest = ReachRequest(hours: fixtures + "/hours.csv")
    reachRequest.by = ["team"]
    reachRequest.asOf = DateParser.parse("2025-01-01")
    reachRequest.deterministic = true
    let reach = try ReachJob.run(reachRequest)
    var out = OutputSet(directory: "/nonexistent")
    try LiteracyOutputs.add(literacy, format: .all, to: &out)
    try ReachOutputs.add(reach, format: .all, to: &out)
    let names = out.files.map(\.name)
    #expect(names.contains("literacy_indicators.csv") && names.contains("impact_summary.xlsx"))
    let literacyBook = try temporary(
      try #require(out.files.first { $0.name == "impact_summary.xlsx" }).bytes, name: "l.xlsx")
    let csv = try #require(out.files.first { $0.name == "literacy_indicators.csv" })
    let csvPath = try temporary(csv.bytes, name: "l.csv")
    let csvFile = try CSVFile(path: csvPath)
    let csvRows = try csvFile.sample(maxRecords: 10_000).map {
      $0.map { $0 == "true" ? "TRUE" : $0 == "false" ? "FALSE" : $0 }
    }
    let indicators = try readSheet(literacyBook, "Indicators")
    let composite = try readSheet(literacyBook, "Composite")
    #expect(indicators[0] == csvFile.header && composite[0] == csvFile.header)
    let compositeRows = csvRows.filter { $0[2] == "composite" }
    #expect(indicators.dropFirst().elementsEqual(csvRows.filter { $0[2] != "composite" }))
    #expect(composite.dropFirst().elementsEqual(compositeRows))
    #expect(compositeRows.count == 1 + literacy.groups.count)
    let attrition = try readSheet(literacyBook, "Attrition")
    #expect(attrition.contains(["matched", String(literacy.overall.counts.matched)]))
    #expect(try readSheet(literacyBook, "Attrition by indicator").count == 1 + literacy.design.indicators.count)

    let reachBook = try temporary(
      try #require(out.files.last { $0.name == "impact_summary.xlsx" }).bytes, name: "r.xlsx")
    for (sheet, file) in [
      ("Reach by period", "reach_by_period.csv"), ("Reach by group", "reach_by_group.csv"),
      ("Volunteers by period", "reach_volunteers_by_period.csv"), ("Cohorts", "reach_cohorts.csv"),
    ] {
      let f = try CSVFile(path: try temporary(try #require(out.files.first { $0.name == file }).bytes, name: file))
      // The `partial` column is a boolean cell: TRUE/FALSE in the workbook.
      let rows = try f.sample(maxRecords: 100_000).map {
        $0.map { $0 == "true" ? "TRUE" : $0 == "false" ? "FALSE" : $0 }
      }
      #expect(try readSheet(reachBook, sheet) == [f.header] + rows, "\(sheet)")
    }
  }

  /// With a comparison group and `--by`, the Comparison sheet holds the
  /// CSV's comparison columns and the treated × group interaction columns
  /// (`treated_x_<column>_*`), cell for cell.
  @Test func comparisonSheetHasTheInteractionColumns() throws {
    let report = try LiteracyJob.run(ComparisonPipelineTests.request())
    var out = OutputSet(directory: "/nonexistent")
    try LiteracyOutputs.add(report, format: .all, to: &out)
    let book = try temporary(try #require(out.files.first { $0.name == "impact_summary.xlsx" }).bytes, name: "c.xlsx")
    let csv = try #require(out.files.first { $0.name == "literacy_indicators.csv" })
    let file = try CSVFile(path: try temporary(csv.bytes, name: "c.csv"))
    let sheet = try readSheet(book, "Comparison")
    let header = try #require(sheet.first)
    #expect(header.contains("treated_x_district_cluster_p") && header.contains("treated_x_district_f"))
    let tail = header.count - 1
    #expect(Array(file.header.suffix(tail)) == Array(header.dropFirst()))
    let column = try #require(file.header.firstIndex(of: "indicator"))
    let group = try #require(file.header.firstIndex(of: "group_by"))
    let rows = try file.sample(maxRecords: 10_000).filter { $0[group].isEmpty }
    #expect(sheet.count == 1 + rows.count)
    for (s, r) in zip(sheet.dropFirst(), rows) {
      #expect(s[0] == r[column])
      #expect(Array(s.dropFirst()) == Array(r.suffix(tail)), "\(s[0])")
    }
  }
}
