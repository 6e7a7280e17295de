/// An exact histogram: each distinct value with the number of times it
/// occurred. Merging adds counts, so any split of the data merges to exactly
/// the single-pass histogram. Medians and percentiles follow exactly.
///
/// Size grows with the number of distinct values, not with the number of rows
/// (a 5-point Likert item needs 5 entries for a million answers).
public struct ValueCounts<Value: Hashable & Comparable & Sendable>: Sendable, Equatable {
  /// Distinct value → count (> 0).
  public private(set) var counts: [Value: Int] = [:]
  /// Total number of values.
  public private(set) var total: Int = 0

  public init() {}

  /// A histogram of a sequence.
  public init(_ values: some Sequence<Value>) {
    for v in values { add(v) }
  }

  /// Adds `count` occurrences of `value`. - Complexity: O(1) amortized.
  @inline(__always)
  public mutating func add(_ value: Value, count: Int = 1) {
    guard count > 0 else { return }
    counts[value, default: 0] += count
    total += count
  }

  /// Adds all counts of another histogram.
  public mutating func merge(_ other: ValueCounts) {
    for (v, c) in other.counts { add(v, count: c) }
  }

  /// Distinct values ascending with their counts.
  public var sorted: [(value: Value, count: Int)] {
    counts.sorted { $0.key < $1.key }.map { (value: $0.key, count: $0.value) }
  }
}

extension ValueCounts where Value: BinaryFloatingPoint {
  /// The q-quantile (0 ≤ q ≤ 1) with linear interpolation between order
  /// statistics (Hyndman & Fan type 7, the default of R and NumPy):
  /// ```
  /// h = (n − 1)·q;  Q = x₍⌊h⌋₎ + (h − ⌊h⌋)(x₍⌊h⌋+1₎ − x₍⌊h⌋₎)   (0-based order statistics)
  /// ```
  /// - Returns: `nil` when empty.
  /// - Complexity: O(d log d) for d distinct values.
  public func quantile(_ q: Double) -> Double? {
    precondition((0...1).contains(q), "quantile level must be in [0, 1]")
    guard total > 0 else { return nil }
    let s = sorted
    let h = Double(total - 1) * q
    let lo = Int(h.rounded(.down))
    let frac = h - Double(lo)
    func orderStatistic(_ k: Int) -> Double {
      var seen = 0
      for (v, c) in s {
        seen += c
        if k < seen { return Double(v) }
      }
      return Double(s[s.count - 1].value)
    }
    let a = orderStatistic(lo)
    if frac == 0 || lo + 1 >= total { return a }
    let b = orderStatistic(lo + 1)
    return a + frac * (b - a)
  }
}
