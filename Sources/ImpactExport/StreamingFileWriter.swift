// A large output written through a buffer into a temporary sibling and
// renamed into place on `commit()` — atomic per file like `OutputSet`, but
// streaming (for generated data of hundreds of MB). The temporary is created
// exclusively under a random name (`.impact-tmp-XXXXXXXXXX`, O_CREAT |
// O_EXCL | O_NOFOLLOW, 0600 until complete), so a planted file or symlink is
// never written through; callers hold the folder's `OutputLock`, under which
// temporaries of killed runs are removed.
import Foundation
import ImpactCore

/// Streams bytes into `path` atomically.
public final class StreamingFileWriter {
  public let path: String
  private let temporary: String
  private var fd: Int32
  private var buffer: [UInt8] = []
  private static let flushSize = 1 << 20

  public init(path: String) throws(ExportError) {
    self.path = path
    let folder = PathName.directory(of: path)
    (fd, temporary) = try ExclusiveFile.create(in: folder, prefix: ExclusiveFile.temporaryPrefix)
    buffer.reserveCapacity(Self.flushSize + 4096)
  }

  deinit {
    if fd >= 0 {
      close(fd)
      unlink(temporary)
    }
  }

  /// Appends UTF-8 text.
  public func write(_ s: String) throws(ExportError) {
    buffer.append(contentsOf: s.utf8)
    if buffer.count >= Self.flushSize { try flush() }
  }

  /// Appends raw bytes.
  public func write(bytes: some Sequence<UInt8>) throws(ExportError) {
    buffer.append(contentsOf: bytes)
    if buffer.count >= Self.flushSize { try flush() }
  }

  /// Appends an integer in decimal.
  public func write(_ n: Int) throws(ExportError) {
    if n < 0 { buffer.append(0x2D) }
    var digits:
      (
        UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
        UInt8, UInt8, UInt8, UInt8
      ) =
        (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    var count = 0
    var v = n.magnitude
    withUnsafeMutableBytes(of: &digits) { d in
      repeat {
        d[count] = UInt8(0x30 + v % 10)
        v /= 10
        count += 1
      } while v > 0
      for i in stride(from: count - 1, through: 0, by: -1) { buffer.append(d[i]) }
    }
    if buffer.count >= Self.flushSize { try flush() }
  }

  private func flush() throws(ExportError) {
    guard ExclusiveFile.writeAll(fd, buffer) else {
      throw ExportError(
        path: path, message: "writing failed (\(String(cString: strerror(errno))))",
        hint: "free disk space or choose another folder")
    }
    buffer.removeAll(keepingCapacity: true)
  }

  /// Flushes, syncs and renames the file into place.
  public func commit() throws(ExportError) {
    try flush()
    guard ExclusiveFile.finish(fd), close(fd) == 0 else {
      throw ExportError(path: path, message: "cannot sync the file to disk", hint: "check the disk")
    }
    fd = -1
    guard rename(temporary, path) == 0 else {
      unlink(temporary)
      throw ExportError(
        path: path, message: "cannot move the finished file into place (\(String(cString: strerror(errno))))",
        hint: "check the folder's permissions")
    }
  }
}
