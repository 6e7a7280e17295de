// Streaming mean and variance (Welford 1962) merged across chunks with the
// pairwise update of Chan, Golub & LeVeque, "Algorithms for computing the
// sample variance: analysis and recommendations", Amer. Stat. 37 (1983).

/// Count, mean and second central moment of a stream of numbers; mergeable.
///
/// ```
/// add x:    n ← n+1;  δ = x − m;  m ← m + δ/n;  M₂ ← M₂ + δ·(x − m)
/// merge:    n = nₐ+n_b;  δ = m_b − mₐ;  m = mₐ + δ·n_b/n;  M₂ = M₂ₐ + M₂_b + δ²·nₐn_b/n
/// variance: M₂ / (n − 1)
/// ```
/// Never "sum of squares minus square of sum": data far from zero (NIST
/// NumAcc: 1e7 + 0.1 steps) keep their small digits.
public struct Moments: Sendable, Equatable {
  /// Number of values added.
  public private(set) var count: Int = 0
  /// Running mean (0 when empty).
  public private(set) var mean: Double = 0
  /// Σ (x − mean)².
  public private(set) var m2: Double = 0
  /// Smallest value (+∞ when empty).
  public private(set) var min: Double = .infinity
  /// Largest value (−∞ when empty).
  public private(set) var max: Double = -.infinity

  public init() {}

  init(count: Int, mean: Double, m2: Double, min: Double, max: Double) {
    self.count = count
    self.mean = mean
    self.m2 = m2
    self.min = min
    self.max = max
  }

  /// Moments of a sequence.
  public init(_ values: some Sequence<Double>) {
    for v in values { add(v) }
  }

  /// Adds one value. - Complexity: O(1).
  @inline(__always)
  public mutating func add(_ x: Double) {
    count += 1
    let delta = x - mean
    mean += delta / Double(count)
    m2 += delta * (x - mean)
    if x < min { min = x }
    if x > max { max = x }
  }

  /// Combines with another accumulator (Chan et al.). - Complexity: O(1).
  public func merged(with other: Moments) -> Moments {
    if other.count == 0 { return self }
    if count == 0 { return other }
    var r = Moments()
    r.count = count + other.count
    let n = Double(r.count)
    let delta = other.mean - mean
    r.mean = mean + delta * (Double(other.count) / n)
    r.m2 = m2 + other.m2 + delta * delta * (Double(count) * Double(other.count) / n)
    r.min = Swift.min(min, other.min)
    r.max = Swift.max(max, other.max)
    return r
  }

  /// Merges `other` into `self`.
  public mutating func merge(_ other: Moments) { self = merged(with: other) }

  /// Sample variance `M₂/(n−1)`; `nil` when n < 2.
  public var variance: Double? { count >= 2 ? m2 / Double(count - 1) : nil }

  /// Sample standard deviation; `nil` when n < 2.
  public var standardDeviation: Double? { variance.map { $0.squareRoot() } }

  /// Mean, or `nil` when empty.
  public var meanIfAny: Double? { count > 0 ? mean : nil }
}
