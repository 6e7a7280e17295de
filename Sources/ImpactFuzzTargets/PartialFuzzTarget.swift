import ImpactExport
import ImpactIngest
import ImpactPipeline

/// The `partial` target: one to three partial files (separated by
/// ``FuzzInput/separator`` lines) merged as `impact merge` merges them, to
/// the JSON summary.
///
/// Invariant: a partial that decodes re-encodes to a file that decodes to
/// the same figures (what `--emit-partial` writes, `merge` reads back
/// without loss). Bytes are not compared: reach partials list sets and
/// per-value counts in hash order, which differs between runs.
enum PartialFuzzTarget {
  static func run(_ data: [UInt8], scratch: FuzzScratch) -> String? {
    let parts = FuzzInput.split(data[...], limit: 3)
    var paths: [String] = []
    for (i, part) in parts.enumerated() {
      guard let p = scratch.write(part, to: "partial\(i).json") else { return nil }
      paths.append(p)
    }
    defer { for i in paths.indices { scratch.remove("partial\(i).json") } }
    let merged = summary(paths)
    if paths.count == 1, let original = merged { return roundTrip(paths[0], original, scratch: scratch) }
    return nil
  }

  /// `impact merge` of `paths` as its JSON summary and printed lines.
  static func summary(_ paths: [String]) -> String? {
    guard let merged = try? MergeJob.run(paths, deterministic: true) else { return nil }
    switch merged {
    case .literacy(let r):
      return LiteracyJSON.document(r).serialized() + LiteracyOutputs.summary(r).joined(separator: "\n")
    case .reach(let r):
      return ReachJSON.document(r).serialized() + ReachOutputs.summary(r).joined(separator: "\n")
    }
  }

  static func roundTrip(_ path: String, _ original: String, scratch: FuzzScratch) -> String? {
    guard let decoded = try? PartialFile.decode(path: path), let bytes = try? PartialFile.encode(decoded),
      let again = scratch.write(bytes, to: "partial0.json")
    else { return nil }
    do throws(IngestError) {
      _ = try PartialFile.decode(path: again)
    } catch {
      return "a re-encoded partial does not decode: \(error)"
    }
    return summary([again]) == original ? nil : "a re-encoded partial gives other figures than the original"
  }
}
