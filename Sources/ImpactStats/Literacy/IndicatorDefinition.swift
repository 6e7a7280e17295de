/// One survey indicator as the analysis sees it (from the codebook, or
/// inferred from the data).
public struct IndicatorDefinition: Sendable, Equatable, Codable {
  /// Short id used in outputs (`q01`).
  public var id: String
  /// Human label (UTF-8; Chinese labels are kept as written).
  public var label: String
  /// Declared response scale `[min, max]`; values outside are excluded and
  /// counted. `nil` when unknown (the composite then uses the observed range).
  public var scale: ClosedRange<Double>?
  /// Whether a higher score is better (default). When `false`, differences
  /// are sign-flipped so a positive change always means improvement.
  public var higherIsBetter: Bool
  /// A score at or above this (at or below, when lower is better) counts as
  /// "passing" (e.g. ≥ 4 = "can do it"); enables pass rates and McNemar.
  public var passThreshold: Double?
  /// A 0/1 (no/yes) indicator: pass means 1.
  public var isBinary: Bool

  public init(
    id: String, label: String? = nil, scale: ClosedRange<Double>? = nil, higherIsBetter: Bool = true,
    passThreshold: Double? = nil, isBinary: Bool = false
  ) {
    self.id = id
    self.label = label ?? id
    self.scale = scale
    self.higherIsBetter = higherIsBetter
    self.passThreshold = passThreshold
    self.isBinary = isBinary
  }

  /// The effective pass rule, if any.
  public var passes: PassRule? {
    if let t = passThreshold { return PassRule(threshold: t, higherIsBetter: higherIsBetter) }
    if isBinary { return PassRule(threshold: higherIsBetter ? 1 : 0, higherIsBetter: higherIsBetter) }
    return nil
  }
}

/// "Passing" a score: ≥ threshold when higher is better, ≤ otherwise.
public struct PassRule: Sendable, Equatable, Codable {
  public var threshold: Double
  public var higherIsBetter: Bool

  @inline(__always)
  public func passes(_ x: Double) -> Bool { higherIsBetter ? x >= threshold : x <= threshold }
}
