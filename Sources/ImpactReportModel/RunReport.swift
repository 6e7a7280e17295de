/// Everything one `impact run` produced, for the HTML report, the notebook
/// and the manifest.
public struct RunReport: Sendable {
  public var title: String
  public var generatedAt: String?
  public var toolVersion: String
  public var configPath: String?
  public var surveys: [(name: String, files: SurveyOutputNames, report: LiteracyReport)]
  public var reach: ReachReport?
  /// The report's language (`--lang`; default both).
  public var language: ReportLanguage = .both

  public init(
    title: String, generatedAt: String?, toolVersion: String, configPath: String?,
    surveys: [(name: String, files: SurveyOutputNames, report: LiteracyReport)], reach: ReachReport?
  ) {
    self.title = title
    self.generatedAt = generatedAt
    self.toolVersion = toolVersion
    self.configPath = configPath
    self.surveys = surveys
    self.reach = reach
  }

  /// The title when none is given; the report shows it in its language.
  public static let defaultTitle = "Impact report"

  /// Every input file of every analysis (deduplicated by path, in order).
  public var inputs: [InputFileInfo] {
    var seen: Set<String> = []
    var out: [InputFileInfo] = []
    for i in surveys.flatMap({ $0.report.inputs }) + (reach?.inputs ?? []) where !seen.contains(i.path) {
      seen.insert(i.path)
      out.append(i)
    }
    return out
  }
}

/// The output file names of one survey's summaries.
public struct SurveyOutputNames: Sendable, Equatable {
  public var indicatorsCSV: String
  public var summaryJSON: String

  public init(index: Int, of count: Int) {
    if count <= 1 {
      indicatorsCSV = "literacy_indicators.csv"
      summaryJSON = "literacy_summary.json"
    } else {
      indicatorsCSV = "literacy_\(index + 1)_indicators.csv"
      summaryJSON = "literacy_\(index + 1)_summary.json"
    }
  }
}
