import Dispatch
import ImpactCore
import ImpactExport
import ImpactIngest
import ImpactStats
import Synchronization

/// The volunteer registry: who registered when, and in which team.
struct RegistryAggregation: Sendable {
  var rows = 0
  var ids = KeyInterner()
  var registrationsByPeriod: [Int: Int] = [:]
  /// Registrations without a usable date (counted as registered before the span).
  var undated = 0
  var teams: Set<String> = []
  var exclusions = ReachExclusions()
  /// Registration dates the date reading rejected but another order would take.
  var dateEvidence = DateEvidence()

  /// The registration date column, if any.
  static func dateColumn(_ file: CSVFile, request r: ReachRequest) throws(IngestError) -> Int? {
    try ReachJob.pick(r.columns.registered, ReachJob.registeredNames, in: file, role: "registered", required: false)
  }

  static func read(
    _ file: CSVFile, request r: ReachRequest, asOf: CalendarDay, grain: PeriodGrain, dateFormat: DateFormat
  ) throws(IngestError) -> RegistryAggregation {
    guard
      let idCol = try ReachJob.pick(
        r.columns.volunteer, ReachJob.volunteerNames, in: file, role: "volunteer", required: true)
    else {
      throw IngestError(
        .header, file: file.path, message: "no volunteer id column", hint: "name it with --volunteer-col")
    }
    let dateCol = try dateColumn(file, request: r)
    let teamCol = try ReachJob.pick(r.columns.team, ReachJob.teamNames, in: file, role: "team", required: false)
    let path = file.path
    // Registries are small (one row per volunteer): one chunk keeps the
    // first-registration rule simple.
    let chunks = try file.scan(
      parallelism: 1,
      initial: { _ in RegistryAggregation() },
      body: { (a: inout RegistryAggregation, s: CSVScanner) throws(IngestError) in
        while try s.nextRecord() {
          if let problem = try file.widthProblem(s, policy: r.onBadRow) {
            a.exclusions.record("registry_malformed_row", file: path, line: s.recordLine, value: problem.message)
            continue
          }
          a.rows += 1
          let idf = trimmed(s.field(idCol))
          if idf.isEmpty {
            a.exclusions.record("registry_missing_volunteer_id", file: path, line: s.recordLine, value: "")
            continue
          }
          var day: CalendarDay?
          if let dateCol {
            let df = s.field(dateCol)
            day = dateFormat.parse(df)
            if day == nil { a.dateEvidence.add(df, line: s.recordLine) }
            if let d = day, d > asOf {
              a.exclusions.record("registry_future_date", file: path, line: s.recordLine, value: d.description)
              continue
            }
            if day == nil {
              a.exclusions.record("registry_undated_note", file: path, line: s.recordLine, value: text(df))
            }
          }
          let before = a.ids.count
          _ = a.ids.intern(idf)
          if a.ids.count == before {
            a.exclusions.record("registry_duplicate_volunteer", file: path, line: s.recordLine, value: text(idf))
            continue
          }
          if let day { a.registrationsByPeriod[grain.index(of: day), default: 0] += 1 } else { a.undated += 1 }
          if let teamCol {
            let t = trimmed(s.field(teamCol))
            if !t.isEmpty { a.teams.insert(String(decoding: t, as: UTF8.self)) }
          }
        }
      })
    var r = chunks.first?.state ?? RegistryAggregation()
    let base = chunks.first?.lineBase ?? 0
    r.exclusions.examples = r.exclusions.examples.map {
      ReachProblem(file: $0.file, reason: $0.reason, line: $0.line + base, value: $0.value)
    }
    r.dateEvidence.shiftLines(by: base)
    return r
  }
}

/// People served (one row per person and date): distinct beneficiaries per period.
///
/// Ids are split by their hash into `Partitions.count` disjoint parts, each
/// with its own id table and (beneficiary, period) set. The chunks read on
/// different cores are then merged part by part in parallel: merging millions
/// of distinct ids on one core used to take longer than reading the file.
struct BeneficiaryAggregation: Sendable {
  /// One hash partition: its ids and the periods each was served in.
  struct Part: Sendable {
    var ids = KeyInterner()
    var periods = CodePeriodSet()
  }

  var rows = 0
  var parts = [Part](repeating: Part(), count: Partitions.count)
  var minPeriod: Int?
  var maxPeriod: Int?
  var exclusions = ReachExclusions()
  /// Dates of the rows analysed and rejected dates another order would take.
  var dates = DateExtent()
  var dateEvidence = DateEvidence()

  /// Distinct beneficiaries.
  var distinctIds: Int { parts.reduce(0) { $0 + $1.ids.count } }

  /// Every distinct id (in no particular order).
  var idStrings: [String] { parts.flatMap(\.ids.strings) }

  var uniqueByPeriod: [Int: Int] {
    var out: [Int: Int] = [:]
    for part in parts {
      out.merge(part.periods.countsByPeriod(), uniquingKeysWith: +)
    }
    return out
  }

  /// The date column.
  static func dateColumn(_ file: CSVFile, request r: ReachRequest) throws(IngestError) -> Int {
    guard
      let c = try ReachJob.pick(
        r.columns.beneficiaryDate ?? r.columns.date, ReachJob.dateNames, in: file, role: "beneficiary-date",
        required: true)
    else { throw IngestError(.header, file: file.path, message: "missing columns", hint: "") }
    return c
  }

  static func read(_ file: CSVFile, request r: ReachRequest, asOf: CalendarDay, dateFormat: DateFormat)
    throws(IngestError) -> BeneficiaryAggregation
  {
    guard
      let idCol = try ReachJob.pick(
        r.columns.beneficiaryId, ReachJob.beneficiaryIdNames, in: file, role: "beneficiary-id", required: true)
    else { throw IngestError(.header, file: file.path, message: "missing columns", hint: "") }
    let dateCol = try dateColumn(file, request: r)
    let path = file.path
    let grain = r.grain
    let fromOrdinal = r.from?.ordinal ?? Int.min
    let toOrdinal = r.to?.ordinal ?? Int.max
    let asOfOrdinal = asOf.ordinal
    var clock = PhaseClock()
    var chunks = try file.scan(
      initial: { _ in BeneficiaryAggregation() },
      body: { (a: inout BeneficiaryAggregation, s: CSVScanner) throws(IngestError) in
        var pending = (0..<Partitions.count).map { _ in PendingIds() }
        var reserved = false
        while try s.nextRecord() {
          if let problem = try file.widthProblem(s, policy: r.onBadRow) {
            a.exclusions.record("beneficiaries_malformed_row", file: path, line: s.recordLine, value: problem.message)
            continue
          }
          a.rows += 1
          let idf = trimmed(s.field(idCol))
          if idf.isEmpty {
            a.exclusions.record("beneficiaries_missing_id", file: path, line: s.recordLine, value: "")
            continue
          }
          let df = s.field(dateCol)
          // Dates compare as YYYYMMDD integers, as in the hour log.
          guard let ymd = dateFormat.parseComponents(df) else {
            a.dateEvidence.add(df, line: s.recordLine)
            a.exclusions.record("beneficiaries_invalid_date", file: path, line: s.recordLine, value: text(df))
            continue
          }
          let ordinal = ymd.year * 10_000 + ymd.month * 100 + ymd.day
          if ordinal > asOfOrdinal {
            a.exclusions.record(
              "beneficiaries_future_date", file: path, line: s.recordLine,
              value: CalendarDay(year: ymd.year, month: ymd.month, day: ymd.day)?.description ?? text(df))
            continue
          }
          if ordinal < fromOrdinal || ordinal > toOrdinal { continue }
          a.dates.add(ordinal: ordinal, year: ymd.year, file: path, line: s.recordLine, text: text(df))
          let p = grain.index(year: ymd.year, month: ymd.month)
          a.minPeriod = min(a.minPeriod ?? p, p)
          a.maxPeriod = max(a.maxPeriod ?? p, p)
          if !reserved {
            // Size the tables from the chunk's length (≈ 40 bytes a row).
            reserved = true
            let rows = min(s.rangeBytes / 40 + 1024, 1 << 22) / Partitions.count
            for j in a.parts.indices {
              a.parts[j].ids.reserve(rows / 2)
            }
          }
          let j = Partitions.of(KeyInterner.hash(idf))
          pending[j].add(idf, period: p)
          if pending[j].count == PendingIds.capacity { pending[j].flush(into: &a.parts[j]) }
        }
        for j in pending.indices { pending[j].flush(into: &a.parts[j]) }
      })
    clock.mark("  scan beneficiaries")
    defer { clock.mark("  merge beneficiary chunks") }
    var total = BeneficiaryAggregation()
    for (i, c) in chunks.enumerated() {
      var part = c.state
      part.exclusions.examples = part.exclusions.examples.map {
        ReachProblem(file: $0.file, reason: $0.reason, line: $0.line + c.lineBase, value: $0.value)
      }
      part.dates.shiftLines(by: c.lineBase)
      part.dateEvidence.shiftLines(by: c.lineBase)
      if i == 0 {
        total.exclusions = part.exclusions
        total.dates = part.dates
        total.dateEvidence = part.dateEvidence
      } else {
        total.exclusions.merge(part.exclusions)
        total.dates.absorb(part.dates)
        total.dateEvidence.absorb(part.dateEvidence)
      }
      total.rows += part.rows
      if let p = part.minPeriod { total.minPeriod = min(total.minPeriod ?? p, p) }
      if let p = part.maxPeriod { total.maxPeriod = max(total.maxPeriod ?? p, p) }
    }
    // The partitions hold disjoint ids: merge each across the chunks on its
    // own core, into the first chunk's tables (moved, not copied).
    guard !chunks.isEmpty else { return total }
    let first = chunks[0].state.parts
    chunks[0].state.parts = []
    let rest = chunks.dropFirst().map(\.state.parts)
    total.parts = Partitions.transform(consume first) { j, into in
      for other in rest {
        let map = into.ids.absorb(other[j].ids)
        into.periods.merge(other[j].periods, vmap: map)
      }
    }
    return total
  }
}

/// Beneficiary ids waiting to be interned and counted as one batch (the
/// cache misses of different ids overlap).
private struct PendingIds {
  static let capacity = 256
  var bytes: [UInt8] = []
  var starts: [Int] = []
  var ends: [Int] = []
  var periods: [Int] = []
  var hashes = [UInt64](repeating: 0, count: capacity)
  var codes = [Int32](repeating: 0, count: capacity)
  var count: Int { starts.count }

  init() { bytes.reserveCapacity(Self.capacity * 16) }

  mutating func add(_ id: UnsafeBufferPointer<UInt8>, period: Int) {
    starts.append(bytes.count)
    bytes.append(contentsOf: id)
    ends.append(bytes.count)
    periods.append(period)
  }

  mutating func flush(into a: inout BeneficiaryAggregation.Part) {
    let n = count
    guard n > 0 else { return }
    bytes.withUnsafeBufferPointer { b in
      starts.withUnsafeBufferPointer { st in
        ends.withUnsafeBufferPointer { en in
          hashes.withUnsafeMutableBufferPointer { h in
            codes.withUnsafeMutableBufferPointer { c in
              a.ids.internBatch(b, starts: st, ends: en, count: n, hashes: h, codes: c)
            }
          }
        }
      }
    }
    for i in 0..<n { a.periods.insert(codes[i], periods[i]) }
    bytes.removeAll(keepingCapacity: true)
    starts.removeAll(keepingCapacity: true)
    ends.removeAll(keepingCapacity: true)
    periods.removeAll(keepingCapacity: true)
  }
}
