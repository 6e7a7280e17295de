// Root of a continuous function on a bracket where it changes sign.
//
// Source: R. P. Brent, Algorithms for Minimization without Derivatives,
// Prentice-Hall 1973, ch. 4 (inverse quadratic interpolation / secant steps,
// bisection whenever they do not shrink the bracket fast enough), in the
// arrangement of SciPy's `brentq` (scipy/optimize/Zeros/brentq.c), with two
// additions: a step from an infinite function value is a bisection, and the
// default tolerance is a few ulps (xtol 1e-300, rtol 4ε).
import Foundation

/// Brent's bracketed root finder, shared by the noncentral t inversion and
/// the power solvers.
enum BracketedRoot {
  /// The x in [a, b] with f(x) = 0, given f(a) and f(b) of opposite signs
  /// (either may be ±∞).
  ///
  /// ```
  /// stop when |bracket|/2 < (xtol + rtol·|x|)/2
  /// ```
  /// - Parameters:
  ///   - a, b: the bracket ends (any order).
  ///   - fLo, fHi: f(a) and f(b), of opposite signs (precondition: not both of one sign).
  ///   - xtol: absolute tolerance; rtol: relative tolerance (≥ 4ε recommended).
  ///   - f: the function, continuous on the bracket.
  /// - Returns: the root to within (xtol + rtol·|x|).
  /// - Complexity: at most 300 evaluations (superlinear convergence, ≤ ~60 bisections).
  static func brent(
    _ a: Double, _ b: Double, fLo: Double, fHi: Double, xtol: Double = 1e-300,
    rtol: Double = 4 * Double.ulpOfOne, f: (Double) -> Double
  ) -> Double {
    var xpre = a
    var xcur = b
    var fpre = fLo
    var fcur = fHi
    if fpre == 0 { return xpre }
    if fcur == 0 { return xcur }
    var xblk = 0.0
    var fblk = 0.0
    var spre = 0.0
    var scur = 0.0
    for _ in 0..<300 {
      if fpre != 0 && fcur != 0 && (fpre.sign != fcur.sign) {
        xblk = xpre
        fblk = fpre
        spre = xcur - xpre
        scur = spre
      }
      if abs(fblk) < abs(fcur) {
        xpre = xcur
        xcur = xblk
        xblk = xpre
        fpre = fcur
        fcur = fblk
        fblk = fpre
      }
      let delta = (xtol + rtol * abs(xcur)) / 2
      let sbis = (xblk - xcur) / 2
      if fcur == 0 || abs(sbis) < delta { return xcur }
      var bisect = true
      if abs(spre) > delta && abs(fcur) < abs(fpre) && fpre.isFinite && fblk.isFinite {
        let stry: Double
        if xpre == xblk {
          stry = -fcur * (xcur - xpre) / (fcur - fpre)
        } else {
          let dpre = (fpre - fcur) / (xpre - xcur)
          let dblk = (fblk - fcur) / (xblk - xcur)
          stry = -fcur * (fblk * dblk - fpre * dpre) / (dblk * dpre * (fblk - fpre))
        }
        if stry.isFinite && 2 * abs(stry) < min(abs(spre), 3 * abs(sbis) - delta) {
          spre = scur
          scur = stry
          bisect = false
        }
      }
      if bisect {
        spre = sbis
        scur = sbis
      }
      xpre = xcur
      fpre = fcur
      xcur += abs(scur) > delta ? scur : (sbis > 0 ? delta : -delta)
      fcur = f(xcur)
    }
    return xcur
  }
}
