import ImpactCore

/// A streaming profile of a CSV file: encoding, delimiter, row count, and per
/// column the inferred type, missing count and range. `impact inspect`
/// prints it.
public struct FileProfile: Sendable {
  /// The path as given.
  public var path: String
  /// Size of the original file in bytes.
  public var bytes: Int
  /// Detected (or forced) encoding.
  public var encoding: TextEncoding
  /// Detected (or forced) delimiter.
  public var delimiter: UInt8
  /// Data rows (records after the header, blank lines excluded).
  public var rows: Int
  /// Blank lines skipped.
  public var blankLines: Int
  /// Rows whose number of fields differs from the header's.
  public var raggedRows: Int
  /// First ragged rows: line and number of fields.
  public var raggedExamples: [(line: Int, fields: Int)]
  /// One profile per header column.
  public var columns: [ColumnProfile]
  /// Whether the values were profiled (`false`: only the structure was
  /// read — rows, blank lines, ragged rows — and `columns` hold names only).
  public var valuesProfiled = true

  /// Reads the whole file once (in parallel chunks) and profiles it.
  ///
  /// - Parameter values: `false` reads only the structure (every record is
  ///   still parsed and checked: quotes, NUL bytes, field counts), not the
  ///   values.
  /// - Complexity: one pass; memory independent of the file size.
  public static func inspect(_ file: CSVFile, missing: MissingTokens = MissingTokens(), values: Bool = true)
    throws(IngestError) -> FileProfile
  {
    struct State: Sendable {
      var rows = 0
      var ragged = 0
      var raggedExamples: [(line: Int, fields: Int)] = []
      var columns: [ColumnProfile]
    }
    let header = file.header
    let width = header.count
    let parser = file.numberParser(missing: missing)
    let chunks = try file.scan(
      initial: { _ in State(columns: header.map { ColumnProfile(name: $0) }) },
      body: { (state: inout State, scanner: CSVScanner) throws(IngestError) in
        while try scanner.nextRecord() {
          state.rows += 1
          let nf = scanner.fieldCount
          if nf != width {
            state.ragged += 1
            if state.raggedExamples.count < 20 { state.raggedExamples.append((scanner.recordLine, nf)) }
          }
          guard values else { continue }
          let m = min(nf, width)
          for k in 0..<m {
            let f = scanner.field(k)
            profile(&state.columns[k], field: f, parser: parser, scanner: scanner, k: k)
          }
          if m < width { for k in m..<width { state.columns[k].missing += 1 } }
        }
      })
    var columns = header.map { ColumnProfile(name: $0) }
    var rows = 0
    var ragged = 0
    var examples: [(line: Int, fields: Int)] = []
    var blank = 0
    for chunk in chunks {
      rows += chunk.state.rows
      ragged += chunk.state.ragged
      blank += chunk.blankLines
      for e in chunk.state.raggedExamples where examples.count < 20 {
        examples.append((e.line + chunk.lineBase, e.fields))
      }
      for k in 0..<width {
        var c = chunk.state.columns[k]
        if let l = c.firstTextLine { c.firstTextLine = l + chunk.lineBase }
        columns[k].merge(c)
      }
    }
    return FileProfile(
      path: file.path, bytes: file.originalSize, encoding: file.encoding, delimiter: file.delimiter, rows: rows,
      blankLines: blank, raggedRows: ragged, raggedExamples: examples, columns: columns, valuesProfiled: values)
  }
}

@inline(__always)
private func profile(
  _ c: inout ColumnProfile, field f: UnsafeBufferPointer<UInt8>, parser: NumberParser, scanner: CSVScanner, k: Int
) {
  if f.count > c.maxBytes { c.maxBytes = f.count }
  let r = parser.parse(f)
  switch r.kind {
  case .missing:
    c.missing += 1
  case .number:
    c.present += 1
    c.numericCount += 1
    c.numericSum.add(r.value)
    if r.value < c.numericMin { c.numericMin = r.value }
    if r.value > c.numericMax { c.numericMax = r.value }
    if r.value == r.value.rounded() && r.scale <= 0 && r.value.magnitude < 1e18 {
      c.integers += 1
    } else {
      c.decimals += 1
    }
    if r.scale < 0 { c.maxScale = -1 } else if c.maxScale >= 0 { c.maxScale = max(c.maxScale, Int(r.scale)) }
  case .invalid:
    c.present += 1
    if let d = DateParser.parse(f) {
      c.dates += 1
      c.firstDate = min(c.firstDate ?? d, d)
      c.lastDate = max(c.lastDate ?? d, d)
    } else if isBoolean(f) {
      c.booleans += 1
    } else {
      c.texts += 1
      if c.firstText == nil {
        if let s = String(validating: f, as: UTF8.self) {
          c.firstText = s.count > 40 ? String(s.prefix(40)) + "…" : s
        } else {
          c.firstText = "(invalid UTF-8)"
        }
        c.firstTextLine = scanner.recordLine
      }
    }
    if !isASCII(f) && !isWellFormedUTF8(f) { c.invalidUTF8 += 1 }
  }
}

private let booleanWords: [[UInt8]] = ["true", "false", "yes", "no"].map { Array($0.utf8) }

private func isBoolean(_ f: UnsafeBufferPointer<UInt8>) -> Bool {
  outer: for w in booleanWords where w.count == f.count {
    for k in 0..<w.count where (f[k] | 0x20) != w[k] { continue outer }
    return true
  }
  return false
}
