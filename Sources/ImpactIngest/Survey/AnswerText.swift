// How survey answers written as text are compared with codebook answer labels.
//
// Normalization follows Unicode's NFKC_Casefold idea (UAX #15 compatibility
// composition, then full case folding from CaseFolding.txt, then NFKC again),
// using Foundation's `precomposedStringWithCompatibilityMapping` and
// `folding(options: .caseInsensitive)` — both available on Linux.
import Foundation

/// The comparison rules for answer texts and labels.
///
/// ```
/// key(text) = collapse(trim(NFKC(fold(NFKC(text)))))
/// ```
///
/// - NFKC turns full-width letters, digits and punctuation into their
///   ordinary forms ("Ｓｔｒｏｎｇｌｙ" → "Strongly", "５" → "5", "（A）" → "(A)",
///   U+3000 ideographic space → space) and half-width katakana into full-width.
/// - Full Unicode case folding, not only ASCII ("STRASSE" = "straße", "Σ" = "ς").
/// - White space (Unicode White_Space, plus the invisible U+200B, U+200C,
///   U+200D and U+FEFF) is removed at both ends and runs inside collapse to one
///   space.
///
/// An answer whose key is not a label may carry an option prefix: a single
/// Latin letter (a–z after folding) or digit 1–9, followed by `.`, `、`, `)`,
/// `:` or a space, or enclosed as `(A)`, `[A]`, `【A】` — full-width forms
/// included through NFKC. See ``strippingOptionPrefix(_:)``.
public enum AnswerText {
  /// The comparison key of an answer or a label.
  ///
  /// Idempotent: `normalize(normalize(s)) == normalize(s)`. Returns `""` for
  /// text that is only white space.
  ///
  /// - Complexity: O(n) in the length of `s`, with Foundation's Unicode
  ///   tables; callers cache the result per distinct text.
  public static func normalize(_ s: String) -> String {
    let folded = s.precomposedStringWithCompatibilityMapping.folding(options: [.caseInsensitive], locale: nil)
      .precomposedStringWithCompatibilityMapping
    var out = String.UnicodeScalarView()
    var pendingSpace = false
    for u in folded.unicodeScalars {
      if isSpace(u) {
        pendingSpace = !out.isEmpty
        continue
      }
      if pendingSpace {
        out.append(" ")
        pendingSpace = false
      }
      out.append(u)
    }
    return String(out)
  }

  /// Unicode White_Space plus the zero-width characters exports leave behind.
  static func isSpace(_ u: Unicode.Scalar) -> Bool {
    u.properties.isWhitespace || u.value == 0x200B || u.value == 0x200C || u.value == 0x200D || u.value == 0xFEFF
  }

  /// The rest of a normalized answer after its option prefix, or `nil` when
  /// it has none or nothing would remain.
  ///
  /// ```
  /// "a.比较同意" → "比较同意"     "b、一般" → "一般"      "(c)同意" → "同意"
  /// "d) agree" → "agree"        "e: agree" → "agree"   "3 非常同意" → "非常同意"
  /// "a." → nil                  "ab. x" → nil          "0. x" → nil
  /// ```
  public static func strippingOptionPrefix(_ key: String) -> String? {
    let s = Array(key.unicodeScalars)
    guard s.count >= 2 else { return nil }
    var rest: ArraySlice<Unicode.Scalar>
    if let close = closing(s[0]), s.count >= 4, isOptionMark(s[1]), s[2] == close {
      rest = s[3...]
    } else if isOptionMark(s[0]), [".", "、", ")", ":", " "].contains(s[1]) {
      rest = s[2...]
    } else {
      return nil
    }
    while let f = rest.first, isSpace(f) { rest = rest.dropFirst() }
    guard !rest.isEmpty else { return nil }
    var view = String.UnicodeScalarView()
    view.append(contentsOf: rest)
    return String(view)
  }

  static func isOptionMark(_ u: Unicode.Scalar) -> Bool {
    (u.value >= 0x61 && u.value <= 0x7A) || (u.value >= 0x41 && u.value <= 0x5A) || (u.value >= 0x31 && u.value <= 0x39)
  }

  static func closing(_ u: Unicode.Scalar) -> Unicode.Scalar? {
    switch u {
    case "(": return ")"
    case "[": return "]"
    case "【": return "】"
    default: return nil
    }
  }

  /// A normalized key read as a plain number ("5", "4.5"), as `NumberParser`
  /// reads fields.
  public static func number(_ key: String) -> ParsedNumber {
    var bytes = Array(key.utf8)
    return bytes.withUnsafeMutableBufferPointer { NumberParser.parseNumber(UnsafeBufferPointer($0)) }
  }

  /// Units accepted after a number ("5分", "5 points"), in folded form.
  public static let scoreUnits = ["分", "points", "point", "pts", "pt"]

  /// A normalized key of the form *number unit* ("5分", "4 points", "3pt"):
  /// the number, or `nil`. Whether it is accepted is the caller's decision
  /// (survey reading accepts it only inside the indicator's scale).
  public static func numberWithUnit(_ key: String) -> ParsedNumber? {
    for unit in scoreUnits where key.hasSuffix(unit) {
      var head = key.dropLast(unit.count)
      while let l = head.last, l == " " { head = head.dropLast() }
      guard !head.isEmpty else { return nil }
      let n = number(String(head))
      return n.kind == .number ? n : nil
    }
    return nil
  }
}

/// What an answer that is not a plain number turned out to be.
enum AnswerOutcome: Sendable, Equatable {
  /// A label's score, or a number written in another form ("５", "5分").
  case number(Double, scale: Int8)
  /// A missing code in another form (" 不知道　", "E.不知道", "ＮＡ").
  case missing
  /// Text, and the indicator declares no labels.
  case nonNumeric
  /// Text, and the indicator declares labels, none of which it matches.
  case unmatchedLabel
}

/// Outcomes of the slow path per distinct raw answer text, so a survey that
/// repeats a handful of labels millions of times normalizes each once per
/// column and chunk.
///
/// An open-addressing table keyed by the field's bytes (a word-at-a-time
/// multiply–xorshift hash, linear probing, keys in one flat byte buffer).
/// Holds at most ``limit`` texts; further ones are resolved each time. The
/// cache is working storage, not part of a value: `==` ignores it.
///
/// - Complexity: O(length of the field) per lookup.
struct AnswerCache: Sendable, Equatable {
  static let limit = 4096
  private var slots: [Int32] = []  // 1-based entry index, 0 = empty
  private var hashes: [UInt64] = []
  private var starts: [Int] = [0]  // entry e's bytes: keyBytes[starts[e]..<starts[e + 1]]
  private var keyBytes: [UInt8] = []
  private var outcomes: [AnswerOutcome] = []

  init() {}

  static func == (_: AnswerCache, _: AnswerCache) -> Bool { true }

  var count: Int { outcomes.count }

  /// The outcome of `f`, asking `matcher` on a miss.
  mutating func outcome(_ f: UnsafeBufferPointer<UInt8>, _ matcher: AnswerMatcher) -> AnswerOutcome {
    outcome(f, resolve: matcher.outcome)
  }

  /// The outcome of `f`, computing it with `resolve` on a miss.
  @inline(__always)
  mutating func outcome(
    _ f: UnsafeBufferPointer<UInt8>, resolve: (UnsafeBufferPointer<UInt8>) -> AnswerOutcome
  ) -> AnswerOutcome {
    let h = Self.hash(f)
    if !slots.isEmpty {
      let found = slots.withUnsafeBufferPointer { slot -> Int in
        hashes.withUnsafeBufferPointer { hash in
          starts.withUnsafeBufferPointer { start in
            keyBytes.withUnsafeBufferPointer { bytes in
              let mask = slot.count - 1
              var i = Int(truncatingIfNeeded: h) & mask
              while slot[i] != 0 {
                let e = Int(slot[i]) - 1
                if hash[e] == h && start[e + 1] - start[e] == f.count && Self.equal(bytes, at: start[e], f) {
                  return e
                }
                i = (i + 1) & mask
              }
              return -1
            }
          }
        }
      }
      if found >= 0 { return outcomes[found] }
    }
    let o = resolve(f)
    guard outcomes.count < Self.limit else { return o }
    if (outcomes.count + 1) * 2 > slots.count { grow() }
    keyBytes.append(contentsOf: f)
    starts.append(keyBytes.count)
    hashes.append(h)
    outcomes.append(o)
    place(outcomes.count - 1)
    return o
  }

  /// Whether `bytes[at..<at + f.count]` equals `f`.
  @inline(__always)
  static func equal(_ bytes: UnsafeBufferPointer<UInt8>, at: Int, _ f: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let a = bytes.baseAddress, let b = f.baseAddress else { return f.isEmpty }
    return memcmp(a + at, b, f.count) == 0
  }

  /// 64-bit hash of the bytes, eight at a time (SplitMix64-style mixing).
  @inline(__always)
  static func hash(_ f: UnsafeBufferPointer<UInt8>) -> UInt64 {
    var h = UInt64(truncatingIfNeeded: f.count) &* 0x9E37_79B9_7F4A_7C15
    guard let base = f.baseAddress else { return h }
    let raw = UnsafeRawPointer(base)
    var i = 0
    while i + 8 <= f.count {
      h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
      h ^= h >> 31
      i += 8
    }
    var tail: UInt64 = 0
    var shift: UInt64 = 0
    while i < f.count {
      tail |= UInt64(base[i]) << shift
      shift += 8
      i += 1
    }
    h = (h ^ tail) &* 0x94D0_49BB_1331_11EB
    return h ^ (h >> 29)
  }

  private mutating func grow() {
    slots = [Int32](repeating: 0, count: max(64, slots.count * 2))
    for e in outcomes.indices { place(e) }
  }

  private mutating func place(_ e: Int) {
    let mask = slots.count - 1
    var i = Int(truncatingIfNeeded: hashes[e]) & mask
    while slots[i] != 0 { i = (i + 1) & mask }
    slots[i] = Int32(e + 1)
  }
}
