import ArgumentParser
import Foundation
import ImpactCore
import ImpactExport
import ImpactPipeline
import ImpactStats

/// `impact audit`: how strong is the evidence behind each headline figure?
struct Audit: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Rate the evidence behind each headline figure of a before/after survey.",
    discussion: """
      Runs the literacy analysis of each survey of a config (or of --pre/--post) and checks its \
      figures against evaluation standards: design (one-group pre-post, comparison group, \
      randomized), the n behind each figure, attrition against the WWC boundary, baseline \
      equivalence, multiplicity correction, floor/ceiling shares per indicator and wave, \
      regression to the mean, reliability (alpha per wave), and absolute next to relative \
      changes; shows the same data under every common definition of "improved by X%"; and \
      rates each claim strong / moderate / limited / insufficient with the reasons and their \
      standards (README: the rule table). Prints a summary and writes audit.json (--format md: \
      audit.md for a funder; both: the two).
      """)

  enum AuditFormat: String, ExpressibleByArgument, CaseIterable {
    case json, md, both
  }

  @Option(help: "Config file (YAML or JSON) whose surveys are audited (its audit: block gives the settings).")
  var config: String?
  @OptionGroup var data: LiteracyInputOptions
  @Flag(help: "Assignment to the groups was random (with a comparison group).") var randomized = false
  @Option(help: "WWC attrition boundary: cautious or optimistic.") var attritionBoundary: String = "cautious"
  @Flag(help: "Participants were selected for their baseline scores (regression-to-the-mean check).")
  var selectedOnBaseline = false
  @Option(help: "Test–retest correlation of the measure (default: the observed cor(pre, post)).")
  var testRetest: Double?
  @Option(help: "Population mean of an indicator or of the composite, ID=VALUE (repeatable), e.g. composite=60.")
  var populationMean: [String] = []
  @Option(help: "Output folder, or - to print audit.json on stdout.") var out: String = "notebooks-out"
  @Option(help: "What to write: json (audit.json), md (audit.md) or both.") var format: AuditFormat = .json
  @Option(help: "Language of audit.md: zh, en or both (default: the config's lang, else en).")
  var lang: ReportLanguage?
  @Flag(help: "When another impact run is writing to the output folder, wait for it instead of failing.")
  var waitLock = false
  @Flag(help: "Leave generated_at out so reruns are byte-identical.") var deterministic = false

  func validate() throws {
    if config != nil && data.namesInputs {
      throw ValidationError("use either --config or --pre/--post (--survey), not both")
    }
    if config == nil { try data.checkInputs() }
    if AttritionBoundary(rawValue: attritionBoundary) == nil {
      throw ValidationError("--attrition-boundary must be cautious or optimistic")
    }
    if let t = testRetest, !(t > -1 && t < 1) { throw ValidationError("--test-retest must be between -1 and 1") }
    if config != nil
      && (randomized || selectedOnBaseline || testRetest != nil || !populationMean.isEmpty
        || attritionBoundary != "cautious")
    {
      throw ValidationError("with --config, give the audit settings in its audit: block")
    }
    _ = try populationMeans()
  }

  func populationMeans() throws -> [String: Double] {
    var out: [String: Double] = [:]
    for item in populationMean {
      let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
      guard parts.count == 2, let v = Double(parts[1]), v.isFinite, !parts[0].isEmpty else {
        throw ValidationError("--population-mean must be ID=VALUE, e.g. composite=60 (got '\(item)')")
      }
      out[parts[0]] = v
    }
    return out
  }

  func run() throws {
    var outputs: OutputSet?
    if out != "-" {
      let o = OutputSet(directory: out, waitForLock: waitLock)
      try o.checkWritable()
      outputs = o
    }
    var surveys: [(name: String, request: LiteracyRequest)]
    var title = RunReport.defaultTitle
    var language = lang ?? .en
    if let config {
      let cfg = try RunConfig.load(config)
      guard !cfg.surveys.isEmpty else {
        throw CommandFailure(message: "\(config) has no surveys: to audit; add a surveys: list")
      }
      surveys = cfg.surveys
      title = cfg.title
      language = lang ?? cfg.language ?? .en
    } else {
      var request = data.request(deterministic: deterministic)
      request.audit.randomized = randomized
      request.audit.boundary = AttritionBoundary(rawValue: attritionBoundary) ?? .cautious
      request.audit.selectedOnBaseline = selectedOnBaseline
      request.audit.testRetest = testRetest
      request.audit.populationMean = try populationMeans()
      surveys = [(request.survey ?? request.pre ?? "survey", request)]
    }
    var audits: [(name: String, audit: EvidenceAudit)] = []
    var generatedAt: String?
    for s in surveys {
      var request = s.request
      request.deterministic = deterministic
      let report = try LiteracyJob.run(request)
      audits.append((s.name, report.audit))
      generatedAt = generatedAt ?? report.generatedAt
    }
    let json =
      AuditOutputs.document(
        surveys: audits, toolVersion: ImpactVersion.current, generatedAt: generatedAt
      ).serialized() + "\n"
    guard var outputs else {
      print(json, terminator: "")
      return
    }
    for a in audits { for line in AuditOutputs.lines(a.audit, name: a.name) { print(line) } }
    if format != .md { outputs.add("audit.json", contents: json) }
    if format != .json {
      outputs.add("audit.md", contents: AuditOutputs.markdown(title: title, surveys: audits, language: language))
    }
    let paths = try outputs.commit()
    printError("impact audit: wrote \(paths.joined(separator: ", "))")
  }
}
