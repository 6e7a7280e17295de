import Foundation
import ImpactCore
import ImpactExport
import ImpactIngest
import ImpactPipeline
import Testing

/// The guards of `impact literacy` (stop rather than publish a wrong
/// figure) and what it reports about columns it does not use.
@Suite struct LiteracyGuardTests {
  static func temp() throws -> String {
    let d = FileManager.default.temporaryDirectory.appendingPathComponent("impact-guard-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
    return d
  }

  /// A request over two files written from rows (header first).
  static func request(pre: [String], post: [String]) throws -> LiteracyRequest {
    let d = try temp()
    try (pre.joined(separator: "\n") + "\n").write(toFile: "\(d)/b.csv", atomically: true, encoding: .utf8)
    try (post.joined(separator: "\n") + "\n").write(toFile: "\(d)/e.csv", atomically: true, encoding: .utf8)
    var r = LiteracyRequest()
    r.pre = "\(d)/b.csv"
    r.post = "\(d)/e.csv"
    r.deterministic = true
    return r
  }

  static func error(_ r: LiteracyRequest) -> IngestError? {
    do {
      _ = try LiteracyJob.run(r)
      return nil
    } catch {
      return error
    }
  }

  // MARK: Ids

  @Test func idsThatPairOnlyAfterNormalizationStop() throws {
    let r = try Self.request(
      pre: ["respondent_id,q1", "00001,1", "00002,3", "00003,2", "00004,4"],
      post: ["respondent_id,q1", "1,2", "2,4", "3,3", "00004,5"])
    let e = try #require(Self.error(r))
    #expect(e.file.hasSuffix("b.csv"))
    #expect(e.message.hasPrefix("only 1 of 4 respondents pair with "))
    #expect(e.message.contains("e.csv on id column 'respondent_id'"))
    #expect(e.message.contains("but 4 would pair after normalizing them"))
    #expect(e.message.hasSuffix("e.g. '00001' ↔ '1', '00002' ↔ '2', '00003' ↔ '3'"))
    #expect(e.hint.contains("--id-match normalized"))
    var n = r
    n.idMatch = .normalized
    let report = try LiteracyJob.run(n)
    #expect(report.overall.counts.matched == 4)
    #expect(report.options.contains { $0.0 == "id_match" && $0.1 == .string("normalized") })
  }

  @Test(arguments: [
    // (exactly paired of 4, pairs after normalization) → stops?
    (["1", "2", "3", "4"], ["1", "2", "3", "4"], false),  // all pair exactly
    (["01", "02", "3", "4"], ["1", "2", "3", "4"], false),  // half pair exactly: not fewer than half
    (["01", "02", "03", "4"], ["1", "2", "3", "4"], true),  // 1 of 4 exactly, 4 normalized
    (["a", "b", "c", "d"], ["e", "f", "g", "h"], false),  // nothing pairs either way
    (["01", "b", "c", "d"], ["1", "f", "g", "h"], true),  // 0 exactly, 1 normalized (more than none)
  ])
  func idGuardThreshold(_ pre: [String], _ post: [String], _ stops: Bool) throws {
    let r = try Self.request(
      pre: ["id,q1"] + pre.enumerated().map { "\($1),\($0 % 5 + 1)" },
      post: ["id,q1"] + post.enumerated().map { "\($1),\(($0 + 1) % 5 + 1)" })
    let e = Self.error(r)
    #expect((e != nil) == stops, "\(e?.description ?? "no error")")
  }

  // MARK: "Don't know" codes

  static let withCodes = (
    pre: ["id,q1,q2", "1,1,2", "2,3,99", "3,2,2", "4,3,3", "5,2,98", "6,4,4"],
    post: ["id,q1,q2", "1,2,3", "2,4,4", "3,3,3", "4,3,3", "5,3,99", "6,5,5"]
  )

  @Test func dontKnowCodesAveragedAsScoresStop() throws {
    let r = try Self.request(pre: Self.withCodes.pre, post: Self.withCodes.post)
    let e = try #require(Self.error(r))
    #expect(e.file.hasSuffix("b.csv"))
    #expect(e.message.hasPrefix("column 'q2' has answers 2–4 besides 99 ×1, 98 ×1: codes like these"))
    #expect(e.hint.hasPrefix("declare them missing with --missing 99 --missing 98 (config: missing: [99, 98])"))
    var m = r
    m.missingCodes = ["99", "98"]
    let report = try LiteracyJob.run(m)
    let q2 = try #require(report.overall.indicators.first { $0.indicator == "q2" })
    #expect(q2.nPairs == 4)
    #expect(report.overall.counts.missingPre == [0, 2])
    // A declared scale or a codebook also settles it.
    var s = r
    s.scale = 1...5
    #expect(throws: IngestError.self) { try LiteracyJob.run(s) }  // 3 of 6 answers out of scale: the next guard
    s.maxExcludedShare = 0.5
    #expect(try LiteracyJob.run(s).overall.counts.outOfScalePre == [0, 2])
  }

  @Test(
    arguments: [
      ([1.0: 10, 2: 12, 99: 3], [99.0: 3]),
      ([0.0: 10, 1: 12, -9: 3, -8: 1], [-9.0: 3, -8: 1]),
      ([1.0: 10, 2: 12, 97: 30], nil),  // not "a few"
      ([1.0: 10, 2.5: 12, 99: 3], nil),  // not integers
      ([20.0: 10, 40: 12, 99: 3], nil),  // not small integers
      ([99.0: 10], nil),  // nothing beside the codes
      ([1.0: 10, 2: 12, 96: 3], nil),  // 96 is not a code
    ] as [([Double: Int], [Double: Int]?)])
  func missingCodeRule(_ numbers: [Double: Int], _ codes: [Double: Int]?) {
    #expect(MissingCodeRule.codesBesideSmallIntegers(numbers) == codes)
  }

  @Test func codebookInitAndTheGuardShareTheCodeRule() {
    #expect(MissingCodeRule.codes(in: [1: 5, 99: 2]) == [99: 2])
    #expect(MissingCodeRule.codes(in: [99: 2]).isEmpty)
    #expect(MissingCodeRule.codes(in: [99: 2], otherAnswers: true) == [99: 2])
    #expect([-1.0, -9, 97, 98, 99, 999].allSatisfy(MissingCodeRule.looksLikeCode))
    #expect(![0.0, 5, 96, 99.5, -0.5].contains(where: MissingCodeRule.looksLikeCode))
  }

  // MARK: Mass exclusions

  @Test func massExclusionsStopWithTheObservedRange() throws {
    let d = try Self.temp()
    let pre = ["id,q1"] + (1...10).map { "\($0),\($0 % 5 + 1)" }
    let post = ["id,q1"] + (1...10).map { "\($0),\(($0 + 2) % 5 + 1)" }
    try (pre.joined(separator: "\n") + "\n").write(toFile: "\(d)/b.csv", atomically: true, encoding: .utf8)
    try (post.joined(separator: "\n") + "\n").write(toFile: "\(d)/e.csv", atomically: true, encoding: .utf8)
    var r = LiteracyRequest()
    r.pre = "\(d)/b.csv"
    r.post = "\(d)/e.csv"
    r.codebook = "\(d)/cb.yaml"
    // Scale [0, 4] for 1–5 answers: 2 of 10 (20%) per wave are excluded — allowed.
    try "id: id\nindicators:\n  - {id: q1, scale: [0, 4]}\n".write(
      toFile: "\(d)/cb.yaml", atomically: true, encoding: .utf8)
    #expect(try LiteracyJob.run(r).overall.counts.outOfScalePre == [2])
    // Scale [0, 3]: 4 of 10 (40%).
    try "id: id\nindicators:\n  - {id: q1, scale: [0, 3]}\n".write(
      toFile: "\(d)/cb.yaml", atomically: true, encoding: .utf8)
    let e = try #require(Self.error(r))
    #expect(e.file.hasSuffix("b.csv"))
    #expect(
      e.message
        == "indicator 'q1' would lose 4 of its 10 answers (40%, more than the 20% allowed): 4 outside the codebook scale [0, 3] (the answers range 1–5); e.g. line 4: '4', line 5: '5', line 9: '4'"
    )
    #expect(e.hint.hasPrefix("correct the indicator's scale in the codebook to the answers' range"))
    #expect(e.hint.hasSuffix("to accept the loss, raise --max-excluded-share (config: max_excluded_share)"))
    r.maxExcludedShare = 0.4
    #expect(try LiteracyJob.run(r).overall.counts.outOfScalePost == [4])
  }

  @Test(arguments: [(0.2, true), (0.5, false)])
  func excludedShareBoundary(_ share: Double, _ stops: Bool) throws {
    // 3 of 10 answers at baseline are text: 30%.
    let pre = ["id,q1"] + (1...10).map { "\($0),\($0 <= 3 ? "x" : String($0 % 5 + 1))" }
    let post = ["id,q1"] + (1...10).map { "\($0),\($0 % 5 + 1)" }
    var r = try Self.request(pre: pre, post: post)
    // Without a codebook a column that is 30% text is not an indicator at all.
    let cb = PathName.parent(try #require(r.pre)) + "/cb.yaml"
    try "id: id\nindicators:\n  - {id: q1, scale: [1, 5]}\n".write(toFile: cb, atomically: true, encoding: .utf8)
    r.codebook = cb
    r.maxExcludedShare = share
    let e = Self.error(r)
    #expect((e != nil) == stops)
    if let e {
      #expect(
        e.message
          == "indicator 'q1' would lose 3 of its 10 answers (30%, more than the 20% allowed): 3 not numbers; e.g. line 2: 'x', line 3: 'x', line 4: 'x'"
      )
    }
  }

  // MARK: What is not used

  @Test func unusedDesignColumnsAndDifferingByValuesAreReported() throws {
    let r0 = try Self.request(
      pre: ["id,q1,Weight,stratum,district", "1,1,1.0,a,东城", "2,3,2.0,a,西城", "3,2,1,b,东城", "4,4,1,b,西城"],
      post: ["id,q1,Weight,district", "1,2,1.0,西城", "2,4,2.0,西城", "3,3,1,东城", "4,5,1,"])
    var r = r0
    r.by = ["district"]
    let report = try LiteracyJob.run(r)
    #expect(report.overall.indicators.map(\.indicator) == ["q1"], "design columns are never indicators")
    #expect(report.notices.count == 2)
    #expect(report.notices[0].hasPrefix("column 'Weight' ("))
    #expect(
      report.notices[0].contains("b.csv, ")
        && report.notices[0].hasSuffix("the figures are unweighted and ignore the design"))
    #expect(report.notices[1].hasPrefix("column 'stratum' ("))
    let json = LiteracyJSON.document(report).serialized()
    #expect(json.contains("\"notices\": [\"column 'Weight' ("))
    let c = try #require(report.byConflicts.first)
    #expect(report.byConflicts.count == 1)
    #expect(c.column == "district" && c.respondents == 1)
    #expect(c.examples == [ByValueConflict(id: "1", pre: "东城", post: "西城")])
    #expect(json.contains("\"by_value_conflicts\""))
    let lines = LiteracyOutputs.summary(report)
    #expect(lines.contains { $0.hasPrefix("--by district: 1 paired respondent has a different value at endline") })
    // --ignore acknowledges a column.
    var ignored = r
    ignored.ignore = ["weight", "stratum"]
    #expect(try LiteracyJob.run(ignored).notices.isEmpty)
  }

  // MARK: Degenerate figures

  @Test func constantChangeGivesDfAsScipyAndANote() throws {
    let r0 = try Self.request(
      pre: ["id,q1,q2", "1,1,1", "2,2,3", "3,3,2", "4,2,2"], post: ["id,q1,q2", "1,2,1", "2,3,3", "3,4,2", "4,3,2"])
    var r = r0
    r.scale = 1...5
    let report = try LiteracyJob.run(r)
    let q1 = try #require(report.overall.indicators.first)
    #expect(q1.df == 3 && q1.t == nil && q1.pValue == nil && q1.ciLow == nil)
    #expect(try #require(q1.note).hasPrefix("sd_diff = 0"))
    let q2 = try #require(report.overall.indicators.last)
    #expect(q2.wilcoxonW == 0 && q2.wilcoxonP == 1 && q2.rankBiserial == nil && q2.nZero == 4)
    #expect(LiteracyCSV.render(report).split(separator: "\n").first?.contains(",higher_is_better,note,") == true)
  }
}
