/// What one reporting period of one population adds up to. Every field merges
/// by addition (sets by union) across shards that partition the hour log by
/// volunteer id and the beneficiary file by beneficiary id.
public struct ReachPeriodAggregate: Sendable, Equatable, Codable {
  /// Volunteers with a record in the period.
  public var active = 0
  /// Volunteers whose first record ever is in the period.
  public var new = 0
  /// Volunteers active in both this period and the previous one.
  public var retained = 0
  /// Active volunteers who are in the registry.
  public var activeRegistered = 0
  /// Service records.
  public var records = 0
  /// Hours in micro-hours (exact integer sum).
  public var microHours: Int64 = 0
  /// Sum of per-activity beneficiary counts.
  public var beneficiariesServed: Int64 = 0
  /// Distinct beneficiaries (beneficiary file).
  public var beneficiariesUnique = 0
  /// Registrations dated in the period.
  public var registrations = 0
  /// Exact histogram of per-volunteer hour totals in micro-hours.
  public var volunteerHours: [Int64: Int] = [:]
  /// Distinct teams and projects with a record.
  public var teams: Set<String> = []
  public var projects: Set<String> = []

  public init() {}

  public mutating func merge(_ o: ReachPeriodAggregate) {
    active += o.active
    new += o.new
    retained += o.retained
    activeRegistered += o.activeRegistered
    records += o.records
    microHours += o.microHours
    beneficiariesServed += o.beneficiariesServed
    beneficiariesUnique += o.beneficiariesUnique
    registrations += o.registrations
    for (h, c) in o.volunteerHours { volunteerHours[h, default: 0] += c }
    teams.formUnion(o.teams)
    projects.formUnion(o.projects)
  }
}

/// Per-team (or project) totals over the whole span, for "top" lists.
public struct ContributorTotals: Sendable, Equatable, Codable {
  public var microHours: Int64 = 0
  public var records = 0
  /// Distinct volunteers; known when the run breaks figures down by this
  /// dimension (`--by team`), `nil` otherwise (counting them for every team
  /// and project would cost memory proportional to records).
  public var volunteers: Int?

  public init() {}

  public mutating func merge(_ o: ContributorTotals) {
    microHours += o.microHours
    records += o.records
    if let a = volunteers, let b = o.volunteers { volunteers = a + b } else { volunteers = volunteers ?? o.volunteers }
  }
}

/// The mergeable state of a reach analysis of one population (everyone, or
/// one group such as team = 天文小组).
public struct ReachAccumulator: Sendable, Equatable, Codable {
  public var grain: PeriodGrain
  /// Period index → aggregate.
  public var periods: [Int: ReachPeriodAggregate] = [:]
  /// Distinct volunteers with any record.
  public var volunteers = 0
  /// Distinct beneficiaries over the whole span (beneficiary file).
  public var beneficiaries = 0
  /// Registry: registered volunteers, those ever active, and active
  /// volunteers missing from the registry.
  public var registered = 0
  public var registeredEverActive = 0
  public var activeNotRegistered = 0
  /// Registrations without a usable date (counted as registered from the start).
  public var registeredUndated = 0
  /// Teams listed in the registry.
  public var registryTeams: Set<String> = []
  /// Totals per team and per project.
  public var teamTotals: [String: ContributorTotals] = [:]
  public var projectTotals: [String: ContributorTotals] = [:]

  public init(grain: PeriodGrain) { self.grain = grain }

  /// First and last period with activity (records or beneficiaries).
  public var activityRange: ClosedRange<Int>? {
    let active = periods.filter { $0.value.records > 0 || $0.value.beneficiariesUnique > 0 }.keys
    guard let lo = active.min(), let hi = active.max() else { return nil }
    return lo...hi
  }

  public mutating func merge(_ o: ReachAccumulator) {
    precondition(grain == o.grain, "cannot merge different period grains")
    for (p, a) in o.periods { periods[p, default: ReachPeriodAggregate()].merge(a) }
    volunteers += o.volunteers
    beneficiaries += o.beneficiaries
    registered += o.registered
    registeredEverActive += o.registeredEverActive
    activeNotRegistered += o.activeNotRegistered
    registeredUndated += o.registeredUndated
    registryTeams.formUnion(o.registryTeams)
    for (t, v) in o.teamTotals { teamTotals[t, default: ContributorTotals()].merge(v) }
    for (t, v) in o.projectTotals { projectTotals[t, default: ContributorTotals()].merge(v) }
  }
}
