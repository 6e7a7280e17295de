// Streaming mean and variance by the "shifted data" method (Chan, Golub &
// LeVeque, "Algorithms for computing the sample variance: analysis and
// recommendations", Amer. Stat. 37, 1983, §3): sums of (x − c) and (x − c)²
// around a shift c taken from the data, each kept with Neumaier's compensated
// summation. Values near the shift subtract exactly (Sterbenz), so data far
// from zero (NIST NumAcc: 1e7 + 0.1 steps) keep their small digits, and the
// result hardly depends on the order or grouping of the values: chunks and
// shards merge to the single-pass figures within a few units in the last
// place (merging re-shifts exactly: Σ(x − a) = Σ(x − b) + n(b − a)).

/// Count, mean and second central moment of a stream of numbers; mergeable.
///
/// ```
/// S₁ = Σ(x − c),  S₂ = Σ(x − c)²      (compensated sums, c = first value)
/// mean = c + S₁/n;   M₂ = S₂ − S₁²/n;   variance = M₂/(n − 1)
/// ```
/// Never "sum of squares minus square of sum" around zero.
public struct Moments: Sendable, Equatable {
  /// Number of values added.
  public private(set) var count: Int = 0
  /// The shift c (the first value).
  private var shift: Double = 0
  private var s1 = CompensatedSum()
  private var s2 = CompensatedSum()
  /// Smallest value (+∞ when empty).
  public private(set) var min: Double = .infinity
  /// Largest value (−∞ when empty).
  public private(set) var max: Double = -.infinity

  public init() {}

  /// Moments of a sequence.
  public init(_ values: some Sequence<Double>) {
    for v in values { add(v) }
  }

  /// Adds one value. - Complexity: O(1).
  @inline(__always)
  public mutating func add(_ x: Double) {
    if count == 0 { shift = x }
    count += 1
    let d = x - shift
    s1.add(d)
    s2.add(d * d)
    if x < min { min = x }
    if x > max { max = x }
  }

  /// Running mean (0 when empty).
  public var mean: Double { count > 0 ? shift + s1.value / Double(count) : 0 }

  /// Σ (x − mean)².
  public var m2: Double {
    guard count > 0 else { return 0 }
    let a = s1.value
    return Swift.max(0, s2.value - a * a / Double(count))
  }

  /// Combines with another accumulator, re-shifting its sums to this shift.
  /// - Complexity: O(1).
  public func merged(with other: Moments) -> Moments {
    if other.count == 0 { return self }
    if count == 0 { return other }
    var r = self
    let delta = other.shift - shift  // exact when the shifts are within a factor of 2
    let n = Double(other.count)
    let b1 = other.s1.value
    r.s1.merge(other.s1)
    r.s1.add(n * delta)
    r.s2.merge(other.s2)
    r.s2.add(2 * delta * b1)
    r.s2.add(n * delta * delta)
    r.count += other.count
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

  /// An accumulator with the given count, mean and M₂ (e.g. converted from
  /// exact sums): shift = mean, S₁ = 0, S₂ = M₂.
  init(count: Int, mean: Double, m2: Double, min: Double, max: Double) {
    self.count = count
    shift = mean
    s2.add(m2)
    self.min = min
    self.max = max
  }

  /// The raw state, for encoding.
  var state: (shift: Double, s1: CompensatedSum, s2: CompensatedSum) { (shift, s1, s2) }

  /// Restores an encoded state.
  init(count: Int, shift: Double, s1: CompensatedSum, s2: CompensatedSum, min: Double, max: Double) {
    self.count = count
    self.shift = shift
    self.s1 = s1
    self.s2 = s2
    self.min = min
    self.max = max
  }
}
