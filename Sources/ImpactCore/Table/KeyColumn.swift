/// A column of strings (ids, group names, labels) stored as integer codes into
/// a table of distinct levels, so joins and group-bys compare integers.
public struct KeyColumn: Sendable, Equatable {
  /// Code per row: an index into `levels`, or `-1` when missing.
  public var codes: [Int32]
  /// Distinct values in order of first appearance.
  public var levels: [String]

  public init(codes: [Int32], levels: [String]) {
    self.codes = codes
    self.levels = levels
  }

  /// A column from strings; `nil` entries are missing.
  public init(_ strings: [String?]) {
    var index: [String: Int32] = [:]
    var levels: [String] = []
    var codes: [Int32] = []
    codes.reserveCapacity(strings.count)
    for s in strings {
      guard let s else {
        codes.append(-1)
        continue
      }
      if let c = index[s] {
        codes.append(c)
      } else {
        let c = Int32(levels.count)
        index[s] = c
        levels.append(s)
        codes.append(c)
      }
    }
    self.codes = codes
    self.levels = levels
  }

  /// Number of rows.
  public var count: Int { codes.count }

  /// The string at row `i`, or `nil` when missing.
  public subscript(i: Int) -> String? {
    let c = codes[i]
    return c < 0 ? nil : levels[Int(c)]
  }
}
