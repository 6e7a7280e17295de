import Foundation
import ImpactExport
import ImpactIngest
import ImpactStats

/// The checks that stop `impact literacy` when the data say a figure would
/// be wrong (exit 1, nothing written), and the notices about what it does
/// not use. The id guard is ``RespondentIdKey/checkExactPairing(pre:post:exact:files:idColumn:)``.
enum LiteracyGuards {
  // MARK: - "Don't know" codes

  /// Without a codebook, `--missing` or `--scale`: stops when an indicator's
  /// answers are small integers apart from a few codes such as 99 or −9
  /// (``MissingCodeRule/codesBesideSmallIntegers(_:)``), which would
  /// otherwise be averaged as scores.
  ///
  /// - Complexity: O(1) per indicator and wave unless its answers reach 97
  ///   or go below 0; then one pass over that column.
  static func checkMissingCodes(_ w: LiteracyJob.LoadedWaves) throws(IngestError) {
    var found: [(file: String, column: String, codes: [Double: Int], ordinary: ClosedRange<Double>)] = []
    for (wave, offset, file, columns) in waves(w) {
      for j in w.definitions.indices {
        let t = wave.tallies[j + offset]
        guard t.valid > 0, t.maximum >= 97 || t.minimum < 0 else { continue }
        var numbers: [Double: Int] = [:]
        var distinct = 0
        for r in 0..<wave.rows {
          let v = wave.values[r * wave.width + j + offset]
          if v.isNaN { continue }
          if numbers[v] == nil {
            distinct += 1
            if distinct > 64 { break }
          }
          numbers[v, default: 0] += 1
        }
        guard distinct <= 64, let codes = MissingCodeRule.codesBesideSmallIntegers(numbers) else { continue }
        let ordinary = numbers.keys.filter { !MissingCodeRule.looksLikeCode($0) }
        guard let lo = ordinary.min(), let hi = ordinary.max() else { continue }
        found.append((file, columns[j], codes, lo...hi))
      }
    }
    guard let first = found.first else { return }
    let inFile = found.filter { $0.file == first.file }
    let described = inFile.prefix(5).map { f in
      "column '\(f.column)' has answers \(range(f.ordinary)) besides "
        + f.codes.sorted { $0.key > $1.key }.map { "\(formatNumber($0.key)) ×\($0.value)" }.joined(separator: ", ")
    }
    let more = inFile.count > 5 ? " (and \(inFile.count - 5) more columns)" : ""
    let codes = Set(found.flatMap { $0.codes.keys }).sorted { $0 > $1 }.map(formatNumber)
    throw IngestError(
      .value, file: first.file,
      message: described.joined(separator: "; ") + more
        + ": codes like these (integers ≥ 97 or negative) usually mean \"don't know\" or \"refused\", and without a codebook or --missing they would be averaged as scores",
      hint:
        "declare them missing with \(codes.map { "--missing \($0)" }.joined(separator: " ")) (config: missing: [\(codes.joined(separator: ", "))]), or give a codebook (impact codebook init writes one with them as missing codes); if they are real scores, declare the scale with --scale"
    )
  }

  // MARK: - Mass exclusions

  /// Stops when an indicator would lose more than `request.maxExcludedShare`
  /// of its answers in one wave to values outside the scale, non-numeric
  /// text or unmatched labels:
  ///
  /// ```
  /// share = (out_of_scale + non_numeric + unmatched_label) / (valid + out_of_scale + non_numeric + unmatched_label)
  /// ```
  /// Missing answers (blank, NA, missing codes) do not count.
  static func checkExcludedShare(_ w: LiteracyJob.LoadedWaves, request: LiteracyRequest) throws(IngestError) {
    for (wave, offset, file, columns) in waves(w) {
      for j in w.definitions.indices {
        let t = wave.tallies[j + offset]
        let excluded = t.outOfScale + t.nonNumeric + t.unmatchedLabel
        let total = t.valid + excluded
        guard excluded > 0, Double(excluded) > request.maxExcludedShare * Double(total) else { continue }
        throw excludedShareError(
          t, indicator: w.definitions[j], column: columns[j], file: file, total: total, request: request)
      }
    }
  }

  static func excludedShareError(
    _ t: IndicatorTally, indicator: IndicatorDefinition, column: String, file: String, total: Int,
    request: LiteracyRequest
  ) -> IngestError {
    let excluded = t.outOfScale + t.nonNumeric + t.unmatchedLabel
    let share = Double(excluded) / Double(max(total, 1)) * 100
    var parts: [String] = []
    let lo = min(t.minimum, t.outOfScaleMinimum)
    let hi = max(t.maximum, t.outOfScaleMaximum)
    let source = request.codebook != nil ? "the codebook scale" : "--scale"
    if t.outOfScale > 0, let s = indicator.scale {
      parts.append(
        "\(t.outOfScale) outside \(source) [\(formatNumber(s.lowerBound)), \(formatNumber(s.upperBound))] (the answers range \(range(lo...hi)))"
      )
    } else if t.outOfScale > 0 {
      parts.append("\(t.outOfScale) outside the scale")
    }
    if t.nonNumeric > 0 { parts.append("\(t.nonNumeric) not numbers") }
    if t.unmatchedLabel > 0 { parts.append("\(t.unmatchedLabel) matching no codebook label") }
    let examples = (t.outOfScaleExamples + t.nonNumericExamples + t.unmatchedLabelExamples).sorted { $0.line < $1.line }
      .prefix(3).map { "line \($0.line): '\($0.text)'" }
    let name = indicator.id == column ? "'\(column)'" : "'\(indicator.id)' (column '\(column)')"
    var fix: [String] = []
    if t.outOfScale > 0 {
      fix.append(
        request.codebook != nil
          ? "correct the indicator's scale in the codebook to the answers' range"
          : "correct --scale to the answers' range")
    }
    if t.nonNumeric > 0 {
      fix.append(
        "declare the answer labels in a codebook (labels: or scale_ref:; impact codebook init drafts them), or missing texts with --missing"
      )
    }
    if t.unmatchedLabel > 0 { fix.append("add the unmatched answers to the codebook's labels or missing codes") }
    return IngestError(
      .value, file: file,
      message:
        "indicator \(name) would lose \(excluded) of its \(total) answers (\(formatPercent(share)), more than the \(formatPercent(request.maxExcludedShare * 100)) allowed): "
        + parts.joined(separator: ", ") + (examples.isEmpty ? "" : "; e.g. " + examples.joined(separator: ", ")),
      hint: fix.joined(separator: "; ")
        + "; to accept the loss, raise --max-excluded-share (config: max_excluded_share)")
  }

  // MARK: - Unused design columns

  /// Column names of survey design variables (compared case-insensitively,
  /// on the last component of a group path).
  static let designColumnNames: Set<String> = [
    "weight", "wt", "weights", "权重", "stratum", "strata", "cluster", "psu", "fpc",
  ]

  /// Whether a column is named like a survey design variable.
  static func isDesignColumn(_ name: String) -> Bool {
    designColumnNames.contains(ColumnResolver.lastComponent(name).lowercased())
  }

  /// One notice per design-variable column that no option uses (and
  /// `--ignore` does not name), listing the files that hold it.
  static func designColumnNotices(_ files: [(path: String, header: [String], used: Set<Int>)], ignore: [String])
    -> [String]
  {
    var order: [String] = []
    var where_: [String: [String]] = [:]
    for f in files {
      for (i, name) in f.header.enumerated() where isDesignColumn(name) && !f.used.contains(i) {
        if ignore.contains(where: { $0 == name || $0.lowercased() == name.lowercased() }) { continue }
        if where_[name] == nil { order.append(name) }
        where_[name, default: []].append(f.path)
      }
    }
    return order.map { name in
      "column '\(name)' (\((where_[name] ?? []).joined(separator: ", "))) looks like a survey design variable (weight, stratum, cluster) but no option uses it: the figures are unweighted and ignore the design"
    }
  }

  // MARK: - By-value conflicts

  /// Per `--by` column held by both files: paired respondents whose
  /// (non-blank) value differs between the waves. Wide files hold one value.
  static func byValueConflicts(
    _ w: LiteracyJob.LoadedWaves, groups: LiteracyJob.Groups, pairing: RespondentPairing, ids: WaveIds
  ) -> [ByValueConflicts] {
    guard !w.wide else { return [] }
    var out: [ByValueConflicts] = []
    for g in groups.columns.indices {
      guard let a = groups.preColumn[g], let b = groups.postColumn[g], let preMap = groups.preMap[g],
        let postMap = groups.postMap[g]
      else { continue }
      var c = ByValueConflicts(column: groups.columns[g], respondents: 0, examples: [])
      let preCodes = w.pre.groups[a]
      let postCodes = w.post.groups[b]
      for (r, q) in pairing.matched {
        let x = preCodes[Int(r)]
        let y = postCodes[Int(q)]
        guard x >= 0, y >= 0 else { continue }
        let u = preMap[Int(x)]
        let v = postMap[Int(y)]
        guard u != v else { continue }
        c.respondents += 1
        c.offer(
          ByValueConflict(id: ids.name(ids.codes[Int(r)]), pre: groups.label(g, u), post: groups.label(g, v)))
      }
      out.append(c)
    }
    return out
  }

  // MARK: - Helpers

  /// Each wave of the loaded data: its rows, the offset of its indicators,
  /// its file and its indicator columns.
  static func waves(_ w: LiteracyJob.LoadedWaves) -> [(SurveyWave, Int, String, [String])] {
    [(w.pre, w.preOffset, w.preName, w.preColumns), (w.post, w.postOffset, w.postName, w.postColumns)]
  }

  static func range(_ r: ClosedRange<Double>) -> String {
    r.lowerBound == r.upperBound
      ? formatNumber(r.lowerBound) : "\(formatNumber(r.lowerBound))–\(formatNumber(r.upperBound))"
  }

  static func formatPercent(_ v: Double) -> String {
    "\(formatNumber((v * 10).rounded() / 10))%"
  }
}
