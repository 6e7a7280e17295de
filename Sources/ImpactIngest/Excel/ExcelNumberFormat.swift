// Which number formats show a number as a date or a time, and the text a
// date cell becomes.
//
// ECMA-376 Part 1 §18.8.30 (numFmt) lists the built-in format ids; 14–22 and
// 45–47 are dates and times in every locale, 27–36 and 50–58 are the East
// Asian date and time formats (zh-CN: 年/月/日, 时/分/秒). A custom format is a
// date or time when its first section has date or time tokens (y m d h s, or
// the elapsed-time brackets [h] [m] [s]) outside quoted text, escapes and
// other bracketed codes (colours, locales). Serial day numbers follow
// Excel's two date systems (§18.17.4.1): 1900 — serial 1 is 1900-01-01 and
// serial 60 is the fictitious 1900-02-29 Lotus 1-2-3 kept, so serials below
// 60 are one day off the plain count — and 1904 (serial 0 is 1904-01-01).
import ImpactCore

/// How a cell's number format shows a number.
enum ExcelNumberFormat: UInt8, Sendable, Equatable {
  /// As a number.
  case number
  /// As a calendar date (`2024-03-05`).
  case date
  /// As a date with a time of day (`2024-03-05T14:00:00`).
  case dateTime
  /// As a time of day only (`14:00:00`).
  case time
  /// As elapsed time, [h]:mm:ss (`36:30:00`).
  case elapsed

  /// The kind of a built-in format id.
  static func builtIn(_ id: Int) -> ExcelNumberFormat {
    switch id {
    case 14...17, 27...31, 36, 50...54, 57, 58: return .date
    case 22: return .dateTime
    case 18...21, 32...35, 45, 47, 55, 56: return .time
    case 46: return .elapsed
    default: return .number
    }
  }

  /// The kind of a custom format code such as `yyyy"年"m"月"d"日"`.
  static func classify(code: String) -> ExcelNumberFormat {
    var date = false
    var time = false
    var elapsed = false
    var digits = false
    var chars = Array(code.unicodeScalars)
    // Only the first section (positive numbers) decides.
    var i = 0
    var quoted = false
    while i < chars.count {
      if chars[i] == "\"" { quoted.toggle() }
      if chars[i] == ";" && !quoted {
        chars = Array(chars[0..<i])
        break
      }
      if chars[i] == "\\" { i += 1 }
      i += 1
    }
    let lowered = String(String.UnicodeScalarView(chars)).lowercased()
    if lowered.hasPrefix("general") { return .number }
    chars = Array(lowered.unicodeScalars)
    var tokens: [Unicode.Scalar] = []
    i = 0
    while i < chars.count {
      let c = chars[i]
      switch c {
      case "\"":
        i += 1
        while i < chars.count && chars[i] != "\"" { i += 1 }
      case "\\", "_", "*":
        i += 1  // the next character is literal (or padding)
      case "[":
        var j = i + 1
        var inside = ""
        while j < chars.count && chars[j] != "]" {
          inside.unicodeScalars.append(chars[j])
          j += 1
        }
        if !inside.isEmpty && inside.allSatisfy({ $0 == "h" || $0 == "m" || $0 == "s" }) { elapsed = true }
        i = j
      case "0", "#", "?":
        digits = true
      case "y", "d", "e", "g", "b":
        // e/g/b are era years in East Asian locales; "e" is also an exponent
        // (0.00E+00), which comes with digit placeholders.
        tokens.append(c == "e" || c == "g" || c == "b" ? "e" : c)
      case "m", "h", "s":
        tokens.append(c)
      default:
        break
      }
      i += 1
    }
    if elapsed { return .elapsed }
    // Runs of one letter are one token: "yyyy-mm-dd hh:mm" → y m d h m.
    var runs: [Unicode.Scalar] = []
    for t in tokens where runs.last != t { runs.append(t) }
    for (k, t) in runs.enumerated() {
      switch t {
      case "y", "d": date = true
      case "e": if !digits { date = true }
      case "h", "s": time = true
      default:
        // "m" is minutes right after hours or right before seconds, else months.
        let before = k > 0 ? runs[k - 1] : nil
        let after = k + 1 < runs.count ? runs[k + 1] : nil
        if before == "h" || after == "s" { time = true } else { date = true }
      }
    }
    if date && time { return .dateTime }
    if date { return .date }
    if time { return .time }
    return .number
  }
}

/// Excel serial day numbers as ISO 8601 text.
enum ExcelSerialDate {
  /// The text for `serial` shown with a date or time format; `nil` when the
  /// serial is not a date Excel can show (negative, or after 9999-12-31),
  /// in which case the caller keeps the number.
  ///
  /// 1900 system: serial 60 gives `1900-02-29` (a day that does not exist, so
  /// a date column rejects it as Excel's bug would deserve) and serial 0
  /// gives `1900-01-00`, as Excel shows them.
  static func text(serial: Double, format: ExcelNumberFormat, date1904: Bool) -> String? {
    var bytes: [UInt8] = []
    guard append(serial: serial, format: format, date1904: date1904, to: &bytes) else { return nil }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Appends the text `text(serial:format:date1904:)` gives to `out`;
  /// `false` (nothing appended) when the serial is not a date.
  static func append(serial: Double, format: ExcelNumberFormat, date1904: Bool, to out: inout [UInt8]) -> Bool {
    guard serial.isFinite, serial >= 0, serial < 2_958_466 else { return false }
    // Round to the second first: 14:00 is stored as 0.58333333333333337.
    let seconds = Int((serial * 86_400).rounded())
    if format == .elapsed {
      appendDigits(seconds / 3600, width: 1, to: &out)
      out.append(0x3A)
      appendDigits(seconds / 60 % 60, width: 2, to: &out)
      out.append(0x3A)
      appendDigits(seconds % 60, width: 2, to: &out)
      return true
    }
    var day = seconds / 86_400
    let clock = seconds % 86_400
    if format == .date {
      // A date format shows the day the serial falls on, to the millisecond.
      day = Int(((serial * 86_400_000).rounded() / 86_400_000).rounded(.down))
    }
    let withDate = !(format == .time && day == 0)
    if withDate {
      let ymd: (year: Int, month: Int, day: Int)
      if date1904 {
        ymd = CalendarDay(dayNumber: Int32(day + epoch1904)).components
      } else if day >= 61 {
        ymd = CalendarDay(dayNumber: Int32(day + epoch1900)).components
      } else if day == 60 {
        ymd = (1900, 2, 29)
      } else {
        // 1…59 count from 1899-12-31; 0 is Excel's "1900-01-00".
        ymd = day >= 1 ? CalendarDay(dayNumber: Int32(day + epoch1900 + 1)).components : (1900, 1, 0)
      }
      appendDigits(ymd.year, width: 4, to: &out)
      out.append(0x2D)
      appendDigits(ymd.month, width: 2, to: &out)
      out.append(0x2D)
      appendDigits(ymd.day, width: 2, to: &out)
      if format == .date { return true }
      out.append(0x54)  // T
    }
    appendDigits(clock / 3600, width: 2, to: &out)
    out.append(0x3A)
    appendDigits(clock / 60 % 60, width: 2, to: &out)
    out.append(0x3A)
    appendDigits(clock % 60, width: 2, to: &out)
    return true
  }

  /// Decimal digits of `v ≥ 0`, zero-padded to `width`.
  private static func appendDigits(_ v: Int, width: Int, to out: inout [UInt8]) {
    // Least significant digit first, padded, then reversed in place.
    let start = out.count
    var n = v
    repeat {
      out.append(UInt8(0x30 + n % 10))
      n /= 10
    } while n > 0
    while out.count - start < width { out.append(0x30) }
    out[start...].reverse()
  }

  /// Day number (since 1970-01-01) of serial 0: 1899-12-30 in the 1900
  /// system (for serials from 61 on), 1904-01-01 in the 1904 system.
  static let epoch1900 = -25_569
  static let epoch1904 = -24_107

}
