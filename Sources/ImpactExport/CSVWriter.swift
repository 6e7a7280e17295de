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
    guard
      s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) || s.hasPrefix(" ") || s.hasSuffix(" ")
    else { return s }
    return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }
}
