// The zip central directory (APPNOTE.TXT 6.3.10 §4.3.12–4.3.16, zip64
// §4.3.14–4.3.15, §4.5.3) checked before ZIPFoundation reads it.
// ZIPFoundation 0.9.20 converts 64-bit offsets and sizes with Int64(…) and
// off_t(…) and adds them unchecked: a crafted zip64 value ≥ 2⁶³ traps the
// process. This pass reads the same records ZIPFoundation will use — the end
// of central directory record nearest the end of the file, the zip64 record
// at the fixed place before it, then each central directory entry and its
// first zip64 extra field — and rejects any offset or size that cannot be
// right, so every value ZIPFoundation computes with stays far below 2⁶³.
import Foundation

/// Validation of a zip archive's directory.
enum ZipDirectoryCheck {
  /// Throws when the directory of the zip file at `path` holds values that
  /// are out of range (or cannot be found).
  static func validate(path: String) throws(IngestError) {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else {
      throw IngestError(
        .io, file: path, message: "cannot open the file: \(String(cString: strerror(errno)))",
        hint: "check the path and the file's permissions")
    }
    defer { close(fd) }
    var st = stat()
    guard fstat(fd, &st) == 0 else { throw damaged(path, "its size cannot be read") }
    let size = UInt64(max(0, st.st_size))
    guard size >= 22 else { throw damaged(path, "it is too short to hold a zip directory") }

    // End of central directory: the signature nearest the end (as ZIPFoundation scans).
    let tailLength = min(size, 22 + 0xFFFF)
    let tail = read(fd, at: size - tailLength, count: Int(tailLength))
    var eocdInTail: Int?
    var i = tail.count - 22
    while i >= 0 {
      if tail[i] == 0x50 && tail[i + 1] == 0x4B && tail[i + 2] == 0x05 && tail[i + 3] == 0x06 {
        eocdInTail = i
        break
      }
      i -= 1
    }
    guard let e = eocdInTail else { throw damaged(path, "it has no end-of-directory record") }
    let eocd = size - tailLength + UInt64(e)
    var entries = UInt64(le16(tail, e + 10))
    var directorySize = UInt64(le32(tail, e + 12))
    var directoryOffset = UInt64(le32(tail, e + 16))
    // Zip64: ZIPFoundation reads the locator (20 bytes) and the record (56
    // bytes) at fixed places before the end record and uses the record when
    // both parse.
    if eocd > 20 && eocd - 20 > 56 {
      let z = read(fd, at: eocd - 76, count: 76)
      if z.count == 76, le32(z, 56) == 0x0706_4B50, le32(z, 0) == 0x0606_4B50, le16(z, 14) >= 45 {
        entries = le64(z, 32)
        directorySize = le64(z, 40)
        directoryOffset = le64(z, 48)
      }
    }
    guard directoryOffset <= size, directorySize <= size - directoryOffset else {
      throw damaged(
        path,
        "its directory is declared at byte \(directoryOffset) with \(directorySize) bytes, beyond the file's \(size)")
    }
    guard entries <= UInt64(ExcelLimits.maxEntries),
      size - directoryOffset <= UInt64(ExcelLimits.maxCentralDirectoryBytes)
    else {
      throw IngestError(
        .limit, file: path,
        message:
          "the workbook's zip directory declares \(entries) entries in \(size - directoryOffset) bytes (impact's limits: \(ExcelLimits.maxEntries) entries, \(ExcelLimits.maxCentralDirectoryBytes >> 20) MiB)",
        hint: ExcelLimits.damagedHint)
    }
    // The entries, read the way ZIPFoundation iterates them: from the
    // directory offset, `entries` times, stopping at the first that does not parse.
    let directory = read(fd, at: directoryOffset, count: Int(size - directoryOffset))
    let largest = max(size, ExcelLimits.maxPartBytes)
    var p = 0
    for k in 0..<Int(entries) {
      guard p + 46 <= directory.count, le32(directory, p) == 0x0201_4B50 else { break }
      let nameLength = Int(le16(directory, p + 28))
      let extraLength = Int(le16(directory, p + 30))
      let commentLength = Int(le16(directory, p + 32))
      guard p + 46 + nameLength + extraLength + commentLength <= directory.count else { break }
      let name = String(decoding: directory[(p + 46)..<(p + 46 + nameLength)], as: UTF8.self)
      let offset32 = UInt64(le32(directory, p + 42))
      if offset32 != 0xFFFF_FFFF && offset32 >= size {
        throw damaged(path, "entry \(k + 1) ('\(name)') starts at byte \(offset32), beyond the file's \(size)")
      }
      // The first zip64 extra field (id 1): every 64-bit value in it.
      let extra = p + 46 + nameLength
      var o = 0
      while o < extraLength - 4 {
        let id = le16(directory, extra + o)
        let length = Int(le16(directory, extra + o + 2))
        let next = o + 4 + length
        guard next <= extraLength else { break }
        if id == 1 {
          var v = 0
          while v + 8 <= length {
            let value = le64(directory, extra + o + 4 + v)
            if value > largest {
              throw damaged(
                path,
                "entry \(k + 1) ('\(name)') declares a zip64 offset or size of \(value) bytes, beyond the file's \(size)"
              )
            }
            v += 8
          }
          break
        }
        o = next
      }
      p += 46 + nameLength + extraLength + commentLength
    }
  }

  private static func damaged(_ path: String, _ what: String) -> IngestError {
    IngestError(
      .io, file: path,
      message:
        "the workbook is damaged: it starts like a zip archive (.xlsx) but its zip directory cannot be read (\(what))",
      hint: "the file was probably cut off or altered; export or download it again")
  }

  /// Up to `count` bytes at `offset` (fewer at the end of the file).
  private static func read(_ fd: Int32, at offset: UInt64, count: Int) -> [UInt8] {
    var bytes = [UInt8](repeating: 0, count: count)
    var done = 0
    while done < count {
      let n = bytes.withUnsafeMutableBytes { p -> Int in
        guard let base = p.baseAddress else { return 0 }
        return pread(fd, base + done, count - done, off_t(offset) + off_t(done))
      }
      if n < 0 && errno == EINTR { continue }
      if n <= 0 { break }
      done += n
    }
    return Array(bytes[0..<done])
  }

  private static func le16(_ b: [UInt8], _ i: Int) -> UInt16 { UInt16(b[i]) | UInt16(b[i + 1]) << 8 }
  private static func le32(_ b: [UInt8], _ i: Int) -> UInt32 {
    UInt32(le16(b, i)) | UInt32(le16(b, i + 2)) << 16
  }
  private static func le64(_ b: [UInt8], _ i: Int) -> UInt64 {
    UInt64(le32(b, i)) | UInt64(le32(b, i + 4)) << 32
  }
}
