// Calendar dates from bytes (the day arithmetic is in ImpactCore.CalendarDay).
public import ImpactCore

/// Reads dates written as `2024-03-05`, `2024/3/5`, `2024.3.5`,
/// `2024-03-05T14:00:00` (any time part after `T` or a space is accepted and
/// ignored, including a zone), and `2024年3月5日`. Day-first and month-first
/// forms (`05/03/2024`) are ambiguous and rejected.
public enum DateParser {
  /// The day, or `nil` when the text is not a supported date or names a day
  /// that does not exist.
  public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> CalendarDay? {
    guard let c = parseComponents(bytes) else { return nil }
    return CalendarDay(year: c.year, month: c.month, day: c.day)
  }

  /// Year, month and day of a valid date (checked against the calendar),
  /// without computing a day number — the fast path for period bucketing.
  @inline(__always)
  public static func parseComponents(_ bytes: UnsafeBufferPointer<UInt8>) -> (year: Int, month: Int, day: Int)? {
    guard let p = bytes.baseAddress else { return nil }
    var i = 0
    var n = bytes.count
    while i < n && (p[i] == 0x20 || p[i] == 0x09) { i += 1 }
    while n > i && (p[n - 1] == 0x20 || p[n - 1] == 0x09) { n -= 1 }
    func number(maxDigits: Int) -> Int? {
      var v = 0
      var k = 0
      while i < n && k < maxDigits {
        let d = p[i] &- 0x30
        if d > 9 { break }
        v = v * 10 + Int(d)
        i += 1
        k += 1
      }
      return k == 0 ? nil : v
    }
    func matches(_ seq: [UInt8]) -> Bool {
      guard n - i >= seq.count else { return false }
      for k in 0..<seq.count where p[i + k] != seq[k] { return false }
      i += seq.count
      return true
    }
    let start = i
    guard let year = number(maxDigits: 4), i - start == 4, i < n else { return nil }
    let sep = p[i]
    let chinese = matches(nian)
    if !chinese {
      guard sep == 0x2D || sep == 0x2F || sep == 0x2E else { return nil }
      i += 1
    }
    guard let month = number(maxDigits: 2) else { return nil }
    if chinese {
      guard matches(yue) else { return nil }
    } else {
      guard i < n, p[i] == sep else { return nil }
      i += 1
    }
    guard let day = number(maxDigits: 2) else { return nil }
    if chinese {
      guard matches(ri) || matches(hao) else { return nil }
    }
    if i < n {
      // A time part: 'T' or space then a digit.
      guard p[i] == 0x54 || p[i] == 0x20, i + 1 < n, (p[i + 1] &- 0x30) <= 9 else { return nil }
    }
    guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
      day <= CalendarDay.daysInMonth(year: year, month: month)
    else { return nil }
    return (year, month, day)
  }

  /// Parses a `String` (for options such as `--from 2024-01-01`).
  public static func parse(_ text: String) -> CalendarDay? {
    var bytes = Array(text.utf8)
    return bytes.withUnsafeMutableBufferPointer { parse(UnsafeBufferPointer($0)) }
  }

  private static let nian: [UInt8] = Array("年".utf8)
  private static let yue: [UInt8] = Array("月".utf8)
  private static let ri: [UInt8] = Array("日".utf8)
  private static let hao: [UInt8] = Array("号".utf8)
}
