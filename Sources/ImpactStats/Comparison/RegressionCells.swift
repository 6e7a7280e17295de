// Mergeable sufficient statistics of an ordinary least-squares fit with
// dummy-coded categorical regressors and cluster-robust scores.
//
// Rows are grouped into cells: one per (cluster, combination of categorical
// levels). Each cell holds the means and centered cross-products of the
// numeric regressors and the response (``CrossProducts``). Within a cell every
// dummy is constant, so the cells determine exactly:
// - the centered cross-products of the full design (numeric columns and
//   dummies) — what the fit needs (Frisch–Waugh–Lovell: the slopes of a model
//   with an intercept are the regression of centered y on centered X);
// - per cluster, the score Σᵢ x̃ᵢ·eᵢ for any final β — what the CR1 meat needs.
// Cells merge by adding cross-products (Chan, Golub & LeVeque 1983), so shards
// that partition the respondents merge to the single run.
public import ImpactCore

/// Cells of (cluster, categorical levels) → numeric cross-products; mergeable.
///
/// ```
/// row = (z₁ … z_q, y) numeric, levels (ℓ₁ … ℓ_m), cluster g
/// cell(g, ℓ) = CrossProducts of (z, y) over its rows
/// ```
/// - Complexity: O(q²) per row; memory O(cells · q²).
public struct RegressionCells: Sendable, Codable {
  /// A cell: the cluster ("" without clusters) and the categorical levels.
  public struct Key: Hashable, Sendable, Codable, Comparable {
    public var cluster: String
    public var levels: [String]

    public init(cluster: String, levels: [String]) {
      self.cluster = cluster
      self.levels = levels
    }

    public static func < (a: Key, b: Key) -> Bool {
      if a.cluster != b.cluster { return a.cluster < b.cluster }
      return a.levels.lexicographicallyPrecedes(b.levels)
    }
  }

  /// One stored cell.
  public struct Cell: Sendable, Codable {
    public var key: Key
    public var moments: CrossProducts
  }

  /// Numeric regressors q (the response is one more variable).
  public let numeric: Int
  /// Categorical regressors m.
  public let categorical: Int
  private var index: [Key: Int] = [:]
  private(set) var cells: [Cell] = []

  public init(numeric: Int, categorical: Int) {
    self.numeric = numeric
    self.categorical = categorical
  }

  /// Rows added.
  public var count: Int { cells.reduce(0) { $0 + $1.moments.count } }

  /// Adds one row: `values` are the q numeric regressors then y.
  public mutating func add(_ values: [Double], levels: [String], cluster: String = "") {
    precondition(values.count == numeric + 1 && levels.count == categorical, "row shape differs from the cells")
    let key = Key(cluster: cluster, levels: levels)
    if let i = index[key] {
      cells[i].moments.add(values: values)
    } else {
      var m = CrossProducts(variables: numeric + 1, scale: nil)
      m.add(values: values)
      index[key] = cells.count
      cells.append(Cell(key: key, moments: m))
    }
  }

  /// The cell of `key`, created empty when new: callers that add many rows
  /// look their cells up once and add by index.
  public mutating func cell(_ key: Key) -> Int {
    if let i = index[key] { return i }
    index[key] = cells.count
    cells.append(Cell(key: key, moments: CrossProducts(variables: numeric + 1, scale: nil)))
    return cells.count - 1
  }

  /// Adds one row to cell `cell` (from ``cell(_:)``): `values` are the q
  /// numeric regressors then y.
  public mutating func add(_ values: [Double], cell: Int) {
    cells[cell].moments.add(values: values)
  }

  /// Folds pending rows and frees the working blocks (call when done adding).
  public mutating func compact() {
    for i in cells.indices { cells[i].moments.compact() }
  }

  /// Combines the cells of shards (the same cell in both adds up).
  public func merged(with o: RegressionCells) -> RegressionCells {
    precondition(numeric == o.numeric && categorical == o.categorical, "cells of different models")
    var r = self
    for c in o.cells {
      if let i = r.index[c.key] {
        r.cells[i].moments = r.cells[i].moments.merged(with: c.moments)
      } else {
        r.index[c.key] = r.cells.count
        r.cells.append(c)
      }
    }
    r.compact()
    return r
  }

  /// The cells in key order (so the figures do not depend on row order).
  public var sortedCells: [(key: Key, summary: CenteredCrossProducts)] {
    cells.sorted { $0.key < $1.key }.map { ($0.key, $0.moments.summary) }
  }

  enum CodingKeys: String, CodingKey { case numeric, categorical, cells }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    numeric = try c.decode(Int.self, forKey: .numeric)
    categorical = try c.decode(Int.self, forKey: .categorical)
    cells = try c.decode([Cell].self, forKey: .cells)
    for (i, cell) in cells.enumerated() {
      guard cell.moments.variables == numeric + 1, cell.key.levels.count == categorical else {
        throw DecodingError.dataCorrupted(
          .init(codingPath: [], debugDescription: "a regression cell has another shape"))
      }
      index[cell.key] = i
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(numeric, forKey: .numeric)
    try c.encode(categorical, forKey: .categorical)
    try c.encode(cells.sorted { $0.key < $1.key }, forKey: .cells)
  }
}
