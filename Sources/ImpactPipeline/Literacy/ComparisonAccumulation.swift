// The comparison-group pass of `impact literacy` (`--group`, `--treated`,
// `--covariate`, `--categorical-covariate`, `--cluster`): which arm each
// respondent is in, their covariates, and the per-indicator accumulators
// (``ComparisonState``). Group, cluster and covariates are read from the
// baseline row, as interned keys; numeric covariates are parsed once per
// distinct value.
import ImpactCore
import ImpactExport
import ImpactIngest
import ImpactStats

/// Where the comparison-group columns are among the baseline wave's keyed
/// columns, and the numbers of the numeric covariates.
struct ComparisonColumns: Sendable {
  var groupSlot: Int
  var clusterSlot: Int?
  var numericSlots: [Int]
  var categoricalSlots: [Int]
  /// Per numeric covariate: its value per key code (NaN: a missing code).
  var numericValues: [[Double]]
}

extension LiteracyRequest {
  /// Whether a comparison group was asked for.
  var hasComparison: Bool { group != nil }

  /// What is wrong with the comparison options, if anything (checked by the
  /// command's `validate()` and the config reader).
  public var comparisonProblem: String? {
    if (group == nil) != (treated == nil) { return "--group and --treated go together" }
    if group == nil && !(covariates.isEmpty && categoricalCovariates.isEmpty) {
      return "--covariate and --categorical-covariate need --group and --treated"
    }
    let names = comparisonColumnNames
    if Set(names).count != names.count { return "a column is named twice among --group, --cluster and the covariates" }
    if let g = group, by.contains(g) || ignore.contains(g) { return "--group '\(g)' is also a --by or --ignore column" }
    return nil
  }

  /// Keyed columns the comparison reads, in slot order: group, cluster,
  /// numeric covariates, categorical covariates.
  var comparisonColumnNames: [String] {
    guard let group else { return [] }
    return [group] + (cluster.map { [$0] } ?? []) + covariates + categoricalCovariates
  }
}

extension LiteracyJob {
  /// Header positions of the comparison columns in the baseline (or wide) file.
  static func comparisonIndexes(_ request: LiteracyRequest, in file: CSVFile) throws(IngestError) -> [Int] {
    var roles = ["--group"]
    if request.cluster != nil { roles.append("--cluster") }
    roles +=
      request.covariates.map { _ in "--covariate" }
      + request.categoricalCovariates.map { _ in
        "--categorical-covariate"
      }
    var out: [Int] = []
    for (name, role) in zip(request.comparisonColumnNames, roles) {
      guard let i = ColumnResolver.find(name, in: file.header) else {
        throw IngestError(
          .header, file: file.path, line: file.headerLine,
          message: "\(role) column '\(name)' is not in the baseline header",
          hint:
            "comparison-group columns are read from the baseline; the header lists: \(file.header.prefix(12).joined(separator: ", "))"
        )
      }
      out.append(i)
    }
    return out
  }

  /// The slots of the comparison columns read as keys from `firstSlot` on,
  /// and the numeric covariates parsed.
  static func comparisonColumns(
    _ request: LiteracyRequest, wave: SurveyWave, firstSlot: Int, file: CSVFile
  ) throws(IngestError) -> ComparisonColumns {
    var slot = firstSlot
    let groupSlot = slot
    slot += 1
    var clusterSlot: Int?
    if request.cluster != nil {
      clusterSlot = slot
      slot += 1
    }
    let numericSlots = Array(slot..<(slot + request.covariates.count))
    slot += request.covariates.count
    let categoricalSlots = Array(slot..<(slot + request.categoricalCovariates.count))
    let parser = file.numberParser(missing: MissingTokens().adding(request.missingCodes))
    var numericValues: [[Double]] = []
    for (c, s) in numericSlots.enumerated() {
      let keys = wave.groupKeys[s]
      var values: [Double] = []
      for code in 0..<Int32(keys.count) {
        let text = keys.string(code)
        var bytes = Array(text.utf8)
        let p = bytes.withUnsafeMutableBufferPointer { parser.parse(UnsafeBufferPointer($0)) }
        switch p.kind {
        case .number where p.value.isFinite && p.value.magnitude <= SurveyColumnPlan.magnitudeLimit:
          values.append(p.value)
        case .missing: values.append(.nan)
        default:
          let n = AnswerText.number(AnswerText.normalize(text))
          if n.kind == .number && n.value.isFinite && n.value.magnitude <= SurveyColumnPlan.magnitudeLimit {
            values.append(n.value)
            continue
          }
          let row = wave.groups[s].firstIndex(of: code) ?? 0
          throw IngestError(
            .value, file: file.path, line: wave.lines.indices.contains(row) ? Int(wave.lines[row]) : nil,
            columnName: request.covariates[c],
            message: "numeric covariate '\(request.covariates[c])' has the value '\(text)', which is not a number",
            hint:
              "declare it with --categorical-covariate \(request.covariates[c]) to dummy-code it, or name the value as missing with --missing '\(text)'"
          )
        }
      }
      numericValues.append(values)
    }
    return ComparisonColumns(
      groupSlot: groupSlot, clusterSlot: clusterSlot, numericSlots: numericSlots, categoricalSlots: categoricalSlots,
      numericValues: numericValues)
  }

  /// Accumulates the comparison-group state over the paired respondents;
  /// in a single run (`single`) also checks the arms and computes HC3 from a
  /// second pass over the rows.
  static func accumulateComparison(
    waves w: LoadedWaves, pairing: RespondentPairing, design: LiteracyDesign, request: LiteracyRequest,
    groups: Groups, single: Bool
  ) throws(IngestError) -> ComparisonState? {
    guard let cols = w.comparison, let group = request.group, let treated = request.treated else { return nil }
    let k = design.indicators.count
    let scorer = CompositeScorer(design: design)
    var state = ComparisonState(
      group: group, treated: treated, numericCovariates: request.covariates,
      categoricalCovariates: request.categoricalCovariates, cluster: request.cluster, indicators: k,
      composite: scorer != nil, byColumns: groups.columns)
    let keys = w.pre.groupKeys[cols.groupSlot]
    let codes = w.pre.groups[cols.groupSlot]
    state.groupValues = (0..<Int32(keys.count)).map { keys.string($0) }.sorted()
    if single {
      guard keys.lookup(treated) != nil else {
        throw IngestError(
          .usage, file: w.preName, columnName: group,
          message:
            "--treated '\(treated)' is not a value of column '\(group)' (values: \(state.groupValues.prefix(10).map { "'\($0)'" }.joined(separator: ", ")))",
          hint: "give one of the values shown (compared exactly, case and spaces included)")
      }
      guard state.groupValues.contains(where: { $0 != treated }) else {
        throw IngestError(
          .usage, file: w.preName, columnName: group,
          message: "column '\(group)' has only the value '\(treated)': there is no comparison group",
          hint:
            "a comparison needs participants and non-participants in --group; leave --group out for a pre/post analysis"
        )
      }
    }
    let treatedCode = keys.lookup(treated) ?? -2
    @inline(__always) func arm(_ row: Int32) -> Int? {
      let c = codes[Int(row)]
      return c < 0 ? nil : (c == treatedCode ? 0 : 1)
    }
    for r in pairing.matched.map(\.pre) + pairing.onlyPre {
      if let a = arm(r) { state.baseline[a] += 1 } else { state.baselineWithoutGroup += 1 }
    }
    /// Covariates of a baseline row (nil when one is missing) and its cluster.
    func covariates(_ row: Int32) -> (numeric: [Double]?, levels: [String], cluster: String?) {
      var numeric: [Double]? = []
      for (c, s) in cols.numericSlots.enumerated() {
        let code = w.pre.groups[s][Int(row)]
        let v = code < 0 ? Double.nan : cols.numericValues[c][Int(code)]
        if v.isNaN { numeric = nil } else { numeric?.append(v) }
      }
      var levels: [String] = []
      for s in cols.categoricalSlots {
        let code = w.pre.groups[s][Int(row)]
        if code < 0 { numeric = nil } else { levels.append(w.pre.groupKeys[s].string(code)) }
      }
      if levels.count < cols.categoricalSlots.count { levels = cols.categoricalSlots.map { _ in "" } }
      var cluster: String? = ""
      if let s = cols.clusterSlot {
        let code = w.pre.groups[s][Int(row)]
        cluster = code < 0 ? nil : w.pre.groupKeys[s].string(code)
      }
      return (numeric, levels, cluster)
    }
    // Rows of each fit, for the HC3 pass: (matched index) per indicator.
    var ancovaRows = [[Int]](repeating: [], count: k + 1)
    // Every accumulator (indicators, then the composite) with its cells
    // looked up once per distinct key, not per pair: dense key ids per
    // respondent → each accumulator's cell index (−1: not yet looked up).
    var accs = state.indicators + (state.composite.map { [$0] } ?? [])
    var didIds: [String: Int] = [:]
    var didKeys: [String] = []
    var ancovaIds: [[String]: Int] = [:]
    var ancovaKeys: [(cluster: String, levels: [String])] = []
    var didCellOf = [[Int]](repeating: [], count: accs.count)
    var ancovaCellOf = [[Int]](repeating: [], count: accs.count)
    // The interaction cells per --by column: dense ids of (ANCOVA key, group
    // code, arm) → each accumulator's cell index, as above.
    let byCount = groups.columns.count
    // Key: ANCOVA id · 2³³ + (group code + 1) · 2 + arm (codes are Int32 ≥ −1).
    var interactionIds = [[Int: Int]](repeating: [:], count: byCount)
    var interactionId = [Int](repeating: -1, count: byCount)
    var interactionKeys = [[RegressionCells.Key]](repeating: [], count: byCount)
    var interactionCellOf = [[[Int]]](repeating: [[Int]](repeating: [], count: byCount), count: accs.count)
    w.pre.values.withUnsafeBufferPointer { pv in
      w.post.values.withUnsafeBufferPointer { qv in
        for (i, pair) in pairing.matched.enumerated() {
          guard let a = arm(pair.pre) else { continue }
          let cov = covariates(pair.pre)
          var didId: Int?
          var ancovaId: Int?
          if let cluster = cov.cluster {
            if let id = didIds[cluster] {
              didId = id
            } else {
              didId = didKeys.count
              didIds[cluster] = didKeys.count
              didKeys.append(cluster)
            }
            if cov.numeric != nil {
              let key = [cluster] + cov.levels
              if let id = ancovaIds[key] {
                ancovaId = id
              } else {
                ancovaId = ancovaKeys.count
                ancovaIds[key] = ancovaKeys.count
                ancovaKeys.append((cluster, cov.levels))
              }
            }
          }
          for g in 0..<byCount { interactionId[g] = -1 }
          if let id = ancovaId {
            for g in 0..<byCount {
              let code = groups.code(g, preRow: pair.pre, postRow: pair.post, waves: w)
              let key = id &* 8_589_934_592 &+ (Int(code) &+ 1) &* 2 &+ a
              if let known = interactionIds[g][key] {
                interactionId[g] = known
              } else {
                interactionId[g] = interactionKeys[g].count
                interactionIds[g][key] = interactionKeys[g].count
                let base = ancovaKeys[id]
                interactionKeys[g].append(
                  RegressionCells.Key(
                    cluster: base.cluster,
                    levels: base.levels
                      + TreatmentInteractionLevels.levels(group: groups.label(g, code), treated: a == 0)))
              }
            }
          }
          let pa = Int(pair.pre) * w.pre.width + w.preOffset
          let qb = Int(pair.post) * w.post.width + w.postOffset
          for j in 0..<accs.count {
            let x: Double
            let y: Double
            if j < k {
              x = pv[pa + j]
              y = qv[qb + j]
              guard !x.isNaN && !y.isNaN else { continue }
            } else {
              guard let s = scorer, let u = s.value(pv.extracting(pa..<(pa + k)).span),
                let v = s.value(qv.extracting(qb..<(qb + k)).span)
              else { continue }
              x = u
              y = v
            }
            var didCell: Int?
            if let id = didId {
              while didCellOf[j].count <= id { didCellOf[j].append(-1) }
              if didCellOf[j][id] < 0 {
                didCellOf[j][id] = accs[j].did.cell(RegressionCells.Key(cluster: didKeys[id], levels: []))
              }
              didCell = didCellOf[j][id]
            }
            var ancovaCell: Int?
            if let id = ancovaId {
              while ancovaCellOf[j].count <= id { ancovaCellOf[j].append(-1) }
              if ancovaCellOf[j][id] < 0 {
                let key = ancovaKeys[id]
                ancovaCellOf[j][id] = accs[j].ancova.cell(RegressionCells.Key(cluster: key.cluster, levels: key.levels))
              }
              ancovaCell = ancovaCellOf[j][id]
            }
            accs[j].add(arm: a, pre: x, post: y, numeric: cov.numeric ?? [], didCell: didCell, ancovaCell: ancovaCell)
            for g in 0..<byCount where interactionId[g] >= 0 {
              let id = interactionId[g]
              while interactionCellOf[j][g].count <= id { interactionCellOf[j][g].append(-1) }
              if interactionCellOf[j][g][id] < 0 {
                interactionCellOf[j][g][id] = accs[j].interactions[g].cell(interactionKeys[g][id])
              }
              accs[j].addInteraction(
                column: g, cell: interactionCellOf[j][g][id], pre: x, post: y, numeric: cov.numeric ?? [])
            }
            if single && ancovaCell != nil { ancovaRows[j].append(i) }
          }
        }
      }
    }
    state.indicators = Array(accs.prefix(k))
    if state.composite != nil, let last = accs.last, accs.count == k + 1 { state.composite = last }
    for j in 0..<k { state.indicators[j].compact() }
    state.composite?.compact()
    guard single else {
      for j in 0..<k { state.indicators[j].hc3Reason = ComparisonAccumulator.mergedHC3Reason }
      state.composite?.hc3Reason = ComparisonAccumulator.mergedHC3Reason
      return state
    }
    // HC3: a second pass over the rows of each fit.
    let names = ["pre", "treated"] + request.covariates
    for j in 0...k {
      guard let acc = j < k ? state.indicators[j] : state.composite else { continue }
      guard
        case .success(let fit) = CellRegression.fit(
          acc.ancova, numericNames: names, categoricalNames: request.categoricalCovariates)
      else { continue }
      var x = Matrix(rows: ancovaRows[j].count, columns: fit.beta.count)
      var y: [Double] = []
      y.reserveCapacity(ancovaRows[j].count)
      w.pre.values.withUnsafeBufferPointer { pv in
        w.post.values.withUnsafeBufferPointer { qv in
          for (o, i) in ancovaRows[j].enumerated() {
            let pair = pairing.matched[i]
            let pa = Int(pair.pre) * w.pre.width + w.preOffset
            let qb = Int(pair.post) * w.post.width + w.postOffset
            let pre: Double
            if j < k {
              pre = pv[pa + j]
              y.append(qv[qb + j])
            } else {
              pre = scorer?.value(pv.extracting(pa..<(pa + k)).span) ?? .nan
              y.append(scorer?.value(qv.extracting(qb..<(qb + k)).span) ?? .nan)
            }
            let cov = covariates(pair.pre)
            let row = fit.designRow(
              numeric: [pre, arm(pair.pre) == 0 ? 1 : 0] + (cov.numeric ?? []), levels: cov.levels)
            for c in row.indices { x[o, c] = row[c] }
          }
        }
      }
      let result = fit.hc3(1, design: x, y: y, confidence: design.confidence)
      switch result {
      case .success(let t):
        if j < k { state.indicators[j].hc3 = t } else { state.composite?.hc3 = t }
      case .failure(let p):
        if j < k { state.indicators[j].hc3Reason = p.reason } else { state.composite?.hc3Reason = p.reason }
      }
    }
    return state
  }
}

extension LiteracyOutputs {
  /// The stderr lines of a comparison group: the arms, the composite's DiD
  /// and ANCOVA effect, and why figures are null.
  static func comparisonLines(_ c: ComparisonResult) -> [String] {
    var lines = [
      "comparison: \(c.group) = '\(c.treated)' (\(c.baselineTreated) at baseline) vs \(c.comparisonValues.map { "'\($0)'" }.joined(separator: ", ")) (\(c.baselineComparison))"
        + (c.baselineWithoutGroup > 0 ? "; \(c.baselineWithoutGroup) without a group value" : "")
    ]
    lines += c.notes.map { "comparison: \($0)" }
    func f(_ v: Double) -> String { formatNumber((v * 1000).rounded() / 1000) }
    if let r = c.composite {
      var parts: [String] = []
      if let d = r.did { parts.append("DiD \(f(d.estimate)) [\(f(d.ciLow)), \(f(d.ciHigh))]") }
      if let a = r.ancova { parts.append("ANCOVA effect \(f(a.estimate)) [\(f(a.ciLow)), \(f(a.ciHigh))]") }
      if let g = r.baselineG, let band = r.baselineEquivalence { parts.append("baseline g \(f(g)) (\(band))") }
      if !parts.isEmpty { lines.append("comparison, composite: " + parts.joined(separator: "; ")) }
    }
    for r in c.indicators + (c.composite.map { [$0] } ?? []) {
      if let reason = r.reasons["ancova"] { lines.append("comparison, \(r.indicator): ANCOVA null: \(reason)") }
    }
    for i in c.interactions {
      guard let t = i.composite else { continue }
      let kind = c.cluster == nil ? "classical" : "cluster"
      if let w = kind == "cluster" ? t.cluster : t.classical {
        lines.append(
          "comparison, composite: treated × \(i.column) interaction F(\(Int(w.df1)), \(Int(w.df2))) = \(f(w.f)), p \(f(w.pValue)) (\(kind == "cluster" ? "CR1" : "classical"))"
        )
      } else if let reason = t.reasons[kind] {
        lines.append("comparison, composite: treated × \(i.column) interaction null: \(reason)")
      }
    }
    return lines
  }
}
