public import ImpactCore
public import ImpactStats

/// One excluded (or noted) input value with where it was.
public struct ReachProblem: Sendable, Equatable, Codable {
  public var file: String
  public var reason: String
  public var line: Int
  public var value: String

  public init(file: String, reason: String, line: Int, value: String) {
    self.file = file
    self.reason = reason
    self.line = line
    self.value = value
  }
}

/// What was excluded from the reach figures and why: counts per reason and
/// examples (file:line) of each.
///
/// The examples kept do not depend on how the data were chunked or sharded:
/// per file and reason, the records on the first lines (`limit(_:)` of them),
/// listed by file, line and reason — the first lines of a union are the first
/// lines of the parts' first lines, so merged shards list the single run's.
public struct ReachExclusions: Sendable, Equatable, Codable {
  /// Reason → count. Reasons ending in `_note` did not exclude the record.
  public var counts: [String: Int] = [:]
  public var examples: [ReachProblem] = []
  public static let examplesPerReason = 5

  /// Skipped malformed rows are listed up to 20 per file; other reasons up to 5.
  static func limit(_ reason: String) -> Int { reason.hasSuffix("malformed_row") ? 20 : examplesPerReason }

  public init() {}

  /// Counts a record; keeps it as an example while its reason has fewer than
  /// `limit(reason)` (records must come in line order, one file per value).
  public mutating func record(_ reason: String, file: String, line: Int, value: String) {
    counts[reason, default: 0] += 1
    if counts[reason, default: 0] <= Self.limit(reason) {
      examples.append(ReachProblem(file: file, reason: reason, line: line, value: value))
    }
  }

  /// Adds another chunk's or shard's exclusions (in any order).
  public mutating func merge(_ o: ReachExclusions) {
    for (r, c) in o.counts { counts[r, default: 0] += c }
    examples = Self.canonical(examples + o.examples)
  }

  /// The same exclusions with the examples in their canonical order.
  public func canonicalized() -> ReachExclusions {
    var e = self
    e.examples = Self.canonical(examples)
    return e
  }

  /// `examples` sorted by file, line, reason and value, keeping per file and
  /// reason the `limit(reason)` first.
  static func canonical(_ list: [ReachProblem]) -> [ReachProblem] {
    var taken: [String: Int] = [:]
    var out: [ReachProblem] = []
    let sorted = list.sorted { ($0.file, $0.line, $0.reason, $0.value) < ($1.file, $1.line, $1.reason, $1.value) }
    for e in sorted {
      let key = e.file + "\u{0}" + e.reason
      let n = taken[key, default: 0]
      if n < limit(e.reason) {
        out.append(e)
        taken[key] = n + 1
      }
    }
    return out
  }

  /// Records excluded (notes not counted).
  public var excludedRecords: Int {
    counts.filter { !$0.key.hasSuffix("_note") }.values.reduce(0, +)
  }
}

/// How the dates of one column were read: a format given with
/// `--date-format`, or detected from the values (year-first columns, the
/// default, are not listed unless the format was given).
public struct DateReading: Sendable, Equatable, Codable {
  public var file: String
  public var column: String
  /// `%d/%m/%Y`, …
  public var format: String
  /// `year-first`, `day-first` or `month-first`.
  public var order: String
  /// `--date-format`, or why the values decide the order.
  public var basis: String

  public init(file: String, column: String, format: String, order: String, basis: String) {
    self.file = file
    self.column = column
    self.format = format
    self.order = order
    self.basis = basis
  }

  /// One line for stderr.
  public var summary: String {
    basis == "--date-format"
      ? "dates in \(file) column '\(column)' read as \(format) (--date-format)"
      : "dates in \(file) column '\(column)' read \(order) (\(format)): \(basis)"
  }
}

/// The days the data cover, and what says so: a period not wholly inside
/// is partial.
public struct ReachCoverage: Sendable, Equatable {
  public var from: CalendarDay
  public var to: CalendarDay
  /// `first record` or `--from`.
  public var fromBasis: String
  /// `last record`, `--to` or `--to/--as-of`.
  public var toBasis: String

  public init(from: CalendarDay, to: CalendarDay, fromBasis: String, toBasis: String) {
    self.from = from
    self.to = to
    self.fromBasis = fromBasis
    self.toBasis = toBasis
  }
}

/// A breakdown group (`--by team` → team = 天文小组).
public struct ReachGroupResult: Sendable {
  public var column: String
  public var value: String
  public var result: ReachResult

  public init(column: String, value: String, result: ReachResult) {
    self.column = column
    self.value = value
    self.result = result
  }
}

/// Everything `impact reach` writes.
public struct ReachReport: Sendable {
  public var toolVersion: String
  public var generatedAt: String?
  public var inputs: [InputFileInfo]
  public var options: [(String, JSONValue)]
  public var overall: ReachResult
  public var groups: [ReachGroupResult]
  public var exclusions: ReachExclusions
  /// The days the data cover (`nil`: unknown, e.g. merged old partials).
  public var coverage: ReachCoverage?
  /// Date columns read with a given or detected non-default format.
  public var dateReadings: [DateReading]
  /// Star levels, cohorts, lapsed volunteers, value, FTE and the hours
  /// distribution (`nil`: merged partials of older versions).
  public var volunteers: VolunteerFigures?

  public init(
    toolVersion: String, generatedAt: String?, inputs: [InputFileInfo], options: [(String, JSONValue)],
    overall: ReachResult, groups: [ReachGroupResult], exclusions: ReachExclusions, coverage: ReachCoverage? = nil,
    dateReadings: [DateReading] = [], volunteers: VolunteerFigures? = nil
  ) {
    self.volunteers = volunteers
    self.coverage = coverage
    self.dateReadings = dateReadings
    self.toolVersion = toolVersion
    self.generatedAt = generatedAt
    self.inputs = inputs
    self.options = options
    self.overall = overall
    self.groups = groups
    self.exclusions = exclusions
  }
}
