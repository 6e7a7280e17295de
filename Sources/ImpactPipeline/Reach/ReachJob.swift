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

  public init(hours: String) { self.hours = hours }
}

/// Everything a reach analysis accumulated — what a partial result carries
/// and `impact merge` combines. Shards must partition the hour log and the
/// registry by volunteer id and the beneficiary file by beneficiary id.
public struct ReachState: Sendable, Codable {
  public struct Group: Sendable, Codable, MergeableGroup {
    public var column: String
    public var value: String
    public var accumulator: ReachAccumulator

    mutating func absorb(_ other: Group) { accumulator.merge(other.accumulator) }
  }

  public var overall: ReachAccumulator
  public var groups: [Group]
  public var by: [String]
  public var hasRegistry: Bool
  public var hasBeneficiaries: Bool
  public var exclusions: ReachExclusions
  public var inputs: [InputFileInfo]
  /// Sorted volunteer and beneficiary ids (to refuse overlapping shards).
  public var volunteerIds: [String]
  public var beneficiaryIds: [String]
  /// Options that shape the figures (must agree between partials).
  public var options: [String: String]
  /// `--from`/`--to` as period indices, when given.
  public var spanFrom: Int?
  public var spanTo: Int?

  public func merged(with o: ReachState) -> ReachState {
    var r = self
    r.overall.merge(o.overall)
    r.groups = mergedGroups(groups, o.groups, by: by)
    r.exclusions.merge(o.exclusions)
    r.inputs = mergedInputs(inputs, o.inputs)
    r.volunteerIds = mergeSorted(volunteerIds, o.volunteerIds)
    r.beneficiaryIds = mergeSorted(beneficiaryIds, o.beneficiaryIds)
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
  public static func accumulate(_ request: ReachRequest, keepIds: Bool) throws(IngestError) -> ReachState {
    var clock = PhaseClock()
    let asOf = request.asOf ?? today()
    let file = try CSVFile(path: request.hours, options: request.csv)
    let cols = try resolveHours(file, request: request)
    var log = try HoursAggregation.read(file, columns: cols, request: request, asOf: asOf)
    clock.mark("read hours")
    var inputs = [(file, "hours", log.rows)]
    var registry: RegistryAggregation?
    if let path = request.registry {
      let rf = try CSVFile(path: path, options: request.csv)
      registry = try RegistryAggregation.read(rf, request: request, asOf: asOf, grain: request.grain)
      inputs.append((rf, "registry", registry?.rows ?? 0))
      log.exclusions.merge(registry?.exclusions ?? ReachExclusions())
    }
    var beneficiaries: BeneficiaryAggregation?
    if let path = request.beneficiaries {
      let bf = try CSVFile(path: path, options: request.csv)
      beneficiaries = try BeneficiaryAggregation.read(bf, request: request, asOf: asOf)
      inputs.append((bf, "beneficiaries", beneficiaries?.rows ?? 0))
      log.exclusions.merge(beneficiaries?.exclusions ?? ReachExclusions())
    }
    clock.mark("read registry and beneficiaries")
    // The inputs' SHA-256 digests are computed on other threads while the
    // (single-threaded) aggregation runs; reading needs both cores itself.
    let digests = inputs.map { BackgroundDigest($0.0.path) }
    let span = reportSpan(log: log, beneficiaries: beneficiaries, request: request)
    let overall = log.overall(span: span, registry: registry, beneficiaries: beneficiaries)
    var groups: [ReachState.Group] = []
    for (g, name) in log.byNames.enumerated() {
      for (value, acc) in log.groupAccumulators(g, span: span) {
        groups.append(ReachState.Group(column: name, value: value, accumulator: acc))
      }
    }
    clock.mark("aggregate")
    let infos = zip(inputs, digests).map { i, d in info(i.0, role: i.1, rows: i.2, sha256: d.value) }
    clock.mark("input digests")
    return ReachState(
      overall: overall, groups: groups, by: request.by, hasRegistry: registry != nil,
      hasBeneficiaries: beneficiaries != nil, exclusions: log.exclusions.canonicalized(), inputs: infos,
      volunteerIds: keepIds ? log.vids.strings.sorted() : [],
      beneficiaryIds: keepIds ? (beneficiaries?.idStrings.sorted() ?? []) : [],
      options: partialOptions(request, asOf: asOf), spanFrom: request.from.map { request.grain.index(of: $0) },
      spanTo: request.to.map { request.grain.index(of: $0) })
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
    let result = ReachResult(
      overall, span: span, hasRegistry: state.hasRegistry, hasBeneficiaries: state.hasBeneficiaries,
      confidence: confidence, top: top)
    let groups = state.groups.map {
      ReachGroupResult(
        column: $0.column, value: $0.value,
        result: ReachResult(
          $0.accumulator, span: span, hasRegistry: false, hasBeneficiaries: false, confidence: confidence, top: 0))
    }
    var options: [(String, JSONValue)] = state.options.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }
    options.append(("by", .array(state.by.map { .string($0) })))
    return ReachReport(
      toolVersion: ImpactVersion.current, generatedAt: deterministic ? nil : isoNow(), inputs: state.inputs,
      options: options, overall: result, groups: groups, exclusions: state.exclusions)
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
        .header, file: file.path, line: file.dataStartLine - 1,
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
      .header, file: file.path, line: file.dataStartLine - 1, message: "--by \(name): no such column in the hour log",
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
    InputFileInfo(
      role: role, path: f.path, bytes: f.originalSize, sha256: sha256, rows: rows,
      encoding: f.encoding.rawValue, delimiter: f.delimiter == 0x09 ? "tab" : String(UnicodeScalar(f.delimiter)))
  }

  static func partialOptions(_ r: ReachRequest, asOf: CalendarDay) -> [String: String] {
    var o: [String: String] = [
      "period": r.grain.rawValue, "as_of": asOf.description, "max_hours": formatNumber(r.maxHours),
      "drop_duplicates": r.dropDuplicates ? "true" : "false", "on_bad_row": r.onBadRow.rawValue,
      "confidence": formatNumber(r.confidence),
    ]
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
