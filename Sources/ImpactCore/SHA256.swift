// SHA-256 (FIPS 180-4) through OpenSSL's EVP interface. The digests identify
// inputs and outputs in `meta` and `manifest.json`, so results are auditable.
import CCrypto
import Foundation

/// SHA-256 digests of bytes and files.
public enum SHA256 {
  /// Lower-case hex digest of `bytes`.
  public static func hex(_ bytes: [UInt8]) -> String {
    var h = Hasher256()
    bytes.withUnsafeBytes { h.update($0) }
    return h.finalizeHex()
  }

  /// Lower-case hex digest of a file, streamed in 1 MiB blocks; `nil` when
  /// the file cannot be read.
  public static func hex(file path: String) -> String? {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var h = Hasher256()
    var buffer = [UInt8](repeating: 0, count: 1 << 20)
    while true {
      let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
      if n < 0 {
        if errno == EINTR { continue }
        return nil
      }
      if n == 0 { break }
      buffer.withUnsafeBytes { h.update(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
    }
    return h.finalizeHex()
  }
}

/// An incremental SHA-256 context (owns an OpenSSL EVP_MD_CTX).
struct Hasher256: ~Copyable {
  private let ctx: OpaquePointer?

  init() {
    ctx = EVP_MD_CTX_new()
    EVP_DigestInit_ex(ctx, EVP_sha256(), nil)
  }

  deinit { EVP_MD_CTX_free(ctx) }

  mutating func update(_ bytes: UnsafeRawBufferPointer) {
    guard bytes.count > 0 else { return }
    EVP_DigestUpdate(ctx, bytes.baseAddress, bytes.count)
  }

  consuming func finalizeHex() -> String {
    var digest = [UInt8](repeating: 0, count: 32)
    var len: UInt32 = 0
    digest.withUnsafeMutableBufferPointer { EVP_DigestFinal_ex(ctx, $0.baseAddress, &len) }
    let hexDigits = Array("0123456789abcdef")
    var s = ""
    s.reserveCapacity(64)
    for b in digest {
      s.append(hexDigits[Int(b >> 4)])
      s.append(hexDigits[Int(b & 15)])
    }
    return s
  }
}
