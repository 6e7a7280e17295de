// How partial files (format_version 2) carry ids: as 64-bit hashes (see
// `IdHash`), packed as base64 of little-endian words so that a shard of
// millions of volunteers costs 8 bytes (≈ 11 characters) per id, read
// without a JSON number per id. Reach partials carry, per volunteer, the
// first period and a few flags besides, so that partials cut by time merge
// exactly (see `TimeCutMerge`).

import Foundation

/// Sorted, unique id hashes; in a partial, a base64 string of
/// little-endian 64-bit words.
public struct IdHashList: Sendable, Equatable, Codable {
  public var values: [UInt64]

  public init(_ values: [UInt64]) { self.values = values }

  /// The sorted, unique hashes of `ids`.
  init(hashing ids: some Sequence<String>) {
    var v = ids.map(IdHash.of)
    v.sort()
    values = uniqued(v)
  }

  public init(from decoder: any Decoder) throws {
    let words: [UInt64] = try PackedWords.decode(decoder, width: 8)
    values = words
  }

  public func encode(to encoder: any Encoder) throws { try PackedWords.encode(values, to: encoder) }
}

/// Removes adjacent repeats of a sorted array.
func uniqued(_ sorted: [UInt64]) -> [UInt64] {
  var out: [UInt64] = []
  out.reserveCapacity(sorted.count)
  for h in sorted where out.last != h { out.append(h) }
  return out
}

/// Fixed-width integers packed little-endian and written as base64.
enum PackedWords {
  static func encode<T: FixedWidthInteger>(_ values: [T], to encoder: any Encoder) throws {
    var bytes = [UInt8]()
    bytes.reserveCapacity(values.count * MemoryLayout<T>.size)
    for v in values {
      var x = v.littleEndian
      withUnsafeBytes(of: &x) { bytes.append(contentsOf: $0) }
    }
    var c = encoder.singleValueContainer()
    try c.encode(Data(bytes).base64EncodedString())
  }

  static func decode<T: FixedWidthInteger>(_ decoder: any Decoder, width: Int) throws -> [T] {
    let c = try decoder.singleValueContainer()
    let decoded: [UInt8]?
    if let tape = decoder as? TapeDecoder {
      // A partial's large strings: straight from the document's bytes.
      decoded = try tape.withStringBytes(Base64.decode)
    } else {
      var text = try c.decode(String.self)
      decoded = text.withUTF8(Base64.decode)
    }
    guard let data = decoded, data.count % width == 0 else {
      throw DecodingError.dataCorruptedError(
        in: c, debugDescription: "is not base64 of \(width)-byte little-endian integers")
    }
    let n = data.count / width
    return data.withUnsafeBytes { raw in
      if width == MemoryLayout<T>.size {
        return (0..<n).map { T(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * width, as: T.self)) }
      }
      return (0..<n).map { i in
        var x: T = 0
        for j in 0..<width { x |= T(truncatingIfNeeded: raw[i * width + j]) << (8 * j) }
        return x
      }
    }
  }
}

/// Base64 (RFC 4648 §4, the standard alphabet, padded to whole quanta).
enum Base64 {
  /// The value of each base64 character; 0xFF for any other byte.
  static let values: [UInt8] = {
    var t = [UInt8](repeating: 0xFF, count: 256)
    for (i, c) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
      t[Int(c)] = UInt8(i)
    }
    return t
  }()

  /// The bytes `text` encodes, or `nil` when it is not padded base64
  /// (another character, a length that is not a multiple of 4, padding
  /// before the end, or non-zero bits in the last character before it).
  ///
  /// - Complexity: O(n).
  static func decode(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
    let n = text.count
    guard n % 4 == 0 else { return nil }
    if n == 0 { return [] }
    let pad = text[n - 1] == UInt8(ascii: "=") ? (text[n - 2] == UInt8(ascii: "=") ? 2 : 1) : 0
    let size = n / 4 * 3 - pad
    var ok = true
    let out = values.withUnsafeBufferPointer { t in
      [UInt8](unsafeUninitializedCapacity: size) { buf, count in
        var o = 0
        var i = 0
        while i + 4 <= n - (pad > 0 ? 4 : 0) {
          let a = t[Int(text[i])]
          let b = t[Int(text[i + 1])]
          let c = t[Int(text[i + 2])]
          let d = t[Int(text[i + 3])]
          if (a | b | c | d) & 0xC0 != 0 {
            ok = false
            break
          }
          let w = UInt32(a) << 18 | UInt32(b) << 12 | UInt32(c) << 6 | UInt32(d)
          buf[o] = UInt8(truncatingIfNeeded: w >> 16)
          buf[o + 1] = UInt8(truncatingIfNeeded: w >> 8)
          buf[o + 2] = UInt8(truncatingIfNeeded: w)
          o += 3
          i += 4
        }
        if ok && pad > 0 {
          let a = t[Int(text[i])]
          let b = t[Int(text[i + 1])]
          let c = pad == 1 ? t[Int(text[i + 2])] : 0
          let w = UInt32(a) << 18 | UInt32(b) << 12 | UInt32(c) << 6
          if (a | b | c) & 0xC0 != 0 || (pad == 1 ? w & 0xFF : w & 0xFFFF) != 0 {
            ok = false
          } else {
            buf[o] = UInt8(truncatingIfNeeded: w >> 16)
            if pad == 1 { buf[o + 1] = UInt8(truncatingIfNeeded: w >> 8) }
            o += 3 - pad
          }
        }
        // Bytes not written when the text is rejected are zeroed, so the
        // array is always initialized.
        while o < size {
          buf[o] = 0
          o += 1
        }
        count = size
      }
    }
    return ok ? out : nil
  }
}

/// The volunteers of a reach partial (everyone, or one `--by` group): their
/// id hashes, sorted, with each one's first period (over every valid record
/// the shard read, also those outside `--from`/`--to`; in a group, the first
/// period in that group) and flags relative to the partial's span.
public struct VolunteerTable: Sendable, Equatable, Codable {
  /// Active (a record) in the span.
  static let activeInSpan: UInt8 = 1
  /// In the registry.
  static let registered: UInt8 = 2
  /// Active in the span's first period.
  static let activeFirst: UInt8 = 4
  /// Active in the span's last period.
  static let activeLast: UInt8 = 8
  static let allFlags: UInt8 = 15

  /// First and last period of the span the flags refer to (`nil`: no span,
  /// an empty shard).
  public var spanFirst: Int?
  public var spanLast: Int?
  public var hashes: IdHashList
  public var firstPeriods: [Int32]
  public var flags: [UInt8]

  public init(spanFirst: Int?, spanLast: Int?, hashes: [UInt64], firstPeriods: [Int32], flags: [UInt8]) {
    self.spanFirst = spanFirst
    self.spanLast = spanLast
    self.hashes = IdHashList(hashes)
    self.firstPeriods = firstPeriods
    self.flags = flags
  }

  /// Builds the table from unsorted rows (hash, first period, flags); rows
  /// of one hash (two ids with equal hashes) are combined.
  init(spanFirst: Int?, spanLast: Int?, rows: [(hash: UInt64, first: Int32, flags: UInt8)]) {
    let sorted = rows.sorted { $0.hash < $1.hash }
    var h: [UInt64] = []
    var f: [Int32] = []
    var g: [UInt8] = []
    h.reserveCapacity(sorted.count)
    f.reserveCapacity(sorted.count)
    g.reserveCapacity(sorted.count)
    for r in sorted {
      if h.last == r.hash, let i = h.indices.last {
        f[i] = min(f[i], r.first)
        g[i] |= r.flags
      } else {
        h.append(r.hash)
        f.append(r.first)
        g.append(r.flags)
      }
    }
    self.init(spanFirst: spanFirst, spanLast: spanLast, hashes: h, firstPeriods: f, flags: g)
  }

  enum CodingKeys: String, CodingKey { case spanFirst, spanLast, hashes, firstPeriods, flags }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    spanFirst = try c.decodeIfPresent(Int.self, forKey: .spanFirst)
    spanLast = try c.decodeIfPresent(Int.self, forKey: .spanLast)
    hashes = try c.decode(IdHashList.self, forKey: .hashes)
    firstPeriods = try PackedWords.decode(try c.superDecoder(forKey: .firstPeriods), width: 4)
    flags = try PackedWords.decode(try c.superDecoder(forKey: .flags), width: 1)
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encodeIfPresent(spanFirst, forKey: .spanFirst)
    try c.encodeIfPresent(spanLast, forKey: .spanLast)
    try c.encode(hashes, forKey: .hashes)
    try PackedWords.encode(firstPeriods, to: c.superEncoder(forKey: .firstPeriods))
    try PackedWords.encode(flags, to: c.superEncoder(forKey: .flags))
  }
}
