public import ImpactCore

// The one place that decides what a record whose field count differs from
// the header's means: every reader (survey waves, hour logs, registries,
// beneficiary lists, tables, the codebook census) asks here.

extension CSVFile {
  /// Checks the current record of `scanner` against the header's width.
  ///
  /// - Returns: `nil` when the record has as many fields as the header;
  ///   otherwise, under `.skip`, the problem to count and list (the line is
  ///   the scanner's relative `recordLine`, like every chunk-local line).
  /// - Throws: under `.fail`, an `IngestError` naming the line, what was
  ///   expected and the two fixes.
  @inline(__always)
  public func widthProblem(_ scanner: CSVScanner, policy: BadRowPolicy) throws(IngestError) -> RowProblem? {
    let width = header.count
    guard scanner.fieldCount != width else { return nil }
    return try raggedRecord(scanner, width: width, policy: policy)
  }

  private func raggedRecord(_ scanner: CSVScanner, width: Int, policy: BadRowPolicy) throws(IngestError)
    -> RowProblem
  {
    let found = scanner.fieldCount
    let message = "expected \(width) fields as in the header, found \(found)"
    if policy == .fail {
      throw IngestError(
        .structure, file: path, line: scanner.recordLine,
        message: message
          + (found < width
            ? " (a short or truncated row)" : " (an extra delimiter or an unquoted field containing the delimiter)"),
        hint:
          "fix the row, quote fields that contain the delimiter, or rerun with --on-bad-row skip to skip such rows (they are counted and listed)"
      )
    }
    return RowProblem(line: scanner.recordLine, message: message)
  }
}
