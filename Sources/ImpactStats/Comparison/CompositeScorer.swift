/// A respondent's composite score (``CompositeScore``) for callers outside
/// this module: the mean of the indicators rescaled to 0–100, better up.
public struct CompositeScorer: Sendable {
  let score: CompositeScore

  /// nil when the design has no composite (some indicator has no range).
  public init?(design: LiteracyDesign) {
    guard let s = CompositeScore(design: design) else { return nil }
    score = s
  }

  /// The composite of one wave's k answers (in indicator order), nil when
  /// any is missing (NaN); traps when `values` does not hold k answers.
  /// ```
  /// scorer.value(answers[start..<(start + k)].span)
  /// ```
  public func value(_ values: Span<Double>) -> Double? {
    precondition(values.count == score.k, "a composite takes one answer per indicator")
    return values.withUnsafeBufferPointer { score.value($0) }
  }
}
