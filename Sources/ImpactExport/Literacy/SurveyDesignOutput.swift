public import ImpactStats

/// The survey-design figures in the outputs: `w_*` columns of
/// `literacy_indicators.csv`, a `design` block per indicator/composite and a
/// `survey_design` block in `literacy_summary.json` (only with a design).
public enum SurveyDesignOutput {
  /// The figures' names (CSV columns carry a `w_` prefix, JSON keys none).
  public static let names = [
    "n_pairs", "weight_sum", "design_df", "mean_pre", "se_pre", "mean_post", "se_post", "mean_diff", "se_diff", "t",
    "df", "p_value", "ci_low", "ci_high", "deff", "ratio", "ratio_se", "pct_change", "pct_change_ci_low",
    "pct_change_ci_high", "share_pass_pre", "se_pass_pre", "share_pass_post", "se_pass_post", "pass_change",
    "se_pass_change", "note",
  ]

  /// CSV column names.
  public static var columns: [String] { names.map { "w_" + $0 } }

  /// The cells of one row (all empty when `e` is nil).
  public static func cells(_ e: SurveyEstimates?) -> [CSVWriter.Cell] {
    guard let e else { return names.map { _ in .text(nil) } }
    return [
      .int(e.nPairs), .number(e.weightSum), .int(e.designDF), .number(e.meanPre), .number(e.sePre),
      .number(e.meanPost), .number(e.sePost), .number(e.meanDiff), .number(e.seDiff), .number(e.t), .number(e.df),
      .number(e.pValue), .number(e.ciLow), .number(e.ciHigh), .number(e.deff), .number(e.ratio), .number(e.ratioSE),
      .number(e.pctChange), .number(e.pctChangeCILow), .number(e.pctChangeCIHigh), .number(e.sharePassPre),
      .number(e.sePassPre), .number(e.sharePassPost), .number(e.sePassPost), .number(e.passChange),
      .number(e.sePassChange), .text(e.note),
    ]
  }

  /// The `design` block of one indicator or the composite.
  public static func json(_ e: SurveyEstimates) -> JSONValue {
    .object(
      zip(names, cells(e)).map { name, cell in
        let v: JSONValue
        switch cell {
        case .text(let s): v = s.map { .string($0) } ?? .null
        case .number(let d): v = .number(d)
        case .int(let i): v = i.map { .int($0) } ?? .null
        case .bool(let b): v = b.map { .bool($0) } ?? .null
        }
        return (name, v)
      })
  }

  /// The notice printed and stored when a design is given.
  public static let unweightedNotice =
    "survey design given: the w_* columns and design blocks are design-based (weighted, Taylor linearization); every other figure (t-test, Wilcoxon and other rank statistics, effect sizes, McNemar, alpha, attrition) is unweighted"

  /// The `survey_design` block: what the design held and how it was used.
  public static func summary(_ acc: SurveyDesignAccumulator) -> JSONValue {
    let strata = acc.strata.values
    let lonely = acc.strata.filter { $0.value.psuCount == 1 }.keys.sorted()
    return .object([
      ("columns", .object(acc.columns.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
      ("respondents", .int(acc.respondents)),
      ("strata", .int(strata.count)),
      ("psus", .int(strata.reduce(0) { $0 + $1.psuCount })),
      ("clustered", .bool(acc.clustered)),
      ("single_psu_strata", .array(lonely.map { .string($0) })),
      ("weight_changes", .int(acc.weightChanges)),
      ("fpc_conflicts", .array(acc.fpcConflicts.map { .string($0) })),
      (
        "method",
        .string(
          "As R survey 4.1-1: svydesign(ids, strata, weights, fpc) from each respondent's baseline row (matched and baseline-only respondents); per indicator the domain of complete pairs, subset(design, complete): its PSUs and strata stay, PSUs without a complete pair contribute zeros. Means svymean; mean_diff svyttest (df = degf − 1, degf = PSUs − strata with a complete pair); pct_change from svyratio(post, pre) with a normal-quantile CI; pass shares svymean; deff svymean(deff = TRUE); options(survey.lonely.psu = \"adjust\"). Clusters are nested in strata. Per --by group (the design blocks and w_* columns of the groups): domain estimates on the full design, as svyby(~x, ~group, design, svymean) — every PSU and stratum of the design stays, the group's lonely-PSU rule and fpc are the design's — and svyttest on subset(design, complete & group == g), whose df is degf(subset) − 1 (the group's PSUs − strata with a complete pair, minus 1)."
        )
      ),
      ("unweighted", .string(unweightedNotice)),
    ])
  }
}
