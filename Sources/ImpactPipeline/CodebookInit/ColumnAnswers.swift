import Foundation
import ImpactExport
import ImpactIngest

/// The answers of one candidate indicator (both waves together), read the
/// way `impact literacy` will read them: texts normalized
/// (``AnswerText/normalize(_:)``), full-width digits and "5分" as numbers,
/// missing words and codes apart. Then classified: a known label set, a
/// numeric Likert item, a 0/1 item, an unknown label set, or not an indicator.
struct ColumnAnswers: Sendable {
  /// Numbers (plain, full-width, with a unit) by value, missing codes excluded.
  var numbers: [Double: Int] = [:]
  /// Label answers by key: the most frequent display form and the count.
  var labels: [String: (display: String, count: Int)] = [:]
  /// Missing-value texts (display form) and numeric codes found.
  var missingTexts: [String: Int] = [:]
  var missingCodes: [Double: Int] = [:]
  /// Blank fields and the built-in NA tokens.
  var blank = 0
  /// A number carried a unit ("5分").
  var unitSeen = false
  /// The column had more distinct values than the census keeps.
  var many = false

  /// Texts that are always missing (as `MissingTokens` defaults).
  static let builtInMissing: Set<String> = ["na", "n/a", "null", "-", "nan", "#n/a"]

  /// - Parameter userMissing: keys of `--missing` texts, and numeric codes.
  init(_ census: ColumnCensus, userMissing: Set<String>, userCodes: Set<Double>) {
    blank = census.blank
    many = census.many
    for (v, n) in census.numbers { addNumber(v, n, userCodes: userCodes) }
    var displays: [String: [String: Int]] = [:]
    for (text, n) in census.texts {
      let key = AnswerText.normalize(text)
      let stripped = AnswerText.strippingOptionPrefix(key)
      if key.isEmpty || Self.builtInMissing.contains(key) {
        blank += n
      } else if userMissing.contains(key) || KnownLabelSets.missingWords.contains(key) {
        missingTexts[Self.display(text, stripped: false), default: 0] += n
      } else if let s = stripped, userMissing.contains(s) || KnownLabelSets.missingWords.contains(s) {
        missingTexts[Self.display(text, stripped: true), default: 0] += n
      } else if AnswerText.number(key).kind == .number {
        addNumber(AnswerText.number(key).value, n, userCodes: userCodes)
      } else if let u = AnswerText.numberWithUnit(key) {
        unitSeen = true
        addNumber(u.value, n, userCodes: userCodes)
      } else {
        displays[key, default: [:]][Self.display(text, stripped: false), default: 0] += n
      }
    }
    // "A.一般" beside "一般": one answer, counted under the plain form.
    for key in Array(displays.keys) {
      guard let rest = AnswerText.strippingOptionPrefix(key), displays[rest] != nil, let forms = displays[key] else {
        continue
      }
      for (text, n) in forms { displays[rest, default: [:]][Self.display(text, stripped: true), default: 0] += n }
      displays[key] = nil
    }
    for (key, forms) in displays {
      let total = forms.values.reduce(0, +)
      let best = forms.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key ?? key
      labels[key] = (best, total)
    }
    // Codes such as 99 or -9 beside ordinary answers are missing codes.
    for (v, n) in MissingCodeRule.codes(in: numbers, otherAnswers: !labels.isEmpty) {
      missingCodes[v, default: 0] += n
      numbers[v] = nil
    }
  }

  private mutating func addNumber(_ v: Double, _ n: Int, userCodes: Set<Double>) {
    if userCodes.contains(v) { missingCodes[v, default: 0] += n } else { numbers[v, default: 0] += n }
  }

  /// The text as a label is written back: compatibility forms folded (NFKC),
  /// white space trimmed, case kept; without its option prefix when asked.
  static func display(_ text: String, stripped: Bool) -> String {
    let s = text.precomposedStringWithCompatibilityMapping.trimmingCharacters(in: .whitespacesAndNewlines)
    return stripped ? (AnswerText.strippingOptionPrefix(s) ?? s) : s
  }

  /// Answers that are not missing.
  var answered: Int { numbers.values.reduce(0, +) + labels.values.reduce(0) { $0 + $1.count } }

  /// What the column is.
  enum Kind: Sendable {
    /// A known label set (index into `KnownLabelSets.all`) with the level of
    /// each label key, and the few answers it does not hold.
    case known(set: Int, levels: [String: Int], stray: [(text: String, count: Int)])
    /// Integer answers in [lo, hi] (at least three values, span ≤ 10).
    case likert(ClosedRange<Double>)
    /// Only 0 and 1.
    case binaryNumeric
    /// Few texts that match no known set, most frequent first.
    case unknown([(text: String, count: Int)])
    /// Not an indicator, and why.
    case other(String)
  }

  /// - Parameter attribute: the column's name reads as a respondent
  ///   attribute (``looksLikeAttribute(_:)``).
  func kind(attribute: Bool = false) -> Kind {
    if !labels.isEmpty, let k = knownSet() { return k }
    let numberCount = numbers.values.reduce(0, +)
    if labels.isEmpty || numberCount * 10 >= answered * 8, let n = numericKind() { return n }
    if !labels.isEmpty {
      if labels.count <= 12 && !many && !attribute {
        let seen = labels.values.map { (text: $0.display, count: $0.count) }
        return .unknown(seen.sorted { ($1.count, $0.text) < ($0.count, $1.text) })
      }
      let distinct = many ? "more than \(ColumnCensus.limit)" : "\(labels.count)"
      return .other("text, \(distinct) distinct values\(attribute ? ", a respondent attribute by its name" : "")")
    }
    if numbers.isEmpty { return .other("no answers") }
    let lo = numbers.keys.min() ?? 0
    let hi = numbers.keys.max() ?? 0
    let distinct = many ? "more than \(ColumnCensus.limit)" : "\(numbers.count)"
    return .other("numbers \(formatNumber(lo))–\(formatNumber(hi)), \(distinct) distinct values")
  }

  /// The known set that holds the label answers: every one, or all but a
  /// few stray answers (at most 5% of the label answers, at least two levels
  /// seen). Preferred: fewer stray answers, then more of the set's levels
  /// seen, then the earlier set.
  func knownSet() -> Kind? {
    let total = labels.values.reduce(0) { $0 + $1.count }
    var best: (set: Int, levels: [String: Int], stray: Int, coverage: Double)?
    for (i, set) in KnownLabelSets.all.enumerated() {
      let index = set.index
      var levels: [String: Int] = [:]
      var stray = 0
      for (key, seen) in labels {
        if let l = index[key] ?? AnswerText.strippingOptionPrefix(key).flatMap({ index[$0] }) {
          levels[key] = l
        } else {
          stray += seen.count
        }
      }
      let seenLevels = Set(levels.values).count
      guard stray == 0 || (stray * 20 <= total && seenLevels >= 2) else { continue }
      let coverage = Double(seenLevels) / Double(set.levels.count)
      if let b = best, (b.stray, -b.coverage) <= (stray, -coverage) { continue }
      best = (i, levels, stray, coverage)
    }
    guard let best else { return nil }
    let stray = labels.filter { best.levels[$0.key] == nil }.map { (text: $0.value.display, count: $0.value.count) }
    return .known(set: best.set, levels: best.levels, stray: stray.sorted { ($1.count, $0.text) < ($0.count, $1.text) })
  }

  /// Integer answers with a small range. Values at either end given by
  /// fewer than 0.5% of the answers (typos such as a 6 on a 1–5 item) are
  /// left outside the scale, at least three values remaining.
  func numericKind() -> Kind? {
    var values = numbers.keys.sorted()
    guard !many, !values.isEmpty, values.allSatisfy({ $0.rounded() == $0 }) else { return nil }
    if values == [0, 1] { return .binaryNumeric }
    let total = numbers.values.reduce(0, +)
    func rare(_ v: Double) -> Bool { (numbers[v] ?? 0) * 200 < total }
    while values.count > 3, let last = values.last, rare(last) { values.removeLast() }
    while values.count > 3, let first = values.first, rare(first) { values.removeFirst() }
    guard values.count >= 3, let lo = values.first, let hi = values.last, lo >= 0, hi <= 10 else { return nil }
    return .likert((lo == 0 ? 0 : 1)...hi)
  }

  /// Whether a column name reads as a respondent attribute (district, age,
  /// gender, …) rather than a question: such columns with unknown labels are
  /// listed as not used instead of as a TODO.
  static func looksLikeAttribute(_ name: String) -> Bool {
    let n = ColumnResolver.lastComponent(name).lowercased()
    let words = n.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
    let english: Set<String> = [
      "district", "region", "city", "province", "county", "area", "age", "gender", "sex", "name", "phone", "mobile",
      "email", "date", "time", "education", "occupation", "job", "group", "team", "site", "school", "class", "ip",
      "source", "channel", "ethnicity", "income", "band", "street", "community",
    ]
    if words.contains(where: english.contains) { return true }
    let chinese = [
      "区", "县", "街道", "社区", "年龄", "性别", "姓名", "电话", "手机号", "邮箱", "日期", "时间", "学历", "职业", "民族", "地区",
      "城市", "省份", "来源", "渠道", "收入", "班级", "学校", "单位",
    ]
    // "所在区", "年龄段", "性别（单选）": the word starts or ends the name.
    return chinese.contains { n.hasSuffix($0) || ($0.count > 1 && n.hasPrefix($0)) }
  }
}
