// Encoding detection: byte-order marks first, then strict UTF-8 validation of
// the file's first 64 KiB, then GB18030. UTF-8 is always tried first: valid
// UTF-8 decoded as GB18030 silently produces mojibake.

struct DetectedEncoding: Sendable, Equatable {
  var encoding: TextEncoding
  var bomLength: Int
}

enum EncodingDetector {
  static func detect(head: [UInt8], fileSize: Int, forced: TextEncoding?, file: String) throws(IngestError)
    -> DetectedEncoding
  {
    let bom = byteOrderMark(head)
    if let forced {
      switch forced {
      case .utf8, .utf8WithBOM:
        return DetectedEncoding(
          encoding: bom?.encoding == .utf8WithBOM ? .utf8WithBOM : .utf8,
          bomLength: bom?.encoding == .utf8WithBOM ? 3 : 0)
      case .utf16LE, .utf16BE:
        return DetectedEncoding(encoding: forced, bomLength: bom?.encoding == forced ? 2 : 0)
      case .gb18030:
        return DetectedEncoding(encoding: .gb18030, bomLength: 0)
      }
    }
    if let bom { return bom }
    if let utf16 = utf16WithoutBOM(head) { return DetectedEncoding(encoding: utf16, bomLength: 0) }
    let truncated = head.count < fileSize
    if isValidUTF8(head, allowTruncatedTail: truncated) {
      return DetectedEncoding(encoding: .utf8, bomLength: 0)
    }
    if Transcoder.decodes(head, as: .gb18030, allowTruncatedTail: truncated) {
      return DetectedEncoding(encoding: .gb18030, bomLength: 0)
    }
    let offset = firstInvalidUTF8Offset(head) ?? 0
    let line = 1 + head[0..<offset].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
    throw IngestError(
      .encoding, file: file, line: line,
      message: String(format: "byte 0x%02X is neither UTF-8 nor GB18030 text", head[offset]),
      hint: "re-save the file as UTF-8 CSV, or name its encoding with --encoding (utf-8, utf-16le, utf-16be, gb18030)")
  }

  static func byteOrderMark(_ b: [UInt8]) -> DetectedEncoding? {
    if b.count >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF {
      return DetectedEncoding(encoding: .utf8WithBOM, bomLength: 3)
    }
    if b.count >= 2 && b[0] == 0xFF && b[1] == 0xFE { return DetectedEncoding(encoding: .utf16LE, bomLength: 2) }
    if b.count >= 2 && b[0] == 0xFE && b[1] == 0xFF { return DetectedEncoding(encoding: .utf16BE, bomLength: 2) }
    return nil
  }

  /// UTF-16 without a BOM: ASCII-heavy text has a zero in every other byte.
  static func utf16WithoutBOM(_ b: [UInt8]) -> TextEncoding? {
    guard b.count >= 8 else { return nil }
    var evenZeros = 0
    var oddZeros = 0
    for (i, c) in b.enumerated() where c == 0 {
      if i & 1 == 0 { evenZeros += 1 } else { oddZeros += 1 }
    }
    let half = b.count / 2
    if oddZeros * 10 >= half * 3 && evenZeros * 20 < half { return .utf16LE }
    if evenZeros * 10 >= half * 3 && oddZeros * 20 < half { return .utf16BE }
    return nil
  }

  /// Strict UTF-8 validation (no overlongs, no surrogates, ≤ U+10FFFF).
  static func isValidUTF8(_ b: [UInt8], allowTruncatedTail: Bool) -> Bool {
    guard let bad = firstInvalidUTF8Offset(b) else { return true }
    // A multi-byte sequence cut by the 64 KiB sample window is fine.
    return allowTruncatedTail && b.count - bad < 4 && b[bad] >= 0xC2
  }

  static func firstInvalidUTF8Offset(_ b: [UInt8]) -> Int? {
    b.withUnsafeBufferPointer { ImpactIngest.firstInvalidUTF8Offset($0) }
  }
}
