// Bivariate arity of the moment accumulators (see `MomentAccumulator`): the
// co-moments of pairs (x, y) and the distribution of their differences
// d = y − x, exact (`ExactCoMoments` and an `IntegerHistogram` of the
// difference mantissas) or floating (`CoMoments` and the differences as
// doubles), one of the two at a time.

/// Count, means and centered second moments of pairs (x, y), and the
/// distribution of d = y − x (for rank statistics); mergeable, bit-identical
/// in exact mode.
///
/// ```
/// exact:    cov = (n·Σxy − Σx·Σy)/(n(n−1)·10^2s),  Σd² = Σy² + Σx² − 2Σxy (integers)
/// floating: cov = (Sxy − Sx·Sy/n)/(n − 1)          (shifted, compensated sums)
/// ```
/// - Complexity: O(1) per pair (a histogram update), O(distinct differences)
///   per merge.
public struct BivariateMoments: MomentAccumulator {
  /// The sums of one mode.
  public enum Storage: Sendable {
    /// Exact co-moments of mantissas at `scale` places, and the differences'
    /// mantissas.
    case exact(ExactCoMoments, differences: IntegerHistogram)
    /// Co-moments in real units, and the differences.
    case floating(CoMoments, differences: ValueCounts<Double>)
  }

  public private(set) var storage: Storage

  /// An empty accumulator: exact at `scale` places (0...15), floating
  /// without.
  public init(scale: Int?) {
    storage =
      scale.map { .exact(ExactCoMoments(scale: $0), differences: IntegerHistogram()) }
      ?? .floating(CoMoments(), differences: ValueCounts())
  }

  /// An accumulator holding `storage` (e.g. decoded from a partial).
  public init(storage: Storage) { self.storage = storage }

  public var scale: Int? {
    if case .exact(let m, _) = storage { return m.scale }
    return nil
  }

  public var count: Int {
    switch storage {
    case .exact(let m, _): m.count
    case .floating(let m, _): m.count
    }
  }

  /// An empty placeholder that owns no storage, so the payload taken out of
  /// `storage` is uniquely referenced while it is mutated.
  private static var placeholder: Storage { .floating(CoMoments(), differences: ValueCounts()) }

  /// Adds a pair of mantissas in units of `unit` (10^scale); after an
  /// overflow of the exact sums it continues in floating point.
  @inline(__always)
  public mutating func add(mantissaX a: Int64, mantissaY b: Int64, unit u: Double) {
    if case .exact(var m, var h) = storage {
      storage = Self.placeholder
      if m.add(x: a, y: b) {
        h.add(b &- a)
        storage = .exact(m, differences: h)
        return
      }
      storage = .exact(m, differences: h)
      convertToFloating()
    }
    addFloating(x: Double(a) / u, y: Double(b) / u)
  }

  /// Adds a pair in real units: as mantissas in exact mode (rounded to the
  /// accumulator's places), else as doubles.
  @inline(__always)
  public mutating func add(x: Double, y: Double) {
    if let s = scale {
      let u = powerOfTen(s)
      add(mantissaX: nearestInt64(x * u), mantissaY: nearestInt64(y * u), unit: u)
      return
    }
    addFloating(x: x, y: y)
  }

  @inline(__always)
  private mutating func addFloating(x: Double, y: Double) {
    guard case .floating(var m, var h) = storage else { return }
    storage = Self.placeholder
    m.add(x: x, y: y)
    h.add(y - x)
    storage = .floating(m, differences: h)
  }

  /// Adds the pairs `(xs[i], ys[i])` of mantissas in units of `unit`, the
  /// same as one `add(mantissaX:mantissaY:unit:)` each.
  public mutating func add(mantissasX xs: [Int64], y ys: [Int64], unit: Double) {
    add(mantissasX: xs.span, y: ys.span, unit: unit)
  }

  /// `add(mantissasX:y:unit:)` over spans (the literacy kernel's entry):
  /// the exact sums are formed per block in 64-bit integers. Traps when the
  /// spans differ in length.
  package mutating func add(mantissasX xs: Span<Int64>, y ys: Span<Int64>, unit: Double) {
    precondition(xs.count == ys.count, "x and y differ in length")
    xs.withUnsafeBufferPointer { x in ys.withUnsafeBufferPointer { y in addBlock(x, y, unit: unit) } }
  }

  /// The pointer kernel of `add(mantissasX:y:unit:)`, kept private (equal
  /// lengths checked by the caller).
  private mutating func addBlock(_ xs: UnsafeBufferPointer<Int64>, _ ys: UnsafeBufferPointer<Int64>, unit: Double) {
    let n = xs.count
    guard n > 0 else { return }
    if case .exact(var m, var h) = storage {
      storage = Self.placeholder
      if m.add(xs: xs, ys: ys) {
        withUnsafeTemporaryAllocation(of: Int64.self, capacity: n) { d in
          for i in 0..<n { d[i] = ys[i] &- xs[i] }
          h.add(contentsOf: UnsafeBufferPointer(d))
        }
        storage = .exact(m, differences: h)
        return
      }
      storage = .exact(m, differences: h)
    }
    for i in 0..<n { add(mantissaX: xs[i], mantissaY: ys[i], unit: unit) }
  }

  /// Continues in floating point with the same figures (differences in real
  /// units).
  public mutating func convertToFloating() {
    guard case .exact(let m, let h) = storage else { return }
    let u = powerOfTen(m.scale)
    var d = ValueCounts<Double>()
    for (v, c) in h.sorted { d.add(Double(v) / u, count: c) }
    storage = .floating(m.floating, differences: d)
  }

  /// The same pairs with every value multiplied by `factor`, in floating
  /// point.
  public func scaled(by factor: Double) -> BivariateMoments {
    var a = self
    a.convertToFloating()
    guard case .floating(let m, let h) = a.storage else { return a }
    var d = ValueCounts<Double>()
    for (v, c) in h.sorted { d.add(v * factor, count: c) }
    return BivariateMoments(storage: .floating(m.scaled(by: factor), differences: d))
  }

  /// Exact merge when both are exact (rescaled to the larger number of
  /// places), else Chan's merge in floating point.
  public func merged(with other: BivariateMoments) -> BivariateMoments {
    if case .exact(let ma, let ha) = storage, case .exact(let mb, let hb) = other.storage {
      let s = max(ma.scale, mb.scale)
      if let ea = ma.rescaled(to: s), let eb = mb.rescaled(to: s), let m = ea.merged(with: eb),
        let da = Self.rescaled(ha, by: s - ma.scale), let db = Self.rescaled(hb, by: s - mb.scale)
      {
        var d = da
        d.merge(db)
        return BivariateMoments(storage: .exact(m, differences: d))
      }
    }
    var a = self
    var b = other
    a.convertToFloating()
    b.convertToFloating()
    guard case .floating(let ma, var da) = a.storage, case .floating(let mb, let db) = b.storage else { return a }
    da.merge(db)
    return BivariateMoments(storage: .floating(ma.merged(with: mb), differences: da))
  }

  /// `h` with every value × 10^places, or `nil` when one would overflow.
  private static func rescaled(_ h: IntegerHistogram, by places: Int) -> IntegerHistogram? {
    guard places > 0 else { return h }
    let f = Int64(powerOfTen(places))
    var r = IntegerHistogram()
    for (v, c) in h.sorted {
      let (x, o) = v.multipliedReportingOverflow(by: f)
      if o { return nil }
      r.add(x, count: c)
    }
    return r
  }

  // MARK: - Figures (real units)

  /// Means of x and y, and of d = y − x; `nil` when empty.
  public var meanX: Double? {
    switch storage {
    case .exact(let m, _): m.meanX
    case .floating(let m, _): m.count > 0 ? m.meanX : nil
    }
  }
  public var meanY: Double? {
    switch storage {
    case .exact(let m, _): m.meanY
    case .floating(let m, _): m.count > 0 ? m.meanY : nil
    }
  }
  public var meanDifference: Double? {
    switch storage {
    case .exact(let m, _): m.meanDifference
    case .floating(let m, _): m.count > 0 ? m.meanD : nil
    }
  }

  /// Sample variances, covariance and variance of d; `nil` when n < 2.
  public var varianceX: Double? {
    switch storage {
    case .exact(let m, _): m.varianceX
    case .floating(let m, _): m.varianceX
    }
  }
  public var varianceY: Double? {
    switch storage {
    case .exact(let m, _): m.varianceY
    case .floating(let m, _): m.varianceY
    }
  }
  public var covariance: Double? {
    switch storage {
    case .exact(let m, _): m.covariance
    case .floating(let m, _): m.covariance
    }
  }
  public var varianceDifference: Double? {
    switch storage {
    case .exact(let m, _): m.varianceDifference
    case .floating(let m, _): m.varianceDifference
    }
  }

  /// The differences d = y − x as (value, count) in increasing order, in
  /// real units.
  public var differenceHistogram: [(value: Double, count: Int)] {
    switch storage {
    case .exact(let m, let h):
      let u = powerOfTen(m.scale)
      return h.sorted.map { (Double($0.value) / u, $0.count) }
    case .floating(_, let h): return h.sorted
    }
  }

  /// Number of differences counted (equals `count` in a consistent state).
  public var differenceCount: Int {
    switch storage {
    case .exact(_, let h): h.total
    case .floating(_, let h): h.total
    }
  }

  /// Number of negative, zero and positive differences.
  public var signCounts: (negative: Int, zero: Int, positive: Int) {
    switch storage {
    case .exact(_, let h): return h.signCounts
    case .floating(_, let h):
      var n = 0
      var z = 0
      var p = 0
      for (v, c) in h.counts {
        if v < 0 { n += c } else if v > 0 { p += c } else { z += c }
      }
      return (n, z, p)
    }
  }
}

extension BivariateMoments: Codable {
  // The literacy partials' format (flat in the paired accumulator's object):
  // both modes' states under `exact`/`exactDifferences` and
  // `floating`/`floatingDifferences`, `scale` absent in floating mode; the
  // inactive mode is written empty and ignored when read.
  enum CodingKeys: String, CodingKey { case scale, exact, exactDifferences, floating, floatingDifferences }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    switch storage {
    case .exact(let m, let h):
      try c.encode(m.scale, forKey: .scale)
      try c.encode(m, forKey: .exact)
      try c.encode(h, forKey: .exactDifferences)
      try c.encode(CoMoments(), forKey: .floating)
      try c.encode(ValueCounts<Double>(), forKey: .floatingDifferences)
    case .floating(let m, let h):
      try c.encode(ExactCoMoments(scale: 0), forKey: .exact)
      try c.encode(IntegerHistogram(), forKey: .exactDifferences)
      try c.encode(m, forKey: .floating)
      try c.encode(h, forKey: .floatingDifferences)
    }
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    if let s = try c.decodeIfPresent(Int.self, forKey: .scale) {
      _ = try DecodedBounds.scale(s, c.codingPath)
      let m = try c.decode(ExactCoMoments.self, forKey: .exact)
      guard m.scale == s else {
        throw DecodedBounds.corrupted(c.codingPath, "the exact co-moments' scale \(m.scale) differs from \(s)")
      }
      storage = .exact(m, differences: try c.decode(IntegerHistogram.self, forKey: .exactDifferences))
    } else {
      storage = .floating(
        try c.decode(CoMoments.self, forKey: .floating),
        differences: try c.decode(ValueCounts<Double>.self, forKey: .floatingDifferences))
    }
  }
}
