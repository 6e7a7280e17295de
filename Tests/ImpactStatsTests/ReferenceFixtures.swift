// Shared helpers for the reference-fixture tests: loading the JSON files in
// Reference/ (written by Reference/make_inference_reference.py) and comparing
// doubles with a stated tolerance, reporting expected / observed / error.
import Foundation
import Testing

/// Loads a fixture file from the test bundle's Reference/ directory.
enum ReferenceFixtures {
  static func load<T: Decodable>(_ name: String, as type: T.Type = T.self) throws -> T {
    let url = try #require(
      Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Reference"),
      "missing fixture Reference/\(name).json"
    )
    return try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
  }
}

/// A comparison tolerance: pass when |observed − expected| ≤ max(relative·|expected|, absolute).
struct Tolerance: CustomStringConvertible {
  var relative: Double
  var absolute: Double = 0

  var description: String {
    absolute > 0 ? "rel \(relative) / abs \(absolute)" : "rel \(relative)"
  }
}

/// Relative error |observed − expected|/|expected| (absolute error when expected is 0).
func relativeError(_ observed: Double, _ expected: Double) -> Double {
  if observed == expected { return 0 }
  if expected == 0 { return abs(observed) }
  return abs(observed - expected) / abs(expected)
}

/// Accumulates comparisons for one quantity, records an issue (with expected,
/// observed and relative error) for each failure, and reports the worst error.
struct ErrorTally {
  let label: String
  let tolerance: Tolerance
  private(set) var count = 0
  private(set) var failures = 0
  private(set) var maxRelativeError = 0.0
  private(set) var worstCase = ""

  init(_ label: String, _ tolerance: Tolerance) {
    self.label = label
    self.tolerance = tolerance
  }

  /// Compares `observed` with `expected`; the relative error is taken with
  /// respect to `scale` when given (default |expected|).
  mutating func check(
    _ observed: Double, _ expected: Double, _ context: @autoclosure () -> String,
    scale: Double? = nil, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    count += 1
    let difference = abs(observed - expected)
    let reference = scale ?? abs(expected)
    let error = observed == expected ? 0 : (reference == 0 ? difference : difference / reference)
    // Errors of results below the absolute floor are not informative.
    if error > maxRelativeError && !(difference <= tolerance.absolute) {
      maxRelativeError = error
      worstCase = context()
    }
    let bothInfinite = observed.isInfinite && observed == expected
    let ok = bothInfinite || difference <= max(tolerance.relative * reference, tolerance.absolute)
    if !ok {
      failures += 1
      Issue.record(
        """
        \(label) [\(context())]: expected \(expected), observed \(observed), \
        relative error \(error) exceeds \(tolerance)
        """,
        sourceLocation: sourceLocation
      )
    }
  }

  /// Prints one summary line (collected in the test log).
  func report() {
    let worst = String(format: "%.3g", maxRelativeError)
    print(
      "[accuracy] \(label): \(count) cases, max relative error \(worst) (tolerance \(tolerance))"
        + (worstCase.isEmpty ? "" : " at \(worstCase)"))
    #expect(count > 0, "\(label): no cases were compared")
  }
}
