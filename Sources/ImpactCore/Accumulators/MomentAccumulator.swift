// The one design of the moment accumulators: per arity one type —
// `UnivariateMoments` (values), `BivariateMoments` (pairs and their
// differences), `CrossProducts` (rows of k variables) — whose storage is an
// enum of exactly one mode:
//
// - exact: decimal mantissas at a fixed number of places, integer sums
//   (128-bit, 256-bit numerators), so any split merges to bit-identical
//   figures (kernels `ExactMoments`, `ExactCoMoments`, `ExactCrossSums`);
// - floating: the shifted-data method of Chan, Golub & LeVeque (1983) with
//   compensated sums, any split within a few ulps (kernels `Moments`,
//   `CoMoments`, `FloatingCrossSums`).
//
// An exact accumulator whose sums would overflow continues in floating point
// (one-way), and a merge of exact accumulators at different places rescales
// to the larger; a merge with a floating one is floating. Holding one mode at
// a time makes a state that mixes them unrepresentable.

/// A mergeable accumulator of moments, exact (decimal mantissas) or
/// floating.
///
/// Laws, checked by the property tests for every conforming type: merging
/// the accumulators of any split of the data gives the single-pass figures
/// (bit-identical in exact mode), `count` adds up, and the empty accumulator
/// is an identity of `merged(with:)`.
public protocol MomentAccumulator: Sendable {
  /// Observations added (values, pairs or rows).
  var count: Int { get }
  /// Decimal places of the exact sums, or `nil` in floating mode.
  var scale: Int? { get }
  /// The accumulator of both inputs' observations.
  func merged(with other: Self) -> Self
}

extension MomentAccumulator {
  /// Whether the sums are exact (decimal mantissas).
  public var isExact: Bool { scale != nil }
}
