import Testing

@testable import ImpactIngest

/// Decimal commas: detection in `;`-files, and numbers read with either mark.
@Suite struct DecimalMarkTests {
  func parse(_ text: String, _ mark: DecimalMark) -> ParsedNumber {
    var bytes = Array(text.utf8)
    return bytes.withUnsafeMutableBufferPointer { NumberParser(decimalMark: mark).parse(UnsafeBufferPointer($0)) }
  }

  @Test(arguments: [
    ("4,5", 4.5, 1), ("-0,25", -0.25, 2), (" 12,0 ", 12.0, 1), ("7", 7.0, 0), ("1,5e2", 150.0, 0),
    ("12345678901234567890,5", 12345678901234567890.5, -1),
  ])
  func commaNumbers(_ text: String, _ value: Double, _ scale: Int) {
    let r = parse(text, .comma)
    #expect(r.kind == .number, "\(text)")
    #expect(r.value == value, "\(text)")
    #expect(Int(r.scale) == scale, "\(text)")
  }

  @Test(arguments: ["4.5", "1.234,5", "4,5,6", ",", "12345678901234567890.5"])
  func pointsAreNotNumbersInCommaFiles(_ text: String) {
    #expect(parse(text, .comma).kind == .invalid, "\(text)")
  }

  @Test func pointFilesReadTheCommaAsText() {
    #expect(parse("4,5", .point).kind == .invalid)
    #expect(parse("4.5", .point).value == 4.5)
  }

  @Test func detection() {
    let semicolon: UInt8 = 0x3B
    #expect(DecimalMark.detect([["R1", "4,5", "3"], ["R2", "2", "1"]], delimiter: semicolon) == .comma)
    // A point decimal anywhere: keep the point (mixed files are left to the
    // exclusion counts and guards).
    #expect(DecimalMark.detect([["R1", "4,5"], ["R2", "2.5"]], delimiter: semicolon) == nil)
    #expect(DecimalMark.detect([["R1", "4", "3"]], delimiter: semicolon) == nil)
    // Dates and ids with two marks are not numbers.
    #expect(DecimalMark.detect([["01.05.2012", "1,2,3"]], delimiter: semicolon) == nil)
    // Comma-delimited files are never detected.
    #expect(DecimalMark.detect([["R1", "4,5"]], delimiter: 0x2C) == nil)
    #expect(DecimalMark(option: "comma") == .comma)
    #expect(DecimalMark(option: ".") == .point)
    #expect(DecimalMark(option: ";") == nil)
  }

  @Test func secondHeaderRows() {
    let body = (1...12).map { ["R\($0)", "\($0 % 5 + 1)", "\($0 % 3 + 1)", "x"] }
    #expect(HeaderLocator.extraHeaderRecords(body) == nil)
    #expect(HeaderLocator.extraHeaderRecords([["ID", "Question one", "Question two", "x"]] + body) == 1)
    #expect(
      HeaderLocator.extraHeaderRecords(
        [["ID", "Question one", "Question two", "x"], ["{}", "{\"ImportId\":1}", "{\"ImportId\":2}", ""]] + body) == 2)
    // A respondent who skipped questions (blanks) is not a header row.
    #expect(HeaderLocator.extraHeaderRecords([["R0", "", "", "x"]] + body) == nil)
    // Text answers everywhere: no numeric columns, nothing detected.
    #expect(HeaderLocator.extraHeaderRecords((1...12).map { ["R\($0)", "同意", "不同意"] }) == nil)
  }
}
