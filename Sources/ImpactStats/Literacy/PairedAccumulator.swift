public import ImpactCore

/// Everything the paired statistics of one indicator (or the composite) are
/// computed from; mergeable.
///
/// Exact mode (values are decimals with at most `scale` places): exact
/// co-moments and an exact histogram of the differences in units of
/// 10^−scale, so any split of the respondents merges to bit-identical
/// figures, and the Wilcoxon statistic follows exactly from the histogram.
/// Floating mode (other data): Chan co-moments and a histogram of the
/// differences as doubles.
///
/// The figure a value stands for is `mantissa × 10^−scale × multiplier`
/// (`multiplier` is 1 for indicators; the composite uses it to map summed
/// scores to 0–100).
public struct PairedAccumulator: Sendable {
  /// Decimal places of the mantissas (`nil`: floating mode).
  public var scale: Int? { values.scale }
  /// Factor applied to every value (1 for indicators).
  public let multiplier: Double
  /// Pass rule for pass rates (if any).
  public let passRule: PassRule?

  /// Co-moments and differences of the complete pairs (one mode at a time).
  public private(set) var values: BivariateMoments

  /// Answered at baseline / endline among matched respondents (either wave).
  public private(set) var answeredPre = 0
  public private(set) var answeredPost = 0
  /// Matched respondents seen (answered or not).
  public private(set) var matched = 0
  /// 2×2 pass table over complete pairs: [pre pass][post pass].
  public private(set) var passTable = [0, 0, 0, 0]
  /// Answers at the ends of the response scale per wave (ceiling and floor
  /// shares); `nil` without known bounds, or in partials written before the
  /// counts existed.
  public private(set) var extremes: ExtremeCounts?

  /// The pass threshold in units of 10^−scale (exact mode).
  private let thresholdUnits: Double

  /// - Parameter bounds: the response scale whose ends are counted in
  ///   `extremes` (nil: not counted).
  public init(scale: Int?, multiplier: Double = 1, passRule: PassRule? = nil, bounds: ClosedRange<Double>? = nil) {
    self.multiplier = multiplier
    self.passRule = passRule
    extremes = bounds.map { ExtremeCounts(bounds: $0) }
    values = BivariateMoments(scale: scale)
    thresholdUnits = (passRule?.threshold ?? 0) * powerOfTen(scale ?? 0)
  }

  /// The mantissa that marks a missing answer in `add(mantissaPre:mantissaPost:)`.
  public static let missingMantissa = Int64.min

  /// Adds one matched respondent given as mantissas in units of `unit`
  /// (10^scale of the indicator; `missingMantissa` = missing).
  @inline(__always)
  public mutating func add(mantissaPre a: Int64, mantissaPost b: Int64, unit: Double) {
    matched += 1
    let hasPre = a != Self.missingMantissa
    let hasPost = b != Self.missingMantissa
    if hasPre { answeredPre += 1 }
    if hasPost { answeredPost += 1 }
    if extremes != nil {
      if hasPre { extremes?.count(pre: Double(a) / unit) }
      if hasPost { extremes?.count(post: Double(b) / unit) }
    }
    guard hasPre && hasPost else { return }
    if let rule = passRule {
      let pa = rule.higherIsBetter ? Double(a) >= thresholdUnits : Double(a) <= thresholdUnits
      let pb = rule.higherIsBetter ? Double(b) >= thresholdUnits : Double(b) <= thresholdUnits
      passTable[(pa ? 2 : 0) + (pb ? 1 : 0)] += 1
    }
    values.add(mantissaX: a, mantissaY: b, unit: unit)
  }

  /// Adds `pre.count` matched respondents given as mantissas in units of
  /// `unit` (`missingMantissa` = missing): the same as one
  /// `add(mantissaPre:mantissaPost:unit:)` per respondent.
  public mutating func add(mantissasPre pre: [Int64], post: [Int64], unit: Double) {
    precondition(post.count == pre.count, "pre and post blocks differ in length")
    pre.withUnsafeBufferPointer { p in post.withUnsafeBufferPointer { q in add(mantissasPre: p, post: q, unit: unit) } }
  }

  /// `add(mantissasPre:post:unit:)` over buffers (the literacy kernel's
  /// entry): one pass counts answers, extremes and the pass table with
  /// integer thresholds and packs the complete pairs; the exact sums are
  /// then formed per block in 64-bit integers.
  mutating func add(
    mantissasPre pre: UnsafeBufferPointer<Int64>, post: UnsafeBufferPointer<Int64>, unit: Double
  ) {
    let n = pre.count
    precondition(post.count == n, "pre and post blocks differ in length")
    guard n > 0 else { return }
    guard let cuts = MantissaCuts(extremes: extremes, passRule: passRule, thresholdUnits: thresholdUnits, unit: unit)
    else {
      for i in 0..<n { add(mantissaPre: pre[i], mantissaPost: post[i], unit: unit) }
      return
    }
    matched += n
    withUnsafeTemporaryAllocation(of: Int64.self, capacity: 2 * n) { buf in
      // Complete pairs are packed into xs/ys; the capacity is 2n.
      let xs = UnsafeMutableBufferPointer(rebasing: buf[0..<n])
      let ys = UnsafeMutableBufferPointer(rebasing: buf[n..<(2 * n)])
      var m = 0
      var ap = 0
      var bp = 0
      var ends = (0, 0, 0, 0)
      var table = (0, 0, 0, 0)
      let missing = Self.missingMantissa
      // Without branches on the data (answers and passes are close to
      // random, so branches would be mispredicted): every pair is written
      // at `m`, which advances only past complete pairs; "passes" is
      // `sign·x ≥ sign·cut` (wrapping only for the missing marker, masked).
      let sign: Int64 = cuts.higherPasses ? 1 : -1
      let cut = sign &* cuts.pass
      for i in 0..<n {
        let a = pre[i]
        let b = post[i]
        let hasA = a != missing ? 1 : 0
        let hasB = b != missing ? 1 : 0
        ap &+= hasA
        bp &+= hasB
        ends.0 &+= hasA & (a <= cuts.atMinimum ? 1 : 0)
        ends.1 &+= hasA & (a >= cuts.atMaximum ? 1 : 0)
        ends.2 &+= hasB & (b <= cuts.atMinimum ? 1 : 0)
        ends.3 &+= hasB & (b >= cuts.atMaximum ? 1 : 0)
        let both = hasA & hasB
        xs[m] = a
        ys[m] = b
        m &+= both
        let pa = sign &* a >= cut ? 1 : 0
        let pb = sign &* b >= cut ? 1 : 0
        table.0 &+= both & (1 - pa) & (1 - pb)
        table.1 &+= both & (1 - pa) & pb
        table.2 &+= both & pa & (1 - pb)
        table.3 &+= both & pa & pb
      }
      answeredPre += ap
      answeredPost += bp
      extremes?.add(atMinimumPre: ends.0, atMaximumPre: ends.1, atMinimumPost: ends.2, atMaximumPost: ends.3)
      if passRule != nil {
        passTable[0] += table.0
        passTable[1] += table.1
        passTable[2] += table.2
        passTable[3] += table.3
      }
      values.add(
        mantissasX: UnsafeBufferPointer(rebasing: xs[0..<m]).span, y: UnsafeBufferPointer(rebasing: ys[0..<m]).span,
        unit: unit)
    }
  }

  /// Adds one matched respondent; NaN marks a missing answer. `pre`/`post`
  /// are the values in real units (before `multiplier`).
  @inline(__always)
  public mutating func add(pre: Double, post: Double) {
    matched += 1
    let hasPre = !pre.isNaN
    let hasPost = !post.isNaN
    if hasPre { answeredPre += 1 }
    if hasPost { answeredPost += 1 }
    if extremes != nil {
      if hasPre { extremes?.count(pre: pre) }
      if hasPost { extremes?.count(post: post) }
    }
    guard hasPre && hasPost else { return }
    if let rule = passRule {
      passTable[(rule.passes(pre) ? 2 : 0) + (rule.passes(post) ? 1 : 0)] += 1
    }
    values.add(x: pre, y: post)
  }

  /// Adds a matched respondent given as exact mantissas at scale 0
  /// (composite).
  @inline(__always)
  public mutating func add(preMantissa a: Int64, postMantissa b: Int64) {
    matched += 1
    answeredPre += 1
    answeredPost += 1
    values.add(mantissaX: a, mantissaY: b, unit: 1)
  }

  /// Counts a matched respondent who could not be used at all.
  public mutating func addIncomplete(pre: Bool, post: Bool) {
    matched += 1
    if pre { answeredPre += 1 }
    if post { answeredPost += 1 }
  }

  /// Throws when a decoded accumulator breaks an invariant its merges and
  /// figures rely on: counts in range and consistent (answered ≤ matched,
  /// complete pairs ≤ answered, the difference histogram counts every pair,
  /// a 2×2 pass table over at most the complete pairs).
  func validate(_ field: String, _ path: [any CodingKey]) throws {
    func fail(_ what: String) -> DecodingError { DecodedBounds.corrupted(path, "\(field): \(what)") }
    if let s = scale { _ = try DecodedBounds.scale(s, path) }
    guard multiplier.isFinite && multiplier > 0 else { throw fail("multiplier must be a positive number") }
    for (name, n) in [("matched", matched), ("answeredPre", answeredPre), ("answeredPost", answeredPost)] {
      _ = try DecodedBounds.count(n, "\(field).\(name)", path)
    }
    guard passTable.count == 4 else { throw fail("passTable must hold 4 counts, not \(passTable.count)") }
    var passed = 0
    for n in passTable { passed += try DecodedBounds.count(n, "\(field).passTable", path) }
    guard answeredPre <= matched && answeredPost <= matched else { throw fail("more answers than matched respondents") }
    guard pairs <= min(answeredPre, answeredPost), passed <= pairs else {
      throw fail("more complete pairs (or pass-table entries) than answers")
    }
    let differences = values.differenceCount
    guard differences == pairs else {
      throw fail("the histogram of differences holds \(differences) values for \(pairs) complete pairs")
    }
  }

  /// The same figures in floating point with the multiplier applied
  /// (multiplier 1), for merging accumulators built with different multipliers.
  public func inRealUnits() -> PairedAccumulator {
    var r = PairedAccumulator(scale: nil, multiplier: 1, passRule: passRule)
    r.answeredPre = answeredPre
    r.answeredPost = answeredPost
    r.matched = matched
    r.passTable = passTable
    r.extremes = extremes
    r.values = values.scaled(by: multiplier)
    return r
  }

  /// Combines two accumulators of the same indicator.
  public func merged(with other: PairedAccumulator) -> PairedAccumulator {
    if multiplier != other.multiplier { return inRealUnits().merged(with: other.inRealUnits()) }
    var a = self
    let b = other
    a.answeredPre += b.answeredPre
    a.answeredPost += b.answeredPost
    a.matched += b.matched
    for i in 0..<4 { a.passTable[i] += b.passTable[i] }
    a.extremes = a.extremes.flatMap { x in b.extremes.flatMap { x.merged(with: $0) } }
    a.values = values.merged(with: b.values)
    return a
  }

  // MARK: - Figures (before direction adjustment), in real units × multiplier

  /// Complete pairs.
  public var pairs: Int { values.count }

  /// Summary moments of the complete pairs.
  public var moments: PairedMoments {
    let m = multiplier
    let v = values
    return PairedMoments(
      n: v.count, meanPre: v.meanX.map { $0 * m }, meanPost: v.meanY.map { $0 * m },
      variancePre: v.varianceX.map { $0 * m * m }, variancePost: v.varianceY.map { $0 * m * m },
      covariance: v.covariance.map { $0 * m * m }, meanDifference: v.meanDifference.map { $0 * m },
      varianceDifference: v.varianceDifference.map { $0 * m * m })
  }

  /// The differences post − pre as an exact histogram (value, count), in
  /// real units × multiplier.
  public var differenceHistogram: [(value: Double, count: Int)] {
    values.differenceHistogram.map { ($0.value * multiplier, $0.count) }
  }

  /// Number of negative, zero and positive differences.
  public var signCounts: (negative: Int, zero: Int, positive: Int) { values.signCounts }
}

extension PairedAccumulator: Codable {
  // The partial format: the counts, and the pair moments' keys (`scale`,
  // `exact`, `exactDifferences`, `floating`, `floatingDifferences`) in the
  // same object.
  enum CodingKeys: String, CodingKey {
    case multiplier, passRule, answeredPre, answeredPost, matched, passTable, extremes, thresholdUnits
  }

  public func encode(to encoder: any Encoder) throws {
    try values.encode(to: encoder)
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(multiplier, forKey: .multiplier)
    try c.encodeIfPresent(passRule, forKey: .passRule)
    try c.encode(answeredPre, forKey: .answeredPre)
    try c.encode(answeredPost, forKey: .answeredPost)
    try c.encode(matched, forKey: .matched)
    try c.encode(passTable, forKey: .passTable)
    try c.encodeIfPresent(extremes, forKey: .extremes)
    try c.encode(thresholdUnits, forKey: .thresholdUnits)
  }

  public init(from decoder: any Decoder) throws {
    values = try BivariateMoments(from: decoder)
    let c = try decoder.container(keyedBy: CodingKeys.self)
    multiplier = try c.decode(Double.self, forKey: .multiplier)
    passRule = try c.decodeIfPresent(PassRule.self, forKey: .passRule)
    thresholdUnits = try c.decode(Double.self, forKey: .thresholdUnits)
    answeredPre = try c.decode(Int.self, forKey: .answeredPre)
    answeredPost = try c.decode(Int.self, forKey: .answeredPost)
    matched = try c.decode(Int.self, forKey: .matched)
    passTable = try c.decode([Int].self, forKey: .passTable)
    extremes = try c.decodeIfPresent(ExtremeCounts.self, forKey: .extremes)
  }
}

/// Moments of complete pairs (pre, post) and of d = post − pre.
public struct PairedMoments: Sendable, Equatable {
  public var n: Int
  public var meanPre: Double?
  public var meanPost: Double?
  public var variancePre: Double?
  public var variancePost: Double?
  public var covariance: Double?
  public var meanDifference: Double?
  public var varianceDifference: Double?
}

/// Answers at the lowest and highest point of the response scale, per wave
/// (matched respondents who answered); mergeable by addition.
///
/// A value counts as at an end when it is within 10⁻⁹ (relative) of it, so
/// exact decimal mantissas and doubles classify alike.
public struct ExtremeCounts: Sendable, Equatable, Codable {
  public let bounds: ClosedRange<Double>
  public private(set) var atMinimumPre = 0
  public private(set) var atMaximumPre = 0
  public private(set) var atMinimumPost = 0
  public private(set) var atMaximumPost = 0

  public init(bounds: ClosedRange<Double>) { self.bounds = bounds }

  @inline(__always)
  func end(_ x: Double) -> (minimum: Bool, maximum: Bool) {
    let lo = bounds.lowerBound
    let hi = bounds.upperBound
    return (x <= lo + 1e-9 * max(1, abs(lo)), x >= hi - 1e-9 * max(1, abs(hi)))
  }

  @inline(__always)
  mutating func count(pre x: Double) {
    let e = end(x)
    if e.minimum { atMinimumPre += 1 }
    if e.maximum { atMaximumPre += 1 }
  }

  @inline(__always)
  mutating func count(post x: Double) {
    let e = end(x)
    if e.minimum { atMinimumPost += 1 }
    if e.maximum { atMaximumPost += 1 }
  }

  /// Adds counts found elsewhere (a block kernel).
  mutating func add(atMinimumPre a: Int, atMaximumPre b: Int, atMinimumPost c: Int, atMaximumPost d: Int) {
    atMinimumPre += a
    atMaximumPre += b
    atMinimumPost += c
    atMaximumPost += d
  }

  /// The sum of both counts, or `nil` when the bounds differ.
  public func merged(with o: ExtremeCounts) -> ExtremeCounts? {
    guard bounds == o.bounds else { return nil }
    var r = self
    r.atMinimumPre += o.atMinimumPre
    r.atMaximumPre += o.atMaximumPre
    r.atMinimumPost += o.atMinimumPost
    r.atMaximumPost += o.atMaximumPost
    return r
  }
}

/// Integer thresholds on mantissas that classify exactly as the per-value
/// tests in real units do: `Double(m)/unit` is monotone in m, so "at the
/// lowest end" (`ExtremeCounts.end`) holds for m ≤ `atMinimum`, "at the
/// highest end" for m ≥ `atMaximum`, and a pass (`Double(m)` against the
/// threshold in units) for m ≥ `pass` (or ≤ when lower is better).
struct MantissaCuts {
  var atMinimum = Int64.min
  var atMaximum = Int64.max
  var pass: Int64 = 0
  var higherPasses = true

  /// `nil` when a threshold lies where mantissas are not exact doubles
  /// (beyond 2⁵²): then values are classified one at a time.
  init?(extremes: ExtremeCounts?, passRule: PassRule?, thresholdUnits: Double, unit: Double) {
    if let e = extremes {
      guard let lo = Self.last(near: e.bounds.lowerBound * unit, where: { e.end(Double($0) / unit).minimum }),
        let hi = Self.first(near: e.bounds.upperBound * unit, where: { e.end(Double($0) / unit).maximum })
      else { return nil }
      atMinimum = lo
      atMaximum = hi
    }
    if let rule = passRule {
      higherPasses = rule.higherIsBetter
      let t = thresholdUnits
      let cut =
        rule.higherIsBetter
        ? Self.first(near: t, where: { Double($0) >= t }) : Self.last(near: t, where: { Double($0) <= t })
      guard let cut else { return nil }
      pass = cut
    }
  }

  /// The smallest integer where the up-closed `holds` is true, searched
  /// within a few steps of `near`; `nil` when not found there.
  static func first(near: Double, where holds: (Int64) -> Bool) -> Int64? {
    guard near.isFinite, near.magnitude < 0x1p52 else { return nil }
    var m = Int64(near.rounded())
    for _ in 0..<8 where !holds(m) { m += 1 }
    guard holds(m) else { return nil }
    for _ in 0..<8 where holds(m - 1) { m -= 1 }
    return holds(m - 1) ? nil : m
  }

  /// The largest integer where the down-closed `holds` is true, searched
  /// within a few steps of `near`; `nil` when not found there.
  static func last(near: Double, where holds: (Int64) -> Bool) -> Int64? {
    guard near.isFinite, near.magnitude < 0x1p52 else { return nil }
    var m = Int64(near.rounded())
    for _ in 0..<8 where !holds(m) { m -= 1 }
    guard holds(m) else { return nil }
    for _ in 0..<8 where holds(m + 1) { m += 1 }
    return holds(m + 1) ? nil : m
  }
}
