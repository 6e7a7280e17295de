import Dispatch
import Foundation
public import ImpactCore
public import ImpactExport
public import ImpactIngest
public import ImpactStats
import Synchronization

/// What `impact literacy` was asked to do.
public struct LiteracyRequest: Sendable {
  /// Two-file mode: baseline and endline exports.
  public var pre: String?
  public var post: String?
  /// Wide mode: one file with `X_pre`/`X_post` (or `pre_X`/`post_X`) pairs.
  public var survey: String?
  public var codebook: String?
  public var idColumn: String?
  /// Subgroup columns (`--by`), each reported separately.
  public var by: [String] = []
  /// Columns that are never indicators.
  public var ignore: [String] = []
  /// Scale of every indicator when there is no codebook.
  public var scale: ClosedRange<Double>?
  public var confidence = 0.95
  /// Extra missing codes for every indicator.
  public var missingCodes: [String] = []
  public var csv = CSVOptions()
  public var onBadRow: BadRowPolicy = .fail
  /// Leave `generated_at` out so reruns are byte-identical.
  public var deterministic = false
  /// Accept inputs with no data rows (a shard may hold none of a wave).
  public var allowEmptyInputs = false
  /// How ids of the two waves are compared (`--id-match`).
  public var idMatch: IdMatch = .exact
  /// Largest share of an indicator's answers in one wave that may be
  /// excluded as out of scale, non-numeric or unmatched labels before the job
  /// stops (`--max-excluded-share`).
  public var maxExcludedShare = 0.2
  /// Most indicators analysed (`--max-indicators`): memory grows with the
  /// square of their number (cross-product matrices of the items and the
  /// changes, per core and per `--by` group).
  public var maxIndicators = 1_000
  /// Comparison group (`--group COL --treated VALUE`), ANCOVA covariates
  /// (`--covariate`, `--categorical-covariate`) and the cluster column of
  /// cluster-robust errors (`--cluster`); see ComparisonAccumulation.swift.
  public var group: String?
  public var treated: String?
  public var covariates: [String] = []
  public var categoricalCovariates: [String] = []
  public var cluster: String?
  /// What `impact audit` needs to know beyond the data (config `audit:`).
  public var audit = AuditSettings()
  /// Survey design columns (`--weight/--strata/--cluster/--fpc`), over the
  /// codebook's `design:`.
  public var surveyDesign = SurveyDesignColumns()

  public init() {}
}

/// Everything a literacy analysis of some data accumulated — what a partial
/// result (`--emit-partial`) carries and `impact merge` combines.
public struct LiteracyState: Sendable, Codable {
  public struct Group: Sendable, Codable, MergeableGroup {
    public var column: String
    public var value: String
    public var accumulator: LiteracyAccumulator
    /// With a survey design: the group's domain totals (DesignAccumulation.swift).
    public var designDomain: SurveyDesignAccumulator? = nil

    mutating func absorb(_ other: Group) {
      accumulator = accumulator.merged(with: other.accumulator)
      if let a = designDomain, let b = other.designDomain { designDomain = a.merged(with: b) }
    }
  }

  public var mode: String
  public var overall: LiteracyAccumulator
  /// Per `--by` column and value, sorted.
  public var groups: [Group]
  public var by: [String]
  public var exclusions: LiteracyExclusions
  public var inputs: [InputFileInfo]
  /// The 64-bit hashes (`IdHash`) of every respondent id seen (either wave),
  /// sorted: merging refuses shards that share an id (the sharding rule is
  /// "partition by respondent id"). `nil`: written with `--trust-sharding`.
  public var idHashes: IdHashList?
  public var options: [String: String]
  /// Columns no option uses that look like survey design variables.
  public var notices: [String] = []
  /// Per `--by` column: respondents whose value differs between the waves.
  public var byConflicts: [ByValueConflicts] = []
  /// Comparison-group accumulators (`--group`).
  public var comparison: ComparisonState?

  public init(
    mode: String, overall: LiteracyAccumulator, groups: [Group], by: [String], exclusions: LiteracyExclusions,
    inputs: [InputFileInfo], idHashes: IdHashList?, options: [String: String], notices: [String] = [],
    byConflicts: [ByValueConflicts] = []
  ) {
    self.mode = mode
    self.overall = overall
    self.groups = groups
    self.by = by
    self.exclusions = exclusions
    self.inputs = inputs
    self.idHashes = idHashes
    self.options = options
    self.notices = notices
    self.byConflicts = byConflicts
  }

  enum CodingKeys: String, CodingKey {
    case mode, overall, groups, by, exclusions, inputs, idHashes, options, notices, byConflicts, comparison
  }

  /// Decodes partials, including those written before notices and by-value
  /// conflicts were recorded (read as none).
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    mode = try c.decode(String.self, forKey: .mode)
    overall = try c.decode(LiteracyAccumulator.self, forKey: .overall)
    groups = try c.decode([Group].self, forKey: .groups)
    by = try c.decode([String].self, forKey: .by)
    exclusions = try c.decode(LiteracyExclusions.self, forKey: .exclusions)
    inputs = try c.decode([InputFileInfo].self, forKey: .inputs)
    idHashes = try c.decodeIfPresent(IdHashList.self, forKey: .idHashes)
    options = try c.decode([String: String].self, forKey: .options)
    notices = try c.decodeIfPresent([String].self, forKey: .notices) ?? []
    byConflicts = try c.decodeIfPresent([ByValueConflicts].self, forKey: .byConflicts) ?? []
    comparison = try c.decodeIfPresent(ComparisonState.self, forKey: .comparison)
  }

  /// Combines the states of shards that partition the respondents by id.
  public func merged(with o: LiteracyState) -> LiteracyState {
    var r = self
    r.overall = overall.merged(with: o.overall)
    r.groups = mergedGroups(groups, o.groups, by: by)
    r.exclusions.merge(o.exclusions)
    r.inputs = mergedInputs(inputs, o.inputs)
    r.idHashes = nil  // checked and counted by `MergeJob`
    for n in o.notices where !r.notices.contains(n) { r.notices.append(n) }
    r.byConflicts = ByValueConflicts.merged(byConflicts, o.byConflicts)
    if let a = comparison, let b = o.comparison { r.comparison = a.merged(with: b) }
    return r
  }
}

/// Runs a before/after literacy analysis end to end: read, pair by id,
/// accumulate on all cores, finalize.
public enum LiteracyJob {
  public static func run(_ request: LiteracyRequest) throws(IngestError) -> LiteracyReport {
    var r = report(try accumulate(request, keepIds: false), deterministic: request.deterministic)
    r.auditSettings = request.audit
    return r
  }

  /// Reads, pairs and accumulates; the figures come later (`report`).
  /// `keepIds`: the state is a partial result, with the hashes of the ids
  /// unless `trustSharding` (`--trust-sharding`: no ids, no check on merge).
  public static func accumulate(_ request: LiteracyRequest, keepIds: Bool, trustSharding: Bool = false)
    throws(IngestError) -> LiteracyState
  {
    var clock = PhaseClock()
    let codebook = try request.codebook.map { (p) throws(IngestError) in try Codebook.load(path: p) }
    let waves: LoadedWaves
    if let survey = request.survey {
      waves = try loadWide(survey, request: request, codebook: codebook)
    } else if let pre = request.pre, let post = request.post {
      waves = try loadTwoFiles(pre: pre, post: post, request: request, codebook: codebook)
    } else {
      throw IngestError(
        .usage, file: "impact literacy", message: "no survey input was given",
        hint: "pass --pre baseline.csv --post endline.csv, or --survey wide.csv")
    }
    clock.mark("read")
    // Guards: stop before anything is computed or written.
    if codebook == nil && request.missingCodes.isEmpty && request.scale == nil {
      try LiteracyGuards.checkMissingCodes(waves)
    }
    try LiteracyGuards.checkExcludedShare(waves, request: request)
    let design = makeDesign(waves, request: request)
    let (pairing, pairedIds) = try pair(waves, request: request)
    clock.mark("pair")
    let groups = unifiedGroups(waves, request: request)
    let byConflicts = LiteracyGuards.byValueConflicts(waves, groups: groups, pairing: pairing, ids: pairedIds.pre)
    var (overall, groupAccumulators) = accumulate(
      waves: waves, pairing: pairing, design: design, groups: groups, parallelism: request.csv.parallelism)
    let comparison = try accumulateComparison(
      waves: waves, pairing: pairing, design: design, request: request, groups: groups, single: !keepIds)
    clock.mark("accumulate")
    fillCounts(&overall.counts, waves: waves, pairing: pairing)
    var domains: [[Int32: SurveyDesignAccumulator]] = []
    if let plan = waves.surveyDesign {
      (overall.survey, domains) = try accumulateDesign(
        waves, plan: plan, pairing: pairing, design: design, groups: groups)
    }
    var groupStates: [LiteracyState.Group] = []
    for (g, column) in groups.columns.enumerated() {
      let order = groupAccumulators[g].keys.sorted { groups.label(g, $0) < groups.label(g, $1) }
      for code in order {
        guard let acc = groupAccumulators[g][code] else { continue }
        groupStates.append(
          LiteracyState.Group(
            column: column, value: groups.label(g, code), accumulator: acc,
            designDomain: designDomain(domains, g, code, design: overall.survey)))
      }
    }
    var inputs = waves.inputs
    if let cb = request.codebook {
      inputs.append(InputFileInfo(role: "codebook", path: cb, bytes: fileSize(cb), sha256: SHA256.hex(file: cb)))
    }
    var ids: IdHashList?
    if keepIds && !trustSharding {
      var seen = Set<String>()
      for c in 0..<pairedIds.pre.count { seen.insert(pairedIds.pre.name(Int32(c))) }
      if !waves.wide { for c in 0..<pairedIds.post.count { seen.insert(pairedIds.post.name(Int32(c))) } }
      ids = IdHashList(hashing: seen)
    }
    var state = LiteracyState(
      mode: waves.mode, overall: overall, groups: groupStates, by: request.by,
      exclusions: exclusions(waves, pairing: pairing), inputs: inputs, idHashes: ids, options: partialOptions(request),
      notices: waves.notices + (overall.survey != nil ? [SurveyDesignOutput.unweightedNotice] : []),
      byConflicts: byConflicts)
    state.comparison = comparison
    if let d = designOption(waves.surveyDesign?.columns) { state.options["design"] = d }
    return state
  }

  /// The figures of an accumulated (or merged) state.
  public static func report(_ state: LiteracyState, deterministic: Bool) -> LiteracyReport {
    let groupResults = state.groups.map { g in
      var result = LiteracyResult(g.accumulator)
      if let design = state.overall.survey, let domain = g.designDomain {
        result.setDomainEstimates(domain, of: design)
      }
      return LiteracyGroupResult(column: g.column, value: g.value, result: result)
    }
    var options: [(String, JSONValue)] = state.options.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }
    options.append(("by", .array(state.by.map { .string($0) })))
    var report = LiteracyReport(
      toolVersion: ImpactVersion.current, generatedAt: deterministic ? nil : isoNow(), inputs: state.inputs,
      options: options, mode: state.mode, design: state.overall.design, overall: LiteracyResult(state.overall),
      groups: groupResults, exclusions: state.exclusions)
    report.notices = state.notices
    report.byConflicts = state.byConflicts
    report.subgroupTests = state.by.map { column in
      SubgroupDifferences(column: column, groups: state.groups.filter { $0.column == column }.map(\.accumulator))
    }
    report.comparison = state.comparison?.result(
      ids: state.overall.design.indicators.map(\.id), confidence: state.overall.design.confidence)
    return report
  }

  /// Options that shape the figures, as text (they must agree between partials).
  static func partialOptions(_ r: LiteracyRequest) -> [String: String] {
    var o: [String: String] = [
      "confidence": formatNumber(r.confidence), "on_bad_row": r.onBadRow.rawValue,
      "missing": r.missingCodes.joined(separator: ","), "ignore": r.ignore.joined(separator: ","),
      "id_match": r.idMatch.rawValue, "max_excluded_share": formatNumber(r.maxExcludedShare),
    ]
    if let id = r.idColumn { o["id"] = id }
    if let s = r.scale { o["scale"] = "\(formatNumber(s.lowerBound)),\(formatNumber(s.upperBound))" }
    if let e = r.csv.encoding { o["encoding"] = e.rawValue }
    if let g = r.group {
      o["group"] = g
      o["treated"] = r.treated ?? ""
      o["covariates"] = r.covariates.joined(separator: ",")
      o["categorical_covariates"] = r.categoricalCovariates.joined(separator: ",")
    }
    if let c = r.cluster { o["cluster"] = c }
    if !r.surveyDesign.isEmpty { o["design"] = designOption(r.surveyDesign) }
    return o
  }

  // MARK: - Loading

  /// Both waves as read, with their column plans.
  struct LoadedWaves: Sendable {
    var mode: String
    var pre: SurveyWave
    var post: SurveyWave
    /// Column offset of the indicators within each wave's rows (wide files
    /// hold pre then post in one row of width 2k).
    var preOffset: Int
    var postOffset: Int
    var definitions: [IndicatorDefinition]
    var inputs: [InputFileInfo]
    var groupColumns: [String]
    /// Per by-column: which wave holds it (pre, post or both).
    var groupInPre: [Int?]
    var groupInPost: [Int?]
    var wide: Bool
    var preName: String
    var postName: String
    /// Header names of each indicator's column, per wave.
    var preColumns: [String]
    var postColumns: [String]
    /// Header name of the id column.
    var idColumn: String
    /// Columns no option uses that look like survey design variables.
    var notices: [String]
    /// Comparison-group columns among the baseline's keyed columns.
    var comparison: ComparisonColumns? = nil
    /// The survey design's columns, if any.
    var surveyDesign: DesignColumnPlan? = nil
  }

  static func loadTwoFiles(pre: String, post: String, request: LiteracyRequest, codebook: Codebook?)
    throws(IngestError) -> LoadedWaves
  {
    // The digests are computed on another thread while the files are read
    // (the serial steps between the parallel scans leave a core free).
    let preDigest = BackgroundDigest(pre)
    let postDigest = BackgroundDigest(post)
    // Never leave (on an error either) while a digest is being computed:
    // exiting under a hashing thread crashes.
    defer {
      _ = preDigest.value
      _ = postDigest.value
    }
    let preFile = try CSVFile(path: pre, options: request.csv)
    let postFile = try CSVFile(path: post, options: request.csv)
    let idName = request.idColumn ?? codebook?.idColumn
    let preId: Int
    let postId: Int
    if let idName {
      preId = try ColumnResolver.resolve(idName, in: preFile, role: "id")
      postId = try ColumnResolver.resolve(idName, in: postFile, role: "id")
    } else {
      guard let a = ColumnResolver.detectId(in: preFile.header) else {
        throw IngestError(
          .header, file: pre, line: preFile.headerLine,
          message:
            "no id column found (looked for \(ColumnResolver.idCandidates.prefix(6).joined(separator: ", ")), …)",
          hint: "name the respondent id column with --id (respondents are paired by id, never by row order)")
      }
      preId = a
      postId = try ColumnResolver.resolve(preFile.header[a], in: postFile, role: "id")
    }
    let groupCols = request.by
    let groupInPre = groupCols.map { ColumnResolver.find($0, in: preFile.header) }
    let groupInPost = groupCols.map { ColumnResolver.find($0, in: postFile.header) }
    for (i, g) in groupCols.enumerated() where groupInPre[i] == nil && groupInPost[i] == nil {
      throw IngestError(
        .header, file: pre, line: preFile.headerLine,
        message: "--by column '\(g)' is in neither the baseline nor the endline header",
        hint: "check the column name (the header lists: \(preFile.header.prefix(10).joined(separator: ", ")))")
    }
    let (designPlan, designPre, designPost) = try designPlan(
      request, codebook: codebook, pre: preFile, preSlot: groupInPre.compactMap { $0 }.count, post: postFile,
      postSlot: groupInPost.compactMap { $0 }.count)
    var definitions: [IndicatorDefinition] = []
    var prePlans: [SurveyColumnPlan] = []
    var postPlans: [SurveyColumnPlan] = []
    if let codebook {
      for ind in codebook.indicators {
        let a = try ColumnResolver.resolve(ind.pre ?? ind.column ?? ind.id, in: preFile, role: "indicator '\(ind.id)'")
        let b = try ColumnResolver.resolve(
          ind.post ?? ind.column ?? ind.id, in: postFile, role: "indicator '\(ind.id)'")
        definitions.append(definition(ind))
        prePlans.append(plan(ind, index: a, request: request))
        postPlans.append(plan(ind, index: b, request: request))
      }
    } else {
      let excluded = Set(
        [preFile.header[preId]] + request.by + request.ignore + request.comparisonColumnNames
          + designPre.map { preFile.header[$0] })
      let sample = try preFile.sample(maxRecords: 2000)
      if sample.isEmpty && request.allowEmptyInputs {
        throw IngestError(
          .usage, file: pre, line: preFile.dataStartLine,
          message: "the file has no data rows to detect indicators from",
          hint: "give a codebook (--codebook) when a shard may be empty")
      }
      if sample.isEmpty {
        throw IngestError(
          .header, file: pre, line: preFile.dataStartLine, message: "the file has a header but no data rows",
          hint: "export the survey again with its responses; a header-only file usually means an empty export")
      }
      let missing = MissingTokens().adding(request.missingCodes)
      for (i, name) in preFile.header.enumerated()
      where !excluded.contains(name) && i != preId && i != preFile.rowNameColumn {
        guard !LiteracyGuards.isDesignColumn(name) else { continue }
        guard let j = ColumnResolver.find(name, in: postFile.header), j != postId else { continue }
        guard isNumericColumn(sample, index: i, parser: preFile.numberParser(missing: missing)) else { continue }
        let ind = CodebookIndicator.auto(id: ColumnResolver.lastComponent(name), scale: request.scale)
        definitions.append(definition(ind))
        prePlans.append(plan(ind, index: i, request: request))
        postPlans.append(plan(ind, index: j, request: request))
      }
      guard !definitions.isEmpty else {
        throw IngestError(
          .header, file: pre, line: preFile.headerLine,
          message: "no numeric indicator columns are common to both files",
          hint: "give a codebook (--codebook) that lists the indicators and their columns")
      }
    }
    try checkIndicatorCount(definitions.count, request: request, file: pre, line: preFile.headerLine)
    var clock = PhaseClock()
    let comparisonIdx = request.hasComparison ? try comparisonIndexes(request, in: preFile) : []
    let preWave = try SurveyWave.read(
      preFile, idColumn: preId, indicators: prePlans,
      groupColumns: groupInPre.compactMap { $0 } + designPre + comparisonIdx,
      onBadRow: request.onBadRow, allowEmpty: request.allowEmptyInputs)
    clock.mark("read baseline")
    let postWave = try SurveyWave.read(
      postFile, idColumn: postId, indicators: postPlans, groupColumns: groupInPost.compactMap { $0 } + designPost,
      onBadRow: request.onBadRow, knownIds: preWave.idKeys, allowEmpty: request.allowEmptyInputs)
    clock.mark("read endline")
    let inputs = [
      InputFileInfo(file: preFile, role: "baseline", rows: preWave.rows, sha256: preDigest.value),
      InputFileInfo(file: postFile, role: "endline", rows: postWave.rows, sha256: postDigest.value),
    ]
    clock.mark("sha256 inputs (waiting for the digests)")
    let notices = LiteracyGuards.designColumnNotices(
      [
        (
          pre, preFile.header,
          Set([preId] + groupInPre.compactMap { $0 } + comparisonIdx + prePlans.map(\.index) + designPre)
        ),
        (post, postFile.header, Set([postId] + groupInPost.compactMap { $0 } + postPlans.map(\.index) + designPost)),
      ], ignore: request.ignore)
    var loaded = LoadedWaves(
      mode: "two-file", pre: preWave, post: postWave, preOffset: 0, postOffset: 0, definitions: definitions,
      inputs: inputs,
      groupColumns: groupCols, groupInPre: compactIndex(groupInPre), groupInPost: compactIndex(groupInPost),
      wide: false, preName: pre, postName: post, preColumns: prePlans.map { preFile.header[$0.index] },
      postColumns: postPlans.map { postFile.header[$0.index] }, idColumn: preFile.header[preId], notices: notices,
      surveyDesign: designPlan)
    if request.hasComparison {
      loaded.comparison = try comparisonColumns(
        request, wave: preWave, firstSlot: groupInPre.compactMap { $0 }.count + designPre.count, file: preFile)
    }
    return loaded
  }

  /// Stops before any k × k state is allocated when there are more
  /// indicators than `request.maxIndicators`.
  static func checkIndicatorCount(_ k: Int, request: LiteracyRequest, file: String, line: Int) throws(IngestError) {
    guard k > request.maxIndicators else { return }
    throw IngestError(
      .limit, file: file, line: line,
      message:
        "\(k) indicator columns; impact analyses at most \(request.maxIndicators) at once (memory grows with the square of the number of indicators)",
      hint:
        "list the indicators in a codebook, leave columns out with --ignore, or raise the limit with --max-indicators \(k) if the machine has the memory (about 100 bytes × k² per core and --by group)"
    )
  }

  static func loadWide(_ path: String, request: LiteracyRequest, codebook: Codebook?) throws(IngestError)
    -> LoadedWaves
  {
    let digest = BackgroundDigest(path)
    defer { _ = digest.value }  // never exit under the hashing thread
    let file = try CSVFile(path: path, options: request.csv)
    let idIndex: Int
    if let name = request.idColumn ?? codebook?.idColumn {
      idIndex = try ColumnResolver.resolve(name, in: file, role: "id")
    } else if let i = ColumnResolver.detectId(in: file.header) {
      idIndex = i
    } else {
      throw IngestError(
        .header, file: path, line: file.headerLine, message: "no id column found",
        hint: "name the respondent id column with --id")
    }
    var definitions: [IndicatorDefinition] = []
    var prePlans: [SurveyColumnPlan] = []
    var postPlans: [SurveyColumnPlan] = []
    if let codebook {
      for ind in codebook.indicators {
        let preName = ind.pre ?? WidePairs.find(ind.id, wave: .pre, in: file.header)
        let postName = ind.post ?? WidePairs.find(ind.id, wave: .post, in: file.header)
        guard let preName, let postName else {
          throw IngestError(
            .header, file: path, line: file.headerLine,
            message: "indicator '\(ind.id)' has no \(ind.id)_pre/\(ind.id)_post (or pre_/post_) columns",
            hint: "name its columns with pre: and post: in the codebook")
        }
        definitions.append(definition(ind))
        prePlans.append(
          plan(
            ind, index: try ColumnResolver.resolve(preName, in: file, role: "indicator '\(ind.id)'"), request: request))
        postPlans.append(
          plan(
            ind, index: try ColumnResolver.resolve(postName, in: file, role: "indicator '\(ind.id)'"), request: request)
        )
      }
    } else {
      let pairs = WidePairs.detect(file.header)
      guard !pairs.isEmpty else {
        throw IngestError(
          .header, file: path, line: file.headerLine,
          message: "no X_pre/X_post or pre_X/post_X column pairs found",
          hint: "rename the columns, or give a codebook that names each indicator's pre: and post: columns")
      }
      for p in pairs {
        let ind = CodebookIndicator.auto(id: p.base, scale: request.scale)
        definitions.append(definition(ind))
        prePlans.append(plan(ind, index: p.pre, request: request))
        postPlans.append(plan(ind, index: p.post, request: request))
      }
    }
    try checkIndicatorCount(definitions.count, request: request, file: path, line: file.headerLine)
    let groupIdx = try request.by.map { (g) throws(IngestError) in try ColumnResolver.resolve(g, in: file, role: "--by")
    }
    let comparisonIdx = request.hasComparison ? try comparisonIndexes(request, in: file) : []
    let (designPlan, designIdx, _) = try designPlan(
      request, codebook: codebook, pre: file, preSlot: groupIdx.count, post: nil, postSlot: 0)
    let wave = try SurveyWave.read(
      file, idColumn: idIndex, indicators: prePlans + postPlans, groupColumns: groupIdx + designIdx + comparisonIdx,
      onBadRow: request.onBadRow,
      allowEmpty: request.allowEmptyInputs)
    let k = definitions.count
    let notices = LiteracyGuards.designColumnNotices(
      [
        (path, file.header, Set([idIndex] + groupIdx + designIdx + comparisonIdx + (prePlans + postPlans).map(\.index)))
      ],
      ignore: request.ignore)
    var loaded = LoadedWaves(
      mode: "wide", pre: wave, post: wave, preOffset: 0, postOffset: k, definitions: definitions,
      inputs: [InputFileInfo(file: file, role: "survey", rows: wave.rows, sha256: digest.value)],
      groupColumns: request.by,
      groupInPre: request.by.indices.map { $0 }, groupInPost: request.by.indices.map { $0 }, wide: true,
      preName: path, postName: path, preColumns: prePlans.map { file.header[$0.index] },
      postColumns: postPlans.map { file.header[$0.index] }, idColumn: file.header[idIndex], notices: notices,
      surveyDesign: designPlan)
    if request.hasComparison {
      loaded.comparison = try comparisonColumns(
        request, wave: wave, firstSlot: groupIdx.count + designIdx.count, file: file)
    }
    return loaded
  }

  static func compactIndex(_ found: [Int?]) -> [Int?] {
    var next = 0
    return found.map { f in
      guard f != nil else { return nil }
      defer { next += 1 }
      return next
    }
  }

  static func definition(_ ind: CodebookIndicator) -> IndicatorDefinition {
    IndicatorDefinition(
      id: ind.id, label: ind.label, scale: ind.scale, higherIsBetter: ind.higherIsBetter,
      passThreshold: ind.passThreshold, isBinary: ind.kind == .binary)
  }

  static func plan(_ ind: CodebookIndicator, index: Int, request: LiteracyRequest) -> SurveyColumnPlan {
    let tokens = MissingTokens().adding(request.missingCodes + ind.missing)
    return SurveyColumnPlan(
      index: index, name: ind.id, parser: NumberParser(missing: tokens), labels: ind.labels,
      builtInLabels: ind.kind == .binary ? binaryLabels : [], scale: ind.scale)
  }

  /// Answers every binary indicator understands.
  static let binaryLabels: [AnswerLabel] = [
    ("yes", 1), ("no", 0), ("y", 1), ("n", 0), ("true", 1), ("false", 0), ("是", 1), ("否", 0), ("对", 1), ("错", 0),
  ].map { AnswerLabel($0.0, score: $0.1) }

  static func isNumericColumn(_ rows: [[String]], index: Int, parser: NumberParser) -> Bool {
    var numbers = 0
    var other = 0
    for r in rows where index < r.count {
      var bytes = Array(r[index].utf8)
      let p = bytes.withUnsafeMutableBufferPointer { parser.parse(UnsafeBufferPointer($0)) }
      switch p.kind {
      case .number: numbers += 1
      case .invalid:
        // Full-width digits ("５") are numbers too.
        if AnswerText.number(AnswerText.normalize(r[index])).kind == .number { numbers += 1 } else { other += 1 }
      case .missing: break
      }
    }
    return numbers > 0 && numbers * 10 >= (numbers + other) * 8
  }

  // MARK: - Design

  static func makeDesign(_ w: LoadedWaves, request: LiteracyRequest) -> LiteracyDesign {
    let k = w.definitions.count
    var scales: [Int?] = []
    var ranges: [ClosedRange<Double>]? = []
    for j in 0..<k {
      let a = w.pre.tallies[j + w.preOffset]
      let b = w.post.tallies[j + w.postOffset]
      if let x = a.decimalScale, let y = b.decimalScale { scales.append(max(x, y)) } else { scales.append(nil) }
      if let s = w.definitions[j].scale {
        ranges?.append(s)
      } else {
        let lo = min(a.minimum, b.minimum)
        let hi = max(a.maximum, b.maximum)
        if lo.isFinite && hi.isFinite && lo < hi { ranges?.append(lo...hi) } else { ranges = nil }
      }
    }
    return LiteracyDesign(
      indicators: w.definitions, scales: scales, compositeRanges: ranges, confidence: request.confidence)
  }

  // MARK: - Pairing

  /// Pairs the waves by id (``RespondentPairing``), after the id guard;
  /// with `--id-match normalized`, on the normalized ids. Returns the ids the
  /// pairing used.
  static func pair(_ w: LoadedWaves, request: LiteracyRequest) throws(IngestError)
    -> (RespondentPairing, (pre: WaveIds, post: WaveIds))
  {
    let pre = WaveIds(codes: w.pre.ids, lines: w.pre.lines, keys: w.pre.idKeys, extraKeys: w.pre.extraIdKeys)
    if w.wide {
      let k = w.definitions.count
      var answered = [UInt8](repeating: 0, count: w.pre.rows)
      for r in 0..<w.pre.rows {
        let base = r * w.pre.width
        if (0..<k).contains(where: { !w.pre.values[base + $0].isNaN }) { answered[r] |= 1 }
        if (0..<k).contains(where: { !w.pre.values[base + k + $0].isNaN }) { answered[r] |= 2 }
      }
      if request.idMatch == .normalized {
        let n = RespondentIdKey.normalizedWaves(pre: pre, post: WaveIds(codes: [], lines: [], keys: pre.keys)).pre
        return (RespondentPairing.wide(n, answered: answered), (n, n))
      }
      return (RespondentPairing.wide(pre, answered: answered), (pre, pre))
    }
    let post = WaveIds(codes: w.post.ids, lines: w.post.lines, keys: w.post.idKeys, extraKeys: w.post.extraIdKeys)
    if request.idMatch == .normalized {
      let (a, b, _) = RespondentIdKey.normalizedWaves(pre: pre, post: post)
      return (RespondentPairing.twoFiles(pre: a, post: b), (a, b))
    }
    let exact = RespondentPairing.twoFiles(pre: pre, post: post)
    try RespondentIdKey.checkExactPairing(
      pre: pre, post: post, exact: exact, files: (w.preName, w.postName), idColumn: w.idColumn)
    return (exact, (pre, post))
  }

  // MARK: - Groups

  /// Group labels unified across the two waves.
  struct Groups: Sendable {
    var columns: [String]
    /// Per by-column: unified interner, and maps from each wave's codes.
    var keys: [KeyInterner]
    var preMap: [[Int32]?]
    var postMap: [[Int32]?]
    var preColumn: [Int?]
    var postColumn: [Int?]

    func label(_ g: Int, _ code: Int32) -> String {
      code < 0 ? "(missing)" : keys[g].string(code)
    }

    /// Group code of a respondent (−1: missing).
    @inline(__always)
    func code(_ g: Int, preRow: Int32?, postRow: Int32?, waves: LoadedWaves) -> Int32 {
      if let r = preRow, let col = preColumn[g], let map = preMap[g] {
        let c = waves.pre.groups[col][Int(r)]
        if c >= 0 { return map[Int(c)] }
      }
      if let r = postRow, let col = postColumn[g], let map = postMap[g] {
        let c = waves.post.groups[col][Int(r)]
        if c >= 0 { return map[Int(c)] }
      }
      return -1
    }
  }

  static func unifiedGroups(_ w: LoadedWaves, request: LiteracyRequest) -> Groups {
    var g = Groups(
      columns: w.groupColumns, keys: [], preMap: [], postMap: [], preColumn: w.groupInPre, postColumn: w.groupInPost)
    for i in w.groupColumns.indices {
      var keys = KeyInterner()
      if let c = w.groupInPre[i] {
        g.preMap.append(keys.absorb(w.pre.groupKeys[c]))
      } else {
        g.preMap.append(nil)
      }
      if let c = w.groupInPost[i] {
        g.postMap.append(w.wide ? g.preMap[i] : keys.absorb(w.post.groupKeys[c]))
      } else {
        g.postMap.append(nil)
      }
      g.keys.append(keys)
    }
    return g
  }

  static func fillCounts(_ c: inout LiteracyCounts, waves w: LoadedWaves, pairing p: RespondentPairing) {
    c.rowsPre = w.pre.rows
    c.rowsPost = w.wide ? w.pre.rows : w.post.rows
    c.skippedRowsPre = w.pre.skippedRows
    c.skippedRowsPost = w.wide ? w.pre.skippedRows : w.post.skippedRows
    c.blankIdsPre = p.blankPre
    c.blankIdsPost = w.wide ? p.blankPre : p.blankPost
    c.duplicateIdsPre = p.duplicateIdsPre
    c.duplicateRowsPre = p.duplicateRowsPre
    c.duplicateIdsPost = p.duplicateIdsPost
    c.duplicateRowsPost = p.duplicateRowsPost
    for j in 0..<w.definitions.count {
      let a = w.pre.tallies[j + w.preOffset]
      let b = w.post.tallies[j + w.postOffset]
      c.missingPre[j] = a.missing
      c.missingPost[j] = b.missing
      c.nonNumericPre[j] = a.nonNumeric
      c.nonNumericPost[j] = b.nonNumeric
      c.outOfScalePre[j] = a.outOfScale
      c.outOfScalePost[j] = b.outOfScale
    }
  }

  static func exclusions(_ w: LoadedWaves, pairing: RespondentPairing) -> LiteracyExclusions {
    var e = pairing.examples
    let k = w.definitions.count
    for j in 0..<k {
      let a = w.pre.tallies[j + w.preOffset]
      let b = w.post.tallies[j + w.postOffset]
      e.nonNumeric +=
        a.nonNumericExamples.map { WaveValueProblem("pre", $0) }
        + b.nonNumericExamples.map { WaveValueProblem("post", $0) }
      e.outOfScale +=
        a.outOfScaleExamples.map { WaveValueProblem("pre", $0) }
        + b.outOfScaleExamples.map { WaveValueProblem("post", $0) }
      e.unmatchedLabel +=
        a.unmatchedLabelExamples.map { WaveValueProblem("pre", $0) }
        + b.unmatchedLabelExamples.map { WaveValueProblem("post", $0) }
      e.unmatchedLabelPre.append(a.unmatchedLabel)
      e.unmatchedLabelPost.append(b.unmatchedLabel)
    }
    e.skippedRows = w.pre.skippedExamples.map { WaveRowProblem(w.wide ? "survey" : "pre", $0) }
    if !w.wide { e.skippedRows += w.post.skippedExamples.map { WaveRowProblem("post", $0) } }
    return e.canonicalized()
  }

}

extension CodebookIndicator {
  /// An indicator inferred from a column name (no codebook).
  static func auto(id: String, scale: ClosedRange<Double>?) -> CodebookIndicator {
    CodebookIndicator(
      id: id, label: id, column: nil, pre: nil, post: nil, scale: scale, higherIsBetter: true, missing: [],
      passThreshold: nil, kind: .likert)
  }
}

/// Column pairs of a wide export: `X_pre`/`X_post`, `pre_X`/`post_X`
/// (case-insensitive), in header order.
enum WidePairs {
  enum Wave { case pre, post }

  static let suffixes: [(pre: String, post: String)] = [
    ("_pre", "_post"), ("_before", "_after"), ("_baseline", "_endline"),
  ]
  static let prefixes: [(pre: String, post: String)] = [("pre_", "post_"), ("baseline_", "endline_")]

  static func detect(_ header: [String]) -> [(base: String, pre: Int, post: Int)] {
    var out: [(String, Int, Int)] = []
    let lower = header.map { $0.lowercased() }
    for (i, h) in lower.enumerated() {
      for s in suffixes where h.hasSuffix(s.pre) {
        let base = String(header[i].dropLast(s.pre.count))
        if let j = lower.firstIndex(of: base.lowercased() + s.post) { out.append((base, i, j)) }
      }
      for p in prefixes where h.hasPrefix(p.pre) {
        let base = String(header[i].dropFirst(p.pre.count))
        if let j = lower.firstIndex(of: p.post + base.lowercased()) { out.append((base, i, j)) }
      }
    }
    return out
  }

  static func find(_ id: String, wave: Wave, in header: [String]) -> String? {
    let lower = header.map { $0.lowercased() }
    let l = id.lowercased()
    let candidates: [String] =
      wave == .pre
      ? suffixes.map { l + $0.pre } + prefixes.map { $0.pre + l }
      : suffixes.map { l + $0.post } + prefixes.map { $0.post + l }
    for c in candidates { if let i = lower.firstIndex(of: c) { return header[i] } }
    return nil
  }
}

func fileSize(_ path: String) -> Int {
  var st = stat()
  return stat(path, &st) == 0 ? Int(st.st_size) : 0
}

func isoNow() -> String {
  let f = ISO8601DateFormatter()
  f.formatOptions = [.withInternetDateTime]
  return f.string(from: Date())
}
