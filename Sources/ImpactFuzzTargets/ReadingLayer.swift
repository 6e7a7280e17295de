import ImpactIngest

/// The readers every job reads through, run on an open file: the profile of
/// `impact inspect`, `TableReader`, and `SurveyWave` with a plan built from
/// the header (ids, numeric answers with missing codes, labelled answers,
/// scales, a group column), then the endline against the baseline's ids.
enum ReadingLayer {
  /// Labels of the labelled indicators (as a codebook would declare them).
  static let labels = [
    AnswerLabel("非常同意", score: 5), AnswerLabel("同意", score: 4), AnswerLabel("一般", score: 3),
    AnswerLabel("不同意", score: 2), AnswerLabel("非常不同意", score: 1), AnswerLabel("Strongly agree", score: 5),
    AnswerLabel("Agree", score: 4), AnswerLabel("Neutral", score: 3), AnswerLabel("Disagree", score: 2),
    AnswerLabel("Strongly disagree", score: 1), AnswerLabel("4.5", score: 4.5, decimals: 1),
  ]
  static let yesNo = [AnswerLabel("是", score: 1), AnswerLabel("否", score: 0)]

  static func exercise(_ file: CSVFile, policy: BadRowPolicy, endline: CSVFile?) {
    _ = file.layoutNotes
    _ = try? FileProfile.inspect(file, missing: MissingTokens().adding(["99", "-9", "不知道"]))
    let header = file.header
    guard let idIndex = header.indices.first(where: { $0 != file.rowNameColumn }) else { return }
    let specs = header.indices.prefix(8).map { i in
      ColumnSpec(header[i], kind: i == idIndex ? .key : .numeric, required: i == idIndex)
    }
    _ = try? TableReader.read(file, columns: specs, missing: MissingTokens().adding(["99"]), onBadRow: policy)

    let answers = header.indices.filter { $0 != idIndex && $0 != file.rowNameColumn }.prefix(12)
    let plans = answers.enumerated().map { n, i in plan(header[i], index: i, variant: n, file: file) }
    let groups = header.count > 3 ? [header.count - 1] : []
    guard
      let baseline = try? SurveyWave.read(
        file, idColumn: idIndex, indicators: plans, groupColumns: groups, onBadRow: policy, allowEmpty: true)
    else { return }
    guard let endline, let endId = endline.columnIndex(header[idIndex]) else { return }
    let endPlans = plans.compactMap { p in
      endline.columnIndex(p.name).map { i in plan(p.name, index: i, variant: i, file: endline) }
    }
    _ = try? SurveyWave.read(
      endline, idColumn: endId, indicators: endPlans, groupColumns: [], onBadRow: policy,
      knownIds: baseline.idKeys, allowEmpty: true)
  }

  /// One of four kinds of indicator: plain numbers; 1–5 with missing code
  /// 99; labelled (declared labels, 1–5); yes/no built in.
  static func plan(_ name: String, index: Int, variant: Int, file: CSVFile) -> SurveyColumnPlan {
    switch variant % 4 {
    case 0:
      return SurveyColumnPlan(index: index, name: name, parser: file.numberParser(), scale: nil)
    case 1:
      return SurveyColumnPlan(
        index: index, name: name, parser: file.numberParser(missing: MissingTokens().adding(["99", "-9"])),
        scale: 1...5)
    case 2:
      return SurveyColumnPlan(
        index: index, name: name, parser: file.numberParser(missing: MissingTokens().adding(["不知道", "99"])),
        labels: labels, scale: 1...5)
    default:
      return SurveyColumnPlan(
        index: index, name: name, parser: file.numberParser(), builtInLabels: yesNo, scale: 0...1)
    }
  }
}
