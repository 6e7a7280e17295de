import Foundation
public import ImpactCore

/// The figures of one reporting period.
public struct ReachPeriodRow: Sendable, Equatable {
  public var period: String
  public var index: Int
  public var volunteersActive: Int
  public var volunteersNew: Int
  public var volunteersCumulative: Int
  /// Registered on or before the period's last day (with a registry).
  public var volunteersRegistered: Int?
  public var hoursTotal: Double
  public var hoursPerVolunteerMean: Double?
  public var hoursPerVolunteerMedian: Double?
  public var hoursPerVolunteerP90: Double?
  public var records: Int
  public var teamsActive: Int
  public var projectsActive: Int
  public var beneficiariesServed: Int
  public var beneficiariesUnique: Int?
  /// Percent of the previous period's active volunteers active again.
  public var retentionPct: Double?
  /// Percent of registered volunteers (cumulative) active in the period.
  public var registeredActivePct: Double?
  /// Growth against the previous period, in percent, per figure name.
  public var growth: [String: Double?]
  /// The data do not cover the whole period (see `ReachResult.init`'s
  /// `coverage`); `false` when the coverage is unknown.
  public var partial = false
  /// Days of the period inside the coverage (`nil`: coverage unknown).
  public var coveredDays: Int?
  /// Days in the period.
  public var periodDays = 0
  /// Why the growth columns are null beyond the usual first period / zero:
  /// `partial_period` or `previous_period_partial`.
  public var growthNote: String?
}

/// Compound and trend growth of one figure across the span.
public struct GrowthSummary: Sendable, Equatable {
  public var figure: String
  public var first: Double
  public var last: Double
  /// Years between the first and the last period.
  public var years: Double
  /// 100·((last/first)^(1/years) − 1).
  public var cagrPct: Double?
  /// 100·(e^b − 1) where b is the least-squares slope of ln(value) on time in
  /// years over periods with value > 0; CI from the t distribution (df = m − 2).
  public var trendPct: Double?
  public var trendCILow: Double?
  public var trendCIHigh: Double?
  /// Periods used in the trend fit.
  public var trendPeriods: Int
  /// Partial periods left out of the CAGR and the trend (labels).
  public var partialPeriodsLeftOut: [String] = []
}

/// A team or project with its totals.
public struct ContributorRow: Sendable, Equatable {
  public var name: String
  public var hours: Double
  public var records: Int
  /// Distinct volunteers (with `--by team` / `--by project`), else `nil`.
  public var volunteers: Int?
}

/// Everything `impact reach` reports for one population.
public struct ReachResult: Sendable {
  public var grain: PeriodGrain
  public var periods: [ReachPeriodRow]
  public var totals: [(String, Double?)]
  public var growth: [GrowthSummary]
  public var topTeams: [ContributorRow]
  public var topProjects: [ContributorRow]
  public var hasRegistry: Bool
  public var hasBeneficiaries: Bool
  /// Partial periods are treated like complete ones (`--include-partial`).
  public var includePartial = false

  /// The last period a headline should quote: the last complete one, or the
  /// last one with `--include-partial` (or when coverage is unknown).
  public var headlinePeriod: ReachPeriodRow? {
    includePartial ? periods.last : periods.last { !$0.partial }
  }

  /// Names of the per-period counts that get a `*_growth_pct` column.
  public static let growthFigures = [
    "volunteers_active", "volunteers_new", "volunteers_cumulative", "volunteers_registered", "hours_total", "records",
    "teams_active", "projects_active", "beneficiaries_served", "beneficiaries_unique",
  ]

  /// Computes every figure.
  /// - Parameters:
  ///   - span: first and last period index to report (empty periods inside
  ///     appear with zeros); `nil` uses the periods with activity. Volunteers
  ///     first active, and registrations dated, before the span count in the
  ///     cumulative figures.
  ///   - coverage: the days the data cover (`nil`: unknown). A period not
  ///     wholly inside is partial: its growth (and the next period's) is
  ///     null, and the CAGR and trend leave it out — unless `includePartial`.
  public init(
    _ acc: ReachAccumulator, span: ClosedRange<Int>?, hasRegistry: Bool, hasBeneficiaries: Bool,
    confidence: Double = 0.95, top: Int = 10, coverage: ClosedRange<CalendarDay>? = nil, includePartial: Bool = false
  ) {
    grain = acc.grain
    self.includePartial = includePartial
    self.hasRegistry = hasRegistry
    self.hasBeneficiaries = hasBeneficiaries
    let keys = acc.periods.keys
    guard let range = span ?? acc.activityRange ?? (keys.min().flatMap { lo in keys.max().map { lo...$0 } }) else {
      periods = []
      totals = []
      growth = []
      topTeams = []
      topProjects = []
      return
    }
    var rows: [ReachPeriodRow] = []
    var cumulative = acc.periods.filter { $0.key < range.lowerBound }.reduce(0) { $0 + $1.value.new }
    var registered =
      acc.registeredUndated + acc.periods.filter { $0.key < range.lowerBound }.reduce(0) { $0 + $1.value.registrations }
    var previous: ReachPeriodRow?
    for p in range {
      let a = acc.periods[p] ?? ReachPeriodAggregate()
      cumulative += a.new
      registered += a.registrations
      let hours = Double(a.microHours) / 1e6
      var row = ReachPeriodRow(
        period: acc.grain.label(p), index: p, volunteersActive: a.active, volunteersNew: a.new,
        volunteersCumulative: cumulative, volunteersRegistered: hasRegistry ? registered : nil, hoursTotal: hours,
        hoursPerVolunteerMean: a.active > 0 ? hours / Double(a.active) : nil,
        hoursPerVolunteerMedian: quantile(a.volunteerHours, 0.5).map { $0 / 1e6 },
        hoursPerVolunteerP90: quantile(a.volunteerHours, 0.9).map { $0 / 1e6 }, records: a.records,
        teamsActive: a.teams.count, projectsActive: a.projects.count, beneficiariesServed: Int(a.beneficiariesServed),
        beneficiariesUnique: hasBeneficiaries ? a.beneficiariesUnique : nil, retentionPct: nil,
        registeredActivePct: hasRegistry && registered > 0
          ? 100 * Double(a.activeRegistered) / Double(registered) : nil,
        growth: [:])
      let first = acc.grain.firstDay(p)
      let last = acc.grain.lastDay(p)
      row.periodDays = Int(last.dayNumber) - Int(first.dayNumber) + 1
      if let coverage {
        let lo = max(first, coverage.lowerBound)
        let hi = min(last, coverage.upperBound)
        row.coveredDays = max(0, Int(hi.dayNumber) - Int(lo.dayNumber) + 1)
        row.partial = row.coveredDays ?? 0 < row.periodDays
      }
      if !includePartial {
        if row.partial {
          row.growthNote = "partial_period"
        } else if previous?.partial == true {
          row.growthNote = "previous_period_partial"
        }
      }
      if let prev = previous, prev.volunteersActive > 0 {
        row.retentionPct = 100 * Double(a.retained) / Double(prev.volunteersActive)
      }
      for name in Self.growthFigures {
        guard let now = row.value(name) else { continue }
        if row.growthNote == nil, let prev = previous, let before = prev.value(name), before > 0 {
          row.growth[name] = 100 * (now - before) / before
        } else {
          row.growth[name] = .some(nil)
        }
      }
      rows.append(row)
      previous = row
    }
    periods = rows
    let hoursTotal =
      acc.totalMicroHours.map { Double($0) / 1e6 } ?? acc.periods.values.reduce(0) { $0 + Double($1.microHours) / 1e6 }
    var t: [(String, Double?)] = [
      ("periods", Double(rows.count)),
      ("records", Double(rows.reduce(0) { $0 + $1.records })),
      ("hours_total", hoursTotal),
      ("volunteers", Double(acc.volunteers)),
      ("hours_per_volunteer_mean", acc.volunteers > 0 ? hoursTotal / Double(acc.volunteers) : nil),
      ("teams", Double(acc.teamTotals.count)),
      ("projects", Double(acc.projectTotals.count)),
      ("beneficiaries_served", Double(rows.reduce(0) { $0 + $1.beneficiariesServed })),
    ]
    if hasBeneficiaries { t.append(("beneficiaries_unique", Double(acc.beneficiaries))) }
    if hasRegistry {
      t.append(("volunteers_registered", Double(acc.registered)))
      t.append(("registry_teams", Double(acc.registryTeams.count)))
      t.append(
        (
          "registered_ever_active_pct",
          acc.registered > 0 ? 100 * Double(acc.registeredEverActive) / Double(acc.registered) : nil
        ))
      t.append(("active_not_in_registry", Double(acc.activeNotRegistered)))
    }
    totals = t
    var g: [GrowthSummary] = []
    for name in ["hours_total", "volunteers_active", "beneficiaries_served"]
      + (hasBeneficiaries ? ["beneficiaries_unique"] : [])
    {
      g.append(
        Self.growthSummary(
          name, rows: includePartial ? rows : rows.filter { !$0.partial }, grain: acc.grain, confidence: confidence))
      if !includePartial { g[g.count - 1].partialPeriodsLeftOut = rows.filter(\.partial).map(\.period) }
    }
    growth = g
    topTeams = Self.top(acc.teamTotals, top)
    topProjects = Self.top(acc.projectTotals, top)
  }

  static func top(_ totals: [String: ContributorTotals], _ n: Int) -> [ContributorRow] {
    totals.sorted { ($0.value.microHours, $1.key) > ($1.value.microHours, $0.key) }.prefix(n).map {
      ContributorRow(
        name: $0.key, hours: Double($0.value.microHours) / 1e6, records: $0.value.records,
        volunteers: $0.value.volunteers)
    }
  }

  static func growthSummary(_ name: String, rows: [ReachPeriodRow], grain: PeriodGrain, confidence: Double)
    -> GrowthSummary
  {
    let values = rows.compactMap { r in r.value(name).map { (r.index, $0) } }
    guard let first = values.first, let last = values.last else {
      return GrowthSummary(figure: name, first: 0, last: 0, years: 0, trendPeriods: 0)
    }
    let years = Double(last.0 - first.0) / grain.perYear
    var s = GrowthSummary(figure: name, first: first.1, last: last.1, years: years, trendPeriods: 0)
    if years > 0 && first.1 > 0 && last.1 > 0 {
      s.cagrPct = 100 * (pow(last.1 / first.1, 1 / years) - 1)
    }
    let points = values.filter { $0.1 > 0 }
    s.trendPeriods = points.count
    if let fit = LogLinearTrend.fit(
      times: points.map { Double($0.0 - first.0) / grain.perYear }, values: points.map(\.1), confidence: confidence)
    {
      s.trendPct = 100 * (exp(fit.slope) - 1)
      if let lo = fit.slopeCILow, let hi = fit.slopeCIHigh {
        s.trendCILow = 100 * (exp(lo) - 1)
        s.trendCIHigh = 100 * (exp(hi) - 1)
      }
    }
    return s
  }
}

extension ReachPeriodRow {
  /// A count by its output name (for growth and charts).
  public func value(_ name: String) -> Double? {
    switch name {
    case "volunteers_active": return Double(volunteersActive)
    case "volunteers_new": return Double(volunteersNew)
    case "volunteers_cumulative": return Double(volunteersCumulative)
    case "volunteers_registered": return volunteersRegistered.map(Double.init)
    case "hours_total": return hoursTotal
    case "records": return Double(records)
    case "teams_active": return Double(teamsActive)
    case "projects_active": return Double(projectsActive)
    case "beneficiaries_served": return Double(beneficiariesServed)
    case "beneficiaries_unique": return beneficiariesUnique.map(Double.init)
    default: return nil
    }
  }
}

/// Type-7 quantile (R and NumPy default) of an exact histogram.
func quantile(_ histogram: [Int64: Int], _ q: Double) -> Double? {
  let total = histogram.values.reduce(0, +)
  guard total > 0 else { return nil }
  let sorted = histogram.sorted { $0.key < $1.key }
  let h = Double(total - 1) * q
  let lo = Int(h)
  let frac = h - Double(lo)
  func order(_ k: Int) -> Double {
    var seen = 0
    for (v, c) in sorted {
      seen += c
      if k < seen { return Double(v) }
    }
    return Double(sorted[sorted.count - 1].key)
  }
  let a = order(lo)
  if frac == 0 || lo + 1 >= total { return a }
  return a + frac * (order(lo + 1) - a)
}

/// Least-squares fit of ln(value) = a + b·t through the LAPACK layer, with a
/// t-based confidence interval for the slope b.
///
/// ```
/// b̂ = argmin Σ (ln yᵢ − a − b·tᵢ)²            (dgelsd)
/// s² = RSS/(m − 2);  SE(b̂) = √(s² · [(XᵀX)⁻¹]₁₁)   (dpotrf/dpotri)
/// CI = b̂ ± t_{(1+c)/2, m−2} · SE(b̂)
/// ```
public enum LogLinearTrend {
  public struct Fit: Sendable, Equatable {
    public var intercept: Double
    public var slope: Double
    public var slopeCILow: Double?
    public var slopeCIHigh: Double?
  }

  /// `nil` with fewer than 2 points or all times equal; no CI with fewer than 3.
  public static func fit(times: [Double], values: [Double], confidence: Double) -> Fit? {
    let m = times.count
    guard m >= 2, values.count == m, Set(times).count >= 2 else { return nil }
    let x = Matrix(columns: [Array(repeating: 1.0, count: m), times])
    let y = values.map { log($0) }
    guard let sol = try? x.leastSquares(y), sol.rank == 2 else { return nil }
    var f = Fit(intercept: sol.coefficients[0], slope: sol.coefficients[1])
    guard m >= 3, let inv = try? x.gram().inverseSPD() else { return f }
    let fitted = x.multiply(sol.coefficients)
    var rss = 0.0
    for i in 0..<m { rss += (y[i] - fitted[i]) * (y[i] - fitted[i]) }
    let se = (rss / Double(m - 2) * inv[1, 1]).squareRoot()
    let tq = StudentT(degreesOfFreedom: Double(m - 2)).quantile(0.5 + confidence / 2)
    f.slopeCILow = f.slope - tq * se
    f.slopeCIHigh = f.slope + tq * se
    return f
  }
}
