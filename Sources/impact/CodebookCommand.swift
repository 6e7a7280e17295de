import ArgumentParser
import Foundation
import ImpactExport
import ImpactIngest
import ImpactPipeline

/// `impact codebook`: work with survey codebooks.
struct CodebookCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "codebook",
    abstract: "Draft survey codebooks from exports.",
    subcommands: [CodebookInitCommand.self])
}

/// `impact codebook init FILE [--post FILE2]`: drafts a commented codebook.
struct CodebookInitCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "init",
    abstract: "Draft a commented YAML codebook from a survey export, for review.",
    discussion: """
      Reads every record of the export(s) and detects the id column, the indicators — integer \
      answers with a small range (1–5, 0–10), 0/1 answers, and text answers that form a known \
      ordered label set (agreement 4/5/7 points, satisfaction, frequency, ability, knowledge, \
      yes/no, in Chinese and English, with option prefixes such as A. or (A) and full-width \
      forms) — their answer labels, and missing codes (不知道, 拒答, 99, -9, …). Label sets it \
      does not know are written commented out with a TODO to order them. Waves: two files \
      (FILE and --post FILE2) or one wide file with X_pre/X_post or pre_X/post_X pairs.
      """)

  @Argument(help: "The survey export: the baseline, or one wide file with X_pre/X_post pairs.")
  var file: String

  @Option(help: "The endline export, when the survey comes in two files.")
  var post: String?

  @Option(help: "Respondent id column (default: detected).")
  var id: String?

  @Option(help: "Where to write the codebook, or - for stdout.")
  var out: String = "codebook.yaml"

  @Flag(help: "Replace the output file when it exists.")
  var force = false

  @OptionGroup var input: CSVInputOptions

  func run() throws {
    if out != "-" && !force && FileManager.default.fileExists(atPath: out) {
      throw CommandFailure(
        message: "\(out): the file exists and was left unchanged. Fix: choose another name with --out, or pass --force")
    }
    var request = CodebookInitRequest(file: file)
    request.post = post
    request.idColumn = id
    request.missingCodes = input.missingCodes
    request.csv = input.csvOptions
    let draft = try CodebookInit.draft(request)
    if out == "-" {
      print(draft.yaml, terminator: "")
      for line in draft.summary { printError("impact codebook init: \(line)") }
      return
    }
    let path = try CodebookInit.write(draft, to: out, force: force)
    print("wrote \(path)")
    for line in draft.summary { print("  \(line)") }
  }
}
