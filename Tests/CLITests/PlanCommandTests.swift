import Foundation
import TestSupport
import Testing

/// `impact plan`: golden text and JSON (Golden/plan), and the usage errors.
@Suite struct PlanCommandTests {
  let directory = Bundle.module.resourceURL?.appendingPathComponent("Golden/plan").path ?? ""

  func golden(_ name: String) throws -> String {
    try String(contentsOfFile: "\(directory)/\(name)", encoding: .utf8)
  }

  @Test(
    "text and JSON match the golden files",
    arguments: [
      ("paired_n.txt", ["plan", "paired", "--effect", "0.5", "--power", "0.8"]),
      (
        "paired_n_adjusted.json",
        [
          "plan", "paired", "--effect", "0.3", "--power", "0.8", "--attrition", "0.2", "--icc", "0.05",
          "--cluster-size", "21", "--outcomes", "4", "--adjust", "holm", "--json",
        ]
      ),
      ("two_group_effect.txt", ["plan", "two-group", "--n", "200", "--power", "0.8", "--correlation", "0.6"]),
      (
        "two_group_change_n.txt",
        [
          "plan", "two-group", "--effect", "0.3", "--power", "0.9", "--analysis", "change", "--correlation", "0.5",
          "--ratio", "2", "--icc", "0.02", "--cluster-size", "10",
        ]
      ),
      (
        "mcnemar_connor.json",
        ["plan", "mcnemar", "--effect", "0.4", "--discordant", "0.5", "--power", "0.8", "--json"]
      ),
      ("mcnemar_power.txt", ["plan", "mcnemar", "--n", "300", "--effect", "0.1", "--discordant", "0.3"]),
      (
        "paired_from_results.json",
        [
          "plan", "paired", "--power", "0.8", "--from-results", "literacy_summary.json", "--indicator", "q01",
          "--outcomes", "16", "--json",
        ]
      ),
      (
        "two_group_from_results.txt",
        ["plan", "two-group", "--difference", "5", "--power", "0.8", "--from-results", "literacy_summary.json"]
      ),
    ])
  func matchesGolden(file: String, arguments: [String]) throws {
    let run = try ImpactBinary.run(arguments, in: directory)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout == (try golden(file)), "impact \(arguments.joined(separator: " "))")
  }

  @Test("published examples: G*Power paired dz 0.5 → 34 pairs; Connor (1987) McNemar → 23 pairs")
  func publishedExamples() throws {
    let paired = try ImpactBinary.run(["plan", "paired", "--effect", "0.5", "--power", "0.8"])
    #expect(paired.stdout.contains("33.37 → 34 pairs"))
    let mcnemar = try ImpactBinary.run(
      ["plan", "mcnemar", "--effect", "0.4", "--discordant", "0.5", "--power", "0.8", "--json"])
    #expect(mcnemar.stdout.contains("\"n_enrolled\": 23,"))
  }

  @Test(
    "bad inputs exit 2 with an actionable sentence",
    arguments: [
      (["plan", "paired", "--effect", "0.5", "--power", "1"], "Error: --power must lie strictly between 0 and 1"),
      (["plan", "paired", "--effect", "0.5", "--power", "0.04"], "Error: --power 0.04 must exceed --alpha 0.05"),
      (["plan", "paired", "--effect", "0", "--power", "0.8"], "Error: --effect 0 cannot be detected"),
      (["plan", "paired", "--n=-5", "--power", "0.8"], "Error: --n must be a positive number"),
      (["plan", "paired", "--n", "1e10", "--power", "0.8"], "Error: --n must be at most 10^9"),
      (
        ["plan", "paired", "--effect", "0.3", "--power", "0.8", "--icc", "1", "--cluster-size", "5"],
        "Error: --icc must lie in [0, 1)"
      ),
      (
        ["plan", "paired", "--effect", "0.3", "--power", "0.8", "--icc", "0.05"], "Error: give --icc and --cluster-size"
      ),
      (["plan", "paired", "--effect", "0.3", "--power", "0.8", "--attrition", "1"], "Error: --attrition is a share"),
      (["plan", "paired", "--effect", "0.3", "--power", "0.8", "--n", "30"], "Error: give exactly two of --n"),
      (["plan", "paired", "--n", "3", "--power", "0.8", "--attrition", "0.5"], "Error: --n 3 leaves 1.5 pairs"),
      (["plan", "two-group", "--effect", "0.3", "--power", "0.8"], "Error: --analysis ancova needs --correlation"),
      (
        ["plan", "mcnemar", "--effect", "0.4", "--discordant", "0.3", "--power", "0.8"],
        "Error: --effect 0.4 (change in the pass share) must be smaller than --discordant"
      ),
      (
        ["plan", "mcnemar", "--n", "10", "--discordant", "0.1", "--power", "0.8"],
        "Error: no admissible effect reaches power 0.8"
      ),
      (["plan", "paired", "--difference", "3", "--power", "0.8"], "Error: --difference needs --from-results"),
    ])
  func badInputs(arguments: [String], message: String) throws {
    let run = try ImpactBinary.run(arguments)
    #expect(run.status == 2, "impact \(arguments.joined(separator: " ")): \(run.stderr)")
    #expect(run.stderr.hasPrefix(message), "\(run.stderr)")
    #expect(run.stdout.isEmpty)
  }

  @Test("the largest --n solves quickly: the effect search starts near 1/√n, never at a huge noncentrality")
  func largestSample() throws {
    let run = try ImpactBinary.run(["plan", "paired", "--n", "1e9", "--power", "0.8", "--json"])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("\"effect\": 8.859"))
  }

  @Test("a missing or foreign --from-results file exits 1 naming the file")
  func fromResultsErrors() throws {
    let missing = try ImpactBinary.run(
      ["plan", "paired", "--power", "0.8", "--from-results", "nope.json"], in: directory)
    #expect(missing.status == 1)
    #expect(missing.stderr.hasPrefix("impact: error: nope.json: cannot read the previous results. Fix:"))
    let indicator = try ImpactBinary.run(
      ["plan", "paired", "--power", "0.8", "--from-results", "literacy_summary.json", "--indicator", "q99"],
      in: directory)
    #expect(indicator.status == 1)
    #expect(indicator.stderr.contains("no indicator 'q99' in the results. Fix: use one of: q01, q02"))
    let composite = try ImpactBinary.run(
      ["plan", "mcnemar", "--power", "0.8", "--discordant", "0.3", "--from-results", "literacy_summary.json"],
      in: directory)
    #expect(composite.status == 2)
    #expect(composite.stderr.contains("no pass-share change for composite"))
  }
}
