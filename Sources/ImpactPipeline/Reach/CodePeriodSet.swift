import ImpactCore

/// Which (code, period) pairs occurred, for codes of a `KeyInterner`
/// (beneficiaries): a bitmask of periods per code while the window of
/// periods seen spans at most `maxDenseWidth` periods, else a hash set of
/// `ReachKey.vp` keys.
///
/// Distinct beneficiaries per period only need to know whether a person was
/// served in a period, not how often: a bit per period is 8 bytes per person
/// over up to 64 periods (five years of months), where a hash entry per
/// (person, period) took 24 bytes at half load, doubled while growing.
///
/// - Complexity: O(1) per `insert`; memory ⌈width / 64⌉ · 8 bytes per code
///   in the bitmasks, 24 bytes × (2…4) per pair in the set.
struct CodePeriodSet: Sendable {
  /// First period of the window, and its number of 64-period words.
  private(set) var base = 0
  private(set) var words = 0
  /// Per code, `words` words; bit b of word w is period base + 64w + b.
  private var masks: [UInt64] = []
  /// Codes covered by the masks (rows).
  private var rows = 0
  /// Lowest and highest period set in the masks (the window may be wider).
  private var lowest = Int.max
  private var highest = Int.min
  /// The set, once the window grew too wide for the masks.
  private var pairs: KeyedTotals?

  /// Widest window the bitmasks cover: 256 periods (21 years of months).
  static let maxDenseWidth = 256

  var isDense: Bool { pairs == nil }

  /// Records that code `v` occurred in period `p`.
  @inline(__always)
  mutating func insert(_ v: Int32, _ p: Int) {
    if pairs != nil {
      pairs!.add(ReachKey.vp(v, p), sum: 0, count: 0)
      return
    }
    if words == 0 || p < base || p >= base + 64 * words { widen(to: p) }
    if pairs != nil {
      pairs!.add(ReachKey.vp(v, p), sum: 0, count: 0)
      return
    }
    let c = Int(v)
    if c >= rows { grow(to: c + 1) }
    lowest = min(lowest, p)
    highest = max(highest, p)
    let offset = p - base
    masks[c * words + (offset >> 6)] |= 1 << UInt64(offset & 63)
  }

  /// Makes room for codes below `n`.
  mutating func grow(to n: Int) {
    guard pairs == nil, n > rows else { return }
    let needed = n * words
    if needed > masks.capacity { masks.reserveCapacity(max(needed, masks.capacity + masks.capacity / 2)) }
    masks.append(contentsOf: repeatElement(0, count: (n - rows) * words))
    rows = n
  }

  /// Widens the window to include `p`, or gives way to the set when the
  /// window would exceed `maxDenseWidth` periods.
  private mutating func widen(to p: Int) {
    let lo = min(lowest, p)
    let hi = max(highest, p)
    guard hi - lo < Self.maxDenseWidth else {
      convertToSet()
      return
    }
    relayout(base: lo, words: (hi - lo) / 64 + 1)
  }

  private mutating func relayout(base newBase: Int, words newWords: Int) {
    if words == 0 {
      base = newBase
      words = newWords
      masks = Array(repeating: 0, count: rows * newWords)
      return
    }
    var m = [UInt64](repeating: 0, count: rows * newWords)
    for c in 0..<rows {
      forEachPeriod(ofRow: c) { p in
        let o = p - newBase
        m[c * newWords + (o >> 6)] |= 1 << UInt64(o & 63)
      }
    }
    masks = m
    base = newBase
    words = newWords
  }

  /// Visits the periods of code `c` in the masks, in order.
  @inline(__always)
  private func forEachPeriod(ofRow c: Int, _ body: (Int) -> Void) {
    for w in 0..<words {
      var bits = masks[c * words + w]
      while bits != 0 {
        body(base + 64 * w + bits.trailingZeroBitCount)
        bits &= bits - 1
      }
    }
  }

  /// Moves the bitmasks into the set (from then on every insert goes to it).
  mutating func convertToSet() {
    guard pairs == nil else { return }
    var set = KeyedTotals(capacity: rows * 2 + 16)
    for c in 0..<rows {
      forEachPeriod(ofRow: c) { p in set.add(ReachKey.vp(Int32(c), p), sum: 0, count: 0) }
    }
    pairs = set
    masks = []
    rows = 0
    words = 0
    lowest = Int.max
    highest = Int.min
  }

  /// Adds another chunk's pairs, its codes mapped by `vmap`.
  mutating func merge(_ other: CodePeriodSet, vmap: [Int32]) {
    if let theirs = other.pairs {
      theirs.forEach { k, _, _ in insert(vmap[Int(k >> 20)], Int(k & ReachKey.periodMask)) }
      return
    }
    guard other.words > 0 else { return }
    // Widen once to both windows (or give way to the set).
    insertWindow(of: other)
    if pairs == nil && base == other.base && words == other.words {
      if let top = vmap.max() { grow(to: Int(top) + 1) }
      lowest = min(lowest, other.lowest)
      highest = max(highest, other.highest)
      let w = words
      for c in 0..<other.rows {
        let mine = Int(vmap[c]) * w
        for k in 0..<w { masks[mine + k] |= other.masks[c * w + k] }
      }
      return
    }
    for c in 0..<other.rows {
      let v = vmap[c]
      other.forEachPeriod(ofRow: c) { p in insert(v, p) }
    }
  }

  /// Widens this window to cover `other`'s, as if it had seen both ends.
  private mutating func insertWindow(of other: CodePeriodSet) {
    guard pairs == nil, other.lowest <= other.highest else { return }
    let lo = min(lowest, other.lowest)
    let hi = max(highest, other.highest)
    if hi - lo >= Self.maxDenseWidth {
      convertToSet()
    } else if words == 0 || lo < base || hi >= base + 64 * words {
      relayout(base: lo, words: (hi - lo) / 64 + 1)
    }
  }

  /// Pairs per period: `body(period, codes)` for every period with any.
  func countsByPeriod() -> [Int: Int] {
    var out: [Int: Int] = [:]
    if let pairs {
      pairs.forEach { k, _, _ in out[Int(k & ReachKey.periodMask), default: 0] += 1 }
      return out
    }
    var counts = [Int](repeating: 0, count: 64 * words)
    for c in 0..<rows {
      for w in 0..<words {
        var bits = masks[c * words + w]
        while bits != 0 {
          counts[64 * w + bits.trailingZeroBitCount] += 1
          bits &= bits - 1
        }
      }
    }
    for (i, n) in counts.enumerated() where n > 0 { out[base + i] = n }
    return out
  }
}
