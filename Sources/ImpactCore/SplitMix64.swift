/// A small, fast, deterministic random number generator (SplitMix64;
/// Steele, Lea & Flood, "Fast splittable pseudorandom number generators",
/// OOPSLA 2014). Seeded generation makes example data and property tests
/// reproducible byte for byte on any machine.
public struct SplitMix64: RandomNumberGenerator, Sendable {
  private var state: UInt64

  public init(seed: UInt64) { state = seed }

  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A uniform double in [0, 1).
  public mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }

  /// A uniform integer in `range`.
  public mutating func int(_ range: ClosedRange<Int>) -> Int {
    range.lowerBound + Int(next() % UInt64(range.upperBound - range.lowerBound + 1))
  }

  /// A standard normal deviate (Box–Muller).
  public mutating func normal() -> Double {
    let u = max(unit(), 0x1p-60)
    let v = unit()
    return (-2 * logApprox(u)).squareRoot() * cosApprox(2 * Double.pi * v)
  }
}

// Minimal libm-free helpers so ImpactCore's RNG needs no Foundation.
@inline(__always) private func logApprox(_ x: Double) -> Double { x.logarithm }
@inline(__always) private func cosApprox(_ x: Double) -> Double { x.cosine }

extension Double {
  fileprivate var logarithm: Double {
    // ln x = 2·atanh((x−1)/(x+1)) after range reduction to [0.5, 1).
    var m = self
    var e = 0.0
    while m >= 1 {
      m /= 2
      e += 1
    }
    while m < 0.5 {
      m *= 2
      e -= 1
    }
    let y = (m - 1) / (m + 1)
    let y2 = y * y
    var term = y
    var sum = 0.0
    var k = 1.0
    for _ in 0..<30 {
      sum += term / k
      term *= y2
      k += 2
    }
    return 2 * sum + e * 0.693_147_180_559_945_3
  }

  fileprivate var cosine: Double {
    // Reduce to [−π, π], then a Taylor series.
    var x = self.truncatingRemainder(dividingBy: 2 * Double.pi)
    if x > Double.pi { x -= 2 * Double.pi }
    if x < -Double.pi { x += 2 * Double.pi }
    let x2 = x * x
    var term = 1.0
    var sum = 1.0
    for i in stride(from: 2.0, through: 40.0, by: 2.0) {
      term *= -x2 / ((i - 1) * i)
      sum += term
    }
    return sum
  }
}
