import Foundation
public import ImpactCore
public import ImpactIngest
public import ImpactReportModel
public import ImpactStats

/// A batch job: which inputs, which analyses, where to write. Read from YAML
/// or JSON; relative paths are relative to the config file.
///
/// ```yaml
/// title: "Beijing sci-tech volunteers"
/// output: ../../notebooks-out
/// confidence: 0.95
/// on_bad_row: fail            # or skip
/// encoding: gb18030           # optional, for every input
/// sheet: 1                    # optional: sheet of .xlsx inputs (name or number)
/// xlsx: true                  # also write impact_summary.xlsx
/// lang: both                  # report.html in zh, en or both (default)
/// pdf: true                   # also write report.pdf (headless Chromium)
/// excel_csv: true             # CSV with a UTF-8 BOM and CRLF, for Excel
/// reach:
///   hours: hours.csv
///   registry: volunteers.csv  # optional
///   beneficiaries: people.csv # optional
///   period: year              # quarter, month
///   by: [team, university]
///   from: 2012-01-01
///   to: 2024-12-31
///   as_of: 2025-03-03
///   max_hours: 24              # at most 8784
///   date_format: "%d/%m/%Y"    # optional; default: year-first or detected
///   max_excluded_share: 0.2    # stop when more is excluded for one reason
///   include_partial: false     # report partial periods like complete ones
///   star_levels: [100, 300, 600, 1000, 1500]  # hours for one to five stars
///   lapsed_after: 12           # months without service
///   fte_hours: 1720            # hours of one full-time equivalent a year
///   hour_value: 25             # optional; value of an hour, with currency: CNY
///   drop_duplicates: false
///   columns: {volunteer: 志愿者编号, date: 日期, hours: 时长}
///   sheet: 服务记录             # optional, overrides the top-level sheet
/// surveys:
///   - name: "Silver digital literacy"
///     pre: baseline.csv        # or survey: wide.csv
///     post: endline.csv
///     codebook: codebook.yaml
///     id: respondent_id
///     by: [district]
///     scale: [1, 5]
///     missing: [99]
///     id_match: normalized     # optional: exact (default) or normalized ids
///     max_excluded_share: 0.2  # optional: largest share of answers an indicator may lose
///     group: arm               # optional comparison group: column, and its participants' value
///     treated: program
///     covariates: [age]        # optional ANCOVA covariates (numeric); categorical_covariates: [sex]
///     cluster: village         # optional: cluster-robust (CR1) errors
///     audit:                   # optional (also at the top level, for every survey)
///       randomized: false
///       attrition_boundary: cautious   # or optimistic
///       selected_on_baseline: false
///       test_retest: 0.7       # optional; else cor(pre, post)
///       population_mean: {composite: 60, q01: 3.2}
/// ```
public struct RunConfig: Sendable {
  public var path: String
  public var title: String
  public var output: String
  public var confidence: Double
  public var onBadRow: BadRowPolicy
  public var encoding: TextEncoding?
  /// Write `impact_summary.xlsx` too (`xlsx: true`, or `impact run --xlsx`).
  public var xlsx = false
  /// Language of report.html (`lang:`, or `impact run --lang`; `nil`: not
  /// given, the report is bilingual and audit.md English).
  public var language: ReportLanguage?
  /// Write `report.pdf` too, printed by headless Chromium (`pdf: true`, or `impact run --pdf`).
  public var pdf = false
  /// CSV outputs with a UTF-8 BOM and CRLF line ends (`excel_csv: true`, or `--excel-csv`).
  public var excelCSV = false
  public var reach: ReachRequest?
  public var surveys: [(name: String, request: LiteracyRequest)]

  /// Reads and validates a config file.
  public static func load(_ configPath: String) throws(IngestError) -> RunConfig {
    let path = configPath
    let root = try ConfigNode.load(path: path)
    try root.checkKeys([
      "title", "output", "confidence", "on_bad_row", "encoding", "sheet", "xlsx", "pdf", "excel_csv", "reach",
      "surveys",
      "header_row", "first_data_row", "decimal", "max_excluded_share", "audit",
      "lang",
    ])
    let base = PathName.parent(path)
    func resolve(_ p: String) -> String { PathName.standardized(PathName.join(base, p)) }
    func resolvedPath(_ node: ConfigNode?) throws(IngestError) -> String? {
      guard let node else { return nil }
      return resolve(try node.text())
    }
    var config = RunConfig(
      path: path, title: try root["title"]?.text() ?? RunReport.defaultTitle,
      output: resolve(try root["output"]?.text() ?? "notebooks-out"),
      confidence: try root["confidence"]?.number() ?? 0.95, onBadRow: .fail, encoding: nil, reach: nil, surveys: [])
    guard config.confidence > 0 && config.confidence < 1 else {
      throw root["confidence"]?.error("confidence must be between 0 and 1", hint: "write e.g. confidence: 0.95")
        ?? root.error("bad confidence", hint: "")
    }
    if let b = root["on_bad_row"] {
      guard let p = BadRowPolicy(rawValue: try b.text()) else {
        throw b.error("on_bad_row must be fail or skip", hint: "write on_bad_row: skip to skip malformed rows")
      }
      config.onBadRow = p
    }
    if let e = root["encoding"] {
      guard let enc = TextEncoding(name: try e.text()) else {
        throw e.error("unknown encoding", hint: "use utf-8, utf-16le, utf-16be or gb18030")
      }
      config.encoding = enc
    }
    if let x = root["xlsx"] { config.xlsx = try x.bool() }
    if let l = root["lang"] {
      guard let language = ReportLanguage(rawValue: try l.text()) else {
        throw l.error("lang must be zh, en or both", hint: "write lang: zh for a Chinese-only report")
      }
      config.language = language
    }
    if let x = root["pdf"] { config.pdf = try x.bool() }
    if let x = root["excel_csv"] { config.excelCSV = try x.bool() }
    /// `sheet:` of a section, else of the config: which sheet of a workbook.
    func sheet(_ node: ConfigNode) throws(IngestError) -> String? {
      guard let s = node["sheet"] ?? root["sheet"] else { return nil }
      let name = try s.text()
      guard !name.trimmingCharacters(in: .whitespaces).isEmpty else {
        throw s.error("sheet must be a sheet name or a number from 1", hint: "write e.g. sheet: 1 or sheet: 问卷数据")
      }
      return name
    }
    /// The import options of a section: its own `header_row`,
    /// `first_data_row`, `decimal` and `sheet`, else the config's.
    func importOptions(_ node: ConfigNode) throws(IngestError) -> CSVOptions {
      var o = CSVOptions()
      o.encoding = config.encoding
      o.sheet = try sheet(node)
      if let h = node["header_row"] ?? root["header_row"] {
        let row = try h.number()
        guard row >= 1, row == row.rounded(), row < 1e9 else {
          throw h.error("header_row must be a row number from 1", hint: "write e.g. header_row: 2")
        }
        o.headerRow = Int(row)
      }
      if let d = node["first_data_row"] ?? root["first_data_row"] {
        let row = try d.number()
        guard row >= 2, row == row.rounded(), row < 1e9, Int(row) > (o.headerRow ?? 1) else {
          throw d.error(
            "first_data_row must be a row number below the header row",
            hint: "write e.g. first_data_row: \((o.headerRow ?? 1) + 1)")
        }
        o.firstDataRow = Int(row)
      }
      if let m = node["decimal"] ?? root["decimal"] {
        guard let mark = DecimalMark(option: try m.text()) else {
          throw m.error("decimal must be '.' or ','", hint: "write decimal: \",\" for numbers like 4,5")
        }
        o.decimalMark = mark
      }
      return o
    }
    if let r = root["reach"] {
      try r.checkKeys([
        "hours", "registry", "beneficiaries", "period", "by", "from", "to", "as_of", "max_hours", "drop_duplicates",
        "columns", "sheet", "header_row", "first_data_row", "decimal", "date_format", "max_excluded_share",
        "include_partial", "star_levels", "lapsed_after", "fte_hours", "hour_value", "currency",
      ])
      guard let hours = r["hours"] else {
        throw r.error("reach needs an 'hours' file", hint: "add hours: path/to/hours.csv")
      }
      var req = ReachRequest(hours: resolve(try hours.text()))
      req.registry = try resolvedPath(r["registry"])
      req.beneficiaries = try resolvedPath(r["beneficiaries"])
      if let p = r["period"] {
        guard let g = PeriodGrain(rawValue: try p.text()) else {
          throw p.error("period must be year, quarter or month", hint: "write period: year")
        }
        req.grain = g
      }
      req.by = try r["by"]?.textList() ?? []
      func day(_ key: String) throws(IngestError) -> CalendarDay? {
        guard let n = r[key] else { return nil }
        guard let d = DateParser.parse(try n.text()) else {
          throw n.error("\(key) must be a date like 2024-03-05", hint: "write the date as YYYY-MM-DD")
        }
        return d
      }
      req.from = try day("from")
      req.to = try day("to")
      req.asOf = try day("as_of")
      if let m = r["max_hours"] {
        req.maxHours = try m.number()
        if let problem = ReachRequest.maxHoursProblem(req.maxHours) {
          throw m.error(problem, hint: "write e.g. max_hours: 24")
        }
      }
      if let m = r["max_excluded_share"] ?? root["max_excluded_share"] {
        req.maxExcludedShare = try m.number()
        if let problem = ReachRequest.maxExcludedShareProblem(req.maxExcludedShare) {
          throw m.error(problem, hint: "write e.g. max_excluded_share: 0.2")
        }
      }
      if let d = r["date_format"] {
        let text = try d.text()
        guard let f = DateFormat(pattern: text) else {
          throw d.error(
            "date_format must be one of \(DateFormat.examples) or alike (got '\(text)')",
            hint: "write e.g. date_format: \"%d/%m/%Y\" (quoted)")
        }
        req.dateFormat = f
      }
      if let p = r["include_partial"] { req.includePartial = try p.bool() }
      try volunteerFigureOptions(r, into: &req.volunteerFigures)
      if let d = r["drop_duplicates"] { req.dropDuplicates = try d.bool() }
      if let c = r["columns"] {
        try c.checkKeys([
          "volunteer", "date", "hours", "team", "project", "beneficiaries", "university", "beneficiary_id",
          "beneficiary_date", "registered",
        ])
        req.columns.volunteer = try c["volunteer"]?.text()
        req.columns.date = try c["date"]?.text()
        req.columns.hours = try c["hours"]?.text()
        req.columns.team = try c["team"]?.text()
        req.columns.project = try c["project"]?.text()
        req.columns.beneficiaries = try c["beneficiaries"]?.text()
        req.columns.university = try c["university"]?.text()
        req.columns.beneficiaryId = try c["beneficiary_id"]?.text()
        req.columns.beneficiaryDate = try c["beneficiary_date"]?.text()
        req.columns.registered = try c["registered"]?.text()
      }
      req.confidence = config.confidence
      req.onBadRow = config.onBadRow
      req.csv = try importOptions(r)
      config.reach = req
    }
    if let list = root["surveys"] {
      for (i, s) in try list.elements().enumerated() {
        try s.checkKeys([
          "name", "pre", "post", "survey", "codebook", "id", "by", "ignore", "scale", "missing", "sheet", "id_match",
          "max_excluded_share", "header_row", "first_data_row", "decimal", "max_indicators", "group", "treated",
          "covariates", "categorical_covariates", "cluster", "audit", "design",
        ])
        var req = LiteracyRequest()
        req.pre = try resolvedPath(s["pre"])
        req.post = try resolvedPath(s["post"])
        req.survey = try resolvedPath(s["survey"])
        guard (req.pre != nil && req.post != nil) != (req.survey != nil) else {
          throw s.error(
            "a survey needs pre: and post: files, or one survey: file", hint: "name the baseline and endline exports")
        }
        req.codebook = try resolvedPath(s["codebook"])
        req.idColumn = try s["id"]?.text()
        req.by = try s["by"]?.textList() ?? []
        req.ignore = try s["ignore"]?.textList() ?? []
        req.surveyDesign = try s["design"].map { (n) throws(IngestError) in try SurveyDesignColumns(n) } ?? .init()
        req.scale = try s["scale"]?.range()
        req.missingCodes = try s["missing"]?.textList() ?? []
        if let m = s["id_match"] {
          guard let v = IdMatch(rawValue: try m.text()) else {
            throw m.error("id_match must be exact or normalized", hint: "write id_match: normalized")
          }
          req.idMatch = v
        }
        // Per survey, else the config's (when the top level allows the key).
        if let m = s["max_indicators"] {
          let v = try m.number()
          guard v >= 1, v == v.rounded(), v < 1e9 else {
            throw m.error("max_indicators must be a whole number from 1", hint: "write e.g. max_indicators: 1000")
          }
          req.maxIndicators = Int(v)
        }
        if let m = s["max_excluded_share"] ?? root["max_excluded_share"] {
          let v = try m.number()
          guard v >= 0 && v <= 1 else {
            throw m.error("max_excluded_share must be between 0 and 1", hint: "write e.g. max_excluded_share: 0.2")
          }
          req.maxExcludedShare = v
        }
        try readComparison(s, into: &req)
        if let a = s["audit"] ?? root["audit"] { req.audit = try auditSettings(a) }
        req.confidence = config.confidence
        req.onBadRow = config.onBadRow
        req.csv = try importOptions(s)
        config.surveys.append((try s["name"]?.text() ?? "Survey \(i + 1)", req))
      }
    }
    if config.reach == nil && config.surveys.isEmpty {
      throw root.error("the config names no work", hint: "add a reach: section, a surveys: list, or both")
    }
    return config
  }
}

extension RunConfig {
  /// The comparison-group keys of a survey (`group`, `treated`, `covariates`,
  /// `categorical_covariates`, `cluster`).
  static func readComparison(_ s: ConfigNode, into req: inout LiteracyRequest) throws(IngestError) {
    req.group = try s["group"]?.text()
    req.treated = try s["treated"]?.text()
    req.covariates = try s["covariates"]?.textList() ?? []
    req.categoricalCovariates = try s["categorical_covariates"]?.textList() ?? []
    req.cluster = try s["cluster"]?.text()
    if let problem = req.comparisonProblem {
      throw s.error(problem, hint: "write group: COLUMN and treated: VALUE together (covariates need a group)")
    }
  }
}

/// Reads an `audit:` block.
func auditSettings(_ a: ConfigNode) throws(IngestError) -> AuditSettings {
  try a.checkKeys(["randomized", "attrition_boundary", "selected_on_baseline", "test_retest", "population_mean"])
  var s = AuditSettings()
  if let r = a["randomized"] { s.randomized = try r.bool() }
  if let b = a["attrition_boundary"] {
    guard let v = AttritionBoundary(rawValue: try b.text()) else {
      throw b.error("attrition_boundary must be cautious or optimistic", hint: "write attrition_boundary: cautious")
    }
    s.boundary = v
  }
  if let x = a["selected_on_baseline"] { s.selectedOnBaseline = try x.bool() }
  if let t = a["test_retest"] {
    let v = try t.number()
    guard v > -1 && v < 1 else {
      throw t.error("test_retest must be a correlation between -1 and 1", hint: "write e.g. test_retest: 0.7")
    }
    s.testRetest = v
  }
  if let m = a["population_mean"] {
    for key in try m.keys() {
      guard let node = m[key] else { continue }
      let v = try node.number()
      guard v.isFinite else {
        throw node.error("population_mean values must be numbers", hint: "write e.g. population_mean: {composite: 60}")
      }
      s.populationMean[key] = v
    }
  }
  return s
}
