// Fisher's F distribution with real degrees of freedom d₁, d₂ > 0.
//
// Sources:
// - Tail probabilities through the regularized incomplete beta function
//   (Abramowitz & Stegun 26.6.2; Boost.Math `fisher_f`):
//     P(F ≤ x) = I_y(d₁/2, d₂/2),  y = d₁x/(d₁x + d₂)
//     P(F > x) = I_z(d₂/2, d₁/2),  z = d₂/(d₂ + d₁x)
//   each tail formed directly, so neither is a difference of numbers near 1.
// - Quantiles by bisection on the beta variable of the smaller tail, with
//   geometric midpoints while the bracket spans orders of magnitude, to the
//   last bit of the double (≤ 1,100 halvings; each step one I_x evaluation).
import Foundation

/// Fisher's F distribution with `d1` numerator and `d2` denominator degrees
/// of freedom (both > 0, real).
public struct FisherF: Sendable, Equatable {
  public let d1: Double
  public let d2: Double

  /// - Parameters: d1, d2 > 0 and finite (precondition).
  public init(d1: Double, d2: Double) {
    precondition(d1 > 0 && d2 > 0 && d1.isFinite && d2.isFinite, "FisherF requires finite d1, d2 > 0")
    self.d1 = d1
    self.d2 = d2
  }

  /// P(F ≤ x); 0 for x ≤ 0.
  public func cdf(_ x: Double) -> Double {
    precondition(!x.isNaN, "FisherF.cdf requires a non-NaN argument")
    if x <= 0 { return 0 }
    if x == .infinity { return 1 }
    let (y, z) = betaArguments(x)
    // Beyond ½ the pair forms the small member directly (1 − I would
    // round a far tail to 0).
    return y <= 0.5
      ? SpecialFunctions.regularizedIncompleteBeta(a: d1 / 2, b: d2 / 2, x: y)
      : SpecialFunctions.incompleteBetaPair(a: d2 / 2, b: d1 / 2, x: z, y: y, exact: .both).upper
  }

  /// P(F > x); 1 for x ≤ 0.
  public func sf(_ x: Double) -> Double {
    precondition(!x.isNaN, "FisherF.sf requires a non-NaN argument")
    if x <= 0 { return 1 }
    if x == .infinity { return 0 }
    let (y, z) = betaArguments(x)
    return z <= 0.5
      ? SpecialFunctions.regularizedIncompleteBeta(a: d2 / 2, b: d1 / 2, x: z)
      : SpecialFunctions.incompleteBetaPair(a: d1 / 2, b: d2 / 2, x: y, y: z, exact: .both).upper
  }

  /// The x with P(F ≤ x) = p.
  ///
  /// - Parameter p: 0 ≤ p ≤ 1 (precondition).
  /// - Returns: 0 at p = 0, +∞ at p = 1; otherwise the quantile to within a
  ///   few ulps of the exact root of the computed cdf.
  /// - Complexity: O(1,100) incomplete beta evaluations at most.
  public func quantile(_ p: Double) -> Double {
    precondition(p >= 0 && p <= 1, "FisherF.quantile requires 0 ≤ p ≤ 1")
    if p == 0 { return 0 }
    if p == 1 { return .infinity }
    return p <= 0.5 ? root(target: p, lowerTail: true) : root(target: 1 - p, lowerTail: false)
  }

  /// The x with P(F > x) = q (SciPy's `isf`).
  public func inverseSurvival(_ q: Double) -> Double {
    precondition(q >= 0 && q <= 1, "FisherF.inverseSurvival requires 0 ≤ q ≤ 1")
    if q == 0 { return .infinity }
    if q == 1 { return 0 }
    return q <= 0.5 ? root(target: q, lowerTail: false) : root(target: 1 - q, lowerTail: true)
  }

  /// y = d₁x/(d₁x + d₂) and z = d₂/(d₂ + d₁x) = 1 − y, each formed directly.
  private func betaArguments(_ x: Double) -> (y: Double, z: Double) {
    let a = d1 * x
    if a.isFinite {
      return (a / (a + d2), d2 / (d2 + a))
    }
    let r = d2 / d1 / x
    return (1 / (1 + r), r / (1 + r))
  }

  /// Solves for the beta variable of the tail that holds `target` ≤ ½:
  /// I_y(d₁/2, d₂/2) = target (lower tail) or I_z(d₂/2, d₁/2) = target
  /// (upper tail), then maps it back to x. A root above ½ is found as its
  /// complement v = 1 − w from I_v(b, a) = 1 − target, so that 1 − w never
  /// loses digits.
  private func root(target: Double, lowerTail: Bool) -> Double {
    let a = lowerTail ? d1 / 2 : d2 / 2
    let b = lowerTail ? d2 / 2 : d1 / 2
    let complement = SpecialFunctions.regularizedIncompleteBeta(a: a, b: b, x: 0.5) < target
    // w (or v) and 1 − w (or 1 − v) of the wanted tail's beta variable.
    let w: Double
    let oneMinusW: Double
    if complement {
      let v = Self.increasingRoot(a: b, b: a, target: 1 - target)
      (w, oneMinusW) = (1 - v, v)
    } else {
      let u = Self.increasingRoot(a: a, b: b, target: target)
      (w, oneMinusW) = (u, 1 - u)
    }
    // Lower tail: w = y = d₁x/(d₁x + d₂) → x = d₂·y/(d₁·(1 − y)).
    // Upper tail: w = z = d₂/(d₂ + d₁x) → x = d₂·(1 − z)/(d₁·z).
    return lowerTail ? d2 * w / (d1 * oneMinusW) : d2 * oneMinusW / (d1 * w)
  }

  /// The u in (0, ½] with I_u(a, b) = target, by bisection with geometric
  /// midpoints while the bracket spans more than a factor of 4.
  private static func increasingRoot(a: Double, b: Double, target: Double) -> Double {
    var lo = 0.0
    var hi = 0.5
    for _ in 0..<1100 {
      let mid: Double
      if lo == 0 {
        mid = hi * 1e-3 < Double.leastNormalMagnitude ? hi / 2 : hi * 1e-3
      } else if hi / lo > 4 {
        mid = (lo * hi).squareRoot()
      } else {
        mid = lo + (hi - lo) / 2
      }
      if mid <= lo || mid >= hi { break }
      if SpecialFunctions.regularizedIncompleteBeta(a: a, b: b, x: mid) < target { lo = mid } else { hi = mid }
    }
    return lo == 0 ? hi : lo + (hi - lo) / 2
  }
}
