// Typed access to YAML/JSON configuration (codebooks, run configs) parsed by
// Yams, with errors that name the file, the line and the key path.
import Foundation
import Yams

/// A node of a parsed YAML (or JSON) document with its key path, for
/// readable errors ("codebook.yaml:12: indicators[3].scale: expected [min, max]").
public struct ConfigNode: @unchecked Sendable {
  let node: Node
  /// Path from the root, e.g. `indicators[3].scale`.
  public let path: String
  /// The file, for messages.
  public let file: String

  /// Parses a YAML or JSON file.
  public static func load(path: String) throws(IngestError) -> ConfigNode {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw IngestError(
        .io, file: path, message: "cannot read the file", hint: "check the path and the file's permissions")
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw IngestError(
        .encoding, file: path, message: "the file is not UTF-8 text", hint: "save it as UTF-8 (YAML and JSON must be)")
    }
    return try parse(text, file: path)
  }

  /// Parses YAML or JSON text.
  public static func parse(_ text: String, file: String) throws(IngestError) -> ConfigNode {
    let root: Node?
    do {
      root = try Yams.compose(yaml: text)
    } catch let e as YamlError {
      throw IngestError(
        .configuration, file: file, line: yamlErrorLine(e), message: "not valid YAML/JSON: \(yamlErrorMessage(e))",
        hint: "fix the syntax at that line (indentation, quotes, colons)")
    } catch {
      throw IngestError(
        .configuration, file: file, message: "not valid YAML/JSON: \(error)", hint: "fix the file's syntax")
    }
    guard let root else {
      throw IngestError(.configuration, file: file, line: 1, message: "the file is empty", hint: "add the settings")
    }
    return ConfigNode(node: root, path: "", file: file)
  }

  /// 1-based line of the node.
  public var line: Int? { node.mark.map { $0.line } }

  /// An error about this node (file, line, key path).
  public func error(_ message: String, hint: String) -> IngestError {
    IngestError(
      .configuration, file: file, line: line, message: (path.isEmpty ? "" : "\(path): ") + message, hint: hint)
  }

  /// Keys of a mapping, in order.
  public func keys() throws(IngestError) -> [String] {
    guard let m = node.mapping else { throw error("expected a mapping (key: value)", hint: "write key: value lines") }
    return m.map { $0.key.string ?? "" }
  }

  /// Fails on keys other than `allowed` (catches typos).
  public func checkKeys(_ allowed: [String]) throws(IngestError) {
    guard let m = node.mapping else { throw error("expected a mapping (key: value)", hint: "write key: value lines") }
    for (k, _) in m {
      let key = k.string ?? ""
      if !allowed.contains(key) {
        let near = allowed.min { editDistance($0, key) < editDistance($1, key) }
        let suggestion = near.map { editDistance($0, key) <= 3 ? " (did you mean '\($0)'?)" : "" } ?? ""
        throw ConfigNode(node: k, path: path, file: file).error(
          "unknown key '\(key)'\(suggestion)", hint: "known keys: \(allowed.joined(separator: ", "))")
      }
    }
  }

  /// The child at `key`, or `nil` when absent or null.
  public subscript(key: String) -> ConfigNode? {
    guard let m = node.mapping, let v = m[key] else { return nil }
    if case .scalar(let s) = v, v.null != nil || (s.string.isEmpty && s.style == .plain) { return nil }
    return ConfigNode(node: v, path: path.isEmpty ? key : "\(path).\(key)", file: file)
  }

  /// Entries of a mapping in written order: each key (as a node, for its
  /// line) and its value (`nil` when absent or null).
  public func entries() throws(IngestError) -> [(key: ConfigNode, value: ConfigNode?)] {
    guard let m = node.mapping else { throw error("expected a mapping (key: value)", hint: "write key: value lines") }
    return m.map { k, v in
      let name = k.string ?? ""
      let childPath = path.isEmpty ? name : "\(path).\(name)"
      let keyNode = ConfigNode(node: k, path: childPath, file: file)
      if case .scalar(let s) = v, v.null != nil || (s.string.isEmpty && s.style == .plain) { return (keyNode, nil) }
      return (keyNode, ConfigNode(node: v, path: childPath, file: file))
    }
  }

  /// Whether the node is a mapping.
  public var isMapping: Bool { node.mapping != nil }

  /// Elements of a sequence.
  public func elements() throws(IngestError) -> [ConfigNode] {
    guard let s = node.sequence else { throw error("expected a list", hint: "write a YAML list (- item) or [a, b]") }
    return s.enumerated().map { ConfigNode(node: $1, path: "\(path)[\($0)]", file: file) }
  }

  /// The scalar text exactly as written (numbers and words alike).
  public func text() throws(IngestError) -> String {
    guard case .scalar(let s) = node else { throw error("expected a single value", hint: "write a plain value") }
    return s.string
  }

  public func string() throws(IngestError) -> String { try text() }

  public func number() throws(IngestError) -> Double {
    guard let v = node.float, v.isFinite else {
      throw error(
        "expected a number, found '\((try? text()) ?? "a list or mapping")'", hint: "write a number such as 4 or 2.5")
    }
    return v
  }

  public func bool() throws(IngestError) -> Bool {
    let t = ((try? text()) ?? "").lowercased()
    switch t {
    case "true", "yes", "on": return true
    case "false", "no", "off": return false
    default: throw error("expected true or false, found '\(t)'", hint: "write true or false")
    }
  }

  /// A `[min, max]` pair with min < max.
  public func range() throws(IngestError) -> ClosedRange<Double> {
    let e = try elements()
    guard e.count == 2 else { throw error("expected [min, max]", hint: "write the scale as [1, 5]") }
    let lo = try e[0].number()
    let hi = try e[1].number()
    guard lo < hi else {
      throw error("expected min < max, found [\(lo), \(hi)]", hint: "write the scale as [min, max]")
    }
    return lo...hi
  }

  /// A list of values as written (e.g. missing codes `[99, 不知道]`); a
  /// single value is accepted as a one-element list.
  public func textList() throws(IngestError) -> [String] {
    if node.sequence != nil { return try elements().map { (n) throws(IngestError) in try n.text() } }
    return [try text()]
  }
}

private func yamlErrorLine(_ e: YamlError) -> Int? {
  switch e {
  case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): return mark.line
  default: return nil
  }
}

private func yamlErrorMessage(_ e: YamlError) -> String {
  switch e {
  case .scanner(let context, let problem, _, _), .parser(let context, let problem, _, _),
    .composer(let context, let problem, _, _):
    return [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", ")
  default: return "\(e)"
  }
}

/// Levenshtein distance (for "did you mean" suggestions).
func editDistance(_ a: String, _ b: String) -> Int {
  let x = Array(a)
  let y = Array(b)
  if x.isEmpty { return y.count }
  if y.isEmpty { return x.count }
  var prev = Array(0...y.count)
  for i in 1...x.count {
    var cur = [i] + Array(repeating: 0, count: y.count)
    for j in 1...y.count {
      cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
    }
    prev = cur
  }
  return prev[y.count]
}
