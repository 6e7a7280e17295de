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
}
