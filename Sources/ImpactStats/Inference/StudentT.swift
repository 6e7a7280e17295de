// Student's t distribution with real degrees of freedom ν > 0.
//
// Sources:
// - Tail probabilities through the incomplete beta function (Abramowitz &
//   Stegun 26.7.1; Boost.Math `students_t`):
//     P(|T| > t) = I_x(ν/2, ½),  x = ν/(ν + t²),  P(|T| < t) = I_y(½, ν/2),  y = t²/(ν + t²)
//   with x and y both formed directly so neither tail is a difference of ~1s.
// - For t² > 1e20·ν the leading term of the power series,
//   P(|T| > t) = (√ν/t)^ν / (½ν·B(ν/2, ½)), is used (relative truncation
//   error < 1e-20), so p-values down to the subnormal range survive even when
//   t² overflows.
// - Quantile: initial value from G. W. Hill, "Algorithm 396: Student's
//   t-quantiles", CACM 13(10), 1970 (as refined in R `qt`), then safeguarded
//   Newton iterations on log-probability versus log t (bracketed bisection as
//   a fallback), solving against the two-sided tail for p ≤ ¼ and against the
//   central mass 1 − 2p for ¼ < p < ½, both well conditioned.
import Foundation

/// Student's t distribution with `degreesOfFreedom` ν > 0 (real, possibly
/// non-integer as in Welch's test, possibly huge; ν = +∞ is the standard normal).
public struct StudentT: Sendable, Equatable {
  /// Degrees of freedom ν > 0.
  public let degreesOfFreedom: Double

  /// Creates the distribution.
  ///
  /// ```
  /// f(t) = Γ((ν+1)/2) / (√(νπ) Γ(ν/2)) · (1 + t²/ν)^(−(ν+1)/2)
  /// ```
  /// - Parameter degreesOfFreedom: ν > 0, may be +∞ (precondition; NaN and ν ≤ 0
  ///   are programmer errors).
  /// - Complexity: O(1).
  public init(degreesOfFreedom: Double) {
    precondition(degreesOfFreedom > 0, "StudentT requires degreesOfFreedom > 0")
    self.degreesOfFreedom = degreesOfFreedom
  }

  /// Cumulative distribution function P(T ≤ t).
  ///
  /// ```
  /// cdf(t) = sf(−t)
  /// ```
  /// - Parameter t: any non-NaN value, ±∞ allowed (precondition).
  /// - Returns: P(T ≤ t) in [0, 1], lower tail computed directly.
  /// - Complexity: O(√ν) continued-fraction terms at worst.
  public func cdf(_ t: Double) -> Double {
    sf(-t)
  }

  /// Survival function P(T > t), upper tail computed directly.
  ///
  /// ```
  /// sf(t) = ½·I_x(ν/2, ½),  x = ν/(ν + t²)   (t ≥ 0);   sf(t) = 1 − sf(−t)  (t < 0)
  /// ```
  /// - Parameter t: any non-NaN value, ±∞ allowed (precondition).
  /// - Returns: P(T > t) in [0, 1]; tiny tails (to ~1e-308) are not rounded to 0.
  /// - Complexity: O(√ν) continued-fraction terms at worst.
  public func sf(_ t: Double) -> Double {
    precondition(!t.isNaN, "StudentT.sf requires a non-NaN argument")
    let upper = 0.5 * tails(abs(t), wantDensity: false).twoSided
    return t >= 0 ? upper : 1 - upper
  }

  /// Two-sided p-value P(|T| ≥ |t|) = 2·sf(|t|).
  ///
  /// ```
  /// p = I_x(ν/2, ½),  x = ν/(ν + t²)
  /// ```
  /// - Parameter t: any non-NaN value (precondition).
  /// - Returns: p in [0, 1]; 1 at t = 0, accurate down to ~1e-300.
  /// - Complexity: O(√ν) continued-fraction terms at worst.
  public func twoSidedPValue(_ t: Double) -> Double {
    precondition(!t.isNaN, "StudentT.twoSidedPValue requires a non-NaN argument")
    return min(1, tails(abs(t), wantDensity: false).twoSided)
  }

  /// Quantile (inverse cdf): the t with P(T ≤ t) = p.
  ///
  /// ```
  /// p < ½:  t = −u,  I_(ν/(ν+u²))(ν/2, ½) = 2p     (p ≤ ¼)
  ///                  I_(u²/(ν+u²))(½, ν/2) = 1 − 2p (¼ < p < ½)
  /// p > ½:  t = −quantile(1 − p)
  /// ```
  /// - Parameter p: 0 ≤ p ≤ 1 (precondition; NaN is a precondition failure).
  /// - Returns: the quantile; −∞ at p = 0, +∞ at p = 1, 0 at p = ½, and ±∞ when
  ///   the quantile exceeds the largest finite double (tiny p with ν ≲ 1).
  ///   Relative error ≲ 1e-14 (agreement with scipy.stats.t.ppf ≤ 1e-13).
  /// - Complexity: O(1) Newton iterations (typically 3–6), each O(√ν) at worst.
  public func quantile(_ p: Double) -> Double {
    precondition(p >= 0 && p <= 1, "StudentT.quantile requires 0 ≤ p ≤ 1")
    if p == 0 { return -.infinity }
    if p == 1 { return .infinity }
    if p == 0.5 { return 0 }
    if degreesOfFreedom == .infinity { return Normal.quantile(p) }
    // 1 − p is exact for p ≥ ½ (Sterbenz).
    let q = p < 0.5 ? p : 1 - p
    let magnitude = upperQuantile(q)
    return p < 0.5 ? -magnitude : magnitude
  }

  // MARK: - Internals

  /// Tail quantities at u ≥ 0.
  struct Tails {
    /// P(|T| > u) = I_x(ν/2, ½).
    var twoSided: Double
    /// P(|T| < u) = I_y(½, ν/2) = 1 − twoSided.
    var central: Double
    /// xᵃ·y^½/B(ν/2, ½) = u·f(u) (0 unless requested).
    var density: Double
  }

  /// Two-sided tail, central mass and u·f(u) at u = |t| ≥ 0.
  func tails(_ u: Double, wantDensity: Bool) -> Tails {
    let df = degreesOfFreedom
    if u == 0 { return Tails(twoSided: 1, central: 0, density: 0) }
    if u == .infinity { return Tails(twoSided: 0, central: 1, density: 0) }
    if df == .infinity {
      let upper = Normal.sf(u)
      let density = wantDensity ? u * exp(-0.5 * u * u) / (2 * Double.pi).squareRoot() : 0
      return Tails(twoSided: 2 * upper, central: 1 - 2 * upper, density: density)
    }
    let a = 0.5 * df
    let ratio = (df / u) / u
    if ratio < 1e-20 {
      // Leading series term; (√ν/u)^ν underflows long before a reaches 170.
      if a >= 170 { return Tails(twoSided: 0, central: 1, density: 0) }
      let scale = tgamma(a + 0.5) / (tgamma(a + 1) * Double.pi.squareRoot())
      let lead = pow(df.squareRoot() / u, df) * scale
      return Tails(twoSided: lead, central: 1 - lead, density: a * lead)
    }
    let u2 = u * u
    let x: Double
    let y: Double
    if u2.isFinite && (df + u2).isFinite {
      x = df / (df + u2)
      y = u2 / (df + u2)
    } else {
      x = ratio / (1 + ratio)
      y = 1 / (1 + ratio)
    }
    let pair = SpecialFunctions.incompleteBetaPair(a: a, b: 0.5, x: x, y: y, exact: .both)
    var density = 0.0
    if wantDensity {
      let lambda = SpecialFunctions.meanOffset(a: a, b: 0.5, x: x, y: y, exact: .both)
      density = SpecialFunctions.betaPowerTerms(a: a, b: 0.5, x: x, y: y, exact: .both, lambda: lambda)
    }
    return Tails(twoSided: pair.lower, central: pair.upper, density: density)
  }

  /// The u > 0 with P(T > u) = q, for 0 < q < ½.
  private func upperQuantile(_ q: Double) -> Double {
    let df = degreesOfFreedom
    let useCentral = q > 0.25
    // Both targets are exact: 2q is a scaling, 1 − 2q is exact by Sterbenz.
    let target = useCentral ? 1 - 2 * q : 2 * q
    let largest = Double.greatestFiniteMagnitude
    if !useCentral && df < 1.1 && tails(largest, wantDensity: false).twoSided > target {
      return .infinity
    }

    // Newton on g(s) = log F(e^s) − log target in s = log t, carried out as
    // multiplicative updates of t itself (t = exp(s) would cost |s|·ε of
    // relative precision). g is monotone; [lo, hi] brackets the root in t.
    var t = initialGuess(q)
    var lo = 0.0
    var hi = largest
    for _ in 0..<300 {
      let at = tails(t, wantDensity: true)
      let value = useCentral ? at.central : at.twoSided
      // log of the ratio (not a difference of logs, which would carry |log value|·ε).
      let f = value > 0 ? log(value / target) : -Double.infinity
      if f == 0 { break }
      // d log F / d log t: central mass increases with t, the two-sided tail decreases.
      let slope = useCentral ? 2 * at.density / value : -2 * at.density / value
      let tooLarge = useCentral ? f > 0 : f < 0
      if tooLarge { hi = min(hi, t) } else { lo = max(lo, t) }
      let step = -f / slope
      var next = t * exp(step)
      let newtonStep = step.isFinite && next > lo && next < hi
      if !newtonStep {
        // Geometric bisection of the bracket (or a jump by e^±4 while one-sided).
        if lo > 0 && hi < largest {
          next = (lo.squareRoot() * hi.squareRoot())
        } else if lo > 0 {
          next = min(t * exp(4.0), (lo.squareRoot() * hi.squareRoot()))
        } else {
          next = t * exp(-4.0)
        }
      }
      t = next
      if newtonStep && abs(step) <= 1e-12 { break }
      if lo > 0 && hi - lo <= 4 * Double.ulpOfOne * hi { break }
    }
    return t
  }

  /// Starting value for `upperQuantile`: exact for ν = 1, 2; Hill (1970) for
  /// ν > 1; the power-law tail for ν < 1.
  private func initialGuess(_ q: Double) -> Double {
    let df = degreesOfFreedom
    let twoSided = 2 * q
    var guess: Double
    if df == 1 {
      guess = 1 / tan(Double.pi * q)
    } else if df == 2 {
      guess = (1 - twoSided) / (twoSided * (1 - q)).squareRoot()
    } else if df < 1 {
      let a = 0.5 * df
      let scale = tgamma(a + 0.5) / (tgamma(a + 1) * Double.pi.squareRoot())
      guess = df.squareRoot() * exp((log(scale) - log(twoSided)) / df)
    } else {
      let a = 1 / (df - 0.5)
      let b = 48 / (a * a)
      var c = ((20_700 * a / b - 98) * a - 16) * a + 96.36
      let d = ((94.5 / (b + c) - 3) / b + 1) * (a * Double.pi / 2).squareRoot() * df
      var y = pow(d * twoSided, 2 / df)
      if y > 0.05 + a {
        let x = Normal.quantile(0.5 * twoSided)
        y = x * x
        if df < 5 { c += 0.3 * (df - 4.5) * (x + 0.6) }
        c = (((0.05 * d * x - 5) * x - 7) * x - 2) * x + b + c
        y = (((((0.4 * y + 6.3) * y + 36) * y + 94.5) / c - y - 3) / b + 1) * x
        y = expm1(a * y * y)
      } else {
        y =
          ((1 / (((df + 6) / (df * y) - 0.089 * d - 0.822) * (df + 2) * 3)
            + 0.5 / (df + 4)) * y - 1) * (df + 1) / (df + 2) + 1 / y
      }
      guess = (df * y).squareRoot()
    }
    if !(guess.isFinite && guess > 0) {
      guess = max(-Normal.quantile(q), 1e-300)
    }
    return min(guess, 1e300)
  }
}
