/// An open-addressing hash map from a 64-bit key to exact totals (a sum and a
/// count), for aggregating millions of records by (volunteer, period) with no
/// per-entry allocation. Each slot holds key, sum and count together, so an
/// update touches one cache line.
///
/// - Complexity: O(1) expected per `add`; memory 24 bytes × (2…4) per key.
public struct KeyedTotals: Sendable {
  /// One key with its totals.
  public struct Entry: Sendable, Equatable {
    /// key + 1 (0 marks an empty slot).
    var stored: UInt64
    public var sum: Int64
    public var count: Int64
    /// The key.
    public var key: UInt64 { stored &- 1 }
  }

  private var slots: [Entry]
  private var mask: Int
  /// Number of distinct keys.
  public private(set) var count = 0

  public init(capacity: Int = 1024) {
    var size = 16
    while size < capacity * 2 { size <<= 1 }
    slots = Array(repeating: Entry(stored: 0, sum: 0, count: 0), count: size)
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
  public mutating func add(_ key: UInt64, sum: Int64, count n: Int64 = 1) {
    let stored = key &+ 1
    let m = mask
    let inserted = slots.withUnsafeMutableBufferPointer { s -> Bool in
      var i = Self.slot(key, m)
      while true {
        let k = s[i].stored
        if k == stored {
          s[i].sum &+= sum
          s[i].count &+= n
          return false
        }
        if k == 0 {
          s[i] = Entry(stored: stored, sum: sum, count: n)
          return true
        }
        i = (i + 1) & m
      }
    }
    if inserted {
      count += 1
      if count * 2 > slots.count { rehash(slots.count * 2) }
    }
  }

  /// Whether `key` is present.
  @inline(__always)
  public func contains(_ key: UInt64) -> Bool {
    let stored = key &+ 1
    var i = Self.slot(key, mask)
    while true {
      let k = slots[i].stored
      if k == stored { return true }
      if k == 0 { return false }
      i = (i + 1) & mask
    }
  }

  /// Visits every entry (in table order).
  public func forEach(_ body: (UInt64, Int64, Int64) throws -> Void) rethrows {
    for e in slots where e.stored != 0 { try body(e.stored &- 1, e.sum, e.count) }
  }

  /// All entries sorted by key (for linear scans in key order).
  public func sortedEntries() -> [Entry] { Self.sortedEntries([self]) }

  /// The entries of several tables with disjoint keys (e.g. hash partitions),
  /// sorted by key.
  ///
  /// - Complexity: O(n · ⌈b / 11⌉) for n entries whose largest key has b
  ///   bits: an LSD radix sort with 11-bit digits (keys are distinct, so the
  ///   order is total). Millions of (volunteer, period) keys sort several
  ///   times faster than with a comparison sort.
  public static func sortedEntries(_ tables: [KeyedTotals]) -> [Entry] {
    var out: [Entry] = []
    out.reserveCapacity(tables.reduce(0) { $0 + $1.count })
    var largest: UInt64 = 0
    for t in tables {
      for e in t.slots where e.stored != 0 {
        out.append(e)
        largest = Swift.max(largest, e.stored)
      }
    }
    guard out.count > 256 else {
      out.sort { $0.stored < $1.stored }
      return out
    }
    let digitBits: UInt64 = 11
    let radix = 1 << digitBits
    let bits = UInt64(64 - largest.leadingZeroBitCount)
    var scratch = out
    var counts = [Int](repeating: 0, count: radix)
    var shift: UInt64 = 0
    while shift < bits {
      out.withUnsafeBufferPointer { from in
        scratch.withUnsafeMutableBufferPointer { to in
          counts.withUnsafeMutableBufferPointer { c in
            for d in 0..<radix { c[d] = 0 }
            for e in from { c[Int((e.stored >> shift) & UInt64(radix - 1))] += 1 }
            var total = 0
            for d in 0..<radix {
              let n = c[d]
              c[d] = total
              total += n
            }
            for e in from {
              let d = Int((e.stored >> shift) & UInt64(radix - 1))
              to[c[d]] = e
              c[d] += 1
            }
          }
        }
      }
      swap(&out, &scratch)
      shift += digitBits
    }
    return out
  }

  /// Adds every entry of `other`, mapping its keys through `transform`.
  public mutating func merge(_ other: KeyedTotals, transform: (UInt64) -> UInt64 = { $0 }) {
    reserve(count + other.count)
    other.forEach { k, s, c in add(transform(k), sum: s, count: c) }
  }

  /// Makes room for `n` keys without rehashing.
  public mutating func reserve(_ n: Int) {
    guard n * 2 > slots.count else { return }
    var size = slots.count
    while size < n * 2 { size <<= 1 }
    rehash(size)
  }

  private mutating func rehash(_ size: Int) {
    let old = slots
    slots = Array(repeating: Entry(stored: 0, sum: 0, count: 0), count: size)
    mask = size - 1
    let m = mask
    slots.withUnsafeMutableBufferPointer { s in
      for e in old where e.stored != 0 {
        var i = Self.slot(e.stored &- 1, m)
        while s[i].stored != 0 { i = (i + 1) & m }
        s[i] = e
      }
    }
  }
}
