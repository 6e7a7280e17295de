import Foundation
import TestSupport
import Testing

/// `impact merge` on forged partials: exit 1 with the file and the field,
/// never a crash (before the validation these trapped or exited 0).
@Suite struct MergeCommandTests {
  static func temp() throws -> String {
    let d = FileManager.default.temporaryDirectory.appendingPathComponent("impact-merge-cli-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
    return d
  }

  /// Writes `text` over the first occurrence of `old` in `file` replaced by `new`.
  static func forge(_ file: String, _ old: String, _ new: String, to out: String) throws {
    let text = try String(contentsOfFile: file, encoding: .utf8)
    let range = try #require(text.range(of: old), "'\(old)' not in the partial")
    try text.replacingCharacters(in: range, with: new).write(toFile: out, atomically: true, encoding: .utf8)
  }

  @Test func forgedLiteracyPartialExitsOne() throws {
    let dir = try Self.temp()
    try "id,g,q1\nA,x,1\nB,y,2\nC,x,3\n".write(toFile: "\(dir)/pre.csv", atomically: true, encoding: .utf8)
    try "id,g,q1\nA,x,2\nB,y,4\nC,x,3\n".write(toFile: "\(dir)/post.csv", atomically: true, encoding: .utf8)
    let emit = try ImpactBinary.run(
      [
        "literacy", "--pre", "pre.csv", "--post", "post.csv", "--scale", "1,5", "--by", "g", "--emit-partial", "p.json",
        "--quiet",
      ], in: dir)
    #expect(emit.status == 0, "\(emit.stderr)")
    let genuine = try ImpactBinary.run(["merge", "p.json", "--out", "-"], in: dir)
    #expect(genuine.status == 0, "\(genuine.stderr)")
    try Self.forge("\(dir)/p.json", #""by":["g"]"#, #""by":["g","g"]"#, to: "\(dir)/by.json")
    let by = try ImpactBinary.run(["merge", "by.json", "--out", "-"], in: dir)
    #expect(by.status == 1)
    #expect(by.stderr.contains("by.json: the partial result is damaged (state.by lists a column twice"), "\(by.stderr)")
    try Self.forge("\(dir)/p.json", #""matched":"#, #""matched":-5,"x":"#, to: "\(dir)/neg.json")
    let neg = try ImpactBinary.run(["merge", "neg.json", "--out", "-"], in: dir)
    #expect(neg.status == 1)
    #expect(neg.stderr.contains("neg.json: the partial result is damaged"), "\(neg.stderr)")
    #expect(neg.stderr.contains("is -5"), "\(neg.stderr)")
  }

  @Test func forgedReachPartialExitsOne() throws {
    let dir = try Self.temp()
    try "volunteer_id,date,hours\nV1,2024-01-05,2\nV2,2024-02-01,3\nV1,2025-01-02,1\n".write(
      toFile: "\(dir)/hours.csv", atomically: true, encoding: .utf8)
    let emit = try ImpactBinary.run(
      ["reach", "--hours", "hours.csv", "--as-of", "2025-03-01", "--emit-partial", "r.json", "--quiet"], in: dir)
    #expect(emit.status == 0, "\(emit.stderr)")
    try Self.forge("\(dir)/r.json", #""microHours":"#, #""microHours":-"#, to: "\(dir)/neg.json")
    let neg = try ImpactBinary.run(["merge", "neg.json", "--out", "-"], in: dir)
    #expect(neg.status == 1)
    #expect(neg.stderr.contains("microHours is -"), "\(neg.stderr)")
    #expect(neg.stderr.contains("counts and hours cannot be negative"), "\(neg.stderr)")
    try Self.forge("\(dir)/r.json", #""2024":{"#, #""99999":{"#, to: "\(dir)/period.json")
    let period = try ImpactBinary.run(["merge", "period.json", "--out", "-"], in: dir)
    #expect(period.status == 1)
    #expect(period.stderr.contains("periods.99999 is period 99999"), "\(period.stderr)")
  }
}
