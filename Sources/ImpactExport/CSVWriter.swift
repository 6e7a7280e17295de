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
