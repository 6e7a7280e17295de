import ImpactCore
public import ImpactStats

/// `literacy_summary.json`: `meta`, `attrition`, `indicators`, `composite`,
/// `reliability`, `change_correlation`, `headline`, and `groups` with `--by`.
public enum LiteracyJSON {
  public static func document(_ report: LiteracyReport) -> JSONValue {
    var members: [(String, JSONValue)] = [("meta", meta(report))]
    members += body(
      report.overall, design: report.design, exclusions: report.exclusions, byConflicts: report.byConflicts)
    members.append(("audit", AuditOutputs.json(report.audit)))
    if !report.subgroupTests.isEmpty {
      members.append(("subgroup_tests", .array(report.subgroupTests.map(subgroupJSON))))
    }
    if let c = report.comparison { members.append(("comparison", ComparisonOutput.json(c))) }
    if !report.groups.isEmpty {
      members.append(
        (
          "groups",
          .array(
            report.groups.map { g in
              .object(
                [("by", .string(g.column)), ("group", .string(g.value))]
                  + body(g.result, design: report.design, exclusions: nil))
            })
        ))
    }
    return .object(members)
  }

  static func meta(_ r: LiteracyReport) -> JSONValue {
    var m: [(String, JSONValue)] = [
      ("tool", .string("impact")),
      ("version", .string(r.toolVersion)),
      ("command", .string("literacy")),
    ]
    if let t = r.generatedAt { m.append(("generated_at", .string(t))) }
    m.append(("mode", .string(r.mode)))
    m.append(("inputs", .array(r.inputs.map(inputJSON))))
    m.append(("options", .object(r.options)))
    m.append(("notices", .array(r.notices.map { .string($0) })))
    m.append(("confidence", .number(r.design.confidence)))
    m.append(
      (
        "indicators",
        .array(
          zip(r.design.indicators, r.design.scales).map { d, s in
            .object([
              ("id", .string(d.id)), ("label", .string(d.label)),
              ("scale", d.scale.map { .array([.number($0.lowerBound), .number($0.upperBound)]) } ?? .null),
              ("higher_is_better", .bool(d.higherIsBetter)),
              ("pass_threshold", .number(d.passThreshold)), ("binary", .bool(d.isBinary)),
              ("arithmetic", .string(s.map { "exact decimal (\($0) places)" } ?? "floating point")),
            ])
          })
      ))
    if let ranges = r.design.compositeRanges {
      m.append(
        (
          "composite_ranges",
          .array(ranges.map { .array([.number($0.lowerBound), .number($0.upperBound)]) })
        ))
    }
    m.append(("definitions", definitions))
    return .object(m)
  }

  static func inputJSON(_ i: InputFileInfo) -> JSONValue {
    var members: [(String, JSONValue)] = [
      ("role", .string(i.role)), ("file", .string(i.path)), ("bytes", .int(i.bytes)), ("sha256", .string(i.sha256)),
      ("rows", i.rows.map { .int($0) } ?? .null), ("encoding", .string(i.encoding)),
      ("delimiter", .string(i.delimiter)),
    ]
    if let d = i.decimal { members.append(("decimal", .string(d))) }
    if let d = i.decimalSource { members.append(("decimal_source", .string(d))) }
    if let h = i.headerRow { members.append(("header_row", .int(h))) }
    if let h = i.firstDataRow { members.append(("first_data_row", .int(h))) }
    if let r = i.rowNames { members.append(("row_names_column", .bool(r))) }
    if let n = i.notes { members.append(("notes", .array(n.map { .string($0) }))) }
    return .object(members)
  }

  static let definitions: JSONValue = .object([
    (
      "pairing",
      .string("Respondents are paired by id, never by row order. Ids that occur twice in a wave are excluded in full.")
    ),
    (
      "mean_diff",
      .string(
        "post − pre on complete pairs; sign-flipped for indicators where lower is better, so positive = improvement.")
    ),
    ("pct_change", .string("100·mean_diff/mean_pre (percent).")),
    (
      "pct_change_ci",
      .string(
        "Delta-method CI for R = mean_post/mean_pre of paired means: Var(R) ≈ (s²_post/μ²_pre − 2μ_post·s_pre,post/μ³_pre + μ²_post·s²_pre/μ⁴_pre)/n; CI = 100·(R − 1 ± z·√Var(R))."
      )
    ),
    ("t_test", .string("Paired t-test on the differences (scipy.stats.ttest_rel); two-sided p; CI of mean_diff.")),
    (
      "cohens_dz",
      .string(
        "mean_diff / sd_diff; cohens_dz_ci_*: the dz values whose noncentral t distribution (df n − 1, noncentrality dz·√n) puts the observed t at the (1 ± confidence)/2 quantiles (as MBESS / R effectsize, to full precision)."
      )
    ),
    ("hedges_gav", .string("mean_diff / ((sd_pre + sd_post)/2) · (1 − 3/(4(n−1) − 1)) (Lakens 2013).")),
    (
      "wilcoxon",
      .string(
        "Wilcoxon signed-rank on the differences as scipy.stats.wilcoxon defaults: zeros dropped; exact null distribution when n ≤ 50 without ties or zeros; exact sign-flip permutation when n ≤ 13 with ties or zeros; otherwise normal approximation with tie correction, no continuity correction. wilcoxon_w = min(W+, W−)."
      )
    ),
    ("rank_biserial", .string("(W+ − W−)/(W+ + W−), matched-pairs rank-biserial correlation (Kerby 2014).")),
    ("shares", .string("share_* are fractions (0–1) of complete pairs.")),
    (
      "multiplicity",
      .string(
        "p_holm, p_bh: Holm and Benjamini–Hochberg adjustment of p_value across the indicators of the same population, R p.adjust semantics (an undefined p stays null and counts as a test)."
      )
    ),
    (
      "pass_rates",
      .string(
        "share_pass_*: fraction of complete pairs at or above pass_threshold (at or below when lower is better; 1 for binary). mcnemar_p: exact binomial when discordant pairs < 25, else chi-square with continuity correction (statsmodels mcnemar)."
      )
    ),
    (
      "composite",
      .string(
        "Per respondent: mean of all indicators rescaled to 0–100 (better = higher) using the declared scale (or the observed range when undeclared); respondents who answered every indicator in both waves."
      )
    ),
    (
      "reliability",
      .string(
        "Cronbach's raw alpha from the covariance matrix (psych::alpha raw_alpha, with keys: indicators whose lower answers are better are reversed first), standardized alpha (std.alpha) and Feldt's CI (as pingouin.cronbach_alpha), per wave, on every respondent of that wave who answered all indicators (listwise). items: alpha if the item is deleted (alpha.drop raw_alpha) and the corrected item-total correlation r.drop (psych::alpha item.stats)."
      )
    ),
    (
      "subgroup_tests",
      .string(
        "Per --by column, per indicator and for the composite: do the changes d = post − pre (sign-flipped where lower is better) of the complete pairs differ between the column's groups? welch_anova: Welch's heteroscedastic F test (pingouin.welch_anova, R oneway.test(var.equal = FALSE)) over the groups with at least 2 pairs; kruskal_wallis: tie-corrected H (scipy.stats.kruskal); p_holm: Holm across the indicators of the column (not the composite)."
      )
    ),
    (
      "attrition",
      .string(
        "baseline_difference: baseline mean of respondents who completed the endline vs. those who dropped out, Welch t-test."
      )
    ),
    (
      "answer_labels",
      .string(
        "Text answers are matched to the codebook's labels ignoring surrounding white space, case (full Unicode folding) and full-/half-width forms (NFKC), then without an option prefix (A. A、 (A) A) A: A). Full-width digits read as numbers; '5分'/'5 points' only inside the scale. unmatched_label: answers matching none of an indicator's declared labels; non_numeric: text where the indicator declares no labels. Both are excluded and listed, never treated as missing."
      )
    ),
    (
      "null",
      .string("null marks a statistic that is undefined for the data (n < 2, zero variance, no non-zero differences).")
    ),
  ])

  /// One `--by` column's tests: per indicator and the composite.
  static func subgroupJSON(_ s: SubgroupDifferences) -> JSONValue {
    func row(_ d: SubgroupDifference) -> JSONValue {
      .object([
        ("indicator", .string(d.indicator)), ("groups", .int(d.groups)),
        (
          "welch_anova",
          .object([
            ("f", .number(d.welch.f)), ("df1", .number(d.welch.df1)), ("df2", .number(d.welch.df2)),
            ("p_value", .number(d.welch.pValue)), ("p_holm", .number(d.welchPHolm)),
            ("groups_used", .int(d.welch.groups)), ("reason", .string(d.welch.reason)),
          ])
        ),
        (
          "kruskal_wallis",
          .object([
            ("h", .number(d.kruskal.h)), ("df", .number(d.kruskal.df)), ("p_value", .number(d.kruskal.pValue)),
            ("p_holm", .number(d.kruskalPHolm)), ("reason", .string(d.kruskal.reason)),
          ])
        ),
      ])
    }
    return .object([
      ("by", .string(s.column)), ("indicators", .array(s.indicators.map(row))),
      ("composite", s.composite.map(row) ?? .null),
    ])
  }

  static func reliabilityJSON(_ r: ReliabilityResult, design: LiteracyDesign) -> JSONValue {
    .object([
      ("cronbach_alpha_pre", .number(r.alphaPre)), ("cronbach_alpha_post", .number(r.alphaPost)),
      ("alpha_ci_pre", .array([.number(r.itemsPre.ciLow), .number(r.itemsPre.ciHigh)])),
      ("alpha_ci_post", .array([.number(r.itemsPost.ciLow), .number(r.itemsPost.ciHigh)])),
      ("standardized_alpha_pre", .number(r.itemsPre.standardizedAlpha)),
      ("standardized_alpha_post", .number(r.itemsPost.standardizedAlpha)),
      ("n_pre", .int(r.nPre)), ("n_post", .int(r.nPost)),
      ("reversed", .array(design.indicators.filter { !$0.higherIsBetter }.map { .string($0.id) })),
      ("sample", .string("respondents of each wave who answered every indicator (listwise)")),
      ("notes", .array(reliabilityNotes(r, design: design).map { .string($0) })),
    ])
  }

  /// Per indicator and wave: alpha if the item is deleted and its corrected
  /// item–total correlation.
  static func itemsJSON(_ r: ReliabilityResult, design: LiteracyDesign) -> JSONValue {
    .array(
      design.indicators.enumerated().map { j, d in
        func wave(_ a: ItemAnalysis) -> JSONValue {
          guard a.items.indices.contains(j) else { return .null }
          return .object([
            ("alpha_if_deleted", .number(a.items[j].alphaIfDeleted)), ("r_drop", .number(a.items[j].rDrop)),
          ])
        }
        return .object([
          ("id", .string(d.id)), ("reversed", .bool(!d.higherIsBetter)), ("pre", wave(r.itemsPre)),
          ("post", wave(r.itemsPost)),
        ])
      })
  }

  /// A sentence per indicator that correlates negatively with the rest of the
  /// scale in a wave (likely scored in the other direction).
  public static func reliabilityNotes(_ r: ReliabilityResult, design: LiteracyDesign) -> [String] {
    var notes: [String] = []
    for (wave, a) in [("baseline", r.itemsPre), ("endline", r.itemsPost)] {
      for j in a.negativelyCorrelated where design.indicators.indices.contains(j) {
        let d = design.indicators[j]
        let value = a.items[j].rDrop.map { String(format: "%.2f", $0) } ?? "?"
        notes.append(
          "indicator \(d.id) correlates negatively with the rest of the scale at \(wave) (r.drop \(value)): "
            + (d.higherIsBetter
              ? "if lower answers are better for it, declare higher_is_better: false in the codebook"
              : "it is already reversed; check its coding"))
      }
    }
    return notes
  }

  static func body(
    _ r: LiteracyResult, design: LiteracyDesign, exclusions: LiteracyExclusions?, byConflicts: [ByValueConflicts] = []
  ) -> [(String, JSONValue)] {
    [
      ("attrition", attrition(r, design: design, exclusions: exclusions, byConflicts: byConflicts)),
      ("indicators", .array(r.indicators.map(indicatorJSON))),
      ("composite", r.composite.map { indicatorJSON($0) } ?? .null),
      ("composite_excluded", .int(r.compositeExcluded)),
    ] + (r.surveyDesign.map { [("survey_design", SurveyDesignOutput.summary($0))] } ?? []) + [
      ("reliability", reliabilityJSON(r.reliability, design: design)),
      ("items", itemsJSON(r.reliability, design: design)),
      (
        "change_correlation",
        .object([
          ("indicators", .array(design.indicators.map { .string($0.id) })),
          ("n", .int(r.changeCorrelationN)),
          ("matrix", .array(r.changeCorrelation.map { row in .array(row.map { JSONValue.number($0) }) })),
        ])
      ),
      (
        "headline",
        .array(
          r.headline.map { h in
            .object([
              ("name", .string(h.name)), ("value", .number(h.value)), ("ci_low", .number(h.ciLow)),
              ("ci_high", .number(h.ciHigh)), ("n", .int(h.n)), ("definition", .string(h.definition)),
            ])
          })
      ),
    ]
  }

  /// One indicator as JSON (exposed for tests).
  public static func indicatorJSONForTests(_ r: IndicatorResult) -> JSONValue { indicatorJSON(r) }

  static func indicatorJSON(_ r: IndicatorResult) -> JSONValue {
    let cells = LiteracyCSV.cells(r)
    return .object(
      zip(LiteracyCSV.columns, cells).map { name, cell in
        let v: JSONValue
        switch cell {
        case .text(let s): v = .string(s)
        case .number(let d): v = .number(d)
        case .int(let i): v = i.map { .int($0) } ?? .null
        case .bool(let b): v = b.map { .bool($0) } ?? .null
        }
        return (name, v)
      } + (r.survey.map { [("design", SurveyDesignOutput.json($0))] } ?? []))
  }

  static func attrition(
    _ r: LiteracyResult, design: LiteracyDesign, exclusions: LiteracyExclusions?, byConflicts: [ByValueConflicts]
  ) -> JSONValue {
    let c = r.counts
    let started = c.matched + c.onlyPre
    var m: [(String, JSONValue)] = [
      ("matched", .int(c.matched)), ("only_pre", .int(c.onlyPre)), ("only_post", .int(c.onlyPost)),
      ("attrition_rate", started > 0 ? .number(Double(c.onlyPre) / Double(started)) : .null),
    ]
    let fileLevel: [(String, JSONValue)] = [
      ("rows_pre", .int(c.rowsPre)), ("rows_post", .int(c.rowsPost)),
      ("duplicate_ids_pre", .int(c.duplicateIdsPre)), ("duplicate_rows_pre", .int(c.duplicateRowsPre)),
      ("duplicate_ids_post", .int(c.duplicateIdsPost)), ("duplicate_rows_post", .int(c.duplicateRowsPost)),
      ("blank_ids_pre", .int(c.blankIdsPre)), ("blank_ids_post", .int(c.blankIdsPost)),
      ("skipped_rows_pre", .int(c.skippedRowsPre)), ("skipped_rows_post", .int(c.skippedRowsPost)),
      (
        "per_indicator",
        .array(
          design.indicators.indices.map { j in
            .object([
              ("indicator", .string(design.indicators[j].id)),
              ("missing_pre", .int(c.missingPre[j])), ("missing_post", .int(c.missingPost[j])),
              ("non_numeric_pre", .int(c.nonNumericPre[j])), ("non_numeric_post", .int(c.nonNumericPost[j])),
              ("unmatched_label_pre", .int(Self.count(exclusions?.unmatchedLabelPre, j))),
              ("unmatched_label_post", .int(Self.count(exclusions?.unmatchedLabelPost, j))),
              ("out_of_scale_pre", .int(c.outOfScalePre[j])), ("out_of_scale_post", .int(c.outOfScalePost[j])),
            ])
          })
      ),
    ]
    // Per-file counts and examples belong to the whole population only.
    if exclusions != nil {
      m += fileLevel
      m.append(
        (
          "by_value_conflicts",
          .array(
            byConflicts.map { c in
              .object([
                ("by", .string(c.column)), ("respondents", .int(c.respondents)), ("value_used", .string("baseline")),
                (
                  "examples",
                  .array(
                    c.examples.map {
                      .object([("id", .string($0.id)), ("pre", .string($0.pre)), ("post", .string($0.post))])
                    })
                ),
              ])
            })
        ))
    }
    m.append(
      (
        "baseline_difference",
        .array(
          r.baselineDifference.map { b in
            .object([
              ("indicator", .string(b.indicator)), ("n_completers", .int(b.nCompleters)),
              ("n_dropouts", .int(b.nDropouts)), ("mean_completers", .number(b.meanCompleters)),
              ("mean_dropouts", .number(b.meanDropouts)), ("difference", .number(b.difference)),
              ("t", .number(b.t)), ("df", .number(b.df)), ("p_value", .number(b.pValue)),
            ])
          })
      ))
    if let e = exclusions {
      m.append(
        (
          "examples",
          .object([
            (
              "duplicate_ids",
              .array(
                e.duplicateIds.map { d in
                  .object([
                    ("wave", .string(d.wave)), ("id", .string(d.id)), ("lines", .array(d.lines.map { .int($0) })),
                  ])
                })
            ),
            ("non_numeric", .array(e.nonNumeric.map { problemJSON($0.wave, $0.problem) })),
            ("out_of_scale", .array(e.outOfScale.map { problemJSON($0.wave, $0.problem) })),
            ("unmatched_label", .array(e.unmatchedLabel.map { problemJSON($0.wave, $0.problem) })),
            (
              "skipped_rows",
              .array(
                e.skippedRows.map {
                  .object([
                    ("wave", .string($0.wave)), ("line", .int($0.problem.line)),
                    ("reason", .string($0.problem.message)),
                  ])
                })
            ),
            (
              "blank_ids",
              .array(e.blankIdLines.map { .object([("wave", .string($0.wave)), ("line", .int($0.line))]) })
            ),
            ("only_pre_ids", .array(e.onlyPreIds.map { .string($0) })),
            ("only_post_ids", .array(e.onlyPostIds.map { .string($0) })),
          ])
        ))
    }
    return .object(m)
  }

  /// Entry `j` of a per-indicator count list (0 when absent: groups carry
  /// no per-file counts).
  static func count(_ list: [Int]?, _ j: Int) -> Int {
    guard let list, list.indices.contains(j) else { return 0 }
    return list[j]
  }

  static func problemJSON(_ wave: String, _ p: ValueProblem) -> JSONValue {
    .object([
      ("wave", .string(wave)), ("indicator", .string(p.column)), ("line", .int(p.line)), ("value", .string(p.text)),
    ])
  }
}
