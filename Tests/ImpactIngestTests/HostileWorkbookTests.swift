import Foundation
import ImpactCore
import Testing
import ZIPFoundation

@testable import ImpactIngest

/// A zip written byte by byte (stored entries), so directory fields can be
/// forged: zip64 offsets, a zip64 end record, wrong CRCs.
struct ForgedZip {
  var entries: [(name: String, data: [UInt8])]
  /// Entry whose central-directory offset becomes this zip64 value.
  var zip64Offset: (entry: Int, value: UInt64)? = nil
  /// A zip64 end record pointing the directory here.
  var zip64DirectoryOffset: UInt64? = nil
  /// Entry whose stored CRC-32 (local and central) is off by one.
  var wrongCRC: Int? = nil

  static func le(_ v: UInt64, _ n: Int) -> [UInt8] { (0..<n).map { UInt8((v >> (8 * UInt64($0))) & 0xFF) } }

  func bytes() -> [UInt8] {
    var out: [UInt8] = []
    var directory: [UInt8] = []
    for (k, e) in entries.enumerated() {
      var crc = UInt64(Data(e.data).crc32(checksum: 0))
      if wrongCRC == k { crc ^= 1 }
      let offset = UInt64(out.count)
      let name = Array(e.name.utf8)
      let size = UInt64(e.data.count)
      out += Self.le(0x0403_4B50, 4) + Self.le(20, 2) + Self.le(0, 2) + Self.le(0, 2) + Self.le(0, 2) + Self.le(0x21, 2)
      out += Self.le(crc, 4) + Self.le(size, 4) + Self.le(size, 4) + Self.le(UInt64(name.count), 2) + Self.le(0, 2)
      out += name + e.data
      var extra: [UInt8] = []
      var offset32 = offset
      if let z = zip64Offset, z.entry == k {
        offset32 = 0xFFFF_FFFF
        extra = Self.le(1, 2) + Self.le(8, 2) + Self.le(z.value, 8)
      }
      directory += Self.le(0x0201_4B50, 4) + Self.le(45, 2) + Self.le(45, 2) + Self.le(0, 2) + Self.le(0, 2)
      directory += Self.le(0, 2) + Self.le(0x21, 2) + Self.le(crc, 4) + Self.le(size, 4) + Self.le(size, 4)
      directory += Self.le(UInt64(name.count), 2) + Self.le(UInt64(extra.count), 2) + Self.le(0, 2) + Self.le(0, 2)
      directory += Self.le(0, 2) + Self.le(0, 4) + Self.le(offset32, 4) + name + extra
    }
    let directoryOffset = UInt64(out.count)
    out += directory
    if let forged = zip64DirectoryOffset {
      let record = UInt64(out.count)
      out += Self.le(0x0606_4B50, 4) + Self.le(44, 8) + Self.le(45, 2) + Self.le(45, 2) + Self.le(0, 4) + Self.le(0, 4)
      out += Self.le(UInt64(entries.count), 8) + Self.le(UInt64(entries.count), 8)
      out += Self.le(UInt64(directory.count), 8) + Self.le(forged, 8)
      out += Self.le(0x0706_4B50, 4) + Self.le(0, 4) + Self.le(record, 8) + Self.le(1, 4)
    }
    out += Self.le(0x0605_4B50, 4) + Self.le(0, 2) + Self.le(0, 2)
    out += Self.le(UInt64(entries.count), 2) + Self.le(UInt64(entries.count), 2)
    out += Self.le(UInt64(directory.count), 4) + Self.le(directoryOffset, 4) + Self.le(0, 2)
    return out
  }

  /// A minimal workbook: one sheet with a header and one row.
  static func workbook(
    sheet: String = #"<row r="1"><c r="A1"><v>5</v></c></row><row r="2"><c r="A2"><v>7</v></c></row>"#
  )
    -> [(name: String, data: [UInt8])]
  {
    let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    let parts = [
      (
        "_rels/.rels",
        #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="\#(rel)/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
      ),
      (
        "xl/workbook.xml",
        #"<workbook xmlns="\#(main)" xmlns:r="\#(rel)"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#
      ),
      (
        "xl/_rels/workbook.xml.rels",
        #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="\#(rel)/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#
      ),
      ("xl/worksheets/sheet1.xml", #"<worksheet xmlns="\#(main)"><sheetData>\#(sheet)</sheetData></worksheet>"#),
    ]
    return parts.map { ($0.0, Array($0.1.utf8)) }
  }
}

/// Hostile workbooks (issue 14 item 4): each stops with an error naming the
/// file, the part or cell, the limit and the fix — no abort, no trap, no
/// silent misread.
@Suite struct HostileWorkbookTests {
  func error(_ bytes: [UInt8], options: CSVOptions = CSVOptions()) throws -> IngestError {
    let path = temporaryFile(bytes, name: "hostile.xlsx")
    return try #require(throws: IngestError.self) { try CSVFile(path: path, options: options) }
  }

  func sheetCopyError(_ book: HandWrittenWorkbook, maxCellBytes: Int) throws -> IngestError {
    let path = try book.write()
    let fd = open(path, O_RDONLY)
    defer { close(fd) }
    return try #require(throws: IngestError.self) {
      _ = try WorkbookSheetCopy.make(
        path: path, signature: .zip, fd: fd, size: 0, sheet: nil, maxCellBytes: maxCellBytes)
    }
  }

  @Test func theForgedZipItselfReads() throws {
    let path = temporaryFile(ForgedZip(entries: ForgedZip.workbook()).bytes(), name: "ok.xlsx")
    let csv = try CSVFile(path: path, options: CSVOptions())
    #expect(csv.header == ["5"])
  }

  /// `<row r="999999999999">` made the reader allocate a terabyte of line feeds.
  @Test func rowNumberBeyondExcelsLimit() throws {
    let sheet = #"<row r="1"><c r="A1"><v>5</v></c></row><row r="999999999999"><c r="A999999999999"><v>9</v></c></row>"#
    let e = try error(ForgedZip(entries: ForgedZip.workbook(sheet: sheet)).bytes())
    #expect(e.kind == .limit)
    #expect(e.description.contains("hostile.xlsx"))
    #expect(e.description.contains("the row number 999999999999 is beyond Excel's limit of 1048576 rows"))
    #expect(e.description.contains("Fix: "))
  }

  @Test func columnBeyondExcelsLimit() throws {
    let sheet = #"<row r="1"><c r="A1"><v>5</v></c><c r="XFE1"><v>9</v></c></row>"#
    let e = try error(ForgedZip(entries: ForgedZip.workbook(sheet: sheet)).bytes())
    #expect(e.description.contains("XFE1"))
  }

  /// A 1 GB cell was buffered three times (3.2 GB) before the 64 MiB limit
  /// applied; the limit now stops the cell while it streams.
  @Test func cellLargerThanTheFieldLimitStopsWhileStreaming() throws {
    let big = String(repeating: "x", count: (1 << 20) + 10)
    let book = HandWrittenWorkbook(sheets: [
      (
        "Data",
        HandWrittenWorkbook.worksheet(
          #"<row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>\#(big)</t></is></c></row>"#
        )
      )
    ])
    let e = try sheetCopyError(book, maxCellBytes: 1 << 20)
    #expect(e.kind == .limit)
    #expect(e.description.contains("sheet 'Data', cell A2: the cell holds more than 1 MiB of text"), "\(e)")
    #expect(e.description.contains("--max-field-mb"))
  }

  @Test func rowLargerThanTheRecordLimit() throws {
    let half = String(repeating: "y", count: 600_000)
    let cells = (0..<2).map { _ in #"<c t="inlineStr"><is><t>\#(half)</t></is></c>"# }.joined()
    let book = HandWrittenWorkbook(sheets: [
      ("Data", HandWrittenWorkbook.worksheet(#"<row r="1"><c r="A1"><v>1</v></c></row><row r="2">\#(cells)</row>"#))
    ])
    let e = try sheetCopyError(book, maxCellBytes: 1 << 20)
    #expect(e.description.contains("the row holds more than 1 MiB of text"), "\(e)")
  }

  /// One 1 GB shared string passed (2.1 GB resident).
  @Test func sharedStringLargerThanTheFieldLimit() throws {
    let big = String(repeating: "z", count: (1 << 20) + 1)
    let book = HandWrittenWorkbook(
      sheets: [("Data", HandWrittenWorkbook.worksheet(#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#))],
      sharedStrings: ["<si><t>\(big)</t></si>"])
    let e = try sheetCopyError(book, maxCellBytes: 1 << 20)
    #expect(e.kind == .limit)
    #expect(
      e.description.contains("shared strings (xl/sharedStrings.xml): shared string 1 holds more than 1 MiB"), "\(e)")
  }

  @Test func sharedStringsLargerThanTheTotalLimit() throws {
    let handler = SharedStringsHandler(maxItemBytes: 1 << 20, maxTotalBytes: 10_000)
    let parser = XMLPushParser(handler: handler) { m, l in IngestError(.structure, file: "x", message: m, hint: "\(l)")
    }
    let items = String(repeating: "<si><t>abcdefghij</t></si>", count: 1_000)
    let e = try #require(throws: IngestError.self) {
      try parser.feed(Data("<sst>\(items)</sst>".utf8))
      try parser.finish()
    }
    #expect(e.kind == .limit)
    #expect(e.message.contains("the shared strings exceed"))
    #expect(handler.table.count < 1_000)
  }

  /// Zip64 offsets and sizes ≥ 2⁶³ trapped inside ZIPFoundation 0.9.20.
  @Test(arguments: [UInt64(1) << 63, UInt64.max, UInt64(1) << 40])
  func zip64EntryOffsetOutOfRange(_ value: UInt64) throws {
    var zip = ForgedZip(entries: ForgedZip.workbook())
    zip.zip64Offset = (0, value)
    let e = try error(zip.bytes())
    #expect(e.description.contains("zip directory cannot be read"), "\(e)")
    #expect(e.description.contains("entry 1 ('_rels/.rels') declares a zip64 offset or size of \(value) bytes"))
  }

  @Test(arguments: [UInt64(1) << 63, UInt64.max - 3])
  func zip64DirectoryOffsetOutOfRange(_ value: UInt64) throws {
    var zip = ForgedZip(entries: ForgedZip.workbook())
    zip.zip64DirectoryOffset = value
    let e = try error(zip.bytes())
    #expect(e.description.contains("its directory is declared at byte \(value)"), "\(e)")
  }

  /// A stored entry with a wrong CRC was read silently (a 5 became a 9).
  @Test func storedEntryWithAWrongCRC() throws {
    var zip = ForgedZip(entries: ForgedZip.workbook())
    zip.wrongCRC = 3
    let e = try error(zip.bytes())
    #expect(e.description.contains("sheet 'S' fails its CRC-32 check (xl/worksheets/sheet1.xml"), "\(e)")
  }

  /// The same for a deflated entry: the CRC in the central directory is altered.
  @Test func deflatedEntryWithAWrongCRC() throws {
    let book = HandWrittenWorkbook(sheets: [
      ("Data", HandWrittenWorkbook.worksheet(#"<row r="1"><c r="A1"><v>5</v></c></row>"#))
    ])
    var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: try book.write())))
    try patchCentralDirectory(&bytes, entry: "xl/worksheets/sheet1.xml", field: 16) { $0 ^ 0x10 }
    let e = try error(bytes)
    #expect(e.description.contains("fails its CRC-32 check"), "\(e)")
  }

  /// A part that inflates past the size its entry declares, and one that
  /// declares more than the inflate caps allow.
  @Test func inflatedSizeBeyondTheDeclaredSizeOrTheCap() throws {
    let book = HandWrittenWorkbook(sheets: [
      ("Data", HandWrittenWorkbook.worksheet(#"<row r="1"><c r="A1"><v>5</v></c></row>"#))
    ])
    let original = Array(try Data(contentsOf: URL(fileURLWithPath: try book.write())))
    var lying = original
    try patchCentralDirectory(&lying, entry: "xl/worksheets/sheet1.xml", field: 24) { _ in UInt32(10) }
    let e = try error(lying)
    #expect(e.description.contains("inflates to more than the 10 bytes its zip entry declares"), "\(e)")
    var bomb = original
    try patchCentralDirectory(&bomb, entry: "xl/worksheets/sheet1.xml", field: 24) { _ in UInt32(0xFFFF_FFF0) }
    let b = try error(bomb)
    #expect(b.kind == .limit)
    #expect(b.description.contains("declares 4294967280 bytes"), "\(b)")
  }

  /// 200,000 attributes on one cell took 36–61 s inside libxml2.
  @Test func elementWithTooManyAttributesStopsAtOnce() throws {
    let attributes = (0..<200_000).map { " a\($0)=\"1\"" }.joined()
    let sheet = #"<row r="1"><c r="A1"\#(attributes)><v>5</v></c></row>"#
    let start = Date()
    let e = try error(ForgedZip(entries: ForgedZip.workbook(sheet: sheet)).bytes())
    #expect(Date().timeIntervalSince(start) < 10)
    #expect(e.kind == .limit)
    #expect(e.description.contains("an element has more than 256 attributes"), "\(e)")
  }

  @Test func attributeCounterIgnoresCommentsCDATAAndQuotedEquals() {
    var counter = XMLAttributeLimit(limit: 2)
    let xml =
      #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><!-- a=1 b=2 c=3 --><r x="a=b=c" y='=='>"#
      + #"<t><![CDATA[ <q a=1 b=2 c=3> ]]></t><c a="1" b="2"/></r>"#
    let ok = Array(xml.utf8).withUnsafeBytes { raw in
      // Split at every byte: state carries across chunks.
      (0..<raw.count).allSatisfy { counter.scan(UnsafeRawBufferPointer(rebasing: raw[$0..<($0 + 1)])) }
    }
    #expect(ok)
    var strict = XMLAttributeLimit(limit: 2)
    #expect(!Array(#"<c a="1" b="2" c="3"/>"#.utf8).withUnsafeBytes { strict.scan($0) })
  }
}

/// Rewrites a 32-bit field (`field` bytes into the central-directory entry)
/// of the entry named `entry`.
func patchCentralDirectory(_ bytes: inout [UInt8], entry: String, field: Int, _ change: (UInt32) -> UInt32) throws {
  let name = Array(entry.utf8)
  var i = 0
  while i + 46 + name.count <= bytes.count {
    if bytes[i] == 0x50 && bytes[i + 1] == 0x4B && bytes[i + 2] == 0x01 && bytes[i + 3] == 0x02,
      Array(bytes[(i + 46)..<(i + 46 + name.count)]) == name
    {
      var v: UInt32 = 0
      for k in 0..<4 { v |= UInt32(bytes[i + field + k]) << (8 * UInt32(k)) }
      v = change(v)
      for k in 0..<4 { bytes[i + field + k] = UInt8((v >> (8 * UInt32(k))) & 0xFF) }
      return
    }
    i += 1
  }
  Issue.record("no central-directory entry \(entry)")
}
