import Foundation

/// Headless Chromium and other external programs for the report checks
/// (screenshots, DOM measurements, printing to PDF, pdftotext, Python).
public enum ExternalTool {
  /// The first executable called `name` on `PATH` (or in /usr/bin), if any.
  public static func find(_ name: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for dir in path.split(separator: ":").map(String.init) + ["/usr/bin"] {
      let candidate = "\(dir)/\(name)"
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
  }

  /// Runs `executable` with `arguments` (in `directory`, with `environment`
  /// added to this process's), stopping it after `timeout` seconds (then
  /// the status is -1 and stderr says so). Both pipes are read concurrently,
  /// so a chatty process cannot block.
  public static func run(
    _ executable: String, _ arguments: [String], in directory: String? = nil, environment: [String: String] = [:],
    timeout: Double = 180
  ) throws -> ImpactRun {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: executable)
    p.arguments = arguments
    if let directory { p.currentDirectoryURL = URL(fileURLWithPath: directory) }
    if !environment.isEmpty {
      var env = ProcessInfo.processInfo.environment
      for (k, v) in environment { env[k] = v }
      p.environment = env
    }
    p.standardInput = FileHandle.nullDevice
    let out = Pipe()
    let err = Pipe()
    p.standardOutput = out
    p.standardError = err
    try p.run()
    nonisolated(unsafe) var errData = Data()
    nonisolated(unsafe) var outData = Data()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async {
      errData = err.fileHandleForReading.readDataToEndOfFile()
      group.leave()
    }
    group.enter()
    DispatchQueue.global().async {
      outData = out.fileHandleForReading.readDataToEndOfFile()
      group.leave()
    }
    let deadline = Date().addingTimeInterval(timeout)
    while p.isRunning && Date() < deadline { usleep(50_000) }
    var timedOut = false
    if p.isRunning {
      timedOut = true
      p.terminate()
      usleep(500_000)
      if p.isRunning { kill(p.processIdentifier, SIGKILL) }
    }
    p.waitUntilExit()
    _ = group.wait(timeout: .now() + 10)
    return ImpactRun(
      status: timedOut ? -1 : p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
      stderr: (timedOut ? "timed out after \(Int(timeout)) s\n" : "") + String(decoding: errData, as: UTF8.self))
  }
}

/// Debian's `chromium`, run headless.
public enum HeadlessChromium {
  /// The browser, or nil when it is not installed (tests then skip, saying
  /// `apt-get install chromium`).
  public static let path: String? = ExternalTool.find("chromium") ?? ExternalTool.find("chromium-browser")

  /// Why browser tests are skipped on this machine, for `.enabled(if:)`.
  public static let missing = "chromium is not installed (Debian: apt-get install chromium fonts-wqy-microhei)"

  /// Runs the browser headless on `url` with extra arguments (a private
  /// profile folder under `scratch`).
  public static func run(_ arguments: [String], url: String, scratch: String, timeout: Double = 180) throws
    -> ImpactRun
  {
    guard let path else { return ImpactRun(status: 127, stdout: "", stderr: "\(missing)") }
    return try ExternalTool.run(
      path,
      [
        "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
        "--user-data-dir=\(scratch)/chromium-profile-\(UUID().uuidString)",
      ] + arguments + [url], timeout: timeout)
  }
}
