import Foundation
import ImpactExport
import ImpactIngest
import ImpactPipeline
import TestSupport
import Testing

/// A survey exported with option texts ("A.比较同意", "非常同意 ",
/// "Ｓｔｒｏｎｇｌｙ agree", "５", "5分", "E.不知道") gives exactly the figures of
/// the same survey with numeric answers (Fixtures/labels, written by
/// make_label_fixtures.py).
@Suite struct AnswerLabelLiteracyTests {
  static let folder = Bundle.module.resourceURL?.appendingPathComponent("Fixtures/labels").path ?? ""

  static func run(_ prefix: String, codebook: String, parallelism: Int = 2) throws -> LiteracyReport {
    var r = LiteracyRequest()
    r.pre = "\(folder)/\(prefix)_pre.csv"
    r.post = "\(folder)/\(prefix)_post.csv"
    r.codebook = codebook
    r.deterministic = true
    r.csv = CSVOptions(parallelism: parallelism, minimumChunkBytes: 256)
    return try LiteracyJob.run(r)
  }

  /// The summary JSON without `meta` (inputs and codebook differ by design)
  /// and, when asked, without the indicators' labels.
  static func figures(_ report: LiteracyReport, dropLabels: Bool = false) -> String {
    guard case .object(let members) = LiteracyJSON.document(report) else { return "" }
    func strip(_ v: JSONValue) -> JSONValue {
      switch v {
      case .object(let m): return .object(m.filter { !(dropLabels && $0.0 == "label") }.map { ($0.0, strip($0.1)) })
      case .array(let a): return .array(a.map(strip))
      default: return v
      }
    }
    return JSONValue.object(members.filter { $0.0 != "meta" }.map { ($0.0, strip($0.1)) }).serialized()
  }

  @Test(arguments: [1, 3])
  func textAnswersGiveTheFiguresOfNumericAnswers(_ parallelism: Int) throws {
    let numeric = try Self.run("numeric", codebook: "\(Self.folder)/numeric_codebook.yaml", parallelism: parallelism)
    let text = try Self.run("text", codebook: "\(Self.folder)/text_codebook.yaml", parallelism: parallelism)
    #expect(Self.figures(text) == Self.figures(numeric))
    let c = text.overall.counts
    #expect(c.matched == 36 && c.onlyPre == 4 && c.onlyPost == 2)
    #expect(c.missingPre == numeric.overall.counts.missingPre && c.missingPost == numeric.overall.counts.missingPost)
    #expect(c.missingPre.reduce(0, +) > 0, "the fixture has missing answers")
    let nonNumeric = c.nonNumericPre.reduce(0, +) + c.nonNumericPost.reduce(0, +)
    #expect(nonNumeric == 0)
    #expect(text.exclusions.unmatchedLabelTotal == 0)
    #expect(text.overall.indicators.allSatisfy { $0.nPairs > 25 })
  }

  /// An answer matching no label is excluded, counted per indicator and wave
  /// and listed with its line — in the JSON and the stderr line.
  @Test func unmatchedLabelsAreCountedAndListed() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("impact-labels-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    // R007's q1 answer becomes a text that is no label.
    var lines = try String(contentsOfFile: "\(Self.folder)/text_pre.csv", encoding: .utf8)
      .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let row = try #require(lines.firstIndex { $0.hasPrefix("R007,") })
    var fields = lines[row].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    fields[1] = "很好啊"
    lines[row] = fields.joined(separator: ",")
    try lines.joined(separator: "\n").write(toFile: "\(dir)/text_pre.csv", atomically: true, encoding: .utf8)
    try FileManager.default.copyItem(atPath: "\(Self.folder)/text_post.csv", toPath: "\(dir)/text_post.csv")
    var r = LiteracyRequest()
    r.pre = "\(dir)/text_pre.csv"
    r.post = "\(dir)/text_post.csv"
    r.codebook = "\(Self.folder)/text_codebook.yaml"
    r.deterministic = true
    let report = try LiteracyJob.run(r)
    #expect(report.exclusions.unmatchedLabelPre == [1, 0, 0, 0])
    #expect(report.exclusions.unmatchedLabelPost == [0, 0, 0, 0])
    let example = try #require(report.exclusions.unmatchedLabel.first)
    #expect(example.wave == "pre" && example.problem == ValueProblem(line: row + 1, column: "q1", text: "很好啊"))
    #expect(report.overall.counts.nonNumericPre == [0, 0, 0, 0], "a distinct reason")
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(LiteracyJSON.document(report).serialized().utf8)) as? [String: Any])
    let attrition = try #require(json["attrition"] as? [String: Any])
    let perIndicator = try #require(attrition["per_indicator"] as? [[String: Any]])
    #expect(perIndicator.map { $0["unmatched_label_pre"] as? Int } == [1, 0, 0, 0])
    #expect(perIndicator.map { $0["unmatched_label_post"] as? Int } == [0, 0, 0, 0])
    let examples = try #require((attrition["examples"] as? [String: Any])?["unmatched_label"] as? [[String: Any]])
    #expect(examples.count == 1)
    #expect(examples.first?["line"] as? Int == row + 1 && examples.first?["value"] as? String == "很好啊")
    #expect(examples.first?["wave"] as? String == "pre" && examples.first?["indicator"] as? String == "q1")
    #expect(
      report.exclusions.unmatchedLabelSummary(indicators: ["q1", "q2", "q3", "q4"])
        == "excluded 1 answers matching no codebook label (pre+post: q1: 1+0); first: '很好啊' on line \(row + 1) (pre)")
  }

  /// Partials merge the unmatched-label counts and read older partials
  /// without them.
  @Test func exclusionsMergeAndDecodeWithoutTheNewKeys() throws {
    var a = LiteracyExclusions()
    a.unmatchedLabelPre = [1, 0]
    a.unmatchedLabelPost = [0, 2]
    var b = LiteracyExclusions()
    b.unmatchedLabelPre = [3, 4]
    b.unmatchedLabelPost = [5, 6]
    a.merge(b)
    #expect(a.unmatchedLabelPre == [4, 4] && a.unmatchedLabelPost == [5, 8] && a.unmatchedLabelTotal == 21)
    let old = Data(
      #"{"duplicateIds":[],"nonNumeric":[],"outOfScale":[],"skippedRows":[],"blankIdLines":[],"onlyPreIds":[],"onlyPostIds":[]}"#
        .utf8)
    let decoded = try JSONDecoder().decode(LiteracyExclusions.self, from: old)
    #expect(decoded.unmatchedLabelPre.isEmpty && decoded.unmatchedLabel.isEmpty)
    let roundTrip = try JSONDecoder().decode(LiteracyExclusions.self, from: JSONEncoder().encode(a))
    #expect(roundTrip.unmatchedLabelPost == [5, 8])
  }
}
