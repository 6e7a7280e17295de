/// Errors from the dense linear-algebra layer (`Matrix`).
///
/// Carries the LAPACK routine and its `info` status so that a failure can be
/// traced back to the exact call ("dgelsd returned info = 3").
public enum MatrixError: Error, Sendable, Equatable, CustomStringConvertible {
  /// LAPACK returned a non-zero `info`: negative means argument `-info` was
  /// illegal (a programming error), positive means a numerical failure such as
  /// a singular matrix or a non-converging SVD.
  case lapack(routine: String, info: Int)
  /// The shapes make the operation meaningless (e.g. an empty system).
  case dimension(String)

  public var description: String {
    switch self {
    case .lapack(let routine, let info) where info < 0:
      return "LAPACK \(routine): argument \(-info) was illegal (internal error; please report it)"
    case .lapack(let routine, let info):
      return
        "LAPACK \(routine) failed with info = \(info) (matrix is singular, rank-deficient or the SVD did not converge)"
    case .dimension(let message):
      return message
    }
  }
}
