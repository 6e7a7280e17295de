// Where a file's column names and data are: the header row, the first data
// row, a row-name column, and exports with extra header rows.
//
// Questionnaire platforms (Wenjuanxing, Qualtrics) put question texts or
// import ids in the rows below the column names; reports put titles above
// them; R `write.csv` and pandas `to_csv` write an empty first header cell
// for the row names (index). Rows are counted as a spreadsheet shows them:
// physical lines of a CSV file, sheet rows of a workbook.
import Foundation

/// The header and data location of one file.
struct LocatedHeader: Sendable {
  /// Column names (surrounding spaces trimmed); the row-name column's is "".
  var names: [String]
  /// 1-based row of the header.
  var headerRow: Int
  /// 1-based line of the header in the data (= `headerRow` for text files).
  var headerLine: Int
  /// Byte offset of the first data record (or of the end of the data).
  var dataStart: Int
  /// 1-based line of `dataStart`.
  var dataStartLine: Int
  /// 1-based row of the first data record (the first row after the header
  /// unless `--first-data-row` says otherwise).
  var firstDataRow: Int
  /// Records between the header and the first data row, skipped.
  var skippedRecords: Int
  /// 0-based index of an unnamed first column (R/pandas row names).
  var rowNameColumn: Int?
}

enum HeaderLocator {
  /// How many records below the header are examined for a second header row.
  static let sampleRecords = 200

  /// Reads the header record and positions the data start.
  ///
  /// - Parameters:
  ///   - scanner: a scanner over the whole (UTF-8) data, not yet advanced.
  ///   - row: the spreadsheet row of a 1-based line (identity for CSV).
  /// - Throws: `IngestError` for a missing header, unnamed or duplicate
  ///   columns, header rows past the end, and — when `firstDataRow` was not
  ///   given — data whose first rows look like further header rows.
  static func locate(
    scanner: CSVScanner, path: String, options: CSVOptions, row: (Int) -> Int
  ) throws(IngestError) -> LocatedHeader {
    // The scanner's own errors carry 0-based lines.
    func next() throws(IngestError) -> Bool {
      do throws(IngestError) { return try scanner.nextRecord() } catch { throw error.shiftingLine(by: 1) }
    }
    let wantedHeader = options.headerRow ?? 1
    var found = false
    while try next() {
      let r = row(scanner.recordLine + 1)
      if r < wantedHeader { continue }
      if options.headerRow != nil && r != wantedHeader {
        throw IngestError(
          .header, file: path, line: scanner.recordLine + 1,
          message: "row \(wantedHeader) (--header-row) is blank; the next row with content is row \(r)",
          hint: "pass the row that holds the column names, e.g. --header-row \(r)")
      }
      found = true
      break
    }
    guard found else {
      if let h = options.headerRow {
        throw IngestError(
          .header, file: path, line: nil,
          message: "the file has no row \(h) (--header-row \(h))",
          hint: "count the rows as a spreadsheet shows them and pass the row that holds the column names")
      }
      throw IngestError(
        .header, file: path, line: 1, message: "the file has no header row (only blank lines)",
        hint: "the first line must name the columns, e.g. respondent_id,q01,q02")
    }
    let headerLine = scanner.recordLine + 1
    let headerRow = row(headerLine)
    try ColumnLimit.check(columns: scanner.fieldCount, maxColumns: options.maxColumns, file: path, line: headerLine)
    var names: [String] = []
    for k in 0..<scanner.fieldCount {
      guard let s = scanner.fieldString(k) else {
        throw IngestError(
          .encoding, file: path, line: headerLine, column: k + 1,
          message: "the header is not valid UTF-8",
          hint: "rerun with --encoding gb18030 (or the file's real encoding), or re-save the file as UTF-8")
      }
      names.append(s.trimmingCharacters(in: .whitespaces))
    }
    // An empty first name in a file with other names: R/pandas row names.
    let rowNameColumn = names.count > 1 && names[0].isEmpty ? 0 : nil
    var seen: [String: Int] = [:]
    var unnamed: [Int] = []
    for (k, n) in names.enumerated() {
      if n.isEmpty && names.count > 1 && k != rowNameColumn {
        unnamed.append(k)
        continue
      }
      if let first = seen[n] {
        throw IngestError(
          .header, file: path, line: headerLine, column: k + 1, columnName: n,
          message: "duplicate column name '\(n)' (also column \(first + 1))",
          hint: "rename one of the two columns so every name is unique")
      }
      seen[n] = k
    }

    // The first data row, and the records skipped before it.
    let wantedData = options.firstDataRow ?? headerRow + 1
    guard wantedData > headerRow else {
      throw IngestError(
        .usage, file: path, message: "--first-data-row \(wantedData) is not below the header row \(headerRow)",
        hint: "the first data row must come after the header row")
    }
    var skipped = 0
    var dataStart = scanner.endOffset
    var dataStartLine = 1 + scanner.linesConsumed
    var firstDataRow = wantedData
    var sample: [[String]] = []
    var sampleRows: [Int] = []
    while true {
      // Once the data start is known, a broken record in the sample only
      // ends the sample: the full read reports it with its column.
      let more: Bool
      do throws(IngestError) {
        more = try next()
      } catch {
        if !sample.isEmpty { break }
        var e = error
        if let c = e.column, e.columnName == nil, c >= 1, c <= names.count { e.columnName = names[c - 1] }
        throw e
      }
      guard more else { break }
      let r = row(scanner.recordLine + 1)
      if r < wantedData {
        skipped += 1
        continue
      }
      if sample.isEmpty {
        dataStart = scanner.recordOffset
        dataStartLine = scanner.recordLine + 1
        firstDataRow = r
      }
      sample.append((0..<scanner.fieldCount).map { String(decoding: scanner.field($0), as: UTF8.self) })
      sampleRows.append(r)
      if sample.count >= sampleRecords { break }
    }
    if sample.isEmpty {
      // No data record: the data is empty (past any skipped rows).
      dataStart = scanner.endOffset
      dataStartLine = 1 + scanner.linesConsumed
    }
    if !unnamed.isEmpty {
      throw unnamedColumnError(
        unnamed, names: names, below: Array(zip(sampleRows, sample)), path: path, headerLine: headerLine,
        headerRow: headerRow)
    }
    if options.firstDataRow == nil, let extra = extraHeaderRecords(sample) {
      let firstData = sampleRows[extra]
      let examples = sample[0][..<min(sample[0].count, 4)].map { "'\(clip($0))'" }.joined(separator: ", ")
      throw IngestError(
        .header, file: path, line: dataStartLine,
        message:
          "row \(sampleRows[0]) looks like a second header row, not a respondent (\(examples), … where the rows "
          + "below hold numbers); \(extra == 1 ? "it" : "rows \(sampleRows[0])–\(sampleRows[extra - 1])") would be "
          + "read as data",
        hint:
          "pass --first-data-row \(firstData) to skip \(extra == 1 ? "it" : "them") (exports from Wenjuanxing "
          + "or Qualtrics carry question texts below the column names), or --header-row N if the names are "
          + "in another row")
    }
    return LocatedHeader(
      names: names, headerRow: headerRow, headerLine: headerLine, dataStart: dataStart,
      dataStartLine: dataStartLine, firstDataRow: firstDataRow, skippedRecords: skipped,
      rowNameColumn: rowNameColumn)
  }

  /// The error for unnamed header cells, with a hint that fits: a merged
  /// header cell (the row below names the column) or a trailing delimiter.
  static func unnamedColumnError(
    _ unnamed: [Int], names: [String], below: [(row: Int, fields: [String])], path: String, headerLine: Int,
    headerRow: Int
  ) -> IngestError {
    let k = unnamed[0]
    let list = unnamed.prefix(5).map { "\($0 + 1)" }.joined(separator: ", ")
    let trailing = unnamed == Array((names.count - unnamed.count)..<names.count)
    let next = below.first?.fields
    let belowNamesThem =
      next.map { row in
        unnamed.allSatisfy { $0 < row.count && isTextLabel(row[$0]) }
      } ?? false
    // A title above the header: one named cell, and a later row (among the
    // first ten) that names every column with text.
    let fullHeader = below.prefix(10).first { r in
      r.fields.count == names.count && r.fields.allSatisfy { isTextLabel($0) }
    }
    let hint: String
    if names.filter({ !$0.isEmpty }).count == 1, let fullHeader {
      hint =
        "row \(headerRow) looks like a title and row \(fullHeader.row) like the column names: pass "
        + "--header-row \(fullHeader.row) (rows above it are skipped)"
    } else if belowNamesThem {
      hint =
        "the header spans two rows (merged cells in the export: row \(headerRow + 1) names the columns that row "
        + "\(headerRow) leaves empty); put all names in one row, or pass --header-row \(headerRow + 1) when that "
        + "row holds every name"
    } else if trailing {
      hint = "remove the trailing delimiter at the end of the header, or give the last column a name"
    } else {
      hint = "give every column a name in the header row (an unnamed first column is accepted as row names)"
    }
    return IngestError(
      .header, file: path, line: headerLine, column: k + 1,
      message: unnamed.count == 1
        ? "column \(k + 1) of the header has no name" : "columns \(list) of the header have no name",
      hint: hint)
  }

  /// How many leading records of `sample` look like header rows: text where
  /// the rest of the file has numbers. `nil` when the first does not.
  ///
  /// A column is numeric when at least 90% of its non-blank values in the
  /// records after the first five are numbers (3 values at least). A record
  /// is header-like when, in at least two numeric columns and in 80% of
  /// them, it holds non-blank text that is not a number.
  static func extraHeaderRecords(_ sample: [[String]]) -> Int? {
    let lead = min(5, sample.count)
    let body = sample.count - lead >= 10 ? Array(sample[lead...]) : Array(sample.dropFirst())
    guard body.count >= 3, let width = sample.first?.count else { return nil }
    var numericColumns: [Int] = []
    for c in 0..<width {
      var values = 0
      var numbers = 0
      for r in body where c < r.count {
        let t = r[c].trimmingCharacters(in: .whitespaces)
        if t.isEmpty { continue }
        values += 1
        if looksNumeric(t) { numbers += 1 }
      }
      if values >= 3 && numbers * 10 >= values * 9 { numericColumns.append(c) }
    }
    guard numericColumns.count >= 2 else { return nil }
    func headerLike(_ r: [String]) -> Bool {
      var text = 0
      for c in numericColumns where c < r.count {
        let t = r[c].trimmingCharacters(in: .whitespaces)
        if !t.isEmpty && !looksNumeric(t) { text += 1 }
      }
      return text >= 2 && text * 5 >= numericColumns.count * 4
    }
    var n = 0
    while n < lead && headerLike(sample[n]) { n += 1 }
    return n > 0 && n < sample.count ? n : nil
  }

  /// A number with a decimal point or comma ("4", "-1.5", "4,5").
  static func looksNumeric(_ t: String) -> Bool {
    var bytes = Array(t.utf8)
    if bytes.contains(ASCII.comma) {
      guard bytes.filter({ $0 == ASCII.comma }).count == 1, !bytes.contains(0x2E) else { return false }
      bytes = bytes.map { $0 == ASCII.comma ? 0x2E : $0 }
    }
    return bytes.withUnsafeBufferPointer { NumberParser.parseNumber($0).kind == .number }
  }

  /// Non-blank text that is not a number (a column name or question text).
  static func isTextLabel(_ t: String) -> Bool {
    let s = t.trimmingCharacters(in: .whitespaces)
    return !s.isEmpty && !looksNumeric(s)
  }

  static func clip(_ s: String) -> String { s.count > 24 ? String(s.prefix(23)) + "…" : s }
}
