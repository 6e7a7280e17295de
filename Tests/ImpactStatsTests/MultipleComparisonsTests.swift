import Foundation
import ImpactStats
import Testing

private struct MultiplicityFixture: Decodable {
  struct Complete: Decodable {
    var p: [Double]
    var holm: [Double]
    var bh: [Double]
  }
  struct Missing: Decodable {
    var p: [Double?]
    var holm: [Double?]
    var bh: [Double?]
    var holmRDefault: [Double?]
    var bhRDefault: [Double?]
  }
  var noMissing: [Complete]
  var withMissing: [Missing]
}

@Suite("MultipleComparisons")
struct MultipleComparisonsTests {
  static let tolerance = Tolerance(relative: 1e-14)

  private static func compare(
    _ observed: [Double?], _ expected: [Double?], _ tally: inout ErrorTally, _ context: String
  ) {
    #expect(observed.count == expected.count, "\(context): length")
    for (index, (o, e)) in zip(observed, expected).enumerated() {
      switch (o, e) {
      case (nil, nil): continue
      case let (o?, e?): tally.check(o, e, "\(context)[\(index)]")
      default:
        Issue.record("\(context)[\(index)]: expected \(String(describing: e)), observed \(String(describing: o))")
      }
    }
  }

  @Test("without missing values: equals statsmodels multipletests(holm / fdr_bh)")
  func complete() throws {
    let fixture: MultiplicityFixture = try ReferenceFixtures.load("multiplicity")
    var holm = ErrorTally("MultipleComparisons.holm vs statsmodels", Self.tolerance)
    var bh = ErrorTally("MultipleComparisons.benjaminiHochberg vs statsmodels", Self.tolerance)
    for (index, case_) in fixture.noMissing.enumerated() {
      let input = case_.p.map { Optional($0) }
      Self.compare(MultipleComparisons.holm(input), case_.holm, &holm, "case \(index)")
      Self.compare(MultipleComparisons.benjaminiHochberg(input), case_.bh, &bh, "case \(index)")
    }
    holm.report()
    bh.report()
  }

  @Test("with missing values: nil stays in place, the others adjusted among themselves (R default p.adjust)")
  func missing() throws {
    let fixture: MultiplicityFixture = try ReferenceFixtures.load("multiplicity")
    var holm = ErrorTally("MultipleComparisons.holm vs R default p.adjust", Self.tolerance)
    var bh = ErrorTally("MultipleComparisons.benjaminiHochberg vs R default p.adjust", Self.tolerance)
    for (index, case_) in fixture.withMissing.enumerated() {
      Self.compare(MultipleComparisons.holm(case_.p), case_.holmRDefault, &holm, "case \(index)")
      Self.compare(MultipleComparisons.benjaminiHochberg(case_.p), case_.bhRDefault, &bh, "case \(index)")
    }
    holm.report()
    bh.report()
  }

  @Test("edges: empty input, all nil, single value")
  func edges() {
    #expect(MultipleComparisons.holm([]).isEmpty)
    #expect(MultipleComparisons.benjaminiHochberg([]).isEmpty)
    #expect(MultipleComparisons.holm([nil, nil]) == [nil, nil])
    #expect(MultipleComparisons.benjaminiHochberg([nil]) == [nil])
    #expect(MultipleComparisons.holm([0.3]) == [0.3])
    #expect(MultipleComparisons.benjaminiHochberg([0.3, nil]) == [0.3, nil])
    #expect(MultipleComparisons.holm([0.3, nil]) == [0.3, nil])
    #expect(MultipleComparisons.holm([0.01, nil, 0.03, 0.04]) == [0.03, nil, 0.06, 0.06])
  }
}
