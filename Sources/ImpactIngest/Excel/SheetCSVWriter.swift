// One worksheet streamed into RFC 4180 CSV, one CSV line per sheet row.
//
// Worksheet XML (ECMA-376 Part 1 §18.3.1.73 sheetData, §18.3.1.4 c): rows
// and cells carry their own references (`<row r="5">`, `<c r="C5">`), and
// empty cells and rows are simply absent, so gaps are filled from the
// references: a missing cell becomes an empty field, a missing row an empty
// line (which the CSV reader skips but counts). Row n of the sheet is then
// line n of the copy, and every line number the CSV machinery reports is a
// sheet row. Only a cell whose text contains a line break (quoted in the
// copy) shifts the lines after it until the next gap of missing rows; the
// `SheetRowMap` records those shifts.
//
// Cell values (§18.18.11 ST_CellType): s (shared string), inlineStr, str
// (formula text), b (boolean → TRUE/FALSE), e (error → its text, e.g. #N/A),
// d (ISO date text), n (number; shown as a date or time when its style's
// number format is one, see ExcelNumberFormat.swift).
import Foundation

/// Maps lines of a sheet's CSV copy back to sheet rows.
public struct SheetRowMap: Sendable, Equatable {
  /// Lines from which the row is `line + offset` (sorted by line); before the
  /// first, line = row.
  var breakpoints: [(line: Int, offset: Int)] = []

  public static func == (a: SheetRowMap, b: SheetRowMap) -> Bool {
    a.breakpoints.elementsEqual(b.breakpoints) { $0.line == $1.line && $0.offset == $1.offset }
  }

  /// The sheet row of CSV line `line` (1-based).
  public func row(forLine line: Int) -> Int {
    var lo = 0
    var hi = breakpoints.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if breakpoints[mid].line <= line { lo = mid + 1 } else { hi = mid }
    }
    return lo == 0 ? line : line + breakpoints[lo - 1].offset
  }
}

/// Excel column letters for a 1-based column number (1 → A, 27 → AA).
func excelColumnLetters(_ column: Int) -> String {
  var n = column
  var letters: [UInt8] = []
  while n > 0 {
    let r = (n - 1) % 26
    letters.insert(UInt8(0x41 + r), at: 0)
    n = (n - 1) / 26
  }
  return String(decoding: letters, as: UTF8.self)
}

/// Writes the cells of one worksheet as CSV lines to a file descriptor.
final class SheetCSVWriter: XMLEventHandler {
  static let maxColumns = ExcelLimits.maxColumns
  static let trueText = Array("TRUE".utf8)
  static let falseText = Array("FALSE".utf8)

  private let file: String
  private let sheetName: String
  private let strings: ExcelSharedStrings
  private let styles: ExcelStyles
  private let date1904: Bool
  private let output: Int32
  /// Largest cell, and largest row, in bytes (the CSV record limit).
  private let maxCellBytes: Int

  private var buffer: [UInt8] = []
  /// Line feeds written so far: the next line written is `linesWritten + 1`.
  private var linesWritten = 0
  private(set) var rowMap = SheetRowMap()
  private var currentOffset = 0
  /// Fields of the header (the first row with a value).
  private(set) var headerWidth: Int?
  /// Data rows written (after the header).
  private(set) var dataRows = 0

  private var inSheetData = false
  /// Row being read (1-based) and the last row read.
  private(set) var row = 0
  private var lastRow = 0
  private var rowCells: [(column: Int, start: Int, end: Int)] = []
  private var rowBytes: [UInt8] = []

  private var column = 0
  private var nextColumn = 0
  private var type = CellType.number
  private var style = 0
  private var value: [UInt8] = []
  private var inValue = false
  private var inInline = false
  private var inInlineText = false
  private var phonetic = 0
  private var inCell = false

  init(
    file: String, sheetName: String, strings: ExcelSharedStrings, styles: ExcelStyles, date1904: Bool,
    output: Int32, maxCellBytes: Int = ExcelLimits.defaultMaxCellBytes
  ) {
    self.maxCellBytes = maxCellBytes
    self.file = file
    self.sheetName = sheetName
    self.strings = strings
    self.styles = styles
    self.date1904 = date1904
    self.output = output
    buffer.reserveCapacity(1 << 20 + 4096)
  }

  /// "sheet 'Data', cell C5" (or "row 5" outside a cell), for messages.
  var location: String {
    if inCell { return "sheet '\(sheetName)', cell \(excelColumnLetters(column + 1))\(row)" }
    return row > 0 ? "sheet '\(sheetName)', row \(row)" : "sheet '\(sheetName)'"
  }

  private func fail(_ message: String, hint: String, kind: IngestError.Kind = .structure) {
    guard !failed else { return }
    failure = IngestError(
      kind, file: file, line: row > 0 ? row : nil, column: inCell ? column + 1 : nil,
      message: "\(location): \(message)", hint: hint)
  }

  // MARK: - Events

  override func startElement(_ name: XMLName, _ attributes: XMLAttributes) {
    let p = name.pointer
    switch p[0] {
    case 0x63 where p[1] == 0:  // c
      guard inSheetData else { return }
      startCell(attributes)
    case 0x76 where p[1] == 0:  // v
      if inCell { inValue = true }
    case 0x74 where p[1] == 0:  // t
      if inInline && phonetic == 0 { inInlineText = true }
    case 0x72:
      if name.is("row") {
        guard inSheetData else { return }
        startRow(attributes)
      } else if name.is("rPh") {
        phonetic += 1
      }
    case 0x69 where name.is("is"):
      if inCell { inInline = true }
    case 0x73 where name.is("sheetData"):
      inSheetData = true
    default:
      break
    }
  }

  override func endElement(_ name: XMLName) {
    let p = name.pointer
    switch p[0] {
    case 0x63 where p[1] == 0:  // c
      if inCell { endCell() }
    case 0x76 where p[1] == 0:  // v
      inValue = false
    case 0x74 where p[1] == 0:  // t
      inInlineText = false
    case 0x72:
      if name.is("row") {
        if inSheetData { endRow() }
      } else if name.is("rPh") {
        phonetic -= 1
      }
    case 0x69 where name.is("is"):
      inInline = false
    case 0x73 where name.is("sheetData"):
      inSheetData = false
    default:
      break
    }
  }

  override func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
    guard inValue || inInlineText, !failed else { return }
    guard value.count + bytes.count <= maxCellBytes else {
      fail(
        "the cell holds more than \(maxCellBytes >> 20) MiB of text (the limit of one field, --max-field-mb)",
        hint: "raise --max-field-mb if the cell is genuine, or check the file: it may be damaged or hostile",
        kind: .limit)
      return
    }
    value.append(contentsOf: bytes)
  }

  // MARK: - Rows and cells

  private func startRow(_ attributes: XMLAttributes) {
    if let r = attributes.value("r") {
      guard let n = parseInt(r), n >= 1 else {
        row = lastRow + 1
        fail(
          "the row number r=\"\(String(decoding: r, as: UTF8.self))\" is not a positive integer",
          hint: "the file is damaged or was written by a faulty exporter; open and re-save it, or export CSV")
        return
      }
      row = n
    } else {
      row = lastRow + 1
    }
    guard row <= ExcelLimits.maxRows else {
      fail(
        "the row number \(row) is beyond Excel's limit of \(ExcelLimits.maxRows) rows",
        hint: ExcelLimits.damagedHint, kind: .limit)
      return
    }
    nextColumn = 0
    rowCells.removeAll(keepingCapacity: true)
    rowBytes.removeAll(keepingCapacity: true)
  }

  private func startCell(_ attributes: XMLAttributes) {
    inCell = true
    value.removeAll(keepingCapacity: true)
    inValue = false
    inInline = false
    inInlineText = false
    column = nextColumn
    if let r = attributes.value("r") {
      var c = 0
      var letters = 0
      for b in r {
        let u = b & 0xDF
        guard u >= 0x41 && u <= 0x5A else { break }
        c = c * 26 + Int(u - 0x40)
        letters += 1
        if letters > 3 { break }
      }
      guard letters >= 1 && letters <= 3 && c <= Self.maxColumns else {
        fail(
          "the cell reference r=\"\(String(decoding: r, as: UTF8.self))\" is not a column and row like C5",
          hint: "the file is damaged or was written by a faulty exporter; open and re-save it, or export CSV")
        return
      }
      column = c - 1
    }
    guard column < Self.maxColumns else {
      fail(
        "more than \(Self.maxColumns) columns (Excel's limit)",
        hint: "the file is damaged or was written by a faulty exporter; open and re-save it, or export CSV")
      return
    }
    type = attributes.value("t").map(CellType.init) ?? .number
    style = attributes.value("s").flatMap(parseInt) ?? 0
  }

  private func endCell() {
    inCell = false
    nextColumn = column + 1
    let start = rowBytes.count
    appendValue()
    if failed { return }
    guard rowBytes.count <= maxCellBytes else {
      fail(
        "the row holds more than \(maxCellBytes >> 20) MiB of text (the limit of one record, --max-field-mb)",
        hint: "raise --max-field-mb if the row is genuine, or check the file: it may be damaged or hostile",
        kind: .limit)
      return
    }
    guard rowCells.count < Self.maxColumns else {
      fail(
        "the row has more than \(Self.maxColumns) cells (Excel's limit of columns; cells are repeated)",
        hint: ExcelLimits.damagedHint, kind: .limit)
      return
    }
    if rowBytes.count > start { rowCells.append((column, start, rowBytes.count)) }
  }

  /// Appends the text of the finished cell to `rowBytes`.
  private func appendValue() {
    if value.isEmpty { return }
    switch type {
    case .shared:
      guard let k = parseInt(value), k < strings.count else {
        inCell = true
        fail(
          "shared string number \(String(decoding: value, as: UTF8.self)) does not exist (the workbook has \(strings.count))",
          hint: "the file is damaged or was written by a faulty exporter; open and re-save it, or export CSV")
        return
      }
      rowBytes.append(contentsOf: strings.item(k))
    case .inline, .formulaText, .other:
      rowBytes.append(contentsOf: ExcelText.decodingEscapes(value))
    case .boolean:
      rowBytes.append(contentsOf: value == [0x30] ? Self.falseText : Self.trueText)
    case .error, .isoDate:
      rowBytes.append(contentsOf: value)
    case .number:
      let format = styles.format(style)
      if format != .number {
        let serial = value.withUnsafeBufferPointer { NumberParser.parseNumber($0) }
        if serial.kind == .number,
          ExcelSerialDate.append(serial: serial.value, format: format, date1904: date1904, to: &rowBytes)
        {
          return
        }
      }
      ExcelNumberText.append(value, to: &rowBytes)
    }
  }

  private func endRow() {
    lastRow = row
    guard !failed, !rowCells.isEmpty else { return }
    if rowCells.count > 1 && !zip(rowCells, rowCells.dropFirst()).allSatisfy({ $0.column < $1.column }) {
      // Out-of-order cells (never written by Excel): order them, last wins.
      var byColumn: [Int: (Int, Int, Int)] = [:]
      for c in rowCells { byColumn[c.column] = c }
      rowCells = byColumn.values.sorted { $0.0 < $1.0 }.map { ($0.0, $0.1, $0.2) }
    }
    // Empty lines up to this row, so that line n is row n.
    let nextLine = linesWritten + 1
    if nextLine < row {
      buffer.append(contentsOf: repeatElement(0x0A, count: row - nextLine))
      linesWritten += row - nextLine
    }
    let line = linesWritten + 1
    if row - line != currentOffset {
      currentOffset = row - line
      rowMap.breakpoints.append((line, currentOffset))
    }
    let used = (rowCells.last?.column ?? 0) + 1
    if headerWidth == nil { headerWidth = used } else { dataRows += 1 }
    let width = max(headerWidth ?? used, used)
    var k = 0
    for c in 0..<width {
      if c > 0 { buffer.append(0x2C) }
      guard k < rowCells.count, rowCells[k].column == c else { continue }
      let cell = rowBytes[rowCells[k].start..<rowCells[k].end]
      k += 1
      appendField(cell)
    }
    buffer.append(0x0A)
    linesWritten += 1
    if buffer.count >= 1 << 20 { flush() }
  }

  /// One field, quoted when it holds a comma, quote or line break.
  private func appendField(_ cell: ArraySlice<UInt8>) {
    var needsQuotes = false
    var lineFeeds = 0
    for b in cell where b == 0x2C || b == 0x22 || b == 0x0A || b == 0x0D {
      needsQuotes = true
      if b == 0x0A { lineFeeds += 1 }
    }
    guard needsQuotes else {
      buffer.append(contentsOf: cell)
      return
    }
    buffer.append(0x22)
    for b in cell {
      buffer.append(b)
      if b == 0x22 { buffer.append(0x22) }
    }
    buffer.append(0x22)
    linesWritten += lineFeeds
  }

  /// Writes what is buffered to the output file.
  func flush() {
    guard !failed else { return }
    var written = 0
    let ok = buffer.withUnsafeBytes { p -> Bool in
      guard let base = p.baseAddress else { return true }
      while written < p.count {
        let w = write(output, base + written, p.count - written)
        if w <= 0 {
          if w < 0 && errno == EINTR { continue }
          return false
        }
        written += w
      }
      return true
    }
    buffer.removeAll(keepingCapacity: true)
    guard ok else {
      let dir = ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp"
      failure = IngestError(
        .io, file: file,
        message: "cannot write the CSV copy of sheet '\(sheetName)' to \(dir): \(String(cString: strerror(errno)))",
        hint: "free disk space or set TMPDIR to a folder with room for a copy of the sheet")
      return
    }
  }

  private func parseInt(_ bytes: some Collection<UInt8>) -> Int? {
    var n = 0
    var digits = 0
    for b in bytes {
      guard b >= 0x30 && b <= 0x39, digits < 12 else { return nil }
      n = n * 10 + Int(b - 0x30)
      digits += 1
    }
    return digits > 0 ? n : nil
  }
}

/// A cell's `t` attribute.
enum CellType {
  case number, shared, inline, formulaText, boolean, error, isoDate, other

  init(_ t: UnsafeBufferPointer<UInt8>) {
    switch (t.count, t.first) {
    case (1, 0x6E): self = .number  // n
    case (1, 0x73): self = .shared  // s
    case (9, 0x69): self = .inline  // inlineStr
    case (3, 0x73): self = .formulaText  // str
    case (1, 0x62): self = .boolean  // b
    case (1, 0x65): self = .error  // e
    case (1, 0x64): self = .isoDate  // d
    default: self = .other
    }
  }
}

/// Numbers as stored in `<v>`, written the way a person would type them.
enum ExcelNumberText {
  /// Appends `v`: verbatim when it is a plain decimal of at most 15
  /// significant digits (the common case), else the shortest text that reads
  /// back as the same double — Excel stores 4.6 as `4.5999999999999996`,
  /// which becomes `4.6`.
  static func append(_ v: [UInt8], to out: inout [UInt8]) {
    var significant = 0
    var plain = true
    var leading = true
    for (i, b) in v.enumerated() {
      switch b {
      case 0x30:
        if !leading { significant += 1 }
      case 0x31...0x39:
        leading = false
        significant += 1
      case 0x2E: break
      case 0x2D where i == 0: break
      default: plain = false
      }
    }
    if plain && significant <= 15 {
      out.append(contentsOf: v)
      return
    }
    let text = String(decoding: v, as: UTF8.self)
    guard let d = Double(text.trimmingCharacters(in: .whitespaces)), d.isFinite else {
      out.append(contentsOf: v)
      return
    }
    out.append(contentsOf: Array(shortest(d).utf8))
  }

  /// Integers below 10¹⁵ without a fraction or exponent; otherwise Swift's
  /// shortest round-trip form.
  static func shortest(_ d: Double) -> String {
    if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
    return "\(d)"
  }
}
