// styles.xml, as far as values are concerned: the number format of each cell
// format (`<cellXfs><xf numFmtId>`), with custom codes from `<numFmts>`
// (ECMA-376 Part 1 §18.8.10 cellXfs, §18.8.31 numFmts). A cell's `s`
// attribute indexes cellXfs.

/// The number format kind of every cell format of a workbook.
struct ExcelStyles {
  /// Indexed by a cell's `s` attribute.
  var formats: [ExcelNumberFormat] = []

  /// The kind for style index `s` (`.number` when out of range).
  @inline(__always)
  func format(_ s: Int) -> ExcelNumberFormat {
    s >= 0 && s < formats.count ? formats[s] : .number
  }

  /// Reads the styles part of `workbook` (no part: every cell is a number).
  static func load(_ workbook: ExcelWorkbook) throws(IngestError) -> ExcelStyles {
    guard let part = workbook.stylesPart, workbook.entry(part) != nil else { return ExcelStyles() }
    let handler = StylesHandler()
    try workbook.stream(part: part, to: handler, context: "the workbook's styles (\(part))")
    return ExcelStyles(
      formats: handler.cellFormatIds.map { id in
        handler.customCodes[id].map(ExcelNumberFormat.classify(code:)) ?? ExcelNumberFormat.builtIn(id)
      })
  }
}

private final class StylesHandler: XMLEventHandler {
  var customCodes: [Int: String] = [:]
  var cellFormatIds: [Int] = []
  private var inCellXfs = false

  override func startElement(_ name: XMLName, _ attributes: XMLAttributes) {
    guard customCodes.count + cellFormatIds.count < ExcelLimits.maxListItems else {
      failure = IngestError(
        .limit, file: "", message: "more than \(ExcelLimits.maxListItems) number and cell formats",
        hint: ExcelLimits.damagedHint)
      return
    }
    if name.is("numFmt") {
      if let id = attributes.string("numFmtId").flatMap({ Int($0) }), let code = attributes.string("formatCode") {
        customCodes[id] = code
      }
    } else if name.is("cellXfs") {
      inCellXfs = true
    } else if inCellXfs && name.is("xf") {
      cellFormatIds.append(attributes.string("numFmtId").flatMap { Int($0) } ?? 0)
    }
  }

  override func endElement(_ name: XMLName) {
    if name.is("cellXfs") { inCellXfs = false }
  }
}
