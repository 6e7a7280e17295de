import ImpactIngest
import ImpactPipeline

/// The `config` target: the input as a codebook (YAML or JSON, through the
/// same node tree as every config) and as an `impact run` configuration
/// loaded from a file.
enum ConfigFuzzTarget {
  static func run(_ data: [UInt8], scratch: FuzzScratch) -> String? {
    let text = String(decoding: data, as: UTF8.self)
    if let root = try? ConfigNode.parse(text, file: "fuzz.yaml") {
      _ = try? Codebook.parse(root)
    }
    guard let path = scratch.write(data, to: "impact.yaml") else { return nil }
    defer { scratch.remove("impact.yaml") }
    _ = try? RunConfig.load(path)
    return nil
  }
}
