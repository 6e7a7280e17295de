import ImpactCore

/// `manifest.json`: every output with its size and SHA-256, and every input
/// with its SHA-256, so a batch result can be audited and a rerun compared.
public enum Manifest {
  public static func document(_ run: RunReport, outputs: [(name: String, bytes: [UInt8])]) -> JSONValue {
    var members: [(String, JSONValue)] = [
      ("tool", .string("impact")), ("version", .string(run.toolVersion)),
    ]
    if let t = run.generatedAt { members.append(("generated_at", .string(t))) }
    if let c = run.configPath {
      members.append(("config", .object([("file", .string(c)), ("sha256", .string(SHA256.hex(file: c)))])))
    }
    members.append(("inputs", .array(run.inputs.map(LiteracyJSON.inputJSON))))
    members.append(
      (
        "outputs",
        .array(
          outputs.map { o in
            .object([
              ("file", .string(o.name)), ("bytes", .int(o.bytes.count)), ("sha256", .string(SHA256.hex(o.bytes))),
            ])
          })
      ))
    return .object(members)
  }
}
