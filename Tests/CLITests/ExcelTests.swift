import Foundation
import TestSupport
import Testing
import ZIPFoundation

/// Excel workbooks in and out, end to end: workbooks LibreOffice made from
/// the CSV fixtures give the same statistics as the CSV, and the summary
/// workbook LibreOffice reads back holds the CSV summaries' figures.
@Suite struct ExcelTests {
  static let fixtures = repositoryRoot() + "/Tests/ImpactIngestTests/Fixtures/excel"

  static func tempDir(_ tag: String) throws -> String {
    let d = FileManager.default.temporaryDirectory.appendingPathComponent("impact-xlsx-\(tag)-\(UUID().uuidString)")
      .path
    try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
    return d
  }

  /// The fixtures copied to a fresh folder, each with its LibreOffice .xlsx.
  static func workbooks() throws -> String {
    let dir = try tempDir("in")
    for f in ["survey_pre.csv", "survey_post.csv", "hours.csv", "codebook.yaml"] {
      try FileManager.default.copyItem(atPath: "\(fixtures)/\(f)", toPath: "\(dir)/\(f)")
      if f.hasSuffix(".csv") { _ = try LibreOffice.csvToXLSX("\(dir)/\(f)", outputDirectory: dir) }
    }
    return dir
  }

  /// The summary JSON without `meta` (input sizes, digests, encodings differ
  /// by design), with the workbook names written as the CSV names.
  static func comparable(_ json: String) throws -> NSDictionary {
    let text = json.replacingOccurrences(of: ".xlsx", with: ".csv")
    var object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    object["meta"] = nil
    return object as NSDictionary
  }

  @Test func literacyOnAWorkbookPairEqualsLiteracyOnTheCSVPair() throws {
    let dir = try Self.workbooks()
    func run(_ ext: String) throws -> ImpactRun {
      try ImpactBinary.run(
        [
          "literacy", "--pre", "survey_pre.\(ext)", "--post", "survey_post.\(ext)", "--codebook", "codebook.yaml",
          "--by", "district", "--out", "-", "--deterministic", "--quiet",
        ], in: dir)
    }
    let csv = try run("csv")
    let xlsx = try run("xlsx")
    #expect(csv.status == 0 && xlsx.status == 0, "\(csv.stderr)\(xlsx.stderr)")
    #expect(try Self.comparable(xlsx.stdout) == Self.comparable(csv.stdout))
    // The out-of-scale answer is listed at its sheet row, as at its CSV line.
    #expect(xlsx.stdout.filter { !$0.isWhitespace }.contains(#""line":12,"#))
  }

  @Test func reachOnADateFormattedWorkbookEqualsReachOnTheCSV() throws {
    let dir = try Self.workbooks()
    // LibreOffice stored the dates as serial numbers with a date format.
    let archive = try Archive(url: URL(fileURLWithPath: "\(dir)/hours.xlsx"), accessMode: .read)
    var sheet = Data()
    _ = try archive.extract(try #require(archive["xl/worksheets/sheet1.xml"])) { sheet.append($0) }
    #expect(String(decoding: sheet, as: UTF8.self).contains(#"<c r="B2" s="1" t="n"><v>45313</v></c>"#))
    func run(_ ext: String) throws -> ImpactRun {
      try ImpactBinary.run(
        ["reach", "--hours", "hours.\(ext)", "--as-of", "2025-01-01", "--by", "team", "--out", "-", "--quiet"],
        in: dir)
    }
    let csv = try run("csv")
    let xlsx = try run("xlsx")
    #expect(csv.status == 0 && xlsx.status == 0, "\(csv.stderr)\(xlsx.stderr)")
    #expect(try Self.comparable(xlsx.stdout) == Self.comparable(csv.stdout))
    let compact = xlsx.stdout.filter { !$0.isWhitespace }
    #expect(compact.contains(#""reason":"invalid_hours","file":"hours.xlsx","line":19,"value":"abc""#))
  }

  /// A cell of a LibreOffice CSV export against the cell impact's CSV wrote:
  /// numbers equal within half a unit of the last digit LibreOffice printed
  /// (it prints at most 15 significant digits, and at most 20 decimals).
  static func sameCell(_ lo: String, _ ours: String) -> Bool {
    if lo == ours || lo.caseInsensitiveCompare(ours) == .orderedSame { return true }
    guard let a = Double(lo), let b = Double(ours) else { return false }
    let parts = lo.uppercased().split(separator: "E")
    let exponent = parts.count == 2 ? Int(parts[1]) ?? 0 : 0
    let decimals = parts[0].split(separator: ".").dropFirst().first?.count ?? 0
    let halfUnit = 0.5 * pow(10, Double(exponent - decimals))
    return abs(a - b) <= halfUnit * (1 + 1e-9) + 1e-15 * abs(b)
  }

  /// Rows of a CSV file (RFC 4180, quoted fields with commas), via Python's
  /// csv module as an independent reader.
  static func rows(_ path: String) throws -> [[String]] {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = [
      "python3", "-c", "import csv,json,sys; print(json.dumps(list(csv.reader(open(sys.argv[1], encoding='utf-8')))))",
      path,
    ]
    let out = Pipe()
    p.standardOutput = out
    try p.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return try #require(try JSONSerialization.jsonObject(with: data) as? [[String]])
  }

  static func expectSameTable(_ lo: [[String]], _ ours: [[String]], _ what: String) {
    #expect(lo.count == ours.count, "\(what): \(lo.count) rows vs \(ours.count)")
    for (r, (a, b)) in zip(lo, ours).enumerated() {
      guard a.count == b.count else {
        Issue.record("\(what) row \(r): \(a.count) cells vs \(b.count)")
        continue
      }
      for (c, (x, y)) in zip(a, b).enumerated() where !sameCell(x, y) {
        Issue.record("\(what) row \(r) column \(ours[0][c]): LibreOffice '\(x)' vs CSV '\(y)'")
      }
    }
  }

  @Test func summaryWorkbookReadBackByLibreOfficeHoldsTheCSVFigures() throws {
    let out = try Self.tempDir("out")
    let lit = try ImpactBinary.run([
      "literacy", "--pre", "\(Self.fixtures)/survey_pre.csv", "--post", "\(Self.fixtures)/survey_post.csv",
      "--codebook", "\(Self.fixtures)/codebook.yaml", "--by", "district", "--out", out, "--format", "all",
      "--deterministic", "--quiet",
    ])
    #expect(lit.status == 0, "\(lit.stderr)")
    let loDir = try Self.tempDir("lo")
    let sheets = try LibreOffice.xlsxToCSV("\(out)/impact_summary.xlsx", outputDirectory: loDir)
    #expect(Set(sheets.keys) == ["Indicators", "Composite", "Attrition", "Attrition by indicator"])
    let ours = try Self.rows("\(out)/literacy_indicators.csv")
    let indicators = try Self.rows(try #require(sheets["Indicators"]))
    let composite = try Self.rows(try #require(sheets["Composite"]))
    Self.expectSameTable(indicators, [ours[0]] + ours.dropFirst().filter { $0[2] != "composite" }, "Indicators")
    Self.expectSameTable(composite, [ours[0]] + ours.dropFirst().filter { $0[2] == "composite" }, "Composite")
    #expect(indicators.contains { $0.contains("会用手机视频通话 / Video calls") && $0.contains("朝阳区") })

    let reachOut = try Self.tempDir("reach")
    let reach = try ImpactBinary.run([
      "reach", "--hours", "\(Self.fixtures)/hours.csv", "--as-of", "2025-01-01", "--by", "team", "--out", reachOut,
      "--format", "all", "--quiet",
    ])
    #expect(reach.status == 0, "\(reach.stderr)")
    let reachSheets = try LibreOffice.xlsxToCSV("\(reachOut)/impact_summary.xlsx", outputDirectory: loDir)
    for (sheet, file) in [("Reach by period", "reach_by_period.csv"), ("Reach by group", "reach_by_group.csv")] {
      Self.expectSameTable(
        try Self.rows(try #require(reachSheets[sheet])), try Self.rows("\(reachOut)/\(file)"), sheet)
    }
    #expect(try Self.rows(try #require(reachSheets["Reach by group"])).contains { $0.contains("天文小组") })
  }

  @Test func runReadsWorkbooksAndWritesAByteIdenticalSummaryWorkbook() throws {
    let dir = try Self.workbooks()
    let config = """
      title: "Excel"
      xlsx: true
      sheet: 1
      reach:
        hours: hours.xlsx
        as_of: 2025-01-01
        sheet: hours
      surveys:
        - name: "Survey"
          pre: survey_pre.xlsx
          post: survey_post.xlsx
          codebook: codebook.yaml
      """
    try config.write(toFile: "\(dir)/impact.yaml", atomically: true, encoding: .utf8)
    var digests: [String] = []
    for k in 0..<2 {
      let out = "\(dir)/out\(k)"
      let r = try ImpactBinary.run(
        ["run", "--config", "impact.yaml", "--out", out, "--deterministic", "--quiet"], in: dir)
      #expect(r.status == 0, "\(r.stderr)")
      let manifest = try String(contentsOfFile: "\(out)/manifest.json", encoding: .utf8)
      #expect(manifest.contains("impact_summary.xlsx"))
      let bytes = try Data(contentsOf: URL(fileURLWithPath: "\(out)/impact_summary.xlsx"))
      digests.append(bytes.base64EncodedString())
      if k == 1 { #expect(manifest == (try String(contentsOfFile: "\(dir)/out0/manifest.json", encoding: .utf8))) }
    }
    #expect(digests[0] == digests[1])
    // Without `xlsx: true`, the --xlsx flag asks for the workbook.
    try config.replacingOccurrences(of: "xlsx: true\n", with: "")
      .write(toFile: "\(dir)/impact.yaml", atomically: true, encoding: .utf8)
    let flag = try ImpactBinary.run(
      ["run", "--config", "impact.yaml", "--out", "\(dir)/out2", "--quiet", "--xlsx"], in: dir)
    #expect(flag.status == 0, "\(flag.stderr)")
    #expect(FileManager.default.fileExists(atPath: "\(dir)/out2/impact_summary.xlsx"))
    try config.replacingOccurrences(of: "sheet: hours", with: "sheet: 工时")
      .write(toFile: "\(dir)/impact.yaml", atomically: true, encoding: .utf8)
    let missing = try ImpactBinary.run(["run", "--config", "impact.yaml", "--out", "\(dir)/out3", "--quiet"], in: dir)
    #expect(missing.status == 1)
    #expect(missing.stderr.contains("hours.xlsx: the workbook has no sheet named '工时'"), "\(missing.stderr)")
    #expect(!FileManager.default.fileExists(atPath: "\(dir)/out3/impact_summary.xlsx"))
  }

  @Test func inspectChoosesASheetAndLeavesNoTemporaryFiles() throws {
    let dir = try Self.workbooks()
    let tmp = try Self.tempDir("tmpdir")
    let ok = try ImpactBinary.run(
      ["inspect", "hours.xlsx", "--sheet", "1", "--json"], in: dir, environment: ["TMPDIR": tmp])
    #expect(ok.status == 0, "\(ok.stderr)")
    #expect(ok.stdout.contains(#""rows" : 240"#) || ok.stdout.contains(#""rows": 240"#), "\(ok.stdout.prefix(400))")
    let bad = try ImpactBinary.run(["inspect", "hours.xlsx", "--sheet", "9"], in: dir, environment: ["TMPDIR": tmp])
    #expect(bad.status == 1)
    #expect(
      bad.stderr
        == "impact: error: hours.xlsx: the workbook has 1 sheet(s), so there is no sheet 9. Fix: use --sheet with a name or a number from 1 to 1: 1 'hours'\n"
    )
    #expect(try FileManager.default.contentsOfDirectory(atPath: tmp).isEmpty)
    let usage = try ImpactBinary.run(["literacy", "--survey", "x.csv", "--format", "pdf"])
    #expect(usage.status == 2)
    #expect(usage.stderr.contains("--format must be json, csv, both, xlsx or all"))
  }
}
