/// A column of real numbers with an explicit missing mask.
///
/// Values at missing rows are unspecified (stored as 0) and must not be read
/// without checking `missing`.
public struct NumericColumn: Sendable, Equatable {
  /// Row values; `values.count == missing.count`.
  public var values: [Double]
  /// Which rows are missing.
  public var missing: MissingMask
  /// When every present value was written in the input as a plain decimal
  /// with at most this many fractional digits (e.g. `3`, `4.5`, `10000000.1`)
  /// the column is *exact-decimal*: `value × 10^decimalScale` rounds to the
  /// exact integer the text denoted. `nil` when some value was not a plain
  /// decimal (exponent notation, > 15 significant digits, …).
  public var decimalScale: Int?

  public init(values: [Double], missing: MissingMask, decimalScale: Int? = nil) {
    precondition(values.count == missing.count, "values and mask must have the same length")
    self.values = values
    self.missing = missing
    self.decimalScale = decimalScale
  }

  /// A fully present column.
  public init(_ values: [Double]) {
    self.init(values: values, missing: MissingMask(count: values.count))
  }

  /// Number of rows.
  public var count: Int { values.count }

  /// The value at row `i`, or `nil` when missing.
  @inline(__always)
  public subscript(i: Int) -> Double? { missing[i] ? nil : values[i] }

  /// Present values in row order.
  public var presentValues: [Double] {
    var out: [Double] = []
    out.reserveCapacity(values.count)
    for i in 0..<values.count where !missing[i] { out.append(values[i]) }
    return out
  }
}
