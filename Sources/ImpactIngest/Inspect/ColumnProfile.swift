public import ImpactCore

/// What one column of a CSV file contains; mergeable across chunks.
public struct ColumnProfile: Sendable, Equatable {
  /// The column's header name.
  public var name: String
  /// Non-missing values.
  public var present = 0
  /// Missing values (blank, NA tokens, user codes) — including absent
  /// trailing fields of short rows.
  public var missing = 0
  /// Values that are integers (`3`, `-12`).
  public var integers = 0
  /// Values that are non-integer numbers (`4.5`, `1e-3`).
  public var decimals = 0
  /// Values that are dates (`2024-03-05`, `2024年3月5日`).
  public var dates = 0
  /// Values that are booleans (`true`, `no`).
  public var booleans = 0
  /// Other text.
  public var texts = 0
  /// Number, sum, smallest and largest of the numeric values.
  public var numericCount = 0
  public var numericSum = CompensatedSum()
  public var numericMin = Double.infinity
  public var numericMax = -Double.infinity

  /// Mean of the numeric values, or `nil`.
  public var numericMean: Double? { numericCount > 0 ? numericSum.value / Double(numericCount) : nil }
  /// Most fractional digits seen in a plain decimal (−1 when some number was
  /// not a plain decimal).
  public var maxScale = 0
  /// Earliest and latest date.
  public var firstDate: CalendarDay?
  public var lastDate: CalendarDay?
  /// Longest field in bytes.
  public var maxBytes = 0
  /// First value that is not a number (for messages), with its line.
  public var firstText: String?
  public var firstTextLine: Int?
  /// Fields whose bytes are not valid UTF-8.
  public var invalidUTF8 = 0

  public init(name: String) { self.name = name }

  /// The narrowest type that describes every present value.
  public var inferredType: String {
    if present == 0 { return "empty" }
    if texts == 0 && dates == 0 && booleans == 0 { return decimals == 0 ? "integer" : "decimal" }
    if dates == present { return "date" }
    if booleans == present { return "boolean" }
    return "text"
  }

  /// Adds another chunk's profile of the same column (lines already absolute).
  public mutating func merge(_ o: ColumnProfile) {
    present += o.present
    missing += o.missing
    integers += o.integers
    decimals += o.decimals
    dates += o.dates
    booleans += o.booleans
    texts += o.texts
    numericCount += o.numericCount
    numericSum.merge(o.numericSum)
    numericMin = min(numericMin, o.numericMin)
    numericMax = max(numericMax, o.numericMax)
    maxScale = (maxScale < 0 || o.maxScale < 0) ? -1 : max(maxScale, o.maxScale)
    if let d = o.firstDate { firstDate = min(firstDate ?? d, d) }
    if let d = o.lastDate { lastDate = max(lastDate ?? d, d) }
    maxBytes = max(maxBytes, o.maxBytes)
    if firstText == nil, let t = o.firstText {
      firstText = t
      firstTextLine = o.firstTextLine
    }
    invalidUTF8 += o.invalidUTF8
  }
}
