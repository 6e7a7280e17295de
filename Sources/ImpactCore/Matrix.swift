// The safe dense-matrix layer over CBLAS and LAPACKE.
//
// This file (with MatrixError.swift) is the ONLY place in the project that
// touches BLAS/LAPACK pointers. Everything else calls the value-typed API here.
//
// References:
// - BLAS: Dongarra et al., "A set of level 3 basic linear algebra
//   subprograms", ACM TOMS 16 (1990). OpenBLAS 0.3.21 (Debian libopenblas-dev).
// - LAPACK `dgelsd` (SVD-based minimum-norm least squares, divide and conquer):
//   Anderson et al., LAPACK Users' Guide, 3rd ed., §2.4.2. LAPACKE 3.11.
// - Centered cross-products merged with the update of Chan, Golub & LeVeque,
//   "Algorithms for computing the sample variance", Amer. Stat. 37 (1983).
import CLinearAlgebra
import Synchronization

/// Serializes calls into OpenBLAS/LAPACKE. OpenBLAS's own thread pool is
/// switched off (one thread: the matrices here are small and `impact` already
/// parallelizes across rows), and calls from our worker threads take turns —
/// concurrent calls into Debian's OpenBLAS corrupted memory in a stress test.
private let blasGate = Mutex<Bool>(false)

@inline(__always)
private func withBLAS<T>(_ body: () throws(MatrixError) -> T) throws(MatrixError) -> T {
  try blasGate.withLock { (configured: inout Bool) throws(MatrixError) -> T in
    if !configured {
      openblas_set_num_threads(1)
      configured = true
    }
    return try body()
  }
}

@inline(__always)
private func withBLAS<T>(_ body: () -> T) -> T {
  blasGate.withLock { (configured: inout Bool) -> T in
    if !configured {
      openblas_set_num_threads(1)
      configured = true
    }
    return body()
  }
}

/// A dense real matrix stored column-major, as BLAS and LAPACK expect.
///
/// `Matrix` is a value type with copy-on-write storage. Element `(i, j)` is at
/// `storage[i + j * rows]`.
///
/// ```swift
/// var x = Matrix(rows: 3, columns: 2, columnMajor: [1, 2, 3, 4, 5, 6])
/// let g = x.gram()            // XᵀX, 2×2
/// let y = x.multiply([1, 1])  // X·v = [5, 7, 9]
/// ```
public struct Matrix: Sendable, Equatable, Codable {
  /// Number of rows (≥ 0).
  public let rows: Int
  /// Number of columns (≥ 0).
  public let columns: Int
  /// Column-major elements; `count == rows * columns`.
  public private(set) var storage: [Double]

  /// A matrix filled with `value`.
  public init(rows: Int, columns: Int, repeating value: Double = 0) {
    precondition(rows >= 0 && columns >= 0, "matrix dimensions must be non-negative")
    self.rows = rows
    self.columns = columns
    self.storage = Array(repeating: value, count: rows * columns)
  }

  /// A matrix from column-major elements.
  public init(rows: Int, columns: Int, columnMajor: [Double]) {
    precondition(rows >= 0 && columns >= 0, "matrix dimensions must be non-negative")
    precondition(columnMajor.count == rows * columns, "element count must equal rows × columns")
    self.rows = rows
    self.columns = columns
    self.storage = columnMajor
  }

  /// A matrix whose columns are the given arrays (all of equal length).
  public init(columns cols: [[Double]]) {
    let r = cols.first?.count ?? 0
    precondition(cols.allSatisfy { $0.count == r }, "all columns must have the same length")
    self.rows = r
    self.columns = cols.count
    self.storage = Array(cols.joined())
  }

  /// The n×n identity.
  public static func identity(_ n: Int) -> Matrix {
    var m = Matrix(rows: n, columns: n)
    for i in 0..<n { m[i, i] = 1 }
    return m
  }

  /// Element access (row `i`, column `j`).
  public subscript(i: Int, j: Int) -> Double {
    get { storage[i + j * rows] }
    set { storage[i + j * rows] = newValue }
  }

  /// Column `j` as an array.
  public func column(_ j: Int) -> [Double] {
    Array(storage[(j * rows)..<((j + 1) * rows)])
  }

  /// The transpose.
  public var transposed: Matrix {
    var t = Matrix(rows: columns, columns: rows)
    for j in 0..<columns {
      for i in 0..<rows { t[j, i] = self[i, j] }
    }
    return t
  }

  // MARK: - Level 2 and 3 BLAS

  /// Matrix–vector product `y = A·x` (BLAS `dgemv`).
  ///
  /// - Parameter x: a vector with `columns` elements.
  /// - Returns: a vector with `rows` elements.
  /// - Complexity: O(rows × columns).
  public func multiply(_ x: [Double]) -> [Double] {
    precondition(x.count == columns, "vector length must equal the number of columns")
    var y = [Double](repeating: 0, count: rows)
    guard rows > 0, columns > 0 else { return y }
    withBLAS {
      storage.withUnsafeBufferPointer { a in
        x.withUnsafeBufferPointer { xp in
          y.withUnsafeMutableBufferPointer { yp in
            cblas_dgemv(
              CblasColMajor, CblasNoTrans, blasInt(rows), blasInt(columns), 1.0,
              a.baseAddress, blasInt(max(rows, 1)), xp.baseAddress, 1, 0.0, yp.baseAddress, 1)
          }
        }
      }
    }
    return y
  }

  /// Transposed matrix–vector product `y = Aᵀ·x` (BLAS `dgemv`).
  ///
  /// - Parameter x: a vector with `rows` elements.
  /// - Returns: a vector with `columns` elements.
  public func transposeMultiply(_ x: [Double]) -> [Double] {
    precondition(x.count == rows, "vector length must equal the number of rows")
    var y = [Double](repeating: 0, count: columns)
    guard rows > 0, columns > 0 else { return y }
    withBLAS {
      storage.withUnsafeBufferPointer { a in
        x.withUnsafeBufferPointer { xp in
          y.withUnsafeMutableBufferPointer { yp in
            cblas_dgemv(
              CblasColMajor, CblasTrans, blasInt(rows), blasInt(columns), 1.0,
              a.baseAddress, blasInt(max(rows, 1)), xp.baseAddress, 1, 0.0, yp.baseAddress, 1)
          }
        }
      }
    }
    return y
  }

  /// Matrix product `C = A·B` (BLAS `dgemm`).
  ///
  /// - Complexity: O(rows × columns × other.columns).
  public func multiply(_ other: Matrix) -> Matrix {
    precondition(columns == other.rows, "inner dimensions must agree")
    var c = Matrix(rows: rows, columns: other.columns)
    guard rows > 0, other.columns > 0, columns > 0 else { return c }
    withBLAS {
      storage.withUnsafeBufferPointer { a in
        other.storage.withUnsafeBufferPointer { b in
          c.storage.withUnsafeMutableBufferPointer { cp in
            cblas_dgemm(
              CblasColMajor, CblasNoTrans, CblasNoTrans,
              blasInt(rows), blasInt(other.columns), blasInt(columns), 1.0,
              a.baseAddress, blasInt(max(rows, 1)), b.baseAddress, blasInt(max(other.rows, 1)),
              0.0, cp.baseAddress, blasInt(max(rows, 1)))
          }
        }
      }
    }
    return c
  }

  /// The Gram matrix `AᵀA` (BLAS `dsyrk`, lower triangle mirrored to full).
  ///
  /// ```
  /// G[j,k] = Σᵢ A[i,j]·A[i,k]
  /// ```
  /// When every element is an integer and every partial sum stays below 2⁵³
  /// the result is exact.
  /// - Complexity: O(rows × columns²), memory-bound for tall matrices.
  public func gram() -> Matrix {
    var g = Matrix(rows: columns, columns: columns)
    guard rows > 0, columns > 0 else { return g }
    withBLAS {
      storage.withUnsafeBufferPointer { a in
        g.storage.withUnsafeMutableBufferPointer { gp in
          cblas_dsyrk(
            CblasColMajor, CblasLower, CblasTrans, blasInt(columns), blasInt(rows), 1.0,
            a.baseAddress, blasInt(max(rows, 1)), 0.0, gp.baseAddress, blasInt(columns))
        }
      }
    }
    g.mirrorLowerTriangle()
    return g
  }

  /// Adds `AᵀA` of `block` into `self` in place (BLAS `dsyrk` with β = 1).
  ///
  /// `self` must be `block.columns × block.columns` and symmetric; the lower
  /// triangle is updated and mirrored.
  public mutating func addGram(of block: Matrix) {
    precondition(rows == block.columns && columns == block.columns, "shape mismatch")
    guard block.rows > 0, block.columns > 0 else { return }
    let n = columns
    withBLAS {
      block.storage.withUnsafeBufferPointer { a in
        storage.withUnsafeMutableBufferPointer { gp in
          cblas_dsyrk(
            CblasColMajor, CblasLower, CblasTrans, blasInt(n), blasInt(block.rows), 1.0,
            a.baseAddress, blasInt(max(block.rows, 1)), 1.0, gp.baseAddress, blasInt(n))
        }
      }
    }
    mirrorLowerTriangle()
  }

  private mutating func mirrorLowerTriangle() {
    for j in 0..<columns {
      for i in (j + 1)..<max(j + 1, rows) { self[j, i] = self[i, j] }
    }
  }

  // MARK: - Column statistics

  /// Column means, two-pass (mean, then a correction pass), so that data far
  /// from zero (e.g. 1e7 + small deviations) keep their small digits.
  ///
  /// ```
  /// m̂ⱼ = Σᵢ A[i,j] / n;   mⱼ = m̂ⱼ + Σᵢ (A[i,j] − m̂ⱼ) / n
  /// ```
  /// - Returns: `columns` means; empty columns (rows == 0) give NaN-free `[]`
  ///   only when `columns == 0`, otherwise `nil` is returned.
  public func columnMeans() -> [Double]? {
    guard rows > 0 else { return nil }
    var means = [Double](repeating: 0, count: columns)
    let n = Double(rows)
    storage.withUnsafeBufferPointer { a in
      for j in 0..<columns {
        let col = UnsafeBufferPointer(rebasing: a[(j * rows)..<((j + 1) * rows)])
        var s = 0.0
        for v in col { s += v }
        let m0 = s / n
        var c = 0.0
        for v in col { c += v - m0 }
        means[j] = m0 + c / n
      }
    }
    return means
  }

  /// Column means and the centered cross-product matrix (co-moment matrix).
  ///
  /// ```
  /// C = (A − 1mᵀ)ᵀ (A − 1mᵀ)      (k×k; covariance = C / (n − 1))
  /// ```
  /// Computed two-pass: exact-ish means first, then `dsyrk` on the centered
  /// copy. Never the "sum of squares minus square of sum" formula.
  /// - Returns: `nil` when `rows == 0`.
  /// - Complexity: O(rows × columns²) time, one centered copy of the data.
  public func centeredCrossProducts() -> CenteredCrossProducts? {
    guard let means = columnMeans() else { return nil }
    var centered = self
    centered.storage.withUnsafeMutableBufferPointer { a in
      for j in 0..<columns {
        let m = means[j]
        for i in (j * rows)..<((j + 1) * rows) { a[i] -= m }
      }
    }
    return CenteredCrossProducts(count: rows, means: means, comoments: centered.gram())
  }

  // MARK: - Least squares

  /// Minimum-norm least-squares solution of `A·x ≈ b` (LAPACK `dgelsd`,
  /// SVD with divide and conquer).
  ///
  /// ```
  /// x = argmin ‖b − A·x‖₂ (minimum ‖x‖₂ among minimizers)
  /// ```
  /// - Parameters:
  ///   - b: right-hand side with `rows` elements.
  ///   - rcond: singular values ≤ `rcond · σ_max` are treated as zero; the
  ///     default −1 means machine precision.
  /// - Returns: the solution, the effective rank and the singular values.
  /// - Throws: `MatrixError.lapack` when LAPACK reports a failure (e.g. the
  ///   SVD did not converge), or `.dimension` for empty systems.
  /// - Complexity: O(rows × columns²).
  public func leastSquares(_ b: [Double], rcond: Double = -1) throws(MatrixError) -> LeastSquaresSolution {
    precondition(b.count == rows, "right-hand side length must equal the number of rows")
    guard rows > 0, columns > 0 else {
      throw .dimension("least squares needs at least one row and one column (got \(rows)×\(columns))")
    }
    var a = storage
    let ldb = max(rows, columns)
    var rhs = [Double](repeating: 0, count: ldb)
    for i in 0..<rows { rhs[i] = b[i] }
    var singular = [Double](repeating: 0, count: min(rows, columns))
    var rank: Int32 = 0
    let info = withBLAS {
      a.withUnsafeMutableBufferPointer { ap in
        rhs.withUnsafeMutableBufferPointer { bp in
          singular.withUnsafeMutableBufferPointer { sp in
            LAPACKE_dgelsd(
              LAPACK_COL_MAJOR, Int32(rows), Int32(columns), 1,
              ap.baseAddress, Int32(max(rows, 1)), bp.baseAddress, Int32(ldb),
              sp.baseAddress, rcond, &rank)
          }
        }
      }
    }
    guard info == 0 else {
      throw .lapack(routine: "dgelsd", info: Int(info))
    }
    return LeastSquaresSolution(
      coefficients: Array(rhs[0..<columns]), rank: Int(rank), singularValues: singular)
  }

  /// Least squares by QR (LAPACK `dgels`); `A` must have full column rank.
  ///
  /// - Throws: `MatrixError.lapack` when `A` is rank-deficient (info > 0).
  public func leastSquaresQR(_ b: [Double]) throws(MatrixError) -> [Double] {
    precondition(b.count == rows, "right-hand side length must equal the number of rows")
    guard rows >= columns, columns > 0 else {
      throw .dimension("QR least squares needs rows ≥ columns > 0 (got \(rows)×\(columns))")
    }
    var a = storage
    var rhs = b
    let info = withBLAS {
      a.withUnsafeMutableBufferPointer { ap in
        rhs.withUnsafeMutableBufferPointer { bp in
          LAPACKE_dgels(
            LAPACK_COL_MAJOR, CChar(UInt8(ascii: "N")), Int32(rows), Int32(columns), 1,
            ap.baseAddress, Int32(rows), bp.baseAddress, Int32(rows))
        }
      }
    }
    guard info == 0 else { throw .lapack(routine: "dgels", info: Int(info)) }
    return Array(rhs[0..<columns])
  }

  /// Inverse of a symmetric positive-definite matrix via Cholesky
  /// (LAPACK `dpotrf` + `dpotri`). Used for standard errors of fitted
  /// coefficients: `(XᵀX)⁻¹`.
  ///
  /// - Throws: `MatrixError.lapack` when the matrix is not positive definite.
  public func inverseSPD() throws(MatrixError) -> Matrix {
    precondition(rows == columns, "matrix must be square")
    guard rows > 0 else { throw .dimension("cannot invert an empty matrix") }
    var a = storage
    let n = Int32(rows)
    let info1 = withBLAS {
      a.withUnsafeMutableBufferPointer { ap in
        LAPACKE_dpotrf(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "L")), n, ap.baseAddress, n)
      }
    }
    guard info1 == 0 else { throw .lapack(routine: "dpotrf", info: Int(info1)) }
    let info2 = withBLAS {
      a.withUnsafeMutableBufferPointer { ap in
        LAPACKE_dpotri(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "L")), n, ap.baseAddress, n)
      }
    }
    guard info2 == 0 else { throw .lapack(routine: "dpotri", info: Int(info2)) }
    var inv = Matrix(rows: rows, columns: columns, columnMajor: a)
    inv.mirrorLowerTriangle()
    return inv
  }
}

/// Means and centered cross-products of a data block; mergeable.
///
/// Merging two blocks uses Chan, Golub & LeVeque's update:
/// ```
/// n = nₐ + n_b;  δ = m_b − mₐ
/// m = mₐ + δ·n_b/n
/// C = Cₐ + C_b + δδᵀ·nₐn_b/n
/// ```
public struct CenteredCrossProducts: Sendable, Equatable, Codable {
  /// Number of rows aggregated.
  public var count: Int
  /// Column means.
  public var means: [Double]
  /// Σ (x − m)(x − m)ᵀ, k×k symmetric.
  public var comoments: Matrix

  public init(count: Int, means: [Double], comoments: Matrix) {
    self.count = count
    self.means = means
    self.comoments = comoments
  }

  /// An empty accumulator over `k` variables.
  public static func empty(variables k: Int) -> CenteredCrossProducts {
    CenteredCrossProducts(count: 0, means: Array(repeating: 0, count: k), comoments: Matrix(rows: k, columns: k))
  }

  /// Combines two accumulators over the same variables (Chan et al. 1983).
  public func merged(with other: CenteredCrossProducts) -> CenteredCrossProducts {
    precondition(means.count == other.means.count, "variable counts differ")
    if other.count == 0 { return self }
    if count == 0 { return other }
    let n = Double(count + other.count)
    let na = Double(count)
    let nb = Double(other.count)
    let k = means.count
    var delta = [Double](repeating: 0, count: k)
    var m = means
    for j in 0..<k {
      delta[j] = other.means[j] - means[j]
      m[j] = means[j] + delta[j] * nb / n
    }
    var c = comoments
    let w = na * nb / n
    for j in 0..<k {
      for i in 0..<k {
        c[i, j] += other.comoments[i, j] + delta[i] * delta[j] * w
      }
    }
    return CenteredCrossProducts(count: count + other.count, means: m, comoments: c)
  }

  /// Sample covariance matrix `C / (n − 1)`; `nil` when n < 2.
  public var covariance: Matrix? {
    guard count >= 2 else { return nil }
    let d = Double(count - 1)
    return Matrix(rows: comoments.rows, columns: comoments.columns, columnMajor: comoments.storage.map { $0 / d })
  }
}

/// Result of a least-squares fit.
public struct LeastSquaresSolution: Sendable, Equatable {
  /// The minimum-norm solution vector (one entry per column of `A`).
  public var coefficients: [Double]
  /// Effective numerical rank of `A`.
  public var rank: Int
  /// Singular values of `A`, descending.
  public var singularValues: [Double]
}

@inline(__always)
private func blasInt(_ v: Int) -> blasint { blasint(v) }
