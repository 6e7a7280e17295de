// The shared-string table (ECMA-376 Part 1 §18.4.8 sst): cells of type "s"
// hold an index into it. An item is plain `<si><t>…</t></si>` or rich text
// `<si><r><t>…</t></r>…</si>`, whose runs are concatenated; phonetic hints
// (`<rPh>`, furigana) are not part of the value.
//
// The table must be random-access while the sheet streams, so it is kept in
// memory — as one byte buffer plus offsets, not one String per item.

/// Shared strings as UTF-8 bytes.
struct ExcelSharedStrings {
  private(set) var bytes: [UInt8] = []
  /// Start of item k is `ends[k - 1]` (0 for k = 0).
  private(set) var ends: [Int] = []

  var count: Int { ends.count }

  /// The bytes of item `k` (`k < count`).
  @inline(__always)
  func item(_ k: Int) -> ArraySlice<UInt8> {
    bytes[(k == 0 ? 0 : ends[k - 1])..<ends[k]]
  }

  mutating func append(_ item: [UInt8]) {
    bytes.append(contentsOf: item)
    ends.append(bytes.count)
  }

  /// Reads the shared-string part of `workbook` (none: an empty table).
  /// - Parameter maxItemBytes: the largest item (the cell limit); all items
  ///   together are limited to `ExcelLimits.maxSharedStringBytes`.
  static func load(
    _ workbook: ExcelWorkbook, maxItemBytes: Int = ExcelLimits.defaultMaxCellBytes
  ) throws(IngestError) -> ExcelSharedStrings {
    guard let part = workbook.sharedStringsPart, workbook.entry(part) != nil else { return ExcelSharedStrings() }
    let handler = SharedStringsHandler(maxItemBytes: maxItemBytes)
    try workbook.stream(part: part, to: handler, context: "the workbook's shared strings (\(part))")
    return handler.table
  }
}

/// Collects `<si>` items; text counts only inside `<t>` outside `<rPh>`.
final class SharedStringsHandler: XMLEventHandler {
  var table = ExcelSharedStrings()
  let maxItemBytes: Int
  let maxTotalBytes: Int
  private var current: [UInt8] = []
  private var inText = false
  private var phonetic = 0

  init(maxItemBytes: Int, maxTotalBytes: Int = ExcelLimits.maxSharedStringBytes) {
    self.maxItemBytes = maxItemBytes
    self.maxTotalBytes = maxTotalBytes
  }

  override func startElement(_ name: XMLName, _ attributes: XMLAttributes) {
    if name.is("t") {
      inText = phonetic == 0
    } else if name.is("si") {
      current.removeAll(keepingCapacity: true)
      // Items cost their bytes plus 16 bytes of bookkeeping (offsets).
      guard table.bytes.count + 16 * (table.count + 1) <= maxTotalBytes else {
        failure = IngestError(
          .limit, file: "",
          message:
            "the shared strings exceed \(maxTotalBytes >> 20) MiB in all (impact's limit; \(table.count) items read)",
          hint: "save the sheet as CSV and read that, or check the file: it may be damaged or hostile")
        return
      }
    } else if name.is("rPh") {
      phonetic += 1
    }
  }

  override func endElement(_ name: XMLName) {
    if name.is("t") {
      inText = false
    } else if name.is("si") {
      table.append(ExcelText.decodingEscapes(current))
    } else if name.is("rPh") {
      phonetic -= 1
    }
  }

  override func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
    guard inText, !failed else { return }
    guard current.count + bytes.count <= maxItemBytes else {
      failure = IngestError(
        .limit, file: "",
        message:
          "shared string \(table.count + 1) holds more than \(maxItemBytes >> 20) MiB of text (the limit of one field, --max-field-mb)",
        hint: "raise --max-field-mb if the text is genuine, or check the file: it may be damaged or hostile")
      return
    }
    current.append(contentsOf: bytes)
  }
}

/// OOXML string escapes.
enum ExcelText {
  /// Decodes `_xHHHH_` escapes (ECMA-376 Part 1 §22.9.2.19 ST_Xstring), with
  /// which Excel writes characters XML cannot carry (`_x000D_` for a carriage
  /// return; `_x005F_` for a literal underscore before such a pattern). NUL
  /// is dropped (a CSV line cannot hold it).
  static func decodingEscapes(_ s: [UInt8]) -> [UInt8] {
    guard s.count >= 7, s.contains(0x5F) else { return s }
    var out: [UInt8] = []
    out.reserveCapacity(s.count)
    var i = 0
    while i < s.count {
      if s[i] == 0x5F, i + 6 < s.count, s[i + 1] == 0x78, s[i + 6] == 0x5F,
        let v = hex(s[(i + 2)..<(i + 6)])
      {
        if v != 0, let scalar = Unicode.Scalar(v) { out.append(contentsOf: Array(String(Character(scalar)).utf8)) }
        i += 7
        continue
      }
      out.append(s[i])
      i += 1
    }
    return out
  }

  private static func hex(_ digits: ArraySlice<UInt8>) -> UInt32? {
    var v: UInt32 = 0
    for d in digits {
      let n: UInt8
      switch d {
      case 0x30...0x39: n = d - 0x30
      case 0x41...0x46: n = d - 0x41 + 10
      case 0x61...0x66: n = d - 0x61 + 10
      default: return nil
      }
      v = v << 4 | UInt32(n)
    }
    return v
  }
}
