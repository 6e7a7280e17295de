import Foundation
import ImpactCore
import ImpactStats
import Testing

/// The block path of `LiteracyAccumulator.addMatched(rows:pre:post:)` must
/// leave exactly the state one `addMatched` per row leaves: compared through
/// the machine-independent encoding, so every sum, count, histogram bin and
/// cross-product is checked bit for bit.
@Suite struct LiteracyBlockTests {
  struct Case: Sendable, CustomStringConvertible {
    var description: String
    var scale: Int
    var missingRate: Double
    /// Values far from the first row, forcing the per-value fallbacks.
    var wide: Bool
  }

  static let cases = [
    Case(description: "likert", scale: 0, missingRate: 0.05, wide: false),
    Case(description: "halves", scale: 1, missingRate: 0.2, wide: false),
    Case(description: "no missing", scale: 0, missingRate: 0, wide: false),
    Case(description: "wide values", scale: 2, missingRate: 0.1, wide: true),
  ]

  @Test(arguments: cases)
  func blockEqualsRowByRow(_ c: Case) throws {
    let k = 5
    let defs = (0..<k).map {
      IndicatorDefinition(
        id: "q\($0)", scale: c.wide ? nil : 1...5, higherIsBetter: $0 != 2, passThreshold: c.wide ? nil : 4)
    }
    let design = LiteracyDesign(
      indicators: defs, scales: Array(repeating: c.scale, count: k),
      compositeRanges: c.wide ? nil : Array(repeating: 1...5, count: k))
    var rng = SplitMix64(seed: 42)
    let n = 3000
    let unit = pow(10.0, Double(c.scale))
    func value() -> Double {
      if Double(rng.next() % 10_000) / 10_000 < c.missingRate { return .nan }
      if c.wide && rng.next() % 50 == 0 { return Double(Int(rng.next() % 2_000_000_000)) / unit }
      return Double(Int(rng.next() % UInt64(4 * unit)) + Int(unit)) / unit
    }
    let pre = (0..<(n * k)).map { _ in value() }
    let post = (0..<(n * k)).map { _ in value() }
    var rowByRow = LiteracyAccumulator(design: design)
    var blocks = LiteracyAccumulator(design: design)
    for i in 0..<n {
      rowByRow.addMatched(
        pre: pre.span.extracting((i * k)..<(i * k + k)), post: post.span.extracting((i * k)..<(i * k + k)))
    }
    // Uneven block sizes, including 1 and one larger than a cross-product
    // block.
    var start = 0
    for size in [1, 7, 1024, 5000] where start < n {
      let m = min(size, n - start)
      blocks.addMatched(
        rows: m, pre: pre.span.extracting((start * k)..<((start + m) * k)),
        post: post.span.extracting((start * k)..<((start + m) * k)))
      start += m
    }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let a = try encoder.encode(rowByRow)
    let b = try encoder.encode(blocks)
    #expect(String(decoding: a, as: UTF8.self) == String(decoding: b, as: UTF8.self))
    #expect(rowByRow.counts.matched == n)
  }

}
