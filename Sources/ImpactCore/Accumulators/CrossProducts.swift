// k-variate means and cross-product (co-moment) matrices over rows, built in
// blocks with BLAS dsyrk through the Matrix layer, around a shift (the first
// row) — the shifted-data method of Chan, Golub & LeVeque (1983) in matrix
// form.
//
// Exact mode: rows of decimal mantissas (integers) minus the shift are
// gathered into blocks of integer-valued doubles; dsyrk on such a block is
// exact while every partial sum stays below 2⁵³ (|shifted value| ≤ 2²⁰ and
// ≤ 4096 rows per block), and block results are added into 128-bit integers.
// Merges re-shift exactly, so figures are bit-identical for any split.
// Floating mode (any other data): the same with doubles, block results added
// into Neumaier-compensated sums; any split agrees within a few ulps.

/// Means and cross-products of k variables; mergeable.
///
/// ```
/// S = Σ_rows (x − c),  P = Σ_rows (x − c)(x − c)ᵀ   (c = first row)
/// means = c + S/n;  C = P − S·Sᵀ/n;   covariance = C/(n − 1)
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
  private var floatShift: [Double] = []
  private var floatSums: [CompensatedSum]
  private var floatProducts: [CompensatedSum]
  // Pending block of shifted values, column-major blockCapacity × k; allocated
  // on first use and grown (256 → 4096 rows) so small group accumulators stay small.
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
    floatSums = Array(repeating: CompensatedSum(), count: k)
    floatProducts = Array(repeating: CompensatedSum(), count: k * k)
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

  /// Adds the rows `rows` of a column-major block of mantissas (column `j`
  /// at `base + j·stride`): the same as one `add(mantissas:)` per row, with
  /// the values copied column by column into the pending block.
  public mutating func add(columns base: UnsafePointer<Int64>, stride: Int, rows: UnsafeBufferPointer<Int32>) {
    guard let first = rows.first else { return }
    let k = variables
    var fast = scale != nil
    if fast {
      if count == 0 && shift.isEmpty { shift = (0..<k).map { base[$0 * stride + Int(first)] } }
      check: for j in 0..<k {
        let c = shift[j]
        let column = base + j * stride
        for r in rows {
          let (v, o) = column[Int(r)].subtractingReportingOverflow(c)
          if o || v > Self.exactLimit || v < -Self.exactLimit {
            fast = false
            break check
          }
        }
      }
    }
    guard fast else {
      withUnsafeTemporaryAllocation(of: Int64.self, capacity: k) { row in
        for r in rows {
          for j in 0..<k { row[j] = base[j * stride + Int(r)] }
          add(mantissas: UnsafeBufferPointer(row))
        }
      }
      return
    }
    var done = 0
    var partial = [Int64](repeating: 0, count: k)
    while done < rows.count {
      reserveBlockRow()
      let take = Swift.min(blockCapacity - blockRows, rows.count - done)
      let capacity = blockCapacity
      let at = blockRows
      shift.withUnsafeBufferPointer { c in
        partial.withUnsafeMutableBufferPointer { sum in
          block.withUnsafeMutableBufferPointer { b in
            for j in 0..<k {
              let column = base + j * stride
              let shiftJ = c[j]
              var total: Int64 = 0
              var out = j * capacity + at
              for t in done..<(done + take) {
                let v = column[Int(rows[t])] &- shiftJ
                total &+= v
                b[out] = Double(v)
                out += 1
              }
              sum[j] = total
            }
          }
        }
      }
      for j in 0..<k { sums[j] += Int128(partial[j]) }
      blockRows += take
      done += take
    }
  }

  /// Adds one row of doubles (floating mode).
  public mutating func add(values row: [Double]) {
    precondition(scale == nil, "this accumulator takes mantissas")
    addFloating(row)
  }

  private mutating func addFloating(_ row: [Double]) {
    if count == 0 && floatShift.isEmpty { floatShift = row }
    reserveBlockRow()
    for j in 0..<variables {
      let v = row[j] - floatShift[j]
      floatSums[j].add(v)
      block[blockRows + j * blockCapacity] = v
    }
    blockRows += 1
  }

  /// Folds the pending block into the totals (one `dsyrk`).
  public mutating func flush() {
    guard blockRows > 0 else { return }
    let k = variables
    var m = Matrix(rows: blockRows, columns: k)
    for j in 0..<k {
      for i in 0..<blockRows { m[i, j] = block[i + j * blockCapacity] }
    }
    let g = m.gram()
    if scale != nil {
      for idx in 0..<(k * k) { products[idx] += Int128(Int64(g.storage[idx])) }
    } else {
      for idx in 0..<(k * k) { floatProducts[idx].add(g.storage[idx]) }
    }
    flushedCount += blockRows
    blockRows = 0
  }

  /// Folds pending rows and frees the working block: for accumulators kept
  /// in large numbers (one per regression cell) once rows stop arriving.
  public mutating func compact() {
    flush()
    block = []
    blockCapacity = 0
  }

  /// Switches an exact accumulator to floating mode (same figures as doubles).
  private mutating func convertToFloating() {
    guard let s = scale else { return }
    flush()
    let u = powerOfTen(s)
    if flushedCount > 0 {
      floatShift = shift.map { Double($0) / u }
      floatSums = sums.map { v in
        var c = CompensatedSum()
        c.add(WideInteger(v).doubleValue / u)
        return c
      }
      floatProducts = products.map { v in
        var c = CompensatedSum()
        c.add(WideInteger(v).doubleValue / (u * u))
        return c
      }
    }
    scale = nil
    shift = []
    sums = Array(repeating: 0, count: variables)
    products = Array(repeating: 0, count: variables * variables)
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
    return a.floatingMerge(b)
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

  private func floatingMerge(_ b: CrossProducts) -> CrossProducts {
    let k = variables
    var r = self
    let nb = Double(b.flushedCount)
    let delta = (0..<k).map { b.floatShift[$0] - floatShift[$0] }
    let bs = b.floatSums.map(\.value)
    for i in 0..<k {
      for j in 0..<k {
        let idx = i + j * k
        r.floatProducts[idx].merge(b.floatProducts[idx])
        r.floatProducts[idx].add(delta[i] * bs[j])
        r.floatProducts[idx].add(delta[j] * bs[i])
        r.floatProducts[idx].add(nb * delta[i] * delta[j])
      }
    }
    for j in 0..<k {
      r.floatSums[j].merge(b.floatSums[j])
      r.floatSums[j].add(nb * delta[j])
    }
    r.flushedCount += b.flushedCount
    return r
  }

  /// Means, co-moments and count (all pending rows included).
  public var summary: CenteredCrossProducts {
    var a = self
    a.flush()
    let k = variables
    guard a.flushedCount > 0 else { return .empty(variables: k) }
    let n = a.flushedCount
    var means = [Double](repeating: 0, count: k)
    var c = Matrix(rows: k, columns: k)
    if let s = a.scale {
      let u = powerOfTen(s)
      let nn = Int128(n)
      for j in 0..<k {
        means[j] = (WideInteger(product: Int128(a.shift[j]), nn) + WideInteger(a.sums[j])).doubleValue / Double(n) / u
      }
      for i in 0..<k {
        for j in 0..<k {
          let num = WideInteger(product: nn, a.products[i + j * k]) - WideInteger(product: a.sums[i], a.sums[j])
          c[i, j] = num.doubleValue / Double(n) / (u * u)
        }
      }
    } else {
      let s = a.floatSums.map(\.value)
      for j in 0..<k { means[j] = a.floatShift[j] + s[j] / Double(n) }
      for i in 0..<k {
        for j in 0..<k { c[i, j] = a.floatProducts[i + j * k].value - s[i] * s[j] / Double(n) }
      }
    }
    return CenteredCrossProducts(count: n, means: means, comoments: c)
  }

  /// Sample covariance matrix; `nil` when fewer than 2 rows.
  public var covariance: Matrix? { summary.covariance }
}

extension CrossProducts: Codable {
  enum CodingKeys: String, CodingKey { case variables, scale, count, shift, sums, products }

  /// Encodes the totals (pending rows are folded in first).
  public func encode(to encoder: any Encoder) throws {
    var a = self
    a.flush()
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(variables, forKey: .variables)
    try c.encode(a.scale, forKey: .scale)
    try c.encode(a.flushedCount, forKey: .count)
    if a.scale != nil {
      try c.encode(a.shift.map { String($0) }, forKey: .shift)
      try c.encode(a.sums.map { String($0) }, forKey: .sums)
      try c.encode(a.products.map { String($0) }, forKey: .products)
    } else {
      try c.encode(a.floatShift, forKey: .shift)
      try c.encode(a.floatSums, forKey: .sums)
      try c.encode(a.floatProducts, forKey: .products)
    }
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    let k = try c.decode(Int.self, forKey: .variables)
    guard (0...DecodedBounds.maximumVariables).contains(k) else {
      throw DecodedBounds.corrupted(c.codingPath, "variables is \(k); expected 0...\(DecodedBounds.maximumVariables)")
    }
    let s = try c.decodeIfPresent(Int.self, forKey: .scale).map { try DecodedBounds.scale($0, c.codingPath) }
    let n = try DecodedBounds.count(c.decode(Int.self, forKey: .count), "count", c.codingPath)
    // Lengths are checked before anything of size k² is allocated.
    func check(_ shifts: Int, _ sums: Int, _ products: Int) throws {
      guard sums == k, products == k * k, n == 0 || shifts == k else {
        throw DecodedBounds.corrupted(c.codingPath, "cross-product sizes do not match \(k) variables")
      }
    }
    if s != nil {
      let shifts = try c.decode([String].self, forKey: .shift).map { s in
        guard let v = Int64(s) else { throw DecodedBounds.corrupted(c.codingPath, "not a 64-bit integer: \(s)") }
        return v
      }
      let sums = try c.decode([String].self, forKey: .sums).map { try Int128(decimal: $0) }
      let products = try c.decode([String].self, forKey: .products).map { try Int128(decimal: $0) }
      try check(shifts.count, sums.count, products.count)
      self.init(variables: k, scale: s)
      shift = shifts
      self.sums = sums
      self.products = products
    } else {
      let shifts = try c.decode([Double].self, forKey: .shift)
      let sums = try c.decode([CompensatedSum].self, forKey: .sums)
      let products = try c.decode([CompensatedSum].self, forKey: .products)
      try check(shifts.count, sums.count, products.count)
      self.init(variables: k, scale: nil)
      floatShift = shifts
      floatSums = sums
      floatProducts = products
    }
    flushedCount = n
  }
}
