// Planning inputs taken from a previous wave: the `literacy_summary.json`
// written by `impact literacy`.
import Foundation
public import ImpactIngest

/// Observed figures of a previous wave used as planning inputs
/// (`impact plan --from-results literacy_summary.json`).
///
/// ```
/// row          = "composite", or the indicator named by --indicator
/// dz           = row.cohens_dz
/// sd_pre, sd_post, sd_diff = row.sd_pre, row.sd_post, row.sd_diff
/// correlation  = (sd_pre² + sd_post² − sd_diff²)/(2·sd_pre·sd_post)   (pre–post r on complete pairs)
/// attrition    = attrition.attrition_rate  (baseline respondents without an endline)
/// pass_change  = row.share_pass_post − row.share_pass_pre  (indicators with a pass threshold)
/// ```
public struct PreviousWave: Sendable, Equatable {
  /// The file as the user named it.
  public var file: String
  /// "composite" or the indicator id.
  public var row: String
  /// Complete pairs behind the row.
  public var pairs: Int?
  /// Cohen's dz of the row.
  public var cohensDz: Double?
  /// SD at baseline, at endline, and of the change.
  public var sdPre: Double?
  public var sdPost: Double?
  public var sdDiff: Double?
  /// Pre–post correlation derived from the three SDs.
  public var correlation: Double?
  /// Share of baseline respondents lost (attrition.attrition_rate).
  public var attrition: Double?
  /// Change in the pass share (post − pre), indicators with a threshold only.
  public var passChange: Double?

  /// Reads `path` and picks the composite or `indicator`.
  ///
  /// - Throws: `IngestError` (exit 1) when the file cannot be read, is not a
  ///   literacy summary, or has no such indicator (the hint lists the ids).
  public static func read(path: String, indicator: String?) throws -> PreviousWave {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw IngestError(
        .io, file: path, message: "cannot read the previous results",
        hint: "give the literacy_summary.json written by `impact literacy --out DIR`")
    }
    let summary: Summary
    do {
      summary = try JSONDecoder().decode(Summary.self, from: data)
    } catch {
      throw IngestError(
        .value, file: path, message: "not a literacy summary (\(error.localizedDescription))",
        hint: "give the literacy_summary.json written by `impact literacy --out DIR`")
    }
    let row: Row
    if let indicator {
      let rows = summary.indicators ?? []
      guard let found = rows.first(where: { $0.indicator == indicator }) else {
        let ids = rows.compactMap(\.indicator)
        throw IngestError(
          .value, file: path, message: "no indicator '\(indicator)' in the results",
          hint: ids.isEmpty
            ? "this file has no indicators; is it a literacy_summary.json?"
            : "use one of: \(ids.prefix(20).joined(separator: ", "))")
      }
      row = found
    } else {
      guard let composite = summary.composite else {
        throw IngestError(
          .value, file: path, message: "no \"composite\" block: not a literacy summary",
          hint: "give the literacy_summary.json written by `impact literacy`, or name a row with --indicator")
      }
      row = composite
    }
    var wave = PreviousWave(file: path, row: indicator ?? "composite")
    wave.pairs = row.nPairs
    wave.cohensDz = row.cohensDz
    wave.sdPre = row.sdPre
    wave.sdPost = row.sdPost
    wave.sdDiff = row.sdDiff
    if let pre = row.sdPre, let post = row.sdPost, let diff = row.sdDiff, pre > 0, post > 0 {
      let r = (pre * pre + post * post - diff * diff) / (2 * pre * post)
      if r > -1 && r < 1 { wave.correlation = r }
    }
    if let rate = summary.attrition?.attritionRate, rate >= 0, rate < 1 { wave.attrition = rate }
    if let pre = row.sharePassPre, let post = row.sharePassPost { wave.passChange = post - pre }
    return wave
  }

  /// The fields read, as `impact literacy` writes them (null decodes as nil).
  private struct Row: Decodable {
    var indicator: String?
    var nPairs: Int?
    var cohensDz: Double?
    var sdPre: Double?
    var sdPost: Double?
    var sdDiff: Double?
    var sharePassPre: Double?
    var sharePassPost: Double?

    enum CodingKeys: String, CodingKey {
      case indicator
      case nPairs = "n_pairs"
      case cohensDz = "cohens_dz"
      case sdPre = "sd_pre"
      case sdPost = "sd_post"
      case sdDiff = "sd_diff"
      case sharePassPre = "share_pass_pre"
      case sharePassPost = "share_pass_post"
    }
  }
  private struct Attrition: Decodable {
    var attritionRate: Double?
    enum CodingKeys: String, CodingKey { case attritionRate = "attrition_rate" }
  }
  private struct Summary: Decodable {
    var composite: Row?
    var indicators: [Row]?
    var attrition: Attrition?
  }

  init(file: String, row: String) {
    self.file = file
    self.row = row
  }
}
