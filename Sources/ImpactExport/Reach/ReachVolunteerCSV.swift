public import ImpactStats

/// `reach_volunteers_by_period.csv` (star levels, top-10% share, full-time
/// equivalents and value per period) and `reach_cohorts.csv` (cohort
/// retention, one row per cohort and period).
public enum ReachVolunteerCSV {
  /// Columns of the per-period file: `star_level_0` (below the first
  /// threshold) to `star_level_<k>`, then the hours figures; `value` only
  /// when an hour value is given.
  public static func columns(_ f: VolunteerFigures) -> [String] {
    ["period"] + (0...f.options.starLevels.count).map { "star_level_\($0)" } + [
      "hours_top10_share_pct", "full_time_hours", "fte",
    ] + (f.options.hourValue == nil ? [] : ["value"])
  }

  static func cells(_ r: VolunteerPeriodRow, _ f: VolunteerFigures) -> [CSVWriter.Cell] {
    [.text(r.period)] + r.stars.map { .int($0) } + [
      .number(r.top10SharePct), .number(r.fullTimeHours), .number(r.fte),
    ] + (f.options.hourValue == nil ? [] : [.number(r.value)])
  }

  public static func byPeriod(_ f: VolunteerFigures) -> String {
    var w = CSVWriter(header: columns(f))
    for r in f.periods { w.appendRow(cells(r, f)) }
    return w.text
  }

  public static let cohortColumns = [
    "cohort", "cohort_size", "period", "periods_since_first", "volunteers_active", "share_active_pct",
  ]

  public static func cohorts(_ f: VolunteerFigures) -> String {
    var w = CSVWriter(header: cohortColumns)
    for row in cohortRows(f) { w.appendRow(row) }
    return w.text
  }

  /// The rows of `reach_cohorts.csv` (also the workbook's Cohorts sheet).
  static func cohortRows(_ f: VolunteerFigures) -> [[CSVWriter.Cell]] {
    f.cohorts.flatMap { c -> [[CSVWriter.Cell]] in
      let shares = c.sharePct
      return c.active.enumerated().map { i, n in
        [
          .text(c.cohort), .int(c.size), .text(f.periods.first { $0.index == c.index + i }?.period), .int(i), .int(n),
          .number(shares[i]),
        ]
      }
    }
  }
}
