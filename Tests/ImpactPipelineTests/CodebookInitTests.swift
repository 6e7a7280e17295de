import Foundation
import ImpactExport
import ImpactIngest
import TestSupport
import Testing

@testable import ImpactPipeline

/// `impact codebook init`: the drafted codebook loads, recognizes the label
/// sets of a text export, and analyses like the hand-written one.
@Suite struct CodebookInitTests {
  static let folder = AnswerLabelLiteracyTests.folder

  static func temporaryDirectory() throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("impact-init-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
  }

  static func draftOfTextExport(parallelism: Int = 2) throws -> CodebookDraft {
    var request = CodebookInitRequest(file: "\(folder)/text_pre.csv")
    request.post = "\(folder)/text_post.csv"
    request.csv = CSVOptions(parallelism: parallelism, minimumChunkBytes: 256)
    return try CodebookInit.draft(request)
  }

  @Test func draftOfATextExportLoadsAndAnalysesLikeTheHandWrittenCodebook() throws {
    let draft = try Self.draftOfTextExport()
    let dir = try Self.temporaryDirectory()
    let path = try CodebookInit.write(draft, to: "\(dir)/codebook.yaml", force: false)
    let codebook = try Codebook.load(path: path)
    #expect(codebook.idColumn == "respondent_id")
    #expect(codebook.indicators.map(\.id) == ["q1", "q2", "q3", "q4"])
    #expect(codebook.indicators.map(\.kind) == [.likert, .likert, .binary, .likert])
    #expect(codebook.indicators.map(\.scale) == [1...5, 1...5, 0...1, 1...5])
    #expect(Set(codebook.scales.keys) == ["agree5", "frequency5"])
    #expect(draft.indicators.map(\.kind) == ["agree5", "frequency5", "binary yes/no", "numeric 1–5"])
    #expect(draft.unknown.isEmpty)
    #expect(draft.yaml.contains("missing: [99, \"不知道\", \"拒答\"]"))
    let drafted = try AnswerLabelLiteracyTests.run("text", codebook: path)
    let handWritten = try AnswerLabelLiteracyTests.run("text", codebook: "\(Self.folder)/text_codebook.yaml")
    // Same figures; only the indicators' labels (question texts) differ.
    #expect(
      AnswerLabelLiteracyTests.figures(drafted, dropLabels: true)
        == AnswerLabelLiteracyTests.figures(handWritten, dropLabels: true))
  }

  @Test func draftIsDeterministicAcrossRunsAndThreads() throws {
    let one = try Self.draftOfTextExport(parallelism: 1)
    let four = try Self.draftOfTextExport(parallelism: 4)
    #expect(one.yaml == four.yaml)
    #expect(one.yaml.firstMatch(of: /\d{4}-\d{2}-\d{2}|\d{2}:\d{2}/) == nil, "no dates or times")
  }

  @Test func unknownLabelSetsAreWrittenAsATodoList() throws {
    let dir = try Self.temporaryDirectory()
    var csv = "id,q1_pre,q1_post,mood_pre,mood_post,district\n"
    let moods = ["很好", "还行", "A.较差", "还行"]
    for i in 0..<12 {
      csv += "P\(i),\(i % 5 + 1),\((i + 1) % 5 + 1),\(moods[i % 4]),\(moods[(i + 1) % 4]),东城区\n"
    }
    try csv.write(toFile: "\(dir)/wide.csv", atomically: true, encoding: .utf8)
    let draft = try CodebookInit.draft(CodebookInitRequest(file: "\(dir)/wide.csv"))
    #expect(draft.unknown == ["mood"])
    #expect(draft.indicators.map(\.id) == ["q1"])
    let yaml = draft.yaml
    #expect(yaml.contains("# TODO: order these — the answers of \"mood\" match no label set impact knows."))
    #expect(yaml.contains("  #     \"还行\": TODO  # seen ×12\n"))
    #expect(yaml.contains("  #     \"A.较差\": TODO  # seen ×6\n"))
    #expect(yaml.contains("  #     \"很好\": TODO  # seen ×6\n"))
    #expect(yaml.contains("  #   pre: \"mood_pre\"\n  #   post: \"mood_post\"\n"))
    #expect(yaml.contains("#   no _pre/_post pair: district"))
    let path = try CodebookInit.write(draft, to: "\(dir)/codebook.yaml", force: false)
    let codebook = try Codebook.load(path: path)
    #expect(codebook.indicators.map(\.id) == ["q1"])
    #expect(codebook.indicators[0].pre == "q1_pre" && codebook.indicators[0].scale == 1...5)
    #expect(draft.summary.last?.contains("order their labels (TODO) — mood") == true)
  }

  @Test func existingFilesAreKeptUnlessForced() throws {
    let draft = try Self.draftOfTextExport()
    let dir = try Self.temporaryDirectory()
    let path = "\(dir)/codebook.yaml"
    try "keep me\n".write(toFile: path, atomically: true, encoding: .utf8)
    #expect(throws: ExportError.self) { try CodebookInit.write(draft, to: path, force: false) }
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "keep me\n")
    _ = try CodebookInit.write(draft, to: path, force: true)
    #expect(try String(contentsOfFile: path, encoding: .utf8) == draft.yaml)
  }

  @Test func aSingleFileWithoutPairsIsAnErrorThatNamesTheFix() throws {
    let dir = try Self.temporaryDirectory()
    try "id,q1,q2\nA,1,2\nB,3,4\n".write(toFile: "\(dir)/one.csv", atomically: true, encoding: .utf8)
    #expect {
      try CodebookInit.draft(CodebookInitRequest(file: "\(dir)/one.csv"))
    } throws: { e in
      (e as? IngestError)?.hint == "for a baseline and an endline in two files, give the endline with --post FILE"
    }
  }

  /// Numeric Likert items: rare stray values stay outside the scale, codes
  /// such as 99 go to missing, 0/1 items are binary, wide numbers are not
  /// indicators.
  @Test func numericColumnsAreClassified() throws {
    let dir = try Self.temporaryDirectory()
    var pre = "respondent_id,q1,q2,age,note\n"
    var post = pre
    for i in 0..<300 {
      let q1 = i == 7 ? "6" : (i % 50 == 3 ? "99" : "\(i % 5 + 1)")
      pre += "R\(i),\(q1),\(i % 2),\(20 + i % 60),备注\(i)\n"
      post += "R\(i),\((i + 2) % 5 + 1),\((i + 1) % 2),\(20 + i % 60),备注\(i)\n"
    }
    try pre.write(toFile: "\(dir)/pre.csv", atomically: true, encoding: .utf8)
    try post.write(toFile: "\(dir)/post.csv", atomically: true, encoding: .utf8)
    var request = CodebookInitRequest(file: "\(dir)/pre.csv")
    request.post = "\(dir)/post.csv"
    let draft = try CodebookInit.draft(request)
    #expect(draft.indicators.map(\.id) == ["q1", "q2"])
    #expect(draft.indicators.map(\.kind) == ["numeric 1–5", "binary 0/1"])
    #expect(draft.yaml.contains("missing: [99]  # seen: 99 ×6"))
    #expect(draft.yaml.contains("rare, left outside the scale (typos?): 6"))
    #expect(draft.yaml.contains("#   age: numbers 20–79, 60 distinct values"))
    #expect(draft.yaml.contains("#   note: text, more than 64 distinct values"))
    let path = try CodebookInit.write(draft, to: "\(dir)/cb.yaml", force: false)
    #expect(try Codebook.load(path: path).indicators.map(\.scale) == [1...5, 0...1])
  }

  /// The shipped labeled example's codebook is exactly what `impact codebook
  /// init` drafts from its two workbooks (README and impact.yaml say so).
  @Test func shippedExampleCodebookIsTheUneditedDraft() throws {
    let dir = repositoryRoot() + "/datasets/example"
    var request = CodebookInitRequest(file: "\(dir)/synthetic_antifraud_baseline.xlsx")
    request.post = "\(dir)/synthetic_antifraud_endline.xlsx"
    let draft = try CodebookInit.draft(request)
    let committed = try String(contentsOfFile: "\(dir)/synthetic_antifraud_codebook.yaml", encoding: .utf8)
    #expect(draft.yaml == committed)
    #expect(draft.idColumn == "受访者编号")
    #expect(draft.indicators.count == 8 && draft.indicators.allSatisfy { $0.kind == "agree5" })
    #expect(draft.unknown.isEmpty, "年龄段 and 社区 are attributes, not questions: \(draft.unknown)")
  }

  @Test(arguments: [
    ("年龄段", true), ("所在区", true), ("性别（单选）", true), ("age band", true), ("District", true),
    ("Q3 我能分辨网上的虚假中奖信息", false), ("q01", false), ("您多久使用一次手机", false),
  ])
  func attributeColumnsAreRecognizedByName(name: String, attribute: Bool) {
    #expect(ColumnAnswers.looksLikeAttribute(name) == attribute)
  }
}
