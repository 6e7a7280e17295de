import Foundation
import ImpactCore
import ImpactExport
import ImpactIngest
import ImpactPipeline
import ImpactStats
import TestSupport
import Testing

/// `impact reach` against figures computed independently with pandas and
/// statsmodels (Fixtures/reach/make_reach_reference.py). 1e-9 relative,
/// counts exact.
@Suite struct ReachReferenceTests {
  static let folder = Bundle.module.resourceURL?.appendingPathComponent("Fixtures/reach").path ?? ""

  static func expected() throws -> [String: Any] {
    let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/expected.json"))
    return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
  }

  static func run(
    grain: PeriodGrain, side: Bool = true, by: [String] = [], dedupe: Bool = false, parallelism: Int = 3,
    from: CalendarDay? = nil
  ) throws -> ReachReport {
    var r = ReachRequest(hours: folder + "/hours.csv")
    r.from = from
    if side {
      r.registry = folder + "/registry.csv"
      r.beneficiaries = folder + "/people.csv"
    }
    r.grain = grain
    r.by = by
    r.dropDuplicates = dedupe
    r.asOf = CalendarDay(year: 2025, month: 1, day: 1)
    r.deterministic = true
    r.csv = CSVOptions(parallelism: parallelism, minimumChunkBytes: 1024)
    return try ReachJob.run(r)
  }

  static func compare(_ label: String, _ observed: JSONValue?, _ expected: Any?) -> String? {
    let obs: Double?
    switch observed {
    case .number(let d)?: obs = d
    case .int(let i)?: obs = Double(i)
    case .string?: return nil
    default: obs = nil
    }
    let exp = (expected as? NSNumber)?.doubleValue
    switch (obs, exp) {
    case (nil, nil): return nil
    case (let o?, let e?):
      if e == 0 { return abs(o) <= 1e-12 ? nil : "\(label): expected 0, observed \(o)" }
      return relativeError(o, e) <= 1e-9 ? nil : describeMismatch(label, observed: o, expected: e)
    default: return "\(label): expected \(String(describing: exp)), observed \(String(describing: obs))"
    }
  }

  static func comparePeriods(_ report: JSONValue?, _ expected: [[String: Any]], prefix: String) -> [String] {
    guard case .array(let rows)? = report else { return ["\(prefix): no periods"] }
    var problems: [String] = []
    if rows.count != expected.count { problems.append("\(prefix): \(rows.count) periods, expected \(expected.count)") }
    for (row, e) in zip(rows, expected) {
      let period = e["period"] as? String ?? "?"
      if row["period"] != .string(period) {
        problems.append("\(prefix): period \(String(describing: row["period"])) vs \(period)")
      }
      for (k, v) in e where k != "period" {
        if let m = compare("\(prefix) \(period).\(k)", row[k], v) { problems.append(m) }
      }
    }
    return problems
  }

  static func compareAll(_ report: ReachReport, _ e: [String: Any], excludedKey: Bool = true) -> [String] {
    let doc = ReachJSON.document(report)
    var problems = comparePeriods(doc["periods"], e["periods"] as? [[String: Any]] ?? [], prefix: "periods")
    for (k, v) in e["totals"] as? [String: Any] ?? [:] {
      if let m = compare("totals.\(k)", doc["totals"]?[k], v) { problems.append(m) }
    }
    let growth = e["growth"] as? [String: [String: Any]] ?? [:]
    if case .array(let gs)? = doc["growth"] {
      for g in gs {
        guard case .string(let name)? = g["figure"], let eg = growth[name] else { continue }
        for (k, v) in eg {
          if let m = compare("growth.\(name).\(k)", g[k], v) { problems.append(m) }
        }
      }
    }
    if let top = e["top_teams"] as? [[String: Any]] {
      for (row, et) in zip(report.overall.topTeams, top) {
        if row.name != et["name"] as? String {
          problems.append("top team \(row.name) vs \(String(describing: et["name"]))")
        }
        if let m = compare("top.\(row.name).hours", .number(row.hours), et["hours"]) { problems.append(m) }
        if row.records != et["records"] as? Int || (row.volunteers != nil && row.volunteers != et["volunteers"] as? Int)
        {
          problems.append("top.\(row.name) records/volunteers \(row.records)/\(row.volunteers) vs \(et)")
        }
      }
    }
    if excludedKey, let ex = e["excluded"] as? [String: Int] {
      let counts = report.exclusions.counts.filter { !$0.key.hasSuffix("_note") }
      if counts != ex { problems.append("excluded \(counts) vs \(ex)") }
    }
    return problems
  }

  @Test func yearlyFiguresMatchTheReference() throws {
    let e = try Self.expected()["year"] as? [String: Any] ?? [:]
    let problems = Self.compareAll(try Self.run(grain: .year), e)
    #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
  }

  @Test func quarterlyFiguresMatchTheReference() throws {
    let e = try Self.expected()["quarter"] as? [String: Any] ?? [:]
    let problems = Self.compareAll(try Self.run(grain: .quarter), e, excludedKey: false)
    #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
  }

  @Test func duplicateRecordsAreDroppedOnRequest() throws {
    let e = try Self.expected()["year_dedup"] as? [String: Any] ?? [:]
    // Without the beneficiary file the data start on 2018-01-14, which would
    // make 2018 a partial year; the reference treats the log as covering
    // 2018 whole, as `--from 2018-01-01` states (no record is before it).
    let problems = Self.compareAll(
      try Self.run(grain: .year, side: false, dedupe: true, from: CalendarDay(year: 2018, month: 1, day: 1)), e)
    #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
  }

  @Test func teamBreakdownMatchesTheReference() throws {
    let e = try Self.expected()["year_by_team"] as? [String: [[String: Any]]] ?? [:]
    let report = try Self.run(grain: .year, side: false, by: ["team"])
    // With --by team the top-team table carries distinct volunteers.
    let top = try Self.expected()["year"] as? [String: Any] ?? [:]
    let expectedTop = top["top_teams"] as? [[String: Any]] ?? []
    #expect(report.overall.topTeams.count == expectedTop.count)
    for (row, et) in zip(report.overall.topTeams, expectedTop) {
      #expect(row.volunteers == et["volunteers"] as? Int, "\(row.name)")
    }
    let doc = ReachJSON.document(report)
    var problems: [String] = []
    guard case .array(let groups)? = doc["groups"] else {
      Issue.record("no groups")
      return
    }
    #expect(groups.count == e.count)
    for g in groups {
      guard case .string(let name)? = g["group"], let rows = e[name] else {
        problems.append("unexpected group \(String(describing: g["group"]))")
        continue
      }
      problems += Self.comparePeriods(g["periods"], rows, prefix: "team \(name)")
    }
    #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
  }

  /// Splitting the work differently never changes a byte.
  @Test func parallelismDoesNotChangeOutputs() throws {
    let one = try Self.run(grain: .month, by: ["team", "project"], parallelism: 1)
    let many = try Self.run(grain: .month, by: ["team", "project"], parallelism: 7)
    #expect(ReachJSON.document(one).serialized() == ReachJSON.document(many).serialized())
    #expect(ReachCSV.byGroup(one) == ReachCSV.byGroup(many))
  }
}
