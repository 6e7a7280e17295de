// The output commit protocol. Every file of a set is written into a fresh
// private folder inside the output folder (`.impact-tmp-XXXXXXXXXX`, mode
// 0700, created like mkdtemp(3)), each file created exclusively (O_CREAT |
// O_EXCL | O_NOFOLLOW, 0600 until complete, then 0644) and synced. Only when
// the whole set is written are the files renamed into place, one rename(2)
// per file, `manifest.json` last — after the previous manifest has been
// removed. rename(2) replaces a symlink at the final name instead of
// following it. The folder's lock (`OutputLock`) is held throughout, so
// two runs never interleave, and the next run removes what a killed one
// left behind.
//
// What a reader can rely on (README "Outputs: how files are committed"):
// - a failed run (bad input, disk full, a target that is a folder) changes
//   no file: nothing is renamed until every file is written, and a rename
//   that fails is rolled back from hard-link backups;
// - each file is either the old or the new version, never a partial one;
// - a crash or kill during the renames can leave new files next to old ones,
//   but then `manifest.json` is absent; when it is present, the files it
//   names (with their SHA-256) are exactly those of its run.
import Foundation
import ImpactCore
import Synchronization

/// A set of output files committed together.
///
/// ```swift
/// var out = OutputSet(directory: "notebooks-out")
/// try out.checkWritable()          // before any analysis starts: creates, probes and locks the folder
/// out.add("summary.json", contents: json)
/// let written = try out.commit()   // private temp folder + fsync + renames, manifest.json last
/// ```
public struct OutputSet: Sendable {
  /// Folder the files go to.
  public let directory: String
  /// Wait for another run holding the folder's lock instead of failing.
  public let waitForLock: Bool
  /// How `.csv` files queued as text are encoded (`--excel-csv`: BOM and CRLF).
  public var csvDialect: CSVDialect = .plain
  /// Pending files: name → bytes.
  public private(set) var files: [(name: String, bytes: [UInt8])] = []
  /// The folder's lock, once taken (shared by copies of this set).
  private let lock = LockSlot()

  /// The file committed last: its presence vouches for the rest of the set.
  public static let manifestName = "manifest.json"

  public init(directory: String, waitForLock: Bool = false) {
    self.directory = directory
    self.waitForLock = waitForLock
  }

  /// Creates the folder if needed, proves it is writable by creating and
  /// removing a probe file (exclusively, never through a symlink), and takes
  /// the folder's lock, removing temporaries of killed runs. Call before
  /// doing any work.
  /// - Throws: `ExportError` when the folder cannot be created or written,
  ///   or another run holds its lock.
  public func checkWritable() throws(ExportError) {
    try Self.makeDirectories(directory)
    let probe: (fd: Int32, path: String)
    do {
      probe = try ExclusiveFile.create(in: directory, prefix: ".impact-probe-")
    } catch {
      throw ExportError(
        path: directory, message: "the output folder is not writable (\(String(cString: strerror(errno))))",
        hint: "choose a folder you can write to with --out, or fix its permissions")
    }
    close(probe.fd)
    unlink(probe.path)
    try takeLock()
  }

  private func takeLock() throws(ExportError) {
    if lock.value.withLock({ $0 != nil }) { return }
    let l = try OutputLock.acquire(directory: directory, wait: waitForLock)
    lock.value.withLock { $0 = l }
  }

  /// `mkdir -p` with the system's reason on failure.
  static func makeDirectories(_ path: String) throws(ExportError) {
    var isDir: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDir) {
      if isDir.boolValue { return }
      throw ExportError(path: path, message: "exists and is not a folder", hint: "choose a folder with --out")
    }
    let parent = PathName.parent(path)
    if !parent.isEmpty && parent != path { try makeDirectories(parent) }
    if mkdir(path, 0o755) != 0 && errno != EEXIST {
      throw ExportError(
        path: path, message: "cannot create the output folder (\(String(cString: strerror(errno))))",
        hint: "choose a folder you can write to with --out")
    }
  }

  /// Queues a UTF-8 text file (a `.csv` one in ``csvDialect``).
  public mutating func add(_ name: String, contents: String) {
    files.append((name, name.hasSuffix(".csv") ? csvDialect.bytes(contents) : Array(contents.utf8)))
  }

  /// Queues a binary file.
  public mutating func add(_ name: String, bytes: [UInt8]) {
    files.append((name, bytes))
  }

  /// Writes every queued file into a private temporary folder, syncs them,
  /// then renames them into place, `manifest.json` last; releases the lock.
  /// On any failure existing files are left as they were (see the file
  /// header for what a crash can leave).
  /// - Returns: the final paths, in the order added.
  @discardableResult
  public func commit() throws(ExportError) -> [String] {
    try Self.makeDirectories(directory)
    try takeLock()
    defer { lock.value.withLock { $0 = nil } }
    for (i, f) in files.enumerated() {
      guard !f.name.isEmpty, f.name != ".", f.name != "..", !f.name.contains("/"),
        !f.name.hasPrefix(ExclusiveFile.temporaryPrefix), f.name != OutputLock.fileName,
        !files[..<i].contains(where: { $0.name == f.name })
      else {
        throw ExportError(
          path: "\(directory)/\(f.name)", message: "is not a valid output file name, or is listed twice",
          hint: "this is a bug in impact; please report it")
      }
    }
    // Targets that cannot be replaced stop the commit before anything changes.
    for f in files {
      var st = stat()
      if lstat("\(directory)/\(f.name)", &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR {
        throw ExportError(
          path: "\(directory)/\(f.name)", message: "is a folder, so the output file cannot replace it",
          hint: "move the folder away or choose another folder with --out; no file was changed")
      }
    }
    let staging = try ExclusiveFile.makeDirectory(in: directory, prefix: ExclusiveFile.temporaryPrefix)
    defer {
      for f in files { unlink("\(staging)/\(f.name)") }
      rmdir(staging)
    }
    for (name, bytes) in files {
      let final = "\(directory)/\(name)"
      let fd = open("\(staging)/\(name)", O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
      guard fd >= 0 else {
        throw ExportError(
          path: final, message: "cannot create the file (\(String(cString: strerror(errno))))",
          hint: "check the output folder's permissions and free space")
      }
      let ok = ExclusiveFile.writeAll(fd, bytes) && ExclusiveFile.finish(fd)
      let reason = String(cString: strerror(errno))
      close(fd)
      guard ok else {
        throw ExportError(
          path: final, message: "writing failed (\(reason)); the previous file, if any, is unchanged",
          hint: "free disk space or choose another folder with --out")
      }
    }
    ExclusiveFile.syncDirectory(staging)
    // Manifest last; the previous one goes first, so a present manifest
    // always describes the files next to it. Hard links to the files being
    // replaced (in a second private folder) allow a rollback.
    let order =
      files.indices.filter { files[$0].name != Self.manifestName }
      + files.indices.filter { files[$0].name == Self.manifestName }
    let backups = try ExclusiveFile.makeDirectory(in: directory, prefix: ExclusiveFile.temporaryPrefix)
    defer {
      for f in files { unlink("\(backups)/\(f.name)") }
      rmdir(backups)
    }
    var manifestBackup = false
    if files.contains(where: { $0.name == Self.manifestName }) {
      let old = "\(directory)/\(Self.manifestName)"
      manifestBackup = link(old, "\(backups)/\(Self.manifestName)") == 0
      if unlink(old) == 0 { ExclusiveFile.syncDirectory(directory) }
    }
    var renamed: [(name: String, backup: Bool, hadOld: Bool)] = []
    for i in order {
      let name = files[i].name
      let final = "\(directory)/\(name)"
      var st = stat()
      let hadOld = lstat(final, &st) == 0
      let backup = hadOld && link(final, "\(backups)/\(name)") == 0
      guard rename("\(staging)/\(name)", final) == 0 else {
        let reason = String(cString: strerror(errno))
        for r in renamed.reversed() {
          let target = "\(directory)/\(r.name)"
          if r.backup {
            rename("\(backups)/\(r.name)", target)
          } else if !r.hadOld {
            unlink(target)
          }
        }
        if manifestBackup { rename("\(backups)/\(Self.manifestName)", "\(directory)/\(Self.manifestName)") }
        ExclusiveFile.syncDirectory(directory)
        throw ExportError(
          path: final,
          message: "cannot move the finished file into place (\(reason)); the previous files were restored",
          hint: "check the output folder's permissions")
      }
      renamed.append((name, backup, hadOld))
    }
    ExclusiveFile.syncDirectory(directory)
    return files.map { "\(directory)/\($0.name)" }
  }
}

/// The lock an `OutputSet` holds between `checkWritable()` and `commit()`.
private final class LockSlot: Sendable {
  let value = Mutex<OutputLock?>(nil)
}
