import ArgumentParser
import Foundation
import ImpactCore
import ImpactExport
import ImpactPipeline

/// `impact merge`: partial results of shards → the single-machine outputs.
struct Merge: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Merge partial results (--emit-partial) of shards into the outputs of one run over all the data.",
    discussion: """
      Shards must partition the data by id: survey rows (both waves) by respondent id, hour \
      records and the registry by volunteer id, beneficiary rows by beneficiary id. Partials of \
      different kinds, options or codebooks are refused, and so is an id found in two partials \
      (it would be double-counted; ids are compared as 64-bit hashes, the collision probability \
      is printed). Reach partials cut by time (periods that do not overlap, e.g. one per year) \
      merge exactly too: a volunteer in several is counted once; the volunteer figures (star levels, \
      cohorts, lapsed, hours distribution) need each volunteer's hours across the cuts and are left \
      out, with the reason. Says which kind of merge it did \
      (also in meta.options.merge). Writes exactly the files the single-machine command writes.
      """)

  @Argument(help: "Partial files, in any order.") var partials: [String]
  @Option(help: "Output folder, or - to write the JSON summary to stdout.") var out: String = "notebooks-out"
  @Flag(help: "When another impact run is writing to the output folder, wait for it instead of failing.")
  var waitLock = false
  @Option(help: "Which summaries to write: json, csv, both, xlsx (impact_summary.xlsx) or all.")
  var format: String = "both"
  @Flag(help: "Leave generated_at out of meta so reruns are byte-identical.") var deterministic = false
  @Flag(help: "Do not print what was written.") var quiet = false

  func validate() throws {
    if partials.isEmpty { throw ValidationError("give at least one partial file") }
    if OutputFormat(rawValue: format) == nil { throw ValidationError("--format must be \(OutputFormat.choices)") }
  }

  func run() throws {
    var outputs: OutputSet?
    if out != "-" {
      let o = OutputSet(directory: out, waitForLock: waitLock)
      try o.checkWritable()
      outputs = o
    }
    let (merged, summary) = try MergeJob.merge(partials, deterministic: deterministic)
    if !quiet { printError("impact merge: \(summary.sentence)") }
    let fmt = OutputFormat(rawValue: format) ?? .both
    guard var outputs else {
      switch merged {
      case .literacy(let r): print(LiteracyJSON.document(r).serialized())
      case .reach(let r): print(ReachJSON.document(r).serialized())
      }
      return
    }
    switch merged {
    case .literacy(let r): try LiteracyOutputs.add(r, format: fmt, to: &outputs)
    case .reach(let r): try ReachOutputs.add(r, format: fmt, to: &outputs)
    }
    let paths = try outputs.commit()
    if !quiet { printError("impact merge: wrote \(paths.joined(separator: ", "))") }
  }
}

/// Writes a partial result atomically, or to stdout for `-`.
func writePartial(_ bytes: [UInt8], to path: String) throws {
  if path == "-" {
    FileHandle.standardOutput.write(Data(bytes))
    return
  }
  // Shards may finish together: wait for each other's (short) commit.
  var set = OutputSet(directory: PathName.directory(of: path), waitForLock: true)
  try set.checkWritable()
  set.add(PathName.lastComponent(path), bytes: bytes)
  try set.commit()
}
