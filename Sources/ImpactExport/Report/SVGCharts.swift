import Foundation
public import ImpactReportModel
public import ImpactStats

/// A tiny typed SVG builder: elements with escaped attributes and text, so
/// labels (including Chinese and `<`/`&`) can never break the markup.
struct SVG {
  private(set) var body = ""
  let width: Double
  let height: Double

  init(width: Double, height: Double) {
    self.width = width
    self.height = height
  }

  mutating func rect(x: Double, y: Double, w: Double, h: Double, fill: String, title: String? = nil) {
    body += "<rect x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(max(0, w)))\" height=\"\(n(max(0, h)))\" fill=\"\(fill)\">"
    if let title { body += "<title>\(escapeXML(title))</title>" }
    body += "</rect>"
  }

  mutating func line(
    _ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String, width: Double = 1, dash: String? = nil
  ) {
    body +=
      "<line x1=\"\(n(x1))\" y1=\"\(n(y1))\" x2=\"\(n(x2))\" y2=\"\(n(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(n(width))\""
    if let dash { body += " stroke-dasharray=\"\(dash)\"" }
    body += "/>"
  }

  mutating func circle(
    cx: Double, cy: Double, r: Double, fill: String, stroke: String? = nil, strokeWidth: Double = 1.5,
    title: String? = nil
  ) {
    body += "<circle cx=\"\(n(cx))\" cy=\"\(n(cy))\" r=\"\(n(r))\" fill=\"\(fill)\""
    if let stroke { body += " stroke=\"\(stroke)\" stroke-width=\"\(n(strokeWidth))\"" }
    body += ">"
    if let title { body += "<title>\(escapeXML(title))</title>" }
    body += "</circle>"
  }

  mutating func polyline(_ points: [(Double, Double)], stroke: String, width: Double = 2, dash: String? = nil) {
    let p = points.map { "\(n($0.0)),\(n($0.1))" }.joined(separator: " ")
    body += "<polyline points=\"\(p)\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(n(width))\""
    if let dash { body += " stroke-dasharray=\"\(dash)\"" }
    body += "/>"
  }

  /// Markup added as is (pattern definitions); callers pass constants only.
  mutating func raw(_ markup: String) { body += markup }

  enum Anchor: String { case start, middle, end }

  mutating func text(
    _ s: String, x: Double, y: Double, anchor: Anchor = .start, size: Double = 12, fill: String = "#222",
    weight: String = "normal", rotate: Bool = false, title: String? = nil
  ) {
    body +=
      "<text x=\"\(n(x))\" y=\"\(n(y))\" text-anchor=\"\(anchor.rawValue)\" font-size=\"\(n(size))\" fill=\"\(fill)\" font-weight=\"\(weight)\""
    if rotate { body += " transform=\"rotate(-90 \(n(x)) \(n(y)))\"" }
    body += ">"
    if let title { body += "<title>\(escapeXML(title))</title>" }
    body += "\(escapeXML(s))</text>"
  }

  /// Estimated width of `s` at font size `size`: CJK and other wide
  /// characters 1 em, the rest 0.6 em (no font metrics in a static SVG).
  static func textWidth(_ s: String, size: Double) -> Double {
    s.unicodeScalars.reduce(0) { $0 + (isWide($1) ? 1.0 : 0.6) } * size
  }

  static func isWide(_ u: Unicode.Scalar) -> Bool {
    switch u.value {
    case 0x1100...0x115F, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
      0xFFE0...0xFFE6, 0x20000...0x3FFFD:
      return true
    default: return false
    }
  }

  /// `s` cut (with "…") to fit `width` at font size `size`.
  static func fit(_ s: String, width: Double, size: Double) -> String {
    guard textWidth(s, size: size) > width else { return s }
    var out = ""
    for ch in s {
      let next = out + String(ch)
      if textWidth(next + "…", size: size) > width { break }
      out = next
    }
    return out.trimmingCharacters(in: .whitespaces) + "…"
  }

  /// The finished document (scales to its container's width).
  func render(label: String) -> String {
    "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(n(width)) \(n(height))\" width=\"100%\" role=\"img\" aria-label=\"\(escapeXML(label))\" font-family=\"'Noto Sans CJK SC','WenQuanYi Micro Hei','Microsoft YaHei','PingFang SC','Helvetica Neue',Arial,sans-serif\">\(body)</svg>"
  }

  private func n(_ v: Double) -> String {
    let r = (v * 10).rounded() / 10
    return r == r.rounded() ? String(Int(r)) : String(r)
  }
}

/// XML/HTML escaping for text and attribute values.
func escapeXML(_ s: String) -> String {
  var out = ""
  out.reserveCapacity(s.count)
  for c in s {
    switch c {
    case "&": out += "&amp;"
    case "<": out += "&lt;"
    case ">": out += "&gt;"
    case "\"": out += "&quot;"
    case "'": out += "&#39;"
    default: out.append(c)
    }
  }
  return out
}

/// The report's charts, drawn from the results (the same SVG goes into the
/// HTML report and the notebook). Every chart has axis titles with units and
/// its words from ``ReportText`` in the chosen language; intervals are drawn
/// over hollow dots so a dot never hides its interval; partial periods of
/// the reach charts are pale and hatched.
public enum Charts {
  static let pre = "#9aa5b1"
  static let post = "#1f6feb"
  static let good = "#1a7f37"
  static let bad = "#cf222e"
  static let muted = "#57606a"
  static let labelSize = 12.0

  /// A chart label for an indicator: its id and the first part of its label
  /// (the part before " / ", the Chinese one when bilingual), the id not
  /// repeated when the label already starts with it or is it, cut with "…"
  /// to `width` (estimated from the characters: CJK 1 em, others 0.6 em).
  static func shortLabel(_ r: IndicatorResult, width: Double = 196) -> String {
    let first = (r.label.components(separatedBy: " / ").first ?? r.label).trimmingCharacters(in: .whitespaces)
    let text: String
    if first.isEmpty || first == r.indicator {
      text = r.indicator
    } else if first.hasPrefix(r.indicator) {
      text = first
    } else {
      text = "\(r.indicator) \(first)"
    }
    return SVG.fit(text, width: width, size: labelSize)
  }

  /// Before/after means with their confidence intervals, one row per
  /// indicator, sorted by gain (largest first).
  public static func beforeAfter(_ rows: [IndicatorResult], confidence: Double, language: ReportLanguage = .both)
    -> String
  {
    let L = Localizer(language)
    let items = rows.filter { $0.meanPre != nil && $0.meanPost != nil }.sorted {
      ($0.meanDiff ?? 0) > ($1.meanDiff ?? 0)
    }
    let rowH = 26.0
    let left = 210.0
    let right = 30.0
    let width = 760.0
    let top = 50.0
    let height = top + 16 + rowH * Double(max(items.count, 1)) + 40
    var svg = SVG(width: width, height: height)
    let values = items.flatMap { r in
      [ci(r.meanPre, r.sdPre, r.nPairs, confidence), ci(r.meanPost, r.sdPost, r.nPairs, confidence)]
    }
    .flatMap { [$0.0, $0.1] }.compactMap { $0 }
    guard let lo = values.min(), let hi = values.max(), hi > lo else { return svg.render(label: L.plain(.noData)) }
    let pad = (hi - lo) * 0.08
    let x0 = lo - pad
    let x1 = hi + pad
    func x(_ v: Double) -> Double { left + (v - x0) / (x1 - x0) * (width - left - right) }
    let axisY = height - 40
    for t in ticks(x0, x1) {
      svg.line(x(t), top, x(t), axisY, stroke: "#e5e7eb")
      svg.text(formatTick(t), x: x(t), y: axisY + 14, anchor: .middle, size: 11, fill: muted)
    }
    svg.text(
      L.plain(.axisMeanScore), x: (left + width - right) / 2, y: height - 6, anchor: .middle, size: 12, fill: muted)
    let endline = L.plain(.chartEndline) + " (" + L.plain(.ciLabel, String(Int((confidence * 100).rounded()))) + ")"
    let baseline = L.plain(.chartBaseline)
    svg.circle(cx: left + 5, cy: 14, r: 4, fill: "#fff", stroke: pre, strokeWidth: 2)
    svg.text(baseline, x: left + 14, y: 18, size: 12)
    let second = left + 30 + SVG.textWidth(baseline, size: 12)
    svg.circle(cx: second, cy: 14, r: 4, fill: "#fff", stroke: post, strokeWidth: 2)
    svg.text(endline, x: second + 9, y: 18, size: 12)
    for (i, r) in items.enumerated() {
      let y = top + 10 + Double(i) * rowH
      svg.text(shortLabel(r), x: left - 10, y: y + 4, anchor: .end, size: labelSize, title: "\(r.indicator) \(r.label)")
      if let a = r.meanPre, let b = r.meanPost {
        svg.line(x(a), y, x(b), y, stroke: (r.meanDiff ?? 0) >= 0 ? "#dbe9ff" : "#ffe1e0", width: 6)
      }
      for (mean, sd, color, dy) in [(r.meanPre, r.sdPre, pre, -5.0), (r.meanPost, r.sdPost, post, 5.0)] {
        guard let m = mean else { continue }
        svg.circle(
          cx: x(m), cy: y + dy, r: 3.5, fill: "#fff", stroke: color, strokeWidth: 2,
          title: "\(r.indicator): \(formatTick(m))")
        let (l, h) = ci(mean, sd, r.nPairs, confidence)
        if let l, let h { whisker(&svg, x(l), x(h), y + dy, color: color) }
      }
    }
    return svg.render(label: L.plain(.beforeAfterTitle))
  }

  /// An interval with end caps, drawn over its dot.
  static func whisker(_ svg: inout SVG, _ a: Double, _ b: Double, _ y: Double, color: String) {
    svg.line(a, y, b, y, stroke: color, width: 1.5)
    svg.line(a, y - 3, a, y + 3, stroke: color, width: 1.5)
    svg.line(b, y - 3, b, y + 3, stroke: color, width: 1.5)
  }

  /// Cohen's d_z per indicator with its confidence interval (noncentral t,
  /// ``CohenDzInterval``), sorted by effect.
  public static func forest(_ rows: [IndicatorResult], composite: IndicatorResult?, language: ReportLanguage = .both)
    -> String
  {
    let L = Localizer(language)
    let items = (rows + (composite.map { [$0] } ?? [])).filter { $0.cohensDz != nil }
      .sorted { ($0.cohensDz ?? 0) > ($1.cohensDz ?? 0) }
    let points = items.map { r in
      IntervalPoint(
        label: r.indicator == "composite" ? L.plain(.chartComposite) : shortLabel(r), value: r.cohensDz,
        low: r.cohensDzCILow, high: r.cohensDzCIHigh, emphasis: r.indicator == "composite")
    }
    return intervals(
      points, title: L.plain(.forestTitle), axisTitle: L.plain(.forestAxis), sorted: false, language: language)
  }

  /// One row of a dot-and-interval chart.
  public struct IntervalPoint: Sendable {
    public var label: String
    public var value: Double?
    public var low: Double?
    public var high: Double?
    /// A small group: the dot is grey.
    public var small: Bool
    /// Drawn as a square (the composite of a forest plot).
    public var emphasis: Bool

    public init(
      label: String, value: Double?, low: Double?, high: Double?, small: Bool = false, emphasis: Bool = false
    ) {
      self.label = label
      self.value = value
      self.low = low
      self.high = high
      self.small = small
      self.emphasis = emphasis
    }
  }

  /// A dot-and-interval chart: one row per point (sorted by value, largest
  /// first, unless `sorted` is false), a line at zero, hollow dots with the
  /// interval drawn over them, green above zero and red below; small groups
  /// grey.
  public static func intervals(
    _ points: [IntervalPoint], title: String, axisTitle: String, sorted: Bool = true, language: ReportLanguage = .both
  ) -> String {
    let L = Localizer(language)
    let items = sorted ? points.sorted { ($0.value ?? -.infinity) > ($1.value ?? -.infinity) } : points
    let rowH = 24.0
    let left = 210.0
    let right = 30.0
    let width = 760.0
    let top = 24.0
    let height = top + 10 + rowH * Double(max(items.count, 1)) + 40
    var svg = SVG(width: width, height: height)
    var bounds: [Double] = [0]
    for p in items { bounds += [p.low, p.high, p.value].compactMap { $0 } }
    guard let lo = bounds.min(), let hi = bounds.max(), hi > lo else { return svg.render(label: L.plain(.noData)) }
    let pad = (hi - lo) * 0.08
    let x0 = lo - pad
    let x1 = hi + pad
    func x(_ v: Double) -> Double { left + (v - x0) / (x1 - x0) * (width - left - right) }
    let axisY = height - 40
    for t in ticks(x0, x1) {
      svg.line(x(t), top, x(t), axisY, stroke: t == 0 ? muted : "#e5e7eb", width: t == 0 ? 1.5 : 1)
      svg.text(formatTick(t), x: x(t), y: axisY + 14, anchor: .middle, size: 11, fill: muted)
    }
    svg.text(axisTitle, x: (left + width - right) / 2, y: height - 6, anchor: .middle, size: 12, fill: muted)
    for (i, p) in items.enumerated() {
      let y = top + 10 + Double(i) * rowH
      svg.text(
        SVG.fit(p.label, width: left - 14, size: labelSize), x: left - 10, y: y + 4, anchor: .end, size: labelSize,
        weight: p.emphasis ? "bold" : "normal", title: p.label)
      guard let v = p.value else { continue }
      let color = p.small ? "#8c959f" : (v >= 0 ? good : bad)
      let tip =
        "\(p.label): \(formatTick(v))" + (p.low.map { " [\(formatTick($0)), \(formatTick(p.high ?? $0))]" } ?? "")
      if p.emphasis {
        svg.rect(x: x(v) - 5, y: y - 5, w: 10, h: 10, fill: color, title: tip)
      } else {
        svg.circle(cx: x(v), cy: y, r: 4, fill: "#fff", stroke: color, strokeWidth: 2, title: tip)
      }
      if let l = p.low, let h = p.high { whisker(&svg, x(l), x(h), y, color: p.emphasis ? "#1f2328" : color) }
    }
    return svg.render(label: title)
  }

  /// The hatch pattern of partial periods (one per chart; ids are unique per
  /// chart kind so several charts can share a page).
  static func hatch(_ svg: inout SVG, id: String, color: String) {
    svg.raw(
      "<defs><pattern id=\"\(id)\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#ffffff\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"\(color)\" stroke-width=\"3\" stroke-opacity=\"0.45\"/></pattern></defs>"
    )
  }

  /// The period labels under the bars: every label when they fit, else
  /// every k-th (and the last).
  static func periodLabels(_ svg: inout SVG, _ rows: [ReachPeriodRow], left: Double, slot: Double, y: Double) {
    let size = rows.count > 16 ? 9.0 : 11.0
    let widest = rows.map { SVG.textWidth($0.period, size: size) }.max() ?? 0
    let step = max(1, Int((widest + 6) / max(slot, 1)) + 1)
    for (i, r) in rows.enumerated() where i % step == 0 {
      svg.text(r.period, x: left + (Double(i) + 0.5) * slot, y: y, anchor: .middle, size: size)
    }
  }

  /// Bars of one figure per period, labelled with the growth against the
  /// previous period; partial periods pale and hatched (legend says so).
  public static func periodBars(
    _ rows: [ReachPeriodRow], figure: String, title: String, color: String = "#1f6feb", axisTitle: String? = nil,
    grain: PeriodGrain? = nil, language: ReportLanguage = .both
  ) -> String {
    let L = Localizer(language)
    let width = 760.0
    let height = grain == nil ? 300.0 : 320.0
    let left = 72.0
    let bottom = grain == nil ? 40.0 : 58.0
    let top = 44.0
    var svg = SVG(width: width, height: height)
    let values = rows.map { $0.value(figure) ?? 0 }
    guard let maxV = values.max(), maxV > 0, !rows.isEmpty else { return svg.render(label: title) }
    let pattern = "partial-\(figure)"
    hatch(&svg, id: pattern, color: color)
    let slot = (width - left - 16) / Double(rows.count)
    func y(_ v: Double) -> Double { height - bottom - v / maxV * (height - bottom - top) }
    for t in ticks(0, maxV) where t <= maxV {
      svg.line(left, y(t), width - 16, y(t), stroke: "#e5e7eb")
      svg.text(formatTick(t), x: left - 6, y: y(t) + 4, anchor: .end, size: 11, fill: muted)
    }
    svg.text(title, x: left, y: 18, size: 13, weight: "bold")
    if let axisTitle {
      svg.text(axisTitle, x: 16, y: (top + height - bottom) / 2, anchor: .middle, size: 12, fill: muted, rotate: true)
    }
    if rows.contains(where: \.partial) {
      svg.rect(
        x: width - 16 - 12 - SVG.textWidth(L.plain(.legendPartial), size: 11) - 6, y: 26, w: 12, h: 10,
        fill: "url(#\(pattern))")
      svg.text(L.plain(.legendPartial), x: width - 16, y: 35, anchor: .end, size: 11, fill: muted)
    }
    for (i, r) in rows.enumerated() {
      let v = values[i]
      let bx = left + Double(i) * slot + slot * 0.15
      svg.rect(
        x: bx, y: y(v), w: slot * 0.7, h: height - bottom - y(v), fill: r.partial ? "url(#\(pattern))" : color,
        title: "\(r.period): \(formatTick(v))" + (r.partial ? " (\(r.coveredDays ?? 0)/\(r.periodDays))" : ""))
      if let g = r.growth[figure] ?? nil, rows.count <= 24 {
        svg.text(
          (g >= 0 ? "+" : "") + formatTick(g) + "%", x: bx + slot * 0.35, y: y(v) - 5, anchor: .middle,
          size: rows.count > 14 ? 8 : 10, fill: g >= 0 ? good : bad)
      }
    }
    periodLabels(&svg, rows, left: left, slot: slot, y: height - bottom + 16)
    if let grain {
      svg.text(
        L.plain(.axisPeriod, words: [HTMLReport.grainWord(grain)]), x: (left + width - 16) / 2, y: height - 8,
        anchor: .middle, size: 12, fill: muted)
    }
    return svg.render(label: title)
  }

  /// Active volunteers (bars) and cumulative (and registered) volunteers
  /// (lines) per period; partial periods pale and hatched.
  public static func volunteers(_ rows: [ReachPeriodRow], grain: PeriodGrain? = nil, language: ReportLanguage = .both)
    -> String
  {
    let L = Localizer(language)
    let width = 760.0
    let height = 320.0
    let left = 72.0
    let bottom = 58.0
    let top = 44.0
    var svg = SVG(width: width, height: height)
    let grainWord = grain.map(HTMLReport.grainWord) ?? .same("")
    let title = L.plain(.chartVolunteersTitle, words: [grainWord])
    let maxV = rows.map { Double(max($0.volunteersCumulative, $0.volunteersRegistered ?? 0)) }.max() ?? 0
    guard maxV > 0 else { return svg.render(label: title) }
    let pattern = "partial-volunteers"
    hatch(&svg, id: pattern, color: "#1f6feb")
    let slot = (width - left - 16) / Double(rows.count)
    func y(_ v: Double) -> Double { height - bottom - v / maxV * (height - bottom - top) }
    for t in ticks(0, maxV) where t <= maxV {
      svg.line(left, y(t), width - 16, y(t), stroke: "#e5e7eb")
      svg.text(formatTick(t), x: left - 6, y: y(t) + 4, anchor: .end, size: 11, fill: muted)
    }
    svg.text(
      L.plain(.axisVolunteers), x: 16, y: (top + height - bottom) / 2, anchor: .middle, size: 12, fill: muted,
      rotate: true)
    // Legend: each entry placed after the previous one's text.
    var lx = left
    svg.rect(x: lx, y: 8, w: 12, h: 12, fill: "#1f6feb")
    svg.text(L.plain(.legendActive), x: lx + 16, y: 18, size: 12)
    lx += 16 + SVG.textWidth(L.plain(.legendActive), size: 12) + 16
    svg.line(lx, 14, lx + 20, 14, stroke: "#bf8700", width: 3)
    svg.text(L.plain(.legendCumulative), x: lx + 24, y: 18, size: 12)
    lx += 24 + SVG.textWidth(L.plain(.legendCumulative), size: 12) + 16
    if rows.contains(where: { $0.volunteersRegistered != nil }) {
      svg.line(lx, 14, lx + 20, 14, stroke: "#8250df", width: 2, dash: "5,3")
      svg.text(L.plain(.legendRegistered), x: lx + 24, y: 18, size: 12)
      lx += 24 + SVG.textWidth(L.plain(.legendRegistered), size: 12) + 16
    }
    if rows.contains(where: \.partial) {
      svg.rect(x: lx, y: 8, w: 12, h: 12, fill: "url(#\(pattern))")
      svg.text(L.plain(.legendPartial), x: lx + 16, y: 18, size: 12)
    }
    var cumulative: [(Double, Double)] = []
    var registered: [(Double, Double)] = []
    for (i, r) in rows.enumerated() {
      let bx = left + Double(i) * slot + slot * 0.15
      let v = Double(r.volunteersActive)
      svg.rect(
        x: bx, y: y(v), w: slot * 0.7, h: height - bottom - y(v), fill: r.partial ? "url(#\(pattern))" : "#1f6feb",
        title: "\(r.period): \(r.volunteersActive)" + (r.partial ? " (\(r.coveredDays ?? 0)/\(r.periodDays))" : ""))
      cumulative.append((bx + slot * 0.35, y(Double(r.volunteersCumulative))))
      if let reg = r.volunteersRegistered { registered.append((bx + slot * 0.35, y(Double(reg)))) }
    }
    periodLabels(&svg, rows, left: left, slot: slot, y: height - bottom + 16)
    svg.text(
      L.plain(.axisPeriod, words: [grainWord]), x: (left + width - 16) / 2, y: height - 8, anchor: .middle, size: 12,
      fill: muted)
    svg.polyline(cumulative, stroke: "#bf8700", width: 3)
    if registered.count > 1 { svg.polyline(registered, stroke: "#8250df", width: 2, dash: "5,3") }
    return svg.render(label: title)
  }

  static func ci(_ mean: Double?, _ sd: Double?, _ n: Int, _ confidence: Double) -> (Double?, Double?) {
    guard let m = mean else { return (nil, nil) }
    guard let sd, n >= 2 else { return (m, m) }
    let t = StudentT(degreesOfFreedom: Double(n - 1)).quantile(0.5 + confidence / 2)
    let h = t * sd / Double(n).squareRoot()
    return (m - h, m + h)
  }

  /// About five round tick values covering [a, b].
  static func ticks(_ a: Double, _ b: Double) -> [Double] {
    let span = b - a
    guard span > 0 else { return [a] }
    let raw = span / 5
    let mag = pow(10, (log10(raw)).rounded(.down))
    let step = [1.0, 2, 2.5, 5, 10].map { $0 * mag }.first { $0 >= raw } ?? raw
    var t = (a / step).rounded(.up) * step
    var out: [Double] = []
    while t <= b + step * 1e-9 {
      out.append(abs(t) < step * 1e-9 ? 0 : t)
      t += step
    }
    return out
  }

  static func formatTick(_ v: Double) -> String {
    let a = abs(v)
    if a >= 1_000_000 { return trimmed(v / 1_000_000, 1) + "M" }
    if a >= 10_000 { return trimmed(v / 1000, 0) + "k" }
    if a >= 100 { return String(Int(v.rounded())) }
    if a >= 10 { return trimmed(v, 1) }
    return trimmed(v, 2)
  }

  static func trimmed(_ v: Double, _ d: Int) -> String {
    var s = String(format: "%.\(d)f", v)
    if s.contains(".") {
      while s.hasSuffix("0") { s.removeLast() }
      if s.hasSuffix(".") { s.removeLast() }
    }
    return s == "-0" ? "0" : s
  }
}
