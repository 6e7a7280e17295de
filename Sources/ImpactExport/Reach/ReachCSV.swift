import ImpactStats

/// `reach_by_period.csv` and `reach_by_group.csv`.
public enum ReachCSV {
  /// Period columns in order; then one `<figure>_growth_pct` per growth
  /// figure; then the period's coverage.
  public static let columns =
    [
      "period", "volunteers_active", "volunteers_new", "volunteers_cumulative", "volunteers_registered", "hours_total",
      "hours_per_volunteer_mean", "hours_per_volunteer_median", "hours_per_volunteer_p90", "records", "teams_active",
      "projects_active", "beneficiaries_served", "beneficiaries_unique", "retention_pct", "registered_active_pct",
    ] + ReachResult.growthFigures.map { "\($0)_growth_pct" } + [
      "partial", "covered_days", "period_days", "growth_note",
    ]

  static func cells(_ r: ReachPeriodRow, teams: Bool) -> [CSVWriter.Cell] {
    [
      .text(r.period), .int(r.volunteersActive), .int(r.volunteersNew), .int(r.volunteersCumulative),
      .int(r.volunteersRegistered), .number(r.hoursTotal), .number(r.hoursPerVolunteerMean),
      .number(r.hoursPerVolunteerMedian), .number(r.hoursPerVolunteerP90), .int(r.records),
      .int(teams ? r.teamsActive : nil), .int(teams ? r.projectsActive : nil), .int(r.beneficiariesServed),
      .int(r.beneficiariesUnique), .number(r.retentionPct), .number(r.registeredActivePct),
    ] + ReachResult.growthFigures.map { name in .number(growth(r, name, teams: teams)) } + [
      .bool(r.partial), .int(r.coveredDays), .int(r.periodDays), .text(r.growthNote),
    ]
  }

  static func growth(_ r: ReachPeriodRow, _ name: String, teams: Bool) -> Double? {
    if !teams && (name == "teams_active" || name == "projects_active") { return nil }
    return r.growth[name] ?? nil
  }

  public static func byPeriod(_ report: ReachReport) -> String {
    var w = CSVWriter(header: columns)
    for r in report.overall.periods { w.appendRow(cells(r, teams: true)) }
    return w.text
  }

  public static func byGroup(_ report: ReachReport) -> String {
    var w = CSVWriter(header: ["group_by", "group"] + columns)
    for g in report.groups {
      for r in g.result.periods { w.appendRow([.text(g.column), .text(g.value)] + cells(r, teams: false)) }
    }
    return w.text
  }
}
