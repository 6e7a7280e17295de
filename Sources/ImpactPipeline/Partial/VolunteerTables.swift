// The hashed volunteer tables of a reach partial, built from the hour log's
// aggregation: per volunteer (and per volunteer and `--by` group) the first
// period and whether it is active in the span, its first period and its
// last period. A hook on `HoursAggregation` kept out of that file: it reads
// only the interned ids, the first periods and the (volunteer, period) and
// (volunteer, group, period) totals.

import ImpactCore
import ImpactIngest

extension HoursAggregation {
  /// Every volunteer the shard read: hash, first period, flags relative to
  /// `span` (see `VolunteerTable`).
  func volunteerTable(span: ClosedRange<Int>?, registry: RegistryAggregation?) -> VolunteerTable {
    var flags = [UInt8](repeating: 0, count: vids.count)
    if let reg = registry {
      for v in 0..<vids.count where vids.bytes(Int32(v)).withUnsafeBufferPointer({ reg.ids.lookup($0) }) != nil {
        flags[v] |= VolunteerTable.registered
      }
    }
    if let span {
      for part in 0..<CodePeriodTotals.parts {
        overall.forEach(part: part) { v, p, _, _ in
          guard span.contains(p), v < flags.count else { return }
          flags[v] |= Self.spanFlags(p, span)
        }
      }
    }
    let rows = (0..<vids.count).map { v in
      (
        hash: IdHash.of(vids.bytes(Int32(v))), first: v < firstPeriod.count ? firstPeriod[v] : Int32.max,
        flags: flags[v]
      )
    }
    return VolunteerTable(spanFirst: span?.lowerBound, spanLast: span?.upperBound, rows: rows)
  }

  /// Per value of by-column `g`: the volunteers of that group, with their
  /// first period in the group and flags relative to `span`.
  func groupVolunteerTables(_ g: Int, span: ClosedRange<Int>?) -> [String: VolunteerTable] {
    guard let span else { return [:] }
    let names = byKeys[g].strings
    // (volunteer << 16 | group) → (first period, flags)
    var seen: [UInt64: (first: Int, flags: UInt8)] = [:]
    byMaps[g].forEach { key, _, _ in
      let vg = key >> 20
      let p = Int(key & ReachKey.periodMask)
      var e = seen[vg] ?? (first: p, flags: 0)
      e.first = min(e.first, p)
      if span.contains(p) { e.flags |= Self.spanFlags(p, span) }
      seen[vg] = e
    }
    var rows = [[(hash: UInt64, first: Int32, flags: UInt8)]](repeating: [], count: names.count)
    for (vg, e) in seen {
      let v = Int32(truncatingIfNeeded: vg >> 16)
      let gc = Int(vg & 0xFFFF)
      guard gc < rows.count else { continue }
      rows[gc].append((IdHash.of(vids.bytes(v)), Int32(truncatingIfNeeded: e.first), e.flags))
    }
    var out: [String: VolunteerTable] = [:]
    for (i, name) in names.enumerated() {
      out[name] = VolunteerTable(spanFirst: span.lowerBound, spanLast: span.upperBound, rows: rows[i])
    }
    return out
  }

  static func spanFlags(_ p: Int, _ span: ClosedRange<Int>) -> UInt8 {
    var f = VolunteerTable.activeInSpan
    if p == span.lowerBound { f |= VolunteerTable.activeFirst }
    if p == span.upperBound { f |= VolunteerTable.activeLast }
    return f
  }
}
