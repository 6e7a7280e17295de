/// The fixed choices a literacy analysis is accumulated under. Partial
/// results can only be merged when their designs are equal.
public struct LiteracyDesign: Sendable, Equatable, Codable {
  /// Indicators in output order.
  public var indicators: [IndicatorDefinition]
  /// Per indicator: decimal places for exact accumulation, or `nil` for
  /// floating-point accumulation.
  public var scales: [Int?]
  /// Response range used to rescale each indicator to 0–100 for the
  /// composite (declared scale, or the observed range when undeclared).
  public var compositeRanges: [ClosedRange<Double>]?
  /// Confidence level of intervals (default 0.95).
  public var confidence: Double

  public init(
    indicators: [IndicatorDefinition], scales: [Int?], compositeRanges: [ClosedRange<Double>]?,
    confidence: Double = 0.95
  ) {
    precondition(indicators.count == scales.count)
    self.indicators = indicators
    self.scales = scales
    self.compositeRanges = compositeRanges
    self.confidence = confidence
  }

  /// Whether partial results of the two designs can be merged: everything
  /// but the decimal places seen in the data must agree.
  public func isCompatible(with o: LiteracyDesign) -> Bool {
    indicators == o.indicators && compositeRanges == o.compositeRanges && confidence == o.confidence
      && scales.count == o.scales.count
  }

  /// The design of merged data: the larger decimal places, or floating point
  /// when either side is.
  public func unified(with o: LiteracyDesign) -> LiteracyDesign {
    var d = self
    d.scales = zip(scales, o.scales).map { a, b in
      guard let a, let b else { return nil }
      return max(a, b)
    }
    return d
  }

  /// Common decimal places when every indicator is exact, else `nil`.
  public var commonScale: Int? {
    var s = 0
    for x in scales {
      guard let x else { return nil }
      s = max(s, x)
    }
    return s
  }
}
