import Foundation
import ImpactStats
import Testing

/// The hand-written encoders of the reach accumulators (sorted sets and
/// histogram) must write every field: a decoded copy equals the original.
@Suite struct ReachAccumulatorCodingTests {
  @Test func everyFieldSurvivesARoundTrip() throws {
    var period = ReachPeriodAggregate()
    period.active = 3
    period.new = 2
    period.retained = 1
    period.activeRegistered = 2
    period.records = 7
    period.microHours = 12_500_000
    period.beneficiariesServed = 40
    period.beneficiariesUnique = 9
    period.registrations = 4
    period.volunteerHours = [2_000_000: 1, 500_000: 2, 10_000_000: 1]
    period.teams = ["b", "a", "c"]
    period.projects = ["p2", "p1"]
    var acc = ReachAccumulator(grain: .year)
    acc.periods = [2024: period, 2023: ReachPeriodAggregate()]
    acc.volunteers = 3
    acc.beneficiaries = 9
    acc.registered = 5
    acc.registeredEverActive = 3
    acc.activeNotRegistered = 1
    acc.registeredUndated = 1
    acc.registryTeams = ["t2", "t1"]
    var totals = ContributorTotals()
    totals.microHours = 12_500_000
    totals.records = 7
    totals.volunteers = 3
    acc.teamTotals = ["a": totals]
    acc.projectTotals = ["p1": totals]
    var figures = VolunteerFigureCounts(starThresholds: [100_000_000, 300_000_000])
    figures.starsReached = [2024: [2, 1, 0], 2023: [1, 0, 0]]
    figures.cohortActive = [2023: [2023: 1, 2024: 1], 2024: [2024: 2]]
    figures.lastActive = [2024: 3]
    figures.spanHours = [12_000_000: 1, 500_000: 2]
    acc.volunteerFigures = figures
    let data = try JSONEncoder().encode(acc)
    let decoded = try JSONDecoder().decode(ReachAccumulator.self, from: data)
    #expect(decoded == acc)
    let text = String(decoding: data, as: UTF8.self)
    #expect(text.contains("[\"t1\",\"t2\"]"))
    // Maps are written sorted, so the bytes do not depend on hash order.
    #expect(text.contains("\"starsReached\":[[2023,1,0,0],[2024,2,1,0]]"), "\(text)")
    #expect(text.contains("\"cohortActive\":[[2023,2023,1],[2023,2024,1],[2024,2024,2]]"), "\(text)")
    #expect(text.contains("\"spanHours\":[500000,2,12000000,1]"), "\(text)")
  }

  /// Partials of older versions have no volunteer counts: they decode as `nil`.
  @Test func aPartialWithoutVolunteerCountsDecodes() throws {
    var acc = ReachAccumulator(grain: .year)
    acc.volunteers = 1
    let data = try JSONEncoder().encode(acc)
    #expect(!String(decoding: data, as: UTF8.self).contains("volunteerFigures"))
    #expect(try JSONDecoder().decode(ReachAccumulator.self, from: data).volunteerFigures == nil)
  }

  @Test(arguments: [
    #"{"starThresholds":[1],"starsReached":[[2024,1]],"cohortActive":[],"lastActive":[],"spanHours":[]}"#,
    #"{"starThresholds":[1],"starsReached":[],"cohortActive":[[2024,1]],"lastActive":[],"spanHours":[]}"#,
    #"{"starThresholds":[1],"starsReached":[],"cohortActive":[],"lastActive":[[1,1],[1,2]],"spanHours":[]}"#,
    #"{"starThresholds":[1],"starsReached":[],"cohortActive":[],"lastActive":[],"spanHours":[5]}"#,
  ])
  func malformedVolunteerCountsAreRefused(_ json: String) {
    #expect(throws: DecodingError.self) { try JSONDecoder().decode(VolunteerFigureCounts.self, from: Data(json.utf8)) }
  }

  /// Shards merge by addition; different thresholds do not merge.
  @Test func volunteerCountsMergeByAddition() {
    var a = VolunteerFigureCounts(starThresholds: [5])
    a.starsReached = [2024: [1, 1]]
    a.cohortActive = [2024: [2024: 1]]
    a.lastActive = [2024: 1]
    a.spanHours = [6: 1]
    var b = a
    b.spanHours = [7: 1]
    let merged = a.merge(b)
    #expect(merged)
    #expect(a.starsReached == [2024: [2, 2]] && a.cohortActive == [2024: [2024: 2]] && a.lastActive == [2024: 2])
    #expect(a.spanHours == [6: 1, 7: 1])
    let mismatched = a.merge(VolunteerFigureCounts(starThresholds: [6]))
    #expect(!mismatched)
  }
}
