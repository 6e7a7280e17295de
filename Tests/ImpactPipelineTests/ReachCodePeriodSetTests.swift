import ImpactCore
import Testing

@testable import ImpactPipeline

/// The (beneficiary, period) pairs of reach: the bitmasks and the hash set
/// they give way to hold the same pairs, and chunks with different windows
/// merge into the pairs of one pass.
@Suite struct ReachCodePeriodSetTests {
  struct Pair: Hashable { var code: Int, period: Int }

  static func fill(
    _ s: inout CodePeriodSet, _ ref: inout Set<Pair>, seed: UInt64, n: Int, codes: Int, periods: ClosedRange<Int>
  ) {
    var g = SplitMix64(seed: seed)
    for _ in 0..<n {
      let c = g.int(0...(codes - 1))
      let p = periods.lowerBound + g.int(0...(periods.count - 1))
      s.insert(Int32(c), p)
      ref.insert(Pair(code: c, period: p))
    }
  }

  static func counts(_ ref: Set<Pair>) -> [Int: Int] {
    var out: [Int: Int] = [:]
    for pair in ref { out[pair.period, default: 0] += 1 }
    return out
  }

  @Test(arguments: [2012...2024, 24_000...24_155, 24_000...24_400])
  func countsPerPeriodMatchTheDistinctPairs(periods: ClosedRange<Int>) {
    var s = CodePeriodSet()
    var ref = Set<Pair>()
    Self.fill(&s, &ref, seed: 7, n: 20_000, codes: 3_000, periods: periods)
    // Up to 256 periods in bitmasks; a wider window gives way to the set.
    #expect(s.isDense == (periods.count <= 192))
    #expect(s.countsByPeriod() == Self.counts(ref))
    s.convertToSet()
    #expect(!s.isDense)
    #expect(s.countsByPeriod() == Self.counts(ref))
  }

  /// A period before the window's start re-bases it without losing bits.
  @Test func earlierPeriodsRebaseTheMasks() {
    var s = CodePeriodSet()
    var ref = Set<Pair>()
    Self.fill(&s, &ref, seed: 8, n: 2_000, codes: 500, periods: 2020...2024)
    Self.fill(&s, &ref, seed: 9, n: 2_000, codes: 700, periods: 1950...2019)
    #expect(s.isDense)
    #expect(s.countsByPeriod() == Self.counts(ref))
  }

  /// Chunks with different codes and windows (bitmasks with bitmasks, with
  /// another layout, and with a set) merge into the pairs of both.
  @Test(arguments: [0, 1, 2])
  func chunksMerge(kind: Int) {
    var a = CodePeriodSet()
    var b = CodePeriodSet()
    var refA = Set<Pair>()
    var refB = Set<Pair>()
    Self.fill(&a, &refA, seed: 10, n: 5_000, codes: 800, periods: 2015...2020)
    let bPeriods = kind == 0 ? 2015...2020 : 1990...2017
    Self.fill(&b, &refB, seed: 11, n: 5_000, codes: 900, periods: bPeriods)
    if kind == 2 { b.convertToSet() }
    // b's code c is a's code (c · 7 + 3) mod 1000.
    let vmap = (0..<900).map { Int32(($0 * 7 + 3) % 1000) }
    a.merge(b, vmap: vmap)
    var ref = refA
    for pair in refB { ref.insert(Pair(code: Int(vmap[pair.code]), period: pair.period)) }
    #expect(a.countsByPeriod() == Self.counts(ref))
  }
}
