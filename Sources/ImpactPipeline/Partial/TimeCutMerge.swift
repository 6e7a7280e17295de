// Merging reach partials cut by time (a yearly update: each partial holds
// the records of its own periods, and a volunteer may be in several). The
// per-period sums add up exactly because the partials' periods do not
// overlap; what spans periods is recomputed from the hashed volunteer tables
// (`VolunteerTable`):
//   - a volunteer's first period is the minimum over the partials, so
//     `new` per period is recounted from the union;
//   - `retained` in a partial's first period counts the volunteers active
//     in it and in the previous partial's last period, when that is the
//     period just before;
//   - distinct volunteers (overall, per group, registered or not) and
//     distinct beneficiaries are counted on the union of the hashes.
// The registry is the same file in every partial (it is read whole by each),
// so its figures are taken once.

import ImpactExport
import ImpactIngest
import ImpactStats

/// The volunteers of time-cut partials, added in time order.
struct TimeCutUnion {
  private(set) var hashes: [UInt64] = []
  private(set) var first: [Int32] = []
  private(set) var flags: [UInt8] = []
  private var previousLast: [UInt64] = []
  private var previousSpanLast: Int?

  /// Adds the next partial's table; returns the volunteers active both in
  /// its first period and in the previous partial's last period when that
  /// is the period just before (the first period's `retained`), else `nil`.
  ///
  /// - Complexity: O(union + table).
  mutating func add(_ t: VolunteerTable) -> Int? {
    let h = t.hashes.values
    var retained: Int?
    if let last = previousSpanLast, let f = t.spanFirst, f == last + 1 {
      var n = 0
      var j = 0
      for (i, x) in h.enumerated() where t.flags[i] & VolunteerTable.activeFirst != 0 {
        while j < previousLast.count && previousLast[j] < x { j += 1 }
        if j < previousLast.count && previousLast[j] == x { n += 1 }
      }
      retained = n
    }
    var mh: [UInt64] = []
    var mf: [Int32] = []
    var mg: [UInt8] = []
    mh.reserveCapacity(hashes.count + h.count)
    mf.reserveCapacity(hashes.count + h.count)
    mg.reserveCapacity(hashes.count + h.count)
    var i = 0
    var j = 0
    while i < hashes.count || j < h.count {
      if j == h.count || (i < hashes.count && hashes[i] < h[j]) {
        mh.append(hashes[i])
        mf.append(first[i])
        mg.append(flags[i])
        i += 1
      } else if i == hashes.count || h[j] < hashes[i] {
        mh.append(h[j])
        mf.append(t.firstPeriods[j])
        mg.append(t.flags[j])
        j += 1
      } else {
        mh.append(h[j])
        mf.append(min(first[i], t.firstPeriods[j]))
        mg.append(flags[i] | t.flags[j])
        i += 1
        j += 1
      }
    }
    hashes = mh
    first = mf
    flags = mg
    if let last = t.spanLast {
      previousLast = h.indices.filter { t.flags[$0] & VolunteerTable.activeLast != 0 }.map { h[$0] }
      previousSpanLast = last
    }
    return retained
  }

  func count(_ test: (UInt8) -> Bool) -> Int { flags.reduce(0) { $0 + (test($1) ? 1 : 0) } }

  /// Volunteers by first period.
  var newByPeriod: [Int: Int] {
    var out: [Int: Int] = [:]
    for f in first where f != Int32.max { out[Int(f), default: 0] += 1 }
    return out
  }

  /// Sets `new` of every period from the union, and the distinct volunteers.
  func apply(to acc: inout ReachAccumulator, registry: Bool) {
    for p in acc.periods.keys { acc.periods[p]?.new = 0 }
    for (p, n) in newByPeriod { acc.periods[p, default: ReachPeriodAggregate()].new = n }
    acc.volunteers = count { $0 & VolunteerTable.activeInSpan != 0 }
    if registry {
      acc.registeredEverActive = count { $0 & VolunteerTable.registered != 0 }
      acc.activeNotRegistered = count {
        $0 & VolunteerTable.activeInSpan != 0 && $0 & VolunteerTable.registered == 0
      }
    }
  }
}

enum TimeCutMerge {
  /// Options that may differ between time cuts: the window and the as-of day.
  static let varying: Set<String> = ["from", "to", "as_of", "as_of_given"]

  /// Merges partials whose spans do not overlap (checked by the caller),
  /// in time order. Returns the state and the distinct volunteers and
  /// beneficiaries.
  static func merge(_ parts: [(path: String, state: ReachState)]) throws(IngestError) -> (
    ReachState, volunteers: Int, beneficiaries: Int
  ) {
    var states = parts
    let registryDigests = Set(
      parts.map { p in p.state.inputs.filter { $0.role == "registry" }.map { $0.sha256 ?? "?" }.joined() })
    if parts.first?.state.hasRegistry == true && registryDigests.count > 1 {
      throw IngestError(
        .configuration, file: parts[1].path,
        message:
          "these partials are cut by time but were given different registry files; the registry figures would mix two registries",
        hint: "give every time cut the same (latest) registry file")
    }
    var union = TimeCutUnion()
    var groupUnions: [String: TimeCutUnion] = [:]
    for k in states.indices {
      if let t = states[k].state.volunteerTable, let r = union.add(t), let f = t.spanFirst {
        states[k].state.overall.periods[f]?.retained = r
      }
      for g in states[k].state.groups.indices {
        let group = states[k].state.groups[g]
        let key = group.column + "\u{0}" + group.value
        if let t = group.volunteerTable, let r = groupUnions[key, default: TimeCutUnion()].add(t), let f = t.spanFirst {
          states[k].state.groups[g].accumulator.periods[f]?.retained = r
        }
      }
      if k > 0 {
        // The registry's figures once (every cut read the same registry).
        var o = states[k].state.overall
        o.registered = 0
        o.registeredUndated = 0
        for p in o.periods.keys { o.periods[p]?.registrations = 0 }
        states[k].state.overall = o
      }
    }
    var merged = states[0].state
    // An input read by several cuts (the same file) is listed once.
    var inputs = merged.inputs
    for (_, s) in states.dropFirst() {
      merged = try merged.merged(with: s)
      for f in s.inputs where !inputs.contains(f) { inputs.append(f) }
    }
    merged.inputs = inputs
    // Star levels, cohorts, lapsed volunteers and the hours distribution
    // need each volunteer's hours across the cuts, which the partials do not
    // carry: left out (the merge summary says so) rather than summed wrong.
    merged.overall.volunteerFigures = nil
    union.apply(to: &merged.overall, registry: merged.hasRegistry)
    for g in merged.groups.indices {
      let key = merged.groups[g].column + "\u{0}" + merged.groups[g].value
      groupUnions[key]?.apply(to: &merged.groups[g].accumulator, registry: false)
    }
    var beneficiaries: [UInt64] = states.flatMap { $0.state.beneficiaryHashes?.values ?? [] }
    beneficiaries.sort()
    let distinctBeneficiaries = uniqued(beneficiaries).count
    if merged.hasBeneficiaries { merged.overall.beneficiaries = distinctBeneficiaries }
    // The window: from the first cut's start to the last cut's end.
    let firstState = states[0].state
    let lastState = states[states.count - 1].state
    merged.spanFrom = firstState.spanFrom
    merged.spanTo = lastState.spanTo
    merged.windowFrom = firstState.windowFrom
    merged.windowTo = lastState.windowTo
    for key in varying { merged.options[key] = nil }
    for key in ["to", "as_of", "as_of_given"] { merged.options[key] = lastState.options[key] }
    merged.options["from"] = firstState.options["from"]
    return (merged, union.hashes.count, distinctBeneficiaries)
  }
}
