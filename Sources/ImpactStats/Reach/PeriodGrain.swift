public import ImpactCore

/// The length of a reporting period.
public enum PeriodGrain: String, Sendable, Equatable, CaseIterable, Codable {
  case year, quarter, month

  /// Periods per year (for annualising growth).
  public var perYear: Double {
    switch self {
    case .year: return 1
    case .quarter: return 4
    case .month: return 12
    }
  }

  /// A dense period index: consecutive periods have consecutive indices.
  /// Year: the year; quarter: year·4 + (q − 1); month: year·12 + (m − 1).
  @inline(__always)
  public func index(year: Int, month: Int) -> Int {
    switch self {
    case .year: return year
    case .quarter: return year * 4 + (month - 1) / 3
    case .month: return year * 12 + (month - 1)
    }
  }

  /// The period index of a day.
  @inline(__always)
  public func index(of day: CalendarDay) -> Int {
    let c = day.components
    return index(year: c.year, month: c.month)
  }

  /// The label of a period: `2024`, `2024-Q1`, `2024-03`.
  public func label(_ index: Int) -> String {
    switch self {
    case .year: return String(index)
    case .quarter: return "\(index / 4)-Q\(index % 4 + 1)"
    case .month:
      let m = index % 12 + 1
      return "\(index / 12)-\(m < 10 ? "0" : "")\(m)"
    }
  }

  /// The first day of a period.
  public func firstDay(_ index: Int) -> CalendarDay {
    let (y, month): (Int, Int)
    switch self {
    case .year: (y, month) = (index, 1)
    case .quarter: (y, month) = (index / 4, (index % 4) * 3 + 1)
    case .month: (y, month) = (index / 12, index % 12 + 1)
    }
    return CalendarDay(year: y, month: month, day: 1) ?? CalendarDay(dayNumber: 0)
  }

  /// The last day of a period.
  public func lastDay(_ index: Int) -> CalendarDay {
    let (y, lastMonth): (Int, Int)
    switch self {
    case .year: (y, lastMonth) = (index, 12)
    case .quarter: (y, lastMonth) = (index / 4, (index % 4) * 3 + 3)
    case .month: (y, lastMonth) = (index / 12, index % 12 + 1)
    }
    let d = CalendarDay.daysInMonth(year: y, month: lastMonth)
    return CalendarDay(year: y, month: lastMonth, day: d) ?? CalendarDay(dayNumber: 0)
  }
}
