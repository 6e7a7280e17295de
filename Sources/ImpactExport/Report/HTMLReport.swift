import Foundation
import ImpactReportModel
import ImpactStats
import Mustache

/// Renders `report.html` from a run's results with the Mustache template,
/// in the run's language (every word from ``ReportText``).
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

  /// The catalog's messages without arguments, as escaped HTML (`{{{t.key}}}`
  /// in the template).
  static func words(_ L: Localizer) -> [String: String] {
    var t: [String: String] = [:]
    for k in MessageKey.allCases where !k.message.zh.contains("{0}") { t[k.rawValue] = L.html(k) }
    return t
  }

  /// The template's data: plain dictionaries of preformatted strings.
  static func context(_ run: RunReport) -> [String: Any] {
    let L = Localizer(run.language)
    var c: [String: Any] = [
      "title": run.title == RunReport.defaultTitle ? L.plain(.defaultTitle) : run.title,
      "style": ReportStyle.css,
      "version": run.toolVersion,
      "lang": run.language == .en ? "en" : "zh-CN",
      "t": words(L),
      "synthetic": run.inputs.contains { $0.path.lowercased().contains("synthetic") },
      "footer": L.html(.footer, run.toolVersion),
    ]
    if let g = run.generatedAt { c["generatedAt"] = L.html(.generatedAt, g) }
    var headline: [[String: Any]] = []
    c["surveys"] = run.surveys.enumerated().map { i, s in
      survey(s.report, name: s.name, index: i, headline: &headline, L)
    }
    if let r = run.reach { c["reach"] = reach(r, headline: &headline, L) }
    c["headline"] = headline
    c["methods"] = methods(run).map { m -> [String: Any] in
      let term = m["term"] as? String ?? ""
      let en = m["definition"] as? String ?? ""
      return ["term": term, "definition": L.html(Message(zh: ReportText.methodZh[term] ?? en, en: en))]
    }
    c["inputs"] = run.inputs.map { i in
      [
        "role": i.role, "file": i.path, "rows": i.rows.map(Format.int) ?? "", "bytes": Format.int(i.bytes),
        "sha": i.sha256 ?? "",
      ] as [String: Any]
    }
    return c
  }

  // MARK: - Literacy

  static func survey(
    _ report: LiteracyReport, name: String, index: Int, headline: inout [[String: Any]], _ L: Localizer
  ) -> [String: Any] {
    let r = report.overall
    let conf = Int((r.confidence * 100).rounded())
    let confText = String(conf)
    var cards: [[String: Any]] = []
    func figure(_ n: String) -> HeadlineFigure? { r.headline.first { $0.name == n } }
    if let h = figure("composite_pct_change"), let v = h.value {
      cards.append(
        card(
          L.html(.cardComposite), Format.signedPercent(v),
          L.html(.cardCIn, confText, Format.percentRange(h.ciLow, h.ciHigh), Format.int(h.n))))
    }
    if let h = figure("pass_rate_pct_change"), let v = h.value, let a = figure("pass_rate_pre")?.value,
      let b = figure("pass_rate_post")?.value
    {
      cards.append(
        card(
          L.html(.cardPassRate), Format.signedPercent(v),
          L.html(.cardPassDetail, Format.fixed(a, 1), Format.fixed(b, 1)))
      )
    }
    if let h = figure("share_improved_composite"), let v = h.value {
      cards.append(
        card(
          L.html(.cardImproved), "\(Format.fixed(v, 1))%",
          L.html(.cardCI, confText, Format.percentRange(h.ciLow, h.ciHigh, signed: false))))
    }
    if let h = figure("indicators_improved_significantly"), let v = h.value {
      cards.append(
        card(
          L.html(.cardIndicators),
          Localizer(L.language == .both ? .zh : L.language).plain(
            .cardIndicatorsValue, String(Int(v)), String(h.n)),
          L.html(.cardIndicatorsDetail, Format.fixed(1 - r.confidence, 2))))
    }
    let designParts = designParts(r, L)
    cards += designParts.cards
    let comparisonParts = comparisonParts(report, L)
    cards += comparisonParts.cards
    headline += cards.prefix(2).map {
      var c = $0
      c["label"] = "\(escapeXML(name)): \($0["label"] ?? "")"
      return c
    }
    var rows: [[String: Any]] = r.indicators.map { indicatorRow($0, total: false, L) }
    if let comp = r.composite { rows.append(indicatorRow(comp, total: true, L)) }
    let c = r.counts
    let started = c.matched + c.onlyPre
    var attrition = [
      L.html(
        .attritionCounts, Format.int(c.rowsPre), Format.int(c.rowsPost), Format.int(c.matched), Format.int(c.onlyPre),
        started > 0 ? Format.fixed(100 * Double(c.onlyPre) / Double(started), 1) + "%" : "–", Format.int(c.onlyPost))
    ]
    if c.duplicateIdsPre + c.duplicateIdsPost > 0 {
      attrition.append(
        L.html(
          .duplicateIds, Format.int(c.duplicateIdsPre), Format.int(c.duplicateRowsPre), Format.int(c.duplicateIdsPost),
          Format.int(c.duplicateRowsPost)))
    }
    attrition += designParts.notes
    attrition += comparisonParts.notes
    let sig = r.baselineDifference.filter { ($0.pValue ?? 1) < 0.05 }.map(\.indicator)
    attrition.append(sig.isEmpty ? L.html(.dropoutsSimilar) : L.html(.dropoutsDiffer, sig.joined(separator: ", ")))
    var exclusions: [String] = []
    let ids = report.design.indicators.map(\.id)
    for (j, id) in ids.enumerated() {
      var parts: [String] = []
      if c.outOfScalePre[j] + c.outOfScalePost[j] > 0 {
        parts.append(L.html(.exclOutside, Format.int(c.outOfScalePre[j] + c.outOfScalePost[j])))
      }
      if c.nonNumericPre[j] + c.nonNumericPost[j] > 0 {
        parts.append(L.html(.exclNotNumbers, Format.int(c.nonNumericPre[j] + c.nonNumericPost[j])))
      }
      let (pre, post) = report.exclusions.unmatchedLabels(indicator: j)
      let unmatched = pre + post
      if unmatched > 0 { parts.append(L.html(.exclUnmatched, Format.int(unmatched))) }
      if !parts.isEmpty { exclusions.append("\(escapeXML(id)): " + parts.joined(separator: "; ")) }
    }
    for e in report.exclusions.outOfScale.prefix(5) + report.exclusions.unmatchedLabel.prefix(3) {
      exclusions.append(L.html(.exclExample, e.wave, String(e.problem.line), e.problem.column, e.problem.text))
    }
    return [
      "audit": auditContext(report.audit, L), "anchor": "survey\(index + 1)",
      "heading": L.html(.literacyTitle, name),
      "intro": L.html(
        .literacyIntro, Format.int(c.matched), Format.int(c.onlyPre), Format.int(c.onlyPost),
        String(report.design.indicators.count), Format.int(r.composite?.nPairs ?? 0)),
      "cards": cards,
      "designGroups": designGroupsTable(r, groups: report.groups, L),
      "beforeAfterSVG": ResponsiveChart.html(
        wide: Charts.beforeAfter(r.indicators, confidence: r.confidence, language: L.language),
        compact: CompactCharts.beforeAfter(r.indicators, confidence: r.confidence, language: L.language)),
      "forestSVG": ResponsiveChart.html(
        wide: Charts.forest(r.indicators, composite: r.composite, language: L.language),
        compact: CompactCharts.forest(r.indicators, composite: r.composite, language: L.language)), "rows": rows,
      "thPctChange": L.html(.thPctChange, words: [MessageKey.ciLabel.filled([.same(confText)])]),
      "alphaNote": L.html(
        .alphaNote, Format.optional(r.reliability.alphaPre, 3), Format.int(r.reliability.nPre),
        Format.optional(r.reliability.alphaPost, 3), Format.int(r.reliability.nPost)),
      "attrition": attrition,
      "baseline": r.baselineDifference.map { b in
        [
          "indicator": b.indicator, "completers": Format.optional(b.meanCompleters, 3),
          "dropouts": Format.optional(b.meanDropouts, 3), "difference": Format.optional(b.difference, 3),
          "p": Format.p(b.pValue),
        ] as [String: Any]
      },
      "hasExclusions": !exclusions.isEmpty, "exclusions": exclusions,
      "subgroups": subgroupSections(report, L),
      "headlineDefinitions": r.headline.map {
        [
          "name": $0.name,
          "definition": L.html(Message(zh: ReportText.headlineZh[$0.name] ?? $0.definition, en: $0.definition)),
        ] as [String: Any]
      },
    ]
  }

  static func indicatorRow(_ r: IndicatorResult, total: Bool, _ L: Localizer) -> [String: Any] {
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
      "label": total
        ? L.html(.compositeRow)
        : escapeXML(
          r.label == r.indicator || r.label.hasPrefix(r.indicator + " ") ? r.label : "\(r.indicator) \(r.label)"),
      "total": total, "n": Format.int(r.nPairs), "pre": Format.optional(r.meanPre, 2),
      "post": Format.optional(r.meanPost, 2), "diff": r.meanDiff.map { Format.signed($0, 2) } ?? "–",
      "cls": (r.meanDiff ?? 0) >= 0 ? "pos" : "neg", "pct": pct, "dz": Format.optional(r.cohensDz, 2),
      "p": Format.p(r.pHolm ?? (total ? r.pValue : nil)), "wp": Format.p(r.wilcoxonP),
      "improved": r.shareImproved.map { "\(Format.fixed(100 * $0, 1))%" } ?? "–", "pass": pass,
    ]
  }

  // MARK: - Reach

  static func grainWord(_ g: PeriodGrain) -> Message {
    switch g {
    case .year: MessageKey.grainYear.message
    case .quarter: MessageKey.grainQuarter.message
    case .month: MessageKey.grainMonth.message
    }
  }

  static func reach(_ report: ReachReport, headline: inout [[String: Any]], _ L: Localizer) -> [String: Any] {
    let r = report.overall
    let grain = grainWord(r.grain)
    var cards: [[String: Any]] = []
    func total(_ k: String) -> Double? { r.totals.first { $0.0 == k }?.1 ?? nil }
    // The headline quotes the last complete period (unless
    // --include-partial) and says so when a later partial one exists.
    if let last = r.headlinePeriod {
      let later = r.periods.filter { $0.index > last.index }
      let qualifier = later.isEmpty ? Message.same("") : MessageKey.lastComplete.filled([grain])
      let notes = later.map { p in
        L.html(.partialNote, p.period, String(p.coveredDays ?? 0), String(p.periodDays))
      }.joined()
      cards.append(
        card(
          L.html(.cardActive, words: [.same(last.period), qualifier]), Format.count(last.volunteersActive, L.language),
          growthText(last, "volunteers_active", grain, L) + notes))
      cards.append(
        card(
          L.html(.cardHours, words: [.same(last.period), qualifier]),
          Format.count(Int(last.hoursTotal.rounded()), L.language), growthText(last, "hours_total", grain, L) + notes))
    }
    if let h = total("hours_total") {
      cards.append(
        card(
          L.html(.cardHoursSince, r.periods.first?.period ?? ""), Format.count(Int(h.rounded()), L.language),
          L.html(.cardRecords, Format.int(Int(total("records") ?? 0)))))
    }
    if let reg = total("volunteers_registered") {
      cards.append(
        card(
          L.html(.cardRegistered), Format.count(Int(reg), L.language),
          L.html(.cardRegisteredTeams, Format.int(Int(total("registry_teams") ?? 0)))))
    }
    if let g = r.growth.first(where: { $0.figure == "hours_total" }), let t = g.trendPct {
      cards.append(
        card(
          L.html(.cardTrend),
          Localizer(L.language == .en ? .en : .zh).plain(.perYear, Format.signedPercent(t)),
          L.html(
            .cardTrendDetail, Format.percentRange(g.trendCILow, g.trendCIHigh),
            g.cagrPct.map(Format.signedPercent) ?? "–"
          )))
    }
    if let u = total("beneficiaries_unique") {
      cards.append(
        card(
          L.html(.cardReached), Format.count(Int(u), L.language),
          L.html(.cardReachedDetail, Format.int(Int(total("beneficiaries_served") ?? 0)))))
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
        "by": by,
        "heading": L.html(
          .groupTableTitle, words: [.same(by), grain, .same(String(shown.count)), .same(String(groups.count))]),
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
      "cards": cards,
      "perGrain": L.html(.perGrainTitle, words: [grain]),
      "grainHeader": L.html(grain),
      "thTrend": L.html(.thTrend, words: [MessageKey.ciLabel.filled([.same("95")])]),
      "hoursSVG": ResponsiveChart.html(
        wide: Charts.periodBars(
          r.periods, figure: "hours_total", title: L.plain(.chartHoursTitle, words: [grain]),
          axisTitle: L.plain(.axisHours), grain: r.grain, language: L.language),
        compact: CompactCharts.periodBars(
          r.periods, figure: "hours_total", title: L.plain(.chartHoursTitle, words: [grain]), language: L.language)),
      "volunteersSVG": ResponsiveChart.html(
        wide: Charts.volunteers(r.periods, grain: r.grain, language: L.language),
        compact: CompactCharts.volunteers(r.periods, language: L.language)),
      "periods": r.periods.map { p in
        [
          "period": p.partial
            ? L.html(.periodPartial, p.period, String(p.coveredDays ?? 0), String(p.periodDays)) : escapeXML(p.period),
          "partial": p.partial,
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
          .map { L.html(.exclusionFirst, $0.file, String($0.line), $0.value) } ?? ""
        let en = reason.replacingOccurrences(of: "_", with: " ")
        return "\(L.html(Message(zh: ReportText.reachReasonZh[reason] ?? en, en: en))): \(Format.int(n))\(first)"
      },
    ]
    if let v = report.volunteers { context["volunteersHTML"] = ReachVolunteerSection.html(v, grain: grain, L) }
    if r.hasBeneficiaries {
      let title = L.plain(.chartBeneficiariesTitle, words: [grain])
      context["beneficiariesSVG"] = ResponsiveChart.html(
        wide: Charts.periodBars(
          r.periods, figure: "beneficiaries_unique", title: title, color: "#1a7f37", axisTitle: L.plain(.axisPeople),
          grain: r.grain, language: L.language),
        compact: CompactCharts.periodBars(
          r.periods, figure: "beneficiaries_unique", title: title, color: "#1a7f37", language: L.language))
    }
    return context
  }

  static func growthText(_ p: ReachPeriodRow, _ figure: String, _ grain: Message, _ L: Localizer) -> String {
    if p.growthNote == "previous_period_partial" { return L.html(.growthPreviousPartial) }
    if p.growthNote == "partial_period" { return L.html(.growthPartial) }
    guard let g = p.growth[figure] ?? nil else { return L.html(.growthNoPrevious, words: [grain]) }
    return L.html(.growthVsPrevious, Format.signedPercent(g))
  }

  /// A headline card; `label` and `detail` are HTML (escaped), `value` text.
  static func card(_ label: String, _ value: String, _ detail: String) -> [String: Any] {
    ["label": label, "value": value, "detail": detail]
  }

  // MARK: - Methods

  /// The method definitions of the JSON summaries (English), term by term.
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

  static func ratingWord(_ r: EvidenceRating) -> MessageKey {
    switch r {
    case .strong: .ratingStrong
    case .moderate: .ratingModerate
    case .limited: .ratingLimited
    case .insufficient: .ratingInsufficient
    }
  }

  static func designWord(_ d: StudyDesign) -> MessageKey {
    switch d {
    case .oneGroupPrePost: .designOneGroup
    case .comparisonGroup: .designComparison
    case .randomized: .designRandomized
    }
  }

  /// A claim's or definition's name: its catalog label, else the name.
  static func nameText(_ name: String, _ L: Localizer) -> String {
    MessageKey(rawValue: name).map { L.html($0) } ?? escapeXML(name)
  }

  /// The audit section of a survey: claims with their ratings and the
  /// figures under other definitions. A reason shows its catalog label; in
  /// English (and under the Chinese with `both`) also the finding with its
  /// numbers.
  static func auditContext(_ a: EvidenceAudit, _ L: Localizer) -> [String: Any] {
    func value(_ x: Double?) -> String { Format.optional(x, 2) }
    func reason(_ r: AuditReason) -> String {
      guard let k = MessageKey(rawValue: r.code) else { return escapeXML(r.finding) }
      switch L.language {
      case .zh: return L.html(k)
      case .en: return escapeXML(r.finding)
      case .both: return escapeXML(k.message.zh) + "<span class=\"en\" lang=\"en\">" + escapeXML(r.finding) + "</span>"
      }
    }
    return [
      "designText": L.html(
        .auditDesign, words: [designWord(a.design).message, ratingWord(a.designRating).message]),
      "claims": a.claims.filter { !$0.claim.hasPrefix("indicator ") }.map { c in
        [
          "claim": nameText(c.claim, L), "value": value(c.value), "n": Format.int(c.n),
          "rating": L.html(ratingWord(c.rating)),
          "reasons": c.reasons.filter { !$0.code.hasPrefix("design.") }.map(reason).joined(separator: "；"),
        ] as [String: Any]
      },
      "definitions": a.definitions.map { d in
        [
          "name": nameText(d.name, L), "value": value(d.value),
          "unit": L.html(Message(zh: ReportText.unitZh[d.unit] ?? d.unit, en: d.unit)), "n": Format.int(d.n),
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

  /// A headline count: grouped digits; in a Chinese-only report counts of
  /// 100,000 or more in 万 (and 亿 from 100,000,000), one decimal, e.g.
  /// 12.3万 — the form Chinese statistical bulletins use.
  static func count(_ n: Int, _ language: ReportLanguage) -> String {
    guard language == .zh, abs(n) >= 100_000 else { return int(n) }
    if abs(n) >= 100_000_000 { return Charts.trimmed(Double(n) / 1e8, 1) + "亿" }
    return Charts.trimmed(Double(n) / 1e4, 1) + "万"
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
