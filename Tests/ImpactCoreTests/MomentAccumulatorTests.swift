import Foundation
import PropertyBased
import TestSupport
import Testing

@testable import ImpactCore

/// The laws of `MomentAccumulator`, checked the same way for each arity
/// (`UnivariateMoments`, `BivariateMoments`, `CrossProducts`) in both modes:
/// the merge of any split equals the single pass (bit-identical when exact,
/// 1e-9 relative when floating), counts add up, the empty accumulator is an
/// identity, and a partial's encoding decodes to the same figures.
@Suite struct MomentAccumulatorTests {
  static let values = Gen.int(in: -5_000...5_000).array(of: 1...300)

  /// Splits `n` observations over `parts` accumulators (observation i to
  /// part (7i + n) mod parts), merges them in a seeded random order and
  /// compares with the single pass.
  func checkLaws<A: MomentAccumulator & Codable>(
    observations n: Int, parts: Int, seed: UInt64, exact: Bool, make: () -> A, add: (inout A, Int) -> Void,
    figures: (A) -> [Double?]
  ) throws {
    var whole = make()
    for i in 0..<n { add(&whole, i) }
    var pieces = Array(repeating: make(), count: parts)
    for i in 0..<n { add(&pieces[(7 * i + n) % parts], i) }
    var rng = SeededRandom(seed: seed)
    let merged = pieces.shuffled(using: &rng).reduce(make()) { $0.merged(with: $1) }
    #expect(merged.count == whole.count)
    #expect(merged.count == n)
    #expect(merged.isExact == exact)
    let decoded = try JSONDecoder().decode(A.self, from: JSONEncoder().encode(merged))
    let identity = [make().merged(with: whole), whole.merged(with: make())]
    for candidate in [merged, decoded] + identity {
      let a = figures(candidate)
      let b = figures(whole)
      try #require(a.count == b.count)
      for (x, y) in zip(a, b) {
        if exact {
          #expect(x == y, "exact figures must be bit-identical: \(String(describing: x)) vs \(String(describing: y))")
        } else if let x, let y {
          #expect(relativeError(x, y) <= 1e-9 || abs(x - y) <= 1e-9, "\(x) vs \(y)")
        } else {
          #expect(x == nil && y == nil)
        }
      }
    }
  }

  @Test func univariateMomentsObeyTheLaws() async {
    await propertyCheck(count: 100, input: Self.values, Gen.int(in: 1...6)) { ints, parts in
      for exact in [true, false] {
        try checkLaws(
          observations: ints.count, parts: parts, seed: UInt64(ints.count), exact: exact,
          make: { UnivariateMoments(scale: exact ? 2 : nil) },
          add: { a, i in a.add(1e6 + Double(ints[i]) / 100) }, figures: { [$0.mean, $0.variance] })
      }
    }
  }

  @Test func bivariateMomentsObeyTheLaws() async {
    await propertyCheck(count: 100, input: Self.values, Gen.int(in: 1...6)) { ints, parts in
      for exact in [true, false] {
        try checkLaws(
          observations: ints.count, parts: parts, seed: UInt64(ints.count), exact: exact,
          make: { BivariateMoments(scale: exact ? 1 : nil) },
          add: { a, i in a.add(x: Double(ints[i]) / 10, y: Double(ints[i] % 97 + 3 * (i % 5)) / 10) },
          figures: { m in
            [
              m.meanX, m.meanY, m.meanDifference, m.varianceX, m.varianceY, m.covariance, m.varianceDifference,
              Double(m.signCounts.negative), Double(m.signCounts.positive), Double(m.differenceHistogram.count),
            ]
          })
      }
    }
  }

  @Test func crossProductsObeyTheLaws() async {
    await propertyCheck(count: 60, input: Self.values, Gen.int(in: 1...6)) { ints, parts in
      let k = 4
      func row(_ i: Int) -> [Int64] { (0..<k).map { j in Int64(ints[(i + j) % ints.count] * (j + 1)) } }
      func figures(_ c: CrossProducts) -> [Double?] {
        let s = c.summary
        return s.means + (0..<(k * k)).map { s.comoments[$0 % k, $0 / k] }
      }
      try checkLaws(
        observations: ints.count, parts: parts, seed: UInt64(ints.count), exact: true,
        make: { CrossProducts(variables: k, scale: 2) }, add: { a, i in a.add(mantissas: row(i)) }, figures: figures)
      try checkLaws(
        observations: ints.count, parts: parts, seed: UInt64(ints.count), exact: false,
        make: { CrossProducts(variables: k, scale: nil) },
        add: { a, i in a.add(values: row(i).map { 1e4 + Double($0) / 100 }) }, figures: figures)
    }
  }

  /// A block added by columns equals the same rows added one at a time.
  @Test func crossProductsByColumnsEqualRowByRow() {
    let k = 3
    let n = 5_000
    var rng = SeededRandom(seed: 11)
    let columns = (0..<(k * n)).map { _ in Int64(rng.normal() * 300) }
    let rows = (0..<n).filter { $0 % 3 != 1 }.map { Int32($0) }
    var byRow = CrossProducts(variables: k, scale: 1)
    for r in rows { byRow.add(mantissas: (0..<k).map { columns[$0 * n + Int(r)] }) }
    var byColumn = CrossProducts(variables: k, scale: 1)
    byColumn.add(columns: columns, stride: n, rows: rows)
    #expect(byColumn.count == rows.count)
    #expect(byColumn.summary == byRow.summary)
  }

  /// A value too far from the first row to stay exact switches the
  /// accumulator to floating point with the same figures.
  @Test func crossProductsFallBackToFloatingPoint() throws {
    var a = CrossProducts(variables: 2, scale: 0)
    var f = CrossProducts(variables: 2, scale: nil)
    for (x, y) in [(1, 2), (3, 5), (4_000_000, 7), (2, -1)] as [(Int64, Int64)] {
      a.add(mantissas: [x, y])
      f.add(values: [Double(x), Double(y)])
    }
    #expect(a.scale == nil)
    let s = a.summary
    let t = f.summary
    for i in 0..<2 {
      #expect(relativeError(s.means[i], t.means[i]) <= 1e-12)
      for j in 0..<2 { #expect(relativeError(s.comoments[i, j], t.comoments[i, j]) <= 1e-9) }
    }
  }

  /// Exact and floating accumulators merge in floating point; exact ones at
  /// different places rescale to the larger.
  @Test func mixedModesMerge() {
    var e = UnivariateMoments(scale: 1)
    var f = UnivariateMoments(scale: nil)
    var whole = UnivariateMoments(scale: nil)
    for i in 0..<50 {
      let x = Double(i) / 10
      if i % 2 == 0 { e.add(x) } else { f.add(x) }
      whole.add(x)
    }
    let m = e.merged(with: f)
    #expect(m.scale == nil)
    #expect(m.count == 50)
    #expect(relativeError(m.mean ?? .nan, whole.mean ?? 0) <= 1e-12)
    #expect(relativeError(m.variance ?? .nan, whole.variance ?? 0) <= 1e-12)
    var b1 = BivariateMoments(scale: 1)
    var b2 = BivariateMoments(scale: 2)
    var exact = BivariateMoments(scale: 2)
    for i in 0..<40 {
      let (x, y) = (Double(i) / 10, Double(i * i % 13) / 10)
      if i % 3 == 0 { b1.add(x: x, y: y) } else { b2.add(x: x, y: y) }
      exact.add(x: x, y: y)
    }
    let b = b1.merged(with: b2)
    #expect(b.scale == 2)
    #expect(b.covariance == exact.covariance)
    #expect(b.varianceDifference == exact.varianceDifference)
    #expect(b.differenceHistogram.map(\.count) == exact.differenceHistogram.map(\.count))
  }

  /// The products are stored as a packed triangle but written as the full
  /// k × k matrix, the format of existing partials.
  @Test func crossProductsKeepThePartialFormat() throws {
    var a = CrossProducts(variables: 3, scale: 0)
    a.add(mantissas: [1, 2, 3])
    a.add(mantissas: [2, 0, 5])
    let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(a)) as? [String: Any]
    let products = try #require(json?["products"] as? [String])
    #expect(products == ["1", "-2", "2", "-2", "4", "-4", "2", "-4", "4"])
  }

  @Test func exactMomentsBlockRefusesWhatItCannotHoldExactly() {
    var e = ExactMoments(scale: 0)
    let missing = Int64.min
    let near: [Int64] = [10, 12, missing, 11]
    let ok = near.withUnsafeBufferPointer { e.add(mantissas: $0, skipping: missing) }
    #expect(ok && e.count == 3)
    let far: [Int64] = [10, 1 << 40]
    let refused = far.withUnsafeBufferPointer { e.add(mantissas: $0, skipping: missing) }
    #expect(!refused && e.count == 3, "a refused block must add nothing")
  }
}
