/// A respondent's composite score (``CompositeScore``) for callers outside
/// this module: the mean of the indicators rescaled to 0–100, better up.
public struct CompositeScorer: Sendable {
  let score: CompositeScore

  /// nil when the design has no composite (some indicator has no range).
  public init?(design: LiteracyDesign) {
    guard let s = CompositeScore(design: design) else { return nil }
    score = s
  }

  /// The composite of one wave's k answers, nil when any is missing (NaN).
  public func value(_ values: UnsafeBufferPointer<Double>) -> Double? { score.value(values) }
}
