// The parts of an .xlsx package (ECMA-376 Part 2, Open Packaging
// Conventions): the root relationships name the workbook part; the
// workbook's relationships name its sheets, shared strings and styles. Parts
// are found through the relationships, not by conventional names, so
// workbooks written by WPS, LibreOffice, Kobo or openpyxl all open. Every
// part is inflated chunk by chunk (ZIPFoundation's consumer closure) straight
// into the XML push parser.
import Foundation
import ImpactCore
import ZIPFoundation

/// One sheet as listed in workbook.xml.
struct ExcelSheetEntry: Equatable {
  var name: String
  /// Zip path of the sheet's XML part (nil when the relationship is missing).
  var part: String?
  /// A chart sheet has no cells.
  var isChart: Bool
}

/// An opened .xlsx workbook: its sheets, date system and the paths of its
/// shared-string and style parts.
final class ExcelWorkbook {
  let path: String
  private let archive: Archive
  private(set) var sheets: [ExcelSheetEntry] = []
  /// Serial dates count from 1904-01-01 (`<workbookPr date1904="1"/>`).
  private(set) var date1904 = false
  private(set) var sharedStringsPart: String?
  private(set) var stylesPart: String?

  /// Opens the zip archive and reads the workbook's sheet list.
  /// - Throws: `IngestError` when the file is not a readable zip, has no
  ///   workbook part, or its XML is malformed.
  init(path: String) throws(IngestError) {
    self.path = path
    try ZipDirectoryCheck.validate(path: path)
    do {
      archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
    } catch {
      throw IngestError(
        .io, file: path,
        message: "the workbook is damaged: it starts like a zip archive (.xlsx) but its zip directory cannot be read",
        hint: "the file was probably cut off while copying or downloading; export or download it again")
    }
    let rootRels = try relationships(of: "")
    let office = rootRels.first { $0.type.hasSuffix("/officeDocument") }
    let workbookPart = office.map { resolve($0.target, from: "") } ?? "xl/workbook.xml"
    guard entry(workbookPart) != nil else {
      if entry("xl/workbook.bin") != nil || workbookPart.hasSuffix(".bin") {
        throw IngestError(
          .io, file: path, message: "this is an Excel binary workbook (.xlsb), which impact does not read",
          hint: "open it in Excel, WPS or LibreOffice and save it as .xlsx (Excel Workbook) or as CSV UTF-8")
      }
      throw IngestError(
        .io, file: path, message: "this zip archive is not an Excel workbook (it has no xl/workbook.xml)",
        hint: "pass an .xlsx workbook or a CSV file; re-save other spreadsheets (.ods, Numbers) as .xlsx or CSV")
    }
    let workbookRels = try relationships(of: workbookPart)
    let handler = WorkbookHandler()
    try stream(part: workbookPart, to: handler, context: "the workbook's sheet list (\(workbookPart))")
    date1904 = handler.date1904
    let byId = Dictionary(workbookRels.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    sheets = handler.sheets.map { s in
      let rel = s.relationship.flatMap { byId[$0] }
      return ExcelSheetEntry(
        name: s.name, part: rel.map { resolve($0.target, from: workbookPart) },
        isChart: rel?.type.hasSuffix("/chartsheet") ?? false)
    }
    sharedStringsPart = workbookRels.first { $0.type.hasSuffix("/sharedStrings") }.map {
      resolve($0.target, from: workbookPart)
    }
    stylesPart = workbookRels.first { $0.type.hasSuffix("/styles") }.map { resolve($0.target, from: workbookPart) }
  }

  /// The sheet `selector` names: a sheet name, else a 1-based index; the
  /// first sheet when `nil`.
  func sheet(_ selector: String?) throws(IngestError) -> (index: Int, entry: ExcelSheetEntry) {
    let listed = sheets.enumerated().map { "\($0.offset + 1) '\($0.element.name)'" }.joined(separator: ", ")
    guard !sheets.isEmpty else {
      throw IngestError(
        .io, file: path, message: "the workbook has no sheets", hint: "export the data again as .xlsx or CSV")
    }
    var found: Int?
    if let selector {
      let s = selector.trimmingCharacters(in: .whitespaces)
      found =
        sheets.firstIndex { $0.name == s }
        ?? sheets.firstIndex { $0.name.caseInsensitiveCompare(s) == .orderedSame }
      if found == nil, let k = Int(s) {
        guard k >= 1 && k <= sheets.count else {
          throw IngestError(
            .usage, file: path, message: "the workbook has \(sheets.count) sheet(s), so there is no sheet \(k)",
            hint: "use --sheet with a name or a number from 1 to \(sheets.count): \(listed)")
        }
        found = k - 1
      }
      guard found != nil else {
        throw IngestError(
          .usage, file: path, message: "the workbook has no sheet named '\(s)'",
          hint: "use --sheet with one of the sheet names or numbers: \(listed)")
      }
    }
    let index = found ?? 0
    let entry = sheets[index]
    if entry.isChart {
      throw IngestError(
        .usage, file: path, message: "sheet '\(entry.name)' is a chart, not a worksheet with cells",
        hint: "choose a worksheet with --sheet: \(listed)")
    }
    guard let part = entry.part, self.entry(part) != nil else {
      throw IngestError(
        .io, file: path, message: "the workbook lists sheet '\(entry.name)' but its XML part is missing",
        hint: "the file is damaged or was written by a faulty exporter; open and re-save it, or export CSV")
    }
    return (index, entry)
  }

  /// Whether the package has a part at `path`.
  func entry(_ part: String) -> Entry? {
    archive[part]
  }

  /// Inflates `part` chunk by chunk into a push parser driving `handler`.
  ///
  /// - Parameters:
  ///   - context: what the part is, for messages ("sheet 'Data'").
  ///   - describe: builds the error for malformed XML (default: names the
  ///     part and the XML line).
  func stream(
    part: String, to handler: XMLEventHandler, context: String,
    describe: ((String, Int) -> IngestError)? = nil
  ) throws(IngestError) {
    guard let entry = entry(part) else {
      throw IngestError(
        .io, file: path, message: "\(context) is missing from the workbook",
        hint: "the file is damaged or was written by a faulty exporter; open and re-save it, or export CSV")
    }
    let file = path
    let parser = XMLPushParser(
      handler: handler,
      describe: describe ?? { message, line in
        IngestError(
          .structure, file: file, message: "\(context) is not well-formed XML (line \(line) of \(part): \(message))",
          hint: "the file is damaged or was written by a faulty exporter; open and re-save it, or export CSV")
      })
    // Inflated bytes are counted against the declared size and the caps
    // (a zip bomb stops early), and the CRC-32 ZIPFoundation computes is
    // compared with the directory's (it does not check it itself).
    let compressed = entry.compressedSize
    let declared = entry.uncompressedSize
    let cap = min(ExcelLimits.maxPartBytes, max(ExcelLimits.ratioFloor, compressed &* ExcelLimits.maxInflateRatio))
    guard declared <= cap else {
      throw IngestError(
        .limit, file: path,
        message:
          "\(context) declares \(declared) bytes from \(compressed) compressed (\(part); impact's limit: \(ExcelLimits.maxPartBytes >> 30) GiB per part, and at most \(ExcelLimits.maxInflateRatio)× its compressed size beyond \(ExcelLimits.ratioFloor >> 20) MiB)",
        hint: "a zip bomb or a damaged file; if the workbook is genuine, save the sheet as CSV and read that")
    }
    var inflated: UInt64 = 0
    do {
      let crc = try archive.extract(entry, bufferSize: 1 << 16, skipCRC32: false) { data in
        inflated += UInt64(data.count)
        if inflated > declared {
          throw IngestError(
            .io, file: file,
            message:
              "\(context) is damaged: it inflates to more than the \(declared) bytes its zip entry declares (\(part))",
            hint: "the file was probably altered; export or download it again")
        }
        if inflated > cap {
          throw IngestError(
            .limit, file: file,
            message:
              "\(context) inflates to more than \(cap >> 20) MiB from \(compressed) compressed bytes (impact's limit: \(ExcelLimits.maxPartBytes >> 30) GiB per part, and at most \(ExcelLimits.maxInflateRatio)× its compressed size beyond \(ExcelLimits.ratioFloor >> 20) MiB)",
            hint: "a zip bomb or a damaged file; if the workbook is genuine, save the sheet as CSV and read that")
        }
        try parser.feed(data)
      }
      try parser.finish()
      guard crc == entry.checksum else {
        throw IngestError(
          .io, file: path,
          message:
            "\(context) fails its CRC-32 check (\(part): stored \(String(entry.checksum, radix: 16)), read \(String(crc, radix: 16))): the workbook is damaged",
          hint: "the file was altered or cut off while copying; export or download it again")
      }
    } catch var e as IngestError {
      if e.file.isEmpty {  // a handler's limit: name the file and the part
        e.file = path
        e.message = "\(context): " + e.message
      }
      throw e
    } catch {
      throw IngestError(
        .io, file: path, message: "\(context) cannot be unpacked: the workbook is damaged (\(error))",
        hint: "the file was probably cut off or altered; export or download it again")
    }
  }

  // MARK: - Relationships

  struct Relationship {
    var id: String
    var type: String
    var target: String
  }

  /// The relationships of `part` ("" for the package root).
  private func relationships(of part: String) throws(IngestError) -> [Relationship] {
    let dir = PathName.parent(part)
    let name = PathName.lastComponent(part)
    let relsPart = (dir.isEmpty ? "" : dir + "/") + "_rels/" + name + ".rels"
    guard entry(relsPart) != nil else { return [] }
    let handler = RelationshipsHandler()
    try stream(part: relsPart, to: handler, context: "the package relationships (\(relsPart))")
    return handler.relationships
  }

  /// A relationship target as a zip path: absolute targets drop the leading
  /// slash, relative ones are resolved against the source part's folder.
  private func resolve(_ target: String, from source: String) -> String {
    var segments: [Substring]
    if target.hasPrefix("/") {
      segments = []
    } else {
      segments = PathName.parent(source).split(separator: "/")
    }
    for s in target.split(separator: "/") {
      if s == ".." {
        if !segments.isEmpty { segments.removeLast() }
      } else if s != "." {
        segments.append(s)
      }
    }
    return segments.joined(separator: "/")
  }
}

/// `<Relationship Id Type Target>` elements of a .rels part.
private final class RelationshipsHandler: XMLEventHandler {
  var relationships: [ExcelWorkbook.Relationship] = []

  override func startElement(_ name: XMLName, _ attributes: XMLAttributes) {
    guard relationships.count < ExcelLimits.maxListItems else {
      failure = IngestError(
        .limit, file: "", message: "more than \(ExcelLimits.maxListItems) relationships in one part",
        hint: ExcelLimits.damagedHint)
      return
    }
    guard name.is("Relationship"), attributes.string("TargetMode") != "External",
      let id = attributes.string("Id"), let type = attributes.string("Type"),
      let target = attributes.string("Target")
    else { return }
    relationships.append(.init(id: id, type: type, target: target.removingPercentEncoding ?? target))
  }
}

/// `<sheet name r:id>` and `<workbookPr date1904>` of workbook.xml.
private final class WorkbookHandler: XMLEventHandler {
  var sheets: [(name: String, relationship: String?)] = []
  var date1904 = false

  override func startElement(_ name: XMLName, _ attributes: XMLAttributes) {
    if name.is("sheet") {
      guard sheets.count < ExcelLimits.maxListItems else {
        failure = IngestError(
          .limit, file: "", message: "more than \(ExcelLimits.maxListItems) sheets", hint: ExcelLimits.damagedHint)
        return
      }
      sheets.append((attributes.string("name") ?? "Sheet\(sheets.count + 1)", attributes.string("id")))
    } else if name.is("workbookPr") {
      let v = attributes.string("date1904")?.lowercased()
      date1904 = v == "1" || v == "true"
    }
  }
}
