import Foundation
import TestSupport
import Testing

/// Values that overflow sums: answers near ±1e308 without a scale are
/// counted as out of range (never averaged into sd 0 and null means).
@Suite struct HostileValueTests {
  func workspace() throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("impact-hostile-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
  }

  @Test func extremeAnswersAreExcludedNotAveraged() throws {
    let dir = try workspace()
    let rows = (1...29).map { "R\($0),\($0 % 5 + 1),\(($0 * 3) % 5 + 1)" }
    let header = "respondent_id,q1,q2"
    try ([header] + rows + ["R30,1e308,-1e308"]).joined(separator: "\n").write(
      toFile: "\(dir)/pre.csv", atomically: true, encoding: .utf8)
    try ([header] + rows + ["R30,-1.7e308,9e307"]).joined(separator: "\n").write(
      toFile: "\(dir)/post.csv", atomically: true, encoding: .utf8)
    let r = try ImpactBinary.run(["literacy", "--pre", "pre.csv", "--post", "post.csv", "--out", "-"], in: dir)
    try #require(r.status == 0, "\(r.stderr)")
    #expect(r.stderr.contains("excluded 4 values outside the scale"), "\(r.stderr)")
    let o = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    let indicators = try #require(o["indicators"] as? [[String: Any]])
    #expect(indicators.count == 2)
    for ind in indicators {
      // The 29 ordinary answers: finite mean and a positive sd.
      let mean = try #require(ind["mean_pre"] as? Double, "\(ind.keys.sorted())")
      let sd = try #require(ind["sd_pre"] as? Double)
      #expect(mean > 1 && mean < 5)
      #expect(sd > 0.5)
    }
  }

  /// Memory grows with the square of the number of indicators: more than
  /// --max-indicators stop before any k × k state is allocated.
  @Test func tooManyIndicatorsStopBeforeAllocating() throws {
    let dir = try workspace()
    let header = "respondent_id," + (1...1_200).map { "q\($0)" }.joined(separator: ",")
    let rows = (1...3).map { id in "R\(id)," + (1...1_200).map { "\(($0 + id) % 5 + 1)" }.joined(separator: ",") }
    let text = ([header] + rows).joined(separator: "\n") + "\n"
    try text.write(toFile: "\(dir)/pre.csv", atomically: true, encoding: .utf8)
    try text.write(toFile: "\(dir)/post.csv", atomically: true, encoding: .utf8)
    let r = try ImpactBinary.run(["literacy", "--pre", "pre.csv", "--post", "post.csv", "--out", "-"], in: dir)
    #expect(r.status == 1)
    #expect(r.stderr.contains("1200 indicator columns; impact analyses at most 1000"), "\(r.stderr)")
    #expect(r.stderr.contains("--max-indicators 1200"))
    #expect(r.stdout.isEmpty)
  }

  /// An error raised while the inputs' SHA-256 digests run on other threads
  /// must wait for them: exiting while a thread is inside OpenSSL crashed in
  /// its exit handlers (SIGSEGV in about 1 run of 15).
  @Test func errorsWhileDigestingNeverCrash() throws {
    let dir = try workspace()
    var csv = "volunteer_id,date,hours\n"
    for i in 0..<2_100 { csv += "V1,2024-01-\(String(format: "%02d", i % 28 + 1)),8784\n" }
    try csv.write(toFile: "\(dir)/huge.csv", atomically: true, encoding: .utf8)
    for _ in 0..<12 {
      let r = try ImpactBinary.run(
        ["reach", "--hours", "huge.csv", "--max-hours", "8784", "--as-of", "2025-01-01", "--out", "-"], in: dir)
      #expect(r.status == 1, "\(r.stderr.prefix(300))")
    }
  }
}
