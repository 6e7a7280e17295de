// The mergeable counts behind the volunteer figures that volunteer platforms
// publish: star levels by cumulative service hours, cohort retention, lapsed
// volunteers and the distribution of hours per volunteer over the span.
//
// Every count is about whole volunteers, so shards that partition the hour
// log by volunteer id add up to the single run's counts: a volunteer's
// figures are decided in the one shard that holds all of their records.

/// Counts per (volunteer) event over the analysed periods; every field merges
/// by addition across volunteer-sharded partials.
///
/// Star levels are stored as events — the period in which a volunteer's
/// cumulative hours first reach a threshold — so the counts at the end of any
/// period are prefix sums, whatever span each shard saw:
/// ```
/// at least level L at the end of p = Σ_{q ≤ p} starsReached[q][L]
/// exactly level L                  = atLeast(L) − atLeast(L + 1)
/// ```
public struct VolunteerFigureCounts: Sendable, Equatable, Codable {
  /// Star thresholds in micro-hours, strictly increasing and positive.
  public var starThresholds: [Int64]
  /// Period → `starThresholds.count + 1` counts: index 0, volunteers whose
  /// first analysed record is in the period; index L ≥ 1, volunteers whose
  /// cumulative analysed hours first reach `starThresholds[L − 1]` in it.
  public var starsReached: [Int: [Int]] = [:]
  /// First-service period (the period of a volunteer's first valid record in
  /// the whole log, as `new`) → period → volunteers of that cohort active.
  public var cohortActive: [Int: [Int: Int]] = [:]
  /// Period → volunteers whose last analysed record is in it.
  public var lastActive: [Int: Int] = [:]
  /// Exact histogram of per-volunteer total micro-hours over the span.
  public var spanHours: [Int64: Int] = [:]

  public init(starThresholds: [Int64]) { self.starThresholds = starThresholds }

  /// Adds another shard's counts; `false` (and `self` left unspecified) when
  /// the thresholds differ or a sum overflows.
  public mutating func merge(_ o: VolunteerFigureCounts) -> Bool {
    guard starThresholds == o.starThresholds else { return false }
    var ok = true
    for (p, counts) in o.starsReached {
      var mine = starsReached[p] ?? Array(repeating: 0, count: counts.count)
      guard mine.count == counts.count else { return false }
      for i in counts.indices { mine[i] = checkedSum(mine[i], counts[i], &ok) }
      starsReached[p] = mine
    }
    for (c, periods) in o.cohortActive {
      for (p, n) in periods { cohortActive[c, default: [:]][p] = checkedSum(cohortActive[c]?[p] ?? 0, n, &ok) }
    }
    for (p, n) in o.lastActive { lastActive[p] = checkedSum(lastActive[p, default: 0], n, &ok) }
    for (h, n) in o.spanHours { spanHours[h] = checkedSum(spanHours[h, default: 0], n, &ok) }
    return ok
  }

  // Deterministic bytes for partial files: every map is written as a sorted
  // flat array (the synthesized encoders write dictionaries in hash order).

  enum CodingKeys: String, CodingKey {
    case starThresholds, starsReached, cohortActive, lastActive, spanHours
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(starThresholds, forKey: .starThresholds)
    // [[period, reached₀, reached₁, …]]
    try c.encode(starsReached.sorted { $0.key < $1.key }.map { [$0.key] + $0.value }, forKey: .starsReached)
    // [[cohort, period, volunteers]]
    var cohorts: [[Int]] = []
    for (cohort, periods) in cohortActive.sorted(by: { $0.key < $1.key }) {
      for (p, n) in periods.sorted(by: { $0.key < $1.key }) { cohorts.append([cohort, p, n]) }
    }
    try c.encode(cohorts, forKey: .cohortActive)
    // [[period, volunteers]]
    try c.encode(lastActive.sorted { $0.key < $1.key }.map { [$0.key, $0.value] }, forKey: .lastActive)
    // [micro-hours, volunteers, micro-hours, volunteers, …]
    var h = c.nestedUnkeyedContainer(forKey: .spanHours)
    for (k, v) in spanHours.sorted(by: { $0.key < $1.key }) {
      try h.encode(k)
      try h.encode(v)
    }
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    starThresholds = try c.decode([Int64].self, forKey: .starThresholds)
    func corrupt(_ key: CodingKeys, _ what: String) -> DecodingError {
      DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: what)
    }
    for row in try c.decode([[Int]].self, forKey: .starsReached) {
      guard row.count == starThresholds.count + 2 else {
        throw corrupt(.starsReached, "a row has \(row.count) numbers; expected period and \(starThresholds.count + 1)")
      }
      guard starsReached.updateValue(Array(row.dropFirst()), forKey: row[0]) == nil else {
        throw corrupt(.starsReached, "period \(row[0]) appears twice")
      }
    }
    for row in try c.decode([[Int]].self, forKey: .cohortActive) {
      guard row.count == 3 else { throw corrupt(.cohortActive, "a row has \(row.count) numbers; expected 3") }
      guard cohortActive[row[0], default: [:]].updateValue(row[2], forKey: row[1]) == nil else {
        throw corrupt(.cohortActive, "cohort \(row[0]) period \(row[1]) appears twice")
      }
    }
    for row in try c.decode([[Int]].self, forKey: .lastActive) {
      guard row.count == 2 else { throw corrupt(.lastActive, "a row has \(row.count) numbers; expected 2") }
      guard lastActive.updateValue(row[1], forKey: row[0]) == nil else {
        throw corrupt(.lastActive, "period \(row[0]) appears twice")
      }
    }
    var h = try c.nestedUnkeyedContainer(forKey: .spanHours)
    while !h.isAtEnd {
      let k = try h.decode(Int64.self)
      guard !h.isAtEnd else { throw corrupt(.spanHours, "ends with a key without a count") }
      guard spanHours.updateValue(try h.decode(Int.self), forKey: k) == nil else {
        throw corrupt(.spanHours, "\(k) micro-hours appear twice")
      }
    }
  }
}
