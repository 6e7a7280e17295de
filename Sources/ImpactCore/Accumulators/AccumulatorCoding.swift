// Machine-independent encodings of the accumulators, for partial results that
// are merged elsewhere (`--emit-partial`, `impact merge`). 128-bit integers are
// written as decimal strings and doubles in their shortest round-trip form, so
// a decoded accumulator is bit-identical to the encoded one.

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
    self.init(scale: try c.decode(Int.self, forKey: .scale))
    restore(
      count: try c.decode(Int.self, forKey: .count), shift: try c.decode(Int64.self, forKey: .shift),
      s1: try Int128(decimal: c.decode(String.self, forKey: .s1)),
      s2: try Int128(decimal: c.decode(String.self, forKey: .s2)), min: try c.decode(Int64.self, forKey: .min),
      max: try c.decode(Int64.self, forKey: .max))
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
    self.init(scale: try c.decode(Int.self, forKey: .scale))
    restore(
      count: try c.decode(Int.self, forKey: .count), shiftX: try c.decode(Int64.self, forKey: .shiftX),
      shiftY: try c.decode(Int64.self, forKey: .shiftY),
      sums: [
        try Int128(decimal: c.decode(String.self, forKey: .sx)),
        try Int128(decimal: c.decode(String.self, forKey: .sy)),
        try Int128(decimal: c.decode(String.self, forKey: .sxx)),
        try Int128(decimal: c.decode(String.self, forKey: .syy)),
        try Int128(decimal: c.decode(String.self, forKey: .sxy)),
      ])
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
      count: try c.decode(Int.self, forKey: .count), shift: try c.decode(Double.self, forKey: .shift),
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
    while !c.isAtEnd {
      let pair = try c.decode([Int64].self)
      guard pair.count == 2 else {
        throw DecodingError.dataCorrupted(.init(codingPath: c.codingPath, debugDescription: "expected [value, count]"))
      }
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
      add(v, count: n)
    }
  }
}
