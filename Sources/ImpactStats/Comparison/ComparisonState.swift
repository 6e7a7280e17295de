// A comparison-group analysis: the specification, the per-indicator
// accumulators and the attrition counts (mergeable), and its figures.
//
// Definitions (README "Comparison group"):
// - DiD = (post − pre)_treated − (post − pre)_comparison on complete pairs;
//   Welch t (scipy.stats.ttest_ind(dT, dC, equal_var=False)); with a cluster
//   column also OLS of d on treated with CR1 errors.
// - ANCOVA: OLS of post on pre, treated and the covariates (``CellRegression``).
// - Baseline equivalence: Hedges' g of the baseline scores of the analytic
//   sample, g = J·(x̄_T − x̄_C)/s_pooled, J = 1 − 3/(4(n_T + n_C) − 9)
//   (as pingouin.compute_effsize(eftype='hedges'); WWC Procedures and
//   Standards Handbook 5.0: |g| ≤ 0.05 satisfies, ≤ 0.25 needs statistical
//   adjustment, > 0.25 fails).
// - Attrition per arm = 1 − complete pairs/baseline respondents of the arm;
//   overall over both arms; differential = treated − comparison.
// - ANCOVA effect as Hedges' g (WWC Procedures and Standards Handbook 5.0:
//   effect sizes): g = ω·β̂_T/s, s the unadjusted pooled within-arm SD of the
//   outcome in the ANCOVA sample, ω = 1 − 3/(4N − 9); its interval scales the
//   noncentral-t limits of the classical ANCOVA t (ν = N − K) by ω·SE/s
//   (Steiger & Fouladi 1997; ``HedgesGInterval`` with the group-size factor
//   √(1/n_T + 1/n_C) replaced by SE/s, equal for a regression on treated
//   alone).
// - Per `--by` column: the treated × group interaction (``TreatmentInteraction``).
import ImpactCore

/// Mergeable state of a comparison-group analysis.
public struct ComparisonState: Sendable, Codable {
  public var group: String
  public var treated: String
  public var numericCovariates: [String]
  public var categoricalCovariates: [String]
  public var cluster: String?
  /// Values of the group column seen at baseline, sorted.
  public var groupValues: [String]
  /// Baseline respondents per arm (treated, comparison) and without a group value.
  public var baseline: [Int] = [0, 0]
  public var baselineWithoutGroup = 0
  public var indicators: [ComparisonAccumulator]
  public var composite: ComparisonAccumulator?
  /// `--by` columns with a treated × group interaction test.
  public var byColumns: [String] = []

  public init(
    group: String, treated: String, numericCovariates: [String], categoricalCovariates: [String], cluster: String?,
    indicators: Int, composite: Bool, byColumns: [String] = []
  ) {
    self.group = group
    self.treated = treated
    self.numericCovariates = numericCovariates
    self.categoricalCovariates = categoricalCovariates
    self.cluster = cluster
    groupValues = []
    self.byColumns = byColumns
    let make = {
      ComparisonAccumulator(
        numericCovariates: numericCovariates.count, categoricalCovariates: categoricalCovariates.count,
        byColumns: byColumns.count)
    }
    self.indicators = (0..<indicators).map { _ in make() }
    self.composite = composite ? make() : nil
  }

  public func merged(with o: ComparisonState) -> ComparisonState {
    var r = self
    r.groupValues = Array(Set(groupValues + o.groupValues)).sorted()
    r.baseline = zip(baseline, o.baseline).map { $0 + $1 }
    r.baselineWithoutGroup += o.baselineWithoutGroup
    r.indicators = zip(indicators, o.indicators).map { $0.merged(with: $1) }
    if let a = composite, let b = o.composite { r.composite = a.merged(with: b) }
    return r
  }

  /// The figures, per indicator (ids in order) and for the composite.
  public func result(ids: [String], confidence: Double) -> ComparisonResult {
    var notes: [String] = []
    if !groupValues.contains(treated) {
      notes.append("no respondent has \(group) = '\(treated)'")
    }
    if groupValues.filter({ $0 != treated }).isEmpty {
      notes.append("no comparison respondents (every \(group) value is '\(treated)')")
    }
    let rows = zip(ids, indicators).map { figures($0.0, $0.1, confidence: confidence) }
    let interactions = byColumns.enumerated().map { c, column in
      func test(_ id: String, _ acc: ComparisonAccumulator) -> TreatmentInteraction {
        TreatmentInteraction(
          indicator: id, cells: acc.interactions[c], column: column, numericCovariates: numericCovariates,
          categoricalCovariates: categoricalCovariates, clustered: cluster != nil)
      }
      return TreatmentInteractions(
        column: column, indicators: zip(ids, indicators).map { test($0.0, $0.1) },
        composite: composite.map { test("composite", $0) })
    }
    return ComparisonResult(
      group: group, treated: treated, comparisonValues: groupValues.filter { $0 != treated },
      covariates: numericCovariates + categoricalCovariates, categoricalCovariates: categoricalCovariates,
      cluster: cluster, baselineTreated: baseline[0], baselineComparison: baseline[1],
      baselineWithoutGroup: baselineWithoutGroup, indicators: rows,
      composite: composite.map { figures("composite", $0, confidence: confidence) }, notes: notes,
      interactions: interactions)
  }

  func figures(_ id: String, _ acc: ComparisonAccumulator, confidence: Double) -> ComparisonIndicatorResult {
    var r = ComparisonIndicatorResult(indicator: id)
    let t = acc.arms[0].summary
    let c = acc.arms[1].summary
    r.nTreated = t.count
    r.nComparison = c.count
    if t.count > 0 {
      r.meanPreTreated = t.means[0]
      r.meanPostTreated = t.means[1]
      r.changeTreated = t.means[2]
    }
    if c.count > 0 {
      r.meanPreComparison = c.means[0]
      r.meanPostComparison = c.means[1]
      r.changeComparison = c.means[2]
    }
    func variance(_ s: CenteredCrossProducts, _ i: Int) -> Double { s.comoments[i, i] / Double(s.count - 1) }
    // Welch DiD on the change scores.
    if t.count >= 2 && c.count >= 2,
      let w = WelchTTest.test(
        n1: t.count, mean1: t.means[2], variance1: variance(t, 2), n2: c.count, mean2: c.means[2],
        variance2: variance(c, 2))
    {
      let v = variance(t, 2) / Double(t.count) + variance(c, 2) / Double(c.count)
      r.did = CoefficientTest(estimate: w.meanDifference, variance: v, df: w.df, confidence: confidence)
    }
    // The DiD in SD units of the change, with its noncentral-t interval.
    if t.count >= 2 && c.count >= 2 {
      let nt = Double(t.count)
      let nc = Double(c.count)
      let pooled = ((nt - 1) * variance(t, 2) + (nc - 1) * variance(c, 2)) / (nt + nc - 2)
      if pooled > 0 {
        let tPooled = (t.means[2] - c.means[2]) / (pooled * (1 / nt + 1 / nc)).squareRoot()
        if let g = HedgesGInterval.compute(t: tPooled, n1: t.count, n2: c.count, confidence: confidence) {
          r.didG = g.g
          r.didGLow = g.low
          r.didGHigh = g.high
        }
      }
    }
    if r.did == nil {
      r.reasons["did"] =
        t.count < 2 || c.count < 2
        ? "needs at least 2 complete pairs in each arm (treated \(t.count), comparison \(c.count))"
        : "the change scores have no variance in either arm"
    }
    // Baseline equivalence.
    if t.count >= 2 && c.count >= 2 {
      let nt = Double(t.count)
      let nc = Double(c.count)
      let pooled = ((nt - 1) * variance(t, 0) + (nc - 1) * variance(c, 0)) / (nt + nc - 2)
      if pooled > 0 {
        let g = (t.means[0] - c.means[0]) / pooled.squareRoot() * (1 - 3 / (4 * (nt + nc) - 9))
        r.baselineG = g
        r.baselineEquivalence =
          abs(g) <= 0.05 ? "satisfied" : abs(g) <= 0.25 ? "requires statistical adjustment" : "not satisfied"
      } else {
        r.reasons["baseline_g"] = "the baseline scores have no variance"
      }
    } else {
      r.reasons["baseline_g"] = "needs at least 2 complete pairs in each arm"
    }
    // Attrition.
    if baseline[0] > 0 { r.attritionTreated = 1 - Double(t.count) / Double(baseline[0]) }
    if baseline[1] > 0 { r.attritionComparison = 1 - Double(c.count) / Double(baseline[1]) }
    if baseline[0] + baseline[1] > 0 {
      r.attritionOverall = 1 - Double(t.count + c.count) / Double(baseline[0] + baseline[1])
    }
    if let a = r.attritionTreated, let b = r.attritionComparison { r.attritionDifferential = a - b }
    // Cluster-robust DiD.
    if cluster == nil {
      r.reasons["did_cluster"] = "no cluster column was given (--cluster)"
      r.reasons["ancova_cluster"] = "no cluster column was given (--cluster)"
    } else {
      switch CellRegression.fit(acc.did, numericNames: ["treated"], categoricalNames: []) {
      case .success(let fit):
        switch fit.clusterRobust(0, confidence: confidence) {
        case .success(let test): r.didCluster = test
        case .failure(let p): r.reasons["did_cluster"] = p.reason
        }
      case .failure(let p): r.reasons["did_cluster"] = p.reason
      }
    }
    // ANCOVA.
    r.ancovaExcluded = acc.ancovaExcluded
    let names = ["pre", "treated"] + numericCovariates
    switch CellRegression.fit(acc.ancova, numericNames: names, categoricalNames: categoricalCovariates) {
    case .success(let fit):
      r.ancovaN = fit.n
      r.ancova = fit.classical(1, confidence: confidence)
      if r.ancova == nil { r.reasons["ancova"] = "the residual variance is zero" }
      ancovaG(&r, fit: fit, confidence: confidence)
      r.ancovaHC3 = acc.hc3
      if acc.hc3 == nil { r.reasons["ancova_hc3"] = acc.hc3Reason ?? "not computed" }
      if cluster != nil {
        switch fit.clusterRobust(1, confidence: confidence) {
        case .success(let test): r.ancovaCluster = test
        case .failure(let p): r.reasons["ancova_cluster"] = p.reason
        }
      }
    case .failure(let p):
      r.ancovaN = acc.ancova.count
      r.reasons["ancova"] = p.reason
      r.reasons["ancova_hedges_g"] = p.reason
      r.reasons["ancova_hc3"] = p.reason
      if cluster != nil { r.reasons["ancova_cluster"] = p.reason }
    }
    return r
  }
}

extension ComparisonState {
  /// The ANCOVA effect as Hedges' g with its interval (see the file header).
  func ancovaG(_ r: inout ComparisonIndicatorResult, fit: CellRegression, confidence: Double) {
    guard let a = r.ancova else {
      r.reasons["ancova_hedges_g"] = r.reasons["ancova"] ?? "the ANCOVA effect is undefined"
      return
    }
    guard let v = fit.pooledWithinVariance(binary: 1), v > 0 else {
      r.reasons["ancova_hedges_g"] = "the outcome has no variance within the arms"
      return
    }
    let s = v.squareRoot()
    let omega = 1 - 3 / (4 * Double(fit.n) - 9)
    let scale = omega * a.standardError / s
    let alpha = 1 - confidence
    let low = NoncentralT.noncentrality(observed: a.t, degreesOfFreedom: a.df, tail: .upper, probability: alpha / 2)
    let high = NoncentralT.noncentrality(observed: a.t, degreesOfFreedom: a.df, tail: .lower, probability: alpha / 2)
    guard low.isFinite, high.isFinite else {
      r.reasons["ancova_hedges_g"] = "the noncentral-t interval did not converge"
      return
    }
    r.ancovaSDPooled = s
    r.ancovaG = omega * a.estimate / s
    r.ancovaGLow = low * scale
    r.ancovaGHigh = high * scale
  }
}

/// The comparison-group figures of one indicator (or the composite). A nil
/// figure has its reason in `reasons` under the output key.
public struct ComparisonIndicatorResult: Sendable, Equatable {
  public var indicator: String
  public var nTreated = 0
  public var nComparison = 0
  public var meanPreTreated: Double?
  public var meanPostTreated: Double?
  public var meanPreComparison: Double?
  public var meanPostComparison: Double?
  public var changeTreated: Double?
  public var changeComparison: Double?
  /// The DiD as Hedges' g: (mean change treated − comparison) over the pooled
  /// SD of the changes, times the exact J(n_T + n_C − 2), with its interval
  /// from the noncentral t of the pooled two-sample t (``HedgesGInterval``).
  public var didG: Double?
  public var didGLow: Double?
  public var didGHigh: Double?
  /// Welch DiD of means.
  public var did: CoefficientTest?
  /// OLS of the change on treated with CR1 errors (with a cluster column).
  public var didCluster: CoefficientTest?
  public var ancovaN = 0
  public var ancovaExcluded = 0
  public var ancova: CoefficientTest?
  public var ancovaHC3: CoefficientTest?
  public var ancovaCluster: CoefficientTest?
  /// The ANCOVA effect over the unadjusted pooled within-arm SD of the outcome
  /// (`ancovaSDPooled`), times ω = 1 − 3/(4N − 9) (WWC), with the
  /// noncentral-t interval of the classical ANCOVA t.
  public var ancovaG: Double?
  public var ancovaGLow: Double?
  public var ancovaGHigh: Double?
  public var ancovaSDPooled: Double?
  public var baselineG: Double?
  public var baselineEquivalence: String?
  public var attritionTreated: Double?
  public var attritionComparison: Double?
  public var attritionOverall: Double?
  public var attritionDifferential: Double?
  /// Output key → why that figure is null.
  public var reasons: [String: String] = [:]

  public init(indicator: String) { self.indicator = indicator }
}

/// Everything a comparison-group analysis reports.
public struct ComparisonResult: Sendable, Equatable {
  public var group: String
  public var treated: String
  public var comparisonValues: [String]
  public var covariates: [String]
  public var categoricalCovariates: [String]
  public var cluster: String?
  public var baselineTreated: Int
  public var baselineComparison: Int
  public var baselineWithoutGroup: Int
  public var indicators: [ComparisonIndicatorResult]
  public var composite: ComparisonIndicatorResult?
  public var notes: [String]
  /// Per `--by` column: the treated × group interaction tests.
  public var interactions: [TreatmentInteractions] = []
}
