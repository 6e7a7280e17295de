import Foundation
import ImpactReportModel
import ImpactStats

/// Phone renditions of the report's charts: 360 units wide (drawn at about
/// 1 CSS px per unit on a 390 px screen), text of 12–13 units, one row per
/// item with its label on a line of its own above the marks, so nothing is
/// squeezed into a label column. The page shows them instead of the wide
/// charts below 700 px (``ResponsiveChart``); print and wide screens keep
/// the wide ones.
enum CompactCharts {
  static let width = 360.0
  static let margin = 10.0
  static let labelSize = 13.0
  static let tickSize = 12.0
  static let muted = "#57606a"

  /// Estimated advance of `s` at `size` (the wide charts' estimate).
  static func textWidth(_ s: String, size: Double) -> Double { SVG.textWidth(s, size: size) }

  /// `s` cut (with an ellipsis) to fit `maxWidth` at `size`.
  static func fitted(_ s: String, size: Double, maxWidth: Double) -> String {
    SVG.fit(s, width: maxWidth, size: size)
  }

  /// The indicator id and the first part of a bilingual label.
  static func label(_ r: IndicatorResult, _ L: Localizer) -> String {
    if r.indicator == "composite" { return L.plain(.chartComposite) }
    let first = r.label.components(separatedBy: " / ").first ?? r.label
    return first == r.indicator ? first : "\(r.indicator) \(first)"
  }

  /// Ticks and their labels along the bottom, with an axis title.
  static func axis(
    _ svg: inout SVG, ticks: [Double], x: (Double) -> Double, top: Double, bottom: Double, title: String,
    zero: Bool = false
  ) {
    for t in ticks {
      let strong = zero && t == 0
      svg.line(x(t), top, x(t), bottom, stroke: strong ? muted : "#e5e7eb", width: strong ? 1.5 : 1)
      svg.text(Charts.formatTick(t), x: x(t), y: bottom + 16, anchor: .middle, size: tickSize, fill: muted)
    }
    svg.text(
      fitted(title, size: tickSize, maxWidth: width - 2 * margin), x: width / 2, y: bottom + 34, anchor: .middle,
      size: tickSize, fill: muted)
  }

  /// Before/after means with their confidence intervals, sorted by gain.
  static func beforeAfter(_ rows: [IndicatorResult], confidence: Double, language: ReportLanguage = .both)
    -> String
  {
    let L = Localizer(language)
    let items = rows.filter { $0.meanPre != nil && $0.meanPost != nil }.sorted {
      ($0.meanDiff ?? 0) > ($1.meanDiff ?? 0)
    }
    let rowH = 40.0
    let top = 48.0
    let plotBottom = top + rowH * Double(max(items.count, 1))
    var svg = SVG(width: width, height: plotBottom + 44)
    let values = items.flatMap { r in
      [
        Charts.ci(r.meanPre, r.sdPre, r.nPairs, confidence), Charts.ci(r.meanPost, r.sdPost, r.nPairs, confidence),
      ]
    }
    .flatMap { [$0.0, $0.1] }.compactMap { $0 }
    guard let lo = values.min(), let hi = values.max(), hi > lo else { return svg.render(label: L.plain(.noData)) }
    let pad = (hi - lo) * 0.06
    let x0 = lo - pad
    let x1 = hi + pad
    func x(_ v: Double) -> Double { margin + (v - x0) / (x1 - x0) * (width - 2 * margin) }
    axis(
      &svg, ticks: Charts.ticks(x0, x1), x: x, top: top - 6, bottom: plotBottom, title: L.plain(.axisMeanScore))
    svg.circle(cx: margin + 5, cy: 14, r: 5, fill: Charts.pre)
    svg.text(L.plain(.chartBaseline), x: margin + 14, y: 19, size: labelSize)
    svg.circle(cx: margin + 130, cy: 14, r: 5, fill: Charts.post)
    svg.text(L.plain(.chartEndline), x: margin + 139, y: 19, size: labelSize)
    svg.text(
      L.plain(.compactMeanLines, String(Int((confidence * 100).rounded()))), x: margin, y: 37, size: tickSize,
      fill: muted)
    for (i, r) in items.enumerated() {
      let y = top + Double(i) * rowH
      svg.text(
        fitted(label(r, L), size: labelSize, maxWidth: width - 2 * margin), x: margin, y: y + 12, size: labelSize)
      let my = y + 26
      if let a = r.meanPre, let b = r.meanPost {
        svg.line(x(a), my, x(b), my, stroke: (r.meanDiff ?? 0) >= 0 ? "#b6d4fe" : "#ffc1c0", width: 4)
      }
      for (mean, sd, color, dy) in [(r.meanPre, r.sdPre, Charts.pre, -4.0), (r.meanPost, r.sdPost, Charts.post, 4.0)] {
        guard let m = mean else { continue }
        svg.circle(cx: x(m), cy: my + dy, r: 3.5, fill: color, title: "\(r.indicator): \(Charts.formatTick(m))")
        let (l, h) = Charts.ci(mean, sd, r.nPairs, confidence)
        if let l, let h {
          svg.line(x(l), my + dy, x(h), my + dy, stroke: color, width: 1.5)
          svg.line(x(l), my + dy - 3, x(l), my + dy + 3, stroke: color, width: 1.5)
          svg.line(x(h), my + dy - 3, x(h), my + dy + 3, stroke: color, width: 1.5)
        }
      }
    }
    return svg.render(label: L.plain(.beforeAfterTitle))
  }

  /// Cohen's d_z per indicator and for the composite, with its interval.
  static func forest(_ rows: [IndicatorResult], composite: IndicatorResult?, language: ReportLanguage = .both)
    -> String
  {
    let L = Localizer(language)
    let items = (rows + (composite.map { [$0] } ?? [])).filter { $0.cohensDz != nil }
      .sorted { ($0.cohensDz ?? 0) > ($1.cohensDz ?? 0) }
    let rowH = 36.0
    let top = 30.0
    let plotBottom = top + rowH * Double(max(items.count, 1))
    var svg = SVG(width: width, height: plotBottom + 44)
    let bounds =
      items.flatMap { r -> [Double] in
        [r.cohensDzCILow ?? r.cohensDz ?? 0, r.cohensDzCIHigh ?? r.cohensDz ?? 0]
      } + [0]
    guard let lo = bounds.min(), let hi = bounds.max(), hi > lo else { return svg.render(label: L.plain(.noData)) }
    let pad = (hi - lo) * 0.06
    let x0 = lo - pad
    let x1 = hi + pad
    func x(_ v: Double) -> Double { margin + (v - x0) / (x1 - x0) * (width - 2 * margin) }
    axis(
      &svg, ticks: Charts.ticks(x0, x1), x: x, top: top - 6, bottom: plotBottom,
      title: L.plain(.forestAxis), zero: true)
    svg.text(L.plain(.compactForestNote), x: margin, y: 16, size: tickSize, fill: muted)
    for (i, r) in items.enumerated() {
      let y = top + Double(i) * rowH
      let isComposite = r.indicator == "composite"
      svg.text(
        fitted(label(r, L), size: labelSize, maxWidth: width - 2 * margin), x: margin, y: y + 12, size: labelSize,
        weight: isComposite ? "bold" : "normal")
      guard let d = r.cohensDz else { continue }
      let my = y + 24
      let color = d >= 0 ? Charts.good : Charts.bad
      if isComposite {
        svg.rect(x: x(d) - 4, y: my - 4, w: 8, h: 8, fill: color, title: "composite dz \(Charts.formatTick(d))")
      } else {
        svg.circle(cx: x(d), cy: my, r: 3.5, fill: color, title: "\(r.indicator) dz \(Charts.formatTick(d))")
      }
      // The interval over the mark, with end caps, so a short one stays visible.
      if let l = r.cohensDzCILow, let h = r.cohensDzCIHigh {
        svg.line(x(l), my, x(h), my, stroke: "#24292f", width: 1.5)
        svg.line(x(l), my - 4, x(l), my + 4, stroke: "#24292f", width: 1.5)
        svg.line(x(h), my - 4, x(h), my + 4, stroke: "#24292f", width: 1.5)
      }
    }
    return svg.render(label: L.plain(.forestTitle))
  }

  /// One horizontal bar per period (a row each), with the value and the
  /// growth against the previous period; partial periods drawn lighter and
  /// marked.
  static func periodBars(
    _ rows: [ReachPeriodRow], figure: String, title: String, color: String = "#1f6feb", language: ReportLanguage = .both
  ) -> String {
    let L = Localizer(language)
    let rowH = 24.0
    let titleLines = wrapped(title, size: labelSize, maxWidth: width - 2 * margin)
    let top = 10 + 18 * Double(titleLines.count)
    let labelW = 44.0
    let valueW = 104.0
    var svg = SVG(width: width, height: top + rowH * Double(max(rows.count, 1)) + 8)
    for (i, line) in titleLines.enumerated() {
      svg.text(line, x: margin, y: 18 + 18 * Double(i), size: labelSize, weight: "bold")
    }
    let values = rows.map { $0.value(figure) ?? 0 }
    guard let maxV = values.max(), maxV > 0 else { return svg.render(label: title) }
    let barMax = width - 2 * margin - labelW - valueW
    for (i, r) in rows.enumerated() {
      let y = top + Double(i) * rowH
      let v = values[i]
      svg.text(r.partial ? r.period + "*" : r.period, x: margin, y: y + 16, size: tickSize)
      let w = v / maxV * barMax
      svg.rect(
        x: margin + labelW, y: y + 5, w: w, h: rowH - 10, fill: r.partial ? "#b6d4fe" : color,
        title: "\(r.period): \(Charts.formatTick(v))\(r.partial ? " (" + L.plain(.compactPartial) + ")" : "")")
      var note = Charts.formatTick(v)
      if let g = r.growth[figure] ?? nil { note += " (" + (g >= 0 ? "+" : "") + Charts.formatTick(g) + "%)" }
      if r.partial { note += " " + L.plain(.compactPartial) }
      svg.text(note, x: margin + labelW + w + 4, y: y + 16, size: tickSize, fill: muted)
    }
    return svg.render(label: title)
  }

  /// Active (bar), cumulative and registered volunteers (marks) per period.
  static func volunteers(_ rows: [ReachPeriodRow], language: ReportLanguage = .both) -> String {
    let L = Localizer(language)
    let rowH = 24.0
    let top = 50.0
    let labelW = 44.0
    let valueW = 56.0
    var svg = SVG(width: width, height: top + rowH * Double(max(rows.count, 1)) + 8)
    let maxV = rows.map { Double(max($0.volunteersCumulative, $0.volunteersRegistered ?? 0)) }.max() ?? 0
    guard maxV > 0 else { return svg.render(label: L.plain(.axisVolunteers)) }
    svg.rect(x: margin, y: 8, w: 12, h: 12, fill: "#1f6feb")
    svg.text(L.plain(.legendActive), x: margin + 16, y: 18, size: tickSize)
    svg.rect(x: margin + 100, y: 12, w: 14, h: 4, fill: "#bf8700")
    svg.text(L.plain(.legendCumulative), x: margin + 118, y: 18, size: tickSize)
    let hasRegistered = rows.contains { $0.volunteersRegistered != nil }
    if hasRegistered {
      svg.line(margin + 6, 30, margin + 6, 40, stroke: "#8250df", width: 3)
      svg.text(L.plain(.legendRegistered), x: margin + 16, y: 39, size: tickSize)
    }
    let barMax = width - 2 * margin - labelW - valueW
    func x(_ v: Double) -> Double { margin + labelW + v / maxV * barMax }
    for (i, r) in rows.enumerated() {
      let y = top + Double(i) * rowH
      svg.text(r.partial ? r.period + "*" : r.period, x: margin, y: y + 16, size: tickSize)
      svg.rect(
        x: margin + labelW, y: y + 4, w: x(Double(r.volunteersCumulative)) - margin - labelW, h: 4, fill: "#bf8700",
        title: "\(r.period): \(r.volunteersCumulative) " + L.plain(.legendCumulative))
      svg.rect(
        x: margin + labelW, y: y + 10, w: x(Double(r.volunteersActive)) - margin - labelW, h: 10, fill: "#1f6feb",
        title: "\(r.period): \(r.volunteersActive) " + L.plain(.legendActive))
      if let reg = r.volunteersRegistered {
        svg.line(x(Double(reg)), y + 2, x(Double(reg)), y + 22, stroke: "#8250df", width: 3)
      }
      svg.text(
        Charts.formatTick(Double(r.volunteersActive)), x: width - margin, y: y + 18, anchor: .end, size: tickSize,
        fill: muted)
    }
    return svg.render(label: L.plain(.axisVolunteers))
  }

  /// `s` broken at spaces into lines that fit `maxWidth` (a word longer than
  /// a line is cut).
  static func wrapped(_ s: String, size: Double, maxWidth: Double) -> [String] {
    var lines: [String] = []
    var current = ""
    for word in s.split(separator: " ") {
      let candidate = current.isEmpty ? String(word) : current + " " + word
      if textWidth(candidate, size: size) <= maxWidth || current.isEmpty {
        current = fitted(candidate, size: size, maxWidth: maxWidth)
      } else {
        lines.append(current)
        current = fitted(String(word), size: size, maxWidth: maxWidth)
      }
    }
    if !current.isEmpty { lines.append(current) }
    return lines
  }
}

/// A chart in two renditions: the wide one (screens from 700 px, print) and
/// the phone one; the stylesheet shows one of them.
enum ResponsiveChart {
  static func html(wide: String, compact: String) -> String {
    "<div class=\"chart-wide\">\(wide)</div><div class=\"chart-compact\">\(compact)</div>"
  }
}
