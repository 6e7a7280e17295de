// Transcoding to UTF-8 with glibc iconv(3), streamed in 1 MiB blocks so a
// multi-gigabyte GB18030 export never has to fit in memory.
import Foundation

enum Transcoder {
  /// Whether `bytes` decode cleanly in `encoding` (a cut sequence at the end
  /// is allowed when `allowTruncatedTail`).
  static func decodes(_ bytes: [UInt8], as encoding: TextEncoding, allowTruncatedTail: Bool) -> Bool {
    guard let cd = openConverter(encoding) else { return false }
    defer { iconv_close(cd) }
    var input = bytes
    var output = [UInt8](repeating: 0, count: bytes.count * 4 + 16)
    let ok = input.withUnsafeMutableBufferPointer { ip -> Bool in
      output.withUnsafeMutableBufferPointer { op -> Bool in
        guard let ib = ip.baseAddress, let ob = op.baseAddress else { return true }
        var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(ib).assumingMemoryBound(to: CChar.self)
        var inLeft = ip.count
        var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(ob).assumingMemoryBound(to: CChar.self)
        var outLeft = op.count
        let r = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
        if r == -1 {
          return errno == EINVAL && allowTruncatedTail
        }
        return true
      }
    }
    return ok
  }

  /// Converts the file (after `skip` bytes of byte-order mark) to UTF-8 in a
  /// temporary file and returns its path.
  /// - Throws: `IngestError(.encoding)` naming the line of the first byte
  ///   sequence that is invalid in `encoding`.
  static func transcodeToTemporaryUTF8(fd: Int32, size: Int, skip: Int, from encoding: TextEncoding, file: String)
    throws(IngestError) -> String
  {
    guard let cd = openConverter(encoding) else {
      throw IngestError(
        .encoding, file: file, message: "this system's iconv cannot convert from \(encoding.iconvName)",
        hint: "install glibc's gconv modules (Debian: libc6) or re-save the file as UTF-8")
    }
    defer { iconv_close(cd) }
    let (out, tmpPath) = try makeTemporaryFile(prefix: "impact-transcode", for: file, holding: "the UTF-8 copy")
    defer { close(out) }
    let blockSize = 1 << 20
    var inBuf = [UInt8](repeating: 0, count: blockSize + 8)
    var outBuf = [UInt8](repeating: 0, count: blockSize * 4 + 64)
    var carried = 0
    var offset = skip
    var consumedBase = skip
    var lines = 1
    let unitLF: [UInt8] =
      switch encoding {
      case .utf16LE: [0x0A, 0x00]
      case .utf16BE: [0x00, 0x0A]
      default: [0x0A]
      }
    while offset < size || carried > 0 {
      let want = min(blockSize, size - offset)
      var got = 0
      if want > 0 {
        got = inBuf.withUnsafeMutableBytes { p in pread(fd, p.baseAddress! + carried, want, off_t(offset)) }
        if got < 0 {
          unlink(tmpPath)
          throw IngestError(.io, file: file, message: "read failed while transcoding", hint: "check the disk")
        }
        offset += got
      }
      let total = carried + got
      let atEnd = offset >= size
      var failure: Int32 = 0
      var consumed = 0
      var produced = 0
      inBuf.withUnsafeMutableBytes { ip in
        outBuf.withUnsafeMutableBytes { op in
          var inPtr: UnsafeMutablePointer<CChar>? = ip.baseAddress!.assumingMemoryBound(to: CChar.self)
          var inLeft = total
          var outPtr: UnsafeMutablePointer<CChar>? = op.baseAddress!.assumingMemoryBound(to: CChar.self)
          var outLeft = op.count
          if iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft) == -1 { failure = errno }
          consumed = total - inLeft
          produced = op.count - outLeft
        }
      }
      // Count lines in what was consumed, for error messages.
      var i = 0
      while i + unitLF.count <= consumed {
        if inBuf[i] == unitLF[0] && (unitLF.count == 1 || inBuf[i + 1] == unitLF[1]) { lines += 1 }
        i += unitLF.count == 2 ? 2 : 1
      }
      if failure == EILSEQ || (failure == EINVAL && atEnd) {
        unlink(tmpPath)
        let bad = inBuf[consumed]
        throw IngestError(
          .encoding, file: file, line: lines,
          message: String(
            format: "byte 0x%02X at offset %d is not valid %@ text", bad, consumedBase + consumed,
            encoding.iconvName),
          hint:
            "the file mixes encodings or is damaged; re-save it as UTF-8, or name the right encoding with --encoding")
      }
      var written = 0
      while written < produced {
        let w = outBuf.withUnsafeBytes { p in write(out, p.baseAddress! + written, produced - written) }
        if w <= 0 {
          unlink(tmpPath)
          throw IngestError(
            .io, file: file, message: "cannot write the UTF-8 copy to \(tmpPath): \(String(cString: strerror(errno)))",
            hint: "free disk space or set TMPDIR to a folder with room for a copy of the file")
        }
        written += w
      }
      carried = total - consumed
      if carried > 0 {
        inBuf.withUnsafeMutableBytes { p in
          p.baseAddress!.copyMemory(from: p.baseAddress! + consumed, byteCount: carried)
        }
      }
      consumedBase += consumed
      if atEnd && carried == 0 { break }
      if atEnd && consumed == 0 && got == 0 { break }
    }
    return tmpPath
  }

  private static func openConverter(_ encoding: TextEncoding) -> iconv_t? {
    let cd = iconv_open("UTF-8", encoding.iconvName)
    if cd == iconv_t(bitPattern: -1) { return nil }
    return cd
  }
}

/// A new temporary file in `$TMPDIR` (default /tmp), open for writing: its
/// descriptor and path. `holding` says what it is for, in the error when it
/// cannot be made.
func makeTemporaryFile(prefix: String, for file: String, holding what: String) throws(IngestError) -> (
  fd: Int32, path: String
) {
  let dir = ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp"
  var template = Array("\(dir)/\(prefix)-XXXXXX".utf8CString)
  let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
  guard fd >= 0 else {
    throw IngestError(
      .io, file: file, message: "cannot create a temporary file in \(dir) for \(what)",
      hint: "set TMPDIR to a writable folder with room for \(what)")
  }
  return (fd, String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self))
}
