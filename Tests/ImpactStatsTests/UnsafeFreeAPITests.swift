import Foundation
import ImpactStats
import TestSupport
import Testing

/// Issue 18: pointer code stays internal. The public and package symbols of
/// the built ImpactCore and ImpactStats modules, read from their symbol
/// graphs (`swift-symbolgraph-extract`, the toolchain's), name no `Unsafe*`
/// type and no `OpaquePointer`: kernels take arrays or `Span`s and keep
/// their pointer loops `internal`/`private`.
@Suite struct UnsafeFreeAPITests {
  /// One public, package or open declaration of a module's symbol graph.
  struct Declaration {
    var name: String
    var access: String
    var text: String
    var typeNames: [String]
  }

  /// The public/package declarations of `module` as built with the tests.
  static func declarations(of module: String) throws -> [Declaration] {
    let tool = try #require(
      ExternalTool.find("swift-symbolgraph-extract"), "swift-symbolgraph-extract (part of the toolchain) is not on PATH"
    )
    let build = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    let modules = build.appendingPathComponent("Modules").path
    try #require(
      FileManager.default.fileExists(atPath: "\(modules)/\(module).swiftmodule"),
      "no \(module).swiftmodule in \(modules): build with `swift build --build-tests`")
    // The C modules' module maps, so the Swift modules that import them load.
    let sources = repositoryRoot() + "/Sources"
    let cModules = try FileManager.default.contentsOfDirectory(atPath: sources).sorted()
      .filter { FileManager.default.fileExists(atPath: "\(sources)/\($0)/module.modulemap") }
    let out = FileManager.default.temporaryDirectory.appendingPathComponent("symbolgraph-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: out) }
    let run = try ExternalTool.run(
      tool,
      ["-module-name", module, "-I", modules] + cModules.flatMap { ["-I", "\(sources)/\($0)"] } + [
        "-minimum-access-level", "package", "-skip-synthesized-members", "-output-dir", out.path,
      ])
    try #require(run.status == 0, "swift-symbolgraph-extract failed: \(run.stderr)")
    // The module's own graph and one per extended module (`Module@Swift`).
    var found: [Declaration] = []
    for file in try FileManager.default.contentsOfDirectory(atPath: out.path) where file.hasSuffix(".symbols.json") {
      let graph = try JSONDecoder().decode(SymbolGraph.self, from: Data(contentsOf: out.appendingPathComponent(file)))
      for s in graph.symbols {
        let fragments = s.declarationFragments ?? []
        found.append(
          Declaration(
            name: s.pathComponents.joined(separator: "."), access: s.accessLevel,
            text: fragments.map(\.spelling).joined(),
            typeNames: fragments.filter { $0.kind == "typeIdentifier" }.map(\.spelling)))
      }
    }
    return found
  }

  /// The parts of the symbol graph format read here.
  struct SymbolGraph: Decodable {
    struct Symbol: Decodable {
      struct Fragment: Decodable {
        var kind: String
        var spelling: String
      }
      var pathComponents: [String]
      var accessLevel: String
      var declarationFragments: [Fragment]?
    }
    var symbols: [Symbol]
  }

  @Test(arguments: ["ImpactCore", "ImpactStats"])
  func publicAndPackageSignaturesNameNoPointerType(module: String) throws {
    let all = try Self.declarations(of: module)
    // The graph holds package symbols, so an empty finding means something:
    // the span entries of the moment kernels are there.
    if module == "ImpactCore" {
      let kernel = try #require(
        all.first { $0.name == "UnivariateMoments.add(mantissas:skipping:unit:)" && $0.access == "package" })
      #expect(kernel.typeNames.contains("Span"))
    }
    let offending = all.filter { d in
      ["public", "package", "open"].contains(d.access)
        && d.typeNames.contains { $0.hasPrefix("Unsafe") || $0 == "OpaquePointer" }
    }
    #expect(
      offending.isEmpty,
      """
      Pointer types in \(module)'s public/package signatures; take an array or a Span and keep the pointer loop \
      internal:
      \(offending.map { "  \($0.access) \($0.name): \($0.text)" }.joined(separator: "\n"))
      """)
  }

  /// Two 1–5 indicators, both better up.
  static let scorer = CompositeScorer(
    design: LiteracyDesign(
      indicators: [IndicatorDefinition(id: "q1", scale: 1...5), IndicatorDefinition(id: "q2", scale: 1...5)],
      scales: [0, 0], compositeRanges: [1...5, 1...5]))

  @Test func compositeScorerReadsASpanOfOneWavesAnswers() throws {
    let scorer = try #require(Self.scorer)
    // Two respondents packed row after row; the second is read as a slice.
    let answers: [Double] = [1, 5, 3, 4, 2, .nan]
    // (A span cannot be an argument of #expect/#require's expansion.)
    let values = [
      scorer.value(answers[0..<2].span), scorer.value(answers[2..<4].span), scorer.value(answers[4..<6].span),
    ]
    let first = try #require(values[0])
    let second = try #require(values[1])
    #expect(abs(first - 50) < 1e-12)  // (0 + 1)/2 × 100
    #expect(abs(second - 62.5) < 1e-12)  // (0.5 + 0.75)/2 × 100
    #expect(values[2] == nil)
  }

  @Test func compositeScorerTrapsOnASpanOfTheWrongLength() async {
    await #expect(processExitsWith: .failure) {
      let answers: [Double] = [1, 5, 3]
      _ = Self.scorer?.value(answers[0..<1].span)
    }
  }
}
