public import ImpactCore

/// The volunteer figures of one period.
public struct VolunteerPeriodRow: Sendable, Equatable {
  public var period: String
  public var index: Int
  /// Volunteers at star level 0 (below the first threshold), 1, …, k at the
  /// end of the period, by cumulative analysed hours through the period.
  public var stars: [Int]
  /// Share of the period's hours given by its top 10% of active volunteers
  /// (the ⌈n/10⌉ with the most hours), in percent.
  public var top10SharePct: Double?
  /// Hours of one full-time equivalent over the days of the period covered:
  /// `fte_hours × covered days / days in the period's calendar year`.
  public var fullTimeHours: Double
  /// hours_total / fullTimeHours.
  public var fte: Double?
  /// hours_total × hour_value (only with `hour_value`).
  public var value: Double?
}

/// One first-service cohort and how many of it were active in each period.
public struct CohortRow: Sendable, Equatable {
  public var cohort: String
  public var index: Int
  /// Volunteers whose first valid record in the whole log is in the cohort
  /// period (`volunteers_new` of that period).
  public var size: Int
  /// Active volunteers of the cohort in the cohort period and each later one
  /// up to the end of the span (`active[0]` is the cohort period).
  public var active: [Int]

  /// 100 · active / size per period (`nil` when the cohort is empty).
  public var sharePct: [Double?] { active.map { size > 0 ? 100 * Double($0) / Double(size) : nil } }
}

/// Volunteers with no service in the last months before the reference day.
///
/// The hour log is aggregated by period, so a volunteer's last service is
/// known to the period: a volunteer is lapsed when their last analysed
/// record lies in a period that ends before `windowStart` (the day after the
/// reference day moved back `months` months). That is exact when the window
/// starts on a period's first day (`exact`), and otherwise a lower bound:
/// whoever is counted certainly did not serve in the window.
public struct LapsedVolunteers: Sendable, Equatable {
  public var months: Int
  /// The end of the data covered (`coverage.to`: the earlier of `--to` and
  /// `--as-of` when either is given, else the last record).
  public var referenceDay: CalendarDay
  public var windowStart: CalendarDay
  /// Lapsed volunteers' last service is on or before this day.
  public var lastServiceOnOrBefore: CalendarDay
  public var lapsed: Int
  /// Volunteers with any analysed record.
  public var volunteers: Int
  public var exact: Bool

  public var lapsedPct: Double? { volunteers > 0 ? 100 * Double(lapsed) / Double(volunteers) : nil }
}

/// Per-volunteer hours over the whole span.
public struct HoursDistribution: Sendable, Equatable {
  public var volunteers: Int
  public var mean: Double?
  public var median: Double?
  public var p90: Double?
  public var top10SharePct: Double?
}

/// The figures volunteer platforms publish: star levels, cohort retention,
/// lapsed volunteers, value of time and full-time equivalents, and the
/// distribution of hours per volunteer.
public struct VolunteerFigures: Sendable, Equatable {
  public var options: VolunteerFigureOptions
  public var periods: [VolunteerPeriodRow]
  /// Star levels at the end of the span (the last period's).
  public var starsAtEnd: [Int]
  public var cohorts: [CohortRow]
  public var lapsed: LapsedVolunteers?
  public var distribution: HoursDistribution
  public var hoursTotal: Double
  /// hours_total / Σ fullTimeHours: full-time equivalents per year on average.
  public var fte: Double?
  public var value: Double?

  /// The figures of `acc` over the periods of `result` (computed from the
  /// same accumulator); `nil` when `acc` holds no volunteer counts.
  /// - Parameter reference: the day lapsed volunteers are counted back from
  ///   (`nil`: the last day of the last period).
  public init?(_ acc: ReachAccumulator, result: ReachResult, options: VolunteerFigureOptions, reference: CalendarDay?) {
    guard let counts = acc.volunteerFigures, let first = result.periods.first, let last = result.periods.last else {
      return nil
    }
    self.options = options
    let grain = acc.grain
    let k = counts.starThresholds.count
    // Star levels: prefix sums of the events (those before the span too).
    var atLeast = [Int](repeating: 0, count: k + 1)
    for (p, reached) in counts.starsReached where p < first.index && reached.count == k + 1 {
      for l in 0...k { atLeast[l] += reached[l] }
    }
    var rows: [VolunteerPeriodRow] = []
    var fullTimeTotal = 0.0
    for r in result.periods {
      if let reached = counts.starsReached[r.index], reached.count == k + 1 {
        for l in 0...k { atLeast[l] += reached[l] }
      }
      let stars = (0...k).map { l in atLeast[l] - (l < k ? atLeast[l + 1] : 0) }
      let year = grain.firstDay(r.index).components.year
      let days = Double(r.coveredDays ?? r.periodDays)
      let fullTime = options.fteHours * days / (CalendarDay.isLeapYear(year) ? 366 : 365)
      fullTimeTotal += fullTime
      rows.append(
        VolunteerPeriodRow(
          period: r.period, index: r.index, stars: stars,
          top10SharePct: Self.topShare(acc.periods[r.index]?.volunteerHours ?? [:], 0.1),
          fullTimeHours: fullTime, fte: fullTime > 0 ? r.hoursTotal / fullTime : nil,
          value: options.hourValue.map { $0 * r.hoursTotal }))
    }
    periods = rows
    starsAtEnd = rows.last?.stars ?? []
    let hours = result.periods.reduce(0) { $0 + $1.hoursTotal }
    hoursTotal = hours
    fte = fullTimeTotal > 0 ? hours / fullTimeTotal : nil
    value = options.hourValue.map { $0 * hours }
    // Cohorts: first-service periods inside the span.
    let end = last.index
    let cohortActive = counts.cohortActive
    cohorts = result.periods.compactMap { r in
      guard r.volunteersNew > 0 else { return nil }
      let active = (r.index...end).map { cohortActive[r.index]?[$0] ?? 0 }
      return CohortRow(cohort: r.period, index: r.index, size: r.volunteersNew, active: active)
    }
    let volunteers = counts.spanHours.values.reduce(0, +)
    let micro = counts.spanHours.reduce(0.0) { $0 + Double($1.key) * Double($1.value) }
    distribution = HoursDistribution(
      volunteers: volunteers, mean: volunteers > 0 ? micro / 1e6 / Double(volunteers) : nil,
      median: quantile(counts.spanHours, 0.5).map { $0 / 1e6 }, p90: quantile(counts.spanHours, 0.9).map { $0 / 1e6 },
      top10SharePct: Self.topShare(counts.spanHours, 0.1))
    lapsed = Self.lapsed(
      counts.lastActive, grain: grain, months: options.lapsedAfterMonths,
      reference: reference ?? grain.lastDay(last.index))
  }

  /// Share of the hours in `histogram` (micro-hours → volunteers) held by the
  /// ⌈fraction · n⌉ volunteers with the most hours, in percent; `nil` when
  /// there are no hours.
  ///
  /// ```
  /// m = ⌈fraction · n⌉;  share = 100 · Σ (m largest totals) / Σ (all totals)
  /// ```
  /// - Complexity: O(d log d) for d distinct totals.
  public static func topShare(_ histogram: [Int64: Int], _ fraction: Double) -> Double? {
    let n = histogram.values.reduce(0, +)
    let total = histogram.reduce(0.0) { $0 + Double($1.key) * Double($1.value) }
    guard n > 0, total > 0 else { return nil }
    var left = Int((fraction * Double(n)).rounded(.up))
    var top = 0.0
    for (h, c) in histogram.sorted(by: { $0.key > $1.key }) where left > 0 {
      let take = min(c, left)
      top += Double(h) * Double(take)
      left -= take
    }
    return 100 * top / total
  }

  /// Lapsed volunteers from the counts of last-active periods (see
  /// `LapsedVolunteers`); `nil` when the window starts before year 1.
  static func lapsed(_ lastActive: [Int: Int], grain: PeriodGrain, months: Int, reference: CalendarDay)
    -> LapsedVolunteers?
  {
    let c = reference.components
    let shifted = c.year * 12 + (c.month - 1) - months
    let (y, m) = (shifted / 12, shifted % 12 + 1)
    guard shifted >= 12,
      let back = CalendarDay(year: y, month: m, day: min(c.day, CalendarDay.daysInMonth(year: y, month: m)))
    else { return nil }
    let start = CalendarDay(dayNumber: back.dayNumber + 1)
    let windowPeriod = grain.index(of: start)
    let lapsed = lastActive.filter { $0.key < windowPeriod }.values.reduce(0, +)
    return LapsedVolunteers(
      months: months, referenceDay: reference, windowStart: start,
      lastServiceOnOrBefore: grain.lastDay(windowPeriod - 1), lapsed: lapsed,
      volunteers: lastActive.values.reduce(0, +), exact: grain.firstDay(windowPeriod) == start)
  }
}
