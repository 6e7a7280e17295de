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
    let data = try JSONEncoder().encode(acc)
    let decoded = try JSONDecoder().decode(ReachAccumulator.self, from: data)
    #expect(decoded == acc)
    #expect(String(decoding: data, as: UTF8.self).contains("[\"t1\",\"t2\"]"))
  }
}
