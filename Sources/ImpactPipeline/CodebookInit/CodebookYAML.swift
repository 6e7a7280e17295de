import Foundation
import ImpactExport
import ImpactIngest

/// Renders a drafted codebook as commented YAML that `Codebook.load` reads:
/// a header explaining every key, `id`, `missing`, the recognized `scales`,
/// the `indicators` (with the answers seen as comments), the unknown label
/// sets commented out with a TODO, and the columns not used.
struct CodebookYAML {
  var sources: [String]
  var idColumn: String?
  /// Whether the second file has the id column (`nil`: one file).
  var idInSecond: Bool?
  var userMissing: [String] = []
  var unpaired: [String] = []

  struct Entry {
    var id: String
    /// Label set name or kind, for the summary.
    var kind: String
    var lines: [String]
  }

  private(set) var indicators: [Entry] = []
  private(set) var unknownEntries: [Entry] = []
  private(set) var others: [(name: String, reason: String)] = []
  /// Per known set: label key → (display, count) over every column using it.
  private var setLabels: [Int: [String: (display: String, count: Int)]] = [:]
  private var setColumns: [Int: [String]] = [:]
  private var missingTexts: [String: Int] = [:]
  private var missingCodes: [Double: Int] = [:]
  private var ids: Set<String> = []

  init(sources: [String], idColumn: String?, idInSecond: Bool?) {
    self.sources = sources
    self.idColumn = idColumn
    self.idInSecond = idInSecond
  }

  var unknown: [String] { unknownEntries.map(\.id) }

  /// A unique indicator id for a column or pair base.
  private mutating func makeId(_ base: String) -> String {
    var id = ColumnResolver.lastComponent(base)
    if id.isEmpty || ids.contains(id) { id = base }
    var n = 2
    let stem = id
    while ids.contains(id) {
      id = "\(stem)_\(n)"
      n += 1
    }
    ids.insert(id)
    return id
  }

  mutating func add(_ c: CodebookInit.Candidate, _ answers: ColumnAnswers) {
    let kind = answers.kind(attribute: ColumnAnswers.looksLikeAttribute(c.base))
    if case .other(let reason) = kind {
      others.append((c.base, reason))
      return
    }
    for (t, n) in answers.missingTexts { missingTexts[t, default: 0] += n }
    for (v, n) in answers.missingCodes { missingCodes[v, default: 0] += n }
    let id = makeId(c.base)
    var head: [String] = ["id: \(quoted(id))", "label: \(quoted(ColumnResolver.lastComponent(c.base)))"]
    if let pre = c.pre, let post = c.post {
      head += ["pre: \(quoted(pre))", "post: \(quoted(post))"]
    } else if c.base != id {
      head.append("column: \(quoted(c.base))")
    }
    let missing = answers.blank + answers.missingTexts.values.reduce(0, +) + answers.missingCodes.values.reduce(0, +)
    let missingNote = missing > 0 ? "; missing ×\(missing)" : ""
    switch kind {
    case .known(let s, let levels, let stray):
      let set = KnownLabelSets.all[s]
      if !set.builtInBinary { setColumns[s, default: []].append(id) }
      for (key, seen) in answers.labels where levels[key] != nil && !set.builtInBinary {
        let old = setLabels[s, default: [:]][key]
        let display = (old?.count ?? 0) >= seen.count ? (old?.display ?? seen.display) : seen.display
        setLabels[s, default: [:]][key] = (display, (old?.count ?? 0) + seen.count)
      }
      let seenLevels = Set(levels.values)
      let notSeen = set.levels.indices.filter { !seenLevels.contains($0) }.map { set.levels[$0][0] }
      var body: [String] = []
      if set.builtInBinary {
        body.append("type: binary  # yes/no answers (是/否, yes/no, y/n, 对/错, true/false) need no labels")
      } else {
        if set.binary { body.append("type: binary") }
        body.append(
          "scale_ref: \(set.name)  # \(set.title): \(seenLevels.count) of \(set.levels.count) levels seen"
            + (notSeen.isEmpty ? "" : " (not seen: \(notSeen.joined(separator: ", ")))"))
      }
      let labelSeen = answers.labels.filter { levels[$0.key] != nil }.sorted {
        (levels[$0.key] ?? 0, $1.value.count, $0.value.display) < (
          levels[$1.key] ?? 0, $0.value.count, $1.value.display
        )
      }.map { "\(oneLine($0.value.display)) ×\($0.value.count)" }
      let numberSeen = answers.numbers.sorted { $0.key < $1.key }.map { "\(formatNumber($0.key)) ×\($0.value)" }
      var comments = ["# seen: " + (labelSeen + numberSeen).joined(separator: ", ") + missingNote]
      if !stray.isEmpty {
        comments.append(
          "# not in \(set.name): " + stray.map { "\(oneLine($0.text)) ×\($0.count)" }.joined(separator: ", ")
            + " — counted as unmatched labels unless you add them to the scale")
      }
      indicators.append(
        Entry(id: id, kind: set.builtInBinary ? "binary yes/no" : set.name, lines: comments + item(head + body)))
    case .likert(let range):
      let seen = answers.numbers.sorted { $0.key < $1.key }.map { "\(formatNumber($0.key)) ×\($0.value)" }
      var unit = answers.unitSeen ? " (some written with a unit such as 分)" : ""
      let outside = answers.numbers.keys.filter { !range.contains($0) }.sorted().map(formatNumber)
      if !outside.isEmpty { unit += "; rare, left outside the scale (typos?): \(outside.joined(separator: ", "))" }
      let texts = answers.labels.values.sorted { ($1.count, $0.display) < ($0.count, $1.display) }
      if !texts.isEmpty {
        unit +=
          "; text, not numbers: "
          + texts.prefix(5).map { "\(oneLine($0.display)) ×\($0.count)" }
          .joined(separator: ", ")
      }
      indicators.append(
        Entry(
          id: id, kind: "numeric \(formatNumber(range.lowerBound))–\(formatNumber(range.upperBound))",
          lines: ["# seen: " + seen.joined(separator: ", ") + missingNote + unit]
            + item(
              head + [
                "scale: [\(formatNumber(range.lowerBound)), \(formatNumber(range.upperBound))]"
                  + "  # from the answers seen: check the questionnaire's range"
              ])))
    case .binaryNumeric:
      let seen = answers.numbers.sorted { $0.key < $1.key }.map { "\(formatNumber($0.key)) ×\($0.value)" }
      indicators.append(
        Entry(
          id: id, kind: "binary 0/1",
          lines: ["# seen: " + seen.joined(separator: ", ") + missingNote] + item(head + ["type: binary"])))
    case .unknown(let values):
      var lines = [
        "# TODO: order these — the answers of \(quoted(c.base)) match no label set impact knows.",
        "# Replace each TODO with a score (worst = lowest), then remove the \"# \" in front of",
        "# this indicator's lines to use it.",
      ]
      var body = head + ["labels:"]
      for v in values { body.append("  \(quoted(v.text)): TODO  # seen ×\(v.count)") }
      lines += item(body).map { "# " + $0 }
      unknownEntries.append(Entry(id: id, kind: "unknown", lines: lines))
    case .other:
      break
    }
  }

  /// An indicator's lines as a list item.
  private func item(_ lines: [String]) -> [String] {
    lines.enumerated().map { $0.offset == 0 ? "- \($0.element)" : "  \($0.element)" }
  }

  func render() -> String {
    var out: [String] = []
    out.append("# Codebook drafted by `impact codebook init` from \(sources.joined(separator: " and ")).")
    out.append("# Review it before the first analysis: check every indicator's labels and scale, mark the")
    out.append("# indicators where a lower score is better (higher_is_better: false), and order the labels")
    out.append("# of the entries marked TODO. Then: impact literacy ... --codebook this-file.yaml")
    out.append("#")
    out.append("# Keys (README, \"Codebook\"):")
    out.append("#   id          the respondent id column; the waves are paired by it, never by row order")
    out.append("#   missing     answers that mean \"no answer\": numbers match by value, text after normalizing")
    out.append("#   scales      named answer-label sets: label -> score, worst = lowest")
    out.append("#   indicators  one entry per question: id, label, its column(s), and either scale_ref (its")
    out.append("#               answer labels; the scale is their lowest to highest score) or scale: [min, max]")
    out.append("# Answers match labels ignoring spaces, case, full-/half-width forms and option prefixes")
    out.append("# such as \"A.\", \"A、\", \"(A)\"; an answer matching no label is counted and listed.")
    out.append("")
    if let idColumn {
      let note = idInSecond == false ? "  # TODO: not found in the second file; map it with --id" : ""
      out.append("id: \(quoted(idColumn))\(note)")
    } else {
      out.append("# TODO: no id column was recognized; name it here:")
      out.append("# id: respondent_id")
    }
    out += missingLines()
    out.append("# pass_threshold: 4  # optional: score ≥ 4 counts as \"can do it\" (pass rates, McNemar)")
    out.append("")
    if !setLabels.isEmpty {
      out.append("scales:")
      for s in setLabels.keys.sorted(by: { KnownLabelSets.all[$0].name < KnownLabelSets.all[$1].name }) {
        out += scaleLines(s).map { "  " + $0 }
      }
      out.append("")
    }
    if indicators.isEmpty {
      out.append("# TODO: no indicator was recognized; finish an entry below and uncomment it.")
      out.append("# indicators:")
    } else {
      out.append("indicators:")
    }
    for e in indicators { out += e.lines.map { "  " + $0 } }
    if !unknownEntries.isEmpty {
      out.append("")
      out.append("  # Answer labels impact does not know (\(unknownEntries.count)):")
      for e in unknownEntries { out += e.lines.map { "  " + $0 } }
    }
    if !others.isEmpty || !unpaired.isEmpty {
      out.append("")
      out.append("# Columns not used as indicators (add them by hand if they are):")
      for o in others { out.append("#   \(oneLine(o.name)): \(o.reason)") }
      if !unpaired.isEmpty {
        let what = idInSecond == nil ? "no _pre/_post pair" : "not in the second file"
        out += wrapped(unpaired.map(oneLine), prefix: "#   \(what): ")
      }
    }
    return out.joined(separator: "\n") + "\n"
  }

  private func missingLines() -> [String] {
    var codes = Set(missingCodes.keys)
    var texts = Set(missingTexts.keys)
    for m in userMissing {
      let n = AnswerText.number(AnswerText.normalize(m))
      if n.kind == .number { codes.insert(n.value) } else if !m.isEmpty { texts.insert(m) }
    }
    if codes.isEmpty && texts.isEmpty {
      return ["# missing: [99, 不知道]  # none seen besides blanks and NA; add the export's codes"]
    }
    let items = codes.sorted().map(formatNumber) + texts.sorted().map(quoted)
    let seen =
      codes.sorted().compactMap { v in missingCodes[v].map { "\(formatNumber(v)) ×\($0)" } }
      + texts.sorted().compactMap { t in missingTexts[t].map { "\(oneLine(t)) ×\($0)" } }
    return [
      "missing: [\(items.joined(separator: ", "))]" + (seen.isEmpty ? "" : "  # seen: \(seen.joined(separator: ", "))")
    ]
  }

  /// The lines of one recognized set: the canonical wording of each level in
  /// every language seen, plus every wording seen.
  private func scaleLines(_ s: Int) -> [String] {
    let set = KnownLabelSets.all[s]
    let seen = setLabels[s] ?? [:]
    let index = set.index
    func level(_ key: String) -> Int? { index[key] ?? AnswerText.strippingOptionPrefix(key).flatMap { index[$0] } }
    let chinese = seen.keys.contains { !$0.allSatisfy(\.isASCII) }
    let english = seen.keys.contains { $0.allSatisfy(\.isASCII) }
    var lines = [
      "# \(set.title); worst = \(set.score(0)); answers seen in \(setColumns[s, default: []].joined(separator: ", "))",
      "\(set.name):",
    ]
    for (i, words) in set.levels.enumerated() {
      var written: [String] = []
      var keys: Set<String> = []
      func write(_ text: String, count: Int?) {
        let key = AnswerText.normalize(text)
        guard !keys.contains(key) else { return }
        keys.insert(key)
        let note = count.map { "  # seen ×\($0)" } ?? ""
        written.append("  \(quoted(text)): \(set.score(i))\(note)")
      }
      // Seen wordings of this level, without option prefixes, counts summed.
      var observed: [String: (display: String, count: Int)] = [:]
      for (key, v) in seen where level(key) == i {
        let display = Self.withoutPrefix(key, v.display, index)
        let k = AnswerText.normalize(display)
        let old = observed[k]
        observed[k] = ((old?.count ?? 0) >= v.count ? (old?.display ?? display) : display, (old?.count ?? 0) + v.count)
      }
      for o in observed.values.sorted(by: { ($1.count, $0.display) < ($0.count, $1.display) }) {
        write(o.display, count: o.count)
      }
      if chinese, let w = words.first(where: { !$0.allSatisfy(\.isASCII) }) { write(w, count: nil) }
      if english, let w = words.first(where: { $0.allSatisfy(\.isASCII) }) { write(w, count: nil) }
      lines += written
    }
    return lines
  }

  /// A seen wording without its option prefix when only the rest is a label.
  private static func withoutPrefix(_ key: String, _ display: String, _ index: [String: Int]) -> String {
    if index[key] != nil { return display }
    return AnswerText.strippingOptionPrefix(display) ?? display
  }

  private func wrapped(_ names: [String], prefix: String) -> [String] {
    var lines: [String] = []
    var line = prefix
    for (i, n) in names.enumerated() {
      let piece = n + (i + 1 < names.count ? ", " : "")
      if line.count + piece.count > 100 && line != prefix {
        lines.append(line.trimmingCharacters(in: .whitespaces))
        line = "#     "
      }
      line += piece
    }
    lines.append(line)
    return lines
  }
}

/// A YAML double-quoted scalar.
func quoted(_ s: String) -> String {
  var out = "\""
  for u in s.unicodeScalars {
    switch u {
    case "\"": out += "\\\""
    case "\\": out += "\\\\"
    case "\n": out += "\\n"
    case "\t": out += "\\t"
    case "\r": out += "\\r"
    default:
      if u.value < 0x20 || u.value == 0x7F || u.value == 0x85 || u.value == 0x2028 || u.value == 0x2029
        || u.value == 0xFEFF
      {
        out += String(format: "\\u%04X", u.value)
      } else {
        out.unicodeScalars.append(u)
      }
    }
  }
  return out + "\""
}

/// Text safe inside a comment (no line breaks).
/// `s` as text that can stand in a YAML comment: line breaks and other white
/// space become spaces, other control characters (which YAML readers refuse)
/// U+FFFD.
func oneLine(_ s: String) -> String {
  String(
    String.UnicodeScalarView(
      s.unicodeScalars.map { c in
        if c.properties.isWhitespace { return " " }
        return c.properties.generalCategory == .control ? "\u{FFFD}" : c
      }))
}
