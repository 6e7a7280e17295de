// Standard normal distribution.
//
// Sources:
// - cdf/sf: Φ(x) = ½·erfc(−x/√2) with the platform erfc (glibc / Apple libm,
//   both ≤ a few ulps). The rounding of x/√2 would otherwise be amplified by
//   2z² in the far tail (1.5e-13 relative at x = 37); it is compensated with a
//   double-double split of 1/√2 and one first-order Taylor term of erfc
//   (the same idea as the split argument in W. J. Cody's ANORM / R `pnorm_both`).
// - quantile: M. J. Wichura, "Algorithm AS 241: The Percentage Points of the
//   Normal Distribution", Applied Statistics 37(3), 477–484 (1988), PPND16
//   (coefficients as published; same as CPython `statistics.NormalDist`).
import Foundation

/// The standard normal distribution N(0, 1).
public enum Normal {
  /// 1/√2 split as hi + lo (hi = nearest double).
  private static let invSqrt2Hi = 0.7071067811865476
  private static let invSqrt2Lo = -4.833646656726457e-17
  private static let twoOverSqrtPi = 1.1283791670955126

  /// Cumulative distribution function Φ(x) = P(Z ≤ x).
  ///
  /// ```
  /// Φ(x) = ½·erfc(−x/√2) = sf(−x)
  /// ```
  /// - Parameter x: any non-NaN value, ±∞ allowed (NaN is a precondition failure).
  /// - Returns: Φ(x) in [0, 1], accurate to a few ulps relative, including the
  ///   lower tail down to the subnormal range (x ≈ −38.5).
  /// - Complexity: O(1).
  public static func cdf(_ x: Double) -> Double {
    sf(-x)
  }

  /// Survival function 1 − Φ(x) = P(Z > x), computed directly (never as 1 − cdf).
  ///
  /// ```
  /// sf(x) = ½·erfc(x/√2)
  /// ```
  /// - Parameter x: any non-NaN value, ±∞ allowed (NaN is a precondition failure).
  /// - Returns: sf(x) in [0, 1]; e.g. sf(37) ≈ 5.7e-300 to full precision.
  /// - Complexity: O(1).
  public static func sf(_ x: Double) -> Double {
    precondition(!x.isNaN, "Normal.sf requires a non-NaN argument")
    if x == .infinity { return 0 }
    if x == -.infinity { return 1 }
    let z = x * invSqrt2Hi
    // Exact residual of the product plus the lo part: x/√2 = z + zLo to ~1e-32.
    let zLo = fma(x, invSqrt2Hi, -z) + x * invSqrt2Lo
    let tail = erfc(z)
    if tail == 0 { return 0 }
    // erfc(z + zLo) ≈ erfc(z) − (2/√π)·e^(−z²)·zLo.
    let correction = twoOverSqrtPi * exp(-z * z) * zLo
    return 0.5 * (tail - correction)
  }

  /// Quantile (inverse cdf) Φ⁻¹(p), Wichura's AS 241 (PPND16).
  ///
  /// ```
  /// |p − ½| ≤ 0.425: x = q·A(r)/B(r),  q = p − ½, r = 0.180625 − q²
  /// otherwise:       r = √(−log min(p, 1 − p)); x = ±C(r − 1.6)/D(r − 1.6)  (r ≤ 5)
  ///                                                x = ±E(r − 5)/F(r − 5)      (r > 5)
  /// ```
  /// (A…F are degree-7 polynomials.)
  /// - Parameter p: 0 ≤ p ≤ 1 (precondition; NaN is a precondition failure).
  /// - Returns: Φ⁻¹(p); −∞ at p = 0 and +∞ at p = 1. Relative error ≈ 1e-16
  ///   for min(p, 1 − p) ≥ 1e-300.
  /// - Complexity: O(1).
  public static func quantile(_ p: Double) -> Double {
    precondition(p >= 0 && p <= 1, "Normal.quantile requires 0 ≤ p ≤ 1")
    if p == 0 { return -.infinity }
    if p == 1 { return .infinity }
    let q = p - 0.5
    if abs(q) <= 0.425 {
      let r = 0.180625 - q * q
      let num =
        (((((((2.5090809287301226727e+3 * r
          + 3.3430575583588128105e+4) * r
          + 6.7265770927008700853e+4) * r
          + 4.5921953931549871457e+4) * r
          + 1.3731693765509461125e+4) * r
          + 1.9715909503065514427e+3) * r
          + 1.3314166789178437745e+2) * r
          + 3.3871328727963666080e+0) * q
      let den =
        (((((((5.2264952788528545610e+3 * r
          + 2.8729085735721942674e+4) * r
          + 3.9307895800092710610e+4) * r
          + 2.1213794301586595867e+4) * r
          + 5.3941960214247511077e+3) * r
          + 6.8718700749205790830e+2) * r
          + 4.2313330701600911252e+1) * r
          + 1.0)
      return num / den
    }
    var r = (-log(q < 0 ? p : 1 - p)).squareRoot()
    let x: Double
    if r <= 5 {
      r -= 1.6
      let num =
        (((((((7.74545014278341407640e-4 * r
          + 2.27238449892691845833e-2) * r
          + 2.41780725177450611770e-1) * r
          + 1.27045825245236838258e+0) * r
          + 3.64784832476320460504e+0) * r
          + 5.76949722146069140550e+0) * r
          + 4.63033784615654529590e+0) * r
          + 1.42343711074968357734e+0)
      let den =
        (((((((1.05075007164441684324e-9 * r
          + 5.47593808499534494600e-4) * r
          + 1.51986665636164571966e-2) * r
          + 1.48103976427480074590e-1) * r
          + 6.89767334985100004550e-1) * r
          + 1.67638483018380384940e+0) * r
          + 2.05319162663775882187e+0) * r
          + 1.0)
      x = num / den
    } else {
      r -= 5
      let num =
        (((((((2.01033439929228813265e-7 * r
          + 2.71155556874348757815e-5) * r
          + 1.24266094738807843860e-3) * r
          + 2.65321895265761230930e-2) * r
          + 2.96560571828504891230e-1) * r
          + 1.78482653991729133580e+0) * r
          + 5.46378491116411436990e+0) * r
          + 6.65790464350110377720e+0)
      let den =
        (((((((2.04426310338993978564e-15 * r
          + 1.42151175831644588870e-7) * r
          + 1.84631831751005468180e-5) * r
          + 7.86869131145613259100e-4) * r
          + 1.48753612908506148525e-2) * r
          + 1.36929880922735805310e-1) * r
          + 5.99832206555887937690e-1) * r
          + 1.0)
      x = num / den
    }
    return q < 0 ? -x : x
  }
}
