import ImpactReportModel
import ImpactStats

/// The report's volunteer-figures section (inside the reach section): star
/// levels per period, the cohort-retention heat map and table, lapsed
/// volunteers, the distribution of hours per volunteer, full-time
/// equivalents and the value of volunteer time. Rendered to an HTML string
/// (every value escaped) that the report template inserts as is; every word
/// comes from the message catalog (``MessageKey``), in the report's language.
enum ReachVolunteerSection {
  /// Most cohorts drawn in the heat map and listed in the table (the latest).
  static let maximumCohorts = 24

  static func html(_ f: VolunteerFigures, grain: Message, _ L: Localizer) -> String {
    var h = "<h3>\(L.html(.volTitle))</h3>\n"
    h += "<ul class=\"notes\">\n"
    if let l = f.lapsed {
      let bound = l.exact ? Message.same("") : MessageKey.volLapsedBound.filled([grain])
      h += item(
        L.html(
          .volLapsed,
          words: [
            .same(Format.int(l.lapsed)), .same(Format.int(l.volunteers)), .same(Format.optional(l.lapsedPct, 1)),
            bound, .same(String(l.months)), .same("\(l.referenceDay)"), .same("\(l.lastServiceOnOrBefore)"),
          ]))
    }
    let d = f.distribution
    h += item(
      L.html(
        .volDistribution, Format.optional(d.mean, 1), Format.optional(d.median, 1), Format.optional(d.p90, 1),
        Format.optional(d.top10SharePct, 1)))
    h += item(
      L.html(
        .volFTE, Format.optional(f.fte, 1), Format.grouped(f.hoursTotal, 0), Format.grouped(f.options.fteHours, 0)))
    if let v = f.value, let rate = f.options.hourValue {
      let unit = f.options.currency.map { " \($0)" } ?? ""
      h += item(
        L.html(.volValue, Format.grouped(v, 0), unit, Format.grouped(f.hoursTotal, 0), Format.fixed(rate, 2)))
    }
    h += "</ul>\n"
    h += starTable(f, grain: grain, L)
    let cohorts = Array(f.cohorts.suffix(maximumCohorts))
    if !cohorts.isEmpty {
      h += "<h4>\(L.html(.volCohortsTitle))</h4>\n"
      if cohorts.count < f.cohorts.count {
        h += "<p class=\"meta\">\(L.html(.volLatestCohorts, String(cohorts.count), String(f.cohorts.count)))</p>\n"
      }
      h += "<div class=\"chart\">"
      h += ResponsiveChart.html(
        wide: heatMap(cohorts, grain: grain, L), compact: compactHeatMap(cohorts, grain: grain, L))
      h += "</div>\n"
      h += cohortTable(cohorts, L)
    }
    return h
  }

  /// A list item of already escaped HTML.
  static func item(_ html: String) -> String { "<li>\(html)</li>\n" }

  static func starTable(_ f: VolunteerFigures, grain: Message, _ L: Localizer) -> String {
    let levels = f.options.starLevels
    var h =
      "<h4>\(L.html(.volStarsTitle))</h4>\n<div class=\"table-wrap\"><table>\n<tr><th class=\"l\">\(L.html(grain))</th>"
    h += "<th>\(L.html(.volNoStar, hoursText(levels.first ?? 0)))</th>"
    for (i, t) in levels.enumerated() {
      h += "<th>\(L.html(.volStarLevel, String(i + 1), hoursText(t)))</th>"
    }
    h += "<th>\(L.html(.volFTEHeader))</th>"
    if f.options.hourValue != nil { h += "<th>\(L.html(.volValueHeader))</th>" }
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

  static func cohortTable(_ cohorts: [CohortRow], _ L: Localizer) -> String {
    let width = cohorts.map(\.active.count).max() ?? 0
    var h = "<div class=\"table-wrap\"><table>\n<tr><th class=\"l\">\(L.html(.volFirstService))</th>"
    h += "<th>\(L.html(.volCohortSize))</th>"
    for i in 0..<width { h += "<th>+\(i)</th>" }
    h += "</tr>\n"
    for c in cohorts {
      h += "<tr><td class=\"l\">\(escapeXML(c.cohort))</td><td>\(Format.int(c.size))</td>"
      for s in c.sharePct { h += "<td>\(s.map { Format.fixed($0, 1) + "%" } ?? "–")</td>" }
      h += String(repeating: "<td></td>", count: width - c.active.count) + "</tr>\n"
    }
    return h + "</table></div>\n"
  }

  /// The tooltip of one heat-map cell.
  static func cellTitle(_ c: CohortRow, _ i: Int, _ share: Double, _ L: Localizer) -> String {
    L.plain(.volHeatCell, c.cohort, String(i), Format.int(c.active[i]), Format.int(c.size), Format.fixed(share, 1))
  }

  /// Cohorts down, periods since first service across; each cell shaded by
  /// the share of the cohort active (white 0% to blue 100%) and labelled.
  /// At least 760 units wide (the wide charts' minimum drawing width), so
  /// its text is never drawn larger than the other charts'.
  static func heatMap(_ cohorts: [CohortRow], grain: Message, _ L: Localizer) -> String {
    let columns = max(1, cohorts.map(\.active.count).max() ?? 0)
    let left = 96.0
    let top = 44.0
    let cellW = max(28, min(120, (760 - left - 16) / Double(columns)))
    let cellH = 24.0
    let width = max(760, left + cellW * Double(columns) + 16)
    let height = top + cellH * Double(cohorts.count) + 36
    var svg = SVG(width: width, height: height)
    svg.text(L.plain(.volSince), x: left, y: 16, size: 12)
    let every = Int((30 / cellW).rounded(.up))
    for i in stride(from: 0, to: columns, by: max(1, every)) {
      svg.text("+\(i)", x: left + (Double(i) + 0.5) * cellW, y: top - 8, anchor: .middle, size: 12, fill: "#57606a")
    }
    for (row, c) in cohorts.enumerated() {
      let y = top + Double(row) * cellH
      svg.text(c.cohort, x: left - 8, y: y + cellH * 0.68, anchor: .end, size: 12)
      for (i, share) in c.sharePct.enumerated() {
        guard let s = share else { continue }
        let t = min(1, max(0, s / 100))
        svg.rect(
          x: left + Double(i) * cellW, y: y, w: cellW - 1, h: cellH - 1, fill: shade(t), title: cellTitle(c, i, s, L))
        svg.text(
          Format.fixed(s, 0), x: left + (Double(i) + 0.5) * cellW, y: y + cellH * 0.68, anchor: .middle, size: 12,
          fill: t > 0.55 ? "#ffffff" : "#222")
      }
    }
    svg.text(L.plain(.volHeatNote, words: [grain]), x: left, y: height - 10, size: 12, fill: "#57606a")
    return svg.render(label: L.plain(.volHeatLabel))
  }

  /// The phone rendition (``CompactCharts``): 360 units wide, text of 12–13
  /// units, the cohort labels in a column sized to them, the cells sharing
  /// the rest; a cell shows its percentage when it is wide enough to hold it
  /// (the table below has every figure, the tooltip too).
  static func compactHeatMap(_ cohorts: [CohortRow], grain: Message, _ L: Localizer) -> String {
    let width = CompactCharts.width
    let margin = CompactCharts.margin
    let size = CompactCharts.tickSize
    let columns = max(1, cohorts.map(\.active.count).max() ?? 0)
    let titleLines = CompactCharts.wrapped(
      L.plain(.volSince), size: CompactCharts.labelSize, maxWidth: width - 2 * margin)
    let noteLines = CompactCharts.wrapped(
      L.plain(.volHeatNote, words: [grain]), size: size, maxWidth: width - 2 * margin)
    let labelW = max(36, (cohorts.map { CompactCharts.textWidth($0.cohort, size: size) }.max() ?? 0) + 8)
    let cellW = (width - 2 * margin - labelW) / Double(columns)
    let cellH = 26.0
    let top = 14 + 18 * Double(titleLines.count) + 18
    let height = top + cellH * Double(cohorts.count) + 10 + 16 * Double(noteLines.count)
    var svg = SVG(width: width, height: height)
    for (i, line) in titleLines.enumerated() {
      svg.text(line, x: margin, y: 18 + 18 * Double(i), size: CompactCharts.labelSize, weight: "bold")
    }
    let every = Int((24 / cellW).rounded(.up))
    for i in stride(from: 0, to: columns, by: max(1, every)) {
      svg.text(
        "+\(i)", x: margin + labelW + (Double(i) + 0.5) * cellW, y: top - 6, anchor: .middle, size: size,
        fill: CompactCharts.muted)
    }
    for (row, c) in cohorts.enumerated() {
      let y = top + Double(row) * cellH
      svg.text(
        CompactCharts.fitted(c.cohort, size: size, maxWidth: labelW - 6), x: margin, y: y + cellH * 0.68, size: size)
      for (i, share) in c.sharePct.enumerated() {
        guard let s = share else { continue }
        let t = min(1, max(0, s / 100))
        let x = margin + labelW + Double(i) * cellW
        svg.rect(x: x, y: y, w: max(1, cellW - 1), h: cellH - 1, fill: shade(t), title: cellTitle(c, i, s, L))
        let text = Format.fixed(s, 0)
        if CompactCharts.textWidth(text, size: size) + 2 <= cellW {
          svg.text(
            text, x: x + cellW / 2, y: y + cellH * 0.68, anchor: .middle, size: size,
            fill: t > 0.55 ? "#ffffff" : "#222")
        }
      }
    }
    let noteTop = top + cellH * Double(cohorts.count) + 20
    for (i, line) in noteLines.enumerated() {
      svg.text(line, x: margin, y: noteTop + 16 * Double(i), size: size, fill: CompactCharts.muted)
    }
    return svg.render(label: L.plain(.volHeatLabel))
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
