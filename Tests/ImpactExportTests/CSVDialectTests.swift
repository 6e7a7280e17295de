import ImpactExport
import Testing

/// `--excel-csv`: a UTF-8 BOM and CRLF between records; line breaks inside
/// quoted fields stay as they were.
@Suite struct CSVDialectTests {
  static func sample() -> String {
    var w = CSVWriter(header: ["indicator", "label", "n"])
    w.appendRow([.text("q01"), .text("会用智能手机视频通话 / Video call"), .int(1971)])
    w.appendRow([.text("q02"), .text("two\nlines, with \"quotes\""), .int(12)])
    w.appendRow([.text("q03"), .text("crlf inside\r\nfield"), .int(nil)])
    return w.text
  }

  @Test func plainIsTheTextAsIs() {
    let text = Self.sample()
    #expect(CSVDialect.plain.bytes(text) == Array(text.utf8))
    #expect(!CSVDialect.plain.bytes(text).starts(with: [0xEF, 0xBB, 0xBF]))
  }

  @Test func excelAddsABOMAndCRLFBetweenRecordsOnly() {
    let bytes = CSVDialect.excel.bytes(Self.sample())
    let expected =
      [0xEF, 0xBB, 0xBF]
      + Array(
        ("indicator,label,n\r\nq01,会用智能手机视频通话 / Video call,1971\r\n"
          + "q02,\"two\nlines, with \"\"quotes\"\"\",12\r\nq03,\"crlf inside\r\nfield\",\r\n").utf8)
    #expect(bytes == expected)
  }

  @Test func outputSetAppliesTheDialectToCSVFilesOnly() {
    var set = OutputSet(directory: "unused")
    set.csvDialect = .excel
    set.add("a.csv", contents: "x\n1\n")
    set.add("a.json", contents: "{}\n")
    #expect(set.files[0].bytes == [0xEF, 0xBB, 0xBF] + Array("x\r\n1\r\n".utf8))
    #expect(set.files[1].bytes == Array("{}\n".utf8))
  }
}
