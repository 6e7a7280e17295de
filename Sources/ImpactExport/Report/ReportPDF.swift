// `report.pdf`: the HTML report printed by headless Chromium (A4, the
// report's own print stylesheet). Chromium runs as a subprocess on a copy of
// the HTML in a private temporary folder, with its own throw-away profile
// and a time limit; the PDF's bytes are returned, so the caller commits them
// with the other outputs (nothing is written next to the outputs before the
// commit, and a failed print writes nothing at all).
import Foundation

/// Prints `report.html` to PDF with headless Chromium.
///
/// ```swift
/// let chromium = try ReportPDF.locateChromium()   // before any work: a clear error when missing
/// outputs.add("report.pdf", bytes: try ReportPDF.render(html: html, chromium: chromium))
/// ```
public enum ReportPDF {
  /// The names tried on `PATH`, in order, when `IMPACT_CHROMIUM` is not set.
  public static let browserNames = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]

  /// Seconds Chromium may take before it is stopped.
  public static let defaultTimeout: Double = 120

  /// The Chromium executable: `IMPACT_CHROMIUM` when set, else the first of
  /// ``browserNames`` found on `PATH`.
  /// - Throws: `ExportError` saying how to install Chromium when none is found.
  /// - Parameter environment: the variables to read (default: the process's).
  public static func locateChromium(environment: [String: String]? = nil) throws(ExportError) -> String {
    let environment = environment ?? ProcessInfo.processInfo.environment
    if let explicit = environment["IMPACT_CHROMIUM"], !explicit.isEmpty {
      guard FileManager.default.isExecutableFile(atPath: explicit) else {
        throw ExportError(
          path: "report.pdf", message: "IMPACT_CHROMIUM is '\(explicit)', which is not an executable file",
          hint: "point IMPACT_CHROMIUM at a Chromium or Chrome binary, or unset it to search PATH")
      }
      return explicit
    }
    let dirs = (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":").map(String.init)
    for name in browserNames {
      for dir in dirs where !dir.isEmpty {
        let candidate = "\(dir)/\(name)"
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
      }
    }
    throw ExportError(
      path: "report.pdf",
      message:
        "writing the PDF needs headless Chromium, and none was found on PATH (tried \(browserNames.joined(separator: ", ")))",
      hint:
        "install it (Debian/Ubuntu: sudo apt-get install chromium fonts-wqy-microhei) or set IMPACT_CHROMIUM to its path; or leave out --pdf / pdf: true"
    )
  }

  /// `pdf` with the 14 digits of each `/CreationDate (D:…` and `/ModDate (D:…`
  /// set to 19700101000000, so that `--deterministic` reruns are
  /// byte-identical (Chromium's output differs only there). Lengths are
  /// kept, so the cross-reference offsets stay valid.
  ///
  /// - Complexity: O(n) in the size of `pdf`.
  public static func fixingDates(_ pdf: [UInt8]) -> [UInt8] {
    var out = pdf
    let fixed = Array("19700101000000".utf8)
    for key in ["/CreationDate (D:", "/ModDate (D:"] {
      let k = Array(key.utf8)
      var i = 0
      while i + k.count + fixed.count <= out.count {
        if out[i] == k[0] && out[i..<(i + k.count)].elementsEqual(k) {
          let start = i + k.count
          if out[start..<(start + fixed.count)].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            out.replaceSubrange(start..<(start + fixed.count), with: fixed)
          }
          i = start
        } else {
          i += 1
        }
      }
    }
    return out
  }

  /// Prints `html` to A4 PDF with `chromium` and returns the PDF's bytes.
  /// - Parameters:
  ///   - html: the complete report page (self-contained: no network is used).
  ///   - chromium: the browser executable (``locateChromium(environment:)``).
  ///   - timeout: seconds before Chromium is stopped and the print fails.
  /// - Throws: `ExportError` when Chromium cannot start, fails, times out or
  ///   produces no PDF.
  public static func render(html: String, chromium: String, timeout: Double = defaultTimeout) throws(ExportError)
    -> [UInt8]
  {
    let base = FileManager.default.temporaryDirectory.path
    let work = try ExclusiveFile.makeDirectory(in: base, prefix: "impact-pdf-")
    defer { try? FileManager.default.removeItem(atPath: work) }
    let htmlPath = "\(work)/report.html"
    let pdfPath = "\(work)/report.pdf"
    guard FileManager.default.createFile(atPath: htmlPath, contents: Data(html.utf8)) else {
      throw ExportError(
        path: htmlPath, message: "cannot write the page to print",
        hint: "check that the temporary folder (\(base), or TMPDIR) is writable")
    }
    let p = Process()
    p.executableURL = URL(fileURLWithPath: chromium)
    p.arguments = [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-extensions", "--no-first-run",
      "--no-default-browser-check", "--user-data-dir=\(work)/profile", "--no-pdf-header-footer",
      "--print-to-pdf=\(pdfPath)", URL(fileURLWithPath: htmlPath).absoluteString,
    ]
    let errors = "\(work)/chromium.log"
    _ = FileManager.default.createFile(atPath: errors, contents: nil)
    p.standardInput = FileHandle.nullDevice
    p.standardOutput = FileHandle.nullDevice
    p.standardError = FileHandle(forWritingAtPath: errors) ?? FileHandle.nullDevice
    do {
      try p.run()
    } catch {
      throw ExportError(
        path: "report.pdf", message: "cannot start \(chromium) (\(error.localizedDescription))",
        hint: "check the Chromium installation (sudo apt-get install chromium) or set IMPACT_CHROMIUM")
    }
    let deadline = Date().addingTimeInterval(timeout)
    while p.isRunning && Date() < deadline { usleep(50_000) }
    if p.isRunning {
      p.terminate()
      let grace = Date().addingTimeInterval(5)
      while p.isRunning && Date() < grace { usleep(50_000) }
      if p.isRunning { kill(p.processIdentifier, SIGKILL) }
      p.waitUntilExit()
      throw ExportError(
        path: "report.pdf", message: "Chromium did not finish printing within \(Int(timeout)) s and was stopped",
        hint: "try again on a less busy machine; no file was written")
    }
    p.waitUntilExit()
    let bytes = FileManager.default.contents(atPath: pdfPath).map { [UInt8]($0) } ?? []
    guard p.terminationStatus == 0, bytes.starts(with: Array("%PDF-".utf8)) else {
      let log = (try? String(contentsOfFile: errors, encoding: .utf8)) ?? ""
      let lastLines = log.split(separator: "\n").suffix(3).joined(separator: " | ")
      throw ExportError(
        path: "report.pdf",
        message:
          "Chromium (\(chromium)) exited with status \(p.terminationStatus) without a PDF\(lastLines.isEmpty ? "" : ": \(lastLines)")",
        hint: "check the Chromium installation (sudo apt-get install chromium); no file was written")
    }
    return bytes
  }
}
