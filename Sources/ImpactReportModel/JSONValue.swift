/// A JSON document with ordered object keys, written deterministically.
///
/// Numbers are written in the shortest form that reads back as the same
/// double (Swift's `description`, an exact round-trip); NaN and infinities
/// become `null` — the text `nan` never appears. Strings keep UTF-8 as is
/// (Chinese labels survive), escaping only what JSON requires.
public indirect enum JSONValue: Sendable, Equatable {
  case null
  case bool(Bool)
  case int(Int)
  case number(Double)
  case string(String)
  case array([JSONValue])
  case object([(String, JSONValue)])

  public static func == (a: JSONValue, b: JSONValue) -> Bool {
    a.serialized() == b.serialized()
  }

  /// A number, or `null` for `nil`/non-finite values.
  public static func number(_ v: Double?) -> JSONValue {
    guard let v, v.isFinite else { return .null }
    return .number(v)
  }

  /// A string, or `null` for `nil`.
  public static func string(_ s: String?) -> JSONValue {
    guard let s else { return .null }
    return .string(s)
  }

  /// Serialized text; `indent` spaces per level (0 = compact, one line).
  public func serialized(indent: Int = 2) -> String {
    var out = ""
    write(into: &out, level: 0, indent: indent)
    return out
  }

  private func write(into out: inout String, level: Int, indent: Int) {
    switch self {
    case .null: out += "null"
    case .bool(let b): out += b ? "true" : "false"
    case .int(let i): out += String(i)
    case .number(let d): out += formatNumber(d)
    case .string(let s): writeString(s, into: &out)
    case .array(let items):
      if items.isEmpty {
        out += "[]"
        return
      }
      let scalarOnly = items.allSatisfy(\.isScalar)
      out += "["
      for (i, item) in items.enumerated() {
        if i > 0 { out += indent > 0 && scalarOnly ? ", " : "," }
        if indent > 0 && !scalarOnly { newline(&out, level + 1, indent) }
        item.write(into: &out, level: level + 1, indent: indent)
      }
      if indent > 0 && !scalarOnly { newline(&out, level, indent) }
      out += "]"
    case .object(let members):
      if members.isEmpty {
        out += "{}"
        return
      }
      out += "{"
      for (i, (key, value)) in members.enumerated() {
        if i > 0 { out += "," }
        if indent > 0 { newline(&out, level + 1, indent) }
        writeString(key, into: &out)
        out += indent > 0 ? ": " : ":"
        value.write(into: &out, level: level + 1, indent: indent)
      }
      if indent > 0 { newline(&out, level, indent) }
      out += "}"
    }
  }

  private var isScalar: Bool {
    switch self {
    case .array, .object: return false
    default: return true
    }
  }

  private func newline(_ out: inout String, _ level: Int, _ indent: Int) {
    out += "\n"
    out += String(repeating: " ", count: level * indent)
  }

  /// Looks up a member of an object.
  public subscript(key: String) -> JSONValue? {
    if case .object(let m) = self { return m.first { $0.0 == key }?.1 }
    return nil
  }
}

/// Shortest round-trip text of a finite double (`0.1`, `5`, `1e-300`).
/// Integral values print without a fractional part.
public func formatNumber(_ d: Double) -> String {
  guard d.isFinite else { return "null" }
  if d == d.rounded() && abs(d) < 1e15 {
    if d == 0 { return "0" }
    return String(Int64(d))
  }
  return d.description
}

private func writeString(_ s: String, into out: inout String) {
  out += "\""
  for u in s.unicodeScalars {
    switch u {
    case "\"": out += "\\\""
    case "\\": out += "\\\\"
    case "\n": out += "\\n"
    case "\r": out += "\\r"
    case "\t": out += "\\t"
    case let c where c.value < 0x20:
      let h = String(c.value, radix: 16)
      out += "\\u" + String(repeating: "0", count: 4 - h.count) + h
    default: out.unicodeScalars.append(u)
    }
  }
  out += "\""
}
