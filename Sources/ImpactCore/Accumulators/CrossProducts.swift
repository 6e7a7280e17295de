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
//
// Only the active mode's totals are stored (`Totals`), and of the symmetric
// product matrix only the lower triangle, packed row by row: k(k+1)/2 sums of
// 16 bytes instead of both modes' k² (about 4× less memory per accumulator).

/// Means and cross-products of k variables; mergeable.
///
/// ```
/// S = Σ_rows (x − c),  P = Σ_rows (x − c)(x − c)ᵀ   (c = first row)
/// means = c + S/n;  C = P − S·Sᵀ/n;   covariance = C/(n − 1)
/// ```
public struct CrossProducts: Sendable, MomentAccumulator {
  /// Number of variables k.
  public let variables: Int
  /// Decimal places of exact-mode mantissas (`nil`: floating mode).
  public var scale: Int? {
    if case .exact(let t) = totals { return t.scale }
    return nil
  }
  /// Rows added.
  public var count: Int { flushedCount + blockRows }

  /// The totals of the active mode.
  enum Totals: Sendable {
    case exact(ExactCrossSums)
    case floating(FloatingCrossSums)
  }

  private var totals: Totals
  private var flushedCount = 0
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
    if let scale {
      totals = .exact(ExactCrossSums(variables: k, scale: scale))
    } else {
      totals = .floating(FloatingCrossSums(variables: k))
    }
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

  /// The exact shift, set from `first` when no row has been added yet;
  /// `nil` in floating mode.
  @inline(__always)
  private mutating func exactShift(first: () -> [Int64]) -> [Int64]? {
    guard case .exact(var t) = totals else { return nil }
    if t.shift.isEmpty {
      t.shift = first()
      totals = .exact(t)
    }
    return t.shift
  }

  /// Adds one row of mantissas (exact mode; falls back to floating mode when
  /// a value is too far from the first row to stay exact).
  @inline(__always)
  public mutating func add(mantissas row: [Int64]) {
    precondition(row.count == variables, "a row must hold one value per variable")
    guard let shift = exactShift(first: { row }), let s = scale else {
      addFloating(row.map { Double($0) })
      return
    }
    for j in 0..<variables {
      let (v, o) = row[j].subtractingReportingOverflow(shift[j])
      if o || v > Self.exactLimit || v < -Self.exactLimit {
        convertToFloating()
        let u = powerOfTen(s)
        addFloating(row.map { Double($0) / u })
        return
      }
    }
    reserveBlockRow()
    for j in 0..<variables { block[blockRows + j * blockCapacity] = Double(row[j] - shift[j]) }
    blockRows += 1
  }

  /// Adds the rows `rows` of a column-major block of mantissas (column `j`
  /// at `j·stride` in `columns`): the same as one `add(mantissas:)` per row,
  /// with the values copied column by column into the pending block.
  public mutating func add(columns: [Int64], stride: Int, rows: [Int32]) {
    add(columns: columns.span, stride: stride, rows: rows.span)
  }

  /// `add(columns:stride:rows:)` over spans (the literacy kernel's entry);
  /// traps when a row lies outside `0..<stride` or `columns` is shorter than
  /// `variables × stride`.
  package mutating func add(columns: Span<Int64>, stride: Int, rows: Span<Int32>) {
    columns.withUnsafeBufferPointer { c in
      rows.withUnsafeBufferPointer { r in addBlock(columns: c, stride: stride, rows: r) }
    }
  }

  /// The pointer kernel of `add(columns:stride:rows:)`, kept private: every
  /// index it reads is checked by the precondition first.
  private mutating func addBlock(
    columns base: UnsafeBufferPointer<Int64>, stride: Int, rows: UnsafeBufferPointer<Int32>
  ) {
    guard let first = rows.first else { return }
    let k = variables
    precondition(
      rows.allSatisfy { $0 >= 0 && Int($0) < stride } && base.count >= k * stride, "rows outside the block")
    if let shift = exactShift(first: { (0..<k).map { base[$0 * stride + Int(first)] } }) {
      // Checked and copied in one pass per block; from a block holding a
      // value too far from the shift on, rows are added one at a time (the
      // same state: exact sums do not depend on the blocking).
      var done = 0
      while done < rows.count {
        reserveBlockRow()
        let take = Swift.min(blockCapacity - blockRows, rows.count - done)
        let capacity = blockCapacity
        let at = blockRows
        let inRange = block.withUnsafeMutableBufferPointer { b in
          for j in 0..<k {
            let column = j * stride
            let c = shift[j]
            let (lo, o1) = c.subtractingReportingOverflow(Self.exactLimit)
            let (hi, o2) = c.addingReportingOverflow(Self.exactLimit)
            let low = o1 ? Int64.min : lo
            let high = o2 ? Int64.max : hi
            var bad = false
            var out = j * capacity + at
            for t in done..<(done + take) {
              let x = base[column + Int(rows[t])]
              bad = bad || x < low || x > high
              b[out] = Double(x &- c)
              out += 1
            }
            if bad { return false }
          }
          return true
        }
        guard inRange else {
          for t in done..<rows.count { add(mantissas: (0..<k).map { base[$0 * stride + Int(rows[t])] }) }
          return
        }
        blockRows += take
        done += take
      }
      return
    }
    for r in rows { add(mantissas: (0..<k).map { base[$0 * stride + Int(r)] }) }
  }

  /// Adds one row of doubles (floating mode).
  public mutating func add(values row: [Double]) {
    precondition(scale == nil, "this accumulator takes mantissas")
    addFloating(row)
  }

  private mutating func addFloating(_ row: [Double]) {
    guard case .floating(var t) = totals else { preconditionFailure("exact accumulators take mantissas") }
    totals = .floating(FloatingCrossSums(variables: 0))
    if t.shift.isEmpty { t.shift = row }
    reserveBlockRow()
    for j in 0..<variables {
      let v = row[j] - t.shift[j]
      t.sums[j].add(v)
      block[blockRows + j * blockCapacity] = v
    }
    blockRows += 1
    totals = .floating(t)
  }

  /// Folds the pending block into the totals (one `dsyrk`).
  public mutating func flush() {
    guard blockRows > 0 else { return }
    let k = variables
    let n = blockRows
    // A full block is the matrix as it is; a partial one is copied column
    // by column (the block's columns are `blockCapacity` apart).
    let m: Matrix
    if n == blockCapacity {
      m = Matrix(rows: n, columns: k, columnMajor: block)
    } else {
      let capacity = blockCapacity
      var columns = [Double]()
      columns.reserveCapacity(n * k)
      block.withUnsafeBufferPointer { src in
        for j in 0..<k { columns.append(contentsOf: src[(j * capacity)..<(j * capacity + n)]) }
      }
      m = Matrix(rows: n, columns: k, columnMajor: columns)
    }
    let g = m.gram()
    switch totals {
    case .exact(var t):
      totals = .floating(FloatingCrossSums(variables: 0))
      // Column sums of integers below 2²⁰ over ≤ 4096 rows: exact in Int64.
      m.storage.withUnsafeBufferPointer { a in
        for j in 0..<k {
          var total: Int64 = 0
          for i in (j * n)..<(j * n + n) { total &+= Int64(a[i]) }
          t.sums[j] += Int128(total)
        }
      }
      var idx = 0
      for i in 0..<k {
        for j in 0...i {
          t.products[idx] += Int128(Int64(g[i, j]))
          idx += 1
        }
      }
      totals = .exact(t)
    case .floating(var t):
      totals = .floating(FloatingCrossSums(variables: 0))
      var idx = 0
      for i in 0..<k {
        for j in 0...i {
          t.products[idx].add(g[i, j])
          idx += 1
        }
      }
      totals = .floating(t)
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
    guard scale != nil else { return }
    flush()
    guard case .exact(let exact) = totals else { return }
    totals = .floating(exact.floating(rows: flushedCount))
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
    if case .exact(let ta) = a.totals, case .exact(let tb) = b.totals, ta.scale == tb.scale,
      let t = ta.merged(with: tb, rowsA: a.flushedCount, rowsB: b.flushedCount)
    {
      a.totals = .exact(t)
      a.flushedCount += b.flushedCount
      return a
    }
    a.convertToFloating()
    b.convertToFloating()
    guard case .floating(let ta) = a.totals, case .floating(let tb) = b.totals else { return a }
    a.totals = .floating(ta.merged(with: tb, rowsB: b.flushedCount))
    a.flushedCount += b.flushedCount
    return a
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
    switch a.totals {
    case .exact(let t):
      let u = powerOfTen(t.scale)
      let nn = Int128(n)
      for j in 0..<k {
        means[j] = (WideInteger(product: Int128(t.shift[j]), nn) + WideInteger(t.sums[j])).doubleValue / Double(n) / u
      }
      var idx = 0
      for i in 0..<k {
        for j in 0...i {
          let num = WideInteger(product: nn, t.products[idx]) - WideInteger(product: t.sums[i], t.sums[j])
          c[i, j] = num.doubleValue / Double(n) / (u * u)
          c[j, i] = c[i, j]
          idx += 1
        }
      }
    case .floating(let t):
      let s = t.sums.map(\.value)
      for j in 0..<k { means[j] = t.shift[j] + s[j] / Double(n) }
      var idx = 0
      for i in 0..<k {
        for j in 0...i {
          c[i, j] = t.products[idx].value - s[i] * s[j] / Double(n)
          c[j, i] = c[i, j]
          idx += 1
        }
      }
    }
    return CenteredCrossProducts(count: n, means: means, comoments: c)
  }

  /// Sample covariance matrix; `nil` when fewer than 2 rows.
  public var covariance: Matrix? { summary.covariance }
}

/// Position of (i, j), i ≥ j, in a lower triangle packed row by row.
@inline(__always)
func packedIndex(_ i: Int, _ j: Int) -> Int { i >= j ? i * (i + 1) / 2 + j : j * (j + 1) / 2 + i }

/// Exact-mode totals of `CrossProducts`: mantissas at `scale` places around
/// an integer shift; products as a packed lower triangle.
struct ExactCrossSums: Sendable {
  var scale: Int
  /// Empty until the first row.
  var shift: [Int64] = []
  var sums: [Int128]
  var products: [Int128]

  init(variables k: Int, scale: Int) {
    self.scale = scale
    sums = Array(repeating: 0, count: k)
    products = Array(repeating: 0, count: k * (k + 1) / 2)
  }

  /// Exact merge (re-shifting b's sums to this shift), `nil` on overflow.
  func merged(with b: ExactCrossSums, rowsA: Int, rowsB: Int) -> ExactCrossSums? {
    let k = sums.count
    var r = self
    let nb = Int128(rowsB)
    var delta = [Int128](repeating: 0, count: k)
    for j in 0..<k { delta[j] = Int128(b.shift[j]) - Int128(shift[j]) }
    var idx = 0
    for i in 0..<k {
      for j in 0...i {
        // Σ(x_i − σa_i)(x_j − σa_j) over b = P_b + Δi·S_bj + Δj·S_bi + n_b·Δi·Δj
        guard
          let t = checkedAdd(
            checkedAdd(
              checkedAdd(b.products[idx], checkedMul(delta[i], b.sums[j])), checkedMul(delta[j], b.sums[i])),
            checkedMul(nb, checkedMul(delta[i], delta[j]))),
          let total = checkedAdd(products[idx], t)
        else { return nil }
        r.products[idx] = total
        idx += 1
      }
    }
    for j in 0..<k {
      guard let s = checkedAdd(sums[j], checkedAdd(b.sums[j], checkedMul(nb, delta[j]))) else { return nil }
      r.sums[j] = s
    }
    return r
  }

  /// The same totals as doubles in real units.
  func floating(rows: Int) -> FloatingCrossSums {
    var f = FloatingCrossSums(variables: sums.count)
    guard rows > 0 else { return f }
    let u = powerOfTen(scale)
    f.shift = shift.map { Double($0) / u }
    f.sums = sums.map { v in
      var c = CompensatedSum()
      c.add(WideInteger(v).doubleValue / u)
      return c
    }
    f.products = products.map { v in
      var c = CompensatedSum()
      c.add(WideInteger(v).doubleValue / (u * u))
      return c
    }
    return f
  }
}

/// Floating-mode totals of `CrossProducts`: compensated sums around the
/// first row; products as a packed lower triangle.
struct FloatingCrossSums: Sendable {
  /// Empty until the first row.
  var shift: [Double] = []
  var sums: [CompensatedSum]
  var products: [CompensatedSum]

  init(variables k: Int) {
    sums = Array(repeating: CompensatedSum(), count: k)
    products = Array(repeating: CompensatedSum(), count: k * (k + 1) / 2)
  }

  /// Chan's merge: b's sums re-shifted to this shift.
  func merged(with b: FloatingCrossSums, rowsB: Int) -> FloatingCrossSums {
    let k = sums.count
    var r = self
    let nb = Double(rowsB)
    let delta = (0..<k).map { b.shift[$0] - shift[$0] }
    let bs = b.sums.map(\.value)
    var idx = 0
    for i in 0..<k {
      for j in 0...i {
        r.products[idx].merge(b.products[idx])
        r.products[idx].add(delta[i] * bs[j])
        r.products[idx].add(delta[j] * bs[i])
        r.products[idx].add(nb * delta[i] * delta[j])
        idx += 1
      }
    }
    for j in 0..<k {
      r.sums[j].merge(b.sums[j])
      r.sums[j].add(nb * delta[j])
    }
    return r
  }
}

extension CrossProducts: Codable {
  enum CodingKeys: String, CodingKey { case variables, scale, count, shift, sums, products }

  /// Encodes the totals (pending rows are folded in first). The products are
  /// written as the full k × k matrix (column-major), the format partials
  /// have always used.
  public func encode(to encoder: any Encoder) throws {
    var a = self
    a.flush()
    let k = variables
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(variables, forKey: .variables)
    try c.encode(a.scale, forKey: .scale)
    try c.encode(a.flushedCount, forKey: .count)
    func square<T>(_ packed: [T]) -> [T] {
      guard k > 0 else { return [] }
      return (0..<(k * k)).map { packed[packedIndex($0 % k, $0 / k)] }
    }
    switch a.totals {
    case .exact(let t):
      try c.encode(t.shift.map { String($0) }, forKey: .shift)
      try c.encode(t.sums.map { String($0) }, forKey: .sums)
      try c.encode(square(t.products).map { String($0) }, forKey: .products)
    case .floating(let t):
      try c.encode(t.shift, forKey: .shift)
      try c.encode(t.sums, forKey: .sums)
      try c.encode(square(t.products), forKey: .products)
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
    /// The lower triangle of a k × k column-major matrix, packed.
    func lower<T>(_ square: [T]) -> [T] {
      var r: [T] = []
      r.reserveCapacity(k * (k + 1) / 2)
      for i in 0..<k { for j in 0...i { r.append(square[i + j * k]) } }
      return r
    }
    self.init(variables: k, scale: s)
    if let s {
      let shifts = try c.decode([String].self, forKey: .shift).map { s in
        guard let v = Int64(s) else { throw DecodedBounds.corrupted(c.codingPath, "not a 64-bit integer: \(s)") }
        return v
      }
      let sums = try c.decode([String].self, forKey: .sums).map { try Int128(decimal: $0) }
      let products = try c.decode([String].self, forKey: .products).map { try Int128(decimal: $0) }
      try check(shifts.count, sums.count, products.count)
      var t = ExactCrossSums(variables: k, scale: s)
      t.shift = n == 0 ? [] : shifts
      t.sums = sums
      t.products = lower(products)
      totals = .exact(t)
    } else {
      let shifts = try c.decode([Double].self, forKey: .shift)
      let sums = try c.decode([CompensatedSum].self, forKey: .sums)
      let products = try c.decode([CompensatedSum].self, forKey: .products)
      try check(shifts.count, sums.count, products.count)
      var t = FloatingCrossSums(variables: k)
      t.shift = n == 0 ? [] : shifts
      t.sums = sums
      t.products = lower(products)
      totals = .floating(t)
    }
    flushedCount = n
  }
}
