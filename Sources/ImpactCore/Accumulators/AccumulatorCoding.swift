// Machine-independent encodings of the accumulators, for partial results that
// are merged elsewhere (`--emit-partial`, `impact merge`). 128-bit integers are
// written as decimal strings and doubles in their shortest round-trip form, so
// a decoded accumulator is bit-identical to the encoded one.

// Partial files are untrusted input: every decoder below checks what the
// accumulator's arithmetic relies on (decimal places in 0...15, counts in
// 0...2⁵³, array lengths, ordered extremes) and throws
// `DecodingError.dataCorrupted` naming the field, so a forged or damaged
// partial is an error and never a trap. Sums across partials are checked
// where they are merged (`impact merge` bounds the total of all counts).

/// The bounds a decoded accumulator must satisfy.
public enum DecodedBounds {
  /// Largest count accepted in a partial (2⁵³: counts stay exact as doubles,
  /// and no data set has that many rows).
  public static let maximumCount = 1 << 53
  /// Largest number of variables of a cross-product accumulator.
  public static let maximumVariables = 100_000

  /// Throws unless `0 ≤ n ≤ maximumCount`.
  public static func count(_ n: Int, _ field: String, _ path: [any CodingKey]) throws -> Int {
    guard n >= 0 && n <= maximumCount else {
      throw corrupted(path, "\(field) is \(n); a count must be in 0...\(maximumCount)")
    }
    return n
  }

  /// Throws unless `s` is a supported number of decimal places (0...15).
  public static func scale(_ s: Int, _ path: [any CodingKey]) throws -> Int {
    guard (0...15).contains(s) else { throw corrupted(path, "scale is \(s); decimal places must be in 0...15") }
    return s
  }

  /// A `DecodingError.dataCorrupted` at `path`.
  public static func corrupted(_ path: [any CodingKey], _ message: String) -> DecodingError {
    DecodingError.dataCorrupted(.init(codingPath: path, debugDescription: message))
  }
}

extension Int128 {
  /// Decodes a decimal string.
  init(decimal s: String) throws {
    guard let v = Int128(s) else {
      throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "not a 128-bit integer: \(s)"))
    }
    self = v
  }
}

extension ExactMoments: Codable {
  enum CodingKeys: String, CodingKey { case scale, count, shift, s1, s2, min, max }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(scale, forKey: .scale)
    try c.encode(count, forKey: .count)
    try c.encode(shift, forKey: .shift)
    try c.encode(String(s1), forKey: .s1)
    try c.encode(String(s2), forKey: .s2)
    try c.encode(minMantissa, forKey: .min)
    try c.encode(maxMantissa, forKey: .max)
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    self.init(scale: try DecodedBounds.scale(c.decode(Int.self, forKey: .scale), c.codingPath))
    let n = try DecodedBounds.count(c.decode(Int.self, forKey: .count), "count", c.codingPath)
    let s2 = try Int128(decimal: c.decode(String.self, forKey: .s2))
    let lo = try c.decode(Int64.self, forKey: .min)
    let hi = try c.decode(Int64.self, forKey: .max)
    guard n == 0 || (lo <= hi && s2 >= 0) else {
      throw DecodedBounds.corrupted(c.codingPath, "min > max or a negative sum of squares")
    }
    restore(
      count: n, shift: try c.decode(Int64.self, forKey: .shift),
      s1: try Int128(decimal: c.decode(String.self, forKey: .s1)), s2: s2, min: lo, max: hi)
  }
}

extension ExactCoMoments: Codable {
  enum CodingKeys: String, CodingKey { case scale, count, shiftX, shiftY, sx, sy, sxx, syy, sxy }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(scale, forKey: .scale)
    try c.encode(count, forKey: .count)
    try c.encode(shiftX, forKey: .shiftX)
    try c.encode(shiftY, forKey: .shiftY)
    try c.encode(String(sx), forKey: .sx)
    try c.encode(String(sy), forKey: .sy)
    try c.encode(String(sxx), forKey: .sxx)
    try c.encode(String(syy), forKey: .syy)
    try c.encode(String(sxy), forKey: .sxy)
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    self.init(scale: try DecodedBounds.scale(c.decode(Int.self, forKey: .scale), c.codingPath))
    let sums = [
      try Int128(decimal: c.decode(String.self, forKey: .sx)),
      try Int128(decimal: c.decode(String.self, forKey: .sy)),
      try Int128(decimal: c.decode(String.self, forKey: .sxx)),
      try Int128(decimal: c.decode(String.self, forKey: .syy)),
      try Int128(decimal: c.decode(String.self, forKey: .sxy)),
    ]
    guard sums[2] >= 0 && sums[3] >= 0 else {
      throw DecodedBounds.corrupted(c.codingPath, "a negative sum of squares")
    }
    restore(
      count: try DecodedBounds.count(c.decode(Int.self, forKey: .count), "count", c.codingPath),
      shiftX: try c.decode(Int64.self, forKey: .shiftX), shiftY: try c.decode(Int64.self, forKey: .shiftY),
      sums: sums)
  }
}

extension Moments: Codable {
  enum CodingKeys: String, CodingKey { case count, shift, s1, s2, min, max }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    let st = state
    try c.encode(count, forKey: .count)
    try c.encode(st.shift, forKey: .shift)
    try c.encode(st.s1, forKey: .s1)
    try c.encode(st.s2, forKey: .s2)
    // ±infinity (empty) is not JSON: encode as nil.
    try c.encode(min.isFinite ? min : nil, forKey: .min)
    try c.encode(max.isFinite ? max : nil, forKey: .max)
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    self.init(
      count: try DecodedBounds.count(c.decode(Int.self, forKey: .count), "count", c.codingPath),
      shift: try c.decode(Double.self, forKey: .shift),
      s1: try c.decode(CompensatedSum.self, forKey: .s1), s2: try c.decode(CompensatedSum.self, forKey: .s2),
      min: try c.decodeIfPresent(Double.self, forKey: .min) ?? .infinity,
      max: try c.decodeIfPresent(Double.self, forKey: .max) ?? -.infinity)
  }
}

extension IntegerHistogram: Codable {
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.unkeyedContainer()
    for (v, n) in sorted { try c.encode([v, Int64(n)]) }
  }

  public init(from decoder: any Decoder) throws {
    self.init()
    var c = try decoder.unkeyedContainer()
    var total = 0
    while !c.isAtEnd {
      let pair = try c.decode([Int64].self)
      guard pair.count == 2, pair[1] >= 1, pair[1] <= Int64(DecodedBounds.maximumCount) else {
        throw DecodedBounds.corrupted(c.codingPath, "expected [value, count] with a count in 1...2^53")
      }
      guard pair[0].magnitude <= UInt64(1) << 62 else {
        throw DecodedBounds.corrupted(c.codingPath, "histogram value \(pair[0]) is out of range (|v| ≤ 2^62)")
      }
      total += Int(pair[1])  // ≤ 2⁵³ + 2⁵³ before the check below: no overflow
      _ = try DecodedBounds.count(total, "the total of the histogram's counts", c.codingPath)
      add(pair[0], count: Int(pair[1]))
    }
  }
}

extension ValueCounts: Codable where Value: Codable {
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.unkeyedContainer()
    for (v, n) in sorted {
      var pair = c.nestedUnkeyedContainer()
      try pair.encode(v)
      try pair.encode(n)
    }
  }

  public init(from decoder: any Decoder) throws {
    self.init()
    var c = try decoder.unkeyedContainer()
    while !c.isAtEnd {
      var pair = try c.nestedUnkeyedContainer()
      let v = try pair.decode(Value.self)
      let n = try pair.decode(Int.self)
      guard n >= 1 && n <= DecodedBounds.maximumCount && pair.isAtEnd else {
        throw DecodedBounds.corrupted(c.codingPath, "expected [value, count] with a count in 1...2^53")
      }
      add(v, count: n)
      _ = try DecodedBounds.count(total, "the total of the histogram's counts", c.codingPath)
    }
  }
}
