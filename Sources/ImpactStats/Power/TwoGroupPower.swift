// Power of a two-group comparison of an outcome measured before and after.
//
// Sources:
// - Two-sample t-test power through the noncentral t, as
//   statsmodels.stats.power.TTestIndPower.power (two-sided; n₂ = ratio·n₁,
//   effective n = 1/(1/n₁ + 1/n₂), ν as stated below).
// - ANCOVA on the baseline: G. F. Borm, J. Fransen & W. A. J. G. Lemmens, "A
//   simple sample size formula for analysis of covariance in randomized
//   clinical trials", Journal of Clinical Epidemiology 60 (2007) 1234–1238:
//   adjusting for a baseline that correlates ρ with the outcome multiplies the
//   residual variance by 1 − ρ²; here that enters the exact t power as the
//   effect size d/√(1 − ρ²), with ν = n₁ + n₂ − 3 (one df for the covariate).
// - Change scores: Var(post − pre) = 2σ²(1 − ρ) for equal SDs (e.g. Frison &
//   Pocock, Statistics in Medicine 11 (1992) 1685–1704), so the effect size on
//   the change is d/√(2(1 − ρ)), ν = n₁ + n₂ − 2.
import Foundation

/// Power of the two-sided comparison of two independent groups, with the
/// baseline used as a covariate (ANCOVA), through change scores, or not at all.
///
/// ```
/// d = (difference in outcome means between the groups)/σ, σ = SD of the outcome
/// posttest: e = d,                ν = n₁ + n₂ − 2
/// change:   e = d/√(2(1 − ρ)),    ν = n₁ + n₂ − 2
/// ancova:   e = d/√(1 − ρ²),      ν = n₁ + n₂ − 3
/// n₂ = r·n₁,  δ = e·√(n₁n₂/(n₁ + n₂)),  power = P(T > c) + P(T < −c),  c = t_(1−α/2, ν)
/// ```
/// Example: d = 0.5, posttest, α = 0.05, power 0.8 → n₁ = n₂ = 63.77, i.e. 64 per group.
public struct TwoGroupPower: PowerDesign, Equatable {
  /// How the baseline enters the analysis.
  public enum Analysis: String, Sendable, CaseIterable {
    /// Two-sample t-test on the follow-up scores only.
    case posttest
    /// Two-sample t-test on the changes (post − pre).
    case change
    /// Follow-up on group and baseline (ANCOVA).
    case ancova
  }

  /// The analysis.
  public var analysis: Analysis
  /// Pre–post correlation ρ, −1 < ρ < 1 (ignored by `.posttest`).
  public var correlation: Double
  /// Allocation ratio r = n₂/n₁ > 0.
  public var ratio: Double

  /// - Parameters: analysis; correlation −1 < ρ < 1; ratio r > 0 (preconditions).
  public init(analysis: Analysis, correlation: Double = 0, ratio: Double = 1) {
    precondition(correlation > -1 && correlation < 1, "TwoGroupPower requires −1 < ρ < 1")
    precondition(ratio > 0 && ratio.isFinite, "TwoGroupPower requires ratio > 0")
    self.analysis = analysis
    self.correlation = correlation
    self.ratio = ratio
  }

  /// The divisor f with e = d/f.
  ///
  /// ```
  /// posttest: 1;  change: √(2(1 − ρ));  ancova: √(1 − ρ²)
  /// ```
  public var varianceFactor: Double {
    switch analysis {
    case .posttest: 1
    case .change: (2 * (1 - correlation)).squareRoot()
    case .ancova: ((1 - correlation) * (1 + correlation)).squareRoot()
    }
  }

  /// Degrees of freedom ν at n₁ = `n`.
  public func degreesOfFreedom(n: Double) -> Double {
    n * (1 + ratio) - (analysis == .ancova ? 3 : 2)
  }

  /// Both groups of at least two (ν ≥ 1 for every analysis).
  public var minimumN: Double { max(2, 2 / ratio) }
  /// Any positive d.
  public var maximumEffect: Double { .infinity }

  /// Two-sided power at standardized difference d = `effect` with n₁ = `n`.
  ///
  /// - Parameters: effect d > 0; n ≥ `minimumN`; 0 < alpha < 1 (preconditions).
  /// - Complexity: two noncentral t tails.
  public func power(effect: Double, n: Double, alpha: Double) -> Double {
    let df = degreesOfFreedom(n: n)
    precondition(df > 0 && alpha > 0 && alpha < 1, "TwoGroupPower.power requires ν > 0, 0 < alpha < 1")
    let n2 = ratio * n
    let effective = 1 / (1 / n + 1 / n2)
    return TTestPowerKernel.twoSided(
      noncentrality: effect / varianceFactor * effective.squareRoot(), degreesOfFreedom: df, alpha: alpha)
  }
}
