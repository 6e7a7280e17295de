import Foundation
import PropertyBased
import TestSupport
import Testing

@testable import ImpactCore

/// `ExactSum` keeps the exact sum of doubles: any split and order of the terms
/// merges to the bit-identical, correctly rounded result.
@Suite struct ExactSumTests {
  /// Multiples of 2⁻²⁰ below 2⁴⁰ in magnitude: their exact sum fits an
  /// Int128 in units of 2⁻²⁰, so the correctly rounded total is known.
  static func reference(_ units: [Int64]) -> Double {
    let total = units.reduce(Int128(0)) { $0 + Int128($1) }
    return Double(total) * 0x1p-20
  }

  @Test func cancellationThatDoublesLose() {
    var s = ExactSum()
    s.add(0.1)
    s.add(1e20)
    s.add(-1e20)
    #expect(s.value == 0.1)
    var t = ExactSum()
    for _ in 0..<10 { t.add(0.1) }
    // Ten times the double 0.1 is exactly 1.0000000000000000555…, which
    // rounds to 1 (a running double sum gives 0.9999999999999999).
    #expect(t.value == 1)
  }

  @Test func signsZerosAndExtremes() {
    var s = ExactSum()
    #expect(s.value == 0)
    s.add(-3.5)
    #expect(s.value == -3.5)
    s.add(3.5)
    #expect(s.value == 0)
    s.add(.leastNonzeroMagnitude)
    s.add(.greatestFiniteMagnitude)
    s.add(-.greatestFiniteMagnitude)
    #expect(s.value == .leastNonzeroMagnitude)
    s.add(-2 * .leastNonzeroMagnitude)
    #expect(s.value == -.leastNonzeroMagnitude)
    var big = ExactSum()
    big.add(.greatestFiniteMagnitude)
    big.add(.greatestFiniteMagnitude)
    #expect(big.value == .infinity)
  }

  @Test func roundsToNearestEven() {
    // 1 + 2⁻⁵³ is a tie: rounds to 1; with 2⁻¹⁰⁰ more it rounds up.
    var s = ExactSum()
    s.add(1)
    s.add(0x1p-53)
    #expect(s.value == 1)
    s.add(0x1p-100)
    #expect(s.value == 1 + 0x1p-52)
    var n = ExactSum()
    n.add(-1)
    n.add(-0x1p-53)
    n.add(-0x1p-100)
    #expect(n.value == -(1 + 0x1p-52))
  }

  @Test func matchesTheExactIntegerSumAndMergesInAnyOrder() async {
    let gen = Gen.int64(in: -(1 << 40)...(1 << 40)).array(of: 1...300)
    await propertyCheck(count: 300, input: gen, Gen.int(in: 1...9)) { units, parts in
      let xs = units.map { Double($0) * 0x1p-20 }
      var whole = ExactSum()
      for x in xs { whole.add(x) }
      #expect(whole.value == Self.reference(units))
      var pieces = Array(repeating: ExactSum(), count: parts)
      for (i, x) in xs.enumerated() { pieces[(i * 7 + units.count) % parts].add(x) }
      var rng = SeededRandom(seed: UInt64(units.count * 31 + parts))
      let merged = pieces.shuffled(using: &rng).reduce(ExactSum()) { $0.merged(with: $1) }
      #expect(merged.value == whole.value)
    }
  }

  @Test func wideMagnitudesMergeBitIdentically() async throws {
    var rng = SeededRandom(seed: 7)
    for _ in 0..<50 {
      let xs = (0..<200).map { _ in
        let e = Int(rng.next() % 120) - 60
        let m = Double(rng.next() >> 11) * 0x1p-53
        return (rng.next() & 1 == 0 ? 1 : -1) * Double(sign: .plus, exponent: e, significand: 1 + m)
      }
      var whole = ExactSum()
      for x in xs { whole.add(x) }
      var a = ExactSum()
      var b = ExactSum()
      for x in xs.reversed() { if x > 0 { a.add(x) } else { b.add(x) } }
      let data = try JSONEncoder().encode(b)
      let decoded = try JSONDecoder().decode(ExactSum.self, from: data)
      #expect(a.merged(with: decoded).value == whole.value)
      // The exact sum is at least as close as a compensated double sum.
      var c = CompensatedSum()
      for x in xs { c.add(x) }
      #expect(abs(whole.value - c.value) <= 4 * whole.value.ulp)
    }
  }
}
