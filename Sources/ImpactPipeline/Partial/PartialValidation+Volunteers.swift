import ImpactCore
import ImpactStats

extension PartialValidation {
  /// Checks the volunteer counts of a reach state against its options and
  /// its period aggregates, so that forged counts stop the merge with the
  /// field they break instead of publishing wrong star levels, cohorts or
  /// lapsed counts: the thresholds are the `star_levels` option's; every
  /// analysed volunteer starts once, ends once and has one span total
  /// (`volunteers` each); star levels are reached in order; the cohorts'
  /// active volunteers add up to each period's active ones; the span
  /// histogram adds up to the periods' hours.
  static func volunteerCounts(_ s: ReachState, to total: inout PartialTotal) throws(PartialViolation) {
    for (i, g) in s.groups.enumerated() where g.accumulator.volunteerFigures != nil {
      throw PartialViolation(
        field: "groups[\(i)].accumulator.volunteerFigures", message: "is present; only the overall accumulator has it")
    }
    let a = s.overall
    let field = "overall.volunteerFigures"
    // Present exactly when the options name the thresholds (partials of
    // older versions have neither): a partial without the counts would
    // leave its volunteers out of the merged figures.
    guard let c = a.volunteerFigures else {
      guard s.options["star_levels"] == nil else {
        throw PartialViolation(field: field, message: "is missing, but the options name star_levels")
      }
      return
    }
    guard s.options["star_levels"] != nil else {
      throw PartialViolation(field: field, message: "is present, but the options name no star_levels")
    }
    guard let options = VolunteerFigureOptions(partialOptions: s.options) else {
      throw PartialViolation(
        field: "options", message: "has a star_levels, lapsed_after, fte_hours or hour_value that is not a number")
    }
    if let (option, problem) = options.problem {
      throw PartialViolation(field: "options.\(option)", message: problem)
    }
    guard c.starThresholds == options.starMicroHours else {
      throw PartialViolation(
        field: "\(field).starThresholds",
        message: "are \(c.starThresholds) micro-hours but the star_levels option is \(options.starLevelsText) hours")
    }
    let k = c.starThresholds.count
    var atLeast = [Int](repeating: 0, count: k + 1)
    for (p, row) in c.starsReached.sorted(by: { $0.key < $1.key }) {
      let f = "\(field).starsReached.\(p)"
      try period(p, a.grain, f)
      guard row.count == k + 1 else {
        throw PartialViolation(field: f, message: "has \(row.count) counts for \(k + 1) levels")
      }
      for (l, n) in row.enumerated() {
        try total.add(n, f)
        atLeast[l] += n
      }
      for l in stride(from: k, to: 0, by: -1) where atLeast[l] > atLeast[l - 1] {
        throw PartialViolation(
          field: f,
          message: "makes \(atLeast[l]) volunteers reach star level \(l) but only \(atLeast[l - 1]) level \(l - 1)")
      }
    }
    func volunteers(_ n: Int, _ f: String) throws(PartialViolation) {
      guard n == a.volunteers else {
        throw PartialViolation(field: f, message: "counts \(n) volunteers, but the partial has \(a.volunteers)")
      }
    }
    try volunteers(atLeast[0], "\(field).starsReached")
    var activeByPeriod: [Int: Int] = [:]
    for (cohort, periods) in c.cohortActive {
      try period(cohort, a.grain, "\(field).cohortActive.\(cohort)")
      for (p, n) in periods {
        let f = "\(field).cohortActive.\(cohort).\(p)"
        try period(p, a.grain, f)
        guard cohort <= p, n >= 1 else {
          throw PartialViolation(
            field: f, message: "is \(n); a cohort has at least one active volunteer in its first period or later")
        }
        try total.add(n, f)
        activeByPeriod[p, default: 0] += n
      }
    }
    for p in Set(activeByPeriod.keys).union(a.periods.keys) {
      let n = activeByPeriod[p] ?? 0
      let active = a.periods[p]?.active ?? 0
      guard n == active else {
        throw PartialViolation(
          field: "\(field).cohortActive",
          message: "holds \(n) active volunteers in period \(p), but the period has \(active)")
      }
    }
    var ended = 0
    for (p, n) in c.lastActive {
      let f = "\(field).lastActive.\(p)"
      try period(p, a.grain, f)
      try total.add(n, f)
      ended += n
    }
    try volunteers(ended, "\(field).lastActive")
    var counted = 0
    var hours: Int64 = 0
    for (h, n) in c.spanHours {
      guard h >= 0, n >= 1, n <= DecodedBounds.maximumCount else {
        throw PartialViolation(
          field: "\(field).spanHours", message: "holds [\(h), \(n)]; hours and counts must be positive")
      }
      try total.add(n, "\(field).spanHours")
      counted += n
      let (product, o1) = h.multipliedReportingOverflow(by: Int64(n))
      let (sum, o2) = hours.addingReportingOverflow(product)
      guard !o1 && !o2 else {
        throw PartialViolation(field: "\(field).spanHours", message: "adds up to more than 2^63 micro-hours")
      }
      hours = sum
    }
    try volunteers(counted, "\(field).spanHours")
    let periodHours = a.periods.values.reduce(Int64(0)) { $0 &+ $1.microHours }
    guard hours == periodHours else {
      throw PartialViolation(
        field: "\(field).spanHours", message: "adds up to \(hours) micro-hours, but the periods hold \(periodHours)")
    }
  }
}
