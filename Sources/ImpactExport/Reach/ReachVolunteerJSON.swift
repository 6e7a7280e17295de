public import ImpactStats

/// The `volunteers` member of `reach_summary.json`: star levels, cohort
/// retention, lapsed volunteers, hours distribution, full-time equivalents
/// and (with an hour value) the value of volunteer time.
public enum ReachVolunteerJSON {
  public static func document(_ f: VolunteerFigures) -> JSONValue {
    var m: [(String, JSONValue)] = [
      (
        "units",
        .object([
          ("star_level", .string("volunteers")), ("cohort", .string("volunteers; share in percent")),
          ("lapsed", .string("volunteers")), ("hours", .string("hours")), ("share", .string("percent")),
          ("fte", .string("full-time equivalents: hours / full_time_hours")),
          (
            "value",
            .string(
              f.options.hourValue == nil ? "not reported (no hour_value)" : (f.options.currency ?? "currency units"))
          ),
        ])
      ),
      (
        "star_levels",
        .object([
          ("thresholds_hours", .array(f.options.starLevels.map { .number($0) })),
          ("at_end", levels(f.starsAtEnd)),
        ])
      ),
      (
        "by_period",
        .array(
          f.periods.map { r in
            .object(
              zip(ReachVolunteerCSV.columns(f), ReachVolunteerCSV.cells(r, f)).map { name, cell in
                switch cell {
                case .text(let s): return (name, s.map { .string($0) } ?? .null)
                case .number(let d): return (name, .number(d))
                case .int(let i): return (name, i.map { .int($0) } ?? .null)
                case .bool(let b): return (name, b.map { .bool($0) } ?? .null)
                }
              })
          })
      ),
      (
        "cohorts",
        .array(
          f.cohorts.map { c in
            .object([
              ("cohort", .string(c.cohort)), ("size", .int(c.size)),
              ("volunteers_active", .array(c.active.map { .int($0) })),
              ("share_active_pct", .array(c.sharePct.map { .number($0) })),
            ])
          })
      ),
    ]
    if let l = f.lapsed {
      m.append(
        (
          "lapsed",
          .object([
            ("lapsed_after_months", .int(l.months)), ("reference_day", .string(l.referenceDay.description)),
            ("window_start", .string(l.windowStart.description)),
            ("last_service_on_or_before", .string(l.lastServiceOnOrBefore.description)), ("exact", .bool(l.exact)),
            ("lapsed", .int(l.lapsed)), ("volunteers", .int(l.volunteers)), ("lapsed_pct", .number(l.lapsedPct)),
          ])
        ))
    }
    let d = f.distribution
    m.append(
      (
        "hours_distribution",
        .object([
          ("volunteers", .int(d.volunteers)), ("mean", .number(d.mean)), ("median", .number(d.median)),
          ("p90", .number(d.p90)), ("top10_share_pct", .number(d.top10SharePct)),
        ])
      ))
    m.append(
      (
        "fte",
        .object([
          ("fte_hours_per_year", .number(f.options.fteHours)), ("hours_total", .number(f.hoursTotal)),
          ("fte_per_year", .number(f.fte)),
        ])
      ))
    if let v = f.options.hourValue {
      m.append(
        (
          "value",
          .object([
            ("hour_value", .number(v)), ("currency", f.options.currency.map { .string($0) } ?? .null),
            ("total", .number(f.value)),
          ])
        ))
    }
    return .object(m)
  }

  static func levels(_ counts: [Int]) -> JSONValue {
    .object(counts.enumerated().map { ("star_level_\($0.offset)", .int($0.element)) })
  }

  /// Definitions of the volunteer figures (JSON `meta.definitions`, the
  /// report's methods).
  public static let definitions: [(String, JSONValue)] = [
    (
      "star_level",
      .string(
        "Volunteers by cumulative service hours of the analysed records through the end of each period: level L once they reach the L-th of star_levels (default 100/300/600/1000/1500 hours, the national volunteer-service record thresholds for one to five stars); level 0 below the first. Records before --from are not counted."
      )
    ),
    (
      "cohort_retention",
      .string(
        "A cohort is the volunteers whose first valid record in the whole log falls in a period (volunteers_new); share_active_pct is the percent of the cohort with a record in each later period."
      )
    ),
    (
      "lapsed",
      .string(
        "Volunteers whose last analysed record lies in a period ending before window_start, the day after reference_day moved back lapsed_after months; reference_day is the end of the data covered (the earlier of --to and --as-of when either is given, else the last record). Exact when window_start is a period's first day (exact), else a lower bound."
      )
    ),
    (
      "hours_distribution",
      .string(
        "Per-volunteer total hours over the span: mean, median and p90 (R/NumPy type 7), and top10_share_pct = percent of all hours given by the ⌈n/10⌉ volunteers with the most hours (hours_top10_share_pct per period alike)."
      )
    ),
    (
      "fte",
      .string(
        "Full-time equivalents: hours_total / full_time_hours, where full_time_hours = fte_hours (default 1720 a year) × covered days of the period / days of its calendar year, so partial periods are scaled by the days covered; fte_per_year over the span is hours_total / Σ full_time_hours."
      )
    ),
    (
      "value",
      .string("Value of volunteer time: hours_total × hour_value, in currency; reported only when hour_value is given.")
    ),
  ]
}
