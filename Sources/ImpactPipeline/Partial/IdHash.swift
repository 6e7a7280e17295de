// The 64-bit hash that partial files carry instead of ids: SipHash-2-4
// (J.-P. Aumasson and D. J. Bernstein, "SipHash: a fast short-input PRF",
// INDOCRYPT 2012; reference implementation github.com/veorq/SipHash) of the
// id's UTF-8 bytes — the id as the job compares it (trimmed; with
// `--id-match normalized`, normalized) — under a fixed, published key.
//
// Why this hash: it is defined on bytes with little-endian word loads and a
// key that is part of the format, so every machine, process and version
// that writes format_version 2 computes the same value for the same id
// (Swift's `Hasher` is seeded per process and would not). It is a keyed
// pseudo-random function, so ids that differ slightly (respondent 00001 and
// 00002) give unrelated hashes, and the birthday bound applies: among n
// distinct ids, the chance that two share a hash is at most n(n−1)/2⁶⁵ ≈
// n²/2⁶⁵. The key is fixed, not secret: the hashes are not a privacy
// measure (ids can be guessed and hashed), only a compact identity.

/// SipHash-2-4 of ids under the key of partial files.
enum IdHash {
  /// The key of format_version 2: the ASCII bytes of "impact-partial-2",
  /// read as two little-endian words.
  static let key: (UInt64, UInt64) = (0x702d_7463_6170_6d69, 0x322d_6c61_6974_7261)

  /// The hash of an id's UTF-8 bytes.
  static func of(_ id: String) -> UInt64 {
    var s = id
    return s.withUTF8 { sipHash24($0, key: key) }
  }

  /// The hash of an id's bytes.
  static func of(_ bytes: ArraySlice<UInt8>) -> UInt64 {
    bytes.withUnsafeBufferPointer { sipHash24($0, key: key) }
  }

  /// SipHash-2-4 of `m` under the 128-bit key (k0, k1).
  ///
  /// - Complexity: O(m.count).
  static func sipHash24(_ m: UnsafeBufferPointer<UInt8>, key: (UInt64, UInt64)) -> UInt64 {
    var v0: UInt64 = 0x736f_6d65_7073_6575 ^ key.0
    var v1: UInt64 = 0x646f_7261_6e64_6f6d ^ key.1
    var v2: UInt64 = 0x6c79_6765_6e65_7261 ^ key.0
    var v3: UInt64 = 0x7465_6462_7974_6573 ^ key.1
    @inline(__always) func round() {
      v0 &+= v1
      v1 = v1.rotl(13) ^ v0
      v0 = v0.rotl(32)
      v2 &+= v3
      v3 = v3.rotl(16) ^ v2
      v0 &+= v3
      v3 = v3.rotl(21) ^ v0
      v2 &+= v1
      v1 = v1.rotl(17) ^ v2
      v2 = v2.rotl(32)
    }
    let n = m.count
    let whole = n & ~7
    var i = 0
    while i < whole {
      var w: UInt64 = 0
      for j in 0..<8 { w |= UInt64(m[i + j]) << (8 * UInt64(j)) }
      v3 ^= w
      round()
      round()
      v0 ^= w
      i += 8
    }
    var last = UInt64(truncatingIfNeeded: n) << 56
    for j in 0..<(n - whole) { last |= UInt64(m[whole + j]) << (8 * UInt64(j)) }
    v3 ^= last
    round()
    round()
    v0 ^= last
    v2 ^= 0xff
    round()
    round()
    round()
    round()
    return v0 ^ v1 ^ v2 ^ v3
  }

  /// The chance that two of `n` distinct ids share a hash (birthday bound
  /// n(n−1)/2⁶⁵), as a double.
  static func collisionProbability(_ n: Int) -> Double {
    let x = Double(n)
    return min(1, x * max(0, x - 1) / 0x1p65)
  }
}

extension UInt64 {
  @inline(__always) fileprivate func rotl(_ k: UInt64) -> UInt64 { self << k | self >> (64 - k) }
}
