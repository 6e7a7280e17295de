import ArgumentParser
import Foundation
import ImpactCore
import ImpactExport
import ImpactIngest

/// `impact`: impact analytics for volunteer and science-popularization programs.
///
/// Exit codes: 0 success, 1 input or output problems (the message says which
/// file, line and column), 2 usage errors.
@main
struct Impact: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "impact",
    abstract: "Impact analytics for volunteer and science-popularization programs.",
    discussion: """
      Turns raw exports — volunteer-hour logs, registries, beneficiary records and \
      baseline/endline literacy surveys — into figures with stated definitions and \
      honest uncertainty.

      Exit codes: 0 success; 1 input or output problem (file:line:column and what to do \
      are printed on stderr); 2 usage error.
      """,
    version: ImpactVersion.current,
    subcommands: [
      Run.self, Literacy.self, Audit.self, Reach.self, Merge.self, Inspect.self, Synth.self, CodebookCommand.self,
      Plan.self,
    ]
  )

  static func main() {
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch let error as IngestError {
      fail(error.description, code: 1)
    } catch let error as ExportError {
      fail(error.description, code: 1)
    } catch let error as CommandFailure {
      fail(error.message, code: error.exitCode)
    } catch {
      let code = exitCode(for: error)
      if code == .success {
        print(fullMessage(for: error))
        Foundation.exit(0)
      }
      FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
      Foundation.exit(2)
    }
  }

  static func fail(_ message: String, code: Int32) -> Never {
    FileHandle.standardError.write(Data("impact: error: \(message)\n".utf8))
    Foundation.exit(code)
  }
}

/// A failure with a message already written for the user.
struct CommandFailure: Error {
  var message: String
  var exitCode: Int32 = 1
}

/// Writes a line to standard error.
func printError(_ line: String) {
  FileHandle.standardError.write(Data((line + "\n").utf8))
}
