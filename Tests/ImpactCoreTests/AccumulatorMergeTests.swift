import PropertyBased
import TestSupport
import Testing

@testable import ImpactCore

/// Merging the accumulators of any split of a data set gives the single-pass
/// result: exactly for counts, histograms and exact-decimal sums; to 1e-12
/// relative for floating-point moments (Chan's update).
@Suite struct AccumulatorMergeTests {
  static let values = Gen.int(in: -5_000...5_000).array(of: 1...400)

  @Test func momentsMergeToSinglePass() async {
    await propertyCheck(count: 200, input: Self.values, Gen.int(in: 1...8)) { ints, parts in
      let xs = ints.map { 1e6 + Double($0) / 100 }
      let whole = Moments(xs)
      var pieces = Array(repeating: Moments(), count: parts)
      for (i, x) in xs.enumerated() { pieces[(i * 31 + ints.count) % parts].add(x) }
      let merged = pieces.reversed().reduce(Moments()) { $0.merged(with: $1) }
      #expect(merged.count == whole.count)
      #expect(relativeError(merged.mean, whole.mean) <= 1e-12)
      if let v1 = merged.variance, let v2 = whole.variance, v2 > 0 {
        #expect(relativeError(v1, v2) <= 1e-9)
      }
      #expect(merged.min == whole.min && merged.max == whole.max)
    }
  }

  @Test func exactMomentsMergeBitIdentically() async {
    await propertyCheck(count: 200, input: Self.values, Gen.int(in: 1...8)) { ints, parts in
      var whole = ExactMoments(scale: 2)
      for v in ints { whole.add(mantissa: Int64(v) + 100_000_000) }
      var pieces = Array(repeating: ExactMoments(scale: 2), count: parts)
      for (i, v) in ints.enumerated() { pieces[(i * 17) % parts].add(mantissa: Int64(v) + 100_000_000) }
      var merged = ExactMoments(scale: 2)
      for p in pieces.shuffled(using: &rngForTest) { merged = merged.merged(with: p) ?? merged }
      #expect(merged.count == whole.count)
      #expect(merged.mean == whole.mean)
      #expect(merged.variance == whole.variance)
    }
  }

  @Test func crossProductsMergeToSinglePass() async {
    await propertyCheck(count: 60, input: Gen.int(in: 3...300), Gen.int(in: 2...6)) { n, parts in
      var rng = SeededRandom(seed: UInt64(n * 1000 + parts))
      let k = 4
      let cols = (0..<k).map { j in (0..<n).map { _ in Double(Int.random(in: 1...5, using: &rng)) + 1e5 * Double(j) } }
      guard let whole = Matrix(columns: cols).centeredCrossProducts() else { return }
      var acc = CenteredCrossProducts.empty(variables: k)
      var start = 0
      for p in 0..<parts {
        let end = p == parts - 1 ? n : min(n, start + Int.random(in: 0...n / parts + 1, using: &rng))
        if end > start, let part = Matrix(columns: cols.map { Array($0[start..<end]) }).centeredCrossProducts() {
          acc = acc.merged(with: part)
        }
        start = end
      }
      #expect(acc.count == whole.count)
      for j in 0..<k { #expect(relativeError(acc.means[j], whole.means[j]) <= 1e-12) }
      // Off-diagonal entries can be near 0: measure errors on the scale of
      // √(Cᵢᵢ·Cⱼⱼ), i.e. as an error in the correlation.
      for i in 0..<k {
        for j in 0..<k {
          let a = acc.comoments[i, j]
          let b = whole.comoments[i, j]
          let scale = max(1, (whole.comoments[i, i] * whole.comoments[j, j]).squareRoot())
          // Chan's update on data 10⁵× further from 0 than their spread.
          #expect(abs(a - b) <= 1e-9 * scale, "\(a) vs \(b)")
        }
      }
    }
  }

  /// The accumulator the pipeline uses (shifted sums, compensated): any
  /// split agrees with one pass to 1e-12, exact mode bit for bit.
  @Test func shiftedCrossProductsMergeToSinglePass() async {
    await propertyCheck(count: 60, input: Gen.int(in: 3...500), Gen.int(in: 2...6)) { n, parts in
      var rng = SeededRandom(seed: UInt64(n * 7919 + parts))
      let k = 3
      let rows = (0..<n).map { _ in (0..<k).map { j in 1e5 * Double(j + 1) + 10 * rng.normal() } }
      var whole = CrossProducts(variables: k, scale: nil)
      for r in rows { whole.add(values: r) }
      var pieces = Array(repeating: CrossProducts(variables: k, scale: nil), count: parts)
      for (i, r) in rows.enumerated() { pieces[(i * 13 + n) % parts].add(values: r) }
      let merged = pieces.reduce(CrossProducts(variables: k, scale: nil)) { $0.merged(with: $1) }
      let a = merged.summary
      let b = whole.summary
      #expect(a.count == b.count)
      for i in 0..<k {
        #expect(relativeError(a.means[i], b.means[i]) <= 1e-14)
        for j in 0..<k {
          let scale = (b.comoments[i, i] * b.comoments[j, j]).squareRoot()
          #expect(abs(a.comoments[i, j] - b.comoments[i, j]) <= 1e-12 * max(scale, 1e-300))
        }
      }
      // Integer data (exact mode): bit-identical.
      var wholeExact = CrossProducts(variables: k, scale: 0)
      var piecesExact = Array(repeating: CrossProducts(variables: k, scale: 0), count: parts)
      for (i, r) in rows.enumerated() {
        let m = r.map { Int64($0.rounded()) }
        wholeExact.add(mantissas: m)
        piecesExact[(i * 13 + n) % parts].add(mantissas: m)
      }
      let mergedExact = piecesExact.reduce(CrossProducts(variables: k, scale: 0)) { $0.merged(with: $1) }
      #expect(mergedExact.summary == wholeExact.summary)
    }
  }

  @Test func valueCountsMergeExactly() async {
    await propertyCheck(count: 200, input: Self.values, Gen.int(in: 1...8)) { ints, parts in
      let whole = ValueCounts(ints.map { Double($0 % 7) })
      var pieces = Array(repeating: ValueCounts<Double>(), count: parts)
      for (i, v) in ints.enumerated() { pieces[i % parts].add(Double(v % 7)) }
      var merged = ValueCounts<Double>()
      for p in pieces { merged.merge(p) }
      #expect(merged == whole)
      #expect(merged.quantile(0.5) == whole.quantile(0.5))
    }
  }

  @Test func quantileMatchesNumPyType7() {
    // numpy.quantile([1, 2, 2, 3, 10], [0, .25, .5, .9, 1]) = [1, 2, 2, 7.2, 10]
    let h = ValueCounts<Double>([1, 2, 2, 3, 10])
    #expect(h.quantile(0) == 1)
    #expect(h.quantile(0.25) == 2)
    #expect(h.quantile(0.5) == 2)
    #expect(abs((h.quantile(0.9) ?? 0) - 7.2) < 1e-12)
    #expect(h.quantile(1) == 10)
    #expect(ValueCounts<Double>().quantile(0.5) == nil)
  }

  @Test func compensatedSumIsExactToTheCent() {
    var s = CompensatedSum()
    var naive = 0.0
    for _ in 0..<1_000_000 {
      s.add(0.1)
      naive += 0.1
    }
    #expect(abs(s.value - 100_000) < 1e-9)
    #expect(abs(naive - 100_000) > 1e-7)  // the naive sum really drifts
  }

  /// The radix sort of `sortedEntries` against a comparison sort: small and
  /// large tables, narrow keys (one pass) and keys using all 64 bits.
  @Test(arguments: [(100, 20), (5_000, 12), (70_000, 39), (20_000, 64)])
  func sortedEntriesAreInKeyOrder(count: Int, keyBits: Int) {
    var rng = SplitMix64(seed: UInt64(count * 131 + keyBits))
    var totals = KeyedTotals()
    var expected: [UInt64: (Int64, Int64)] = [:]
    for _ in 0..<count {
      let raw = rng.next()
      let key = keyBits == 64 ? (raw == UInt64.max ? 0 : raw) : raw >> UInt64(64 - keyBits)
      let sum = Int64(rng.next() % 1000)
      totals.add(key, sum: sum)
      expected[key, default: (0, 0)].0 += sum
      expected[key, default: (0, 0)].1 += 1
    }
    let sorted = totals.sortedEntries()
    #expect(sorted.map(\.key) == expected.keys.sorted())
    #expect(sorted.allSatisfy { expected[$0.key]! == ($0.sum, $0.count) })
    // The same keys spread over disjoint tables (as hash partitions are).
    var parts = [KeyedTotals](repeating: KeyedTotals(), count: 3)
    for e in sorted { parts[Int(e.key % 3)].add(e.key, sum: e.sum, count: e.count) }
    #expect(KeyedTotals.sortedEntries(parts) == sorted)
  }
}

nonisolated(unsafe) private var rngForTest = SeededRandom(seed: 42)
