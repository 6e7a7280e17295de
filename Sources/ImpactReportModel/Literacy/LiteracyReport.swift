public import ImpactCore
public import ImpactStats

/// An id that occurs on several lines of one wave.
public struct DuplicateId: Sendable, Equatable, Codable {
  public var wave: String
  public var id: String
  public var lines: [Int]

  public init(wave: String, id: String, lines: [Int]) {
    self.wave = wave
    self.id = id
    self.lines = lines
  }
}

/// A value problem in one wave.
public struct WaveValueProblem: Sendable, Equatable, Codable {
  public var wave: String
  public var problem: ValueProblem

  public init(_ wave: String, _ problem: ValueProblem) {
    self.wave = wave
    self.problem = problem
  }
}

/// A skipped row in one wave.
public struct WaveRowProblem: Sendable, Equatable, Codable {
  public var wave: String
  public var problem: RowProblem

  public init(_ wave: String, _ problem: RowProblem) {
    self.wave = wave
    self.problem = problem
  }
}

/// A line of one wave.
public struct WaveLine: Sendable, Equatable, Codable {
  public var wave: String
  public var line: Int

  public init(_ wave: String, _ line: Int) {
    self.wave = wave
    self.line = line
  }
}

/// Examples of what was excluded and why (counts are in `LiteracyCounts`,
/// except the unmatched answer labels, counted here per indicator and wave).
/// Lines refer to the file that was read (a shard's file after a merge,
/// unless the shards kept the original line numbers, as the Spark job does).
///
/// Which examples are kept does not depend on how the data were sharded:
/// each list keeps the smallest entries of a fixed order (`canonicalized()`),
/// and the smallest of a union are the smallest of the parts' smallest, so
/// `impact merge` of shards lists exactly the examples of the single run.
public struct LiteracyExclusions: Sendable, Codable {
  /// Per wave: the 20 duplicated ids first in sort order, with their lines.
  public var duplicateIds: [DuplicateId] = []
  /// Per wave and indicator: the values on the first 5 lines.
  public var nonNumeric: [WaveValueProblem] = []
  public var outOfScale: [WaveValueProblem] = []
  /// Per wave and indicator: the first 5 answers that match none of the
  /// indicator's declared labels.
  public var unmatchedLabel: [WaveValueProblem] = []
  /// Per indicator: answers matching none of its declared labels, per wave.
  public var unmatchedLabelPre: [Int] = []
  public var unmatchedLabelPost: [Int] = []
  /// Per wave: the first 20 skipped rows and rows with a blank id.
  public var skippedRows: [WaveRowProblem] = []
  public var blankIdLines: [WaveLine] = []
  /// The 20 ids first in sort order seen in only one wave.
  public var onlyPreIds: [String] = []
  public var onlyPostIds: [String] = []

  /// Entries kept per wave in the duplicate-id, skipped-row and blank-id lists
  /// and in each only-one-wave id list.
  public static let examplesPerWave = 20
  /// Value examples kept per wave and indicator.
  public static let valueExamplesPerIndicator = 5

  public init() {}

  /// Answers that matched no label, both waves, all indicators.
  public var unmatchedLabelTotal: Int { unmatchedLabelPre.reduce(0, +) + unmatchedLabelPost.reduce(0, +) }

  /// Adds another shard's examples and counts; the examples are then
  /// `canonicalized()`, so the order of merging does not matter.
  public mutating func merge(_ o: LiteracyExclusions) {
    duplicateIds += o.duplicateIds
    nonNumeric += o.nonNumeric
    outOfScale += o.outOfScale
    unmatchedLabel += o.unmatchedLabel
    unmatchedLabelPre = Self.sum(unmatchedLabelPre, o.unmatchedLabelPre)
    unmatchedLabelPost = Self.sum(unmatchedLabelPost, o.unmatchedLabelPost)
    skippedRows += o.skippedRows
    blankIdLines += o.blankIdLines
    onlyPreIds += o.onlyPreIds
    onlyPostIds += o.onlyPostIds
    self = canonicalized()
  }

  /// The examples a run keeps, in the order they are written: per wave
  /// (`pre` or `survey` before `post`), duplicated and only-one-wave ids in
  /// sort order, everything else by line (then indicator); each list cut to
  /// `examplesPerWave` per wave, value examples to `valueExamplesPerIndicator`
  /// per wave and indicator. Idempotent.
  public func canonicalized() -> LiteracyExclusions {
    var e = self
    e.duplicateIds = Self.smallest(
      duplicateIds, group: { $0.wave }, limit: Self.examplesPerWave,
      by: {
        (Self.waveRank($0.wave), $0.wave, $0.id, $0.lines.first ?? 0) < (
          Self.waveRank($1.wave), $1.wave, $1.id, $1.lines.first ?? 0
        )
      })
    e.nonNumeric = Self.smallestValues(nonNumeric)
    e.outOfScale = Self.smallestValues(outOfScale)
    e.unmatchedLabel = Self.smallestValues(unmatchedLabel)
    e.skippedRows = Self.smallest(
      skippedRows, group: { $0.wave }, limit: Self.examplesPerWave,
      by: {
        (Self.waveRank($0.wave), $0.wave, $0.problem.line, $0.problem.message)
          < (Self.waveRank($1.wave), $1.wave, $1.problem.line, $1.problem.message)
      })
    e.blankIdLines = Self.smallest(
      blankIdLines, group: { $0.wave }, limit: Self.examplesPerWave,
      by: { (Self.waveRank($0.wave), $0.wave, $0.line) < (Self.waveRank($1.wave), $1.wave, $1.line) })
    e.onlyPreIds = Array(Set(onlyPreIds).sorted().prefix(Self.examplesPerWave))
    e.onlyPostIds = Array(Set(onlyPostIds).sorted().prefix(Self.examplesPerWave))
    return e
  }

  /// The `limit` ids first in sort order among `ids` (any order, no
  /// duplicates expected), sorted.
  ///
  /// - Complexity: O(n log limit).
  public static func smallestIds<S: Sequence<String>>(_ ids: S) -> [String] {
    var kept: [String] = []
    for id in ids {
      if kept.count == examplesPerWave, let last = kept.last, id >= last { continue }
      var i = 0
      var j = kept.count
      while i < j {
        let m = (i + j) / 2
        if kept[m] < id { i = m + 1 } else { j = m }
      }
      if i < kept.count && kept[i] == id { continue }
      kept.insert(id, at: i)
      if kept.count > examplesPerWave { kept.removeLast() }
    }
    return kept
  }

  static func waveRank(_ wave: String) -> Int { wave == "post" ? 1 : 0 }

  static func smallestValues(_ list: [WaveValueProblem]) -> [WaveValueProblem] {
    smallest(
      list, group: { $0.wave + "\u{0}" + $0.problem.column }, limit: valueExamplesPerIndicator,
      by: {
        (waveRank($0.wave), $0.wave, $0.problem.line, $0.problem.column, $0.problem.text)
          < (waveRank($1.wave), $1.wave, $1.problem.line, $1.problem.column, $1.problem.text)
      })
  }

  /// `list` sorted by `less`, keeping the first `limit` of each group.
  static func smallest<T>(
    _ list: [T], group: (T) -> String, limit: Int, by less: (T, T) -> Bool
  ) -> [T] {
    var taken: [String: Int] = [:]
    var out: [T] = []
    for x in list.sorted(by: less) {
      let g = group(x)
      let n = taken[g, default: 0]
      if n < limit {
        out.append(x)
        taken[g] = n + 1
      }
    }
    return out
  }

  static func sum(_ a: [Int], _ b: [Int]) -> [Int] {
    (0..<max(a.count, b.count)).map { (a.indices.contains($0) ? a[$0] : 0) + (b.indices.contains($0) ? b[$0] : 0) }
  }

  /// Answers of indicator `j` that matched no label, per wave (0 when the
  /// state predates labels and holds no count for it).
  public func unmatchedLabels(indicator j: Int) -> (pre: Int, post: Int) {
    (
      unmatchedLabelPre.indices.contains(j) ? unmatchedLabelPre[j] : 0,
      unmatchedLabelPost.indices.contains(j) ? unmatchedLabelPost[j] : 0
    )
  }

  /// The stderr line about unmatched answer labels (`nil` when there were
  /// none): the total and the first indicators as `id: pre+post`.
  public func unmatchedLabelSummary(indicators ids: [String]) -> String? {
    let total = unmatchedLabelTotal
    guard total > 0 else { return nil }
    let detail = ids.indices.compactMap { j -> String? in
      let (a, b) = unmatchedLabels(indicator: j)
      return a + b > 0 ? "\(ids[j]): \(a)+\(b)" : nil
    }.prefix(6).joined(separator: ", ")
    let first =
      unmatchedLabel.first.map { "; first: '\($0.problem.text)' on line \($0.problem.line) (\($0.wave))" } ?? ""
    return "excluded \(total) answers matching no codebook label (pre+post: \(detail))\(first)"
  }

  enum CodingKeys: String, CodingKey {
    case duplicateIds, nonNumeric, outOfScale, unmatchedLabel, unmatchedLabelPre, unmatchedLabelPost, skippedRows,
      blankIdLines, onlyPreIds, onlyPostIds
  }

  /// Decodes partials, including those written before unmatched labels were
  /// counted (the missing lists read as empty).
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    duplicateIds = try c.decode([DuplicateId].self, forKey: .duplicateIds)
    nonNumeric = try c.decode([WaveValueProblem].self, forKey: .nonNumeric)
    outOfScale = try c.decode([WaveValueProblem].self, forKey: .outOfScale)
    unmatchedLabel = try c.decodeIfPresent([WaveValueProblem].self, forKey: .unmatchedLabel) ?? []
    unmatchedLabelPre = try c.decodeIfPresent([Int].self, forKey: .unmatchedLabelPre) ?? []
    unmatchedLabelPost = try c.decodeIfPresent([Int].self, forKey: .unmatchedLabelPost) ?? []
    skippedRows = try c.decode([WaveRowProblem].self, forKey: .skippedRows)
    blankIdLines = try c.decode([WaveLine].self, forKey: .blankIdLines)
    onlyPreIds = try c.decode([String].self, forKey: .onlyPreIds)
    onlyPostIds = try c.decode([String].self, forKey: .onlyPostIds)
  }
}

/// The results of one subgroup (`--by district` → district = 东城区).
public struct LiteracyGroupResult: Sendable {
  public var column: String
  public var value: String
  public var result: LiteracyResult

  public init(column: String, value: String, result: LiteracyResult) {
    self.column = column
    self.value = value
    self.result = result
  }
}

/// Everything `impact literacy` writes: results, groups, what was excluded,
/// and where the numbers came from.
public struct LiteracyReport: Sendable {
  public var toolVersion: String
  /// ISO-8601 time of the run; `nil` with `--deterministic`.
  public var generatedAt: String?
  public var inputs: [InputFileInfo]
  /// Options that shaped the figures, as written.
  public var options: [(String, JSONValue)]
  /// `two-file` or `wide`.
  public var mode: String
  public var design: LiteracyDesign
  public var overall: LiteracyResult
  public var groups: [LiteracyGroupResult]
  public var exclusions: LiteracyExclusions
  /// Columns no option uses that look like survey design variables (JSON
  /// `meta.notices`).
  public var notices: [String] = []
  /// Per `--by` column: respondents whose value differs between the waves.
  public var byConflicts: [ByValueConflicts] = []
  /// Per `--by` column: do the changes differ between its groups?
  public var subgroupTests: [SubgroupDifferences] = []
  /// Comparison-group figures (`--group`; JSON `comparison`, CSV `cmp_*`).
  public var comparison: ComparisonResult?
  /// What the audit needs to know beyond the data (config `audit:`).
  public var auditSettings = AuditSettings()

  /// How strong the evidence behind the figures is (`impact audit`).
  public var audit: EvidenceAudit {
    EvidenceAudit(result: overall, design: design, settings: auditSettings, comparison: comparisonEvidence)
  }

  /// What the audit takes from the comparison-group results: the composite's
  /// attrition overall and by arm, its baseline Hedges' g, and that the
  /// estimates (DiD, ANCOVA) adjust for the baseline. `nil` without a
  /// comparison group or a composite.
  public var comparisonEvidence: ComparisonEvidence? {
    guard let c = comparison?.composite, let overall = c.attritionOverall,
      let differential = c.attritionDifferential
    else { return nil }
    var effects: [ComparisonEvidence.Effect] = []
    if let d = c.didCluster ?? c.did {
      effects.append(
        .init(
          name: c.didCluster == nil ? "composite_did" : "composite_did_cluster_robust", value: d.estimate,
          ciLow: d.ciLow, ciHigh: d.ciHigh, n: c.nTreated + c.nComparison))
    }
    if let m = c.ancovaCluster ?? c.ancova {
      effects.append(
        .init(
          name: c.ancovaCluster == nil ? "composite_ancova_effect" : "composite_ancova_effect_cluster_robust",
          value: m.estimate, ciLow: m.ciLow, ciHigh: m.ciHigh, n: c.ancovaN))
    }
    return ComparisonEvidence(
      overallAttrition: overall, differentialAttrition: abs(differential), baselineEffectSize: c.baselineG,
      adjusted: true, effects: effects)
  }

  public init(
    toolVersion: String, generatedAt: String?, inputs: [InputFileInfo], options: [(String, JSONValue)], mode: String,
    design: LiteracyDesign, overall: LiteracyResult, groups: [LiteracyGroupResult], exclusions: LiteracyExclusions
  ) {
    self.toolVersion = toolVersion
    self.generatedAt = generatedAt
    self.inputs = inputs
    self.options = options
    self.mode = mode
    self.design = design
    self.overall = overall
    self.groups = groups
    self.exclusions = exclusions
  }
}
