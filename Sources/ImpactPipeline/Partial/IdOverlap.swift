// Finds ids (64-bit hashes) that are in more than one of several sorted
// lists — the double-counting check of `impact merge` — without merging the
// lists: the hashes are split into 256 ranges by their top 8 bits, and each
// range of every list is inserted into one open-addressing table (the low
// bits of a uniformly distributed hash index it directly). Memory: the
// lists plus a table for one range (≈ 2 × n/256 slots).

/// Ids shared between partials.
struct IdOverlap: Equatable {
  /// The first two lists (indices) found sharing an id.
  var first: Int
  var second: Int
  /// Hashes that are in more than one list (each counted once per extra list).
  var shared: Int

  /// The overlap of `lists` (each sorted without repeats), or `nil`.
  ///
  /// - Complexity: O(n) expected time for n hashes in all, plus
  ///   O(256 · k log n) to find the ranges of k lists.
  static func find(_ lists: [[UInt64]]) -> IdOverlap? {
    var found: IdOverlap?
    var cursors = [Int](repeating: 0, count: lists.count)
    var ends = cursors
    var hashes: [UInt64] = []
    var owners: [Int32] = []
    for b in 0..<256 {
      var count = 0
      for (i, list) in lists.enumerated() {
        ends[i] = b == 255 ? list.count : lowerBound(list, UInt64(b + 1) << 56, from: cursors[i])
        count += ends[i] - cursors[i]
      }
      guard count > 0 else { continue }
      var size = 16
      while size < 2 * count { size <<= 1 }
      let mask = size - 1
      if hashes.count < size {
        hashes = [UInt64](repeating: 0, count: size)
        owners = [Int32](repeating: -1, count: size)
      } else {
        for s in 0..<size { owners[s] = -1 }
      }
      for (i, list) in lists.enumerated() {
        for h in list[cursors[i]..<ends[i]] {
          var s = Int(truncatingIfNeeded: h) & mask
          while owners[s] >= 0 && hashes[s] != h { s = (s + 1) & mask }
          if owners[s] >= 0 {
            if found == nil { found = IdOverlap(first: Int(owners[s]), second: i, shared: 0) }
            found?.shared += 1
          } else {
            hashes[s] = h
            owners[s] = Int32(i)
          }
        }
        cursors[i] = ends[i]
      }
    }
    return found
  }

  /// The first index in `list[from...]` whose value is ≥ `bound`.
  static func lowerBound(_ list: [UInt64], _ bound: UInt64, from: Int) -> Int {
    var lo = from
    var hi = list.count
    while lo < hi {
      let mid = lo + (hi - lo) / 2
      if list[mid] < bound { lo = mid + 1 } else { hi = mid }
    }
    return lo
  }
}
