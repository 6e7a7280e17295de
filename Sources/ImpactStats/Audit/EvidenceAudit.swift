// `impact audit`: how strong is the evidence behind each headline figure of a
// before/after survey? The rules and their sources are in
// EvidenceStandards.swift; every finding is fixed text with numbers filled in.

/// What the data cannot tell the audit: from the config's `audit:` block or
/// the `impact audit` options.
public struct AuditSettings: Sendable, Equatable {
  /// Assignment to program and comparison group was random (`randomized:`).
  public var randomized = false
  /// Which WWC attrition boundary applies (`attrition_boundary:`).
  public var boundary: AttritionBoundary = .cautious
  /// Participants were selected for their (low) baseline scores
  /// (`selected_on_baseline:`).
  public var selectedOnBaseline = false
  /// Test–retest correlation of the measure (`test_retest:`); when nil the
  /// regression check uses the observed cor(pre, post) and says so.
  public var testRetest: Double?
  /// Mean of the population participants were selected from, per indicator
  /// id or `composite` (0–100), in the indicator's units (`population_mean:`).
  public var populationMean: [String: Double] = [:]

  public init() {}
}

/// Results of a comparison-group analysis the audit rates (attrition per
/// group and the standardized baseline difference); nil for a one-group
/// design.
public struct ComparisonEvidence: Sendable, Equatable {
  /// Fractions 0–1 of the randomized/enrolled sample not in the analysis.
  public var overallAttrition: Double
  /// |attrition of the program group − attrition of the comparison group|.
  public var differentialAttrition: Double
  /// Standardized baseline difference of the analytic groups (SD).
  public var baselineEffectSize: Double?
  /// The impact estimate adjusts for the baseline (ANCOVA, DiD).
  public var adjusted: Bool
  /// The impact estimates themselves (e.g. the composite's DiD and ANCOVA
  /// effect), each rated as a claim.
  public var effects: [Effect] = []

  /// One impact estimate of the comparison-group analysis.
  public struct Effect: Sendable, Equatable {
    public var name: String
    public var value: Double
    public var ciLow: Double
    public var ciHigh: Double
    public var n: Int

    public init(name: String, value: Double, ciLow: Double, ciHigh: Double, n: Int) {
      self.name = name
      self.value = value
      self.ciLow = ciLow
      self.ciHigh = ciHigh
      self.n = n
    }
  }

  public init(
    overallAttrition: Double, differentialAttrition: Double, baselineEffectSize: Double?, adjusted: Bool,
    effects: [Effect] = []
  ) {
    self.overallAttrition = overallAttrition
    self.differentialAttrition = differentialAttrition
    self.baselineEffectSize = baselineEffectSize
    self.adjusted = adjusted
    self.effects = effects
  }
}

/// A claim (headline figure or indicator change) with its rating.
public struct ClaimRating: Sendable, Equatable {
  public var claim: String
  public var value: Double?
  public var ciLow: Double?
  public var ciHigh: Double?
  public var n: Int
  public var rating: EvidenceRating
  /// Findings that lowered the rating (cap below strong).
  public var reasons: [AuditReason]
  /// Checks that passed (cap strong).
  public var checks: [AuditReason]
}

/// Shares of answers at the ends of the scale, per indicator and wave.
public struct ExtremeShare: Sendable, Equatable {
  public var indicator: String
  public var wave: String
  /// Answers of matched respondents in that wave.
  public var n: Int
  public var scaleMinimum: Double
  public var scaleMaximum: Double
  public var shareAtMinimum: Double?
  public var shareAtMaximum: Double?
  public var floor: Bool { shareAtMinimum.map(EvidenceRules.isExtreme) ?? false }
  public var ceiling: Bool { shareAtMaximum.map(EvidenceRules.isExtreme) ?? false }
}

/// The regression-to-the-mean check of one indicator (or the composite).
public struct RegressionCheck: Sendable, Equatable {
  public var indicator: String
  public var n: Int
  /// Slope of the raw change d = post − pre on the baseline,
  /// `cov(d, pre)/var(pre) = (cov(pre, post) − var(pre))/var(pre)`.
  public var slope: Double?
  /// cor(pre, post) of the complete pairs.
  public var correlation: Double?
  /// The r used for the expected change and where it came from
  /// (`config` or `estimated as cor(pre, post)`).
  public var testRetest: Double?
  public var testRetestSource: String?
  public var populationMean: Double?
  public var baselineMean: Double?
  /// Direction-adjusted change expected from regression alone,
  /// `(1 − r)·(μ − mean_pre)` (sign-flipped when lower is better).
  public var expectedChange: Double?
  /// Direction-adjusted observed mean change.
  public var observedChange: Double?
}

/// One way of summarizing the same data ("how the number was made").
public struct DefinitionFigure: Sendable, Equatable {
  public var name: String
  public var value: Double?
  public var ciLow: Double?
  public var ciHigh: Double?
  /// `%`, `points (0–100)`, `pp`, `SD`, …
  public var unit: String
  public var n: Int
  public var definition: String
}

/// The relative change of one indicator under three codings of its scale.
public struct CodingSensitivity: Sendable, Equatable {
  public var indicator: String
  public var scaleMinimum: Double
  public var scaleMaximum: Double
  /// % change as coded in the data (as reported).
  public var pctAsCoded: Double?
  /// % change if the lowest answer were coded 0 (e.g. 0–4 instead of 1–5).
  public var pctFromZero: Double?
  /// % change if the lowest answer were coded 1 (e.g. 1–5).
  public var pctFromOne: Double?
  /// Scale-free effect sizes (the same under every coding).
  public var cohensDz: Double?
  public var hedgesGav: Double?
}

/// The audit of one before/after analysis.
public struct EvidenceAudit: Sendable, Equatable {
  public var design: StudyDesign
  public var settings: AuditSettings
  public var comparison: ComparisonEvidence?
  /// Respondents at baseline (matched + baseline-only) and matched.
  public var baselineN: Int
  public var matchedN: Int
  /// 1 − matched/baseline.
  public var overallAttrition: Double?
  /// Highest differential attrition still low at this overall attrition
  /// (percentage points; nil beyond the table).
  public var boundaryLimit: Double?
  public var multiplicity: String
  public var alphaPre: Double?
  public var alphaPost: Double?
  public var alphaNPre: Int
  public var alphaNPost: Int
  public var extremes: [ExtremeShare]
  public var regression: [RegressionCheck]
  public var definitions: [DefinitionFigure]
  public var coding: [CodingSensitivity]
  /// Mean of the indicators' % changes under each coding (with a scale).
  public var meanPctAsCoded: Double?
  public var meanPctFromZero: Double?
  public var meanPctFromOne: Double?
  public var relativeWithAbsolute: Bool
  public var claims: [ClaimRating]

  /// The rating of the study design alone (the best any claim can get).
  public var designRating: EvidenceRating {
    if let c = comparison {
      return EvidenceRules.rating(
        EvidenceRules.comparisonReasons(
          randomized: settings.randomized, overallAttrition: c.overallAttrition,
          differentialAttrition: c.differentialAttrition, boundary: settings.boundary,
          baselineEffectSize: c.baselineEffectSize, adjusted: c.adjusted))
    }
    return EvidenceRules.designReason(design).cap
  }
}

extension EvidenceAudit {
  /// Audits the figures of a literacy analysis.
  /// - Parameters:
  ///   - comparison: the comparison-group results, when the analysis has a
  ///     comparison group (nil: one-group design).
  public init(
    result r: LiteracyResult, design literacyDesign: LiteracyDesign, settings: AuditSettings,
    comparison: ComparisonEvidence? = nil
  ) {
    self.settings = settings
    self.comparison = comparison
    design = comparison == nil ? .oneGroupPrePost : (settings.randomized ? .randomized : .comparisonGroup)
    let c = r.counts
    baselineN = c.matched + c.onlyPre
    matchedN = c.matched
    overallAttrition = baselineN > 0 ? Double(c.onlyPre) / Double(baselineN) : nil
    boundaryLimit = overallAttrition.flatMap {
      WWCAttritionBoundary.maximumDifferential(overall: $0, boundary: settings.boundary)
    }
    multiplicity =
      "indicators_improved_significantly counts Holm-adjusted p-values (p_holm); Benjamini–Hochberg (p_bh) is reported too; per-indicator p_value is unadjusted"
    alphaPre = r.reliability.alphaPre
    alphaPost = r.reliability.alphaPost
    alphaNPre = r.reliability.nPre
    alphaNPost = r.reliability.nPost
    extremes = Self.extremeShares(r.indicators)
    regression = Self.regressionChecks(r, settings: settings)
    definitions = Self.definitions(r)
    coding = Self.coding(r.indicators, design: literacyDesign)
    func mean(_ xs: [Double?]) -> Double? {
      let v = xs.compactMap { $0 }
      return v.isEmpty || v.count != xs.count ? nil : v.reduce(0, +) / Double(v.count)
    }
    meanPctAsCoded = mean(coding.map(\.pctAsCoded))
    meanPctFromZero = mean(coding.map(\.pctFromZero))
    meanPctFromOne = mean(coding.map(\.pctFromOne))
    relativeWithAbsolute = true
    claims = []
    claims = Self.claims(r, audit: self)
  }

  static func extremeShares(_ indicators: [IndicatorResult]) -> [ExtremeShare] {
    var out: [ExtremeShare] = []
    for i in indicators {
      guard let e = i.extremes else { continue }
      func share(_ k: Int, _ n: Int) -> Double? { n > 0 ? Double(k) / Double(n) : nil }
      out.append(
        ExtremeShare(
          indicator: i.indicator, wave: "pre", n: i.nPre, scaleMinimum: e.bounds.lowerBound,
          scaleMaximum: e.bounds.upperBound, shareAtMinimum: share(e.atMinimumPre, i.nPre),
          shareAtMaximum: share(e.atMaximumPre, i.nPre)))
      out.append(
        ExtremeShare(
          indicator: i.indicator, wave: "post", n: i.nPost, scaleMinimum: e.bounds.lowerBound,
          scaleMaximum: e.bounds.upperBound, shareAtMinimum: share(e.atMinimumPost, i.nPost),
          shareAtMaximum: share(e.atMaximumPost, i.nPost)))
    }
    return out
  }

  static func regressionChecks(_ r: LiteracyResult, settings: AuditSettings) -> [RegressionCheck] {
    (r.indicators + (r.composite.map { [$0] } ?? [])).map { i in
      var x = RegressionCheck(indicator: i.indicator, n: i.nPairs, baselineMean: i.meanPre, observedChange: i.meanDiff)
      if let sp = i.sdPre, let sq = i.sdPost, let cov = i.covariancePrePost {
        let vp = sp * sp
        if vp > 0 { x.slope = (cov - vp) / vp }
        if vp > 0 && sq > 0 { x.correlation = cov / (sp * sq) }
      }
      if settings.selectedOnBaseline, let mu = settings.populationMean[i.indicator], let m = i.meanPre {
        x.populationMean = mu
        if let t = settings.testRetest {
          x.testRetest = t
          x.testRetestSource = "config"
        } else if let rho = x.correlation {
          x.testRetest = rho
          x.testRetestSource = "estimated as cor(pre, post)"
        }
        if let t = x.testRetest {
          x.expectedChange = (i.higherIsBetter ? 1 : -1) * (1 - t) * (mu - m)
        }
      }
      return x
    }
  }

  static func definitions(_ r: LiteracyResult) -> [DefinitionFigure] {
    func headline(_ name: String) -> HeadlineFigure? { r.headline.first { $0.name == name } }
    var out: [DefinitionFigure] = []
    if let h = headline("mean_indicator_pct_change") {
      out.append(
        DefinitionFigure(
          name: "mean_indicator_pct_change", value: h.value, unit: "%", n: h.n,
          definition:
            "Unweighted mean of the indicators' % changes; no interval (an average of ratios over correlated indicators)."
        ))
    }
    if let cmp = r.composite {
      out.append(
        DefinitionFigure(
          name: "composite_pct_change", value: cmp.pctChange, ciLow: cmp.pctChangeCILow, ciHigh: cmp.pctChangeCIHigh,
          unit: "%", n: cmp.nPairs, definition: "% change of the mean composite (0–100); delta-method CI."))
      out.append(
        DefinitionFigure(
          name: "composite_mean_change", value: cmp.meanDiff, ciLow: cmp.ciLow, ciHigh: cmp.ciHigh,
          unit: "points (0–100)", n: cmp.nPairs,
          definition: "Absolute change of the mean composite, paired t interval (the absolute figure behind the %)."))
      if let h = headline("share_improved_composite") {
        out.append(
          DefinitionFigure(
            name: "share_improved_composite", value: h.value, ciLow: h.ciLow, ciHigh: h.ciHigh, unit: "%", n: h.n,
            definition: "Percent of respondents whose composite rose; Wilson interval (ties and declines not counted)."
          ))
      }
      var dz = DefinitionFigure(
        name: "composite_cohens_dz", value: cmp.cohensDz, unit: "SD of change", n: cmp.nPairs,
        definition:
          "mean change / SD of change (scale-free); CI by inverting the noncentral t distribution of t = dz·√n.")
      dz.ciLow = cmp.cohensDzCILow
      dz.ciHigh = cmp.cohensDzCIHigh
      out.append(dz)
      out.append(
        DefinitionFigure(
          name: "composite_hedges_gav", value: cmp.hedgesGav, unit: "average SD", n: cmp.nPairs,
          definition: "mean change / mean of the two waves' SDs, Hedges-corrected (scale-free); no interval."))
    }
    if let pre = headline("pass_rate_pre"), let post = headline("pass_rate_post"), let a = pre.value,
      let b = post.value
    {
      out.append(
        DefinitionFigure(
          name: "pass_rate_change_pp", value: b - a, unit: "pp", n: pre.n,
          definition:
            "Mean pass rate at endline − at baseline over indicators with a pass rule (percentage points); no interval (averages correlated proportions)."
        ))
      out.append(
        DefinitionFigure(
          name: "pass_rate_pct_change", value: headline("pass_rate_pct_change")?.value, unit: "%", n: pre.n,
          definition: "The same change relative to the baseline pass rate; no interval."))
    }
    if let h = headline("indicators_improved_significantly"), h.n > 0, let v = h.value {
      out.append(
        DefinitionFigure(
          name: "share_indicators_improved_significantly", value: 100 * v / Double(h.n), unit: "%", n: h.n,
          definition:
            "Percent of indicators whose mean improved with Holm-adjusted p below 1 − confidence; no interval (indicators are not a sample)."
        ))
    }
    return out
  }

  static func coding(_ indicators: [IndicatorResult], design: LiteracyDesign) -> [CodingSensitivity] {
    zip(indicators, design.indicators).compactMap { i, def in
      guard let s = def.scale else { return nil }
      var c = CodingSensitivity(
        indicator: i.indicator, scaleMinimum: s.lowerBound, scaleMaximum: s.upperBound, pctAsCoded: i.pctChange,
        cohensDz: i.cohensDz, hedgesGav: i.hedgesGav)
      if let md = i.meanDiff, let m = i.meanPre {
        let z = m - s.lowerBound
        if z != 0 { c.pctFromZero = 100 * md / z }
        if z + 1 != 0 { c.pctFromOne = 100 * md / (z + 1) }
      }
      return c
    }
  }

  // MARK: - Claims

  static func claims(_ r: LiteracyResult, audit a: EvidenceAudit) -> [ClaimRating] {
    var study: [AuditReason] = []
    if let c = a.comparison {
      study += EvidenceRules.comparisonReasons(
        randomized: a.settings.randomized, overallAttrition: c.overallAttrition,
        differentialAttrition: c.differentialAttrition, boundary: a.settings.boundary,
        baselineEffectSize: c.baselineEffectSize, adjusted: c.adjusted)
    } else {
      study.append(EvidenceRules.designReason(.oneGroupPrePost))
    }
    let flagged = Set(a.extremes.filter { $0.floor || $0.ceiling }.map(\.indicator))
    func extremeReason(_ ids: Set<String>) -> AuditReason? {
      guard !ids.isEmpty else { return nil }
      let list = ids.sorted().prefix(8).joined(separator: ", ")
      return AuditReason(
        code: "measurement.floor_ceiling",
        standard: "floor/ceiling ≥ 15% of answers at a scale end (after Terwee et al. 2007)",
        finding: "\(ids.count) indicator(s) with ≥ 15% of answers at a scale end in a wave: \(list)", cap: .moderate)
    }
    let reliability: AuditReason = {
      let std = "WWC Standards Handbook: outcome reliability (alpha ≥ 0.50)"
      guard let p = a.alphaPre, let q = a.alphaPost else {
        return AuditReason(
          code: "measurement.reliability_unknown", standard: std,
          finding: "Cronbach's alpha is undefined (fewer than 2 indicators or respondents)", cap: .limited)
      }
      let text =
        "Cronbach's alpha \(fixed(p, 2)) at baseline (n = \(a.alphaNPre)), \(fixed(q, 2)) at endline (n = \(a.alphaNPost))"
      return EvidenceRules.reliabilityCap(alphaPre: p, alphaPost: q) != nil
        ? AuditReason(code: "measurement.reliability_low", standard: std, finding: text, cap: .insufficient)
        : AuditReason(code: "measurement.reliability", standard: std, finding: text, cap: .strong)
    }()
    func attrition(n: Int) -> AuditReason? {
      guard a.comparison == nil, a.baselineN > 0 else { return nil }
      let lost = 1 - Double(n) / Double(a.baselineN)
      let level = WWCAttritionBoundary.level(overall: lost, differential: 0, boundary: a.settings.boundary)
      return AuditReason(
        code: "attrition.\(level.rawValue)",
        standard: "WWC attrition boundary (Standards Handbook v4.1, Table II.1)",
        finding:
          "\(percent(lost)) of the \(a.baselineN) baseline respondents are not in this figure (n = \(n)); \(level.rawValue) against the \(a.settings.boundary.rawValue) boundary even with zero differential attrition (no comparison group to measure it)",
        cap: level == .low ? .strong : .limited)
    }
    func interval(_ lo: Double?, _ hi: Double?, noChange: Double) -> AuditReason {
      let std = "CONSORT 2010 item 17a: effect with its precision"
      guard let lo, let hi else {
        return AuditReason(
          code: "precision.no_interval", standard: std, finding: "no confidence interval", cap: .limited)
      }
      if EvidenceRules.precisionCap(ciLow: lo, ciHigh: hi, noChange: noChange) != nil {
        return AuditReason(
          code: "precision.includes_no_change", standard: std,
          finding:
            "the \(Int((r.confidence * 100).rounded()))% CI [\(fixed(lo, 2)), \(fixed(hi, 2))] includes no change",
          cap: .insufficient)
      }
      return AuditReason(
        code: "precision.interval", standard: std, finding: "CI [\(fixed(lo, 2)), \(fixed(hi, 2))] excludes no change",
        cap: .strong)
    }
    let absolute = AuditReason(
      code: "reporting.absolute_with_relative", standard: "CONSORT 2010 item 17b: absolute and relative effects",
      finding: "the relative change is reported with its absolute change", cap: .strong)
    func regression(_ id: String) -> AuditReason? {
      guard a.settings.selectedOnBaseline else { return nil }
      let std = "regression to the mean (Barnett, van der Pols & Dobson 2005)"
      guard let x = a.regression.first(where: { $0.indicator == id }), let e = x.expectedChange,
        let o = x.observedChange
      else {
        return AuditReason(
          code: "rtm.unknown", standard: std,
          finding:
            "participants were selected on their baseline but no population_mean is given for \(id): the change expected from regression to the mean is unknown",
          cap: .limited)
      }
      let text =
        "expected change from regression to the mean alone \(fixed(e, 3)) (r = \(fixed(x.testRetest ?? .nan, 2)), \(x.testRetestSource ?? "")) vs observed \(fixed(o, 3))"
      if let cap = EvidenceRules.regressionCap(expected: e, observed: o) {
        return AuditReason(code: "rtm.explains_change", standard: std, finding: text, cap: cap)
      }
      return AuditReason(code: "rtm.small", standard: std, finding: text, cap: .strong)
    }
    func rated(
      _ name: String, value: Double?, lo: Double?, hi: Double?, n: Int, _ specific: [AuditReason?]
    ) -> ClaimRating {
      let all = (study + specific.compactMap { $0 })
      return ClaimRating(
        claim: name, value: value, ciLow: lo, ciHigh: hi, n: n, rating: EvidenceRules.rating(all),
        reasons: all.filter { $0.cap < .strong }, checks: all.filter { $0.cap == .strong })
    }
    var out: [ClaimRating] = []
    let allFlagged = extremeReason(flagged)
    for h in r.headline {
      switch h.name {
      case "composite_pct_change":
        out.append(
          rated(
            h.name, value: h.value, lo: h.ciLow, hi: h.ciHigh, n: h.n,
            [
              attrition(n: h.n), interval(h.ciLow, h.ciHigh, noChange: 0), absolute, reliability, allFlagged,
              regression("composite"),
            ]))
      case "mean_indicator_pct_change":
        let n = r.indicators.map(\.nPairs).min() ?? 0
        out.append(
          rated(
            h.name, value: h.value, lo: nil, hi: nil, n: n,
            [attrition(n: n), interval(nil, nil, noChange: 0), absolute, reliability, allFlagged]))
      case "share_improved_composite":
        out.append(
          rated(
            h.name, value: h.value, lo: h.ciLow, hi: h.ciHigh, n: h.n,
            [attrition(n: h.n), interval(h.ciLow, h.ciHigh, noChange: 0), reliability, allFlagged]))
      case "indicators_improved_significantly":
        let n = r.indicators.map(\.nPairs).min() ?? 0
        let multiplicity = AuditReason(
          code: "multiplicity.corrected", standard: "WWC Handbook: multiple comparisons within a domain",
          finding: "\(r.indicators.count) outcomes; significance counted with Holm-adjusted p-values", cap: .strong)
        out.append(
          rated(
            h.name, value: h.value, lo: nil, hi: nil, n: n,
            [attrition(n: n), multiplicity, interval(nil, nil, noChange: 0), allFlagged]))
      case "pass_rate_pct_change":
        let n = r.indicators.filter { $0.sharePassPre != nil }.map(\.nPairs).min() ?? 0
        out.append(
          rated(
            h.name, value: h.value, lo: nil, hi: nil, n: n,
            [attrition(n: n), interval(nil, nil, noChange: 0), absolute, allFlagged]))
      default: continue
      }
    }
    // The comparison-group estimates: the claim a comparison group exists for.
    for e in a.comparison?.effects ?? [] {
      out.append(
        rated(
          e.name, value: e.value, lo: e.ciLow, hi: e.ciHigh, n: e.n,
          [interval(e.ciLow, e.ciHigh, noChange: 0), reliability, allFlagged]))
    }
    let alpha = 1 - r.confidence
    for i in r.indicators {
      var multiplicity: AuditReason?
      if let p = i.pValue, let ph = i.pHolm, (i.meanDiff ?? 0) > 0,
        let cap = EvidenceRules.multiplicityCap(p: p, adjusted: ph, alpha: alpha)
      {
        multiplicity = AuditReason(
          code: "multiplicity.not_robust", standard: "WWC Handbook: multiple comparisons within a domain",
          finding:
            "p = \(fixed(p, 4)) is below \(fixed(alpha, 2)) only before correction (Holm p = \(fixed(ph, 4)), \(r.indicators.count) outcomes)",
          cap: cap)
      }
      out.append(
        rated(
          "indicator \(i.indicator): mean change", value: i.meanDiff, lo: i.ciLow, hi: i.ciHigh, n: i.nPairs,
          [
            attrition(n: i.nPairs), interval(i.ciLow, i.ciHigh, noChange: 0), multiplicity,
            extremeReason(flagged.contains(i.indicator) ? [i.indicator] : []), regression(i.indicator),
          ]))
    }
    return out
  }
}
