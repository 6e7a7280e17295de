import Foundation
import TestSupport
import Testing

/// Partials with hashed ids or none (`--trust-sharding`), what `impact merge`
/// says about them, and `impact run --emit-partials` / `--from-partials`.
@Suite struct PartialIdsCLITests {
  static func temp() throws -> String {
    let d = FileManager.default.temporaryDirectory.appendingPathComponent("impact-ids-cli-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
    return d
  }

  @Test func mergeStatesTheIdCheck() throws {
    let dir = try Self.temp()
    try "id,q1\nA,1\nB,2\nC,3\n".write(toFile: "\(dir)/pre1.csv", atomically: true, encoding: .utf8)
    try "id,q1\nA,2\nB,4\nC,3\n".write(toFile: "\(dir)/post1.csv", atomically: true, encoding: .utf8)
    try "id,q1\nD,1\nE,2\n".write(toFile: "\(dir)/pre2.csv", atomically: true, encoding: .utf8)
    try "id,q1\nD,3\nE,3\n".write(toFile: "\(dir)/post2.csv", atomically: true, encoding: .utf8)
    for (i, extra) in [(1, [String]()), (2, [])] {
      let r = try ImpactBinary.run(
        [
          "literacy", "--pre", "pre\(i).csv", "--post", "post\(i).csv", "--scale", "1,5", "--emit-partial",
          "p\(i).json",
        ]
          + extra, in: dir)
      #expect(r.status == 0, "\(r.stderr)")
      let t = try ImpactBinary.run(
        [
          "literacy", "--pre", "pre\(i).csv", "--post", "post\(i).csv", "--scale", "1,5", "--emit-partial",
          "t\(i).json", "--trust-sharding",
        ], in: dir)
      #expect(t.status == 0, "\(t.stderr)")
    }
    let text = try String(contentsOfFile: "\(dir)/p1.json", encoding: .utf8)
    #expect(text.contains("\"format_version\":2") && text.contains("\"idHashes\":\"") && !text.contains("\"A\""))
    let merged = try ImpactBinary.run(["merge", "p1.json", "p2.json", "--out", "out"], in: dir)
    #expect(merged.status == 0)
    #expect(
      merged.stderr.contains(
        "merged 2 partials as shards by respondent id; double-counting check on 64-bit id hashes: 5 distinct ids, collision probability ≤ 5.4e-19"
      ), "\(merged.stderr)")
    let trusted = try ImpactBinary.run(["merge", "t1.json", "t2.json", "--out", "-"], in: dir)
    #expect(trusted.status == 0)
    #expect(trusted.stderr.contains("double-counting check skipped: the partials carry no ids (--trust-sharding)"))
    #expect(trusted.stdout.contains("skipped (--trust-sharding"))
    let twice = try ImpactBinary.run(["merge", "p1.json", "p1.json", "--out", "-"], in: dir)
    #expect(twice.status == 1)
    #expect(twice.stderr.contains("3 respondent ids are in more than one partial"), "\(twice.stderr)")
    let usage = try ImpactBinary.run(["reach", "--hours", "h.csv", "--trust-sharding"], in: dir)
    #expect(usage.status == 2 && usage.stderr.contains("--trust-sharding only applies with --emit-partial"))
  }

  @Test func runFromPartialsWritesWhatRunWrites() throws {
    let dir = try Self.temp()
    let config = repositoryRoot() + "/datasets/example/impact.yaml"
    let emit = try ImpactBinary.run(["run", "--config", config, "--emit-partials", "parts", "--quiet"], in: dir)
    #expect(emit.status == 0, "\(emit.stderr)")
    let files = try FileManager.default.contentsOfDirectory(atPath: "\(dir)/parts").sorted()
    #expect(files == ["reach.json", "survey-1.json", "survey-2.json", "survey-3.json", "survey-4.json"])
    let single = try ImpactBinary.run(
      ["run", "--config", config, "--out", "single", "--deterministic", "--quiet"], in: dir)
    #expect(single.status == 0, "\(single.stderr)")
    let merged = try ImpactBinary.run(
      ["run", "--config", config, "--from-partials", "parts", "--out", "merged", "--deterministic", "--quiet"], in: dir)
    #expect(merged.status == 0, "\(merged.stderr)")
    for name in ["reach_by_period.csv", "reach_by_group.csv", "literacy_1_indicators.csv", "literacy_3_indicators.csv"]
    {
      let a = try String(contentsOfFile: "\(dir)/single/\(name)", encoding: .utf8)
      let b = try String(contentsOfFile: "\(dir)/merged/\(name)", encoding: .utf8)
      #expect(a == b, "\(name) differs")
    }
    for name in ["report.html", "report.ipynb", "manifest.json"] {
      #expect(FileManager.default.fileExists(atPath: "\(dir)/merged/\(name)"))
    }
    let both = try ImpactBinary.run(
      ["run", "--config", config, "--emit-partials", "a", "--from-partials", "b"], in: dir)
    #expect(both.status == 2)
    let missing = try ImpactBinary.run(
      ["run", "--config", config, "--from-partials", "nowhere", "--out", "x", "--quiet"], in: dir)
    #expect(missing.status == 1 && missing.stderr.contains("no partial result survey-1.json"), "\(missing.stderr)")
  }
}
