import ImpactCore
import ImpactIngest
import ImpactStats

/// Where a survey design's columns are in the loaded waves: indices into the
/// baseline wave's group columns (read as interned keys after the `--by`
/// columns), and the endline's weight column if it has one.
struct DesignColumnPlan: Sendable {
  var columns: SurveyDesignColumns
  /// The file the design is read from (the baseline) and its number reader.
  var file: String
  var parser: NumberParser
  var weight: Int?
  var strata: Int?
  var cluster: Int?
  var fpc: Int?
  /// The endline's weight column (two-file mode) and its number reader.
  var postWeight: Int?
  var postParser: NumberParser?
}

extension LiteracyJob {
  /// Resolves the design columns (options over the codebook's `design:`) in
  /// the baseline file; `slot` is the number of group columns read before
  /// them. Returns the plan and the header indices to read as group columns
  /// of each wave.
  static func designPlan(
    _ request: LiteracyRequest, codebook: Codebook?, pre: CSVFile, preSlot: Int, post: CSVFile?, postSlot: Int
  ) throws(IngestError) -> (DesignColumnPlan?, pre: [Int], post: [Int]) {
    let columns = request.surveyDesign.over(codebook?.design)
    guard !columns.isEmpty else { return (nil, [], []) }
    if columns.fpc != nil && columns.weight == nil {
      throw IngestError(
        .usage, file: pre.path, line: pre.headerLine,
        message: "--fpc is given without --weight",
        hint:
          "give the sampling weight column with --weight (R svydesign would derive weights from fpc; impact does not)"
      )
    }
    var plan = DesignColumnPlan(columns: columns, file: pre.path, parser: pre.numberParser())
    var indices: [Int] = []
    func add(_ name: String?, _ option: String) throws(IngestError) -> Int? {
      guard let name else { return nil }
      indices.append(try ColumnResolver.resolve(name, in: pre, role: option))
      return preSlot + indices.count - 1
    }
    plan.weight = try add(columns.weight, "--weight")
    plan.strata = try add(columns.strata, "--strata")
    plan.cluster = try add(columns.cluster, "--cluster")
    plan.fpc = try add(columns.fpc, "--fpc")
    var postIndices: [Int] = []
    if let post, let w = columns.weight, let j = ColumnResolver.find(w, in: post.header) {
      postIndices.append(j)
      plan.postWeight = postSlot
      plan.postParser = post.numberParser()
    }
    return (plan, indices, postIndices)
  }

  /// Feeds every respondent of the design — matched and baseline-only, with
  /// the weight, stratum, cluster and fpc of their baseline row — into a
  /// `SurveyDesignAccumulator`, and into the domain accumulator of their
  /// group of each `--by` column (keyed by group code as in `accumulate`).
  /// Missing, zero, negative or non-numeric weights (and missing strata,
  /// clusters or fpc) stop the job, naming the file and line.
  static func accumulateDesign(
    _ w: LoadedWaves, plan: DesignColumnPlan, pairing: RespondentPairing, design: LiteracyDesign, groups: Groups
  ) throws(IngestError) -> (SurveyDesignAccumulator, domains: [[Int32: SurveyDesignAccumulator]]) {
    var acc = SurveyDesignAccumulator(literacy: design, clustered: plan.cluster != nil)
    let empty = acc
    var domains = [[Int32: SurveyDesignAccumulator]](repeating: [:], count: groups.columns.count)
    let c = plan.columns
    for (role, name) in [("weight", c.weight), ("strata", c.strata), ("cluster", c.cluster), ("fpc", c.fpc)] {
      if let name { acc.columns[role] = name }
    }
    let k = design.indicators.count
    let pre = w.pre
    let post = w.post
    var weightCache: [Int32: Double] = [:]
    var fpcCache: [Int32: Double] = [:]
    // Labels per code, made once (not a String per respondent).
    var labels: [Int: [String]] = [:]
    for g in [plan.strata, plan.cluster].compactMap({ $0 }) {
      labels[g] = (0..<pre.groupKeys[g].count).map { pre.groupKeys[g].string(Int32($0)) }
    }
    func label(_ g: Int?, row: Int32, option: String, name: String?) throws(IngestError) -> String {
      guard let g else { return "" }
      let code = pre.groups[g][Int(row)]
      guard code >= 0 else {
        throw IngestError(
          .value, file: plan.file, line: Int(pre.lines[Int(row)]), columnName: name,
          message: "the \(option) column '\(name ?? "")' is blank for a respondent of the design",
          hint: "fill in the respondent's \(option.dropFirst(2)) in the baseline, or remove the respondent")
      }
      return labels[g]?[Int(code)] ?? pre.groupKeys[g].string(code)
    }
    func number(
      _ g: Int, wave: SurveyWave, row: Int32, parser: NumberParser, file: String, option: String, name: String,
      cache: inout [Int32: Double], positive: Bool
    ) throws(IngestError) -> Double {
      let code = wave.groups[g][Int(row)]
      let line = Int(wave.lines[Int(row)])
      guard code >= 0 else {
        throw IngestError(
          .value, file: file, line: line, columnName: name,
          message: "the \(option) column '\(name)' is blank (a missing \(option.dropFirst(2)))",
          hint: "every respondent of the design needs a \(option.dropFirst(2)); fill it in or remove the respondent")
      }
      if let v = cache[code] { return v }
      let text = wave.groupKeys[g].string(code)
      let r = Array(text.utf8).withUnsafeBufferPointer { parser.parse($0) }
      guard r.kind == .number, r.value.isFinite else {
        throw IngestError(
          .value, file: file, line: line, columnName: name,
          message: "the \(option) column '\(name)' holds '\(text)', which is not a number",
          hint: "write the \(option.dropFirst(2)) as a plain number with the file's decimal mark")
      }
      if positive && !(r.value > 0) {
        throw IngestError(
          .value, file: file, line: line, columnName: name,
          message: option == "--weight"
            ? "the weight column '\(name)' holds \(text): weights must be positive"
            : "the \(option) column '\(name)' holds \(text): it must be positive",
          hint: option == "--weight"
            ? "correct the weight, or remove respondents who are not part of the sample"
            : "give the stratum's population size (in PSUs) or its sampling fraction")
      }
      cache[code] = r.value
      return r.value
    }
    let weightName = plan.columns.weight ?? ""
    let fpcName = plan.columns.fpc ?? ""
    func row(_ a: Int32, post b: Int32?) throws(IngestError) {
      let weight =
        try plan.weight.map { (g) throws(IngestError) in
          try number(
            g, wave: pre, row: a, parser: plan.parser, file: plan.file, option: "--weight", name: weightName,
            cache: &weightCache, positive: true)
        } ?? 1
      let fpc = try plan.fpc.map { (g) throws(IngestError) in
        try number(
          g, wave: pre, row: a, parser: plan.parser, file: plan.file, option: "--fpc", name: fpcName,
          cache: &fpcCache, positive: true)
      }
      let stratum = try label(plan.strata, row: a, option: "--strata", name: plan.columns.strata)
      let psu = try label(plan.cluster, row: a, option: "--cluster", name: plan.columns.cluster)
      let x = Array(pre.values[(Int(a) * pre.width + w.preOffset)..<(Int(a) * pre.width + w.preOffset + k)])
      var y: [Double]?
      if let b {
        y = Array(post.values[(Int(b) * post.width + w.postOffset)..<(Int(b) * post.width + w.postOffset + k)])
        if let g = plan.postWeight, let parser = plan.postParser, post.groups[g][Int(b)] >= 0 {
          let text = post.groupKeys[g].string(post.groups[g][Int(b)])
          let r = Array(text.utf8).withUnsafeBufferPointer { parser.parse($0) }
          if r.kind != .number || r.value != weight { acc.weightChanges += 1 }
        }
      }
      acc.add(stratum: stratum, psu: psu, weight: weight, fpc: fpc, pre: x, post: y)
      for g in domains.indices {
        let code = groups.code(g, preRow: a, postRow: b, waves: w)
        domains[g][code, default: empty].add(stratum: stratum, psu: psu, weight: weight, fpc: fpc, pre: x, post: y)
      }
    }
    for (a, b) in pairing.matched { try row(a, post: b) }
    for a in pairing.onlyPre { try row(a, post: nil) }
    return (acc, domains)
  }

  /// The domain totals of group `code` of `--by` column `g` (empty when no
  /// respondent of the design is in it, e.g. a group of endline-only
  /// respondents); nil without a design.
  static func designDomain(
    _ domains: [[Int32: SurveyDesignAccumulator]], _ g: Int, _ code: Int32, design: SurveyDesignAccumulator?
  ) -> SurveyDesignAccumulator? {
    guard let design else { return nil }
    return g < domains.count ? domains[g][code] ?? design.emptied() : design.emptied()
  }

  /// The effective design as a partial's `design` option: `role=column`
  /// pairs (options over the codebook's `design:`), so that partials of
  /// different designs never merge.
  static func designOption(_ c: SurveyDesignColumns?) -> String? {
    guard let c, !c.isEmpty else { return nil }
    return SurveyDesignAccumulator.optionText(
      ["weight": c.weight, "strata": c.strata, "cluster": c.cluster, "fpc": c.fpc].compactMapValues { $0 })
  }
}
