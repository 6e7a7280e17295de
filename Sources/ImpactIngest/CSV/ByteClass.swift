/// Byte classes for the CSV hot loop: one table lookup per byte decides
/// whether the byte ends an unquoted field.
struct ByteClassTable: Sendable {
  static let ordinary: UInt8 = 0
  static let delimiter: UInt8 = 1
  static let lineFeed: UInt8 = 2
  static let carriageReturn: UInt8 = 3
  static let nul: UInt8 = 4

  let classes: [UInt8]

  init(delimiter: UInt8) {
    var t = [UInt8](repeating: 0, count: 256)
    t[Int(delimiter)] = Self.delimiter
    t[0x0A] = Self.lineFeed
    t[0x0D] = Self.carriageReturn
    t[0x00] = Self.nul
    classes = t
  }
}

enum ASCII {
  static let lf: UInt8 = 0x0A
  static let cr: UInt8 = 0x0D
  static let quote: UInt8 = 0x22
  static let comma: UInt8 = 0x2C
  static let semicolon: UInt8 = 0x3B
  static let tab: UInt8 = 0x09
  static let pipe: UInt8 = 0x7C
  static let space: UInt8 = 0x20
}
