/// Field contents that mean "no answer".
///
/// Defaults: an empty or blank field, `NA`, `N/A`, `NULL`, `-`, `NaN`, `#N/A`
/// (ASCII letters matched case-insensitively). User codes are added with
/// `adding(_:)`: a code that reads as a number (`99`, `-9`) matches any field
/// with that numeric value (`99.0` too); any other code (`不知道`, `refused`)
/// matches the trimmed text exactly.
public struct MissingTokens: Sendable, Equatable {
  /// Text tokens (UTF-8 bytes), compared after trimming spaces.
  public private(set) var textTokens: [[UInt8]]
  /// Lower-cased ASCII tokens compared case-insensitively.
  private var foldedTokens: [[UInt8]]
  /// Numeric codes compared by value.
  public private(set) var numericCodes: Set<Double>

  /// The default tokens.
  public init() {
    textTokens = []
    foldedTokens = ["na", "n/a", "null", "-", "nan", "#n/a"].map { Array($0.utf8) }
    numericCodes = []
  }

  /// These tokens plus user codes.
  public func adding(_ codes: [String]) -> MissingTokens {
    var r = self
    for code in codes {
      let trimmed = code.trimmingSpaces
      let bytes = Array(trimmed.utf8)
      let parsed = bytes.withUnsafeBufferPointer { NumberParser.parseNumber($0) }
      if parsed.kind == .number {
        r.numericCodes.insert(parsed.value)
      } else if !bytes.isEmpty && !r.textTokens.contains(bytes) {
        r.textTokens.append(bytes)
      }
    }
    return r
  }

  /// Whether the (non-numeric) field text is a missing token.
  @inline(__always)
  public func matchesText(_ field: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let base = field.baseAddress else { return true }
    var i = 0
    var n = field.count
    while i < n && (base[i] == 0x20 || base[i] == 0x09) { i += 1 }
    while n > i && (base[n - 1] == 0x20 || base[n - 1] == 0x09) { n -= 1 }
    let len = n - i
    if len == 0 { return true }
    outer: for t in foldedTokens where t.count == len {
      for k in 0..<len {
        var c = base[i + k]
        if c >= 0x41 && c <= 0x5A { c |= 0x20 }
        if c != t[k] { continue outer }
      }
      return true
    }
    outer2: for t in textTokens where t.count == len {
      for k in 0..<len where base[i + k] != t[k] { continue outer2 }
      return true
    }
    return false
  }
}

extension String {
  /// The string without leading and trailing ASCII spaces and tabs.
  var trimmingSpaces: String {
    var s = Substring(self)
    while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
    while let l = s.last, l == " " || l == "\t" { s.removeLast() }
    return String(s)
  }
}
