public import ImpactIngest

/// Renders a `FileProfile` as a terminal table or JSON.
public enum ProfileReport {
  /// JSON: `file`, `bytes`, `encoding`, `delimiter`, `rows`, `blank_lines`,
  /// `ragged_rows`, `ragged_examples`, `columns` (name, type, present,
  /// missing, min, max, mean, decimals, first_date, last_date, example_text),
  /// `values_profiled`; without a value profile (`--profile none`) the
  /// columns carry only their names.
  public static func json(_ p: FileProfile) -> JSONValue {
    let layout: [(String, JSONValue)] = [
      ("file", .string(p.path)),
      ("bytes", .int(p.bytes)),
      ("encoding", .string(p.encoding.rawValue)),
      ("delimiter", .string(delimiterName(p.delimiter))),
      ("rows", .int(p.rows)),
      ("blank_lines", .int(p.blankLines)),
      ("ragged_rows", .int(p.raggedRows)),
      (
        "ragged_examples",
        .array(p.raggedExamples.map { .object([("line", .int($0.line)), ("fields", .int($0.fields))]) })
      ),
    ]
    guard p.valuesProfiled else {
      return .object(
        layout + [
          ("values_profiled", .bool(false)),
          ("columns", .array(p.columns.map { .object([("name", .string($0.name))]) })),
        ])
    }
    return .object(
      layout + [
        (
          "columns",
          .array(
            p.columns.map { c in
              let numeric = c.numericCount > 0
              return .object([
                ("name", .string(c.name)),
                ("type", .string(c.inferredType)),
                ("present", .int(c.present)),
                ("missing", .int(c.missing)),
                ("min", numeric ? .number(c.numericMin) : .null),
                ("max", numeric ? .number(c.numericMax) : .null),
                ("mean", numeric ? .number(c.numericMean) : .null),
                ("decimals", numeric && c.maxScale >= 0 ? .int(c.maxScale) : .null),
                ("first_date", .string(c.firstDate?.description)),
                ("last_date", .string(c.lastDate?.description)),
                ("non_numeric_values", .int(c.texts + c.dates + c.booleans)),
                ("example_text", .string(c.firstText)),
                ("example_text_line", c.firstTextLine.map { .int($0) } ?? .null),
              ])
            })
        )
      ])
  }

  /// A fixed-width table for terminals.
  public static func text(_ p: FileProfile) -> String {
    var s = ""
    s += "file       \(p.path)\n"
    s += "size       \(humanBytes(p.bytes))\n"
    s += "encoding   \(p.encoding.rawValue)\n"
    s += "delimiter  \(delimiterName(p.delimiter))\n"
    s += "rows       \(p.rows)"
    if p.blankLines > 0 { s += " (\(p.blankLines) blank lines skipped)" }
    s += "\n"
    s += "columns    \(p.columns.count)\n"
    if p.raggedRows > 0 {
      let lines = p.raggedExamples.prefix(5).map { "line \($0.line): \($0.fields) fields" }.joined(separator: "; ")
      s += "ragged     \(p.raggedRows) rows do not have \(p.columns.count) fields (\(lines))\n"
    }
    s += "\n"
    guard p.valuesProfiled else {
      s += "values     not profiled (--profile none): structure only\n"
      s += alignedTable([["#", "column"]] + p.columns.enumerated().map { [String($0.offset + 1), $0.element.name] })
      return s
    }
    var rows: [[String]] = [["#", "column", "type", "present", "missing", "min", "max", "mean", "note"]]
    for (i, c) in p.columns.enumerated() {
      let numeric = c.numericCount > 0
      var note = ""
      if c.inferredType == "text" && numeric {
        note = "\(c.texts + c.dates + c.booleans) non-numeric"
        if let t = c.firstText, let l = c.firstTextLine { note += ", e.g. '\(t)' at line \(l)" }
      } else if c.inferredType == "date", let a = c.firstDate, let b = c.lastDate {
        note = "\(a) … \(b)"
      } else if c.inferredType == "text", let t = c.firstText {
        note = "e.g. '\(t)'"
      }
      if c.invalidUTF8 > 0 { note += (note.isEmpty ? "" : "; ") + "\(c.invalidUTF8) invalid UTF-8" }
      rows.append([
        String(i + 1), c.name, c.inferredType, String(c.present), String(c.missing),
        numeric ? short(c.numericMin) : "", numeric ? short(c.numericMax) : "",
        numeric ? c.numericMean.map(short) ?? "" : "", note,
      ])
    }
    s += alignedTable(rows)
    return s
  }
}

func delimiterName(_ d: UInt8) -> String {
  switch d {
  case 0x09: return "tab"
  default: return String(UnicodeScalar(d))
  }
}

func humanBytes(_ n: Int) -> String {
  let units = ["B", "KB", "MB", "GB", "TB"]
  var v = Double(n)
  var u = 0
  while v >= 1000 && u < units.count - 1 {
    v /= 1000
    u += 1
  }
  return u == 0 ? "\(n) B" : "\(shortFixed(v, 1)) \(units[u]) (\(n) bytes)"
}

/// A compact number for tables: up to 6 significant digits.
func short(_ v: Double) -> String {
  guard v.isFinite else { return "" }
  if v == v.rounded() && abs(v) < 1e12 { return String(Int64(v)) }
  let mag = abs(v)
  if mag >= 1e-4 && mag < 1e9 {
    let digits = max(0, 5 - Int((mag).magnitudeExponent10))
    return shortFixed(v, min(digits, 8))
  }
  return v.description
}

func shortFixed(_ v: Double, _ decimals: Int) -> String {
  var p = 1.0
  for _ in 0..<decimals { p *= 10 }
  let r = (v * p).rounded() / p
  var s = String(r)
  if s.hasSuffix(".0") { s.removeLast(2) }
  return s
}

extension Double {
  fileprivate var magnitudeExponent10: Double {
    var e = 0.0
    var m = self
    while m >= 10 {
      m /= 10
      e += 1
    }
    while m < 1 && m > 0 {
      m *= 10
      e -= 1
    }
    return e
  }
}

/// Left-aligned columns separated by two spaces (display width aware for CJK).
func alignedTable(_ rows: [[String]]) -> String {
  guard let first = rows.first else { return "" }
  var widths = Array(repeating: 0, count: first.count)
  for r in rows { for (i, c) in r.enumerated() { widths[i] = max(widths[i], displayWidth(c)) } }
  var s = ""
  for r in rows {
    var line = ""
    for (i, c) in r.enumerated() {
      line += c
      if i < r.count - 1 { line += String(repeating: " ", count: widths[i] - displayWidth(c) + 2) }
    }
    while line.hasSuffix(" ") { line.removeLast() }
    s += line + "\n"
  }
  return s
}

/// Terminal columns: East Asian wide characters take two.
func displayWidth(_ s: String) -> Int {
  s.unicodeScalars.reduce(0) { w, u in
    let v = u.value
    let wide =
      (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
      || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
      || (0xFFE0...0xFFE6).contains(v)
    return w + (wide ? 2 : 1)
  }
}
