import Foundation
import ImpactFuzzTargets
import Testing

/// Replays every fuzz seed and every input a fuzzer ever crashed on through
/// its target: `Fixtures/fuzz-seeds/<target>/` and
/// `Fixtures/fuzz-regressions/<target>/`, the folder naming the target
/// (csv, xlsx, partial, config). No crash, no violated invariant.
@Suite struct FuzzRegressionTests {
  static let root = Bundle.module.resourceURL?.appendingPathComponent("Fixtures").path ?? ""

  /// `kind/target/file` for every committed input.
  static var inputs: [String] {
    let fm = FileManager.default
    return ["fuzz-seeds", "fuzz-regressions"].flatMap { kind in
      ((try? fm.contentsOfDirectory(atPath: "\(root)/\(kind)")) ?? []).sorted().flatMap { folder in
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: "\(root)/\(kind)/\(folder)", isDirectory: &isDirectory), isDirectory.boolValue
        else { return [String]() }
        let files = (try? fm.contentsOfDirectory(atPath: "\(root)/\(kind)/\(folder)")) ?? []
        return files.sorted().map { "\(kind)/\(folder)/\($0)" }
      }
    }
  }

  @Test(arguments: inputs)
  func replay(_ name: String) throws {
    let folder = name.split(separator: "/").dropFirst().first.map(String.init) ?? ""
    let target = try #require(FuzzTarget(rawValue: folder), "folder '\(folder)' names no fuzz target")
    let data = try #require(FileManager.default.contents(atPath: "\(Self.root)/\(name)"))
    let scratch = try #require(FuzzScratch(parent: FileManager.default.temporaryDirectory.path))
    defer { scratch.removeAll() }
    #expect(target.run(Array(data), scratch: scratch) == nil)
  }

  /// Every target has seeds and a dictionary, and the seeds fit `-max_len`.
  @Test(arguments: FuzzTarget.allCases)
  func seedsPerTarget(_ target: FuzzTarget) throws {
    let folder = "\(Self.root)/fuzz-seeds/\(target.rawValue)"
    let seeds = try FileManager.default.contentsOfDirectory(atPath: folder)
    #expect(seeds.count >= 3)
    for seed in seeds {
      let size = try #require(FileManager.default.contents(atPath: "\(folder)/\(seed)")).count
      #expect(size <= target.maxLength, "\(seed) is longer than -max_len")
    }
    #expect(FileManager.default.fileExists(atPath: "\(Self.root)/fuzz-seeds/\(target.rawValue).dict"))
  }

  @Test func selectTarget() {
    let s = FuzzTarget.select(arguments: ["impact-fuzz", "--target=xlsx", "corpus", "-runs=1"], environment: [:])
    #expect(s.target == .xlsx)
    #expect(s.rest == ["impact-fuzz", "corpus", "-runs=1"])
    let e = FuzzTarget.select(
      arguments: ["impact-fuzz", "--target", "partial"], environment: ["IMPACT_FUZZ_TARGET": "csv"])
    #expect(e.target == .partial)
    #expect(FuzzTarget.select(arguments: [], environment: ["IMPACT_FUZZ_TARGET": "config"]).target == .config)
    #expect(FuzzTarget.select(arguments: [], environment: ["IMPACT_FUZZ_TARGET": "nope"]).target == nil)
  }
}
