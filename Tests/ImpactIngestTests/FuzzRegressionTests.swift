import Foundation
import Testing

@testable import ImpactIngest

/// Replays the fuzz seeds and every input a fuzzer ever crashed on
/// (Fixtures/fuzz-regressions) through the fuzz harness: no crash, no
/// violated invariant.
@Suite struct FuzzRegressionTests {
  static let root = Bundle.module.resourceURL?.appendingPathComponent("Fixtures").path ?? ""

  static var inputs: [String] {
    ["fuzz-seeds", "fuzz-regressions"].flatMap { dir in
      ((try? FileManager.default.contentsOfDirectory(atPath: "\(root)/\(dir)")) ?? []).sorted().map { "\(dir)/\($0)" }
    }
  }

  @Test(arguments: inputs)
  func replay(_ name: String) throws {
    let data = try #require(FileManager.default.contents(atPath: "\(Self.root)/\(name)"))
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("fuzz-\(UUID().uuidString).csv").path
    #expect(FuzzHarness.run(Array(data), scratch: scratch) == nil)
  }

  @Test func corpusIsPresent() { #expect(Self.inputs.count >= 9) }
}
