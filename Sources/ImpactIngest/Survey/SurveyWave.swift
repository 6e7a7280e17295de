public import ImpactCore

/// How to read one indicator column of a survey export.
///
/// Plain numbers inside the scale are read on the fast path of
/// `SurveyWave.read`. Any other field is resolved once per distinct text and
/// column chunk (see ``AnswerText``), in this order:
///
/// 0. a plain number (a numeric missing code → missing), a blank or a missing
///    token as written → as `NumberParser` reads it;
/// 1. its key is empty or a missing code (the defaults NA, N/A, NULL, -, NaN,
///    #N/A and the indicator's codes, compared as keys) → missing;
/// 2. its key is a label → the label's score;
/// 3. its key is a number ("５" → 5): a numeric missing code → missing,
///    otherwise the number (then checked against the scale);
/// 4. its key is a number with a unit ("5分", "5 points", "5pt") and the
///    indicator has a scale containing the number → the number;
/// 5. its key has an option prefix ("A.", "A、", "(A)", "A)", "A:", "A ") and
///    the rest is a label or a missing code → that score, or missing;
/// 6. otherwise `unmatchedLabel` when the indicator declares labels, else
///    `nonNumeric` — both counted and listed, never treated as missing.
public struct SurveyColumnPlan: Sendable {
  /// Header position.
  public var index: Int
  /// Indicator id (for messages).
  public var name: String
  /// The settings of the slow path, shared by copies: a plan is copied per
  /// field that leaves the fast path, so it holds one reference.
  private(set) var matcher: AnswerMatcher

  /// Number reading with this indicator's missing tokens and codes.
  public var parser: NumberParser {
    get { matcher.parser }
    set { matcher = matcher.with(parser: newValue, scale: scale) }
  }
  /// Declared scale; values outside it are excluded and counted.
  public var scale: ClosedRange<Double>? {
    get { matcher.scale }
    set { matcher = matcher.with(parser: parser, scale: newValue) }
  }
  /// Largest magnitude of an answer when no scale is declared: anything
  /// larger (an id or a phone number in an answer column, 1e308) is counted
  /// as out of range, never averaged — sums of such values overflow.
  public static let magnitudeLimit = 1e15

  /// The values accepted: the declared scale, else ±``magnitudeLimit``.
  public var acceptedRange: ClosedRange<Double> { scale ?? -Self.magnitudeLimit...Self.magnitudeLimit }

  /// Answer labels by key (``AnswerText/normalize(_:)``) → score: the declared
  /// labels over the built-in ones (yes/no of binary indicators).
  public var labels: [String: ParsedNumber] { matcher.labels }
  /// Whether labels were declared (codebook `labels:` or `scale_ref:`): text
  /// matching none of them is then an unmatched label, not a non-number.
  public var declaresLabels: Bool { matcher.declaresLabels }

  /// - Parameters:
  ///   - labels: declared answer labels (matched as keys; they win over
  ///     `builtInLabels` with the same key).
  ///   - builtInLabels: labels that are always understood (binary yes/no);
  ///     they do not make unmatched text an unmatched label.
  public init(
    index: Int, name: String, parser: NumberParser, labels: [AnswerLabel] = [], builtInLabels: [AnswerLabel] = [],
    scale: ClosedRange<Double>?
  ) {
    self.index = index
    self.name = name
    var map: [String: ParsedNumber] = [:]
    for l in builtInLabels { map[AnswerText.normalize(l.text)] = .number(l.score, scale: l.decimals) }
    for l in labels { map[AnswerText.normalize(l.text)] = .number(l.score, scale: l.decimals) }
    matcher = AnswerMatcher(parser: parser, labels: map, declared: !labels.isEmpty, scale: scale)
  }
}

/// The immutable slow-path settings of one indicator column.
final class AnswerMatcher: Sendable {
  let parser: NumberParser
  let labels: [String: ParsedNumber]
  let declaresLabels: Bool
  let scale: ClosedRange<Double>?
  /// Keys of the missing-value texts.
  let missingKeys: Set<String>

  init(parser: NumberParser, labels: [String: ParsedNumber], declared: Bool, scale: ClosedRange<Double>?) {
    self.parser = parser
    self.labels = labels
    declaresLabels = declared
    self.scale = scale
    var keys: Set<String> = ["na", "n/a", "null", "-", "nan", "#n/a"]
    for t in parser.missing.textTokens { keys.insert(AnswerText.normalize(String(decoding: t, as: UTF8.self))) }
    missingKeys = keys
  }

  /// The same labels with another parser or scale.
  func with(parser: NumberParser, scale: ClosedRange<Double>?) -> AnswerMatcher {
    AnswerMatcher(parser: parser, labels: labels, declared: declaresLabels, scale: scale)
  }

  /// Any field: a plain number (a missing code → missing), a missing token,
  /// else the text rules.
  func outcome(_ f: UnsafeBufferPointer<UInt8>) -> AnswerOutcome {
    let r = parser.parse(f)
    switch r.kind {
    case .number: return .number(r.value, scale: r.scale)
    case .missing: return .missing
    case .invalid: return text(f)
    }
  }

  func text(_ f: UnsafeBufferPointer<UInt8>) -> AnswerOutcome {
    let key = normalizedLabel(f)
    if key.isEmpty || missingKeys.contains(key) { return .missing }
    if let v = labels[key] { return .number(v.value, scale: v.scale) }
    let n = AnswerText.number(key)
    if n.kind == .number {
      return parser.missing.numericCodes.contains(n.value) ? .missing : .number(n.value, scale: n.scale)
    }
    if let u = AnswerText.numberWithUnit(key), let s = scale, s.contains(u.value) {
      return .number(u.value, scale: u.scale)
    }
    if let rest = AnswerText.strippingOptionPrefix(key) {
      if let v = labels[rest] { return .number(v.value, scale: v.scale) }
      if missingKeys.contains(rest) { return .missing }
    }
    return declaresLabels ? .unmatchedLabel : .nonNumeric
  }
}

/// Per-indicator accounting of one wave.
public struct IndicatorTally: Sendable, Equatable {
  /// Values used.
  public var valid = 0
  /// Blank, NA tokens, missing codes.
  public var missing = 0
  /// Text that is not a number, and the indicator declares no labels
  /// (excluded, counted).
  public var nonNumeric = 0
  /// Text that matches none of the indicator's declared labels (excluded,
  /// counted).
  public var unmatchedLabel = 0
  /// Numbers outside the declared scale, or beyond ±1e15 without one
  /// (treated as missing, counted).
  public var outOfScale = 0
  /// Most decimal places of a valid value, or `nil` when some value was not a
  /// plain decimal (then statistics use floating point).
  public var decimalScale: Int? = 0
  /// Smallest and largest valid value.
  public var minimum = Double.infinity
  public var maximum = -Double.infinity
  /// Smallest and largest number outside the declared scale.
  public var outOfScaleMinimum = Double.infinity
  public var outOfScaleMaximum = -Double.infinity
  /// First examples of non-numeric, unmatched-label and out-of-scale values
  /// (line, text).
  public var nonNumericExamples: [ValueProblem] = []
  public var unmatchedLabelExamples: [ValueProblem] = []
  public var outOfScaleExamples: [ValueProblem] = []
  /// Working memo of the text answers of one chunk (ignored by `==`).
  var answerCache = AnswerCache()

  public init() {}

  mutating func merge(_ o: IndicatorTally, lineBase: Int) {
    valid += o.valid
    missing += o.missing
    nonNumeric += o.nonNumeric
    unmatchedLabel += o.unmatchedLabel
    outOfScale += o.outOfScale
    if let a = decimalScale, let b = o.decimalScale { decimalScale = max(a, b) } else { decimalScale = nil }
    minimum = min(minimum, o.minimum)
    maximum = max(maximum, o.maximum)
    outOfScaleMinimum = min(outOfScaleMinimum, o.outOfScaleMinimum)
    outOfScaleMaximum = max(outOfScaleMaximum, o.outOfScaleMaximum)
    for e in o.nonNumericExamples where nonNumericExamples.count < 5 {
      nonNumericExamples.append(ValueProblem(line: e.line + lineBase, column: e.column, text: e.text))
    }
    for e in o.unmatchedLabelExamples where unmatchedLabelExamples.count < 5 {
      unmatchedLabelExamples.append(ValueProblem(line: e.line + lineBase, column: e.column, text: e.text))
    }
    for e in o.outOfScaleExamples where outOfScaleExamples.count < 5 {
      outOfScaleExamples.append(ValueProblem(line: e.line + lineBase, column: e.column, text: e.text))
    }
  }

  /// The examples' lines passed through `row` (a workbook's line → sheet row).
  mutating func relocateExamples(_ row: (Int) -> Int) {
    func moved(_ e: [ValueProblem]) -> [ValueProblem] {
      e.map { ValueProblem(line: row($0.line), column: $0.column, text: $0.text) }
    }
    nonNumericExamples = moved(nonNumericExamples)
    unmatchedLabelExamples = moved(unmatchedLabelExamples)
    outOfScaleExamples = moved(outOfScaleExamples)
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
  /// Id code per row (−1: blank id). Codes below `idKeys.count` are ids of
  /// `idKeys`; with `knownIds`, `idKeys` is that interner and codes from
  /// `idKeys.count` on index `extraIdKeys` (ids not among the known ones).
  public var ids: [Int32]
  public var idKeys: KeyInterner
  public var extraIdKeys: KeyInterner

  /// The id with code `c`.
  public func idString(_ c: Int32) -> String {
    c < Int32(idKeys.count) ? idKeys.string(c) : extraIdKeys.string(c - Int32(idKeys.count))
  }

  /// Number of distinct id codes.
  public var idCount: Int { idKeys.count + extraIdKeys.count }
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
  /// - Parameter knownIds: resolve ids against these (e.g. the baseline's) so
  ///   the waves share codes without a separate join.
  public static func read(
    _ file: CSVFile, idColumn: Int, indicators: [SurveyColumnPlan], groupColumns: [Int],
    onBadRow: BadRowPolicy = .fail, knownIds: KeyInterner? = nil, allowEmpty: Bool = false
  ) throws(IngestError) -> SurveyWave {
    // Numbers are read with the file's decimal mark, on both paths.
    let mark = file.decimalMark
    let indicators = indicators.map { plan in
      var p = plan
      p.parser.decimalMark = mark
      return p
    }
    let markByte = mark.byte
    let width = indicators.count
    let idName = file.header[idColumn]
    struct State: Sendable {
      var lines: [Int32] = []
      var ids: KeyBuilder
      var groups: [KeyBuilder]
      var values: [Double] = []
      var tallies: [IndicatorTally]
      var skipped = 0
      var skippedExamples: [RowProblem] = []
    }
    // Flat per-column settings so the hot loop touches no reference-counted
    // state: plain numbers take the fast path; tokens, codes and labels the
    // slow one.
    let columnIndex = indicators.map(\.index)
    let lower = indicators.map(\.acceptedRange.lowerBound)
    let upper = indicators.map(\.acceptedRange.upperBound)
    // Numeric missing codes (99, -9) per column, flattened: checked with a
    // compare or two instead of hashing into a Set on every field.
    var starts: [Int] = []
    var flat: [Double] = []
    for plan in indicators {
      starts.append(flat.count)
      flat += plan.parser.missing.numericCodes.sorted()
    }
    starts.append(flat.count)
    let codeStart = starts
    let codes = flat
    // What a one-digit answer means, per column and digit (column j, digit d
    // at j·10 + d): a valid value, a numeric missing code, or neither (out
    // of the accepted range: the slow path counts it). The same decisions as
    // the general number path below, made once instead of per field.
    let digitKind: [DigitKind] = (0..<width).flatMap { j in
      (0...9).map { d -> DigitKind in
        let v = Double(d)
        if flat[starts[j]..<starts[j + 1]].contains(v) { return .missingCode }
        return v >= lower[j] && v <= upper[j] ? .valid : .slow
      }
    }
    var clock = PhaseClock()
    var chunks = try file.scan(
      initial: { _ in
        State(
          ids: KeyBuilder(known: knownIds), groups: groupColumns.map { _ in KeyBuilder() },
          tallies: indicators.map { _ in IndicatorTally() })
      },
      body: { (s: inout State, scanner: CSVScanner) throws(IngestError) in
        var values = s.values
        var lines = s.lines
        var ids = s.ids
        var tallies = s.tallies
        s.values = []
        s.lines = []
        s.tallies = []
        // Per-column counters in flat arrays (merged into the tallies below).
        var valid = [Int](repeating: 0, count: width)
        var scales = [Int](repeating: 0, count: width)
        var plain = [Bool](repeating: true, count: width)
        var lows = [Double](repeating: .infinity, count: width)
        var highs = [Double](repeating: -.infinity, count: width)
        // Valid one-digit answers seen, as a bit per digit (their minimum and
        // maximum are folded into lows/highs at the end of the chunk), and
        // the answers of up to `batchRows` rows, appended to `values` at
        // once: plain scratch memory, so writes in the loop below carry no
        // copy-on-write checks.
        let batchRows = 64
        let digits = UnsafeMutablePointer<UInt16>.allocate(capacity: max(width, 1))
        digits.initialize(repeating: 0, count: max(width, 1))
        let batch = UnsafeMutablePointer<Double>.allocate(capacity: max(width * batchRows, 1))
        batch.initialize(repeating: 0, count: max(width * batchRows, 1))
        var batched = 0
        defer {
          digits.deallocate()
          batch.deallocate()
        }
        defer {
          for j in 0..<width where digits[j] != 0 {
            lows[j] = min(lows[j], Double(digits[j].trailingZeroBitCount))
            highs[j] = max(highs[j], Double(15 - digits[j].leadingZeroBitCount))
          }
          for j in 0..<width {
            tallies[j].valid += valid[j]
            if !plain[j] { tallies[j].decimalScale = nil }
            if let d = tallies[j].decimalScale { tallies[j].decimalScale = max(d, scales[j]) }
            tallies[j].minimum = min(tallies[j].minimum, lows[j])
            tallies[j].maximum = max(tallies[j].maximum, highs[j])
          }
          s.values = values
          s.lines = lines
          s.ids = ids
          s.tallies = tallies
        }
        var reserved = false
        let firstOffset = scanner.endOffset
        while try scanner.nextRecord() {
          if !reserved && lines.count == 512 {
            // Size the arrays from the first rows' length: no regrowth later.
            reserved = true
            let perRow = max(1, (scanner.recordOffset - firstOffset) / 512)
            let rows = scanner.rangeBytes / perRow + 1024
            // The first chunk's arrays become the wave's: sized for the whole
            // file (capacity never touched costs no memory), joining the
            // chunks appends to them instead of copying them.
            let first = firstOffset <= file.dataStart
            let fileRows = (file.size - firstOffset) / perRow
            let capacity = first ? max(rows, fileRows + fileRows / 8 + 1024) : rows
            lines.reserveCapacity(capacity)
            values.reserveCapacity(capacity * width)
            // Likewise the first chunk's id table, for the whole file: the
            // other chunks' ids are then absorbed without rehashing it.
            ids.reserve(rows: first ? fileRows + 1024 : rows)
          }
          if let problem = try file.widthProblem(scanner, policy: onBadRow) {
            s.skipped += 1
            if s.skippedExamples.count < 20 { s.skippedExamples.append(problem) }
            continue
          }
          lines.append(Int32(truncatingIfNeeded: scanner.recordLine))
          try ids.append(
            scanner.field(idColumn), line: scanner.recordLine, file: file.path, column: idColumn, name: idName)
          for g in 0..<groupColumns.count {
            let c = groupColumns[g]
            try s.groups[g].append(
              scanner.field(c), line: scanner.recordLine, file: file.path, column: c, name: file.header[c])
          }
          if batched == batchRows {
            values.append(contentsOf: UnsafeBufferPointer(start: batch, count: width * batched))
            batched = 0
          }
          let row = batch + width * batched
          batched += 1
          for j in 0..<width {
            let f = scanner.field(columnIndex[j])
            // One digit (most answers of a rating scale): the number itself,
            // as `parseNumber` reads it, classified by the table.
            let digit = f.count == 1 ? Int(f[0] &- 0x30) : 10
            if digit <= 9 {
              switch digitKind[j &* 10 &+ digit] {
              case .valid:
                valid[j] += 1
                digits[j] |= 1 << UInt16(digit)
                row[j] = Double(digit)
                continue
              case .missingCode:
                tallies[j].missing += 1
                row[j] = .nan
                continue
              case .slow: break
              }
            } else {
              let r = NumberParser.parseNumber(f, decimalMark: markByte)
              if r.kind == .number {
                let v = r.value
                var isCode = false
                for c in codeStart[j]..<codeStart[j + 1] where codes[c] == v { isCode = true }
                if isCode {
                  tallies[j].missing += 1
                  row[j] = .nan
                  continue
                }
                if v >= lower[j] && v <= upper[j] {
                  valid[j] += 1
                  if r.scale < 0 || v.magnitude > 4e15 {
                    plain[j] = false
                  } else if Int(r.scale) > scales[j] {
                    scales[j] = Int(r.scale)
                  }
                  if v < lows[j] { lows[j] = v }
                  if v > highs[j] { highs[j] = v }
                  row[j] = v
                  continue
                }
              }
            }
            row[j] = read(f, plan: indicators[j], tally: &tallies[j], line: scanner.recordLine)
          }
        }
        values.append(contentsOf: UnsafeBufferPointer(start: batch, count: width * batched))
        // Keys are interned in batches: finish this chunk's last one.
        try ids.flush(file: file.path, column: idColumn, name: idName)
        for g in 0..<groupColumns.count {
          try s.groups[g].flush(file: file.path, column: groupColumns[g], name: file.header[groupColumns[g]])
        }
      })
    var wave = SurveyWave(
      lines: [], ids: [], idKeys: KeyInterner(), extraIdKeys: KeyInterner(), groups: groupColumns.map { _ in [] },
      groupKeys: groupColumns.map { _ in KeyInterner() }, width: width, values: [],
      tallies: indicators.map { _ in IndicatorTally() }, skippedRows: 0, skippedExamples: [])
    clock.mark("  scan \(file.path)")
    var idBuilder = KeyBuilder(known: knownIds)
    var groupBuilders = groupColumns.map { _ in KeyBuilder() }
    let total = chunks.reduce(0) { $0 + $1.state.lines.count }
    // Move the big arrays and the key builders out of the chunks so each is
    // uniquely owned: the first chunk's become the wave's, and appending to
    // them (or absorbing the next chunk's keys) must not copy them.
    var parts: [AnswerMatrixJoin.Part] = []
    var keyParts: [(ids: KeyBuilder, groups: [KeyBuilder])] = []
    for i in chunks.indices {
      parts.append(
        AnswerMatrixJoin.Part(
          lines: chunks[i].state.lines, values: chunks[i].state.values, lineBase: Int32(chunks[i].lineBase)))
      keyParts.append((chunks[i].state.ids, chunks[i].state.groups))
      chunks[i].state.lines = []
      chunks[i].state.values = []
      chunks[i].state.ids = KeyBuilder()
      chunks[i].state.groups = []
    }
    // The answers are joined on another thread while this one merges the
    // keys (both are serial work between the parallel scans).
    let join = AnswerMatrixJoin(consume parts, rows: total, width: width)
    for i in keyParts.indices {
      let (ids, groups) = keyParts[i]
      keyParts[i] = (KeyBuilder(), [])
      idBuilder.merge(ids)
      for g in 0..<groupColumns.count { groupBuilders[g].merge(groups[g]) }
      let c = chunks[i]
      for j in 0..<width { wave.tallies[j].merge(c.state.tallies[j], lineBase: c.lineBase) }
      wave.skippedRows += c.state.skipped
      for e in c.state.skippedExamples where wave.skippedExamples.count < 20 {
        wave.skippedExamples.append(RowProblem(line: e.line + c.lineBase, message: e.message))
      }
    }
    (wave.lines, wave.values) = join.result()
    // In a workbook, examples name sheet rows (which differ from the copy's
    // lines after cells holding line breaks).
    if let sheet = file.workbookSheet {
      for j in 0..<width { wave.tallies[j].relocateExamples(sheet.rows.row(forLine:)) }
      wave.skippedExamples = wave.skippedExamples.map {
        RowProblem(line: sheet.rows.row(forLine: $0.line), message: $0.message)
      }
    }
    clock.mark("  merge chunks")
    if total == 0 && !allowEmpty {
      throw IngestError(
        .header, file: file.path, line: file.dataStartLine,
        message: "the file has a header but no data rows",
        hint: "export the survey again with its responses; a header-only file usually means an empty export")
    }
    wave.ids = idBuilder.finalCodes
    if let knownIds {
      wave.idKeys = knownIds
      wave.extraIdKeys = idBuilder.interner
    } else {
      wave.idKeys = idBuilder.interner
    }
    wave.groups = groupBuilders.map(\.codes)
    wave.groupKeys = groupBuilders.map(\.interner)
    return wave
  }

  /// The slow path: anything the fast path did not take (blanks, tokens,
  /// codes, labels, out-of-scale numbers, text), memoized per distinct text.
  private static func read(
    _ f: UnsafeBufferPointer<UInt8>, plan: SurveyColumnPlan, tally: inout IndicatorTally, line: Int
  ) -> Double {
    if f.isEmpty {
      tally.missing += 1
      return .nan
    }
    switch tally.answerCache.outcome(f, plan.matcher) {
    case .missing:
      tally.missing += 1
      return .nan
    case .nonNumeric:
      tally.nonNumeric += 1
      if tally.nonNumericExamples.count < 5 {
        tally.nonNumericExamples.append(
          ValueProblem(line: line, column: plan.name, text: String(decoding: f, as: UTF8.self)))
      }
      return .nan
    case .unmatchedLabel:
      tally.unmatchedLabel += 1
      if tally.unmatchedLabelExamples.count < 5 {
        tally.unmatchedLabelExamples.append(
          ValueProblem(line: line, column: plan.name, text: String(decoding: f, as: UTF8.self)))
      }
      return .nan
    case .number(let v, let scale):
      if !plan.acceptedRange.contains(v) {
        tally.outOfScale += 1
        tally.outOfScaleMinimum = min(tally.outOfScaleMinimum, v)
        tally.outOfScaleMaximum = max(tally.outOfScaleMaximum, v)
        if tally.outOfScaleExamples.count < 5 {
          tally.outOfScaleExamples.append(
            ValueProblem(line: line, column: plan.name, text: String(decoding: f, as: UTF8.self)))
        }
        return .nan
      }
      tally.valid += 1
      if scale < 0 || v.magnitude > 4e15 {
        tally.decimalScale = nil
      } else if let d = tally.decimalScale, Int(scale) > d {
        tally.decimalScale = Int(scale)
      }
      if v < tally.minimum { tally.minimum = v }
      if v > tally.maximum { tally.maximum = v }
      return v
    }
  }
}

/// What a one-digit answer of an indicator column is (``SurveyWave/read(_:idColumn:indicators:groupColumns:onBadRow:knownIds:allowEmpty:)``).
enum DigitKind: UInt8, Sendable {
  /// Inside the accepted range and not a missing code.
  case valid
  /// A numeric missing code (99 would not be one digit, but 0 or 9 may be).
  case missingCode
  /// Outside the accepted range: the slow path counts and lists it.
  case slow
}

/// The key of a field as matched against answer labels
/// (``AnswerText/normalize(_:)``).
func normalizedLabel(_ f: UnsafeBufferPointer<UInt8>) -> String {
  AnswerText.normalize(String(decoding: f, as: UTF8.self))
}
