import Foundation
import ImpactCore
import PropertyBased
import TestSupport
import Testing

@testable import ImpactIngest

@Suite struct NumberParserTests {
  func parse(_ s: String, missing: MissingTokens = MissingTokens()) -> ParsedNumber {
    var b = Array(s.utf8)
    return b.withUnsafeMutableBufferPointer { NumberParser(missing: missing).parse(UnsafeBufferPointer($0)) }
  }

  @Test(arguments: [
    ("3", 3.0, Int8(0)), ("-12", -12, 0), ("+4.50", 4.5, 2), (" 7 ", 7, 0), (".5", 0.5, 1), ("5.", 5, 0),
    ("1e3", 1000, 0), ("2.5E-2", 0.025, 3), ("10000000.1", 10_000_000.1, 1), ("0.000001", 1e-6, 6),
    ("123456789012345678901234", 123_456_789_012_345_678_901_234.0, -1), ("1e-300", 1e-300, -1),
    ("0.1234567890123456789", 0.1234567890123456789, -1),
  ])
  func numbers(_ text: String, _ value: Double, _ scale: Int8) {
    let r = parse(text)
    #expect(r.kind == .number)
    #expect(r.value == value, "\(text)")
    #expect(r.scale == scale, "\(text)")
  }

  @Test(arguments: ["", "  ", "NA", "na", "N/A", "NULL", "null", "-", "NaN", "#N/A"])
  func defaultMissingTokens(_ text: String) {
    #expect(parse(text).kind == .missing)
  }

  @Test(arguments: ["abc", "1,5", "1.2.3", "e5", "--1", "1e", "0x10", "inf", "非常同意"])
  func invalid(_ text: String) {
    #expect(parse(text).kind == .invalid)
  }

  @Test func userCodes() {
    let m = MissingTokens().adding(["99", "不知道", " refused "])
    #expect(parse("99", missing: m).kind == .missing)
    #expect(parse("99.0", missing: m).kind == .missing)
    #expect(parse("9", missing: m).kind == .number)
    #expect(parse("不知道", missing: m).kind == .missing)
    #expect(parse(" refused", missing: m).kind == .missing)
    #expect(parse("Refused", missing: m).kind == .invalid)
  }

  /// Every decimal string reads as the same double as strtod (correct rounding).
  @Test func agreesWithStrtod() async {
    await propertyCheck(
      count: 2000, input: Gen.int(in: -999_999_999...999_999_999), Gen.int(in: 0...12), Gen.int(in: -30...30)
    ) { m, frac, exp in
      var s = String(m)
      if frac > 0 {
        let neg = s.hasPrefix("-")
        var digits = neg ? String(s.dropFirst()) : s
        while digits.count <= frac { digits = "0" + digits }
        digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -frac))
        s = (neg ? "-" : "") + digits
      }
      if exp != 0 { s += "e\(exp)" }
      let r = parse(s)
      #expect(r.kind == .number)
      #expect(r.value == strtod(s, nil), "\(s)")
    }
  }
}

@Suite struct DateParserTests {
  func parse(_ s: String) -> CalendarDay? { DateParser.parse(s) }

  @Test(arguments: [
    ("2024-03-05", "2024-03-05"), ("2024/3/5", "2024-03-05"), ("2024.03.05", "2024-03-05"),
    ("2024-03-05T14:00:00", "2024-03-05"), ("2024-03-05 14:00", "2024-03-05"), ("2024年3月5日", "2024-03-05"),
    ("2024年03月05日 08:30", "2024-03-05"), ("2024-02-29", "2024-02-29"), ("2000-02-29", "2000-02-29"),
    ("1970-01-01", "1970-01-01"),
  ])
  func accepted(_ text: String, _ iso: String) {
    #expect(parse(text)?.description == iso, "\(text)")
  }

  @Test(arguments: [
    "2023-02-29", "1900-02-29", "2024-13-01", "2024-04-31", "05/03/2024", "2024-3", "20240305", "2024-03-05x", "",
    "abc",
  ])
  func rejected(_ text: String) {
    #expect(parse(text) == nil, "\(text)")
  }

  @Test func dayNumbersRoundTrip() {
    #expect(CalendarDay(year: 1970, month: 1, day: 1)?.dayNumber == 0)
    #expect(CalendarDay(year: 2024, month: 3, day: 1)?.dayNumber == 19783)
    for n in stride(from: -719_162, through: 2_932_896, by: 997) {
      let d = CalendarDay(dayNumber: Int32(n))
      let c = d.components
      #expect(CalendarDay(year: c.year, month: c.month, day: c.day) == d)
    }
  }
}

@Suite struct EncodingTests {
  @Test func gb18030IsDetectedAndTranscoded() throws {
    let text = "编号,选项,得分\n1,非常同意,5\n2,比较同意,4\n"
    let gb = try #require(text.data(using: String.Encoding(rawValue: 0x8000_0632)))
    let path = temporaryFile(Array(gb))
    let file = try CSVFile(path: path)
    #expect(file.encoding == .gb18030)
    let parsed = try parseAll(path)
    #expect(parsed.header == ["编号", "选项", "得分"])
    #expect(parsed.rows == [["1", "非常同意", "5"], ["2", "比较同意", "4"]])
  }

  @Test func utf16WithBOM() throws {
    let text = "id,名称\n1,东城\n"
    for (enc, bom, kind) in [
      (String.Encoding.utf16LittleEndian, [UInt8(0xFF), 0xFE], TextEncoding.utf16LE),
      (.utf16BigEndian, [0xFE, 0xFF], .utf16BE),
    ] {
      let body = try #require(text.data(using: enc))
      let path = temporaryFile(bom + Array(body))
      let file = try CSVFile(path: path)
      #expect(file.encoding == kind)
      #expect(try parseAll(path).rows == [["1", "东城"]])
    }
  }

  @Test func invalidBytesNameTheLine() throws {
    // Valid UTF-8 header, then a byte that is neither UTF-8 nor GB18030.
    let bytes = Array("a,b\n1,2\n".utf8) + [0x33, 0x2C, 0xFF, 0x0A]
    #expect {
      _ = try CSVFile(path: temporaryFile(bytes))
    } throws: { e in
      guard let e = e as? IngestError else { return false }
      return e.kind == .encoding && e.line == 3
    }
  }
}
