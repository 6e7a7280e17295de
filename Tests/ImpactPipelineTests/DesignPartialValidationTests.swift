import Foundation
import ImpactIngest
import ImpactPipeline
import TestSupport
import Testing

/// Forged exact sums in a survey-design partial (the per-PSU totals): a
/// digit window outside what doubles reach would allocate without bound, and
/// digits past the headroom would overflow while merging; both are refused
/// naming the field.
@Suite struct DesignPartialValidationTests {
  static let apistrat = repositoryRoot() + "/Tests/ImpactPipelineTests/Fixtures/design/apistrat"

  static func designPartial() throws -> [UInt8] {
    var r = LiteracyRequest()
    r.pre = apistrat + "/baseline.csv"
    r.post = apistrat + "/endline.csv"
    r.codebook = apistrat + "/codebook.yaml"
    r.surveyDesign = SurveyDesignColumns(weight: "pw", strata: "stype", cluster: nil, fpc: "fpc")
    r.deterministic = true
    return try PartialFile.encode(.literacy(LiteracyJob.accumulate(r, keepIds: true)))
  }

  static let sum: [PartialValidationTests.Step] = [
    .key("state"), .key("overall"), .key("survey"), .key("strata"), .key("E"), .key("moments"), .index(0),
    .key("products"), .index(0),
  ]

  struct Forgery: Sendable, CustomStringConvertible {
    var description: String
    var base: Int
    var digits: [Int64]
    var pending: Int
    var expected: String
  }

  @Test(arguments: [
    Forgery(
      description: "window far outside the doubles", base: -4_000_000_000_000, digits: [1, 2], pending: 1,
      expected: "outside 0…80"),
    Forgery(
      description: "digits past the headroom", base: 32, digits: [Int64.max, Int64.max], pending: 1,
      expected: "out of range"),
    Forgery(
      description: "pending count past the headroom", base: 32, digits: [1], pending: 1 << 40,
      expected: "out of range"),
  ])
  func forgedExactSumsAreRefused(_ f: Forgery) throws {
    let value: [String: Any] = ["base": f.base, "digits": f.digits, "pending": f.pending]
    let name = f.description
    let expected = f.expected
    let dir = try PartialValidationTests.temp()
    let path = try PartialValidationTests.forged(
      try Self.designPartial(), dir: dir, name: "forged", [(Self.sum, value)])
    #expect(throws: IngestError.self, "\(name)") { try MergeJob.run([path], deterministic: true) }
    do {
      _ = try MergeJob.run([path], deterministic: true)
    } catch {
      #expect(error.message.contains("the partial result is damaged"), "\(error)")
      #expect(error.message.contains(expected), "\(error)")
    }
  }

  // MARK: - Field by field

  typealias Step = PartialValidationTests.Step

  /// A partial of the generated case (strata, clusters, fpc, `--by area`)
  /// or of apistrat (strata, no clusters, `--by awards`), as bytes and as
  /// parsed JSON (to copy genuine values into forgeries).
  static func partial(_ name: String) throws -> (bytes: [UInt8], json: Any) {
    let (r, _) = try DesignReferenceTests.request(name, by: true)
    let bytes = try PartialFile.encode(.literacy(LiteracyJob.accumulate(r, keepIds: true)))
    return (bytes, try JSONSerialization.jsonObject(with: Data(bytes)))
  }

  static func value(_ json: Any, _ path: [Step]) -> Any? {
    var x: Any? = json
    for step in path {
      switch step {
      case .key(let k): x = (x as? [String: Any])?[k]
      case .index(let i): x = (x as? [Any]).flatMap { i < $0.count ? $0[i] : nil }
      }
    }
    return x
  }

  static let survey: [Step] = [.key("state"), .key("overall"), .key("survey")]
  static let north: [Step] = survey + [.key("strata"), .key("north")]
  static let cell: [Step] = north + [.key("psus"), .key("v01"), .index(0)]
  /// groups[0] of the generated case: area = (missing).
  static let domain: [Step] = [.key("state"), .key("groups"), .index(0), .key("designDomain")]
  static let moments: [Step] = survey + [.key("strata"), .key("E"), .key("moments"), .index(0)]

  /// A forgery of one field: the case, where, the new value (computed from
  /// the genuine partial's JSON), and what the error must name.
  struct FieldForgery: Sendable, CustomStringConvertible {
    var description: String
    var source = "generated"
    var path: [Step]
    var value: @Sendable (Any) -> Any
    var expected: String
  }

  static let fieldForgeries: [FieldForgery] = [
    FieldForgery(
      description: "an outcome less", path: survey + [.key("passRules")],
      value: { [value($0, survey + [.key("passRules"), .index(0)]) ?? NSNull()] },
      expected: "survey.passRules has 1 outcomes"),
    FieldForgery(
      description: "weighted squares missing", path: survey + [.key("weightedSquares")], value: { _ in [Any]() },
      expected: "survey.weightedSquares has 0 entries for 4 outcomes"),
    FieldForgery(
      description: "negative respondents", path: survey + [.key("respondents")], value: { _ in -3 },
      expected: "survey.respondents is -3"),
    FieldForgery(
      description: "more weight changes than respondents", path: survey + [.key("weightChanges")],
      value: { _ in 1_000 }, expected: "survey.weightChanges is 1000, more than the 76 respondents"),
    FieldForgery(
      description: "negative fpc", path: north + [.key("fpc")], value: { _ in -60 },
      expected: "survey.strata.north.fpc is -60"),
    FieldForgery(
      description: "fpc dropped from one stratum", path: north + [.key("fpc")], value: { _ in NSNull() },
      expected: "survey.strata.north.fpc is missing, but the design has an fpc column"),
    FieldForgery(
      description: "a PSU with too few cells", path: north + [.key("psus"), .key("v01")],
      value: { [value($0, cell) ?? NSNull()] }, expected: "survey.strata.north.psus.v01 has 1 cells for 4 outcomes"),
    FieldForgery(
      description: "a cell with five totals", path: cell + [.key("sums")],
      value: { Array((value($0, cell + [.key("sums")]) as? [Any] ?? []).prefix(5)) },
      expected: "survey.strata.north.psus.v01[0].sums has 5 totals, not 6"),
    FieldForgery(
      description: "a zero weight total", path: cell + [.key("sums"), .index(0)],
      value: { _ in ["base": 0, "digits": [Int64](), "pending": 0] as [String: Any] },
      expected: "survey.strata.north.psus.v01[0].sums[0] is 0.0; the weight total of complete pairs is positive"),
    FieldForgery(
      description: "an infinite total", path: cell + [.key("sums"), .index(1)],
      value: { _ in ["base": 70, "digits": [Int64(1)], "pending": 0] as [String: Any] },
      expected: "survey.strata.north.psus.v01[0].sums[1] is inf; totals are finite"),
    FieldForgery(
      description: "a pass total above the weight total", path: cell + [.key("sums"), .index(4)],
      value: { value($0, cell + [.key("sums"), .index(1)]) ?? NSNull() },
      expected: "survey.strata.north.psus.v01[0].sums[4]"),
    FieldForgery(
      description: "totals without pairs", path: cell + [.key("count")], value: { _ in 0 },
      expected: "survey.strata.north.psus.v01[0].sums are not 0, but the cell has no complete pairs"),
    FieldForgery(
      description: "unclustered flag on a clustered design", path: survey + [.key("clustered")], value: { _ in false },
      expected: "survey.clustered is false but the design has a cluster column"),
    FieldForgery(
      description: "a design option of another design", path: [.key("state"), .key("options"), .key("design")],
      value: { _ in "weight=weight,strata=village,fpc=fpc" },
      expected: "state.options.design is 'weight=weight,strata=village,fpc=fpc', but the design's columns are"),
    FieldForgery(
      description: "design totals dropped", path: survey, value: { _ in NSNull() },
      expected: "survey is missing, but the partial was made with the survey design"),
    FieldForgery(
      description: "a group's domain dropped", path: domain, value: { _ in NSNull() },
      expected: "groups[0] (area = (missing)).designDomain is missing"),
    FieldForgery(
      description: "a group with more respondents", path: domain + [.key("respondents")], value: { _ in 7 },
      expected: "groups[2] (area = urban).designDomain brings the groups of 'area' past the design's counts"),
    FieldForgery(
      description: "a group with fewer respondents", path: domain + [.key("respondents")], value: { _ in 5 },
      expected: "groups (area) hold 75 respondents of the survey design"),
    FieldForgery(
      description: "a group in a stratum the design lacks", path: domain + [.key("strata"), .key("east")],
      value: { value($0, domain + [.key("strata"), .key("north")]) ?? NSNull() },
      expected: "designDomain.strata.east is not a stratum of the design"),
    FieldForgery(
      description: "a group in a PSU the design lacks", path: domain + [.key("strata"), .key("north"), .key("psus")],
      value: { ["v99": value($0, domain + [.key("strata"), .key("north"), .key("psus"), .key("v02")]) ?? NSNull()] },
      expected: "designDomain.strata.north.psus.v99 is not a PSU of the design's stratum 'north'"),
    FieldForgery(
      description: "whole-design totals in a group",
      path: [.key("state"), .key("groups"), .index(0), .key("accumulator"), .key("survey")],
      value: { value($0, survey) ?? NSNull() },
      expected: "accumulator.survey is given; a group's design totals are its designDomain"),
    FieldForgery(
      description: "products of the wrong length", source: "apistrat", path: moments + [.key("products")],
      value: { Array((value($0, moments + [.key("products")]) as? [Any] ?? []).prefix(12)) },
      expected: "survey.strata.E.moments[0].products has 12 entries, not 13"),
    FieldForgery(
      description: "a stratum with fewer respondents", source: "apistrat",
      path: survey + [.key("strata"), .key("E"), .key("units")], value: { _ in 99 },
      expected: "survey.strata.E.moments[0].totals.count is 100, more than the stratum's 99 respondents"),
    FieldForgery(
      description: "PSU tables in an unclustered design", source: "apistrat",
      path: survey + [.key("strata"), .key("E"), .key("psus")], value: { _ in ["x": [Any]()] },
      expected: "survey.strata.E.psus holds PSU tables, but the design is not clustered"),
  ]

  /// Every field of a design partial is checked: a forged value stops the
  /// merge with "the partial result is damaged", naming the file and the
  /// field — never a trap, never a figure.
  @Test(arguments: fieldForgeries)
  func forgedDesignFieldsAreRefusedNamingTheField(_ f: FieldForgery) throws {
    let (bytes, json) = try Self.partial(f.source)
    let dir = try PartialValidationTests.temp()
    let path = try PartialValidationTests.forged(bytes, dir: dir, name: "forged", [(f.path, f.value(json))])
    let error = try #require(throws: IngestError.self, "\(f)") { try MergeJob.run([path], deterministic: true) }
    #expect(error.file == path)
    #expect(error.message.contains("the partial result is damaged"), "\(error.message)")
    #expect(error.message.contains(f.expected), "\(error.message)")
  }

  /// The genuine partials pass, alone and merged with each other.
  @Test(arguments: ["generated", "apistrat", "apiclus1"])
  func genuineDesignPartialsPass(_ name: String) throws {
    let (bytes, _) = try Self.partial(name)
    let dir = try PartialValidationTests.temp()
    let path = dir + "/genuine.json"
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    guard case .literacy(let merged) = try MergeJob.run([path], deterministic: true) else {
      Issue.record("not a literacy result")
      return
    }
    #expect(!merged.groups.isEmpty)
    #expect(merged.groups.allSatisfy { $0.result.indicators.allSatisfy { $0.survey != nil } })
  }

  /// Shards run with different designs whose column lists read the same
  /// ("pw,stype": strata vs clusters) no longer look alike: the `design`
  /// option names each column's role, so the merge refuses them instead of
  /// trapping on clustered and unclustered totals.
  @Test func shardsWithDifferentDesignsAreRefused() throws {
    let dir = try PartialValidationTests.temp()
    var paths: [String] = []
    for (i, design) in [
      SurveyDesignColumns(weight: "pw", strata: "stype"), SurveyDesignColumns(weight: "pw", cluster: "stype"),
    ].enumerated() {
      var r = LiteracyRequest()
      r.pre = Self.apistrat + "/baseline.csv"
      r.post = Self.apistrat + "/endline.csv"
      r.codebook = Self.apistrat + "/codebook.yaml"
      r.surveyDesign = design
      r.deterministic = true
      var state = try LiteracyJob.accumulate(r, keepIds: true)
      state.idHashes = IdHashList([i == 0 ? 1 : 2])
      let path = dir + "/p\(i).json"
      try Data(try PartialFile.encode(.literacy(state))).write(to: URL(fileURLWithPath: path))
      paths.append(path)
    }
    let error = try #require(throws: IngestError.self) { try MergeJob.run(paths, deterministic: true) }
    #expect(error.file == paths[1] && error.message.contains("other options"), "\(error.message)")
  }
}
