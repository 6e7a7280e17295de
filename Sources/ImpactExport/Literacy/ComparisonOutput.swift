public import ImpactStats

/// The comparison-group figures in `literacy_summary.json` (`comparison`)
/// and as extra columns of `literacy_indicators.csv` (overall rows).
public enum ComparisonOutput {
  /// CSV columns appended when a comparison group was given.
  public static let csvColumns = [
    "cmp_n_treated", "cmp_n_comparison", "did", "did_se", "did_t", "did_df", "did_p", "did_ci_low", "did_ci_high",
    "did_cluster_se", "did_cluster_p", "did_cluster_ci_low", "did_cluster_ci_high", "ancova_n", "ancova_effect",
    "ancova_se", "ancova_p", "ancova_ci_low", "ancova_ci_high", "ancova_hc3_se", "ancova_hc3_p", "ancova_hc3_ci_low",
    "ancova_hc3_ci_high", "ancova_cluster_se", "ancova_cluster_p", "ancova_cluster_ci_low", "ancova_cluster_ci_high",
    "baseline_g", "attrition_treated", "attrition_comparison", "attrition_overall", "attrition_differential",
    "did_hedges_g", "did_hedges_g_ci_low", "did_hedges_g_ci_high", "ancova_hedges_g", "ancova_hedges_g_ci_low",
    "ancova_hedges_g_ci_high",
  ]

  /// Columns of the treated × group interaction tests, per `--by` column
  /// (after ``csvColumns``): `treated_x_<column>_f`, `_p`, `_p_holm`, and the
  /// same with `_cluster`.
  public static func interactionColumns(_ c: ComparisonResult) -> [String] {
    c.interactions.flatMap { i in
      ["f", "p", "p_holm", "cluster_f", "cluster_p", "cluster_p_holm"].map { "treated_x_\(i.column)_\($0)" }
    }
  }

  /// The interaction cells of indicator `id` (empty for nil: group rows).
  static func interactionCells(_ c: ComparisonResult, indicator id: String?) -> [CSVWriter.Cell] {
    c.interactions.flatMap { i -> [CSVWriter.Cell] in
      let t = id.flatMap { id in (i.indicators + (i.composite.map { [$0] } ?? [])).first { $0.indicator == id } }
      return [
        .number(t?.classical?.f), .number(t?.classical?.pValue), .number(t?.classicalPHolm),
        .number(t?.cluster?.f), .number(t?.cluster?.pValue), .number(t?.clusterPHolm),
      ]
    }
  }

  /// The cells of one indicator (all empty for `nil`: group rows).
  static func cells(_ r: ComparisonIndicatorResult?) -> [CSVWriter.Cell] {
    guard let r else { return csvColumns.map { _ in .text(nil) } }
    func test(_ t: CoefficientTest?) -> [CSVWriter.Cell] {
      [.number(t?.standardError), .number(t?.pValue), .number(t?.ciLow), .number(t?.ciHigh)]
    }
    return [
      .int(r.nTreated), .int(r.nComparison), .number(r.did?.estimate), .number(r.did?.standardError),
      .number(r.did?.t), .number(r.did?.df), .number(r.did?.pValue), .number(r.did?.ciLow), .number(r.did?.ciHigh),
    ] + test(r.didCluster) + [.int(r.ancovaN), .number(r.ancova?.estimate)] + test(r.ancova) + test(r.ancovaHC3)
      + test(r.ancovaCluster) + [
        .number(r.baselineG), .number(r.attritionTreated), .number(r.attritionComparison),
        .number(r.attritionOverall), .number(r.attritionDifferential), .number(r.didG), .number(r.didGLow),
        .number(r.didGHigh), .number(r.ancovaG), .number(r.ancovaGLow), .number(r.ancovaGHigh),
      ]
  }

  /// The `comparison` block.
  public static func json(_ c: ComparisonResult) -> JSONValue {
    .object([
      ("group", .string(c.group)), ("treated", .string(c.treated)),
      ("comparison_values", .array(c.comparisonValues.map { .string($0) })),
      ("covariates", .array(c.covariates.map { .string($0) })),
      ("categorical_covariates", .array(c.categoricalCovariates.map { .string($0) })),
      ("cluster", .string(c.cluster)),
      (
        "baseline_respondents",
        .object([
          ("treated", .int(c.baselineTreated)), ("comparison", .int(c.baselineComparison)),
          ("without_group", .int(c.baselineWithoutGroup)),
        ])
      ),
      ("notes", .array(c.notes.map { .string($0) })),
      ("indicators", .array(c.indicators.map(indicator))),
      ("composite", c.composite.map(indicator) ?? .null),
      ("interaction_tests", .array(c.interactions.map(interactionJSON))),
    ])
  }

  static func f(_ t: WaldFTest?) -> JSONValue {
    guard let t else { return .null }
    return .object([
      ("f", .number(t.f)), ("df1", .number(t.df1)), ("df2", .number(t.df2)), ("p_value", .number(t.pValue)),
    ])
  }

  /// One `--by` column's treated × group interaction tests.
  static func interactionJSON(_ i: TreatmentInteractions) -> JSONValue {
    func row(_ t: TreatmentInteraction) -> JSONValue {
      .object([
        ("indicator", .string(t.indicator)), ("groups", .int(t.groups)), ("n", .int(t.n)),
        ("classical", f(t.classical)), ("classical_p_holm", .number(t.classicalPHolm)),
        ("cluster", f(t.cluster)), ("cluster_p_holm", .number(t.clusterPHolm)),
        ("null_reasons", .object(t.reasons.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
      ])
    }
    return .object([
      ("by", .string(i.column)), ("indicators", .array(i.indicators.map(row))),
      ("composite", i.composite.map(row) ?? .null),
    ])
  }

  static func test(_ t: CoefficientTest?) -> JSONValue {
    guard let t else { return .null }
    return .object([
      ("estimate", .number(t.estimate)), ("se", .number(t.standardError)), ("t", .number(t.t)),
      ("df", .number(t.df)), ("p_value", .number(t.pValue)), ("ci_low", .number(t.ciLow)),
      ("ci_high", .number(t.ciHigh)),
    ])
  }

  static func indicator(_ r: ComparisonIndicatorResult) -> JSONValue {
    .object([
      ("indicator", .string(r.indicator)), ("n_treated", .int(r.nTreated)), ("n_comparison", .int(r.nComparison)),
      ("mean_pre_treated", .number(r.meanPreTreated)), ("mean_post_treated", .number(r.meanPostTreated)),
      ("mean_pre_comparison", .number(r.meanPreComparison)), ("mean_post_comparison", .number(r.meanPostComparison)),
      ("change_treated", .number(r.changeTreated)), ("change_comparison", .number(r.changeComparison)),
      ("did", test(r.did)), ("did_cluster", test(r.didCluster)),
      (
        "did_hedges_g",
        .object([("g", .number(r.didG)), ("ci_low", .number(r.didGLow)), ("ci_high", .number(r.didGHigh))])
      ),
      (
        "ancova",
        .object([
          ("n", .int(r.ancovaN)), ("excluded_missing_covariate", .int(r.ancovaExcluded)),
          ("classical", test(r.ancova)), ("hc3", test(r.ancovaHC3)), ("cluster", test(r.ancovaCluster)),
          (
            "hedges_g",
            .object([
              ("g", .number(r.ancovaG)), ("ci_low", .number(r.ancovaGLow)), ("ci_high", .number(r.ancovaGHigh)),
              ("sd_pooled", .number(r.ancovaSDPooled)),
            ])
          ),
        ])
      ),
      (
        "baseline_equivalence",
        .object([("hedges_g", .number(r.baselineG)), ("wwc", .string(r.baselineEquivalence))])
      ),
      (
        "attrition",
        .object([
          ("treated", .number(r.attritionTreated)), ("comparison", .number(r.attritionComparison)),
          ("overall", .number(r.attritionOverall)), ("differential", .number(r.attritionDifferential)),
        ])
      ),
      ("null_reasons", .object(r.reasons.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
    ])
  }
}
