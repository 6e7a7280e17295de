// Telling spreadsheets from text by their first bytes, and OLE compound files
// apart by their directory.
//
// [MS-CFB] Compound File Binary File Format, §2.2 (header) and §2.6
// (directory entries): legacy .xls (BIFF8) workbooks keep a "Workbook" (or
// "Book") stream; password-protected .xlsx files are CFB containers with an
// "EncryptedPackage" stream ([MS-OFFCRYPTO] §2.3.4.4). Neither can be read
// without Excel's own machinery, so both get an error that says how to
// re-save the file.
import Foundation
import ImpactCore

/// What the first bytes of an input say it is.
enum SpreadsheetSignature: Equatable {
  /// A zip archive (PK\3\4): an .xlsx candidate.
  case zip
  /// An OLE compound file (D0 CF 11 E0 A1 B1 1A E1): .xls, or an encrypted
  /// workbook.
  case compoundFile
  /// A name ending in .xlsx/.xlsm/.xls whose bytes are neither.
  case misnamed(String)

  static let zipMagic: [UInt8] = [0x50, 0x4B, 0x03, 0x04]
  static let emptyZipMagic: [UInt8] = [0x50, 0x4B, 0x05, 0x06]
  static let compoundMagic: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]

  /// The signature of a file with these first bytes and this name; `nil` for
  /// text (CSV).
  static func detect(head: [UInt8], path: String) -> SpreadsheetSignature? {
    if head.starts(with: zipMagic) || head.starts(with: emptyZipMagic) { return .zip }
    if head.starts(with: compoundMagic) { return .compoundFile }
    let ext = PathName.pathExtension(path).lowercased()
    if ["xlsx", "xlsm", "xls", "xlsb"].contains(ext) { return .misnamed(ext) }
    return nil
  }

  /// The error for a file that is not a readable .xlsx workbook.
  static func unreadable(_ signature: SpreadsheetSignature, fd: Int32, size: Int, path: String) -> IngestError {
    switch signature {
    case .zip:
      return IngestError(.io, file: path, message: "not an Excel workbook", hint: "re-save it as .xlsx or CSV")
    case .compoundFile:
      let streams = CompoundFileDirectory.streamNames(fd: fd, size: size)
      if streams.contains("EncryptedPackage") || streams.contains("EncryptionInfo") {
        return IngestError(
          .io, file: path,
          message: "the workbook is password-protected (encrypted), and impact cannot read encrypted workbooks",
          hint:
            "open it in Excel, WPS or LibreOffice with the password, remove the password (Excel: File › Info › Protect Workbook › Encrypt with Password, clear it) and save as .xlsx, or save the sheet as CSV UTF-8"
        )
      }
      if streams.contains("Workbook") || streams.contains("Book") {
        return IngestError(
          .io, file: path,
          message: "this is an Excel 97–2003 workbook (.xls, BIFF format), which impact does not read",
          hint: "open it in Excel, WPS or LibreOffice and save it as .xlsx (Excel Workbook) or as CSV UTF-8")
      }
      return IngestError(
        .io, file: path,
        message: "this is an OLE compound file (like .xls or .doc), not an .xlsx workbook or a CSV file",
        hint: "open it in the program that made it and save the data as .xlsx or CSV UTF-8")
    case .misnamed(let ext):
      return IngestError(
        .io, file: path,
        message:
          "the file is named .\(ext) but is not an Excel workbook (it does not start with the zip signature PK); it may be damaged, or another format (HTML, text) renamed",
        hint: "open it in Excel, WPS or LibreOffice and save it as .xlsx or CSV UTF-8, or export it again")
    }
  }
}

/// The stream names in an OLE compound file's directory.
enum CompoundFileDirectory {
  /// Names of the directory entries (at most 4096, following the FAT chain
  /// of the directory); empty when the header is damaged.
  ///
  /// - Complexity: reads the header, the FAT sectors the header lists (first
  ///   109) and the directory sectors.
  static func streamNames(fd: Int32, size: Int) -> Set<String> {
    guard size >= 512 else { return [] }
    let header = readBytes(fd: fd, offset: 0, count: 512)
    guard header.count == 512, header.starts(with: SpreadsheetSignature.compoundMagic) else { return [] }
    let shift = Int(le16(header, 30))
    guard shift == 9 || shift == 12 else { return [] }
    let sectorSize = 1 << shift
    let fatSectors = Int(le32(header, 44))
    let firstDirectorySector = le32(header, 48)
    // The FAT: sector numbers from the header's DIFAT (enough for files up to
    // ≈ 6.8 MB with 512-byte sectors, 3.5 GB with 4096-byte ones).
    var fat: [UInt32] = []
    for k in 0..<min(fatSectors, 109) {
      let sector = le32(header, 76 + 4 * k)
      guard sector < 0xFFFF_FFFA else { break }
      let bytes = readBytes(fd: fd, offset: (Int(sector) + 1) * sectorSize, count: sectorSize)
      guard bytes.count == sectorSize else { break }
      for i in 0..<(sectorSize / 4) { fat.append(le32(bytes, 4 * i)) }
    }
    var names: Set<String> = []
    var sector = firstDirectorySector
    var visited = 0
    while sector < 0xFFFF_FFFA && visited < 4096 {
      let bytes = readBytes(fd: fd, offset: (Int(sector) + 1) * sectorSize, count: sectorSize)
      guard bytes.count == sectorSize else { break }
      for e in 0..<(sectorSize / 128) {
        let base = e * 128
        let length = Int(le16(bytes, base + 64))
        guard length >= 2, length <= 64 else { continue }
        var units: [UInt16] = []
        for i in 0..<(length / 2 - 1) { units.append(le16(bytes, base + 2 * i)) }
        names.insert(String(decoding: units, as: UTF16.self))
      }
      visited += 1
      guard Int(sector) < fat.count else { break }
      sector = fat[Int(sector)]
    }
    return names
  }

  private static func le16(_ b: [UInt8], _ i: Int) -> UInt16 { UInt16(b[i]) | UInt16(b[i + 1]) << 8 }
  private static func le32(_ b: [UInt8], _ i: Int) -> UInt32 {
    UInt32(b[i]) | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2]) << 16 | UInt32(b[i + 3]) << 24
  }

  private static func readBytes(fd: Int32, offset: Int, count: Int) -> [UInt8] {
    var out = [UInt8](repeating: 0, count: count)
    let n = out.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, off_t(offset)) }
    return n == count ? out : []
  }
}
