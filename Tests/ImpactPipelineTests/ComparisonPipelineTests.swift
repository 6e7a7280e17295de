import Foundation
import ImpactCore
import ImpactIngest
import ImpactStats
import TestSupport
import Testing

@testable import ImpactExport
@testable import ImpactPipeline

/// `impact literacy --group … --treated … --covariate … --cluster …` end to end
/// against statsmodels/SciPy/pingouin (Fixtures/comparison/
/// make_comparison_pipeline_reference.py, 1e-9 relative), shards merged, and
/// bad input.
@Suite struct ComparisonPipelineTests {
  static let folder = (Bundle.module.resourceURL?.appendingPathComponent("Fixtures/comparison").path) ?? ""

  struct Coefficient: Decodable {
    var estimate: Double
    var se: Double?
    var t: Double
    var df: Double
    var p: Double
    var ciLow: Double
    var ciHigh: Double
  }
  struct Expected: Decodable {
    var ancovaN: Int
    var nTreated: Int
    var nComparison: Int
    var ancova: Coefficient
    var ancovaHC3: Coefficient
    var ancovaCluster: Coefficient
    var did: Coefficient
    var didCluster: Coefficient
    var baselineG: Double
    var didG: [String: Double]
    var ancovaG: [String: Double]
    var interaction: [String: Double]
    var attritionTreated: Double
    var attritionComparison: Double
    var attritionOverall: Double
  }
  struct Composite: Decodable {
    var ancovaN: Int
    var ancovaG: [String: Double]
    var interaction: [String: Double]
  }
  struct File: Decodable {
    var indicators: [String: Expected]
    var composite: Composite
  }

  static func request(pre: String = folder + "/baseline.csv", post: String = folder + "/endline.csv")
    -> LiteracyRequest
  {
    var r = LiteracyRequest()
    r.pre = pre
    r.post = post
    r.scale = 1...5
    r.group = "arm"
    r.treated = "program"
    r.covariates = ["age"]
    r.categoricalCovariates = ["sex"]
    r.cluster = "village"
    r.by = ["district"]
    r.deterministic = true
    return r
  }

  static func close(_ a: Double?, _ b: Double, _ tol: Double, _ label: String) {
    guard let a else {
      Issue.record("\(label) is null")
      return
    }
    let err = a == b ? 0 : abs(a - b) / max(abs(b), 1e-300)
    #expect(err <= tol, "\(label): expected \(b), observed \(a), relative error \(err)")
  }

  static func check(_ t: CoefficientTest?, _ e: Coefficient, _ label: String) {
    close(t?.estimate, e.estimate, 1e-9, "\(label).estimate")
    if let se = e.se { close(t?.standardError, se, 1e-9, "\(label).se") }
    close(t?.t, e.t, 1e-9, "\(label).t")
    close(t?.df, e.df, 1e-9, "\(label).df")
    close(t?.pValue, e.p, 1e-9, "\(label).p")
    close(t?.ciLow, e.ciLow, 1e-9, "\(label).ciLow")
    close(t?.ciHigh, e.ciHigh, 1e-9, "\(label).ciHigh")
  }

  @Test func matchesStatsmodelsEndToEnd() throws {
    let data = try Data(contentsOf: URL(fileURLWithPath: Self.folder + "/expected.json"))
    let expected = try JSONDecoder().decode(File.self, from: data).indicators
    let report = try LiteracyJob.run(Self.request())
    let c = try #require(report.comparison, "no comparison block")
    #expect(c.baselineTreated == 82 && c.baselineComparison == 77 && c.baselineWithoutGroup == 1)
    #expect(c.indicators.count == 2 && c.composite != nil)
    for r in c.indicators {
      let e = try #require(expected[r.indicator])
      #expect(r.ancovaN == e.ancovaN && r.nTreated == e.nTreated && r.nComparison == e.nComparison)
      Self.check(r.ancova, e.ancova, "\(r.indicator) ancova")
      Self.check(r.ancovaHC3, e.ancovaHC3, "\(r.indicator) ancova HC3")
      Self.check(r.ancovaCluster, e.ancovaCluster, "\(r.indicator) ancova CR1")
      Self.check(r.did, e.did, "\(r.indicator) did")
      Self.check(r.didCluster, e.didCluster, "\(r.indicator) did CR1")
      Self.close(r.baselineG, e.baselineG, 1e-9, "\(r.indicator) g")
      Self.close(r.didG, try #require(e.didG["g"]), 1e-9, "\(r.indicator) DiD Hedges' g")
      Self.close(r.didGLow, try #require(e.didG["low"]), 1e-9, "\(r.indicator) DiD g CI low")
      Self.close(r.didGHigh, try #require(e.didG["high"]), 1e-9, "\(r.indicator) DiD g CI high")
      Self.close(r.attritionTreated, e.attritionTreated, 1e-12, "\(r.indicator) attrition T")
      Self.close(r.attritionComparison, e.attritionComparison, 1e-12, "\(r.indicator) attrition C")
      Self.close(r.attritionOverall, e.attritionOverall, 1e-12, "\(r.indicator) attrition")
      // The ANCOVA effect as Hedges' g (WWC) with its noncentral-t interval.
      Self.close(r.ancovaG, try #require(e.ancovaG["g"]), 1e-9, "\(r.indicator) ANCOVA g")
      Self.close(r.ancovaGLow, try #require(e.ancovaG["low"]), 1e-9, "\(r.indicator) ANCOVA g CI low")
      Self.close(r.ancovaGHigh, try #require(e.ancovaG["high"]), 1e-9, "\(r.indicator) ANCOVA g CI high")
      Self.close(r.ancovaSDPooled, try #require(e.ancovaG["sd"]), 1e-9, "\(r.indicator) ANCOVA pooled SD")
      // The treated × district interaction: statsmodels f_test, classical and CR1, Holm.
      let by = try #require(c.interactions.first)
      #expect(by.column == "district" && c.interactions.count == 1)
      let i = try #require(by.indicators.first { $0.indicator == r.indicator })
      let x = e.interaction
      #expect(i.groups == 3 && i.n == e.ancovaN && i.reasons.isEmpty, "\(i.reasons)")
      Self.close(i.classical?.f, try #require(x["f"]), 1e-9, "\(r.indicator) interaction F")
      Self.close(i.classical?.df1, try #require(x["df1"]), 0, "\(r.indicator) interaction df1")
      Self.close(i.classical?.df2, try #require(x["df2"]), 0, "\(r.indicator) interaction df2")
      Self.close(i.classical?.pValue, try #require(x["p"]), 1e-9, "\(r.indicator) interaction p")
      Self.close(i.classicalPHolm, try #require(x["pHolm"]), 1e-9, "\(r.indicator) interaction p Holm")
      Self.close(i.cluster?.f, try #require(x["clusterF"]), 1e-9, "\(r.indicator) interaction CR1 F")
      Self.close(i.cluster?.df1, try #require(x["clusterDf1"]), 0, "\(r.indicator) interaction CR1 df1")
      Self.close(i.cluster?.df2, try #require(x["clusterDf2"]), 0, "\(r.indicator) interaction CR1 df2")
      Self.close(i.cluster?.pValue, try #require(x["clusterP"]), 1e-9, "\(r.indicator) interaction CR1 p")
      Self.close(i.clusterPHolm, try #require(x["clusterPHolm"]), 1e-9, "\(r.indicator) interaction CR1 p Holm")
    }
    // The composite (0–100 mean of the rescaled indicators).
    let ec = try JSONDecoder().decode(File.self, from: data).composite
    let rc = try #require(c.composite)
    #expect(rc.ancovaN == ec.ancovaN)
    Self.close(rc.ancovaG, try #require(ec.ancovaG["g"]), 1e-9, "composite ANCOVA g")
    Self.close(rc.ancovaGLow, try #require(ec.ancovaG["low"]), 1e-9, "composite ANCOVA g CI low")
    Self.close(rc.ancovaGHigh, try #require(ec.ancovaG["high"]), 1e-9, "composite ANCOVA g CI high")
    let composite = try #require(c.interactions.first?.composite)
    #expect(composite.classicalPHolm == nil && composite.n == ec.ancovaN)
    Self.close(composite.classical?.f, try #require(ec.interaction["f"]), 1e-9, "composite interaction F")
    Self.close(composite.classical?.pValue, try #require(ec.interaction["p"]), 1e-9, "composite interaction p")
    Self.close(composite.cluster?.f, try #require(ec.interaction["clusterF"]), 1e-9, "composite interaction CR1 F")
    Self.close(
      composite.cluster?.pValue, try #require(ec.interaction["clusterP"]), 1e-9, "composite interaction CR1 p")
    // Outputs: the JSON block and the CSV columns.
    let json = LiteracyJSON.document(report)
    #expect(json["comparison"]?["indicators"] != nil)
    let csv = LiteracyCSV.render(report)
    let header = try #require(csv.split(separator: "\n").first)
    #expect(
      header.hasSuffix(
        (ComparisonOutput.csvColumns + ComparisonOutput.interactionColumns(c)).joined(separator: ",")))
    #expect(header.hasSuffix("treated_x_district_cluster_p,treated_x_district_cluster_p_holm"))
    let block = try #require(json["comparison"]?["interaction_tests"])
    #expect(block.serialized().contains("\"by\": \"district\""))
    #expect(json["comparison"]?["indicators"]?.serialized().contains("\"sd_pooled\"") == true)
    // The report's comparison card: the effect as g, and the interaction line.
    let parts = HTMLReport.comparisonParts(report)
    // The catalog wraps short figures in no-wrap spans; compare the text.
    func text(_ html: String) -> String {
      html.replacingOccurrences(of: "<[^>]+>", with: "", options: .regularExpression)
    }
    let notes = parts.notes.map(text)
    #expect(notes.contains { $0.hasPrefix("Does the program effect on the composite differ by district?") }, "\(notes)")
    #expect(notes.contains { $0.contains("cluster-robust (CR1).") && $0.contains("F(2, 8)") }, "\(notes)")
    #expect(
      parts.cards.contains { ($0["detail"] as? String).map(text)?.contains("Hedges&#39; g") == true }, "\(parts.cards)")
    #expect(SummaryWorkbook.literacySheets(report).map(\.name).last == "Comparison")
    // Without --group, neither appears.
    var plain = Self.request()
    plain.group = nil
    plain.treated = nil
    plain.covariates = []
    plain.categoricalCovariates = []
    plain.by = []
    plain.ignore = ["district"]
    let p = try LiteracyJob.run(plain)
    #expect(p.comparison == nil && LiteracyJSON.document(p)["comparison"] == nil)
  }

  @Test(arguments: [1, 2, 5])
  func shardsMergeToTheSingleRun(_ n: Int) throws {
    let dir = try MergeTests.temp()
    let single = try #require(try LiteracyJob.run(Self.request()).comparison)
    let pre = try MergeTests.shard(Self.folder + "/baseline.csv", key: "respondent_id", into: n, dir: dir, prefix: "b")
    let post = try MergeTests.shard(Self.folder + "/endline.csv", key: "respondent_id", into: n, dir: dir, prefix: "e")
    var paths: [String] = []
    for i in (0..<n).reversed() {
      var r = Self.request(pre: pre[i], post: post[i])
      r.allowEmptyInputs = true
      let state = try LiteracyJob.accumulate(r, keepIds: true)
      paths.append(try MergeTests.roundTrip(.literacy(state), dir: dir, name: "cmp\(i)"))
    }
    guard case .literacy(let mergedReport) = try MergeJob.run(paths, deterministic: true) else {
      Issue.record("not a literacy result")
      return
    }
    let merged = try #require(mergedReport.comparison)
    #expect(merged.baselineTreated == single.baselineTreated && merged.notes == single.notes)
    for (m, s) in zip(
      merged.indicators + [merged.composite].compactMap { $0 }, single.indicators + [single.composite].compactMap { $0 }
    ) {
      #expect(m.nTreated == s.nTreated && m.ancovaN == s.ancovaN && m.ancovaExcluded == s.ancovaExcluded)
      let pairs: [(CoefficientTest?, CoefficientTest?, String)] = [
        (m.ancova, s.ancova, "ancova"), (m.ancovaCluster, s.ancovaCluster, "ancova CR1"), (m.did, s.did, "did"),
        (m.didCluster, s.didCluster, "did CR1"),
      ]
      for (a, b, label) in pairs {
        let y = try #require(b, "\(label) single")
        Self.close(a?.estimate, y.estimate, 1e-12, "\(m.indicator) \(label) estimate")
        Self.close(a?.standardError, y.standardError, 1e-12, "\(m.indicator) \(label) se")
        Self.close(a?.ciHigh, y.ciHigh, 1e-12, "\(m.indicator) \(label) ci")
      }
      Self.close(m.baselineG, try #require(s.baselineG), 1e-12, "g")
      Self.close(m.ancovaG, try #require(s.ancovaG), 1e-12, "ANCOVA g")
      Self.close(m.ancovaGLow, try #require(s.ancovaGLow), 1e-12, "ANCOVA g CI low")
      #expect(m.attritionDifferential == s.attritionDifferential)
      #expect(s.ancovaHC3 != nil)
      #expect(m.ancovaHC3 == nil && m.reasons["ancova_hc3"] == ComparisonAccumulator.mergedHC3Reason)
    }
    // The treated × group interaction tests merge to the single run.
    #expect(merged.interactions.count == 1 && single.interactions.count == 1)
    for (m, s) in zip(merged.interactions, single.interactions) {
      for (a, b) in zip(m.indicators + [m.composite].compactMap { $0 }, s.indicators + [s.composite].compactMap { $0 })
      {
        #expect(a.n == b.n && a.groups == b.groups && a.reasons == b.reasons)
        Self.close(a.classical?.f, try #require(b.classical?.f), 1e-12, "\(a.indicator) interaction F")
        Self.close(a.cluster?.f, try #require(b.cluster?.f), 1e-12, "\(a.indicator) interaction CR1 F")
        Self.close(a.cluster?.pValue, try #require(b.cluster?.pValue), 1e-12, "\(a.indicator) interaction CR1 p")
        #expect(a.classicalPHolm == nil || abs((a.classicalPHolm ?? 0) - (b.classicalPHolm ?? 1)) <= 1e-12)
      }
    }
  }

  static func message(_ r: LiteracyRequest) -> String? {
    do {
      _ = try LiteracyJob.run(r)
      return nil
    } catch {
      return "\(error)"
    }
  }

  @Test func badInputStopsWithAReasonOrGivesNullsWithReasons() throws {
    var r = Self.request()
    r.treated = "Program"
    #expect(Self.message(r)?.contains("--treated 'Program' is not a value of column 'arm'") == true)
    // One level: every baseline row marked as the same value.
    let dir = try MergeTests.temp()
    let text = try String(contentsOfFile: Self.folder + "/baseline.csv", encoding: .utf8)
    let oneLevel = text.replacingOccurrences(of: ",waitlist,", with: ",program,")
      .replacingOccurrences(of: ",control,", with: ",program,").replacingOccurrences(of: ",,v", with: ",program,v")
    try oneLevel.write(toFile: dir + "/one.csv", atomically: true, encoding: .utf8)
    r = Self.request(pre: dir + "/one.csv")
    #expect(Self.message(r)?.contains("has only the value 'program': there is no comparison group") == true)
    // A text value in a numeric covariate: names the fix.
    r = Self.request()
    r.covariates = ["sex"]
    r.categoricalCovariates = []
    #expect(Self.message(r)?.contains("--categorical-covariate sex") == true)
    // A column that does not exist.
    r = Self.request()
    r.cluster = "county"
    #expect(Self.message(r)?.contains("--cluster column 'county' is not in the baseline header") == true)
    // A covariate constant in the sample: ANCOVA null with the reason, the rest computed.
    let constant = text.replacingOccurrences(of: ",f,", with: ",m,")
    try constant.write(toFile: dir + "/constant.csv", atomically: true, encoding: .utf8)
    let report = try LiteracyJob.run(Self.request(pre: dir + "/constant.csv"))
    let q1 = try #require(report.comparison?.indicators.first)
    #expect(q1.ancova == nil && q1.ancovaHC3 == nil && q1.ancovaCluster == nil)
    #expect(q1.reasons["ancova"]?.contains("covariate 'sex' is constant in the sample") == true)
    #expect(q1.did != nil && q1.baselineG != nil)
    let json = LiteracyJSON.document(report).serialized()
    #expect(json.contains("\"ancova\": \"covariate 'sex' is constant in the sample (only 'm')\""))
    // Option combinations are checked before anything is read.
    var lone = LiteracyRequest()
    lone.group = "arm"
    #expect(lone.comparisonProblem == "--group and --treated go together")
    lone.treated = "x"
    lone.by = ["arm"]
    #expect(lone.comparisonProblem?.contains("also a --by") == true)
  }

  @Test func commandLineAndConfig() throws {
    let dir = try MergeTests.temp()
    let ok = try ImpactBinary.run(
      [
        "literacy", "--pre", Self.folder + "/baseline.csv", "--post", Self.folder + "/endline.csv", "--scale", "1,5",
        "--group", "arm", "--treated", "program", "--covariate", "age", "--categorical-covariate", "sex",
        "--cluster", "village", "--by", "district", "--out", dir + "/out", "--deterministic", "--quiet",
      ])
    #expect(ok.status == 0, "\(ok.stderr)")
    let csv = try String(contentsOfFile: dir + "/out/literacy_indicators.csv", encoding: .utf8)
    #expect(
      csv.contains("ancova_cluster_se") && csv.contains("ancova_hedges_g,") && csv.contains("treated_x_district_p"))
    let bad = try ImpactBinary.run(
      ["literacy", "--pre", Self.folder + "/baseline.csv", "--post", Self.folder + "/endline.csv", "--group", "arm"])
    #expect(bad.status != 0 && bad.stderr.contains("--group and --treated go together"))
    let config = """
      output: out2
      surveys:
        - name: with comparison
          pre: \(Self.folder)/baseline.csv
          post: \(Self.folder)/endline.csv
          scale: [1, 5]
          group: arm
          treated: program
          covariates: [age]
          categorical_covariates: [sex]
          cluster: village
      """
    try config.write(toFile: dir + "/impact.yaml", atomically: true, encoding: .utf8)
    let loaded = try RunConfig.load(dir + "/impact.yaml")
    let req = try #require(loaded.surveys.first?.request)
    #expect(req.group == "arm" && req.treated == "program" && req.covariates == ["age"])
    #expect(req.categoricalCovariates == ["sex"] && req.cluster == "village")
  }
}

extension ComparisonPipelineTests {
  /// `impact synth --comparison-survey`: a survey the comparison options run
  /// on, with the program's gain visible and the same bytes for the same seed.
  @Test func syntheticComparisonSurvey() throws {
    let dir = try MergeTests.temp()
    let files = try SyntheticData.writeComparisonSurvey(seed: 7, respondents: 800, to: dir)
    #expect(files.count == 3)
    var r = LiteracyRequest()
    r.pre = files[0]
    r.post = files[1]
    r.codebook = files[2]
    r.group = "arm"
    r.treated = "program"
    r.cluster = "village"
    r.covariates = ["age"]
    r.categoricalCovariates = ["sex"]
    let c = try #require(try LiteracyJob.run(r).comparison?.composite)
    let did = try #require(c.didCluster)
    #expect(did.estimate > 0 && did.ciLow > 0, "the program's gain shows: \(did)")
    #expect(try #require(c.ancovaCluster).estimate > 0)
    #expect(c.ancovaHC3 != nil && c.reasons.isEmpty)
    let again = try MergeTests.temp()
    _ = try SyntheticData.writeComparisonSurvey(seed: 7, respondents: 800, to: again)
    #expect(
      try String(contentsOfFile: files[0], encoding: .utf8)
        == String(contentsOfFile: again + "/synthetic_comparison_baseline.csv", encoding: .utf8))
  }

  /// With a comparison group the audit rates the design as quasi-experimental
  /// and rates the DiD and ANCOVA effects of the composite as claims, with the
  /// composite's attrition by arm and baseline difference behind them.
  @Test func auditRatesTheComparisonEffects() throws {
    let report = try LiteracyJob.run(Self.request())
    let audit = report.audit
    #expect(audit.design == .comparisonGroup)
    let evidence = try #require(report.comparisonEvidence)
    let composite = try #require(report.comparison?.composite)
    #expect(evidence.baselineEffectSize == composite.baselineG)
    let names = audit.claims.map(\.claim)
    #expect(names.contains("composite_did_cluster_robust"), "\(names)")
    #expect(names.contains("composite_ancova_effect_cluster_robust"), "\(names)")
    let ancova = try #require(audit.claims.first { $0.claim == "composite_ancova_effect_cluster_robust" })
    let fit = try #require(composite.ancovaCluster)
    #expect(ancova.value == fit.estimate && ancova.ciLow == fit.ciLow && ancova.ciHigh == fit.ciHigh)
    // A comparison group without randomization is never rated strong.
    #expect(audit.claims.allSatisfy { $0.rating < .strong })
  }
}

extension ComparisonPipelineTests {
  /// The baseline with each line rewritten by `edit` (fields split at commas;
  /// the header passed as well), written into `dir`.
  static func rewrite(_ name: String, in dir: String, _ edit: (inout [String]) -> Void) throws -> String {
    let text = try String(contentsOfFile: folder + "/baseline.csv", encoding: .utf8)
    var lines: [String] = []
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      var fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      if fields.count > 1 { edit(&fields) }
      lines.append(fields.joined(separator: ","))
    }
    let path = dir + "/" + name
    try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  /// Degenerate interaction designs give nulls with reasons, never a crash,
  /// and leave the other figures alone.
  @Test func interactionNullsCarryTheirReason() throws {
    let dir = try MergeTests.temp()
    // "east" only among program respondents.
    let onlyTreated = try Self.rewrite("only_treated.csv", in: dir) { f in
      if f[1] != "program" && f[7] == "east" { f[7] = "north" }
    }
    var report = try LiteracyJob.run(Self.request(pre: onlyTreated))
    var t = try #require(report.comparison?.interactions.first?.indicators.first)
    #expect(t.classical == nil && t.cluster == nil)
    #expect(
      t.reasons["classical"]?.contains("group 'east' of 'district' has only treated respondents") == true,
      "\(t.reasons)")
    #expect(t.reasons["cluster"] == t.reasons["classical"] && t.classicalPHolm == nil)
    #expect(report.comparison?.indicators.first?.ancova != nil)
    // One district for everyone.
    let one = try Self.rewrite("one_district.csv", in: dir) { f in
      if f[0] != "respondent_id" { f[7] = "north" }
    }
    report = try LiteracyJob.run(Self.request(pre: one))
    t = try #require(report.comparison?.interactions.first?.indicators.first)
    #expect(t.reasons["classical"] == "needs at least 2 groups of 'district' among the complete pairs (got 1)")
    // --by sex with sex a covariate: the group dummies repeat the covariate's.
    var r = Self.request()
    r.by = ["sex"]
    report = try LiteracyJob.run(r)
    t = try #require(report.comparison?.interactions.first?.indicators.first)
    #expect(t.reasons["classical"]?.contains("the design matrix is singular") == true, "\(t.reasons)")
    #expect(report.comparison?.indicators.first?.ancova != nil)
    // Without --cluster: the classical test only, and the reason for the other.
    r = Self.request()
    r.cluster = nil
    report = try LiteracyJob.run(r)
    t = try #require(report.comparison?.interactions.first?.indicators.first)
    #expect(t.classical != nil && t.cluster == nil)
    #expect(t.reasons == ["cluster": "no cluster column was given (--cluster)"])
    // Two clusters cannot carry 2 restrictions: CR1 null, classical computed.
    let twoVillages = try Self.rewrite("two_villages.csv", in: dir) { f in
      if f[0] != "respondent_id" { f[2] = ["v0", "v2", "v4", "v6", "v8"].contains(f[2]) ? "a" : "b" }
    }
    report = try LiteracyJob.run(Self.request(pre: twoVillages))
    t = try #require(report.comparison?.interactions.first?.indicators.first)
    #expect(t.classical != nil && t.cluster == nil)
    #expect(t.reasons["cluster"] == "2 restrictions need at least 3 clusters for a cluster-robust test (got 2)")
  }

  /// The Design notes' bad inputs on the command line: exit 1 with the
  /// reason, or exit 0 with the null and its reason in the JSON.
  @Test func badComparisonInputOnTheCommandLine() throws {
    let dir = try MergeTests.temp()
    func run(_ pre: String, _ extra: [String]) throws -> (status: Int32, stderr: String, json: String) {
      let out = dir + "/out\(UInt32.random(in: 0...UInt32.max))"
      let r = try ImpactBinary.run(
        [
          "literacy", "--pre", pre, "--post", Self.folder + "/endline.csv", "--scale", "1,5", "--group", "arm",
          "--cluster", "village", "--by", "district", "--out", out, "--deterministic", "--quiet",
        ] + extra)
      let json = (try? String(contentsOfFile: out + "/literacy_summary.json", encoding: .utf8)) ?? ""
      return (r.status, r.stderr, json)
    }
    let base = Self.folder + "/baseline.csv"
    // --treated value not present.
    var r = try run(base, ["--treated", "Program"])
    #expect(r.status == 1 && r.stderr.contains("--treated 'Program' is not a value of column 'arm'"), "\(r.stderr)")
    #expect(r.json.isEmpty)
    // --group with one level.
    let one = try Self.rewrite("one_arm.csv", in: dir) { f in
      if f[0] != "respondent_id" { f[1] = "program" }
    }
    r = try run(one, ["--treated", "program"])
    #expect(r.status == 1 && r.stderr.contains("has only the value 'program': there is no comparison group"))
    // A covariate constant within the sample: ANCOVA null with the reason.
    let constant = try Self.rewrite("constant_sex.csv", in: dir) { f in
      if f[0] != "respondent_id" { f[4] = "m" }
    }
    r = try run(constant, ["--treated", "program", "--categorical-covariate", "sex"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.json.contains("\"ancova\": \"covariate 'sex' is constant in the sample (only 'm')\""))
    #expect(r.stderr.isEmpty || !r.stderr.contains("Fatal"))
    // A singular design: a covariate that repeats another (age in months).
    let months = try Self.rewrite("months.csv", in: dir) { f in
      f.append(f[0] == "respondent_id" ? "age_months" : Int(f[3]).map { String($0 * 12) } ?? "")
    }
    r = try run(months, ["--treated", "program", "--covariate", "age", "--covariate", "age_months"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(
      r.json.contains("the design matrix is singular: the regressors pre, treated, age, age_months are collinear"))
    #expect(r.json.contains("\"ancova_hedges_g\": \"the design matrix is singular"))
    // A --by column that is also a covariate: the interaction's design is singular.
    r = try run(base, ["--treated", "program", "--categorical-covariate", "district"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.json.contains("('district' is also a covariate)"))
    #expect(r.json.contains("\"interaction_tests\""))
  }
}
