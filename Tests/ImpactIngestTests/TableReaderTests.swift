import Foundation
import ImpactCore
import Testing

@testable import ImpactIngest

@Suite struct TableReaderTests {
  @Test func readsNumericAndKeyColumnsWithMissingTokens() throws {
    let path = temporaryFile("id,q1,q2,group\nA, 3 ,NA,东城\nB,4.5,99,西城\nC,,-,东城\nD,abc,2,\n")
    let file = try CSVFile(path: path)
    let r = try TableReader.read(
      file,
      columns: [
        ColumnSpec("id", kind: .key), ColumnSpec("q1", kind: .numeric), ColumnSpec("q2", kind: .numeric),
        ColumnSpec("group", kind: .key),
      ],
      missing: MissingTokens().adding(["99"]))
    let q1 = try #require(r.table.numeric("q1"))
    #expect(q1[0] == 3 && q1[1] == 4.5 && q1[2] == nil && q1[3] == nil)
    #expect(q1.decimalScale == 1)
    let q2 = try #require(r.table.numeric("q2"))
    #expect(q2[0] == nil && q2[1] == nil && q2[2] == nil && q2[3] == 2)
    #expect(r.invalidCounts == ["q1": 1])
    #expect(r.invalidExamples == [ValueProblem(line: 5, column: "q1", text: "abc")])
    let g = try #require(r.table.key("group"))
    #expect(g.levels == ["东城", "西城"])
    #expect(g[3] == nil)
    #expect(r.lines == [2, 3, 4, 5])
  }

  @Test func raggedRowFailsWithLineOrIsSkipped() throws {
    let path = temporaryFile("id,q1\nA,1\nB\nC,3,4\nD,5")
    let file = try CSVFile(path: path)
    let specs = [ColumnSpec("id", kind: .key), ColumnSpec("q1", kind: .numeric)]
    #expect {
      try TableReader.read(file, columns: specs)
    } throws: { e in
      guard let e = e as? IngestError else { return false }
      return e.line == 3 && e.message == "expected 2 fields as in the header, found 1 (a short or truncated row)"
    }
    let r = try TableReader.read(file, columns: specs, onBadRow: .skip)
    #expect(r.table.rowCount == 2)
    #expect(r.skippedRowCount == 2)
    #expect(r.skippedRows.map(\.line) == [3, 4])
  }

  @Test func missingRequiredColumnNamesTheAlternatives() throws {
    let file = try CSVFile(path: temporaryFile("respondent,q1\nA,1\n", name: "pre.csv"))
    #expect {
      try TableReader.read(file, columns: [ColumnSpec("respondent_id", kind: .key)])
    } throws: { e in
      (e as? IngestError)?.message
        == "required column 'respondent_id' is not in the header (found 'respondent', 'q1'); did you mean 'respondent'?"
    }
  }

  @Test func parallelChunksMergeKeysAndLines() throws {
    var text = "id,g,v\n"
    for i in 0..<5000 { text += "id\(i % 1234),g\(i % 7),\(i)\n" }
    let path = temporaryFile(text)
    let specs = [ColumnSpec("id", kind: .key), ColumnSpec("g", kind: .key), ColumnSpec("v", kind: .numeric)]
    let one = try TableReader.read(try CSVFile(path: path, options: CSVOptions(parallelism: 1)), columns: specs)
    let many = try TableReader.read(
      try CSVFile(path: path, options: CSVOptions(parallelism: 6, bufferSize: 100, minimumChunkBytes: 1)),
      columns: specs)
    #expect(one.table == many.table)
    #expect(one.lines == many.lines)
    #expect(many.table.key("id")?.levels.count == 1234)
    #expect(many.lines.last == 5001)
  }
}
