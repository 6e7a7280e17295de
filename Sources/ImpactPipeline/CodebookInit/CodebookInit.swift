import Foundation
import ImpactCore
public import ImpactExport
public import ImpactIngest

/// What `impact codebook init` was asked to do.
public struct CodebookInitRequest: Sendable {
  /// The export: the baseline, or a wide file with `X_pre`/`X_post` pairs.
  public var file: String
  /// The endline export, for a survey in two files.
  public var post: String?
  /// The id column, when detection should not guess.
  public var idColumn: String?
  /// Extra missing-value codes (`--missing`); written into `missing:`.
  public var missingCodes: [String] = []
  public var csv = CSVOptions()

  public init(file: String) { self.file = file }
}

/// A drafted codebook: the YAML text and what was found.
public struct CodebookDraft: Sendable {
  /// The commented YAML; `Codebook.load` reads it.
  public var yaml: String
  /// The id column written, if one was found.
  public var idColumn: String?
  /// Indicator ids, in order, with the label set (or kind) recognized.
  public var indicators: [(id: String, kind: String)]
  /// Columns with labels impact does not know: written commented out, with a
  /// TODO to order them.
  public var unknown: [String]
  /// Data rows read per file.
  public var rows: [Int]

  /// Lines for the terminal: what was found and what to review.
  public var summary: [String] {
    var lines: [String] = []
    var kinds: [String: Int] = [:]
    for i in indicators { kinds[i.kind, default: 0] += 1 }
    let detail = kinds.sorted { $0.key < $1.key }.map { "\($0.key) ×\($0.value)" }.joined(separator: ", ")
    let read = rows.map(String.init).joined(separator: " + ")
    lines.append("\(indicators.count) indicators (\(detail.isEmpty ? "none" : detail)) from \(read) rows")
    lines.append(idColumn.map { "id column: \($0)" } ?? "no id column recognized: set id: in the codebook (TODO)")
    if !unknown.isEmpty {
      lines.append(
        "\(unknown.count) column\(unknown.count == 1 ? "" : "s") with answer labels impact does not know, "
          + "written commented out: order their labels (TODO) — \(unknown.joined(separator: ", "))")
    }
    return lines
  }
}

/// `impact codebook init`: reads a survey export and drafts the codebook for
/// it — the id column, the indicators (numeric Likert items and text items
/// whose answers form a known ordered label set), their answer labels and the
/// missing-value codes — as commented YAML for the user to review.
///
/// Every record is read (one parallel pass per file), so the counts in the
/// comments are the file's. The output is deterministic: header order for
/// indicators, sorted scales, labels and codes, no timestamps.
public enum CodebookInit {
  public static func draft(_ request: CodebookInitRequest) throws(IngestError) -> CodebookDraft {
    let first = try CSVFile(path: request.file, options: request.csv)
    let second = try request.post.map { (p) throws(IngestError) in try CSVFile(path: p, options: request.csv) }
    let idIndex: Int?
    if let name = request.idColumn {
      idIndex = try ColumnResolver.resolve(name, in: first, role: "id")
      if let second { _ = try ColumnResolver.resolve(name, in: second, role: "id") }
    } else {
      idIndex = ColumnResolver.detectId(in: first.header)
    }
    let idName = idIndex.map { first.header[$0] }
    let a = try ColumnCensus.read(first)
    let b = try second.map { (f) throws(IngestError) in try ColumnCensus.read(f) }
    if a.rows == 0 && (b?.rows ?? 0) == 0 {
      throw IngestError(
        .header, file: request.file, line: first.dataStartLine, message: "the file has a header but no data rows",
        hint: "export the survey again with its responses; answers are needed to recognize the indicators")
    }
    var userMissing = Set<String>()
    var userCodes = Set<Double>()
    for code in request.missingCodes {
      let key = AnswerText.normalize(code)
      let n = AnswerText.number(key)
      if n.kind == .number { userCodes.insert(n.value) } else if !key.isEmpty { userMissing.insert(key) }
    }
    var candidates: [Candidate] = []
    var unpaired: [String] = []
    if let second, let b {
      for (i, name) in first.header.enumerated() where i != idIndex && i != first.rowNameColumn {
        guard let j = ColumnResolver.find(name, in: second.header), second.header[j] != idName else {
          unpaired.append(name)
          continue
        }
        var census = a.columns[i]
        census.merge(b.columns[j])
        candidates.append(Candidate(base: name, pre: nil, post: nil, census: census))
      }
    } else {
      let pairs = WidePairs.detect(first.header).filter { $0.pre != idIndex && $0.post != idIndex }
      guard !pairs.isEmpty else {
        throw IngestError(
          .header, file: request.file, line: first.headerLine,
          message: "no X_pre/X_post (or pre_X/post_X, X_before/X_after) column pairs found",
          hint: "for a baseline and an endline in two files, give the endline with --post FILE")
      }
      let used = Set(pairs.flatMap { [$0.pre, $0.post] })
      unpaired = first.header.indices.filter { $0 != idIndex && $0 != first.rowNameColumn && !used.contains($0) }
        .map { first.header[$0] }
      for p in pairs {
        var census = a.columns[p.pre]
        census.merge(a.columns[p.post])
        candidates.append(
          Candidate(base: p.base, pre: first.header[p.pre], post: first.header[p.post], census: census))
      }
    }
    let analysed = candidates.map { ($0, ColumnAnswers($0.census, userMissing: userMissing, userCodes: userCodes)) }
    var idInSecond: Bool?
    if let second { idInSecond = idName.map { ColumnResolver.find($0, in: second.header) != nil } ?? false }
    var writer = CodebookYAML(
      sources: ([request.file] + (request.post.map { [$0] } ?? [])).map { PathName.lastComponent($0) },
      idColumn: idName, idInSecond: idInSecond)
    writer.userMissing = request.missingCodes
    for (candidate, answers) in analysed { writer.add(candidate, answers) }
    writer.unpaired = unpaired
    let yaml = writer.render()
    if writer.indicators.isEmpty && writer.unknown.isEmpty {
      let seen = writer.others.prefix(6).map { "\($0.name) (\($0.reason))" }.joined(separator: "; ")
      throw IngestError(
        .header, file: request.file, line: first.headerLine,
        message: "no indicator columns were recognized (\(seen.isEmpty ? "no paired columns" : seen))",
        hint:
          "indicators are integer answers with a small range (1–5, 0–10) or text answers such as 非常同意/Strongly agree; write the codebook by hand for other data"
      )
    }
    return CodebookDraft(
      yaml: yaml, idColumn: idName, indicators: writer.indicators.map { ($0.id, $0.kind) },
      unknown: writer.unknown, rows: [a.rows] + (b.map { [$0.rows] } ?? []))
  }

  /// Writes the draft to `path` (refusing to replace an existing file unless
  /// `force`) and returns the path written.
  public static func write(_ draft: CodebookDraft, to path: String, force: Bool) throws(ExportError) -> String {
    if !force && FileManager.default.fileExists(atPath: path) {
      throw ExportError(
        path: path, message: "the file exists and was left unchanged",
        hint: "choose another name with --out, or pass --force to replace it")
    }
    var out = OutputSet(directory: PathName.directory(of: path))
    try out.checkWritable()
    out.add(PathName.lastComponent(path), contents: draft.yaml)
    try out.commit()
    return path
  }

  /// A candidate indicator: a column common to both files, or a wide pair.
  struct Candidate: Sendable {
    /// The column name (two files) or the pair's base name (wide).
    var base: String
    var pre: String?
    var post: String?
    var census: ColumnCensus
  }
}
