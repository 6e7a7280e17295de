import TestSupport
import Testing

@testable import ImpactCore

@Suite struct MatrixTests {
  @Test func gemvAndTransposeAgreeWithHandComputation() {
    // A = [1 4; 2 5; 3 6]
    let a = Matrix(rows: 3, columns: 2, columnMajor: [1, 2, 3, 4, 5, 6])
    #expect(a.multiply([1, 1]) == [5, 7, 9])
    #expect(a.transposeMultiply([1, 0, -1]) == [-2, -2])
  }

  @Test func gemmAndGram() {
    let a = Matrix(rows: 3, columns: 2, columnMajor: [1, 2, 3, 4, 5, 6])
    let b = Matrix(rows: 2, columns: 2, columnMajor: [1, 0, 1, 1])
    // A·B = [1 5; 2 7; 3 9]
    #expect(a.multiply(b) == Matrix(rows: 3, columns: 2, columnMajor: [1, 2, 3, 5, 7, 9]))
    // AᵀA = [14 32; 32 77]
    #expect(a.gram() == Matrix(rows: 2, columns: 2, columnMajor: [14, 32, 32, 77]))
    var acc = Matrix(rows: 2, columns: 2)
    acc.addGram(of: a)
    acc.addGram(of: a)
    #expect(acc == Matrix(rows: 2, columns: 2, columnMajor: [28, 64, 64, 154]))
  }

  @Test func centeredCrossProductsByHand() throws {
    // x = (1, 2, 3, 4), y = (2, 4, 5, 9): means 2.5, 5; Sxx = 5, Syy = 26, Sxy = 11
    let m = Matrix(columns: [[1, 2, 3, 4], [2, 4, 5, 9]])
    let c = try #require(m.centeredCrossProducts())
    #expect(c.means == [2.5, 5])
    #expect(c.comoments == Matrix(rows: 2, columns: 2, columnMajor: [5, 11, 11, 26]))
    let cov = try #require(c.covariance)
    #expect(abs(cov[0, 1] - 11.0 / 3) < 1e-15)
  }

  @Test func emptyAndDegenerateInputs() {
    #expect(Matrix(rows: 0, columns: 3).centeredCrossProducts() == nil)
    let one = Matrix(columns: [[7], [8]])
    #expect(one.centeredCrossProducts()?.covariance == nil)
    #expect(throws: MatrixError.self) { try Matrix(rows: 0, columns: 0).leastSquares([]) }
  }

  /// NIST StRD Wampler1: y = 1 + x + x² + x³ + x⁴ + x⁵, x = 0…20; certified
  /// coefficients all exactly 1. Must reach ≥ 6 significant digits.
  @Test func wampler1ThroughDgelsdAndDgels() throws {
    let xs = (0...20).map(Double.init)
    let ys = xs.map { x in 1 + x + x * x + x * x * x + x * x * x * x + x * x * x * x * x }
    let design = Matrix(columns: (0...5).map { p in xs.map { x in (0..<p).reduce(1.0) { r, _ in r * x } } })
    let svd = try design.leastSquares(ys)
    let qr = try design.leastSquaresQR(ys)
    #expect(svd.rank == 6)
    for (i, c) in svd.coefficients.enumerated() {
      #expect(correctDigits(c, 1) >= 6, "dgelsd coefficient \(i): \(c)")
    }
    for (i, c) in qr.enumerated() {
      #expect(correctDigits(c, 1) >= 6, "dgels coefficient \(i): \(c)")
    }
  }

  @Test func inverseOfSymmetricPositiveDefinite() throws {
    let a = Matrix(rows: 2, columns: 2, columnMajor: [4, 2, 2, 3])
    let inv = try a.inverseSPD()
    let id = a.multiply(inv)
    for i in 0..<2 {
      for j in 0..<2 { #expect(abs(id[i, j] - (i == j ? 1 : 0)) < 1e-14) }
    }
    #expect(throws: MatrixError.self) { try Matrix(rows: 2, columns: 2, columnMajor: [1, 2, 2, 1]).inverseSPD() }
  }

  /// NIST StRD NumAcc1–4 through the Matrix layer (binary doubles in).
  /// See Reference/numacc_reference.py for why NumAcc4's sd is checked
  /// against the exact sd of the *rounded* inputs.
  @Test(arguments: NumAcc.all)
  func numAccThroughCenteredCrossProducts(_ c: NumAcc) throws {
    let m = Matrix(columns: [c.doubles])
    let ccp = try #require(m.centeredCrossProducts())
    let sd = try #require(ccp.covariance)[0, 0].squareRoot()
    #expect(correctDigits(ccp.means[0], c.certifiedMean) >= 9, "\(c.name) mean \(ccp.means[0])")
    #expect(
      relativeError(sd, c.exactBinarySD) <= 1e-12,
      "\(describeMismatch(c.name + " sd", observed: sd, expected: c.exactBinarySD))")
    #expect(correctDigits(sd, c.certifiedSD) >= c.reachableDigits, "\(c.name) sd \(sd)")
    // Welford (one pass) on the same doubles: its running mean costs digits
    // when data sit far from zero, so it is held to 1e-9 — and that is why
    // the literacy and reach paths use exact-decimal or two-pass sums.
    let w = Moments(c.doubles)
    let wsd = try #require(w.standardDeviation)
    #expect(
      relativeError(wsd, c.exactBinarySD) <= 1e-9,
      "\(describeMismatch(c.name + " Welford sd", observed: wsd, expected: c.exactBinarySD))")
  }

  /// The same data as decimal mantissas: exact sums give the certified
  /// values to full precision (≥ 15 digits), whatever the split.
  @Test(arguments: NumAcc.all)
  func numAccThroughExactMoments(_ c: NumAcc) throws {
    var e = ExactMoments(scale: c.scale)
    for m in c.mantissas {
      let ok = e.add(mantissa: m)
      #expect(ok)
    }
    #expect(correctDigits(try #require(e.mean), c.certifiedMean) >= 15)
    #expect(correctDigits(try #require(e.standardDeviation), c.certifiedSD) >= 15)
    // Split in three and merged in another order: bit-identical.
    var parts = [ExactMoments(scale: c.scale), ExactMoments(scale: c.scale), ExactMoments(scale: c.scale)]
    for (i, m) in c.mantissas.enumerated() { parts[(i * 7) % 3].add(mantissa: m) }
    let merged = try #require(parts[2].merged(with: parts[0])?.merged(with: parts[1]))
    #expect(merged.mean == e.mean)
    #expect(merged.variance == e.variance)
  }
}

/// NIST StRD univariate NumAcc data sets.
struct NumAcc: Sendable, CustomTestStringConvertible {
  var name: String
  var decimals: [String]
  var certifiedMean: Double
  var certifiedSD: Double
  /// Exact sd of the nearest doubles (Reference/numacc_reference.py).
  var exactBinarySD: Double
  /// Digits of the certified sd that survive rounding the inputs to doubles.
  var reachableDigits: Double
  var scale: Int

  var testDescription: String { name }
  var doubles: [Double] { decimals.compactMap(Double.init) }
  var mantissas: [Int64] {
    decimals.map { s in
      let parts = s.split(separator: ".")
      let frac = parts.count > 1 ? String(parts[1]) : ""
      let padded = frac + String(repeating: "0", count: scale - frac.count)
      return Int64(String(parts[0]) + padded) ?? 0
    }
  }

  static func alternating(_ b: String, _ lo: String, _ hi: String) -> [String] {
    [b] + (0..<500).flatMap { _ in [lo, hi] }
  }

  static let all: [NumAcc] = [
    NumAcc(
      name: "NumAcc1", decimals: ["10000001", "10000003", "10000002"], certifiedMean: 10_000_002,
      certifiedSD: 1, exactBinarySD: 1, reachableDigits: 15, scale: 0),
    NumAcc(
      name: "NumAcc2", decimals: alternating("1.2", "1.1", "1.3"), certifiedMean: 1.2, certifiedSD: 0.1,
      exactBinarySD: 0.09999999999999998, reachableDigits: 14, scale: 1),
    NumAcc(
      name: "NumAcc3", decimals: alternating("1000000.2", "1000000.1", "1000000.3"), certifiedMean: 1_000_000.2,
      certifiedSD: 0.1, exactBinarySD: 0.1000000000349246, reachableDigits: 9, scale: 1),
    NumAcc(
      name: "NumAcc4", decimals: alternating("10000000.2", "10000000.1", "10000000.3"),
      certifiedMean: 10_000_000.2, certifiedSD: 0.1, exactBinarySD: 0.10000000055879354, reachableDigits: 8.2,
      scale: 1),
  ]
}
