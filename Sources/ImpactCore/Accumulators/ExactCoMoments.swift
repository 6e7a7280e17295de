// Exact bivariate power sums of scaled decimals: the paired (pre, post)
// version of ExactMoments. Every figure derives from shift-invariant integer
// numerators formed exactly (256-bit) before one division, so any split of the
// pairs merges to bit-identical results.

/// Exact sums of x, y, x², y², xy over pairs of decimal values at a fixed
/// scale; mergeable with bit-identical results in any order.
///
/// ```
/// mean_x = Σx / n
/// var_x  = (n·Σx² − (Σx)²) / (n(n−1))
/// cov    = (n·Σxy − Σx·Σy) / (n(n−1))
/// d = y − x:  Σd = Σy − Σx,  Σd² = Σy² + Σx² − 2Σxy   (exact, no cancellation)
/// ```
/// Values are mantissas m = x·10^scale with |m| ≤ 2⁵³; `add` refuses (returns
/// `false`) a pair whose sums would overflow.
public struct ExactCoMoments: Sendable, Equatable {
  public private(set) var scale: Int
  public private(set) var count = 0
  var shiftX: Int64 = 0
  var shiftY: Int64 = 0
  var sx: Int128 = 0
  var sy: Int128 = 0
  var sxx: Int128 = 0
  var syy: Int128 = 0
  var sxy: Int128 = 0

  public init(scale: Int) {
    precondition((0...15).contains(scale), "scale must be in 0...15")
    self.scale = scale
  }

  /// Adds one pair of mantissas.
  @inline(__always)
  @discardableResult
  public mutating func add(x: Int64, y: Int64) -> Bool {
    if count == 0 {
      shiftX = x
      shiftY = y
    }
    let (ax, ox) = x.subtractingReportingOverflow(shiftX)
    let (ay, oy) = y.subtractingReportingOverflow(shiftY)
    if !ox && !oy && ax.magnitude < (1 << 31) && ay.magnitude < (1 << 31) && count < (1 << 60) {
      // Fast path: products fit 64 bits; 128-bit sums cannot overflow.
      sx &+= Int128(ax)
      sy &+= Int128(ay)
      sxx &+= Int128(ax &* ax)
      syy &+= Int128(ay &* ay)
      sxy &+= Int128(ax &* ay)
      count += 1
      return true
    }
    let dx = Int128(x) - Int128(shiftX)
    let dy = Int128(y) - Int128(shiftY)
    // Deviations from the first pair stay far below 2^63 for survey data; the
    // general case is checked.
    if dx.magnitude < (1 << 60) && dy.magnitude < (1 << 60) {
      let (a, o1) = sxx.addingReportingOverflow(dx * dx)
      let (b, o2) = syy.addingReportingOverflow(dy * dy)
      let (c, o3) = sxy.addingReportingOverflow(dx * dy)
      if o1 || o2 || o3 { return false }
      sxx = a
      syy = b
      sxy = c
      sx += dx
      sy += dy
      count += 1
      return true
    }
    return false
  }

  /// Adds the pairs `(xs[i], ys[i])`, the same as one `add(x:y:)` each, with
  /// the block's sums formed in 64-bit integers: taken when every deviation
  /// from the shift is below 2²³ (|product| < 2⁴⁶, so 2¹⁶ of them cannot
  /// overflow). Returns `false`, adding nothing, otherwise (then add the
  /// pairs one at a time).
  mutating func add(xs: UnsafeBufferPointer<Int64>, ys: UnsafeBufferPointer<Int64>) -> Bool {
    let n = xs.count
    guard n > 0 else { return true }
    guard n <= 1 << 16, ys.count == n, count < 1 << 59 else { return false }
    let cx = count == 0 ? xs[0] : shiftX
    let cy = count == 0 ? ys[0] : shiftY
    let limit: Int64 = 1 << 23
    var (ax, ay, axx, ayy, axy): (Int64, Int64, Int64, Int64, Int64) = (0, 0, 0, 0, 0)
    var inRange = true
    for i in 0..<n {
      let (dx, o1) = xs[i].subtractingReportingOverflow(cx)
      let (dy, o2) = ys[i].subtractingReportingOverflow(cy)
      if o1 || o2 || dx >= limit || dx <= -limit || dy >= limit || dy <= -limit {
        inRange = false
        break
      }
      ax &+= dx
      ay &+= dy
      axx &+= dx &* dx
      ayy &+= dy &* dy
      axy &+= dx &* dy
    }
    guard inRange else { return false }
    shiftX = cx
    shiftY = cy
    sx &+= Int128(ax)
    sy &+= Int128(ay)
    sxx &+= Int128(axx)
    syy &+= Int128(ayy)
    sxy &+= Int128(axy)
    count += n
    return true
  }

  /// Restores a decoded state (sums: Sx, Sy, Sxx, Syy, Sxy).
  mutating func restore(count: Int, shiftX: Int64, shiftY: Int64, sums: [Int128]) {
    self.count = count
    self.shiftX = shiftX
    self.shiftY = shiftY
    sx = sums[0]
    sy = sums[1]
    sxx = sums[2]
    syy = sums[3]
    sxy = sums[4]
  }

  /// Σx, Σy (exact, shift-invariant).
  var sumX: WideInteger { WideInteger(product: Int128(shiftX), Int128(count)) + WideInteger(sx) }
  var sumY: WideInteger { WideInteger(product: Int128(shiftY), Int128(count)) + WideInteger(sy) }

  private var unit: Double { powerOfTen(scale) }

  /// Mean of x; `nil` when empty.
  public var meanX: Double? { count > 0 ? sumX.doubleValue / Double(count) / unit : nil }
  /// Mean of y; `nil` when empty.
  public var meanY: Double? { count > 0 ? sumY.doubleValue / Double(count) / unit : nil }

  /// Mean of d = y − x computed exactly as (Σy − Σx)/n; `nil` when empty.
  public var meanDifference: Double? {
    count > 0 ? (sumY - sumX).doubleValue / Double(count) / unit : nil
  }

  private func secondMoment(_ saa: Int128, _ sa: Int128, _ sbb: Int128? = nil) -> WideInteger {
    WideInteger(product: Int128(count), saa) - WideInteger(product: sa, sa)
  }

  private func sampleVariance(_ num: WideInteger) -> Double? {
    guard count >= 2 else { return nil }
    return num.doubleValue / Double(count) / Double(count - 1) / (unit * unit)
  }

  /// Sample variance of x; `nil` when n < 2.
  public var varianceX: Double? { sampleVariance(secondMoment(sxx, sx)) }
  /// Sample variance of y; `nil` when n < 2.
  public var varianceY: Double? { sampleVariance(secondMoment(syy, sy)) }
  /// Sample covariance of x and y; `nil` when n < 2.
  public var covariance: Double? {
    sampleVariance(WideInteger(product: Int128(count), sxy) - WideInteger(product: sx, sy))
  }

  /// Sample variance of d = y − x, from exact sums (no cancellation):
  /// n·Σd² − (Σd)² with Σd² = Σy² + Σx² − 2Σxy over the shifted values.
  public var varianceDifference: Double? {
    guard count >= 2, let num = differenceMoment else { return nil }
    return sampleVariance(num)
  }

  /// n·Σd² − (Σd)² for d = y − x, exactly; `nil` when Σd² or Σd overflow
  /// 128 bits (sums near the limit: extreme data, or a forged partial).
  private var differenceMoment: WideInteger? {
    // d − (shiftY − shiftX) = dy − dx; the variance is shift-invariant.
    let (twice, o1) = sxy.multipliedReportingOverflow(by: 2)
    let (a, o2) = syy.addingReportingOverflow(sxx)
    let (sdd, o3) = a.subtractingReportingOverflow(twice)
    let (sd, o4) = sy.subtractingReportingOverflow(sx)
    guard !(o1 || o2 || o3 || o4) else { return nil }
    return WideInteger(product: Int128(count), sdd) - WideInteger(product: sd, sd)
  }

  /// The same figures at more decimal places, or `nil` on overflow.
  public func rescaled(to newScale: Int) -> ExactCoMoments? {
    precondition(newScale >= scale && newScale <= 15)
    if newScale == scale { return self }
    let f = Int128(Int64(powerOfTen(newScale - scale)))
    var r = self
    r.scale = newScale
    guard count > 0 else { return r }
    let (hx, o0) = shiftX.multipliedReportingOverflow(by: Int64(f))
    let (hy, o1) = shiftY.multipliedReportingOverflow(by: Int64(f))
    guard !o0 && !o1, let a = checkedMul(sx, f), let b = checkedMul(sy, f), let c = checkedMul(sxx, f * f),
      let d = checkedMul(syy, f * f), let e = checkedMul(sxy, f * f)
    else { return nil }
    r.shiftX = hx
    r.shiftY = hy
    r.sx = a
    r.sy = b
    r.sxx = c
    r.syy = d
    r.sxy = e
    return r
  }

  /// Exact merge (same figures in any order), or `nil` on overflow.
  ///
  /// b's sums re-shifted by Δx = σx_b − σx_a, Δy = σy_b − σy_a:
  /// ```
  /// Sx' = Sx_b + n_b·Δx
  /// Sxx' = Sxx_b + 2Δx·Sx_b + n_b·Δx²
  /// Sxy' = Sxy_b + Δx·Sy_b + Δy·Sx_b + n_b·Δx·Δy
  /// ```
  public func merged(with other: ExactCoMoments) -> ExactCoMoments? {
    let s = max(scale, other.scale)
    guard let a = rescaled(to: s), let b = other.rescaled(to: s) else { return nil }
    if b.count == 0 { return a }
    if a.count == 0 { return b }
    let dx = Int128(b.shiftX) - Int128(a.shiftX)
    let dy = Int128(b.shiftY) - Int128(a.shiftY)
    let nb = Int128(b.count)
    guard let sx1 = checkedAdd(b.sx, checkedMul(nb, dx)),
      let sy1 = checkedAdd(b.sy, checkedMul(nb, dy)),
      let sxx1 = checkedAdd(checkedAdd(b.sxx, checkedMul(2 * dx, b.sx)), checkedMul(nb, checkedMul(dx, dx) ?? .max)),
      let syy1 = checkedAdd(checkedAdd(b.syy, checkedMul(2 * dy, b.sy)), checkedMul(nb, checkedMul(dy, dy) ?? .max)),
      let sxy1 = checkedAdd(
        checkedAdd(checkedAdd(b.sxy, checkedMul(dx, b.sy)), checkedMul(dy, b.sx)),
        checkedMul(nb, checkedMul(dx, dy) ?? .max)),
      let nsx = checkedAdd(a.sx, sx1), let nsy = checkedAdd(a.sy, sy1), let nsxx = checkedAdd(a.sxx, sxx1),
      let nsyy = checkedAdd(a.syy, syy1), let nsxy = checkedAdd(a.sxy, sxy1)
    else { return nil }
    var r = a
    r.count = a.count + b.count
    r.sx = nsx
    r.sy = nsy
    r.sxx = nsxx
    r.syy = nsyy
    r.sxy = nsxy
    return r
  }

  /// The same figures as a floating-point `CoMoments`.
  public var floating: CoMoments {
    guard count > 0, let mx = meanX, let my = meanY else { return CoMoments() }
    let n = Double(count)
    let u2 = unit * unit
    let cxx = (secondMoment(sxx, sx).doubleValue / n) / u2
    let cyy = (secondMoment(syy, sy).doubleValue / n) / u2
    let cxy = ((WideInteger(product: Int128(count), sxy) - WideInteger(product: sx, sy)).doubleValue / n) / u2
    let cdd = differenceMoment.map { ($0.doubleValue / n) / u2 } ?? max(0, cxx + cyy - 2 * cxy)
    return CoMoments(count: count, meanX: mx, meanY: my, cxx: cxx, cyy: cyy, cxy: cxy, cdd: cdd)
  }
}

@inline(__always)
func checkedMul(_ a: Int128?, _ b: Int128?) -> Int128? {
  guard let a, let b else { return nil }
  let (r, o) = a.multipliedReportingOverflow(by: b)
  return o ? nil : r
}
