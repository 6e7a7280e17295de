import Foundation
public import ImpactExport
public import ImpactIngest

/// The merged figures: the outputs the single-machine command writes.
public enum MergedReport: Sendable {
  case literacy(LiteracyReport)
  case reach(ReachReport)
}

/// How `impact merge` combined the partials, and how it checked the ids.
public struct MergeSummary: Sendable, Equatable {
  public enum Kind: String, Sendable {
    /// Shards of respondents (literacy) or volunteers (reach): every figure adds up.
    case respondentShards = "respondent_shards"
    case volunteerShards = "volunteer_shards"
    /// Partials cut by time: per-period sums add up, volunteers are counted on the union.
    case timeCuts = "time_cuts"
  }

  public var kind: Kind
  public var partials: Int
  /// Distinct ids (hashes) over all partials; `nil` with `--trust-sharding`.
  public var distinctIds: Int?
  /// Chance that two distinct ids share a 64-bit hash (n²/2⁶⁵ per kind of id).
  public var collisionProbability: Double?
  /// The periods covered, for time cuts ("2012 to 2024").
  public var periods: String?

  /// What a merge of time cuts leaves out, and why.
  public static let timeCutOmission =
    "volunteer figures (star levels, cohorts, lapsed, hours distribution, FTE, value) are left out: they need each volunteer's hours across the cuts, which partials do not carry; run impact reach over the whole log for them"

  /// The line printed on stderr.
  public var sentence: String {
    let how: String
    switch kind {
    case .respondentShards: how = "as shards by respondent id"
    case .volunteerShards: how = "as shards by volunteer id"
    case .timeCuts:
      how =
        "as time cuts (periods \(periods ?? "?") do not overlap; a volunteer in several is counted once, first period by minimum; \(Self.timeCutOmission))"
    }
    let check =
      distinctIds.map {
        "double-counting check on 64-bit id hashes: \($0) distinct ids, collision probability ≤ \(formatProbability(collisionProbability ?? 0))"
      } ?? "double-counting check skipped: the partials carry no ids (--trust-sharding)"
    return "merged \(partials) partials \(how); \(check)"
  }

  /// `meta.options.merge`.
  public var json: JSONValue {
    var m: [(String, JSONValue)] = [("kind", .string(kind.rawValue)), ("partials", .number(Double(partials)))]
    if let n = distinctIds {
      m.append(("id_check", .string("64-bit SipHash-2-4 id hashes")))
      m.append(("distinct_ids", .number(Double(n))))
      m.append(("collision_probability", .number(collisionProbability ?? 0)))
    } else {
      m.append(("id_check", .string("skipped (--trust-sharding: the partials carry no ids)")))
    }
    if let p = periods { m.append(("periods", .string(p))) }
    if kind == .timeCuts { m.append(("omitted", .string(Self.timeCutOmission))) }
    return .object(m)
  }

  func formatProbability(_ p: Double) -> String {
    p == 0 ? "0" : p < 1e-3 ? String(format: "%.1e", p) : formatNumber(p)
  }
}

/// `impact merge`: combines partial results of shards into the figures a
/// single machine would compute over all the data.
public enum MergeJob {
  public static func run(_ paths: [String], deterministic: Bool) throws(IngestError) -> MergedReport {
    try merge(paths, deterministic: deterministic).report
  }

  /// The merged report and how the partials were merged (also in
  /// `meta.options.merge`).
  public static func merge(_ paths: [String], deterministic: Bool) throws(IngestError) -> (
    report: MergedReport, summary: MergeSummary
  ) {
    guard let first = paths.first else {
      throw IngestError(
        .usage, file: "impact merge", message: "no partial files given", hint: "pass one or more partial files")
    }
    var partials: [(String, Partial)] = []
    // Reach partials are folded as they are read (what shards by volunteer
    // need; time cuts read their partials again), so the driver holds one
    // state and the id hashes, not every partial.
    var fold: ReachFold?
    // Memory: of the volunteer tables only the hashes are kept (what the
    // check of shards needs); time cuts read their partials again.
    // Every count and hour amount is non-negative and each partial's total is
    // bounded; their sum over all partials bounds every sum that merging and
    // reporting form, so checking it here means no addition can overflow.
    var total = 0
    let decoding = DecodeAhead(paths)
    defer { decoding.finish() }
    for (i, p) in paths.enumerated() {
      let (partial, t) = try decoding.take(i).get()
      let (sum, overflow) = total.addingReportingOverflow(t.value)
      guard !overflow && sum <= PartialTotal.maximum else {
        throw IngestError(
          .configuration, file: p,
          message:
            "with this partial the counts and hours of the partials add up to more than 2^62, which cannot be merged without overflow (its largest field: \(t.largest.field) = \(t.largest.value))",
          hint: "check that the partials are genuine; do not edit partial files by hand")
      }
      total = sum
      switch (partial, partials.isEmpty && fold == nil, fold != nil) {
      case (.reach(let s), true, _): fold = ReachFold(first: p, s)
      case (.reach(let s), false, true): try fold?.add(p, s)
      case (.literacy, _, false): partials.append((p, partial))
      case (.reach, false, false): throw kindMismatch(p, expected: "literacy", first: first)
      case (.literacy, _, true): throw kindMismatch(p, expected: "reach", first: first)
      }
    }
    if let fold { return try mergeReach(fold, deterministic: deterministic) }
    var states: [(String, LiteracyState)] = []
    for (path, p) in partials {
      guard case .literacy(let s) = p else { throw kindMismatch(path, expected: "literacy", first: first) }
      states.append((path, s))
    }
    return try mergeLiteracy(states, deterministic: deterministic)
  }

  static func mergeLiteracy(_ states: [(String, LiteracyState)], deterministic: Bool) throws(IngestError) -> (
    report: MergedReport, summary: MergeSummary
  ) {
    let (first, firstState) = states[0]
    let lists = try idLists(states.map { ($0.0, $0.1.idHashes) })
    if let lists, let o = IdOverlap.find(lists) {
      throw overlapError(states.map(\.0), o, what: "respondent id", rule: "partition both waves by respondent id")
    }
    var state = firstState
    for (path, s) in states.dropFirst() {
      guard s.overall.design.isCompatible(with: state.overall.design), s.mode == state.mode, s.by == state.by,
        s.options == state.options
      else {
        throw IngestError(
          .configuration, file: path,
          message:
            "this partial was made with other options or another codebook than \(first) (indicators, scales, --by, --scale, --id, missing codes or confidence differ)",
          hint: "emit every shard's partial with the same command options and codebook")
      }
      state = state.merged(with: s)
    }
    let n = lists.map { $0.reduce(0) { $0 + $1.count } }
    let summary = MergeSummary(
      kind: .respondentShards, partials: states.count, distinctIds: n,
      collisionProbability: n.map(IdHash.collisionProbability))
    var report = LiteracyJob.report(state, deterministic: deterministic)
    report.options.append(("merge", summary.json))
    return (.literacy(report), summary)
  }

  /// Reach partials folded as they are read: the options checked against
  /// the first, the id hashes kept, the states merged as shards by volunteer
  /// id (used when the partials turn out to be shards).
  struct ReachFold {
    var first: String
    var base: ReachState
    var merged: ReachState
    var paths: [String]
    var volunteerLists: [(String, IdHashList?)] = []
    var beneficiaryLists: [(String, IdHashList?)] = []
    var sameWindow = true
    /// An error merging as shards (overflow, span), thrown only for shards.
    var shardError: IngestError?

    init(first: String, _ s: ReachState) {
      self.first = first
      base = s
      merged = s
      paths = [first]
      keep(first, s)
      merged.volunteerTable = nil
      merged.beneficiaryHashes = nil
      for g in merged.groups.indices { merged.groups[g].volunteerTable = nil }
    }

    mutating func keep(_ path: String, _ s: ReachState) {
      volunteerLists.append((path, s.volunteerTable?.hashes))
      beneficiaryLists.append((path, s.beneficiaryHashes))
    }

    mutating func add(_ path: String, _ s: ReachState) throws(IngestError) {
      guard
        s.options.filter({ !TimeCutMerge.varying.contains($0.key) })
          == base.options.filter({ !TimeCutMerge.varying.contains($0.key) }),
        s.by == base.by, s.hasRegistry == base.hasRegistry, s.hasBeneficiaries == base.hasBeneficiaries,
        s.overall.grain == base.overall.grain
      else {
        throw IngestError(
          .configuration, file: path,
          message:
            "this partial was made with other options than \(first) (period, --by, --max-hours, --date-format, or which inputs were given differ)",
          hint: "emit every shard's partial with the same command options")
      }
      paths.append(path)
      keep(path, s)
      if !(s.options == base.options && s.spanFrom == base.spanFrom && s.spanTo == base.spanTo) { sameWindow = false }
      guard shardError == nil else { return }
      do {
        merged = try merged.merged(with: s)
        try checkSpan(merged, path)
      } catch {
        shardError = error
      }
    }
  }

  static func mergeReach(_ fold: ReachFold, deterministic: Bool) throws(IngestError) -> (
    report: MergedReport, summary: MergeSummary
  ) {
    let volunteerLists = try idLists(fold.volunteerLists)
    let beneficiaryLists = try idLists(fold.beneficiaryLists)
    var overlap: (IdOverlap, String, String)?
    if let v = volunteerLists, let o = IdOverlap.find(v) {
      overlap = (o, "volunteer id", "partition hour records and the registry by volunteer id")
    } else if let b = beneficiaryLists, let o = IdOverlap.find(b) {
      overlap = (o, "beneficiary id", "partition beneficiary rows by beneficiary id")
    }
    if volunteerLists != nil && (overlap != nil || !fold.sameWindow) {
      return try mergeTimeCuts(fold.paths, overlap: overlap, deterministic: deterministic)
    }
    if let (o, what, rule) = overlap { throw overlapError(fold.paths, o, what: what, rule: rule) }
    if !fold.sameWindow {
      throw IngestError(
        .configuration, file: fold.paths.last ?? fold.first,
        message:
          "the partials were made with other --from/--to or --as-of than \(fold.first), and they carry no ids (--trust-sharding), so they cannot be merged as time cuts",
        hint: "emit shards with the same options, or time cuts without --trust-sharding")
    }
    if let e = fold.shardError { throw e }
    let n = volunteerLists.map { $0.reduce(0) { $0 + $1.count } }
    let m = beneficiaryLists.map { $0.reduce(0) { $0 + $1.count } } ?? 0
    let summary = MergeSummary(
      kind: .volunteerShards, partials: fold.paths.count, distinctIds: n.map { $0 + m },
      collisionProbability: n.map { IdHash.collisionProbability($0) + IdHash.collisionProbability(m) })
    return (.reach(reachReport(fold.merged, summary, deterministic: deterministic)), summary)
  }

  static func mergeTimeCuts(
    _ paths: [String], overlap: (IdOverlap, String, String)?, deterministic: Bool
  ) throws(IngestError) -> (report: MergedReport, summary: MergeSummary) {
    var states: [(path: String, state: ReachState)] = []
    let decoding = DecodeAhead(paths)
    defer { decoding.finish() }
    for (i, path) in paths.enumerated() {
      guard case .reach(let s) = try decoding.take(i).get().0 else {
        throw kindMismatch(path, expected: "reach", first: paths[0])
      }
      states.append((path, s))
    }
    let ordered = states.sorted {
      ($0.state.volunteerTable?.spanFirst ?? Int.min) < ($1.state.volunteerTable?.spanFirst ?? Int.min)
    }
    var previous: (path: String, first: Int, last: Int)?
    for (path, s) in ordered {
      guard let t = s.volunteerTable, let f = t.spanFirst, let l = t.spanLast else { continue }
      if let p = previous, p.last >= f {
        let grain = s.overall.grain
        let shared =
          overlap.map { o in
            " and \(o.0.shared) \(o.1)\(o.0.shared == 1 ? " is" : "s are") in more than one partial"
          } ?? ""
        throw IngestError(
          .configuration, file: path,
          message:
            "the periods of this partial (\(grain.label(f))–\(grain.label(l))) overlap those of \(p.path) (\(grain.label(p.first))–\(grain.label(p.last)))\(shared): these are neither shards by volunteer id (each volunteer in one partial, same options) nor time cuts (periods that do not overlap), so some volunteers and hours would be counted twice",
          hint:
            "shard by volunteer id with the same options, or cut by time into partials whose periods do not overlap (e.g. one per year: --from 2024-01-01 --to 2024-12-31, or the records of one year)"
        )
      }
      previous = (path, f, l)
    }
    let (merged, volunteers, beneficiaries) = try TimeCutMerge.merge(ordered)
    try checkSpan(merged, ordered[ordered.count - 1].path)
    let grain = merged.overall.grain
    let spans = ordered.compactMap { s in
      s.state.volunteerTable?.spanFirst.map { ($0, s.state.volunteerTable?.spanLast ?? $0) }
    }
    let periods = spans.first.map { lo in "\(grain.label(lo.0)) to \(grain.label(spans[spans.count - 1].1))" }
    let summary = MergeSummary(
      kind: .timeCuts, partials: states.count, distinctIds: volunteers + beneficiaries,
      collisionProbability: IdHash.collisionProbability(volunteers) + IdHash.collisionProbability(beneficiaries),
      periods: periods)
    return (.reach(reachReport(merged, summary, deterministic: deterministic)), summary)
  }

  static func reachReport(_ state: ReachState, _ summary: MergeSummary, deterministic: Bool) -> ReachReport {
    let confidence = Double(state.options["confidence"] ?? "") ?? 0.95
    var report = ReachJob.report(state, confidence: confidence, top: 10, deterministic: deterministic)
    report.options.append(("merge", summary.json))
    return report
  }

  static func checkSpan(_ state: ReachState, _ path: String) throws(IngestError) {
    do {
      try PartialValidation.span(state, "overall.periods")
    } catch {
      throw IngestError(
        .configuration, file: path,
        message: "with this partial the merged periods \(error.message)",
        hint: "check the dates of the shard this partial came from, or merge it separately")
    }
  }

  /// The id hash lists of the partials, or `nil` when none carries ids
  /// (`--trust-sharding`); refuses a mix.
  static func idLists(_ lists: [(String, IdHashList?)]) throws(IngestError) -> [[UInt64]]? {
    let carrying = lists.filter { $0.1 != nil }
    if carrying.isEmpty { return nil }
    if let bare = lists.first(where: { $0.1 == nil }) {
      throw IngestError(
        .configuration, file: bare.0,
        message:
          "this partial carries no ids (written with --trust-sharding) but \(carrying[0].0) does; the double-counting check cannot be done for some partials only",
        hint: "write every partial with --trust-sharding, or none")
    }
    return lists.map { $0.1?.values ?? [] }
  }

  static func overlapError(_ paths: [String], _ o: IdOverlap, what: String, rule: String) -> IngestError {
    IngestError(
      .configuration, file: paths[o.second],
      message:
        "\(o.shared) \(what)\(o.shared == 1 ? " is" : "s are") in more than one partial (the first found is in this partial and in \(paths[o.first])); the shards overlap, so these would be double-counted",
      hint: "split the data so that each \(what) is in exactly one shard (\(rule))")
  }

  static func kindMismatch(_ path: String, expected: String, first: String) -> IngestError {
    IngestError(
      .configuration, file: path, message: "a \(expected) partial (\(first)) cannot be merged with a different kind",
      hint: "merge literacy partials and reach partials separately")
  }
}
