// Calendar dates from bytes. Day numbers use Howard Hinnant's
// days_from_civil algorithm ("chrono-Compatible Low-Level Date Algorithms",
// 2013): proleptic Gregorian, day 0 = 1970-01-01.

/// A calendar day as days since 1970-01-01 (proleptic Gregorian).
public struct CalendarDay: Sendable, Hashable, Comparable, CustomStringConvertible {
  /// Days since 1970-01-01.
  public var dayNumber: Int32

  public init(dayNumber: Int32) { self.dayNumber = dayNumber }

  /// The day for a valid year/month/day, or `nil` when the date does not exist
  /// (e.g. 2023-02-29).
  public init?(year: Int, month: Int, day: Int) {
    guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
      day <= CalendarDay.daysInMonth(year: year, month: month)
    else { return nil }
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = (month + 9) % 12
    let doy = (153 * mp + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    dayNumber = Int32(era * 146_097 + doe - 719_468)
  }

  /// Year, month (1–12) and day (1–31).
  public var components: (year: Int, month: Int, day: Int) {
    let z = Int(dayNumber) + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
  }

  public static func isLeapYear(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

  public static func daysInMonth(year: Int, month: Int) -> Int {
    switch month {
    case 2: return isLeapYear(year) ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  public static func < (a: CalendarDay, b: CalendarDay) -> Bool { a.dayNumber < b.dayNumber }

  /// ISO 8601 `YYYY-MM-DD`.
  public var description: String {
    let (y, m, d) = components
    return "\(y)-\(m < 10 ? "0" : "")\(m)-\(d < 10 ? "0" : "")\(d)"
  }
}

/// Reads dates written as `2024-03-05`, `2024/3/5`, `2024.3.5`,
/// `2024-03-05T14:00:00` (any time part after `T` or a space is accepted and
/// ignored, including a zone), and `2024年3月5日`. Day-first and month-first
/// forms (`05/03/2024`) are ambiguous and rejected.
public enum DateParser {
  /// The day, or `nil` when the text is not a supported date or names a day
  /// that does not exist.
  public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> CalendarDay? {
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
    return CalendarDay(year: year, month: month, day: day)
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
