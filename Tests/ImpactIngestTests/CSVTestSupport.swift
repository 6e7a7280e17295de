import Foundation
import ImpactIngest

/// Writes bytes to a fresh temporary file and returns its path.
func temporaryFile(_ bytes: [UInt8], name: String = "t.csv") -> String {
  let dir = FileManager.default.temporaryDirectory.appendingPathComponent("impact-tests-\(UUID().uuidString)")
  try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
  let path = dir.appendingPathComponent(name).path
  FileManager.default.createFile(atPath: path, contents: Data(bytes))
  return path
}

func temporaryFile(_ text: String, name: String = "t.csv") -> String {
  temporaryFile(Array(text.utf8), name: name)
}

/// Every record of a file as strings, with its line, in file order.
struct ParsedCSV: Equatable {
  var header: [String]
  var rows: [[String]]
  var lines: [Int]
}

func parseAll(_ path: String, options: CSVOptions = CSVOptions()) throws -> ParsedCSV {
  let file = try CSVFile(path: path, options: options)
  struct State: Sendable {
    var rows: [[String]] = []
    var lines: [Int] = []
  }
  let chunks = try file.scan(
    initial: { _ in State() },
    body: { (s: inout State, scanner: CSVScanner) throws(IngestError) in
      while try scanner.nextRecord() {
        s.rows.append((0..<scanner.fieldCount).map { scanner.fieldString($0) ?? "<invalid>" })
        s.lines.append(scanner.recordLine)
      }
    })
  var out = ParsedCSV(header: file.header, rows: [], lines: [])
  for c in chunks {
    out.rows += c.state.rows
    out.lines += c.state.lines.map { $0 + c.lineBase }
  }
  return out
}
