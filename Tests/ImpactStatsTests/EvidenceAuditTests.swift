import Foundation
import ImpactStats
import Testing

/// The audit of crafted before/after data: floor/ceiling counts (exact under
/// any split), the regression-to-the-mean figures, reliability and the
/// one-group cap.
@Suite struct EvidenceAuditTests {
  /// Two 1–5 indicators; rows are (pre q1, pre q2, post q1, post q2).
  static func accumulator(_ rows: [[Double]], dropouts: Int = 0) -> LiteracyAccumulator {
    let defs = [IndicatorDefinition(id: "q1", scale: 1...5), IndicatorDefinition(id: "q2", scale: 1...5)]
    let design = LiteracyDesign(indicators: defs, scales: [0, 0], compositeRanges: [1...5, 1...5])
    var acc = LiteracyAccumulator(design: design)
    for r in rows {
      let pre = Array(r[0..<2])
      let post = Array(r[2..<4])
      acc.addMatched(pre: pre.span, post: post.span)
    }
    for _ in 0..<dropouts {
      let pre = [3.0, 3.0]
      acc.addBaselineOnly(pre: pre.span)
    }
    return acc
  }

  static let rows: [[Double]] = [
    [1, 2, 2, 3], [1, 5, 3, 5], [2, 4, 3, 5], [3, 3, 4, 4], [4, 1, 5, 2], [5, 2, 5, 3], [2, 3, 3, 3], [3, 4, 4, 5],
    [1, 1, 2, .nan], [4, 5, 5, 5],
  ]

  @Test func extremeSharesCountBothEndsPerWave() throws {
    let acc = Self.accumulator(Self.rows)
    let r = LiteracyResult(acc)
    let e = try #require(r.indicators[0].extremes)
    // q1 pre: 1,1,2,3,4,5,2,3,1,4 → three 1s, one 5; post: 2,3,3,4,5,5,3,4,2,5 → no 1, three 5s.
    #expect(e.atMinimumPre == 3 && e.atMaximumPre == 1)
    #expect(e.atMinimumPost == 0 && e.atMaximumPost == 3)
    let audit = EvidenceAudit(result: r, design: acc.design, settings: AuditSettings())
    let q1pre = try #require(audit.extremes.first { $0.indicator == "q1" && $0.wave == "pre" })
    #expect(q1pre.n == 10)
    #expect(q1pre.shareAtMinimum == 0.3 && q1pre.floor)
    #expect(q1pre.shareAtMaximum == 0.1 && !q1pre.ceiling)
    // q2 post: 9 answers, 4 at 5.
    let q2post = try #require(audit.extremes.first { $0.indicator == "q2" && $0.wave == "post" })
    #expect(q2post.n == 9 && q2post.ceiling)
  }

  @Test(arguments: 1..<10)
  func extremeCountsMergeExactly(_ split: Int) throws {
    let whole = Self.accumulator(Self.rows)
    let merged = Self.accumulator(Array(Self.rows[..<split])).merged(with: Self.accumulator(Array(Self.rows[split...])))
    for j in 0..<2 {
      #expect(whole.indicators[j].extremes == merged.indicators[j].extremes)
      #expect(merged.indicators[j].extremes != nil)
    }
  }

  @Test func regressionSlopeFromTheCoMoments() throws {
    let acc = Self.accumulator(Self.rows)
    let r = LiteracyResult(acc)
    // q1 complete pairs, by hand: slope of d = post − pre on pre.
    let pre: [Double] = [1, 1, 2, 3, 4, 5, 2, 3, 1, 4]
    let post: [Double] = [2, 3, 3, 4, 5, 5, 3, 4, 2, 5]
    let n = Double(pre.count)
    let mp = pre.reduce(0, +) / n
    let d = zip(post, pre).map { $0 - $1 }
    let md = d.reduce(0, +) / n
    var sdp = 0.0
    var spp = 0.0
    for i in 0..<pre.count {
      sdp += (d[i] - md) * (pre[i] - mp)
      spp += (pre[i] - mp) * (pre[i] - mp)
    }
    let expectedSlope = sdp / spp
    var settings = AuditSettings()
    settings.selectedOnBaseline = true
    settings.populationMean = ["q1": 4]
    let audit = EvidenceAudit(result: r, design: acc.design, settings: settings)
    let x = try #require(audit.regression.first { $0.indicator == "q1" })
    let slope = try #require(x.slope)
    #expect(abs(slope - expectedSlope) < 1e-12)
    // No test_retest: r is estimated as cor(pre, post), and said so.
    let rho = try #require(x.correlation)
    #expect(x.testRetest == rho && x.testRetestSource == "estimated as cor(pre, post)")
    let expected = try #require(x.expectedChange)
    #expect(abs(expected - (1 - rho) * (4 - mp)) < 1e-12)
    // With a configured r.
    settings.testRetest = 0.5
    let a2 = EvidenceAudit(result: r, design: acc.design, settings: settings)
    let x2 = try #require(a2.regression.first { $0.indicator == "q1" })
    #expect(x2.testRetestSource == "config")
    #expect(abs((x2.expectedChange ?? 0) - 0.5 * (4 - mp)) < 1e-12)
    // The expected change (0.5·(4 − 2.6) = 0.7) is ≥ half the observed (1.0): limited at most.
    let claim = try #require(a2.claims.first { $0.claim == "indicator q1: mean change" })
    #expect(claim.reasons.contains { $0.code == "rtm.explains_change" && $0.cap == .limited })
    // Selected on baseline without a population mean: unknown, limited.
    let q2 = try #require(a2.claims.first { $0.claim == "indicator q2: mean change" })
    #expect(q2.reasons.contains { $0.code == "rtm.unknown" })
  }

  @Test func oneGroupIsNeverAboveLimited() throws {
    let acc = Self.accumulator(Self.rows, dropouts: 1)
    let audit = EvidenceAudit(result: LiteracyResult(acc), design: acc.design, settings: AuditSettings())
    #expect(audit.design == .oneGroupPrePost)
    #expect(audit.designRating == .limited)
    #expect(audit.baselineN == 11 && audit.matchedN == 10)
    #expect(!audit.claims.isEmpty)
    #expect(audit.claims.allSatisfy { $0.rating <= .limited })
    #expect(audit.claims.allSatisfy { c in c.reasons.contains { $0.code == "design.one_group" } })
  }

  @Test func lowReliabilityMakesCompositeClaimsInsufficient() throws {
    // q2 moves against q1: alpha < 0.5.
    let rows: [[Double]] = [[1, 5, 2, 5], [2, 4, 3, 4], [3, 3, 4, 3], [4, 2, 5, 2], [5, 1, 5, 1], [2, 5, 3, 4]]
    let acc = Self.accumulator(rows)
    let audit = EvidenceAudit(result: LiteracyResult(acc), design: acc.design, settings: AuditSettings())
    let alpha = try #require(audit.alphaPre)
    #expect(alpha < 0.5)
    let c = try #require(audit.claims.first { $0.claim == "composite_pct_change" })
    #expect(c.rating == .insufficient)
    #expect(c.reasons.contains { $0.code == "measurement.reliability_low" })
  }

  @Test func comparisonEvidenceChangesTheDesign() throws {
    let acc = Self.accumulator(Self.rows)
    var settings = AuditSettings()
    settings.randomized = true
    let c = ComparisonEvidence(
      overallAttrition: 0.1, differentialAttrition: 0.02, baselineEffectSize: 0.3, adjusted: true)
    let audit = EvidenceAudit(result: LiteracyResult(acc), design: acc.design, settings: settings, comparison: c)
    #expect(audit.design == .randomized)
    #expect(audit.designRating == .strong)
    settings.randomized = false
    let qed = EvidenceAudit(result: LiteracyResult(acc), design: acc.design, settings: settings, comparison: c)
    #expect(qed.designRating == .insufficient)
  }

  @Test func scaleCodingChangesThePercentButNotTheEffectSize() throws {
    let acc = Self.accumulator(Self.rows)
    let r = LiteracyResult(acc)
    let audit = EvidenceAudit(result: r, design: acc.design, settings: AuditSettings())
    let q1 = try #require(audit.coding.first { $0.indicator == "q1" })
    let md = try #require(r.indicators[0].meanDiff)
    let mp = try #require(r.indicators[0].meanPre)
    #expect(abs((q1.pctFromZero ?? 0) - 100 * md / (mp - 1)) < 1e-12)
    #expect(abs((q1.pctFromOne ?? 0) - 100 * md / mp) < 1e-12)
    #expect(q1.pctAsCoded == r.indicators[0].pctChange)
    #expect(q1.cohensDz == r.indicators[0].cohensDz)
  }

  @Test func partialsWithoutScaleEndCountsStillDecodeAndMerge() throws {
    let acc = Self.accumulator(Self.rows)
    let a = acc.indicators[0]
    let data = try JSONEncoder().encode(a)
    var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    #expect(object["extremes"] != nil)
    object["extremes"] = nil
    let old = try JSONDecoder().decode(PairedAccumulator.self, from: try JSONSerialization.data(withJSONObject: object))
    #expect(old.extremes == nil)
    #expect(old.merged(with: a).extremes == nil)
    #expect(old.merged(with: a).pairs == 2 * a.pairs)
  }
}
