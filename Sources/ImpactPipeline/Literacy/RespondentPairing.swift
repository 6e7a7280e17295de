public import ImpactExport
public import ImpactIngest

/// The respondent ids of one wave as codes: what pairing needs and nothing
/// else.
///
/// Codes below `keys.count` name `keys`; codes from `keys.count` on name
/// `extraKeys` (an endline read against the baseline's interner holds the
/// baseline's codes for the ids it shares and extra codes for the others).
public struct WaveIds: Sendable {
  /// Id code per row (−1: blank id).
  public var codes: [Int32]
  /// Physical line of each row.
  public var lines: [Int32]
  public var keys: KeyInterner
  public var extraKeys: KeyInterner

  public init(codes: [Int32], lines: [Int32], keys: KeyInterner, extraKeys: KeyInterner = KeyInterner()) {
    self.codes = codes
    self.lines = lines
    self.keys = keys
    self.extraKeys = extraKeys
  }

  /// Number of distinct codes.
  public var count: Int { keys.count + extraKeys.count }

  /// The id with code `c`.
  public func name(_ c: Int32) -> String {
    c < Int32(keys.count) ? keys.string(c) : extraKeys.string(c - Int32(keys.count))
  }

  /// Ids as written, one per row (`nil` or "" for a blank id), on lines 2, 3, …:
  /// a wave for tests and small callers.
  ///
  /// - Parameter known: the other wave's keys; ids found there keep its codes.
  public init(_ ids: [String?], sharing known: KeyInterner? = nil) {
    var keys = known ?? KeyInterner()
    var extra = KeyInterner()
    var codes: [Int32] = []
    for id in ids {
      guard let id, !id.isEmpty else {
        codes.append(-1)
        continue
      }
      if let known {
        codes.append(known.lookup(id) ?? Int32(known.count) + extra.intern(id))
      } else {
        codes.append(keys.intern(id))
      }
    }
    self.init(
      codes: codes, lines: ids.indices.map { Int32($0 + 2) }, keys: keys,
      extraKeys: known == nil ? KeyInterner() : extra
    )
  }
}

/// Which respondents of two waves are the same people: pairing by id as a
/// pure function of the ids.
///
/// Rules:
/// - a blank id pairs with nothing (counted, first lines listed);
/// - an id on several rows of one wave is excluded in full, in that wave and
///   in the other (which row is right is unknowable); counted per wave;
/// - every other id pairs with the same id of the other wave, or is only in
///   its own wave.
///
/// - Complexity: O(rows), plus O(n log 20) to pick the examples.
public struct RespondentPairing: Sendable {
  /// (baseline row, endline row) of paired respondents, in baseline row order.
  public var matched: [(pre: Int32, post: Int32)] = []
  /// Rows whose id is only in that wave (and not duplicated).
  public var onlyPre: [Int32] = []
  public var onlyPost: [Int32] = []
  /// Rows without an id.
  public var blankPre = 0
  public var blankPost = 0
  /// Ids on several rows, and those rows.
  public var duplicateIdsPre = 0
  public var duplicateRowsPre = 0
  public var duplicateIdsPost = 0
  public var duplicateRowsPost = 0
  /// First duplicates, blank lines and one-wave ids.
  public var examples = LiteracyExclusions()

  public init() {}

  /// Pairs the rows of two files; `post` was read against `pre.keys`, so its
  /// codes below `pre.keys.count` are the baseline's codes for the same ids.
  public static func twoFiles(pre: WaveIds, post: WaveIds) -> RespondentPairing {
    var p = RespondentPairing()
    let countsPre = occurrences(pre.codes, distinct: pre.count)
    p.countDuplicates(countsPre, wave: pre, label: "pre", pre: true)
    let countsPost = occurrences(post.codes, distinct: post.count)
    p.countDuplicates(countsPost, wave: post, label: "post", pre: false)
    let preCount = Int32(pre.keys.count)
    // Baseline id code → the unique endline row (−1 none, −2 duplicated at endline).
    var preToPostRow = [Int32](repeating: -1, count: pre.keys.count)
    for r in post.codes.indices {
      let c = post.codes[r]
      if c < 0 {
        p.countBlank(\.blankPost, wave: "post", line: post.lines[r])
        continue
      }
      let pc = c < preCount ? c : -1
      if countsPost[Int(c)] > 1 {
        if pc >= 0 { preToPostRow[Int(pc)] = -2 }
        continue
      }
      if pc < 0 {
        p.onlyPost.append(Int32(r))
        continue
      }
      if countsPre[Int(pc)] > 1 { continue }
      preToPostRow[Int(pc)] = Int32(r)
    }
    p.matched.reserveCapacity(min(pre.codes.count, post.codes.count))
    for r in pre.codes.indices {
      let c = pre.codes[r]
      if c < 0 {
        p.countBlank(\.blankPre, wave: "pre", line: pre.lines[r])
        continue
      }
      if countsPre[Int(c)] > 1 { continue }
      let q = preToPostRow[Int(c)]
      if q >= 0 {
        p.matched.append((Int32(r), q))
      } else if q == -1 {
        p.onlyPre.append(Int32(r))
      }
    }
    // Examples: the ids first in sort order, whatever the sharding.
    p.examples.onlyPreIds = LiteracyExclusions.smallestIds(p.onlyPre.lazy.map { pre.name(pre.codes[Int($0)]) })
    p.examples.onlyPostIds = LiteracyExclusions.smallestIds(p.onlyPost.lazy.map { post.name(post.codes[Int($0)]) })
    return p
  }

  /// Pairs the rows of one wide file: a row pairs with itself when it has an
  /// answer in both waves (`answered[r]`: bit 0 baseline, bit 1 endline).
  public static func wide(_ ids: WaveIds, answered: [UInt8]) -> RespondentPairing {
    var p = RespondentPairing()
    let counts = occurrences(ids.codes, distinct: ids.count)
    p.countDuplicates(counts, wave: ids, label: "survey", pre: true)
    for r in ids.codes.indices {
      let c = ids.codes[r]
      if c < 0 {
        p.countBlank(\.blankPre, wave: "survey", line: ids.lines[r])
        continue
      }
      if counts[Int(c)] > 1 { continue }
      let a = r < answered.count ? answered[r] : 0
      switch a & 3 {
      case 3: p.matched.append((Int32(r), Int32(r)))
      case 1: p.onlyPre.append(Int32(r))
      case 2: p.onlyPost.append(Int32(r))
      default: break
      }
    }
    p.blankPost = p.blankPre
    p.duplicateIdsPost = p.duplicateIdsPre
    p.duplicateRowsPost = p.duplicateRowsPre
    return p
  }

  /// Counts a row without an id in `counter`, keeping the first lines of its
  /// wave as examples (file order: independent of sharding).
  private mutating func countBlank(_ counter: WritableKeyPath<RespondentPairing, Int>, wave: String, line: Int32) {
    self[keyPath: counter] += 1
    if self[keyPath: counter] <= LiteracyExclusions.examplesPerWave {
      examples.blankIdLines.append(WaveLine(wave, Int(line)))
    }
  }

  /// Counts the ids on several rows of one wave, and keeps as examples the
  /// `LiteracyExclusions.examplesPerWave` duplicated ids first in sort order
  /// with their lines (independent of how the rows were sharded).
  private mutating func countDuplicates(_ counts: [Int32], wave: WaveIds, label: String, pre: Bool) {
    var duplicated: [Int32] = []
    for (c, n) in counts.enumerated() where n > 1 {
      duplicated.append(Int32(c))
      if pre {
        duplicateIdsPre += 1
        duplicateRowsPre += Int(n)
      } else {
        duplicateIdsPost += 1
        duplicateRowsPost += Int(n)
      }
    }
    guard !duplicated.isEmpty else { return }
    let chosen = LiteracyExclusions.smallestIds(duplicated.lazy.map { wave.name($0) })
    let slot = Dictionary(uniqueKeysWithValues: chosen.enumerated().map { ($1, $0) })
    var slotOfCode: [Int32: Int] = [:]
    for c in duplicated { if let i = slot[wave.name(c)] { slotOfCode[c] = i } }
    var lines = [[Int]](repeating: [], count: chosen.count)
    for (r, c) in wave.codes.enumerated() where c >= 0 {
      if let i = slotOfCode[c] { lines[i].append(Int(wave.lines[r])) }
    }
    examples.duplicateIds += chosen.indices.map { DuplicateId(wave: label, id: chosen[$0], lines: lines[$0]) }
  }

  static func occurrences(_ codes: [Int32], distinct: Int) -> [Int32] {
    var counts = [Int32](repeating: 0, count: distinct)
    for c in codes where c >= 0 && Int(c) < distinct { counts[Int(c)] &+= 1 }
    return counts
  }
}
