import Foundation
import ImpactCore
import TestSupport
import Testing
import ZIPFoundation

@testable import ImpactIngest

/// A hand-written .xlsx package: sheets (name → worksheet XML), shared
/// strings (`<si>` items), styles and the date system.
struct HandWrittenWorkbook {
  var sheets: [(name: String, xml: String)]
  var sharedStrings: [String]? = nil
  var styles: String? = nil
  var workbookPr = ""

  static func worksheet(_ rows: String) -> String {
    #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#
      + #"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" "#
      + #"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#
      + "<sheetData>\(rows)</sheetData></worksheet>"
  }

  /// Writes the package to a fresh temporary file and returns its path.
  func write(name: String = "book.xlsx") throws -> String {
    let path = temporaryFile([], name: name)
    try FileManager.default.removeItem(atPath: path)
    let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
    var parts: [(String, String)] = []
    let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts.append(
      (
        "_rels/.rels",
        #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
          + #"<Relationship Id="rId1" Type="\#(rel)/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
      ))
    var sheetList = ""
    var rels = #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
    for (i, s) in sheets.enumerated() {
      sheetList += #"<sheet name="\#(s.name)" sheetId="\#(i + 1)" r:id="rId\#(i + 1)"/>"#
      rels += #"<Relationship Id="rId\#(i + 1)" Type="\#(rel)/worksheet" Target="worksheets/sheet\#(i + 1).xml"/>"#
      parts.append(("xl/worksheets/sheet\(i + 1).xml", s.xml))
    }
    if let sharedStrings {
      rels += #"<Relationship Id="rIdS" Type="\#(rel)/sharedStrings" Target="/xl/sharedStrings.xml"/>"#
      parts.append(
        ("xl/sharedStrings.xml", #"<sst xmlns="\#(main)">"# + sharedStrings.joined() + "</sst>"))
    }
    if let styles {
      rels += #"<Relationship Id="rIdT" Type="\#(rel)/styles" Target="styles.xml"/>"#
      parts.append(("xl/styles.xml", #"<styleSheet xmlns="\#(main)">"# + styles + "</styleSheet>"))
    }
    parts.append(("xl/_rels/workbook.xml.rels", rels + "</Relationships>"))
    parts.append(
      (
        "xl/workbook.xml",
        #"<workbook xmlns="\#(main)" xmlns:r="\#(rel)">\#(workbookPr)<sheets>\#(sheetList)</sheets></workbook>"#
      ))
    for (p, text) in parts {
      let data = Data(text.utf8)
      try archive.addEntry(
        with: p, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate
      ) { pos, size in data.subdata(in: Int(pos)..<Int(pos) + size) }
    }
    return path
  }
}

/// The worksheet XML of string rows, for simple cases.
private func inlineRows(_ rows: [[String]]) -> String {
  rows.enumerated().map { r, cells in
    #"<row r="\#(r + 1)">"#
      + cells.enumerated().map { c, v in
        #"<c r="\#(excelColumnLetters(c + 1))\#(r + 1)" t="inlineStr"><is><t>\#(v)</t></is></c>"#
      }.joined() + "</row>"
  }.joined()
}

@Suite struct ExcelReaderTests {
  @Test func cellTypesGapsAndMissingRowsKeepSheetRowsAsLines() throws {
    let book = HandWrittenWorkbook(
      sheets: [
        (
          "Data",
          HandWrittenWorkbook.worksheet(
            #"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><t>c</t></is></c>"#
              + #"<c r="D1" t="s"><v>2</v></c><c r="E1" t="s"><v>3</v></c><c r="F1" t="s"><v>4</v></c></row>"#
              // Shared rich text, inline rich text, boolean, error, formula text, a number.
              + #"<row r="2"><c r="A2" t="s"><v>5</v></c><c r="B2" t="inlineStr"><is><r><t>北</t></r><r><t xml:space="preserve">京 </t></r></is></c>"#
              + #"<c r="C2" t="b"><v>1</v></c><c r="D2" t="e"><v>#N/A</v></c><c r="E2" t="str"><f>A2&amp;"x"</f><v>R&amp;D, "lab"</v></c>"#
              + #"<c r="F2"><v>4.5999999999999996</v></c></row>"#
              // Cells skipped by reference; an empty shared string; a false.
              + #"<row r="3"><c r="A3" t="s"><v>6</v></c><c r="C3" t="b"><v>0</v></c><c r="D3" t="s"><v>7</v></c>"#
              + #"<c r="F3"><v>1E-3</v></c></row>"#
              // Rows 4 and 5 are missing; cells without references follow on.
              + #"<row r="6"><c t="inlineStr"><is><t>_x0041_1_x000D_</t></is></c><c/><c><v>-12</v></c></row>"#
              // A row of empty cells only (formatting) is a blank line.
              + #"<row r="7"><c r="A7" s="0"/><c r="B7" t="s"><v>7</v></c></row>"#
              + #"<row r="8"><c r="B8"><f>1+1</f><v>2</v></c></row>"#)
        )
      ],
      sharedStrings: [
        "<si><t>id</t></si>", "<si><t>名称</t></si>", "<si><r><t>d</t></r><r><rPr><b/></rPr><t>d</t></r></si>",
        "<si><t>e</t></si>", "<si><t>f</t></si>",
        "<si><r><t>张</t></r><r><t>三</t></r><rPh sb=\"0\" eb=\"1\"><t>ちょう</t></rPh></si>",
        "<si><t xml:space=\"preserve\">R2 </t></si>", "<si><t></t></si>",
      ])
    let parsed = try parseAll(try book.write())
    #expect(parsed.header == ["id", "名称", "c", "dd", "e", "f"])
    #expect(
      parsed.rows == [
        ["张三", "北京 ", "TRUE", "#N/A", "R&D, \"lab\"", "4.6"],
        ["R2 ", "", "FALSE", "", "", "0.001"],
        ["A1\r", "", "-12", "", "", ""],
        ["", "2", "", "", "", ""],
      ])
    #expect(parsed.lines == [2, 3, 6, 8])
  }

  @Test(arguments: [
    // (serial, format, 1904 system, expected)
    (1.0, ExcelNumberFormat.date, false, "1900-01-01"),
    (59.0, .date, false, "1900-02-28"),
    (60.0, .date, false, "1900-02-29"),  // Excel's fictitious leap day
    (61.0, .date, false, "1900-03-01"),
    (0.0, .date, false, "1900-01-00"),
    (45356.0, .date, false, "2024-03-05"),
    (45356.583333333336, .dateTime, false, "2024-03-05T14:00:00"),
    (45356.99999, .date, false, "2024-03-05"),
    (45356.9999999999, .date, false, "2024-03-06"),  // 23:59:59.99999 shows as the next day
    (45356.583333333336, .date, false, "2024-03-05"),
    (2_958_465.0, .date, false, "9999-12-31"),
    (0.0, .date, true, "1904-01-01"),
    (43894.0, .date, true, "2024-03-05"),
    (43894.5, .dateTime, true, "2024-03-05T12:00:00"),
    (0.5833333333333334, .time, false, "14:00:00"),
    (45356.5, .time, false, "2024-03-05T12:00:00"),
    (1.5208333333333333, .elapsed, false, "36:30:00"),
  ])
  func serialDates(serial: Double, format: ExcelNumberFormat, date1904: Bool, expected: String) {
    #expect(ExcelSerialDate.text(serial: serial, format: format, date1904: date1904) == expected)
  }

  @Test func serialsThatAreNoDatesStayNumbers() {
    #expect(ExcelSerialDate.text(serial: -1, format: .date, date1904: false) == nil)
    #expect(ExcelSerialDate.text(serial: 2_958_466, format: .date, date1904: false) == nil)
    #expect(ExcelSerialDate.text(serial: .nan, format: .date, date1904: false) == nil)
  }

  @Test(arguments: [
    ("yyyy\\-mm\\-dd", ExcelNumberFormat.date),
    ("yyyy\"年\"m\"月\"d\"日\"", .date),
    ("[$-804]yyyy\"年\"m\"月\"d\"日\" dddd", .date),
    ("mmm-yy", .date),
    ("d/m/yyyy h:mm", .dateTime),
    ("yyyy-mm-dd hh:mm:ss", .dateTime),
    ("h:mm AM/PM", .time),
    ("mm:ss", .time),
    ("[h]:mm:ss", .elapsed),
    ("[Red]0.00", .number),
    ("0.00E+00", .number),
    ("#,##0 \"小时\"", .number),
    ("\"day\" 0", .number),
    ("General", .number),
    ("@", .number),
    ("0.00_);[Red](0.00)", .number),
    ("[DBNum1][$-804]m\"月\"d\"日\"", .date),
  ])
  func customFormatCodes(code: String, expected: ExcelNumberFormat) {
    #expect(ExcelNumberFormat.classify(code: code) == expected)
  }

  @Test func builtInFormatIds() {
    for id in [14, 15, 16, 17, 27, 28, 29, 30, 31, 36, 50, 51, 52, 53, 54, 57, 58] {
      #expect(ExcelNumberFormat.builtIn(id) == .date, "id \(id)")
    }
    #expect(ExcelNumberFormat.builtIn(22) == .dateTime)
    for id in [18, 19, 20, 21, 32, 33, 34, 35, 45, 47, 55, 56] { #expect(ExcelNumberFormat.builtIn(id) == .time) }
    #expect(ExcelNumberFormat.builtIn(46) == .elapsed)
    for id in [0, 1, 2, 9, 10, 11, 12, 49] { #expect(ExcelNumberFormat.builtIn(id) == .number) }
  }

  static let dateStyles =
    #"<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>"#
    + #"<numFmt numFmtId="165" formatCode="0.00"/></numFmts>"#
    + #"<cellStyleXfs count="1"><xf numFmtId="22"/></cellStyleXfs>"#
    + #"<cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="22"/><xf numFmtId="164"/>"#
    + #"<xf numFmtId="165"/></cellXfs>"#

  static func datesSheet() -> String {
    HandWrittenWorkbook.worksheet(
      #"<row r="1"><c r="A1" t="inlineStr"><is><t>date</t></is></c><c r="B1" t="inlineStr"><is><t>n</t></is></c></row>"#
        + #"<row r="2"><c r="A2" s="1"><v>45356</v></c><c r="B2" s="4"><v>45356</v></c></row>"#
        + #"<row r="3"><c r="A3" s="2"><v>45356.583333333336</v></c><c r="B3" s="0"><v>60</v></c></row>"#
        + #"<row r="4"><c r="A4" s="3"><v>60</v></c><c r="B4" s="9"><v>3</v></c></row>"#
        + #"<row r="5"><c r="A5" s="1"><v>0</v></c></row>"#)
  }

  @Test func dateCellsInThe1900System() throws {
    let book = HandWrittenWorkbook(sheets: [("S", Self.datesSheet())], styles: Self.dateStyles)
    let parsed = try parseAll(try book.write())
    #expect(
      parsed.rows == [
        ["2024-03-05", "45356"], ["2024-03-05T14:00:00", "60"], ["1900-02-29", "3"], ["1900-01-00", ""],
      ])
  }

  @Test(arguments: [#"<workbookPr date1904="1"/>"#, #"<workbookPr date1904="true" defaultThemeVersion="1"/>"#])
  func dateCellsInThe1904System(workbookPr: String) throws {
    let book = HandWrittenWorkbook(sheets: [("S", Self.datesSheet())], styles: Self.dateStyles, workbookPr: workbookPr)
    let parsed = try parseAll(try book.write())
    #expect(
      parsed.rows == [
        ["2028-03-06", "45356"], ["2028-03-06T14:00:00", "60"], ["1904-03-01", "3"], ["1904-01-01", ""],
      ])
  }

  @Test func chineseSheetsAreChosenByNameOrNumber() throws {
    let book = HandWrittenWorkbook(sheets: [
      ("说明", HandWrittenWorkbook.worksheet(inlineRows([["本问卷由问卷星导出"]]))),
      ("问卷数据", HandWrittenWorkbook.worksheet(inlineRows([["编号", "区"], ["A1", "朝阳区"]]))),
    ])
    let path = try book.write(name: "问卷.xlsx")
    #expect(try parseAll(path).header == ["本问卷由问卷星导出"])
    for selector in ["问卷数据", "2", " 2 "] {
      let file = try CSVFile(path: path, options: CSVOptions(sheet: selector))
      #expect(file.header == ["编号", "区"])
      #expect(file.workbookSheet?.name == "问卷数据" && file.workbookSheet?.index == 2)
      #expect(try file.sample(maxRecords: 5) == [["A1", "朝阳区"]])
    }
    let byName = #expect(throws: IngestError.self) { try CSVFile(path: path, options: CSVOptions(sheet: "数据")) }
    #expect(byName?.description.contains("no sheet named '数据'") == true)
    #expect(byName?.description.contains("1 '说明', 2 '问卷数据'") == true)
    let byIndex = #expect(throws: IngestError.self) { try CSVFile(path: path, options: CSVOptions(sheet: "3")) }
    #expect(byIndex?.description.contains("has 2 sheet(s), so there is no sheet 3") == true)
  }

  @Test func cellsWithLineBreaksShiftLinesOnlyUntilTheNextGap() throws {
    let rows =
      #"<row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c><c r="B1" t="inlineStr"><is><t>note</t></is></c></row>"#
      + #"<row r="2"><c r="A2"><v>1</v></c><c r="B2" t="inlineStr"><is><t>two&#10;lines</t></is></c></row>"#
      + #"<row r="3"><c r="A3"><v>2</v></c></row>"#
      + #"<row r="4"><c r="A4"><v>3</v></c><c r="B4" t="inlineStr"><is><t>a&#10;b&#10;c</t></is></c></row>"#
      + #"<row r="5"><c r="A5"><v>4</v></c></row>"#
      + #"<row r="9"><c r="A9"><v>5</v></c></row>"#
    let path = try HandWrittenWorkbook(sheets: [("S", HandWrittenWorkbook.worksheet(rows))]).write()
    let file = try CSVFile(path: path)
    let parsed = try parseAll(path)
    #expect(parsed.rows.map(\.[0]) == ["1", "2", "3", "4", "5"])
    #expect(parsed.rows[0][1] == "two\nlines")
    let sheet = try #require(file.workbookSheet)
    #expect(parsed.lines.map(sheet.rows.row(forLine:)) == [2, 3, 4, 5, 9])
    #expect(parsed.lines.last == 9)  // the gap of missing rows absorbed the shift
    let located = file.located(IngestError(.value, file: path, line: 8, column: 1, message: "bad", hint: ""))
    #expect(located.line == 5)
    #expect(located.description.contains("sheet 'S', cell A5: bad"))
  }

  @Test func downstreamErrorsNameTheSheetRowAndCell() throws {
    let rows =
      inlineRows([["id", "q1", "q1"]])
      + #"<row r="3"><c r="A3"><v>1</v></c></row>"#
    let dup = try HandWrittenWorkbook(sheets: [("数据", HandWrittenWorkbook.worksheet(rows))]).write()
    let e = #expect(throws: IngestError.self) { try CSVFile(path: dup) }
    #expect(e?.line == 1 && e?.column == 3)
    #expect(e?.description.contains("sheet '数据', cell C1: duplicate column name 'q1'") == true)

    // A value in a column without a header (row 4) stops a strict read there.
    let ragged =
      inlineRows([["id", "q1"]])
      + #"<row r="2"><c r="A2"><v>1</v></c><c r="B2"><v>3</v></c></row>"#
      + #"<row r="4"><c r="A4"><v>2</v></c><c r="B4"><v>4</v></c><c r="C4"><v>9</v></c></row>"#
    let path = try HandWrittenWorkbook(sheets: [("S", HandWrittenWorkbook.worksheet(ragged))]).write()
    let file = try CSVFile(path: path)
    let r = #expect(throws: IngestError.self) {
      try TableReader.read(file, columns: [ColumnSpec("id", kind: .key), ColumnSpec("q1", kind: .numeric)])
    }
    #expect(r?.line == 4)
    #expect(r?.description.contains("sheet 'S', row 4: expected 2 fields") == true)
  }

  struct BadWorkbook: Sendable, CustomTestStringConvertible {
    var name: String
    var bytes: @Sendable () throws -> [UInt8]
    var file = "book.xlsx"
    var sheet: String? = nil
    var expected: String
    var testDescription: String { name }
  }

  /// A minimal OLE compound file whose directory holds `stream`.
  static func compoundFile(stream: String) -> [UInt8] {
    var b = [UInt8](repeating: 0, count: 512 * 3)
    b.replaceSubrange(0..<8, with: SpreadsheetSignature.compoundMagic)
    func put16(_ v: Int, _ at: Int) {
      b[at] = UInt8(v & 0xFF)
      b[at + 1] = UInt8(v >> 8)
    }
    func put32(_ v: UInt32, _ at: Int) { for k in 0..<4 { b[at + k] = UInt8((v >> (8 * UInt32(k))) & 0xFF) } }
    put16(0x3E, 24)
    put16(3, 26)
    put16(0xFFFE, 28)
    put16(9, 30)
    put16(6, 32)
    put32(1, 44)  // one FAT sector
    put32(1, 48)  // directory at sector 1
    put32(0xFFFF_FFFE, 60)
    put32(0xFFFF_FFFE, 68)
    put32(0, 76)  // FAT at sector 0
    for k in 1..<109 { put32(0xFFFF_FFFF, 76 + 4 * k) }
    let fat = 512
    put32(0xFFFF_FFFD, fat)
    put32(0xFFFF_FFFE, fat + 4)
    for k in 2..<128 { put32(0xFFFF_FFFF, fat + 4 * k) }
    for (e, name) in ["Root Entry", stream].enumerated() {
      let base = 1024 + 128 * e
      for (i, u) in name.utf16.enumerated() { put16(Int(u), base + 2 * i) }
      put16((name.utf16.count + 1) * 2, base + 64)
      b[base + 66] = e == 0 ? 5 : 2
    }
    return b
  }

  static let badWorkbooks: [BadWorkbook] = [
    BadWorkbook(
      name: "legacy .xls", bytes: { compoundFile(stream: "Workbook") }, file: "old.xls",
      expected:
        "old.xls: this is an Excel 97–2003 workbook (.xls, BIFF format), which impact does not read. Fix: open it in Excel, WPS or LibreOffice and save it as .xlsx (Excel Workbook) or as CSV UTF-8"
    ),
    BadWorkbook(
      name: "encrypted", bytes: { compoundFile(stream: "EncryptedPackage") },
      expected: "book.xlsx: the workbook is password-protected (encrypted), and impact cannot read encrypted workbooks"),
    BadWorkbook(
      name: "other OLE file", bytes: { compoundFile(stream: "WordDocument") }, file: "x.doc",
      expected: "this is an OLE compound file (like .xls or .doc), not an .xlsx workbook or a CSV file"),
    BadWorkbook(
      name: "truncated zip",
      bytes: {
        let full = try Data(contentsOf: URL(fileURLWithPath: try HandWrittenWorkbook(sheets: [("S", "")]).write()))
        return Array(full.prefix(full.count / 2))
      },
      expected:
        "book.xlsx: the workbook is damaged: it starts like a zip archive (.xlsx) but its zip directory cannot be read"
    ),
    BadWorkbook(
      name: "text named .xlsx", bytes: { Array("id,q1\n1,2\n".utf8) },
      expected:
        "book.xlsx: the file is named .xlsx but is not an Excel workbook (it does not start with the zip signature PK)"
    ),
    BadWorkbook(
      name: "missing sheet",
      bytes: { try bytes(HandWrittenWorkbook(sheets: [("Only", HandWrittenWorkbook.worksheet(inlineRows([["a"]])))])) },
      sheet: "Data",
      expected:
        "book.xlsx: the workbook has no sheet named 'Data'. Fix: use --sheet with one of the sheet names or numbers: 1 'Only'"
    ),
    BadWorkbook(
      name: "sheet index out of range",
      bytes: { try bytes(HandWrittenWorkbook(sheets: [("Only", HandWrittenWorkbook.worksheet(inlineRows([["a"]])))])) },
      sheet: "0", expected: "the workbook has 1 sheet(s), so there is no sheet 0"),
    BadWorkbook(
      name: "empty sheet",
      bytes: { try bytes(HandWrittenWorkbook(sheets: [("Empty", HandWrittenWorkbook.worksheet(""))])) },
      expected: "book.xlsx:1: sheet 'Empty' is empty; expected a header row and data rows"),
    BadWorkbook(
      name: "malformed sheet XML",
      bytes: {
        try bytes(
          HandWrittenWorkbook(sheets: [
            ("S", HandWrittenWorkbook.worksheet(inlineRows([["a"], ["b"]]) + #"<row r="3"><c r="A3"><v>1</c></row>"#))
          ]))
      },
      expected: "book.xlsx:3: sheet 'S', cell A3: the sheet's XML is not well-formed (libxml2, line 1:"),
    BadWorkbook(
      name: "shared string out of range",
      bytes: {
        try bytes(
          HandWrittenWorkbook(
            sheets: [
              (
                "S",
                HandWrittenWorkbook.worksheet(inlineRows([["a"]]) + #"<row r="2"><c r="A2" t="s"><v>5</v></c></row>"#)
              )
            ],
            sharedStrings: ["<si><t>x</t></si>"]))
      },
      expected:
        "book.xlsx:2:1: column 1: sheet 'S', cell A2: shared string number 5 does not exist (the workbook has 1)"),
    BadWorkbook(
      name: "zip that is not a workbook",
      bytes: {
        let path = temporaryFile([], name: "t.zip")
        try FileManager.default.removeItem(atPath: path)
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
        let data = Data("id\n1\n".utf8)
        try archive.addEntry(with: "data.csv", type: .file, uncompressedSize: Int64(data.count)) { _, _ in data }
        return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
      },
      expected: "this zip archive is not an Excel workbook (it has no xl/workbook.xml)"),
  ]

  static func bytes(_ book: HandWrittenWorkbook) throws -> [UInt8] {
    Array(try Data(contentsOf: URL(fileURLWithPath: try book.write())))
  }

  @Test(arguments: badWorkbooks)
  func unreadableWorkbooksGetAClearError(_ c: BadWorkbook) throws {
    let path = temporaryFile(try c.bytes(), name: c.file)
    let e = #expect(throws: IngestError.self) { try CSVFile(path: path, options: CSVOptions(sheet: c.sheet)) }
    let text = e?.description.replacingOccurrences(of: (path as NSString).deletingLastPathComponent + "/", with: "")
    #expect(text?.contains(c.expected) == true, "\(text ?? "no error")")
  }

  /// Fixtures converted by LibreOffice read exactly like the CSV they came
  /// from: same header, same records, same line numbers.
  @Test(arguments: ["survey_pre.csv", "survey_post.csv", "hours.csv"])
  func libreOfficeWorkbooksReadLikeTheirCSV(fixture: String) throws {
    let csv = try #require(Bundle.module.resourceURL?.appendingPathComponent("Fixtures/excel/\(fixture)").path)
    let dir = (temporaryFile([], name: "x") as NSString).deletingLastPathComponent
    let xlsx = try LibreOffice.csvToXLSX(csv, outputDirectory: dir)
    let fromCSV = try parseAll(csv)
    let fromXLSX = try parseAll(xlsx, options: CSVOptions(parallelism: 2, minimumChunkBytes: 1))
    #expect(fromXLSX.header == fromCSV.header)
    #expect(fromXLSX.rows.count == fromCSV.rows.count)
    for (a, b) in zip(fromXLSX.rows, fromCSV.rows) where a != b { Issue.record("\(a) ≠ \(b)") }
    #expect(fromXLSX.lines == fromCSV.lines)
  }
}
