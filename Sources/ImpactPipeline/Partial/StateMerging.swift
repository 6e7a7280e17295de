// Pieces shared by the literacy and reach states when partials merge.

/// A per-`--by` group of a mergeable state: its column, its value and an
/// accumulator that absorbs another group's.
protocol MergeableGroup {
  var column: String { get }
  var value: String { get }
  /// Adds `other` (the same column and value from another shard).
  mutating func absorb(_ other: Self)
}

/// The groups of two shards: equal (column, value) pairs merged, the others
/// kept, ordered by the `--by` column order and then by value.
func mergedGroups<G: MergeableGroup>(_ a: [G], _ b: [G], by: [String]) -> [G] {
  var out = a
  var index: [String: Int] = [:]
  for (i, g) in out.enumerated() { index[g.column + "\u{0}" + g.value] = i }
  for g in b {
    if let i = index[g.column + "\u{0}" + g.value] {
      out[i].absorb(g)
    } else {
      out.append(g)
    }
  }
  let order = Dictionary(uniqueKeysWithValues: by.enumerated().map { ($1, $0) })
  out.sort { (order[$0.column] ?? 0, $0.value) < (order[$1.column] ?? 0, $1.value) }
  return out
}

/// Merges two sorted id lists (ids are unique across valid shards).
func mergeSorted(_ a: [String], _ b: [String]) -> [String] {
  var out: [String] = []
  out.reserveCapacity(a.count + b.count)
  var i = 0
  var j = 0
  while i < a.count && j < b.count {
    if a[i] <= b[j] {
      out.append(a[i])
      i += 1
    } else {
      out.append(b[j])
      j += 1
    }
  }
  out += a[i...]
  out += b[j...]
  return out
}
