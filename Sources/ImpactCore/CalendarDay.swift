// Day numbers use Howard Hinnant's days_from_civil algorithm
// ("chrono-Compatible Low-Level Date Algorithms", 2013): proleptic Gregorian,
// day 0 = 1970-01-01.

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

  /// The date as the integer YYYYMMDD (orders like the date).
  public var ordinal: Int {
    let (y, m, d) = components
    return y * 10_000 + m * 100 + d
  }

  /// ISO 8601 `YYYY-MM-DD`.
  public var description: String {
    let (y, m, d) = components
    return "\(y)-\(m < 10 ? "0" : "")\(m)-\(d < 10 ? "0" : "")\(d)"
  }
}
