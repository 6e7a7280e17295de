// A minimal zip writer for the xlsx fuzz target: entries stored (method 0)
// with correct CRC-32 and sizes, so the fuzzer's mutations of a part reach
// the XML readers instead of stopping at the archive checks.
//
// Layout: PKWARE APPNOTE.TXT 6.3.10, §4.3.7 (local file header), §4.3.12
// (central directory header), §4.3.16 (end of central directory record).
// CRC-32: ISO-HDLC polynomial 0xEDB88320 (reflected), as zip requires.

/// Builds a zip archive whose entries are stored uncompressed.
struct StoredZipArchive {
  private(set) var bytes: [UInt8] = []
  private var central: [UInt8] = []
  private var count = 0

  /// Appends an entry named `name` holding `data`.
  mutating func add(_ name: String, _ data: some Collection<UInt8>) {
    let nameBytes = Array(name.utf8.prefix(0xFFFF))
    let crc = Self.crc32(data)
    let size = UInt32(truncatingIfNeeded: data.count)
    let offset = UInt32(truncatingIfNeeded: bytes.count)
    // Local file header.
    bytes += [0x50, 0x4B, 0x03, 0x04]
    bytes += le16(20) + le16(0) + le16(0) + le16(0) + le16(0x21)  // version, flags, stored, time, date
    bytes += le32(crc) + le32(size) + le32(size)
    bytes += le16(UInt16(nameBytes.count)) + le16(0)
    bytes += nameBytes
    bytes += data
    // Central directory header.
    central += [0x50, 0x4B, 0x01, 0x02]
    central += le16(20) + le16(20) + le16(0) + le16(0) + le16(0) + le16(0x21)
    central += le32(crc) + le32(size) + le32(size)
    central += le16(UInt16(nameBytes.count)) + le16(0) + le16(0) + le16(0) + le16(0) + le32(0)
    central += le32(offset)
    central += nameBytes
    count += 1
  }

  /// The finished archive.
  func finished() -> [UInt8] {
    var out = bytes + central
    out += [0x50, 0x4B, 0x05, 0x06]
    out += le16(0) + le16(0) + le16(UInt16(truncatingIfNeeded: count)) + le16(UInt16(truncatingIfNeeded: count))
    out += le32(UInt32(truncatingIfNeeded: central.count)) + le32(UInt32(truncatingIfNeeded: bytes.count)) + le16(0)
    return out
  }

  private func le16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8)] }
  private func le32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }

  static let crcTable: [UInt32] = (0..<256).map { n in
    var c = UInt32(n)
    for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
    return c
  }

  /// CRC-32 of `data`.
  static func crc32(_ data: some Collection<UInt8>) -> UInt32 {
    var c: UInt32 = 0xFFFF_FFFF
    for b in data { c = crcTable[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
    return c ^ 0xFFFF_FFFF
  }
}
