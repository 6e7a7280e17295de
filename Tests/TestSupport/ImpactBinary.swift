import Foundation

/// Runs the built `impact` executable (the one next to the test bundle, or
/// `$IMPACT_BIN`) and captures its output.
public struct ImpactRun: Sendable {
  public var status: Int32
  public var stdout: String
  public var stderr: String

  public init(status: Int32, stdout: String, stderr: String) {
    self.status = status
    self.stdout = stdout
    self.stderr = stderr
  }
}

public enum ImpactBinary {
  /// Path of the `impact` executable built with the tests.
  public static var path: String {
    if let p = ProcessInfo.processInfo.environment["IMPACT_BIN"] { return p }
    let dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    let candidates = [
      dir.appendingPathComponent("impact").path,
      dir.deletingLastPathComponent().appendingPathComponent("impact").path,
    ]
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[0]
  }

  /// Runs `impact` with `arguments` in `directory` (stdin empty; stopped
  /// after 20 minutes, which no test comes near).
  public static func run(_ arguments: [String], in directory: String? = nil, environment: [String: String] = [:])
    throws -> ImpactRun
  {
    try ExternalTool.run(path, arguments, in: directory, environment: environment, timeout: 1200)
  }
}

/// The repository root (for datasets and fixtures).
public func repositoryRoot(file: String = #filePath) -> String {
  var url = URL(fileURLWithPath: file)
  while url.path != "/" {
    url.deleteLastPathComponent()
    if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url.path }
  }
  return FileManager.default.currentDirectoryPath
}
