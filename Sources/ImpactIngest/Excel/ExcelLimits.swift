// Resource limits of the workbook reader. Each is checked while the workbook
// streams, before memory is allocated for what it bounds, so a small hostile
// file (a row numbered 999,999,999,999, a 1 GB cell, a zip bomb, 200,000
// attributes on one element, zip64 sizes of 2⁶³) stops with an error naming
// the file, the part or cell, the limit and the fix — never an abort.

/// The limits of the .xlsx reader (README "Excel workbooks").
enum ExcelLimits {
  /// Excel's own sheet size: rows and columns (ECMA-376 Part 1 §18.3.1.73,
  /// Excel specifications and limits).
  static let maxRows = 1_048_576
  static let maxColumns = 16_384
  /// Default for the largest cell and the largest row (the CSV record
  /// limit, `--max-field-mb`).
  static let defaultMaxCellBytes = 64 << 20
  /// All shared strings together, including 16 bytes of bookkeeping per item.
  static let maxSharedStringBytes = 1 << 30
  /// Attributes of one element; spreadsheet programs write at most a few
  /// dozen (namespace declarations on the root). libxml2 compares every
  /// attribute with every other, so 200,000 took a minute.
  static let maxAttributesPerElement = 256
  /// Inflated size of one part, and the ratio inflated / compressed allowed
  /// once a part is larger than `ratioFloor` (deflate itself reaches ≈ 1,030).
  static let maxPartBytes: UInt64 = 16 << 30
  static let maxInflateRatio: UInt64 = 1_000
  static let ratioFloor: UInt64 = 64 << 20
  /// Zip entries, and bytes of the zip central directory.
  static let maxEntries = 100_000
  static let maxCentralDirectoryBytes = 64 << 20
  /// Items of the small parts (styles, sheet lists, relationships).
  static let maxListItems = 1_000_000

  /// The hint for a limit that only damaged or hostile files reach.
  static let damagedHint =
    "the file is damaged or was not written by a spreadsheet program; open and re-save it, or export the sheet as CSV"
}
