public import ImpactCore

/// A column to extract from a CSV file.
public struct ColumnSpec: Sendable, Equatable {
  /// How to read the column.
  public enum Kind: Sendable, Equatable {
    /// Numbers; non-numeric text is counted as invalid and treated as missing
    /// (never coerced).
    case numeric
    /// Strings (ids, groups), interned to integer codes.
    case key
  }

  /// Header name to look for.
  public var name: String
  /// Other header names that mean the same column (tried in order).
  public var aliases: [String]
  public var kind: Kind
  /// Whether a file without this column is an error.
  public var required: Bool
  /// Missing-value tokens for this column (default: the reader's).
  public var missing: MissingTokens?

  public init(
    _ name: String, kind: Kind, required: Bool = true, aliases: [String] = [], missing: MissingTokens? = nil
  ) {
    self.name = name
    self.kind = kind
    self.required = required
    self.aliases = aliases
    self.missing = missing
  }
}

/// What to do with a record whose number of fields differs from the header's.
public enum BadRowPolicy: String, Sendable, Equatable, CaseIterable {
  /// Stop with an error naming the line (default).
  case fail
  /// Skip the record, count it and list the first 20.
  case skip
}

/// The columns read from a file, plus everything that was not used.
public struct TableReadResult: Sendable {
  /// One column per spec found in the file, named by the spec's `name`.
  public var table: Table
  /// Physical line of each row.
  public var lines: [Int32]
  /// Records skipped under `BadRowPolicy.skip`: total and the first 20.
  public var skippedRowCount: Int
  public var skippedRows: [RowProblem]
  /// Per numeric column: fields that were neither a number nor a missing
  /// token (counted, treated as missing), and the first 5 examples each.
  public var invalidCounts: [String: Int]
  public var invalidExamples: [ValueProblem]
  /// Specs that were not required and not found.
  public var absentColumns: [String]
}

/// Reads selected columns of a CSV file into a `Table`, in parallel chunks.
public enum TableReader {
  /// - Throws: `IngestError` for missing required columns, broken structure,
  ///   ragged rows (under `.fail`), or text that is not valid UTF-8.
  /// - Complexity: one pass; memory = the extracted columns.
  public static func read(
    _ file: CSVFile, columns specs: [ColumnSpec], missing: MissingTokens = MissingTokens(),
    onBadRow: BadRowPolicy = .fail
  ) throws(IngestError) -> TableReadResult {
    var found: [(spec: ColumnSpec, index: Int)] = []
    var absent: [String] = []
    for spec in specs {
      if let i = resolve(spec, in: file.header) {
        found.append((spec, i))
      } else if spec.required {
        throw missingColumnError(spec, file: file)
      } else {
        absent.append(spec.name)
      }
    }
    let plan = found.map { f in
      ColumnPlan(
        index: f.index, kind: f.spec.kind, name: f.spec.name,
        parser: file.numberParser(missing: f.spec.missing ?? missing))
    }
    let chunks = try file.scan(
      initial: { _ in ReadState(plan: plan) },
      body: { (state: inout ReadState, scanner: CSVScanner) throws(IngestError) in
        while try scanner.nextRecord() {
          if let problem = try file.widthProblem(scanner, policy: onBadRow) {
            state.skippedCount += 1
            if state.skipped.count < 20 { state.skipped.append(problem) }
            continue
          }
          state.lines.append(Int32(truncatingIfNeeded: scanner.recordLine))
          for p in 0..<plan.count {
            let f = scanner.field(plan[p].index)
            switch plan[p].kind {
            case .numeric:
              let r = plan[p].parser.parse(f)
              state.numeric[p].append(r, field: f, line: scanner.recordLine)
            case .key:
              try state.keys[p].append(
                f, line: scanner.recordLine, file: file.path, column: plan[p].index, name: plan[p].name)
            }
          }
        }
        // Keys are interned in batches: finish this chunk's last one.
        for p in 0..<plan.count where plan[p].kind == .key {
          try state.keys[p].flush(file: file.path, column: plan[p].index, name: plan[p].name)
        }
      })
    // Merge chunks in file order.
    var lines: [Int32] = []
    var skippedCount = 0
    var skipped: [RowProblem] = []
    var numeric = plan.map { _ in NumericBuilder() }
    var keys = plan.map { _ in KeyBuilder() }
    var invalidExamples: [ValueProblem] = []
    var invalidCounts: [String: Int] = [:]
    lines.reserveCapacity(chunks.reduce(0) { $0 + $1.state.lines.count })
    for chunk in chunks {
      let base = Int32(chunk.lineBase)
      lines.append(contentsOf: chunk.state.lines.map { $0 + base })
      skippedCount += chunk.state.skippedCount
      for s in chunk.state.skipped where skipped.count < 20 {
        skipped.append(RowProblem(line: s.line + chunk.lineBase, message: s.message))
      }
      for p in 0..<plan.count {
        switch plan[p].kind {
        case .numeric:
          let b = chunk.state.numeric[p]
          numeric[p].merge(b)
          if b.invalid > 0 { invalidCounts[plan[p].name, default: 0] += b.invalid }
          for e in b.examples where invalidExamples.filter({ $0.column == plan[p].name }).count < 5 {
            invalidExamples.append(ValueProblem(line: e.line + chunk.lineBase, column: plan[p].name, text: e.text))
          }
        case .key:
          keys[p].merge(chunk.state.keys[p])
        }
      }
    }
    var table = Table()
    for p in 0..<plan.count {
      let column: Column
      switch plan[p].kind {
      case .numeric: column = .numeric(numeric[p].column)
      case .key: column = .key(KeyColumn(codes: keys[p].codes, levels: keys[p].interner.strings))
      }
      do {
        try table.append(name: plan[p].name, column: column)
      } catch {
        throw IngestError(
          .usage, file: file.path, message: "column '\(plan[p].name)' was requested twice",
          hint: "name each column once")
      }
    }
    return TableReadResult(
      table: table, lines: lines, skippedRowCount: skippedCount, skippedRows: skipped,
      invalidCounts: invalidCounts, invalidExamples: invalidExamples, absentColumns: absent)
  }

  /// The header position of a spec: exact name, then aliases.
  public static func resolve(_ spec: ColumnSpec, in header: [String]) -> Int? {
    for n in [spec.name] + spec.aliases {
      if let i = header.firstIndex(of: n) { return i }
    }
    return nil
  }

  static func missingColumnError(_ spec: ColumnSpec, file: CSVFile) -> IngestError {
    let shown = file.header.prefix(20).map { "'\($0)'" }.joined(separator: ", ")
    let more = file.header.count > 20 ? ", … (\(file.header.count) columns)" : ""
    let close = file.header.filter {
      $0.lowercased().contains(spec.name.lowercased())
        || spec.name.lowercased().contains($0.lowercased()) && !$0.isEmpty
    }
    let suggestion = close.first.map { "; did you mean '\($0)'?" } ?? ""
    return IngestError(
      .header, file: file.path, line: file.headerLine,
      message: "required column '\(spec.name)' is not in the header (found \(shown)\(more))\(suggestion)",
      hint: "rename the column in the file, or map it with the matching option (e.g. --id, --hours-col) or the codebook"
    )
  }
}

struct ColumnPlan: Sendable {
  var index: Int
  var kind: ColumnSpec.Kind
  var name: String
  var parser: NumberParser
}

struct ReadState: Sendable {
  var lines: [Int32] = []
  var skippedCount = 0
  var skipped: [RowProblem] = []
  var numeric: [NumericBuilder]
  var keys: [KeyBuilder]

  init(plan: [ColumnPlan]) {
    numeric = plan.map { _ in NumericBuilder() }
    keys = plan.map { _ in KeyBuilder() }
  }
}

/// Accumulates one numeric column of one chunk.
struct NumericBuilder: Sendable {
  var values: [Double] = []
  var missing = MissingMask(count: 0)
  var maxScale = 0
  var plain = true
  var invalid = 0
  var examples: [(line: Int, text: String)] = []

  @inline(__always)
  mutating func append(_ r: ParsedNumber, field: UnsafeBufferPointer<UInt8>, line: Int) {
    switch r.kind {
    case .number:
      values.append(r.value)
      missing.append(false)
      if r.scale < 0 || r.value.magnitude > 4e15 {
        plain = false
      } else if Int(r.scale) > maxScale {
        maxScale = Int(r.scale)
      }
    case .missing:
      values.append(0)
      missing.append(true)
    case .invalid:
      values.append(0)
      missing.append(true)
      invalid += 1
      if examples.count < 5 { examples.append((line, String(decoding: field, as: UTF8.self))) }
    }
  }

  mutating func merge(_ o: NumericBuilder) {
    values.append(contentsOf: o.values)
    missing.append(contentsOf: o.missing)
    maxScale = max(maxScale, o.maxScale)
    plain = plain && o.plain
    invalid += o.invalid
  }

  var column: NumericColumn {
    NumericColumn(values: values, missing: missing, decimalScale: plain ? maxScale : nil)
  }
}

/// Accumulates one key column of one chunk.
///
/// Normally every distinct value is interned. In lookup mode (`known` set, e.g.
/// endline ids resolved against the baseline's) values found in `known` get
/// its codes directly — no interning, no merge — and only unknown values are
/// interned locally; after merging they are numbered from `known.count` on.
struct KeyBuilder: Sendable {
  var interner = KeyInterner()
  var codes: [Int32] = []
  // Non-optional so the hot path never copies (retains) it.
  private let knownKeys: KeyInterner
  private let lookupMode: Bool
  var known: KeyInterner? { lookupMode ? knownKeys : nil }
  /// Keys waiting to be interned as one batch (their cache misses overlap):
  /// bytes copied out of the scanner's buffer, with their lines for errors.
  private var pending = PendingKeys()

  struct PendingKeys: Sendable {
    static let capacity = 256
    var bytes: [UInt8] = []
    var starts: [Int] = []
    var ends: [Int] = []
    var lines: [Int] = []
    var hashes = [UInt64](repeating: 0, count: capacity)
    var codes = [Int32](repeating: 0, count: capacity)
    var count: Int { starts.count }
  }

  init(known: KeyInterner? = nil) {
    knownKeys = known ?? KeyInterner(capacity: 1)
    lookupMode = known != nil
  }

  /// Room for about `n` more rows without regrowing.
  mutating func reserve(rows n: Int) {
    codes.reserveCapacity(codes.count + n)
    if !lookupMode { interner.reserve(interner.count + n) }
  }

  /// Adds one field's key. Codes are assigned in batches: call `flush` after
  /// the last row of a chunk.
  @inline(__always)
  mutating func append(
    _ f: UnsafeBufferPointer<UInt8>, line: Int, file: String, column: Int, name: String
  ) throws(IngestError) {
    if isBlank(f) {
      try flush(file: file, column: column, name: name)
      codes.append(-1)
      return
    }
    let t = trimmed(f)
    pending.starts.append(pending.bytes.count)
    pending.bytes.append(contentsOf: t)
    pending.ends.append(pending.bytes.count)
    pending.lines.append(line)
    if pending.count == PendingKeys.capacity { try flush(file: file, column: column, name: name) }
  }

  /// Interns (or looks up) the pending keys and appends their codes in row
  /// order.
  mutating func flush(file: String, column: Int, name: String) throws(IngestError) {
    let n = pending.count
    guard n > 0 else { return }
    let before = interner.count
    var failedLine: Int?
    pending.bytes.withUnsafeBufferPointer { bytes in
      pending.starts.withUnsafeBufferPointer { starts in
        pending.ends.withUnsafeBufferPointer { ends in
          pending.hashes.withUnsafeMutableBufferPointer { hashes in
            pending.codes.withUnsafeMutableBufferPointer { out in
              if lookupMode {
                knownKeys.lookupBatch(bytes, starts: starts, ends: ends, count: n, hashes: hashes, codes: out)
                for b in 0..<n where out[b] < 0 {
                  // Not in the other wave: a local code, marked negative.
                  let key = UnsafeBufferPointer(rebasing: bytes[starts[b]..<ends[b]])
                  let code = interner.intern(key, hash: hashes[b])
                  if code >= before && failedLine == nil && !isASCII(key) && !interner.isValidUTF8(code) {
                    failedLine = pending.lines[b]
                  }
                  out[b] = -2 - code
                }
              } else {
                interner.internBatch(bytes, starts: starts, ends: ends, count: n, hashes: hashes, codes: out)
                for b in 0..<n where out[b] >= before && failedLine == nil {
                  let key = UnsafeBufferPointer(rebasing: bytes[starts[b]..<ends[b]])
                  if !isASCII(key) && !interner.isValidUTF8(out[b]) { failedLine = pending.lines[b] }
                }
              }
              codes.append(contentsOf: UnsafeBufferPointer(rebasing: out[0..<n]))
            }
          }
        }
      }
    }
    pending.bytes.removeAll(keepingCapacity: true)
    pending.starts.removeAll(keepingCapacity: true)
    pending.ends.removeAll(keepingCapacity: true)
    pending.lines.removeAll(keepingCapacity: true)
    if let line = failedLine {
      throw IngestError(
        .encoding, file: file, line: line, column: column + 1, columnName: name,
        message: "the text is not valid UTF-8",
        hint: "the file is probably GB18030/GBK: rerun with --encoding gb18030, or re-save the file as UTF-8")
    }
  }

  /// Appends another chunk's rows (its codes remapped).
  mutating func merge(_ o: KeyBuilder) {
    precondition(pending.count == 0 && o.pending.count == 0, "KeyBuilder merged before flush")
    if codes.isEmpty && interner.count == 0 {
      self = o
      return
    }
    let map = interner.absorb(o.interner)
    codes.reserveCapacity(codes.count + o.codes.count)
    if !lookupMode {
      for c in o.codes { codes.append(c < 0 ? -1 : map[Int(c)]) }
    } else {
      for c in o.codes { codes.append(c <= -2 ? -2 - map[Int(-2 - c)] : c) }
    }
  }

  /// Final codes: in lookup mode unknown values become `known.count + i`.
  var finalCodes: [Int32] {
    precondition(pending.count == 0, "KeyBuilder read before flush")
    guard let known else { return codes }
    let base = Int32(known.count)
    return codes.map { $0 <= -2 ? base + (-2 - $0) : $0 }
  }
}

@inline(__always)
func isASCII(_ f: UnsafeBufferPointer<UInt8>) -> Bool {
  var acc: UInt8 = 0
  for b in f { acc |= b }
  return acc < 0x80
}

@inline(__always)
func isBlank(_ f: UnsafeBufferPointer<UInt8>) -> Bool {
  for b in f where b != 0x20 && b != 0x09 { return false }
  return true
}

/// The field without surrounding spaces and tabs (shared by every byte-level
/// reader: tables, hour logs, the codebook census).
@inline(__always)
public func trimmed(_ f: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
  guard let base = f.baseAddress else { return f }
  var i = 0
  var n = f.count
  while i < n && (base[i] == 0x20 || base[i] == 0x09) { i += 1 }
  while n > i && (base[n - 1] == 0x20 || base[n - 1] == 0x09) { n -= 1 }
  return UnsafeBufferPointer(start: base + i, count: n - i)
}
