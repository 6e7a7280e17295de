// An exact sum of doubles: a sparse "small superaccumulator" after R. M.
// Neal, "Fast exact summation using small and large superaccumulators",
// arXiv:1505.05571 (2015). Every finite double is an integer multiple of
// 2⁻¹⁰⁷⁴, so a sum of doubles is an integer in those units; it is kept in
// 32-bit digits stored in 64-bit words, whose headroom absorbs 2³⁰ additions
// before carries must be propagated. Only the digits the data touch are
// stored (a window of a few words for data of one magnitude).
//
// Integer addition is associative: any split, order or grouping of the terms
// gives the same exact sum, and `value` rounds it once (to nearest, ties to
// even). This is what lets survey-design totals of weighted values — which are
// not decimals of a fixed scale — merge across shards to bit-identical figures.

/// The exact sum of any number of finite doubles; mergeable in any order with
/// bit-identical results.
///
/// ```
/// value = round-to-nearest( Σᵢ xᵢ )   (the sum itself is exact)
/// ```
/// ```
/// var s = ExactSum()
/// s.add(0.1); s.add(1e20); s.add(-1e20)
/// s.value   // 0.1, where (0.1 + 1e20) − 1e20 gives 0 in doubles
/// ```
/// - Complexity: O(1) per `add` (three digit updates); memory 8 bytes per
///   32-bit digit spanned by the data.
public struct ExactSum: Sendable, Codable {
  /// Index of `digits[0]`: digit i stands for 2^(32·i − 1074).
  private var base = 0
  /// Signed digits; the value is Σ digits[i] · 2^(32·(base + i) − 1074).
  private var digits: [Int64] = []
  /// Additions since the carries were last propagated.
  private var pending = 0

  public init() {}

  /// Adds a finite `x` (a NaN or infinity is a programmer error: callers
  /// validate data first).
  @inline(__always)
  public mutating func add(_ x: Double) {
    precondition(x.isFinite, "ExactSum takes finite values")
    if x == 0 { return }
    let bits = x.significandBitPattern
    let exponentBits = Int(x.exponentBitPattern)
    let mantissa: UInt64 = exponentBits == 0 ? bits : bits | (1 << 52)
    let position = exponentBits == 0 ? 0 : exponentBits - 1
    let index = position >> 5
    let shift = UInt64(position & 31)
    let low = mantissa << shift
    let high = shift == 0 ? 0 : mantissa >> (64 - shift)
    let d0 = Int64(low & 0xFFFF_FFFF)
    let d1 = Int64(low >> 32)
    let d2 = Int64(high)
    var i = index - base
    if i < 0 || i + 3 >= digits.count {
      reserve(from: index, through: index + 3)
      i = index - base
    }
    let sign: Int64 = x < 0 ? -1 : 1
    digits.withUnsafeMutableBufferPointer { p in
      // In range: the window was just checked to cover i...i + 3.
      p[i] &+= sign &* d0
      p[i + 1] &+= sign &* d1
      p[i + 2] &+= sign &* d2
    }
    pending += 1
    if pending >= 1 << 30 { normalize() }
  }

  /// Adds another exact sum (exactly).
  public mutating func add(_ o: ExactSum) {
    guard !o.digits.isEmpty else { return }
    if pending + o.pending >= 1 << 29 {
      normalize()
    }
    var other = o
    if other.pending > 0 { other.normalize() }
    guard !other.digits.isEmpty else { return }
    reserve(from: other.base, through: other.base + other.digits.count)
    for (j, d) in other.digits.enumerated() { digits[other.base + j - base] += d }
    pending += 1
    normalize()
  }

  /// The two sums combined.
  public func merged(with o: ExactSum) -> ExactSum {
    var r = self
    r.add(o)
    return r
  }

  /// Grows the digit window to cover digit indices `lo...hi`.
  @inline(__always)
  private mutating func reserve(from lo: Int, through hi: Int) {
    if digits.isEmpty {
      base = lo
      digits = Array(repeating: 0, count: hi - lo + 1)
      return
    }
    if lo < base {
      digits.insert(contentsOf: repeatElement(0, count: base - lo), at: 0)
      base = lo
    }
    let top = base + digits.count - 1
    if hi > top { digits.append(contentsOf: repeatElement(0, count: hi - top)) }
  }

  /// Propagates carries: every digit but the top one in [0, 2³²), the top
  /// one signed; zero digits at both ends trimmed.
  private mutating func normalize() {
    pending = 0
    var carry: Int64 = 0
    for i in digits.indices {
      let d = digits[i] + carry
      carry = d >> 32
      digits[i] = d & 0xFFFF_FFFF
    }
    while carry != 0 && carry != -1 {
      digits.append(carry & 0xFFFF_FFFF)
      carry >>= 32
    }
    if carry == -1 { digits.append(-1) }
    // A top digit −1 over digits in [0, 2³²) is still a negative value; trim
    // zeros above the sign only.
    while let last = digits.last, last == 0 { digits.removeLast() }
    var lead = 0
    while lead < digits.count && digits[lead] == 0 { lead += 1 }
    if lead > 0 {
      digits.removeFirst(lead)
      base += lead
    }
    if digits.isEmpty { base = 0 }
  }

  /// The exact sum rounded to the nearest double (ties to even); ±infinity
  /// when it exceeds the double range.
  public var value: Double {
    var s = self
    s.normalize()
    guard !s.digits.isEmpty else { return 0 }
    let negative = s.digits[s.digits.count - 1] < 0
    if negative {
      for i in s.digits.indices { s.digits[i] = -s.digits[i] }
      s.normalize()
    }
    // Magnitude in base-2³² digits, the top one in [1, 2³²): the three top
    // digits hold at least 65 significant bits; the digits below only decide
    // rounding, so they fold into one sticky bit.
    let n = s.digits.count
    var top: UInt128 = 0
    let first = max(0, n - 3)
    for i in stride(from: n - 1, through: first, by: -1) { top = top << 32 | UInt128(UInt64(s.digits[i])) }
    var sticky = false
    for i in 0..<first where s.digits[i] != 0 { sticky = true }
    if sticky { top = top << 1 | 1 } else { top <<= 1 }
    let exponent = 32 * (s.base + first) - 1074 - 1
    let magnitude = Double(sign: .plus, exponent: exponent, significand: Double(top))
    return negative ? -magnitude : magnitude
  }
}

extension ExactSum {
  /// Digit indices a finite double can touch: positions 0…2097 of 2⁻¹⁰⁷⁴
  /// units, 32 bits a digit, plus room for carries of any realistic count.
  static let maximumDigitIndex = 80

  /// Decodes a sum from a partial file, which is untrusted input: the digit
  /// window must lie inside the range doubles can reach, and every digit and
  /// the pending count must leave the headroom `add` relies on — a forged
  /// window would otherwise allocate without bound or overflow while merging.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    let base = try c.decode(Int.self, forKey: .base)
    let digits = try c.decode([Int64].self, forKey: .digits)
    let pending = try c.decode(Int.self, forKey: .pending)
    guard base >= 0, base <= Self.maximumDigitIndex, digits.count <= Self.maximumDigitIndex + 1 - base else {
      throw DecodingError.dataCorruptedError(
        forKey: .digits, in: c,
        debugDescription:
          "an exact sum's digits span \(base)…\(base + digits.count - 1), outside 0…\(Self.maximumDigitIndex)")
    }
    guard digits.allSatisfy({ $0.magnitude < 1 << 62 }), pending >= 0, pending < 1 << 29 else {
      throw DecodingError.dataCorruptedError(
        forKey: .pending, in: c, debugDescription: "an exact sum's digits or pending count are out of range")
    }
    self.init()
    self.base = base
    self.digits = digits
    self.pending = pending
  }
}
