// Stage one of the CSV hot loop: the structural bytes of a 64-byte block as
// bitmasks, without a branch per byte.
//
// The approach of simdjson and simdcsv (Langdale & Lemire, "Parsing gigabytes
// of JSON per second", VLDB Journal 2019): compare a block of bytes against
// each structural character at once and collect the results as one bit per
// byte; the parser then jumps from set bit to set bit (trailing-zero count)
// instead of testing every byte. On x86-64 the compares are SSE2 (part of
// the x86-64 baseline, so no CPU check is needed): four 16-byte compares per
// character and `pmovmskb` per 16 bytes. Elsewhere a SWAR version compares
// eight bytes per 64-bit word (the exact zero-byte test of Mycroft, in
// Warren's "Hacker's Delight", 2nd ed., §6-1) and gathers the high bits with
// one multiplication; both give the same masks.
//
// Quote parity by prefix XOR is not used: a quote inside an unquoted field
// is literal here (`5" screen` is one field, as in Excel and Python's csv),
// so a quote's meaning depends on where its field starts. The scanner
// instead jumps over a quoted field with the quote mask of the blocks it
// spans, counting its line feeds with the line-feed mask.
#if arch(x86_64)
  import _Builtin_intrinsics.intel
#endif

/// Bit k of each mask is set when byte k of the block is that character.
struct StructuralMasks: Equatable {
  /// Bytes that end an unquoted field: the delimiter, LF, CR and NUL.
  var ends: UInt64
  /// Double quotes.
  var quotes: UInt64
  /// Line feeds.
  var lineFeeds: UInt64

  /// The masks of the 64 bytes at `block` (all 64 must be readable).
  @inline(__always)
  init(block: UnsafeRawPointer, delimiter: UInt8) {
    #if arch(x86_64)
      self = Self.sse2(block, delimiter: delimiter)
    #else
      self = Self.portable(block, delimiter: delimiter)
    #endif
  }

  init(ends: UInt64, quotes: UInt64, lineFeeds: UInt64) {
    self.ends = ends
    self.quotes = quotes
    self.lineFeeds = lineFeeds
  }

  /// Keeps only the first `count` bytes' bits (0 ≤ count ≤ 64).
  @inline(__always)
  mutating func truncate(to count: Int) {
    guard count < 64 else { return }
    let keep: UInt64 = count <= 0 ? 0 : (1 << UInt64(count)) &- 1
    ends &= keep
    quotes &= keep
    lineFeeds &= keep
  }

  /// The masks of a 64-byte array (for tests: `block.count == 64`).
  static func of(_ block: [UInt8], delimiter: UInt8, portable: Bool = false) -> StructuralMasks {
    precondition(block.count == 64, "a block is 64 bytes")
    return block.withUnsafeBytes { raw in
      guard let p = raw.baseAddress else { return StructuralMasks(ends: 0, quotes: 0, lineFeeds: 0) }
      return portable ? Self.portable(p, delimiter: delimiter) : StructuralMasks(block: p, delimiter: delimiter)
    }
  }

  #if arch(x86_64)
    @inline(__always)
    private static func sse2(_ p: UnsafeRawPointer, delimiter: UInt8) -> StructuralMasks {
      let d = _mm_set1_epi8(CChar(bitPattern: delimiter))
      let lf = _mm_set1_epi8(0x0A)
      let cr = _mm_set1_epi8(0x0D)
      let quote = _mm_set1_epi8(0x22)
      let zero = _mm_setzero_si128()
      var ends: UInt64 = 0
      var quotes: UInt64 = 0
      var lineFeeds: UInt64 = 0
      for k in 0..<4 {
        let v = p.loadUnaligned(fromByteOffset: 16 * k, as: __m128i.self)
        let isLF = _mm_cmpeq_epi8(v, lf)
        let e = _mm_or_si128(
          _mm_or_si128(_mm_cmpeq_epi8(v, d), isLF), _mm_or_si128(_mm_cmpeq_epi8(v, cr), _mm_cmpeq_epi8(v, zero)))
        let shift = UInt64(16 * k)
        ends |= UInt64(UInt16(truncatingIfNeeded: _mm_movemask_epi8(e))) << shift
        quotes |= UInt64(UInt16(truncatingIfNeeded: _mm_movemask_epi8(_mm_cmpeq_epi8(v, quote)))) << shift
        lineFeeds |= UInt64(UInt16(truncatingIfNeeded: _mm_movemask_epi8(isLF))) << shift
      }
      return StructuralMasks(ends: ends, quotes: quotes, lineFeeds: lineFeeds)
    }
  #endif

  /// Eight bytes per 64-bit word; the same masks as the SSE2 version.
  @inline(__always)
  static func portable(_ p: UnsafeRawPointer, delimiter: UInt8) -> StructuralMasks {
    let ones: UInt64 = 0x0101_0101_0101_0101
    let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
    /// 0x80 in each byte of `x` that is zero, exactly (no carries between bytes).
    @inline(__always) func zeroBytes(_ x: UInt64) -> UInt64 { ~(((x & low7) &+ low7) | x | low7) }
    /// The high bits of the eight bytes gathered into 8 bits (byte k → bit k).
    @inline(__always) func gather(_ h: UInt64) -> UInt64 { ((h >> 7) &* 0x0102_0408_1020_4080) >> 56 }
    let d = ones &* UInt64(delimiter)
    let lf = ones &* 0x0A
    let cr = ones &* 0x0D
    let quote = ones &* 0x22
    var ends: UInt64 = 0
    var quotes: UInt64 = 0
    var lineFeeds: UInt64 = 0
    for k in 0..<8 {
      let w = UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 8 * k, as: UInt64.self))
      let isLF = zeroBytes(w ^ lf)
      let e = zeroBytes(w ^ d) | isLF | zeroBytes(w ^ cr) | zeroBytes(w)
      let shift = UInt64(8 * k)
      ends |= gather(e) << shift
      quotes |= gather(zeroBytes(w ^ quote)) << shift
      lineFeeds |= gather(isLF) << shift
    }
    return StructuralMasks(ends: ends, quotes: quotes, lineFeeds: lineFeeds)
  }
}
