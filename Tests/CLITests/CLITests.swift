import Foundation
import TestSupport
import Testing

/// The built binary, compared with golden files in Golden/.
@Suite struct CLITests {
  let golden = Bundle.module.resourceURL?.appendingPathComponent("Golden").path ?? ""

  func goldenText(_ name: String) throws -> String {
    try String(contentsOfFile: "\(golden)/\(name)", encoding: .utf8)
  }

  @Test func versionPrintsTheVersion() throws {
    let r = try ImpactBinary.run(["--version"])
    #expect(r.status == 0)
    #expect(r.stdout == "0.1.0\n")
  }

  @Test func inspectMatchesGolden() throws {
    let r = try ImpactBinary.run(["inspect", "inspect_small.csv", "--missing", "99"], in: golden)
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout == (try goldenText("inspect_small.txt")))
  }

  @Test func inspectJSONMatchesGolden() throws {
    let r = try ImpactBinary.run(["inspect", "inspect_small.csv", "--missing", "99", "--json"], in: golden)
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout == (try goldenText("inspect_small.json")))
  }

  @Test func inspectProfileNoneReadsTheStructureOnly() throws {
    let full = try ImpactBinary.run(["inspect", "inspect_small.csv", "--json"], in: golden)
    let none = try ImpactBinary.run(["inspect", "inspect_small.csv", "--json", "--profile", "none"], in: golden)
    #expect(full.status == 0 && none.status == 0, "\(none.stderr)")
    func object(_ text: String) throws -> [String: Any] {
      try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }
    let f = try object(full.stdout)
    let n = try object(none.stdout)
    for key in ["rows", "blank_lines", "ragged_rows", "bytes"] {
      #expect((n[key] as? Int) == (f[key] as? Int), "\(key)")
    }
    #expect((n["values_profiled"] as? Bool) == false)
    let columns = try #require(n["columns"] as? [[String: Any]])
    #expect(columns.map { $0["name"] as? String } == ["respondent_id", "district", "q01", "q02", "visit_date"])
    #expect(columns.allSatisfy { $0.count == 1 })
    let text = try ImpactBinary.run(["inspect", "inspect_small.csv", "--profile", "none"], in: golden)
    #expect(text.status == 0)
    #expect(text.stdout.contains("values     not profiled (--profile none): structure only\n"))
    #expect(!text.stdout.contains("present"))
  }

  @Test func inspectProfileNoneStillStopsOnBrokenStructure() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("impact-cli-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    try "a,b\n1,\"open\n".write(toFile: "\(dir)/bad.csv", atomically: true, encoding: .utf8)
    let r = try ImpactBinary.run(["inspect", "bad.csv", "--profile", "none"], in: dir)
    #expect(r.status == 1)
    #expect(r.stderr.contains("bad.csv:2:2: column 2 (b): unterminated quoted field"))
  }

  @Test func inputErrorsExitOneWithFileAndLine() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("impact-cli-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    try "a,b\n1,\"open\n".write(toFile: "\(dir)/bad.csv", atomically: true, encoding: .utf8)
    let r = try ImpactBinary.run(["inspect", "bad.csv"], in: dir)
    #expect(r.status == 1)
    #expect(r.stdout.isEmpty)
    #expect(
      r.stderr
        == "impact: error: bad.csv:2:2: column 2 (b): unterminated quoted field: the field opens with a quote (\") on this line and the file ends before the closing quote. Fix: close the quote, or write a literal quote inside a quoted field as two quotes (\"\"); if the file was cut off, export it again\n"
    )
  }

  @Test func usageErrorsExitTwo() throws {
    let r = try ImpactBinary.run(["inspect", "x.csv", "--delimiter", "x"])
    #expect(r.status == 2)
    #expect(r.stderr.hasPrefix("Error: --delimiter must be ',', ';', 'tab' or '|' (got 'x')"))
    let missing = try ImpactBinary.run(["inspect"])
    #expect(missing.status == 2)
  }

  @Test func outputFolderThatCannotBeCreatedFailsBeforeReading() throws {
    let r = try ImpactBinary.run(["inspect", "inspect_small.csv", "--out", "/proc/impact-no"], in: golden)
    #expect(r.status == 1)
    #expect(r.stderr.contains("cannot create the output folder"))
  }
}

/// The corpus of bad inputs (Golden/bad): each gives exactly the expected
/// message, exit status 1, and writes nothing.
@Suite struct BadInputCorpusTests {
  struct Case: Sendable, CustomTestStringConvertible {
    var args: [String]
    var status: Int32
    var stderr: String
    var testDescription: String { args.joined(separator: " ") }
  }

  static let folder = Bundle.module.resourceURL?.appendingPathComponent("Golden/bad").path ?? ""

  static var cases: [Case] {
    guard let data = FileManager.default.contents(atPath: folder + "/expected.json"),
      let list = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]]
    else { return [] }
    return list.map {
      Case(
        args: $0["args"] as? [String] ?? [], status: Int32($0["status"] as? Int ?? -1),
        stderr: $0["stderr"] as? String ?? "")
    }
  }

  @Test(arguments: cases)
  func exactMessage(_ c: Case) throws {
    let out = FileManager.default.temporaryDirectory.appendingPathComponent("impact-bad-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
    let r = try ImpactBinary.run(c.args.map { $0 == "OUT" ? out : $0 }, in: Self.folder)
    #expect(r.status == c.status)
    #expect(r.stderr == c.stderr)
    #expect(!r.stderr.contains("Fatal error") && !r.stderr.contains("Stack dump"))
    #expect((try FileManager.default.contentsOfDirectory(atPath: out)).isEmpty, "a failed run wrote files")
  }

  @Test func corpusIsNotEmpty() { #expect(Self.cases.count >= 15) }

  /// A failed run leaves the previous outputs exactly as they were.
  @Test func failedRunKeepsPreviousOutputs() throws {
    let out = FileManager.default.temporaryDirectory.appendingPathComponent("impact-keep-\(UUID().uuidString)").path
    let ok = try ImpactBinary.run(
      ["literacy", "--pre", "post_ok.csv", "--post", "post_ok.csv", "--out", out, "--quiet"], in: Self.folder)
    #expect(ok.status == 0, "\(ok.stderr)")
    let before = try FileManager.default.contentsOfDirectory(atPath: out).sorted().map {
      FileManager.default.contents(atPath: "\(out)/\($0)")
    }
    let bad = try ImpactBinary.run(
      ["literacy", "--pre", "ragged_row.csv", "--post", "post_ok.csv", "--out", out], in: Self.folder)
    #expect(bad.status == 1)
    let after = try FileManager.default.contentsOfDirectory(atPath: out).sorted().map {
      FileManager.default.contents(atPath: "\(out)/\($0)")
    }
    #expect(before == after)
  }
}
