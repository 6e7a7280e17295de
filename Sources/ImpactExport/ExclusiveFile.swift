// Temporary files and folders that cannot be hijacked: created under random
// names with O_CREAT | O_EXCL | O_NOFOLLOW (mkstemp's contract, POSIX.1-2008
// open(2)), so a planted file or symlink at the name makes the creation fail
// and is never written through; files are private (0600) until complete.
import Foundation

/// Exclusive creation of temporary files and folders.
enum ExclusiveFile {
  /// Prefix of every temporary name `impact` creates in an output folder;
  /// anything so named is removed by the next run (under the folder's lock).
  static let temporaryPrefix = ".impact-tmp-"

  /// Ten characters from [a-z0-9] drawn from the system's secure generator.
  static func randomSuffix() -> String {
    let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789".utf8)
    var rng = SystemRandomNumberGenerator()
    return String(
      decoding: (0..<10).map { _ in alphabet[Int(rng.next(upperBound: UInt64(alphabet.count)))] }, as: UTF8.self)
  }

  /// Creates and opens for writing a new file `directory/prefix<random>`,
  /// mode 0600; never opens an existing file or follows a symlink.
  /// - Returns: the descriptor and the path.
  static func create(in directory: String, prefix: String) throws(ExportError) -> (fd: Int32, path: String) {
    for _ in 0..<100 {
      let path = "\(directory)/\(prefix)\(randomSuffix())"
      let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
      if fd >= 0 { return (fd, path) }
      if errno != EEXIST && errno != ELOOP { throw failure(directory, "cannot create a temporary file") }
    }
    throw ExportError(
      path: directory, message: "cannot find a free temporary file name after 100 tries",
      hint: "remove the .impact-tmp-* entries from the folder")
  }

  /// Creates a new private folder `directory/prefix<random>` (mode 0700),
  /// like mkdtemp(3).
  static func makeDirectory(in directory: String, prefix: String) throws(ExportError) -> String {
    for _ in 0..<100 {
      let path = "\(directory)/\(prefix)\(randomSuffix())"
      if mkdir(path, 0o700) == 0 { return path }
      if errno != EEXIST { throw failure(directory, "cannot create a temporary folder") }
    }
    throw ExportError(
      path: directory, message: "cannot find a free temporary folder name after 100 tries",
      hint: "remove the .impact-tmp-* entries from the folder")
  }

  /// Writes all of `bytes` to `fd`; false (with `errno` set) on failure.
  static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
    bytes.withUnsafeBytes { p -> Bool in
      guard let base = p.baseAddress else { return true }
      var written = 0
      while written < p.count {
        let w = write(fd, base + written, p.count - written)
        if w <= 0 {
          if w < 0 && errno == EINTR { continue }
          if w == 0 { errno = ENOSPC }
          return false
        }
        written += w
      }
      return true
    }
  }

  /// Flushes a finished file to disk and makes it readable (0644).
  static func finish(_ fd: Int32) -> Bool {
    fsync(fd) == 0 && fchmod(fd, 0o644) == 0
  }

  /// Syncs a folder so the renames in it survive a power cut.
  static func syncDirectory(_ path: String) {
    let dfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    if dfd >= 0 {
      fsync(dfd)
      close(dfd)
    }
  }

  static func failure(_ path: String, _ what: String) -> ExportError {
    ExportError(
      path: path, message: "\(what) (\(String(cString: strerror(errno))))",
      hint: "check the folder's permissions and free space, or choose another folder with --out")
  }
}
