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
public struct PairedAccumulator: Sendable, Codable {
  /// Decimal places of the mantissas (`nil`: floating mode).
  public private(set) var scale: Int?
  /// Factor applied to every value (1 for indicators).
  public let multiplier: Double
  /// Pass rule for pass rates (if any).
  public let passRule: PassRule?

  var exact: ExactCoMoments
  var exactDifferences = IntegerHistogram()
  var floating = CoMoments()
  var floatingDifferences = ValueCounts<Double>()

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
    self.scale = scale
    self.multiplier = multiplier
    self.passRule = passRule
    extremes = bounds.map { ExtremeCounts(bounds: $0) }
    exact = ExactCoMoments(scale: scale ?? 0)
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
    addPair(a, b, unit: unit)
  }

  /// Adds a complete pair of mantissas (pass table already counted).
  @inline(__always)
  private mutating func addPair(_ a: Int64, _ b: Int64, unit u: Double) {
    if scale != nil {
      if exact.add(x: a, y: b) {
        exactDifferences.add(b &- a)
        return
      }
      switchToFloating()
    }
    // Floating mode (after an overflow of the exact sums): real units.
    floating.add(x: Double(a) / u, y: Double(b) / u)
    floatingDifferences.add(Double(b) / u - Double(a) / u)
  }

  /// Adds `pre.count` matched respondents given as mantissas in units of
  /// `unit` (`missingMantissa` = missing): the same as one
  /// `add(mantissaPre:mantissaPost:unit:)` per respondent, with the exact
  /// sums formed per block in 64-bit integers.
  public mutating func add(mantissasPre pre: UnsafeBufferPointer<Int64>, post: UnsafeBufferPointer<Int64>, unit: Double)
  {
    let n = pre.count
    precondition(post.count == n, "pre and post blocks differ in length")
    guard n > 0 else { return }
    matched += n
    withUnsafeTemporaryAllocation(of: Int64.self, capacity: 3 * n) { buf in
      let xs = buf.baseAddress!
      let ys = xs + n
      let ds = ys + n
      var m = 0
      var ap = 0
      var bp = 0
      let missing = Self.missingMantissa
      for i in 0..<n {
        let a = pre[i]
        let b = post[i]
        let hasA = a != missing
        let hasB = b != missing
        ap &+= hasA ? 1 : 0
        bp &+= hasB ? 1 : 0
        if hasA && hasB {
          xs[m] = a
          ys[m] = b
          m += 1
        }
      }
      answeredPre += ap
      answeredPost += bp
      if var e = extremes {
        for i in 0..<n {
          if pre[i] != missing { e.count(pre: Double(pre[i]) / unit) }
          if post[i] != missing { e.count(post: Double(post[i]) / unit) }
        }
        extremes = e
      }
      if let rule = passRule {
        var table = (0, 0, 0, 0)
        let t = thresholdUnits
        for i in 0..<m {
          let pa = rule.higherIsBetter ? Double(xs[i]) >= t : Double(xs[i]) <= t
          let pb = rule.higherIsBetter ? Double(ys[i]) >= t : Double(ys[i]) <= t
          switch (pa, pb) {
          case (false, false): table.0 += 1
          case (false, true): table.1 += 1
          case (true, false): table.2 += 1
          case (true, true): table.3 += 1
          }
        }
        passTable[0] += table.0
        passTable[1] += table.1
        passTable[2] += table.2
        passTable[3] += table.3
      }
      let x = UnsafeBufferPointer(start: xs, count: m)
      let y = UnsafeBufferPointer(start: ys, count: m)
      if scale != nil && exact.add(xs: x, ys: y) {
        for i in 0..<m { ds[i] = ys[i] &- xs[i] }
        exactDifferences.add(contentsOf: UnsafeBufferPointer(start: ds, count: m))
      } else {
        for i in 0..<m { addPair(xs[i], ys[i], unit: unit) }
      }
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
    if let s = scale {
      let u = powerOfTen(s)
      let a = nearestInt64(pre * u)
      let b = nearestInt64(post * u)
      if exact.add(x: a, y: b) {
        exactDifferences.add(b - a)
        return
      }
      switchToFloating()
    }
    floating.add(x: pre, y: post)
    floatingDifferences.add(post - pre)
  }

  /// Adds a matched respondent given as exact mantissas at scale 0
  /// (composite).
  @inline(__always)
  public mutating func add(preMantissa a: Int64, postMantissa b: Int64) {
    matched += 1
    answeredPre += 1
    answeredPost += 1
    addPair(a, b, unit: 1)
  }

  /// Counts a matched respondent who could not be used at all.
  public mutating func addIncomplete(pre: Bool, post: Bool) {
    matched += 1
    if pre { answeredPre += 1 }
    if post { answeredPost += 1 }
  }

  private mutating func switchToFloating() {
    guard let s = scale else { return }
    floating = exact.floating
    let u = powerOfTen(s)
    for (v, c) in exactDifferences.sorted { floatingDifferences.add(Double(v) / u, count: c) }
    exactDifferences = IntegerHistogram()
    scale = nil
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
    let differences = scale != nil ? exactDifferences.total : floatingDifferences.total
    guard differences == pairs else {
      throw fail("the histogram of differences holds \(differences) values for \(pairs) complete pairs")
    }
  }

  /// The same figures in floating point with the multiplier applied
  /// (multiplier 1), for merging accumulators built with different multipliers.
  public func inRealUnits() -> PairedAccumulator {
    var a = self
    a.switchToFloating()
    var r = PairedAccumulator(scale: nil, multiplier: 1, passRule: passRule)
    r.answeredPre = answeredPre
    r.answeredPost = answeredPost
    r.matched = matched
    r.passTable = passTable
    r.extremes = extremes
    r.floating = a.floating.scaled(by: multiplier)
    for (v, c) in a.floatingDifferences.sorted { r.floatingDifferences.add(v * multiplier, count: c) }
    return r
  }

  /// Combines two accumulators of the same indicator.
  public func merged(with other: PairedAccumulator) -> PairedAccumulator {
    if multiplier != other.multiplier { return inRealUnits().merged(with: other.inRealUnits()) }
    var a = self
    var b = other
    a.answeredPre += b.answeredPre
    a.answeredPost += b.answeredPost
    a.matched += b.matched
    for i in 0..<4 { a.passTable[i] += b.passTable[i] }
    a.extremes = a.extremes.flatMap { x in b.extremes.flatMap { x.merged(with: $0) } }
    if let sa = a.scale, let sb = b.scale {
      let s = max(sa, sb)
      if let ea = a.exact.rescaled(to: s), let eb = b.exact.rescaled(to: s), let m = ea.merged(with: eb),
        let da = rescaled(a.exactDifferences, by: s - sa), let db = rescaled(b.exactDifferences, by: s - sb)
      {
        a.exact = m
        a.scale = s
        a.exactDifferences = da
        a.exactDifferences.merge(db)
        return a
      }
    }
    a.switchToFloating()
    b.switchToFloating()
    a.floating = a.floating.merged(with: b.floating)
    a.floatingDifferences.merge(b.floatingDifferences)
    return a
  }

  /// `h` with every value × 10^places, or `nil` when one would overflow.
  private func rescaled(_ h: IntegerHistogram, by places: Int) -> IntegerHistogram? {
    guard places > 0 else { return h }
    let f = Int64(powerOfTen(places))
    var r = IntegerHistogram()
    for (v, c) in h.sorted {
      let (x, o) = v.multipliedReportingOverflow(by: f)
      if o { return nil }
      r.add(x, count: c)
    }
    return r
  }

  // MARK: - Figures (before direction adjustment), in real units × multiplier

  /// Complete pairs.
  public var pairs: Int { scale != nil ? exact.count : floating.count }

  /// Summary moments of the complete pairs.
  public var moments: PairedMoments {
    let m = multiplier
    if scale != nil {
      return PairedMoments(
        n: exact.count, meanPre: exact.meanX.map { $0 * m }, meanPost: exact.meanY.map { $0 * m },
        variancePre: exact.varianceX.map { $0 * m * m }, variancePost: exact.varianceY.map { $0 * m * m },
        covariance: exact.covariance.map { $0 * m * m }, meanDifference: exact.meanDifference.map { $0 * m },
        varianceDifference: exact.varianceDifference.map { $0 * m * m })
    }
    let f = floating
    return PairedMoments(
      n: f.count, meanPre: f.count > 0 ? f.meanX * m : nil, meanPost: f.count > 0 ? f.meanY * m : nil,
      variancePre: f.varianceX.map { $0 * m * m }, variancePost: f.varianceY.map { $0 * m * m },
      covariance: f.covariance.map { $0 * m * m }, meanDifference: f.count > 0 ? f.meanD * m : nil,
      varianceDifference: f.varianceDifference.map { $0 * m * m })
  }

  /// The differences post − pre as an exact histogram (value, count), in
  /// real units × multiplier.
  public var differenceHistogram: [(value: Double, count: Int)] {
    if let s = scale {
      let u = powerOfTen(s)
      return exactDifferences.sorted.map { (Double($0.value) / u * multiplier, $0.count) }
    }
    return floatingDifferences.sorted.map { ($0.value * multiplier, $0.count) }
  }

  /// Number of negative, zero and positive differences.
  public var signCounts: (negative: Int, zero: Int, positive: Int) {
    if scale != nil { return exactDifferences.signCounts }
    var n = 0
    var z = 0
    var p = 0
    for (v, c) in floatingDifferences.counts {
      if v < 0 { n += c } else if v > 0 { p += c } else { z += c }
    }
    return (n, z, p)
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
