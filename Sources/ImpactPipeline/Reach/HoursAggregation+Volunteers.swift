import ImpactCore
import ImpactStats

extension HoursAggregation {
  /// The counts behind the volunteer figures (`VolunteerFigureCounts`), from
  /// the (volunteer, period) totals inside the span and each volunteer's
  /// first period.
  ///
  /// One linear scan per id partition over its totals sorted by key (a
  /// volunteer's periods are consecutive): each volunteer's running hours
  /// give the periods in which they reach each star threshold, their periods
  /// give their cohort's activity and their last active period, and their
  /// sum the span's per-volunteer histogram.
  /// - Parameter thresholds: star thresholds in micro-hours, increasing.
  /// - Complexity: O(e) for e (volunteer, period) totals, after sorting them.
  func volunteerFigureCounts(span: ClosedRange<Int>?, thresholds: [Int64]) -> VolunteerFigureCounts {
    var counts = VolunteerFigureCounts(starThresholds: thresholds)
    guard let span else { return counts }
    let tables = overall
    let first = firstPeriod
    let k = thresholds.count
    let width = span.count
    let lower = span.lowerBound
    let empty = VolunteerScan(periods: width, levels: k + 1)
    let parts = CodePeriodTotals.parts
    let scanned = Partitions.transform([VolunteerScan](repeating: empty, count: parts)) { j, s in
      var volunteer = -1
      var cumulative: Int64 = 0
      var level = 0
      var lastPeriod = 0
      var cohort = 0
      func close() {
        guard volunteer >= 0 else { return }
        s.lastActive[lastPeriod - lower] += 1
        s.spanHours[cumulative, default: 0] += 1
      }
      tables.forEach(part: j) { v, p, sum, _ in
        guard span.contains(p) else { return }
        let i = p - lower
        if v != volunteer {
          close()
          volunteer = v
          cumulative = 0
          level = 0
          cohort = v < first.count ? Int(first[v]) : p
          s.reached[i * (k + 1)] += 1
        }
        // Within the hour log's checked total: cannot overflow.
        cumulative += sum
        while level < k && cumulative >= thresholds[level] {
          level += 1
          s.reached[i * (k + 1) + level] += 1
        }
        if s.cohortGrid.isEmpty || cohort < lower {
          s.cohortActive[CohortKey(cohort: cohort, period: p), default: 0] += 1
        } else {
          s.cohortGrid[(cohort - lower) * width + i] += 1
        }
        lastPeriod = p
      }
      close()
    }
    for s in scanned {
      for i in 0..<width {
        let row = Array(s.reached[(i * (k + 1))..<((i + 1) * (k + 1))])
        if row.contains(where: { $0 > 0 }) {
          var mine = counts.starsReached[lower + i] ?? Array(repeating: 0, count: k + 1)
          for l in 0...k { mine[l] += row[l] }
          counts.starsReached[lower + i] = mine
        }
        if s.lastActive[i] > 0 { counts.lastActive[lower + i, default: 0] += s.lastActive[i] }
      }
      for (key, n) in s.cohortActive { counts.cohortActive[key.cohort, default: [:]][key.period, default: 0] += n }
      for (cell, n) in s.cohortGrid.enumerated() where n > 0 {
        counts.cohortActive[lower + cell / width, default: [:]][lower + cell % width, default: 0] += n
      }
      for (h, n) in s.spanHours { counts.spanHours[h, default: 0] += n }
    }
    return counts
  }
}

/// One partition's share of the volunteer counts, in flat arrays over the
/// span (index = period − span start).
struct VolunteerScan: Sendable {
  /// (period offset · levels + level) → volunteers reaching it.
  var reached: [Int]
  var lastActive: [Int]
  /// (cohort offset · periods + period offset) → active volunteers, for
  /// cohorts inside the span when the span has at most `gridLimit` periods.
  var cohortGrid: [Int]
  /// Cohorts before the span (first records before `--from`), or every
  /// cohort of a longer span.
  var cohortActive: [CohortKey: Int] = [:]
  var spanHours: [Int64: Int] = [:]

  /// Longest span whose cohorts get the flat grid (600² counts, 2.9 MB).
  static let gridLimit = 600

  init(periods: Int, levels: Int) {
    reached = Array(repeating: 0, count: periods * levels)
    lastActive = Array(repeating: 0, count: periods)
    cohortGrid = periods <= Self.gridLimit ? Array(repeating: 0, count: periods * periods) : []
  }
}

struct CohortKey: Hashable, Sendable {
  var cohort: Int
  var period: Int
}
