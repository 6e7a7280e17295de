/// How to read one indicator column of a survey export.
public struct SurveyColumnPlan: Sendable {
  /// Header position.
  public var index: Int
  /// Indicator id (for messages).
  public var name: String
  /// Number reading with this indicator's missing tokens and codes.
  public var parser: NumberParser
  /// Answer labels → scores (matched after trimming, ASCII case-insensitive),
  /// e.g. yes/no for binary indicators.
  public var labels: [String: Double]
  /// Declared scale; values outside it are excluded and counted.
  public var scale: ClosedRange<Double>?

  public init(
    index: Int, name: String, parser: NumberParser, labels: [String: Double] = [:], scale: ClosedRange<Double>?
  ) {
    self.index = index
    self.name = name
    self.parser = parser
    self.labels = labels
    self.scale = scale
  }
}

/// Per-indicator accounting of one wave.
public struct IndicatorTally: Sendable, Equatable {
  /// Values used.
  public var valid = 0
  /// Blank, NA tokens, missing codes.
  public var missing = 0
  /// Text that is not a number or known label (treated as missing, counted).
  public var nonNumeric = 0
  /// Numbers outside the declared scale (treated as missing, counted).
  public var outOfScale = 0
  /// Most decimal places of a valid value, or `nil` when some value was not a
  /// plain decimal (then statistics use floating point).
  public var decimalScale: Int? = 0
  /// Smallest and largest valid value.
  public var minimum = Double.infinity
  public var maximum = -Double.infinity
  /// First examples of non-numeric and out-of-scale values (line, text).
  public var nonNumericExamples: [ValueProblem] = []
  public var outOfScaleExamples: [ValueProblem] = []

  mutating func merge(_ o: IndicatorTally, lineBase: Int) {
    valid += o.valid
    missing += o.missing
    nonNumeric += o.nonNumeric
    outOfScale += o.outOfScale
    if let a = decimalScale, let b = o.decimalScale { decimalScale = max(a, b) } else { decimalScale = nil }
    minimum = min(minimum, o.minimum)
    maximum = max(maximum, o.maximum)
    for e in o.nonNumericExamples where nonNumericExamples.count < 5 {
      nonNumericExamples.append(ValueProblem(line: e.line + lineBase, column: e.column, text: e.text))
    }
    for e in o.outOfScaleExamples where outOfScaleExamples.count < 5 {
      outOfScaleExamples.append(ValueProblem(line: e.line + lineBase, column: e.column, text: e.text))
    }
  }
}

/// One wave of a survey read for paired analysis: respondent ids, group keys
/// and the indicator answers as a row-major matrix (NaN marks an answer that
/// is missing, not a number, or outside the scale — each counted in `tallies`).
///
/// The matrix is internal working storage; NaN never reaches an output.
public struct SurveyWave: Sendable {
  /// Rows read (respondents, before any exclusion).
  public var rows: Int { ids.count }
  /// Physical line of each row.
  public var lines: [Int32]
  /// Id code per row (−1: blank id), into `idKeys`.
  public var ids: [Int32]
  public var idKeys: KeyInterner
  /// Per group column: code per row (−1: blank) and the distinct values.
  public var groups: [[Int32]]
  public var groupKeys: [KeyInterner]
  /// Indicators per row.
  public var width: Int
  /// Row-major answers, `rows × width`.
  public var values: [Double]
  public var tallies: [IndicatorTally]
  public var skippedRows: Int
  public var skippedExamples: [RowProblem]

  /// Reads a wave in one parallel pass.
  public static func read(
    _ file: CSVFile, idColumn: Int, indicators: [SurveyColumnPlan], groupColumns: [Int],
    onBadRow: BadRowPolicy = .fail
  ) throws(IngestError) -> SurveyWave {
    let width = indicators.count
    let headerWidth = file.header.count
    let idName = file.header[idColumn]
    struct State: Sendable {
      var lines: [Int32] = []
      var ids = KeyBuilder()
      var groups: [KeyBuilder]
      var values: [Double] = []
      var tallies: [IndicatorTally]
      var skipped = 0
      var skippedExamples: [RowProblem] = []
    }
    let chunks = try file.scan(
      initial: { _ in
        State(
          groups: groupColumns.map { _ in KeyBuilder() },
          tallies: indicators.map { _ in IndicatorTally() })
      },
      body: { (s: inout State, scanner: CSVScanner) throws(IngestError) in
        while try scanner.nextRecord() {
          if scanner.fieldCount != headerWidth {
            let message = "expected \(headerWidth) fields as in the header, found \(scanner.fieldCount)"
            if onBadRow == .fail {
              throw IngestError(
                .structure, file: file.path, line: scanner.recordLine,
                message: message
                  + (scanner.fieldCount < headerWidth
                    ? " (a short or truncated row)"
                    : " (an extra delimiter or an unquoted field containing the delimiter)"),
                hint:
                  "fix the row, quote fields that contain the delimiter, or rerun with --on-bad-row skip to skip such rows (they are counted and listed)"
              )
            }
            s.skipped += 1
            if s.skippedExamples.count < 20 {
              s.skippedExamples.append(RowProblem(line: scanner.recordLine, message: message))
            }
            continue
          }
          s.lines.append(Int32(truncatingIfNeeded: scanner.recordLine))
          try s.ids.append(
            scanner.field(idColumn), line: scanner.recordLine, file: file.path, column: idColumn, name: idName)
          for g in 0..<groupColumns.count {
            let c = groupColumns[g]
            try s.groups[g].append(
              scanner.field(c), line: scanner.recordLine, file: file.path, column: c, name: file.header[c])
          }
          for j in 0..<width {
            let plan = indicators[j]
            let f = scanner.field(plan.index)
            s.values.append(read(f, plan: plan, tally: &s.tallies[j], line: scanner.recordLine))
          }
        }
      })
    var wave = SurveyWave(
      lines: [], ids: [], idKeys: KeyInterner(), groups: groupColumns.map { _ in [] },
      groupKeys: groupColumns.map { _ in KeyInterner() }, width: width, values: [],
      tallies: indicators.map { _ in IndicatorTally() }, skippedRows: 0, skippedExamples: [])
    var idBuilder = KeyBuilder()
    var groupBuilders = groupColumns.map { _ in KeyBuilder() }
    let total = chunks.reduce(0) { $0 + $1.state.lines.count }
    wave.lines.reserveCapacity(total)
    wave.values.reserveCapacity(total * width)
    for c in chunks {
      let base = Int32(c.lineBase)
      wave.lines.append(contentsOf: c.state.lines.map { $0 + base })
      idBuilder.merge(c.state.ids)
      for g in 0..<groupColumns.count { groupBuilders[g].merge(c.state.groups[g]) }
      wave.values.append(contentsOf: c.state.values)
      for j in 0..<width { wave.tallies[j].merge(c.state.tallies[j], lineBase: c.lineBase) }
      wave.skippedRows += c.state.skipped
      for e in c.state.skippedExamples where wave.skippedExamples.count < 20 {
        wave.skippedExamples.append(RowProblem(line: e.line + c.lineBase, message: e.message))
      }
    }
    wave.ids = idBuilder.codes
    wave.idKeys = idBuilder.interner
    wave.groups = groupBuilders.map(\.codes)
    wave.groupKeys = groupBuilders.map(\.interner)
    return wave
  }

  @inline(__always)
  private static func read(
    _ f: UnsafeBufferPointer<UInt8>, plan: SurveyColumnPlan, tally: inout IndicatorTally, line: Int
  ) -> Double {
    var r = plan.parser.parse(f)
    if r.kind == .invalid, !plan.labels.isEmpty, let v = plan.labels[normalizedLabel(f)] {
      r = .number(v, scale: 0)
    }
    switch r.kind {
    case .missing:
      tally.missing += 1
      return .nan
    case .invalid:
      tally.nonNumeric += 1
      if tally.nonNumericExamples.count < 5 {
        tally.nonNumericExamples.append(
          ValueProblem(line: line, column: plan.name, text: String(decoding: f, as: UTF8.self)))
      }
      return .nan
    case .number:
      let v = r.value
      if let s = plan.scale, !s.contains(v) {
        tally.outOfScale += 1
        if tally.outOfScaleExamples.count < 5 {
          tally.outOfScaleExamples.append(
            ValueProblem(line: line, column: plan.name, text: String(decoding: f, as: UTF8.self)))
        }
        return .nan
      }
      tally.valid += 1
      if r.scale < 0 || v.magnitude > 4e15 {
        tally.decimalScale = nil
      } else if let d = tally.decimalScale, Int(r.scale) > d {
        tally.decimalScale = Int(r.scale)
      }
      if v < tally.minimum { tally.minimum = v }
      if v > tally.maximum { tally.maximum = v }
      return v
    }
  }
}

/// A label as matched against codebook answer labels: trimmed, ASCII
/// lower-cased.
func normalizedLabel(_ f: UnsafeBufferPointer<UInt8>) -> String {
  String(decoding: trimmed(f).map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
}
