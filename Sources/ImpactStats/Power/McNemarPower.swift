// Power of McNemar's test for a change in a paired proportion (pass rates).
//
// Source: R. J. Connor, "Sample size for testing differences in proportions
// for the paired-sample design", Biometrics 43 (1987) 207–211 (normal
// approximation, eqs. 2–3); identical to R MESS::power_mcnemar_test(method =
// "normal") with paid = p₁₀, psi = p₀₁/p₁₀. Published example (Connor 1987,
// p. 209): p₁₀ = 0.05, p₀₁ = 0.45, α = 0.05, power 0.8 → 23 pairs.
import Foundation

/// Power of the two-sided McNemar test.
///
/// ```
/// ψ = p₀₁ + p₁₀  (share of pairs whose pass status changes),  Δ = p₀₁ − p₁₀  (change in the pass rate)
/// power = Φ((√n·|Δ| − z_(1−α/2)·√ψ)/√(ψ − Δ²))
/// n     = (z_(1−α/2)·√ψ + z_(power)·√(ψ − Δ²))²/Δ²
/// ```
/// The opposite rejection region (probability ≤ Φ(−z_(1−α/2)·√ψ/√(ψ − Δ²))) is
/// left out, as by Connor and MESS.
public struct McNemarPower: PowerDesign, Equatable {
  /// Discordant share ψ = p₀₁ + p₁₀, 0 < ψ ≤ 1.
  public var discordant: Double

  /// - Parameter discordant: 0 < ψ ≤ 1 (precondition).
  public init(discordant: Double) {
    precondition(discordant > 0 && discordant <= 1, "McNemarPower requires 0 < ψ ≤ 1")
    self.discordant = discordant
  }

  /// Any n > 0 (a continuous approximation).
  public var minimumN: Double { 1 }
  /// |Δ| < ψ.
  public var maximumEffect: Double { discordant }

  /// Two-sided power at Δ = `effect`.
  ///
  /// - Parameters: 0 < |effect| < ψ; n > 0; 0 < alpha < 1 (preconditions).
  /// - Complexity: O(1).
  public func power(effect: Double, n: Double, alpha: Double) -> Double {
    precondition(abs(effect) < discordant && n > 0 && alpha > 0 && alpha < 1, "McNemarPower.power: bad input")
    let z = -Normal.quantile(alpha / 2)
    let spread = fma(-effect, effect, discordant).squareRoot()
    return Normal.cdf((n.squareRoot() * abs(effect) - z * discordant.squareRoot()) / spread)
  }

  /// Connor's closed form for n.
  ///
  /// - Returns: n (continuous); nil when z_(power) is so negative (power < ½)
  ///   that the bracket is not positive.
  public func closedFormSampleSize(effect: Double, power: Double, alpha: Double) -> Double? {
    let za = -Normal.quantile(alpha / 2)
    let zb = Normal.quantile(power)
    let spread = fma(-effect, effect, discordant).squareRoot()
    let root = za * discordant.squareRoot() + zb * spread
    guard root > 0 else { return nil }
    return (root / effect) * (root / effect)
  }
}
