// The dates one input's records carry: what the partial-period flags
// (coverage) and the far-off-date guard (a mistyped year) are decided from.
import ImpactExport

/// The records' dates of one input (hour log or beneficiary file), over the
/// records analysed (a valid date, not after `as_of`, inside `--from`/`--to`):
/// the first and last day, a count per year and the first record of each
/// year (file, line, text).
struct DateExtent: Sendable {
  /// First and last day as YYYYMMDD.
  var first: Int?
  var last: Int?
  /// Records per year (index = year, 0…9999).
  var yearCounts = [Int](repeating: 0, count: 10_000)
  /// The first record of each year (lines relative to the chunk until
  /// `shiftLines`).
  var firstOfYear: [Int: ReachProblem] = [:]

  /// Years separated by more than this many years from the bulk are
  /// "far outside the data".
  static let gapYears = 10
  /// Years before this are never plausible service dates.
  static let earliestYear = 1900

  @inline(__always)
  mutating func add(ordinal: Int, year: Int, file: String, line: Int, text: @autoclosure () -> String) {
    if ordinal < first ?? Int.max { first = ordinal }
    if ordinal > last ?? Int.min { last = ordinal }
    if yearCounts[year] == 0 {
      firstOfYear[year] = ReachProblem(file: file, reason: "date_far_outside", line: line, value: text())
    }
    yearCounts[year] += 1
  }

  /// Lines of a chunk made absolute.
  mutating func shiftLines(by base: Int) {
    for (y, e) in firstOfYear { firstOfYear[y]?.line = e.line + base }
  }

  /// Adds a later chunk's extent (its lines already absolute).
  mutating func absorb(_ o: DateExtent) {
    if let f = o.first { first = min(first ?? f, f) }
    if let l = o.last { last = max(last ?? l, l) }
    for (y, e) in o.firstOfYear where yearCounts[y] == 0 { firstOfYear[y] = e }
    for y in o.firstOfYear.keys { yearCounts[y] += o.yearCounts[y] }
  }

  /// The bulk of the data and the records far outside it.
  ///
  /// Years with records are split into runs wherever two consecutive years
  /// with records are more than `gapYears` apart; the run holding the most
  /// records is the bulk. Years in other runs, and years before
  /// `earliestYear`, are far outside — except below the bulk when
  /// `lowerAccepted` (an explicit `--from`) and above it when
  /// `upperAccepted` (an explicit `--to`).
  func farOutside(lowerAccepted: Bool, upperAccepted: Bool) -> (bulk: ClosedRange<Int>, years: [Int])? {
    let years = firstOfYear.keys.sorted()
    guard let firstYear = years.first else { return nil }
    var runs: [ClosedRange<Int>] = []
    var start = firstYear
    var previous = firstYear
    for y in years.dropFirst() {
      if y - previous > Self.gapYears {
        runs.append(start...previous)
        start = y
      }
      previous = y
    }
    runs.append(start...previous)
    func records(_ r: ClosedRange<Int>) -> Int { years.filter { r.contains($0) }.reduce(0) { $0 + yearCounts[$1] } }
    guard let bulk = runs.max(by: { records($0) < records($1) }) else { return nil }
    let far = years.filter { y in
      if y < bulk.lowerBound || y < Self.earliestYear { return !lowerAccepted }
      if y > bulk.upperBound { return !upperAccepted }
      return false
    }
    return far.isEmpty ? nil : (bulk, far)
  }
}
