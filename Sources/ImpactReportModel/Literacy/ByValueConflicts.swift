/// A respondent whose `--by` value differs between the waves.
public struct ByValueConflict: Sendable, Equatable, Codable {
  public var id: String
  public var pre: String
  public var post: String

  public init(id: String, pre: String, post: String) {
    self.id = id
    self.pre = pre
    self.post = post
  }
}

/// Per `--by` column: how many paired respondents have a different
/// (non-blank) value at endline than at baseline, and the first of them by
/// id. The baseline value is used; the endline's only fills a blank.
public struct ByValueConflicts: Sendable, Equatable, Codable {
  public var column: String
  public var respondents: Int
  /// The conflicts of the smallest ids (at most ``exampleLimit``), sorted by id.
  public var examples: [ByValueConflict]

  public static let exampleLimit = 5

  public init(column: String, respondents: Int, examples: [ByValueConflict]) {
    self.column = column
    self.respondents = respondents
    self.examples = examples
  }

  /// Adds `c` to the examples if its id is among the smallest.
  public mutating func offer(_ c: ByValueConflict) {
    guard examples.count < Self.exampleLimit || c.id < (examples.last?.id ?? "") else { return }
    let at = examples.firstIndex { c.id < $0.id } ?? examples.count
    examples.insert(c, at: at)
    if examples.count > Self.exampleLimit { examples.removeLast() }
  }

  /// The conflicts of shards that partition the respondents: counts added
  /// per column, examples of the smallest ids kept.
  public static func merged(_ a: [ByValueConflicts], _ b: [ByValueConflicts]) -> [ByValueConflicts] {
    var out = a
    for x in b {
      if let i = out.firstIndex(where: { $0.column == x.column }) {
        out[i].respondents += x.respondents
        for e in x.examples { out[i].offer(e) }
      } else {
        out.append(x)
      }
    }
    return out
  }
}
