// Neumaier's improved Kahan summation: A. Neumaier, "Rundungsfehleranalyse
// einiger Verfahren zur Summation endlicher Summen", ZAMM 54 (1974).

/// A running sum with a compensation term; error ≈ one rounding of the result
/// regardless of the number of terms.
///
/// ```
/// t = s + x
/// c += (|s| ≥ |x|) ? (s − t) + x : (x − t) + s
/// s = t;   value = s + c
/// ```
public struct CompensatedSum: Sendable, Equatable, Codable {
  private var sum: Double = 0
  private var compensation: Double = 0

  public init() {}

  /// Adds one term. - Complexity: O(1).
  @inline(__always)
  public mutating func add(_ x: Double) {
    let t = sum + x
    if abs(sum) >= abs(x) {
      compensation += (sum - t) + x
    } else {
      compensation += (x - t) + sum
    }
    sum = t
  }

  /// Adds another compensated sum (both parts).
  public mutating func merge(_ other: CompensatedSum) {
    add(other.sum)
    add(other.compensation)
  }

  /// The compensated total.
  public var value: Double { sum + compensation }
}
