import Foundation
import TestSupport
import Testing

@testable import ImpactIngest

/// A tricky input and what RFC 4180 says it contains.
struct CSVCase: Sendable, CustomTestStringConvertible {
  var name: String
  var bytes: [UInt8]
  var header: [String]
  var rows: [[String]]
  var lines: [Int]
  var testDescription: String { name }

  init(_ name: String, _ text: String, header: [String], rows: [[String]], lines: [Int]) {
    self.init(name, Array(text.utf8), header: header, rows: rows, lines: lines)
  }

  init(_ name: String, _ bytes: [UInt8], header: [String], rows: [[String]], lines: [Int]) {
    self.name = name
    self.bytes = bytes
    self.header = header
    self.rows = rows
    self.lines = lines
  }
}

@Suite struct CSVScannerTests {
  static let cases: [CSVCase] = [
    CSVCase("plain LF", "a,b\n1,2\n3,4\n", header: ["a", "b"], rows: [["1", "2"], ["3", "4"]], lines: [2, 3]),
    CSVCase("CRLF", "a,b\r\n1,2\r\n3,4\r\n", header: ["a", "b"], rows: [["1", "2"], ["3", "4"]], lines: [2, 3]),
    CSVCase(
      "lone CR (old Mac)", "a,b\r1,2\r3,4\r", header: ["a", "b"], rows: [["1", "2"], ["3", "4"]], lines: [2, 3]),
    CSVCase(
      "UTF-8 BOM", [0xEF, 0xBB, 0xBF] + Array("id,名称\n1,非常同意\n".utf8), header: ["id", "名称"],
      rows: [["1", "非常同意"]], lines: [2]),
    CSVCase(
      "quoted delimiter", "a,b\n\"x, y\",2\n", header: ["a", "b"], rows: [["x, y", "2"]], lines: [2]),
    CSVCase(
      "doubled quotes", "a,b\n\"He said \"\"hi\"\"\",2\n", header: ["a", "b"], rows: [["He said \"hi\"", "2"]],
      lines: [2]),
    CSVCase(
      "embedded LF and CRLF", "a,b\n\"line1\nline2\",2\n\"x\r\ny\",3\n4,5\n", header: ["a", "b"],
      rows: [["line1\nline2", "2"], ["x\r\ny", "3"], ["4", "5"]], lines: [2, 4, 6]),
    CSVCase(
      "empty trailing field", "a,b,c\n1,2,\n,,\n", header: ["a", "b", "c"], rows: [["1", "2", ""], ["", "", ""]],
      lines: [2, 3]),
    CSVCase(
      "no final newline", "a,b\n1,2\n3,4", header: ["a", "b"], rows: [["1", "2"], ["3", "4"]], lines: [2, 3]),
    CSVCase(
      "quoted field at end of file", "a,b\n1,\"end\"", header: ["a", "b"], rows: [["1", "end"]], lines: [2]),
    CSVCase(
      "blank lines skipped", "a,b\n\n1,2\n\r\n3,4\n\n", header: ["a", "b"], rows: [["1", "2"], ["3", "4"]],
      lines: [3, 5]),
    CSVCase("empty quoted field", "a,b\n\"\",2\n", header: ["a", "b"], rows: [["", "2"]], lines: [2]),
    CSVCase(
      "semicolon detected", "a;b;c\n1,5;2;3\n4;5;6\n", header: ["a", "b", "c"],
      rows: [["1,5", "2", "3"], ["4", "5", "6"]],
      lines: [2, 3]),
    CSVCase("tab detected", "a\tb\n1\t2\n", header: ["a", "b"], rows: [["1", "2"]], lines: [2]),
    CSVCase(
      "ragged rows kept by the scanner", "a,b\n1\n1,2,3\n", header: ["a", "b"], rows: [["1"], ["1", "2", "3"]],
      lines: [2, 3]),
    CSVCase("header only", "a,b\n", header: ["a", "b"], rows: [], lines: []),
    CSVCase("header with spaces trimmed", " a , b \n1,2\n", header: ["a", "b"], rows: [["1", "2"]], lines: [2]),
    CSVCase(
      "quote inside unquoted field is literal", "a,b\n5\" screen,2\n", header: ["a", "b"], rows: [["5\" screen", "2"]],
      lines: [2]),
  ]

  @Test(arguments: cases)
  func parsesTrickyInput(_ c: CSVCase) throws {
    let parsed = try parseAll(temporaryFile(c.bytes))
    #expect(parsed.header == c.header)
    #expect(parsed.rows == c.rows)
    #expect(parsed.lines == c.lines)
  }

  /// Tiny buffers and many chunks force refills, buffer growth and chunk
  /// boundaries inside quoted fields: the result must equal one sequential pass.
  @Test func chunkedParsingEqualsSequentialParsing() throws {
    var rng = SeededRandom(seed: 7)
    var text = "id,comment,score\n"
    for i in 0..<3000 {
      let kind = Int.random(in: 0..<6, using: &rng)
      let comment: String
      switch kind {
      case 0: comment = "\"multi\nline \(i)\""
      case 1: comment = "\"has, comma \"\"q\"\"\""
      case 2: comment = ""
      case 3: comment = "\"\(String(repeating: "x", count: Int.random(in: 0..<300, using: &rng)))\n\""
      default: comment = "plain\(i)"
      }
      text += "\(i),\(comment),\(i % 5)\(i % 7 == 0 ? "\r\n" : "\n")"
    }
    let path = temporaryFile(text)
    let sequential = try parseAll(path, options: CSVOptions(parallelism: 1))
    #expect(sequential.rows.count == 3000)
    for workers in [2, 3, 7, 16] {
      let parallel = try parseAll(
        path, options: CSVOptions(parallelism: workers, bufferSize: 64, minimumChunkBytes: 1))
      #expect(parallel == sequential, "\(workers) workers")
    }
  }

  @Test func speculativeBoundaryInsideQuotedFieldIsRepaired() throws {
    // One huge quoted field containing many lines that look like records.
    var text = "id,note\n1,\""
    for i in 0..<2000 { text += "\(i),fake record\n" }
    text += "\"\n2,real\n"
    let path = temporaryFile(text)
    for workers in [1, 2, 5] {
      let parsed = try parseAll(path, options: CSVOptions(parallelism: workers, bufferSize: 128, minimumChunkBytes: 1))
      #expect(parsed.rows.count == 2)
      #expect(parsed.rows[1] == ["2", "real"])
      #expect(parsed.lines == [2, 2003])
    }
  }
}

/// Structure errors carry file:line:column and a sentence saying what to do.
@Suite struct CSVErrorTests {
  func error(_ text: String, options: CSVOptions = CSVOptions()) -> IngestError? {
    let path = temporaryFile(text, name: "bad.csv")
    do {
      _ = try parseAll(path, options: options)
      return nil
    } catch let e as IngestError {
      return IngestError(
        e.kind, file: "bad.csv", line: e.line, column: e.column, columnName: e.columnName, message: e.message,
        hint: e.hint)
    } catch {
      return nil
    }
  }

  @Test func unterminatedQuote() throws {
    let e = try #require(error("a,b\n1,2\n3,\"open\n4,5\n"))
    #expect(
      e.description
        == "bad.csv:3:2: column 2 (b): unterminated quoted field: the field opens with a quote (\") on this line and the file ends before the closing quote. Fix: close the quote, or write a literal quote inside a quoted field as two quotes (\"\"); if the file was cut off, export it again"
    )
  }

  @Test func garbageAfterClosingQuote() throws {
    let e = try #require(error("a,b\n\"x\"y,2\n"))
    #expect(e.kind == .structure && e.line == 2 && e.column == 1)
    #expect(e.message.hasPrefix("unexpected 'y' after the closing quote"))
  }

  @Test func nulByte() throws {
    let e = try #require(error("a,b\n1,2\n3,\u{0}4\n"))
    #expect(e.kind == .structure && e.line == 3 && e.column == 2)
    #expect(e.message == "NUL byte (0x00) in the data; a text CSV never contains one")
  }

  @Test func emptyFile() throws {
    let e = try #require(error(""))
    #expect(
      e.description
        == "bad.csv:1: the file is empty; expected a header row and data rows. Fix: export the data again; an empty file usually means the export failed"
    )
  }

  @Test func duplicateColumnNames() throws {
    let e = try #require(error("id,q1,q1\n1,2,3\n"))
    #expect(
      e.description
        == "bad.csv:1:3: column 3 (q1): duplicate column name 'q1' (also column 2). Fix: rename one of the two columns so every name is unique"
    )
  }

  @Test func recordLongerThanLimit() throws {
    let e = try #require(
      error(
        "a,b\n1,\"" + String(repeating: "x", count: 5000) + "\"\n",
        options: CSVOptions(parallelism: 1, maxRecordBytes: 1024, bufferSize: 256)))
    #expect(e.kind == .limit && e.line == 2)
  }
}
