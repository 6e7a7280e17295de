import Foundation
import TestSupport
import Testing

@testable import ImpactIngest

/// Unbounded width (issue 14 item 5): a 100 KB CSV with 10,000 numeric
/// columns made `impact literacy` use more than 10 GB and abort.
@Suite struct ColumnLimitTests {
  @Test func headersUpToTheLimitPass() throws {
    try ColumnLimit.check(columns: 5_000, maxColumns: ColumnLimit.defaultMaxColumns, file: "wide.csv")
    try ColumnLimit.check(columns: 1, maxColumns: 1, file: "wide.csv")
  }

  @Test func widerHeadersStopWithTheLimitAndTheOption() throws {
    let e = try #require(throws: IngestError.self) {
      try ColumnLimit.check(columns: 10_000, maxColumns: 5_000, file: "wide.csv", line: 1)
    }
    #expect(e.kind == .limit)
    #expect(
      e.description.hasPrefix(
        "wide.csv:1: the header has 10000 columns; impact reads at most 5000"), "\(e)")
    #expect(e.hint.contains("--max-columns 10000"))
  }

  /// End to end: the header's width is checked before the data is read.
  @Test
  func literacyStopsOnTenThousandColumnsAtOnce() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("impact-wide-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    let header = "id," + (0..<10_000).map { "q\($0)" }.joined(separator: ",") + "\n"
    let row = { (id: Int) in "r\(id)," + Array(repeating: "3", count: 10_000).joined(separator: ",") + "\n" }
    try (header + row(1) + row(2)).write(toFile: "\(dir)/pre.csv", atomically: false, encoding: .utf8)
    try (header + row(1) + row(2)).write(toFile: "\(dir)/post.csv", atomically: false, encoding: .utf8)
    let r = try ImpactBinary.run(["literacy", "--pre", "pre.csv", "--post", "post.csv", "--out", "-"], in: dir)
    #expect(r.status == 1)
    #expect(r.stderr.contains("the header has 10001 columns; impact reads at most 5000"), "\(r.stderr)")
    let raised = try ImpactBinary.run(
      ["literacy", "--pre", "pre.csv", "--post", "post.csv", "--out", "-", "--max-columns", "3"], in: dir)
    #expect(raised.status == 1)
    #expect(raised.stderr.contains("impact reads at most 3"))
  }
}
