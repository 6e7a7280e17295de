// k-variate means and cross-product (co-moment) matrices over rows, built in
// blocks with BLAS dsyrk through the Matrix layer.
//
// Exact mode: rows of decimal mantissas (integers) are shifted by the first
// row and gathered into blocks of integer-valued doubles; dsyrk on such a
// block is exact while every partial sum stays below 2⁵³ (|shifted value|
// ≤ 2²⁰ and ≤ 4096 rows per block), and the block results are added into
// 128-bit integers. Merges re-shift exactly. Figures are therefore
// bit-identical for any split of the rows.
// Floating mode (any other data): each block is centered at its own means
// (two-pass) before dsyrk, and blocks are merged with Chan et al.'s update.

/// Means and cross-products of k variables; mergeable.
///
/// ```
/// C[i,j] = Σ_rows (x_i − x̄_i)(x_j − x̄_j);   covariance = C/(n − 1)
/// ```
public struct CrossProducts: Sendable {
  /// Number of variables k.
  public let variables: Int
  /// Decimal places of exact-mode mantissas (`nil`: floating mode).
  public private(set) var scale: Int?
  /// Rows added.
  public var count: Int { flushedCount + blockRows }

  private var flushedCount = 0
  // Exact state.
  private var shift: [Int64] = []
  private var sums: [Int128]
  private var products: [Int128]
  // Floating state.
  private var centered: CenteredCrossProducts
  // Pending block, column-major blockCapacity × k; allocated on first use and
  // grown (256 → 4096 rows) so that many small group accumulators stay small.
  private var block: [Double] = []
  private var blockRows = 0
  private var blockCapacity = 0
  private static let maxBlockRows = 4096
  private static let exactLimit: Int64 = 1 << 20

  /// An accumulator; with `scale` rows are added as mantissas (exact mode),
  /// without it as doubles (floating mode).
  public init(variables k: Int, scale: Int?) {
    variables = k
    self.scale = scale
    sums = Array(repeating: 0, count: k)
    products = Array(repeating: 0, count: k * k)
    centered = .empty(variables: k)
  }

  @inline(__always)
  private mutating func reserveBlockRow() {
    if blockRows == blockCapacity {
      if blockCapacity == Self.maxBlockRows {
        flush()
      } else {
        let newCapacity = blockCapacity == 0 ? 256 : blockCapacity * 2
        var grown = [Double](repeating: 0, count: newCapacity * variables)
        for j in 0..<variables {
          for i in 0..<blockRows { grown[i + j * newCapacity] = block[i + j * blockCapacity] }
        }
        block = grown
        blockCapacity = newCapacity
      }
    }
  }

  /// Adds one row of mantissas (exact mode; falls back to floating mode when
  /// a value is too far from the first row to stay exact).
  @inline(__always)
  public mutating func add(mantissas row: UnsafeBufferPointer<Int64>) {
    guard let s = scale else {
      addFloating(row.map { Double($0) })
      return
    }
    if count == 0 && shift.isEmpty { shift = Array(row) }
    var ok = true
    for j in 0..<variables {
      let v = row[j] - shift[j]
      if v > Self.exactLimit || v < -Self.exactLimit { ok = false }
    }
    if !ok {
      convertToFloating()
      let u = powerOfTen(s)
      addFloating(row.map { Double($0) / u })
      return
    }
    reserveBlockRow()
    for j in 0..<variables {
      let v = row[j] - shift[j]
      sums[j] += Int128(v)
      block[blockRows + j * blockCapacity] = Double(v)
    }
    blockRows += 1
  }

  /// Adds one row of doubles (floating mode).
  public mutating func add(values row: [Double]) {
    precondition(scale == nil, "this accumulator takes mantissas")
    addFloating(row)
  }

  private mutating func addFloating(_ row: [Double]) {
    reserveBlockRow()
    for j in 0..<variables { block[blockRows + j * blockCapacity] = row[j] }
    blockRows += 1
  }

  /// Folds the pending block into the totals.
  public mutating func flush() {
    guard blockRows > 0 else { return }
    let k = variables
    var m = Matrix(rows: blockRows, columns: k)
    for j in 0..<k {
      for i in 0..<blockRows { m[i, j] = block[i + j * blockCapacity] }
    }
    if scale != nil {
      let g = m.gram()
      for idx in 0..<(k * k) { products[idx] += Int128(Int64(g.storage[idx])) }
    } else if let c = m.centeredCrossProducts() {
      centered = centered.merged(with: c)
    }
    flushedCount += blockRows
    blockRows = 0
  }

  /// Switches an exact accumulator to floating mode (same figures as doubles).
  private mutating func convertToFloating() {
    guard scale != nil else { return }
    flush()
    centered = exactAsCentered()
    scale = nil
    shift = []
  }

  private func exactAsCentered() -> CenteredCrossProducts {
    let k = variables
    guard flushedCount > 0, let s = scale else { return .empty(variables: k) }
    let n = Int128(flushedCount)
    let u = powerOfTen(s)
    var means = [Double](repeating: 0, count: k)
    for j in 0..<k {
      means[j] = (WideInteger(product: Int128(shift[j]), n) + WideInteger(sums[j])).doubleValue / Double(n) / u
    }
    var c = Matrix(rows: k, columns: k)
    for i in 0..<k {
      for j in 0..<k {
        let num = WideInteger(product: n, products[i + j * k]) - WideInteger(product: sums[i], sums[j])
        c[i, j] = num.doubleValue / Double(n) / (u * u)
      }
    }
    return CenteredCrossProducts(count: flushedCount, means: means, comoments: c)
  }

  /// Combines two accumulators over the same variables.
  public func merged(with other: CrossProducts) -> CrossProducts {
    precondition(variables == other.variables, "variable counts differ")
    var a = self
    var b = other
    a.flush()
    b.flush()
    if b.count == 0 { return a }
    if a.count == 0 { return b }
    if let sa = a.scale, let sb = b.scale, sa == sb, let r = a.exactMerge(b) { return r }
    a.convertToFloating()
    b.convertToFloating()
    a.centered = a.centered.merged(with: b.centered)
    a.flushedCount += b.flushedCount
    return a
  }

  private func exactMerge(_ b: CrossProducts) -> CrossProducts? {
    let k = variables
    var r = self
    let nb = Int128(b.flushedCount)
    var delta = [Int128](repeating: 0, count: k)
    for j in 0..<k { delta[j] = Int128(b.shift[j]) - Int128(shift[j]) }
    for i in 0..<k {
      for j in 0..<k {
        // Σ(x_i − σa_i)(x_j − σa_j) over b = P_b + Δi·S_bj + Δj·S_bi + n_b·Δi·Δj
        guard
          let t = checkedAdd(
            checkedAdd(
              checkedAdd(b.products[i + j * k], checkedMul(delta[i], b.sums[j])), checkedMul(delta[j], b.sums[i])),
            checkedMul(nb, checkedMul(delta[i], delta[j]))),
          let total = checkedAdd(products[i + j * k], t)
        else { return nil }
        r.products[i + j * k] = total
      }
    }
    for j in 0..<k {
      guard let s = checkedAdd(sums[j], checkedAdd(b.sums[j], checkedMul(nb, delta[j]))) else { return nil }
      r.sums[j] = s
    }
    r.flushedCount += b.flushedCount
    return r
  }

  /// Means, co-moments and count (all pending rows included).
  public var summary: CenteredCrossProducts {
    var a = self
    a.flush()
    return a.scale != nil ? a.exactAsCentered() : a.centered
  }

  /// Sample covariance matrix; `nil` when fewer than 2 rows.
  public var covariance: Matrix? { summary.covariance }
}

extension CrossProducts: Codable {
  enum CodingKeys: String, CodingKey { case variables, scale, count, shift, sums, products, centered }

  /// Encodes the totals (pending rows are folded in first).
  public func encode(to encoder: any Encoder) throws {
    var a = self
    a.flush()
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(variables, forKey: .variables)
    try c.encode(a.scale, forKey: .scale)
    try c.encode(a.flushedCount, forKey: .count)
    if a.scale != nil {
      try c.encode(a.shift, forKey: .shift)
      try c.encode(a.sums.map { String($0) }, forKey: .sums)
      try c.encode(a.products.map { String($0) }, forKey: .products)
    } else {
      try c.encode(a.centered, forKey: .centered)
    }
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    let k = try c.decode(Int.self, forKey: .variables)
    self.init(variables: k, scale: try c.decodeIfPresent(Int.self, forKey: .scale))
    flushedCount = try c.decode(Int.self, forKey: .count)
    if scale != nil {
      shift = try c.decodeIfPresent([Int64].self, forKey: .shift) ?? []
      sums = try c.decode([String].self, forKey: .sums).map { try Int128(decimal: $0) }
      products = try c.decode([String].self, forKey: .products).map { try Int128(decimal: $0) }
      guard sums.count == k, products.count == k * k, flushedCount == 0 || shift.count == k else {
        throw DecodingError.dataCorrupted(.init(codingPath: c.codingPath, debugDescription: "cross-product sizes do not match \(k) variables"))
      }
    } else {
      centered = try c.decode(CenteredCrossProducts.self, forKey: .centered)
    }
  }
}
