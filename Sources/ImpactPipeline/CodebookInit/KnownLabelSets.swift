import ImpactIngest

/// An ordered set of answer labels that `impact codebook init` recognizes:
/// levels from worst (score 1, or 0 for binary sets) to best, each with its
/// Chinese and English wordings and common synonyms.
struct KnownLabelSet: Sendable {
  /// Name written under `scales:` (`agree5`, `frequency5`, …).
  var name: String
  /// What it measures, for the comment above it.
  var title: String
  /// Per level, worst first: the wordings (the first Chinese and the first
  /// English one are the canonical labels).
  var levels: [[String]]
  /// Binary sets score 0/1; ordinal sets 1…n.
  var binary = false
  /// Binary yes/no sets need no labels: `type: binary` understands them.
  var builtInBinary = false

  /// Score of level `i`.
  func score(_ i: Int) -> Int { binary ? i : i + 1 }

  /// Level of a normalized answer key, or `nil`.
  func level(of key: String) -> Int? { index[key] }

  /// Normalized wording → level.
  var index: [String: Int] {
    var m: [String: Int] = [:]
    for (i, words) in levels.enumerated() { for w in words { m[AnswerText.normalize(w)] = i } }
    return m
  }
}

/// The built-in label sets, most specific first (ties in detection go to the
/// earlier set).
enum KnownLabelSets {
  static let all: [KnownLabelSet] = [
    KnownLabelSet(
      name: "agree5", title: "agreement, 5 points",
      levels: [
        ["非常不同意", "完全不同意", "很不同意", "strongly disagree"],
        ["比较不同意", "不同意", "不太同意", "disagree", "somewhat disagree"],
        ["一般", "中立", "不确定", "说不上同意不同意", "neither agree nor disagree", "neutral", "undecided"],
        ["比较同意", "同意", "agree", "somewhat agree"],
        ["非常同意", "完全同意", "很同意", "strongly agree"],
      ]),
    KnownLabelSet(
      name: "agree4", title: "agreement, 4 points (no middle)",
      levels: [
        ["非常不同意", "完全不同意", "strongly disagree"],
        ["不同意", "disagree"],
        ["同意", "agree"],
        ["非常同意", "完全同意", "strongly agree"],
      ]),
    KnownLabelSet(
      name: "agree7", title: "agreement, 7 points",
      levels: [
        ["非常不同意", "完全不同意", "strongly disagree"],
        ["不同意", "disagree"],
        ["有点不同意", "比较不同意", "somewhat disagree", "slightly disagree"],
        ["一般", "中立", "neither agree nor disagree", "neutral"],
        ["有点同意", "比较同意", "somewhat agree", "slightly agree"],
        ["同意", "agree"],
        ["非常同意", "完全同意", "strongly agree"],
      ]),
    KnownLabelSet(
      name: "satisfaction5", title: "satisfaction, 5 points",
      levels: [
        ["非常不满意", "很不满意", "very dissatisfied"],
        ["不满意", "比较不满意", "不太满意", "dissatisfied", "somewhat dissatisfied"],
        ["一般", "中立", "neither satisfied nor dissatisfied", "neutral"],
        ["满意", "比较满意", "satisfied", "somewhat satisfied"],
        ["非常满意", "很满意", "very satisfied"],
      ]),
    KnownLabelSet(
      name: "frequency5", title: "frequency, 5 points",
      levels: [
        ["从不", "从来不", "从未", "never"],
        ["很少", "偶尔", "rarely", "seldom"],
        ["有时", "有时候", "sometimes"],
        ["经常", "often", "usually"],
        ["总是", "每次都", "always"],
      ]),
    KnownLabelSet(
      name: "ability5", title: "self-rated ability, 5 points",
      levels: [
        ["完全不会", "not at all"],
        ["不太会", "会一点", "a little"],
        ["一般", "somewhat"],
        ["比较会", "基本会", "quite well"],
        ["完全会", "非常熟练", "熟练掌握", "very well"],
      ]),
    KnownLabelSet(
      name: "knowledge5", title: "self-rated knowledge, 5 points",
      levels: [
        ["完全不了解", "非常不了解", "not at all familiar"],
        ["不太了解", "比较不了解", "slightly familiar"],
        ["一般", "一般了解", "moderately familiar"],
        ["比较了解", "very familiar"],
        ["非常了解", "extremely familiar"],
      ]),
    KnownLabelSet(
      name: "yes_no", title: "yes/no", levels: [["否", "no", "n", "错", "false"], ["是", "yes", "y", "对", "true"]],
      binary: true, builtInBinary: true),
    KnownLabelSet(
      name: "can", title: "can / cannot", levels: [["不会", "不能", "cannot", "can't", "can not"], ["会", "能", "can"]],
      binary: true),
    KnownLabelSet(
      name: "correct", title: "correct / incorrect",
      levels: [["错误", "不正确", "incorrect", "wrong"], ["正确", "correct", "right"]], binary: true),
  ]

  /// Texts that mean "no answer" in survey exports, normalized.
  static let missingWords: Set<String> = Set(
    [
      "不知道", "不清楚", "说不清", "说不清楚", "拒答", "拒绝回答", "不愿回答", "不适用", "无法回答", "无法判断", "未作答",
      "未回答", "跳过", "don't know", "dont know", "do not know", "refused", "prefer not to say", "not applicable",
      "no answer", "dk",
    ].map(AnswerText.normalize))
}
