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
func isWellFormedUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool { firstInvalidUTF8Offset(bytes) == nil }

/// Offset of the first byte that does not start a well-formed sequence
/// (a sequence cut by the end counts as ill-formed), or `nil` when every
/// byte is well-formed UTF-8. The one UTF-8 check of the reading layer
/// (encoding detection and the inspect profile).
@inline(__always)
func firstInvalidUTF8Offset(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
  var i = 0
  let n = bytes.count
  while i < n {
    let b0 = bytes[i]
    if b0 < 0x80 {
      i += 1
      continue
    }
    // Continuation bytes: the second in [low, high], the rest in 80…BF.
    var need = 0
    var low: UInt8 = 0x80
    var high: UInt8 = 0xBF
    switch b0 {
    case 0xC2...0xDF: need = 1
    case 0xE0: need = 2; low = 0xA0
    case 0xE1...0xEC, 0xEE...0xEF: need = 2
    case 0xED: need = 2; high = 0x9F
    case 0xF0: need = 3; low = 0x90
    case 0xF1...0xF3: need = 3
    case 0xF4: need = 3; high = 0x8F
    default: return i
    }
    if i + need >= n || bytes[i + 1] < low || bytes[i + 1] > high { return i }
    var k = 2
    while k <= need {
      if bytes[i + k] < 0x80 || bytes[i + k] > 0xBF { return i }
      k += 1
    }
    i += need + 1
  }
  return nil
}
