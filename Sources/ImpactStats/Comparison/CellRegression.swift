// Ordinary least squares from ``RegressionCells``: classical, HC3 and
// cluster-robust (CR1) standard errors of one coefficient.
//
// Sources and conventions (statsmodels 0.15 `OLS.fit`, `use_t=True`):
// - Slopes of a model with an intercept solve the centered normal equations
//   (Frisch–Waugh–Lovell): C_xx·β = C_xy, intercept = ȳ − x̄ᵀβ. C is formed
//   from the cells, equilibrated to a correlation matrix D·C·D (D = diag
//   C_jj^−½) and solved by LAPACK `dgelsd` (SVD), which also gives the rank
//   and condition number; a rank-deficient or near-singular design is refused
//   with a reason instead of a pseudo-inverse answer.
// - classical: Var β̂ⱼ = s²·(C⁻¹)ⱼⱼ, s² = RSS/(N − K), t with N − K df.
// - HC3 (MacKinnon & White 1985): Var β̂ⱼ = Σᵢ (aᵀx̃ᵢ)² eᵢ²/(1 − hᵢ)²,
//   a = C⁻¹eⱼ, hᵢ = 1/N + x̃ᵢᵀC⁻¹x̃ᵢ; t with N − K df. Needs every row.
// - CR1 (Liang & Zeger 1986; Cameron & Miller 2015): Var β̂ⱼ =
//   c·Σ_g (aᵀs_g)², s_g = Σ_{i∈g} x̃ᵢeᵢ, c = G/(G − 1)·(N − 1)/(N − K);
//   t with G − 1 df (statsmodels `cov_type='cluster'`, `use_t=True`).
// - Wald F of J restrictions Rβ = 0 on the slopes: (Rβ̂)ᵀ(RVRᵀ)⁻¹(Rβ̂)/J with
//   the classical V and (J, N − K) df, or the CR1 V and (J, G − 1) df
//   (statsmodels `f_test`, which uses `df_resid_inference` = G − 1).
// K counts the intercept. Slope rows of (XᵀX)⁻¹Xᵀ equal C⁻¹X̃ᵀ, so these
// sandwiches equal statsmodels' on the uncentered design.
public import ImpactCore

/// Estimate, standard error, t, df, two-sided p and CI of one coefficient.
public struct CoefficientTest: Sendable, Equatable, Codable {
  public var estimate: Double
  public var standardError: Double
  public var t: Double
  public var df: Double
  public var pValue: Double
  public var ciLow: Double
  public var ciHigh: Double

  /// From an estimate, its variance and the t degrees of freedom:
  ///
  /// ```
  /// se = √variance,  t = estimate/se,  p = 2·P(T_df > |t|),
  /// CI = estimate ∓ Q_df(1 − α/2)·se   (statsmodels conf_int)
  /// ```
  /// - Returns: nil when the variance is not positive and finite or df ≤ 0.
  public init?(estimate: Double, variance: Double, df: Double, confidence: Double) {
    guard estimate.isFinite, variance.isFinite, variance > 0, df > 0, confidence > 0, confidence < 1 else {
      return nil
    }
    let se = variance.squareRoot()
    let dist = StudentT(degreesOfFreedom: df)
    let q = dist.quantile(1 - (1 - confidence) / 2)
    self.estimate = estimate
    standardError = se
    t = estimate / se
    self.df = df
    pValue = dist.twoSidedPValue(estimate / se)
    ciLow = estimate - q * se
    ciHigh = estimate + q * se
  }
}

/// Why a regression figure is undefined (carried to the output as its reason).
public struct RegressionProblem: Error, Sendable, Equatable {
  public var reason: String
  public init(_ reason: String) { self.reason = reason }
}

/// An OLS fit with an intercept, from mergeable cells.
///
/// ```swift
/// var cells = RegressionCells(numeric: 2, categorical: 0)
/// cells.add([pre, treated, post], levels: [])
/// let fit = try CellRegression.fit(cells, numericNames: ["pre", "treated"], categoricalNames: []).get()
/// let effect = fit.classical(1, confidence: 0.95)
/// ```
public struct CellRegression: Sendable {
  /// Regressor names: the numeric ones, then `name[level]` per dummy.
  public let names: [String]
  /// Rows used.
  public let n: Int
  /// Parameters including the intercept (K).
  public let parameters: Int
  /// Slopes, one per regressor.
  public let beta: [Double]
  public let intercept: Double
  public let residualSumOfSquares: Double
  /// Levels of each categorical regressor, sorted; the first is the reference.
  public let levels: [[String]]
  /// Regressor means and the response mean.
  let means: [Double]
  let meanY: Double
  /// (X̃ᵀX̃)⁻¹, p × p.
  let inverse: Matrix
  let numeric: Int
  /// The cells the fit came from (for the cluster scores).
  let cells: [(key: RegressionCells.Key, summary: CenteredCrossProducts)]
  /// Centered cross-products of [regressors, y], (p + 1) × (p + 1).
  let crossProducts: Matrix

  /// Fits the model; the error names why it is undefined (no rows, a
  /// constant regressor, collinear regressors, no residual degrees of freedom).
  /// - Complexity: O(cells · p² + p³).
  public static func fit(_ rc: RegressionCells, numericNames: [String], categoricalNames: [String])
    -> Result<CellRegression, RegressionProblem>
  {
    precondition(numericNames.count == rc.numeric && categoricalNames.count == rc.categorical, "names differ")
    let cells = rc.sortedCells.filter { $0.summary.count > 0 }
    let q = rc.numeric
    var total = CenteredCrossProducts.empty(variables: q + 1)
    for c in cells { total = total.merged(with: c.summary) }
    let n = total.count
    guard n > 0 else { return .failure(RegressionProblem("no respondents in the analytic sample")) }
    var levels: [[String]] = []
    for j in 0..<rc.categorical {
      let l = Set(cells.map { $0.key.levels[j] }).sorted()
      guard l.count >= 2 else {
        return .failure(
          RegressionProblem("covariate '\(categoricalNames[j])' is constant in the sample (only '\(l.first ?? "")')"))
      }
      levels.append(l)
    }
    var names = numericNames
    for (j, l) in levels.enumerated() { names += l.dropFirst().map { "\(categoricalNames[j])[\($0)]" } }
    let p = names.count
    // Dummy of each cell: the index in the full vector of its level's dummy.
    func dummyIndexes(_ key: RegressionCells.Key) -> [Int] {
      var out: [Int] = []
      var base = q
      for (j, l) in levels.enumerated() {
        if let i = l.firstIndex(of: key.levels[j]), i > 0 { out.append(base + i - 1) }
        base += l.count - 1
      }
      return out
    }
    // Full centered cross-products, order [numeric regressors, dummies, y].
    let nd = Double(n)
    var counts = [Double](repeating: 0, count: p)
    var a = Matrix(rows: p + 1, columns: p + 1)
    func full(_ i: Int) -> Int { i < q ? i : p }  // numeric variable i (y is q) → full index
    for i in 0...q {
      for k in 0...q { a[full(i), full(k)] = total.comoments[i, k] }
    }
    for c in cells {
      let nc = Double(c.summary.count)
      let d = dummyIndexes(c.key)
      for di in d {
        counts[di] += nc
        for i in 0...q { a[di, full(i)] += nc * (c.summary.means[i] - total.means[i]) }
        for dk in d { a[di, dk] += nc }
      }
    }
    for di in q..<p {
      for i in 0...q { a[full(i), di] = a[di, full(i)] }
      for dk in q..<p { a[di, dk] -= counts[di] * counts[dk] / nd }
    }
    for j in 0..<p where !(a[j, j] > 0) {
      return .failure(RegressionProblem("regressor '\(names[j])' is constant in the sample"))
    }
    guard n > p + 1 else {
      return .failure(RegressionProblem("\(n) respondents are too few for \(p + 1) parameters"))
    }
    // Equilibrate, solve by SVD, check the rank and condition.
    let scale = (0..<p).map { 1 / a[$0, $0].squareRoot() }
    var s = Matrix(rows: p, columns: p)
    for i in 0..<p {
      for k in 0..<p { s[i, k] = a[i, k] * scale[i] * scale[k] }
    }
    let rhs = (0..<p).map { a[$0, p] * scale[$0] }
    guard let solution = try? s.leastSquares(rhs) else {
      return .failure(RegressionProblem("the least-squares solver failed on the design matrix"))
    }
    let sv = solution.singularValues
    let smax = sv.first ?? 0
    let smin = sv.last ?? 0
    guard solution.rank == p, smax > 0, smin > 1e-12 * smax else {
      return .failure(
        RegressionProblem(
          "the design matrix is singular: the regressors \(names.joined(separator: ", ")) are collinear"))
    }
    guard let sInverse = try? s.inverseSPD() else {
      return .failure(RegressionProblem("the design matrix is singular (not positive definite)"))
    }
    var inverse = Matrix(rows: p, columns: p)
    for i in 0..<p {
      for k in 0..<p { inverse[i, k] = sInverse[i, k] * scale[i] * scale[k] }
    }
    let beta = (0..<p).map { solution.coefficients[$0] * scale[$0] }
    var explained = 0.0
    for j in 0..<p { explained += beta[j] * a[j, p] }
    let rss = max(0, a[p, p] - explained)
    var means = Array(total.means[0..<q])
    for di in q..<p { means.append(counts[di] / nd) }
    var intercept = total.means[q]
    for j in 0..<p { intercept -= beta[j] * means[j] }
    return .success(
      CellRegression(
        names: names, n: n, parameters: p + 1, beta: beta, intercept: intercept, residualSumOfSquares: rss,
        levels: levels, means: means, meanY: total.means[q], inverse: inverse, numeric: q, cells: cells,
        crossProducts: a))
  }

  /// Classical (homoskedastic) inference on coefficient `j` (t, N − K df).
  public func classical(_ j: Int, confidence: Double) -> CoefficientTest? {
    let df = Double(n - parameters)
    return CoefficientTest(
      estimate: beta[j], variance: residualSumOfSquares / df * inverse[j, j], df: df, confidence: confidence)
  }

  /// The full regressor vector of a row (numeric values, then dummies).
  public func designRow(numeric values: [Double], levels rowLevels: [String]) -> [Double] {
    var x = Array(values.prefix(numeric))
    for (j, l) in levels.enumerated() {
      for level in l.dropFirst() { x.append(rowLevels[j] == level ? 1 : 0) }
    }
    return x
  }

  /// HC3 inference on coefficient `j` from every row of the sample.
  /// - Parameters:
  ///   - design: the N × p regressor rows (``designRow(numeric:levels:)``).
  ///   - y: the responses.
  /// - Returns: the test, or the reason it is undefined (a leverage of 1).
  /// - Complexity: O(N · p²).
  public func hc3(_ j: Int, design: Matrix, y: [Double], confidence: Double)
    -> Result<CoefficientTest, RegressionProblem>
  {
    let p = beta.count
    guard design.rows == n, design.columns == p, y.count == n else {
      return .failure(RegressionProblem("HC3 needs the rows of the fit"))
    }
    let aj = (0..<p).map { inverse[$0, j] }
    var centered = design
    for k in 0..<p {
      for i in 0..<n { centered[i, k] -= means[k] }
    }
    // (X̃·C⁻¹) row by row gives the leverages; one BLAS product.
    let projected = centered.multiply(inverse)
    let u = centered.multiply(aj)
    let fitted = centered.multiply(beta)
    var variance = 0.0
    for i in 0..<n {
      var h = 1 / Double(n)
      for k in 0..<p { h += projected[i, k] * centered[i, k] }
      guard h < 1 - 1e-10 else {
        return .failure(RegressionProblem("a respondent has leverage 1 (a regressor value no one else has)"))
      }
      let e = (y[i] - meanY) - fitted[i]
      let w = u[i] * e / (1 - h)
      variance += w * w
    }
    guard
      let t = CoefficientTest(estimate: beta[j], variance: variance, df: Double(n - parameters), confidence: confidence)
    else { return .failure(RegressionProblem("the HC3 variance is zero")) }
    return .success(t)
  }

  /// CR1 cluster-robust inference on coefficient `j` (t with G − 1 df).
  public func clusterRobust(_ j: Int, confidence: Double) -> Result<CoefficientTest, RegressionProblem> {
    let p = beta.count
    let scores = clusterScores()
    let g = scores.count
    guard g >= 2 else {
      return .failure(RegressionProblem("cluster-robust errors need at least 2 clusters (got \(g))"))
    }
    let aj = (0..<p).map { inverse[$0, j] }
    var meat = 0.0
    for s in scores {
      var u = 0.0
      for i in 0..<p { u += aj[i] * s[i] }
      meat += u * u
    }
    guard
      let t = CoefficientTest(
        estimate: beta[j], variance: clusterCorrection(g) * meat, df: Double(g - 1), confidence: confidence)
    else { return .failure(RegressionProblem("the cluster-robust variance is zero")) }
    return .success(t)
  }

  /// CR1's small-sample factor G/(G − 1)·(N − 1)/(N − K).
  func clusterCorrection(_ g: Int) -> Double {
    let gd = Double(g)
    return gd / (gd - 1) * Double(n - 1) / Double(n - parameters)
  }

  /// Per cluster (in order of first appearance among the sorted cells) the
  /// score s_g = Σ_{i∈g} x̃ᵢ·eᵢ, a p-vector, from the cells alone.
  func clusterScores() -> [[Double]] {
    let p = beta.count
    let q = numeric
    var b = beta.map { -$0 }
    b.append(1)
    var scores: [[Double]] = []
    var slot: [String: Int] = [:]
    var dummyBase: [Int] = []
    var base = q
    for l in levels {
      dummyBase.append(base)
      base += l.count - 1
    }
    for c in cells {
      let nc = Double(c.summary.count)
      // δ: the cell's mean deviation from the sample means, full order.
      var delta = [Double](repeating: 0, count: p + 1)
      for i in 0..<q { delta[i] = c.summary.means[i] - means[i] }
      for (jj, l) in levels.enumerated() {
        for (li, level) in l.enumerated().dropFirst() {
          delta[dummyBase[jj] + li - 1] = (c.key.levels[jj] == level ? 1 : 0) - means[dummyBase[jj] + li - 1]
        }
      }
      delta[p] = c.summary.means[q] - meanY
      var residual = 0.0
      for i in 0...p { residual += delta[i] * b[i] }
      // C_c·b over the numeric rows (dummies do not vary within a cell) plus
      // n_c·δ·(δᵀb).
      var score = [Double](repeating: 0, count: p)
      for i in 0..<q {
        var cb = c.summary.comoments[i, q] * b[p]
        for k in 0..<q { cb += c.summary.comoments[i, k] * b[k] }
        score[i] = cb
      }
      for i in 0..<p { score[i] += nc * delta[i] * residual }
      if let at = slot[c.key.cluster] {
        for i in 0..<p { scores[at][i] += score[i] }
      } else {
        slot[c.key.cluster] = scores.count
        scores.append(score)
      }
    }
    return scores
  }

  /// Which covariance of β̂ a Wald test uses.
  public enum Covariance: Sendable {
    /// s²·(X̃ᵀX̃)⁻¹; F with (J, N − K) df.
    case classical
    /// CR1: c·A·(Σ_g s_g s_gᵀ)·A, A = (X̃ᵀX̃)⁻¹; F with (J, G − 1) df.
    case clusterRobust
  }

  /// The Wald F test of the J linear restrictions R·β = 0 on the slopes:
  ///
  /// ```
  /// F = (Rβ̂)ᵀ (R V Rᵀ)⁻¹ (Rβ̂) / J
  /// ```
  /// as statsmodels `f_test`/`wald_test(use_f=True)`: classical V with
  /// (J, N − K) df; CR1 V (``clusterRobust(_:confidence:)``) with (J, G − 1)
  /// df (statsmodels `df_resid_inference` of a `cov_type='cluster'` fit).
  /// - Parameters:
  ///   - restrictions: J rows of p coefficients (slopes only, no intercept), J ≥ 1.
  ///   - covariance: classical or cluster-robust.
  /// - Returns: the test, or why it is undefined (fewer than 2 clusters, a
  ///   singular restriction covariance — e.g. J > G − 1 clusters can support).
  /// - Complexity: O(J·p² + J³) (+ O(cells·p) for the cluster scores).
  public func waldTest(_ restrictions: [[Double]], covariance: Covariance) -> Result<WaldFTest, RegressionProblem> {
    let p = beta.count
    let jr = restrictions.count
    precondition(jr >= 1 && restrictions.allSatisfy { $0.count == p }, "restrictions must be J × p")
    // V as a p × p matrix.
    var v = Matrix(rows: p, columns: p)
    let df2: Double
    switch covariance {
    case .classical:
      let residualDF = Double(n - parameters)
      let s2 = residualSumOfSquares / residualDF
      guard s2 > 0 else { return .failure(RegressionProblem("the residual variance is zero")) }
      for i in 0..<p {
        for k in 0..<p { v[i, k] = s2 * inverse[i, k] }
      }
      df2 = residualDF
    case .clusterRobust:
      let scores = clusterScores()
      let g = scores.count
      guard g >= 2 else {
        return .failure(RegressionProblem("cluster-robust errors need at least 2 clusters (got \(g))"))
      }
      guard jr <= g - 1 else {
        return .failure(
          RegressionProblem(
            "\(jr) restrictions need at least \(jr + 1) clusters for a cluster-robust test (got \(g))"))
      }
      // A·s_g per cluster, then c·Σ (A s_g)(A s_g)ᵀ.
      let c = clusterCorrection(g)
      for s in scores {
        let u = inverse.multiply(s)
        for i in 0..<p {
          for k in 0..<p { v[i, k] += c * u[i] * u[k] }
        }
      }
      df2 = Double(g - 1)
    }
    // R·β and R·V·Rᵀ.
    var rb = [Double](repeating: 0, count: jr)
    var rv = Matrix(rows: jr, columns: p)
    for r in 0..<jr {
      for i in 0..<p {
        rb[r] += restrictions[r][i] * beta[i]
        for k in 0..<p { rv[r, k] += restrictions[r][i] * v[i, k] }
      }
    }
    var rvr = Matrix(rows: jr, columns: jr)
    for r in 0..<jr {
      for r2 in 0..<jr {
        var x = 0.0
        for k in 0..<p { x += rv[r, k] * restrictions[r2][k] }
        rvr[r, r2] = x
      }
    }
    // Refuse a (near-)singular restriction covariance: equilibrate, then
    // require full rank with a condition number below 1e12.
    var scale = [Double](repeating: 0, count: jr)
    for r in 0..<jr {
      guard rvr[r, r] > 0, rvr[r, r].isFinite else {
        return .failure(RegressionProblem("the covariance of the restrictions is singular"))
      }
      scale[r] = 1 / rvr[r, r].squareRoot()
    }
    var e = Matrix(rows: jr, columns: jr)
    for r in 0..<jr {
      for r2 in 0..<jr { e[r, r2] = rvr[r, r2] * scale[r] * scale[r2] }
    }
    let rhs = (0..<jr).map { rb[$0] * scale[$0] }
    guard let solution = try? e.leastSquares(rhs) else {
      return .failure(RegressionProblem("the least-squares solver failed on the restriction covariance"))
    }
    let sv = solution.singularValues
    guard solution.rank == jr, let smax = sv.first, let smin = sv.last, smin > 1e-12 * smax else {
      return .failure(RegressionProblem("the covariance of the restrictions is singular"))
    }
    var w = 0.0
    for r in 0..<jr { w += rhs[r] * solution.coefficients[r] }
    guard let test = WaldFTest(f: w / Double(jr), df1: Double(jr), df2: df2) else {
      return .failure(RegressionProblem("the Wald statistic is not finite"))
    }
    return .success(test)
  }

  /// The pooled within-group variance of y between the two levels of a 0/1
  /// regressor `j` (e.g. treated), unadjusted for the other regressors:
  ///
  /// ```
  /// s² = (C_yy − C_jy²/C_jj)/(N − 2)   (total SS of y minus its between-arm SS)
  /// ```
  /// - Returns: nil when N < 3 or the regressor is constant.
  public func pooledWithinVariance(binary j: Int) -> Double? {
    let p = beta.count
    let cjj = crossProducts[j, j]
    guard n > 2, cjj > 0 else { return nil }
    let cjy = crossProducts[j, p]
    return max(0, crossProducts[p, p] - cjy * cjy / cjj) / Double(n - 2)
  }
}

/// A Wald F test of linear restrictions: F with (df1, df2) degrees of freedom.
public struct WaldFTest: Sendable, Equatable, Codable {
  public var f: Double
  public var df1: Double
  public var df2: Double
  public var pValue: Double

  /// - Returns: nil unless f ≥ 0 is finite and df1, df2 > 0.
  public init?(f: Double, df1: Double, df2: Double) {
    guard f.isFinite, f >= 0, df1 > 0, df2 > 0, df1.isFinite, df2.isFinite else { return nil }
    self.f = f
    self.df1 = df1
    self.df2 = df2
    pValue = FisherF(d1: df1, d2: df2).sf(f)
  }
}
