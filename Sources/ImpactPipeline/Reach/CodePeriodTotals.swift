import ImpactCore
import ImpactIngest

/// Sums and record counts per (code, period), for codes of a `KeyInterner`
/// (volunteers, teams, projects, `--by` values): a dense codes × periods
/// grid while the periods are few (a row per code, a column per period of
/// the window seen so far), else hash maps keyed by `ReachKey.vp` and split
/// into `Partitions`.
///
/// The grid needs no hashing, no probing and no sort: a code's periods are
/// its row, in order. It gives way to the maps once it holds more than
/// `denseMinimum` cells and fewer than one in `sparseRatio` is used (many
/// periods, e.g. months over a long span, each code active in few).
///
/// The maps' partition is the id's hash (`byHash`: volunteers, whose
/// partitions must match those of other tables keyed by them) or the code.
///
/// - Complexity: O(1) per `add`; memory 16 bytes per cell in the grid,
///   24 bytes × (2…4) per (code, period) in the maps.
struct CodePeriodTotals: Sendable {
  /// First period of the grid's window, and its number of periods.
  private(set) var base = 0
  private(set) var width = 0
  /// Volunteer codes covered by the grid (rows).
  private(set) var rows = 0
  /// Per cell (row · width + period − base): micro-hours at 2i, records at
  /// 2i + 1, side by side so an update touches one cache line.
  private var cells: [Int64] = []
  /// Cells with at least one record.
  private var filled = 0
  /// The maps, once the grid gave way to them.
  private(set) var maps: [KeyedTotals]?
  /// Whether the maps' partition is the id's hash (else the code's low bits).
  let byHash: Bool

  init(partitionByHash: Bool = true) { byHash = partitionByHash }

  /// The maps' partition of code `v` whose id has hash `hash`.
  @inline(__always)
  private func partition(_ v: Int32, _ hash: UInt64) -> Int {
    byHash ? Partitions.of(hash) : Int(UInt32(bitPattern: v)) & (Partitions.count - 1)
  }

  /// Cells below which the grid is always kept (8 M cells, 128 MB): the
  /// sparsity test only applies to a grid larger than that. Early in a scan
  /// most volunteers have one record and any grid looks sparse; a smaller
  /// floor made the 10M-record bench log (400,000 volunteers × 13 years, in
  /// the end 60% filled) give way to maps that took 8 times the memory.
  static let denseMinimum = 1 << 23
  /// The grid gives way when fewer than 1 in this many cells are used.
  static let sparseRatio = 4

  var isDense: Bool { maps == nil }

  /// Adds one record of `sum` to (v, p). `hash` is the id's hash (it
  /// chooses the map partition when `byHash`).
  @inline(__always)
  mutating func add(_ v: Int32, _ p: Int, sum: Int64, hash: UInt64 = 0) {
    if maps != nil {
      maps![partition(v, hash)].add(ReachKey.vp(v, p), sum: sum)
      return
    }
    if p < base || p >= base + width { widen(to: p) }
    if Int(v) >= rows { grow(to: Int(v) + 1) }
    let i = 2 * (Int(v) * width + (p - base))
    if cells[i + 1] == 0 { filled += 1 }
    cells[i + 1] += 1
    cells[i] &+= sum
  }

  /// Reads the cells a batch of records will update, so that their cache
  /// misses overlap (the loads are independent) before `add` runs one by
  /// one. Returns a value to keep the loads from being optimized away.
  func touch(codes: [Int32], periods: [Int], count n: Int) -> Int64 {
    guard maps == nil else { return 0 }
    var sink: Int64 = 0
    cells.withUnsafeBufferPointer { c in
      for k in 0..<n {
        let v = Int(codes[k])
        let p = periods[k] - base
        guard v < rows, p >= 0, p < width else { continue }
        sink &+= c[2 * (v * width + p)]
      }
    }
    return sink
  }

  /// Makes room for volunteer codes below `volunteers` and periods
  /// `periods` before a batch is added, or gives way to the maps when the
  /// grid would be large and sparse even if each record filled a new cell
  /// (a stray date decades away would otherwise widen every row).
  mutating func reserve(volunteers: Int, periods: ClosedRange<Int>, records: Int, ids: KeyInterner) {
    guard maps == nil else { return }
    let lo = width == 0 ? periods.lowerBound : min(base, periods.lowerBound)
    let hi = width == 0 ? periods.upperBound + 1 : max(base + width, periods.upperBound + 1)
    let cellCount = max(rows, volunteers).multipliedReportingOverflow(by: hi - lo)
    if cellCount.overflow
      || (cellCount.partialValue > Self.denseMinimum
        && cellCount.partialValue > Self.sparseRatio * (filled + records))
    {
      convertToMaps(ids)
      return
    }
    if lo != base || hi - lo != width { relayout(base: lo, width: hi - lo) }
    grow(to: volunteers)
  }

  /// Makes room for volunteer codes below `n`.
  mutating func grow(to n: Int) {
    guard maps == nil, n > rows else { return }
    let needed = 2 * n * width
    if needed > cells.capacity {
      // Grown by half rather than doubled: the grid is the job's largest
      // table, and a doubled capacity could stay half empty.
      cells.reserveCapacity(max(needed, cells.capacity + cells.capacity / 2))
    }
    cells.append(contentsOf: repeatElement(0, count: 2 * (n - rows) * width))
    rows = n
  }

  /// Widens the window to include period `p` (to exactly the periods seen:
  /// a window wider than needed would make the grid look sparse). Periods
  /// are few, so this happens a few times per chunk, mostly while the grid
  /// is small.
  private mutating func widen(to p: Int) {
    let lo = width == 0 ? p : min(base, p)
    let hi = width == 0 ? p + 1 : max(base + width, p + 1)
    relayout(base: lo, width: hi - lo)
  }

  private mutating func relayout(base newBase: Int, width newWidth: Int) {
    let shift = base - newBase
    var m = [Int64](repeating: 0, count: 2 * rows * newWidth)
    if width > 0 {
      for v in 0..<rows {
        for c in 0..<width where cells[2 * (v * width + c) + 1] != 0 {
          m[2 * (v * newWidth + c + shift)] = cells[2 * (v * width + c)]
          m[2 * (v * newWidth + c + shift) + 1] = cells[2 * (v * width + c) + 1]
        }
      }
    }
    cells = m
    base = newBase
    width = newWidth
  }

  /// Whether the grid is large and mostly empty.
  var tooSparse: Bool {
    maps == nil && rows * width > Self.denseMinimum && rows * width > Self.sparseRatio * filled
  }

  /// Moves the grid's totals into the maps (from then on every `add` goes to
  /// them). `ids` gives the ids' hashes.
  mutating func convertToMaps(_ ids: KeyInterner) {
    guard maps == nil else { return }
    var m = [KeyedTotals](repeating: KeyedTotals(capacity: filled / Partitions.count + 16), count: Partitions.count)
    for v in 0..<rows {
      let part = partition(Int32(v), byHash ? ids.bytes(Int32(v)).withUnsafeBufferPointer { KeyInterner.hash($0) } : 0)
      for c in 0..<width where cells[2 * (v * width + c) + 1] != 0 {
        let i = 2 * (v * width + c)
        m[part].add(ReachKey.vp(Int32(v), base + c), sum: cells[i], count: cells[i + 1])
      }
    }
    maps = m
    cells = []
    rows = 0
    width = 0
    filled = 0
  }

  /// Adds a later chunk's totals, its volunteer codes mapped by `vmap`.
  /// `ids` and `theirIds` are the two chunks' interners (for the maps'
  /// partitions when one side has maps).
  mutating func merge(_ other: CodePeriodTotals, vmap: [Int32], ids: KeyInterner, theirIds: KeyInterner) {
    if isDense && other.isDense && fitsDense(other, volunteers: ids.count) {
      guard other.width > 0 else { return }
      if width == 0 {
        relayout(base: other.base, width: other.width)
      } else if other.base < base || other.base + other.width > base + width {
        let lo = min(base, other.base)
        relayout(base: lo, width: max(base + width, other.base + other.width) - lo)
      }
      grow(to: ids.count)
      let shift = other.base - base
      for c in 0..<other.rows {
        let row = Int(vmap[c]) * width + shift
        for k in 0..<other.width where other.cells[2 * (c * other.width + k) + 1] != 0 {
          let mine = 2 * (row + k)
          let theirs = 2 * (c * other.width + k)
          if cells[mine + 1] == 0 { filled += 1 }
          cells[mine + 1] += other.cells[theirs + 1]
          cells[mine] &+= other.cells[theirs]
        }
      }
      if tooSparse { convertToMaps(ids) }
      return
    }
    convertToMaps(ids)
    var theirs = other
    theirs.convertToMaps(theirIds)
    let theirMaps = theirs.maps ?? []
    guard byHash else {
      // Partitions by code: a remapped code may change partition.
      for m in theirMaps {
        m.forEach { k, sum, count in
          let v = vmap[Int(k >> 20)]
          maps![partition(v, 0)].add(ReachKey.vp(v, Int(k & ReachKey.periodMask)), sum: sum, count: count)
        }
      }
      return
    }
    let mine = maps ?? []
    maps = nil
    maps = Partitions.transform(consume mine) { j, into in
      into.merge(theirMaps[j]) { k in ReachKey.vp(vmap[Int(k >> 20)], Int(k & ReachKey.periodMask)) }
    }
  }

  /// Whether the union of the two grids' windows over `volunteers` rows
  /// stays within the grid's limits.
  private func fitsDense(_ other: CodePeriodTotals, volunteers: Int) -> Bool {
    guard width > 0, other.width > 0 else { return true }
    let lo = min(base, other.base)
    let hi = max(base + width, other.base + other.width)
    let cellCount = volunteers.multipliedReportingOverflow(by: hi - lo)
    return !cellCount.overflow
      && (cellCount.partialValue <= Self.denseMinimum
        || cellCount.partialValue <= Self.sparseRatio * (filled + other.filled))
  }

  /// Number of parts `forEach(part:)` splits the codes into.
  static var parts: Int { Partitions.count }

  /// Visits the (code, period) totals of one part of the codes (the parts
  /// are disjoint), each code's periods consecutive and increasing:
  /// `body(code, period, sum, records)`. The grid's parts are ranges of
  /// codes; the maps' parts are the partitions.
  func forEach(part j: Int, _ body: (Int, Int, Int64, Int64) -> Void) {
    if let maps {
      for e in maps[j].sortedEntries() {
        body(Int(e.key >> 20), Int(e.key & ReachKey.periodMask), e.sum, e.count)
      }
      return
    }
    let n = Self.parts
    let lo = rows * j / n
    let hi = rows * (j + 1) / n
    let w = width
    cells.withUnsafeBufferPointer { m in
      for v in lo..<hi {
        for c in 0..<w where m[2 * (v * w + c) + 1] != 0 {
          body(v, base + c, m[2 * (v * w + c)], m[2 * (v * w + c) + 1])
        }
      }
    }
  }

  /// Visits every (code, period) pair with a total, in no particular order
  /// (the maps are not sorted): `body(code, period)`.
  func forEachUnordered(_ body: (Int, Int) -> Void) {
    if let maps {
      for m in maps { m.forEach { k, _, _ in body(Int(k >> 20), Int(k & ReachKey.periodMask)) } }
      return
    }
    let w = width
    cells.withUnsafeBufferPointer { m in
      for v in 0..<rows {
        for c in 0..<w where m[2 * (v * w + c) + 1] != 0 { body(v, base + c) }
      }
    }
  }

  /// Visits every (code, period) total: `body(code, period, sum, records)`.
  func forEach(_ body: (Int, Int, Int64, Int64) -> Void) {
    for j in 0..<Self.parts { forEach(part: j, body) }
  }
}

/// A sum per period, in a flat array over the periods seen (a period index
/// is at most 9999·12 + 11, so the array stays below 1 MB whatever the
/// dates).
struct PeriodSums: Sendable {
  private var base = 0
  private var sums: [Int64] = []

  /// Adds `value` to period `p`.
  @inline(__always)
  mutating func add(_ p: Int, _ value: Int64) {
    if sums.isEmpty {
      base = p
      sums = [0]
    } else if p < base {
      sums.insert(contentsOf: repeatElement(0, count: base - p), at: 0)
      base = p
    } else if p >= base + sums.count {
      sums.append(contentsOf: repeatElement(0, count: p - base - sums.count + 1))
    }
    sums[p - base] &+= value
  }

  /// Adds another chunk's sums.
  mutating func merge(_ other: PeriodSums) {
    other.forEach { p, v in add(p, v) }
  }

  /// Visits the periods with a nonzero sum, in order: `body(period, sum)`.
  func forEach(_ body: (Int, Int64) -> Void) {
    for (i, v) in sums.enumerated() where v != 0 { body(base + i, v) }
  }
}
