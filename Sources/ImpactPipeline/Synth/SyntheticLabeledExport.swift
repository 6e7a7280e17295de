// The example's labeled survey export: what a Chinese questionnaire platform
// hands an evaluator — an Excel workbook per wave whose answers are option
// texts, not scores.
import Foundation
import ImpactCore
import ImpactExport
import ImpactIngest

extension SyntheticData {
  /// The anti-fraud lecture survey: eight agreement statements, Chinese with
  /// the English meaning (the column headers are the Chinese statements).
  static let antiFraudItems: [(zh: String, en: String)] = [
    ("Q1 我能识别冒充公检法的诈骗电话", "I can recognize calls impersonating the police"),
    ("Q2 我不会向陌生人透露短信验证码", "I never give a text-message code to strangers"),
    ("Q3 我能分辨网上的虚假中奖信息", "I can tell fake prize notices online"),
    ("Q4 我知道高回报养老投资项目多是骗局", "High-return 'pension investments' are mostly scams"),
    ("Q5 遇到可疑转账我会先打96110核实", "I call 96110 before a suspicious transfer"),
    ("Q6 我会给手机支付设置密码", "I protect mobile payment with a password"),
    ("Q7 我能识别AI换脸视频通话诈骗", "I can spot AI face-swap video-call scams"),
    ("Q8 我会提醒家人朋友防范诈骗", "I warn family and friends about scams"),
  ]
  static let agreeLabels = ["非常不同意", "比较不同意", "一般", "比较同意", "非常同意"]

  /// Writes `synthetic_antifraud_baseline.xlsx` and
  /// `synthetic_antifraud_endline.xlsx`: 900 older participants of the
  /// anti-fraud lectures, answers as option texts the way platforms export
  /// them — "A.非常不同意" at baseline, bare texts at endline with full-width
  /// spaces and digits ("５"), "不知道" (missing), blanks, and a few stray
  /// answers that match no label ("看情况"), which the analysis must count,
  /// not drop.
  static func writeLabeledSurvey(_ rng: inout SplitMix64, dir: String) throws(ExportError) -> [String] {
    let n = 900
    let k = antiFraudItems.count
    let header = ["受访者编号", "社区", "年龄段"] + antiFraudItems.map(\.zh)
    let difficulty: [Double] = (0..<k).map { j in -0.5 + 1.2 * Double((j * 3) % k) / Double(k) }
    let gain: [Double] = (0..<k).map { j in 0.25 + 0.9 * Double((j * 5) % k) / Double(k) }
    let prefixes = ["A.", "B.", "C.", "D.", "E."]

    func answer(_ score: Int, wave: Int, _ rng: inout SplitMix64) -> CSVWriter.Cell {
      let u = rng.unit()
      if u < 0.015 { return .text(nil) }  // skipped
      if u < 0.035 { return .text("不知道") }  // don't know: a missing word
      if u < 0.038 { return .text("看情况") }  // matches no label: counted, never dropped
      let label = agreeLabels[score - 1]
      if wave == 0 { return .text(prefixes[score - 1] + label) }
      let v = rng.unit()
      if v < 0.04 { return .text(label + "\u{3000}") }  // full-width space from a copy-paste
      if v < 0.06 { return .text(String(UnicodeScalar(0xFF10 + UInt32(score))!)) }  // "５": a full-width digit
      return .text(label)
    }

    var pre: [[CSVWriter.Cell]] = []
    var post: [(UInt64, [CSVWriter.Cell])] = []
    for i in 0..<n {
      let theta = rng.normal()
      let place = districts[rng.int(0...(districts.count - 1))]
      let age = ageBands[min(4, max(0, Int(2 - theta * 0.6 + rng.normal())))]
      let id = "AF" + String(format: "%05d", i + 1)
      func scores(_ shift: (Int) -> Double) -> [Int] {
        (0..<k).map { j in
          min(5, max(1, Int((3 + 0.9 * theta - difficulty[j] + shift(j) + 0.7 * rng.normal()).rounded())))
        }
      }
      let a = scores { _ in 0 }
      var row: [CSVWriter.Cell] = [.text(id), .text(place), .text(age)]
      for s in a { row.append(answer(s, wave: 0, &rng)) }
      pre.append(row)
      if rng.unit() < 0.12 + (theta < -0.5 ? 0.05 : 0) { continue }  // dropped out
      let b = scores { j in gain[j] * (0.6 + 0.8 * rng.unit()) }
      var after: [CSVWriter.Cell] = [.text(id), .text(place), .text(age)]
      for s in b { after.append(answer(s, wave: 1, &rng)) }
      post.append((rng.next(), after))
    }
    post.sort { $0.0 < $1.0 }  // the endline export is in submission order, not the baseline's
    let files = ["\(dir)/synthetic_antifraud_baseline.xlsx", "\(dir)/synthetic_antifraud_endline.xlsx"]
    for (path, rows) in zip(files, [pre, post.map(\.1)]) {
      let w = try StreamingFileWriter(path: path)
      try w.write(bytes: try XLSXWriter.workbook([XLSXSheet(name: "问卷数据", header: header, rows: rows)]))
      try w.commit()
    }
    return files
  }

  /// Drafts the labeled survey's codebook with `impact codebook init` (the
  /// same code the command runs) and writes it as
  /// `synthetic_antifraud_codebook.yaml`.
  static func writeLabeledCodebook(dir: String) throws(ExportError) -> String {
    var request = CodebookInitRequest(file: "\(dir)/synthetic_antifraud_baseline.xlsx")
    request.post = "\(dir)/synthetic_antifraud_endline.xlsx"
    let draft: CodebookDraft
    do throws(IngestError) {
      draft = try CodebookInit.draft(request)
    } catch {
      throw ExportError(
        path: request.file, message: "cannot draft the codebook: \(error.description)",
        hint: "this is a bug in the generator; please report it")
    }
    return try CodebookInit.write(draft, to: "\(dir)/synthetic_antifraud_codebook.yaml", force: true)
  }
}
