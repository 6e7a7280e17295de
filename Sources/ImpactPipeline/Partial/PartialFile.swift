// Partial results: the accumulator state of one shard, written by
// `--emit-partial` and combined by `impact merge`.
//
// Format (JSON, UTF-8, keys sorted):
//   { "format": "impact-partial", "format_version": 2, "kind": "literacy" | "reach",
//     "tool_version": "0.1.0", "state": { … } }
// `state` holds exact integer sums as decimal strings, doubles in shortest
// round-trip form, exact histograms as [value, count] pairs, and the ids of
// the shard as 64-bit SipHash-2-4 hashes packed in base64 (`HashedIds`; so
// overlapping shards are detected and time cuts merge), or no ids with
// `--trust-sharding`. Its size grows with distinct values and ids, not with
// rows. A reader refuses another format, an unknown kind, format_version 1
// (ids in clear) and a newer format_version.
import Foundation
import ImpactCore
public import ImpactExport
public import ImpactIngest

/// What a partial file holds.
public enum PartialKind: String, Sendable, Codable {
  case literacy, reach
}

/// A decoded partial result.
public enum Partial: Sendable {
  case literacy(LiteracyState)
  case reach(ReachState)
}

public enum PartialFile {
  public static let format = "impact-partial"
  public static let formatVersion = 2

  struct Header: Codable {
    var format: String
    var format_version: Int
    var kind: String
    var tool_version: String?
  }

  struct Envelope<S: Codable>: Codable {
    var format: String
    var format_version: Int
    var kind: PartialKind
    var tool_version: String
    var state: S
  }

  /// Encodes a state; deterministic bytes (sorted keys).
  public static func encode(_ partial: Partial) throws(ExportError) -> [UInt8] {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    do {
      switch partial {
      case .literacy(let s):
        return Array(
          try encoder.encode(
            Envelope(
              format: format, format_version: formatVersion, kind: .literacy, tool_version: ImpactVersion.current,
              state: s)))
      case .reach(let s):
        return Array(
          try encoder.encode(
            Envelope(
              format: format, format_version: formatVersion, kind: .reach, tool_version: ImpactVersion.current, state: s
            )))
      }
    } catch {
      throw ExportError(path: "partial", message: "cannot encode the partial result: \(error)", hint: "report this bug")
    }
  }

  /// Reads and validates a partial file (see `PartialValidation`).
  public static func decode(path: String) throws(IngestError) -> Partial {
    try decodeChecked(path: path).partial
  }

  /// Reads and validates a partial file; also returns the total of its
  /// counts and hours, which `impact merge` adds up over all partials.
  static func decodeChecked(path: String) throws(IngestError) -> (partial: Partial, total: PartialTotal) {
    let partial = try decodeUnchecked(path: path)
    do {
      switch partial {
      case .literacy(let s): return (partial, try PartialValidation.check(s))
      case .reach(let s): return (partial, try PartialValidation.check(s))
      }
    } catch {
      throw damaged(path, "state.\(error.field) \(error.message)")
    }
  }

  static func damaged(_ path: String, _ what: String) -> IngestError {
    IngestError(
      .configuration, file: path, message: "the partial result is damaged (\(what))",
      hint: "write it again with --emit-partial; do not edit partial files by hand")
  }

  static func decodeUnchecked(path: String) throws(IngestError) -> Partial {
    guard let data = readBytes(path) else {
      throw IngestError(.io, file: path, message: "cannot read the partial result", hint: "check the path")
    }
    // One pass over the bytes (`JSONTape`), then the header and the state
    // decoded from the nodes (`TapeDecoder`); a document that is not JSON
    // is reported as damaged only once it claims to be a partial.
    let tape: JSONTape
    do {
      tape = try JSONTape(data)
    } catch {
      let looksLikePartial = Data(data.prefix(4096)).range(of: Data("\"impact-partial\"".utf8)) != nil
      guard looksLikePartial else {
        throw IngestError(
          .configuration, file: path, message: "not an impact partial result (no \"format\": \"\(format)\")",
          hint: "pass files written by impact literacy/reach --emit-partial")
      }
      throw damaged(path, "not valid JSON at byte \(error.offset): \(error.message)")
    }
    guard let header = try? TapeDecoder.decode(Header.self, from: tape), header.format == format else {
      throw IngestError(
        .configuration, file: path, message: "not an impact partial result (no \"format\": \"\(format)\")",
        hint: "pass files written by impact literacy/reach --emit-partial")
    }
    guard header.format_version <= formatVersion else {
      throw IngestError(
        .configuration, file: path,
        message:
          "written by a newer impact (format_version \(header.format_version), tool \(header.tool_version ?? "?")); this impact reads format_version ≤ \(formatVersion)",
        hint: "merge with the same or a newer impact version than the one that wrote the partials")
    }
    guard header.format_version != 1 else {
      throw IngestError(
        .configuration, file: path,
        message:
          "written by an older impact (format_version 1, tool \(header.tool_version ?? "?"), which carried ids in clear); this impact reads format_version 2, which carries 64-bit id hashes",
        hint: "write the partial again with this impact (impact literacy/reach --emit-partial)")
    }
    guard header.format_version >= 2 else {
      throw IngestError(
        .configuration, file: path, message: "unknown format_version \(header.format_version)", hint: "")
    }
    do {
      switch PartialKind(rawValue: header.kind) {
      case .literacy: return .literacy(try TapeDecoder.decode(Envelope<LiteracyState>.self, from: tape).state)
      case .reach: return .reach(try TapeDecoder.decode(Envelope<ReachState>.self, from: tape).state)
      case nil:
        throw IngestError(
          .configuration, file: path, message: "unknown partial kind '\(header.kind)'",
          hint: "this impact merges literacy and reach partials")
      }
    } catch let e as IngestError {
      throw e
    } catch {
      throw damaged(path, describe(error))
    }
  }

  /// The bytes of a file, read straight into an array (no second copy);
  /// `nil` when it cannot be read.
  static func readBytes(_ path: String) -> [UInt8]? {
    guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
    defer { try? handle.close() }
    guard let size = try? handle.seekToEnd(), size < UInt64(Int.max), (try? handle.seek(toOffset: 0)) != nil else {
      return nil
    }
    let fd = handle.fileDescriptor
    var failed = false
    var bytes = [UInt8](unsafeUninitializedCapacity: Int(size)) { buf, count in
      while count < buf.count {
        let n = read(fd, buf.baseAddress.map { $0 + count }, buf.count - count)
        if n < 0 && errno == EINTR { continue }
        if n <= 0 {
          failed = n < 0
          break
        }
        count += n
      }
    }
    if failed { return nil }
    // A file that grew while being read: read the rest the plain way.
    if let rest = try? handle.readToEnd() { bytes += rest }
    return bytes
  }

  static func describe(_ error: any Error) -> String {
    if let e = error as? DecodingError {
      switch e {
      case .dataCorrupted(let c), .keyNotFound(_, let c), .typeMismatch(_, let c), .valueNotFound(_, let c):
        let path = c.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        return "\(path): \(c.debugDescription)"
      @unknown default: return "\(e)"
      }
    }
    return "\(error)"
  }
}
