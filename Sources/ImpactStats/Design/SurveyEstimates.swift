import ImpactCore

// Design-based estimates of one outcome from `SurveyDesignAccumulator`, as R
// `survey` 4.1-1 computes them on `subset(design, complete)`:
//
//   svymean(~pre), svymean(~post), svymean(~d, deff = TRUE)
//   svyttest(d ~ 0)            t = d̄/SE, df = degf(design) − 1
//   svyratio(~post, ~pre)      R = Σwv/Σwu, CI with the normal quantile
//   svymean(~pass_pre), svymean(~pass_post), svymean(~I(pass_post − pass_pre))
//
// Linearization variance of an estimator whose influence value per unit is
// z = c·t (t = the unit's weighted totals), as survey's `onestrat` with
// `options(survey.lonely.psu = "adjust")`:
//
//   Var = Σ_h s_h · Σ_j (z_hj − z̄_h)²,   s_h = f_h · n_h/(n_h − 1)
//   f_h = (N_h − n_h)/N_h  (1 without fpc; N_h = n_h/fraction for fpc ≤ 1)
//
// n_h counts every PSU of stratum h in the design; PSUs without a complete
// pair contribute z = 0. A stratum with one PSU contributes f_h · z² (not
// centered: "adjust" centers it at the population mean, which z already is).
// degf = (PSUs with a complete pair) − (strata with a complete pair).
//
// A `--by` group g is a domain of the full design (R
// `svyby(~x, ~group, design, svymean)`, `svyttest` on
// `subset(design, complete & group == g)`): z is the unit's totals over its
// members in g with a complete pair (0 elsewhere), and n_h, f_h and the
// single-PSU rule stay those of the full design (survey's `onestrat` pads a
// subset with zero PSUs up to n_h). The df is R's for the subset design:
// degf − 1 with degf = (PSUs with a complete pair in g) − (strata with one),
// as `degf.survey.design2` counts only rows of nonzero weight.

/// Design-based (weighted, stratified, clustered) figures of one indicator or
/// of the composite, on its complete pairs; `nil` where undefined (`note`
/// says why). Differences are direction-adjusted as in ``IndicatorResult``.
public struct SurveyEstimates: Sendable, Equatable {
  /// Complete pairs (the domain) and their sum of weights.
  public var nPairs: Int
  public var weightSum: Double?
  /// PSUs and strata of the design (all respondents of the baseline).
  public var psus: Int
  public var strata: Int
  /// Design degrees of freedom, degf = PSUs − strata among those with a
  /// complete pair (R `degf`); the t test uses degf − 1.
  public var designDF: Int
  public var meanPre: Double?
  public var sePre: Double?
  public var meanPost: Double?
  public var sePost: Double?
  public var meanDiff: Double?
  public var seDiff: Double?
  public var t: Double?
  public var df: Double?
  public var pValue: Double?
  public var ciLow: Double?
  public var ciHigh: Double?
  /// Design effect of mean_diff (R `svymean(..., deff = TRUE)`).
  public var deff: Double?
  /// 100·(R − 1), R = Σwv/Σwu (sign-flipped when lower is better), with
  /// the linearization SE of R and a normal-quantile CI (as `confint` of
  /// `svyratio`).
  public var ratio: Double?
  public var ratioSE: Double?
  public var pctChange: Double?
  public var pctChangeCILow: Double?
  public var pctChangeCIHigh: Double?
  /// Weighted pass shares (fractions) and their change, with SEs.
  public var sharePassPre: Double?
  public var sePassPre: Double?
  public var sharePassPost: Double?
  public var sePassPost: Double?
  public var passChange: Double?
  public var sePassChange: Double?
  public var note: String?
}

extension SurveyEstimates {
  /// The estimates of outcome `j` (indicators in order, then the composite)
  /// over the whole design, or over `domain` — the totals of one `--by`
  /// group's respondents, accumulated alongside `acc` — as domain estimates
  /// on the full design (see the top of this file).
  /// - Precondition: `domain` has `acc`'s outcomes and clustering.
  public static func compute(
    _ acc: SurveyDesignAccumulator, domain: SurveyDesignAccumulator? = nil, outcome j: Int, higherIsBetter: Bool,
    confidence: Double
  ) -> SurveyEstimates {
    let plan = VariancePlan(acc, domain: domain, outcome: j)
    var r = SurveyEstimates(
      nPairs: plan.pairs, weightSum: nil, psus: plan.psus, strata: plan.strataCount, designDF: plan.degf)
    if let problem = plan.problem {
      r.note = problem
      return r
    }
    let t = plan.total
    let w = t[0]
    guard plan.pairs > 0, w > 0 else {
      r.note = "no complete pairs: the weighted figures are undefined"
      return r
    }
    r.weightSum = w
    let sign: Double = higherIsBetter ? 1 : -1
    func se(_ c: [Double]) -> Double? {
      let v = plan.variance(c)
      return v >= 0 && v.isFinite ? v.squareRoot() : nil
    }
    let u = t[1] / w
    let v = t[2] / w
    let d = t[3] / w
    r.meanPre = u
    r.sePre = se([-u / w, 1 / w, 0, 0, 0, 0])
    r.meanPost = v
    r.sePost = se([-v / w, 0, 1 / w, 0, 0, 0])
    let seD = se([-d / w, 0, 0, 1 / w, 0, 0])
    r.meanDiff = sign * d
    r.seDiff = seD
    var notes: [String] = []
    let df = plan.degf - 1
    if let s = seD, s > 0, df >= 1 {
      let dist = StudentT(degreesOfFreedom: Double(df))
      let tt = d / s
      r.t = sign * tt
      r.df = Double(df)
      r.pValue = dist.twoSidedPValue(tt)
      let q = dist.quantile(0.5 + confidence / 2)
      r.ciLow = sign > 0 ? d - q * s : -(d + q * s)
      r.ciHigh = sign > 0 ? d + q * s : -(d - q * s)
    } else if df < 1 {
      notes.append("design df − 1 = \(df) < 1: t, p_value and ci are undefined")
    } else {
      notes.append("the linearization SE of mean_diff is 0: t, p_value and ci are undefined")
    }
    // Design effect: design variance over the SRS (without replacement)
    // variance of the same weighted mean (svyvar · (Σw − n)/(Σw · n)).
    let n = Double(plan.pairs)
    if let s = seD, plan.pairs >= 2 {
      let ss = plan.weightedSquares - t[3] * t[3] / w
      let svyvar = ss / w * n / (n - 1)
      if w < n {
        notes.append("deff undefined: the weights sum to less than the number of pairs (survey: are weights scaled?)")
      } else {
        let vsrs = svyvar * (w - n) / (w * n)
        if vsrs > 0 { r.deff = s * s / vsrs }
      }
    }
    // Ratio of weighted means (svyratio).
    if t[1] != 0 {
      let ratio = t[2] / t[1]
      r.ratio = ratio
      if let s = se([0, -ratio / t[1], 1 / t[1], 0, 0, 0]) {
        r.ratioSE = s
        let z = Normal.quantile(0.5 + confidence / 2)
        let lo = 100 * (ratio - z * s - 1)
        let hi = 100 * (ratio + z * s - 1)
        r.pctChangeCILow = sign > 0 ? lo : -hi
        r.pctChangeCIHigh = sign > 0 ? hi : -lo
      }
      r.pctChange = sign * 100 * (ratio - 1)
    } else {
      notes.append("the weighted baseline mean is 0: pct_change is undefined")
    }
    if acc.passRules[j] != nil {
      let p = t[4] / w
      let q = t[5] / w
      let change = (t[5] - t[4]) / w
      r.sharePassPre = p
      r.sePassPre = se([-p / w, 0, 0, 0, 1 / w, 0])
      r.sharePassPost = q
      r.sePassPost = se([-q / w, 0, 0, 0, 0, 1 / w])
      r.passChange = change
      r.sePassChange = se([-change / w, 0, 0, 0, -1 / w, 1 / w])
    }
    if !notes.isEmpty { r.note = notes.joined(separator: "; ") }
    return r
  }
}

/// The per-stratum pieces of the linearization variance of one outcome.
struct VariancePlan {
  struct Stratum {
    /// PSUs in the design (n_h) and the variance factor s_h.
    var units: Int
    var factor: Double
    /// Clustered: the totals of each PSU with a complete pair (the others
    /// are zero). Unclustered: Σ t and Σ t tᵀ (6×6, full).
    var psuTotals: [[Double]]
    var sums: [Double]
    var products: [Double]
  }

  var strata: [Stratum] = []
  var total = Array(repeating: 0.0, count: SurveyTotals.width)
  var weightedSquares = 0.0
  var pairs = 0
  var psus = 0
  var strataCount = 0
  var degf = 0
  var problem: String?

  /// The plan of outcome `j` over the design `acc`, or over its domain
  /// `domain` (then the strata, n_h and fpc are `acc`'s, the totals the
  /// domain's).
  init(_ acc: SurveyDesignAccumulator, domain: SurveyDesignAccumulator? = nil, outcome j: Int) {
    let width = SurveyTotals.width
    var exact = Array(repeating: ExactSum(), count: width)
    weightedSquares = (domain ?? acc).weightedSquares[j].value
    if !acc.fpcConflicts.isEmpty {
      problem =
        "fpc differs within stratum \(acc.fpcConflicts.prefix(3).map { "'\($0)'" }.joined(separator: ", ")): the variance is undefined"
    }
    let given = acc.strata.values.compactMap(\.fpc)
    let isPopulationSize = given.contains { $0 > 1 }
    if isPopulationSize && given.contains(where: { $0 < 1 }) {
      problem = "fpc mixes population sizes (> 1) and sampling fractions (< 1): give one kind"
    }
    strataCount = acc.strata.count
    for (label, s) in acc.strata.sorted(by: { $0.key < $1.key }) {
      let n = s.psuCount
      psus += n
      var f = 1.0
      if let fpc = s.fpc {
        let population = isPopulationSize ? fpc : Double(n) / fpc
        if population < Double(n) {
          problem = "fpc of stratum '\(label)' implies more than 100% sampling (\(n) PSUs)"
        }
        f = population.isInfinite ? 1 : (population - Double(n)) / population
      }
      var factor = n > 1 ? f * Double(n) / Double(n - 1) : f
      if f < 1e-7 { factor = 0 }
      var stratum = Stratum(units: n, factor: factor, psuTotals: [], sums: [], products: [])
      var psusWithPairs = 0
      // The units whose totals enter: the stratum's, or its domain members'.
      let members: SurveyStratum?
      if let domain { members = domain.strata[label] } else { members = s }
      guard let members else {
        strata.append(stratum)
        continue
      }
      if acc.clustered {
        for (_, cells) in members.psus.sorted(by: { $0.key < $1.key }) where cells[j].count > 0 {
          psusWithPairs += 1
          pairs += cells[j].count
          for a in 0..<width { exact[a].add(cells[j].sums[a]) }
          stratum.psuTotals.append(cells[j].values)
        }
      } else {
        let m = members.moments[j]
        psusWithPairs = m.totals.count
        pairs += m.totals.count
        for a in 0..<width { exact[a].add(m.totals.sums[a]) }
        stratum.sums = m.totals.values
        // Products no estimator needs stay NaN: using one is a programmer
        // error that shows as a NaN variance, never as a wrong figure.
        var full = Array(repeating: Double.nan, count: width * width)
        for (k, (a, b)) in SurveyMoments.pairs.enumerated() {
          full[a * width + b] = m.products[k].value
          full[b * width + a] = full[a * width + b]
        }
        stratum.products = full
      }
      if psusWithPairs > 0 { degf += psusWithPairs - 1 }
      strata.append(stratum)
    }
    total = exact.map(\.value)
  }

  /// Σ_h s_h Σ_j (z_hj − z̄_h)² for z = c·t (uncentered for one PSU).
  func variance(_ c: [Double]) -> Double {
    let width = SurveyTotals.width
    var v = 0.0
    for s in strata where s.factor > 0 {
      let n = Double(s.units)
      var q = 0.0
      if s.products.isEmpty {
        let z = s.psuTotals.map { t in (0..<width).reduce(0.0) { $0 + c[$1] * t[$1] } }
        if s.units > 1 {
          let mean = z.reduce(0, +) / n
          q = z.reduce(0.0) { $0 + ($1 - mean) * ($1 - mean) } + (n - Double(z.count)) * mean * mean
        } else {
          q = z.reduce(0.0) { $0 + $1 * $1 }
        }
      } else {
        var a = 0.0
        for x in 0..<width where c[x] != 0 {
          for y in 0..<width where c[y] != 0 { a += c[x] * c[y] * s.products[x * width + y] }
        }
        let sz = (0..<width).reduce(0.0) { $0 + c[$1] * s.sums[$1] }
        q = s.units > 1 ? a - sz * sz / n : a
      }
      v += s.factor * max(q, 0)
    }
    return v
  }
}
