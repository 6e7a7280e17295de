import Foundation

/// Mutations that keep an input's structure, for libFuzzer's custom mutator
/// hook (`LLVMFuzzerCustomMutator`, half of the mutations; the other half
/// are libFuzzer's byte-level ones): a value of a partial's JSON, a CSV
/// field, or a number in a workbook part list or a config. Byte flips rarely keep a partial's JSON
/// valid or a CSV field a number, so the bugs that need a well-formed file
/// with one hostile value (a short array, a count of −1, hours of 1e308)
/// are otherwise slow to reach.
public enum StructuredMutator {
  /// Extreme and edge values for numbers in partials.
  static var numbers: [Any] {
    [-1, 0, 1, 2, Int64.max, Int64.min, 9_007_199_254_740_993 as Int64, 1e308, -1e308, 5e-324, 99_999, -5]
  }
  /// Edge values for decimal-string sums (up to 128 bits) and other strings.
  static let strings = [
    "-1", "0", "", "x", "9223372036854775807", "-9223372036854775808", "170141183460469231731687303715884105727",
    "340282366920938463463374607431768211456", "1e308", "NaN",
  ]
  /// Field values that reach guards, limits and parsers in CSV files.
  static let fields = [
    "", "99", "-9", "NA", "0", "-1", "1e308", "-1e308", "9223372036855", "1e19", "inf", "nan", "4,5", "0024-05-01",
    "2024-02-30", "9999-12-31", "05/01/2012", "09/16/2012", "01.05.2012", "2024年10月25日", "非常同意", "A.同意",
    "不知道", "\"", "\"\"", "a\"b", "\"x\ny\"", "respondent_id", "volunteer_id", "date", "hours", "weight",
  ]

  /// A mutation of `data` for `target`, or `nil` to leave it to libFuzzer.
  public static func mutate(_ data: [UInt8], target: FuzzTarget, seed: UInt32, maxSize: Int) -> [UInt8]? {
    var rng = Generator(seed: UInt64(seed))
    let out: [UInt8]?
    switch target {
    case .partial: out = mutatePartial(data, &rng)
    case .csv: out = mutateCSV(data, &rng)
    case .xlsx: out = data.starts(with: WorkbookFuzzTarget.partMarker) ? mutateDigits(data, &rng) : nil
    case .config: out = mutateDigits(data, &rng)
    }
    guard let out, out.count <= maxSize, out != data else { return nil }
    return out
  }

  // MARK: - Partials (JSON)

  /// One value of one of the files changed: a number or numeric string to an
  /// edge value, an array shortened, emptied or lengthened, a key removed.
  static func mutatePartial(_ data: [UInt8], _ rng: inout Generator) -> [UInt8]? {
    var parts = FuzzInput.split(data[...], limit: 3).map { Array($0) }
    let k = rng.below(parts.count)
    guard let json = try? JSONSerialization.jsonObject(with: Data(parts[k]), options: [.fragmentsAllowed]) else {
      return nil
    }
    var count = 0
    countNodes(json, &count)
    guard count > 0 else { return nil }
    var target = rng.below(count)
    let changed = change(json, &target, &rng)
    guard
      let bytes = try? JSONSerialization.data(withJSONObject: changed, options: [.sortedKeys, .fragmentsAllowed])
    else { return nil }
    parts[k] = Array(bytes)
    return Array(parts.joined(separator: FuzzInput.separator))
  }

  static func countNodes(_ v: Any, _ n: inout Int) {
    n += 1
    if let a = v as? [Any] {
      for x in a { countNodes(x, &n) }
    } else if let d = v as? [String: Any] {
      for x in d.values { countNodes(x, &n) }
    }
  }

  /// `v` with node number `index` (pre-order) changed.
  static func change(_ v: Any, _ index: inout Int, _ rng: inout Generator) -> Any {
    if index == 0 {
      index = -1
      return changed(v, &rng)
    }
    index -= 1
    if let a = v as? [Any] {
      return a.map { x in index < 0 ? x : change(x, &index, &rng) }
    }
    if let d = v as? [String: Any] {
      var out: [String: Any] = [:]
      for key in d.keys.sorted() {
        guard let x = d[key] else { continue }
        out[key] = index < 0 ? x : change(x, &index, &rng)
      }
      return out
    }
    return v
  }

  static func changed(_ v: Any, _ rng: inout Generator) -> Any {
    if var a = v as? [Any] {
      switch rng.below(4) {
      case 0: if !a.isEmpty { a.removeLast() }
      case 1: a = []
      case 2: if let first = a.first { a.append(first) }
      default: if a.count > 1 { a.swapAt(0, a.count - 1) }
      }
      return a
    }
    if var d = v as? [String: Any] {
      let keys = d.keys.sorted()
      if !keys.isEmpty { d[keys[rng.below(keys.count)]] = nil }
      return d
    }
    if v is String { return strings[rng.below(strings.count)] }
    if let n = v as? NSNumber, rng.below(3) == 0 { return n.doubleValue * 2 + 1 }
    return numbers[rng.below(numbers.count)]
  }

  // MARK: - CSV

  /// One field of the input (after its option byte) replaced by an edge
  /// value, or one record duplicated.
  static func mutateCSV(_ data: [UInt8], _ rng: inout Generator) -> [UInt8]? {
    guard data.count > 1 else { return nil }
    var starts = [1]
    for i in 1..<data.count where [0x2C, 0x3B, 0x09, 0x0A].contains(data[i]) { starts.append(i + 1) }
    let s = starts[rng.below(starts.count)]
    var e = s
    while e < data.count && ![0x2C, 0x3B, 0x09, 0x0A, 0x0D].contains(data[e]) { e += 1 }
    if rng.below(5) == 0 {
      // Duplicate the record holding the field (a duplicate id, a repeated row).
      var ls = s
      while ls > 1 && data[ls - 1] != 0x0A { ls -= 1 }
      var le = e
      while le < data.count && data[le] != 0x0A { le += 1 }
      let line = Array(data[ls..<min(le + 1, data.count)])
      return Array(data[..<ls]) + line + (line.last == 0x0A ? [] : [0x0A]) + Array(data[ls...])
    }
    let value = Array(fields[rng.below(fields.count)].utf8)
    return Array(data[..<s]) + value + Array(data[e...])
  }

  // MARK: - Numbers in text (sheet XML of part lists, YAML)

  /// Edge values for numbers in sheet XML (row and column indexes, cell
  /// values, style and string indexes) and in configs.
  static let digitRuns = [
    "0", "1", "2", "99", "999999999999", "1048576", "1048577", "16384", "16385", "4294967296", "9223372036854775807",
    "18446744073709551616", "1e308", "-1", "3.5",
  ]

  /// One run of ASCII digits replaced by an edge value.
  static func mutateDigits(_ data: [UInt8], _ rng: inout Generator) -> [UInt8]? {
    var runs: [Range<Int>] = []
    var i = 0
    while i < data.count {
      guard (0x30...0x39).contains(data[i]) else {
        i += 1
        continue
      }
      var j = i
      while j < data.count && (0x30...0x39).contains(data[j]) { j += 1 }
      runs.append(i..<j)
      i = j
    }
    guard !runs.isEmpty else { return nil }
    let run = runs[rng.below(runs.count)]
    return Array(data[..<run.lowerBound]) + Array(digitRuns[rng.below(digitRuns.count)].utf8)
      + Array(data[run.upperBound...])
  }

  /// SplitMix64: a small seeded generator (the mutation depends only on
  /// libFuzzer's seed).
  struct Generator {
    var state: UInt64
    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }
    mutating func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { n <= 1 ? 0 : Int(next() % UInt64(n)) }
  }
}
