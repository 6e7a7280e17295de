/// A packed bit set marking which rows of a column are missing.
///
/// Missing values are an explicit mask rather than NaN sentinels so that a
/// genuine computation result can never be confused with "no answer".
///
/// - Complexity: O(1) get/set; `count` of missing rows is O(n/64).
public struct MissingMask: Sendable, Equatable {
  /// Number of rows covered.
  public private(set) var count: Int
  private var words: [UInt64]

  /// A mask of `count` rows, all present (or all missing).
  public init(count: Int, allMissing: Bool = false) {
    precondition(count >= 0)
    self.count = count
    words = Array(repeating: allMissing ? ~0 : 0, count: (count + 63) / 64)
    if allMissing { clearTail() }
  }

  /// A mask from per-row flags.
  public init(_ flags: some Sequence<Bool>) {
    self.init(count: 0)
    for f in flags { append(f) }
  }

  /// Whether row `i` is missing.
  @inline(__always)
  public subscript(i: Int) -> Bool {
    get { words[i >> 6] & (1 << UInt64(i & 63)) != 0 }
    set {
      if newValue {
        words[i >> 6] |= 1 << UInt64(i & 63)
      } else {
        words[i >> 6] &= ~(1 << UInt64(i & 63))
      }
    }
  }

  /// Appends one row.
  @inline(__always)
  public mutating func append(_ missing: Bool) {
    if count & 63 == 0 { words.append(0) }
    if missing { words[count >> 6] |= 1 << UInt64(count & 63) }
    count += 1
  }

  /// Appends all rows of another mask.
  public mutating func append(contentsOf other: MissingMask) {
    if count & 63 == 0 {
      words.append(contentsOf: other.words)
      count += other.count
      return
    }
    for i in 0..<other.count { append(other[i]) }
  }

  /// Number of missing rows.
  public var missingCount: Int {
    words.reduce(0) { $0 + $1.nonzeroBitCount }
  }

  /// Whether any row is missing.
  public var anyMissing: Bool { words.contains { $0 != 0 } }

  private mutating func clearTail() {
    let r = count & 63
    if r != 0, let last = words.indices.last { words[last] &= (1 << UInt64(r)) - 1 }
  }
}
