// Saddle-point building blocks shared by the incomplete beta and gamma
// prefactors.
//
// Sources:
// - C. Loader, "Fast and Accurate Computation of Binomial Probabilities"
//   (2000): Stirling error δ(z) and deviance bd0(k, m).
// - R nmath `stirlerr.c` / `bd0.c` for the shape of the algorithm (no code
//   copied); the small-argument recursion and the atanh series for
//   log(1 + r) − r are derived in the comments below.
import Foundation

/// Internal numerics used to write x^a·e^(−x)/Γ(a) and x^a·y^b/B(a, b)
/// without cancellation when a and b are large.
enum StirlingDeviance {
  /// ½·log(2π).
  static let halfLogTwoPi = 0.918_938_533_204_672_741_78

  /// Stirling error δ(z) = log Γ(z) − [(z − ½)·log z − z + ½·log 2π].
  ///
  /// ```
  /// z ≥ 15:     δ(z) = 1/(12z) − 1/(360z³) + 1/(1260z⁵) − … (asymptotic series)
  /// 1 ≤ z < 15: δ(z) = δ(z + 1) + Σ_{k≥1} u^(2k)/(2k + 1),  u = 1/(2z + 1)
  /// z < 1:      δ(z) = δ(z + 1) + (z + ½)·log1p(1/z) − 1
  /// ```
  /// The middle line is the exact recursion Γ(z + 1) = z·Γ(z) with
  /// (z + ½)·log(1 + 1/z) − 1 expanded through atanh, so no digits are lost.
  /// - Parameter z: z > 0 (precondition).
  /// - Returns: δ(z) with absolute error of a few ulps.
  /// - Complexity: O(1) (at most 15 recursion steps of ≤ 20 terms each).
  static func stirlingError(_ z: Double) -> Double {
    precondition(z > 0, "stirlingError requires z > 0")
    if z >= 15 { return stirlingSeries(z) }
    if z >= 1 {
      var w = z
      var accumulated = 0.0
      while w < 15 {
        accumulated += recursionStep(w)
        w += 1
      }
      return stirlingSeries(w) + accumulated
    }
    return stirlingError(z + 1) + (z + 0.5) * log1p(1 / z) - 1
  }

  /// log Γ(z) for z > 0 built on `stirlingError`, thread-safe (no `signgam`).
  ///
  /// ```
  /// log Γ(z) = δ(z) + (z − ½)·log z − z + ½·log 2π
  /// ```
  /// - Complexity: O(1).
  static func logGamma(_ z: Double) -> Double {
    stirlingError(z) + (z - 0.5) * log(z) - z + halfLogTwoPi
  }

  /// Asymptotic Stirling series, valid to < 1e-17 absolute for z ≥ 15.
  private static func stirlingSeries(_ z: Double) -> Double {
    let s0 = 1.0 / 12
    let s1 = 1.0 / 360
    let s2 = 1.0 / 1260
    let s3 = 1.0 / 1680
    let s4 = 1.0 / 1188
    let s5 = 691.0 / 360_360
    let s6 = 1.0 / 156
    let zz = z * z
    return (s0 - (s1 - (s2 - (s3 - (s4 - (s5 - s6 / zz) / zz) / zz) / zz) / zz) / zz) / z
  }

  /// (w + ½)·log(1 + 1/w) − 1 = Σ_{k≥1} u^(2k)/(2k + 1) with u = 1/(2w + 1), w ≥ 1.
  private static func recursionStep(_ w: Double) -> Double {
    let u = 1 / (2 * w + 1)
    let u2 = u * u
    var power = u2
    var sum = 0.0
    var k = 1.0
    while true {
      let term = power / (2 * k + 1)
      sum += term
      if term <= sum * 1e-17 { break }
      power *= u2
      k += 1
    }
    return sum
  }

  /// log(1 + r) − r without cancellation, r > −1.
  ///
  /// ```
  /// |r| < ½: v = r/(2 + r),  log(1 + r) − r = −r·v + 2v·Σ_{k≥1} v^(2k)/(2k + 1)
  /// else:    log1p(r) − r
  /// ```
  /// - Complexity: O(1) (≤ 20 series terms).
  static func log1pMinusX(_ r: Double) -> Double {
    if abs(r) >= 0.5 { return log1p(r) - r }
    let v = r / (2 + r)
    let v2 = v * v
    var power = v2
    var sum = 0.0
    var k = 1.0
    while true {
      let term = power / (2 * k + 1)
      sum += term
      if abs(term) <= abs(sum) * 1e-17 || power == 0 { break }
      power *= v2
      k += 1
    }
    return -r * v + 2 * v * sum
  }

  /// Deviance term bd0(k, m) = k·log(k/m) + m − k ≥ 0.
  ///
  /// ```
  /// m > k/2:  bd0 = −k·[log1p(r) − r],  r = (m − k)/k = −delta/k   (see log1pMinusX)
  /// m ≤ k/2:  bd0 = k·(log k − log m) + m − k                       (r would lose m's digits)
  /// ```
  /// - Parameters: k > 0; m ≥ 0 (m = 0 gives +∞); `delta` = k − m computed
  ///   by the caller without cancellation (it matters only when m ≈ k).
  /// - Complexity: O(1).
  static func deviance(_ k: Double, mean m: Double, delta: Double) -> Double {
    if delta < 0.5 * k {
      return -k * log1pMinusX(-delta / k)
    }
    return k * (log(k) - log(m)) + m - k
  }
}
