import ImpactIngest

/// What one column of a survey export holds, counted over every record: plain
/// numbers by value, other texts by their trimmed text, and blanks. At most
/// ``limit`` distinct numbers and texts are kept; beyond that the column is
/// marked as having many values (it is then no Likert item).
struct ColumnCensus: Sendable, Equatable {
  static let limit = 64
  /// Plain numbers (as `NumberParser` reads them) by value.
  var numbers: [Double: Int] = [:]
  /// Other non-blank texts, trimmed of ASCII spaces, by text.
  var texts: [String: Int] = [:]
  var blank = 0
  /// More than `limit` distinct numbers or texts were seen.
  var many = false
  /// Numbers and texts not kept because of the limit.
  var uncounted = 0

  /// Counts one field (numbers written with `decimalMark`, `.` or `,`).
  mutating func add(_ f: UnsafeBufferPointer<UInt8>, decimalMark: UInt8 = 0x2E) {
    let r = NumberParser.parseNumber(f, decimalMark: decimalMark)
    switch r.kind {
    case .missing: blank += 1
    case .number:
      if numbers[r.value] != nil || numbers.count < Self.limit {
        numbers[r.value, default: 0] += 1
      } else {
        many = true
        uncounted += 1
      }
    case .invalid:
      let text = String(decoding: trimmed(f), as: UTF8.self)
      if texts[text] != nil || texts.count < Self.limit {
        texts[text, default: 0] += 1
      } else {
        many = true
        uncounted += 1
      }
    }
  }

  /// Adds another census (another chunk, or the other wave of a pair).
  mutating func merge(_ o: ColumnCensus) {
    blank += o.blank
    uncounted += o.uncounted
    many = many || o.many
    for (v, n) in o.numbers {
      if numbers[v] != nil || numbers.count < Self.limit { numbers[v, default: 0] += n } else { many = true }
    }
    for (t, n) in o.texts {
      if texts[t] != nil || texts.count < Self.limit { texts[t, default: 0] += n } else { many = true }
    }
  }

  /// Censuses of every column of `file`, read in one parallel pass. Records
  /// whose field count differs from the header's are skipped and counted.
  static func read(_ file: CSVFile) throws(IngestError) -> (columns: [ColumnCensus], rows: Int, skipped: Int) {
    let width = file.header.count
    let mark = file.decimalMark.byte
    struct State: Sendable {
      var columns: [ColumnCensus]
      var rows = 0
      var skipped = 0
    }
    let chunks = try file.scan(
      initial: { _ in State(columns: Array(repeating: ColumnCensus(), count: width)) },
      body: { (s: inout State, scanner: CSVScanner) throws(IngestError) in
        while try scanner.nextRecord() {
          if try file.widthProblem(scanner, policy: .skip) != nil {
            s.skipped += 1
            continue
          }
          s.rows += 1
          for c in 0..<width { s.columns[c].add(scanner.field(c), decimalMark: mark) }
        }
      })
    var columns = Array(repeating: ColumnCensus(), count: width)
    var rows = 0
    var skipped = 0
    for chunk in chunks {
      for c in 0..<width { columns[c].merge(chunk.state.columns[c]) }
      rows += chunk.state.rows
      skipped += chunk.state.skipped
    }
    return (columns, rows, skipped)
  }
}
