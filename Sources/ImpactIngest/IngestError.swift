/// An input problem: which file, where, what was expected, and what to do.
///
/// Rendered compiler-style so editors and CI logs can jump to it:
/// ```
/// baseline.csv:12:5: unterminated quoted field: the file ends before the closing quote. Fix: …
/// ```
public struct IngestError: Error, Sendable, Equatable, CustomStringConvertible {
  /// Broad category, used for exit codes and for `--on-bad-row`.
  public enum Kind: String, Sendable, Equatable {
    /// The file cannot be opened or read.
    case io
    /// The bytes are not text in a supported encoding.
    case encoding
    /// The CSV structure is broken (quotes, field counts, NUL bytes).
    case structure
    /// The header row is missing, empty, duplicated or lacks a required column.
    case header
    /// A value cannot be used (not a number, not a date, out of range).
    case value
    /// A size limit was exceeded.
    case limit
    /// The options do not fit the file.
    case usage
    /// A codebook or configuration file is invalid.
    case configuration
  }

  public var kind: Kind
  /// The file as the user named it.
  public var file: String
  /// 1-based physical line, when known.
  public var line: Int?
  /// 1-based field (column) number, when known.
  public var column: Int?
  /// Header name of that column, when known.
  public var columnName: String?
  /// What went wrong and what was expected.
  public var message: String
  /// What the user can do about it.
  public var hint: String

  public init(
    _ kind: Kind, file: String, line: Int? = nil, column: Int? = nil, columnName: String? = nil,
    message: String, hint: String
  ) {
    self.kind = kind
    self.file = file
    self.line = line
    self.column = column
    self.columnName = columnName
    self.message = message
    self.hint = hint
  }

  /// `file:line:column: message. Fix: hint`
  public var description: String {
    var where_ = file
    if let line { where_ += ":\(line)" }
    if let column { where_ += ":\(column)" }
    var text = "\(where_): "
    if let column {
      text += "column \(column)"
      if let columnName { text += " (\(columnName))" }
      text += ": "
    }
    text += message
    if !hint.isEmpty { text += ". Fix: " + hint }
    return text
  }

  /// The same error with its line shifted by `base` (for chunk-relative lines).
  func shiftingLine(by base: Int) -> IngestError {
    var e = self
    if let l = line { e.line = l + base }
    return e
  }
}
