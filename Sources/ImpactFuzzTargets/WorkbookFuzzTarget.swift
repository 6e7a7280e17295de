import ImpactIngest

/// The `xlsx` target. An input is either a file as it is (a zip, an OLE
/// compound file, anything: it is saved as `book.xlsx`), or, when it starts
/// with `=== `, a list of parts that the harness stores in a zip itself:
///
/// ```
/// === xl/workbook.xml
/// <workbook …>…</workbook>
/// === xl/worksheets/sheet1.xml
/// …
/// ```
///
/// A part named `sheet` is not stored: its text is the `--sheet` option.
/// The workbook is opened as the jobs open it (`CSVFile`: zip, relationships,
/// workbook, shared strings, styles, sheet XML into a CSV copy), then the
/// reading layer runs on the copy.
enum WorkbookFuzzTarget {
  static let partMarker = Array("=== ".utf8)

  static func run(_ data: [UInt8], scratch: FuzzScratch) -> String? {
    var sheet: String?
    var bytes = data
    if data.starts(with: partMarker) {
      var zip = StoredZipArchive()
      for (name, content) in parts(data) {
        if name == "sheet" {
          sheet = String(decoding: content, as: UTF8.self)
        } else {
          zip.add(name, content)
        }
      }
      bytes = zip.finished()
    }
    guard let path = scratch.write(bytes, to: "book.xlsx") else { return nil }
    defer { scratch.remove("book.xlsx") }
    var options = CSVOptions(parallelism: 2, maxRecordBytes: 1 << 16, bufferSize: 1 << 12, minimumChunkBytes: 512)
    options.sheet = sheet
    guard let file = try? CSVFile(path: path, options: options) else { return nil }
    _ = try? file.sample(maxRecords: 20)
    ReadingLayer.exercise(file, policy: .skip, endline: nil)
    return nil
  }

  /// The `(name, content)` parts of a part list: each starts with a line
  /// `=== NAME` and runs to the next such line.
  static func parts(_ data: [UInt8]) -> [(String, ArraySlice<UInt8>)] {
    var result: [(String, ArraySlice<UInt8>)] = []
    var headerStart = 0
    while headerStart < data.count {
      let nameStart = headerStart + partMarker.count
      let nameEnd = data[min(nameStart, data.count)...].firstIndex(of: 0x0A) ?? data.count
      let name = String(decoding: data[min(nameStart, nameEnd)..<nameEnd], as: UTF8.self)
      let contentStart = min(nameEnd + 1, data.count)
      var next = data.count
      var i = nameEnd  // a part may be empty: the next header right after the name line
      while i + partMarker.count < data.count {
        if data[i] == 0x0A && data[(i + 1)...].starts(with: partMarker) {
          next = i
          break
        }
        i += 1
      }
      result.append((name, data[contentStart..<max(contentStart, next)]))
      headerStart = next + 1
    }
    return result
  }
}
