// Well-formed UTF-8 without building a String: the byte ranges of the
// Unicode Standard, Table 3-7 ("Well-Formed UTF-8 Byte Sequences", Unicode
// 15, §3.9): no overlong forms, no surrogates (U+D800…U+DFFF), nothing above
// U+10FFFF. `String(validating:as:)` accepts exactly these sequences, but it
// is generic and allocates; this check runs per field in hot loops.

/// Whether `bytes` are well-formed UTF-8.
///
/// - Complexity: O(n), one pass, no allocation; ASCII bytes take one
///   comparison each.
@inline(__always)
func isWellFormedUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
  var i = 0
  let n = bytes.count
  while i < n {
    let b0 = bytes[i]
    if b0 < 0x80 {
      i += 1
      continue
    }
    @inline(__always) func continuation(_ k: Int, _ low: UInt8 = 0x80, _ high: UInt8 = 0xBF) -> Bool {
      i + k < n && bytes[i + k] >= low && bytes[i + k] <= high
    }
    switch b0 {
    case 0xC2...0xDF:
      guard continuation(1) else { return false }
      i += 2
    case 0xE0:
      guard continuation(1, 0xA0), continuation(2) else { return false }
      i += 3
    case 0xE1...0xEC, 0xEE...0xEF:
      guard continuation(1), continuation(2) else { return false }
      i += 3
    case 0xED:
      guard continuation(1, 0x80, 0x9F), continuation(2) else { return false }
      i += 3
    case 0xF0:
      guard continuation(1, 0x90), continuation(2), continuation(3) else { return false }
      i += 4
    case 0xF1...0xF3:
      guard continuation(1), continuation(2), continuation(3) else { return false }
      i += 4
    case 0xF4:
      guard continuation(1, 0x80, 0x8F), continuation(2), continuation(3) else { return false }
      i += 4
    default:
      return false
    }
  }
  return true
}
