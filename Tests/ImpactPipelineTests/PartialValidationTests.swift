import Foundation
import ImpactCore
import ImpactIngest
import ImpactPipeline
import TestSupport
import Testing

/// Forged and damaged partial files: `impact merge` refuses each with an
/// error naming the file and the field, and never traps. Each case edits the
/// JSON of a real partial (the example data) the way an attacker or a broken
/// disk would.
@Suite struct PartialValidationTests {
  static let example = repositoryRoot() + "/datasets/example"

  /// A step in a JSON path: an object key or an array index.
  enum Step: Sendable, CustomStringConvertible {
    case key(String)
    case index(Int)
    var description: String {
      switch self {
      case .key(let k): return k
      case .index(let i): return String(i)
      }
    }
  }

  /// One forgery: where, the new value, and what the error must say.
  struct Forgery: Sendable, CustomStringConvertible {
    var name: String
    var kind: PartialKind
    var path: [Step]
    var value: @Sendable () -> Any
    var expected: String
    /// Keep the genuine ids (forgeries of the id fields themselves).
    var keepIds = false
    var description: String { name }
  }

  static let literacyState = Result { try literacy() }
  static let reachState = Result { try reach() }

  static func literacy() throws -> [UInt8] {
    var r = LiteracyRequest()
    r.pre = example + "/synthetic_survey_baseline.csv"
    r.post = example + "/synthetic_survey_endline.csv"
    r.codebook = example + "/synthetic_codebook.yaml"
    r.by = ["district"]
    r.deterministic = true
    return try PartialFile.encode(.literacy(LiteracyJob.accumulate(r, keepIds: true)))
  }

  static func reach() throws -> [UInt8] {
    var r = ReachRequest(hours: example + "/synthetic_hours.csv")
    r.registry = example + "/synthetic_registry.csv"
    r.beneficiaries = example + "/synthetic_beneficiaries.csv"
    r.by = ["team"]
    r.asOf = CalendarDay(year: 2025, month: 3, day: 3)
    r.deterministic = true
    return try PartialFile.encode(.reach(ReachJob.accumulate(r, keepIds: true)))
  }

  /// `json` with the value at `path` replaced by `f(old)`.
  static func edited(_ json: Any, _ path: ArraySlice<Step>, _ f: (Any?) -> Any) -> Any {
    guard let step = path.first else { return f(json) }
    switch step {
    case .key(let k):
      var m = json as? [String: Any] ?? [:]
      m[k] = edited(m[k] as Any, path.dropFirst(), f)
      return m
    case .index(let i):
      var a = json as? [Any] ?? []
      if i < a.count { a[i] = edited(a[i], path.dropFirst(), f) }
      return a
    }
  }

  /// Writes the partial with `edits` applied (and, unless `keepIds`, its
  /// ids removed as with --trust-sharding, so that another copy does not
  /// overlap it) to `dir/name.json`.
  static func forged(
    _ bytes: [UInt8], dir: String, name: String, keepIds: Bool = false, _ edits: [(path: [Step], value: Any)]
  ) throws -> String {
    var json = try JSONSerialization.jsonObject(with: Data(bytes))
    if !keepIds, var m = json as? [String: Any], var state = m["state"] as? [String: Any] {
      for key in ["idHashes", "volunteerTable", "beneficiaryHashes"] { state[key] = nil }
      if let groups = state["groups"] as? [[String: Any]] {
        state["groups"] = groups.map { g in g.filter { $0.key != "volunteerTable" } }
      }
      m["state"] = state
      json = m
    }
    for e in edits { json = edited(json, e.path[...]) { _ in e.value } }
    let path = "\(dir)/\(name).json"
    try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: path))
    return path
  }

  static func temp() throws -> String {
    let d = FileManager.default.temporaryDirectory.appendingPathComponent("impact-forged-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
    return d
  }

  static let lit: [Step] = [.key("state"), .key("overall")]
  static let period2020: [Step] = [.key("state"), .key("overall"), .key("periods"), .key("2020")]
  static let volunteerFigures: [Step] = [.key("state"), .key("overall"), .key("volunteerFigures")]

  static let forgeries: [Forgery] = [
    Forgery(
      name: "short counts array", kind: .literacy, path: lit + [.key("counts"), .key("missingPre")], value: { [1] },
      expected: "counts.missingPre has 1 entries for 16 indicators"),
    Forgery(
      name: "huge histogram count", kind: .literacy,
      path: lit + [.key("indicators"), .index(0), .key("exactDifferences")],
      value: { [[3, 9_223_372_036_854_775_000 as Int64]] }, expected: "with a count in 1...2^53"),
    Forgery(
      name: "histogram that disagrees with the pairs", kind: .literacy,
      path: lit + [.key("indicators"), .index(0), .key("exactDifferences")], value: { [[3, 5]] },
      expected: "indicators[0]: the histogram of differences holds 5 values for 1971 complete pairs"),
    Forgery(
      name: "negative matched", kind: .literacy, path: lit + [.key("counts"), .key("matched")], value: { -5 },
      expected: "counts.matched is -5"),
    Forgery(
      name: "duplicated by", kind: .literacy, path: [.key("state"), .key("by")], value: { ["district", "district"] },
      expected: "state.by lists a column twice"),
    Forgery(
      name: "decimal places out of range", kind: .literacy,
      path: lit + [.key("indicators"), .index(0), .key("exact"), .key("scale")], value: { 99 },
      expected: "scale is 99; decimal places must be in 0...15"),
    Forgery(
      name: "short pass table", kind: .literacy, path: lit + [.key("indicators"), .index(0), .key("passTable")],
      value: { [1] }, expected: "passTable must hold 4 counts"),
    Forgery(
      name: "unsorted id hashes", kind: .literacy, path: [.key("state"), .key("idHashes")],
      value: { Data([2, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]).base64EncodedString() },
      expected: "state.idHashes is not sorted without repeats"),
    Forgery(
      name: "id hashes not whole words", kind: .literacy, path: [.key("state"), .key("idHashes")],
      value: { Data([1, 2, 3]).base64EncodedString() },
      expected: "idHashes: is not base64 of 8-byte little-endian integers"),
    Forgery(
      name: "volunteer flags that disagree with the figures", kind: .reach,
      path: [.key("state"), .key("volunteerTable"), .key("flags")],
      value: { Data(repeating: 0, count: 10_000).base64EncodedString() },
      expected: "state.volunteerTable has", keepIds: true),
    Forgery(
      name: "volunteer table without beneficiaries", kind: .reach, path: [.key("state"), .key("beneficiaryHashes")],
      value: { NSNull() }, expected: "state.beneficiaryHashes is given without volunteerTable", keepIds: true),
    Forgery(
      name: "huge cross-product size", kind: .literacy, path: lit + [.key("itemsPre"), .key("variables")],
      value: { 1_000_000_000 }, expected: "variables is 1000000000"),
    Forgery(
      name: "micro-hours near 2^63", kind: .reach, path: period2020 + [.key("microHours")],
      value: { 9_223_372_036_854_775_798 as Int64 },
      expected:
        "state.overall.periods.2020.microHours is 9223372036854775798; the counts and hours of this partial add up to more than 2^62"
    ),
    Forgery(
      name: "negative hours", kind: .reach, path: period2020 + [.key("microHours")], value: { -5_000_000 },
      expected: "microHours is -5000000; counts and hours cannot be negative"),
    Forgery(
      name: "hours that disagree with the volunteers", kind: .reach, path: period2020 + [.key("active")],
      value: { 1 }, expected: "periods.2020.volunteerHours holds"),
    Forgery(
      name: "period 99999", kind: .reach, path: [.key("state"), .key("overall"), .key("periods"), .key("99999")],
      value: { emptyPeriod }, expected: "periods.99999 is period 99999, not a year of the years 1–9999"),
    Forgery(
      name: "period 1 with 2012–2024", kind: .reach,
      path: [.key("state"), .key("overall"), .key("periods"), .key("1")], value: { emptyPeriod },
      expected: "state.overall.periods span 1 to 2024, more than 200 years"),
    Forgery(
      name: "star level reached before the one below", kind: .reach,
      path: volunteerFigures + [.key("starsReached"), .index(0)],
      value: { [2012, 300, 0, 5, 0, 0, 0] },
      expected: "volunteerFigures.starsReached.2012 makes 5 volunteers reach star level 2 but only 0 level 1"),
    Forgery(
      name: "cohort count that disagrees with the period", kind: .reach,
      path: volunteerFigures + [.key("cohortActive"), .index(0)], value: { [2012, 2012, 299] },
      expected: "volunteerFigures.cohortActive holds 299 active volunteers in period 2012, but the period has 302"),
    Forgery(
      name: "cohort active before its first period", kind: .reach,
      path: volunteerFigures + [.key("cohortActive"), .index(0)], value: { [2013, 2012, 300] },
      expected: "volunteerFigures.cohortActive.2013.2012 is 300; a cohort has at least one active volunteer"),
    Forgery(
      name: "last-active counts that disagree with the volunteers", kind: .reach,
      path: volunteerFigures + [.key("lastActive"), .index(0)], value: { [2012, 100_000] },
      expected: "volunteerFigures.lastActive counts"),
    Forgery(
      name: "span histogram that disagrees with the hours", kind: .reach, path: volunteerFigures + [.key("spanHours")],
      value: { [1_000_000, 5] }, expected: "volunteerFigures.spanHours counts 5 volunteers"),
    Forgery(
      name: "star thresholds other than the option", kind: .reach, path: volunteerFigures + [.key("starThresholds")],
      value: { [1, 2, 3, 4, 5] },
      expected: "starThresholds are [1, 2, 3, 4, 5] micro-hours but the star_levels option is 100,300,600,1000,1500"),
    Forgery(
      name: "volunteer counts left out", kind: .reach, path: volunteerFigures, value: { NSNull() },
      expected: "volunteerFigures is missing, but the options name star_levels"),
    Forgery(
      name: "duplicated reach by", kind: .reach, path: [.key("state"), .key("by")], value: { ["team", "team"] },
      expected: "state.by lists a column twice"),
  ]

  /// A period with one record and nothing else.
  static var emptyPeriod: [String: Any] {
    [
      "active": 0, "activeRegistered": 0, "beneficiariesServed": 0, "beneficiariesUnique": 0, "microHours": 0,
      "new": 0, "projects": [String](), "records": 1, "registrations": 0, "retained": 0, "teams": [String](),
      "volunteerHours": [Int](),
    ]
  }

  /// The volunteer counts of a partial without volunteers (default star levels).
  static var noVolunteerFigures: [String: Any] {
    [
      "starThresholds": [100, 300, 600, 1_000, 1_500].map { $0 * 1_000_000 }, "starsReached": [[Int]](),
      "cohortActive": [[Int]](),
      "lastActive": [[Int]](), "spanHours": [Int](),
    ]
  }

  @Test(arguments: forgeries)
  func forgedPartialIsRefused(_ f: Forgery) throws {
    let dir = try Self.temp()
    let bytes = try (f.kind == .literacy ? Self.literacyState : Self.reachState).get()
    let genuine = try Self.forged(bytes, dir: dir, name: "genuine", [])
    let bad = try Self.forged(bytes, dir: dir, name: "forged", keepIds: f.keepIds, [(f.path, f.value())])
    let error = try #require(throws: IngestError.self) { _ = try MergeJob.run([genuine, bad], deterministic: true) }
    #expect(error.file == bad)
    #expect(error.message.hasPrefix("the partial result is damaged ("), "\(error.message)")
    #expect(error.message.contains(f.expected), "\(error.message)")
  }

  /// Each partial is within bounds, but together their hours exceed 2^62:
  /// refused before anything is added.
  @Test func partialsWhoseTotalsOverflowTogetherAreRefused() throws {
    let dir = try Self.temp()
    let bytes = try Self.reachState.get()
    let json = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
    let state = try #require(json["state"] as? [String: Any])
    let overall = try #require(state["overall"] as? [String: Any])
    let teams = try #require(overall["teamTotals"] as? [String: Any])
    let team = try #require(teams.keys.sorted().first)
    let path: [Step] = [.key("state"), .key("overall"), .key("teamTotals"), .key(team), .key("microHours")]
    let big = Int64(1) << 61 + Int64(1) << 60
    let a = try Self.forged(bytes, dir: dir, name: "a", [(path, big)])
    let b = try Self.forged(bytes, dir: dir, name: "b", [])
    let error = try #require(throws: IngestError.self) { _ = try MergeJob.run([b, a, a], deterministic: true) }
    #expect(error.message.contains("add up to more than 2^62"), "\(error.message)")
    #expect(error.message.contains("teamTotals.\(team).microHours"), "\(error.message)")
  }

  /// Exact sums that overflow 128 bits when two shards add up fall back to
  /// floating point (as accumulation does) instead of trapping.
  @Test func exactSumsThatOverflowWhenMergedDoNotTrap() throws {
    let dir = try Self.temp()
    let bytes = try Self.literacyState.get()
    let path: [Step] = [
      .key("state"), .key("overall"), .key("indicators"), .index(0), .key("exact"), .key("sxx"),
    ]
    let huge = String(Int128.max)
    let a = try Self.forged(bytes, dir: dir, name: "a", [(path, huge)])
    let b = try Self.forged(bytes, dir: dir, name: "b", [])
    guard case .literacy(let merged) = try MergeJob.run([a, b], deterministic: true) else {
      Issue.record("not a literacy result")
      return
    }
    #expect(merged.overall.indicators.count == 16)
  }

  /// Partials that are each within two centuries but not together (a shard
  /// with a mistyped year): the merge stops at the partial that widens it.
  @Test func mergedPeriodsSpanningCenturiesAreRefused() throws {
    let dir = try Self.temp()
    let bytes = try Self.reachState.get()
    // A partial of its own: one empty period, no volunteers.
    let overall: [Step] = [.key("state"), .key("overall")]
    let a = try Self.forged(
      bytes, dir: dir, name: "a",
      [
        (overall + [.key("periods")], ["1700": Self.emptyPeriod]), (overall + [.key("volunteers")], 0),
        (overall + [.key("volunteerFigures")], Self.noVolunteerFigures),
      ])
    let b = try Self.forged(bytes, dir: dir, name: "b", [])
    let error = try #require(throws: IngestError.self) { _ = try MergeJob.run([b, a], deterministic: true) }
    #expect(error.file == a)
    #expect(error.message.contains("the merged periods span 1700 to 2024, more than 200 years"), "\(error.message)")
  }
}
