import Foundation
import Testing

@testable import ImpactExport

/// The output commit protocol (issue 14 items 1, 2): temporaries that cannot
/// be hijacked, the folder lock, stale temporaries, and failures that change
/// nothing.
@Suite struct OutputSetTests {
  /// A fresh folder and a "victim" file outside it that planted symlinks
  /// point to.
  func workspace() throws -> (dir: String, victim: String) {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("impact-outset-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: "\(root)/out", withIntermediateDirectories: true)
    let victim = "\(root)/victim.txt"
    try write("precious", to: victim)
    return ("\(root)/out", victim)
  }

  func write(_ text: String, to path: String) throws {
    try text.write(toFile: path, atomically: false, encoding: .utf8)
  }

  func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

  func isSymlink(_ path: String) -> Bool {
    var st = stat()
    return lstat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFLNK
  }

  func leftovers(_ dir: String) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix(".impact-tmp-") }
  }

  /// The old writer opened `.<name>.tmp-<pid>` with O_TRUNC and followed a
  /// symlink planted there, overwriting its target.
  @Test func plantedSymlinksAreNeverFollowed() throws {
    let (dir, victim) = try workspace()
    let pid = getpid()
    for name in ["summary.json", "manifest.json"] {
      try FileManager.default.createSymbolicLink(atPath: "\(dir)/.\(name).tmp-\(pid)", withDestinationPath: victim)
    }
    try FileManager.default.createSymbolicLink(atPath: "\(dir)/summary.json", withDestinationPath: victim)
    var out = OutputSet(directory: dir)
    try out.checkWritable()
    out.add("summary.json", contents: "{\"new\": true}\n")
    out.add("manifest.json", contents: "{}\n")
    try out.commit()
    #expect(try read(victim) == "precious")
    #expect(!isSymlink("\(dir)/summary.json"), "the symlink at the final name is replaced, not written through")
    #expect(try read("\(dir)/summary.json") == "{\"new\": true}\n")
    var st = stat()
    #expect(lstat("\(dir)/summary.json", &st) == 0 && st.st_mode & 0o777 == 0o644)
    #expect(try leftovers(dir).isEmpty)
    #expect(!FileManager.default.fileExists(atPath: "\(dir)/.impact.lock"))
  }

  @Test func symlinkedLockFileIsRefused() throws {
    let (dir, victim) = try workspace()
    try FileManager.default.createSymbolicLink(atPath: "\(dir)/.impact.lock", withDestinationPath: victim)
    let out = OutputSet(directory: dir)
    let error = try #require(throws: ExportError.self) { try out.checkWritable() }
    #expect(error.message.contains("symbolic link"))
    #expect(try read(victim) == "precious")
  }

  @Test func streamingWriterIgnoresPlantedTemporaries() throws {
    let (dir, victim) = try workspace()
    let path = "\(dir)/data.csv"
    try FileManager.default.createSymbolicLink(atPath: "\(path).tmp-\(getpid())", withDestinationPath: victim)
    let w = try StreamingFileWriter(path: path)
    try w.write("a,b\n")
    try w.write(-9_223_372_036_854_775_807 - 1)
    try w.commit()
    #expect(try read(victim) == "precious")
    #expect(try read(path) == "a,b\n-9223372036854775808")
  }

  /// Killed runs left `.impact-tmp-*` folders and `.<name>.tmp-<pid>` files
  /// (≈ 40 MB after 12 kills) that nothing removed.
  @Test func staleTemporariesAreRemoved() throws {
    let (dir, victim) = try workspace()
    let outside = PathName(victim).folder
    try FileManager.default.createDirectory(atPath: "\(dir)/.impact-tmp-killed1", withIntermediateDirectories: false)
    try write("half", to: "\(dir)/.impact-tmp-killed1/report.html")
    try write("half", to: "\(dir)/.impact-tmp-killed2")
    try write("old", to: "\(dir)/.report.html.tmp-2147483646")  // no such process
    try write("old", to: "\(dir)/synthetic_hours.csv.tmp-2147483645")
    try write("live", to: "\(dir)/.summary.json.tmp-\(getpid())")  // a live process: kept
    try write("mine", to: "\(dir)/notes.tmp-draft")  // not a temporary of ours
    try FileManager.default.createSymbolicLink(atPath: "\(dir)/.impact-tmp-link", withDestinationPath: outside)
    var out = OutputSet(directory: dir)
    try out.checkWritable()
    out.add("a.csv", contents: "x\n")
    try out.commit()
    let names = Set(try FileManager.default.contentsOfDirectory(atPath: dir))
    #expect(!names.contains(".impact-tmp-killed1"))
    #expect(!names.contains(".impact-tmp-killed2"))
    #expect(!names.contains(".report.html.tmp-2147483646"))
    #expect(!names.contains("synthetic_hours.csv.tmp-2147483645"))
    #expect(names.contains(".summary.json.tmp-\(getpid())"))
    #expect(names.contains("notes.tmp-draft"))
    #expect(try read(victim) == "precious", "a symlinked temporary is never followed")
  }

  /// Two runs into one folder interleaved their renames.
  @Test func secondCommitterIsRefusedWhileTheLockIsHeld() throws {
    let (dir, _) = try workspace()
    try write("old\n", to: "\(dir)/a.csv")
    let fd = open("\(dir)/.impact.lock", O_RDONLY | O_CREAT, 0o644)
    try #require(fd >= 0)
    try #require(flock(fd, LOCK_EX) == 0)
    var out = OutputSet(directory: dir)
    out.add("a.csv", contents: "new\n")
    let error = try #require(throws: ExportError.self) { try out.commit() }
    #expect(error.message.contains("another impact run is writing to this folder"))
    #expect(error.hint.contains("--wait-lock"))
    #expect(try read("\(dir)/a.csv") == "old\n")

    // With waitForLock the second run waits until the first releases.
    let waiting = OutputSet(directory: dir, waitForLock: true)
    let released = Date()
    DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) { close(fd) }
    var second = waiting
    second.add("a.csv", contents: "new\n")
    try second.commit()
    #expect(Date().timeIntervalSince(released) >= 0.25)
    #expect(try read("\(dir)/a.csv") == "new\n")
    #expect(!FileManager.default.fileExists(atPath: "\(dir)/.impact.lock"), "the lock file goes with the lock")
  }

  /// A set whose third file cannot be written used to leave the first ones
  /// replaced next to the old manifest.
  @Test func failureMidSetLeavesOldFilesUnchanged() throws {
    let (dir, _) = try workspace()
    try write("old a\n", to: "\(dir)/a.csv")
    try write("old manifest\n", to: "\(dir)/manifest.json")
    try FileManager.default.createDirectory(atPath: "\(dir)/b.csv", withIntermediateDirectories: false)
    try write("keep\n", to: "\(dir)/b.csv/inside.txt")
    var out = OutputSet(directory: dir)
    try out.checkWritable()
    out.add("a.csv", contents: "new a\n")
    out.add("b.csv", contents: "new b\n")
    out.add("manifest.json", contents: "new manifest\n")
    let error = try #require(throws: ExportError.self) { try out.commit() }
    #expect(error.path.hasSuffix("/b.csv"))
    #expect(try read("\(dir)/a.csv") == "old a\n")
    #expect(try read("\(dir)/manifest.json") == "old manifest\n")
    #expect(try read("\(dir)/b.csv/inside.txt") == "keep\n")
    #expect(try leftovers(dir).isEmpty)
  }

  @Test func manifestIsCommittedAfterTheOtherFiles() throws {
    let (dir, _) = try workspace()
    var out = OutputSet(directory: dir)
    out.add("manifest.json", contents: "m\n")
    out.add("a.csv", contents: "a\n")
    out.add("b.csv", contents: "b\n")
    let written = try out.commit()
    #expect(written == ["\(dir)/manifest.json", "\(dir)/a.csv", "\(dir)/b.csv"])
    // rename(2) keeps the inode's change time: the manifest's is the latest.
    func changeTime(_ name: String) -> Double {
      var st = stat()
      _ = lstat("\(dir)/\(name)", &st)
      return Double(st.st_ctim.tv_sec) + Double(st.st_ctim.tv_nsec) / 1e9
    }
    #expect(changeTime("manifest.json") >= changeTime("a.csv"))
    #expect(changeTime("manifest.json") >= changeTime("b.csv"))
    #expect(try leftovers(dir).isEmpty)
  }

  @Test func oldStyleTemporaryNames() {
    #expect(OutputLock.oldStyleTemporaryPid(".summary.json.tmp-123") == 123)
    #expect(OutputLock.oldStyleTemporaryPid("hours.csv.tmp-77") == 77)
    #expect(OutputLock.oldStyleTemporaryPid(".impact-probe-42") == 42)
    #expect(OutputLock.oldStyleTemporaryPid(".tmp-12") == nil)
    #expect(OutputLock.oldStyleTemporaryPid("a.tmp-") == nil)
    #expect(OutputLock.oldStyleTemporaryPid("a.tmp-12x") == nil)
    #expect(OutputLock.oldStyleTemporaryPid("a.tmp-99999999999") == nil)
  }
}

/// The folder of a path (tests only).
private struct PathName {
  let path: String
  init(_ path: String) { self.path = path }
  var folder: String { URL(fileURLWithPath: path).deletingLastPathComponent().path }
}
