// Multiple-comparison p-value adjustments.
//
// Sources: S. Holm, "A simple sequentially rejective multiple test procedure",
// Scand. J. Statist. 6 (1979); Y. Benjamini & Y. Hochberg, JRSS B 57 (1995);
// R `stats::p.adjust` semantics for missing values (its default: an NA stays
// in place and the others are adjusted among themselves, n = number of
// non-missing p); equal to statsmodels.stats.multitest.multipletests(
// method="holm" / "fdr_bh") applied to the non-missing values.
import Foundation

/// Family-wise (Holm) and false-discovery-rate (Benjamini–Hochberg) adjustments.
public enum MultipleComparisons {
  /// Holm step-down adjusted p-values.
  ///
  /// ```
  /// sort the m present p ascending: p₍₁₎ ≤ … ≤ p₍ₘ₎, n = m
  /// p̃₍ᵢ₎ = min(1, max_{j ≤ i} (n − j + 1)·p₍ⱼ₎)
  /// ```
  /// - Parameter p: p-values in [0, 1] (precondition) or nil for a missing test.
  /// - Returns: adjusted values in the input order; nil entries stay nil.
  ///   Empty input gives [].
  /// - Complexity: O(n log n).
  public static func holm(_ p: [Double?]) -> [Double?] {
    let n = Double(p.compactMap { $0 }.count)
    let order = sortedPresentIndices(p, descending: false)
    var result = [Double?](repeating: nil, count: p.count)
    var running = 0.0
    for (rank, index) in order.enumerated() {
      guard let value = p[index] else { continue }
      running = max(running, (n - Double(rank)) * value)
      result[index] = min(1, running)
    }
    return result
  }

  /// Benjamini–Hochberg step-up adjusted p-values (false discovery rate).
  ///
  /// ```
  /// sort the m present p ascending: p₍₁₎ ≤ … ≤ p₍ₘ₎, n = m
  /// p̃₍ᵢ₎ = min(1, min_{j ≥ i} (n/j)·p₍ⱼ₎)
  /// ```
  /// - Parameter p: p-values in [0, 1] (precondition) or nil for a missing test.
  /// - Returns: adjusted values in the input order; nil entries stay nil.
  ///   Empty input gives [].
  /// - Complexity: O(n log n).
  public static func benjaminiHochberg(_ p: [Double?]) -> [Double?] {
    let n = Double(p.compactMap { $0 }.count)
    let order = sortedPresentIndices(p, descending: true)
    var result = [Double?](repeating: nil, count: p.count)
    var running = Double.infinity
    for (offset, index) in order.enumerated() {
      guard let value = p[index] else { continue }
      let rank = Double(order.count - offset)
      running = min(running, n / rank * value)
      result[index] = min(1, running)
    }
    return result
  }

  /// Indices of the non-nil entries sorted by value (stable), validating the range.
  private static func sortedPresentIndices(_ p: [Double?], descending: Bool) -> [Int] {
    var present: [(index: Int, value: Double)] = []
    present.reserveCapacity(p.count)
    for (index, entry) in p.enumerated() {
      guard let value = entry else { continue }
      precondition(value >= 0 && value <= 1, "p-values must lie in [0, 1]")
      present.append((index, value))
    }
    present.sort { lhs, rhs in
      if lhs.value != rhs.value { return descending ? lhs.value > rhs.value : lhs.value < rhs.value }
      return lhs.index < rhs.index
    }
    return present.map(\.index)
  }
}
