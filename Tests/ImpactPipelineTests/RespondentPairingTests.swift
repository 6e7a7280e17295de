import ImpactPipeline
import Testing

/// Pairing by id as a pure function of the ids (``RespondentPairing``).
@Suite struct RespondentPairingTests {
  struct Case: Sendable, CustomTestStringConvertible {
    var name: String
    var pre: [String?]
    var post: [String?]
    var idMatch: IdMatch = .exact
    var matched: [[Int]]
    var onlyPre: [Int] = []
    var onlyPost: [Int] = []
    var blank: [Int] = [0, 0]
    var duplicateIds: [Int] = [0, 0]
    var duplicateRows: [Int] = [0, 0]
    var onlyPreIds: [String] = []
    var onlyPostIds: [String] = []
    var testDescription: String { name }
  }

  static let cases: [Case] = [
    Case(
      name: "exact ids, endline shuffled", pre: ["a", "b", "c"], post: ["c", "a", "b"],
      matched: [[0, 1], [1, 2], [2, 0]]),
    Case(
      name: "duplicate at baseline: excluded in both waves", pre: ["a", "a", "b"], post: ["a", "b"], matched: [[2, 1]],
      duplicateIds: [1, 0], duplicateRows: [2, 0]),
    Case(
      name: "duplicate at endline: excluded in both waves", pre: ["a", "b"], post: ["a", "a", "a", "b"],
      matched: [[1, 3]], duplicateIds: [0, 1], duplicateRows: [0, 3]),
    Case(
      name: "blank ids pair with nothing", pre: ["a", "", nil], post: ["", "a"], matched: [[0, 1]], blank: [2, 1]),
    Case(
      name: "only at baseline", pre: ["a", "b", "c"], post: ["a"], matched: [[0, 0]], onlyPre: [1, 2],
      onlyPreIds: ["b", "c"]),
    Case(
      name: "only at endline", pre: ["a"], post: ["b", "a", "c"], matched: [[0, 1]], onlyPost: [0, 2],
      onlyPostIds: ["b", "c"]),
    Case(
      name: "no common id", pre: ["a"], post: ["b"], matched: [], onlyPre: [0], onlyPost: [0], onlyPreIds: ["a"],
      onlyPostIds: ["b"]),
    Case(name: "empty waves", pre: [], post: [], matched: []),
    Case(
      name: "exact: case and leading zeros differ", pre: ["A1", "00001"], post: ["a1", "1"], matched: [],
      onlyPre: [0, 1], onlyPost: [0, 1], onlyPreIds: ["A1", "00001"], onlyPostIds: ["a1", "1"]),
    Case(
      name: "normalized: case, white space, full width, leading zeros", pre: ["A1", "00001", " x ", "ＡＢ１", "000"],
      post: ["a1", "1", "X", "ab1", "0"], idMatch: .normalized, matched: [[0, 0], [1, 1], [2, 2], [3, 3], [4, 4]]),
    Case(
      name: "normalized: collisions within a wave are duplicates", pre: ["1", "01", "2"], post: ["001", "2"],
      idMatch: .normalized, matched: [[2, 1]], duplicateIds: [1, 0], duplicateRows: [2, 0]),
    Case(
      name: "normalized: a one-wave id shows its normalized key", pre: ["007"], post: ["8"], idMatch: .normalized,
      matched: [], onlyPre: [0], onlyPost: [0], onlyPreIds: ["7"], onlyPostIds: ["8"]),
  ]

  @Test(arguments: cases)
  func twoFiles(_ c: Case) throws {
    var pre = WaveIds(c.pre)
    var post = WaveIds(c.post, sharing: pre.keys)
    if c.idMatch == .normalized {
      let n = RespondentIdKey.normalizedWaves(pre: pre, post: post)
      pre = n.pre
      post = n.post
    }
    let p = RespondentPairing.twoFiles(pre: pre, post: post)
    #expect(p.matched.map { [Int($0.pre), Int($0.post)] } == c.matched)
    #expect(p.onlyPre.map(Int.init) == c.onlyPre)
    #expect(p.onlyPost.map(Int.init) == c.onlyPost)
    #expect([p.blankPre, p.blankPost] == c.blank)
    #expect([p.duplicateIdsPre, p.duplicateIdsPost] == c.duplicateIds)
    #expect([p.duplicateRowsPre, p.duplicateRowsPost] == c.duplicateRows)
    // Examples are the ids first in sort order (independent of sharding).
    #expect(p.examples.onlyPreIds == c.onlyPreIds.sorted())
    #expect(p.examples.onlyPostIds == c.onlyPostIds.sorted())
    // Every row is accounted for exactly once.
    let dupPre = c.duplicateRows[0]
    let dupPost = c.duplicateRows[1]
    #expect(p.matched.count + p.onlyPre.count + p.blankPre + dupPre <= c.pre.count)
    #expect(p.matched.count + p.onlyPost.count + p.blankPost + dupPost <= c.post.count)
  }

  @Test func duplicateExamplesNameTheIdAndItsLines() throws {
    let pre = WaveIds(["a", "b", "a"])
    let post = WaveIds(["b", "b"], sharing: pre.keys)
    let p = RespondentPairing.twoFiles(pre: pre, post: post)
    #expect(p.examples.duplicateIds.map(\.wave) == ["pre", "post"])
    #expect(p.examples.duplicateIds.map(\.id) == ["a", "b"])
    #expect(p.examples.duplicateIds.map(\.lines) == [[2, 4], [2, 3]])
    #expect(p.matched.isEmpty && p.onlyPre.isEmpty && p.onlyPost.isEmpty)
  }

  @Test func wideRowsPairWithThemselvesWhenAnsweredInBothWaves() throws {
    let ids = WaveIds(["a", "b", "a", "c", "", "d", "e"])
    let p = RespondentPairing.wide(ids, answered: [3, 1, 3, 2, 3, 3, 0])
    #expect(p.matched.map { [Int($0.pre), Int($0.post)] } == [[5, 5]])
    #expect(p.onlyPre == [1] && p.onlyPost == [3])
    #expect(p.blankPre == 1 && p.blankPost == 1)
    #expect(p.duplicateIdsPre == 1 && p.duplicateRowsPre == 2 && p.duplicateIdsPost == 1)
    #expect(p.examples.duplicateIds.map(\.wave) == ["survey"])
    #expect(p.examples.blankIdLines.map(\.line) == [6])
  }

  @Test(arguments: [
    ("00001", "1"), ("000", "0"), ("0", "0"), (" A7 ", "a7"), ("ＡＢ１", "ab1"), ("0x1", "0x1"), ("01.5", "01.5"),
    ("R  01", "r 01"), ("", ""), ("١٢", "١٢"),
  ])
  func normalizedIds(_ id: String, _ key: String) {
    #expect(RespondentIdKey.normalized(id) == key)
  }
}
