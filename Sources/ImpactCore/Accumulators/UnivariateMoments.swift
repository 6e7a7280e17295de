// Univariate arity of the moment accumulators (see `MomentAccumulator`):
// exact power sums of decimal mantissas (`ExactMoments`) or Chan's shifted
// sums (`Moments`), one of the two at a time.

/// Count, mean and variance of a stream of values, exact when the values are
/// decimals with at most `scale` places; mergeable (exact merges are
/// bit-identical in any order).
///
/// ```
/// exact:    mean = Σm/(n·10^s),  variance = (n·Σm² − (Σm)²)/(n(n−1)·10^2s)
/// floating: mean = c + S₁/n,     variance = (S₂ − S₁²/n)/(n − 1)
/// ```
/// ```
/// var a = UnivariateMoments(scale: 1)
/// a.add(2.5); a.add(3.5)
/// a.mean      // 3.0, from the exact mantissas 25 and 35
/// ```
/// - Complexity: O(1) per value and per merge.
public struct UnivariateMoments: MomentAccumulator, Equatable {
  /// The sums of one mode.
  public enum Storage: Sendable, Equatable {
    case exact(ExactMoments)
    case floating(Moments)
  }

  public private(set) var storage: Storage

  /// An empty accumulator: exact at `scale` places (0...15), floating
  /// without.
  public init(scale: Int?) {
    storage = scale.map { .exact(ExactMoments(scale: $0)) } ?? .floating(Moments())
  }

  public var scale: Int? {
    if case .exact(let e) = storage { return e.scale }
    return nil
  }

  /// Adds a value in real units (NaN = missing, ignored).
  @inline(__always)
  public mutating func add(_ x: Double) {
    if x.isNaN { return }
    if case .exact(var e) = storage {
      if e.add(mantissa: nearestInt64(x * powerOfTen(e.scale))) {
        storage = .exact(e)
        return
      }
      storage = .floating(e.floating)
    }
    guard case .floating(var f) = storage else { return }
    f.add(x)
    storage = .floating(f)
  }

  /// Adds a mantissa in units of `unit` (10^scale the accumulator was made
  /// with); after an overflow of the exact sums it continues in floating
  /// point.
  @inline(__always)
  public mutating func add(mantissa m: Int64, unit: Double) {
    if case .exact(var e) = storage {
      if e.add(mantissa: m) {
        storage = .exact(e)
        return
      }
      storage = .floating(e.floating)
    }
    guard case .floating(var f) = storage else { return }
    f.add(Double(m) / unit)
    storage = .floating(f)
  }

  /// Adds every mantissa of `values` (units of `unit`) except `marker`.
  public mutating func add(mantissas values: [Int64], skipping marker: Int64, unit: Double) {
    add(mantissas: values.span, skipping: marker, unit: unit)
  }

  /// `add(mantissas:skipping:unit:)` over a span (the literacy kernel's entry).
  package mutating func add(mantissas values: Span<Int64>, skipping marker: Int64, unit: Double) {
    values.withUnsafeBufferPointer { buffer in
      if case .exact(var e) = storage, e.add(mantissas: buffer, skipping: marker) {
        storage = .exact(e)
        return
      }
      for m in buffer where m != marker { add(mantissa: m, unit: unit) }
    }
  }

  public var count: Int {
    switch storage {
    case .exact(let e): e.count
    case .floating(let f): f.count
    }
  }

  /// Mean; `nil` when empty.
  public var mean: Double? {
    switch storage {
    case .exact(let e): e.mean
    case .floating(let f): f.meanIfAny
    }
  }

  /// Sample variance; `nil` when n < 2.
  public var variance: Double? {
    switch storage {
    case .exact(let e): e.variance
    case .floating(let f): f.variance
    }
  }

  /// The same figures in floating point.
  public var floating: Moments {
    switch storage {
    case .exact(let e): e.floating
    case .floating(let f): f
    }
  }

  public func merged(with o: UnivariateMoments) -> UnivariateMoments {
    if case .exact(let a) = storage, case .exact(let b) = o.storage, let m = a.merged(with: b) {
      return UnivariateMoments(storage: .exact(m))
    }
    return UnivariateMoments(storage: .floating(floating.merged(with: o.floating)))
  }

  private init(storage: Storage) { self.storage = storage }
}

extension UnivariateMoments: Codable {
  // The format of the literacy partials' score moments: `scale` (absent in
  // floating mode) with both modes' states; the inactive one is empty.
  enum CodingKeys: String, CodingKey { case scale, exact, floating }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    switch storage {
    case .exact(let e):
      try c.encode(e.scale, forKey: .scale)
      try c.encode(e, forKey: .exact)
      try c.encode(Moments(), forKey: .floating)
    case .floating(let f):
      try c.encode(ExactMoments(scale: 0), forKey: .exact)
      try c.encode(f, forKey: .floating)
    }
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    if let s = try c.decodeIfPresent(Int.self, forKey: .scale) {
      _ = try DecodedBounds.scale(s, c.codingPath)
      let e = try c.decode(ExactMoments.self, forKey: .exact)
      // Partials of older versions could hold exact sums at fewer places.
      guard let r = e.rescaled(to: max(s, e.scale)), r.scale == s else {
        throw DecodedBounds.corrupted(c.codingPath, "the exact moments' scale \(e.scale) differs from \(s)")
      }
      storage = .exact(r)
    } else {
      storage = .floating(try c.decode(Moments.self, forKey: .floating))
    }
  }
}
