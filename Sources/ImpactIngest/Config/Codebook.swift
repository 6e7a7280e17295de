/// A survey codebook: which columns are indicators, their labels, scales,
/// direction, missing codes and pass rules. Read from YAML or JSON.
///
/// ```yaml
/// id: respondent_id          # id column (optional)
/// scale: [1, 5]              # default scale of every indicator
/// missing: [99, 不知道]       # default missing codes (numbers or text)
/// pass_threshold: 4          # default pass rule: score ≥ 4 = "can do it"
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
/// ```
public struct Codebook: Sendable, Equatable {
  /// The id column, when the codebook names it.
  public var idColumn: String?
  /// Indicators in order.
  public var indicators: [CodebookIndicator]
  /// The file it was read from (for messages).
  public var file: String

  public init(idColumn: String?, indicators: [CodebookIndicator], file: String) {
    self.idColumn = idColumn
    self.indicators = indicators
    self.file = file
  }

  /// Reads and validates a codebook file.
  public static func load(path: String) throws(IngestError) -> Codebook {
    try parse(ConfigNode.load(path: path))
  }

  /// Validates a parsed document.
  public static func parse(_ root: ConfigNode) throws(IngestError) -> Codebook {
    try root.checkKeys(["id", "scale", "higher_is_better", "missing", "pass_threshold", "type", "indicators"])
    let defaults = try CodebookIndicator.Options(root, inherited: .init())
    guard let list = root["indicators"] else {
      throw root.error(
        "the codebook has no 'indicators' list", hint: "add indicators: with one entry (- id: q01) per indicator")
    }
    var indicators: [CodebookIndicator] = []
    var seen: Set<String> = []
    for node in try list.elements() {
      let ind = try CodebookIndicator(node, defaults: defaults)
      if seen.contains(ind.id) {
        throw node.error("indicator id '\(ind.id)' appears twice", hint: "give every indicator a unique id")
      }
      seen.insert(ind.id)
      indicators.append(ind)
    }
    guard !indicators.isEmpty else {
      throw list.error("the indicators list is empty", hint: "list at least one indicator")
    }
    return Codebook(idColumn: try root["id"]?.text(), indicators: indicators, file: root.file)
  }
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

  public init(
    id: String, label: String, column: String?, pre: String?, post: String?, scale: ClosedRange<Double>?,
    higherIsBetter: Bool, missing: [String], passThreshold: Double?, kind: Kind
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
  }

  struct Options {
    var scale: ClosedRange<Double>?
    var higherIsBetter = true
    var missing: [String] = []
    var passThreshold: Double?
    var kind: Kind = .likert

    init() {}

    init(_ node: ConfigNode, inherited: Options) throws(IngestError) {
      self = inherited
      if let s = node["scale"] { scale = try s.range() }
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
  }

  init(_ node: ConfigNode, defaults: Options) throws(IngestError) {
    try node.checkKeys([
      "id", "label", "column", "pre", "post", "scale", "higher_is_better", "missing", "pass_threshold", "type",
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
    let o = try Options(node, inherited: defaults)
    kind = o.kind
    scale = o.scale ?? (o.kind == .binary ? 0...1 : nil)
    higherIsBetter = o.higherIsBetter
    missing = o.missing
    passThreshold = o.passThreshold
    if let t = passThreshold, let s = scale, !s.contains(t) {
      throw node.error(
        "pass_threshold \(t) is outside the scale [\(s.lowerBound), \(s.upperBound)]",
        hint: "set a threshold inside the scale")
    }
  }
}
