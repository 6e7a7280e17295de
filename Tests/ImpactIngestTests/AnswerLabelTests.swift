import Foundation
import ImpactCore
import Testing

@testable import ImpactIngest

/// Matching text answers to answer labels: normalization, option prefixes,
/// numbers in other forms, missing codes, and the per-indicator accounting.
@Suite struct AnswerLabelTests {
  static let agree5 =
    [("非常不同意", 1.0), ("比较不同意", 2), ("一般", 3), ("比较同意", 4), ("非常同意", 5)]
    .map { AnswerLabel($0.0, score: $0.1) }
    + [AnswerLabel("Strongly agree", score: 5), AnswerLabel("Straße", score: 2)]

  func plan(
    labels: [AnswerLabel] = agree5, builtIn: [AnswerLabel] = [], missing: [String] = ["99", "不知道"],
    scale: ClosedRange<Double>? = 1...5
  ) -> SurveyColumnPlan {
    SurveyColumnPlan(
      index: 1, name: "q1", parser: NumberParser(missing: MissingTokens().adding(missing)), labels: labels,
      builtInLabels: builtIn, scale: scale)
  }

  func resolve(_ text: String, _ p: SurveyColumnPlan) -> AnswerOutcome {
    var bytes = Array(text.utf8)
    return bytes.withUnsafeMutableBufferPointer { p.matcher.outcome(UnsafeBufferPointer($0)) }
  }

  @Test(arguments: [
    ("  非常同意 ", "非常同意"), ("\u{3000}一般\u{3000}", "一般"), ("\u{00A0}一般\u{200B}", "一般"),
    ("Ｓｔｒｏｎｇｌｙ  AGREE", "strongly agree"), ("STRASSE", "strasse"), ("Straße", "strasse"), ("ΣΊΣΥΦΟΣ", "σίσυφοσ"),
    ("（A）比较同意", "(a)比较同意"), ("Ａ．比较同意", "a.比较同意"), ("５分", "5分"), ("ｶﾀｶﾅ", "カタカナ"), ("\t\n", ""),
  ])
  func normalization(_ raw: String, _ key: String) {
    #expect(AnswerText.normalize(raw) == key)
    #expect(AnswerText.normalize(AnswerText.normalize(raw)) == key, "idempotent")
  }

  @Test(arguments: [
    "A.比较同意", "A、比较同意", "(A)比较同意", "（A）比较同意", "A)比较同意", "A:比较同意", "A：比较同意", "A 比较同意", "a. 比较同意",
    "Ｄ．比较同意", "4.比较同意", "[D]比较同意", "【D】比较同意", " D) 比较同意 ",
  ])
  func everyOptionPrefixForm(_ text: String) {
    #expect(resolve(text, plan()) == .number(4, scale: 0), "\(text)")
  }

  @Test func prefixesAreStrippedOnlyWhenTheWholeTextIsNoLabel() {
    let p = plan(labels: [AnswerLabel("I agree", score: 1), AnswerLabel("agree", score: 2)])
    #expect(resolve("I agree", p) == .number(1, scale: 0))
    #expect(resolve("B agree", p) == .number(2, scale: 0))
    // Nothing would remain, or the mark is not a single letter or digit 1–9.
    for text in ["A.", "(A)", "A ", "AB. agree", "0. agree", "10. agree", "A-agree"] {
      #expect(resolve(text, p) == .unmatchedLabel, "\(text)")
    }
  }

  @Test func caseFoldingIsFullUnicode() {
    #expect(resolve("STRASSE", plan()) == .number(2, scale: 0))
    #expect(resolve("ｓｔｒｏｎｇｌｙ Agree", plan()) == .number(5, scale: 0))
  }

  @Test func numbersInOtherForms() {
    let p = plan()
    #expect(resolve("５", p) == .number(5, scale: 0))
    #expect(resolve("４.５", p) == .number(4.5, scale: 1))
    #expect(resolve("5分", p) == .number(5, scale: 0))
    #expect(resolve("５ 分", p) == .number(5, scale: 0))
    #expect(resolve("3 Points", p) == .number(3, scale: 0))
    #expect(resolve("2pt", p) == .number(2, scale: 0))
    // A unit is accepted only inside the scale, and never without one.
    #expect(resolve("9分", p) == .unmatchedLabel)
    #expect(resolve("5分", plan(labels: [], scale: nil)) == .nonNumeric)
    #expect(resolve("5分", plan(labels: [], scale: 1...5)) == .number(5, scale: 0))
    // A full-width number outside the scale is a number (counted out of scale later).
    #expect(resolve("６", p) == .number(6, scale: 0))
  }

  @Test func missingCodesInAnyFormStayMissing() {
    let p = plan()
    for text in ["不知道", " 不知道\u{3000}", "E.不知道", "（E）不知道", "９９", "ＮＡ", "n/a", "\u{3000}"] {
      #expect(resolve(text, p) == .missing, "\(text)")
    }
  }

  @Test func textWithoutDeclaredLabelsIsNonNumeric() {
    let yesNo = [AnswerLabel("是", score: 1), AnswerLabel("否", score: 0)]
    let binary = plan(labels: [], builtIn: yesNo, scale: 0...1)
    #expect(resolve("A.是", binary) == .number(1, scale: 0))
    #expect(resolve("maybe", binary) == .nonNumeric)
    #expect(resolve("很好", plan()) == .unmatchedLabel)
  }

  @Test func labelScoresKeepTheirDecimals() {
    let p = plan(labels: [AnswerLabel("half", score: 2.5), AnswerLabel("low", score: 1)])
    #expect(resolve("HALF", p) == .number(2.5, scale: 1))
  }

  /// A wave read in several chunks: labels become scores, unmatched answers
  /// are counted (not missing) with their lines, missing texts stay missing.
  @Test(arguments: [1, 3])
  func surveyWaveCountsUnmatchedLabelsWithLines(_ workers: Int) throws {
    var text = "id,q1\n"
    let answers = [
      "A.比较同意", "非常同意 ", "Ｓｔｒｏｎｇｌｙ agree", "５", "很好", "E.不知道", "", "（B）比较不同意", "还行", "5分", "9",
    ]
    for (i, a) in answers.enumerated() { text += "R\(i),\(a)\n" }
    let path = temporaryFile(text)
    let file = try CSVFile(path: path, options: CSVOptions(parallelism: workers, bufferSize: 64, minimumChunkBytes: 1))
    let wave = try SurveyWave.read(file, idColumn: 0, indicators: [plan()], groupColumns: [])
    let t = wave.tallies[0]
    #expect(t.valid == 6)
    #expect(t.missing == 2)
    #expect(t.unmatchedLabel == 2)
    #expect(t.nonNumeric == 0)
    #expect(t.outOfScale == 1)
    #expect(
      t.unmatchedLabelExamples == [
        ValueProblem(line: 6, column: "q1", text: "很好"), ValueProblem(line: 10, column: "q1", text: "还行"),
      ])
    let v = wave.values
    #expect(v[0] == 4 && v[1] == 5 && v[2] == 5 && v[3] == 5 && v[4].isNaN && v[5].isNaN && v[7] == 2 && v[9] == 5)
    #expect(t.decimalScale == 0)
  }

  /// In a workbook the examples name sheet rows, also after a cell holding a
  /// line break (which makes the CSV copy's lines run ahead of the rows).
  @Test func workbookExamplesNameSheetRows() throws {
    func cell(_ ref: String, _ text: String) -> String { #"<c r="\#(ref)" t="inlineStr"><is><t>\#(text)</t></is></c>"# }
    let rows =
      #"<row r="1">\#(cell("A1", "id"))\#(cell("B1", "q1"))\#(cell("C1", "note"))</row>"#
      + #"<row r="2">\#(cell("A2", "R1"))\#(cell("B2", "很好"))\#(cell("C2", "two&#10;lines"))</row>"#
      + #"<row r="3">\#(cell("A3", "R2"))\#(cell("B3", "比较同意"))</row>"#
      + #"<row r="4">\#(cell("A4", "R3"))\#(cell("B4", "还行"))</row>"#
    let path = try HandWrittenWorkbook(sheets: [("问卷", HandWrittenWorkbook.worksheet(rows))]).write()
    let file = try CSVFile(path: path)
    let wave = try SurveyWave.read(file, idColumn: 0, indicators: [plan()], groupColumns: [])
    #expect(
      wave.tallies[0].unmatchedLabelExamples == [
        ValueProblem(line: 2, column: "q1", text: "很好"), ValueProblem(line: 4, column: "q1", text: "还行"),
      ])
  }

  /// Past its limit the cache stops growing and still answers correctly.
  @Test func answerCacheIsBoundedAndCorrect() {
    var cache = AnswerCache()
    var calls = 0
    for round in 0..<2 {
      for i in 0..<(AnswerCache.limit + 500) {
        var bytes = Array("答\(i)".utf8)
        let o = bytes.withUnsafeMutableBufferPointer { b in
          cache.outcome(UnsafeBufferPointer(b)) { _ in
            calls += 1
            return .number(Double(i), scale: 0)
          }
        }
        #expect(o == .number(Double(i), scale: 0))
      }
      #expect(cache.count == AnswerCache.limit, "round \(round)")
    }
    // The first round resolves everything; the second only the uncached.
    #expect(calls == 2 * (AnswerCache.limit + 500) - AnswerCache.limit)
  }
}

/// Answer labels in codebooks: scales, scale_ref, inheritance and errors
/// that point at the codebook line.
@Suite struct CodebookLabelTests {
  func load(_ yaml: String) throws(IngestError) -> Codebook {
    try Codebook.parse(ConfigNode.parse(yaml, file: "cb.yaml"))
  }

  func error(_ yaml: String) -> IngestError? {
    do {
      _ = try load(yaml)
      return nil
    } catch {
      return error
    }
  }

  @Test func scaleIsInferredFromTheLabelsAndPrecedenceHolds() throws {
    let cb = try load(
      """
      scales:
        agree5: {"非常不同意": 1, "比较不同意": 2, "一般": 3, "比较同意": 4, "非常同意": 5}
        often: [从不, 很少, 有时, 经常, 总是]
        ok: {不会: 0, 会一点: 1.5, 会: 3}
      scale_ref: agree5
      indicators:
        - {id: a}
        - {id: b, scale_ref: often}
        - {id: c, scale_ref: ok}
        - {id: d, scale: [0, 10]}
        - {id: e, type: binary}
        - {id: f, type: binary, labels: {会: 1, 不会: 0}}
        - {id: g, labels: {低: 1, 高: 7}}
      """)
    let byId = Dictionary(uniqueKeysWithValues: cb.indicators.map { ($0.id, $0) })
    #expect(byId["a"]?.scale == 1...5 && byId["a"]?.labels.count == 5)
    #expect(byId["b"]?.scale == 1...5 && byId["b"]?.labels.map(\.text) == ["从不", "很少", "有时", "经常", "总是"])
    #expect(byId["c"]?.scale == 0...3 && byId["c"]?.labels[1].decimals == 1)
    #expect(byId["d"]?.scale == 0...10 && byId["d"]?.labels.count == 5, "explicit scale wins, labels inherited")
    #expect(byId["e"]?.scale == 0...1 && byId["e"]?.labels.isEmpty == true, "binary ignores top-level labels")
    #expect(byId["f"]?.labels.count == 2 && byId["f"]?.scale == 0...1)
    #expect(byId["g"]?.scale == 1...7)
    #expect(cb.scales["agree5"]?.first?.line == 2)
  }

  @Test func unknownScaleRefSuggestsTheNearestWithItsLine() throws {
    let e = try #require(
      error(
        """
        scales:
          agree5: {是: 1, 否: 0}
        indicators:
          - id: q1
            scale_ref: agree_5
        """))
    #expect(e.line == 5)
    #expect(e.message == "indicators[0].scale_ref: unknown scale 'agree_5' (did you mean 'agree5'?)")
    #expect(e.hint == "scales defined: agree5")
  }

  @Test func labelsThatNormalizeAlikeWithDifferentScoresAreRejected() throws {
    let e = try #require(
      error(
        """
        indicators:
          - id: q1
            labels:
              "非常同意": 5
              "一般": 3
              "非常同意\u{3000}": 4
        """))
    #expect(e.line == 6)
    #expect(
      e.message
        == "indicators[0].labels.非常同意\u{3000}: labels '非常同意' (line 4) and '非常同意\u{3000}' are the same answer once case, width and spaces are ignored ('非常同意'), but score 5 and 4"
    )
    // The same score twice is harmless.
    let ok = try load("indicators:\n  - {id: q1, labels: {Agree: 4, AGREE: 4, 不同意: 2}}")
    #expect(ok.indicators[0].labels.map(\.text) == ["Agree", "不同意"])
  }

  @Test(arguments: [
    (
      "indicators:\n  - {id: q1, labels: {非常同意: five, 一般: 3}}", 2,
      "indicators[0].labels.非常同意: the score of label '非常同意' is 'five', not a number"
    ),
    (
      "indicators:\n  - {id: q1, labels: {\"3\": 5, 一般: 1}}", 2,
      "indicators[0].labels.3: label '3' reads as the number 3, and numbers are always read as their value, so it cannot score 5"
    ),
    (
      "indicators:\n  - {id: q1, labels: {好: 1, 很好: 1}}", 2,
      "indicators[0].labels: every label of labels scores the same, so they give no scale"
    ),
    (
      "indicators:\n  - {id: q1, scale: [1, 5], labels: {好: 1, 很好: 7}}", 2,
      "indicators[0]: indicator 'q1': label '很好' of labels (line 2) scores 7, outside the scale [1, 5]"
    ),
    (
      "missing: [不知道]\nindicators:\n  - {id: q1, labels: {好: 2, 不知道: 1}}", 3,
      "indicators[0]: indicator 'q1': '不知道' is both a missing code and an answer label of labels"
    ),
    (
      "scales: {s: {a: 1, b: 2}}\nindicators:\n  - {id: q1, labels: {x: 1, y: 2}, scale_ref: s}", 3,
      "indicators[0].labels: both labels and scale_ref are given"
    ),
    (
      "indicators:\n  - id: q1\n    labels:\n      好:\n      坏: 1", 4,
      "indicators[0].labels.好: label '好' has no score"
    ),
    (
      "scale_ref: nope\nindicators:\n  - {id: q1}", 1,
      "scale_ref: unknown scale 'nope'"
    ),
  ])
  func invalidLabelsNameTheLine(_ yaml: String, _ line: Int, _ message: String) throws {
    let e = try #require(error(yaml))
    #expect(e.kind == .configuration)
    #expect(e.line == line, "\(e)")
    #expect(e.message == message)
  }
}
