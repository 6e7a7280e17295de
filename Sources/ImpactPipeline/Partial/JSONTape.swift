// A JSON document (RFC 8259) parsed in one pass into a flat array of nodes:
// the reader of partial files (`TapeDecoder` decodes the states from it).
// Foundation's JSONDecoder spent ≈ 70% of a merge of 100 national-scale
// partials parsing them; this parser checks the whole grammar (structure,
// string escapes, number syntax, control characters, nesting depth, text
// after the document) without building strings, numbers or dictionaries —
// those are converted, and strings checked as UTF-8, when a decoder asks
// for them. It never recurses, so hostile nesting cannot exhaust the stack.

/// A JSON document as a flat array of nodes in document order.
///
/// An object's children are its members' key and value nodes, alternating;
/// an array's are its elements. Every node records the index just past its
/// subtree (`end`), so a value is skipped in O(1).
///
/// - Complexity: O(n) time for n bytes; one node per value and key.
struct JSONTape: Sendable {
  enum Kind: UInt8, Sendable {
    case object, array, string, number, `true`, `false`, null

    /// How an error names the kind ("found a string instead").
    var noun: String {
      switch self {
      case .object: return "an object"
      case .array: return "an array"
      case .string: return "a string"
      case .number: return "a number"
      case .true, .false: return "a boolean"
      case .null: return "null"
      }
    }
  }

  struct Node: Sendable {
    var kind: Kind
    /// A string with escape sequences (unescaped when it is read).
    var escaped: Bool
    /// First byte of a string's contents (after the quote) or of a number.
    var start: Int
    /// Bytes of a string's contents or of a number.
    var length: Int
    /// The index of the node after this one's subtree.
    var end: Int
    /// An array's elements or an object's members.
    var count: Int
  }

  /// Why a document is not JSON, and where.
  struct SyntaxError: Error, Sendable {
    var offset: Int
    var message: String
  }

  /// The deepest nesting of objects and arrays accepted (a partial nests
  /// about 12 deep).
  static let maximumDepth = 100

  let bytes: [UInt8]
  let nodes: [Node]

  /// Parses `bytes`; throws at the first byte that breaks the grammar.
  init(_ bytes: [UInt8]) throws(SyntaxError) {
    self.bytes = bytes
    self.nodes = try Self.parse(bytes)
  }

  static func parse(_ bytes: [UInt8]) throws(SyntaxError) -> [Node] {
    var nodes: [Node] = []
    nodes.reserveCapacity(min(bytes.count / 16, 1 << 16) + 1)
    var stack: [Int] = []
    let n = bytes.count
    let result: Result<Void, SyntaxError> = bytes.withUnsafeBufferPointer { b in
      do throws(SyntaxError) {
        var i = skipSpace(b, 0)
        while true {
          // A value starts at i.
          guard i < n else { throw SyntaxError(offset: i, message: "the document ends where a value was expected") }
          let c = b[i]
          switch c {
          case UInt8(ascii: "{"), UInt8(ascii: "["):
            guard stack.count < maximumDepth else {
              throw SyntaxError(offset: i, message: "objects and arrays nest deeper than \(maximumDepth)")
            }
            let object = c == UInt8(ascii: "{")
            nodes.append(
              Node(kind: object ? .object : .array, escaped: false, start: i, length: 0, end: 0, count: 0))
            stack.append(nodes.count - 1)
            i = skipSpace(b, i + 1)
            if i < n && b[i] == (object ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
              i += 1
              nodes[nodes.count - 1].end = nodes.count
              stack.removeLast()
            } else {
              if object { i = try key(b, i, &nodes) }
              continue
            }
          case UInt8(ascii: "\""):
            i = try string(b, i, &nodes)
          case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            i = try number(b, i, &nodes)
          case UInt8(ascii: "t"):
            i = try literal(b, i, "true", .true, &nodes)
          case UInt8(ascii: "f"):
            i = try literal(b, i, "false", .false, &nodes)
          case UInt8(ascii: "n"):
            i = try literal(b, i, "null", .null, &nodes)
          default:
            throw SyntaxError(offset: i, message: "unexpected character \(describe(c)) where a value was expected")
          }
          // A value ended before i: close the containers that end here,
          // then move to the next value.
          var more = false
          while !more {
            i = skipSpace(b, i)
            guard let top = stack.last else {
              guard i == n else { throw SyntaxError(offset: i, message: "text after the end of the document") }
              return .success(())
            }
            nodes[top].count += 1
            let object = nodes[top].kind == .object
            guard i < n else {
              throw SyntaxError(offset: i, message: "the document ends inside \(object ? "an object" : "an array")")
            }
            if b[i] == UInt8(ascii: ",") {
              i = skipSpace(b, i + 1)
              if object { i = try key(b, i, &nodes) }
              more = true
            } else if b[i] == (object ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
              nodes[top].end = nodes.count
              stack.removeLast()
              i += 1
            } else {
              throw SyntaxError(
                offset: i,
                message: "unexpected character \(describe(b[i])); expected ',' or '\(object ? "}" : "]")'")
            }
          }
        }
      } catch {
        return .failure(error)
      }
    }
    try result.get()
    return nodes
  }

  static func describe(_ c: UInt8) -> String {
    c >= 0x20 && c < 0x7F ? "'\(Character(Unicode.Scalar(c)))'" : "byte 0x\(String(c, radix: 16))"
  }

  @inline(__always)
  static func skipSpace(_ b: UnsafeBufferPointer<UInt8>, _ from: Int) -> Int {
    var i = from
    while i < b.count {
      switch b[i] {
      case 0x20, 0x0A, 0x0D, 0x09: i += 1
      default: return i
      }
    }
    return i
  }

  /// A member's key at `i`, then the colon; returns where its value starts.
  static func key(_ b: UnsafeBufferPointer<UInt8>, _ i: Int, _ nodes: inout [Node]) throws(SyntaxError) -> Int {
    guard i < b.count, b[i] == UInt8(ascii: "\"") else {
      throw SyntaxError(offset: i, message: "expected a key (a string in double quotes)")
    }
    let j = skipSpace(b, try string(b, i, &nodes))
    guard j < b.count, b[j] == UInt8(ascii: ":") else {
      throw SyntaxError(offset: j, message: "expected ':' after a key")
    }
    return skipSpace(b, j + 1)
  }

  static func string(_ b: UnsafeBufferPointer<UInt8>, _ i: Int, _ nodes: inout [Node]) throws(SyntaxError) -> Int {
    var j = i + 1
    var escaped = false
    // Eight bytes at a time while none is a quote, a backslash or a control
    // character (most of a partial's bytes are long base64 strings).
    let ones: UInt64 = 0x0101_0101_0101_0101
    let highs: UInt64 = 0x8080_8080_8080_8080
    while j + 8 <= b.count {
      let w = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(b)[j..<j + 8]).loadUnaligned(as: UInt64.self)
      let quote = w ^ (ones &* 0x22)
      let slash = w ^ (ones &* 0x5C)
      let special =
        ((quote &- ones) & ~quote) | ((slash &- ones) & ~slash) | ((w &- ones &* 0x20) & ~w)
      if special & highs != 0 { break }
      j += 8
    }
    while j < b.count {
      let c = b[j]
      if c == UInt8(ascii: "\"") { break }
      if c == UInt8(ascii: "\\") {
        escaped = true
        guard j + 1 < b.count else { break }
        switch b[j + 1] {
        case UInt8(ascii: "u"):
          guard j + 5 < b.count, (2...5).allSatisfy({ hexValue(b[j + $0]) != nil }) else {
            throw SyntaxError(offset: j, message: "a \\u escape needs four hexadecimal digits")
          }
          j += 6
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
          UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
          j += 2
        default:
          throw SyntaxError(offset: j, message: "invalid escape sequence in a string")
        }
      } else if c < 0x20 {
        throw SyntaxError(offset: j, message: "a control character (\(describe(c))) in a string must be escaped")
      } else {
        j += 1
      }
    }
    guard j < b.count else { throw SyntaxError(offset: i, message: "a string is not closed") }
    nodes.append(Node(kind: .string, escaped: escaped, start: i + 1, length: j - i - 1, end: nodes.count + 1, count: 0))
    return j + 1
  }

  static func number(_ b: UnsafeBufferPointer<UInt8>, _ i: Int, _ nodes: inout [Node]) throws(SyntaxError) -> Int {
    var j = i
    func digits() throws(SyntaxError) {
      let from = j
      while j < b.count && b[j] >= UInt8(ascii: "0") && b[j] <= UInt8(ascii: "9") { j += 1 }
      guard j > from else { throw SyntaxError(offset: j, message: "a number is missing digits") }
    }
    if b[j] == UInt8(ascii: "-") { j += 1 }
    if j < b.count && b[j] == UInt8(ascii: "0") {
      j += 1
    } else {
      try digits()
    }
    if j < b.count && b[j] == UInt8(ascii: ".") {
      j += 1
      try digits()
    }
    if j < b.count && (b[j] == UInt8(ascii: "e") || b[j] == UInt8(ascii: "E")) {
      j += 1
      if j < b.count && (b[j] == UInt8(ascii: "+") || b[j] == UInt8(ascii: "-")) { j += 1 }
      try digits()
    }
    nodes.append(Node(kind: .number, escaped: false, start: i, length: j - i, end: nodes.count + 1, count: 0))
    return j
  }

  static func literal(
    _ b: UnsafeBufferPointer<UInt8>, _ i: Int, _ word: StaticString, _ kind: Kind, _ nodes: inout [Node]
  ) throws(SyntaxError) -> Int {
    let w = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
    guard i + w.count <= b.count, (0..<w.count).allSatisfy({ b[i + $0] == w[$0] }) else {
      throw SyntaxError(offset: i, message: "unexpected character \(describe(b[i])) where a value was expected")
    }
    nodes.append(Node(kind: kind, escaped: false, start: i, length: w.count, end: nodes.count + 1, count: 0))
    return i + w.count
  }

  @inline(__always)
  static func hexValue(_ c: UInt8) -> UInt32? {
    switch c {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(c - UInt8(ascii: "0"))
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(c - UInt8(ascii: "a") + 10)
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(c - UInt8(ascii: "A") + 10)
    default: return nil
    }
  }
}

extension JSONTape {
  /// Why a value cannot be read as asked.
  enum ValueError: Error {
    case mismatch(found: Kind)
    case null
    case invalid(String)
  }

  /// The string at `v`: escapes resolved, checked as UTF-8.
  func string(_ v: Int) throws(ValueError) -> String {
    let node = nodes[v]
    guard node.kind == .string else { throw node.kind == .null ? .null : .mismatch(found: node.kind) }
    let s: String? = bytes.withUnsafeBufferPointer { b in
      let raw = UnsafeBufferPointer(rebasing: b[node.start..<node.start + node.length])
      guard node.escaped else { return Self.utf8String(raw) }
      guard let unescaped = Self.unescape(raw) else { return nil }
      return unescaped.withUnsafeBufferPointer(Self.utf8String)
    }
    guard let s else { throw .invalid("is not a valid string (invalid UTF-8 or a lone surrogate escape)") }
    return s
  }

  /// The string of valid UTF-8 bytes, else `nil`. (Decoding repairs
  /// invalid bytes, so text that is not all ASCII must give its bytes back;
  /// this is several times faster than `String(validating:as:)`, which is
  /// not specialized.)
  static func utf8String(_ raw: UnsafeBufferPointer<UInt8>) -> String? {
    let s = String(decoding: raw, as: UTF8.self)
    var high: UInt8 = 0
    for c in raw { high |= c }
    if high < 0x80 { return s }
    return s.utf8.elementsEqual(raw) ? s : nil
  }

  /// The bytes of a string with escapes, resolved; `nil` for a lone
  /// surrogate (the escapes' syntax was checked by the parser).
  static func unescape(_ raw: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
    var out: [UInt8] = []
    out.reserveCapacity(raw.count)
    var i = 0
    func hex4(_ at: Int) -> UInt32? {
      guard at + 4 <= raw.count else { return nil }
      var x: UInt32 = 0
      for k in 0..<4 {
        guard let d = hexValue(raw[at + k]) else { return nil }
        x = x << 4 | d
      }
      return x
    }
    while i < raw.count {
      let c = raw[i]
      guard c == UInt8(ascii: "\\"), i + 1 < raw.count else {
        out.append(c)
        i += 1
        continue
      }
      let e = raw[i + 1]
      i += 2
      switch e {
      case UInt8(ascii: "b"): out.append(0x08)
      case UInt8(ascii: "f"): out.append(0x0C)
      case UInt8(ascii: "n"): out.append(0x0A)
      case UInt8(ascii: "r"): out.append(0x0D)
      case UInt8(ascii: "t"): out.append(0x09)
      case UInt8(ascii: "u"):
        guard var u = hex4(i) else { return nil }
        i += 4
        if u >= 0xD800 && u < 0xDC00 {
          guard i + 1 < raw.count, raw[i] == UInt8(ascii: "\\"), raw[i + 1] == UInt8(ascii: "u"),
            let low = hex4(i + 2), low >= 0xDC00 && low < 0xE000
          else { return nil }
          i += 6
          u = 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00)
        } else if u >= 0xDC00 && u < 0xE000 {
          return nil
        }
        guard let scalar = Unicode.Scalar(u) else { return nil }
        if let bytes = UTF8.encode(scalar) { out.append(contentsOf: bytes) }
      default: out.append(e)
      }
    }
    return out
  }

  /// The number at `v` as an integer of type `T`: plain digits, or a
  /// fraction or exponent that is exactly an integer below 2⁵³.
  func integer<T: FixedWidthInteger>(_ v: Int, as: T.Type) throws(ValueError) -> T {
    let node = nodes[v]
    guard node.kind == .number else { throw node.kind == .null ? .null : .mismatch(found: node.kind) }
    let parsed: T? = bytes.withUnsafeBufferPointer { b in
      var i = node.start
      let end = node.start + node.length
      let negative = b[i] == UInt8(ascii: "-")
      if negative { i += 1 }
      var x: T = 0
      while i < end {
        let c = b[i]
        guard c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") else { break }
        let (m, o1) = x.multipliedReportingOverflow(by: 10)
        let d = T(truncatingIfNeeded: c - UInt8(ascii: "0"))
        let (s, o2) = negative ? m.subtractingReportingOverflow(d) : m.addingReportingOverflow(d)
        guard !o1 && !o2 else { return nil }
        x = s
        i += 1
      }
      if i == end { return x }
      // A fraction or an exponent: only an exact integer of a double.
      guard let d = Double(String(decoding: UnsafeBufferPointer(rebasing: b[node.start..<end]), as: UTF8.self)),
        d.isFinite, d.rounded() == d, abs(d) <= 0x1p53
      else { return nil }
      return T(exactly: d)
    }
    guard let parsed else { throw .invalid("is the number \(text(v)), which does not fit in \(T.self)") }
    return parsed
  }

  /// The number at `v` as a finite double.
  func double(_ v: Int) throws(ValueError) -> Double {
    let node = nodes[v]
    guard node.kind == .number else { throw node.kind == .null ? .null : .mismatch(found: node.kind) }
    if node.length <= 15, let i = try? integer(v, as: Int.self) { return Double(i) }
    guard let d = Double(text(v)), d.isFinite else {
      throw .invalid("is the number \(text(v)), which is not representable as a finite double")
    }
    return d
  }

  func bool(_ v: Int) throws(ValueError) -> Bool {
    switch nodes[v].kind {
    case .true: return true
    case .false: return false
    case .null: throw .null
    case let k: throw .mismatch(found: k)
    }
  }

  /// Whether the string at `k` is all ASCII (so valid UTF-8).
  func isASCII(_ k: Int) -> Bool {
    let n = nodes[k]
    return bytes.withUnsafeBufferPointer { b in
      var any: UInt8 = 0
      for i in n.start..<n.start + n.length { any |= b[i] }
      return any < 0x80
    }
  }

  /// The raw bytes of strings `a` and `b` compared (memcmp order).
  func compareBytes(_ a: Int, _ b: Int) -> Int {
    let x = nodes[a]
    let y = nodes[b]
    return bytes.withUnsafeBufferPointer { p in
      let m = min(x.length, y.length)
      for i in 0..<m where p[x.start + i] != p[y.start + i] {
        return p[x.start + i] < p[y.start + i] ? -1 : 1
      }
      return x.length < y.length ? -1 : x.length == y.length ? 0 : 1
    }
  }

  /// Whether the key (a string node) at `k` is the UTF-8 text `want`.
  func keyEquals(_ k: Int, _ want: UnsafeBufferPointer<UInt8>) -> Bool {
    let n = nodes[k]
    if n.escaped { return (try? string(k)).map { s in s.utf8.elementsEqual(want) } ?? false }
    guard n.length == want.count else { return false }
    return bytes.withUnsafeBufferPointer { b in
      for i in 0..<want.count where b[n.start + i] != want[i] { return false }
      return true
    }
  }

  /// The raw bytes of a number or string node, as text (for messages).
  func text(_ v: Int) -> String {
    let node = nodes[v]
    let shown = min(node.length, 40)
    return String(decoding: bytes[node.start..<node.start + shown], as: UTF8.self) + (shown < node.length ? "…" : "")
  }
}
