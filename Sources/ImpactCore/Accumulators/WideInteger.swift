/// A signed 256-bit integer, just enough arithmetic for exact variance and
/// covariance numerators (`n·Σxy − Σx·Σy`) of scaled decimal data.
///
/// Two's complement: value = `high · 2¹²⁸ + low`.
struct WideInteger: Sendable, Equatable {
  var high: Int128
  var low: UInt128

  init(_ v: Int128) {
    high = v < 0 ? -1 : 0
    low = UInt128(truncatingIfNeeded: v)
  }

  /// The exact product of two 128-bit integers.
  init(product a: Int128, _ b: Int128) {
    let r = a.multipliedFullWidth(by: b)
    high = r.high
    low = r.low
  }

  static func - (a: WideInteger, b: WideInteger) -> WideInteger {
    let (lo, borrow) = a.low.subtractingReportingOverflow(b.low)
    var r = WideInteger(0)
    r.low = lo
    r.high = a.high &- b.high &- (borrow ? 1 : 0)
    return r
  }

  static func + (a: WideInteger, b: WideInteger) -> WideInteger {
    let (lo, carry) = a.low.addingReportingOverflow(b.low)
    var r = WideInteger(0)
    r.low = lo
    r.high = a.high &+ b.high &+ (carry ? 1 : 0)
    return r
  }

  /// The two's-complement negation.
  var negated: WideInteger {
    var r = WideInteger(0)
    r.low = ~low &+ 1
    r.high = ~high &+ (r.low == 0 ? 1 : 0)
    return r
  }

  /// Nearest-ish double (at most two roundings; deterministic). Negative
  /// values are converted by magnitude so that −x is exactly −(x).
  var doubleValue: Double {
    if high < 0 { return -negated.doubleValue }
    return Double(high) * 0x1p128 + Double(low)
  }
}
