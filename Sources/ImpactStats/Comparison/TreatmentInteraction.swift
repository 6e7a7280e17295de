// Does the program effect differ between the groups of a `--by` column? The
// ANCOVA with a treated × group interaction, and the joint Wald F test that
// every interaction coefficient is 0.
//
// Model (statsmodels formula `post ~ pre + treated * C(group) + covariates`):
//
//   post = α + β·pre + τ·T + Σ_{k≥2} γ_k·G_k + Σ_{k≥2} δ_k·T·G_k + covariates + ε
//   H₀: δ₂ = … = δ_G = 0   (J = G − 1 restrictions)
//
// The cells of ``RegressionCells`` hold only dummies that are constant within
// a cell, and T varies within a (cluster, group) cell. So the fit uses the
// same column space in another basis: the group dummies G_k (k ≥ 2) and one
// dummy per group for the treated respondents of that group, T·G_k (k ≥ 1;
// they sum to T). There θ_k = τ + δ_k, and H₀ is θ₂ − θ₁ = … = θ_G − θ₁ = 0.
// Fitted values, residuals and Wald statistics of linear hypotheses (with
// classical or sandwich covariances alike) do not depend on the basis, so the
// F equals statsmodels' `f_test` on the formula's interaction terms.
//
// Respondents without a value in the column form the group "(missing)", as
// in the other subgroup tests. A group with only treated or only comparison
// respondents makes its interaction inestimable: the test is then null with
// that reason (statsmodels would return a pseudo-inverse answer).
//
// References: statsmodels 0.15 `OLS.fit().f_test`, `fit(cov_type='cluster',
// use_t=True).f_test` (F with (J, G − 1) df, `df_resid_inference`); Cameron &
// Miller, "A practitioner's guide to cluster-robust inference", J. Human
// Resources 50 (2015) §VI.
import Foundation

/// The level of the arm × group categorical for a comparison respondent
/// (sorts before every treated level, so it is the reference).
let comparisonArmLevel = ""

/// Builds the cells' arm × group level of a respondent.
public enum TreatmentInteractionLevels {
  /// The two extra categorical levels of a row: its group, then its arm ×
  /// group level ("" for comparison respondents, "t|group" for treated ones).
  public static func levels(group: String, treated: Bool) -> [String] {
    [group, treated ? "t|" + group : comparisonArmLevel]
  }
}

/// The treated × group interaction test of one indicator (or the composite).
public struct TreatmentInteraction: Sendable, Equatable {
  /// Indicator id, or "composite".
  public var indicator: String
  /// Groups of the column among the rows of the fit.
  public var groups: Int
  /// Rows of the fit (complete pairs with every covariate).
  public var n: Int
  /// Joint F test of the interaction coefficients, classical errors.
  public var classical: WaldFTest?
  /// The same with CR1 cluster-robust errors (with `--cluster`).
  public var cluster: WaldFTest?
  /// Holm-adjusted p-values across the indicators of the column (nil for the
  /// composite or a null test).
  public var classicalPHolm: Double?
  public var clusterPHolm: Double?
  /// Why a test is null: keys "classical", "cluster".
  public var reasons: [String: String] = [:]

  /// Fits the interaction model from `cells` and tests it.
  /// - Parameters:
  ///   - cells: numeric [pre, numeric covariates], categorical
  ///     [categorical covariates, group, arm × group] (``TreatmentInteractionLevels``).
  ///   - column: the `--by` column, for names and reasons.
  ///   - numericCovariates, categoricalCovariates: the covariate names.
  ///   - clustered: whether to compute the CR1 version.
  public init(
    indicator: String, cells: RegressionCells, column: String, numericCovariates: [String],
    categoricalCovariates: [String], clustered: Bool
  ) {
    self.indicator = indicator
    n = cells.count
    let m = categoricalCovariates.count
    // Arms per group, from the cells.
    var arms: [String: (treated: Int, comparison: Int)] = [:]
    for c in cells.sortedCells where c.summary.count > 0 {
      let group = c.key.levels[m]
      var a = arms[group] ?? (0, 0)
      if c.key.levels[m + 1] == comparisonArmLevel {
        a.comparison += c.summary.count
      } else {
        a.treated += c.summary.count
      }
      arms[group] = a
    }
    groups = arms.count
    func fail(_ reason: String) {
      reasons["classical"] = reason
      if clustered { reasons["cluster"] = reason }
    }
    if !clustered { reasons["cluster"] = "no cluster column was given (--cluster)" }
    let names = arms.keys.sorted()
    guard names.count >= 2 else {
      fail("needs at least 2 groups of '\(column)' among the complete pairs (got \(names.count))")
      return
    }
    for g in names {
      guard let a = arms[g] else { continue }
      if a.treated == 0 || a.comparison == 0 {
        fail(
          "group '\(g)' of '\(column)' has only \(a.treated == 0 ? "comparison" : "treated") respondents (\(a.treated + a.comparison)): its treated × group interaction is not estimable"
        )
        return
      }
    }
    let fit: CellRegression
    switch CellRegression.fit(
      cells, numericNames: ["pre"] + numericCovariates,
      categoricalNames: categoricalCovariates + [column, "treated × \(column)"])
    {
    case .success(let f): fit = f
    case .failure(let p):
      // Name the treated dummies by their group ("treated × g[x]", not "[t|x]").
      var reason = p.reason.replacingOccurrences(of: "[t|", with: "[")
      if categoricalCovariates.contains(column) { reason += " ('\(column)' is also a covariate)" }
      fail(reason)
      return
    }
    // The T·G_k dummies: the last categorical's levels after the reference "".
    let p = fit.beta.count
    let treatedLevels = fit.levels[m + 1].dropFirst()
    let first = p - treatedLevels.count
    var restrictions: [[Double]] = []
    for k in 1..<treatedLevels.count {
      var r = [Double](repeating: 0, count: p)
      r[first + k] = 1
      r[first] = -1
      restrictions.append(r)
    }
    switch fit.waldTest(restrictions, covariance: .classical) {
    case .success(let t): classical = t
    case .failure(let e): reasons["classical"] = e.reason
    }
    if clustered {
      switch fit.waldTest(restrictions, covariance: .clusterRobust) {
      case .success(let t): cluster = t
      case .failure(let e): reasons["cluster"] = e.reason
      }
    }
  }
}

/// The interaction tests of one `--by` column, with Holm across indicators.
public struct TreatmentInteractions: Sendable, Equatable {
  public var column: String
  public var indicators: [TreatmentInteraction]
  public var composite: TreatmentInteraction?

  /// - Parameters:
  ///   - indicators: one test per indicator, in order (Holm is applied here).
  public init(column: String, indicators: [TreatmentInteraction], composite: TreatmentInteraction?) {
    self.column = column
    var rows = indicators
    let c = MultipleComparisons.holm(rows.map { $0.classical?.pValue })
    let r = MultipleComparisons.holm(rows.map { $0.cluster?.pValue })
    for j in rows.indices {
      rows[j].classicalPHolm = c[j]
      rows[j].clusterPHolm = r[j]
    }
    self.indicators = rows
    self.composite = composite
  }
}
