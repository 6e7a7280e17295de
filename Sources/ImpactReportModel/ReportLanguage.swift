/// The language of the HTML report (`--lang`, config `lang`): Chinese,
/// English, or both — Chinese with the English beneath it. The CSV and JSON
/// summaries keep their English column names and definitions whatever the
/// choice.
public enum ReportLanguage: String, Sendable, Equatable, CaseIterable, Codable {
  case zh
  case en
  case both
}
