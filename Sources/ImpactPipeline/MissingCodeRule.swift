/// Which numeric answers read as "don't know"/"refused" codes rather than
/// scores — one rule for `impact codebook init` (which writes them as
/// `missing:`) and `impact literacy` (which stops when they would be averaged).
///
/// ```
/// code(v)  ⇔  v is an integer and (v ≥ 97 or v < 0)        (97, 98, 99, 999, −1, −9, …)
/// ```
/// Codes count as missing codes only beside ordinary answers: a column of
/// nothing but 99s is not a column of codes.
public enum MissingCodeRule {
  /// Integers ≥ 97 or negative: the usual "don't know"/"refused" codes.
  public static func looksLikeCode(_ v: Double) -> Bool {
    v.rounded() == v && (v >= 97 || v < 0)
  }

  /// The answers (value → count) that are codes, when there are ordinary
  /// answers beside them (`otherAnswers`: non-numeric answers such as labels
  /// count as ordinary too); otherwise none.
  public static func codes(in numbers: [Double: Int], otherAnswers: Bool = false) -> [Double: Int] {
    let ordinary = numbers.keys.contains { !looksLikeCode($0) }
    guard ordinary || otherAnswers else { return [:] }
    return numbers.filter { looksLikeCode($0.key) }
  }

  /// The codes of a column whose answers are small integers (0–10, as a
  /// Likert or 0/1 item) apart from a few codes: the pattern in which an
  /// unnoticed 99 would be averaged as a score. `nil` for any other column.
  ///
  /// "A few": the codes are fewer than the ordinary answers.
  public static func codesBesideSmallIntegers(_ numbers: [Double: Int]) -> [Double: Int]? {
    let codes = codes(in: numbers)
    guard !codes.isEmpty else { return nil }
    var ordinary = 0
    for (v, n) in numbers where !looksLikeCode(v) {
      guard v.rounded() == v, v >= 0, v <= 10 else { return nil }
      ordinary += n
    }
    let coded = codes.values.reduce(0, +)
    return coded < ordinary ? codes : nil
  }
}
