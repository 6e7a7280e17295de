public import ImpactExport
public import ImpactIngest

/// The merged figures: the outputs the single-machine command writes.
public enum MergedReport: Sendable {
  case literacy(LiteracyReport)
  case reach(ReachReport)
}

/// `impact merge`: combines partial results of shards into the figures a
/// single machine would compute over all the data.
public enum MergeJob {
  public static func run(_ paths: [String], deterministic: Bool) throws(IngestError) -> MergedReport {
    guard let first = paths.first else {
      throw IngestError(
        .usage, file: "impact merge", message: "no partial files given", hint: "pass one or more partial files")
    }
    var partials: [(String, Partial)] = []
    // Every count and hour amount is non-negative and each partial's total is
    // bounded; their sum over all partials bounds every sum that merging and
    // reporting form, so checking it here means no addition can overflow.
    var total = 0
    for p in paths {
      let (partial, t) = try PartialFile.decodeChecked(path: p)
      let (sum, overflow) = total.addingReportingOverflow(t.value)
      guard !overflow && sum <= PartialTotal.maximum else {
        throw IngestError(
          .configuration, file: p,
          message:
            "with this partial the counts and hours of the partials add up to more than 2^62, which cannot be merged without overflow (its largest field: \(t.largest.field) = \(t.largest.value))",
          hint: "check that the partials are genuine; do not edit partial files by hand")
      }
      total = sum
      partials.append((p, partial))
    }
    switch partials[0].1 {
    case .literacy(var state):
      var ids = IdOwners(first, state.ids)
      for (path, p) in partials.dropFirst() {
        guard case .literacy(let s) = p else { throw kindMismatch(path, expected: "literacy", first: first) }
        guard s.overall.design.isCompatible(with: state.overall.design), s.mode == state.mode, s.by == state.by,
          s.options == state.options
        else {
          throw IngestError(
            .configuration, file: path,
            message:
              "this partial was made with other options or another codebook than \(first) (indicators, scales, --by, --scale, --id, missing codes or confidence differ)",
            hint: "emit every shard's partial with the same command options and codebook")
        }
        try ids.add(path, s.ids, what: "respondent id", rule: "partition both waves by respondent id")
        state = state.merged(with: s)
      }
      return .literacy(LiteracyJob.report(state, deterministic: deterministic))
    case .reach(var state):
      var volunteers = IdOwners(first, state.volunteerIds)
      var people = IdOwners(first, state.beneficiaryIds)
      for (path, p) in partials.dropFirst() {
        guard case .reach(let s) = p else { throw kindMismatch(path, expected: "reach", first: first) }
        guard s.options == state.options, s.by == state.by, s.hasRegistry == state.hasRegistry,
          s.hasBeneficiaries == state.hasBeneficiaries, s.spanFrom == state.spanFrom, s.spanTo == state.spanTo
        else {
          throw IngestError(
            .configuration, file: path,
            message:
              "this partial was made with other options than \(first) (period, --by, --from/--to, --as-of, --max-hours, or which inputs were given differ)",
            hint: "emit every shard's partial with the same command options")
        }
        try volunteers.add(
          path, s.volunteerIds, what: "volunteer id", rule: "partition hour records and the registry by volunteer id")
        try people.add(
          path, s.beneficiaryIds, what: "beneficiary id", rule: "partition beneficiary rows by beneficiary id")
        state = try state.merged(with: s)
        do {
          try PartialValidation.span(state, "overall.periods")
        } catch {
          throw IngestError(
            .configuration, file: path,
            message: "with this partial the merged periods \(error.message)",
            hint: "check the dates of the shard this partial came from, or merge it separately")
        }
      }
      let confidence = Double(state.options["confidence"] ?? "") ?? 0.95
      return .reach(ReachJob.report(state, confidence: confidence, top: 10, deterministic: deterministic))
    }
  }

  static func kindMismatch(_ path: String, expected: String, first: String) -> IngestError {
    IngestError(
      .configuration, file: path, message: "a \(expected) partial (\(first)) cannot be merged with a different kind",
      hint: "merge literacy partials and reach partials separately")
  }

  /// Sorted ids seen so far, with the file that brought them, to report a
  /// shard-rule violation instead of double counting.
  struct IdOwners {
    var ids: [String]
    var firstFile: String

    init(_ file: String, _ ids: [String]) {
      self.ids = ids
      firstFile = file
    }

    mutating func add(_ file: String, _ more: [String], what: String, rule: String) throws(IngestError) {
      var i = 0
      var j = 0
      var shared: [String] = []
      while i < ids.count && j < more.count {
        if ids[i] == more[j] {
          shared.append(more[j])
          if shared.count >= 5 { break }
          i += 1
          j += 1
        } else if ids[i] < more[j] {
          i += 1
        } else {
          j += 1
        }
      }
      if !shared.isEmpty {
        throw IngestError(
          .configuration, file: file,
          message:
            "\(what) \(shared.map { "'\($0)'" }.joined(separator: ", ")) also appear in an earlier partial (first: \(firstFile)); the shards overlap, so these would be double-counted",
          hint: "split the data so that each \(what) is in exactly one shard (\(rule))")
      }
      ids = mergeSorted(ids, more)
    }
  }
}
