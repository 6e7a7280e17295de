/// An open-addressing hash map from a 64-bit key to exact totals (a sum and a
/// count), for aggregating millions of records by (volunteer, period) with no
/// per-entry allocation.
///
/// - Complexity: O(1) expected per `add`; memory 24 bytes × 2 per key.
public struct KeyedTotals: Sendable {
  private var keys: [UInt64]  // key + 1; 0 = empty
  private var sums: [Int64]
  private var counts: [Int32]
  private var mask: Int
  /// Number of distinct keys.
  public private(set) var count = 0

  public init(capacity: Int = 1024) {
    var size = 16
    while size < capacity * 2 { size <<= 1 }
    keys = Array(repeating: 0, count: size)
    sums = Array(repeating: 0, count: size)
    counts = Array(repeating: 0, count: size)
    mask = size - 1
  }

  @inline(__always)
  static func slot(_ key: UInt64, _ mask: Int) -> Int {
    var h = key &* 0x9E37_79B9_7F4A_7C15
    h ^= h >> 29
    return Int(truncatingIfNeeded: h) & mask
  }

  /// Adds `sum` and `count` to `key`.
  @inline(__always)
  public mutating func add(_ key: UInt64, sum: Int64, count n: Int32 = 1) {
    let stored = key &+ 1
    var i = Self.slot(key, mask)
    while true {
      let k = keys[i]
      if k == stored {
        sums[i] &+= sum
        counts[i] &+= n
        return
      }
      if k == 0 { break }
      i = (i + 1) & mask
    }
    keys[i] = stored
    sums[i] = sum
    counts[i] = n
    count += 1
    if count * 2 > keys.count { grow() }
  }

  /// Whether `key` is present.
  @inline(__always)
  public func contains(_ key: UInt64) -> Bool {
    let stored = key &+ 1
    var i = Self.slot(key, mask)
    while true {
      let k = keys[i]
      if k == stored { return true }
      if k == 0 { return false }
      i = (i + 1) & mask
    }
  }

  /// Visits every entry (in table order).
  public func forEach(_ body: (UInt64, Int64, Int32) throws -> Void) rethrows {
    for i in 0..<keys.count where keys[i] != 0 { try body(keys[i] &- 1, sums[i], counts[i]) }
  }

  /// Adds every entry of `other`, mapping its keys through `transform`.
  public mutating func merge(_ other: KeyedTotals, transform: (UInt64) -> UInt64 = { $0 }) {
    other.forEach { k, s, c in add(transform(k), sum: s, count: c) }
  }

  private mutating func grow() {
    let oldKeys = keys
    let oldSums = sums
    let oldCounts = counts
    let size = keys.count * 2
    keys = Array(repeating: 0, count: size)
    sums = Array(repeating: 0, count: size)
    counts = Array(repeating: 0, count: size)
    mask = size - 1
    count = 0
    for i in 0..<oldKeys.count where oldKeys[i] != 0 {
      add(oldKeys[i] &- 1, sum: oldSums[i], count: oldCounts[i])
    }
  }
}
