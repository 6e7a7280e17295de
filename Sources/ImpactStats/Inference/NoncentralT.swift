// Noncentral t distribution: T = (Z + δ)/S, Z ~ N(0, 1), S = √(V/ν), V ~ χ²_ν,
// Z and V independent; ν > 0 degrees of freedom, noncentrality δ.
//
// Sources:
// - Lower tail P(T ≤ t) for t ≥ 0, δ ≥ 0: the Poisson mixture of R. V. Lenth,
//   "Algorithm AS 243: Cumulative distribution function of the non-central t
//   distribution", Applied Statistics 38 (1989) 185–189,
//     P(T ≤ t) = Φ(−δ) + ½·Σⱼ [pⱼ·I_x(j + ½, ν/2) + qⱼ·I_x(j + 1, ν/2)],  x = t²/(ν + t²),
//     pⱼ = e^(−δ²/2)·(δ²/2)ʲ/j!,  qⱼ = δ·e^(−δ²/2)·(δ²/2)ʲ/(√2·Γ(j + 3/2)),
//   summed outward from the Poisson mode with the incomplete-beta recurrence
//   I_x(a + 1, b) = I_x(a, b) − Γ(a + b)/(Γ(a + 1)Γ(b))·xᵃyᵇ, as in D. Benton &
//   K. Krishnamoorthy, "Computing discrete mixtures of continuous distributions:
//   noncentral chisquare, noncentral t and the distribution of the square of the
//   sample multiple correlation coefficient", Computational Statistics & Data
//   Analysis 43 (2003) 249–267 (also Boost.Math `non_central_t2_p`). Every term
//   is positive, so the sum has no cancellation. The recurrence is additive
//   (stable) towards smaller j; towards larger j it subtracts, which B&K show
//   costs at most ~√(δ²/2)·ε beyond the Poisson mode. Where the recurrence term
//   underflows at the mode, each I is computed directly instead.
// - Upper tail P(T > t) for t ≥ 0 and any δ: the mixture integral
//     P(T > t) = E[Φ̄(t·S − δ)] = ∫ Φ̄(t·eᵘ − δ)·g(u) du,   g = density of log S,
//   (N. L. Johnson, S. Kotz & N. Balakrishnan, Continuous Univariate
//   Distributions, vol. 2, 2nd ed., Wiley 1995, ch. 31 §5) evaluated by the
//   trapezoidal rule on the whole line. The log integrand is strictly concave
//   (log Φ̄ is concave and decreasing, t·eᵘ − δ is convex; log g is concave), so
//   the rule is centred on its mode, scaled by its curvature, truncated where the
//   integrand has fallen by e⁻⁵⁰, and its step halved until two rules agree to
//   1e-13 (the error of the trapezoidal rule for such analytic integrands falls
//   exponentially with 1/step: L. N. Trefethen & J. A. C. Weideman, "The
//   exponentially convergent trapezoidal rule", SIAM Review 56 (2014) 385–458).
//   The integrand is positive, so the tail is accurate relative to its own size,
//   also for δ < 0, where the series above alternates in sign and cancels.
// - Everything else by reflection, P(T ≤ t | δ) = P(T ≥ −t | −δ), and by the
//   complement where the wanted probability is ≥ ½.
import Foundation

/// The noncentral t distribution with `degreesOfFreedom` ν > 0 and
/// `noncentrality` δ: the distribution of the one-sample t statistic when the
/// true standardized mean is δ/√n.
///
/// ```swift
/// let power = NoncentralT(degreesOfFreedom: 33, noncentrality: 0.5 * 34.0.squareRoot())
///   .sf(StudentT(degreesOfFreedom: 33).quantile(0.975))   // ≈ 0.808, the upper part of the power
/// ```
public struct NoncentralT: Sendable, Equatable {
  /// Degrees of freedom ν > 0 (+∞ gives the normal distribution N(δ, 1)).
  public let degreesOfFreedom: Double
  /// Noncentrality δ (finite).
  public let noncentrality: Double

  /// Creates the distribution.
  ///
  /// ```
  /// T = (Z + δ)/√(V/ν),  Z ~ N(0, 1),  V ~ χ²_ν
  /// ```
  /// - Parameters:
  ///   - degreesOfFreedom: ν > 0, may be +∞ (precondition).
  ///   - noncentrality: finite δ (precondition).
  /// - Complexity: O(1).
  public init(degreesOfFreedom: Double, noncentrality: Double) {
    precondition(degreesOfFreedom > 0, "NoncentralT requires degreesOfFreedom > 0")
    precondition(noncentrality.isFinite, "NoncentralT requires a finite noncentrality")
    self.degreesOfFreedom = degreesOfFreedom
    self.noncentrality = noncentrality
  }

  /// Cumulative distribution function P(T ≤ t).
  ///
  /// ```
  /// t ≥ 0, δ ≥ 0:  Φ(−δ) + ½·Σⱼ [pⱼ·I_x(j + ½, ν/2) + qⱼ·I_x(j + 1, ν/2)]   (AS 243 series)
  /// t ≥ 0, δ < 0:  1 − sf(t)                                              (sf(t) < ½)
  /// t < 0:         P(T' > −t) for T' with noncentrality −δ                (integral)
  /// ```
  /// - Parameter t: any non-NaN value, ±∞ allowed (precondition).
  /// - Returns: P(T ≤ t) in [0, 1]. Relative error ≲ 1e-13 wherever the result
  ///   is above ~1e-280 (4.9e-14 at worst against 60-digit mpmath integrals, see the tests).
  /// - Complexity: O(√(δ²/2) + 1) series terms, or O(1/step) integrand values
  ///   (a few hundred to a few thousand).
  public func cdf(_ t: Double) -> Double {
    precondition(!t.isNaN, "NoncentralT.cdf requires a non-NaN argument")
    if degreesOfFreedom == .infinity { return Normal.cdf(t - noncentrality) }
    return t >= 0 ? lowerTail(t, noncentrality) : upperTail(-t, -noncentrality)
  }

  /// Survival function P(T > t), computed directly (never as a difference of ~1s).
  ///
  /// ```
  /// t ≥ 0:  ∫ Φ̄(t·eᵘ − δ)·g(u) du                      (trapezoidal rule)
  /// t < 0:  P(T' ≤ −t) for T' with noncentrality −δ    (series or complement)
  /// ```
  /// - Parameter t: any non-NaN value, ±∞ allowed (precondition).
  /// - Returns: P(T > t) in [0, 1], relative error ≲ 1e-13 above ~1e-280.
  /// - Complexity: as `cdf(_:)`.
  public func sf(_ t: Double) -> Double {
    precondition(!t.isNaN, "NoncentralT.sf requires a non-NaN argument")
    if degreesOfFreedom == .infinity { return Normal.sf(t - noncentrality) }
    return t >= 0 ? upperTail(t, noncentrality) : lowerTail(-t, -noncentrality)
  }

  /// Which tail a target probability refers to.
  public enum Tail: Sendable {
    /// P(T ≤ t).
    case lower
    /// P(T > t).
    case upper
  }

  /// The noncentrality δ at which the chosen tail of T at the observed `t`
  /// equals `probability` (the inversion behind confidence intervals for
  /// standardized effects, as in MBESS `conf.limits.nct`).
  ///
  /// ```
  /// .lower:  P(T ≤ t | ν, δ) = p      (P(T ≤ t | δ) falls from 1 to 0 as δ rises)
  /// .upper:  P(T > t | ν, δ) = p
  /// ```
  /// The root is found by Brent's method on log(tail/p), which is monotone in δ,
  /// after bracketing outward from δ = t; it is located to a few ulps of δ.
  /// - Parameters:
  ///   - t: the observed statistic, finite (precondition).
  ///   - degreesOfFreedom: ν > 0 (precondition).
  ///   - tail: which tail `probability` refers to.
  ///   - probability: 0 < p < 1 (precondition).
  /// - Returns: δ; unique because the tail is strictly monotone in δ.
  /// - Complexity: O(log) bracketing steps plus ~10–40 tail evaluations.
  public static func noncentrality(
    observed t: Double, degreesOfFreedom: Double, tail: Tail, probability: Double
  ) -> Double {
    precondition(t.isFinite, "NoncentralT.noncentrality requires a finite t")
    precondition(degreesOfFreedom > 0, "NoncentralT.noncentrality requires degreesOfFreedom > 0")
    precondition(probability > 0 && probability < 1, "NoncentralT.noncentrality requires 0 < p < 1")
    // Work with the smaller tail: P(T ≤ t) = p ⟺ P(T > t) = 1 − p (exact for p ≥ ½).
    var useLower = tail == .lower
    var target = probability
    if target > 0.5 {
      useLower.toggle()
      target = 1 - target
    }
    // g increases with δ in both cases.
    func g(_ delta: Double) -> Double {
      let distribution = NoncentralT(degreesOfFreedom: degreesOfFreedom, noncentrality: delta)
      let value = useLower ? distribution.cdf(t) : distribution.sf(t)
      if value <= 0 { return useLower ? Double.infinity : -Double.infinity }
      return useLower ? -log(value / target) : log(value / target)
    }
    var lo = t
    var hi = t
    var gLo = g(lo)
    var gHi = gLo
    var step = 1.0
    var iterations = 0
    while gLo > 0 && iterations < 2000 {
      hi = lo
      gHi = gLo
      lo -= step
      step *= 2
      gLo = g(lo)
      iterations += 1
    }
    step = 1
    while gHi < 0 && iterations < 2000 {
      lo = hi
      gLo = gHi
      hi += step
      step *= 2
      gHi = g(hi)
      iterations += 1
    }
    if gLo == 0 { return lo }
    if gHi == 0 { return hi }
    return BracketedRoot.brent(lo, hi, fLo: gLo, fHi: gHi, f: g)
  }

  // MARK: - Tails for t ≥ 0

  /// P(T ≤ t) for t ≥ 0.
  func lowerTail(_ t: Double, _ delta: Double) -> Double {
    if t == .infinity { return 1 }
    if delta < 0 { return 1 - upperTail(t, delta) }
    if delta == 0 { return StudentT(degreesOfFreedom: degreesOfFreedom).cdf(t) }
    if t == 0 { return Normal.cdf(-delta) }
    return min(1, seriesLowerTail(t, delta))
  }

  /// P(T > t) for t ≥ 0.
  func upperTail(_ t: Double, _ delta: Double) -> Double {
    if t == .infinity { return 0 }
    if t == 0 { return Normal.cdf(delta) }
    if delta == 0 { return StudentT(degreesOfFreedom: degreesOfFreedom).sf(t) }
    return min(1, integralUpperTail(t, delta))
  }

  /// The AS 243 series for t > 0, δ > 0 (all terms positive).
  func seriesLowerTail(_ t: Double, _ delta: Double) -> Double {
    let df = degreesOfFreedom
    let b = 0.5 * df
    // x = t²/(ν + t²) and y = ν/(ν + t²), each formed directly.
    let x: Double
    let y: Double
    let t2 = t * t
    if t2.isFinite && (df + t2).isFinite {
      x = t2 / (df + t2)
      y = df / (df + t2)
    } else {
      let ratio = (df / t) / t
      x = 1 / (1 + ratio)
      y = ratio / (1 + ratio)
    }
    let base = Normal.cdf(-delta)
    let d2 = 0.5 * delta * delta
    let mode = d2.rounded(.down)
    // Start the chains at the Poisson mode. Below it the recurrence adds
    // (stable); above it, it subtracts, and the absolute error it leaves
    // (≤ ~ε·I at the mode per step) is negligible against the mode's own term.
    // Where T(a) underflows at the mode the recurrence cannot carry it down, so
    // every I is then computed directly (far tails only).
    let start = mode
    // Poisson weights at the start: p_j = e^(−d2)·d2^j/j!,  q_j = p_j·δ/√2·Γ(j + 1)/Γ(j + 3/2).
    let pStart =
      start == 0 ? exp(-d2) : SpecialFunctions.gammaPowerTerms(a: start + 1, x: d2) / d2
    let qStart = pStart * delta / 2.0.squareRoot() / SpecialFunctions.gammaRatio(start + 1, 0.5)
    let half = BetaChain(a: start + 0.5, b: b, x: x, y: y)
    let whole = BetaChain(a: start + 1, b: b, x: x, y: y)
    let direct = half.drop < 1e-290 || whole.drop < 1e-290

    var sum = 0.0
    // Downward from the start (additive recurrence).
    do {
      var p = pStart
      var q = qStart
      var h = half
      var w = whole
      var j = start
      var last = 0.0
      while true {
        let term = p * h.value + q * w.value
        sum += term
        if j == 0 || (term < last && term <= sum * 1e-17) || (p == 0 && q == 0 && j < mode) { break }
        last = term
        p *= j / d2
        q *= (j + 0.5) / d2
        h.stepDown(direct: direct)
        w.stepDown(direct: direct)
        j -= 1
      }
    }
    // Upward from the start (subtractive recurrence).
    do {
      var p = pStart
      var q = qStart
      var h = half
      var w = whole
      var j = start
      var last = Double.infinity
      for _ in 0..<10_000_000 {
        p *= d2 / (j + 1)
        q *= d2 / (j + 1.5)
        h.stepUp(direct: direct)
        w.stepUp(direct: direct)
        j += 1
        let term = p * h.value + q * w.value
        sum += term
        if j > mode && term <= last && term <= sum * 1e-17 { break }
        last = term
      }
    }
    return base + 0.5 * sum
  }

  /// I_x(a, b) along a ↦ a ± 1, with T(a) = I_x(a, b) − I_x(a + 1, b) = Γ(a+b)/(Γ(a+1)Γ(b))·xᵃyᵇ.
  struct BetaChain {
    var a: Double
    let b: Double
    let x: Double
    let y: Double
    /// I_x(a, b).
    var value: Double
    /// T(a).
    var drop: Double

    init(a: Double, b: Double, x: Double, y: Double) {
      self.a = a
      self.b = b
      self.x = x
      self.y = y
      value = SpecialFunctions.incompleteBetaPair(a: a, b: b, x: x, y: y, exact: .both).lower
      let lambda = SpecialFunctions.meanOffset(a: a, b: b, x: x, y: y, exact: .both)
      drop = SpecialFunctions.betaPowerTerms(a: a, b: b, x: x, y: y, exact: .both, lambda: lambda) / a
    }

    /// a ← a − 1:  T(a − 1) = T(a)·a/(x·(a − 1 + b)),  I(a − 1) = I(a) + T(a − 1)
    /// (or both afresh when `direct`).
    mutating func stepDown(direct: Bool = false) {
      if direct {
        self = BetaChain(a: a - 1, b: b, x: x, y: y)
        return
      }
      drop *= a / (x * (a - 1 + b))
      a -= 1
      value += drop
    }

    /// a ← a + 1:  I(a + 1) = I(a) − T(a),  T(a + 1) = T(a)·x·(a + b)/(a + 1)
    /// (or both afresh when `direct`).
    mutating func stepUp(direct: Bool = false) {
      if direct {
        self = BetaChain(a: a + 1, b: b, x: x, y: y)
        return
      }
      value = max(0, value - drop)
      drop *= x * (a + b) / (a + 1)
      a += 1
    }
  }

  /// P(T > t) = ∫ Φ̄(t·eᵘ − δ)·g(u) du for t > 0 by the trapezoidal rule.
  ///
  /// log g(u) = log 2 + ½·log(k/2π) − δ_S(k) − bd0(k, k·e^(2u)),  k = ν/2
  /// (the χ²_ν density of V = ν·e^(2u) in Loader's saddle-point form, times dV/du).
  func integralUpperTail(_ t: Double, _ delta: Double) -> Double {
    let k = 0.5 * degreesOfFreedom
    let constant =
      log(2.0) + 0.5 * log(k / (2 * Double.pi)) - StirlingDeviance.stirlingError(k)
    // Log integrand without the constant, and its first two derivatives.
    func logIntegrand(_ u: Double) -> Double {
      let e2 = exp(2 * u)
      let chi = StirlingDeviance.deviance(k, mean: k * e2, delta: -k * expm1(2 * u))
      return -chi + NormalTail.logSF(t * exp(u) - delta)
    }
    func derivatives(_ u: Double) -> (first: Double, second: Double) {
      let eu = exp(u)
      let z = t * eu - delta
      let hazard = NormalTail.hazard(z)
      let first = -2 * k * expm1(2 * u) - hazard * t * eu
      let second = -4 * k * eu * eu - hazard * (hazard - z) * (t * eu) * (t * eu) - hazard * t * eu
      return (first, second)
    }
    // Mode of the strictly concave log integrand: bracket, then safeguarded Newton.
    var lo = 0.0
    var hi = 0.0
    var step = 1.0
    if derivatives(0).first > 0 {
      while derivatives(hi).first > 0 && hi < 800 {
        lo = hi
        hi += step
        step *= 2
      }
    } else {
      while derivatives(lo).first < 0 && lo > -2000 {
        hi = lo
        lo -= step
        step *= 2
      }
    }
    var u = 0.5 * (lo + hi)
    for _ in 0..<200 {
      let d = derivatives(u)
      if d.first > 0 { lo = u } else { hi = u }
      var next = u - d.first / d.second
      if !(next > lo && next < hi) || !next.isFinite { next = 0.5 * (lo + hi) }
      if abs(next - u) <= 1e-14 * max(1, abs(u)) || hi - lo <= 1e-14 * max(1, abs(u)) {
        u = next
        break
      }
      u = next
    }
    let mode = u
    let peak = logIntegrand(mode)
    if peak == -.infinity { return 0 }
    let curvature = -derivatives(mode).second
    let width = curvature > 0 && curvature.isFinite ? 1 / curvature.squareRoot() : 1
    // Sum of e^(L(u) − L(mode)) over mode + offset + j·spacing, j ∈ ℤ, truncated
    // on each side once the (unimodal) integrand is below e⁻⁵⁰ of its peak.
    func nodes(offset: Double, spacing: Double) -> Double {
      var total = 0.0
      var j = 0.0
      while j < 1_000_000 {
        let value = logIntegrand(mode + offset + j * spacing) - peak
        if !(value >= -50) { break }
        total += exp(value)
        j += 1
      }
      j = -1
      while j > -1_000_000 {
        let value = logIntegrand(mode + offset + j * spacing) - peak
        if !(value >= -50) { break }
        total += exp(value)
        j -= 1
      }
      return total
    }
    var spacing = min(0.5 * width, 0.25)
    var sum = nodes(offset: 0, spacing: spacing)
    var estimate = spacing * sum
    for _ in 0..<12 {
      let midpoints = nodes(offset: 0.5 * spacing, spacing: spacing)
      sum += midpoints
      spacing *= 0.5
      let refined = spacing * sum
      let converged = abs(refined - estimate) <= 1e-13 * refined
      estimate = refined
      if converged { break }
    }
    return exp(constant + peak + log(estimate))
  }
}

/// log Φ̄(z) and the hazard φ(z)/Φ̄(z) of the standard normal, for the
/// integrand of `NoncentralT.integralUpperTail`.
enum NormalTail {
  /// log Φ̄(z) = log P(Z > z): log of `Normal.sf` up to z = 30, beyond it
  /// −z²/2 − ½·log 2π + log R(z) with Mills' ratio R = Φ̄/φ from its
  /// continued fraction R(z) = 1/(z + 1/(z + 2/(z + 3/(z + …)))).
  static func logSF(_ z: Double) -> Double {
    if z == .infinity { return -.infinity }
    if z < -5 { return log1p(-Normal.sf(-z)) }
    if z <= 30 { return log(Normal.sf(z)) }
    return -halfSquare(z) - StirlingDeviance.halfLogTwoPi + log(millsRatio(z))
  }

  /// φ(z)/Φ̄(z) (> max(z, 0)).
  static func hazard(_ z: Double) -> Double {
    if z == .infinity { return .infinity }
    if z <= 30 { return exp(-halfSquare(z) - StirlingDeviance.halfLogTwoPi) / Normal.sf(z) }
    return 1 / millsRatio(z)
  }

  /// z²/2 with the rounding error of z² folded back in (exact to ~1 ulp).
  static func halfSquare(_ z: Double) -> Double {
    let square = z * z
    return 0.5 * square + 0.5 * fma(z, z, -square)
  }

  /// Mills' ratio for z > 30 (60 levels of the continued fraction: < 1e-17 relative).
  private static func millsRatio(_ z: Double) -> Double {
    var tail = z
    for n in stride(from: 60.0, through: 1, by: -1) {
      tail = z + n / tail
    }
    return 1 / tail
  }
}
