// Mergeable state of a comparison-group analysis of one indicator: per arm
// the baseline, endline and change moments of complete pairs (Welch DiD,
// baseline equivalence), and the regression cells of the cluster DiD and the
// ANCOVA. HC3 needs every row's leverage, which no fixed-size mergeable state
// holds: it is computed in a single run (a second pass over the rows in
// memory) and dropped, with its reason, when partials are merged. Per `--by`
// column, the cells of the ANCOVA with a treated × group interaction
// (``TreatmentInteraction``), mergeable like the others.
public import ImpactCore

/// One indicator's comparison-group accumulators.
public struct ComparisonAccumulator: Sendable, Codable {
  /// Arm 0 = treated, 1 = comparison: CrossProducts of (pre, post, post − pre)
  /// over complete pairs.
  public var arms: [CrossProducts]
  /// d = post − pre on (treated), cells by cluster.
  public var did: RegressionCells
  /// post on (pre, treated, numeric covariates) and categorical covariates.
  public var ancova: RegressionCells
  /// Complete pairs left out of the ANCOVA: a covariate or the cluster missing.
  public var ancovaExcluded = 0
  /// HC3 inference on the treatment effect of a single run, or why there is none.
  public var hc3: CoefficientTest?
  public var hc3Reason: String?
  /// Per `--by` column: post on (pre, numeric covariates) with categorical
  /// [categorical covariates, group, arm × group] (``TreatmentInteractionLevels``).
  public var interactions: [RegressionCells] = []

  /// - Parameters:
  ///   - numericCovariates, categoricalCovariates: counts of each kind.
  ///   - byColumns: `--by` columns with an interaction test.
  public init(numericCovariates: Int, categoricalCovariates: Int, byColumns: Int = 0) {
    arms = [CrossProducts(variables: 3, scale: nil), CrossProducts(variables: 3, scale: nil)]
    did = RegressionCells(numeric: 1, categorical: 0)
    ancova = RegressionCells(numeric: 2 + numericCovariates, categorical: categoricalCovariates)
    interactions = (0..<byColumns).map { _ in
      RegressionCells(numeric: 1 + numericCovariates, categorical: categoricalCovariates + 2)
    }
  }

  /// Adds a complete pair with every covariate to the interaction cells of
  /// `--by` column `column` (cell from ``RegressionCells/cell(_:)`` of
  /// `interactions[column]`): `numeric` are the numeric covariates.
  public mutating func addInteraction(column: Int, cell: Int, pre: Double, post: Double, numeric: [Double]) {
    if interactionRow.count != numeric.count + 2 { interactionRow = [Double](repeating: 0, count: numeric.count + 2) }
    interactionRow[0] = pre
    for (i, v) in numeric.enumerated() { interactionRow[1 + i] = v }
    interactionRow[numeric.count + 1] = post
    interactions[column].add(interactionRow, cell: cell)
  }

  /// Adds a complete pair of arm `arm` (0 treated, 1 comparison); `covariates`
  /// nil when one is missing (then the pair counts for DiD only).
  public mutating func add(
    arm: Int, pre: Double, post: Double, numeric: [Double]?, levels: [String], cluster: String?
  ) {
    let didCell = cluster.map { did.cell(RegressionCells.Key(cluster: $0, levels: [])) }
    let ancovaCell = cluster.flatMap { c in
      numeric.map { _ in ancova.cell(RegressionCells.Key(cluster: c, levels: levels)) }
    }
    add(arm: arm, pre: pre, post: post, numeric: numeric ?? [], didCell: didCell, ancovaCell: ancovaCell)
  }

  /// The same with the cells looked up already (``RegressionCells/cell(_:)``
  /// of `did` and `ancova`); nil cells leave the pair out of those fits.
  public mutating func add(
    arm: Int, pre: Double, post: Double, numeric: [Double], didCell: Int?, ancovaCell: Int?
  ) {
    scratch[0] = pre
    scratch[1] = post
    scratch[2] = post - pre
    arms[arm].add(values: scratch)
    let treated: Double = arm == 0 ? 1 : 0
    guard let didCell else {
      ancovaExcluded += 1
      return
    }
    scratch2[0] = treated
    scratch2[1] = post - pre
    did.add(scratch2, cell: didCell)
    guard let ancovaCell else {
      ancovaExcluded += 1
      return
    }
    if row.count != numeric.count + 3 { row = [Double](repeating: 0, count: numeric.count + 3) }
    row[0] = pre
    row[1] = treated
    for (i, v) in numeric.enumerated() { row[2 + i] = v }
    row[numeric.count + 2] = post
    ancova.add(row, cell: ancovaCell)
  }

  // Working rows (not encoded): no allocation per added pair.
  private var scratch = [0.0, 0.0, 0.0]
  private var scratch2 = [0.0, 0.0]
  private var row: [Double] = []
  private var interactionRow: [Double] = []

  enum CodingKeys: String, CodingKey { case arms, did, ancova, ancovaExcluded, hc3, hc3Reason, interactions }

  public mutating func compact() {
    for i in arms.indices { arms[i].compact() }
    did.compact()
    ancova.compact()
    for i in interactions.indices { interactions[i].compact() }
  }

  /// Reason HC3 is null after a merge.
  public static let mergedHC3Reason =
    "HC3 needs every respondent's leverage, which partial results do not carry; run unsharded for HC3"

  public func merged(with o: ComparisonAccumulator) -> ComparisonAccumulator {
    var r = self
    for i in arms.indices { r.arms[i] = arms[i].merged(with: o.arms[i]) }
    r.did = did.merged(with: o.did)
    r.ancova = ancova.merged(with: o.ancova)
    r.interactions = zip(interactions, o.interactions).map { $0.merged(with: $1) }
    r.ancovaExcluded += o.ancovaExcluded
    r.hc3 = nil
    r.hc3Reason = Self.mergedHC3Reason
    r.compact()
    return r
  }
}
