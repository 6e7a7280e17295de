import ArgumentParser
import ImpactPipeline

/// `impact synth`: seeded SYNTHETIC example and benchmark data.
struct Synth: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Generate SYNTHETIC example data (the shipped example, or large benchmark inputs).",
    discussion: """
      Without --respondents/--records it writes the example data set shipped in datasets/example \
      (hour log 2012–2024, registry of 25,320 volunteers in 220 sub-teams, beneficiaries, a \
      baseline/endline survey with 16 media-literacy indicators and its codebook, an anti-fraud \
      survey as .xlsx workbooks, a weighted and clustered community survey, a village survey with a \
      comparison group, and impact.yaml). With them \
      it writes large inputs for benchmarks. The same seed gives the same bytes. All data is synthetic. \
      Existing files are never replaced without --force (nothing is written then).
      """)

  @Option(help: "Random seed.") var seed: UInt64 = 2025
  @Option(help: "Output folder.") var out: String = "datasets/example"
  @Option(help: "Survey respondents for benchmark inputs (baseline + endline).") var respondents: Int?
  @Option(help: "Hour records for benchmark inputs (plus records/2 beneficiary rows).") var records: Int?
  @Flag(help: "Replace files that exist in the output folder (without it, nothing is replaced).") var force = false
  @Flag(
    help:
      "Write only a SYNTHETIC survey with a comparison group, villages and covariates (synthetic_comparison_*.csv, 3,000 respondents unless --respondents) and the codebook."
  )
  var comparisonSurvey = false

  func validate() throws {
    if let respondents, respondents < 0 { throw ValidationError("--respondents must be ≥ 0") }
    if let records, records < 0 { throw ValidationError("--records must be ≥ 0") }
  }

  func run() throws {
    let files: [String]
    if comparisonSurvey {
      files = try SyntheticData.writeComparisonSurvey(
        seed: seed, respondents: respondents ?? 3000, to: out, force: force)
    } else if respondents != nil || records != nil {
      files = try SyntheticData.writeLarge(
        seed: seed, respondents: respondents ?? 0, records: records ?? 0, to: out, force: force)
    } else {
      files = try SyntheticData.writeExample(seed: seed, to: out, force: force)
    }
    for f in files { print(f) }
  }
}
