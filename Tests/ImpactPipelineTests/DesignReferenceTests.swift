import Foundation
import ImpactExport
import ImpactIngest
import ImpactPipeline
import ImpactStats
import TestSupport
import Testing

/// Survey-design figures of `impact literacy` against R survey 4.1-1
/// (Fixtures/design/make_design_reference.R): R's `apistrat` (stratified,
/// fpc), `apiclus1` (one-stage cluster, fpc) and a generated stratified
/// cluster sample with attrition, missing answers, a reversed item, a one-PSU
/// stratum and a cluster that dropped out. Tolerance 1e-9 relative (1e-12
/// absolute where R gives 0; p-values also 1e-300 absolute); counts exact.
@Suite struct DesignReferenceTests {
  static let cases = ["apistrat", "apiclus1", "generated"]

  static func folder(_ name: String) -> String {
    (Bundle.module.resourceURL?.appendingPathComponent("Fixtures/design/\(name)").path) ?? ""
  }

  /// The case's request and overall expectations; `by`: with the case's
  /// `--by` columns (args `by`, comma-separated).
  static func request(_ name: String, parallelism: Int = 2, by: Bool = false) throws -> (
    LiteracyRequest, [String: [String: Any]]
  ) {
    let data = try Data(contentsOf: URL(fileURLWithPath: folder(name) + "/expected.json"))
    let doc = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    let args = try #require(doc["args"] as? [String: String])
    let dir = folder(name)
    var r = LiteracyRequest()
    r.pre = dir + "/baseline.csv"
    r.post = dir + "/endline.csv"
    r.codebook = dir + "/codebook.yaml"
    r.surveyDesign = SurveyDesignColumns(
      weight: args["weight"], strata: args["strata"], cluster: args["cluster"], fpc: args["fpc"])
    r.deterministic = true
    r.csv = CSVOptions(parallelism: parallelism, minimumChunkBytes: 256)
    if by { r.by = (args["by"] ?? "").split(separator: ",").map(String.init) }
    return (r, try #require(doc["expected"] as? [String: [String: Any]]))
  }

  /// Per `--by` column and group: the expected figures per outcome.
  static func groupExpectations(_ name: String) throws -> [String: [String: [String: [String: Any]]]] {
    let data = try Data(contentsOf: URL(fileURLWithPath: folder(name) + "/expected.json"))
    let doc = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    return try #require(doc["groups"] as? [String: [String: [String: [String: Any]]]])
  }

  static func problems(_ report: LiteracyReport, _ expected: [String: [String: Any]]) -> [String] {
    problems(report.overall, expected, label: "")
  }

  static func problems(_ result: LiteracyResult, _ expected: [String: [String: Any]], label: String) -> [String] {
    var out: [String] = []
    let rows = result.indicators + (result.composite.map { [$0] } ?? [])
    #expect(rows.count == expected.count, "outcome count")
    for r in rows {
      guard let e = expected[r.indicator] else {
        out.append("\(label)unexpected outcome \(r.indicator)")
        continue
      }
      guard let s = r.survey, case .object(let members) = SurveyDesignOutput.json(s) else {
        out.append("\(label)\(r.indicator): no design block")
        continue
      }
      for (k, v) in e {
        guard let observed = members.first(where: { $0.0 == k })?.1 else {
          out.append("\(label)\(r.indicator).\(k): missing in output")
          continue
        }
        if let m = LiteracyReferenceTests.mismatch("\(label)\(r.indicator).\(k)", observed: observed, expected: v) {
          out.append(m)
        }
      }
    }
    return out
  }

  @Test(arguments: cases, [1, 2])
  func everyDesignFigureMatchesRSurvey(_ name: String, parallelism: Int) throws {
    let (r, expected) = try Self.request(name, parallelism: parallelism)
    let report = try LiteracyJob.run(r)
    let problems = Self.problems(report, expected)
    #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
  }

  /// Per `--by` group, the design figures are domain estimates on the full
  /// design and match R (`svyby` SEs; `svyttest` on the subset, whose df is
  /// degf(subset) − 1): groups that cut across strata (apistrat awards),
  /// that are strata (apistrat stype), that cut across clusters (apiclus1
  /// stype), and a blank value with endline-only newcomers ("(missing)").
  @Test(arguments: cases, [1, 2])
  func everyGroupDesignFigureMatchesRSurvey(_ name: String, parallelism: Int) throws {
    let (r, expected) = try Self.request(name, parallelism: parallelism, by: true)
    let report = try LiteracyJob.run(r)
    #expect(Self.problems(report, expected).isEmpty, "overall changed with --by")
    let groups = try Self.groupExpectations(name)
    var problems: [String] = []
    var seen = 0
    for (column, values) in groups {
      for (value, outcomes) in values {
        guard let g = report.groups.first(where: { $0.column == column && $0.value == value }) else {
          problems.append("no group \(column) = \(value)")
          continue
        }
        seen += 1
        problems += Self.problems(g.result, outcomes, label: "\(column)=\(value) ")
      }
    }
    #expect(seen >= 3)
    #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
  }

  /// The df of a group is R's for the subset design: apistrat's awards = No
  /// has 87 schools in the 3 strata, so degf 84 and the t test df 83;
  /// stype = H is one stratum of 50 schools: degf 49, df 48.
  @Test func groupDegreesOfFreedomAreThoseOfTheSubsetDesign() throws {
    let report = try LiteracyJob.run(try Self.request("apistrat", by: true).0)
    func survey(_ column: String, _ value: String) -> SurveyEstimates? {
      report.groups.first { $0.column == column && $0.value == value }?.result.indicators.first?.survey
    }
    let no = try #require(survey("awards", "No"))
    #expect(no.nPairs == 87 && no.designDF == 84 && no.df == 83)
    let h = try #require(survey("stype", "H"))
    #expect(h.nPairs == 50 && h.designDF == 49 && h.df == 48 && h.psus == 200 && h.strata == 3)
  }

  /// A group whose respondents all dropped out (village v03 relabelled
  /// "island") has no complete pair: its design figures are null with the
  /// reason; the other groups' figures and the whole sample's are unchanged
  /// (the domain of a group only changes which units count, never n_h), and
  /// the partial still validates and merges.
  @Test func aGroupWithoutCompletePairsGetsNullsWithTheReason() throws {
    var (r, _) = try Self.request("generated", by: true)
    let before = try LiteracyJob.run(r)
    let dir = try MergeTests.temp()
    let lines = try String(contentsOfFile: r.pre ?? "", encoding: .utf8).split(separator: "\n").map { line in
      line.contains("\"v03\"")
        ? line.replacingOccurrences(of: "\"rural\"", with: "\"island\"")
          .replacingOccurrences(of: "\"urban\"", with: "\"island\"") : String(line)
    }
    try (lines.joined(separator: "\n") + "\n").write(toFile: dir + "/baseline.csv", atomically: true, encoding: .utf8)
    r.pre = dir + "/baseline.csv"
    let report = try LiteracyJob.run(r)
    let island = try #require(report.groups.first { $0.value == "island" })
    let s = try #require(island.result.composite?.survey)
    #expect(s.nPairs == 0 && s.meanDiff == nil && s.seDiff == nil)
    #expect(s.note?.contains("no complete pairs") == true, "\(s.note ?? "no note")")
    #expect(report.overall.composite?.survey == before.overall.composite?.survey)
    let partial = dir + "/p.json"
    try Data(try PartialFile.encode(.literacy(LiteracyJob.accumulate(r, keepIds: true)))).write(
      to: URL(fileURLWithPath: partial))
    guard case .literacy(let merged) = try MergeJob.run([partial], deterministic: true) else {
      Issue.record("not a literacy result")
      return
    }
    #expect(LiteracyCSV.render(merged) == LiteracyCSV.render(report))
  }

  /// The issue's anchor: apistrat has 200 schools in 3 strata, so the
  /// svyttest df is 200 − 3 − 1 = 196.
  @Test func apistratHas196DegreesOfFreedom() throws {
    let report = try LiteracyJob.run(try Self.request("apistrat").0)
    let s = try #require(report.overall.indicators.first?.survey)
    #expect(s.designDF == 197 && s.df == 196 && s.psus == 200 && s.strata == 3)
  }

  /// The design read from the codebook's `design:` gives the same figures.
  @Test func codebookDesignEqualsOptions() throws {
    let dir = try MergeTests.temp()
    var (r, _) = try Self.request("generated")
    let single = try LiteracyJob.run(r)
    let codebook = try String(contentsOfFile: r.codebook ?? "", encoding: .utf8)
    try (codebook + "design: {weight: weight, strata: stratum, cluster: village, fpc: fpc}\n").write(
      toFile: dir + "/codebook.yaml", atomically: true, encoding: .utf8)
    r.codebook = dir + "/codebook.yaml"
    r.surveyDesign = SurveyDesignColumns()
    let viaCodebook = try LiteracyJob.run(r)
    #expect(LiteracyCSV.render(viaCodebook) == LiteracyCSV.render(single))
    #expect(LiteracyCSV.render(single).contains("w_mean_diff"))
  }

  /// A wide file (one row per respondent, `api_pre`/`api_post`) reads the
  /// design from the same row: the same figures as the two files.
  @Test func wideFileGivesTheSameDesignFigures() throws {
    let (r, _) = try Self.request("apistrat")
    let twoFiles = try LiteracyJob.run(r)
    let pre = try String(contentsOfFile: r.pre ?? "", encoding: .utf8).split(separator: "\n")
    let post = try String(contentsOfFile: r.post ?? "", encoding: .utf8).split(separator: "\n")
    #expect(pre.count == post.count && pre.count == 201)
    var endline: [Substring: Substring] = [:]
    for line in post.dropFirst() {
      let f = line.split(separator: ",")
      endline[f[0]] = f[1]
    }
    var wide = "snum,stype,pw,fpc,api_pre,api_post\n"
    for line in pre.dropFirst() {
      let f = line.split(separator: ",")
      wide += "\(f[0]),\(f[1]),\(f[2]),\(f[3]),\(f[4]),\(endline[f[0]] ?? "")\n"
    }
    let dir = try MergeTests.temp()
    try wide.write(toFile: dir + "/wide.csv", atomically: true, encoding: .utf8)
    var w = r
    w.pre = nil
    w.post = nil
    w.survey = dir + "/wide.csv"
    let fromWide = try LiteracyJob.run(w)
    let a = try #require(twoFiles.overall.indicators.first?.survey)
    let b = try #require(fromWide.overall.indicators.first?.survey)
    #expect(a == b)
    #expect(fromWide.overall.composite?.survey == twoFiles.overall.composite?.survey)
  }

  /// An fpc that differs within a stratum leaves no variance to trust: the
  /// design figures are null with the reason, the job still reports the rest.
  @Test func fpcThatVariesWithinAStratumNullsTheFiguresWithAReason() throws {
    var (r, _) = try Self.request("generated")
    let dir = try MergeTests.temp()
    var lines = try String(contentsOfFile: r.pre ?? "", encoding: .utf8).components(separatedBy: "\n")
    let i = try #require(lines.firstIndex { $0.contains("\"north\"") && $0.contains(",60,") })
    lines[i] = lines[i].replacingOccurrences(of: ",60,", with: ",61,")
    try lines.joined(separator: "\n").write(toFile: dir + "/baseline.csv", atomically: true, encoding: .utf8)
    r.pre = dir + "/baseline.csv"
    let report = try LiteracyJob.run(r)
    let s = try #require(report.overall.indicators.first?.survey)
    #expect(s.meanPre == nil && s.seDiff == nil && s.nPairs > 0)
    #expect(s.note?.contains("fpc differs within stratum 'north'") == true, "\(s.note ?? "no note")")
    #expect(report.overall.surveyDesign?.fpcConflicts == ["north"])
  }

  /// Rank tests stay unweighted, and the output says so.
  @Test func theOutputSaysWhatIsUnweighted() throws {
    let report = try LiteracyJob.run(try Self.request("apistrat").0)
    #expect(report.notices.contains(SurveyDesignOutput.unweightedNotice))
    let json = LiteracyJSON.document(report).serialized()
    #expect(json.contains("\"survey_design\"") && json.contains("Wilcoxon and other rank statistics"))
  }

  /// Writes a small two-wave survey with the given weight texts.
  static func tiny(weights: [String], endlineWeights: [String]? = nil, delimiter: String = ",")
    throws -> LiteracyRequest
  {
    let dir = try MergeTests.temp()
    let d = delimiter
    var pre = ["id\(d)stratum\(d)w\(d)q1\(d)q2"]
    var post = ["id\(d)q1\(d)q2" + (endlineWeights == nil ? "" : "\(d)w")]
    for (i, w) in weights.enumerated() {
      pre.append("r\(i)\(d)\(i % 2 == 0 ? "a" : "b")\(d)\(w)\(d)\(1 + i % 5)\(d)\(1 + (i * 3) % 5)")
      let e = endlineWeights.map { "\(d)\($0[i])" } ?? ""
      post.append("r\(i)\(d)\(1 + (i + 1) % 5)\(d)\(1 + (i * 2) % 5)\(e)")
    }
    try (pre.joined(separator: "\n") + "\n").write(toFile: dir + "/pre.csv", atomically: true, encoding: .utf8)
    try (post.joined(separator: "\n") + "\n").write(toFile: dir + "/post.csv", atomically: true, encoding: .utf8)
    var r = LiteracyRequest()
    r.pre = dir + "/pre.csv"
    r.post = dir + "/post.csv"
    r.scale = 1...5
    r.surveyDesign = SurveyDesignColumns(weight: "w", strata: "stratum")
    r.deterministic = true
    return r
  }

  @Test(arguments: [
    ("0", "must be positive"), ("-2.5", "must be positive"), ("", "is blank"), ("heavy", "not a number"),
  ])
  func badWeightsStopTheJobNamingFileAndLine(_ weight: String, _ message: String) throws {
    var weights = Array(repeating: "1.5", count: 8)
    weights[4] = weight
    let r = try Self.tiny(weights: weights)
    do {
      _ = try LiteracyJob.run(r)
      Issue.record("a weight of '\(weight)' was accepted")
    } catch {
      #expect(error.file == r.pre && error.line == 6, "\(error)")
      #expect(error.message.contains(message), "\(error.message)")
      #expect(error.message.contains("'w'"), "\(error.message)")
    }
  }

  @Test func weightsAreReadWithTheFilesDecimalMark() throws {
    let weights = ["1.5", "2.25", "3", "0.75", "1.5", "2", "4.5", "1"]
    let point = try LiteracyJob.run(try Self.tiny(weights: weights))
    var comma = try Self.tiny(weights: weights.map { $0.replacingOccurrences(of: ".", with: ",") }, delimiter: ";")
    comma.csv.decimalMark = .comma
    let fromComma = try LiteracyJob.run(comma)
    let a = try #require(point.overall.indicators.first?.survey)
    let b = try #require(fromComma.overall.indicators.first?.survey)
    #expect(a == b)
    #expect(a.weightSum == 16.5)
  }

  @Test func weightsThatChangeBetweenWavesAreCounted() throws {
    let weights = ["1.5", "2.25", "3", "0.75", "1.5", "2", "4.5", "1"]
    var later = weights
    later[1] = "2.5"
    later[6] = "9"
    let report = try LiteracyJob.run(try Self.tiny(weights: weights, endlineWeights: later))
    #expect(report.overall.surveyDesign?.weightChanges == 2)
    #expect(
      LiteracyOutputs.summary(report).contains(
        "--weight w: 2 paired respondents have a different weight at endline; the baseline weight is used"))
    let json = LiteracyJSON.document(report).serialized(indent: 0)
    #expect(json.replacingOccurrences(of: " ", with: "").contains("\"weight_changes\":2"))
  }
}
