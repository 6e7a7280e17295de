import ImpactCore
import Testing

@testable import ImpactIngest

/// The interner behind every id table: keys that share long prefixes, differ
/// only past the 16 bytes kept per key, or only in length, get distinct
/// codes; equal keys the same code, one at a time or in batches; and the
/// hash is the documented byte-at-a-time function.
@Suite struct KeyInternerTests {
  /// Keys of length 0…40 over a two-letter alphabet plus a shared prefix,
  /// so that many differ in one byte, or only in length (trailing zeros).
  static func keys(_ count: Int, seed: UInt64) -> [[UInt8]] {
    var g = SplitMix64(seed: seed)
    return (0..<count).map { _ in
      let n = g.int(0...40)
      return (0..<n).map { k in k < 12 ? 0x41 : [0x00, 0x42][g.int(0...1)] }
    }
  }

  /// The hash as documented, with the tail assembled byte by byte.
  static func referenceHash(_ bytes: [UInt8]) -> UInt64 {
    let n = bytes.count
    var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ (UInt64(n) &* 0xff51_afd7_ed55_8ccd)
    var i = 0
    while i + 8 <= n {
      var w: UInt64 = 0
      for k in 0..<8 { w |= UInt64(bytes[i + k]) << UInt64(8 * k) }
      h = (h ^ w) &* 0xbf58_476d_1ce4_e5b9
      h ^= h >> 31
      i += 8
    }
    if i < n {
      var tail: UInt64 = 0
      for k in i..<n { tail |= UInt64(bytes[k]) << UInt64(8 * (k - i)) }
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

  @Test func hashIsTheByteAtATimeFunction() {
    for key in Self.keys(2_000, seed: 1) {
      let h = key.withUnsafeBufferPointer { KeyInterner.hash($0) }
      #expect(h == Self.referenceHash(key), "length \(key.count)")
    }
  }

  @Test func distinctKeysGetDistinctCodesAndEqualKeysTheSame() {
    let keys = Self.keys(20_000, seed: 2)
    var interner = KeyInterner()
    var reference: [[UInt8]: Int32] = [:]
    for key in keys {
      let code = key.withUnsafeBufferPointer { interner.intern($0) }
      let expected = reference[key] ?? Int32(reference.count)
      reference[key] = expected
      #expect(code == expected)
    }
    #expect(interner.count == reference.count)
    for (key, code) in reference {
      #expect(Array(interner.bytes(code)) == key)
      #expect(key.withUnsafeBufferPointer { interner.lookup($0) } == code)
    }
    #expect([UInt8](repeating: 0x43, count: 5).withUnsafeBufferPointer { interner.lookup($0) } == nil)
  }

  @Test func batchesAndAbsorbAgreeWithOneAtATime() {
    let keys = Self.keys(5_000, seed: 3)
    var one = KeyInterner()
    let single = keys.map { k in k.withUnsafeBufferPointer { one.intern($0) } }
    var batched = KeyInterner()
    let arena = keys.flatMap { $0 }
    var starts: [Int] = []
    var ends: [Int] = []
    var offset = 0
    for k in keys {
      starts.append(offset)
      offset += k.count
      ends.append(offset)
    }
    var hashes = [UInt64](repeating: 0, count: keys.count)
    var codes = [Int32](repeating: 0, count: keys.count)
    arena.withUnsafeBufferPointer { a in
      starts.withUnsafeBufferPointer { s in
        ends.withUnsafeBufferPointer { e in
          hashes.withUnsafeMutableBufferPointer { h in
            codes.withUnsafeMutableBufferPointer { c in
              batched.internBatch(a, starts: s, ends: e, count: keys.count, hashes: h, codes: c)
            }
          }
        }
      }
    }
    #expect(codes == single)
    var merged = KeyInterner()
    _ = Self.keys(300, seed: 4).map { k in k.withUnsafeBufferPointer { merged.intern($0) } }
    let map = merged.absorb(one)
    for (c, key) in keys.enumerated() {
      #expect(Array(merged.bytes(map[Int(single[c])])) == key)
    }
  }
}
