// Decimal text → Double straight from bytes.
//
// Fast path (Clinger, "How to read floating point numbers accurately", PLDI
// 1990): a decimal with ≤ 19 significant digits whose mantissa is ≤ 2⁵³ and
// whose power of ten is within ±22 converts with one correctly rounded
// multiplication or division. Anything else goes to strtod(3), which is
// correctly rounded in glibc. Both paths give the nearest double.
import Foundation
import ImpactCore

/// The result of reading one field as a number.
public struct ParsedNumber: Sendable, Equatable {
  public enum Kind: UInt8, Sendable { case number, missing, invalid }
  public var kind: Kind
  /// The value (0 unless `kind == .number`).
  public var value: Double
  /// For a plain decimal (no exponent, ≤ 15 fractional digits, |mantissa| ≤ 2⁵³):
  /// the number of fractional digits written; −1 otherwise. `value × 10^scale`
  /// rounds to the exact integer the text denoted.
  public var scale: Int8

  @inline(__always)
  public static func number(_ v: Double, scale: Int8) -> ParsedNumber {
    ParsedNumber(kind: .number, value: v, scale: scale)
  }
  public static let missing = ParsedNumber(kind: .missing, value: 0, scale: 0)
  public static let invalid = ParsedNumber(kind: .invalid, value: 0, scale: -1)
}

/// Reads numbers from field bytes, recognizing missing-value tokens.
public struct NumberParser: Sendable {
  /// Tokens and codes that mean "no answer".
  public var missing: MissingTokens
  /// The mark between integer and fractional digits.
  public var decimalMark: DecimalMark

  public init(missing: MissingTokens = MissingTokens(), decimalMark: DecimalMark = .point) {
    self.missing = missing
    self.decimalMark = decimalMark
  }

  /// Parses `bytes` (surrounding spaces and tabs ignored).
  @inline(__always)
  public func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> ParsedNumber {
    let r = NumberParser.parseNumber(bytes, decimalMark: decimalMark.byte)
    if r.kind == .number {
      if !missing.numericCodes.isEmpty && missing.numericCodes.contains(r.value) { return .missing }
      return r
    }
    if r.kind == .missing { return .missing }
    return missing.matchesText(bytes) ? .missing : .invalid
  }

  /// Parses a plain number; `.missing` only for empty/blank fields.
  ///
  /// - Parameter decimalMark: `0x2E` (".", default) or `0x2C` (","); with a
  ///   comma, a point anywhere makes the field invalid (it could be a
  ///   thousands separator: "1.234,5" is not read as a number).
  @inline(__always)
  public static func parseNumber(_ bytes: UnsafeBufferPointer<UInt8>, decimalMark: UInt8 = 0x2E)
    -> ParsedNumber
  {
    guard let base = bytes.baseAddress else { return .missing }
    var i = 0
    var n = bytes.count
    while i < n && (base[i] == 0x20 || base[i] == 0x09) { i += 1 }
    while n > i && (base[n - 1] == 0x20 || base[n - 1] == 0x09) { n -= 1 }
    if i == n { return .missing }
    let begin = i
    var negative = false
    if base[i] == 0x2D || base[i] == 0x2B {
      negative = base[i] == 0x2D
      i += 1
    }
    var mantissa: UInt64 = 0
    var digits = 0  // significant digits accumulated
    var dropped = 0  // integer digits beyond 19 (mantissa overflow)
    var sawDigit = false
    while i < n {
      let d = base[i] &- 0x30
      if d > 9 { break }
      sawDigit = true
      if digits < 19 {
        mantissa = mantissa &* 10 &+ UInt64(d)
        if mantissa != 0 { digits += 1 }
      } else {
        dropped += 1
      }
      i += 1
    }
    var fraction = 0
    if i < n && base[i] == decimalMark {
      i += 1
      while i < n {
        let d = base[i] &- 0x30
        if d > 9 { break }
        sawDigit = true
        if digits < 19 {
          mantissa = mantissa &* 10 &+ UInt64(d)
          if mantissa != 0 { digits += 1 }
          fraction += 1
        } else {
          return slowPath(base + begin, n - begin, decimalMark: decimalMark)
        }
        i += 1
      }
    }
    guard sawDigit else { return .invalid }
    var exponent = 0
    var hasExponent = false
    if i < n && (base[i] | 0x20) == 0x65 {
      hasExponent = true
      i += 1
      var expNegative = false
      if i < n && (base[i] == 0x2D || base[i] == 0x2B) {
        expNegative = base[i] == 0x2D
        i += 1
      }
      var sawExpDigit = false
      while i < n {
        let d = base[i] &- 0x30
        if d > 9 { break }
        sawExpDigit = true
        if exponent < 100_000 { exponent = exponent * 10 + Int(d) }
        i += 1
      }
      guard sawExpDigit else { return .invalid }
      if expNegative { exponent = -exponent }
    }
    guard i == n else { return .invalid }
    if dropped > 0 { return slowPath(base + begin, n - begin, decimalMark: decimalMark) }
    let e10 = exponent - fraction
    var value: Double
    if mantissa <= (1 << 53) && e10 >= -22 && e10 <= 22 {
      value = Double(mantissa)
      if e10 < 0 { value /= powerOfTen(-e10) } else if e10 > 0 { value *= powerOfTen(e10) }
    } else {
      return slowPath(base + begin, n - begin, decimalMark: decimalMark)
    }
    if negative { value = -value }
    var scale: Int8 = -1
    if mantissa <= (1 << 53) {
      if !hasExponent {
        if fraction <= 15 { scale = Int8(fraction) }
      } else if e10 >= 0 {
        if value.magnitude <= 9_007_199_254_740_992 { scale = 0 }
      } else if -e10 <= 15 {
        scale = Int8(-e10)
      }
    }
    return .number(value, scale: scale)
  }

  private static func slowPath(_ p: UnsafePointer<UInt8>, _ count: Int, decimalMark: UInt8) -> ParsedNumber {
    // strtod needs a NUL-terminated string; numbers are short.
    guard count < 512 else { return .invalid }
    return withUnsafeTemporaryAllocation(of: CChar.self, capacity: count + 1) { tmp -> ParsedNumber in
      guard let t = tmp.baseAddress else { return .invalid }
      for k in 0..<count {
        var b = p[k]
        if decimalMark != 0x2E {
          // strtod reads the C locale's point: a point in the text is not
          // ours, the comma becomes the point.
          if b == 0x2E { return .invalid }
          if b == decimalMark { b = 0x2E }
        }
        t[k] = CChar(bitPattern: b)
      }
      t[count] = 0
      var endPtr: UnsafeMutablePointer<CChar>?
      let v = strtod(t, &endPtr)
      guard let endPtr, endPtr - t == count, v.isFinite else { return .invalid }
      return .number(v, scale: -1)
    }
  }
}
