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

  /// Adds another shard's aggregate of the same period; `false` (and the
  /// aggregate left unspecified) when a sum overflows.
  public mutating func merge(_ o: ReachPeriodAggregate) -> Bool {
    var ok = true
    active = checkedSum(active, o.active, &ok)
    new = checkedSum(new, o.new, &ok)
    retained = checkedSum(retained, o.retained, &ok)
    activeRegistered = checkedSum(activeRegistered, o.activeRegistered, &ok)
    records = checkedSum(records, o.records, &ok)
    microHours = checkedSum(microHours, o.microHours, &ok)
    beneficiariesServed = checkedSum(beneficiariesServed, o.beneficiariesServed, &ok)
    beneficiariesUnique = checkedSum(beneficiariesUnique, o.beneficiariesUnique, &ok)
    registrations = checkedSum(registrations, o.registrations, &ok)
    for (h, c) in o.volunteerHours { volunteerHours[h] = checkedSum(volunteerHours[h, default: 0], c, &ok) }
    teams.formUnion(o.teams)
    projects.formUnion(o.projects)
    return ok
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

  /// `false` when a sum overflows.
  public mutating func merge(_ o: ContributorTotals) -> Bool {
    var ok = true
    microHours = checkedSum(microHours, o.microHours, &ok)
    records = checkedSum(records, o.records, &ok)
    if let a = volunteers, let b = o.volunteers {
      volunteers = checkedSum(a, b, &ok)
    } else {
      volunteers = volunteers ?? o.volunteers
    }
    return ok
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
  /// Star-level events, cohort activity, last-active periods and the span's
  /// per-volunteer hours (the overall population only; `nil` in groups and
  /// in partials of older versions).
  public var volunteerFigures: VolunteerFigureCounts?

  public init(grain: PeriodGrain) { self.grain = grain }

  /// First and last period with activity (records or beneficiaries).
  public var activityRange: ClosedRange<Int>? {
    let active = periods.filter { $0.value.records > 0 || $0.value.beneficiariesUnique > 0 }.keys
    guard let lo = active.min(), let hi = active.max() else { return nil }
    return lo...hi
  }

  /// Adds another shard's accumulator. Every sum is overflow-checked:
  /// `false` (and `self` left unspecified) when one would overflow, which
  /// only forged or absurd inputs reach.
  /// Micro-hours over every period, or `nil` if the sum overflows.
  public var totalMicroHours: Int64? {
    var ok = true
    var total: Int64 = 0
    for a in periods.values { total = checkedSum(total, a.microHours, &ok) }
    return ok ? total : nil
  }

  public mutating func merge(_ o: ReachAccumulator) -> Bool {
    precondition(grain == o.grain, "cannot merge different period grains")
    var ok = true
    for (p, a) in o.periods {
      if !periods[p, default: ReachPeriodAggregate()].merge(a) { ok = false }
    }
    volunteers = checkedSum(volunteers, o.volunteers, &ok)
    beneficiaries = checkedSum(beneficiaries, o.beneficiaries, &ok)
    registered = checkedSum(registered, o.registered, &ok)
    registeredEverActive = checkedSum(registeredEverActive, o.registeredEverActive, &ok)
    activeNotRegistered = checkedSum(activeNotRegistered, o.activeNotRegistered, &ok)
    registeredUndated = checkedSum(registeredUndated, o.registeredUndated, &ok)
    registryTeams.formUnion(o.registryTeams)
    for (t, v) in o.teamTotals {
      if !teamTotals[t, default: ContributorTotals()].merge(v) { ok = false }
    }
    for (t, v) in o.projectTotals {
      if !projectTotals[t, default: ContributorTotals()].merge(v) { ok = false }
    }
    if let theirs = o.volunteerFigures {
      if var mine = volunteerFigures {
        if !mine.merge(theirs) { ok = false }
        volunteerFigures = mine
      } else {
        volunteerFigures = theirs
      }
    }
    return ok
  }
}

/// `a + b`, or `a` with `ok` cleared when the sum overflows (for exact
/// integer totals of user data, which must never trap).
@inline(__always)
public func checkedSum<T: FixedWidthInteger>(_ a: T, _ b: T, _ ok: inout Bool) -> T {
  let (s, overflow) = a.addingReportingOverflow(b)
  if overflow {
    ok = false
    return a
  }
  return s
}

// Deterministic bytes for partial files: sets and the Int64-keyed histogram
// are written in sorted order (the synthesized encoders write them in hash
// order, which differs between runs). The layout is the synthesized one, so
// the synthesized decoders read old and new files alike.

extension ReachPeriodAggregate {
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(active, forKey: .active)
    try c.encode(new, forKey: .new)
    try c.encode(retained, forKey: .retained)
    try c.encode(activeRegistered, forKey: .activeRegistered)
    try c.encode(records, forKey: .records)
    try c.encode(microHours, forKey: .microHours)
    try c.encode(beneficiariesServed, forKey: .beneficiariesServed)
    try c.encode(beneficiariesUnique, forKey: .beneficiariesUnique)
    try c.encode(registrations, forKey: .registrations)
    // [Int64: Int] is written as [key, value, key, value, …], as Swift's own
    // encoder does for keys that are neither String nor Int.
    var h = c.nestedUnkeyedContainer(forKey: .volunteerHours)
    for (k, v) in volunteerHours.sorted(by: { $0.key < $1.key }) {
      try h.encode(k)
      try h.encode(v)
    }
    try c.encode(teams.sorted(), forKey: .teams)
    try c.encode(projects.sorted(), forKey: .projects)
  }
}

extension ReachAccumulator {
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(grain, forKey: .grain)
    try c.encode(periods, forKey: .periods)
    try c.encode(volunteers, forKey: .volunteers)
    try c.encode(beneficiaries, forKey: .beneficiaries)
    try c.encode(registered, forKey: .registered)
    try c.encode(registeredEverActive, forKey: .registeredEverActive)
    try c.encode(activeNotRegistered, forKey: .activeNotRegistered)
    try c.encode(registeredUndated, forKey: .registeredUndated)
    try c.encode(registryTeams.sorted(), forKey: .registryTeams)
    try c.encode(teamTotals, forKey: .teamTotals)
    try c.encode(projectTotals, forKey: .projectTotals)
    try c.encodeIfPresent(volunteerFigures, forKey: .volunteerFigures)
  }
}
