// A large output written through a buffer into a temporary sibling and
// renamed into place on `commit()` — atomic like `OutputSet`, but streaming
// (for generated data of hundreds of MB).
import Foundation

/// Streams bytes into `path` atomically.
public final class StreamingFileWriter {
  public let path: String
  private let temporary: String
  private var fd: Int32
  private var buffer: [UInt8] = []
  private static let flushSize = 1 << 20

  public init(path: String) throws(ExportError) {
    self.path = path
    temporary = path + ".tmp-\(getpid())"
    fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard fd >= 0 else {
      throw ExportError(
        path: path, message: "cannot create the file (\(String(cString: strerror(errno))))",
        hint: "check the folder's permissions and free space")
    }
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

  /// Appends a non-negative integer in decimal.
  public func write(_ n: Int) throws(ExportError) {
    if n < 0 {
      buffer.append(0x2D)
      try write(-n)
      return
    }
    var digits:
      (
        UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
        UInt8, UInt8, UInt8, UInt8
      ) =
        (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    var count = 0
    var v = n
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
    var written = 0
    let ok = buffer.withUnsafeBytes { p -> Bool in
      guard let base = p.baseAddress else { return true }
      while written < p.count {
        let w = Foundation.write(fd, base + written, p.count - written)
        if w <= 0 {
          if w < 0 && errno == EINTR { continue }
          return false
        }
        written += w
      }
      return true
    }
    guard ok else {
      throw ExportError(
        path: path, message: "writing failed (\(String(cString: strerror(errno))))",
        hint: "free disk space or choose another folder")
    }
    buffer.removeAll(keepingCapacity: true)
  }

  /// Flushes, syncs and renames the file into place.
  public func commit() throws(ExportError) {
    try flush()
    guard fsync(fd) == 0, close(fd) == 0 else {
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
