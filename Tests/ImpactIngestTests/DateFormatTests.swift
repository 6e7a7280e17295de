import ImpactCore
import ImpactIngest
import Testing

/// `DateFormat` patterns and parsing, and what `DateEvidence` decides.
@Suite struct DateFormatTests {
  static func parse(_ text: String, _ f: DateFormat) -> String? {
    var bytes = Array(text.utf8)
    return bytes.withUnsafeMutableBufferPointer { f.parse(UnsafeBufferPointer($0))?.description }
  }

  static func evidence(_ values: [String]) -> DateEvidence {
    var e = DateEvidence()
    for (i, v) in values.enumerated() { e.add(v, line: i + 2) }
    return e
  }

  @Test(arguments: [
    ("%Y-%m-%d", DateFormat.Order.yearFirst), ("%Y/%m/%d", .yearFirst), ("%d/%m/%Y", .dayFirst),
    ("%m/%d/%Y", .monthFirst), ("%d.%m.%Y", .dayFirst), ("%d-%m-%Y", .dayFirst), ("%m-%d-%Y", .monthFirst),
  ])
  func patternsGiveTheirOrder(_ pattern: String, _ order: DateFormat.Order) throws {
    let f = try #require(DateFormat(pattern: pattern))
    #expect(f.order == order)
    #expect(f.pattern == pattern)
  }

  @Test(arguments: ["%y/%m/%d", "%d/%m-%Y", "%Y%m%d", "%d %m %Y", "%Y-%d-%m", "dd/mm/yyyy", "", "%d/%m/%Y "])
  func otherPatternsAreRefused(_ pattern: String) {
    #expect(DateFormat(pattern: pattern) == nil)
  }

  @Test(arguments: [
    ("05/01/2012", "%d/%m/%Y", "2012-01-05"), ("05/01/2012", "%m/%d/%Y", "2012-05-01"),
    ("16.09.2012", "%d.%m.%Y", "2012-09-16"), ("9/16/2012 14:00", "%m/%d/%Y", "2012-09-16"),
    ("2012-09-16", "%d/%m/%Y", "2012-09-16"), ("2012年9月16日", "%m/%d/%Y", "2012-09-16"),
    ("29/02/2024", "%d/%m/%Y", "2024-02-29"),
  ])
  func valuesParse(_ text: String, _ pattern: String, _ expected: String) throws {
    #expect(Self.parse(text, try #require(DateFormat(pattern: pattern))) == expected)
  }

  @Test(arguments: [
    ("16/09/2012", "%m/%d/%Y"), ("29/02/2023", "%d/%m/%Y"), ("05/01/12", "%d/%m/%Y"), ("05/01-2012", "%d/%m/%Y"),
    ("05/01/2012x", "%d/%m/%Y"), ("05/01/2012", "%Y-%m-%d"), ("", "%d/%m/%Y"), ("123/01/2012", "%d/%m/%Y"),
  ])
  func invalidValuesAreRejected(_ text: String, _ pattern: String) throws {
    #expect(Self.parse(text, try #require(DateFormat(pattern: pattern))) == nil)
  }

  @Test func oneUnambiguousValueDecides() throws {
    guard case .format(let f, let basis) = Self.evidence(["05/01/2012", "09/16/2012", "2012-03-04"]).decision else {
      Issue.record("no format")
      return
    }
    #expect(f.order == .monthFirst && f.pattern == "%m/%d/%Y")
    #expect(basis == "'09/16/2012' (line 3) can only be month-first and no value contradicts it")
    guard case .format(let d, _) = Self.evidence(["05-01-2012", "16-09-2012"]).decision else {
      Issue.record("no format")
      return
    }
    #expect(d.order == .dayFirst && d.pattern == "%d-%m-%Y")
  }

  @Test func ambiguousMixedDottedAndYearFirstColumns() {
    #expect(Self.evidence(["05/01/2012", "03/04/2012"]).decision == .ambiguous)
    #expect(Self.evidence(["16/09/2012", "09/16/2012"]).decision == .mixed)
    #expect(Self.evidence(["2012-01-05", "2012/3/4", "2012年3月4日", "junk", ""]).decision == .yearFirst)
    #expect(Self.evidence(["01.05.2012", "01/05/2012"]).decision == .ambiguous)
    guard case .format(let f, _) = Self.evidence(["01.05.2012", "03.04.2012"]).decision else {
      Issue.record("dotted dates are day-first by convention")
      return
    }
    #expect(f.pattern == "%d.%m.%Y")
    // An unambiguous dotted value that contradicts the convention wins.
    guard case .format(let m, _) = Self.evidence(["01.05.2012", "12.31.2012"]).decision else {
      Issue.record("no format")
      return
    }
    #expect(m.order == .monthFirst)
  }

  @Test func evidenceMergesAcrossChunks() {
    var a = Self.evidence(["05/01/2012"])
    var b = Self.evidence(["16/09/2012"])
    b.shiftLines(by: 100)
    a.absorb(b)
    #expect(a.ambiguous == 1 && a.dayFirstOnly == 1)
    #expect(a.dayFirstExample?.line == 102)
    guard case .format(let f, _) = a.decision else {
      Issue.record("no format")
      return
    }
    #expect(f.order == .dayFirst)
  }
}
