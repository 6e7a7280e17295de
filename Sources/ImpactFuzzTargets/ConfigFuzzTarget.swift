import ImpactIngest
import ImpactPipeline

/// The `config` target: the input, saved as a file, read as a codebook
/// (YAML or JSON, through the same node tree as every config; `Codebook.load`
/// as `--codebook` reads it) and as an `impact run` configuration
/// (`RunConfig.load`).
enum ConfigFuzzTarget {
  static func run(_ data: [UInt8], scratch: FuzzScratch) -> String? {
    guard let path = scratch.write(data, to: "impact.yaml") else { return nil }
    defer { scratch.remove("impact.yaml") }
    _ = try? Codebook.load(path: path)
    _ = try? RunConfig.load(path)
    return nil
  }
}
