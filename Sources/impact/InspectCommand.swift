import ArgumentParser
import Foundation
import ImpactCore
import ImpactExport
import ImpactIngest

/// `impact inspect FILE`: what a CSV file contains, before analysing it.
struct Inspect: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract:
      "Profile a CSV file or a workbook sheet: rows, columns, inferred types, missing values, encoding, delimiter.",
    discussion: """
      Reads the file once, streaming, on all cores. Types: integer, decimal, date, boolean, \
      text, empty. Missing counts include blank fields, the standard tokens and --missing codes.
      """)

  @Argument(help: "The CSV file to profile.")
  var file: String

  @OptionGroup var input: CSVInputOptions

  @Flag(help: "Print JSON instead of a table.")
  var json = false

  @Option(
    help: """
      What to read: 'full' profiles every value (types, missing, ranges); 'none' reads only the structure \
      (rows, blank lines, ragged rows; quotes and NUL bytes still checked).
      """)
  var profile: InspectProfile = .full

  @Option(help: "Also write the JSON profile into this folder as inspect_<name>.json.")
  var out: String?

  @Flag(help: "When another impact run is writing to the output folder, wait for it instead of failing.")
  var waitLock = false

  func run() throws {
    var outputs: OutputSet?
    if let out {
      let o = OutputSet(directory: out, waitForLock: waitLock)
      try o.checkWritable()
      outputs = o
    }
    let csv = try CSVFile(path: file, options: input.csvOptions)
    let result = try FileProfile.inspect(csv, missing: input.missingTokens, values: profile == .full)
    let document = ProfileReport.json(result)
    if json {
      print(document.serialized())
    } else {
      print(ProfileReport.text(result), terminator: "")
    }
    if var outputs {
      let stem = PathName.stem(file)
      outputs.add("inspect_\(stem).json", contents: document.serialized() + "\n")
      let paths = try outputs.commit()
      if !json { print("wrote \(paths.joined(separator: ", "))") }
    }
  }
}

/// How much of a file `impact inspect` reads.
enum InspectProfile: String, ExpressibleByArgument, CaseIterable {
  /// Every value: types, missing counts, ranges.
  case full
  /// The structure only (rows, ragged rows), at the speed of the scanner.
  case structureOnly = "none"
}
