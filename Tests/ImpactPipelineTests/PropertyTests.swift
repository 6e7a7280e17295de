import Foundation
import ImpactCore
import ImpactExport
import ImpactIngest
import ImpactPipeline
import ImpactStats
import PropertyBased
import TestSupport
import Testing

/// Properties that must hold for any input (swift-property-based, seeded).
@Suite struct PropertyTests {
  static func temp(_ name: String, _ text: String) -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("impact-prop-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let path = dir.appendingPathComponent(name).path
    FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
    return path
  }

  /// Cells drawn from a palette that exercises quoting: delimiters, quotes,
  /// CR/LF, spaces, Chinese, empty.
  static let cell = Gen.int(in: 0...9).array(of: 0...6).map { parts -> String in
    let palette = ["a", ",", "\"", "\n", "\r\n", " ", "非常同意", "x y", "", "1.5"]
    return parts.map { palette[$0] }.joined()
  }

  @Test func writingAnyTableAndReadingItBackGivesTheSameTable() async {
    await propertyCheck(count: 150, input: Self.cell.array(of: 1...40), Gen.int(in: 1...5)) { cells, width in
      let header = (0..<width).map { "c\($0)" }
      var w = CSVWriter(header: header)
      var rows: [[String]] = []
      var i = 0
      while i < cells.count {
        let row = (0..<width).map { k in i + k < cells.count ? cells[i + k] : "" }
        rows.append(row)
        w.appendRow(row.map { .text($0) })
        i += width
      }
      let path = Self.temp("t.csv", w.text)
      guard
        let file = try? CSVFile(
          path: path, options: CSVOptions(delimiter: 0x2C, parallelism: 3, bufferSize: 64, minimumChunkBytes: 8))
      else {
        Issue.record("could not open")
        return
      }
      struct S: Sendable { var rows: [[String]] = [] }
      let chunks = try? file.scan(initial: { _ in S() }) { (s: inout S, sc: CSVScanner) throws(IngestError) in
        while try sc.nextRecord() { s.rows.append((0..<sc.fieldCount).map { sc.fieldString($0) ?? "?" }) }
      }
      #expect(file.header == header)
      #expect(chunks?.flatMap(\.state.rows) == rows)
    }
  }

  static func surveyCSV(_ rows: [(String, [Int])]) -> String {
    "id,q1,q2,q3\n"
      + rows.map { "\($0.0)," + $0.1.map { $0 == 0 ? "" : String($0) }.joined(separator: ",") }
      .joined(separator: "\n") + "\n"
  }

  /// The JSON without `meta` (which names the input bytes).
  static func body(_ doc: JSONValue) -> String {
    guard case .object(let members) = doc else { return "" }
    return JSONValue.object(members.filter { $0.0 != "meta" }).serialized()
  }

  @Test func shufflingRowsNeverChangesALiteracyStatistic() async {
    let answers = Gen.int(in: 0...5).array(of: 3...3)
    await propertyCheck(count: 25, input: answers.array(of: 8...60), Gen.int(in: 0...1_000_000)) { pre, seed in
      var rng = SplitMix64(seed: UInt64(seed))
      let base = pre.enumerated().map { ("r\($0.offset)", $0.element) }
      let post = base.map { ($0.0, $0.1.map { v in v == 0 ? 0 : min(5, v + rng.int(0...1)) }) }
      var r1 = LiteracyRequest()
      r1.pre = Self.temp("pre.csv", Self.surveyCSV(base))
      r1.post = Self.temp("post.csv", Self.surveyCSV(post))
      r1.scale = 1...5
      r1.deterministic = true
      var r2 = r1
      r2.pre = Self.temp("pre.csv", Self.surveyCSV(base.shuffled(using: &rng)))
      r2.post = Self.temp("post.csv", Self.surveyCSV(post.shuffled(using: &rng)))
      guard let a = try? LiteracyJob.run(r1), let b = try? LiteracyJob.run(r2) else {
        Issue.record("literacy failed")
        return
      }
      let ja = Self.body(LiteracyJSON.document(a))
      let jb = Self.body(LiteracyJSON.document(b))
      // Example line numbers legitimately move with the rows; everything else is identical.
      #expect(Self.withoutExamples(ja) == Self.withoutExamples(jb))
      #expect(LiteracyCSV.render(a) == LiteracyCSV.render(b))
    }
  }

  static func withoutExamples(_ json: String) -> String {
    json.split(separator: "\n").filter { !$0.contains("\"line\"") && !$0.contains("_ids\"") }.joined(separator: "\n")
  }

  static func hoursCSV(_ rows: [(Int, Int, Int, Int)]) -> String {
    "volunteer_id,date,hours,team\n"
      + rows.map { v, day, h, t in
        let d = CalendarDay(dayNumber: Int32(17_500 + day)).description
        return "V\(v),\(d),\(Double(h) / 4),T\(t)"
      }.joined(separator: "\n") + "\n"
  }

  @Test func shufflingOrSplittingAnHourLogNeverChangesAFigure() async {
    let record = Gen.int(in: 0...40).array(of: 4...4)
    await propertyCheck(count: 25, input: record.array(of: 5...120), Gen.int(in: 1...6)) { raw, parts in
      let rows = raw.map { ($0[0] % 17, $0[1] * 40, $0[2] % 33, $0[3] % 4) }
      var rng = SplitMix64(seed: UInt64(raw.count * 31 + parts))
      func run(_ text: String, threads: Int) -> ReachReport? {
        var r = ReachRequest(hours: Self.temp("hours.csv", text))
        r.grain = .quarter
        r.by = ["team"]
        r.asOf = CalendarDay(year: 2030, month: 1, day: 1)
        r.deterministic = true
        r.csv = CSVOptions(parallelism: threads, bufferSize: 64, minimumChunkBytes: 16)
        return try? ReachJob.run(r)
      }
      // Split into parts, then concatenate them in a random order.
      var pieces: [[(Int, Int, Int, Int)]] = Array(repeating: [], count: parts)
      for (i, r) in rows.enumerated() { pieces[(i * 7 + parts) % parts].append(r) }
      let reordered = pieces.shuffled(using: &rng).flatMap { $0 }
      guard let a = run(Self.hoursCSV(rows), threads: 1), let b = run(Self.hoursCSV(reordered), threads: parts) else {
        Issue.record("reach failed")
        return
      }
      #expect(ReachCSV.byPeriod(a) == ReachCSV.byPeriod(b))
      #expect(ReachCSV.byGroup(a) == ReachCSV.byGroup(b))
      #expect(Self.body(ReachJSON.document(a)).count > 0)
      #expect(a.overall.totals.map { $0.1 } == b.overall.totals.map { $0.1 })
    }
  }
}
