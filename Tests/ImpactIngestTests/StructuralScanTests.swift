import Foundation
import ImpactCore
import Testing

@testable import ImpactIngest

/// The block-mask scanner against a byte-at-a-time reference on random
/// inputs: quoted fields with doubled quotes and line breaks, stray quotes,
/// CR, CRLF, blank lines, NUL bytes and multi-byte UTF-8, read through small
/// buffers so that records straddle blocks and refills.
@Suite struct StructuralScanTests {
  /// Every 64-byte block's masks: the SIMD kernel, the portable kernel and a
  /// plain loop agree.
  @Test func kernelsAgreeWithPlainLoop() {
    var rng = SplitMix64(seed: 18)
    let alphabet: [UInt8] = [0x61, 0x2C, 0x3B, 0x09, 0x7C, 0x22, 0x0A, 0x0D, 0x00, 0x20, 0xE4, 0x80, 0xFF, 0x7F]
    for round in 0..<2_000 {
      let block = (0..<64).map { _ in
        round % 3 == 0
          ? UInt8.random(in: 0...255, using: &rng) : alphabet[Int.random(in: 0..<alphabet.count, using: &rng)]
      }
      for delimiter: UInt8 in [0x2C, 0x3B, 0x09, 0x7C] {
        var expected = StructuralMasks(ends: 0, quotes: 0, lineFeeds: 0)
        for (k, c) in block.enumerated() {
          let bit: UInt64 = 1 << UInt64(k)
          if c == delimiter || c == 0x0A || c == 0x0D || c == 0 { expected.ends |= bit }
          if c == 0x22 { expected.quotes |= bit }
          if c == 0x0A { expected.lineFeeds |= bit }
        }
        #expect(StructuralMasks.of(block, delimiter: delimiter) == expected)
        #expect(StructuralMasks.of(block, delimiter: delimiter, portable: true) == expected)
      }
    }
  }

  @Test(arguments: 0..<40)
  func scannerMatchesReference(seed: Int) throws {
    var rng = SplitMix64(seed: UInt64(seed) &* 0x9E37_79B9_7F4A_7C15 &+ 1)
    for _ in 0..<25 {
      let delimiter: UInt8 = [0x2C, 0x3B, 0x09][Int.random(in: 0..<3, using: &rng)]
      let bytes = seed % 4 == 3 ? randomBytes(&rng, delimiter: delimiter) : randomDocument(&rng, delimiter: delimiter)
      let expected = ReferenceScan(bytes, delimiter: delimiter)
      let observed = try scan(bytes, delimiter: delimiter, bufferSize: Int.random(in: 1...300, using: &rng))
      #expect(observed == expected, "input: \(bytes)")
    }
  }

  /// A structurally plausible document: unquoted and quoted fields (with
  /// doubled quotes, delimiters and line breaks inside), records ended by LF,
  /// CRLF or CR, blank lines, and now and then a defect.
  private func randomDocument(_ rng: inout SplitMix64, delimiter: UInt8) -> [UInt8] {
    let plain: [[UInt8]] = [
      [], Array("a".utf8), Array("12.5".utf8), Array("中文".utf8), Array(" x ".utf8),
      Array("5\" screen".utf8), Array(repeating: 0x62, count: 70),
    ]
    let inside: [[UInt8]] = [
      Array("q".utf8), [0x22, 0x22], [delimiter], [0x0A], [0x0D, 0x0A], Array("数据".utf8),
      Array(repeating: 0x63, count: 40),
    ]
    var out: [UInt8] = []
    for _ in 0..<Int.random(in: 1...30, using: &rng) {
      let fields = Int.random(in: 1...6, using: &rng)
      for f in 0..<fields {
        if f > 0 { out.append(delimiter) }
        if Int.random(in: 0..<3, using: &rng) == 0 {
          out.append(0x22)
          for _ in 0..<Int.random(in: 0...4, using: &rng) {
            out += inside[Int.random(in: 0..<inside.count, using: &rng)]
          }
          out.append(0x22)
        } else {
          out += plain[Int.random(in: 0..<plain.count, using: &rng)]
        }
      }
      switch Int.random(in: 0..<40, using: &rng) {
      case 0: out.append(0x00)  // NUL
      case 1: out += [0x22, 0x78]  // a quoted field... with no closing quote (or a stray quote)
      case 2: out += [0x22, 0x79, 0x22, 0x7A]  // text after a closing quote
      case 3..<6: out.append(0x0A)  // a blank line
      default: break
      }
      switch Int.random(in: 0..<10, using: &rng) {
      case 0: out += [0x0D, 0x0A]
      case 1: out.append(0x0D)
      case 2 where Bool.random(using: &rng): break
      default: out.append(0x0A)
      }
    }
    return out
  }

  private func randomBytes(_ rng: inout SplitMix64, delimiter: UInt8) -> [UInt8] {
    let alphabet: [UInt8] = [0x61, delimiter, 0x22, 0x22, 0x0A, 0x0D, 0x20, 0xE4, 0xB8, 0xAD]
    return (0..<Int.random(in: 0...400, using: &rng)).map { _ in
      alphabet[Int.random(in: 0..<alphabet.count, using: &rng)]
    }
  }

  private func scan(_ bytes: [UInt8], delimiter: UInt8, bufferSize: Int) throws -> ReferenceScan {
    let path = temporaryFile(bytes)
    let fd = open(path, O_RDONLY)
    try #require(fd >= 0)
    defer { close(fd) }
    let scanner = CSVScanner(
      fd: fd, displayName: "t.csv", delimiter: delimiter, start: 0, stop: bytes.count, fileEnd: bytes.count,
      bufferSize: bufferSize, maxRecordBytes: 1 << 20)
    var out = ReferenceScan()
    do throws(IngestError) {
      while try scanner.nextRecord() {
        out.records.append(
          ReferenceScan.Record(
            line: scanner.recordLine, fields: (0..<scanner.fieldCount).map { Array(scanner.field($0)) },
            quoted: (0..<scanner.fieldCount).map { scanner.isQuoted($0) }))
      }
      out.blankLines = scanner.blankLines
      out.lines = scanner.linesConsumed
      out.end = scanner.endOffset
    } catch {
      out.error = "\(error.kind) \(error.line ?? -1):\(error.column ?? -1) \(error.message)"
    }
    return out
  }
}

/// RFC 4180 records of a whole input, one byte at a time: the rules the
/// scanner implements, written as plainly as possible.
struct ReferenceScan: Equatable {
  struct Record: Equatable {
    var line: Int
    var fields: [[UInt8]]
    var quoted: [Bool]
  }
  var records: [Record] = []
  var blankLines = 0
  var lines = 0
  var end = 0
  var error: String?

  init() {}

  /// Scans `b`; after an error only the records before it and the error
  /// are kept (as the scanner reports them).
  init(_ b: [UInt8], delimiter: UInt8) {
    scanAll(b, delimiter: delimiter)
    if error != nil {
      blankLines = 0
      lines = 0
      end = 0
    }
  }

  private mutating func scanAll(_ b: [UInt8], delimiter: UInt8) {
    let n = b.count
    var pos = 0
    func isEnd(_ c: UInt8) -> Bool { c == delimiter || c == 0x0A || c == 0x0D || c == 0 }
    func describe(_ c: UInt8) -> String {
      c >= 0x20 && c < 0x7F ? "'\(Character(UnicodeScalar(c)))'" : String(format: "byte 0x%02X", c)
    }
    while pos < n {
      var i = pos
      var newlines = 0
      var record = Record(line: lines, fields: [], quoted: [])
      var blank = false
      var recordEnd = n
      fields: while true {
        if i < n && b[i] == 0x22 {
          let fieldLine = newlines
          var j = i + 1
          var content: [UInt8] = []
          while true {
            while j < n && b[j] != 0x22 {
              if b[j] == 0x0A { newlines += 1 }
              content.append(b[j])
              j += 1
            }
            if j >= n {
              error =
                "structure \(lines + fieldLine):\(record.fields.count + 1) unterminated quoted field: the field opens with a quote (\") on this line and the file ends before the closing quote"
              return
            }
            if j + 1 < n && b[j + 1] == 0x22 {
              content.append(0x22)
              j += 2
              continue
            }
            break
          }
          record.fields.append(content)
          record.quoted.append(true)
          i = j + 1
          if i >= n { break fields }
          let c = b[i]
          if c == delimiter {
            i += 1
            continue
          }
          if c == 0x0A || c == 0x0D {
            newlines += 1
            recordEnd = c == 0x0D && i + 1 < n && b[i + 1] == 0x0A ? i + 2 : i + 1
            break fields
          }
          error =
            "structure \(lines + newlines):\(record.fields.count) unexpected \(describe(c)) after the closing quote of a quoted field; expected the delimiter or the end of the line"
          return
        } else {
          let start = i
          while i < n && !isEnd(b[i]) { i += 1 }
          record.fields.append(Array(b[start..<i]))
          record.quoted.append(false)
          let empty = record.fields.count == 1 && i == start
          if i >= n {
            blank = empty
            break fields
          }
          let c = b[i]
          if c == delimiter {
            i += 1
            continue
          }
          if c == 0x0A || c == 0x0D {
            newlines += 1
            blank = empty
            recordEnd = c == 0x0D && i + 1 < n && b[i + 1] == 0x0A ? i + 2 : i + 1
            break fields
          }
          error =
            "structure \(lines + newlines):\(record.fields.count) NUL byte (0x00) in the data; a text CSV never contains one"
          return
        }
      }
      lines += newlines
      pos = recordEnd
      if blank { blankLines += 1 } else { records.append(record) }
    }
    end = pos
  }
}
