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
  /// (volunteer, period) → micro-hours and records: a dense grid while the
  /// periods are few, else maps split by the id's hash.
  var overall = CodePeriodTotals()
  /// Per volunteer code: first period over every valid record (also those
  /// outside --from/--to), for "new" and "cumulative". Filled by
  /// `completeFirstPeriods` once the chunks are merged, from the totals'
  /// first periods and `firstOutside`: updating it per record cost a cache
  /// miss per record (a random volunteer's entry in a 1.6 MB array).
  var firstPeriod: [Int32] = []
  /// Per volunteer code: first period of its records outside --from/--to
  /// (`Int32.max`: none); sized only once such a record is seen.
  var firstOutside: [Int32] = []
  var byNames: [String] = []
  var byKeys: [KeyInterner] = []
  var byMaps: [KeyedTotals] = []
  /// Per by-column: (group code, period) → beneficiaries served.
  var byServed: [CodePeriodTotals] = []
  var teamKeys = KeyInterner()
  var projectKeys = KeyInterner()
  /// (team or project code, period) → micro-hours and records.
  var teamPeriods = CodePeriodTotals(partitionByHash: false)
  var projectPeriods = CodePeriodTotals(partitionByHash: false)
  /// Period → beneficiaries served (the hour log's count column).
  var served = PeriodSums()
  var minPeriod: Int?
  var maxPeriod: Int?
  var exclusions = ReachExclusions()
  var grain: PeriodGrain = .year
  /// The hour log's path (for errors).
  var path = ""
  /// Dates of the records analysed (coverage and the far-off-date guard).
  var dates = DateExtent()
  /// Micro-hours and beneficiaries of the records analysed, summed with an
  /// overflow check: every other sum adds up a subset of them, so none can
  /// overflow once these did not.
  var microTotal: Int64 = 0
  var servedTotal: Int64 = 0
  /// Values of the date column that the date reading rejected but a
  /// day-first or month-first reading would take (see `DateEvidence`).
  var dateEvidence = DateEvidence()
  /// Keeps `CodePeriodTotals.touch`'s loads from being optimized away.
  private var touched: Int64 = 0

  init(byCount: Int, byNames: [String], grain: PeriodGrain, path: String) {
    self.path = path
    self.byNames = byNames
    self.grain = grain
    byKeys = Array(repeating: KeyInterner(), count: byCount)
    byMaps = Array(repeating: KeyedTotals(), count: byCount)
    byServed = Array(repeating: CodePeriodTotals(partitionByHash: false), count: byCount)
  }

  // MARK: - Reading

  static func read(
    _ file: CSVFile, columns c: ReachJob.HoursColumns, request r: ReachRequest, asOf: CalendarDay,
    dateFormat: DateFormat
  )
    throws(IngestError) -> HoursAggregation
  {
    let grain = r.grain
    // `maxHours` is checked (0 < maxHours ≤ 8784) before reading.
    let maxMicro = nearestInt64(r.maxHours * 1e6)
    // Dates compare as YYYYMMDD integers: no day-number arithmetic per record.
    let fromOrdinal = r.from?.ordinal ?? Int.min
    let toOrdinal = r.to?.ordinal ?? Int.max
    let asOfOrdinal = asOf.ordinal
    let byCount = c.by.count
    let dedupe = r.dropDuplicates
    let parser = file.numberParser()
    let path = file.path
    var clock = PhaseClock()
    // Duplicate detection needs every record in one place: one chunk.
    var chunks = try file.scan(
      parallelism: dedupe ? 1 : nil,
      initial: { _ in HoursAggregation(byCount: byCount, byNames: c.byNames, grain: grain, path: path) },
      body: { (a: inout HoursAggregation, s: CSVScanner) throws(IngestError) in
        var seen = Set<UInt64>()
        var batch = HoursBatch(groups: byCount)
        while try s.nextRecord() {
          if let problem = try file.widthProblem(s, policy: r.onBadRow) {
            a.exclusions.record("malformed_row", file: path, line: s.recordLine, value: problem.message)
            continue
          }
          a.rows += 1
          let vf = trimmed(s.field(c.volunteer))
          if vf.isEmpty {
            a.exclusions.record("missing_volunteer_id", file: path, line: s.recordLine, value: "")
            continue
          }
          let df = s.field(c.date)
          guard let ymd = dateFormat.parseComponents(df) else {
            a.dateEvidence.add(df, line: s.recordLine)
            a.exclusions.record("invalid_date", file: path, line: s.recordLine, value: text(df))
            continue
          }
          let ordinal = ymd.year * 10_000 + ymd.month * 100 + ymd.day
          if ordinal > asOfOrdinal {
            a.exclusions.record("future_date", file: path, line: s.recordLine, value: text(df))
            continue
          }
          let inRange = ordinal >= fromOrdinal && ordinal <= toOrdinal
          if inRange {
            a.dates.add(ordinal: ordinal, year: ymd.year, file: path, line: s.recordLine, text: text(df))
          }
          let hf = s.field(c.hours)
          let h = parser.parse(hf)
          guard h.kind == .number, h.value.isFinite else {
            a.exclusions.record("invalid_hours", file: path, line: s.recordLine, value: text(hf))
            continue
          }
          if h.value < 0 {
            a.exclusions.record("negative_hours", file: path, line: s.recordLine, value: text(hf))
            continue
          }
          // Compared as a double first: an absurd value (an id pasted into
          // the hours column) never reaches the integer conversion.
          if h.value > r.maxHours + 1 {
            a.exclusions.record("hours_above_max", file: path, line: s.recordLine, value: text(hf))
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
          let p = grain.index(year: ymd.year, month: ymd.month)
          if !inRange {
            a.exclusions.record("outside_date_range_note", file: path, line: s.recordLine, value: text(df))
          }
          let team = c.team.map { trimmed(s.field($0)) }
          let project = c.project.map { trimmed(s.field($0)) }
          if dedupe && inRange {
            var fp = KeyInterner.hash(vf) &* 31 &+ UInt64(ordinal)
            fp = fp &* 1_000_003 &+ UInt64(bitPattern: micro)
            if let team { fp = fp &* 1_000_033 &+ KeyInterner.hash(team) }
            if let project { fp = fp &* 1_000_037 &+ KeyInterner.hash(project) }
            fp = fp &* 1_000_039 &+ UInt64(bitPattern: ben)
            if !seen.insert(fp).inserted {
              a.exclusions.record(
                "duplicate_record", file: path, line: s.recordLine, value: text(vf) + " " + text(df))
              continue
            }
          }
          if inRange {
            var ok = true
            a.microTotal = checkedSum(a.microTotal, micro, &ok)
            a.servedTotal = checkedSum(a.servedTotal, ben, &ok)
            if !ok { throw sumOverflow(path, line: s.recordLine) }
          }
          // Small tables (teams, projects, groups) are interned at once; the
          // large volunteer table and (volunteer, period) map go through the
          // batch so their cache misses overlap.
          var t: Int32 = -1
          if let team, !team.isEmpty { t = a.teamKeys.intern(team) }
          var pr: Int32 = -1
          if let project, !project.isEmpty { pr = a.projectKeys.intern(project) }
          let slot = batch.count
          for g in 0..<byCount {
            let f = trimmed(s.field(c.by[g]))
            batch.groups[g * HoursBatch.capacity + slot] = f.isEmpty ? -1 : a.byKeys[g].intern(f)
          }
          batch.append(id: vf, period: p, micro: micro, beneficiaries: ben, team: t, project: pr, inRange: inRange)
          if batch.count == HoursBatch.capacity { a.flush(&batch) }
        }
        a.flush(&batch)
      })
    clock.mark("  scan hours")
    defer { clock.mark("  merge hour chunks") }
    var total = HoursAggregation(byCount: byCount, byNames: c.byNames, grain: grain, path: path)
    for i in chunks.indices {
      // Moved out of the array: a state still referenced there would be
      // copied whole by the first change to it (copy on write).
      var part = chunks[i].state
      chunks[i].state = HoursAggregation(byCount: 0, byNames: [], grain: grain, path: path)
      let chunk = chunks[i]
      part.exclusions.examples = part.exclusions.examples.map {
        ReachProblem(file: $0.file, reason: $0.reason, line: $0.line + chunk.lineBase, value: $0.value)
      }
      part.dates.shiftLines(by: chunk.lineBase)
      part.dateEvidence.shiftLines(by: chunk.lineBase)
      if i == 0 {
        total = part
      } else {
        var ok = true
        total.microTotal = checkedSum(total.microTotal, part.microTotal, &ok)
        total.servedTotal = checkedSum(total.servedTotal, part.servedTotal, &ok)
        if !ok { throw sumOverflow(path, line: nil) }
        total.absorb(part)
      }
    }
    total.completeFirstPeriods()
    if total.rows == 0 && total.exclusions.counts["malformed_row"] == nil && !r.allowEmptyInputs {
      throw IngestError(
        .header, file: path, line: file.dataStartLine, message: "the file has a header but no data rows",
        hint: "export the hour log again; a header-only file usually means an empty export")
    }
    for g in 0..<byCount where total.byKeys[g].count > 65_535 {
      throw IngestError(
        .usage, file: path, message: "--by \(c.byNames[g]) has \(total.byKeys[g].count) distinct values; at most 65535",
        hint: "break the figures down by a column with fewer distinct values")
    }
    return total
  }

  static func sumOverflow(_ path: String, line: Int?) -> IngestError {
    IngestError(
      .value, file: path, line: line,
      message:
        "the hours (or beneficiary counts) of the records add up to more than 9,223,372,036,854 hours (or 9.2·10^18 people), beyond exact integer sums",
      hint: "check the hours and beneficiaries columns: a value such as an id pasted into them is not a count")
  }

  /// Applies a batch of parsed records: volunteer ids interned together, then
  /// the (volunteer, period) totals updated together.
  mutating func flush(_ b: inout HoursBatch) {
    let n = b.count
    guard n > 0 else { return }
    b.arena.withUnsafeBufferPointer { arena in
      b.starts.withUnsafeBufferPointer { st in
        b.ends.withUnsafeBufferPointer { en in
          b.hashes.withUnsafeMutableBufferPointer { h in
            b.codes.withUnsafeMutableBufferPointer { codes in
              vids.internBatch(arena, starts: st, ends: en, count: n, hashes: h, codes: codes)
            }
          }
        }
      }
    }
    var lowest = Int.max
    var highest = Int.min
    for i in 0..<n where b.inRange[i] {
      lowest = min(lowest, b.periods[i])
      highest = max(highest, b.periods[i])
    }
    if lowest <= highest {
      overall.reserve(volunteers: vids.count, periods: lowest...highest, records: n, ids: vids)
      teamPeriods.reserve(volunteers: teamKeys.count, periods: lowest...highest, records: n, ids: teamKeys)
      projectPeriods.reserve(volunteers: projectKeys.count, periods: lowest...highest, records: n, ids: projectKeys)
      for g in 0..<byServed.count {
        byServed[g].reserve(volunteers: byKeys[g].count, periods: lowest...highest, records: n, ids: byKeys[g])
      }
    }
    touched &+= overall.touch(codes: b.codes, periods: b.periods, count: n)
    for i in 0..<n {
      let v = b.codes[i]
      let p = b.periods[i]
      guard b.inRange[i] else {
        noteOutside(Int(v), Int32(p))
        continue
      }
      minPeriod = min(minPeriod ?? p, p)
      maxPeriod = max(maxPeriod ?? p, p)
      overall.add(v, p, sum: b.micros[i], hash: b.hashes[i])
      let micro = b.micros[i]
      let ben = b.beneficiaries[i]
      if ben > 0 { served.add(p, ben) }
      if b.teams[i] >= 0 { teamPeriods.add(b.teams[i], p, sum: micro) }
      if b.projects[i] >= 0 { projectPeriods.add(b.projects[i], p, sum: micro) }
      for g in 0..<byMaps.count {
        let code = b.groups[g * HoursBatch.capacity + i]
        guard code >= 0 else { continue }
        byMaps[g].add(ReachKey.vgp(v, code, p), sum: micro)
        if ben > 0 { byServed[g].add(code, p, sum: ben) }
      }
    }
    if overall.tooSparse { overall.convertToMaps(vids) }
    if teamPeriods.tooSparse { teamPeriods.convertToMaps(teamKeys) }
    if projectPeriods.tooSparse { projectPeriods.convertToMaps(projectKeys) }
    for g in 0..<byServed.count where byServed[g].tooSparse { byServed[g].convertToMaps(byKeys[g]) }
    b.reset()
  }

  /// Lowers volunteer `v`'s first period outside the date range to `p`.
  private mutating func noteOutside(_ v: Int, _ p: Int32) {
    if v >= firstOutside.count {
      firstOutside.append(contentsOf: repeatElement(Int32.max, count: v + 1 - firstOutside.count))
    }
    firstOutside[v] = min(firstOutside[v], p)
  }

  /// Sets `firstPeriod` from the (volunteer, period) totals and the first
  /// periods outside the date range.
  mutating func completeFirstPeriods() {
    var first = firstOutside
    first.append(contentsOf: repeatElement(Int32.max, count: max(0, vids.count - first.count)))
    overall.forEachUnordered { v, p in
      if Int32(p) < first[v] { first[v] = Int32(p) }
    }
    firstPeriod = first
  }

  /// Adds a later chunk (codes remapped into this chunk's).
  mutating func absorb(_ o: HoursAggregation) {
    rows += o.rows
    exclusions.merge(o.exclusions)
    dates.absorb(o.dates)
    dateEvidence.absorb(o.dateEvidence)
    let vmap = vids.absorb(o.vids)
    for (code, p) in o.firstOutside.enumerated() where p != Int32.max { noteOutside(Int(vmap[code]), p) }
    overall.merge(o.overall, vmap: vmap, ids: vids, theirIds: o.vids)
    served.merge(o.served)
    let tmap = teamKeys.absorb(o.teamKeys)
    teamPeriods.merge(o.teamPeriods, vmap: tmap, ids: teamKeys, theirIds: o.teamKeys)
    let pmap = projectKeys.absorb(o.projectKeys)
    projectPeriods.merge(o.projectPeriods, vmap: pmap, ids: projectKeys, theirIds: o.projectKeys)
    for g in 0..<byMaps.count {
      let gmap = byKeys[g].absorb(o.byKeys[g])
      byMaps[g].merge(o.byMaps[g]) { k in
        ReachKey.vgp(vmap[Int(k >> 36)], gmap[Int((k >> 20) & 0xFFFF)], Int(k & ReachKey.periodMask))
      }
      byServed[g].merge(o.byServed[g], vmap: gmap, ids: byKeys[g], theirIds: o.byKeys[g])
    }
    if let p = o.minPeriod { minPeriod = min(minPeriod ?? p, p) }
    if let p = o.maxPeriod { maxPeriod = max(maxPeriod ?? p, p) }
  }

  // MARK: - Figures

  /// Per-period running totals for one population, in flat arrays over the
  /// span (index = period − span start), turned into aggregates at the end.
  struct SpanTotals {
    let lower: Int
    var active: [Int]
    var new: [Int]
    var retained: [Int]
    var activeRegistered: [Int]
    var records: [Int]
    var micro: [Int64]
    var served: [Int64]
    /// (period offset << 44 | per-volunteer micro-hours) → volunteers.
    var histogram = KeyedTotals()
    /// Distinct volunteers active in the span, and those not in the registry.
    var volunteers = 0
    var activeNotRegistered = 0
    /// A (volunteer, period) total too large for the histogram key, if any.
    var oversized: Int64?

    /// Per-volunteer totals must fit the histogram key's 44 bits (≈ 17.6
    /// million hours in one period).
    static let histogramLimit: Int64 = 1 << 44

    init(_ span: ClosedRange<Int>) {
      lower = span.lowerBound
      let n = span.count
      active = Array(repeating: 0, count: n)
      new = active
      retained = active
      activeRegistered = active
      records = active
      micro = Array(repeating: 0, count: n)
      served = micro
    }

    /// Adds totals over the same span.
    mutating func add(_ o: SpanTotals) {
      for i in active.indices {
        active[i] += o.active[i]
        new[i] += o.new[i]
        retained[i] += o.retained[i]
        activeRegistered[i] += o.activeRegistered[i]
        records[i] += o.records[i]
        micro[i] += o.micro[i]
        served[i] += o.served[i]
      }
      histogram.merge(o.histogram)
      oversized = oversized ?? o.oversized
      volunteers += o.volunteers
      activeNotRegistered += o.activeNotRegistered
    }

    func aggregates() -> [Int: ReachPeriodAggregate] {
      var out: [Int: ReachPeriodAggregate] = [:]
      for i in 0..<active.count {
        var a = ReachPeriodAggregate()
        a.active = active[i]
        a.new = new[i]
        a.retained = retained[i]
        a.activeRegistered = activeRegistered[i]
        a.records = records[i]
        a.microHours = micro[i]
        a.beneficiariesServed = served[i]
        out[lower + i] = a
      }
      histogram.forEach { key, _, n in
        out[lower + Int(key >> 44), default: ReachPeriodAggregate()].volunteerHours[
          Int64(key & ((1 << 44) - 1)), default: 0] += Int(n)
      }
      return out
    }
  }

  /// The whole population's accumulator and the volunteers first active
  /// before the span. One linear scan over the (volunteer, period) totals
  /// sorted by key: a volunteer's periods are consecutive, so retention needs
  /// no lookups.
  func overall(span: ClosedRange<Int>?, registry: RegistryAggregation?, beneficiaries: BeneficiaryAggregation?)
    throws(IngestError) -> ReachAccumulator
  {
    var acc = ReachAccumulator(grain: grain)
    guard let span else { return acc }
    var registered = [Bool](repeating: false, count: vids.count)
    if let reg = registry {
      for v in 0..<vids.count {
        registered[v] = vids.bytes(Int32(v)).withUnsafeBufferPointer { reg.ids.lookup($0) } != nil
      }
    }
    // Each id partition is scanned in key order on its own core (the
    // partitions hold disjoint volunteers, so a volunteer's periods are
    // consecutive within one), and the span totals are added up.
    let flags = registered
    let tables = overall
    let parts = CodePeriodTotals.parts
    let scanned = Partitions.transform([SpanTotals](repeating: SpanTotals(span), count: parts)) { j, t in
      var previousKey = UInt64.max
      var lastCounted = -1
      tables.forEach(part: j) { v, p, sum, records in
        let key = ReachKey.vp(Int32(v), p)
        defer { previousKey = key }
        guard span.contains(p) else { return }
        let i = p - t.lower
        if lastCounted != v {
          lastCounted = v
          t.volunteers += 1
          if !flags[v] { t.activeNotRegistered += 1 }
        }
        t.active[i] += 1
        t.records[i] += Int(records)
        t.micro[i] += sum
        if sum >= SpanTotals.histogramLimit { t.oversized = sum }
        t.histogram.add(UInt64(i) << 44 | UInt64(sum & (SpanTotals.histogramLimit - 1)), sum: 0)
        if previousKey == key - 1 && (previousKey >> 20) == UInt64(v) { t.retained[i] += 1 }
        if flags[v] { t.activeRegistered[i] += 1 }
      }
    }
    var t = SpanTotals(span)
    for part in scanned { t.add(part) }
    if let big = t.oversized {
      throw IngestError(
        .value, file: path,
        message:
          "one volunteer has \(formatNumber(Double(big) / 1e6)) hours in one period, more than the 17,592,186 hours the figures can hold",
        hint: "check the volunteer id and hours columns: the records cannot be one person's service")
    }
    // First periods outside the span are kept as periods carrying only
    // `new`: the figures count them as "before" (cumulative) wherever the
    // final span starts, so partial results merge whatever their spans.
    var newOutside: [Int: Int] = [:]
    for v in 0..<vids.count {
      let f = Int(firstPeriod[v])
      if span.contains(f) { t.new[f - t.lower] += 1 } else { newOutside[f, default: 0] += 1 }
    }
    served.forEach { p, sum in if span.contains(p) { t.served[p - t.lower] += sum } }
    acc.periods = t.aggregates()
    for (p, n) in newOutside { acc.periods[p, default: ReachPeriodAggregate()].new += n }
    acc.volunteers = t.volunteers
    let teamNames = teamKeys.strings
    teamPeriods.forEach { code, p, micro, records in
      guard span.contains(p) else { return }
      let name = teamNames[code]
      acc.periods[p, default: ReachPeriodAggregate()].teams.insert(name)
      acc.teamTotals[name, default: ContributorTotals()].microHours += micro
      acc.teamTotals[name, default: ContributorTotals()].records += Int(records)
    }
    let projectNames = projectKeys.strings
    projectPeriods.forEach { code, p, micro, records in
      guard span.contains(p) else { return }
      let name = projectNames[code]
      acc.periods[p, default: ReachPeriodAggregate()].projects.insert(name)
      acc.projectTotals[name, default: ContributorTotals()].microHours += micro
      acc.projectTotals[name, default: ContributorTotals()].records += Int(records)
    }
    if let reg = registry {
      acc.registered = reg.ids.count
      acc.registryTeams = reg.teams
      acc.registeredEverActive = registered.filter { $0 }.count
      acc.activeNotRegistered = t.activeNotRegistered
      for (p, n) in reg.registrationsByPeriod { acc.periods[p, default: ReachPeriodAggregate()].registrations += n }
      acc.registeredUndated = reg.undated
    }
    if let b = beneficiaries {
      acc.beneficiaries = b.distinctIds
      for (p, n) in b.uniqueByPeriod where span.contains(p) {
        acc.periods[p, default: ReachPeriodAggregate()].beneficiariesUnique += n
      }
    }
    return acc
  }

  /// Per value of by-column `g`: the accumulator and volunteers first seen
  /// in that group before the span, sorted by value. One linear scan over the
  /// (volunteer, group, period) totals sorted by key.
  func groupAccumulators(_ g: Int, span: ClosedRange<Int>?) -> [(String, ReachAccumulator)] {
    guard let span else { return [] }
    let names = byKeys[g].strings
    var totals = (0..<names.count).map { _ in SpanTotals(span) }
    var newOutside = [[Int: Int]](repeating: [:], count: names.count)
    var volunteers = [Int](repeating: 0, count: names.count)
    var previousKey = UInt64.max
    var countedVolunteer = UInt64.max
    for e in byMaps[g].sortedEntries() {
      let key = e.key
      let vg = key >> 20
      let gc = Int(vg & 0xFFFF)
      let p = Int(key & ReachKey.periodMask)
      let firstOfPair = previousKey == UInt64.max || (previousKey >> 20) != vg
      defer { previousKey = key }
      if firstOfPair {
        // The first period of this volunteer in this group.
        if span.contains(p) { totals[gc].new[p - span.lowerBound] += 1 } else { newOutside[gc][p, default: 0] += 1 }
      }
      guard span.contains(p) else { continue }
      let i = p - span.lowerBound
      if countedVolunteer != vg {
        volunteers[gc] += 1
        countedVolunteer = vg
      }
      totals[gc].active[i] += 1
      totals[gc].records[i] += Int(e.count)
      totals[gc].micro[i] += e.sum
      // Checked by `overall`: a group's totals never exceed the volunteer's.
      totals[gc].histogram.add(UInt64(i) << 44 | UInt64(e.sum & (SpanTotals.histogramLimit - 1)), sum: 0)
      if !firstOfPair && previousKey == key - 1 { totals[gc].retained[i] += 1 }
    }
    byServed[g].forEach { code, p, sum, _ in
      if span.contains(p) { totals[code].served[p - span.lowerBound] += sum }
    }
    return (0..<names.count).map { i in
      var acc = ReachAccumulator(grain: grain)
      acc.periods = totals[i].aggregates()
      for (p, n) in newOutside[i] { acc.periods[p, default: ReachPeriodAggregate()].new += n }
      acc.volunteers = volunteers[i]
      return (names[i], acc)
    }.sorted { $0.0 < $1.0 }
  }
}

/// Parsed records waiting to be applied together (see `flush`).
struct HoursBatch {
  static let capacity = 256
  var count = 0
  var arena: [UInt8] = []
  var starts = [Int](repeating: 0, count: capacity)
  var ends = [Int](repeating: 0, count: capacity)
  var hashes = [UInt64](repeating: 0, count: capacity)
  var codes = [Int32](repeating: 0, count: capacity)
  var periods = [Int](repeating: 0, count: capacity)
  var micros = [Int64](repeating: 0, count: capacity)
  var beneficiaries = [Int64](repeating: 0, count: capacity)
  var teams = [Int32](repeating: 0, count: capacity)
  var projects = [Int32](repeating: 0, count: capacity)
  var inRange = [Bool](repeating: false, count: capacity)
  var groups: [Int32]

  init(groups: Int) {
    self.groups = Array(repeating: -1, count: max(1, groups) * Self.capacity)
    arena.reserveCapacity(Self.capacity * 24)
  }

  @inline(__always)
  mutating func append(
    id: UnsafeBufferPointer<UInt8>, period: Int, micro: Int64, beneficiaries ben: Int64, team: Int32, project: Int32,
    inRange r: Bool
  ) {
    starts[count] = arena.count
    arena.append(contentsOf: id)
    ends[count] = arena.count
    periods[count] = period
    micros[count] = micro
    beneficiaries[count] = ben
    teams[count] = team
    projects[count] = project
    inRange[count] = r
    count += 1
  }

  mutating func reset() {
    count = 0
    arena.removeAll(keepingCapacity: true)
  }
}

func text(_ f: UnsafeBufferPointer<UInt8>) -> String {
  let s = String(decoding: f, as: UTF8.self)
  return s.count > 60 ? String(s.prefix(60)) + "…" : s
}
