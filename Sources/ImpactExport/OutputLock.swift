// One writer per output folder: an advisory flock(2) on `.impact.lock` in
// the folder, held from the first check until the outputs are committed.
// A second run fails at once (or waits, with --wait-lock). Locks are
// reentrant within the process (the synthetic-data generator drafts a
// codebook into the folder it holds).
//
// The lock file is removed when the lock is released, so a folder holds no
// trace of it between runs. That is safe because the remover holds the lock
// and every locker, once it has the lock, checks that the path still names
// the file it locked (same device and inode) and starts over if not.
//
// Under the lock, temporaries left by killed runs are removed: every
// `.impact-tmp-*` entry, and old-style `.<name>.tmp-<pid>` files whose
// process is gone.
import Foundation
import Synchronization

/// The exclusive lock of one output folder.
public final class OutputLock: Sendable {
  /// Name of the lock file inside the output folder.
  public static let fileName = ".impact.lock"

  /// The folder locked.
  public let directory: String
  private let key: String

  private struct Held {
    var fd: Int32
    var path: String
    var holders: Int
  }
  private static let held = Mutex<[String: Held]>([:])

  private init(directory: String, key: String) {
    self.directory = directory
    self.key = key
  }

  deinit {
    Self.held.withLock { table in
      guard var h = table[key] else { return }
      h.holders -= 1
      if h.holders == 0 {
        unlink(h.path)  // while still holding the lock (see the file header)
        close(h.fd)  // releases the flock
        table[key] = nil
      } else {
        table[key] = h
      }
    }
  }

  /// Locks `directory` (which must exist) for writing, then removes stale
  /// temporaries from it. The lock is released when the returned value is
  /// released.
  /// - Parameter wait: wait for another run to finish instead of failing.
  /// - Throws: `ExportError` when another process holds the lock (and
  ///   `wait` is false), or the lock file cannot be opened — it is a
  ///   symlink, or not a regular file.
  public static func acquire(directory: String, wait: Bool) throws(ExportError) -> OutputLock {
    let key = canonicalPath(directory)
    let reused = held.withLock { table -> Bool in
      guard var h = table[key] else { return false }
      h.holders += 1
      table[key] = h
      return true
    }
    if reused { return OutputLock(directory: directory, key: key) }
    let path = "\(directory)/\(fileName)"
    var fd: Int32 = -1
    for _ in 0..<1_000 {
      fd = try lockedFile(path, directory: directory, wait: wait)
      // The file may have been removed (and replaced) by the previous
      // holder between our open and our lock: then start over.
      var opened = stat()
      var named = stat()
      if fstat(fd, &opened) == 0, lstat(path, &named) == 0, opened.st_dev == named.st_dev,
        opened.st_ino == named.st_ino
      {
        break
      }
      close(fd)
      fd = -1
    }
    guard fd >= 0 else {
      throw ExportError(
        path: path, message: "the lock file keeps being replaced by other processes",
        hint: "make sure nothing else removes \(fileName), or choose another folder with --out")
    }
    held.withLock { $0[key] = Held(fd: fd, path: path, holders: 1) }
    removeStaleTemporaries(in: directory)
    return OutputLock(directory: directory, key: key)
  }

  /// Opens (creating it if needed) and locks the lock file.
  private static func lockedFile(_ path: String, directory: String, wait: Bool) throws(ExportError) -> Int32 {
    let fd = open(path, O_RDONLY | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0o644)
    guard fd >= 0 else {
      let reason = String(cString: strerror(errno))
      if errno == ELOOP {
        throw ExportError(
          path: path, message: "the lock file is a symbolic link; impact never writes through links",
          hint: "remove \(path) (someone may have planted it), or choose another folder with --out")
      }
      throw ExportError(
        path: path, message: "cannot open the output folder's lock file (\(reason))",
        hint: "check the folder's permissions, or choose another folder with --out")
    }
    var st = stat()
    guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else {
      close(fd)
      throw ExportError(
        path: path, message: "the lock file is not a regular file",
        hint: "remove \(path), or choose another folder with --out")
    }
    var status = flock(fd, LOCK_EX | LOCK_NB)
    if status != 0 && errno == EWOULDBLOCK && wait {
      repeat { status = flock(fd, LOCK_EX) } while status != 0 && errno == EINTR
    }
    guard status == 0 else {
      let busy = errno == EWOULDBLOCK
      let reason = String(cString: strerror(errno))
      close(fd)
      if busy {
        throw ExportError(
          path: directory, message: "another impact run is writing to this folder (it holds \(fileName))",
          hint: "wait until it has finished, pass --wait-lock to wait for it, or choose another folder with --out")
      }
      throw ExportError(
        path: path, message: "cannot lock the output folder (\(reason))",
        hint: "choose a folder on a local disk with --out")
    }
    return fd
  }

  /// The folder's absolute path without symlinks (the lock table's key).
  private static func canonicalPath(_ directory: String) -> String {
    guard let p = realpath(directory, nil) else { return directory }
    defer { free(p) }
    return String(cString: p)
  }

  /// Removes what killed runs left behind: `.impact-tmp-*` folders and
  /// files, and old-style `.<name>.tmp-<pid>` / `<name>.tmp-<pid>` files of
  /// processes that no longer exist. Symlinks are never followed; nested
  /// folders are left alone. Call only while holding the lock.
  /// - Returns: the names removed.
  @discardableResult
  static func removeStaleTemporaries(in directory: String) -> [String] {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
    var removed: [String] = []
    for name in names {
      let path = "\(directory)/\(name)"
      var st = stat()
      guard lstat(path, &st) == 0 else { continue }
      let type = st.st_mode & S_IFMT
      if name.hasPrefix(ExclusiveFile.temporaryPrefix) {
        if type == S_IFREG {
          if unlink(path) == 0 { removed.append(name) }
        } else if type == S_IFDIR {
          let inner = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
          for f in inner { unlink("\(path)/\(f)") }
          if rmdir(path) == 0 { removed.append(name) }
        }
      } else if type == S_IFREG, let pid = oldStyleTemporaryPid(name), !processExists(pid) {
        if unlink(path) == 0 { removed.append(name) }
      }
    }
    return removed
  }

  /// The pid of an old-style temporary name (`….tmp-<pid>`, `.impact-probe-<pid>`), else nil.
  static func oldStyleTemporaryPid(_ name: String) -> Int32? {
    let digits: Substring
    if name.hasPrefix(".impact-probe-") {
      digits = name.dropFirst(".impact-probe-".count)
    } else if let r = name.range(of: ".tmp-", options: .backwards), r.lowerBound > name.startIndex {
      digits = name[r.upperBound...]
    } else {
      return nil
    }
    guard !digits.isEmpty, digits.count <= 10, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber),
      let pid = Int32(digits), pid > 0
    else { return nil }
    return pid
  }

  private static func processExists(_ pid: Int32) -> Bool {
    kill(pid, 0) == 0 || errno == EPERM
  }
}
