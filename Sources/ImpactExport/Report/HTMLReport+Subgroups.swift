import ImpactReportModel
import ImpactStats

extension HTMLReport {
  /// Groups with fewer complete pairs than this are marked (wide intervals).
  static let smallGroup = 30

  /// One section per `--by` column: the composite's change per group with
  /// its confidence interval (a dot-and-interval chart sorted by change and
  /// a table with n), and whether the gains differ between the groups
  /// (Welch's ANOVA, Kruskal–Wallis; `subgroup_tests` of the JSON) when the
  /// tests exist. Groups with n < ``smallGroup`` are marked `*`.
  static func subgroupSections(_ report: LiteracyReport, _ L: Localizer) -> [[String: Any]] {
    let confidence = report.overall.confidence
    let conf = String(Int((confidence * 100).rounded()))
    var columns: [String] = []
    for g in report.groups where !columns.contains(g.column) { columns.append(g.column) }
    return columns.map { by in
      let groups = report.groups.filter { $0.column == by }
        .sorted { ($0.result.composite?.meanDiff ?? -.infinity) > ($1.result.composite?.meanDiff ?? -.infinity) }
      let points = groups.map { g -> Charts.IntervalPoint in
        let c = g.result.composite
        let n = c?.nPairs ?? 0
        return Charts.IntervalPoint(
          label: g.value + (n < smallGroup ? " *" : ""), value: c?.meanDiff, low: c?.ciLow, high: c?.ciHigh,
          small: n < smallGroup)
      }
      let rows = groups.map { g -> [String: Any] in
        let c = g.result.composite
        let n = c?.nPairs ?? 0
        return [
          "group": g.value, "small": n < smallGroup, "n": Format.int(n), "pre": Format.optional(c?.meanPre, 1),
          "post": Format.optional(c?.meanPost, 1), "diff": c?.meanDiff.map { Format.signed($0, 1) } ?? "–",
          "cls": (c?.meanDiff ?? 0) >= 0 ? "pos" : "neg",
          "ci": c.map { "[\(Format.optional($0.ciLow, 1)), \(Format.optional($0.ciHigh, 1))]" } ?? "–",
          "p": Format.p(c?.pValue),
        ]
      }
      var section: [String: Any] = [
        "heading": L.html(.subgroupTitle, by), "intro": L.html(.subgroupIntro, conf),
        "chartSVG": Charts.intervals(
          points, title: L.plain(.subgroupChartTitle), axisTitle: L.plain(.subgroupAxis), language: L.language),
        "rows": rows, "thCI": L.html(.ciLabel, conf), "hasSmall": rows.contains { $0["small"] as? Bool == true },
      ]
      if let tests = report.subgroupTests.first(where: { $0.column == by }) {
        section["tests"] = L.each { testsText(tests, alpha: 1 - confidence, $0) }
      } else {
        section["tests"] = L.html(.subgroupNoTest)
      }
      return section
    }
  }

  /// Whether the composite's (and each indicator's) gains differ between the
  /// groups of one column.
  static func testsText(_ s: SubgroupDifferences, alpha: Double, _ L: Localizer) -> String {
    var parts: [String] = []
    if let c = s.composite {
      parts.append(L.html(.subgroupQuestion, s.column, String(c.groups)))
      if let f = c.welch.f, let d1 = c.welch.df1, let d2 = c.welch.df2 {
        parts.append(
          L.html(.welchTest, String(Int(d1)), Format.fixed(d2, 1), Format.fixed(f, 2), Format.p(c.welch.pValue)))
      } else if let reason = c.welch.reason {
        parts.append(L.html(.welchReason, reason))
      }
      if let h = c.kruskal.h, let df = c.kruskal.df {
        parts.append(L.html(.kruskalTest, String(Int(df)), Format.fixed(h, 2), Format.p(c.kruskal.pValue)))
      } else if let reason = c.kruskal.reason {
        parts.append(L.html(.kruskalReason, reason))
      }
    }
    let differing = s.indicators.filter { ($0.welchPHolm ?? 1) < alpha }.map(\.indicator)
    parts.append(
      differing.isEmpty
        ? L.html(.noIndicatorDiffers)
        : L.html(.indicatorsDiffer, Format.fixed(alpha, 2), differing.joined(separator: ", ")))
    return parts.joined(separator: " ")
  }
}
