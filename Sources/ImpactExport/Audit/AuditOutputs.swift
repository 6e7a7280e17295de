import Foundation
public import ImpactReportModel
public import ImpactStats

/// The audit of a literacy analysis as JSON (`audit.json`, the `audit` block
/// of `literacy_summary.json`), as lines for stdout, and as Markdown for a
/// funder (`audit.md`). Every sentence is fixed text from the rules.
public enum AuditOutputs {
  /// The `audit` block of one analysis.
  public static func json(_ a: EvidenceAudit) -> JSONValue {
    .object([
      ("design", .string(a.design.rawValue)),
      ("design_rating", .string(a.designRating.description)),
      ("randomized", .bool(a.settings.randomized)),
      ("comparison", comparisonJSON(a)),
      (
        "attrition",
        .object([
          ("baseline_n", .int(a.baselineN)), ("matched_n", .int(a.matchedN)),
          ("overall", .number(a.overallAttrition)),
          ("differential", .number(a.comparison?.differentialAttrition)),
          ("boundary", .string(a.settings.boundary.rawValue)),
          ("max_differential_pp_at_overall", .number(a.boundaryLimit)),
          ("source", .string(WWCAttritionBoundary.source)),
        ])
      ),
      ("multiplicity", .string(a.multiplicity)),
      (
        "reliability",
        .object([
          ("alpha_pre", .number(a.alphaPre)), ("alpha_post", .number(a.alphaPost)), ("n_pre", .int(a.alphaNPre)),
          ("n_post", .int(a.alphaNPost)), ("minimum", .number(EvidenceRules.minimumAlpha)),
        ])
      ),
      (
        "floor_ceiling",
        .object([
          ("threshold", .number(EvidenceRules.extremeShareThreshold)),
          (
            "indicators",
            .array(
              a.extremes.map { e in
                .object([
                  ("indicator", .string(e.indicator)), ("wave", .string(e.wave)), ("n", .int(e.n)),
                  ("scale", .array([.number(e.scaleMinimum), .number(e.scaleMaximum)])),
                  ("share_at_minimum", .number(e.shareAtMinimum)), ("share_at_maximum", .number(e.shareAtMaximum)),
                  ("floor", .bool(e.floor)), ("ceiling", .bool(e.ceiling)),
                ])
              })
          ),
        ])
      ),
      (
        "regression_to_the_mean",
        .object([
          ("selected_on_baseline", .bool(a.settings.selectedOnBaseline)),
          (
            "indicators",
            .array(
              a.regression.map { x in
                .object([
                  ("indicator", .string(x.indicator)), ("n", .int(x.n)), ("slope_change_on_baseline", .number(x.slope)),
                  ("cor_pre_post", .number(x.correlation)), ("test_retest", .number(x.testRetest)),
                  ("test_retest_source", .string(x.testRetestSource)), ("population_mean", .number(x.populationMean)),
                  ("baseline_mean", .number(x.baselineMean)), ("expected_change", .number(x.expectedChange)),
                  ("observed_change", .number(x.observedChange)),
                ])
              })
          ),
        ])
      ),
      ("relative_with_absolute", .bool(a.relativeWithAbsolute)),
      (
        "definitions",
        .array(
          a.definitions.map { d in
            .object([
              ("name", .string(d.name)), ("value", .number(d.value)), ("ci_low", .number(d.ciLow)),
              ("ci_high", .number(d.ciHigh)), ("unit", .string(d.unit)), ("n", .int(d.n)),
              ("definition", .string(d.definition)),
            ])
          })
      ),
      (
        "scale_coding",
        .object([
          ("mean_pct_as_coded", .number(a.meanPctAsCoded)), ("mean_pct_from_zero", .number(a.meanPctFromZero)),
          ("mean_pct_from_one", .number(a.meanPctFromOne)),
          (
            "indicators",
            .array(
              a.coding.map { c in
                .object([
                  ("indicator", .string(c.indicator)),
                  ("scale", .array([.number(c.scaleMinimum), .number(c.scaleMaximum)])),
                  ("pct_as_coded", .number(c.pctAsCoded)), ("pct_from_zero", .number(c.pctFromZero)),
                  ("pct_from_one", .number(c.pctFromOne)), ("cohens_dz", .number(c.cohensDz)),
                  ("hedges_gav", .number(c.hedgesGav)),
                ])
              })
          ),
        ])
      ),
      ("claims", .array(a.claims.map(claimJSON))),
    ])
  }

  static func comparisonJSON(_ a: EvidenceAudit) -> JSONValue {
    guard let c = a.comparison else { return .null }
    return .object([
      ("overall_attrition", .number(c.overallAttrition)), ("differential_attrition", .number(c.differentialAttrition)),
      ("baseline_effect_size", .number(c.baselineEffectSize)),
      (
        "baseline_equivalence",
        .string(c.baselineEffectSize.map { EvidenceRules.baselineEquivalence(effectSize: $0).rawValue })
      ),
      ("adjusted", .bool(c.adjusted)),
    ])
  }

  static func reasonJSON(_ r: AuditReason) -> JSONValue {
    .object([
      ("code", .string(r.code)), ("standard", .string(r.standard)), ("finding", .string(r.finding)),
      ("cap", .string(r.cap.description)),
    ])
  }

  static func claimJSON(_ c: ClaimRating) -> JSONValue {
    .object([
      ("claim", .string(c.claim)), ("value", .number(c.value)), ("ci_low", .number(c.ciLow)),
      ("ci_high", .number(c.ciHigh)), ("n", .int(c.n)), ("rating", .string(c.rating.description)),
      ("reasons", .array(c.reasons.map(reasonJSON))), ("checks", .array(c.checks.map(reasonJSON))),
    ])
  }

  /// `audit.json`: meta and one audit per survey.
  public static func document(
    surveys: [(name: String, audit: EvidenceAudit)], toolVersion: String, generatedAt: String?
  ) -> JSONValue {
    var meta: [(String, JSONValue)] = [("tool", .string("impact")), ("version", .string(toolVersion))]
    meta.append(("command", .string("audit")))
    if let generatedAt { meta.append(("generated_at", .string(generatedAt))) }
    return .object([
      ("meta", .object(meta)),
      (
        "surveys",
        .array(surveys.map { s in .object([("name", .string(s.name)), ("audit", json(s.audit))]) })
      ),
    ])
  }

  // MARK: - Text

  static func num(_ x: Double?, _ places: Int = 1) -> String {
    guard let x, x.isFinite else { return "n/a" }
    return String(format: "%.\(places)f", x)
  }

  static func ci(_ lo: Double?, _ hi: Double?) -> String {
    guard let lo, let hi else { return "no CI" }
    return "CI [\(num(lo, 2)), \(num(hi, 2))]"
  }

  /// The readable summary `impact audit` prints on stdout.
  public static func lines(_ a: EvidenceAudit, name: String) -> [String] {
    var out = ["== \(name) =="]
    out.append("design: \(a.design.rawValue) — no claim can be rated above \(a.designRating)")
    out.append(
      "attrition: \(num(a.overallAttrition.map { $0 * 100 }))% of \(a.baselineN) baseline respondents unmatched (\(a.settings.boundary.rawValue) WWC boundary)"
    )
    out.append(
      "reliability: alpha \(num(a.alphaPre, 2)) at baseline (n = \(a.alphaNPre)), \(num(a.alphaPost, 2)) at endline (n = \(a.alphaNPost))"
    )
    let flagged = a.extremes.filter { $0.floor || $0.ceiling }
    out.append(
      "floor/ceiling (≥ 15% at a scale end): "
        + (flagged.isEmpty
          ? "none"
          : flagged.prefix(8).map {
            "\($0.indicator) \($0.wave) \($0.ceiling ? "ceiling \(num(($0.shareAtMaximum ?? 0) * 100))%" : "floor \(num(($0.shareAtMinimum ?? 0) * 100))%")"
          }.joined(separator: ", ") + (flagged.count > 8 ? ", …" : "")))
    out.append("multiplicity: \(a.multiplicity)")
    out.append("how the number was made:")
    for d in a.definitions {
      out.append("  \(d.name): \(num(d.value, 2)) \(d.unit), \(ci(d.ciLow, d.ciHigh)), n = \(d.n)")
    }
    if a.meanPctAsCoded != nil {
      out.append(
        "  scale coding: mean indicator % change \(num(a.meanPctAsCoded, 2))% as coded, \(num(a.meanPctFromZero, 2))% with the lowest answer coded 0, \(num(a.meanPctFromOne, 2))% coded 1; effect sizes (dz, g) do not depend on the coding"
      )
    }
    out.append("claims (reasons other than the design; at most: the highest rating a reason allows):")
    for c in a.claims {
      out.append("  [\(c.rating)] \(c.claim) = \(num(c.value, 2)), \(ci(c.ciLow, c.ciHigh)), n = \(c.n)")
      for r in c.reasons where !r.code.hasPrefix("design.") {
        out.append("      - \(r.finding) — \(r.standard); at most \(r.cap)")
      }
    }
    return out
  }

  // MARK: - Markdown

  /// `audit.md`: a summary for a funder, in English (the default) or, with
  /// `zh`/`both`, from the report's catalog (AuditMarkdown.swift).
  public static func markdown(
    title: String, surveys: [(name: String, audit: EvidenceAudit)], language: ReportLanguage = .en
  ) -> String {
    if language != .en { return localizedMarkdown(title: title, surveys: surveys, language: language) }
    var md = "# How strong is this evidence? — \(title)\n\n"
    md +=
      "Each figure is rated strong / moderate / limited / insufficient by fixed rules (What Works Clearinghouse, CONSORT 2010); the reasons name the standard. Generated by `impact audit`.\n"
    for s in surveys {
      let a = s.audit
      md += "\n## \(s.name)\n\n"
      md +=
        "- **Design:** \(a.design.rawValue) — no claim can be rated above **\(a.designRating)** (\(EvidenceRules.designReason(a.design).standard)).\n"
      md +=
        "- **Attrition:** \(num(a.overallAttrition.map { $0 * 100 }))% of \(a.baselineN) baseline respondents were not matched at endline (WWC \(a.settings.boundary.rawValue) boundary).\n"
      md +=
        "- **Reliability:** Cronbach's alpha \(num(a.alphaPre, 2)) (baseline), \(num(a.alphaPost, 2)) (endline); WWC asks for ≥ 0.50.\n"
      md += "- **Multiple outcomes:** \(a.multiplicity).\n"
      let flagged = a.extremes.filter { $0.floor || $0.ceiling }
      md +=
        "- **Floor/ceiling:** \(flagged.isEmpty ? "no indicator has ≥ 15% of answers at a scale end" : "\(Set(flagged.map(\.indicator)).count) indicator(s) have ≥ 15% of answers at a scale end in a wave").\n"
      md += "\n### Claims\n\n| claim | value | CI | n | rating | lowered by |\n|---|---:|---|---:|---|---|\n"
      for c in a.claims {
        let why = c.reasons.filter { !$0.code.hasPrefix("design.") }.map { "\($0.finding) [\($0.code)]" }
          .joined(separator: "; ")
        md +=
          "| \(cell(c.claim)) | \(num(c.value, 2)) | \(ci(c.ciLow, c.ciHigh)) | \(c.n) | **\(c.rating)** | \(cell(why)) |\n"
      }
      var standards: [(String, String)] = []
      for r in a.claims.flatMap(\.reasons) where !standards.contains(where: { $0.0 == r.code }) {
        standards.append((r.code, r.standard))
      }
      md += "\nStandards behind the reasons: " + standards.map { "`\($0.0)`: \($0.1)" }.joined(separator: "; ") + ".\n"
      md += "\n### How the number was made\n\n| definition | value | unit | CI | n |\n|---|---:|---|---|---:|\n"
      for d in a.definitions {
        md += "| \(cell(d.name)) | \(num(d.value, 2)) | \(d.unit) | \(ci(d.ciLow, d.ciHigh)) | \(d.n) |\n"
      }
      if a.meanPctAsCoded != nil {
        md +=
          "\nThe % change depends on how the answers are coded: the mean indicator % change is \(num(a.meanPctAsCoded, 2))% as coded, \(num(a.meanPctFromZero, 2))% if the lowest answer were coded 0 and \(num(a.meanPctFromOne, 2))% if it were coded 1. Effect sizes (Cohen's dz, Hedges' g) are the same under every coding.\n"
      }
    }
    return md
  }

  static func cell(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|") }
}
