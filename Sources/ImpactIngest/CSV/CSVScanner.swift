// The CSV hot loop: RFC 4180 records straight from bytes.
//
// RFC 4180 ("Common Format and MIME Type for CSV Files", 2005): fields are
// separated by a delimiter, records by CRLF (LF and lone CR accepted too); a
// field may be enclosed in double quotes, inside which delimiters and line
// breaks are literal and a quote is written as two quotes.
//
// One scanner reads one byte range of a file through a reusable buffer with
// pread(2); it never holds the file as one String and never allocates per
// field. Field bytes are handed out as pointers into the buffer, valid until
// the next call to `nextRecord()`. Field ends and quotes are found from the
// bitmasks of 64-byte blocks (StructuralMasks.swift), not byte by byte; the
// buffer carries one block of zeroed padding so that every block starting
// inside the data can be loaded whole. All Unsafe*Pointer code of the reader
// is in this file and StructuralMasks.swift.
import Foundation

/// Reads the records of one byte range of a CSV file.
///
/// ```swift
/// let scanner = try file.makeScanner(range: file.dataStart..<file.size)
/// while try scanner.nextRecord() {
///   let id = scanner.field(0)          // UnsafeBufferPointer<UInt8>
///   let n = scanner.fieldCount
/// }
/// ```
/// A record belongs to the range when its first byte is before the range's
/// end; the last record may run past it.
public final class CSVScanner {
  private let fd: Int32
  private let displayName: String
  private let classes: [UInt8]
  private let delimiter: UInt8
  private let maxRecordBytes: Int
  private let fileEnd: Int
  private let stopOffset: Int

  private var buffer: UnsafeMutablePointer<UInt8>
  private var capacity: Int
  private var bufferOffset: Int
  private var length = 0
  private var pos = 0

  /// The structural masks of the 64-byte block at `maskBase` of the buffer
  /// (−1: none cached); valid until the buffer's contents move.
  private var maskBase = -1
  private var masks = StructuralMasks(ends: 0, quotes: 0, lineFeeds: 0)

  private var starts: UnsafeMutablePointer<Int>
  private var ends: UnsafeMutablePointer<Int>
  private var flags: UnsafeMutablePointer<UInt8>
  private var fieldCapacity = 64

  /// Number of fields in the current record.
  public private(set) var fieldCount = 0
  /// 0-based line of the current record's first byte, relative to the start
  /// of the range.
  public private(set) var recordLine = 0
  /// File offset of the current record's first byte.
  public private(set) var recordOffset = 0
  /// Newlines consumed so far (relative line of the next record).
  public private(set) var linesConsumed = 0
  /// Blank lines skipped so far.
  public private(set) var blankLines = 0
  /// Bytes from the range's start to its stop offset (for size estimates).
  public var rangeBytes: Int { max(0, stopOffset - startOffset) }
  private let startOffset: Int

  /// File offset just past the last record read (the range's true end once
  /// `nextRecord()` has returned `false`).
  public var endOffset: Int { bufferOffset + pos }

  init(
    fd: Int32, displayName: String, delimiter: UInt8, start: Int, stop: Int, fileEnd: Int,
    bufferSize: Int, maxRecordBytes: Int
  ) {
    self.fd = fd
    self.displayName = displayName
    self.delimiter = delimiter
    self.classes = ByteClassTable(delimiter: delimiter).classes
    self.maxRecordBytes = maxRecordBytes
    self.fileEnd = fileEnd
    self.stopOffset = stop
    self.startOffset = start
    self.bufferOffset = start
    self.capacity = max(64, min(bufferSize, max(fileEnd - start, 0) + 1))
    buffer = Self.allocateBuffer(capacity)
    starts = .allocate(capacity: fieldCapacity)
    ends = .allocate(capacity: fieldCapacity)
    flags = .allocate(capacity: fieldCapacity)
  }

  deinit {
    UnsafeMutableRawPointer(buffer).deallocate()
    starts.deallocate()
    ends.deallocate()
    flags.deallocate()
  }

  /// A read buffer of `capacity` bytes plus one block of zeroed padding,
  /// aligned to 64 bytes, so that every block that starts inside the data
  /// can be loaded whole.
  private static func allocateBuffer(_ capacity: Int) -> UnsafeMutablePointer<UInt8> {
    let raw = UnsafeMutableRawPointer.allocate(byteCount: capacity + 64, alignment: 64)
    return raw.initializeMemory(as: UInt8.self, repeating: 0, count: capacity + 64)
  }

  // MARK: - Structural bytes

  /// The masks of the block at `base` (a multiple of 64 below `length`),
  /// bits past `length` cleared.
  @inline(__always)
  private func block(_ base: Int) -> StructuralMasks {
    if base != maskBase {
      masks = StructuralMasks(block: buffer + base, delimiter: delimiter)
      masks.truncate(to: length - base)
      maskBase = base
    }
    return masks
  }

  /// The first byte at or after `i` that ends an unquoted field (delimiter,
  /// LF, CR or NUL), or `length`.
  @inline(__always)
  private func nextEnd(from i: Int) -> Int {
    guard i < length else { return length }
    var base = i & ~63
    var m = block(base).ends & (~0 << UInt64(i & 63))
    while m == 0 {
      base += 64
      if base >= length { return length }
      m = block(base).ends
    }
    return base + m.trailingZeroBitCount
  }

  /// The first quote at or after `i`, or `length`; adds the line feeds
  /// before it to `newlines`.
  @inline(__always)
  private func nextQuote(from i: Int, newlines: inout Int) -> Int {
    guard i < length else { return length }
    var base = i & ~63
    let from: UInt64 = ~0 << UInt64(i & 63)
    var b = block(base)
    var q = b.quotes & from
    var lf = b.lineFeeds & from
    while q == 0 {
      newlines += lf.nonzeroBitCount
      base += 64
      if base >= length { return length }
      b = block(base)
      q = b.quotes
      lf = b.lineFeeds
    }
    let k = q.trailingZeroBitCount
    newlines += (lf & ((1 << UInt64(k)) &- 1)).nonzeroBitCount
    return base + k
  }

  // MARK: - Fields of the current record

  /// The bytes of field `k` (0-based, `k < fieldCount`), quotes removed and
  /// doubled quotes collapsed. Valid until the next `nextRecord()`.
  @inline(__always)
  public func field(_ k: Int) -> UnsafeBufferPointer<UInt8> {
    if flags[k] & 2 != 0 { unescape(k) }
    return UnsafeBufferPointer(start: buffer + starts[k], count: ends[k] - starts[k])
  }

  /// Whether field `k` was enclosed in quotes.
  public func isQuoted(_ k: Int) -> Bool { flags[k] & 1 != 0 }

  /// Field `k` decoded as UTF-8, or `nil` when its bytes are not valid UTF-8.
  public func fieldString(_ k: Int) -> String? {
    String(validating: field(k), as: UTF8.self)
  }

  private func unescape(_ k: Int) {
    var r = starts[k]
    var w = r
    let e = ends[k]
    while r < e {
      let c = buffer[r]
      buffer[w] = c
      w += 1
      r += (c == ASCII.quote && r + 1 < e && buffer[r + 1] == ASCII.quote) ? 2 : 1
    }
    ends[k] = w
    flags[k] &= ~2
  }

  // MARK: - Records

  private enum Step {
    case record(end: Int, newlines: Int, blank: Bool)
    case needMore
  }

  /// Advances to the next record of the range.
  /// - Returns: `false` at the end of the range.
  /// - Throws: `IngestError` (`.structure`, `.limit`, `.io`) with a line
  ///   relative to the range start (the caller shifts it).
  public func nextRecord() throws(IngestError) -> Bool {
    while true {
      let startOffset = bufferOffset + pos
      if startOffset >= stopOffset || startOffset >= fileEnd { return false }
      if pos >= length {
        try refill()
        continue
      }
      switch try parseRecord() {
      case .record(let end, let newlines, let blank):
        if end - pos > maxRecordBytes {
          throw IngestError(
            .limit, file: displayName, line: linesConsumed,
            message: "a single record is longer than \(maxRecordBytes >> 20) MiB",
            hint:
              "check for an unterminated quote that swallows the rest of the file, or raise the limit with --max-field-mb"
          )
        }
        recordOffset = startOffset
        recordLine = linesConsumed
        linesConsumed += newlines
        pos = end
        if blank {
          blankLines += 1
          continue
        }
        return true
      case .needMore:
        try refill()
      }
    }
  }

  private func ensureFieldCapacity(_ n: Int) {
    guard n > fieldCapacity else { return }
    let newCap = max(n, fieldCapacity * 2)
    let s = UnsafeMutablePointer<Int>.allocate(capacity: newCap)
    let e = UnsafeMutablePointer<Int>.allocate(capacity: newCap)
    let f = UnsafeMutablePointer<UInt8>.allocate(capacity: newCap)
    s.update(from: starts, count: fieldCapacity)
    e.update(from: ends, count: fieldCapacity)
    f.update(from: flags, count: fieldCapacity)
    starts.deallocate()
    ends.deallocate()
    flags.deallocate()
    starts = s
    ends = e
    flags = f
    fieldCapacity = newCap
  }

  /// Parses one record starting at `pos`. Returns `.needMore` when the
  /// buffer ends before the record does and more of the file is unread.
  @inline(__always)
  private func parseRecord() throws(IngestError) -> Step {
    let buf = buffer
    let end = length
    let atEOF = bufferOffset + length >= fileEnd
    let delim = delimiter
    var i = pos
    var nf = 0
    var newlines = 0
    return try classes.withUnsafeBufferPointer { (cls) throws(IngestError) -> Step in
      while true {
        if nf == fieldCapacity { ensureFieldCapacity(nf + 1) }
        if i < end && buf[i] == ASCII.quote {
          // Quoted field.
          let fieldLine = newlines
          let fstart = i + 1
          var j = fstart
          var doubled = false
          while true {
            j = nextQuote(from: j, newlines: &newlines)
            if j >= end {
              if atEOF {
                throw IngestError(
                  .structure, file: displayName, line: linesConsumed + fieldLine, column: nf + 1,
                  message:
                    "unterminated quoted field: the field opens with a quote (\") on this line and the file ends before the closing quote",
                  hint:
                    "close the quote, or write a literal quote inside a quoted field as two quotes (\"\"); if the file was cut off, export it again"
                )
              }
              return .needMore
            }
            if j + 1 < end {
              if buf[j + 1] == ASCII.quote {
                doubled = true
                j += 2
                continue
              }
            } else if !atEOF {
              return .needMore
            }
            break
          }
          starts[nf] = fstart
          ends[nf] = j
          flags[nf] = doubled ? 3 : 1
          nf += 1
          i = j + 1
          if i >= end {
            if atEOF { fieldCount = nf; return .record(end: i, newlines: newlines, blank: false) }
            return .needMore
          }
          let c = buf[i]
          if c == delim {
            i += 1
            continue
          }
          if c == ASCII.lf {
            fieldCount = nf
            return .record(end: i + 1, newlines: newlines + 1, blank: false)
          }
          if c == ASCII.cr {
            if i + 1 < end {
              fieldCount = nf
              if buf[i + 1] == ASCII.lf { return .record(end: i + 2, newlines: newlines + 1, blank: false) }
              return .record(end: i + 1, newlines: newlines + 1, blank: false)
            }
            if !atEOF { return .needMore }
            fieldCount = nf
            return .record(end: i + 1, newlines: newlines + 1, blank: false)
          }
          let shown = c >= 0x20 && c < 0x7F ? "'\(Character(UnicodeScalar(c)))'" : String(format: "byte 0x%02X", c)
          throw IngestError(
            .structure, file: displayName, line: linesConsumed + newlines, column: nf,
            message:
              "unexpected \(shown) after the closing quote of a quoted field; expected the delimiter or the end of the line",
            hint: "quote the whole field and double any quote inside it (\"a \"\"b\"\" c\"), or remove the stray quote")
        } else {
          // Unquoted field: stop at delimiter, LF, CR or NUL.
          let fstart = i
          i = nextEnd(from: i)
          starts[nf] = fstart
          ends[nf] = i
          flags[nf] = 0
          nf += 1
          if i >= end {
            if atEOF {
              fieldCount = nf
              return .record(end: i, newlines: newlines, blank: nf == 1 && i == fstart)
            }
            return .needMore
          }
          switch cls[Int(buf[i])] {
          case ByteClassTable.delimiter:
            i += 1
            continue
          case ByteClassTable.lineFeed:
            fieldCount = nf
            return .record(end: i + 1, newlines: newlines + 1, blank: nf == 1 && i == fstart)
          case ByteClassTable.carriageReturn:
            let blank = nf == 1 && i == fstart
            if i + 1 < end {
              fieldCount = nf
              if buf[i + 1] == ASCII.lf { return .record(end: i + 2, newlines: newlines + 1, blank: blank) }
              return .record(end: i + 1, newlines: newlines + 1, blank: blank)
            }
            if !atEOF { return .needMore }
            fieldCount = nf
            return .record(end: i + 1, newlines: newlines + 1, blank: blank)
          default:
            throw IngestError(
              .structure, file: displayName, line: linesConsumed + newlines, column: nf,
              message: "NUL byte (0x00) in the data; a text CSV never contains one",
              hint:
                "the file is binary, truncated by a crash, or UTF-16 without a byte-order mark: re-export it as UTF-8 CSV"
            )
          }
        }
      }
    }
  }

  /// Moves the unread tail to the front of the buffer and reads more.
  private func refill() throws(IngestError) {
    if pos > 0 {
      let keep = length - pos
      if keep > 0 { (buffer).update(from: buffer + pos, count: keep) }
      bufferOffset += pos
      length = keep
      pos = 0
    } else if length == capacity {
      // One record fills the whole buffer: grow, within the limit.
      guard capacity < maxRecordBytes else {
        throw IngestError(
          .limit, file: displayName, line: linesConsumed,
          message: "a single record is longer than \(maxRecordBytes >> 20) MiB",
          hint:
            "check for an unterminated quote that swallows the rest of the file, or raise the limit with --max-field-mb"
        )
      }
      let newCap = min(capacity * 2, maxRecordBytes)
      let nb = Self.allocateBuffer(newCap)
      nb.update(from: buffer, count: length)
      UnsafeMutableRawPointer(buffer).deallocate()
      buffer = nb
      capacity = newCap
    }
    maskBase = -1
    let want = min(capacity - length, fileEnd - (bufferOffset + length))
    guard want > 0 else { return }
    var got = 0
    while got < want {
      let r = pread(fd, buffer + length + got, want - got, off_t(bufferOffset + length + got))
      if r < 0 {
        if errno == EINTR { continue }
        throw IngestError(
          .io, file: displayName,
          message: "read failed: \(String(cString: strerror(errno)))",
          hint: "check that the file is readable and the disk is healthy")
      }
      if r == 0 { break }
      got += r
    }
    if got < want {
      throw IngestError(
        .io, file: displayName,
        message: "the file shrank while it was being read (expected \(fileEnd) bytes)",
        hint: "do not modify the file while impact reads it")
    }
    length += got
  }
}
