// Binomial distribution cdf.
//
// Source: P(X ≤ k) = I_(1−p)(n − k, k + 1) (Abramowitz & Stegun 26.5.24), the
// regularized incomplete beta of IncompleteBeta.swift with x = 1 − p and
// y = p passed separately so that small p loses no digits (Boost.Math
// `binomial` uses the same identity).
import Foundation

/// The binomial distribution Bin(n, p).
public enum Binomial {
  /// Cumulative distribution function P(X ≤ k) for X ~ Bin(n, p).
  ///
  /// ```
  /// P(X ≤ k) = Σ_{i=0}^{k} C(n, i) pⁱ (1 − p)^(n−i) = I_(1−p)(n − k, k + 1)
  /// ```
  /// - Parameters:
  ///   - k: any integer; k < 0 gives 0, k ≥ n gives 1.
  ///   - n: n ≥ 0 (precondition).
  ///   - p: 0 ≤ p ≤ 1 (precondition; NaN is a precondition failure).
  /// - Returns: P(X ≤ k) in [0, 1]; the lower tail is computed directly, so
  ///   tiny probabilities keep full relative precision.
  /// - Complexity: O(1) for small n, O(√n) continued-fraction terms at worst.
  public static func cdf(k: Int, n: Int, p: Double) -> Double {
    precondition(n >= 0, "Binomial.cdf requires n ≥ 0")
    precondition(p >= 0 && p <= 1, "Binomial.cdf requires 0 ≤ p ≤ 1")
    if k < 0 { return 0 }
    if k >= n { return 1 }
    if p == 0 { return 1 }
    if p == 1 { return 0 }
    return SpecialFunctions.incompleteBetaPair(
      a: Double(n - k), b: Double(k + 1), x: 1 - p, y: p, exact: .y
    ).lower
  }
}
