// Byte-string interning with open addressing (linear probing) over an arena,
// hashing with 64-bit FNV-1a (Fowler, Noll & Vo). Ids are compared as bytes
// and turned into `String`s only once per distinct value.

/// Maps distinct byte strings (ids, group names) to dense `Int32` codes in
/// order of first appearance.
///
/// ```swift
/// var k = KeyInterner()
/// k.intern(bytes)   // 0, 1, 2, … (same bytes → same code)
/// k.lookup(bytes)   // code or nil, read-only (safe to share across threads)
/// ```
/// - Complexity: O(length) expected per call; memory ≈ the distinct bytes
///   plus 16 bytes per distinct key.
public struct KeyInterner: Sendable {
  private var arena: [UInt8] = []
  private var offsets: [Int] = [0]
  /// Open-addressing table; a slot holds the upper 32 bits of the key's hash
  /// and code + 1 (0 = empty), so a probe costs one memory access and bytes
  /// are compared only when the hash tags agree.
  private var slots: [UInt64]
  private var mask: Int
  /// Number of distinct keys.
  public private(set) var count = 0

  public init(capacity: Int = 1024) {
    var size = 16
    while size < capacity * 2 { size <<= 1 }
    slots = Array(repeating: 0, count: size)
    mask = size - 1
  }

  /// Makes room for `n` keys in total without rehashing.
  public mutating func reserve(_ n: Int, averageLength: Int = 12) {
    guard n * 2 > slots.count else { return }
    arena.reserveCapacity(n * averageLength)
    offsets.reserveCapacity(n + 1)
    var size = slots.count
    while size < n * 2 { size <<= 1 }
    rehash(size)
  }

  /// The code of `bytes`, adding it when new.
  @inline(__always)
  public mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
    let h = KeyInterner.hash(bytes)
    let tag = h & 0xFFFF_FFFF_0000_0000
    var i = Int(truncatingIfNeeded: h) & mask
    while true {
      let slot = slots[i]
      if slot == 0 { break }
      if slot & 0xFFFF_FFFF_0000_0000 == tag {
        let code = Int32(truncatingIfNeeded: slot & 0xFFFF_FFFF) - 1
        if equals(Int(code), bytes) { return code }
      }
      i = (i + 1) & mask
    }
    let code = Int32(count)
    arena.append(contentsOf: bytes)
    offsets.append(arena.count)
    slots[i] = tag | UInt64(count + 1)
    count += 1
    if count * 2 > slots.count { rehash(slots.count * 2) }
    return code
  }

  /// The code of `bytes`, or `nil` when it was never interned. Read-only.
  @inline(__always)
  public func lookup(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
    let h = KeyInterner.hash(bytes)
    let tag = h & 0xFFFF_FFFF_0000_0000
    var i = Int(truncatingIfNeeded: h) & mask
    while true {
      let slot = slots[i]
      if slot == 0 { return nil }
      if slot & 0xFFFF_FFFF_0000_0000 == tag {
        let code = Int32(truncatingIfNeeded: slot & 0xFFFF_FFFF) - 1
        if equals(Int(code), bytes) { return code }
      }
      i = (i + 1) & mask
    }
  }

  /// Interns a `String`.
  public mutating func intern(_ s: String) -> Int32 {
    var b = Array(s.utf8)
    return b.withUnsafeMutableBufferPointer { intern(UnsafeBufferPointer($0)) }
  }

  /// Looks up a `String`.
  public func lookup(_ s: String) -> Int32? {
    var b = Array(s.utf8)
    return b.withUnsafeMutableBufferPointer { lookup(UnsafeBufferPointer($0)) }
  }

  /// The bytes of key `code`.
  public func bytes(_ code: Int32) -> ArraySlice<UInt8> {
    arena[offsets[Int(code)]..<offsets[Int(code) + 1]]
  }

  /// The key `code` as a string (invalid UTF-8 repaired with U+FFFD).
  public func string(_ code: Int32) -> String {
    String(decoding: bytes(code), as: UTF8.self)
  }

  /// All keys as strings, in code order.
  public var strings: [String] { (0..<Int32(count)).map(string) }

  /// Whether key `code` is valid UTF-8.
  public func isValidUTF8(_ code: Int32) -> Bool {
    String(validating: bytes(code), as: UTF8.self) != nil
  }

  /// Interns every key of `other`; returns the new code of each of its codes.
  public mutating func absorb(_ other: KeyInterner) -> [Int32] {
    reserve(count + other.count)
    var map = [Int32](repeating: 0, count: other.count)
    for c in 0..<other.count {
      let slice = other.bytes(Int32(c))
      map[c] = slice.withUnsafeBufferPointer { intern($0) }
    }
    return map
  }

  @inline(__always)
  private func equals(_ code: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    let start = offsets[code]
    let len = offsets[code + 1] - start
    guard len == bytes.count else { return false }
    return arena.withUnsafeBufferPointer { a in
      for k in 0..<len where a[start + k] != bytes[k] { return false }
      return true
    }
  }

  private mutating func rehash(_ size: Int) {
    var fresh = [UInt64](repeating: 0, count: size)
    let m = size - 1
    for slot in slots where slot != 0 {
      let code = Int(slot & 0xFFFF_FFFF) - 1
      let h = arena.withUnsafeBufferPointer { a in
        KeyInterner.hash(UnsafeBufferPointer(rebasing: a[offsets[code]..<offsets[code + 1]]))
      }
      var i = Int(truncatingIfNeeded: h) & m
      while fresh[i] != 0 { i = (i + 1) & m }
      fresh[i] = slot
    }
    slots = fresh
    mask = m
  }

  /// 64-bit FNV-1a with a final avalanche (so low bits are well mixed for
  /// the power-of-two table).
  @inline(__always)
  public static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for b in bytes {
      h ^= UInt64(b)
      h = h &* 0x0000_0100_0000_01B3
    }
    h ^= h >> 33
    h = h &* 0xff51_afd7_ed55_8ccd
    h ^= h >> 33
    return h
  }
}
