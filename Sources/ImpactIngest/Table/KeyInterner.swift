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
///   plus 32 bytes per distinct key.
public struct KeyInterner: Sendable {
  private var arena: [UInt8] = []
  private var offsets: [Int] = [0]
  /// Per code: the key's first 16 bytes as two little-endian words, zero
  /// padded. A probe whose hash tag agrees compares these (one cache line)
  /// instead of reading the key's offset and then its bytes (two misses on
  /// a table larger than the cache); only keys longer than 16 bytes go on
  /// to the arena.
  private var heads: [UInt64] = []
  /// Open-addressing table; a slot holds a tag (the upper 24 bits of the
  /// key's hash and its length, up to 255) in its upper 32 bits and
  /// code + 1 (0 = empty) in its lower 32, so a probe costs one memory access
  /// and keys are compared only when the tags agree.
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
    heads.reserveCapacity(2 * n)
    var size = slots.count
    while size < n * 2 { size <<= 1 }
    rehash(size)
  }

  /// The code of `bytes`, adding it when new.
  @inline(__always)
  public mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
    intern(bytes, hash: KeyInterner.hash(bytes))
  }

  /// The code of `bytes`, or `nil` when it was never interned. Read-only.
  @inline(__always)
  public func lookup(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
    lookup(bytes, hash: KeyInterner.hash(bytes))
  }

  /// Interns a batch of keys (`count` keys packed in `batch` at `starts`,
  /// `ends`), writing their codes. Keys are hashed first and their table
  /// slots, offsets and bytes touched in separate loops, so the cache misses
  /// of different keys overlap instead of queueing one after another: on
  /// tables far larger than the caches this is several times faster than
  /// one `intern` per key.
  public mutating func internBatch(
    _ batch: UnsafeBufferPointer<UInt8>, starts: UnsafeBufferPointer<Int>, ends: UnsafeBufferPointer<Int>,
    count n: Int, hashes: UnsafeMutableBufferPointer<UInt64>, codes: UnsafeMutableBufferPointer<Int32>,
    lookupOnly: Bool = false
  ) {
    guard let base = batch.baseAddress else { return }
    sinkHole = sinkHole &+ touch(batch, starts: starts, ends: ends, count: n, hashes: hashes)
    for b in 0..<n {
      let key = UnsafeBufferPointer(start: base + starts[b], count: ends[b] - starts[b])
      codes[b] = lookupOnly ? (lookup(key, hash: hashes[b]) ?? -1) : intern(key, hash: hashes[b])
    }
  }

  /// Looks up a batch of keys like `internBatch` (read-only; −1 = absent),
  /// also writing their hashes.
  public func lookupBatch(
    _ batch: UnsafeBufferPointer<UInt8>, starts: UnsafeBufferPointer<Int>, ends: UnsafeBufferPointer<Int>,
    count n: Int, hashes: UnsafeMutableBufferPointer<UInt64>, codes: UnsafeMutableBufferPointer<Int32>
  ) {
    guard let base = batch.baseAddress else { return }
    var sink = touch(batch, starts: starts, ends: ends, count: n, hashes: hashes)
    for b in 0..<n {
      let key = UnsafeBufferPointer(start: base + starts[b], count: ends[b] - starts[b])
      let c = lookup(key, hash: hashes[b]) ?? -1
      codes[b] = c
      sink &+= UInt64(truncatingIfNeeded: c)
    }
    withExtendedLifetime(sink) {}
  }

  /// Hashes a batch and touches the home slots, then the candidate keys'
  /// heads (independent loads whose misses overlap).
  @inline(__always)
  private func touch(
    _ batch: UnsafeBufferPointer<UInt8>, starts: UnsafeBufferPointer<Int>, ends: UnsafeBufferPointer<Int>,
    count n: Int, hashes: UnsafeMutableBufferPointer<UInt64>
  ) -> UInt64 {
    guard let base = batch.baseAddress else { return 0 }
    for b in 0..<n {
      hashes[b] = KeyInterner.hash(UnsafeBufferPointer(start: base + starts[b], count: ends[b] - starts[b]))
    }
    var sink: UInt64 = 0
    let m = mask
    slots.withUnsafeBufferPointer { sl in
      for b in 0..<n { sink &+= sl[Int(truncatingIfNeeded: hashes[b]) & m] }
      heads.withUnsafeBufferPointer { hd in
        for b in 0..<n {
          let slot = sl[Int(truncatingIfNeeded: hashes[b]) & m]
          if slot != 0 && slot & Self.tagMask == Self.tag(hashes[b], length: ends[b] - starts[b]) {
            let c = Int(slot & 0xFFFF_FFFF) - 1
            if 2 * c < hd.count { sink &+= hd[2 * c] }
          }
        }
      }
    }
    return sink
  }

  /// Keeps the touch loops from being optimized away.
  private var sinkHole: UInt64 = 0

  @inline(__always)
  mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>, hash h: UInt64) -> Int32 {
    let tag = Self.tag(h, length: bytes.count)
    var i = Int(truncatingIfNeeded: h) & mask
    while true {
      let slot = slots[i]
      if slot == 0 { break }
      if slot & Self.tagMask == tag {
        let code = Int32(truncatingIfNeeded: slot & 0xFFFF_FFFF) - 1
        if equals(Int(code), bytes) { return code }
      }
      i = (i + 1) & mask
    }
    let code = Int32(count)
    arena.append(contentsOf: bytes)
    offsets.append(arena.count)
    let head = Self.head(bytes)
    heads.append(head.0)
    heads.append(head.1)
    slots[i] = tag | UInt64(count + 1)
    count += 1
    if count * 2 > slots.count { rehash(slots.count * 2) }
    return code
  }

  @inline(__always)
  func lookup(_ bytes: UnsafeBufferPointer<UInt8>, hash h: UInt64) -> Int32? {
    let tag = Self.tag(h, length: bytes.count)
    var i = Int(truncatingIfNeeded: h) & mask
    while true {
      let slot = slots[i]
      if slot == 0 { return nil }
      if slot & Self.tagMask == tag {
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
    reserve(count + other.count, averageLength: other.count > 0 ? other.arena.count / other.count + 1 : 12)
    var map = [Int32](repeating: 0, count: other.count)
    let batch = 256
    var hashes = [UInt64](repeating: 0, count: batch)
    var starts = [Int](repeating: 0, count: batch)
    var ends = [Int](repeating: 0, count: batch)
    other.arena.withUnsafeBufferPointer { bytes in
      other.offsets.withUnsafeBufferPointer { off in
        map.withUnsafeMutableBufferPointer { out in
          var c = 0
          while c < other.count {
            let n = Swift.min(batch, other.count - c)
            for b in 0..<n {
              starts[b] = off[c + b]
              ends[b] = off[c + b + 1]
            }
            starts.withUnsafeBufferPointer { s in
              ends.withUnsafeBufferPointer { e in
                hashes.withUnsafeMutableBufferPointer { h in
                  internBatch(
                    bytes, starts: s, ends: e, count: n, hashes: h,
                    codes: UnsafeMutableBufferPointer(rebasing: out[c..<(c + n)]))
                }
              }
            }
            c += n
          }
        }
      }
    }
    return map
  }

  static let tagMask: UInt64 = 0xFFFF_FFFF_0000_0000

  /// A slot's upper 32 bits for a key of this hash and length.
  @inline(__always)
  static func tag(_ hash: UInt64, length: Int) -> UInt64 {
    hash & 0xFFFF_FF00_0000_0000 | UInt64(Swift.min(length, 255)) << 32
  }

  /// Whether key `code` is `bytes`, once the tags (and so the lengths up to
  /// 255) agree: keys of up to 16 bytes are their heads.
  @inline(__always)
  private func equals(_ code: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    let head = Self.head(bytes)
    guard heads[2 * code] == head.0, heads[2 * code + 1] == head.1 else { return false }
    return bytes.count <= 16 || tailEquals(code, bytes)
  }

  /// Whether the bytes past the first 16 of key `code` are those of `bytes`.
  @inline(never)
  private func tailEquals(_ code: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    let start = offsets[code]
    let len = offsets[code + 1] - start
    guard len == bytes.count else { return false }
    return arena.withUnsafeBufferPointer { a in
      for k in 16..<len where a[start + k] != bytes[k] { return false }
      return true
    }
  }

  /// The first 16 bytes of `bytes` as two little-endian words, zero padded
  /// (loads never reach past the key's last byte).
  @inline(__always)
  static func head(_ bytes: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt64) {
    guard let base = bytes.baseAddress else { return (0, 0) }
    let n = bytes.count
    let raw = UnsafeRawPointer(base)
    if n >= 16 {
      return (raw.loadUnaligned(as: UInt64.self), raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
    }
    if n >= 8 {
      let w0 = raw.loadUnaligned(as: UInt64.self)
      guard n > 8 else { return (w0, 0) }
      // The last 8 bytes, shifted so that byte 8 comes first.
      let last = raw.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
      return (w0, last >> UInt64(8 * (16 - n)))
    }
    var w: UInt64 = 0
    for k in 0..<n { w |= UInt64(base[k]) << UInt64(8 * k) }
    return (w, 0)
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

  /// A 64-bit hash of a byte string: 8 bytes at a time (unaligned loads),
  /// multiply–xorshift mixing and a final avalanche (the finalizer of
  /// MurmurHash3), so low bits are well mixed for the power-of-two table.
  @inline(__always)
  public static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
    guard let base = bytes.baseAddress else { return 0x9E37_79B9_7F4A_7C15 }
    let n = bytes.count
    var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ (UInt64(n) &* 0xff51_afd7_ed55_8ccd)
    var i = 0
    let raw = UnsafeRawPointer(base)
    while i + 8 <= n {
      let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
      h = (h ^ w) &* 0xbf58_476d_1ce4_e5b9
      h ^= h >> 31
      i += 8
    }
    if i < n && n >= 8 {
      // The remaining bytes as the loop below would assemble them, from
      // one load of the last 8 bytes.
      let tail = raw.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self) >> UInt64(8 * (8 - (n - i)))
      h = (h ^ tail) &* 0x94d0_49bb_1331_11eb
      h ^= h >> 29
    } else if i < n {
      var tail: UInt64 = 0
      var shift: UInt64 = 0
      while i < n {
        tail |= UInt64(base[i]) << shift
        shift += 8
        i += 1
      }
      h = (h ^ tail) &* 0x94d0_49bb_1331_11eb
      h ^= h >> 29
    }
    h ^= h >> 33
    h = h &* 0xff51_afd7_ed55_8ccd
    h ^= h >> 33
    h = h &* 0xc4ce_b9fe_1a85_ec53
    h ^= h >> 33
    return h
  }
}
