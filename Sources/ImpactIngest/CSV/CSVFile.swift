// Opening a CSV file: encoding, delimiter, header, and parallel chunked scans.
//
// Chunk boundaries are found speculatively and verified (the approach of
// Ge et al., "Speculative distributed CSV data parsing for big data
// analytics", SIGMOD 2019): chunk i starts after the first line break at or
// after its target offset; chunk i−1 parses on past that offset to the end of
// its last record, which is the true boundary. When the two disagree (a quoted
// field contains a line break at the split point) chunk i is parsed again from
// the true boundary. Results are therefore always those of one sequential pass.
import Dispatch
import Foundation
import Synchronization

/// Options for reading CSV files.
public struct CSVOptions: Sendable, Equatable {
  /// Field delimiter; `nil` detects `,` `;` tab or `|` from the first lines.
  public var delimiter: UInt8?
  /// Force an encoding instead of detecting it.
  public var encoding: TextEncoding?
  /// Worker threads for chunked parsing (default: active processors).
  public var parallelism: Int
  /// Largest record accepted (bytes); protects memory on broken files.
  public var maxRecordBytes: Int
  /// Read-buffer size per worker.
  public var bufferSize: Int
  /// Files smaller than this are read by one worker.
  public var minimumChunkBytes: Int
  /// The sheet to read from an Excel workbook: a name, or a 1-based index
  /// (`nil`: the first sheet). Ignored for text files.
  public var sheet: String?
  /// 1-based row holding the column names (`--header-row`); rows above it are
  /// skipped. `nil`: the first row with content.
  public var headerRow: Int?
  /// 1-based row of the first data record (`--first-data-row`); rows between
  /// the header and it are skipped. `nil`: the row after the header, and
  /// data whose first rows look like more header rows stop with an error.
  public var firstDataRow: Int?
  /// Widest header accepted (`--max-columns`); wider files stop before any
  /// per-column state is allocated (``ColumnLimit``).
  public var maxColumns: Int = ColumnLimit.defaultMaxColumns
  /// The decimal mark of numbers (`--decimal`); `nil` detects a decimal
  /// comma in `;`- and tab-delimited files (``DecimalMark/detect(_:delimiter:)``).
  public var decimalMark: DecimalMark?

  public init(
    delimiter: UInt8? = nil, encoding: TextEncoding? = nil,
    parallelism: Int? = nil,
    maxRecordBytes: Int = 64 << 20, bufferSize: Int = 4 << 20, minimumChunkBytes: Int = 4 << 20,
    sheet: String? = nil
  ) {
    self.sheet = sheet
    self.delimiter = delimiter
    self.encoding = encoding
    self.parallelism = max(1, parallelism ?? ProcessInfo.processInfo.activeProcessorCount)
    self.maxRecordBytes = maxRecordBytes
    self.bufferSize = bufferSize
    self.minimumChunkBytes = minimumChunkBytes
  }
}

/// Where a chunk's records are in the file.
public struct ChunkInfo: Sendable, Equatable {
  /// Chunk number, in file order.
  public var index: Int
  /// Number of chunks.
  public var count: Int
}

/// One chunk's result after a parallel scan.
public struct ScannedChunk<State: Sendable>: Sendable {
  /// Whatever the body accumulated.
  public var state: State
  /// 1-based line number of the chunk's first byte: add a scanner's
  /// `recordLine` to get a record's line in the file.
  public var lineBase: Int
  /// Blank lines skipped in this chunk.
  public var blankLines: Int
}

/// An open CSV file with its detected encoding, delimiter and header.
public final class CSVFile: Sendable {
  /// The path as the user gave it (used in messages).
  public let path: String
  /// The encoding of the original file.
  public let encoding: TextEncoding
  /// The field delimiter.
  public let delimiter: UInt8
  /// Header names, in order (surrounding spaces trimmed).
  public let header: [String]
  /// Byte offset of the first data record in the (UTF-8) data.
  public let dataStart: Int
  /// 1-based line number of the first data record.
  public let dataStartLine: Int
  /// 1-based line number of the header record (for messages about columns).
  public let headerLine: Int
  /// Size in bytes of the data read (after transcoding, if any).
  public let size: Int
  /// Size in bytes of the original file.
  public let originalSize: Int
  /// For an Excel workbook: the sheet read (the data is its CSV copy, one
  /// line per sheet row; see Excel/WorkbookSheetCopy.swift).
  public let workbookSheet: WorkbookSheet?
  /// 1-based row of the header and of the first data record (sheet rows for
  /// a workbook).
  public let headerRow: Int
  public let firstDataRow: Int
  /// Records between the header and the first data row that were skipped.
  public let skippedHeaderRecords: Int
  /// 0-based index of an unnamed first column (the row names or index that R
  /// `write.csv` and pandas `to_csv` write); never an indicator.
  public let rowNameColumn: Int?
  /// The decimal mark numbers are read with, and how it was chosen.
  public let decimalMark: DecimalMark
  public let decimalMarkSource: DecimalMark.Source
  let options: CSVOptions
  private let fd: Int32
  private let temporaryPath: String?

  /// Opens `path`, detects encoding and delimiter, and reads the header row.
  ///
  /// - Throws: `IngestError` when the file cannot be read, is empty, has no
  ///   header, has duplicate or empty column names, or is not decodable text.
  public init(path: String, options: CSVOptions = CSVOptions()) throws(IngestError) {
    self.path = path
    self.options = options
    let originalFD = open(path, O_RDONLY | O_CLOEXEC)
    guard originalFD >= 0 else {
      let reason = String(cString: strerror(errno))
      throw IngestError(
        .io, file: path, message: "cannot open the file: \(reason)",
        hint: "check the path and the file's permissions")
    }
    var st = stat()
    guard fstat(originalFD, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else {
      close(originalFD)
      throw IngestError(
        .io, file: path, message: "not a regular file",
        hint: "pass the path of a CSV file (not a directory or a pipe)")
    }
    originalSize = Int(st.st_size)
    guard originalSize > 0 else {
      close(originalFD)
      throw IngestError(
        .header, file: path, line: 1, message: "the file is empty; expected a header row and data rows",
        hint: "export the data again; an empty file usually means the export failed")
    }
    var head = readHead(fd: originalFD, count: min(originalSize, 1 << 16))
    // Excel workbooks (found by their bytes, not their name) are read through
    // a temporary CSV copy of the chosen sheet; everything below reads it.
    var sheetCopy: (fd: Int32, sheet: WorkbookSheet)?
    if let signature = SpreadsheetSignature.detect(head: head, path: path) {
      defer { close(originalFD) }
      sheetCopy = try WorkbookSheetCopy.make(
        path: path, signature: signature, fd: originalFD, size: originalSize, sheet: options.sheet,
        maxCellBytes: options.maxRecordBytes)
      head = []
    }
    workbookSheet = sheetCopy?.sheet
    let detected: DetectedEncoding
    do throws(IngestError) {
      detected =
        sheetCopy != nil
        ? DetectedEncoding(encoding: .utf8, bomLength: 0)
        : try EncodingDetector.detect(head: head, fileSize: originalSize, forced: options.encoding, file: path)
    } catch {
      close(originalFD)
      throw error
    }
    encoding = detected.encoding
    var fd = sheetCopy?.fd ?? originalFD
    var bomLength = detected.bomLength
    var tmp: String?
    if sheetCopy == nil && detected.encoding.needsTranscoding {
      do throws(IngestError) {
        let t = try Transcoder.transcodeToTemporaryUTF8(
          fd: originalFD, size: originalSize, skip: detected.bomLength, from: detected.encoding, file: path)
        close(originalFD)
        fd = open(t, O_RDONLY | O_CLOEXEC)
        unlink(t)  // the open descriptor keeps the data; nothing is left behind
        tmp = nil
        bomLength = 0
        guard fd >= 0 else {
          throw IngestError(
            .io, file: path, message: "cannot reopen the transcoded copy",
            hint: "check that the temporary directory (TMPDIR) is writable")
        }
      } catch {
        close(originalFD)
        throw error
      }
    }
    self.fd = fd
    temporaryPath = tmp
    var st2 = stat()
    fstat(fd, &st2)
    size = Int(st2.st_size)

    let utf8Head = detected.encoding.needsTranscoding ? readHead(fd: fd, count: min(size, 1 << 16)) : head
    let sniffed =
      sheetCopy != nil ? 0x2C : options.delimiter ?? DelimiterSniffer.sniff(Array(utf8Head.dropFirst(bomLength)))
    delimiter = sniffed

    // Header and data start (HeaderLocator). In a sheet copy, errors name
    // the sheet, row and cell.
    func located(_ e: IngestError) -> IngestError { sheetCopy?.sheet.locate(e) ?? e }
    let scanner = CSVScanner(
      fd: fd, displayName: path, delimiter: sniffed, start: bomLength, stop: size, fileEnd: size,
      bufferSize: min(options.bufferSize, 1 << 20), maxRecordBytes: options.maxRecordBytes)
    let rowMap = sheetCopy?.sheet.rows
    let location: LocatedHeader
    do throws(IngestError) {
      location = try HeaderLocator.locate(
        scanner: scanner, path: path, options: options, row: { line in rowMap?.row(forLine: line) ?? line })
    } catch {
      close(fd)
      throw located(error)
    }
    header = location.names
    headerRow = location.headerRow
    firstDataRow = location.firstDataRow
    skippedHeaderRecords = location.skippedRecords
    rowNameColumn = location.rowNameColumn
    dataStart = location.dataStart
    dataStartLine = location.dataStartLine
    headerLine = location.headerLine
    if let mark = options.decimalMark {
      decimalMark = mark
      decimalMarkSource = .option
    } else if sniffed != ASCII.comma,
      let mark = DecimalMark.detect(
        Self.sampleRecords(fd: fd, path: path, delimiter: sniffed, start: dataStart, size: size, count: 1000),
        delimiter: sniffed)
    {
      decimalMark = mark
      decimalMarkSource = .detected
    } else {
      decimalMark = .point
      decimalMarkSource = .default
    }
  }

  /// The first `count` records from `start` as strings; structure errors
  /// end the sample (the full read reports them with their lines).
  private static func sampleRecords(fd: Int32, path: String, delimiter: UInt8, start: Int, size: Int, count: Int)
    -> [[String]]
  {
    let scanner = CSVScanner(
      fd: fd, displayName: path, delimiter: delimiter, start: start, stop: size, fileEnd: size,
      bufferSize: 1 << 16, maxRecordBytes: 64 << 20)
    var rows: [[String]] = []
    while rows.count < count, (try? scanner.nextRecord()) == true {
      rows.append((0..<scanner.fieldCount).map { String(decoding: scanner.field($0), as: UTF8.self) })
    }
    return rows
  }

  /// A number parser for this file's numbers (its decimal mark) with
  /// `missing` tokens and codes.
  public func numberParser(missing: MissingTokens = MissingTokens()) -> NumberParser {
    NumberParser(missing: missing, decimalMark: decimalMark)
  }

  /// What was detected or chosen about the file's layout, as short phrases
  /// for stderr and `meta` (empty when everything is the default).
  public var layoutNotes: [String] {
    var notes: [String] = []
    if headerRow != 1 { notes.append("header in row \(headerRow)") }
    if skippedHeaderRecords > 0 || firstDataRow != headerRow + 1 {
      notes.append("data from row \(firstDataRow) (\(skippedHeaderRecords) row(s) after the header skipped)")
    }
    if rowNameColumn != nil { notes.append("unnamed first column read as row names (never an indicator)") }
    switch decimalMarkSource {
    case .detected: notes.append("decimal comma detected (numbers like 4,5); pass --decimal . if that is wrong")
    case .option where decimalMark == .comma: notes.append("decimal comma (--decimal ,)")
    default: break
    }
    return notes
  }

  deinit {
    close(fd)
    if let temporaryPath { unlink(temporaryPath) }
  }

  /// `error` located in the workbook's sheet (row, cell) for a sheet copy;
  /// unchanged for a CSV file.
  public func located(_ error: IngestError) -> IngestError {
    workbookSheet?.locate(error) ?? error
  }

  /// Index of the column called `name`, or `nil`.
  public func columnIndex(_ name: String) -> Int? { header.firstIndex(of: name) }

  /// A scanner over `[start, stop)` of the data (records starting before `stop`).
  public func makeScanner(start: Int, stop: Int) -> CSVScanner {
    CSVScanner(
      fd: fd, displayName: path, delimiter: delimiter, start: start, stop: stop, fileEnd: size,
      bufferSize: options.bufferSize, maxRecordBytes: options.maxRecordBytes)
  }

  /// The first `maxRecords` data records as strings (for sniffing column
  /// types); structure errors are reported as in a full read.
  public func sample(maxRecords: Int) throws(IngestError) -> [[String]] {
    let scanner = makeScanner(start: dataStart, stop: size)
    var rows: [[String]] = []
    do throws(IngestError) {
      while rows.count < maxRecords, try scanner.nextRecord() {
        rows.append((0..<scanner.fieldCount).map { String(decoding: scanner.field($0), as: UTF8.self) })
      }
    } catch {
      throw located(error.shiftingLine(by: dataStartLine))
    }
    return rows
  }

  /// Planned chunk start offsets (first is `dataStart`).
  func planChunks(parallelism: Int? = nil) -> [Int] {
    let bytes = size - dataStart
    let n = min(parallelism ?? options.parallelism, max(1, bytes / max(options.minimumChunkBytes, 1)))
    guard n > 1 else { return [dataStart] }
    return (0..<n).map { dataStart + bytes * $0 / n }
  }

  /// The first record boundary at or after `offset`, assuming `offset` is
  /// outside quotes: just past the first line feed at or after `offset − 1`.
  func speculativeBoundary(after offset: Int) -> Int {
    var pos = offset - 1
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while pos < size {
      let n = chunk.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(pos)) }
      if n <= 0 { return size }
      if let i = chunk[0..<n].firstIndex(of: ASCII.lf) { return pos + (i - 0) + 1 }
      pos += n
    }
    return size
  }

  /// Scans all data records, in parallel chunks, and returns each chunk's
  /// state in file order.
  ///
  /// `body` is called once per chunk with a fresh state and a scanner
  /// positioned at the chunk's first record; it loops over
  /// `scanner.nextRecord()`. Lines it records are relative
  /// (`scanner.recordLine`): add the chunk's `lineBase`. Errors it throws are
  /// shifted to absolute lines before they reach the caller.
  ///
  /// - Complexity: one pass over the data (plus a re-parse of a chunk in the
  ///   rare case of a quoted line break exactly at a split point).
  public func scan<State: Sendable>(
    parallelism: Int? = nil,
    initial: @Sendable (ChunkInfo) -> State,
    body: @Sendable (inout State, CSVScanner) throws(IngestError) -> Void
  ) throws(IngestError) -> [ScannedChunk<State>] {
    let targets = planChunks(parallelism: parallelism)
    let n = targets.count
    var starts = targets
    for i in 1..<max(n, 1) { starts[i] = max(speculativeBoundary(after: targets[i]), starts[i - 1]) }
    let stops = (0..<n).map { $0 + 1 < n ? targets[$0 + 1] : size }

    typealias Outcome = ChunkOutcome<State>
    @Sendable func run(_ i: Int, _ start: Int) -> Outcome {
      let scanner = makeScanner(start: start, stop: max(stops[i], start))
      var state = initial(ChunkInfo(index: i, count: n))
      do throws(IngestError) {
        try body(&state, scanner)
        // Drain: the body may stop early; the boundary needs the true end.
        while try scanner.nextRecord() {}
        return Outcome(
          start: start,
          result: .success(
            ChunkRun(state: state, end: scanner.endOffset, lines: scanner.linesConsumed, blank: scanner.blankLines)))
      } catch {
        return Outcome(start: start, result: .failure(error))
      }
    }
    let outcomes = Mutex<[Outcome?]>(Array(repeating: nil, count: n))
    let startsCopy = starts
    if n == 1 {
      let o = run(0, startsCopy[0])
      outcomes.withLock { $0[0] = o }
    } else {
      DispatchQueue.concurrentPerform(iterations: n) { i in
        let o = run(i, startsCopy[i])
        outcomes.withLock { $0[i] = o }
      }
    }
    var results = outcomes.withLock { $0 }
    var chunks: [ScannedChunk<State>] = []
    var expectedStart = dataStart
    var lineBase = dataStartLine
    for i in 0..<n {
      guard var outcome = results[i] else { continue }
      if outcome.start != expectedStart {
        outcome = run(i, expectedStart)
        results[i] = outcome
      }
      switch outcome.result {
      case .failure(let e):
        var shifted = e.shiftingLine(by: lineBase)
        if let c = shifted.column, shifted.columnName == nil, c >= 1, c <= header.count {
          shifted.columnName = header[c - 1]
        }
        throw located(shifted)
      case .success(let r):
        chunks.append(ScannedChunk(state: r.state, lineBase: lineBase, blankLines: r.blank))
        expectedStart = max(r.end, expectedStart)
        lineBase += r.lines
      }
    }
    return chunks
  }
}

struct ChunkOutcome<State: Sendable>: Sendable {
  var start: Int
  var result: Result<ChunkRun<State>, IngestError>
}

struct ChunkRun<State: Sendable>: Sendable {
  var state: State
  var end: Int
  var lines: Int
  var blank: Int
}

/// Reads up to `count` bytes from the start of the file.
func readHead(fd: Int32, count: Int) -> [UInt8] {
  var head = [UInt8](repeating: 0, count: count)
  var got = 0
  head.withUnsafeMutableBytes { p in
    guard let base = p.baseAddress else { return }
    while got < count {
      let r = pread(fd, base + got, count - got, off_t(got))
      if r <= 0 { break }
      got += r
    }
  }
  return Array(head[0..<got])
}
