import ImpactStats

/// `reach_summary.json`: `meta`, `excluded`, `periods`, `groups`, `totals`,
/// `growth`, `top_teams`, `top_projects`.
public enum ReachJSON {
  public static func document(_ report: ReachReport) -> JSONValue {
    var members: [(String, JSONValue)] = [
      ("meta", meta(report)),
      ("excluded", excluded(report.exclusions)),
      ("periods", periods(report.overall, teams: true)),
    ]
    if !report.groups.isEmpty {
      members.append(
        (
          "groups",
          .array(
            report.groups.map { g in
              .object([
                ("by", .string(g.column)), ("group", .string(g.value)), ("periods", periods(g.result, teams: false)),
                ("totals", totals(g.result)), ("growth", growth(g.result)),
              ])
            })
        ))
    }
    members += [
      ("totals", totals(report.overall)),
      ("growth", growth(report.overall)),
      ("top_teams", contributors(report.overall.topTeams)),
      ("top_projects", contributors(report.overall.topProjects)),
    ]
    if let v = report.volunteers { members.append(("volunteers", ReachVolunteerJSON.document(v))) }
    return .object(members)
  }

  static func meta(_ r: ReachReport) -> JSONValue {
    var m: [(String, JSONValue)] = [
      ("tool", .string("impact")), ("version", .string(r.toolVersion)), ("command", .string("reach")),
    ]
    if let t = r.generatedAt { m.append(("generated_at", .string(t))) }
    m.append(("inputs", .array(r.inputs.map(LiteracyJSON.inputJSON))))
    m.append(("options", .object(r.options)))
    m.append(("period", .string(r.overall.grain.rawValue)))
    if let c = r.coverage {
      m.append(
        (
          "coverage",
          .object([
            ("from", .string(c.from.description)), ("to", .string(c.to.description)),
            ("from_basis", .string(c.fromBasis)), ("to_basis", .string(c.toBasis)),
          ])
        ))
    }
    m.append(("partial_periods", .array(r.overall.periods.filter(\.partial).map { .string($0.period) })))
    m.append(("include_partial", .bool(r.overall.includePartial)))
    m.append(
      (
        "date_formats",
        .array(
          r.dateReadings.map {
            .object([
              ("file", .string($0.file)), ("column", .string($0.column)), ("format", .string($0.format)),
              ("order", .string($0.order)), ("basis", .string($0.basis)),
            ])
          })
      ))
    m.append(("definitions", definitions))
    return .object(m)
  }

  static let definitions: JSONValue = .object(coreDefinitions + ReachVolunteerJSON.definitions)

  static let coreDefinitions: [(String, JSONValue)] = [
    ("volunteers_active", .string("Distinct volunteer ids with at least one valid record in the period.")),
    ("volunteers_new", .string("Volunteers whose first valid record in the whole log falls in the period.")),
    ("volunteers_cumulative", .string("Distinct volunteers with a valid record in this or any earlier period.")),
    (
      "volunteers_registered",
      .string("Registry entries dated on or before the period's last day (undated ones count from the start).")
    ),
    ("hours_total", .string("Sum of hours of valid records, summed exactly as integer micro-hours.")),
    (
      "hours_per_volunteer",
      .string(
        "Over active volunteers of the period: mean = hours_total/volunteers_active; median and p90 of each volunteer's total hours in the period (linear interpolation, R/NumPy type 7)."
      )
    ),
    ("records", .string("Valid service records.")),
    ("teams_active", .string("Distinct non-blank team names with a record in the period (projects alike).")),
    ("beneficiaries_served", .string("Sum of per-activity beneficiary counts (people may be counted more than once).")),
    ("beneficiaries_unique", .string("Distinct beneficiary ids with a row in the period (beneficiary file).")),
    (
      "retention_pct",
      .string("Percent of the previous period's active volunteers who are active again in this period.")
    ),
    ("registered_active_pct", .string("Percent of volunteers registered by the period's end who were active in it.")),
    (
      "growth_pct",
      .string(
        "100·(this − previous)/previous; null for the first period, after a zero, and against or from a partial period (growth_note)."
      )
    ),
    (
      "partial",
      .string(
        "The data cover only covered_days of the period's period_days: coverage runs from --from (else the first record) to the earlier of --to and --as-of when either is given (else the last record), over the hour log and the beneficiary file. Growth against or from a partial period is null (growth_note), and CAGR and trend use complete periods only, unless include_partial."
      )
    ),
    (
      "cagr_pct",
      .string(
        "100·((last/first)^(1/years) − 1) between the first and last complete period of the span (partial_periods_excluded lists those left out)."
      )
    ),
    (
      "trend_pct",
      .string(
        "100·(e^b − 1), b = least-squares slope of ln(value) on time in years over periods with value > 0 (LAPACK dgelsd); CI from the t distribution with m − 2 degrees of freedom."
      )
    ),
    (
      "validity",
      .string(
        "A record is excluded when its volunteer id is blank, its date is not a date or is after as_of, its hours are not a number, negative or above max_hours; each is counted under excluded with the first examples (file:line)."
      )
    ),
  ]

  static func periods(_ r: ReachResult, teams: Bool) -> JSONValue {
    .array(
      r.periods.map { p in
        .object(
          zip(ReachCSV.columns, ReachCSV.cells(p, teams: teams)).map { name, cell in
            switch cell {
            case .text(let s): return (name, .string(s))
            case .number(let d): return (name, .number(d))
            case .int(let i): return (name, i.map { .int($0) } ?? .null)
            case .bool(let b): return (name, b.map { .bool($0) } ?? .null)
            }
          })
      })
  }

  static func totals(_ r: ReachResult) -> JSONValue {
    var m: [(String, JSONValue)] = []
    if let f = r.periods.first, let l = r.periods.last {
      m.append(("first_period", .string(f.period)))
      m.append(("last_period", .string(l.period)))
    }
    for (k, v) in r.totals { m.append((k, .number(v))) }
    return .object(m)
  }

  static func growth(_ r: ReachResult) -> JSONValue {
    .array(
      r.growth.map { g in
        .object([
          ("figure", .string(g.figure)), ("first", .number(g.first)), ("last", .number(g.last)),
          ("years", .number(g.years)), ("cagr_pct", .number(g.cagrPct)), ("trend_pct", .number(g.trendPct)),
          ("trend_ci_low", .number(g.trendCILow)), ("trend_ci_high", .number(g.trendCIHigh)),
          ("trend_periods", .int(g.trendPeriods)),
          ("partial_periods_excluded", .array(g.partialPeriodsLeftOut.map { .string($0) })),
        ])
      })
  }

  static func contributors(_ rows: [ContributorRow]) -> JSONValue {
    .array(
      rows.map {
        .object([
          ("name", .string($0.name)), ("hours", .number($0.hours)), ("records", .int($0.records)),
          ("volunteers", $0.volunteers.map { .int($0) } ?? .null),
        ])
      })
  }

  static func excluded(_ e: ReachExclusions) -> JSONValue {
    .object([
      ("excluded_records", .int(e.excludedRecords)),
      ("counts", .object(e.counts.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) })),
      (
        "examples",
        .array(
          e.examples.map {
            .object([
              ("reason", .string($0.reason)), ("file", .string($0.file)), ("line", .int($0.line)),
              ("value", .string($0.value)),
            ])
          })
      ),
    ])
  }
}
