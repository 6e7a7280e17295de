import Foundation

/// LibreOffice headless (Debian: libreoffice-calc-nogui) as an independent
/// Excel reader and writer for tests. Each call uses a private profile
/// folder, so tests running in parallel do not fight over one.
public enum LibreOffice {
  /// A conversion that failed, with what LibreOffice printed.
  public struct Failure: Error, CustomStringConvertible {
    public var description: String
  }

  /// The `libreoffice` (or `soffice`) executable.
  public static func executable() throws -> String {
    for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") + ["/usr/bin"] {
      for name in ["libreoffice", "soffice"] where FileManager.default.isExecutableFile(atPath: "\(dir)/\(name)") {
        return "\(dir)/\(name)"
      }
    }
    throw Failure(
      description:
        "LibreOffice is not installed, and the Excel tests need it as an independent reader/writer: run `make deps` (or apt-get install -y libreoffice-calc-nogui)"
    )
  }

  /// Converts a UTF-8 CSV file to .xlsx in `outputDirectory`; returns the
  /// workbook's path. Columns are typed by LibreOffice's CSV import
  /// (numbers, ISO dates) as a person opening the CSV would get them.
  public static func csvToXLSX(_ csv: String, outputDirectory: String) throws -> String {
    // CSV filter options: comma, double quote, UTF-8 (76), from line 1.
    try run(["--infilter=CSV:44,34,76,1", "--convert-to", "xlsx", "--outdir", outputDirectory, csv])
    let stem = ((csv as NSString).lastPathComponent as NSString).deletingPathExtension
    let out = "\(outputDirectory)/\(stem).xlsx"
    guard FileManager.default.fileExists(atPath: out) else { throw Failure(description: "LibreOffice wrote no \(out)") }
    return out
  }

  /// Converts every sheet of a workbook to UTF-8 CSV files in
  /// `outputDirectory`; returns sheet name → CSV path.
  public static func xlsxToCSV(_ xlsx: String, outputDirectory: String) throws -> [String: String] {
    // Export options: comma, double quote, UTF-8, from line 1, …, token 12
    // = -1: every sheet to its own file named <stem>-<sheet>.csv.
    try run([
      "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
      "--outdir", outputDirectory, xlsx,
    ])
    let stem = ((xlsx as NSString).lastPathComponent as NSString).deletingPathExtension
    var sheets: [String: String] = [:]
    for f in try FileManager.default.contentsOfDirectory(atPath: outputDirectory)
    where f.hasPrefix(stem + "-") && f.hasSuffix(".csv") {
      sheets[String(f.dropFirst(stem.count + 1).dropLast(4))] = "\(outputDirectory)/\(f)"
    }
    return sheets
  }

  private static func run(_ arguments: [String]) throws {
    let profile = FileManager.default.temporaryDirectory.appendingPathComponent("impact-lo-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: profile) }
    let p = Process()
    p.executableURL = URL(fileURLWithPath: try executable())
    p.arguments = ["-env:UserInstallation=\(profile.absoluteString)", "--headless", "--norestore"] + arguments
    let out = Pipe()
    p.standardOutput = out
    p.standardError = out
    try p.run()
    let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    p.waitUntilExit()
    guard p.terminationStatus == 0 else {
      throw Failure(description: "libreoffice \(arguments.joined(separator: " ")) failed: \(text)")
    }
  }
}
