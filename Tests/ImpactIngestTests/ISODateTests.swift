import ImpactCore
import Testing

@testable import ImpactIngest

/// The one-word `YYYY-MM-DD` path of `DateParser` gives what the general
/// reader gives, for every 10-byte input tried.
@Suite struct ISODateTests {
  @Test func fastPathAgreesWithGeneralReader() {
    var rng = SplitMix64(seed: 1018)
    let alphabet = Array("0123456789--/ T".utf8) + [0x2F, 0x3A, 0x40, 0xE5, 0x80, 0x00]
    var accepted = 0
    for round in 0..<100_000 {
      var bytes: [UInt8]
      if round % 2 == 0 {
        let y = Int.random(in: 0...10_000, using: &rng)
        let m = Int.random(in: 0...13, using: &rng)
        let d = Int.random(in: 0...32, using: &rng)
        bytes = Array(
          (String(repeating: "0", count: max(0, 4 - String(y).count)) + String(y) + "-" + (m < 10 ? "0" : "")
            + String(m) + "-" + (d < 10 ? "0" : "") + String(d)).utf8)
        if bytes.count != 10 { continue }
      } else {
        bytes = (0..<10).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &rng)] }
      }
      bytes.withUnsafeBufferPointer { b in
        let fast = DateParser.parseComponents(b)
        let general = DateParser.generalComponents(b)
        #expect(fast?.year == general?.year && fast?.month == general?.month && fast?.day == general?.day, "\(bytes)")
        if fast != nil { accepted += 1 }
      }
    }
    #expect(accepted > 10_000)
  }

  @Test(arguments: ["2024-02-29", "2023-02-29", "0000-01-01", "9999-12-31", "2024-13-01", "2024-00-10", "2024-1-010"])
  func edgeCases(_ text: String) {
    Array(text.utf8).withUnsafeBufferPointer { b in
      let fast = DateParser.parseComponents(b)
      let general = DateParser.generalComponents(b)
      #expect(fast?.year == general?.year && fast?.month == general?.month && fast?.day == general?.day)
    }
  }
}
