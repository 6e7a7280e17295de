import ImpactStats

/// The report's volunteer-figures section (inside the reach section): star
/// levels per period, the cohort-retention heat map and table, lapsed
/// volunteers, the distribution of hours per volunteer, full-time
/// equivalents and the value of volunteer time. Rendered to an HTML string
/// (every value escaped) that the report template inserts as is.
enum ReachVolunteerSection {
  /// English and Chinese labels of this section, in one table so they can
  /// move into the report's message catalog.
  static let labels: [String: (en: String, zh: String)] = [
    "title": ("Volunteer figures", "志愿者指标"),
    "stars": ("Star levels by cumulative service hours (end of each period)", "星级志愿者（按累计服务时长，期末）"),
    "below": ("no star", "未达星级"),
    "cohorts": ("Cohort retention: share of each first-service cohort active later", "各届志愿者留存率（按首次服务时间）"),
    "cohort": ("first service", "首次服务"),
    "size": ("volunteers", "人数"),
    "since": ("periods since first service", "首次服务后第几期"),
    "lapsed": ("Lapsed volunteers", "流失志愿者"),
    "distribution": ("Hours per volunteer over the span", "人均服务时长（全期）"),
    "median": ("median", "中位数"),
    "top10": ("share of hours by the top 10% of volunteers", "前10%志愿者贡献时长占比"),
    "fte": ("Full-time equivalents", "全职当量"),
    "value": ("Value of volunteer time", "志愿服务时间价值"),
    "period": ("period", "时期"),
    "hours": ("hours", "小时"),
  ]

  /// "English 中文" (the report shows both languages).
  static func label(_ key: String) -> String {
    guard let l = labels[key] else { return key }
    return "\(l.en) \(l.zh)"
  }

  /// Most cohorts drawn in the heat map and listed in the table (the latest).
  static let maximumCohorts = 24

  static func html(_ f: VolunteerFigures, grain: String) -> String {
    var h = "<h3>\(escapeXML(label("title")))</h3>\n"
    h += "<ul class=\"notes\">\n"
    if let l = f.lapsed {
      let bound = l.exact ? "" : " (at least: the log is read by \(grain))"
      h += item(
        "\(label("lapsed")): \(Format.int(l.lapsed)) of \(Format.int(l.volunteers)) (\(Format.optional(l.lapsedPct, 1))%)\(bound) — no service in the \(l.months) months before \(l.referenceDay); last service on or before \(l.lastServiceOnOrBefore)"
      )
    }
    let d = f.distribution
    h += item(
      "\(label("distribution")): mean \(Format.optional(d.mean, 1)), \(label("median")) \(Format.optional(d.median, 1)), p90 \(Format.optional(d.p90, 1)); \(label("top10")): \(Format.optional(d.top10SharePct, 1))%"
    )
    h += item(
      "\(label("fte")): \(Format.optional(f.fte, 1)) a year on average (\(Format.grouped(f.hoursTotal, 0)) hours ÷ \(Format.grouped(f.options.fteHours, 0)) hours a year)"
    )
    if let v = f.value, let rate = f.options.hourValue {
      let unit = f.options.currency.map { " \($0)" } ?? ""
      h += item(
        "\(label("value")): \(Format.grouped(v, 0))\(unit) (\(Format.grouped(f.hoursTotal, 0)) hours × \(Format.fixed(rate, 2))\(unit))"
      )
    }
    h += "</ul>\n"
    h += starTable(f, grain: grain)
    let cohorts = Array(f.cohorts.suffix(maximumCohorts))
    if !cohorts.isEmpty {
      h += "<h4>\(escapeXML(label("cohorts")))</h4>\n"
      if cohorts.count < f.cohorts.count {
        h += "<p class=\"meta\">The latest \(cohorts.count) of \(f.cohorts.count) cohorts.</p>\n"
      }
      h += "<div class=\"chart\">\(heatMap(cohorts, grain: grain))</div>\n"
      h += cohortTable(cohorts)
    }
    return h
  }

  static func item(_ text: String) -> String { "<li>\(escapeXML(text))</li>\n" }

  static func starTable(_ f: VolunteerFigures, grain: String) -> String {
    let levels = f.options.starLevels
    var h =
      "<h4>\(escapeXML(label("stars")))</h4>\n<div class=\"table-wrap\"><table>\n<tr><th class=\"l\">\(escapeXML(grain))</th>"
    h += "<th>\(escapeXML(label("below"))) &lt; \(escapeXML(hoursText(levels.first ?? 0))) h</th>"
    for (i, t) in levels.enumerated() {
      h += "<th>\(i + 1)★ ≥ \(escapeXML(hoursText(t))) h</th>"
    }
    h += "<th>FTE</th>"
    if f.options.hourValue != nil { h += "<th>\(escapeXML(label("value")))</th>" }
    h += "</tr>\n"
    for r in f.periods {
      h += "<tr><td class=\"l\">\(escapeXML(r.period))</td>"
      for n in r.stars { h += "<td>\(Format.int(n))</td>" }
      h += "<td>\(Format.optional(r.fte, 1))</td>"
      if f.options.hourValue != nil { h += "<td>\(r.value.map { Format.grouped($0, 0) } ?? "–")</td>" }
      h += "</tr>\n"
    }
    return h + "</table></div>\n"
  }

  /// A threshold as written: `1,000`, `2.5`.
  static func hoursText(_ t: Double) -> String { t == t.rounded() ? Format.grouped(t, 0) : formatNumber(t) }

  static func cohortTable(_ cohorts: [CohortRow]) -> String {
    let width = cohorts.map(\.active.count).max() ?? 0
    var h = "<div class=\"table-wrap\"><table>\n<tr><th class=\"l\">\(escapeXML(label("cohort")))</th>"
    h += "<th>\(escapeXML(label("size")))</th>"
    for i in 0..<width { h += "<th>+\(i)</th>" }
    h += "</tr>\n"
    for c in cohorts {
      h += "<tr><td class=\"l\">\(escapeXML(c.cohort))</td><td>\(Format.int(c.size))</td>"
      for s in c.sharePct { h += "<td>\(s.map { Format.fixed($0, 1) + "%" } ?? "–")</td>" }
      h += String(repeating: "<td></td>", count: width - c.active.count) + "</tr>\n"
    }
    return h + "</table></div>\n"
  }

  /// Cohorts down, periods since first service across; each cell shaded by
  /// the share of the cohort active (white 0% to blue 100%) and labelled.
  static func heatMap(_ cohorts: [CohortRow], grain: String) -> String {
    let columns = cohorts.map(\.active.count).max() ?? 0
    let left = 96.0
    let top = 44.0
    let cellW = max(28, min(56, 640 / Double(max(1, columns))))
    let cellH = 22.0
    let width = left + cellW * Double(columns) + 16
    let height = top + cellH * Double(cohorts.count) + 36
    var svg = SVG(width: width, height: height)
    svg.text(label("since"), x: left, y: 16, size: 12)
    for i in 0..<columns {
      svg.text("+\(i)", x: left + (Double(i) + 0.5) * cellW, y: top - 8, anchor: .middle, size: 11, fill: "#57606a")
    }
    for (row, c) in cohorts.enumerated() {
      let y = top + Double(row) * cellH
      svg.text(c.cohort, x: left - 8, y: y + cellH * 0.7, anchor: .end, size: 11)
      for (i, share) in c.sharePct.enumerated() {
        guard let s = share else { continue }
        let t = min(1, max(0, s / 100))
        let fill = shade(t)
        svg.rect(
          x: left + Double(i) * cellW, y: y, w: cellW - 1, h: cellH - 1, fill: fill,
          title: "\(c.cohort) +\(i): \(c.active[i]) of \(c.size) (\(Format.fixed(s, 1))%)")
        if cellW >= 28 {
          svg.text(
            Format.fixed(s, 0), x: left + (Double(i) + 0.5) * cellW, y: y + cellH * 0.7, anchor: .middle, size: 10,
            fill: t > 0.55 ? "#ffffff" : "#222")
        }
      }
    }
    svg.text(
      "% of cohort active; rows: first-service \(grain) 首次服务时期", x: left, y: height - 10, size: 11, fill: "#57606a")
    return svg.render(label: "Cohort retention heat map")
  }

  /// White (0) to #1f6feb (1).
  static func shade(_ t: Double) -> String {
    func channel(_ to: Double) -> Int { Int((255 - (255 - to) * t).rounded()) }
    let (r, g, b) = (channel(0x1f), channel(0x6f), channel(0xeb))
    func hex(_ v: Int) -> String {
      let s = String(v, radix: 16)
      return s.count == 1 ? "0" + s : s
    }
    return "#\(hex(r))\(hex(g))\(hex(b))"
  }
}
