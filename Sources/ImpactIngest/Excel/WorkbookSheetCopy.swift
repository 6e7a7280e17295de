// An Excel sheet as a temporary UTF-8 CSV file, so that everything built for
// CSV — parallel chunked scans, error positions, partial states — reads
// workbooks unchanged. Like the transcoded copies of GB18030 and UTF-16
// files, the copy is unlinked as soon as it is created: only the open
// descriptor keeps it, and nothing is left behind whatever happens.
import Foundation

/// Which sheet of which workbook a CSV copy holds, and how its lines map
/// back to sheet rows.
public struct WorkbookSheet: Sendable, Equatable {
  /// The sheet's name.
  public var name: String
  /// 1-based position of the sheet in the workbook.
  public var index: Int
  /// Line → row map of the copy.
  public var rows: SheetRowMap

  /// The same error located in the sheet: its line becomes the sheet row and
  /// the message starts with the sheet and the cell (`sheet 'Data', cell
  /// C5: …`).
  public func locate(_ error: IngestError) -> IngestError {
    var e = error
    guard let line = e.line else {
      e.message = "sheet '\(name)': " + e.message
      return e
    }
    let row = rows.row(forLine: line)
    e.line = row
    if let column = e.column {
      e.message = "sheet '\(name)', cell \(excelColumnLetters(column))\(row): " + e.message
    } else {
      e.message = "sheet '\(name)', row \(row): " + e.message
    }
    return e
  }
}

/// Converts a workbook's sheet to a temporary CSV file.
enum WorkbookSheetCopy {
  /// The open (already unlinked) CSV copy of the chosen sheet of the file
  /// whose first bytes have `signature`.
  ///
  /// - Parameters:
  ///   - fd: the workbook, open for reading (used only to look inside OLE
  ///     compound files; the caller closes it).
  ///   - sheet: a sheet name or 1-based index; `nil` for the first sheet.
  ///   - maxCellBytes: the largest cell, shared string and row (the CSV
  ///     record limit, `CSVOptions.maxRecordBytes`).
  /// - Throws: `IngestError` for .xls, encrypted, damaged or non-workbook
  ///   files, a missing sheet, malformed XML (with sheet, row and cell), or
  ///   when the copy cannot be written.
  /// - Complexity: one streaming pass over the sheet's XML; memory holds the
  ///   shared strings and one row.
  static func make(
    path: String, signature: SpreadsheetSignature, fd: Int32, size: Int, sheet selector: String?,
    maxCellBytes: Int = ExcelLimits.defaultMaxCellBytes
  ) throws(IngestError) -> (fd: Int32, sheet: WorkbookSheet) {
    guard signature == .zip else {
      throw SpreadsheetSignature.unreadable(signature, fd: fd, size: size, path: path)
    }
    let workbook = try ExcelWorkbook(path: path)
    let (index, entry) = try workbook.sheet(selector)
    let strings = try ExcelSharedStrings.load(workbook, maxItemBytes: maxCellBytes)
    let styles = try ExcelStyles.load(workbook)

    let (out, tmpPath) = try makeTemporaryFile(
      prefix: "impact-sheet", for: path, holding: "a CSV copy of the sheet")
    unlink(tmpPath)
    let writer = SheetCSVWriter(
      file: path, sheetName: entry.name, strings: strings, styles: styles, date1904: workbook.date1904, output: out,
      maxCellBytes: maxCellBytes)
    do throws(IngestError) {
      try workbook.stream(
        part: entry.part ?? "", to: writer, context: "sheet '\(entry.name)'",
        describe: { message, xmlLine in
          IngestError(
            .structure, file: path, line: writer.row > 0 ? writer.row : nil,
            message: "\(writer.location): the sheet's XML is not well-formed (libxml2, line \(xmlLine): \(message))",
            hint: "the file is damaged or was written by a faulty exporter; open and re-save it, or export CSV")
        })
      writer.flush()
      if let failure = writer.failure { throw failure }
      guard writer.headerWidth != nil else {
        throw IngestError(
          .header, file: path, line: 1,
          message: "sheet '\(entry.name)' is empty; expected a header row and data rows",
          hint: "choose the sheet that holds the data with --sheet NAME or --sheet NUMBER")
      }
    } catch {
      close(out)
      throw error
    }
    return (out, WorkbookSheet(name: entry.name, index: index + 1, rows: writer.rowMap))
  }
}
