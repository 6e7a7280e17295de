// Exact power sums of scaled decimals. A value written as a plain decimal with
// at most `scale` fractional digits is the integer mantissa m = x·10^scale.
// Sums of m and m² are kept exactly (128-bit, shifted by the first value so
// data far from zero stay small), and the variance numerator n·Σm² − (Σm)² is
// formed exactly in 256 bits before a single division. The results are
// therefore independent of the order and grouping of the data: chunks and
// shards merge to bit-identical figures, and NIST NumAcc4 (1e7 + 0.1 steps)
// gives sd 0.1 exactly — which no algorithm working on binary doubles can,
// because 10000000.1 is not representable.

/// Exact count, sum and sum of squares of decimal values at a fixed scale;
/// mergeable with bit-identical results in any order.
///
/// ```
/// mean     = Σm / (n·10^s)
/// variance = (n·Σm² − (Σm)²) / (n(n−1)·10^(2s))       (numerator exact)
/// ```
/// Mantissas must satisfy |m| ≤ 2⁵³. `add` returns `false` (and the value is
/// not added) when a sum would overflow; callers then fall back to `Moments`.
public struct ExactMoments: Sendable, Equatable {
  /// Decimal places: value = mantissa / 10^scale.
  public private(set) var scale: Int
  /// Number of values.
  public private(set) var count: Int = 0
  var shift: Int64 = 0
  var s1: Int128 = 0
  var s2: Int128 = 0
  /// Smallest and largest mantissa seen.
  public private(set) var minMantissa: Int64 = .max
  public private(set) var maxMantissa: Int64 = .min

  /// An empty accumulator at `scale` decimal places (0...15).
  public init(scale: Int) {
    precondition((0...15).contains(scale), "scale must be in 0...15")
    self.scale = scale
  }

  /// Adds the value `mantissa / 10^scale`.
  /// - Returns: `false` when the exact sums would overflow (nothing added).
  @inline(__always)
  @discardableResult
  public mutating func add(mantissa m: Int64) -> Bool {
    if count == 0 { shift = m }
    let (d64, o) = m.subtractingReportingOverflow(shift)
    if !o && d64.magnitude < (1 << 31) && count < (1 << 60) {
      // Fast path: the square fits 64 bits and the sums cannot overflow.
      s1 &+= Int128(d64)
      s2 &+= Int128(d64 &* d64)
      count += 1
      if m < minMantissa { minMantissa = m }
      if m > maxMantissa { maxMantissa = m }
      return true
    }
    let d = Int128(m) - Int128(shift)
    let (sq, o1) = d.multipliedReportingOverflow(by: d)
    let (n2, o2) = s2.addingReportingOverflow(sq)
    let (n1, o3) = s1.addingReportingOverflow(d)
    if o1 || o2 || o3 { return false }
    s1 = n1
    s2 = n2
    count += 1
    if m < minMantissa { minMantissa = m }
    if m > maxMantissa { maxMantissa = m }
    return true
  }

  /// Adds every mantissa of `values` except those equal to `marker`, the
  /// same as one `add(mantissa:)` each, with the block's sums formed in
  /// 64-bit integers when every deviation from the shift is below 2²³.
  /// Returns `false`, adding nothing, otherwise (then add them one at a time).
  mutating func add(mantissas values: UnsafeBufferPointer<Int64>, skipping marker: Int64) -> Bool {
    guard values.count <= 1 << 16, count < 1 << 59 else { return false }
    var c = shift
    if count == 0 {
      guard let first = values.first(where: { $0 != marker }) else { return true }
      c = first
    }
    let limit: Int64 = 1 << 23
    var a1: Int64 = 0
    var a2: Int64 = 0
    var n = 0
    var lo = minMantissa
    var hi = maxMantissa
    for m in values where m != marker {
      let (d, o) = m.subtractingReportingOverflow(c)
      if o || d >= limit || d <= -limit { return false }
      a1 &+= d
      a2 &+= d &* d
      n += 1
      lo = Swift.min(lo, m)
      hi = Swift.max(hi, m)
    }
    guard n > 0 else { return true }
    shift = c
    s1 &+= Int128(a1)
    s2 &+= Int128(a2)
    count += n
    minMantissa = lo
    maxMantissa = hi
    return true
  }

  /// Restores a decoded state.
  mutating func restore(count: Int, shift: Int64, s1: Int128, s2: Int128, min: Int64, max: Int64) {
    self.count = count
    self.shift = shift
    self.s1 = s1
    self.s2 = s2
    minMantissa = min
    maxMantissa = max
  }

  /// Σm (exact, shift-invariant).
  var exactSum: WideInteger {
    WideInteger(product: Int128(shift), Int128(count)) + WideInteger(s1)
  }

  /// Mean, or `nil` when empty.
  public var mean: Double? {
    guard count > 0 else { return nil }
    return exactSum.doubleValue / Double(count) / powerOfTen(scale)
  }

  /// Σ(x − x̄)², the second central moment sum; `nil` when empty.
  public var centralSumOfSquares: Double? {
    guard count > 0 else { return nil }
    let num = WideInteger(product: Int128(count), s2) - WideInteger(product: s1, s1)
    return num.doubleValue / Double(count) / (powerOfTen(scale) * powerOfTen(scale))
  }

  /// Sample variance; `nil` when n < 2.
  public var variance: Double? {
    guard count >= 2 else { return nil }
    let num = WideInteger(product: Int128(count), s2) - WideInteger(product: s1, s1)
    let p = powerOfTen(scale)
    return num.doubleValue / Double(count) / Double(count - 1) / (p * p)
  }

  /// Sample standard deviation; `nil` when n < 2.
  public var standardDeviation: Double? { variance.map { $0.squareRoot() } }

  /// The same data at a larger scale (more decimal places), or `nil` on overflow.
  public func rescaled(to newScale: Int) -> ExactMoments? {
    precondition(newScale >= scale && newScale <= 15)
    if newScale == scale { return self }
    let f = Int64(powerOfTen(newScale - scale))
    var r = self
    r.scale = newScale
    guard count > 0 else { return r }
    let (sh, o0) = shift.multipliedReportingOverflow(by: f)
    let (a, o1) = s1.multipliedReportingOverflow(by: Int128(f))
    let (b, o2) = s2.multipliedReportingOverflow(by: Int128(f) * Int128(f))
    let (lo, o3) = minMantissa.multipliedReportingOverflow(by: f)
    let (hi, o4) = maxMantissa.multipliedReportingOverflow(by: f)
    if o0 || o1 || o2 || o3 || o4 { return nil }
    r.shift = sh
    r.s1 = a
    r.s2 = b
    r.minMantissa = lo
    r.maxMantissa = hi
    return r
  }

  /// Exact merge (any order gives the same figures), or `nil` on overflow.
  ///
  /// Re-shifting b's sums to a's shift σ: with Δ = σ_b − σ_a,
  /// ```
  /// Σ(m − σ_a)  = S1_b + n_b·Δ
  /// Σ(m − σ_a)² = S2_b + 2Δ·S1_b + n_b·Δ²
  /// ```
  public func merged(with other: ExactMoments) -> ExactMoments? {
    let s = max(scale, other.scale)
    guard let a = rescaled(to: s), let b = other.rescaled(to: s) else { return nil }
    if b.count == 0 { return a }
    if a.count == 0 { return b }
    let delta = Int128(b.shift) - Int128(a.shift)
    let nb = Int128(b.count)
    guard let t1 = checkedMul(nb, delta), let add1 = checkedAdd(b.s1, t1),
      let newS1 = checkedAdd(a.s1, add1),
      let d2 = checkedMul(delta, delta), let t2 = checkedMul(nb, d2),
      let t3 = checkedMul(2 * delta, b.s1), let add2 = checkedAdd(checkedAdd(b.s2, t3), t2),
      let newS2 = checkedAdd(a.s2, add2)
    else { return nil }
    var r = a
    r.count = a.count + b.count
    r.s1 = newS1
    r.s2 = newS2
    r.minMantissa = min(a.minMantissa, b.minMantissa)
    r.maxMantissa = max(a.maxMantissa, b.maxMantissa)
    return r
  }

  /// The same figures as a floating-point `Moments` (for merging with data
  /// that is not exact-decimal).
  public var floating: Moments {
    var m = Moments()
    guard count > 0, let mean, let css = centralSumOfSquares else { return m }
    let p = powerOfTen(scale)
    m.setState(count: count, mean: mean, m2: css, min: Double(minMantissa) / p, max: Double(maxMantissa) / p)
    return m
  }
}

extension Moments {
  /// Sets the raw state (used when converting exact accumulators).
  mutating func setState(count: Int, mean: Double, m2: Double, min: Double, max: Double) {
    self = Moments(count: count, mean: mean, m2: m2, min: min, max: max)
  }
}

@inline(__always)
func checkedMul(_ a: Int128, _ b: Int128) -> Int128? {
  let (r, o) = a.multipliedReportingOverflow(by: b)
  return o ? nil : r
}

@inline(__always)
func checkedAdd(_ a: Int128?, _ b: Int128?) -> Int128? {
  guard let a, let b else { return nil }
  let (r, o) = a.addingReportingOverflow(b)
  return o ? nil : r
}

/// The integer nearest to `v` (halves away from zero) by one truncating
/// conversion — no libm call. For mantissas `x·10^s` that are within a tiny
/// error of an integer this recovers the integer exactly.
@inline(__always)
public func nearestInt64(_ v: Double) -> Int64 {
  Int64(v < 0 ? v - 0.5 : v + 0.5)
}

/// 10^k as a double (exact for k ≤ 22).
@inline(__always)
public func powerOfTen(_ k: Int) -> Double {
  if k >= 0 && k < powersOfTen.count { return powersOfTen[k] }
  var r = 1.0
  if k >= 0 {
    for _ in 0..<k { r *= 10 }
  } else {
    for _ in 0..<(-k) { r /= 10 }
  }
  return r
}

private let powersOfTen: [Double] = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
  1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
]
