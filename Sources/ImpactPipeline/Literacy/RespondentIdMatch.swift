import Foundation
public import ImpactIngest

/// How respondent ids of two waves are compared (`--id-match`, config
/// `id_match`).
public enum IdMatch: String, Sendable, CaseIterable {
  /// As written, byte for byte (the default).
  case exact
  /// On ``RespondentIdKey/normalized(_:)``: "00001" pairs with "1", " A7 " with "a7".
  case normalized
}

/// The normalized form of a respondent id, and the waves re-keyed on it.
public enum RespondentIdKey {
  /// The id with white space trimmed (inner runs collapsed), compatibility
  /// forms folded (NFKC), case folded, and leading zeros of an all-digit id
  /// dropped (one zero kept):
  ///
  /// ```
  /// key(id) = dropLeadingZeros(AnswerText.normalize(id))   "00042" → "42", " ＡＢ1 " → "ab1", "000" → "0"
  /// ```
  public static func normalized(_ id: String) -> String {
    let key = AnswerText.normalize(id)
    guard !key.isEmpty, key.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return key }
    let trimmed = key.drop { $0 == "0" }
    return trimmed.isEmpty ? "0" : String(trimmed)
  }

  /// Both waves with their ids replaced by normalized keys. Ids of one wave
  /// that normalize to the same key become one (duplicated) id; the examples
  /// of the pairing then name the normalized key.
  ///
  /// - Parameter post: read against `pre.keys` (its codes below
  ///   `pre.keys.count` are the baseline's).
  /// - Complexity: O(rows + distinct ids × id length).
  public static func normalizedWaves(pre: WaveIds, post: WaveIds) -> (pre: WaveIds, post: WaveIds, map: NormalizedCodes)
  {
    var keys = KeyInterner()
    var extra = KeyInterner()
    var preMap = [Int32](repeating: -1, count: pre.count)
    for c in 0..<pre.count { preMap[c] = keys.intern(normalized(pre.name(Int32(c)))) }
    var postMap = [Int32](repeating: -1, count: post.count)
    for c in 0..<post.count {
      if c < pre.keys.count && c < preMap.count {
        postMap[c] = preMap[c]
        continue
      }
      let key = normalized(post.name(Int32(c)))
      postMap[c] = keys.lookup(key) ?? Int32(keys.count) + extra.intern(key)
    }
    func remap(_ codes: [Int32], _ map: [Int32]) -> [Int32] {
      codes.map { $0 >= 0 && Int($0) < map.count ? map[Int($0)] : -1 }
    }
    let newPre = WaveIds(codes: remap(pre.codes, preMap), lines: pre.lines, keys: keys)
    let newPost = WaveIds(codes: remap(post.codes, postMap), lines: post.lines, keys: keys, extraKeys: extra)
    return (newPre, newPost, NormalizedCodes(pre: preMap, post: postMap))
  }

  /// Old code → normalized code, per wave.
  public struct NormalizedCodes: Sendable {
    public var pre: [Int32]
    public var post: [Int32]
  }

  /// Stops when ids pair poorly as written but well after normalization:
  /// fewer than half of the smaller wave's respondents pair exactly, and
  /// normalized keys would pair at least twice as many (and more than none).
  ///
  /// - Parameter exact: the pairing on the ids as written.
  /// - Throws: `IngestError` naming both files, the id column, the first ids
  ///   that pair only after normalization, and `--id-match normalized`.
  public static func checkExactPairing(
    pre: WaveIds, post: WaveIds, exact: RespondentPairing, files: (pre: String, post: String), idColumn: String
  ) throws(IngestError) {
    let withId = min(pre.codes.lazy.filter { $0 >= 0 }.count, post.codes.lazy.filter { $0 >= 0 }.count)
    guard exact.matched.count * 2 < withId else { return }
    let (a, b, map) = normalizedWaves(pre: pre, post: post)
    let normalizedPairs = RespondentPairing.twoFiles(pre: a, post: b).matched.count
    guard normalizedPairs > exact.matched.count, normalizedPairs >= 2 * exact.matched.count else { return }
    // Examples: an endline-only id whose key is a baseline key, with that baseline id.
    var firstPre = [Int32](repeating: -1, count: a.keys.count)
    for (c, k) in map.pre.enumerated() where k >= 0 && Int(k) < firstPre.count && firstPre[Int(k)] < 0 {
      firstPre[Int(k)] = Int32(c)
    }
    var examples: [String] = []
    var seen = Set<Int32>()
    for c in post.codes where c >= Int32(pre.keys.count) && Int(c) < map.post.count && examples.count < 3 {
      let k = map.post[Int(c)]
      guard k >= 0, Int(k) < firstPre.count, firstPre[Int(k)] >= 0, seen.insert(k).inserted else { continue }
      examples.append("'\(pre.name(firstPre[Int(k)]))' ↔ '\(post.name(c))'")
    }
    throw IngestError(
      .value, file: files.pre,
      message:
        "only \(exact.matched.count) of \(withId) respondents pair with \(files.post) on id column '\(idColumn)' as the ids are written, but \(normalizedPairs) would pair after normalizing them (white space trimmed, NFKC, case folded, leading zeros of all-digit ids dropped), e.g. "
        + examples.joined(separator: ", "),
      hint:
        "if these are the same respondents, rerun with --id-match normalized (config: id_match: normalized); otherwise correct the ids so both files write them the same way"
    )
  }
}
