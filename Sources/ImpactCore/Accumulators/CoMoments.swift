// Bivariate streaming co-moments (Welford-style) with the pairwise merge of
// Chan, Golub & LeVeque (1983), extended to cross-products as in
// Pébay, "Formulas for robust, one-pass parallel computation of covariances
// and arbitrary-order statistical moments", Sandia SAND2008-6212.

/// Count, means and centered second moments of pairs (x, y), plus the
/// centered second moment of d = y − x tracked directly (so the variance of
/// highly correlated pairs does not suffer cancellation); mergeable.
///
/// ```
/// add (x, y):  n += 1; δx = x − x̄; δy = y − ȳ; x̄ += δx/n; ȳ += δy/n
///              Cxx += δx(x − x̄); Cyy += δy(y − ȳ); Cxy += δx(y − ȳ)
/// merge:       C = Cₐ + C_b + δ·δ'·nₐn_b/n  for each pair of variables
/// ```
public struct CoMoments: Sendable, Equatable, Codable {
  public private(set) var count = 0
  public private(set) var meanX = 0.0
  public private(set) var meanY = 0.0
  public private(set) var meanD = 0.0
  /// Σ(x − x̄)², Σ(y − ȳ)², Σ(x − x̄)(y − ȳ), Σ(d − d̄)².
  public private(set) var cxx = 0.0
  public private(set) var cyy = 0.0
  public private(set) var cxy = 0.0
  public private(set) var cdd = 0.0

  public init() {}

  init(count: Int, meanX: Double, meanY: Double, cxx: Double, cyy: Double, cxy: Double, cdd: Double) {
    self.count = count
    self.meanX = meanX
    self.meanY = meanY
    self.meanD = meanY - meanX
    self.cxx = cxx
    self.cyy = cyy
    self.cxy = cxy
    self.cdd = cdd
  }

  /// Adds one pair. - Complexity: O(1).
  @inline(__always)
  public mutating func add(x: Double, y: Double) {
    count += 1
    let n = Double(count)
    let dx = x - meanX
    let dy = y - meanY
    let d = y - x
    let dd = d - meanD
    meanX += dx / n
    meanY += dy / n
    meanD += dd / n
    cxx += dx * (x - meanX)
    cyy += dy * (y - meanY)
    cxy += dx * (y - meanY)
    cdd += dd * (d - meanD)
  }

  /// Combines with another accumulator.
  public func merged(with o: CoMoments) -> CoMoments {
    if o.count == 0 { return self }
    if count == 0 { return o }
    var r = CoMoments()
    r.count = count + o.count
    let n = Double(r.count)
    let w = Double(count) * Double(o.count) / n
    let dx = o.meanX - meanX
    let dy = o.meanY - meanY
    let dd = o.meanD - meanD
    r.meanX = meanX + dx * Double(o.count) / n
    r.meanY = meanY + dy * Double(o.count) / n
    r.meanD = meanD + dd * Double(o.count) / n
    r.cxx = cxx + o.cxx + dx * dx * w
    r.cyy = cyy + o.cyy + dy * dy * w
    r.cxy = cxy + o.cxy + dx * dy * w
    r.cdd = cdd + o.cdd + dd * dd * w
    return r
  }

  /// The same pairs with every value multiplied by `m`.
  public func scaled(by m: Double) -> CoMoments {
    var r = self
    r.meanX *= m
    r.meanY *= m
    r.meanD *= m
    r.cxx *= m * m
    r.cyy *= m * m
    r.cxy *= m * m
    r.cdd *= m * m
    return r
  }

  private func variance(_ c: Double) -> Double? { count >= 2 ? c / Double(count - 1) : nil }
  public var varianceX: Double? { variance(cxx) }
  public var varianceY: Double? { variance(cyy) }
  public var covariance: Double? { variance(cxy) }
  public var varianceDifference: Double? { variance(cdd) }
}
