// Pieces shared by the literacy and reach states when partials merge.

import ImpactExport

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

/// The inputs of two partials: an input listed by both with the same role,
/// path, size and digest (the parts of one file that a shard job such as the
/// Spark integration named after the original) is listed once with the rows
/// added; other inputs are kept in order.
func mergedInputs(_ a: [InputFileInfo], _ b: [InputFileInfo]) -> [InputFileInfo] {
  var out = a
  for f in b {
    if let i = out.firstIndex(where: {
      $0.role == f.role && $0.path == f.path && $0.bytes == f.bytes && $0.sha256 == f.sha256
        && $0.encoding == f.encoding && $0.delimiter == f.delimiter
    }) {
      if let x = out[i].rows, let y = f.rows { out[i].rows = x + y }
    } else {
      out.append(f)
    }
  }
  return out
}
