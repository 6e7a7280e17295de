import Foundation

/// The paired statistics of one indicator (or of the composite).
///
/// Differences are direction-adjusted: for an indicator where lower is better
/// `mean_diff`, `pct_change`, `t`, the CIs, effect sizes, Wilcoxon signs and
/// the improved/declined shares are computed on pre − post, so a positive
/// value always means improvement. Means and SDs are of the raw scores.
/// Every optional is `nil` (JSON `null`, empty CSV cell) when undefined.
public struct IndicatorResult: Sendable, Equatable {
  public var indicator: String
  public var label: String
  public var higherIsBetter: Bool
  /// Complete pairs (answered in both waves).
  public var nPairs: Int
  /// Matched respondents without a complete pair for this indicator.
  public var nExcluded: Int
  /// Answered at baseline / endline among matched respondents.
  public var nPre: Int
  public var nPost: Int
  /// Pairs with zero difference.
  public var nZero: Int
  public var meanPre: Double?
  public var meanPost: Double?
  public var sdPre: Double?
  public var sdPost: Double?
  public var meanDiff: Double?
  public var sdDiff: Double?
  /// 100 · mean_diff / mean_pre (direction-adjusted), in percent.
  public var pctChange: Double?
  public var pctChangeCILow: Double?
  public var pctChangeCIHigh: Double?
  public var t: Double?
  public var df: Double?
  public var pValue: Double?
  public var ciLow: Double?
  public var ciHigh: Double?
  public var cohensDz: Double?
  /// Confidence interval of `cohensDz` by inverting the noncentral t
  /// distribution of t = dz·√n (``CohenDzInterval``).
  public var cohensDzCILow: Double?
  public var cohensDzCIHigh: Double?
  public var hedgesGav: Double?
  public var wilcoxonW: Double?
  public var wilcoxonP: Double?
  public var wilcoxonMethod: String?
  public var rankBiserial: Double?
  /// Fractions (0–1) of complete pairs that improved / did not change / declined.
  public var shareImproved: Double?
  public var shareUnchanged: Double?
  public var shareDeclined: Double?
  /// Holm and Benjamini–Hochberg adjusted `p_value` across the indicators.
  public var pHolm: Double?
  public var pBH: Double?
  /// Pass rates (fractions) and McNemar's test, when a pass rule applies.
  public var sharePassPre: Double?
  public var sharePassPost: Double?
  public var mcnemarP: Double?
  /// Why figures that are usually defined are null (e.g. `sd_diff` = 0).
  public var note: String?
  /// Answers at the ends of the scale per wave (matched respondents), when
  /// the bounds are known.
  public var extremes: ExtremeCounts?
  /// Covariance of the pre and post scores of complete pairs (raw scores),
  /// for the regression-to-the-mean check.
  public var covariancePrePost: Double?
  /// Design-based figures, with a survey design (`--weight` etc.).
  public var survey: SurveyEstimates?
}

extension IndicatorResult {
  /// Computes every statistic from a paired accumulator.
  ///
  /// - `t`, `p_value`, CI: paired t-test on d (as `scipy.stats.ttest_rel`).
  /// - `cohens_dz` = mean_diff / sd_diff.
  /// - `hedges_gav` = J · mean_diff / ((sd_pre + sd_post)/2), J = 1 − 3/(4(n−1) − 1)
  ///   (Lakens 2013, d_av with Hedges' small-sample correction, df = n − 1).
  /// - Wilcoxon signed-rank on d as `scipy.stats.wilcoxon` defaults.
  /// - pct_change CI: delta method for R = mean_post / mean_pre of paired means,
  ///   ```
  ///   Var(R̂) ≈ (1/n)·(s²_post/μ²_pre − 2·μ_post·s_pre,post/μ³_pre + μ²_post·s²_pre/μ⁴_pre)
  ///   CI = 100·(R̂ − 1 ± z_{(1+c)/2}·√Var(R̂))   (sign-flipped when lower is better)
  ///   ```
  static func compute(
    id: String, label: String, higherIsBetter: Bool, accumulator acc: PairedAccumulator, confidence: Double
  ) -> IndicatorResult {
    let m = acc.moments
    let n = m.n
    let sign: Double = higherIsBetter ? 1 : -1
    let sdPre = m.variancePre.map { $0.squareRoot() }
    let sdPost = m.variancePost.map { $0.squareRoot() }
    let sdDiff = m.varianceDifference.map { $0.squareRoot() }
    let meanDiff = m.meanDifference.map { sign * $0 }
    var r = IndicatorResult(
      indicator: id, label: label, higherIsBetter: higherIsBetter, nPairs: n, nExcluded: acc.matched - n,
      nPre: acc.answeredPre, nPost: acc.answeredPost, nZero: acc.signCounts.zero,
      meanPre: m.meanPre, meanPost: m.meanPost, sdPre: n >= 2 ? sdPre : nil, sdPost: n >= 2 ? sdPost : nil,
      meanDiff: meanDiff, sdDiff: n >= 2 ? sdDiff : nil)
    r.extremes = acc.extremes
    r.covariancePrePost = n >= 2 ? m.covariance : nil
    if let md = meanDiff, let mp = m.meanPre, mp != 0 {
      r.pctChange = 100 * md / mp
    }
    // Paired t-test.
    if let md = meanDiff, let sd = sdDiff, n >= 2,
      let tt = PairedTTest.test(n: n, meanDifference: md, sdDifference: sd, confidence: confidence)
    {
      r.t = tt.t
      r.df = tt.df
      r.pValue = tt.pValue
      r.ciLow = tt.ciLow
      r.ciHigh = tt.ciHigh
    } else if meanDiff != nil, let sd = sdDiff, n >= 2, sd == 0 {
      // scipy.stats.ttest_rel gives df = n − 1 and t = ±inf, p = 0 (NaN, NaN
      // when nothing changed): df as scipy, the rest null with the reason.
      r.df = Double(n - 1)
      r.note =
        "sd_diff = 0 (every pair changed by the same amount): t, p_value, ci and cohens_dz are undefined (scipy: t = ±inf and p = 0, or NaN when nothing changed)"
    }
    if let md = meanDiff, let sd = sdDiff, sd > 0 { r.cohensDz = md / sd }
    if let t = r.t, let ci = CohenDzInterval.compute(t: t, n: n, confidence: confidence) {
      r.cohensDzCILow = ci.low
      r.cohensDzCIHigh = ci.high
    }
    if let md = meanDiff, let a = sdPre, let b = sdPost, n >= 3, a + b > 0 {
      let j = 1 - 3 / (4 * Double(n - 1) - 1)
      r.hedgesGav = j * md / ((a + b) / 2)
    }
    // Wilcoxon on direction-adjusted differences.
    let hist = acc.differenceHistogram.map { (value: sign * $0.value, count: $0.count) }
    if let w = WilcoxonSignedRank.test(histogram: hist) {
      r.wilcoxonW = w.statistic
      r.wilcoxonP = w.pValue
      r.wilcoxonMethod = w.method.rawValue
      r.rankBiserial = w.rankBiserial
    }
    let s = acc.signCounts
    if n > 0 {
      let improved = higherIsBetter ? s.positive : s.negative
      let declined = higherIsBetter ? s.negative : s.positive
      r.shareImproved = Double(improved) / Double(n)
      r.shareUnchanged = Double(s.zero) / Double(n)
      r.shareDeclined = Double(declined) / Double(n)
    }
    // Delta-method CI of the relative change, in a form without cancellation:
    // Var(R̂)·n·μ²_pre = s²_post − 2R·s_pre,post + R²·s²_pre = s²_d + (R − 1)((R + 1)s²_pre − 2s_pre,post),
    // with R − 1 = mean_d/μ_pre from the exact difference.
    if let mp = m.meanPre, let md = m.meanDifference, let vp = m.variancePre, let vd = m.varianceDifference,
      let c = m.covariance, mp != 0, n >= 2
    {
      let rm1 = md / mp
      let varR = (vd + rm1 * ((rm1 + 2) * vp - 2 * c)) / (mp * mp * Double(n))
      if varR >= 0 {
        let z = Normal.quantile(0.5 + confidence / 2)
        let half = z * varR.squareRoot()
        let lo = 100 * (rm1 - half)
        let hi = 100 * (rm1 + half)
        if higherIsBetter {
          r.pctChangeCILow = lo
          r.pctChangeCIHigh = hi
        } else {
          // pct_change = 100·(mean_pre − mean_post)/mean_pre = −100·(R − 1)
          r.pctChangeCILow = -hi
          r.pctChangeCIHigh = -lo
        }
      }
    }
    // Pass rates and McNemar.
    if acc.passRule != nil, n > 0 {
      let t = acc.passTable  // [pre pass * 2 + post pass]
      r.sharePassPre = Double(t[2] + t[3]) / Double(n)
      r.sharePassPost = Double(t[1] + t[3]) / Double(n)
      // b = passed before, failed after; c = failed before, passed after.
      r.mcnemarP = McNemar.test(b: t[2], c: t[1])?.pValue
    }
    return r
  }
}
