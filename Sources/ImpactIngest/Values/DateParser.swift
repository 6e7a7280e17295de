// Calendar dates from bytes (the day arithmetic is in ImpactCore.CalendarDay).
public import ImpactCore

/// Reads dates written as `2024-03-05`, `2024/3/5`, `2024.3.5`,
/// `2024-03-05T14:00:00` (any time part after `T` or a space is accepted and
/// ignored, including a zone), and `2024年3月5日`. Day-first and month-first
/// forms (`05/03/2024`) are ambiguous: `parseComponents` rejects them, and a
/// `DateFormat` (given, or detected with `DateEvidence`) reads them.
public enum DateParser {
  /// The day, or `nil` when the text is not a supported date or names a day
  /// that does not exist.
  public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> CalendarDay? {
    guard let c = parseComponents(bytes) else { return nil }
    return CalendarDay(year: c.year, month: c.month, day: c.day)
  }

  /// Year, month and day of a valid date (checked against the calendar),
  /// without computing a day number — the fast path for period bucketing.
  @inline(__always)
  public static func parseComponents(_ bytes: UnsafeBufferPointer<UInt8>) -> (year: Int, month: Int, day: Int)? {
    if bytes.count == 10, let p = bytes.baseAddress, let ymd = isoDate(p) { return ymd }
    return generalComponents(bytes)
  }

  /// `YYYY-MM-DD` exactly (the common case of exports), read as one 64-bit
  /// word: bytes 0–7 XOR "0000-00-" leave 0…9 in the digit bytes and 0 in
  /// the dash bytes of a well-formed date. The same result as
  /// `generalComponents` for these 10 bytes; `nil` sends anything else there.
  @inline(__always)
  static func isoDate(_ p: UnsafePointer<UInt8>) -> (year: Int, month: Int, day: Int)? {
    let w = UInt64(littleEndian: UnsafeRawPointer(p).loadUnaligned(as: UInt64.self))
    let x = w ^ 0x2D30_302D_3030_3030
    let high: UInt64 = 0x8080_8080_8080_8080
    guard (x | (x &+ 0x7676_7676_7676_7676)) & high == 0, x & 0xFF00_00FF_0000_0000 == 0 else { return nil }
    let d8 = p[8] &- 0x30
    let d9 = p[9] &- 0x30
    guard d8 <= 9, d9 <= 9 else { return nil }
    @inline(__always) func digit(_ k: UInt64) -> Int { Int((x >> (8 * k)) & 0xFF) }
    let year = digit(0) * 1000 + digit(1) * 100 + digit(2) * 10 + digit(3)
    let month = digit(5) * 10 + digit(6)
    let day = Int(d8) * 10 + Int(d9)
    guard year >= 1, month >= 1, month <= 12, day >= 1, day <= CalendarDay.daysInMonth(year: year, month: month)
    else { return nil }
    return (year, month, day)
  }

  /// Every supported year-first form (see the type's documentation).
  static func generalComponents(_ bytes: UnsafeBufferPointer<UInt8>) -> (year: Int, month: Int, day: Int)? {
    guard let p = bytes.baseAddress else { return nil }
    var i = 0
    var n = bytes.count
    while i < n && (p[i] == 0x20 || p[i] == 0x09) { i += 1 }
    while n > i && (p[n - 1] == 0x20 || p[n - 1] == 0x09) { n -= 1 }
    func number(maxDigits: Int) -> Int? {
      var v = 0
      var k = 0
      while i < n && k < maxDigits {
        let d = p[i] &- 0x30
        if d > 9 { break }
        v = v * 10 + Int(d)
        i += 1
        k += 1
      }
      return k == 0 ? nil : v
    }
    func matches(_ seq: [UInt8]) -> Bool {
      guard n - i >= seq.count else { return false }
      for k in 0..<seq.count where p[i + k] != seq[k] { return false }
      i += seq.count
      return true
    }
    let start = i
    guard let year = number(maxDigits: 4), i - start == 4, i < n else { return nil }
    let sep = p[i]
    let chinese = matches(nian)
    if !chinese {
      guard sep == 0x2D || sep == 0x2F || sep == 0x2E else { return nil }
      i += 1
    }
    guard let month = number(maxDigits: 2) else { return nil }
    if chinese {
      guard matches(yue) else { return nil }
    } else {
      guard i < n, p[i] == sep else { return nil }
      i += 1
    }
    guard let day = number(maxDigits: 2) else { return nil }
    if chinese {
      guard matches(ri) || matches(hao) else { return nil }
    }
    if i < n {
      // A time part: 'T' or space then a digit.
      guard p[i] == 0x54 || p[i] == 0x20, i + 1 < n, (p[i + 1] &- 0x30) <= 9 else { return nil }
    }
    guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
      day <= CalendarDay.daysInMonth(year: year, month: month)
    else { return nil }
    return (year, month, day)
  }

  /// The parts of a day-first or month-first date `a SEP b SEP YYYY` (one
  /// or two digits each for `a` and `b`, the same separator `-`, `/` or `.`
  /// twice, a four-digit year, an optional time part), not yet checked
  /// against the calendar.
  public static func dayMonthParts(_ bytes: UnsafeBufferPointer<UInt8>) -> (
    a: Int, b: Int, year: Int, separator: UInt8
  )? {
    guard let p = bytes.baseAddress else { return nil }
    var i = 0
    var n = bytes.count
    while i < n && (p[i] == 0x20 || p[i] == 0x09) { i += 1 }
    while n > i && (p[n - 1] == 0x20 || p[n - 1] == 0x09) { n -= 1 }
    func number(maxDigits: Int) -> (Int, Int) {
      var v = 0
      var k = 0
      while i < n && k < maxDigits {
        let d = p[i] &- 0x30
        if d > 9 { break }
        v = v * 10 + Int(d)
        i += 1
        k += 1
      }
      return (v, k)
    }
    let (a, ka) = number(maxDigits: 2)
    guard ka > 0, i < n else { return nil }
    let sep = p[i]
    guard sep == 0x2D || sep == 0x2F || sep == 0x2E else { return nil }
    i += 1
    let (b, kb) = number(maxDigits: 2)
    guard kb > 0, i < n, p[i] == sep else { return nil }
    i += 1
    let (year, ky) = number(maxDigits: 4)
    guard ky == 4 else { return nil }
    if i < n {
      guard p[i] == 0x54 || p[i] == 0x20, i + 1 < n, (p[i + 1] &- 0x30) <= 9 else { return nil }
    }
    return (a, b, year, sep)
  }

  /// A valid date from parts, or `nil`.
  @inline(__always)
  static func valid(_ year: Int, _ month: Int, _ day: Int) -> (year: Int, month: Int, day: Int)? {
    guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
      day <= CalendarDay.daysInMonth(year: year, month: month)
    else { return nil }
    return (year, month, day)
  }

  /// Parses a `String` (for options such as `--from 2024-01-01`).
  public static func parse(_ text: String) -> CalendarDay? {
    var bytes = Array(text.utf8)
    return bytes.withUnsafeMutableBufferPointer { parse(UnsafeBufferPointer($0)) }
  }

  private static let nian: [UInt8] = Array("年".utf8)
  private static let yue: [UInt8] = Array("月".utf8)
  private static let ri: [UInt8] = Array("日".utf8)
  private static let hao: [UInt8] = Array("号".utf8)
}

/// How the dates of a column are written: year-first (ISO-like, the
/// default), day-first (`%d/%m/%Y`) or month-first (`%m/%d/%Y`).
///
/// A day-first or month-first format reads `a SEP b SEP YYYY` with any of
/// `-`, `/`, `.` as the separator (the same twice) and also accepts
/// year-first values, which cannot be mistaken for either.
public struct DateFormat: Sendable, Equatable, Codable, CustomStringConvertible {
  public enum Order: String, Sendable, Equatable, Codable {
    case yearFirst = "year-first"
    case dayFirst = "day-first"
    case monthFirst = "month-first"
  }

  public var order: Order
  /// The format as written (`%d/%m/%Y`), for messages and `meta`.
  public var pattern: String

  /// `2024-03-05`, `2024/3/5`, `2024.3.5`, `2024年3月5日`.
  public static let yearFirst = DateFormat(order: .yearFirst, pattern: "%Y-%m-%d")

  public init(order: Order, pattern: String) {
    self.order = order
    self.pattern = pattern
  }

  /// A strftime-like pattern: `%Y`, `%m` and `%d` once each, separated by
  /// the same `-`, `/` or `.` — `%Y-%m-%d`, `%Y/%m/%d`, `%d/%m/%Y`,
  /// `%m/%d/%Y`, `%d.%m.%Y`, `%d-%m-%Y`, … `nil` for anything else.
  public init?(pattern: String) {
    let chars = Array(pattern)
    guard chars.count == 8, chars[0] == "%", chars[3] == "%", chars[6] == "%", chars[2] == chars[5],
      "-/.".contains(chars[2])
    else { return nil }
    switch String([chars[1], chars[4], chars[7]]) {
    case "Ymd": order = .yearFirst
    case "dmY": order = .dayFirst
    case "mdY": order = .monthFirst
    default: return nil
    }
    self.pattern = pattern
  }

  /// Formats `--date-format` accepts, for messages.
  public static let examples = "%Y-%m-%d, %d/%m/%Y, %m/%d/%Y, %d.%m.%Y"

  public var description: String { pattern }

  /// Year, month and day of a valid date written in this format.
  @inline(__always)
  public func parseComponents(_ bytes: UnsafeBufferPointer<UInt8>) -> (year: Int, month: Int, day: Int)? {
    if let ymd = DateParser.parseComponents(bytes) { return ymd }
    guard order != .yearFirst, let d = DateParser.dayMonthParts(bytes) else { return nil }
    return order == .dayFirst ? DateParser.valid(d.year, d.b, d.a) : DateParser.valid(d.year, d.a, d.b)
  }

  /// The day of a date written in this format.
  public func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> CalendarDay? {
    parseComponents(bytes).flatMap { CalendarDay(year: $0.year, month: $0.month, day: $0.day) }
  }
}

/// What the values of a date column say about day-first versus month-first:
/// counts of values that can only be day-first (`16/09/2012`), only
/// month-first (`09/16/2012`), or either (`05/01/2012`), with the first
/// examples. Year-first values and non-dates are not counted.
public struct DateEvidence: Sendable, Equatable {
  public struct Example: Sendable, Equatable {
    public var line: Int
    public var text: String
  }

  public var dayFirstOnly = 0
  public var monthFirstOnly = 0
  /// Either reading gives a valid date (day and month both ≤ 12).
  public var ambiguous = 0
  /// Ambiguous values written with dots (`01.05.2012`).
  public var ambiguousDotted = 0
  public var dayFirstExample: Example?
  public var monthFirstExample: Example?
  /// Up to 3 ambiguous values.
  public var ambiguousExamples: [Example] = []

  public init() {}

  /// No value was written day-first or month-first.
  public var isEmpty: Bool { dayFirstOnly + monthFirstOnly + ambiguous == 0 }

  /// Classifies one value (`line` for the examples).
  public mutating func add(_ bytes: UnsafeBufferPointer<UInt8>, line: Int) {
    guard let d = DateParser.dayMonthParts(bytes) else { return }
    let asDayFirst = DateParser.valid(d.year, d.b, d.a) != nil
    let asMonthFirst = DateParser.valid(d.year, d.a, d.b) != nil
    func example() -> Example {
      let s = String(decoding: bytes, as: UTF8.self).trimmingSpaces
      return Example(line: line, text: s.count > 40 ? String(s.prefix(40)) + "…" : s)
    }
    switch (asDayFirst, asMonthFirst) {
    case (true, true):
      ambiguous += 1
      if d.separator == 0x2E { ambiguousDotted += 1 }
      if ambiguousExamples.count < 3 { ambiguousExamples.append(example()) }
    case (true, false):
      dayFirstOnly += 1
      if dayFirstExample == nil { dayFirstExample = example() }
    case (false, true):
      monthFirstOnly += 1
      if monthFirstExample == nil { monthFirstExample = example() }
    case (false, false): break
    }
  }

  public mutating func add(_ text: String, line: Int) {
    var bytes = Array(text.utf8)
    bytes.withUnsafeMutableBufferPointer { add(UnsafeBufferPointer($0), line: line) }
  }

  /// Lines of a chunk made absolute.
  public mutating func shiftLines(by base: Int) {
    dayFirstExample?.line += base
    monthFirstExample?.line += base
    for i in ambiguousExamples.indices { ambiguousExamples[i].line += base }
  }

  /// Adds a later part of the column.
  public mutating func absorb(_ o: DateEvidence) {
    dayFirstOnly += o.dayFirstOnly
    monthFirstOnly += o.monthFirstOnly
    ambiguous += o.ambiguous
    ambiguousDotted += o.ambiguousDotted
    dayFirstExample = dayFirstExample ?? o.dayFirstExample
    monthFirstExample = monthFirstExample ?? o.monthFirstExample
    ambiguousExamples = Array((ambiguousExamples + o.ambiguousExamples).prefix(3))
  }

  /// This evidence with another part's added.
  public func absorbing(_ o: DateEvidence) -> DateEvidence {
    var r = self
    r.absorb(o)
    return r
  }

  /// What the evidence decides.
  public enum Decision: Sendable, Equatable {
    /// No day-first or month-first value: year-first.
    case yearFirst
    /// Read with this format, for this reason.
    case format(DateFormat, basis: String)
    /// Every such value reads either way (and not all are dotted).
    case ambiguous
    /// Some values can only be day-first, others only month-first.
    case mixed
  }

  /// Day-first when some value can only be day-first and none only
  /// month-first; likewise month-first; dotted values that all read either
  /// way are day-first by convention (`d.m.Y`).
  public var decision: Decision {
    if isEmpty { return .yearFirst }
    if dayFirstOnly > 0 && monthFirstOnly > 0 { return .mixed }
    if let e = dayFirstExample, monthFirstOnly == 0 {
      return .format(
        DateFormat(order: .dayFirst, pattern: "%d\(e.separator)%m\(e.separator)%Y"),
        basis: "'\(e.text)' (line \(e.line)) can only be day-first and no value contradicts it")
    }
    if let e = monthFirstExample {
      return .format(
        DateFormat(order: .monthFirst, pattern: "%m\(e.separator)%d\(e.separator)%Y"),
        basis: "'\(e.text)' (line \(e.line)) can only be month-first and no value contradicts it")
    }
    if ambiguousDotted == ambiguous {
      return .format(
        DateFormat(order: .dayFirst, pattern: "%d.%m.%Y"),
        basis: "dotted dates are read day-first by convention (d.m.Y) and no value contradicts it")
    }
    return .ambiguous
  }
}

extension DateEvidence.Example {
  /// The separator of the example (`/` when none is found).
  var separator: String {
    text.first { $0 == "/" || $0 == "-" || $0 == "." }.map(String.init) ?? "/"
  }
}
