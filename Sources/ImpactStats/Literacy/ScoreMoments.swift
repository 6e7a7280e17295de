public import ImpactCore

/// Mean and variance of one set of scores: exact (`ExactMoments`) when the
/// scores are decimals with at most `scale` places, Welford/Chan otherwise.
/// Mergeable; exact merges are bit-identical in any order.
public struct ScoreMoments: Sendable, Equatable, Codable {
  public private(set) var scale: Int?
  var exact: ExactMoments
  var floating = Moments()

  public init(scale: Int?) {
    self.scale = scale
    exact = ExactMoments(scale: scale ?? 0)
  }

  /// Adds a score in real units (NaN = missing, ignored).
  @inline(__always)
  public mutating func add(_ x: Double) {
    if x.isNaN { return }
    if let s = scale {
      if exact.add(mantissa: nearestInt64(x * powerOfTen(s))) { return }
      floating = exact.floating
      scale = nil
    }
    floating.add(x)
  }

  /// Adds a mantissa in units of `unit` (10^scale the accumulator was made
  /// with); after an overflow of the exact sums it continues in floating
  /// point.
  @inline(__always)
  public mutating func add(mantissa m: Int64, unit: Double) {
    if scale != nil {
      if exact.add(mantissa: m) { return }
      floating = exact.floating
      scale = nil
    }
    floating.add(Double(m) / unit)
  }

  /// Adds every mantissa of `values` (units of `unit`) except `marker`.
  public mutating func add(mantissas values: UnsafeBufferPointer<Int64>, skipping marker: Int64, unit: Double) {
    if scale != nil, exact.add(mantissas: values, skipping: marker) { return }
    for m in values where m != marker { add(mantissa: m, unit: unit) }
  }

  public var count: Int { scale != nil ? exact.count : floating.count }
  public var mean: Double? { scale != nil ? exact.mean : floating.meanIfAny }
  public var variance: Double? { scale != nil ? exact.variance : floating.variance }

  public func merged(with o: ScoreMoments) -> ScoreMoments {
    if let a = scale, let b = o.scale, let m = exact.merged(with: o.exact) {
      var r = self
      r.scale = max(a, b)
      r.exact = m
      return r
    }
    var r = ScoreMoments(scale: nil)
    r.floating = (scale != nil ? exact.floating : floating).merged(
      with: o.scale != nil ? o.exact.floating : o.floating)
    return r
  }
}
