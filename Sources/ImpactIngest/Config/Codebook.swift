/// A survey codebook: which columns are indicators, their labels, scales,
/// answer labels, direction, missing codes and pass rules. Read from YAML or
/// JSON.
///
/// ```yaml
/// id: respondent_id          # id column (optional)
/// scale: [1, 5]              # default scale of every indicator
/// missing: [99, 不知道]       # default missing codes (numbers or text)
/// pass_threshold: 4          # default pass rule: score ≥ 4 = "can do it"
/// scales:                    # named answer-label sets: label → score
///   agree5: {"非常不同意": 1, "比较不同意": 2, "一般": 3, "比较同意": 4, "非常同意": 5}
///   often: [从不, 很少, 有时, 经常, 总是]   # a list scores 1, 2, 3, … in order
/// scale_ref: agree5          # default answer labels of likert/numeric indicators
/// indicators:
///   - id: q01
///     label: "会用手机视频通话 / Can make a video call"
///     column: literacy/q01   # same column name in both waves (default: id)
///     pre: q01_pre           # or separate names per wave / wide file
///     post: q01_post
///     scale: [1, 5]
///     higher_is_better: false
///     missing: [99]
///     pass_threshold: 4
///     type: likert           # likert (default) | binary | numeric
///   - id: q02
///     scale_ref: often       # this indicator's answer labels, or:
///     labels: {"不会": 0, "会一点": 1, "会": 2}
/// ```
///
/// Answer labels:
/// - An indicator's `labels:` or `scale_ref:` (one of them) replaces the
///   top-level default. Top-level labels apply to likert and numeric
///   indicators; binary indicators use their own labels, and always understand
///   yes/no, y/n, true/false, 是/否, 对/错.
/// - Without an explicit `scale:` on the same level, an indicator with labels
///   has the scale [lowest score, highest score]. Precedence: the indicator's
///   `scale`, its labels, the top-level `scale`, the top-level labels.
/// - Answers match labels after ``AnswerText/normalize(_:)`` (white space,
///   case, full-/half-width ignored), then without an option prefix such as
///   `A.`, `A、`, `(A)`; numbers need no label and are read as their value.
///   An answer matching no label is counted as an unmatched label and listed.
/// - Errors, each with the codebook line: an unknown `scale_ref` (with a "did
///   you mean"), two labels that normalize alike with different scores, a
///   score that is not a number, a label that reads as a number other than
///   its score, labels all scoring the same, a score outside an explicit
///   scale, a label that is also a missing code.
public struct Codebook: Sendable, Equatable {
  /// The id column, when the codebook names it.
  public var idColumn: String?
  /// Indicators in order.
  public var indicators: [CodebookIndicator]
  /// Named answer-label sets (`scales:`), labels in written order.
  public var scales: [String: [AnswerLabel]]
  /// Survey design columns (`design: {weight, strata, cluster, fpc}`).
  public var design: SurveyDesignColumns?
  /// The file it was read from (for messages).
  public var file: String

  public init(
    idColumn: String?, indicators: [CodebookIndicator], scales: [String: [AnswerLabel]] = [:], file: String
  ) {
    self.idColumn = idColumn
    self.indicators = indicators
    self.scales = scales
    self.file = file
  }

  /// Reads and validates a codebook file.
  public static func load(path: String) throws(IngestError) -> Codebook {
    try parse(ConfigNode.load(path: path))
  }

  /// Validates a parsed document.
  public static func parse(_ root: ConfigNode) throws(IngestError) -> Codebook {
    try root.checkKeys([
      "id", "scale", "higher_is_better", "missing", "pass_threshold", "type", "scales", "scale_ref", "labels",
      "indicators", "design",
    ])
    var scales: [String: [AnswerLabel]] = [:]
    if let node = root["scales"] {
      for (key, value) in try node.entries() {
        let name = try key.text()
        guard let value else {
          throw key.error(
            "scale '\(name)' has no labels", hint: "list its labels and scores, e.g. {\"是\": 1, \"否\": 0}")
        }
        scales[name] = try AnswerLabel.parseList(value)
      }
    }
    let defaults = try CodebookIndicator.Options(root, inherited: .init(), scales: scales)
    guard let list = root["indicators"] else {
      throw root.error(
        "the codebook has no 'indicators' list", hint: "add indicators: with one entry (- id: q01) per indicator")
    }
    var indicators: [CodebookIndicator] = []
    var seen: Set<String> = []
    for node in try list.elements() {
      let ind = try CodebookIndicator(node, defaults: defaults, scales: scales)
      if seen.contains(ind.id) {
        throw node.error("indicator id '\(ind.id)' appears twice", hint: "give every indicator a unique id")
      }
      seen.insert(ind.id)
      indicators.append(ind)
    }
    guard !indicators.isEmpty else {
      throw list.error("the indicators list is empty", hint: "list at least one indicator")
    }
    var codebook = Codebook(
      idColumn: try root["id"]?.text(), indicators: indicators, scales: scales, file: root.file)
    codebook.design = try root["design"].map { (n) throws(IngestError) in try SurveyDesignColumns(n) }
    return codebook
  }
}

/// An answer label and the score it stands for ("非常同意" → 5).
public struct AnswerLabel: Sendable, Equatable {
  /// The label as written.
  public var text: String
  public var score: Double
  /// Decimal places of the score as written (`2.5` → 1), or −1 when it is not
  /// a plain decimal; keeps label scores in exact arithmetic.
  public var decimals: Int8
  /// Codebook line of the label, when read from one (for messages).
  public var line: Int?

  public init(_ text: String, score: Double, decimals: Int8? = nil, line: Int? = nil) {
    self.text = text
    self.score = score
    if let decimals {
      self.decimals = decimals
    } else if score.rounded() == score && score.magnitude < 9e15 {
      self.decimals = 0
    } else {
      self.decimals = AnswerText.number("\(score)").scale
    }
    self.line = line
  }

  /// Labels from a mapping (`label: score`) or a list (scores 1, 2, … in
  /// order), validated: numeric scores, no two labels with the same key and
  /// different scores, a label that reads as a number scores that number.
  static func parseList(_ node: ConfigNode) throws(IngestError) -> [AnswerLabel] {
    var written: [(key: ConfigNode, score: ConfigNode?)] = []
    if node.isMapping {
      written = try node.entries().map { ($0.key, $0.value) }
    } else {
      written = try node.elements().map { ($0, nil) }
    }
    guard !written.isEmpty else {
      throw node.error("no answer labels", hint: "list the labels and their scores, e.g. {\"是\": 1, \"否\": 0}")
    }
    var labels: [AnswerLabel] = []
    var byKey: [String: AnswerLabel] = [:]
    for (i, w) in written.enumerated() {
      let text = try w.key.text()
      let key = AnswerText.normalize(text)
      guard !key.isEmpty else {
        throw w.key.error("an answer label is empty", hint: "write the label's text, e.g. \"非常同意\": 5")
      }
      var score = Double(i + 1)
      var decimals: Int8 = 0
      if node.isMapping {
        guard let s = w.score else {
          throw w.key.error("label '\(text)' has no score", hint: "write label: score, e.g. \"\(text)\": 5")
        }
        let written = try s.text()
        let n = AnswerText.number(written)
        guard n.kind == .number, n.value.isFinite else {
          throw s.error(
            "the score of label '\(text)' is '\(written)', not a number",
            hint: "give every label a numeric score, e.g. \"\(text)\": 5")
        }
        score = n.value
        decimals = n.scale
      }
      let asNumber = AnswerText.number(key)
      if asNumber.kind == .number && asNumber.value != score {
        throw w.key.error(
          "label '\(text)' reads as the number \(formatScore(asNumber.value)), and numbers are always read as their value, so it cannot score \(formatScore(score))",
          hint: "remove the label (numbers need none), or reverse the indicator with higher_is_better: false")
      }
      let label = AnswerLabel(text, score: score, decimals: decimals, line: w.key.line)
      if let previous = byKey[key] {
        if previous.score != score {
          throw w.key.error(
            "labels '\(previous.text)'\(previous.line.map { " (line \($0))" } ?? "") and '\(text)' are the same answer once case, width and spaces are ignored ('\(key)'), but score \(formatScore(previous.score)) and \(formatScore(score))",
            hint: "keep one of them, or give both the same score")
        }
        continue
      }
      byKey[key] = label
      labels.append(label)
    }
    return labels
  }
}

/// A score as written in messages (`5`, not `5.0`).
func formatScore(_ v: Double) -> String {
  v.rounded() == v && v.magnitude < 1e15 ? String(Int64(v)) : "\(v)"
}

/// One indicator of a codebook.
public struct CodebookIndicator: Sendable, Equatable {
  /// Kind of answers.
  public enum Kind: String, Sendable, Equatable, CaseIterable {
    case likert, binary, numeric
  }

  public var id: String
  public var label: String
  /// Column in both waves (two-file mode), default `id`.
  public var column: String?
  /// Column of the baseline (pre) and endline (post) values, when they differ.
  public var pre: String?
  public var post: String?
  public var scale: ClosedRange<Double>?
  public var higherIsBetter: Bool
  public var missing: [String]
  public var passThreshold: Double?
  public var kind: Kind
  /// Declared answer labels (own `labels:`/`scale_ref:` or the top-level
  /// default); empty when answers are numbers (binary indicators always
  /// understand yes/no as well).
  public var labels: [AnswerLabel]

  public init(
    id: String, label: String, column: String?, pre: String?, post: String?, scale: ClosedRange<Double>?,
    higherIsBetter: Bool, missing: [String], passThreshold: Double?, kind: Kind, labels: [AnswerLabel] = []
  ) {
    self.id = id
    self.label = label
    self.column = column
    self.pre = pre
    self.post = post
    self.scale = scale
    self.higherIsBetter = higherIsBetter
    self.missing = missing
    self.passThreshold = passThreshold
    self.kind = kind
    self.labels = labels
  }

  struct Options {
    var scale: ClosedRange<Double>?
    /// The scale was derived from the labels (no explicit `scale:`).
    var scaleFromLabels = false
    var labels: [AnswerLabel] = []
    /// Where the labels came from, for messages ("scale_ref 'agree5'").
    var labelSource = ""
    /// The labels came from the level above.
    var labelsInherited = false
    var higherIsBetter = true
    var missing: [String] = []
    var passThreshold: Double?
    var kind: Kind = .likert

    init() {}

    init(_ node: ConfigNode, inherited: Options, scales: [String: [AnswerLabel]]) throws(IngestError) {
      self = inherited
      labelsInherited = true
      let ownScale = node["scale"]
      if let s = ownScale {
        scale = try s.range()
        scaleFromLabels = false
      }
      if let (labels, source, at) = try Self.ownLabels(node, scales: scales) {
        self.labels = labels
        labelSource = source
        labelsInherited = false
        if ownScale == nil {
          let scores = labels.map(\.score)
          guard let lo = scores.min(), let hi = scores.max(), lo < hi else {
            throw at.error(
              "every label of \(source) scores the same, so they give no scale",
              hint: "give the labels different scores (lowest = worst), or set scale: [min, max]")
          }
          scale = lo...hi
          scaleFromLabels = true
        }
      }
      if let h = node["higher_is_better"] { higherIsBetter = try h.bool() }
      if let m = node["missing"] { missing = try m.textList() }
      if let p = node["pass_threshold"] { passThreshold = try p.number() }
      if let t = node["type"] {
        let name = try t.text()
        guard let k = Kind(rawValue: name) else {
          throw t.error("unknown type '\(name)'", hint: "use one of: likert, binary, numeric")
        }
        kind = k
      }
    }

    /// The labels this node declares itself (`labels:` or `scale_ref:`).
    static func ownLabels(_ node: ConfigNode, scales: [String: [AnswerLabel]]) throws(IngestError) -> (
      [AnswerLabel], String, ConfigNode
    )? {
      let own = node["labels"]
      let ref = node["scale_ref"]
      if let own, ref != nil {
        throw own.error(
          "both labels and scale_ref are given", hint: "keep one: labels: for this indicator only, or scale_ref: name")
      }
      if let own { return (try AnswerLabel.parseList(own), "labels", own) }
      guard let ref else { return nil }
      let name = try ref.text()
      guard let labels = scales[name] else {
        let near = scales.keys.sorted().min { editDistance($0, name) < editDistance($1, name) }
        let suggestion = near.map { editDistance($0, name) <= 3 ? " (did you mean '\($0)'?)" : "" } ?? ""
        throw ref.error(
          "unknown scale '\(name)'\(suggestion)",
          hint: scales.isEmpty
            ? "define it under scales: at the top of the codebook, e.g. scales: {\(name): {\"是\": 1, \"否\": 0}}"
            : "scales defined: \(scales.keys.sorted().joined(separator: ", "))")
      }
      return (labels, "scale_ref '\(name)'", ref)
    }
  }

  init(_ node: ConfigNode, defaults: Options, scales: [String: [AnswerLabel]]) throws(IngestError) {
    try node.checkKeys([
      "id", "label", "column", "pre", "post", "scale", "higher_is_better", "missing", "pass_threshold", "type",
      "labels", "scale_ref",
    ])
    guard let idNode = node["id"] else {
      throw node.error("an indicator has no 'id'", hint: "give it an id, e.g. id: q01")
    }
    id = try idNode.text()
    guard !id.isEmpty else { throw idNode.error("empty indicator id", hint: "give it an id, e.g. id: q01") }
    label = try node["label"]?.text() ?? id
    column = try node["column"]?.text()
    pre = try node["pre"]?.text()
    post = try node["post"]?.text()
    var o = try Options(node, inherited: defaults, scales: scales)
    if o.kind == .binary && o.labelsInherited && !o.labels.isEmpty {
      // Top-level labels are for likert and numeric indicators.
      o.labels = []
      if o.scaleFromLabels { o.scale = nil }
    }
    kind = o.kind
    scale = o.scale ?? (o.kind == .binary ? 0...1 : nil)
    higherIsBetter = o.higherIsBetter
    missing = o.missing
    passThreshold = o.passThreshold
    labels = o.labels
    if let t = passThreshold, let s = scale, !s.contains(t) {
      throw node.error(
        "pass_threshold \(t) is outside the scale [\(s.lowerBound), \(s.upperBound)]",
        hint: "set a threshold inside the scale")
    }
    if let s = scale, let bad = labels.first(where: { !s.contains($0.score) }) {
      throw node.error(
        "indicator '\(id)': label '\(bad.text)' of \(o.labelSource)\(bad.line.map { " (line \($0))" } ?? "") scores \(formatScore(bad.score)), outside the scale [\(formatScore(s.lowerBound)), \(formatScore(s.upperBound))]",
        hint: "fix the score or the indicator's scale: (a binary indicator's scale is [0, 1])")
    }
    let labelKeys = Set(labels.map { AnswerText.normalize($0.text) })
    for code in missing where AnswerText.number(code).kind != .number {
      if labelKeys.contains(AnswerText.normalize(code)) {
        throw node.error(
          "indicator '\(id)': '\(code)' is both a missing code and an answer label of \(o.labelSource)",
          hint: "remove it from missing: or from the labels")
      }
    }
  }
}
