import Foundation
import ImpactCore
import Testing

@testable import ImpactIngest

/// Reading a survey wave: one-digit answers (classified by a table per
/// column) give the same values and accounting as every other number, and a
/// wave read in many chunks equals the wave read in one.
@Suite struct SurveyWaveTests {
  func plan(_ index: Int, missing: [String], scale: ClosedRange<Double>?) -> SurveyColumnPlan {
    SurveyColumnPlan(
      index: index, name: "q\(index)", parser: NumberParser(missing: MissingTokens().adding(missing)), scale: scale)
  }

  /// q1: scale 1–5, code 9; q2: no scale, code 0; q3: scale 2–4, no codes.
  var plans: [SurveyColumnPlan] {
    [plan(1, missing: ["9"], scale: 1...5), plan(2, missing: ["0"], scale: nil), plan(3, missing: [], scale: 2...4)]
  }

  @Test(arguments: [1, 3])
  func oneDigitAnswersAreClassifiedLikeOtherNumbers(_ workers: Int) throws {
    let text = """
      id,q1,q2,q3
      R0,1,0,2
      R1,5,7,3
      R2,9,9,4
      R3,0,3.5,1
      R4,6,12,5
      R5,3, ,9
      R6,9.0,-2,03

      """
    let file = try CSVFile(
      path: temporaryFile(text), options: CSVOptions(parallelism: workers, bufferSize: 64, minimumChunkBytes: 1))
    let wave = try SurveyWave.read(file, idColumn: 0, indicators: plans, groupColumns: [])
    let (q1, q2, q3) = (wave.tallies[0], wave.tallies[1], wave.tallies[2])
    // q1: 1, 5, 3 valid; 9 and 9.0 codes; 0 and 6 outside the scale.
    #expect(q1.valid == 3 && q1.missing == 2 && q1.outOfScale == 2)
    #expect(q1.minimum == 1 && q1.maximum == 5 && q1.decimalScale == 0)
    #expect(q1.outOfScaleExamples.map(\.text) == ["0", "6"])
    // q2: 0 a code, a blank; 7, 9, 3.5, 12, −2 valid.
    #expect(q2.valid == 5 && q2.missing == 2 && q2.outOfScale == 0)
    #expect(q2.minimum == -2 && q2.maximum == 12 && q2.decimalScale == 1)
    // q3: 2, 3, 4, 03 valid; 1, 5, 9 outside 2–4.
    #expect(q3.valid == 4 && q3.missing == 0 && q3.outOfScale == 3)
    #expect(q3.minimum == 2 && q3.maximum == 4 && q3.outOfScaleMinimum == 1 && q3.outOfScaleMaximum == 9)
    let expected: [Double] = [
      1, .nan, 2, 5, 7, 3, .nan, 9, 4, .nan, 3.5, .nan, .nan, 12, .nan, 3, .nan, .nan, .nan, -2, 3,
    ]
    try #require(wave.values.count == expected.count)
    for (i, (v, e)) in zip(wave.values, expected).enumerated() {
      #expect(v == e || (v.isNaN && e.isNaN), "value \(i): \(v), expected \(e)")
    }
    #expect(wave.lines == [2, 3, 4, 5, 6, 7, 8])
  }

  /// Thousands of rows in many chunks (baseline, then an endline resolved
  /// against the baseline's ids): values, lines, ids and tallies equal a
  /// one-chunk read.
  @Test func manyChunksEqualOne() throws {
    var rng = SplitMix64(seed: 18)
    let answers = ["1", "2", "3", "4", "5", "9", "0", "7", "", "2.5", "NA", "x"]
    func survey(rows: Int, idOffset: Int) -> String {
      var text = "id,q1,q2,q3\n"
      for r in 0..<rows {
        let id = rng.next() % 50 == 0 ? "" : "R\((r * 7 + idOffset) % (rows + 100))"
        text += id + (1...3).map { _ in "," + answers[Int(rng.next() % UInt64(answers.count))] }.joined() + "\n"
      }
      return text
    }
    let prePath = temporaryFile(survey(rows: 6000, idOffset: 0), name: "pre.csv")
    let postPath = temporaryFile(survey(rows: 5000, idOffset: 3), name: "post.csv")
    func read(_ workers: Int) throws -> (SurveyWave, SurveyWave) {
      let options = CSVOptions(parallelism: workers, bufferSize: 256, minimumChunkBytes: 1)
      let pre = try SurveyWave.read(
        CSVFile(path: prePath, options: options), idColumn: 0, indicators: plans, groupColumns: [1], onBadRow: .skip)
      let post = try SurveyWave.read(
        CSVFile(path: postPath, options: options), idColumn: 0, indicators: plans, groupColumns: [], onBadRow: .skip,
        knownIds: pre.idKeys)
      return (pre, post)
    }
    let (a, b) = try read(1)
    for workers in [2, 5] {
      let (c, d) = try read(workers)
      for (one, many) in [(a, c), (b, d)] {
        #expect(one.tallies == many.tallies)
        #expect(one.lines == many.lines)
        #expect(one.values.count == many.values.count)
        #expect(zip(one.values, many.values).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) })
        let names = { (w: SurveyWave) in w.ids.map { $0 < 0 ? "" : w.idString($0) } }
        #expect(names(one) == names(many))
      }
      #expect(
        a.groups[0].map { $0 < 0 ? "" : a.groupKeys[0].string($0) }
          == c.groups[0].map {
            $0 < 0 ? "" : c.groupKeys[0].string($0)
          })
    }
  }
}
