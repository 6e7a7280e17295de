// Survey-design (Taylor linearization) totals for the before/after analysis,
// after R `survey` (T. Lumley, "Analysis of complex survey samples", J. Stat.
// Softw. 9(8), 2004; survey 4.1-1: `svydesign`, `svyrecvar`, `onestrat`).
//
// The estimators are smooth functions of weighted totals, so their
// linearization variance needs, per stratum, the totals of every primary
// sampling unit (PSU):
//
//   t_hj = Σ_{i ∈ PSU j of stratum h, complete pair} w_i · (1, u_i, v_i, d_i, p_i, q_i)
//
// (u = baseline, v = endline, d = v − u, p/q = pass at baseline/endline).
// With clusters the PSU totals are kept per PSU; without (every respondent
// its own PSU) a stratum keeps the sums Σ t and Σ t tᵀ of its rows instead.
// Every total is an `ExactSum`, so shards merge exactly.

import ImpactCore

/// Mergeable design totals of one literacy analysis (overall population).
///
/// Respondents enter with their baseline row's weight, stratum, cluster and
/// fpc: dropouts register their stratum and PSU (they count in the design's
/// PSUs, as in R's `subset(design, complete)`), matched respondents add their
/// complete pairs per outcome. Outcomes are the indicators, then the
/// composite.
public struct SurveyDesignAccumulator: Sendable, Codable {
  /// Per outcome: pass rule (nil: none); the composite has none.
  public let passRules: [PassRule?]
  /// Whether PSUs are clusters (`--cluster`) rather than respondents.
  public let clustered: Bool
  /// Strata by label (one stratum `""` without `--strata`).
  public private(set) var strata: [String: SurveyStratum] = [:]
  /// Respondents in the design (baseline rows of matched and baseline-only
  /// respondents).
  public private(set) var respondents = 0
  /// Per outcome: Σ w·d² over complete pairs (for the design effect).
  var weightedSquares: [ExactSum]
  /// Matched respondents whose endline weight differs from the baseline one.
  public var weightChanges = 0
  /// The design's columns by role (weight, strata, cluster, fpc), for output.
  public var columns: [String: String] = [:]
  /// Strata whose fpc differs between rows (shards): reported, no variance.
  public private(set) var fpcConflicts: [String] = []
  private(set) var compositeDesign: LiteracyDesign?
  /// The composite's scoring (rebuilt from `compositeDesign` when decoded).
  private var composite: CompositeScore? = nil

  enum CodingKeys: String, CodingKey {
    case passRules, clustered, strata, respondents, weightedSquares, weightChanges, fpcConflicts, compositeDesign
    case columns
  }

  /// - Parameters: `literacy`: the analysis (indicators, pass rules, the
  ///   composite); `clustered`: PSUs are clusters.
  public init(literacy: LiteracyDesign, clustered: Bool) {
    composite = CompositeScore(design: literacy)
    compositeDesign = composite != nil ? literacy : nil
    passRules = literacy.indicators.map(\.passes) + (composite != nil ? [nil] : [])
    self.clustered = clustered
    weightedSquares = Array(repeating: ExactSum(), count: passRules.count)
  }

  /// Number of outcomes (indicators, then the composite if any).
  public var outcomes: Int { passRules.count }

  /// An accumulator of the same analysis and clustering with nothing added:
  /// the start of a `--by` group's domain totals (see `SurveyEstimates`).
  public func emptied() -> SurveyDesignAccumulator {
    var r = self
    r.strata = [:]
    r.respondents = 0
    r.weightedSquares = Array(repeating: ExactSum(), count: outcomes)
    r.weightChanges = 0
    r.columns = [:]
    r.fpcConflicts = []
    return r
  }

  /// Complete pairs of outcome `j` (`j` in `0..<outcomes`).
  public func pairs(outcome j: Int) -> Int {
    strata.values.reduce(0) { n, s in
      n + (s.moments.isEmpty ? s.psus.values.reduce(0) { $0 + $1[j].count } : s.moments[j].totals.count)
    }
  }

  /// Registers a respondent of the design. `pre`/`post`: answers in
  /// indicator order (NaN = missing); `post` is `nil` for a dropout.
  /// - Parameters: `weight` > 0 and finite; `fpc` as R's (population size
  ///   ≥ 1, or sampling fraction ≤ 1), constant within a stratum; `psu` the
  ///   cluster label (ignored unless `clustered`).
  public mutating func add(
    stratum: String, psu: String, weight w: Double, fpc: Double?, pre: [Double], post: [Double]?
  ) {
    respondents += 1
    let k = pre.count
    var compositePre = Double.nan
    var compositePost = Double.nan
    if let post, let cs = composite ?? compositeDesign.flatMap(CompositeScore.init(design:)) {
      compositePre = pre.withUnsafeBufferPointer { cs.value($0) } ?? .nan
      compositePost = post.withUnsafeBufferPointer { cs.value($0) } ?? .nan
    }
    func value(_ x: [Double], _ j: Int, composite c: Double) -> Double { j < k ? x[j] : c }
    let (clustered, outcomes, rules) = (self.clustered, self.outcomes, passRules)
    var conflict = false
    // The stratum (and its PSU table) is updated in place: a copy would
    // cost O(PSUs) per respondent.
    func update(_ s: inout SurveyStratum) {
      if s.fpc != fpc { conflict = true }
      if clustered {
        if s.psus[psu] == nil { s.psus[psu] = Array(repeating: SurveyTotals(), count: outcomes) }
      } else {
        s.units += 1
      }
      guard let post else { return }
      // The PSU's cells leave the table while they are updated: one hash
      // lookup per respondent, and no copy (they are uniquely held).
      var cells = clustered ? s.psus.removeValue(forKey: psu) ?? [] : []
      for j in 0..<outcomes {
        let u = value(pre, j, composite: compositePre)
        let v = value(post, j, composite: compositePost)
        guard !u.isNaN && !v.isNaN else { continue }
        var t = SIMD8<Double>(w, w * u, w * v, w * (v - u), 0, 0, 0, 0)
        if let rule = rules[j] {
          t[4] = rule.passes(u) ? w : 0
          t[5] = rule.passes(v) ? w : 0
        }
        if clustered {
          cells[j].add(t)
        } else {
          s.moments[j].add(t)
        }
      }
      if clustered { s.psus[psu] = cells }
    }
    update(&strata[stratum, default: SurveyStratum(outcomes: outcomes, clustered: clustered, fpc: fpc)])
    if conflict && !fpcConflicts.contains(stratum) { fpcConflicts.append(stratum) }
    guard let post else { return }
    for j in 0..<outcomes {
      let u = value(pre, j, composite: compositePre)
      let v = value(post, j, composite: compositePost)
      if !u.isNaN && !v.isNaN { weightedSquares[j].add(w * (v - u) * (v - u)) }
    }
  }

  /// Combines the totals of two shards (respondents partitioned by id; a
  /// PSU may span shards).
  public func merged(with o: SurveyDesignAccumulator) -> SurveyDesignAccumulator {
    precondition(outcomes == o.outcomes && clustered == o.clustered, "cannot merge different survey designs")
    var r = self
    r.respondents += o.respondents
    r.weightChanges += o.weightChanges
    for j in 0..<outcomes { r.weightedSquares[j].add(o.weightedSquares[j]) }
    for c in o.fpcConflicts where !r.fpcConflicts.contains(c) { r.fpcConflicts.append(c) }
    for (label, t) in o.strata {
      guard var s = r.strata[label] else {
        r.strata[label] = t
        continue
      }
      if s.fpc != t.fpc && !r.fpcConflicts.contains(label) { r.fpcConflicts.append(label) }
      s.units += t.units
      for (psu, totals) in t.psus {
        if let mine = s.psus[psu] {
          s.psus[psu] = zip(mine, totals).map { $0.merged(with: $1) }
        } else {
          s.psus[psu] = totals
        }
      }
      for j in 0..<s.moments.count { s.moments[j] = s.moments[j].merged(with: t.moments[j]) }
      r.strata[label] = s
    }
    r.fpcConflicts.sort()
    return r
  }
}

/// One stratum's design totals.
public struct SurveyStratum: Sendable, Codable {
  /// The stratum's fpc as given (nil: none).
  public var fpc: Double?
  /// Respondents (unclustered designs; clustered: see `psus`).
  var units = 0
  /// Clustered: per PSU label, per outcome totals.
  var psus: [String: [SurveyTotals]] = [:]
  /// Unclustered: per outcome sums of the rows' totals and their products.
  var moments: [SurveyMoments] = []

  init(outcomes: Int, clustered: Bool, fpc: Double?) {
    self.fpc = fpc
    if !clustered { moments = Array(repeating: SurveyMoments(), count: outcomes) }
  }

  /// PSUs in the design (with or without complete pairs).
  public var psuCount: Int { moments.isEmpty ? psus.count : units }
}

/// Exact totals t = Σ w·(1, u, v, d, p, q) of complete pairs, and their count.
struct SurveyTotals: Sendable, Codable {
  var count = 0
  var sums = Array(repeating: ExactSum(), count: SurveyTotals.width)

  static let width = 6

  @inline(__always)
  mutating func add(_ t: SIMD8<Double>) {
    count += 1
    for a in 0..<Self.width { sums[a].add(t[a]) }
  }

  func merged(with o: SurveyTotals) -> SurveyTotals {
    var r = self
    r.count += o.count
    for a in 0..<Self.width { r.sums[a].add(o.sums[a]) }
    return r
  }

  var values: [Double] { sums.map(\.value) }
}

/// Exact Σ t and the products Σ tₐ·t_b that the estimators use (`pairs`)
/// of respondent-level totals.
struct SurveyMoments: Sendable, Codable {
  var totals = SurveyTotals()
  var products = Array(repeating: ExactSum(), count: SurveyMoments.pairs.count)

  /// (a, b) of the products kept: those of the linear combinations in
  /// `SurveyEstimates` (weight with each value, u·v for the ratio, p·q for
  /// the change of the pass share, and the squares) — 13 of the 21.
  static let pairs: [(Int, Int)] = [
    (0, 0), (0, 1), (1, 1), (0, 2), (2, 2), (1, 2), (0, 3), (3, 3), (0, 4), (4, 4), (0, 5), (5, 5), (4, 5),
  ]

  @inline(__always)
  mutating func add(_ t: SIMD8<Double>) {
    totals.add(t)
    for (k, (a, b)) in Self.pairs.enumerated() { products[k].add(t[a] * t[b]) }
  }

  func merged(with o: SurveyMoments) -> SurveyMoments {
    var r = self
    r.totals = totals.merged(with: o.totals)
    for k in products.indices { r.products[k].add(o.products[k]) }
    return r
  }
}
