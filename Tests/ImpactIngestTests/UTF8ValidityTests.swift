import ImpactCore
import Testing

@testable import ImpactIngest

/// The allocation-free UTF-8 check accepts exactly what
/// `String(validating:as:)` accepts.
@Suite struct UTF8ValidityTests {
  @Test func agreesWithStandardLibrary() {
    var rng = SplitMix64(seed: 38)
    let interesting: [UInt8] = [
      0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF,
      0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF,
    ]
    for round in 0..<200_000 {
      let n = Int.random(in: 0...6, using: &rng)
      let bytes: [UInt8] = (0..<n).map { _ in
        round % 4 == 0
          ? UInt8.random(in: 0...255, using: &rng) : interesting[Int.random(in: 0..<interesting.count, using: &rng)]
      }
      bytes.withUnsafeBufferPointer { b in
        #expect(isWellFormedUTF8(b) == (String(validating: b, as: UTF8.self) != nil), "\(bytes)")
      }
    }
    for text in ["", "abc", "中文", "🙂", "é"] {
      Array(text.utf8).withUnsafeBufferPointer { #expect(isWellFormedUTF8($0)) }
    }
  }
}
