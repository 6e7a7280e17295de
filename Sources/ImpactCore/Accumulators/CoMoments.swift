// Bivariate streaming co-moments by the shifted-data method (Chan, Golub &
// LeVeque 1983, §3) with Neumaier-compensated sums, as in `Moments`: sums of
// (x − cx), (y − cy), their squares and product, and of the shifted
// difference d = (y − cy) − (x − cx), around shifts taken from the first pair.
// Merging re-shifts exactly, so any split of the pairs merges to the
// single-pass figures within a few units in the last place.

/// Count, means and centered second moments of pairs (x, y), and of
/// d = y − x (tracked directly, so highly correlated pairs keep their
/// digits); mergeable.
///
/// ```
/// Sx = Σ(x − cx), Sxx = Σ(x − cx)², Sxy = Σ(x − cx)(y − cy), Sdd = Σ(d − (cy − cx))², …
/// mean_x = cx + Sx/n;  Cxx = Sxx − Sx²/n;  Cxy = Sxy − Sx·Sy/n;  Cdd = Sdd − Sd²/n
/// ```
public struct CoMoments: Sendable, Equatable, Codable {
  public private(set) var count = 0
  private var cx = 0.0
  private var cy = 0.0
  private var sx = CompensatedSum()
  private var sy = CompensatedSum()
  private var sxx = CompensatedSum()
  private var syy = CompensatedSum()
  private var sxy = CompensatedSum()
  private var sdd = CompensatedSum()

  public init() {}

  /// An accumulator with the given centered moments (converted from exact sums).
  init(count: Int, meanX: Double, meanY: Double, cxx: Double, cyy: Double, cxy: Double, cdd: Double) {
    self.count = count
    cx = meanX
    cy = meanY
    sxx.add(cxx)
    syy.add(cyy)
    sxy.add(cxy)
    sdd.add(cdd)
  }

  /// Adds one pair. - Complexity: O(1).
  @inline(__always)
  public mutating func add(x: Double, y: Double) {
    if count == 0 {
      cx = x
      cy = y
    }
    count += 1
    let a = x - cx
    let b = y - cy
    let d = b - a
    sx.add(a)
    sy.add(b)
    sxx.add(a * a)
    syy.add(b * b)
    sxy.add(a * b)
    sdd.add(d * d)
  }

  /// Combines with another accumulator.
  public func merged(with o: CoMoments) -> CoMoments {
    if o.count == 0 { return self }
    if count == 0 { return o }
    var r = self
    let dx = o.cx - cx
    let dy = o.cy - cy
    let dd = dy - dx
    let n = Double(o.count)
    let bx = o.sx.value
    let by = o.sy.value
    let bd = by - bx
    r.sx.merge(o.sx)
    r.sx.add(n * dx)
    r.sy.merge(o.sy)
    r.sy.add(n * dy)
    r.sxx.merge(o.sxx)
    r.sxx.add(2 * dx * bx)
    r.sxx.add(n * dx * dx)
    r.syy.merge(o.syy)
    r.syy.add(2 * dy * by)
    r.syy.add(n * dy * dy)
    r.sxy.merge(o.sxy)
    r.sxy.add(dx * by)
    r.sxy.add(dy * bx)
    r.sxy.add(n * dx * dy)
    r.sdd.merge(o.sdd)
    r.sdd.add(2 * dd * bd)
    r.sdd.add(n * dd * dd)
    r.count += o.count
    return r
  }

  public var meanX: Double { count > 0 ? cx + sx.value / Double(count) : 0 }
  public var meanY: Double { count > 0 ? cy + sy.value / Double(count) : 0 }
  /// Mean of d = y − x.
  public var meanD: Double { count > 0 ? (cy - cx) + (sy.value - sx.value) / Double(count) : 0 }

  /// Σ(x − x̄)², Σ(y − ȳ)², Σ(x − x̄)(y − ȳ), Σ(d − d̄)².
  public var cxx: Double { count > 0 ? max(0, sxx.value - sx.value * sx.value / Double(count)) : 0 }
  public var cyy: Double { count > 0 ? max(0, syy.value - sy.value * sy.value / Double(count)) : 0 }
  public var cxy: Double { count > 0 ? sxy.value - sx.value * sy.value / Double(count) : 0 }
  public var cdd: Double {
    guard count > 0 else { return 0 }
    let sd = sy.value - sx.value
    return max(0, sdd.value - sd * sd / Double(count))
  }

  /// The same pairs with every value multiplied by `m`.
  public func scaled(by m: Double) -> CoMoments {
    CoMoments(
      count: count, meanX: meanX * m, meanY: meanY * m, cxx: cxx * m * m, cyy: cyy * m * m, cxy: cxy * m * m,
      cdd: cdd * m * m)
  }

  private func variance(_ c: Double) -> Double? { count >= 2 ? c / Double(count - 1) : nil }
  public var varianceX: Double? { variance(cxx) }
  public var varianceY: Double? { variance(cyy) }
  public var covariance: Double? { variance(cxy) }
  public var varianceDifference: Double? { variance(cdd) }
}
