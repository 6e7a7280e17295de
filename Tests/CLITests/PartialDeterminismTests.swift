import Foundation
import TestSupport
import Testing

/// Partial files are deterministic bytes: two processes (different hash
/// seeds) writing the partial of the same input write the same file. Reach
/// partials used to list team and project sets and the hours histogram in
/// hash order.
@Suite struct PartialDeterminismTests {
  static let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("datasets/example").path

  func partial(_ arguments: [String]) throws -> String {
    let r = try ImpactBinary.run(arguments + ["--emit-partial", "-", "--deterministic"], in: Self.example)
    try #require(r.status == 0, "\(r.stderr)")
    return r.stdout
  }

  @Test func reachPartialsAreTheSameBytesInEveryRun() throws {
    let arguments = [
      "reach", "--hours", "synthetic_hours.csv", "--registry", "synthetic_registry.csv", "--beneficiaries",
      "synthetic_beneficiaries.csv", "--by", "team", "--as-of", "2025-03-03",
    ]
    let first = try partial(arguments)
    #expect(first.contains("\"teams\""))
    for _ in 0..<2 { #expect(try partial(arguments) == first) }
  }

  @Test func literacyPartialsAreTheSameBytesInEveryRun() throws {
    let arguments = [
      "literacy", "--pre", "synthetic_survey_baseline.csv", "--post", "synthetic_survey_endline.csv", "--codebook",
      "synthetic_codebook.yaml", "--by", "district",
    ]
    let first = try partial(arguments)
    #expect(try partial(arguments) == first)
  }
}
