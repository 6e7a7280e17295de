// Partial files are untrusted input. Each accumulator checks its own
// invariants while it is decoded (ImpactCore's `DecodedBounds`, and
// `LiteracyAccumulator`'s sizes and counts); this file checks what spans a
// whole state: `--by` columns and groups listed once, id hashes sorted and
// unique, volunteer tables consistent with the figures they came with,
// periods that are real calendar periods, non-negative counts and hours with
// consistent per-volunteer histograms, and — so that no sum formed while
// merging or reporting can overflow — the total of every count and
// micro-hour amount of a partial, which `impact merge` adds up over all
// partials with a checked addition.

import ImpactCore
import ImpactExport
import ImpactStats

/// A field of a partial that breaks a rule, with what is wrong.
struct PartialViolation: Error {
  var field: String
  var message: String
}

/// The checked total of every count and amount (micro-hours, beneficiaries
/// served) of a partial. All are non-negative, so any sum of some of them —
/// merged over partials or added up in a report — is at most the total.
struct PartialTotal: Sendable {
  /// Largest total accepted (over one partial, and over all partials of a
  /// merge): 2⁶², leaving headroom below `Int.max`.
  static let maximum = 1 << 62

  private(set) var value = 0
  /// The largest single contribution, to name in an error.
  private(set) var largest: (field: String, value: Int) = ("", 0)

  mutating func add(_ n: Int, _ field: @autoclosure () -> String) throws(PartialViolation) {
    guard n >= 0 else {
      throw PartialViolation(field: field(), message: "is \(n); counts and hours cannot be negative")
    }
    let (sum, overflow) = value.addingReportingOverflow(n)
    guard !overflow && sum <= Self.maximum else {
      throw PartialViolation(
        field: field(), message: "is \(n); the counts and hours of this partial add up to more than 2^62")
    }
    value = sum
    if n > largest.value { largest = (field(), n) }
  }

  mutating func add(_ n: Int64, _ field: @autoclosure () -> String) throws(PartialViolation) {
    try add(Int(n), field())
  }
}

enum PartialValidation {
  /// Checks a literacy state; returns its total of counts.
  static func check(_ s: LiteracyState) throws(PartialViolation) -> PartialTotal {
    try uniqueBy(s.by)
    if let h = s.idHashes { try sortedUnique(h.values, "idHashes") }
    var total = PartialTotal()
    try add(s.overall, "overall", to: &total)
    var seen = Set<String>()
    for (i, g) in s.groups.enumerated() {
      let field = "groups[\(i)] (\(g.column) = \(g.value))"
      try group(g.column, g.value, by: s.by, seen: &seen, field)
      guard g.accumulator.design.isCompatible(with: s.overall.design) else {
        throw PartialViolation(field: field, message: "has other indicators than the overall accumulator")
      }
      try add(g.accumulator, field, to: &total)
    }
    let k = s.overall.indicators.count
    for (name, list) in [
      ("unmatchedLabelPre", s.exclusions.unmatchedLabelPre), ("unmatchedLabelPost", s.exclusions.unmatchedLabelPost),
    ] {
      guard list.isEmpty || list.count == k else {
        throw PartialViolation(field: "exclusions.\(name)", message: "has \(list.count) entries for \(k) indicators")
      }
      for n in list { try total.add(n, "exclusions.\(name)") }
    }
    try inputs(s.inputs, to: &total)
    try surveyDesign(s, to: &total)
    return total
  }

  /// Checks the survey-design part of a literacy state: the design
  /// accumulator and each `--by` group's domain field by field
  /// (`SurveyDesignAccumulator.checkStructure`), the `design` option against
  /// the design's columns (partials merge only with equal options, so equal
  /// designs), and that the groups of each `--by` column hold every
  /// respondent and complete pair of the design exactly once.
  static func surveyDesign(_ s: LiteracyState, to total: inout PartialTotal) throws(PartialViolation) {
    func groupField(_ i: Int, _ g: LiteracyState.Group) -> String { "groups[\(i)] (\(g.column) = \(g.value))" }
    for (i, g) in s.groups.enumerated() where g.accumulator.survey != nil {
      throw PartialViolation(
        field: "\(groupField(i, g)).accumulator.survey",
        message: "is given; a group's design totals are its designDomain")
    }
    let option = s.options["design"]
    guard let acc = s.overall.survey else {
      if let option {
        throw PartialViolation(
          field: "overall.survey", message: "is missing, but the partial was made with the survey design '\(option)'")
      }
      for (i, g) in s.groups.enumerated() where g.designDomain != nil {
        throw PartialViolation(field: "\(groupField(i, g)).designDomain", message: "is given without a survey design")
      }
      return
    }
    func checked(_ a: SurveyDesignAccumulator, domainOf design: SurveyDesignAccumulator?, _ field: String)
      throws(PartialViolation)
    {
      let counts: [(field: String, count: Int)]
      do throws(SurveyDesignProblem) {
        counts = try a.checkStructure(literacy: s.overall.design, domainOf: design)
      } catch {
        throw PartialViolation(field: "\(field).\(error.field)", message: error.message)
      }
      for (f, n) in counts { try total.add(n, "\(field).\(f)") }
    }
    try checked(acc, domainOf: nil, "overall.survey")
    let text = SurveyDesignAccumulator.optionText(acc.columns)
    guard option == text else {
      throw PartialViolation(
        field: "options.design",
        message: "is \(option.map { "'\($0)'" } ?? "missing"), but the design's columns are '\(text)'")
    }
    var respondents: [String: Int] = [:]
    var pairs: [String: [Int]] = [:]
    let outcomes = acc.outcomes
    for (i, g) in s.groups.enumerated() {
      guard let d = g.designDomain else {
        throw PartialViolation(
          field: "\(groupField(i, g)).designDomain", message: "is missing, but the partial has a survey design")
      }
      try checked(d, domainOf: acc, "\(groupField(i, g)).designDomain")
      // Each term is at most the design's count (≤ 2^53), checked above;
      // stop as soon as a column's sum passes the design's.
      respondents[g.column, default: 0] += d.respondents
      var p = pairs[g.column] ?? Array(repeating: 0, count: outcomes)
      for j in 0..<outcomes { p[j] += d.pairs(outcome: j) }
      pairs[g.column] = p
      guard respondents[g.column] ?? 0 <= acc.respondents,
        zip(p, 0..<outcomes).allSatisfy({ $0 <= acc.pairs(outcome: $1) })
      else {
        throw PartialViolation(
          field: "\(groupField(i, g)).designDomain",
          message: "brings the groups of '\(g.column)' past the design's counts")
      }
    }
    for column in s.by {
      let n = respondents[column] ?? 0
      let p = pairs[column] ?? Array(repeating: 0, count: outcomes)
      guard n == acc.respondents, (0..<outcomes).allSatisfy({ p[$0] == acc.pairs(outcome: $0) }) else {
        throw PartialViolation(
          field: "groups (\(column))",
          message:
            "hold \(n) respondents of the survey design and \(p.reduce(0, +)) complete pairs, but the design has \(acc.respondents) and \((0..<outcomes).reduce(0) { $0 + acc.pairs(outcome: $1) }); every respondent is in one group of each --by column"
        )
      }
    }
  }

  /// Checks a reach state; returns its total of counts and micro-hours.
  static func check(_ s: ReachState) throws(PartialViolation) -> PartialTotal {
    try uniqueBy(s.by)
    if let b = s.beneficiaryHashes {
      try sortedUnique(b.values, "beneficiaryHashes")
      guard !s.hasBeneficiaries || b.values.count == s.overall.beneficiaries else {
        throw PartialViolation(
          field: "beneficiaryHashes",
          message: "holds \(b.values.count) ids, but the partial counts \(s.overall.beneficiaries) beneficiaries")
      }
    }
    let grain = s.overall.grain
    guard s.options["period"].map({ $0 == grain.rawValue }) ?? true else {
      throw PartialViolation(field: "overall.grain", message: "is \(grain.rawValue) but the period option is not")
    }
    for (name, p) in [("spanFrom", s.spanFrom), ("spanTo", s.spanTo)] {
      if let p { try period(p, grain, name) }
    }
    var total = PartialTotal()
    try add(s.overall, "overall", to: &total)
    try span(s, "overall.periods")
    try volunteerCounts(s, to: &total)
    if let t = s.volunteerTable {
      try table(t, s.overall, grain: grain, registry: s.hasRegistry, "volunteerTable")
    }
    guard (s.volunteerTable == nil) == (s.beneficiaryHashes == nil) else {
      throw PartialViolation(field: "beneficiaryHashes", message: "is given without volunteerTable, or the reverse")
    }
    var seen = Set<String>()
    for (i, g) in s.groups.enumerated() {
      let field = "groups[\(i)] (\(g.column) = \(g.value))"
      try group(g.column, g.value, by: s.by, seen: &seen, field)
      guard g.accumulator.grain == grain else {
        throw PartialViolation(field: field, message: "has another period grain than the overall accumulator")
      }
      switch (g.volunteerTable, s.volunteerTable) {
      case (let t?, let o?):
        try table(t, g.accumulator, grain: grain, registry: false, "\(field).volunteerTable")
        guard t.spanFirst == o.spanFirst, t.spanLast == o.spanLast else {
          throw PartialViolation(field: "\(field).volunteerTable", message: "has another span than volunteerTable")
        }
      case (nil, nil): break
      default:
        throw PartialViolation(
          field: "\(field).volunteerTable", message: "is missing or present unlike the overall volunteerTable")
      }
      try add(g.accumulator, field, to: &total)
    }
    for (reason, n) in s.exclusions.counts { try total.add(n, "exclusions.counts.\(reason)") }
    try inputs(s.inputs, to: &total)
    return total
  }

  // MARK: - Pieces

  static func uniqueBy(_ by: [String]) throws(PartialViolation) {
    guard Set(by).count == by.count else {
      throw PartialViolation(field: "by", message: "lists a column twice (\(by.joined(separator: ", ")))")
    }
  }

  static func sortedUnique(_ ids: [UInt64], _ field: String) throws(PartialViolation) {
    for i in ids.indices.dropFirst() where !(ids[i - 1] < ids[i]) {
      throw PartialViolation(
        field: field, message: "is not sorted without repeats (\(ids[i - 1]) before \(ids[i]) at \(i))")
    }
  }

  /// A volunteer table (overall or of a group) agrees with its accumulator:
  /// sorted unique hashes, one first period and one flag byte per hash,
  /// real periods, a span holding the active periods, and as many
  /// volunteers active in the span (in its first, its last period; in the
  /// registry) as the figures count.
  static func table(
    _ t: VolunteerTable, _ a: ReachAccumulator, grain: PeriodGrain, registry: Bool, _ field: String
  ) throws(PartialViolation) {
    let h = t.hashes.values
    try sortedUnique(h, "\(field).hashes")
    guard t.firstPeriods.count == h.count, t.flags.count == h.count else {
      throw PartialViolation(
        field: field,
        message: "has \(h.count) hashes, \(t.firstPeriods.count) first periods and \(t.flags.count) flags")
    }
    let periods = grain.index(year: 1, month: 1)...grain.index(year: 9999, month: 12)
    var active = 0
    var first = 0
    var last = 0
    var registered = 0
    var activeUnregistered = 0
    for i in h.indices {
      let f = t.flags[i]
      guard f & ~VolunteerTable.allFlags == 0,
        f & (VolunteerTable.activeFirst | VolunteerTable.activeLast) == 0 || f & VolunteerTable.activeInSpan != 0
      else { throw PartialViolation(field: "\(field).flags", message: "holds \(f) at \(i), not a valid flag set") }
      if !periods.contains(Int(t.firstPeriods[i])) {
        try period(Int(t.firstPeriods[i]), grain, "\(field).firstPeriods[\(i)]")
      }
      if f & VolunteerTable.activeInSpan != 0 {
        active += 1
        if f & VolunteerTable.registered == 0 { activeUnregistered += 1 }
      }
      if f & VolunteerTable.activeFirst != 0 { first += 1 }
      if f & VolunteerTable.activeLast != 0 { last += 1 }
      if f & VolunteerTable.registered != 0 { registered += 1 }
    }
    switch (t.spanFirst, t.spanLast) {
    case (let lo?, let hi?):
      try period(lo, grain, "\(field).spanFirst")
      try period(hi, grain, "\(field).spanLast")
      guard lo <= hi else { throw PartialViolation(field: "\(field).spanFirst", message: "is after spanLast") }
      guard first == (a.periods[lo]?.active ?? 0), last == (a.periods[hi]?.active ?? 0) else {
        throw PartialViolation(
          field: "\(field).flags",
          message:
            "mark \(first) and \(last) volunteers active in the span's first and last period; the figures count \(a.periods[lo]?.active ?? 0) and \(a.periods[hi]?.active ?? 0)"
        )
      }
    case (nil, nil):
      guard active == 0 else {
        throw PartialViolation(field: "\(field).flags", message: "mark volunteers active without a span")
      }
    default: throw PartialViolation(field: "\(field).spanFirst", message: "is given without spanLast, or the reverse")
    }
    guard active == a.volunteers else {
      throw PartialViolation(
        field: "\(field).flags",
        message: "mark \(active) volunteers active in the span; the figures count \(a.volunteers)")
    }
    if registry {
      guard registered == a.registeredEverActive, activeUnregistered == a.activeNotRegistered else {
        throw PartialViolation(
          field: "\(field).flags",
          message:
            "mark \(registered) registered volunteers and \(activeUnregistered) active unregistered ones; the figures count \(a.registeredEverActive) and \(a.activeNotRegistered)"
        )
      }
    } else {
      guard registered == 0 else {
        throw PartialViolation(field: "\(field).flags", message: "mark registered volunteers without a registry")
      }
    }
  }

  static func group(
    _ column: String, _ value: String, by: [String], seen: inout Set<String>, _ field: String
  ) throws(PartialViolation) {
    guard by.contains(column) else {
      throw PartialViolation(field: field, message: "names a column that is not a --by column")
    }
    guard seen.insert(column + "\u{0}" + value).inserted else {
      throw PartialViolation(field: field, message: "appears twice")
    }
  }

  static func inputs(_ list: [InputFileInfo], to total: inout PartialTotal) throws(PartialViolation) {
    for (i, f) in list.enumerated() {
      guard f.bytes >= 0 else { throw PartialViolation(field: "inputs[\(i)].bytes", message: "is negative") }
      if let r = f.rows { try total.add(r, "inputs[\(i)].rows") }
    }
  }

  static func add(_ a: LiteracyAccumulator, _ field: String, to total: inout PartialTotal) throws(PartialViolation) {
    for n in a.counts.all { try total.add(n, "\(field).counts") }
    try total.add(a.compositeIncomplete, "\(field).compositeIncomplete")
    try total.add(a.completeAtPre, "\(field).completeAtPre")
    try total.add(a.completeAtPost, "\(field).completeAtPost")
    try total.add(a.itemsPre.count, "\(field).itemsPre.count")
    try total.add(a.itemsPost.count, "\(field).itemsPost.count")
    try total.add(a.changes.count, "\(field).changes.count")
    for (j, p) in (a.indicators + [a.composite].compactMap { $0 }).enumerated() {
      let f = j < a.indicators.count ? "\(field).indicators[\(j)]" : "\(field).composite"
      try total.add(p.matched, "\(f).matched")
      try total.add(p.answeredPre, "\(f).answeredPre")
      try total.add(p.answeredPost, "\(f).answeredPost")
      try total.add(p.pairs, "\(f).pairs")
      for n in p.passTable { try total.add(n, "\(f).passTable") }
    }
    for (j, m) in (a.completersPre + a.dropoutsPre).enumerated() { try total.add(m.count, "\(field).scores[\(j)]") }
  }

  /// A period index that a date in years 1...9999 can have.
  static func period(_ p: Int, _ grain: PeriodGrain, _ field: String) throws(PartialViolation) {
    let range = grain.index(year: 1, month: 1)...grain.index(year: 9999, month: 12)
    guard range.contains(p) else {
      throw PartialViolation(
        field: field, message: "is period \(p), not a \(grain.rawValue) of the years 1–9999 (\(range))")
    }
  }

  /// Most years the periods of a reach state may span: a report has a row
  /// per period (and per group), so a forged or mistyped far-away period
  /// would make it enormous; no volunteer service log spans two centuries.
  static let maximumSpanYears = 200

  /// Throws when the periods of `s` (with `--from`/`--to`) span more than
  /// `maximumSpanYears` (also checked on a merged state).
  static func span(_ s: ReachState, _ field: String) throws(PartialViolation) {
    let grain = s.overall.grain
    let keys = Array(s.overall.periods.keys) + [s.spanFrom, s.spanTo].compactMap { $0 }
    guard let lo = keys.min(), let hi = keys.max() else { return }
    let limit = maximumSpanYears * Int(grain.perYear)
    guard hi - lo < limit else {
      throw PartialViolation(
        field: field,
        message:
          "span \(grain.label(lo)) to \(grain.label(hi)), more than \(maximumSpanYears) years (a mistyped year in the data?)"
      )
    }
  }

  static func add(_ a: ReachAccumulator, _ field: String, to total: inout PartialTotal) throws(PartialViolation) {
    for (name, n) in [
      ("volunteers", a.volunteers), ("beneficiaries", a.beneficiaries), ("registered", a.registered),
      ("registeredEverActive", a.registeredEverActive), ("activeNotRegistered", a.activeNotRegistered),
      ("registeredUndated", a.registeredUndated),
    ] {
      try total.add(n, "\(field).\(name)")
    }
    for (p, agg) in a.periods {
      let f = "\(field).periods.\(p)"
      try period(p, a.grain, f)
      for (name, n) in [
        ("active", agg.active), ("new", agg.new), ("retained", agg.retained),
        ("activeRegistered", agg.activeRegistered),
        ("records", agg.records), ("beneficiariesUnique", agg.beneficiariesUnique),
        ("registrations", agg.registrations),
      ] {
        try total.add(n, "\(f).\(name)")
      }
      try total.add(agg.microHours, "\(f).microHours")
      try total.add(agg.beneficiariesServed, "\(f).beneficiariesServed")
      // The histogram of per-volunteer totals holds each active volunteer
      // once, and its values add up to the period's hours.
      var volunteers = 0
      var hours: Int64 = 0
      for (h, n) in agg.volunteerHours {
        guard h >= 0, n >= 1, n <= DecodedBounds.maximumCount else {
          throw PartialViolation(
            field: "\(f).volunteerHours", message: "holds [\(h), \(n)]; hours and counts must be positive")
        }
        volunteers += n
        let (product, o1) = h.multipliedReportingOverflow(by: Int64(n))
        let (sum, o2) = hours.addingReportingOverflow(product)
        guard !o1 && !o2 && volunteers <= DecodedBounds.maximumCount else {
          throw PartialViolation(field: "\(f).volunteerHours", message: "adds up to more than 2^63 micro-hours")
        }
        hours = sum
      }
      guard volunteers == agg.active, hours == agg.microHours else {
        throw PartialViolation(
          field: "\(f).volunteerHours",
          message:
            "holds \(volunteers) volunteers and \(hours) micro-hours, but the period has \(agg.active) active volunteers and \(agg.microHours) micro-hours"
        )
      }
    }
    for (kind, totals) in [("teamTotals", a.teamTotals), ("projectTotals", a.projectTotals)] {
      for (name, t) in totals {
        try total.add(t.microHours, "\(field).\(kind).\(name).microHours")
        try total.add(t.records, "\(field).\(kind).\(name).records")
        if let v = t.volunteers { try total.add(v, "\(field).\(kind).\(name).volunteers") }
      }
    }
  }
}
