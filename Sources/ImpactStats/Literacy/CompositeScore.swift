import ImpactCore

/// How a respondent's composite score is formed:
///
/// ```
/// composite = (100 / k) · Σⱼ rⱼ(xⱼ),   rⱼ(x) = (x − minⱼ)/(maxⱼ − minⱼ)   (higher is better)
///                                       rⱼ(x) = (maxⱼ − x)/(maxⱼ − minⱼ)   (lower is better)
/// ```
/// i.e. the mean of the indicators rescaled to 0–100 with "better" up, over
/// respondents who answered every indicator.
///
/// When every indicator is exact at a common scale S and every range is an
/// integer number of 10^−S units, the composite is formed exactly: with L the
/// least common multiple of the ranges (in units), wⱼ = L/rangeⱼ and
/// composite = Σⱼ wⱼ·(mⱼ − minⱼ) · 100/(k·L) — an integer times a constant.
struct CompositeScore: Sendable {
  let k: Int
  let minima: [Double]
  let maxima: [Double]
  let higherIsBetter: [Bool]
  /// Exact form: scale, integer weights, minima/maxima in units, multiplier.
  let exactScale: Int?
  let weights: [Int64]
  let minUnits: [Int64]
  let maxUnits: [Int64]
  let multiplier: Double

  init?(design: LiteracyDesign) {
    guard let ranges = design.compositeRanges, ranges.count == design.indicators.count, !ranges.isEmpty else {
      return nil
    }
    guard ranges.allSatisfy({ $0.upperBound > $0.lowerBound }) else { return nil }
    k = ranges.count
    minima = ranges.map(\.lowerBound)
    maxima = ranges.map(\.upperBound)
    higherIsBetter = design.indicators.map(\.higherIsBetter)
    var exact: (Int, [Int64], [Int64], [Int64], Double)?
    if let s = design.commonScale {
      let u = powerOfTen(s)
      let lo = minima.map { ($0 * u).rounded() }
      let hi = maxima.map { ($0 * u).rounded() }
      let representable =
        zip(lo, minima).allSatisfy { $0.0 == ($0.1 * u).rounded() && abs($0.0 / u - $0.1) < 1e-12 * max(1, abs($0.1)) }
        && zip(hi, maxima).allSatisfy { abs($0.0 / u - $0.1) < 1e-12 * max(1, abs($0.1)) }
      if representable && lo.allSatisfy({ abs($0) < 1e12 }) && hi.allSatisfy({ abs($0) < 1e12 }) {
        let rangeUnits = zip(lo, hi).map { Int64($0.1 - $0.0) }
        var l: Int64 = 1
        // A range narrower than one unit at the common scale (within the
        // representability tolerance of huge bounds) has no exact weight.
        var ok = rangeUnits.allSatisfy { $0 > 0 }
        for r in rangeUnits where ok {
          let g = gcd(l, r)
          let (p, o) = (l / g).multipliedReportingOverflow(by: r)
          if o || p > (1 << 30) {
            ok = false
            break
          }
          l = p
        }
        if ok {
          exact = (
            s, rangeUnits.map { l / $0 }, lo.map { Int64($0) }, hi.map { Int64($0) }, 100 / (Double(k) * Double(l))
          )
        }
      }
    }
    if let e = exact {
      exactScale = e.0
      weights = e.1
      minUnits = e.2
      maxUnits = e.3
      multiplier = e.4
    } else {
      exactScale = nil
      weights = []
      minUnits = []
      maxUnits = []
      multiplier = 1
    }
  }

  /// A fresh accumulator for the composite.
  func makeAccumulator() -> PairedAccumulator {
    exactScale != nil ? PairedAccumulator(scale: 0, multiplier: multiplier) : PairedAccumulator(scale: nil)
  }

  /// The composite of one wave's answers in exact units (nil if any missing).
  @inline(__always)
  func exactUnits(_ values: UnsafeBufferPointer<Double>) -> Int64? {
    guard let s = exactScale else { return nil }
    let u = powerOfTen(s)
    var total: Int64 = 0
    for j in 0..<k {
      let x = values[j]
      if x.isNaN { return nil }
      let m = nearestInt64(x * u)
      total += weights[j] * (higherIsBetter[j] ? m - minUnits[j] : maxUnits[j] - m)
    }
    return total
  }

  /// The composite in exact units from mantissas at `exactScale`.
  @inline(__always)
  func exactUnits(mantissas m: UnsafeBufferPointer<Int64>) -> Int64 {
    var total: Int64 = 0
    for j in 0..<k {
      total += weights[j] * (higherIsBetter[j] ? m[j] - minUnits[j] : maxUnits[j] - m[j])
    }
    return total
  }

  /// The composite of one wave's answers on 0–100 (nil if any missing).
  /// Traps when `values` holds fewer than k answers (a caller's mistake,
  /// never the data's: it would read past the answers).
  @inline(__always)
  func value(_ values: UnsafeBufferPointer<Double>) -> Double? {
    precondition(values.count >= k, "a composite takes one answer per indicator")
    var total = 0.0
    for j in 0..<k {
      let x = values[j]
      if x.isNaN { return nil }
      let r = (x - minima[j]) / (maxima[j] - minima[j])
      total += higherIsBetter[j] ? r : 1 - r
    }
    return 100 * total / Double(k)
  }
}

private func gcd(_ a: Int64, _ b: Int64) -> Int64 {
  var x = abs(a)
  var y = abs(b)
  while y != 0 { (x, y) = (y, x % y) }
  return max(x, 1)
}
