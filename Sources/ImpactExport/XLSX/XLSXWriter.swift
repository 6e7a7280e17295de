// A minimal SpreadsheetML (.xlsx) writer: one sheet per table, a bold and
// frozen header row, column widths fitted to the content, numbers as number
// cells and text as inline strings (ECMA-376 Part 1 §18.3 worksheets, §18.8
// styles; Part 2 packaging). The zip is deflated with ZIPFoundation and every
// entry carries the same fixed date (1980-01-01, the earliest a zip can
// hold), so equal tables give byte-identical workbooks.
import Foundation
import ZIPFoundation

/// One table of a workbook.
public struct XLSXSheet: Sendable {
  /// Sheet tab name; shortened to Excel's 31 characters and made unique by
  /// the writer, which also replaces the characters Excel forbids (`[]:*?/\`).
  public var name: String
  public var header: [String]
  public var rows: [[CSVWriter.Cell]]

  public init(name: String, header: [String], rows: [[CSVWriter.Cell]]) {
    self.name = name
    self.header = header
    self.rows = rows
  }
}

/// Writes workbooks.
///
/// ```swift
/// let bytes = try XLSXWriter.workbook([XLSXSheet(name: "Indicators", header: ["a"], rows: [[.number(1.5)]])])
/// out.add("impact_summary.xlsx", bytes: bytes)
/// ```
public enum XLSXWriter {
  /// The date of every zip entry: 1980-01-01T00:00:00Z.
  static let entryDate = Date(timeIntervalSince1970: 315_532_800)

  /// The bytes of an .xlsx file holding `sheets` (at least one; an empty list
  /// gives one empty sheet).
  ///
  /// - Complexity: O(cells); the workbook is built in memory (summary tables
  ///   are small).
  public static func workbook(_ sheets: [XLSXSheet]) throws(ExportError) -> [UInt8] {
    let tables = sheets.isEmpty ? [XLSXSheet(name: "Sheet1", header: [], rows: [])] : sheets
    let names = sheetNames(tables.map(\.name))
    var parts: [(String, String)] = []
    parts.append(("[Content_Types].xml", contentTypes(count: tables.count)))
    parts.append(("_rels/.rels", rootRelationships))
    parts.append(("xl/workbook.xml", workbookXML(names)))
    parts.append(("xl/_rels/workbook.xml.rels", workbookRelationships(count: tables.count)))
    parts.append(("xl/styles.xml", styles))
    for (i, t) in tables.enumerated() {
      parts.append(("xl/worksheets/sheet\(i + 1).xml", worksheetXML(t, selected: i == 0)))
    }
    do {
      let archive = try Archive(accessMode: .create)
      for (path, text) in parts {
        let data = Data(text.utf8)
        try archive.addEntry(
          with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: entryDate,
          permissions: 0o644, compressionMethod: .deflate
        ) { position, size in
          data.subdata(in: Int(position)..<Int(position) + size)
        }
      }
      guard let data = archive.data else { throw ExportError(path: "", message: "", hint: "") }
      return [UInt8](data)
    } catch {
      throw ExportError(
        path: "impact_summary.xlsx", message: "cannot build the workbook's zip archive (\(error))",
        hint: "this is a bug in impact; write CSV or JSON with --format meanwhile")
    }
  }

  // MARK: - Parts

  static func contentTypes(count: Int) -> String {
    var s =
      #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
      + #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#
      + #"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#
      + #"<Default Extension="xml" ContentType="application/xml"/>"#
      + #"<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#
      + #"<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"#
    for i in 1...count {
      s +=
        #"<Override PartName="/xl/worksheets/sheet\#(i).xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
    }
    return s + "</Types>"
  }

  static let rootRelationships =
    #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
    + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
    + #"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>"#
    + "</Relationships>"

  static func workbookXML(_ names: [String]) -> String {
    var s =
      #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
      + #"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" "#
      + #"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#
      + #"<bookViews><workbookView activeTab="0"/></bookViews><sheets>"#
    for (i, n) in names.enumerated() {
      s += #"<sheet name="\#(escaped(n, attribute: true))" sheetId="\#(i + 1)" r:id="rId\#(i + 1)"/>"#
    }
    return s + "</sheets></workbook>"
  }

  static func workbookRelationships(count: Int) -> String {
    var s =
      #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
      + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
    for i in 1...count {
      s +=
        #"<Relationship Id="rId\#(i)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet\#(i).xml"/>"#
    }
    s +=
      #"<Relationship Id="rId\#(count + 1)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#
    return s + "</Relationships>"
  }

  /// Style 0: normal; style 1: bold (the header row).
  static let styles =
    #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
    + #"<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#
    + #"<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>"#
    + #"<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>"#
    + #"<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>"#
    + #"<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"#
    + #"<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>"#
    + #"<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>"#
    + #"<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>"#
    + #"<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>"#
    + "</styleSheet>"

  static func worksheetXML(_ t: XLSXSheet, selected: Bool) -> String {
    let columnCount = max(t.header.count, t.rows.map(\.count).max() ?? 0)
    var widths = [Int](repeating: 0, count: columnCount)
    var s =
      #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
      + #"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" "#
      + #"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#
    let last = "\(columnLetters(max(columnCount, 1)))\(t.rows.count + 1)"
    s += #"<dimension ref="A1:\#(last)"/>"#
    s += #"<sheetViews><sheetView \#(selected ? #"tabSelected="1" "# : "")workbookViewId="0">"#
    s += #"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#
    s += #"<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>"#
    s += #"<sheetFormatPr defaultRowHeight="15"/>"#
    var data = "<sheetData>"
    data += #"<row r="1">"#
    for (c, h) in t.header.enumerated() where !h.isEmpty {
      // Bold text is about a tenth wider.
      widths[c] = max(widths[c], (displayWidth(h) * 11 + 9) / 10)
      data += #"<c r="\#(columnLetters(c + 1))1" s="1" t="inlineStr"><is>\#(textElement(h))</is></c>"#
    }
    data += "</row>"
    for (r, row) in t.rows.enumerated() {
      let rowNumber = r + 2
      data += #"<row r="\#(rowNumber)">"#
      for (c, cell) in row.enumerated() {
        let ref = "\(columnLetters(c + 1))\(rowNumber)"
        switch cell {
        case .text(let v):
          guard let v, !v.isEmpty else { continue }
          widths[c] = max(widths[c], displayWidth(v))
          data += #"<c r="\#(ref)" t="inlineStr"><is>\#(textElement(v))</is></c>"#
        case .number(let v):
          guard let v, v.isFinite else { continue }
          let text = numberText(v)
          // General format shows about 11 characters of a long number.
          widths[c] = max(widths[c], min(text.utf8.count, 11))
          data += #"<c r="\#(ref)"><v>\#(text)</v></c>"#
        case .int(let v):
          guard let v else { continue }
          widths[c] = max(widths[c], String(v).count)
          data += #"<c r="\#(ref)"><v>\#(v)</v></c>"#
        case .bool(let v):
          guard let v else { continue }
          widths[c] = max(widths[c], 5)
          data += #"<c r="\#(ref)" t="b"><v>\#(v ? 1 : 0)</v></c>"#
        }
      }
      data += "</row>"
    }
    data += "</sheetData>"
    if columnCount > 0 {
      s += "<cols>"
      for (c, w) in widths.enumerated() {
        // Characters plus padding, between 6 and 60 (long labels wrap less
        // than they overflow).
        let width = Double(min(max(w + 2, 6), 60))
        s += #"<col min="\#(c + 1)" max="\#(c + 1)" width="\#(formatNumber(width))" customWidth="1"/>"#
      }
      s += "</cols>"
    }
    return s + data + "</worksheet>"
  }

  // MARK: - Text

  /// Excel's column letters for a 1-based column number.
  static func columnLetters(_ n: Int) -> String {
    var n = n
    var s = ""
    while n > 0 {
      let r = (n - 1) % 26
      s = String(UnicodeScalar(UInt8(65 + r))) + s
      n = (n - 1) / 26
    }
    return s
  }

  /// Numbers with full round-trip precision (`formatNumber`, shortest form),
  /// exponent written as Excel does (`1E-05` → `1E-5`).
  static func numberText(_ v: Double) -> String {
    let s = formatNumber(v)
    guard let e = s.firstIndex(of: "e") else { return s }
    let mantissa = s[..<e]
    var exponent = s[s.index(after: e)...]
    var sign = ""
    if exponent.first == "-" || exponent.first == "+" {
      if exponent.first == "-" { sign = "-" }
      exponent = exponent.dropFirst()
    }
    let digits = exponent.drop { $0 == "0" }
    return "\(mantissa)E\(sign)\(digits.isEmpty ? "0" : String(digits))"
  }

  /// Columns a text takes in a spreadsheet: East Asian wide and full-width
  /// characters count 2 (Unicode UAX #11 W/F ranges, abridged).
  static func displayWidth(_ s: String) -> Int {
    var w = 0
    var lineWidth = 0
    for u in s.unicodeScalars {
      if u == "\n" {
        w = max(w, lineWidth)
        lineWidth = 0
        continue
      }
      switch u.value {
      case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
        0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F,
        0x20000...0x3FFFD:
        lineWidth += 2
      case 0x0300...0x036F, 0x200B...0x200F:
        break  // combining marks and zero-width characters
      default:
        lineWidth += 1
      }
    }
    return max(w, lineWidth)
  }

  /// `<t>` with the text escaped (and space-preserving when it matters).
  static func textElement(_ s: String) -> String {
    let e = escaped(s, attribute: false)
    let preserve =
      s.first.map { $0.isWhitespace } == true || s.last.map { $0.isWhitespace } == true || s.contains("\n")
    return preserve ? #"<t xml:space="preserve">\#(e)</t>"# : "<t>\(e)</t>"
  }

  /// XML-escapes `s`, drops characters XML 1.0 cannot carry (controls other
  /// than tab and line breaks, U+FFFE, U+FFFF), and protects text that looks
  /// like an OOXML escape (`_x0041_` would read back as "A") by escaping its
  /// underscore as `_x005F_`.
  static func escaped(_ s: String, attribute: Bool) -> String {
    var out = ""
    out.reserveCapacity(s.utf8.count)
    let scalars = Array(s.unicodeScalars)
    for (i, u) in scalars.enumerated() {
      switch u {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"" where attribute: out += "&quot;"
      case "\n" where attribute: out += "&#10;"
      case "\r": out += "&#13;"
      case "\t" where attribute: out += "&#9;"
      case "_" where looksLikeEscape(scalars, i): out += "_x005F_"
      default:
        let v = u.value
        if (v < 0x20 && v != 0x09 && v != 0x0A) || v == 0xFFFE || v == 0xFFFF { continue }
        out.unicodeScalars.append(u)
      }
    }
    return out
  }

  /// Whether `_xHHHH_` starts at `i`.
  private static func looksLikeEscape(_ s: [Unicode.Scalar], _ i: Int) -> Bool {
    guard i + 6 < s.count, s[i + 1] == "x" || s[i + 1] == "X", s[i + 6] == "_" else { return false }
    return s[(i + 2)..<(i + 6)].allSatisfy { $0.properties.isASCIIHexDigit }
  }

  /// Unique, valid sheet names: forbidden characters become "_", at most 31
  /// characters, duplicates numbered.
  static func sheetNames(_ names: [String]) -> [String] {
    var used: Set<String> = []
    return names.map { raw in
      var base = String(raw.map { "[]:*?/\\".contains($0) ? "_" : $0 })
      base = base.trimmingCharacters(in: CharacterSet(charactersIn: "'"))
      if base.isEmpty { base = "Sheet" }
      base = String(base.prefix(31))
      var name = base
      var k = 2
      while used.contains(name.lowercased()) {
        let suffix = " (\(k))"
        name = String(base.prefix(31 - suffix.count)) + suffix
        k += 1
      }
      used.insert(name.lowercased())
      return name
    }
  }
}
