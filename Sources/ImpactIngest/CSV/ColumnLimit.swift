// The widest file accepted. Memory of the literacy analysis grows with the
// square of the number of indicators (cross-product matrices for Cronbach's
// alpha and the correlation of changes): a 100 KB CSV with 10,000 numeric
// columns used more than 10 GB and aborted. The header's width is checked as
// soon as it is read, before any per-column state is allocated.

/// The limit on columns per file (and so on indicators).
public enum ColumnLimit {
  /// Default for `CSVOptions.maxColumns` and `--max-columns`.
  public static let defaultMaxColumns = 5_000

  /// Throws when a header of `columns` fields is wider than `maxColumns`.
  ///
  /// - Parameters:
  ///   - columns: fields of the header row.
  ///   - maxColumns: the limit (≥ 1).
  ///   - file: the file as the user named it.
  ///   - line: the header's line, when known.
  /// - Throws: `IngestError` of kind `.limit` naming the file, the width,
  ///   the limit and the option that raises it.
  public static func check(columns: Int, maxColumns: Int, file: String, line: Int? = nil) throws(IngestError) {
    guard columns > maxColumns else { return }
    throw IngestError(
      .limit, file: file, line: line,
      message:
        "the header has \(columns) columns; impact reads at most \(maxColumns) (memory grows with the square of the number of indicators)",
      hint:
        "list the indicators in a codebook or drop columns with --ignore, or raise the limit with --max-columns \(columns) if the machine has the memory"
    )
  }
}
