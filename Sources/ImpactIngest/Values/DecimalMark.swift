// The decimal mark of a file's numbers: "4.5" or, in exports from
// continental-European and Latin-American locales, "4,5" (with ";" as the
// field delimiter, because the comma is taken).
import Foundation

/// The character that separates the integer and fractional digits.
public enum DecimalMark: String, Sendable, Equatable, CaseIterable {
  /// `4.5`
  case point = "."
  /// `4,5`
  case comma = ","

  /// The mark named by an option or config value: `.`/`point`/`dot` or
  /// `,`/`comma`.
  public init?(option: String) {
    switch option.trimmingCharacters(in: .whitespaces).lowercased() {
    case ".", "point", "dot": self = .point
    case ",", "comma": self = .comma
    default: return nil
    }
  }

  /// The byte the number parser looks for.
  public var byte: UInt8 { self == .point ? 0x2E : 0x2C }

  /// How the mark of a file was chosen.
  public enum Source: String, Sendable, Equatable {
    /// `--decimal` or the config's `decimal:`.
    case option
    /// Detected from the first records (see ``detect(_:delimiter:)``).
    case detected
    /// Neither: the point.
    case `default`
  }

  /// The mark of a `;`- (or tab-) delimited file whose numeric-looking fields
  /// use a decimal comma: `.comma` when some sampled field is a number with
  /// one comma between digits ("4,5", "-0,25") and none is a number with a
  /// decimal point; otherwise `nil` (keep the point). Comma-delimited files
  /// are never detected: there a decimal comma must be quoted and is rare,
  /// so `--decimal ,` says it.
  ///
  /// - Complexity: O(total length of the sample).
  public static func detect(_ sample: [[String]], delimiter: UInt8) -> DecimalMark? {
    guard delimiter != ASCII.comma else { return nil }
    var commas = 0
    for record in sample {
      for field in record {
        switch shape(field) {
        case .commaDecimal: commas += 1
        case .pointDecimal: return nil
        case .other: break
        }
      }
    }
    return commas > 0 ? .comma : nil
  }

  enum Shape { case commaDecimal, pointDecimal, other }

  /// Whether `field` is digits, one mark, digits (optionally signed).
  static func shape(_ field: String) -> Shape {
    var bytes = field.utf8[...]
    while let f = bytes.first, f == 0x20 || f == 0x09 { bytes = bytes.dropFirst() }
    while let l = bytes.last, l == 0x20 || l == 0x09 { bytes = bytes.dropLast() }
    if let f = bytes.first, f == 0x2D || f == 0x2B { bytes = bytes.dropFirst() }
    var before = 0
    var after = 0
    var mark: UInt8?
    for b in bytes {
      if b >= 0x30 && b <= 0x39 {
        if mark == nil { before += 1 } else { after += 1 }
      } else if (b == 0x2C || b == 0x2E) && mark == nil {
        mark = b
      } else {
        return .other
      }
    }
    guard let mark, before > 0, after > 0 else { return .other }
    return mark == 0x2C ? .commaDecimal : .pointDecimal
  }
}
