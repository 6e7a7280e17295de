public import ImpactCore

/// Baseline scores of completers versus dropouts for one indicator: did the
/// people who left differ from those who stayed?
public struct BaselineDifference: Sendable, Equatable {
  public var indicator: String
  public var nCompleters: Int
  public var nDropouts: Int
  public var meanCompleters: Double?
  public var meanDropouts: Double?
  /// mean_completers − mean_dropouts.
  public var difference: Double?
  /// Welch's t-test (`scipy.stats.ttest_ind(..., equal_var=False)`).
  public var t: Double?
  public var df: Double?
  public var pValue: Double?
}

/// Cronbach's alpha and the item analysis of the indicators in each wave,
/// with indicators whose lower scores are better reversed first (as R
/// `psych::alpha` with `keys`).
public struct ReliabilityResult: Sendable, Equatable {
  /// Raw alpha from the covariance matrix (R `psych::alpha` `raw_alpha`):
  /// ```
  /// α = k/(k − 1) · (1 − Σⱼ Cⱼⱼ / Σᵢⱼ Cᵢⱼ)
  /// ```
  public var alphaPre: Double? { itemsPre.alpha }
  public var alphaPost: Double? { itemsPost.alpha }
  /// Respondents used: everyone in that wave who answered all k indicators
  /// (listwise-complete rows of each wave).
  public var nPre: Int { itemsPre.count }
  public var nPost: Int { itemsPost.count }
  /// Standardized alpha, Feldt CI, alpha if deleted and r.drop per wave.
  public var itemsPre: ItemAnalysis
  public var itemsPost: ItemAnalysis

  /// - Parameters:
  ///   - reversed: per indicator, whether lower is better (reversed before
  ///     the analysis; binary indicators too).
  public init(pre: CrossProducts, post: CrossProducts, reversed: [Bool], confidence: Double) {
    func analysis(_ cp: CrossProducts) -> ItemAnalysis {
      let k = cp.variables
      let covariance = cp.covariance ?? Matrix(rows: k, columns: k)
      return ItemAnalysis(covariance: covariance, count: cp.count, reversed: reversed, confidence: confidence)
    }
    itemsPre = analysis(pre)
    itemsPost = analysis(post)
  }
}

/// One headline figure with its definition written next to it.
public struct HeadlineFigure: Sendable, Equatable {
  public var name: String
  public var value: Double?
  public var ciLow: Double?
  public var ciHigh: Double?
  public var n: Int
  public var definition: String
}

/// Everything `impact literacy` reports for one population.
public struct LiteracyResult: Sendable {
  public var indicators: [IndicatorResult]
  public var composite: IndicatorResult?
  /// Matched respondents left out of the composite (some answer missing).
  public var compositeExcluded: Int
  public var reliability: ReliabilityResult
  /// k×k correlations of the direction-adjusted changes (nil where a change
  /// has zero variance); respondents complete in both waves.
  public var changeCorrelation: [[Double?]]
  public var changeCorrelationN: Int
  public var headline: [HeadlineFigure]
  public var counts: LiteracyCounts
  public var baselineDifference: [BaselineDifference]
  public var confidence: Double
  /// The survey design's totals (respondents, strata, PSUs), if any.
  public var surveyDesign: SurveyDesignAccumulator?

  /// Computes every figure from a (merged) accumulator.
  public init(_ acc: LiteracyAccumulator) {
    let design = acc.design
    confidence = design.confidence
    var rows = zip(design.indicators, acc.indicators).map { def, a in
      IndicatorResult.compute(
        id: def.id, label: def.label, higherIsBetter: def.higherIsBetter, accumulator: a,
        confidence: design.confidence)
    }
    let holm = MultipleComparisons.holm(rows.map(\.pValue))
    let bh = MultipleComparisons.benjaminiHochberg(rows.map(\.pValue))
    for j in rows.indices {
      rows[j].pHolm = holm[j]
      rows[j].pBH = bh[j]
    }
    surveyDesign = acc.survey
    if let survey = acc.survey {
      for j in rows.indices {
        rows[j].survey = SurveyEstimates.compute(
          survey, outcome: j, higherIsBetter: rows[j].higherIsBetter, confidence: design.confidence)
      }
    }
    indicators = rows
    composite = acc.composite.map {
      var c = IndicatorResult.compute(
        id: "composite", label: "Composite (mean of indicators rescaled to 0–100)", higherIsBetter: true,
        accumulator: $0, confidence: design.confidence)
      c.nExcluded = acc.compositeIncomplete
      c.nPre = acc.completeAtPre
      c.nPost = acc.completeAtPost
      if let survey = acc.survey, survey.outcomes > rows.count {
        c.survey = SurveyEstimates.compute(
          survey, outcome: rows.count, higherIsBetter: true, confidence: design.confidence)
      }
      return c
    }
    compositeExcluded = acc.compositeIncomplete
    reliability = ReliabilityResult(
      pre: acc.itemsPre, post: acc.itemsPost, reversed: design.indicators.map { !$0.higherIsBetter },
      confidence: design.confidence)
    let ch = acc.changes.summary
    changeCorrelationN = ch.count
    changeCorrelation = correlations(ch)
    counts = acc.counts
    baselineDifference = zip(design.indicators, zip(acc.completersPre, acc.dropoutsPre)).map { def, pair in
      let (c, d) = pair
      var b = BaselineDifference(
        indicator: def.id, nCompleters: c.count, nDropouts: d.count, meanCompleters: c.mean, meanDropouts: d.mean)
      if let a = c.mean, let z = d.mean { b.difference = a - z }
      if let v1 = c.variance, let v2 = d.variance, let m1 = c.mean, let m2 = d.mean,
        let w = WelchTTest.test(n1: c.count, mean1: m1, variance1: v1, n2: d.count, mean2: m2, variance2: v2)
      {
        b.t = w.t
        b.df = w.df
        b.pValue = w.pValue
      }
      return b
    }
    headline = Self.headline(indicators: rows, composite: composite, confidence: design.confidence)
  }

  static func headline(indicators: [IndicatorResult], composite: IndicatorResult?, confidence: Double)
    -> [HeadlineFigure]
  {
    var out: [HeadlineFigure] = []
    let pcts = indicators.compactMap(\.pctChange)
    out.append(
      HeadlineFigure(
        name: "mean_indicator_pct_change", value: pcts.isEmpty ? nil : pcts.reduce(0, +) / Double(pcts.count),
        n: pcts.count,
        definition:
          "Unweighted mean over the indicators of pct_change = 100·(mean_post − mean_pre)/mean_pre (sign-flipped where lower is better), each on that indicator's complete pairs."
      ))
    if let c = composite {
      out.append(
        HeadlineFigure(
          name: "composite_pct_change", value: c.pctChange, ciLow: c.pctChangeCILow, ciHigh: c.pctChangeCIHigh,
          n: c.nPairs,
          definition:
            "Relative change of the mean composite score, 100·(mean_post − mean_pre)/mean_pre, where a respondent's composite is the mean of all indicators rescaled to 0–100 (better = higher); respondents who answered every indicator in both waves; \(Int(confidence * 100))% CI by the delta method."
        ))
      let z = Normal.quantile(0.5 + confidence / 2)
      let wilson = c.shareImproved.flatMap { wilsonInterval(p: $0, n: c.nPairs, z: z) }
      out.append(
        HeadlineFigure(
          name: "share_improved_composite", value: c.shareImproved.map { $0 * 100 }, ciLow: wilson.map { $0.0 * 100 },
          ciHigh: wilson.map { $0.1 * 100 }, n: c.nPairs,
          definition:
            "Percent of respondents whose composite score is higher at endline than at baseline; \(Int(confidence * 100))% Wilson score interval."
        ))
    }
    let alpha = 1 - confidence
    let significant = indicators.filter { ($0.pHolm ?? 1) < alpha && ($0.meanDiff ?? 0) > 0 }.count
    out.append(
      HeadlineFigure(
        name: "indicators_improved_significantly", value: Double(significant), n: indicators.count,
        definition:
          "Number of indicators whose mean improved with a Holm-adjusted paired t-test p < \(formatAlpha(alpha)) (out of n indicators)."
      ))
    let passing = indicators.filter { $0.sharePassPre != nil && $0.sharePassPost != nil }
    if !passing.isEmpty {
      let pre = passing.compactMap(\.sharePassPre).reduce(0, +) / Double(passing.count)
      let post = passing.compactMap(\.sharePassPost).reduce(0, +) / Double(passing.count)
      out.append(
        HeadlineFigure(
          name: "pass_rate_pre", value: pre * 100, n: passing.count,
          definition: "Mean over indicators with a pass rule of the percent of complete pairs passing at baseline."))
      out.append(
        HeadlineFigure(
          name: "pass_rate_post", value: post * 100, n: passing.count,
          definition: "Mean over indicators with a pass rule of the percent of complete pairs passing at endline."))
      out.append(
        HeadlineFigure(
          name: "pass_rate_pct_change", value: pre > 0 ? 100 * (post - pre) / pre : nil, n: passing.count,
          definition:
            "Relative change of the mean pass rate, 100·(pass_rate_post − pass_rate_pre)/pass_rate_pre: the reading of claims such as \"indicators improved by X%\" when they refer to the share who can do something."
        ))
    }
    return out
  }
}

/// Wilson score interval for a proportion (Wilson 1927; statsmodels
/// `proportion_confint(method="wilson")`).
/// ```
/// centre = (p̂ + z²/2n)/(1 + z²/n);  half = z·√(p̂(1−p̂)/n + z²/4n²)/(1 + z²/n)
/// ```
public func wilsonInterval(p: Double, n: Int, z: Double) -> (Double, Double)? {
  guard n > 0 else { return nil }
  let nn = Double(n)
  let z2 = z * z
  let denom = 1 + z2 / nn
  let centre = (p + z2 / (2 * nn)) / denom
  let half = z * (p * (1 - p) / nn + z2 / (4 * nn * nn)).squareRoot() / denom
  return (centre - half, centre + half)
}

func correlations(_ s: CenteredCrossProducts) -> [[Double?]] {
  let k = s.means.count
  let c = s.comoments
  return (0..<k).map { i in
    (0..<k).map { j -> Double? in
      guard s.count >= 2 else { return nil }
      let d = (c[i, i] * c[j, j]).squareRoot()
      guard d > 0 else { return nil }
      return i == j ? 1 : c[i, j] / d
    }
  }
}

private func formatAlpha(_ a: Double) -> String {
  let r = (a * 1000).rounded() / 1000
  return r == r.rounded() ? String(Int(r)) : String(r)
}
