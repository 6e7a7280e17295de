import ImpactCore
import Testing

@testable import ImpactStats

/// ``CellRegression/waldTest(_:covariance:)`` and ``TreatmentInteraction``
/// against identities that hold exactly (statsmodels agreement is checked
/// end to end in ImpactPipelineTests/ComparisonPipelineTests).
@Suite struct TreatmentInteractionTests {
  /// One simulated respondent: pre, age, sex, group, arm, cluster, post.
  struct Row {
    var pre, age: Double
    var sex, group: String
    var treated: Bool
    var cluster: String
    var post: Double
  }

  static func rows(seed: UInt64, n: Int, groupEffect: Double = 0.4) -> [Row] {
    var rng = SplitMix64(seed: seed)
    return (0..<n).map { _ in
      let group = ["a", "b", "c"][rng.int(0...2)]
      let treated = rng.unit() < 0.5
      let pre = Double(rng.int(1...5))
      let age = Double(rng.int(50...80))
      let sex = rng.unit() < 0.5 ? "f" : "m"
      let bump = treated ? (group == "c" ? 1 + groupEffect : 1) : 0
      let post = 0.5 + 0.7 * pre + 0.01 * age + bump + (rng.unit() - 0.5) * 2
      return Row(
        pre: pre, age: age, sex: sex, group: group, treated: treated, cluster: "k\(rng.int(0...11))", post: post)
    }
  }

  /// The interaction model's cells (numeric pre, age; categorical sex, group, arm × group).
  static func interactionCells(_ rows: some Sequence<Row>) -> RegressionCells {
    var c = RegressionCells(numeric: 2, categorical: 3)
    for r in rows {
      c.add(
        [r.pre, r.age, r.post], levels: [r.sex] + TreatmentInteractionLevels.levels(group: r.group, treated: r.treated),
        cluster: r.cluster)
    }
    return c
  }

  static func test(_ cells: RegressionCells) -> TreatmentInteraction {
    TreatmentInteraction(
      indicator: "q", cells: cells, column: "g", numericCovariates: ["age"], categoricalCovariates: ["sex"],
      clustered: true)
  }

  static func close(_ a: Double?, _ b: Double?, _ tol: Double, _ label: String) {
    guard let a, let b else {
      Issue.record("\(label): \(String(describing: a)) vs \(String(describing: b))")
      return
    }
    let err = a == b ? 0 : abs(a - b) / max(abs(b), 1e-300)
    #expect(err <= tol, "\(label): expected \(b), observed \(a), relative error \(err)")
  }

  /// One restriction e_j: F = t² of the coefficient, with the same df and p.
  @Test func oneRestrictionIsTheSquaredT() throws {
    var cells = RegressionCells(numeric: 3, categorical: 1)
    for r in Self.rows(seed: 3, n: 300) {
      cells.add([r.pre, r.treated ? 1 : 0, r.age, r.post], levels: [r.sex], cluster: r.cluster)
    }
    let fit = try CellRegression.fit(cells, numericNames: ["pre", "treated", "age"], categoricalNames: ["sex"]).get()
    var e = [Double](repeating: 0, count: fit.beta.count)
    e[1] = 1
    let classical = try #require(fit.classical(1, confidence: 0.95))
    let f = try fit.waldTest([e], covariance: .classical).get()
    Self.close(f.f, classical.t * classical.t, 1e-12, "classical F = t²")
    Self.close(f.pValue, classical.pValue, 1e-10, "classical p")
    #expect(f.df1 == 1 && f.df2 == classical.df)
    let robust = try fit.clusterRobust(1, confidence: 0.95).get()
    let fr = try fit.waldTest([e], covariance: .clusterRobust).get()
    Self.close(fr.f, robust.t * robust.t, 1e-12, "CR1 F = t²")
    Self.close(fr.pValue, robust.pValue, 1e-10, "CR1 p")
    #expect(fr.df2 == 11)
  }

  /// The classical Wald F of the interaction equals the F from the residual
  /// sums of squares of the models with and without it.
  @Test func classicalFIsTheNestedModelsF() throws {
    let rows = Self.rows(seed: 11, n: 400)
    let t = Self.test(Self.interactionCells(rows))
    let full = try CellRegression.fit(
      Self.interactionCells(rows), numericNames: ["pre", "age"], categoricalNames: ["sex", "g", "treated × g"]
    ).get()
    var restricted = RegressionCells(numeric: 3, categorical: 2)
    for r in rows { restricted.add([r.pre, r.treated ? 1 : 0, r.age, r.post], levels: [r.sex, r.group]) }
    let small = try CellRegression.fit(
      restricted, numericNames: ["pre", "treated", "age"], categoricalNames: ["sex", "g"]
    ).get()
    let df2 = Double(full.n - full.parameters)
    let f =
      (small.residualSumOfSquares - full.residualSumOfSquares) / 2 / (full.residualSumOfSquares / df2)
    Self.close(t.classical?.f, f, 1e-9, "Wald F vs nested-model F")
    #expect(t.classical?.df1 == 2 && t.classical?.df2 == df2 && t.groups == 3 && t.n == 400)
    #expect(try #require(t.classical?.pValue) < 0.05, "the simulated interaction shows")
    #expect(t.cluster?.df2 == 11 && t.reasons.isEmpty)
  }

  /// Cells split at random and merged give the same tests.
  @Test(arguments: [1 as UInt64, 2, 3])
  func mergedCellsGiveTheSameTests(_ seed: UInt64) throws {
    let rows = Self.rows(seed: 20 + seed, n: 250)
    var rng = SplitMix64(seed: seed)
    var parts = [[Row]](repeating: [], count: 3)
    for r in rows { parts[rng.int(0...2)].append(r) }
    let merged = parts.map { Self.interactionCells($0) }.reduce(RegressionCells(numeric: 2, categorical: 3)) {
      $0.merged(with: $1)
    }
    let a = Self.test(merged)
    let b = Self.test(Self.interactionCells(rows))
    Self.close(a.classical?.f, b.classical?.f, 1e-12, "classical F")
    Self.close(a.cluster?.f, b.cluster?.f, 1e-12, "CR1 F")
  }

  /// Degenerate designs: null with the reason, never a trap.
  @Test func degenerateDesignsGiveReasons() {
    var rows = Self.rows(seed: 5, n: 120)
    // Group c only among the treated.
    var t = Self.test(Self.interactionCells(rows.filter { $0.group != "c" || $0.treated }))
    #expect(t.classical == nil && t.cluster == nil)
    #expect(t.reasons["classical"]?.hasPrefix("group 'c' of 'g' has only treated respondents") == true)
    // One group.
    t = Self.test(Self.interactionCells(rows.filter { $0.group == "a" }))
    #expect(t.reasons["classical"] == "needs at least 2 groups of 'g' among the complete pairs (got 1)")
    // Empty.
    t = Self.test(Self.interactionCells([]))
    #expect(t.reasons["classical"]?.hasPrefix("needs at least 2 groups") == true && t.n == 0)
    // A covariate equal to the group (age constant within each group).
    for i in rows.indices { rows[i].age = ["a": 1.0, "b": 2.0, "c": 3.0][rows[i].group] ?? 0 }
    t = Self.test(Self.interactionCells(rows))
    #expect(t.reasons["classical"]?.contains("the design matrix is singular") == true, "\(t.reasons)")
    // Two clusters cannot carry 2 restrictions.
    for i in rows.indices { rows[i].cluster = i % 2 == 0 ? "x" : "y" }
    rows = Self.rows(seed: 6, n: 120).enumerated().map { i, r in
      var r = r
      r.cluster = i % 2 == 0 ? "x" : "y"
      return r
    }
    t = Self.test(Self.interactionCells(rows))
    #expect(t.classical != nil && t.cluster == nil)
    #expect(t.reasons["cluster"] == "2 restrictions need at least 3 clusters for a cluster-robust test (got 2)")
  }

  /// Holm across indicators, nulls kept out of the count.
  @Test func holmAcrossIndicators() {
    let rows = Self.rows(seed: 8, n: 300)
    let good = Self.test(Self.interactionCells(rows))
    var null = good
    null.classical = nil
    null.cluster = nil
    let s = TreatmentInteractions(column: "g", indicators: [good, null, good], composite: good)
    let p = good.classical?.pValue ?? .nan
    #expect(s.indicators[0].classicalPHolm == min(1, 2 * p) && s.indicators[1].classicalPHolm == nil)
    #expect(s.composite?.classicalPHolm == nil)
  }
}
