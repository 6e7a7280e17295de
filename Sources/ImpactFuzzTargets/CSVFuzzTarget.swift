import ImpactCore
import ImpactExport
import ImpactIngest
import ImpactPipeline

/// The `csv` target. The first byte chooses the options; the rest is one to
/// three files separated by ``FuzzInput/separator`` lines.
///
/// ```
/// bits 0–1  what runs: 0 the chunking check and the reading layer
///           (``ReadingLayer``); 1 literacy (two files, or a wide file when
///           there is one part); 2 reach (hours, registry, beneficiaries);
///           3 codebook init, then literacy with the draft codebook
/// bits 2–3  layout options: 0 detect; 1 header row 2; 2 header row 1 and
///           first data row 3; 3 decimal comma
/// bits 4–5  workers of the chunking check (1–4)
/// bit  7    bad rows skipped instead of failing
/// ```
///
/// Invariants: the same bytes give the same records through one worker with
/// a large buffer and through several workers with tiny buffers and chunks;
/// a codebook that `impact codebook init` drafts with at least one indicator
/// is accepted by the codebook parser.
enum CSVFuzzTarget {
  static func run(_ data: [UInt8], scratch: FuzzScratch) -> String? {
    guard let control = data.first else { return nil }
    let parts = FuzzInput.split(data.dropFirst(), limit: 3)
    var paths: [String] = []
    for (i, part) in parts.enumerated() {
      guard let p = scratch.write(part, to: "input\(i).csv") else { return nil }
      paths.append(p)
    }
    defer { for i in paths.indices { scratch.remove("input\(i).csv") } }
    let policy: BadRowPolicy = control & 0x80 != 0 ? .skip : .fail
    let options = layoutOptions(control)
    switch control & 3 {
    case 1: literacy(paths, options: options, policy: policy, codebook: nil)
    case 2: reach(paths, options: options, policy: policy)
    case 3: return codebookInit(paths, options: options, policy: policy, scratch: scratch)
    default:
      if let violation = chunkingInvariant(paths[0], control: control) { return violation }
      if let file = try? CSVFile(path: paths[0], options: options) {
        let other = paths.count > 1 ? try? CSVFile(path: paths[1], options: options) : nil
        ReadingLayer.exercise(file, policy: policy, endline: other)
      }
    }
    return nil
  }

  /// Options of the jobs' reads: small buffers and chunks so several
  /// workers share even a small file.
  static func layoutOptions(_ control: UInt8) -> CSVOptions {
    var o = CSVOptions(parallelism: 2, maxRecordBytes: 1 << 16, bufferSize: 1 << 12, minimumChunkBytes: 512)
    switch (control >> 2) & 3 {
    case 1: o.headerRow = 2
    case 2:
      o.headerRow = 1
      o.firstDataRow = 3
    case 3: o.decimalMark = .comma
    default: break
    }
    return o
  }

  /// The records read by one worker with a large buffer and by several
  /// workers with tiny buffers must be the same.
  static func chunkingInvariant(_ path: String, control: UInt8) -> String? {
    let one = records(path, CSVOptions(parallelism: 1, maxRecordBytes: 1 << 16, bufferSize: 1 << 16))
    let many = records(
      path,
      CSVOptions(
        parallelism: 1 + Int(control >> 4) % 4, maxRecordBytes: 1 << 16, bufferSize: 64 + Int(control),
        minimumChunkBytes: 1))
    switch (one, many) {
    case (.success(let a), .success(let b)) where a != b:
      return "parallel parsing differs from sequential parsing"
    case (.success, .failure(let e)), (.failure(let e), .success):
      // Speculative chunking must not turn a good file bad or vice versa,
      // except through the record-size limit (buffers differ).
      return e.kind == .limit ? nil : "one reader failed and the other did not: \(e)"
    default:
      return nil
    }
  }

  static func records(_ path: String, _ options: CSVOptions) -> Result<[[[UInt8]]], IngestError> {
    do throws(IngestError) {
      let file = try CSVFile(path: path, options: options)
      struct Rows: Sendable { var rows: [[[UInt8]]] = [] }
      let chunks = try file.scan(initial: { _ in Rows() }) { (s: inout Rows, sc: CSVScanner) throws(IngestError) in
        while try sc.nextRecord() { s.rows.append((0..<sc.fieldCount).map { Array(sc.field($0)) }) }
      }
      return .success([file.header.map { Array($0.utf8) }] + chunks.flatMap(\.state.rows))
    } catch {
      return .failure(error)
    }
  }

  /// `impact literacy` on two files (or one wide file), to the JSON summary.
  static func literacy(_ paths: [String], options: CSVOptions, policy: BadRowPolicy, codebook: String?) {
    var r = LiteracyRequest()
    if paths.count > 1 {
      r.pre = paths[0]
      r.post = paths[1]
    } else {
      r.survey = paths[0]
    }
    r.codebook = codebook
    r.csv = options
    r.onBadRow = policy
    r.deterministic = true
    r.missingCodes = ["99"]
    if let report = try? LiteracyJob.run(r) {
      _ = LiteracyJSON.document(report).serialized()
      _ = LiteracyOutputs.summary(report)
    }
  }

  /// `impact reach` on an hour log (and a registry and beneficiary list when
  /// the input has more parts), to the JSON summary.
  static func reach(_ paths: [String], options: CSVOptions, policy: BadRowPolicy) {
    var r = ReachRequest(hours: paths[0])
    if paths.count > 1 { r.registry = paths[1] }
    if paths.count > 2 { r.beneficiaries = paths[2] }
    r.asOf = CalendarDay(year: 2025, month: 3, day: 3)
    r.csv = options
    r.onBadRow = policy
    r.deterministic = true
    if let report = try? ReachJob.run(r) {
      _ = ReachJSON.document(report).serialized()
      _ = ReachOutputs.summary(report)
    }
  }

  /// `impact codebook init` on the file(s); the draft must parse, and
  /// literacy then runs with it.
  static func codebookInit(_ paths: [String], options: CSVOptions, policy: BadRowPolicy, scratch: FuzzScratch)
    -> String?
  {
    var request = CodebookInitRequest(file: paths[0])
    if paths.count > 1 { request.post = paths[1] }
    request.csv = options
    guard let draft = try? CodebookInit.draft(request) else { return nil }
    // A draft without a recognized indicator is a template with TODOs (its
    // indicators commented out) by design; only a finished one must parse.
    guard !draft.indicators.isEmpty else { return nil }
    do throws(IngestError) {
      _ = try Codebook.parse(ConfigNode.parse(draft.yaml, file: "draft.yaml"))
    } catch {
      return "the drafted codebook does not parse: \(error)"
    }
    guard let path = scratch.write(Array(draft.yaml.utf8), to: "draft.yaml") else { return nil }
    defer { scratch.remove("draft.yaml") }
    literacy(Array(paths.prefix(2)), options: options, policy: policy, codebook: path)
    return nil
  }
}
