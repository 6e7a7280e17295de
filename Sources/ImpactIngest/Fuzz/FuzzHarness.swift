// The body of the libFuzzer target (Sources/impact-fuzz) and of the
// regression test that replays the crash corpus: it must never crash, only
// return or throw `IngestError`.
import Foundation

/// Feeds arbitrary bytes to the CSV reader or the codebook parser and checks
/// invariants that must hold for any input.
public enum FuzzHarness {
  /// Runs one input. The first byte picks the target: even → CSV reader,
  /// odd → codebook/config parser. Returns a violated invariant, if any.
  public static func run(_ data: [UInt8], scratch: String) -> String? {
    guard let mode = data.first else { return nil }
    let body = Array(data.dropFirst())
    if mode & 1 == 1 {
      let text = String(decoding: body, as: UTF8.self)
      if let root = try? ConfigNode.parse(text, file: "fuzz.yaml") {
        _ = try? Codebook.parse(root)
      }
      return nil
    }
    guard FileManager.default.createFile(atPath: scratch, contents: Data(body)) else { return nil }
    // The same bytes through one worker with a big buffer, and through several
    // workers with tiny buffers: the records must be identical.
    let one = records(scratch, CSVOptions(parallelism: 1, maxRecordBytes: 1 << 16))
    let many = records(
      scratch,
      CSVOptions(
        parallelism: 1 + Int(mode >> 1) % 4, maxRecordBytes: 1 << 16, bufferSize: 64 + Int(mode), minimumChunkBytes: 1))
    switch (one, many) {
    case (.success(let a), .success(let b)) where a != b:
      return "parallel parsing differs from sequential parsing"
    case (.success, .failure(let e)), (.failure(let e), .success):
      // Speculative chunking must not turn a good file bad or vice versa,
      // except through the record-size limit (buffers differ).
      if e.kind != .limit { return "one reader failed and the other did not: \(e)" }
      return nil
    default:
      break
    }
    if let file = try? CSVFile(path: scratch, options: CSVOptions(parallelism: 2, minimumChunkBytes: 1)) {
      _ = try? FileProfile.inspect(file)
      let specs = file.header.prefix(4).enumerated().map { i, name in
        ColumnSpec(name, kind: i == 0 ? .key : .numeric)
      }
      _ = try? TableReader.read(file, columns: specs, onBadRow: .skip)
    }
    return nil
  }

  static func records(_ path: String, _ options: CSVOptions) -> Result<[[[UInt8]]], IngestError> {
    do throws(IngestError) {
      let file = try CSVFile(path: path, options: options)
      struct S: Sendable { var rows: [[[UInt8]]] = [] }
      let chunks = try file.scan(initial: { _ in S() }) { (s: inout S, sc: CSVScanner) throws(IngestError) in
        while try sc.nextRecord() { s.rows.append((0..<sc.fieldCount).map { Array(sc.field($0)) }) }
      }
      return .success([file.header.map { Array($0.utf8) }] + chunks.flatMap(\.state.rows))
    } catch {
      return .failure(error)
    }
  }
}
