// Chi-square distribution upper tail.
//
// Source: χ²_k survival function as a regularized upper incomplete gamma
// function (Abramowitz & Stegun 26.4.2), evaluated by IncompleteGamma.swift
// (Numerical Recipes 3rd ed. §6.2 continued fraction, computed directly in the
// tail; Loader 2000 prefactor).
import Foundation

/// The chi-square distribution with k > 0 degrees of freedom.
public enum ChiSquared {
  /// Survival function P(X > x) for X ~ χ²_k, computed directly in the tail.
  ///
  /// ```
  /// sf(x; k) = Q(k/2, x/2)
  /// ```
  /// - Parameters:
  ///   - x: any non-NaN value; x ≤ 0 gives 1, +∞ gives 0 (precondition: not NaN).
  ///   - degreesOfFreedom: k > 0, real (precondition).
  /// - Returns: P(X > x) in [0, 1], accurate down to ~1e-300.
  /// - Complexity: O(√k) series/continued-fraction terms at worst.
  public static func sf(_ x: Double, degreesOfFreedom: Double) -> Double {
    precondition(!x.isNaN, "ChiSquared.sf requires a non-NaN argument")
    precondition(degreesOfFreedom > 0, "ChiSquared.sf requires degreesOfFreedom > 0")
    if x <= 0 { return 1 }
    return SpecialFunctions.regularizedGammaQ(a: 0.5 * degreesOfFreedom, x: 0.5 * x)
  }
}
