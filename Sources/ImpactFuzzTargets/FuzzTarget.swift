// The libFuzzer targets of `impact`: what one input runs, per target, and the
// invariants it checks. Driven by Sources/impact-fuzz (`make fuzz`) and
// replayed from Tests/ImpactIngestTests/Fixtures/fuzz-{seeds,regressions}/<target>/
// by `swift test`.
//
// A target must never crash on any input: readers either return or throw
// their module's error. A returned string is a violated invariant (the driver
// aborts, so libFuzzer keeps the input as a crash).

/// One fuzz target: a reader of hostile input and the checks run on it.
public enum FuzzTarget: String, CaseIterable, Sendable {
  /// The CSV reading layer the jobs use: `CSVFile` (header location,
  /// decimal detection, row names), chunked scans, `FileProfile`,
  /// `TableReader`, `SurveyWave`, and the literacy, reach and codebook-init
  /// jobs on the file (first byte: options, see ``CSVFuzzTarget``).
  case csv
  /// Excel workbooks: zip, workbook/sheet XML, shared strings, styles, the
  /// sheet copy and the reading layer on it (raw bytes, or parts that the
  /// harness zips itself, see ``WorkbookFuzzTarget``).
  case xlsx
  /// Partial results: decode, merge of up to three, report, JSON rendering.
  case partial
  /// Codebooks and run configurations (YAML or JSON).
  case config

  /// Largest input worth trying (libFuzzer's `-max_len`): real files of the
  /// kind, not toy ones.
  public var maxLength: Int {
    switch self {
    case .csv, .config: 16 << 10
    case .xlsx, .partial: 64 << 10
    }
  }

  /// Runs one input; returns a violated invariant, if any.
  ///
  /// - Parameter scratch: a private folder for the files the readers open.
  public func run(_ data: [UInt8], scratch: FuzzScratch) -> String? {
    switch self {
    case .csv: CSVFuzzTarget.run(data, scratch: scratch)
    case .xlsx: WorkbookFuzzTarget.run(data, scratch: scratch)
    case .partial: PartialFuzzTarget.run(data, scratch: scratch)
    case .config: ConfigFuzzTarget.run(data, scratch: scratch)
    }
  }

  /// The target named by `--target NAME`/`--target=NAME` in `arguments`, else
  /// by `IMPACT_FUZZ_TARGET`, else `csv`; and the arguments without the
  /// `--target` option (the rest goes to libFuzzer).
  public static func select(arguments: [String], environment: [String: String]) -> (
    target: FuzzTarget?, name: String, rest: [String]
  ) {
    var name = environment["IMPACT_FUZZ_TARGET"] ?? "csv"
    var rest: [String] = []
    var i = 0
    while i < arguments.count {
      let a = arguments[i]
      if a.hasPrefix("--target=") {
        name = String(a.dropFirst("--target=".count))
      } else if a == "--target", i + 1 < arguments.count {
        name = arguments[i + 1]
        i += 1
      } else {
        rest.append(a)
      }
      i += 1
    }
    return (FuzzTarget(rawValue: name), name, rest)
  }
}

/// Splitting one fuzz input into several files.
enum FuzzInput {
  /// The line that separates files in one input (in every target's
  /// dictionary).
  static let separator = Array("\n#next-file#\n".utf8)

  /// `data` cut at each separator, at most `limit` parts (the last keeps any
  /// further separators).
  static func split(_ data: ArraySlice<UInt8>, limit: Int) -> [ArraySlice<UInt8>] {
    var parts: [ArraySlice<UInt8>] = []
    var start = data.startIndex
    var i = data.startIndex
    let sep = separator
    while parts.count + 1 < limit, i + sep.count <= data.endIndex {
      if data[i] == sep[0] && data[i..<(i + sep.count)].elementsEqual(sep) {
        parts.append(data[start..<i])
        i += sep.count
        start = i
      } else {
        i += 1
      }
    }
    parts.append(data[start..<data.endIndex])
    return parts
  }
}
