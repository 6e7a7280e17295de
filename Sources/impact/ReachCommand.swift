import ArgumentParser
import Foundation
import ImpactCore
import ImpactExport
import ImpactIngest
import ImpactPipeline
import ImpactStats

/// `impact reach`: volunteers, hours, beneficiaries and growth per period.
struct Reach: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Volunteers, service hours, beneficiaries and growth per period from hour logs.",
    discussion: """
      One row per service record in --hours (volunteer id, date, hours; optional team, project, \
      beneficiaries, university). Dates: 2024-03-05, 2024/3/5, 2024-03-05T14:00:00, 2024年3月5日; \
      day-first or month-first dates (16/09/2012) are detected per column or given with --date-format. \
      Records with a blank id, an unparseable or future date, or non-numeric, negative or implausible \
      hours are excluded, counted and listed with file:line; more than --max-excluded-share of them \
      for one reason, or dates far outside the bulk of the data, stop the run. Periods the data do not \
      wholly cover are marked partial and left out of growth, CAGR and trend. Hours are summed exactly. \
      Writes reach_by_period.csv, reach_by_group.csv (with --by), reach_volunteers_by_period.csv, \
      reach_cohorts.csv and reach_summary.json (and report.html with --report).
      """)

  @Option(help: "Service-record log (one row per record).") var hours: String
  @Option(help: "People served (one row per person and date), for distinct reach.") var beneficiaries: String?
  @Option(help: "Volunteer registry (volunteer id, registered date, team).") var registry: String?
  @Option(help: "Period: year, quarter or month.") var period: String = "year"
  @Option(help: "Breakdown: team, project, university or a column name (repeatable).") var by: [String] = []
  @Option(help: "First day to include (YYYY-MM-DD).") var from: String?
  @Option(help: "Last day to include (YYYY-MM-DD).") var to: String?
  @Option(help: "Records after this day are 'future' and excluded (default: today).") var asOf: String?
  @Option(help: "Largest plausible hours in one record (at most 8784).") var maxHours: Double = 24
  @Option(help: "How dates are written when not year-first: %d/%m/%Y, %m/%d/%Y, %d.%m.%Y, … (default: detected).")
  var dateFormat: String?
  @Option(help: "Stop when more than this share of records is excluded for one reason, in (0, 1].")
  var maxExcludedShare: Double = 0.2
  @Flag(help: "Report partial periods like complete ones (growth, CAGR, trend, headline).")
  var includePartial = false
  @Option(help: "Cumulative hours for one, two, … stars, comma-separated (default: 100,300,600,1000,1500).")
  var starLevels: String?
  @Option(help: "Months without service after which a volunteer counts as lapsed (1–1200).") var lapsedAfter: Int = 12
  @Option(help: "Hours of one full-time equivalent in a year.") var fteHours: Double = 1_720
  @Option(help: "Value of one hour of volunteer time (reported only when given).") var hourValue: Double?
  @Option(help: "Currency of --hour-value (a label such as CNY).") var currency: String?
  @Flag(help: "Exclude exact duplicate records (memory grows with records; one core).") var dropDuplicates = false
  @Option(help: "Volunteer id column.") var volunteerCol: String?
  @Option(help: "Date column.") var dateCol: String?
  @Option(help: "Hours column.") var hoursCol: String?
  @Option(help: "Team column.") var teamCol: String?
  @Option(help: "Project column.") var projectCol: String?
  @Option(help: "Per-record beneficiary count column.") var beneficiariesCol: String?
  @Option(help: "University column.") var universityCol: String?
  @Option(help: "Beneficiary id column of --beneficiaries.") var beneficiaryIdCol: String?
  @Option(help: "Registration date column of --registry.") var registeredCol: String?
  @Option(help: "Confidence level of trend intervals.") var confidence: Double = 0.95
  @Option(help: "What to do with rows whose field count differs from the header: fail or skip.")
  var onBadRow: String = "fail"
  @Option(help: "Output folder, or - to write the JSON summary to stdout.") var out: String = "notebooks-out"
  @Flag(help: "When another impact run is writing to the output folder, wait for it instead of failing.")
  var waitLock = false
  @Option(help: "Which summaries to write: json, csv, both, xlsx (impact_summary.xlsx) or all.")
  var format: String = "both"
  @Flag(help: "Leave generated_at out of meta so reruns are byte-identical.") var deterministic = false
  @Flag(help: "Write CSV with a UTF-8 BOM and CRLF line ends, for Excel on Chinese Windows.") var excelCsv = false
  @Flag(help: "Do not print the exclusion summary on stderr.") var quiet = false
  @Option(
    help: "Write the mergeable accumulator state to FILE (- for stdout) instead of the summaries (see impact merge).")
  var emitPartial: String?
  @OptionGroup var reportOptions: ReportOptions
  @Flag(
    help:
      "With --emit-partial: write no ids (not even hashed); impact merge then skips the double-counting check and says so. Only for shards split by id by a tool you trust, never for time cuts."
  )
  var trustSharding = false
  @OptionGroup var input: CSVInputOptions

  func validate() throws {
    if PeriodGrain(rawValue: period) == nil { throw ValidationError("--period must be year, quarter or month") }
    for (name, value) in [("--from", from), ("--to", to), ("--as-of", asOf)] {
      if let value, DateParser.parse(value) == nil { throw ValidationError("\(name) must be a date like 2024-03-05") }
    }
    if let f = from.flatMap(DateParser.parse), let t = to.flatMap(DateParser.parse), f > t {
      throw ValidationError("--from must not be after --to")
    }
    if let problem = ReachRequest.maxHoursProblem(maxHours) { throw ValidationError("--max-hours \(problem)") }
    if let problem = ReachRequest.maxExcludedShareProblem(maxExcludedShare) {
      throw ValidationError("--max-excluded-share \(problem)")
    }
    if let (option, problem) = try volunteerFigureOptions().problem {
      throw ValidationError("--\(option.replacingOccurrences(of: "_", with: "-")) \(problem)")
    }
    if let f = dateFormat, DateFormat(pattern: f) == nil {
      throw ValidationError("--date-format must be one of \(DateFormat.examples) or alike (got '\(f)')")
    }
    if BadRowPolicy(rawValue: onBadRow) == nil { throw ValidationError("--on-bad-row must be fail or skip") }
    if OutputFormat(rawValue: format) == nil { throw ValidationError("--format must be \(OutputFormat.choices)") }
    try reportOptions.check(out: out, emitPartial: emitPartial)
    if trustSharding && emitPartial == nil {
      throw ValidationError("--trust-sharding only applies with --emit-partial")
    }
    if !(confidence > 0 && confidence < 1) { throw ValidationError("--confidence must be between 0 and 1") }
  }

  /// The volunteer-figure options as given (checked by `problem`).
  func volunteerFigureOptions() throws -> VolunteerFigureOptions {
    var o = VolunteerFigureOptions()
    if let starLevels {
      guard let levels = VolunteerFigureOptions.parseStarLevels(starLevels) else {
        throw ValidationError("--star-levels must be hours separated by commas, e.g. 100,300,600,1000,1500")
      }
      o.starLevels = levels
    }
    o.lapsedAfterMonths = lapsedAfter
    o.fteHours = fteHours
    o.hourValue = hourValue
    o.currency = currency
    return o
  }

  func run() throws {
    var outputs: OutputSet?
    if emitPartial == nil && out != "-" {
      var o = OutputSet(directory: out, waitForLock: waitLock)
      if excelCsv { o.csvDialect = .excel }
      try o.checkWritable()
      outputs = o
    }
    var r = ReachRequest(hours: hours)
    r.beneficiaries = beneficiaries
    r.registry = registry
    r.grain = PeriodGrain(rawValue: period) ?? .year
    r.by = by
    r.from = from.flatMap(DateParser.parse)
    r.to = to.flatMap(DateParser.parse)
    r.asOf = asOf.flatMap(DateParser.parse)
    r.maxHours = maxHours
    r.maxExcludedShare = maxExcludedShare
    r.includePartial = includePartial
    r.dateFormat = dateFormat.flatMap(DateFormat.init(pattern:))
    r.dropDuplicates = dropDuplicates
    r.volunteerFigures = try volunteerFigureOptions()
    r.columns.volunteer = volunteerCol
    r.columns.date = dateCol
    r.columns.hours = hoursCol
    r.columns.team = teamCol
    r.columns.project = projectCol
    r.columns.beneficiaries = beneficiariesCol
    r.columns.university = universityCol
    r.columns.beneficiaryId = beneficiaryIdCol
    r.columns.registered = registeredCol
    r.confidence = confidence
    r.csv = input.csvOptions
    r.onBadRow = BadRowPolicy(rawValue: onBadRow) ?? .fail
    r.deterministic = deterministic
    if let emitPartial {
      r.allowEmptyInputs = true
      let state = try ReachJob.accumulate(r, keepIds: true, trustSharding: trustSharding)
      try writePartial(try PartialFile.encode(.reach(state)), to: emitPartial)
      return
    }
    let report = try ReachJob.run(r)
    if !quiet {
      printInputNotes(report.inputs, command: "reach")
      for line in ReachOutputs.summary(report) { printError("impact reach: \(line)") }
    }
    if var outputs {
      try ReachOutputs.add(report, format: OutputFormat(rawValue: format) ?? .both, to: &outputs)
      if reportOptions.report {
        outputs.add("report.html", contents: try HTMLReport.render(reportOptions.runReport(reach: report)))
      }
      let paths = try outputs.commit()
      if !quiet { printError("impact reach: wrote \(paths.joined(separator: ", "))") }
    } else {
      print(ReachJSON.document(report).serialized())
    }
  }
}
