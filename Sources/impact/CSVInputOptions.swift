import ArgumentParser
import Foundation
import ImpactIngest

/// Options shared by every command that reads CSV files (and Excel
/// workbooks, which are read through a CSV copy of one sheet).
struct CSVInputOptions: ParsableArguments {
  @Option(help: "Field delimiter: ',', ';', 'tab' or '|' (default: detected).")
  var delimiter: String?

  @Option(help: "Text encoding: utf-8, utf-16le, utf-16be, gb18030 (also gbk) (default: detected).")
  var encoding: String?

  @Option(
    name: .customLong("missing"),
    help: ArgumentHelp(
      "Extra missing-value code (repeatable), e.g. --missing 99 --missing 不知道.",
      discussion: "Always missing: empty, NA, N/A, NULL, -, NaN, #N/A."))
  var missingCodes: [String] = []

  @Option(help: "Worker threads for parsing (default: all cores).")
  var threads: Int?

  @Option(help: "Largest record (line) accepted, in MiB; longer ones stop with an error.")
  var maxFieldMb: Int = 64

  @Option(help: "Widest file accepted, in columns (impact stops on wider headers before reading the data).")
  var maxColumns: Int = ColumnLimit.defaultMaxColumns

  @Option(
    help: ArgumentHelp(
      "Sheet of .xlsx inputs: its name, or its number from 1 (default: the first sheet).",
      discussion: "Applies to every workbook the command reads; CSV files ignore it.",
      valueName: "name|index"))
  var sheet: String?

  @Option(
    help: ArgumentHelp(
      "1-based row holding the column names; rows above it are skipped (default: the first row with content).",
      discussion: "Rows are counted as a spreadsheet shows them: lines of a CSV file, sheet rows of a workbook.",
      valueName: "N"))
  var headerRow: Int?

  @Option(
    help: ArgumentHelp(
      "1-based row of the first respondent/record; rows between the header and it are skipped (default: the row after the header).",
      discussion:
        "Exports from questionnaire platforms (Wenjuanxing, Qualtrics) put question texts or import ids below the column names: e.g. --first-data-row 3.",
      valueName: "M"))
  var firstDataRow: Int?

  @Option(
    help: ArgumentHelp(
      "Decimal mark of numbers: '.' or ',' (default: ',' is detected in ';'- and tab-delimited files whose numbers are written like 4,5).",
      valueName: "mark"))
  var decimal: String?

  func validate() throws {
    if let headerRow, headerRow < 1 { throw ValidationError("--header-row must be 1 or more (rows count from 1)") }
    if let firstDataRow {
      let header = headerRow ?? 1
      if firstDataRow <= header {
        throw ValidationError(
          "--first-data-row must be below the header row (\(header)), e.g. --first-data-row \(header + 1)")
      }
    }
    if let decimal, DecimalMark(option: decimal) == nil {
      throw ValidationError("--decimal must be '.' or ',' (got '\(decimal)')")
    }
    if let delimiter, parsedDelimiter(delimiter) == nil {
      throw ValidationError("--delimiter must be ',', ';', 'tab' or '|' (got '\(delimiter)')")
    }
    if let encoding, TextEncoding(name: encoding) == nil {
      throw ValidationError("--encoding must be utf-8, utf-16le, utf-16be or gb18030 (got '\(encoding)')")
    }
    if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    if maxFieldMb < 1 || maxFieldMb > 4096 { throw ValidationError("--max-field-mb must be between 1 and 4096") }
    if maxColumns < 1 { throw ValidationError("--max-columns must be at least 1") }
    if let sheet, sheet.trimmingCharacters(in: .whitespaces).isEmpty {
      throw ValidationError("--sheet needs a sheet name or a number from 1, e.g. --sheet 2 or --sheet 问卷数据")
    }
  }

  var csvOptions: CSVOptions {
    var o = CSVOptions()
    o.delimiter = delimiter.flatMap(parsedDelimiter)
    o.encoding = encoding.flatMap(TextEncoding.init(name:))
    if let threads { o.parallelism = threads }
    o.maxRecordBytes = maxFieldMb << 20
    o.sheet = sheet
    o.maxColumns = maxColumns
    o.headerRow = headerRow
    o.firstDataRow = firstDataRow
    o.decimalMark = decimal.flatMap(DecimalMark.init(option:))
    return o
  }

  var missingTokens: MissingTokens { MissingTokens().adding(missingCodes) }
}

private func parsedDelimiter(_ s: String) -> UInt8? {
  switch s {
  case ",": return 0x2C
  case ";": return 0x3B
  case "tab", "\\t", "\t": return 0x09
  case "|": return 0x7C
  default: return nil
  }
}
