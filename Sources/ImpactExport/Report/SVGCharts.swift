import Foundation
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

  mutating func circle(cx: Double, cy: Double, r: Double, fill: String, title: String? = nil) {
    body += "<circle cx=\"\(n(cx))\" cy=\"\(n(cy))\" r=\"\(n(r))\" fill=\"\(fill)\">"
    if let title { body += "<title>\(escapeXML(title))</title>" }
    body += "</circle>"
  }

  mutating func polyline(_ points: [(Double, Double)], stroke: String, width: Double = 2, dash: String? = nil) {
    let p = points.map { "\(n($0.0)),\(n($0.1))" }.joined(separator: " ")
    body += "<polyline points=\"\(p)\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(n(width))\""
    if let dash { body += " stroke-dasharray=\"\(dash)\"" }
    body += "/>"
  }

  enum Anchor: String { case start, middle, end }

  mutating func text(
    _ s: String, x: Double, y: Double, anchor: Anchor = .start, size: Double = 12, fill: String = "#222",
    weight: String = "normal"
  ) {
    body +=
      "<text x=\"\(n(x))\" y=\"\(n(y))\" text-anchor=\"\(anchor.rawValue)\" font-size=\"\(n(size))\" fill=\"\(fill)\" font-weight=\"\(weight)\">\(escapeXML(s))</text>"
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
/// HTML report and the notebook).
public enum Charts {
  static let pre = "#9aa5b1"
  static let post = "#1f6feb"
  static let good = "#1a7f37"
  static let bad = "#cf222e"

  /// A short label for charts: the part before " / " (the Chinese label when
  /// bilingual), at most 18 characters.
  static func shortLabel(_ r: IndicatorResult) -> String {
    let first = r.label.components(separatedBy: " / ").first ?? r.label
    let base = first.count > 18 ? String(first.prefix(17)) + "…" : first
    return base == r.indicator ? base : "\(r.indicator) \(base)"
  }

  /// Before/after means with their 95% confidence intervals, one row per
  /// indicator, sorted by gain (largest first).
  public static func beforeAfter(_ rows: [IndicatorResult], confidence: Double) -> String {
    let items = rows.filter { $0.meanPre != nil && $0.meanPost != nil }.sorted {
      ($0.meanDiff ?? 0) > ($1.meanDiff ?? 0)
    }
    let rowH = 26.0
    let left = 210.0
    let right = 30.0
    let width = 760.0
    let height = 60 + rowH * Double(max(items.count, 1))
    var svg = SVG(width: width, height: height)
    let values = items.flatMap { r in
      [ci(r.meanPre, r.sdPre, r.nPairs, confidence), ci(r.meanPost, r.sdPost, r.nPairs, confidence)]
    }
    .flatMap { [$0.0, $0.1] }.compactMap { $0 }
    guard let lo = values.min(), let hi = values.max(), hi > lo else { return svg.render(label: "no data") }
    let pad = (hi - lo) * 0.08
    let x0 = lo - pad
    let x1 = hi + pad
    func x(_ v: Double) -> Double { left + (v - x0) / (x1 - x0) * (width - left - right) }
    // Axis ticks.
    for t in ticks(x0, x1) {
      svg.line(x(t), 30, x(t), height - 24, stroke: "#e5e7eb")
      svg.text(formatTick(t), x: x(t), y: height - 8, anchor: .middle, size: 11, fill: "#57606a")
    }
    svg.circle(cx: left, cy: 14, r: 5, fill: pre)
    svg.text("baseline 基线", x: left + 10, y: 18, size: 12)
    svg.circle(cx: left + 120, cy: 14, r: 5, fill: post)
    svg.text("endline 终线 (\(Int(confidence * 100))% CI)", x: left + 130, y: 18, size: 12)
    for (i, r) in items.enumerated() {
      let y = 44 + Double(i) * rowH
      svg.text(shortLabel(r), x: left - 10, y: y + 4, anchor: .end, size: 12)
      if let a = r.meanPre, let b = r.meanPost {
        svg.line(x(a), y, x(b), y, stroke: (r.meanDiff ?? 0) >= 0 ? "#b6d4fe" : "#ffc1c0", width: 4)
      }
      for (mean, sd, color, dy) in [(r.meanPre, r.sdPre, pre, -4.0), (r.meanPost, r.sdPost, post, 4.0)] {
        guard let m = mean else { continue }
        let (l, h) = ci(mean, sd, r.nPairs, confidence)
        if let l, let h { svg.line(x(l), y + dy, x(h), y + dy, stroke: color, width: 1.5) }
        svg.circle(cx: x(m), cy: y + dy, r: 4.5, fill: color, title: "\(r.indicator): \(formatTick(m))")
      }
    }
    return svg.render(label: "Before and after means per indicator with confidence intervals")
  }

  /// Cohen's d_z per indicator with its confidence interval (noncentral t,
  /// ``CohenDzInterval``), sorted by effect.
  public static func forest(_ rows: [IndicatorResult], composite: IndicatorResult?) -> String {
    let items = (rows + (composite.map { [$0] } ?? [])).filter { $0.cohensDz != nil }
      .sorted { ($0.cohensDz ?? 0) > ($1.cohensDz ?? 0) }
    let rowH = 24.0
    let left = 210.0
    let width = 760.0
    let height = 50 + rowH * Double(max(items.count, 1))
    var svg = SVG(width: width, height: height)
    let bounds =
      items.flatMap { r -> [Double] in
        guard let lo = r.cohensDzCILow, let hi = r.cohensDzCIHigh else { return [r.cohensDz ?? 0] }
        return [lo, hi]
      } + [0]
    guard let lo = bounds.min(), let hi = bounds.max(), hi > lo else { return svg.render(label: "no data") }
    let pad = (hi - lo) * 0.08
    let x0 = lo - pad
    let x1 = hi + pad
    func x(_ v: Double) -> Double { left + (v - x0) / (x1 - x0) * (width - left - 30) }
    for t in ticks(x0, x1) {
      svg.line(x(t), 20, x(t), height - 24, stroke: t == 0 ? "#57606a" : "#e5e7eb", width: t == 0 ? 1.5 : 1)
      svg.text(formatTick(t), x: x(t), y: height - 8, anchor: .middle, size: 11, fill: "#57606a")
    }
    svg.text("Cohen's dz (effect size of the change; > 0 = improvement)", x: left, y: 14, size: 12)
    for (i, r) in items.enumerated() {
      let y = 34 + Double(i) * rowH
      let isComposite = r.indicator == "composite"
      svg.text(
        isComposite ? "composite 综合" : shortLabel(r), x: left - 10, y: y + 4, anchor: .end, size: 12,
        weight: isComposite ? "bold" : "normal")
      guard let d = r.cohensDz else { continue }
      if let lo = r.cohensDzCILow, let hi = r.cohensDzCIHigh {
        svg.line(x(lo), y, x(hi), y, stroke: "#57606a", width: 1.5)
      }
      let color = d >= 0 ? good : bad
      if isComposite {
        svg.rect(x: x(d) - 6, y: y - 6, w: 12, h: 12, fill: color, title: "composite dz \(formatTick(d))")
      } else {
        svg.circle(cx: x(d), cy: y, r: 5, fill: color, title: "\(r.indicator) dz \(formatTick(d))")
      }
    }
    return svg.render(label: "Forest plot of effect sizes")
  }

  /// Bars of one figure per period, labelled with the growth against the
  /// previous period.
  public static func periodBars(_ rows: [ReachPeriodRow], figure: String, title: String, color: String = "#1f6feb")
    -> String
  {
    let width = 760.0
    let height = 300.0
    let left = 64.0
    let bottom = 40.0
    let top = 40.0
    var svg = SVG(width: width, height: height)
    let values = rows.map { $0.value(figure) ?? 0 }
    guard let maxV = values.max(), maxV > 0, !rows.isEmpty else { return svg.render(label: title) }
    let slot = (width - left - 16) / Double(rows.count)
    func y(_ v: Double) -> Double { height - bottom - v / maxV * (height - bottom - top) }
    for t in ticks(0, maxV) where t <= maxV {
      svg.line(left, y(t), width - 16, y(t), stroke: "#e5e7eb")
      svg.text(formatTick(t), x: left - 6, y: y(t) + 4, anchor: .end, size: 11, fill: "#57606a")
    }
    svg.text(title, x: left, y: 18, size: 13, weight: "bold")
    for (i, r) in rows.enumerated() {
      let v = values[i]
      let bx = left + Double(i) * slot + slot * 0.15
      svg.rect(
        x: bx, y: y(v), w: slot * 0.7, h: height - bottom - y(v), fill: color, title: "\(r.period): \(formatTick(v))")
      svg.text(r.period, x: bx + slot * 0.35, y: height - bottom + 16, anchor: .middle, size: rows.count > 16 ? 9 : 11)
      if let g = r.growth[figure] ?? nil, rows.count <= 24 {
        svg.text(
          (g >= 0 ? "+" : "") + formatTick(g) + "%", x: bx + slot * 0.35, y: y(v) - 5, anchor: .middle,
          size: rows.count > 14 ? 8 : 10, fill: g >= 0 ? good : bad)
      }
    }
    return svg.render(label: title)
  }

  /// Active volunteers (bars) and cumulative volunteers (line) per period.
  public static func volunteers(_ rows: [ReachPeriodRow]) -> String {
    let width = 760.0
    let height = 300.0
    let left = 64.0
    let bottom = 40.0
    let top = 40.0
    var svg = SVG(width: width, height: height)
    let maxV = rows.map { Double(max($0.volunteersCumulative, $0.volunteersRegistered ?? 0)) }.max() ?? 0
    guard maxV > 0 else { return svg.render(label: "volunteers") }
    let slot = (width - left - 16) / Double(rows.count)
    func y(_ v: Double) -> Double { height - bottom - v / maxV * (height - bottom - top) }
    for t in ticks(0, maxV) where t <= maxV {
      svg.line(left, y(t), width - 16, y(t), stroke: "#e5e7eb")
      svg.text(formatTick(t), x: left - 6, y: y(t) + 4, anchor: .end, size: 11, fill: "#57606a")
    }
    svg.rect(x: left, y: 8, w: 12, h: 12, fill: "#1f6feb")
    svg.text("active 活跃", x: left + 16, y: 18, size: 12)
    svg.line(left + 110, 14, left + 130, 14, stroke: "#bf8700", width: 3)
    svg.text("cumulative 累计", x: left + 134, y: 18, size: 12)
    if rows.contains(where: { $0.volunteersRegistered != nil }) {
      svg.line(left + 260, 14, left + 280, 14, stroke: "#8250df", width: 2, dash: "5,3")
      svg.text("registered 注册", x: left + 284, y: 18, size: 12)
    }
    var cumulative: [(Double, Double)] = []
    var registered: [(Double, Double)] = []
    for (i, r) in rows.enumerated() {
      let bx = left + Double(i) * slot + slot * 0.15
      let v = Double(r.volunteersActive)
      svg.rect(
        x: bx, y: y(v), w: slot * 0.7, h: height - bottom - y(v), fill: "#1f6feb",
        title: "\(r.period): \(r.volunteersActive) active")
      svg.text(r.period, x: bx + slot * 0.35, y: height - bottom + 16, anchor: .middle, size: rows.count > 16 ? 9 : 11)
      cumulative.append((bx + slot * 0.35, y(Double(r.volunteersCumulative))))
      if let reg = r.volunteersRegistered { registered.append((bx + slot * 0.35, y(Double(reg)))) }
    }
    svg.polyline(cumulative, stroke: "#bf8700", width: 3)
    if registered.count > 1 { svg.polyline(registered, stroke: "#8250df", width: 2, dash: "5,3") }
    return svg.render(label: "Volunteers per period")
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
