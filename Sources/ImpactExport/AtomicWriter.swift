// Atomic output: every file is written to a temporary sibling, flushed to
// disk, and renamed over the target only when all files of the set are
// complete. A failed run leaves the previous outputs untouched.
import Foundation
import ImpactCore

/// Errors writing outputs.
public struct ExportError: Error, Sendable, Equatable, CustomStringConvertible {
  public var path: String
  public var message: String
  public var hint: String

  public init(path: String, message: String, hint: String) {
    self.path = path
    self.message = message
    self.hint = hint
  }

  public var description: String { "\(path): \(message). Fix: \(hint)" }
}

/// A set of output files committed together.
///
/// ```swift
/// var out = OutputSet(directory: "notebooks-out")
/// try out.checkWritable()          // before any analysis starts
/// out.add("summary.json", contents: json)
/// let written = try out.commit()   // temp files + fsync + rename
/// ```
public struct OutputSet: Sendable {
  /// Folder the files go to.
  public let directory: String
  /// Pending files: name → bytes.
  public private(set) var files: [(name: String, bytes: [UInt8])] = []

  public init(directory: String) { self.directory = directory }

  /// Creates the folder if needed and proves it is writable by creating and
  /// removing a probe file. Call before doing any work.
  public func checkWritable() throws(ExportError) {
    try Self.makeDirectories(directory)
    let probe = "\(directory)/.impact-probe-\(getpid())"
    let fd = open(probe, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
    guard fd >= 0 else {
      throw ExportError(
        path: directory, message: "the output folder is not writable (\(String(cString: strerror(errno))))",
        hint: "choose a folder you can write to with --out, or fix its permissions")
    }
    close(fd)
    unlink(probe)
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

  /// Queues a UTF-8 text file.
  public mutating func add(_ name: String, contents: String) {
    files.append((name, Array(contents.utf8)))
  }

  /// Queues a binary file.
  public mutating func add(_ name: String, bytes: [UInt8]) {
    files.append((name, bytes))
  }

  /// Writes every queued file to a temporary sibling, syncs it, then renames
  /// all of them into place. On any failure the temporaries are removed and
  /// existing files are left as they were.
  /// - Returns: the final paths, in the order added.
  @discardableResult
  public func commit() throws(ExportError) -> [String] {
    var temps: [(tmp: String, final: String)] = []
    func cleanup() { for t in temps { unlink(t.tmp) } }
    for (name, bytes) in files {
      let final = "\(directory)/\(name)"
      let tmp = "\(directory)/.\(name).tmp-\(getpid())"
      let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
      guard fd >= 0 else {
        cleanup()
        throw ExportError(
          path: final, message: "cannot create the file (\(String(cString: strerror(errno))))",
          hint: "check the output folder's permissions and free space")
      }
      temps.append((tmp, final))
      var written = 0
      let ok = bytes.withUnsafeBytes { p -> Bool in
        guard let base = p.baseAddress else { return true }
        while written < p.count {
          let w = write(fd, base + written, p.count - written)
          if w <= 0 {
            if w < 0 && errno == EINTR { continue }
            return false
          }
          written += w
        }
        return true
      }
      let reason = String(cString: strerror(errno))
      if !ok || fsync(fd) != 0 {
        close(fd)
        cleanup()
        throw ExportError(
          path: final, message: "writing failed (\(reason)); the previous file, if any, is unchanged",
          hint: "free disk space or choose another folder with --out")
      }
      close(fd)
    }
    for t in temps {
      guard rename(t.tmp, t.final) == 0 else {
        let reason = String(cString: strerror(errno))
        cleanup()
        throw ExportError(
          path: t.final, message: "cannot move the finished file into place (\(reason))",
          hint: "check the output folder's permissions")
      }
    }
    let dfd = open(directory, O_RDONLY | O_CLOEXEC)
    if dfd >= 0 {
      fsync(dfd)
      close(dfd)
    }
    return temps.map(\.final)
  }
}
