import Foundation
import ImpactCore
import ImpactExport
import ImpactIngest
import ImpactStats
import Testing

@testable import ImpactPipeline

/// Partials as a yearly update makes them: one per year, each from that
/// year's records (a volunteer is in several). `impact merge` recognises
/// them as time cuts, and their merge equals the single run over the whole
/// log; partials whose periods overlap are refused.
@Suite struct TimeCutMergeTests {
  static let example = MergeTests.example

  /// Splits a CSV by the year of its `date` column into one file per year
  /// (2012…2024), other years' rows left as blank lines so that every row
  /// keeps its line number; rows without a readable year go to 2024's file.
  static func splitByYear(_ path: String, dir: String, prefix: String) throws -> [(Int, String)] {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if lines.last == "" { lines.removeLast() }
    let header = lines.removeFirst()
    let d = header.split(separator: ",").firstIndex { $0 == "date" } ?? 1
    let years = Array(2012...2024)
    var parts = Array(repeating: header + "\n", count: years.count)
    for line in lines {
      let fields = line.split(separator: ",", omittingEmptySubsequences: false)
      let year = d < fields.count ? Int(fields[d].prefix(4)) ?? 2024 : 2024
      let mine = min(max(year, 2012), 2024) - 2012
      for i in parts.indices { parts[i] += (i == mine ? line : "") + "\n" }
    }
    return try parts.enumerated().map { i, body in
      let p = "\(dir)/\(prefix)_\(years[i]).csv"
      try body.write(toFile: p, atomically: true, encoding: .utf8)
      return (years[i], p)
    }
  }

  static func request(_ hours: String, _ beneficiaries: String, grain: PeriodGrain) -> ReachRequest {
    var r = MergeTests.reachRequest(
      hours: hours, registry: example + "/synthetic_registry.csv", beneficiaries: beneficiaries)
    r.by = ["team", "university"]
    r.grain = grain
    r.allowEmptyInputs = true
    return r
  }

  @Test(arguments: [PeriodGrain.year, .month])
  func yearlyPartialsMergeToTheSingleRun(_ grain: PeriodGrain) throws {
    let dir = try MergeTests.temp()
    let hours = Self.example + "/synthetic_hours.csv"
    let people = Self.example + "/synthetic_beneficiaries.csv"
    let single = try ReachJob.run(Self.request(hours, people, grain: grain))
    let hourParts = try Self.splitByYear(hours, dir: dir, prefix: "hours")
    let peopleParts = try Self.splitByYear(people, dir: dir, prefix: "people")
    var paths: [String] = []
    for ((year, h), (_, b)) in zip(hourParts, peopleParts).reversed() {  // any order
      let state = try ReachJob.accumulate(Self.request(h, b, grain: grain), keepIds: true)
      paths.append(try MergeTests.roundTrip(.reach(state), dir: dir, name: "y\(year)"))
    }
    let (report, summary) = try MergeJob.merge(paths, deterministic: true)
    guard case .reach(let merged) = report else {
      Issue.record("not a reach result")
      return
    }
    #expect(summary.kind == .timeCuts)
    #expect(summary.sentence.contains("as time cuts"), "\(summary.sentence)")
    let n = try #require(summary.distinctIds)
    let p = try #require(summary.collisionProbability)
    #expect(n > 1000 && p > 0 && p < 1e-9)
    // The examples name the yearly files: name the whole log instead.
    var mergedJSON = MergeTests.comparable(ReachJSON.document(merged))
    for (_, p) in hourParts { mergedJSON = mergedJSON.replacingOccurrences(of: p, with: hours) }
    for (_, p) in peopleParts { mergedJSON = mergedJSON.replacingOccurrences(of: p, with: people) }
    // Volunteer figures need each volunteer's hours across the cuts: left
    // out of a time-cut merge, with the reason in the summary.
    #expect(merged.volunteers == nil && single.volunteers != nil)
    #expect(summary.sentence.contains("volunteer figures"), "\(summary.sentence)")
    var withoutFigures = single
    withoutFigures.volunteers = nil
    let singleJSON = MergeTests.comparable(ReachJSON.document(withoutFigures))
    #expect(mergedJSON == singleJSON)
    if mergedJSON != singleJSON {
      for (a, b) in zip(mergedJSON.split(separator: ","), singleJSON.split(separator: ",")) where a != b {
        Issue.record("first difference: merged \(a), single \(b)")
        break
      }
    }
    // Volunteers return from year to year: a sum of the partials would overcount.
    let total = try #require(single.overall.totals.first { $0.0 == "volunteers" }.flatMap { $0.1 })
    let yearly = try paths.map { p -> Int in
      guard case .reach(let s) = try PartialFile.decode(path: p) else { return 0 }
      return s.overall.volunteers
    }
    #expect(Double(yearly.reduce(0, +)) > total)
    let meta = ReachJSON.document(merged).serialized()
    #expect(meta.contains("time_cuts"))
  }

  /// Two partials of the same volunteers whose periods overlap: refused.
  @Test func overlappingCutsAreRefused() throws {
    let dir = try MergeTests.temp()
    let hours = Self.example + "/synthetic_hours.csv"
    let people = Self.example + "/synthetic_beneficiaries.csv"
    var a = Self.request(hours, people, grain: .year)
    a.from = CalendarDay(year: 2012, month: 1, day: 1)
    a.to = CalendarDay(year: 2018, month: 12, day: 31)
    var b = a
    b.from = CalendarDay(year: 2018, month: 1, day: 1)
    b.to = CalendarDay(year: 2024, month: 12, day: 31)
    let pa = try MergeTests.roundTrip(.reach(ReachJob.accumulate(a, keepIds: true)), dir: dir, name: "a")
    let pb = try MergeTests.roundTrip(.reach(ReachJob.accumulate(b, keepIds: true)), dir: dir, name: "b")
    let error = try #require(throws: IngestError.self) { _ = try MergeJob.run([pa, pb], deterministic: true) }
    #expect(error.message.contains("(2018–2024) overlap those of \(pa) (2012–2018)"), "\(error.message)")
    #expect(error.message.contains("volunteer ids are in more than one partial"), "\(error.message)")
    #expect(error.hint.contains("do not overlap"))
  }

  /// Shards by volunteer id are told apart from time cuts, and with
  /// `--trust-sharding` the partials carry no ids and the check is skipped.
  @Test func shardsAndTrustedShards() throws {
    let dir = try MergeTests.temp()
    let r = Self.request(
      Self.example + "/synthetic_hours.csv", Self.example + "/synthetic_beneficiaries.csv", grain: .year)
    let hours = try MergeTests.shard(r.hours, key: "volunteer_id", into: 3, dir: dir, prefix: "h")
    let people = try MergeTests.shard(
      r.beneficiaries ?? "", key: "beneficiary_id", into: 3, dir: dir, prefix: "b")
    var checked: [String] = []
    var trusted: [String] = []
    for i in 0..<3 {
      let q = Self.request(hours[i], people[i], grain: .year)
      checked.append(try MergeTests.roundTrip(.reach(ReachJob.accumulate(q, keepIds: true)), dir: dir, name: "c\(i)"))
      let bare = try ReachJob.accumulate(q, keepIds: true, trustSharding: true)
      #expect(
        bare.volunteerTable == nil && bare.beneficiaryHashes == nil
          && bare.groups.allSatisfy { $0.volunteerTable == nil })
      trusted.append(try MergeTests.roundTrip(.reach(bare), dir: dir, name: "t\(i)"))
    }
    let (a, s1) = try MergeJob.merge(checked, deterministic: true)
    let (b, s2) = try MergeJob.merge(trusted, deterministic: true)
    #expect(s1.kind == .volunteerShards && s2.kind == .volunteerShards)
    let n = try #require(s1.distinctIds)
    #expect(n > 1000)
    #expect(s1.collisionProbability ?? 1 < 1e-10)
    #expect(s1.sentence.contains("collision probability ≤ "), "\(s1.sentence)")
    #expect(s2.distinctIds == nil && s2.sentence.contains("double-counting check skipped"), "\(s2.sentence)")
    guard case .reach(let ra) = a, case .reach(let rb) = b else {
      Issue.record("not reach results")
      return
    }
    #expect(MergeTests.comparable(ReachJSON.document(ra)) == MergeTests.comparable(ReachJSON.document(rb)))
    #expect(ReachJSON.document(rb).serialized().contains("skipped (--trust-sharding"))
    // A mix of partials with and without ids is refused.
    let error = try #require(throws: IngestError.self) {
      _ = try MergeJob.run([checked[0], trusted[1]], deterministic: true)
    }
    #expect(error.message.contains("carries no ids (written with --trust-sharding)"), "\(error.message)")
  }

  /// SipHash-2-4 reference vectors (Aumasson & Bernstein, appendix A, and
  /// the reference implementation's vectors.h): key 00 01 … 0f.
  @Test(arguments: [(0, 0x726f_db47_dd0e_0e31 as UInt64), (15, 0xa129_ca61_49be_45e5)])
  func sipHashMatchesTheReferenceVectors(_ length: Int, _ expected: UInt64) {
    let key: (UInt64, UInt64) = (0x0706_0504_0302_0100, 0x0f0e_0d0c_0b0a_0908)
    let message = (0..<length).map { UInt8($0) }
    let h = message.withUnsafeBufferPointer { IdHash.sipHash24($0, key: key) }
    #expect(h == expected, "length \(length): \(String(h, radix: 16))")
  }

  /// The overlap check finds a shared hash among many lists, and none when
  /// the lists are disjoint.
  @Test func overlapCheckFindsSharedHashes() {
    var rng = SplitMix64(seed: 18)
    var lists = (0..<20).map { _ in (0..<5_000).map { _ in rng.next() } }
    for i in lists.indices { lists[i] = uniqued(lists[i].sorted()) }
    #expect(IdOverlap.find(lists) == nil)
    lists[13].append(lists[4][2_500])
    lists[13].sort()
    let o = IdOverlap.find(lists)
    #expect(o == IdOverlap(first: 4, second: 13, shared: 1))
  }
}
