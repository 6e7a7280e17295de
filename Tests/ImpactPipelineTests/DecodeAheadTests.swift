import Foundation
import ImpactIngest
import Testing

@testable import ImpactPipeline

/// `impact merge` decodes partials ahead on other threads: results come in
/// the order of the paths, an error is the error of its own file, and
/// stopping early (the first error) waits for the decodes in flight
/// instead of leaving them running.
@Suite struct DecodeAheadTests {
  static func files() throws -> (dir: String, good: String, bad: String) {
    let dir = try PartialValidationTests.temp()
    let bytes = try PartialValidationTests.reachState.get()
    let good = "\(dir)/good.json"
    let bad = "\(dir)/bad.json"
    try Data(bytes).write(to: URL(fileURLWithPath: good))
    try Data(bytes.prefix(bytes.count / 2)).write(to: URL(fileURLWithPath: bad))
    return (dir, good, bad)
  }

  @Test(arguments: [1, 2, 3, 8])
  func resultsComeInOrderOfThePaths(_ ahead: Int) throws {
    let (_, good, bad) = try Self.files()
    let paths = [good, bad, good, good, bad, good, good]
    let decoding = DecodeAhead(paths, ahead: ahead)
    defer { decoding.finish() }
    for (i, path) in paths.enumerated() {
      switch decoding.take(i) {
      case .success(let (partial, total)):
        #expect(path == good)
        guard case .reach = partial else { Issue.record("not a reach partial"); continue }
        #expect(total.value > 0)
      case .failure(let error):
        #expect(path == bad)
        #expect(error.file == bad)
        #expect(error.message.contains("not valid JSON"), "\(error.message)")
      }
    }
  }

  /// Stopping after the first result, with others in flight, returns.
  @Test func finishingEarlyWaitsForTheDecodesInFlight() throws {
    let (_, good, bad) = try Self.files()
    let paths = [bad] + Array(repeating: good, count: 12)
    let decoding = DecodeAhead(paths, ahead: 4)
    #expect(throws: IngestError.self) { _ = try decoding.take(0).get() }
    decoding.finish()
    let error = try #require(throws: IngestError.self) { _ = try MergeJob.run(paths, deterministic: true) }
    #expect(error.file == bad)
  }
}
