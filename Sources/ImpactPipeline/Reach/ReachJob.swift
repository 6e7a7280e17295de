import Dispatch
import Foundation
public import ImpactCore
public import ImpactExport
public import ImpactIngest
public import ImpactStats
import Synchronization

/// Column names of the reach inputs (`nil`: detected from common names).
public struct ReachColumns: Sendable, Equatable {
  public var volunteer: String?
  public var date: String?
  public var hours: String?
  public var team: String?
  public var project: String?
  public var beneficiaries: String?
  public var university: String?
  public var beneficiaryId: String?
  public var beneficiaryDate: String?
  public var registered: String?

  public init() {}
}

/// What `impact reach` was asked to do.
public struct ReachRequest: Sendable {
  public var hours: String
  public var beneficiaries: String?
  public var registry: String?
  public var columns = ReachColumns()
  public var grain: PeriodGrain = .year
  /// Breakdowns: `team`, `project`, `university` or any column name.
  public var by: [String] = []
  public var from: CalendarDay?
  public var to: CalendarDay?
  /// Records dated after this day are "future" (default: today).
  public var asOf: CalendarDay?
  /// Largest plausible hours in one record.
  public var maxHours = 24.0
  /// Exclude exact duplicate records (same volunteer, date, hours, team,
  /// project, beneficiaries). Costs memory proportional to records and reads
  /// on one core.
  public var dropDuplicates = false
  public var csv = CSVOptions()
  public var onBadRow: BadRowPolicy = .fail
  public var deterministic = false
  public var confidence = 0.95
  public var top = 10
  /// Accept inputs with no data rows (a shard may hold none).
  public var allowEmptyInputs = false
  /// Stop when more than this share of the hour records (or beneficiary
  /// rows) is excluded for one reason; in (0, 1].
  public var maxExcludedShare = 0.2
  /// Treat partial periods like complete ones (growth, CAGR, trend, headline).
  public var includePartial = false
  /// How dates are written; `nil`: year-first, or detected per column.
  public var dateFormat: DateFormat?
  /// Star levels, lapsed months, full-time hours and the value of an hour.
  public var volunteerFigures = VolunteerFigureOptions()

  /// The largest `maxHours` accepted: the hours of a leap year.
  public static let maxHoursLimit = 8_784.0

  public init(hours: String) { self.hours = hours }

  /// What is wrong with `maxHours`, or `nil`.
  public static func maxHoursProblem(_ v: Double) -> String? {
    v > 0 && v <= maxHoursLimit
      ? nil
      : "must be a number greater than 0 and at most 8784 (the hours of a year); got \(v.isFinite ? formatNumber(v) : String(v))"
  }

  /// What is wrong with `maxExcludedShare`, or `nil`.
  public static func maxExcludedShareProblem(_ v: Double) -> String? {
    v > 0 && v <= 1
      ? nil : "must be greater than 0 and at most 1 (e.g. 0.2); got \(v.isFinite ? formatNumber(v) : String(v))"
  }
}

/// Everything a reach analysis accumulated — what a partial result carries
/// and `impact merge` combines. Shards must partition the hour log and the
/// registry by volunteer id and the beneficiary file by beneficiary id.
public struct ReachState: Sendable, Codable {
  public struct Group: Sendable, Codable, MergeableGroup {
    public var column: String
    public var value: String
    public var accumulator: ReachAccumulator
    /// The group's volunteers, hashed (partials only; `nil` with `--trust-sharding`).
    public var volunteerTable: VolunteerTable?

    /// A group's sums never exceed the overall ones (its records are a
    /// subset), so the overall merge's check covers them; the result of
    /// this merge (never a trap) needs no check of its own.
    mutating func absorb(_ other: Group) { _ = accumulator.merge(other.accumulator) }
  }

  public var overall: ReachAccumulator
  public var groups: [Group]
  public var by: [String]
  public var hasRegistry: Bool
  public var hasBeneficiaries: Bool
  public var exclusions: ReachExclusions
  public var inputs: [InputFileInfo]
  /// The volunteers and beneficiaries as 64-bit id hashes (partials only,
  /// to refuse overlapping shards and to merge time cuts; `nil` in a
  /// partial written with `--trust-sharding`).
  public var volunteerTable: VolunteerTable?
  public var beneficiaryHashes: IdHashList?
  /// Options that shape the figures (must agree between partials).
  public var options: [String: String]
  /// `--from`/`--to` as period indices, when given.
  public var spanFrom: Int?
  public var spanTo: Int?
  /// First and last day (YYYYMMDD) of the records analysed (hour log and
  /// beneficiary file); merged by min/max. Absent in partials of older
  /// versions (then no period is flagged partial).
  public var recordsFrom: Int?
  public var recordsTo: Int?
  /// The window the user stated (YYYYMMDD): `--from`, and the earlier of
  /// `--to` and an explicit `--as-of`.
  public var windowFrom: Int?
  public var windowTo: Int?
  /// How the date columns were read (detected or given).
  public var dateReadings: [DateReading]?

  /// The days the data cover: from `--from` (else the first record) to the
  /// earlier of `--to` and `--as-of` when either is given (else the last
  /// record). `nil` when unknown.
  public var coverage: ReachCoverage? {
    guard let lo = windowFrom ?? recordsFrom, let hi = windowTo ?? recordsTo, let a = day(lo), let b = day(hi), a <= b
    else { return nil }
    return ReachCoverage(
      from: a, to: b, fromBasis: windowFrom == nil ? "first record" : "--from",
      toBasis: windowTo == nil
        ? "last record"
        : options["to"] == nil ? "--as-of" : (options["as_of_given"] == "true" ? "--to/--as-of" : "--to"))
  }

  func day(_ ordinal: Int) -> CalendarDay? {
    CalendarDay(year: ordinal / 10_000, month: ordinal / 100 % 100, day: ordinal % 100)
  }

  /// Combines another shard's state; every sum is overflow-checked.
  public func merged(with o: ReachState) throws(IngestError) -> ReachState {
    var r = self
    let ok = r.overall.merge(o.overall)
    r.groups = mergedGroups(groups, o.groups, by: by)
    if !ok || r.overall.totalMicroHours == nil {
      throw IngestError(
        .value, file: o.inputs.first?.path ?? "partial",
        message:
          "merging this shard's partial makes a sum overflow (hours beyond 9,223,372,036,854 or counts beyond 2^63)",
        hint: "check the shards' inputs: the partials cannot hold the figures of real data")
    }
    r.exclusions.merge(o.exclusions)
    r.inputs = mergedInputs(inputs, o.inputs)
    // The ids are checked and counted by `MergeJob`.
    r.volunteerTable = nil
    r.beneficiaryHashes = nil
    if let f = o.recordsFrom { r.recordsFrom = min(recordsFrom ?? f, f) }
    if let t = o.recordsTo { r.recordsTo = max(recordsTo ?? t, t) }
    if let d = o.dateReadings {
      var all = r.dateReadings ?? []
      for x in d where !all.contains(x) { all.append(x) }
      r.dateReadings = all
    }
    return r
  }
}

/// Runs `impact reach`: one parallel pass over the hour log aggregating by
/// (volunteer, period) with exact integer micro-hours, then the figures.
public enum ReachJob {
  static let volunteerNames = ["volunteer_id", "volunteer", "志愿者编号", "志愿者id", "志愿者ID", "volunteerid"]
  static let dateNames = ["date", "service_date", "activity_date", "日期", "服务日期", "活动日期"]
  static let hoursNames = ["hours", "service_hours", "duration_hours", "时长", "服务时长", "小时数", "志愿时长"]
  static let teamNames = ["team", "sub_team", "subteam", "队伍", "分队", "团队"]
  static let projectNames = ["project", "program", "programme", "项目", "活动项目"]
  static let beneficiaryCountNames = ["beneficiaries", "people_served", "served", "受益人数", "服务人数"]
  static let universityNames = ["university", "school", "college", "高校", "学校", "院校"]
  static let beneficiaryIdNames = ["beneficiary_id", "person_id", "participant_id", "受益人编号", "id"]
  static let registeredNames = ["registered", "registration_date", "registered_date", "注册日期", "注册时间"]

  public static func run(_ request: ReachRequest) throws(IngestError) -> ReachReport {
    report(
      try accumulate(request, keepIds: false), confidence: request.confidence, top: request.top,
      deterministic: request.deterministic)
  }

  /// Reads and aggregates every input; the figures come later (`report`).
  /// `keepIds`: the state is a partial result, with the volunteers' and
  /// beneficiaries' id hashes unless `trustSharding`.
  public static func accumulate(_ request: ReachRequest, keepIds: Bool, trustSharding: Bool = false)
    throws(IngestError) -> ReachState
  {
    var clock = PhaseClock()
    if let problem = ReachRequest.maxHoursProblem(request.maxHours) {
      throw IngestError(
        .usage, file: request.hours, message: "max hours \(problem)", hint: "pass --max-hours between 1 and 8784")
    }
    if let problem = ReachRequest.maxExcludedShareProblem(request.maxExcludedShare) {
      throw IngestError(
        .usage, file: request.hours, message: "max excluded share \(problem)", hint: "pass --max-excluded-share 0.2")
    }
    if let (option, problem) = request.volunteerFigures.problem {
      throw IngestError(
        .usage, file: request.hours, message: "\(option) \(problem)",
        hint: "pass --\(option.replacingOccurrences(of: "_", with: "-")) (config \(option)) as the README describes")
    }
    let asOf = request.asOf ?? today()
    let file = try CSVFile(path: request.hours, options: request.csv)
    let cols = try resolveHours(file, request: request)
    var readings: [DateReading] = []
    var log = try readDates(file, column: cols.date, request: request, notes: &readings) {
      (format) throws(IngestError) in
      let log = try HoursAggregation.read(file, columns: cols, request: request, asOf: asOf, dateFormat: format)
      return (log, log.dateEvidence)
    }
    try checkExclusions(log.exclusions, rows: log.rows, file: file, role: .hours, request: request)
    try checkFarOutside(log.dates, file: file, column: cols.date, request: request)
    clock.mark("read hours")
    // Each input's SHA-256 digest is computed on another thread from the
    // moment the input has been read, while the next input is read and the
    // figures are aggregated (the serial steps leave a core free). Wait for
    // them on every way out, errors included: a process that exits while
    // another thread is inside OpenSSL crashes in its exit handlers.
    var digests = [BackgroundDigest(file.path)]
    defer { for d in digests { _ = d.value } }
    var inputs = [(file, "hours", log.rows)]
    var registry: RegistryAggregation?
    if let path = request.registry {
      let rf = try CSVFile(path: path, options: request.csv)
      let column = try RegistryAggregation.dateColumn(rf, request: request)
      let reg = try readDates(rf, column: column, request: request, notes: &readings) { (format) throws(IngestError) in
        let r = try RegistryAggregation.read(rf, request: request, asOf: asOf, grain: request.grain, dateFormat: format)
        return (r, r.dateEvidence)
      }
      registry = reg
      digests.append(BackgroundDigest(rf.path))
      inputs.append((rf, "registry", reg.rows))
      log.exclusions.merge(reg.exclusions)
    }
    var beneficiaries: BeneficiaryAggregation?
    if let path = request.beneficiaries {
      let bf = try CSVFile(path: path, options: request.csv)
      let column = try BeneficiaryAggregation.dateColumn(bf, request: request)
      let b = try readDates(bf, column: column, request: request, notes: &readings) { (format) throws(IngestError) in
        let b = try BeneficiaryAggregation.read(bf, request: request, asOf: asOf, dateFormat: format)
        return (b, b.dateEvidence)
      }
      try checkExclusions(b.exclusions, rows: b.rows, file: bf, role: .beneficiaries, request: request)
      try checkFarOutside(b.dates, file: bf, column: column, request: request)
      beneficiaries = b
      digests.append(BackgroundDigest(bf.path))
      inputs.append((bf, "beneficiaries", b.rows))
      log.exclusions.merge(b.exclusions)
    }
    clock.mark("read registry and beneficiaries")
    let span = reportSpan(log: log, beneficiaries: beneficiaries, request: request)
    var overall = try log.overall(span: span, registry: registry, beneficiaries: beneficiaries)
    clock.mark("aggregate overall")
    overall.volunteerFigures = log.volunteerFigureCounts(
      span: span, thresholds: request.volunteerFigures.starMicroHours)
    clock.mark("volunteer figures")
    let hashed = keepIds && !trustSharding
    var groups: [ReachState.Group] = []
    for (g, name) in log.byNames.enumerated() {
      let tables = hashed ? log.groupVolunteerTables(g, span: span) : [:]
      for (value, acc) in log.groupAccumulators(g, span: span) {
        groups.append(
          ReachState.Group(column: name, value: value, accumulator: acc, volunteerTable: hashed ? tables[value] : nil))
      }
    }
    clock.mark("aggregate groups")
    let infos = zip(inputs, digests).map { i, d in info(i.0, role: i.1, rows: i.2, sha256: d.value) }
    clock.mark("input digests")
    var extent = log.dates
    if let b = beneficiaries {
      if let f = b.dates.first { extent.first = min(extent.first ?? f, f) }
      if let l = b.dates.last { extent.last = max(extent.last ?? l, l) }
    }
    var windowTo: Int? = request.to?.ordinal
    if request.asOf != nil || request.to != nil { windowTo = min(windowTo ?? Int.max, asOf.ordinal) }
    return ReachState(
      overall: overall, groups: groups, by: request.by, hasRegistry: registry != nil,
      hasBeneficiaries: beneficiaries != nil, exclusions: log.exclusions.canonicalized(), inputs: infos,
      volunteerTable: hashed ? log.volunteerTable(span: span, registry: registry) : nil,
      beneficiaryHashes: hashed ? IdHashList(hashing: beneficiaries?.idStrings ?? []) : nil,
      options: partialOptions(request, asOf: asOf), spanFrom: request.from.map { request.grain.index(of: $0) },
      spanTo: request.to.map { request.grain.index(of: $0) }, recordsFrom: extent.first, recordsTo: extent.last,
      windowFrom: request.from?.ordinal, windowTo: windowTo, dateReadings: readings)
  }

  // MARK: - Dates

  /// Reads an input with the date format given, or detected for its date
  /// column: from the first 1,000 rows, then — when the full read meets
  /// day-first or month-first values the sample did not show — once more
  /// with the format all the values decide. A detected non-year-first
  /// format is noted in `notes`.
  static func readDates<T>(
    _ file: CSVFile, column: Int?, request: ReachRequest, notes: inout [DateReading],
    _ read: (DateFormat) throws(IngestError) -> (T, DateEvidence)
  ) throws(IngestError) -> T {
    if let given = request.dateFormat {
      if let column {
        notes.append(
          DateReading(
            file: file.path, column: file.header[column], format: given.pattern, order: given.order.rawValue,
            basis: "--date-format"))
      }
      return try read(given).0
    }
    guard let column else { return try read(.yearFirst).0 }
    var sample = DateEvidence()
    for (i, row) in try file.sample(maxRecords: 1_000).enumerated() where column < row.count {
      sample.add(row[column], line: file.dataStartLine + i)
    }
    let name = file.header[column]
    var format = try decide(sample, file: file, column: name)
    var (result, evidence) = try read(format?.0 ?? .yearFirst)
    if !evidence.isEmpty {
      switch format?.0.order {
      case nil, .yearFirst?:
        // Day-first or month-first values after the sample: decide on all of them.
        if let better = try decide(evidence, file: file, column: name) {
          format = better
          result = try read(better.0).0
        }
      case .dayFirst?:
        if evidence.monthFirstOnly > 0 { throw mixedDates(sample.absorbing(evidence), file: file, column: name) }
      case .monthFirst?:
        if evidence.dayFirstOnly > 0 { throw mixedDates(sample.absorbing(evidence), file: file, column: name) }
      }
    }
    if let (f, basis) = format {
      notes.append(DateReading(file: file.path, column: name, format: f.pattern, order: f.order.rawValue, basis: basis))
    }
    return result
  }

  /// The format the evidence decides (`nil`: year-first), or the error that
  /// asks for `--date-format`.
  static func decide(_ e: DateEvidence, file: CSVFile, column: String) throws(IngestError) -> (DateFormat, String)? {
    switch e.decision {
    case .yearFirst: return nil
    case .format(let f, let basis): return (f, basis)
    case .mixed: throw mixedDates(e, file: file, column: column)
    case .ambiguous:
      let examples = e.ambiguousExamples.map { "'\($0.text)' (line \($0.line))" }.joined(separator: ", ")
      throw IngestError(
        .value, file: file.path, columnName: column,
        message:
          "the dates in column '\(column)' read both day-first and month-first: \(examples) — every such value has day and month ≤ 12, so the order cannot be told",
        hint: "say how they are written, e.g. --date-format %d/%m/%Y or --date-format %m/%d/%Y (config date_format)")
    }
  }

  static func mixedDates(_ e: DateEvidence, file: CSVFile, column: String) -> IngestError {
    let d = e.dayFirstExample.map { "'\($0.text)' (line \($0.line)) can only be day-first" } ?? ""
    let m = e.monthFirstExample.map { "'\($0.text)' (line \($0.line)) can only be month-first" } ?? ""
    return IngestError(
      .value, file: file.path, columnName: column,
      message: "column '\(column)' mixes day-first and month-first dates: \(d); \(m)",
      hint:
        "correct the export so the column uses one order, or pass --date-format to read one order (the other values are then excluded as invalid dates)"
    )
  }

  // MARK: - Guards

  enum InputRole {
    case hours, beneficiaries

    /// Exclusion reasons that count against `maxExcludedShare`, with what to check.
    var reasons: [(String, String)] {
      switch self {
      case .hours:
        return [
          ("malformed_row", "check the delimiter and quoting (--delimiter)"),
          ("missing_volunteer_id", "check the volunteer id column (--volunteer-col)"),
          ("invalid_date", "check the date column (--date-col) and how dates are written (--date-format)"),
          ("future_date", "check the dates and --as-of (records after it are future)"),
          ("invalid_hours", "check the hours column (--hours-col) and how numbers are written"),
          ("negative_hours", "check the hours column (--hours-col)"),
          ("hours_above_max", "check the unit of the hours column (minutes?) or raise --max-hours"),
        ]
      case .beneficiaries:
        return [
          ("beneficiaries_malformed_row", "check the delimiter and quoting (--delimiter)"),
          ("beneficiaries_missing_id", "check the beneficiary id column (--beneficiary-id-col)"),
          ("beneficiaries_invalid_date", "check the date column and how dates are written (--date-format)"),
          ("beneficiaries_future_date", "check the dates and --as-of (rows after it are future)"),
        ]
      }
    }
  }

  /// Stops when more than `maxExcludedShare` of an input's records is
  /// excluded for one reason (`future_date` only when `--as-of` is today:
  /// an explicit `--as-of` cuts records on purpose).
  static func checkExclusions(
    _ e: ReachExclusions, rows: Int, file: CSVFile, role: InputRole, request: ReachRequest
  ) throws(IngestError) {
    let malformed = e.counts[role == .hours ? "malformed_row" : "beneficiaries_malformed_row"] ?? 0
    let total = rows + malformed
    guard total > 0 else { return }
    for (reason, fix) in role.reasons {
      if reason.hasSuffix("future_date") && request.asOf != nil { continue }
      let n = e.counts[reason] ?? 0
      let share = Double(n) / Double(total)
      guard share > request.maxExcludedShare else { continue }
      let examples = e.examples.filter { $0.reason == reason && $0.file == file.path }.prefix(3)
        .map { "line \($0.line) '\($0.value)'" }.joined(separator: ", ")
      throw IngestError(
        .value, file: file.path,
        message:
          "\(n) of \(total) \(role == .hours ? "records" : "rows") (\(percent(share))) would be excluded as \(reason), more than --max-excluded-share \(formatNumber(request.maxExcludedShare)) allows; e.g. \(examples)",
        hint: "\(fix); or raise --max-excluded-share (config max_excluded_share) if the exclusions are intended")
    }
  }

  static func percent(_ share: Double) -> String {
    let p = (share * 1000).rounded() / 10
    return "\(formatNumber(p))%"
  }

  /// Stops when records are dated far outside the bulk of the data (a
  /// mistyped year such as 0024): see `DateExtent.farOutside`.
  static func checkFarOutside(_ d: DateExtent, file: CSVFile, column: Int, request: ReachRequest) throws(IngestError) {
    guard let far = d.farOutside(lowerAccepted: request.from != nil, upperAccepted: request.to != nil) else { return }
    let n = far.years.reduce(0) { $0 + d.yearCounts[$1] }
    let examples = far.years.prefix(5).compactMap { d.firstOfYear[$0] }.map { "line \($0.line) '\($0.value)'" }
      .joined(separator: ", ")
    throw IngestError(
      .value, file: file.path, columnName: file.header[column],
      message:
        "\(n) record\(n == 1 ? " is" : "s are") dated far outside the bulk of the data (\(far.bulk.lowerBound)–\(far.bulk.upperBound)): \(examples) — a mistyped year would add a period for every year in between",
      hint:
        "correct the dates, or pass --from/--to (config from, to) to analyse a window; records outside it are excluded and counted"
    )
  }

  /// The figures of an accumulated (or merged) state.
  public static func report(_ state: ReachState, confidence: Double, top: Int, deterministic: Bool) -> ReachReport {
    var overall = state.overall
    // Distinct volunteers per team / project come from the breakdowns.
    for g in state.groups where g.column == "team" {
      overall.teamTotals[g.value]?.volunteers = g.accumulator.volunteers
    }
    for g in state.groups where g.column == "project" {
      overall.projectTotals[g.value]?.volunteers = g.accumulator.volunteers
    }
    var span: ClosedRange<Int>? = overall.activityRange
    if let f = state.spanFrom { span = f...max(f, span?.upperBound ?? f) }
    if let t = state.spanTo, let s = span { span = min(s.lowerBound, t)...t }
    let coverage = state.coverage
    let days = coverage.map { $0.from...$0.to }
    let includePartial = state.options["include_partial"] == "true"
    let result = ReachResult(
      overall, span: span, hasRegistry: state.hasRegistry, hasBeneficiaries: state.hasBeneficiaries,
      confidence: confidence, top: top, coverage: days, includePartial: includePartial)
    let groups = state.groups.map {
      ReachGroupResult(
        column: $0.column, value: $0.value,
        result: ReachResult(
          $0.accumulator, span: span, hasRegistry: false, hasBeneficiaries: false, confidence: confidence, top: 0,
          coverage: days, includePartial: includePartial))
    }
    let volunteers = VolunteerFigureOptions(partialOptions: state.options).flatMap {
      VolunteerFigures(overall, result: result, options: $0, reference: coverage?.to)
    }
    var options: [(String, JSONValue)] = state.options.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }
    options.append(("by", .array(state.by.map { .string($0) })))
    return ReachReport(
      toolVersion: ImpactVersion.current, generatedAt: deterministic ? nil : isoNow(), inputs: state.inputs,
      options: options, overall: result, groups: groups, exclusions: state.exclusions, coverage: coverage,
      dateReadings: state.dateReadings ?? [], volunteers: volunteers)
  }

  // MARK: - Columns

  struct HoursColumns: Sendable {
    var volunteer: Int
    var date: Int
    var hours: Int
    var team: Int?
    var project: Int?
    var beneficiaries: Int?
    var by: [Int]
    var byNames: [String]
  }

  static func pick(_ explicit: String?, _ names: [String], in file: CSVFile, role: String, required: Bool)
    throws(IngestError) -> Int?
  {
    if let explicit { return try ColumnResolver.resolve(explicit, in: file, role: role) }
    for n in names {
      if let i = file.header.firstIndex(where: { ColumnResolver.lastComponent($0).lowercased() == n.lowercased() }) {
        return i
      }
    }
    if required {
      throw IngestError(
        .header, file: file.path, line: file.headerLine,
        message:
          "no \(role) column found (looked for \(names.prefix(4).joined(separator: ", ")); the header has \(file.header.prefix(10).joined(separator: ", ")))",
        hint: "name it with --\(role)-col")
    }
    return nil
  }

  static func resolveHours(_ file: CSVFile, request r: ReachRequest) throws(IngestError) -> HoursColumns {
    let c = r.columns
    guard let v = try pick(c.volunteer, volunteerNames, in: file, role: "volunteer", required: true),
      let d = try pick(c.date, dateNames, in: file, role: "date", required: true),
      let h = try pick(c.hours, hoursNames, in: file, role: "hours", required: true)
    else { throw IngestError(.header, file: file.path, message: "missing columns", hint: "") }
    let team = try pick(c.team, teamNames, in: file, role: "team", required: false)
    let project = try pick(c.project, projectNames, in: file, role: "project", required: false)
    let ben = try pick(c.beneficiaries, beneficiaryCountNames, in: file, role: "beneficiaries", required: false)
    var by: [Int] = []
    for name in r.by {
      switch name {
      case "team":
        guard let team else { throw missingBy(name, file) }
        by.append(team)
      case "project":
        guard let project else { throw missingBy(name, file) }
        by.append(project)
      case "university":
        guard let u = try pick(c.university, universityNames, in: file, role: "university", required: false) else {
          throw missingBy(name, file)
        }
        by.append(u)
      default:
        by.append(try ColumnResolver.resolve(name, in: file, role: "--by"))
      }
    }
    return HoursColumns(
      volunteer: v, date: d, hours: h, team: team, project: project, beneficiaries: ben, by: by, byNames: r.by)
  }

  static func missingBy(_ name: String, _ file: CSVFile) -> IngestError {
    IngestError(
      .header, file: file.path, line: file.headerLine, message: "--by \(name): no such column in the hour log",
      hint: "map it with --\(name)-col, or use --by with the column's header name")
  }

  static func reportSpan(log: HoursAggregation, beneficiaries: BeneficiaryAggregation?, request: ReachRequest)
    -> ClosedRange<Int>?
  {
    let g = request.grain
    var lo = log.minPeriod
    var hi = log.maxPeriod
    if let b = beneficiaries {
      lo = min(lo ?? b.minPeriod ?? 0, b.minPeriod ?? lo ?? 0)
      hi = max(hi ?? b.maxPeriod ?? 0, b.maxPeriod ?? hi ?? 0)
    }
    if let f = request.from { lo = g.index(of: f) }
    if let t = request.to { hi = g.index(of: t) }
    guard let lo, let hi, lo <= hi else { return nil }
    return lo...hi
  }

  static func info(_ f: CSVFile, role: String, rows: Int, sha256: String?) -> InputFileInfo {
    InputFileInfo(file: f, role: role, rows: rows, sha256: sha256)
  }

  static func partialOptions(_ r: ReachRequest, asOf: CalendarDay) -> [String: String] {
    var o: [String: String] = [
      "period": r.grain.rawValue, "as_of": asOf.description, "max_hours": formatNumber(r.maxHours),
      "drop_duplicates": r.dropDuplicates ? "true" : "false", "on_bad_row": r.onBadRow.rawValue,
      "confidence": formatNumber(r.confidence), "include_partial": r.includePartial ? "true" : "false",
      "as_of_given": r.asOf != nil ? "true" : "false", "max_excluded_share": formatNumber(r.maxExcludedShare),
    ]
    if let f = r.dateFormat { o["date_format"] = f.pattern }
    o.merge(r.volunteerFigures.partialOptions) { a, _ in a }
    if let f = r.from { o["from"] = f.description }
    if let t = r.to { o["to"] = t.description }
    return o
  }

  static func today() -> CalendarDay {
    CalendarDay(dayNumber: Int32(Int(Date().timeIntervalSince1970) / 86_400))
  }
}

/// The SHA-256 of a file, computed on a global-queue thread from creation;
/// `value` waits for it.
final class BackgroundDigest: Sendable {
  private let done = DispatchSemaphore(value: 0)
  private let result = Mutex<String?>(nil)

  init(_ path: String) {
    DispatchQueue.global().async { [self] in
      let digest = SHA256.hex(file: path)
      result.withLock { $0 = digest }
      done.signal()
    }
  }

  /// The digest (`nil` when the file could not be read), once computed.
  var value: String? {
    done.wait()
    done.signal()
    return result.withLock { $0 }
  }
}
