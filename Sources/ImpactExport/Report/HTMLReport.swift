import Foundation
import ImpactStats
import Mustache

/// Renders `report.html` from a run's results with the Mustache template.
public enum HTMLReport {
  public static func render(_ run: RunReport) throws(ExportError) -> String {
    let template: MustacheTemplate
    do {
      template = try MustacheTemplate(string: ReportTemplate.html)
    } catch {
      throw ExportError(
        path: "report.html", message: "the report template is invalid: \(error)", hint: "report this bug")
    }
    return template.render(context(run))
  }

  /// The template's data: plain dictionaries of preformatted strings.
  static func context(_ run: RunReport) -> [String: Any] {
    var c: [String: Any] = [
      "title": run.title,
      "version": run.toolVersion,
      "synthetic": run.inputs.contains { $0.path.lowercased().contains("synthetic") },
    ]
    if let g = run.generatedAt { c["generatedAt"] = g }
    var headline: [[String: Any]] = []
    c["surveys"] = run.surveys.enumerated().map { i, s in
      survey(s.report, name: s.name, index: i, headline: &headline)
    }
    if let r = run.reach { c["reach"] = reach(r, headline: &headline) }
    c["headline"] = headline
    c["methods"] = methods(run)
    c["inputs"] = run.inputs.map { i in
      [
        "role": i.role, "file": i.path, "rows": i.rows.map(Format.int) ?? "", "bytes": Format.int(i.bytes),
        "sha": i.sha256 ?? "",
      ] as [String: Any]
    }
    return c
  }

  // MARK: - Literacy

  static func survey(_ report: LiteracyReport, name: String, index: Int, headline: inout [[String: Any]]) -> [String:
    Any]
  {
    let r = report.overall
    let conf = Int((r.confidence * 100).rounded())
    var cards: [[String: Any]] = []
    func figure(_ n: String) -> HeadlineFigure? { r.headline.first { $0.name == n } }
    if let h = figure("composite_pct_change"), let v = h.value {
      cards.append(
        card(
          "Composite score change 综合得分变化", Format.signedPercent(v),
          "\(conf)% CI \(Format.percentRange(h.ciLow, h.ciHigh)); n = \(Format.int(h.n))"))
    }
    if let h = figure("pass_rate_pct_change"), let v = h.value, let a = figure("pass_rate_pre")?.value,
      let b = figure("pass_rate_post")?.value
    {
      cards.append(
        card(
          "Pass rate change 达标率变化", Format.signedPercent(v),
          "from \(Format.fixed(a, 1))% to \(Format.fixed(b, 1))% passing (mean over indicators)"))
    }
    if let h = figure("share_improved_composite"), let v = h.value {
      cards.append(
        card(
          "Respondents who improved 提升人数占比", "\(Format.fixed(v, 1))%",
          "\(conf)% CI \(Format.percentRange(h.ciLow, h.ciHigh, signed: false))"))
    }
    if let h = figure("indicators_improved_significantly"), let v = h.value {
      cards.append(
        card(
          "Indicators improved 显著提升的指标", "\(Int(v)) of \(h.n)",
          "Holm-adjusted paired t-test, p < \(Format.fixed(1 - r.confidence, 2))"))
    }
    let designParts = designParts(r)
    cards += designParts.cards
    let comparisonParts = comparisonParts(report)
    cards += comparisonParts.cards
    headline += cards.prefix(2).map {
      var c = $0; c["label"] = "\(name): \($0["label"] ?? "")"; return c
    }
    var rows: [[String: Any]] = r.indicators.map { indicatorRow($0, total: false) }
    if let comp = r.composite { rows.append(indicatorRow(comp, total: true)) }
    let c = r.counts
    let started = c.matched + c.onlyPre
    var attrition = [
      "\(Format.int(c.rowsPre)) baseline rows, \(Format.int(c.rowsPost)) endline rows; \(Format.int(c.matched)) matched, \(Format.int(c.onlyPre)) dropped out (\(started > 0 ? Format.fixed(100 * Double(c.onlyPre) / Double(started), 1) : "–")%), \(Format.int(c.onlyPost)) only at endline."
    ]
    if c.duplicateIdsPre + c.duplicateIdsPost > 0 {
      attrition.append(
        "Duplicate ids excluded in full: \(c.duplicateIdsPre) at baseline (\(c.duplicateRowsPre) rows), \(c.duplicateIdsPost) at endline (\(c.duplicateRowsPost) rows)."
      )
    }
    attrition += designParts.notes
    attrition += comparisonParts.notes
    let sig = r.baselineDifference.filter { ($0.pValue ?? 1) < 0.05 }.map(\.indicator)
    attrition.append(
      sig.isEmpty
        ? "Dropouts' baseline scores do not differ significantly from completers' on any indicator (Welch t-test, p ≥ 0.05)."
        : "Dropouts' baseline scores differ (Welch p < 0.05) on: \(sig.joined(separator: ", ")) — read those gains with care."
    )
    var exclusions: [String] = []
    let ids = report.design.indicators.map(\.id)
    for (j, id) in ids.enumerated() {
      var parts: [String] = []
      if c.outOfScalePre[j] + c.outOfScalePost[j] > 0 {
        parts.append("\(c.outOfScalePre[j] + c.outOfScalePost[j]) outside the scale")
      }
      if c.nonNumericPre[j] + c.nonNumericPost[j] > 0 {
        parts.append("\(c.nonNumericPre[j] + c.nonNumericPost[j]) not numbers")
      }
      let (pre, post) = report.exclusions.unmatchedLabels(indicator: j)
      let unmatched = pre + post
      if unmatched > 0 { parts.append("\(unmatched) answers matching no codebook label") }
      if !parts.isEmpty { exclusions.append("\(id): " + parts.joined(separator: ", ")) }
    }
    for e in report.exclusions.outOfScale.prefix(5) + report.exclusions.unmatchedLabel.prefix(3) {
      exclusions.append("e.g. \(e.wave) line \(e.problem.line): \(e.problem.column) = '\(e.problem.text)'")
    }
    return [
      "audit": auditContext(report.audit), "name": name, "anchor": "survey\(index + 1)",
      "matched": Format.int(c.matched),
      "attritionText": "\(Format.int(c.onlyPre)) baseline-only, \(Format.int(c.onlyPost)) endline-only",
      "k": report.design.indicators.count, "compositeN": Format.int(r.composite?.nPairs ?? 0), "cards": cards,
      "beforeAfterSVG": Charts.beforeAfter(r.indicators, confidence: r.confidence),
      "forestSVG": Charts.forest(r.indicators, composite: r.composite), "rows": rows, "ciLabel": "\(conf)% CI",
      "alphaPre": Format.optional(r.reliability.alphaPre, 3), "alphaPreN": Format.int(r.reliability.nPre),
      "alphaPost": Format.optional(r.reliability.alphaPost, 3), "alphaPostN": Format.int(r.reliability.nPost),
      "attrition": attrition,
      "baseline": r.baselineDifference.map { b in
        [
          "indicator": b.indicator, "completers": Format.optional(b.meanCompleters, 3),
          "dropouts": Format.optional(b.meanDropouts, 3), "difference": Format.optional(b.difference, 3),
          "p": Format.p(b.pValue),
        ] as [String: Any]
      },
      "hasExclusions": !exclusions.isEmpty, "exclusions": exclusions,
      "headlineDefinitions": r.headline.map { ["name": $0.name, "definition": $0.definition] as [String: Any] },
    ]
  }

  static func indicatorRow(_ r: IndicatorResult, total: Bool) -> [String: Any] {
    let pass: String
    if let a = r.sharePassPre, let b = r.sharePassPost {
      pass = "\(Format.fixed(100 * a, 1))% → \(Format.fixed(100 * b, 1))%"
    } else {
      pass = ""
    }
    let pct =
      r.pctChange.map { Format.signedPercent($0) + " " + Format.percentRange(r.pctChangeCILow, r.pctChangeCIHigh) }
      ?? "–"
    return [
      "label": total ? "Composite 综合 (0–100)" : (r.label == r.indicator ? r.indicator : "\(r.indicator) \(r.label)"),
      "total": total, "n": Format.int(r.nPairs), "pre": Format.optional(r.meanPre, 2),
      "post": Format.optional(r.meanPost, 2), "diff": r.meanDiff.map { Format.signed($0, 2) } ?? "–",
      "cls": (r.meanDiff ?? 0) >= 0 ? "pos" : "neg", "pct": pct, "dz": Format.optional(r.cohensDz, 2),
      "p": Format.p(r.pHolm ?? (total ? r.pValue : nil)), "wp": Format.p(r.wilcoxonP),
      "improved": r.shareImproved.map { "\(Format.fixed(100 * $0, 1))%" } ?? "–", "pass": pass,
    ]
  }

  // MARK: - Reach

  static func reach(_ report: ReachReport, headline: inout [[String: Any]]) -> [String: Any] {
    let r = report.overall
    let grain = r.grain.rawValue
    var cards: [[String: Any]] = []
    func total(_ k: String) -> Double? { r.totals.first { $0.0 == k }?.1 ?? nil }
    // The headline quotes the last complete period (unless
    // --include-partial) and says so when a later partial one exists.
    if let last = r.headlinePeriod {
      let later = r.periods.filter { $0.index > last.index }
      let qualifier = later.isEmpty ? "" : " (last complete \(grain))"
      let note =
        later.isEmpty
        ? ""
        : "; \(later.map { "\($0.period) is partial (\($0.coveredDays ?? 0) of \($0.periodDays) days)" }.joined(separator: ", "))"
      cards.append(
        card(
          "Active volunteers \(last.period)\(qualifier) 活跃志愿者", Format.int(last.volunteersActive),
          growthText(last, "volunteers_active") + note))
      cards.append(
        card(
          "Service hours \(last.period)\(qualifier) 服务时长", Format.int(Int(last.hoursTotal.rounded())),
          growthText(last, "hours_total") + note))
    }
    if let h = total("hours_total") {
      cards.append(
        card(
          "Hours since \(r.periods.first?.period ?? "") 累计时长", Format.int(Int(h.rounded())),
          "\(Format.int(Int(total("records") ?? 0))) service records"))
    }
    if let reg = total("volunteers_registered") {
      cards.append(
        card(
          "Registered volunteers 注册志愿者", Format.int(Int(reg)),
          "\(Format.int(Int(total("registry_teams") ?? 0))) teams in the registry"))
    }
    if let g = r.growth.first(where: { $0.figure == "hours_total" }), let t = g.trendPct {
      cards.append(
        card(
          "Trend growth of hours 时长趋势增速", Format.signedPercent(t) + " / year",
          "CI \(Format.percentRange(g.trendCILow, g.trendCIHigh)); CAGR \(g.cagrPct.map(Format.signedPercent) ?? "–")"))
    }
    if let u = total("beneficiaries_unique") {
      cards.append(
        card(
          "People reached (unique) 受益人数（去重）", Format.int(Int(u)),
          "served in activities: \(Format.int(Int(total("beneficiaries_served") ?? 0))) (with repeats)"))
    }
    headline += cards.prefix(3)
    var groupTables: [[String: Any]] = []
    for by in Set(report.groups.map(\.column)).sorted() {
      let groups = report.groups.filter { $0.column == by }
      let ranked = groups.compactMap { g -> (ReachGroupResult, ReachPeriodRow)? in
        g.result.headlinePeriod.map { (g, $0) }
      }
      .sorted { $0.1.hoursTotal > $1.1.hoursTotal }
      let shown = ranked.prefix(15)
      groupTables.append([
        "by": by, "grain": grain, "shown": shown.count, "count": groups.count,
        "rows": shown.map { g, p in
          [
            "group": g.value, "active": Format.int(p.volunteersActive), "new": Format.int(p.volunteersNew),
            "hours": Format.grouped(p.hoursTotal, 1), "median": Format.optional(p.hoursPerVolunteerMedian, 1),
            "retention": p.retentionPct.map { "\(Format.fixed($0, 1))%" } ?? "–",
            "growth": (p.growth["hours_total"] ?? nil).map(Format.signedPercent) ?? "–",
            "cls": ((p.growth["hours_total"] ?? nil) ?? 0) >= 0 ? "pos" : "neg",
          ] as [String: Any]
        },
      ])
    }
    let teams = r.topTeams
    let projects = r.topProjects
    let top: [[String: Any]] = (0..<max(teams.count, projects.count)).map { i in
      var row: [String: Any] = [:]
      if i < teams.count {
        row["team"] = teams[i].name
        row["teamHours"] = Format.grouped(teams[i].hours, 1)
        row["teamRecords"] = Format.int(teams[i].records)
        row["teamVolunteers"] = teams[i].volunteers.map(Format.int) ?? "–"
      }
      if i < projects.count {
        row["project"] = projects[i].name
        row["projectHours"] = Format.grouped(projects[i].hours, 1)
        row["projectRecords"] = Format.int(projects[i].records)
        row["projectVolunteers"] = projects[i].volunteers.map(Format.int) ?? "–"
      }
      return row
    }
    var context: [String: Any] = [
      "cards": cards, "grain": grain, "ciLabel": "95% CI",
      "hoursSVG": Charts.periodBars(
        r.periods, figure: "hours_total", title: "Service hours per \(grain) 服务时长 (labels: growth vs previous \(grain))"
      ),
      "volunteersSVG": Charts.volunteers(r.periods),
      "periods": r.periods.map { p in
        [
          "period": p.partial ? "\(p.period) (partial: \(p.coveredDays ?? 0)/\(p.periodDays) days)" : p.period,
          "active": Format.int(p.volunteersActive), "new": Format.int(p.volunteersNew),
          "cumulative": Format.int(p.volunteersCumulative), "registered": p.volunteersRegistered.map(Format.int) ?? "–",
          "hours": Format.grouped(p.hoursTotal, 1),
          "perVolunteer":
            "\(Format.optional(p.hoursPerVolunteerMean, 1)) · \(Format.optional(p.hoursPerVolunteerMedian, 1)) · \(Format.optional(p.hoursPerVolunteerP90, 1))",
          "records": Format.int(p.records), "teams": Format.int(p.teamsActive),
          "projects": Format.int(p.projectsActive),
          "served": Format.int(p.beneficiariesServed), "unique": p.beneficiariesUnique.map(Format.int) ?? "–",
          "retention": p.retentionPct.map { "\(Format.fixed($0, 1))%" } ?? "–",
          "growth": (p.growth["hours_total"] ?? nil).map(Format.signedPercent) ?? "–",
          "cls": ((p.growth["hours_total"] ?? nil) ?? 0) >= 0 ? "pos" : "neg",
        ] as [String: Any]
      },
      "growth": r.growth.map { g in
        [
          "figure": g.figure, "first": Format.grouped(g.first, 1), "last": Format.grouped(g.last, 1),
          "years": Format.fixed(g.years, 2), "cagr": g.cagrPct.map(Format.signedPercent) ?? "–",
          "trend": g.trendPct.map { Format.signedPercent($0) + " " + Format.percentRange(g.trendCILow, g.trendCIHigh) }
            ?? "–",
        ] as [String: Any]
      },
      "hasTop": !top.isEmpty, "top": top, "groupTables": groupTables,
      "exclusions": report.exclusions.counts.sorted { $0.key < $1.key }.map { reason, n -> String in
        let first =
          report.exclusions.examples.first { $0.reason == reason }
          .map { " — first at \($0.file):\($0.line) ('\($0.value)')" } ?? ""
        return "\(reason.replacingOccurrences(of: "_", with: " ")): \(Format.int(n))\(first)"
      },
    ]
    if let v = report.volunteers { context["volunteersHTML"] = ReachVolunteerSection.html(v, grain: grain) }
    if r.hasBeneficiaries {
      context["beneficiariesSVG"] = Charts.periodBars(
        r.periods, figure: "beneficiaries_unique", title: "Distinct people reached per \(grain) 受益人数（去重）",
        color: "#1a7f37")
    }
    return context
  }

  static func growthText(_ p: ReachPeriodRow, _ figure: String) -> String {
    if p.growthNote == "previous_period_partial" { return "previous period partial: no growth rate" }
    if p.growthNote == "partial_period" { return "partial period: no growth rate" }
    guard let g = p.growth[figure] ?? nil else {
      return "no previous \(p.period.count == 4 ? "year" : "period") to compare"
    }
    return "\(Format.signedPercent(g)) vs previous period"
  }

  static func card(_ label: String, _ value: String, _ detail: String) -> [String: Any] {
    ["label": label, "value": value, "detail": detail]
  }

  // MARK: - Methods

  static func methods(_ run: RunReport) -> [[String: Any]] {
    var out: [[String: Any]] = []
    func add(_ json: JSONValue) {
      if case .object(let members) = json {
        for (k, v) in members { if case .string(let s) = v { out.append(["term": k, "definition": s]) } }
      }
    }
    if !run.surveys.isEmpty { add(LiteracyJSON.definitions) }
    if run.reach != nil { add(ReachJSON.definitions) }
    return out
  }

  /// The audit section of a survey: claims with their ratings and the
  /// figures under other definitions.
  static func auditContext(_ a: EvidenceAudit) -> [String: Any] {
    func value(_ x: Double?) -> String { Format.optional(x, 2) }
    return [
      "design": a.design.rawValue, "designRating": a.designRating.description,
      "claims": a.claims.filter { !$0.claim.hasPrefix("indicator ") }.map { c in
        [
          "claim": c.claim, "value": value(c.value), "n": Format.int(c.n), "rating": c.rating.description,
          "reasons": c.reasons.filter { !$0.code.hasPrefix("design.") }.map(\.finding).joined(separator: "; "),
        ] as [String: Any]
      },
      "definitions": a.definitions.map { d in
        [
          "name": d.name, "value": value(d.value), "unit": d.unit, "n": Format.int(d.n),
          "ci": d.ciLow == nil ? "—" : "\(value(d.ciLow)) – \(value(d.ciHigh))",
        ] as [String: Any]
      },
    ]
  }
}

/// Human-friendly number formatting for the report (the CSV/JSON keep full precision).
enum Format {
  static func int(_ n: Int) -> String {
    let s = String(abs(n))
    var out = ""
    for (i, ch) in s.enumerated() {
      if i > 0 && (s.count - i) % 3 == 0 { out.append(",") }
      out.append(ch)
    }
    return (n < 0 ? "-" : "") + out
  }

  static func fixed(_ v: Double, _ digits: Int) -> String {
    guard v.isFinite else { return "–" }
    return String(format: "%.\(digits)f", v)
  }

  /// Fixed decimals with thousands separators: 98,128.5.
  static func grouped(_ v: Double, _ digits: Int) -> String {
    guard v.isFinite else { return "–" }
    let s = fixed(abs(v), digits)
    let parts = s.split(separator: ".", maxSplits: 1)
    let whole = Int(parts[0]).map(int) ?? String(parts[0])
    return (v < 0 ? "-" : "") + whole + (parts.count > 1 ? "." + parts[1] : "")
  }

  static func optional(_ v: Double?, _ digits: Int) -> String { v.map { fixed($0, digits) } ?? "–" }

  static func signed(_ v: Double, _ digits: Int) -> String { (v >= 0 ? "+" : "") + fixed(v, digits) }

  static func signedPercent(_ v: Double) -> String { signed(v, 1) + "%" }

  static func percentRange(_ a: Double?, _ b: Double?, signed: Bool = true) -> String {
    guard let a, let b else { return "" }
    return signed ? "[\(Format.signed(a, 1)), \(Format.signed(b, 1))]" : "[\(fixed(a, 1)), \(fixed(b, 1))]"
  }

  static func p(_ p: Double?) -> String {
    guard let p else { return "–" }
    if p == 0 { return "< 1e-308" }
    if p < 1e-4 { return String(format: "%.1e", p) }
    return String(format: "%.4f", p)
  }
}
