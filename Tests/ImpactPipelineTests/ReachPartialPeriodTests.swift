import Foundation
import ImpactCore
import ImpactExport
import ImpactIngest
import ImpactStats
import Testing

@testable import ImpactPipeline

/// Partial periods through partial files and merges, the far-off-date rule,
/// and overflow-checked merges.
@Suite struct ReachPartialPeriodTests {
  static func temp() throws -> String {
    let d = FileManager.default.temporaryDirectory.appendingPathComponent("impact-partial-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
    return d
  }

  static func request(_ path: String, by: [String] = []) -> ReachRequest {
    var r = ReachRequest(hours: path)
    r.deterministic = true
    r.by = by
    return r
  }

  /// The first record (2022-03-10) is in one shard, the last (2025-02-14) in
  /// the other: the merge finds the same partial periods as the single run.
  @Test func shardsMergeToTheSameFlags() throws {
    let dir = try Self.temp()
    let a = "volunteer_id,date,hours,team\nV1,2022-03-10,2,A\nV1,2023-05-01,3,A\nV1,2024-06-01,1,B\n"
    let b = "volunteer_id,date,hours,team\nV2,2022-07-01,4,B\nV2,2023-08-01,2,B\nV2,2025-02-14,5,A\n"
    try a.write(toFile: "\(dir)/a.csv", atomically: true, encoding: .utf8)
    try b.write(toFile: "\(dir)/b.csv", atomically: true, encoding: .utf8)
    try (a + b.split(separator: "\n").dropFirst().joined(separator: "\n") + "\n").write(
      toFile: "\(dir)/all.csv", atomically: true, encoding: .utf8)
    let single = try ReachJob.run(Self.request("\(dir)/all.csv", by: ["team"]))
    var paths: [String] = []
    for name in ["a", "b"] {
      let state = try ReachJob.accumulate(Self.request("\(dir)/\(name).csv", by: ["team"]), keepIds: true)
      let path = "\(dir)/\(name).partial"
      FileManager.default.createFile(atPath: path, contents: Data(try PartialFile.encode(.reach(state))))
      paths.append(path)
    }
    guard case .reach(let merged) = try MergeJob.run(paths, deterministic: true) else {
      Issue.record("not a reach result")
      return
    }
    #expect(single.overall.periods.map(\.partial) == [true, false, false, true])
    #expect(single.overall.periods.first?.coveredDays == 297)
    #expect(ReachCSV.byPeriod(merged) == ReachCSV.byPeriod(single))
    #expect(ReachCSV.byGroup(merged) == ReachCSV.byGroup(single))
    #expect(merged.coverage == single.coverage)
  }

  /// A partial written before the record dates existed still decodes; its
  /// periods are simply not flagged.
  @Test func olderPartialsWithoutRecordDatesStillDecode() throws {
    let dir = try Self.temp()
    try "volunteer_id,date,hours\nV1,2022-03-10,2\nV2,2023-05-01,3\n".write(
      toFile: "\(dir)/h.csv", atomically: true, encoding: .utf8)
    let state = try ReachJob.accumulate(Self.request("\(dir)/h.csv"), keepIds: true)
    let bytes = try PartialFile.encode(.reach(state))
    var object = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
    var s = try #require(object["state"] as? [String: Any])
    for key in ["recordsFrom", "recordsTo", "windowFrom", "windowTo", "dateReadings"] {
      #expect(s.removeValue(forKey: key) != nil || key.hasPrefix("window"), "\(key)")
    }
    object["state"] = s
    let path = "\(dir)/old.partial"
    FileManager.default.createFile(atPath: path, contents: try JSONSerialization.data(withJSONObject: object))
    guard case .reach(let old) = try PartialFile.decode(path: path) else {
      Issue.record("not reach")
      return
    }
    #expect(old.coverage == nil)
    let report = ReachJob.report(old, confidence: 0.95, top: 10, deterministic: true)
    #expect(report.overall.periods.allSatisfy { !$0.partial && $0.coveredDays == nil })
  }

  @Test func mergedSumsThatOverflowAreAnError() throws {
    let dir = try Self.temp()
    try "volunteer_id,date,hours\nV1,2022-03-10,2\n".write(toFile: "\(dir)/h.csv", atomically: true, encoding: .utf8)
    var state = try ReachJob.accumulate(Self.request("\(dir)/h.csv"), keepIds: false)
    state.overall.periods[2022]?.microHours = .max - 1
    #expect(throws: IngestError.self) { try state.merged(with: state) }
  }

  struct FarCase: Sendable, CustomTestStringConvertible {
    var years: [Int: Int]
    var lowerAccepted = false
    var upperAccepted = false
    var far: [Int]
    var testDescription: String { "\(years.sorted { $0.key < $1.key }) → \(far)" }
  }

  @Test(arguments: [
    FarCase(years: [24: 1, 2023: 40, 2024: 50], far: [24]),
    FarCase(years: [24: 1, 2023: 40, 2024: 50], lowerAccepted: true, far: []),
    FarCase(years: [2012: 5, 2013: 9, 2020: 30, 2024: 50], far: []),
    FarCase(years: [2000: 3, 2015: 300, 2024: 500], far: [2000]),
    FarCase(years: [2000: 3, 2015: 300, 2024: 500], lowerAccepted: true, far: []),
    FarCase(years: [2020: 30, 2024: 50, 2204: 1], far: [2204]),
    FarCase(years: [2020: 30, 2024: 50, 2204: 1], upperAccepted: true, far: []),
    FarCase(years: [1850: 10, 1855: 12], far: [1850, 1855]),
    FarCase(years: [2024: 1], far: []),
  ])
  func farOutsideTheBulk(_ c: FarCase) {
    var d = DateExtent()
    for (y, n) in c.years {
      for _ in 0..<n { d.add(ordinal: y * 10_000 + 101, year: y, file: "h.csv", line: 2, text: "\(y)-01-01") }
    }
    let far = d.farOutside(lowerAccepted: c.lowerAccepted, upperAccepted: c.upperAccepted)
    #expect((far?.years ?? []) == c.far)
  }
}
