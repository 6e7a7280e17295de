/// Writes RFC 4180 CSV: fields with the delimiter, quotes or line breaks are
/// quoted (quotes doubled); numbers use `formatNumber` (shortest round-trip);
/// `nil` is an empty cell — never the text `nan`.
public struct CSVWriter: Sendable {
  public private(set) var text = ""

  public init(header: [String]) {
    appendRow(header.map { .text($0) })
  }

  /// One cell.
  public enum Cell: Sendable {
    case text(String?)
    case number(Double?)
    case int(Int?)
    case bool(Bool?)
  }

  public mutating func appendRow(_ cells: [Cell]) {
    // A row of one empty field would be a blank line, which readers skip.
    if cells.count == 1, case .text(let t) = cells[0], t == nil || t == "" {
      text += "\"\"\n"
      return
    }
    var first = true
    for c in cells {
      if !first { text += "," }
      first = false
      switch c {
      case .text(let s): if let s { text += quoted(s) }
      case .number(let d): if let d, d.isFinite { text += formatNumber(d) }
      case .int(let i): if let i { text += String(i) }
      case .bool(let b): if let b { text += b ? "true" : "false" }
      }
    }
    text += "\n"
  }

  private func quoted(_ s: String) -> String {
    // Bytes, not Characters: "\r\n" is one Character and would slip through.
    guard
      s.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) || s.hasPrefix(" ")
        || s.hasSuffix(" ")
    else { return s }
    return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }
}

/// The two byte layouts `impact` writes CSV in.
public enum CSVDialect: Sendable {
  /// UTF-8 without a byte-order mark, lines ending in LF: what R, pandas and
  /// most tools read as is (the default).
  case plain
  /// A UTF-8 byte-order mark and CRLF between records (`--excel-csv`): Excel
  /// on a Chinese Windows reads BOM-less UTF-8 as GBK and garbles Chinese.
  /// Line breaks inside quoted fields are kept as they are.
  case excel

  /// The bytes of `text` (as `CSVWriter` writes it: records end in LF) in
  /// this dialect.
  ///
  /// - Complexity: O(n) in the length of `text`.
  public func bytes(_ text: String) -> [UInt8] {
    switch self {
    case .plain: return Array(text.utf8)
    case .excel:
      var out: [UInt8] = [0xEF, 0xBB, 0xBF]
      out.reserveCapacity(text.utf8.count + text.utf8.count / 16 + 3)
      // Quotes inside a field are doubled, so toggling on every quote
      // tracks exactly whether we are inside a quoted field.
      var quoted = false
      for b in text.utf8 {
        if b == 0x22 { quoted.toggle() }
        if b == 0x0A && !quoted { out.append(0x0D) }
        out.append(b)
      }
      return out
    }
  }
}
