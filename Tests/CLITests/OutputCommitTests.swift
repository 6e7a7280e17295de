import Foundation
import TestSupport
import Testing

/// The output commit protocol through the binary: the folder lock with and
/// without --wait-lock, and `impact synth` refusing to replace files.
@Suite struct OutputCommitTests {
  let example = "\(repositoryRoot())/datasets/example"

  func folder() throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("impact-commit-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
  }

  var literacy: [String] {
    [
      "literacy", "--pre", "\(example)/synthetic_survey_baseline.csv", "--post",
      "\(example)/synthetic_survey_endline.csv", "--codebook", "\(example)/synthetic_codebook.yaml", "--quiet",
    ]
  }

  @Test func secondRunFailsAtOnceOrWaitsWithWaitLock() throws {
    let out = try folder()
    let fd = open("\(out)/.impact.lock", O_RDONLY | O_CREAT, 0o644)
    try #require(fd >= 0 && flock(fd, LOCK_EX) == 0)
    let refused = try ImpactBinary.run(literacy + ["--out", out])
    #expect(refused.status == 1)
    #expect(refused.stderr.contains("another impact run is writing to this folder"), "\(refused.stderr)")
    #expect(!FileManager.default.fileExists(atPath: "\(out)/literacy_summary.json"))

    DispatchQueue.global().asyncAfter(deadline: .now() + 1) { close(fd) }
    let waited = try ImpactBinary.run(literacy + ["--out", out, "--wait-lock"])
    #expect(waited.status == 0, "\(waited.stderr)")
    #expect(FileManager.default.fileExists(atPath: "\(out)/literacy_summary.json"))
  }

  /// `impact synth --out DIR` replaced an edited impact.yaml without asking.
  @Test func synthRefusesExistingFilesWithoutForce() throws {
    let out = try folder()
    let edited = "# my edited config\n"
    try edited.write(toFile: "\(out)/impact.yaml", atomically: false, encoding: .utf8)
    let refused = try ImpactBinary.run(["synth", "--respondents", "10", "--records", "10", "--out", out])
    #expect(refused.status == 0, "impact.yaml is not a benchmark file: \(refused.stderr)")
    try "x\n".write(toFile: "\(out)/synthetic_hours.csv", atomically: false, encoding: .utf8)
    let again = try ImpactBinary.run(["synth", "--respondents", "10", "--records", "10", "--out", out])
    #expect(again.status == 1)
    #expect(again.stderr.contains("synthetic_hours.csv") && again.stderr.contains("--force"), "\(again.stderr)")
    #expect(try String(contentsOfFile: "\(out)/synthetic_hours.csv", encoding: .utf8) == "x\n")

    let example = try ImpactBinary.run(["synth", "--out", out])
    #expect(example.status == 1)
    #expect(try String(contentsOfFile: "\(out)/impact.yaml", encoding: .utf8) == edited)

    let forced = try ImpactBinary.run(["synth", "--respondents", "10", "--records", "10", "--out", out, "--force"])
    #expect(forced.status == 0, "\(forced.stderr)")
    #expect(try String(contentsOfFile: "\(out)/synthetic_hours.csv", encoding: .utf8) != "x\n")
    #expect(try String(contentsOfFile: "\(out)/impact.yaml", encoding: .utf8) == edited)
    let names = try FileManager.default.contentsOfDirectory(atPath: out)
    #expect(!names.contains { $0.hasPrefix(".impact-tmp-") })
  }
}
