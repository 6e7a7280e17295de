import ImpactIngest

/// Finds columns by name in a header, tolerating survey-platform group paths:
/// `q01` matches `literacy/q01` (KoboToolbox/ODK exports) and `literacy/q01`
/// matches `q01`, when exactly one column fits.
enum ColumnResolver {
  /// The header position of `name`, or an error naming the file and the
  /// candidates.
  static func resolve(_ name: String, in file: CSVFile, role: String) throws(IngestError) -> Int {
    if let i = find(name, in: file.header) { return i }
    let tail = lastComponent(name)
    let matches = file.header.indices.filter { lastComponent(file.header[$0]) == tail }
    if matches.count > 1 {
      let names = matches.map { "'\(file.header[$0])'" }.joined(separator: ", ")
      throw IngestError(
        .header, file: file.path, line: file.headerLine,
        message: "\(role) column '\(name)' is ambiguous: \(names) all end in '\(tail)'",
        hint: "name the column with its full group path in the codebook or options")
    }
    let shown = file.header.prefix(12).map { "'\($0)'" }.joined(separator: ", ")
    let near = file.header.min { editDistanceForHint($0, name) < editDistanceForHint($1, name) }
    let hint = near.flatMap { editDistanceForHint($0, name) <= 3 ? "; did you mean '\($0)'?" : nil } ?? ""
    throw IngestError(
      .header, file: file.path, line: file.headerLine,
      message:
        "\(role) column '\(name)' is not in the header (found \(shown)\(file.header.count > 12 ? ", …" : ""))\(hint)",
      hint: "rename the column, or map it in the codebook (pre:/post:/column:) or with the matching option")
  }

  /// Exact match or a unique group-path match; `nil` otherwise.
  static func find(_ name: String, in header: [String]) -> Int? {
    if let i = header.firstIndex(of: name) { return i }
    let tail = lastComponent(name)
    let matches = header.indices.filter { lastComponent(header[$0]) == tail }
    return matches.count == 1 ? matches[0] : nil
  }

  static func lastComponent(_ s: String) -> String {
    s.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? s
  }

  /// Common id column names, tried case-insensitively when none is given.
  static let idCandidates = [
    "respondent_id", "respondent", "id", "participant_id", "participant", "person_id", "uid", "user_id",
    "编号", "受访者编号", "用户编号", "id号",
  ]

  static func detectId(in header: [String]) -> Int? {
    for c in idCandidates {
      if let i = header.firstIndex(where: { lastComponent($0).lowercased() == c }) { return i }
    }
    return nil
  }
}

func editDistanceForHint(_ a: String, _ b: String) -> Int {
  let x = Array(a.lowercased())
  let y = Array(b.lowercased())
  if x.isEmpty { return y.count }
  if y.isEmpty { return x.count }
  var prev = Array(0...y.count)
  for i in 1...x.count {
    var cur = [i] + Array(repeating: 0, count: y.count)
    for j in 1...y.count {
      cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
    }
    prev = cur
  }
  return prev[y.count]
}
