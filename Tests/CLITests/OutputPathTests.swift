import Foundation
import TestSupport
import Testing

/// Output folders of every shape: one character (which crashed every command
/// through Foundation's `deletingLastPathComponent`), nested, trailing slash,
/// `.`, `..`, absolute, non-ASCII, an existing file, an unwritable folder.
@Suite struct OutputPathTests {
  let golden = Bundle.module.resourceURL?.appendingPathComponent("Golden").path ?? ""

  /// A fresh working folder holding a copy of the small inspect input, in a
  /// subfolder so `..` stays inside the temporary tree.
  func workspace() throws -> String {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("impact-out-\(UUID().uuidString)").path
    let dir = "\(root)/work"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    try FileManager.default.copyItem(atPath: "\(golden)/inspect_small.csv", toPath: "\(dir)/inspect_small.csv")
    return dir
  }

  @Test(arguments: ["q", "中", "y/z", "out/", "a/b/c", ".", "..", "文件夹/子"])
  func relativeFoldersWork(_ out: String) throws {
    let dir = try workspace()
    let r = try ImpactBinary.run(["inspect", "inspect_small.csv", "--missing", "99", "--out", out], in: dir)
    #expect(r.status == 0, "\(out): \(r.stderr)")
    let written = "\(dir)/\(out)/inspect_inspect_small.json"
    #expect(FileManager.default.fileExists(atPath: written), "\(written)")
  }

  @Test func absoluteFolderWorks() throws {
    let dir = try workspace()
    let out = "\(dir)/abs/q"
    let r = try ImpactBinary.run(["inspect", "inspect_small.csv", "--missing", "99", "--out", out], in: dir)
    #expect(r.status == 0, "\(r.stderr)")
    #expect(FileManager.default.fileExists(atPath: "\(out)/inspect_inspect_small.json"))
  }

  @Test func literacyWithOneCharacterFolder() throws {
    let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("datasets/example").path
    let dir = try workspace()
    let r = try ImpactBinary.run(
      [
        "literacy", "--pre", "\(example)/synthetic_survey_baseline.csv", "--post",
        "\(example)/synthetic_survey_endline.csv", "--codebook", "\(example)/synthetic_codebook.yaml", "--out", "q",
      ], in: dir)
    #expect(r.status == 0, "\(r.stderr)")
    #expect(FileManager.default.fileExists(atPath: "\(dir)/q/literacy_summary.json"))
  }

  @Test func existingFileIsRefused() throws {
    let dir = try workspace()
    try "x".write(toFile: "\(dir)/f", atomically: true, encoding: .utf8)
    let r = try ImpactBinary.run(["inspect", "inspect_small.csv", "--out", "f"], in: dir)
    #expect(r.status == 1)
    #expect(r.stderr.contains("exists and is not a folder"), "\(r.stderr)")
  }

  @Test func fileInThePathIsRefused() throws {
    let dir = try workspace()
    try "x".write(toFile: "\(dir)/f", atomically: true, encoding: .utf8)
    let r = try ImpactBinary.run(["inspect", "inspect_small.csv", "--out", "f/sub"], in: dir)
    #expect(r.status == 1)
    #expect(r.stderr.contains("exists and is not a folder"), "\(r.stderr)")
  }

  @Test func unwritableFolderIsRefused() throws {
    let r = try ImpactBinary.run(["inspect", "inspect_small.csv", "--out", "/proc/q"], in: golden)
    #expect(r.status == 1)
    #expect(r.stderr.contains("cannot create the output folder"), "\(r.stderr)")
  }
}
