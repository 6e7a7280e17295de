/// Text encodings `impact` reads. Everything is parsed as UTF-8; other
/// encodings are transcoded first with the platform's iconv (glibc).
public enum TextEncoding: String, Sendable, Equatable, CaseIterable {
  case utf8 = "utf-8"
  case utf8WithBOM = "utf-8-bom"
  case utf16LE = "utf-16le"
  case utf16BE = "utf-16be"
  /// GB18030, a superset of GBK and GB2312 (Chinese questionnaire platforms).
  case gb18030 = "gb18030"

  /// Parses a user-supplied name (`utf8`, `UTF-8`, `gbk`, `gb2312`, `utf16le`…).
  public init?(name: String) {
    let n = name.lowercased().replacingOccurrences(of: "_", with: "-")
    switch n {
    case "utf-8", "utf8": self = .utf8
    case "utf-8-bom", "utf8-bom", "utf-8-sig", "utf8-sig": self = .utf8WithBOM
    case "utf-16le", "utf16le", "utf-16-le": self = .utf16LE
    case "utf-16be", "utf16be", "utf-16-be": self = .utf16BE
    case "gb18030", "gbk", "gb2312", "cp936", "euc-cn": self = .gb18030
    default: return nil
    }
  }

  /// Whether the bytes must be converted to UTF-8 before parsing.
  public var needsTranscoding: Bool {
    switch self {
    case .utf8, .utf8WithBOM: return false
    case .utf16LE, .utf16BE, .gb18030: return true
    }
  }

  /// The iconv name of the encoding.
  var iconvName: String {
    switch self {
    case .utf8, .utf8WithBOM: return "UTF-8"
    case .utf16LE: return "UTF-16LE"
    case .utf16BE: return "UTF-16BE"
    case .gb18030: return "GB18030"
    }
  }
}
