import ImpactCore
import ImpactExport
import ImpactIngest
import ImpactStats

/// Key layouts of the aggregation maps.
enum ReachKey {
  /// (volunteer, period): volunteer << 20 | period.
  @inline(__always) static func vp(_ v: Int32, _ p: Int) -> UInt64 { UInt64(UInt32(bitPattern: v)) << 20 | UInt64(p) }
  /// (volunteer, group, period): volunteer << 36 | group << 20 | period.
  @inline(__always) static func vgp(_ v: Int32, _ g: Int32, _ p: Int) -> UInt64 {
    UInt64(UInt32(bitPattern: v)) << 36 | UInt64(UInt16(truncatingIfNeeded: g)) << 20 | UInt64(p)
  }
  /// (code, period) for teams/projects/groups.
  @inline(__always) static func cp(_ c: Int32, _ p: Int) -> UInt64 { UInt64(UInt32(bitPattern: c)) << 20 | UInt64(p) }
  /// (code, volunteer).
  @inline(__always) static func cv(_ c: Int32, _ v: Int32) -> UInt64 {
    UInt64(UInt32(bitPattern: c)) << 32 | UInt64(UInt32(bitPattern: v))
  }
  static let periodMask: UInt64 = (1 << 20) - 1
}

/// The hour log aggregated by (volunteer, period) and by breakdown group,
/// with exact integer micro-hours. Memory grows with volunteer-periods, not
/// with records.
struct HoursAggregation: Sendable {
  var rows = 0
  var vids = KeyInterner()
  var overall = KeyedTotals()
  /// Per volunteer code: first period over every valid record (also those
  /// outside --from/--to), for "new" and "cumulative".
  var firstPeriod: [Int32] = []
  var byNames: [String] = []
  var byKeys: [KeyInterner] = []
  var byMaps: [KeyedTotals] = []
  var byServed: [KeyedTotals] = []
  var teamKeys = KeyInterner()
  var projectKeys = KeyInterner()
  var teamPeriods = KeyedTotals()
  var teamVolunteers = KeyedTotals()
  var projectPeriods = KeyedTotals()
  var projectVolunteers = KeyedTotals()
  var served = KeyedTotals()
  var minPeriod: Int?
  var maxPeriod: Int?
  var exclusions = ReachExclusions()
  var grain: PeriodGrain = .year

  init(byCount: Int, byNames: [String], grain: PeriodGrain) {
    self.byNames = byNames
    self.grain = grain
    byKeys = Array(repeating: KeyInterner(), count: byCount)
    byMaps = Array(repeating: KeyedTotals(), count: byCount)
    byServed = Array(repeating: KeyedTotals(), count: byCount)
  }

  // MARK: - Reading

  static func read(_ file: CSVFile, columns c: ReachJob.HoursColumns, request r: ReachRequest, asOf: CalendarDay)
    throws(IngestError) -> HoursAggregation
  {
    let width = file.header.count
    let grain = r.grain
    let maxMicro = nearestInt64(r.maxHours * 1e6)
    let from = r.from
    let to = r.to
    let byCount = c.by.count
    let dedupe = r.dropDuplicates
    let parser = NumberParser()
    let path = file.path
    // Duplicate detection needs every record in one place: one chunk.
    let chunks = try file.scan(
      parallelism: dedupe ? 1 : nil,
      initial: { _ in HoursAggregation(byCount: byCount, byNames: c.byNames, grain: grain) },
      body: { (a: inout HoursAggregation, s: CSVScanner) throws(IngestError) in
        var seen = Set<UInt64>()
        var groupCodes = [Int32](repeating: 0, count: byCount)
        while try s.nextRecord() {
          if s.fieldCount != width {
            let message = "expected \(width) fields as in the header, found \(s.fieldCount)"
            if r.onBadRow == .fail {
              throw IngestError(
                .structure, file: path, line: s.recordLine, message: message,
                hint: "fix the row, quote fields that contain the delimiter, or rerun with --on-bad-row skip")
            }
            a.exclusions.record("malformed_row", file: path, line: s.recordLine, value: message)
            continue
          }
          a.rows += 1
          let vf = trimmedField(s.field(c.volunteer))
          if vf.isEmpty {
            a.exclusions.record("missing_volunteer_id", file: path, line: s.recordLine, value: "")
            continue
          }
          let df = s.field(c.date)
          guard let day = DateParser.parse(df) else {
            a.exclusions.record("invalid_date", file: path, line: s.recordLine, value: text(df))
            continue
          }
          if day > asOf {
            a.exclusions.record("future_date", file: path, line: s.recordLine, value: day.description)
            continue
          }
          let hf = s.field(c.hours)
          let h = parser.parse(hf)
          guard h.kind == .number else {
            a.exclusions.record("invalid_hours", file: path, line: s.recordLine, value: text(hf))
            continue
          }
          if h.value < 0 {
            a.exclusions.record("negative_hours", file: path, line: s.recordLine, value: text(hf))
            continue
          }
          let micro = nearestInt64(h.value * 1e6)
          if micro > maxMicro {
            a.exclusions.record("hours_above_max", file: path, line: s.recordLine, value: text(hf))
            continue
          }
          if h.scale < 0 || h.scale > 6 {
            a.exclusions.record("hours_rounded_to_microhours_note", file: path, line: s.recordLine, value: text(hf))
          }
          var ben: Int64 = 0
          if let bc = c.beneficiaries {
            let bf = s.field(bc)
            let b = parser.parse(bf)
            if b.kind == .number {
              if b.value >= 0 && b.value == b.value.rounded() && b.value < 1e15 {
                ben = Int64(b.value)
              } else {
                a.exclusions.record("invalid_beneficiaries_note", file: path, line: s.recordLine, value: text(bf))
              }
            } else if b.kind == .invalid {
              a.exclusions.record("invalid_beneficiaries_note", file: path, line: s.recordLine, value: text(bf))
            }
          }
          let p = grain.index(of: day)
          let v = a.vids.intern(vf)
          if Int(v) >= a.firstPeriod.count {
            a.firstPeriod.append(Int32(p))
          } else if Int32(p) < a.firstPeriod[Int(v)] {
            a.firstPeriod[Int(v)] = Int32(p)
          }
          if let from, day < from {
            a.exclusions.record("outside_date_range_note", file: path, line: s.recordLine, value: day.description)
            continue
          }
          if let to, day > to {
            a.exclusions.record("outside_date_range_note", file: path, line: s.recordLine, value: day.description)
            continue
          }
          let team = c.team.map { trimmedField(s.field($0)) }
          let project = c.project.map { trimmedField(s.field($0)) }
          if dedupe {
            var fp = KeyInterner.hash(vf) &* 31 &+ UInt64(UInt32(bitPattern: day.dayNumber))
            fp = fp &* 1_000_003 &+ UInt64(bitPattern: micro)
            if let team { fp = fp &* 1_000_033 &+ KeyInterner.hash(team) }
            if let project { fp = fp &* 1_000_037 &+ KeyInterner.hash(project) }
            fp = fp &* 1_000_039 &+ UInt64(bitPattern: ben)
            if !seen.insert(fp).inserted {
              a.exclusions.record(
                "duplicate_record", file: path, line: s.recordLine, value: text(vf) + " " + day.description)
              continue
            }
          }
          for g in 0..<byCount {
            let f = trimmedField(s.field(c.by[g]))
            groupCodes[g] = f.isEmpty ? -1 : a.byKeys[g].intern(f)
          }
          a.minPeriod = min(a.minPeriod ?? p, p)
          a.maxPeriod = max(a.maxPeriod ?? p, p)
          a.overall.add(ReachKey.vp(v, p), sum: micro)
          if ben > 0 { a.served.add(UInt64(p), sum: ben, count: 0) }
          if let team, !team.isEmpty {
            let t = a.teamKeys.intern(team)
            a.teamPeriods.add(ReachKey.cp(t, p), sum: micro)
            a.teamVolunteers.add(ReachKey.cv(t, v), sum: 0)
          }
          if let project, !project.isEmpty {
            let t = a.projectKeys.intern(project)
            a.projectPeriods.add(ReachKey.cp(t, p), sum: micro)
            a.projectVolunteers.add(ReachKey.cv(t, v), sum: 0)
          }
          for g in 0..<byCount where groupCodes[g] >= 0 {
            a.byMaps[g].add(ReachKey.vgp(v, groupCodes[g], p), sum: micro)
            if ben > 0 { a.byServed[g].add(ReachKey.cp(groupCodes[g], p), sum: ben, count: 0) }
          }
        }
      })
    var total = HoursAggregation(byCount: byCount, byNames: c.byNames, grain: grain)
    for (i, chunk) in chunks.enumerated() {
      var part = chunk.state
      part.exclusions.examples = part.exclusions.examples.map {
        ReachProblem(file: $0.file, reason: $0.reason, line: $0.line + chunk.lineBase, value: $0.value)
      }
      if i == 0 { total = part } else { total.absorb(part) }
    }
    for g in 0..<byCount where total.byKeys[g].count > 65_535 {
      throw IngestError(
        .usage, file: path, message: "--by \(c.byNames[g]) has \(total.byKeys[g].count) distinct values; at most 65535",
        hint: "break the figures down by a column with fewer distinct values")
    }
    return total
  }

  /// Adds a later chunk (codes remapped into this chunk's).
  mutating func absorb(_ o: HoursAggregation) {
    rows += o.rows
    exclusions.merge(o.exclusions)
    let vmap = vids.absorb(o.vids)
    for (code, p) in o.firstPeriod.enumerated() {
      let v = Int(vmap[code])
      if v >= firstPeriod.count { firstPeriod.append(p) } else { firstPeriod[v] = min(firstPeriod[v], p) }
    }
    overall.merge(o.overall) { k in ReachKey.vp(vmap[Int(k >> 20)], Int(k & ReachKey.periodMask)) }
    served.merge(o.served)
    let tmap = teamKeys.absorb(o.teamKeys)
    teamPeriods.merge(o.teamPeriods) { k in ReachKey.cp(tmap[Int(k >> 20)], Int(k & ReachKey.periodMask)) }
    teamVolunteers.merge(o.teamVolunteers) { k in ReachKey.cv(tmap[Int(k >> 32)], vmap[Int(k & 0xFFFF_FFFF)]) }
    let pmap = projectKeys.absorb(o.projectKeys)
    projectPeriods.merge(o.projectPeriods) { k in ReachKey.cp(pmap[Int(k >> 20)], Int(k & ReachKey.periodMask)) }
    projectVolunteers.merge(o.projectVolunteers) { k in ReachKey.cv(pmap[Int(k >> 32)], vmap[Int(k & 0xFFFF_FFFF)]) }
    for g in 0..<byMaps.count {
      let gmap = byKeys[g].absorb(o.byKeys[g])
      byMaps[g].merge(o.byMaps[g]) { k in
        ReachKey.vgp(vmap[Int(k >> 36)], gmap[Int((k >> 20) & 0xFFFF)], Int(k & ReachKey.periodMask))
      }
      byServed[g].merge(o.byServed[g]) { k in ReachKey.cp(gmap[Int(k >> 20)], Int(k & ReachKey.periodMask)) }
    }
    if let p = o.minPeriod { minPeriod = min(minPeriod ?? p, p) }
    if let p = o.maxPeriod { maxPeriod = max(maxPeriod ?? p, p) }
  }

  // MARK: - Figures

  /// The whole population's accumulator and the volunteers first active
  /// before the span.
  func overall(span: ClosedRange<Int>?, registry: RegistryAggregation?, beneficiaries: BeneficiaryAggregation?)
    -> (ReachAccumulator, Int)
  {
    var acc = ReachAccumulator(grain: grain)
    guard let span else { return (acc, 0) }
    // Registry membership per volunteer code.
    var registered = [Bool](repeating: false, count: vids.count)
    if let reg = registry {
      for v in 0..<vids.count {
        registered[v] = vids.bytes(Int32(v)).withUnsafeBufferPointer { reg.ids.lookup($0) } != nil
      }
    }
    var activeInSpan = [Bool](repeating: false, count: vids.count)
    overall.forEach { key, micro, records in
      let v = Int(key >> 20)
      let p = Int(key & ReachKey.periodMask)
      guard span.contains(p) else { return }
      activeInSpan[v] = true
      var a = acc.periods[p] ?? ReachPeriodAggregate()
      a.active += 1
      a.records += Int(records)
      a.microHours += micro
      a.volunteerHours[micro, default: 0] += 1
      if overall.contains(ReachKey.vp(Int32(v), p - 1)) { a.retained += 1 }
      if registered[v] { a.activeRegistered += 1 }
      acc.periods[p] = a
    }
    var before = 0
    for v in 0..<vids.count {
      let f = Int(firstPeriod[v])
      if f < span.lowerBound {
        before += 1
      } else if span.contains(f) {
        acc.periods[f, default: ReachPeriodAggregate()].new += 1
      }
    }
    acc.volunteers = activeInSpan.filter { $0 }.count
    served.forEach { p, sum, _ in
      if span.contains(Int(p)) { acc.periods[Int(p), default: ReachPeriodAggregate()].beneficiariesServed += sum }
    }
    func contributors(
      _ keys: KeyInterner, _ periods: KeyedTotals, _ volunteers: KeyedTotals,
      _ setter: (inout ReachPeriodAggregate, String) -> Void
    ) -> [String: ContributorTotals] {
      var totals: [String: ContributorTotals] = [:]
      let names = keys.strings
      periods.forEach { k, micro, records in
        let p = Int(k & ReachKey.periodMask)
        guard span.contains(p) else { return }
        let name = names[Int(k >> 20)]
        setter(&acc.periods[p, default: ReachPeriodAggregate()], name)
        totals[name, default: ContributorTotals()].microHours += micro
        totals[name, default: ContributorTotals()].records += Int(records)
      }
      volunteers.forEach { k, _, _ in
        let name = names[Int(k >> 32)]
        if totals[name] != nil { totals[name]?.volunteers += 1 }
      }
      return totals
    }
    acc.teamTotals = contributors(teamKeys, teamPeriods, teamVolunteers) { $0.teams.insert($1) }
    acc.projectTotals = contributors(projectKeys, projectPeriods, projectVolunteers) { $0.projects.insert($1) }
    if let reg = registry {
      acc.registered = reg.ids.count
      acc.registryTeams = reg.teams
      var everActive = 0
      for v in 0..<vids.count where registered[v] { everActive += 1 }
      acc.registeredEverActive = everActive
      acc.activeNotRegistered = (0..<vids.count).filter { activeInSpan[$0] && !registered[$0] }.count
      for (p, n) in reg.registrationsByPeriod {
        if p < span.lowerBound {
          acc.registeredBefore += n
        } else if span.contains(p) {
          acc.periods[p, default: ReachPeriodAggregate()].registrations += n
        }
      }
      acc.registeredBefore += reg.undated
    }
    if let b = beneficiaries {
      acc.beneficiaries = b.distinctInSpan(span)
      for (p, n) in b.uniqueByPeriod where span.contains(p) {
        acc.periods[p, default: ReachPeriodAggregate()].beneficiariesUnique += n
      }
    }
    return (acc, before)
  }

  /// Per value of by-column `g`: the accumulator and volunteers first seen
  /// in that group before the span. Values sorted for stable output.
  func groupAccumulators(_ g: Int, span: ClosedRange<Int>?) -> [(String, (accumulator: ReachAccumulator, before: Int))]
  {
    guard let span else { return [] }
    let names = byKeys[g].strings
    let map = byMaps[g]
    var first: [UInt64: Int] = [:]
    map.forEach { key, _, _ in
      let vg = key >> 20
      let p = Int(key & ReachKey.periodMask)
      if let f = first[vg] { if p < f { first[vg] = p } } else { first[vg] = p }
    }
    var accs = [ReachAccumulator](repeating: ReachAccumulator(grain: grain), count: names.count)
    var before = [Int](repeating: 0, count: names.count)
    var active = [Set<Int32>](repeating: [], count: names.count)
    map.forEach { key, micro, records in
      let v = Int32(truncatingIfNeeded: key >> 36)
      let gc = Int((key >> 20) & 0xFFFF)
      let p = Int(key & ReachKey.periodMask)
      guard span.contains(p) else { return }
      active[gc].insert(v)
      var a = accs[gc].periods[p] ?? ReachPeriodAggregate()
      a.active += 1
      a.records += Int(records)
      a.microHours += micro
      a.volunteerHours[micro, default: 0] += 1
      if map.contains(ReachKey.vgp(v, Int32(gc), p - 1)) { a.retained += 1 }
      accs[gc].periods[p] = a
    }
    for (vg, f) in first {
      let gc = Int(vg & 0xFFFF)
      if f < span.lowerBound {
        before[gc] += 1
      } else if span.contains(f) {
        accs[gc].periods[f, default: ReachPeriodAggregate()].new += 1
      }
    }
    byServed[g].forEach { k, sum, _ in
      let p = Int(k & ReachKey.periodMask)
      if span.contains(p) { accs[Int(k >> 20)].periods[p, default: ReachPeriodAggregate()].beneficiariesServed += sum }
    }
    for i in 0..<names.count { accs[i].volunteers = active[i].count }
    return (0..<names.count).map { (names[$0], (accs[$0], before[$0])) }.sorted { $0.0 < $1.0 }
  }
}

@inline(__always)
func trimmedField(_ f: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
  guard let base = f.baseAddress else { return f }
  var i = 0
  var n = f.count
  while i < n && (base[i] == 0x20 || base[i] == 0x09) { i += 1 }
  while n > i && (base[n - 1] == 0x20 || base[n - 1] == 0x09) { n -= 1 }
  return UnsafeBufferPointer(start: base + i, count: n - i)
}

func text(_ f: UnsafeBufferPointer<UInt8>) -> String {
  let s = String(decoding: f, as: UTF8.self)
  return s.count > 60 ? String(s.prefix(60)) + "…" : s
}
