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
/// the first examples (file:line) of each.
public struct ReachExclusions: Sendable, Equatable, Codable {
  /// Reason → count. Reasons ending in `_note` did not exclude the record.
  public var counts: [String: Int] = [:]
  public var examples: [ReachProblem] = []
  public static let examplesPerReason = 5

  /// Skipped malformed rows are listed up to 20; other reasons up to 5.
  static func limit(_ reason: String) -> Int { reason.hasSuffix("malformed_row") ? 20 : examplesPerReason }

  public init() {}

  public mutating func record(_ reason: String, file: String, line: Int, value: String) {
    counts[reason, default: 0] += 1
    if counts[reason, default: 0] <= Self.limit(reason) {
      examples.append(ReachProblem(file: file, reason: reason, line: line, value: value))
    }
  }

  /// Adds another chunk's exclusions (examples keep file order if `self` came first).
  public mutating func merge(_ o: ReachExclusions) {
    for (r, c) in o.counts { counts[r, default: 0] += c }
    for e in o.examples
    where examples.filter({ $0.reason == e.reason && $0.file == e.file }).count < Self.examplesPerReason {
      examples.append(e)
    }
  }

  /// Records excluded (notes not counted).
  public var excludedRecords: Int {
    counts.filter { !$0.key.hasSuffix("_note") }.values.reduce(0, +)
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

  public init(
    toolVersion: String, generatedAt: String?, inputs: [InputFileInfo], options: [(String, JSONValue)],
    overall: ReachResult, groups: [ReachGroupResult], exclusions: ReachExclusions
  ) {
    self.toolVersion = toolVersion
    self.generatedAt = generatedAt
    self.inputs = inputs
    self.options = options
    self.overall = overall
    self.groups = groups
    self.exclusions = exclusions
  }
}
