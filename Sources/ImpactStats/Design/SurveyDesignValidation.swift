// Structural checks of a decoded `SurveyDesignAccumulator` (partial files
// are untrusted input). Its exact sums are bounded while they are decoded
// (`ExactSum.init(from:)`); these checks cover the rest, so that a forged or
// damaged partial stops with the field that is wrong instead of trapping
// (array lengths that `merged` and the estimates index) or publishing a
// wrong figure (counts, weights, pass totals or strata that no data could
// give):
//
//   outcomes     passRules = the analysis' (indicators, then the composite);
//                every per-outcome list has one entry per outcome
//   counts       0 ≤ n ≤ 2⁵³; weight changes ≤ respondents; an unclustered
//                design's strata hold exactly its respondents, a clustered
//                one's PSUs at most that many; complete pairs ≤ units
//   totals       six exact sums per cell, each finite; a cell without pairs
//                sums to 0, a cell with pairs has a positive weight total;
//                pass totals within [0, weight total] (0 without a rule);
//                Σ w·d² and the squares of the products ≥ 0
//   strata/PSUs  fpc finite and positive, given for every stratum exactly
//                when the design has an fpc column; one stratum "" without
//                a strata column; clustered strata hold PSU tables only,
//                unclustered ones moments only; fpc conflicts name strata
//   domains      (`--by` groups) the design's clustering and outcomes; their
//                strata and PSUs are the design's, with at most its counts
//
// The counts are returned so that the caller can bound their sum (merging
// adds them up).

import ImpactCore

/// A field of a survey-design accumulator that breaks a rule.
public struct SurveyDesignProblem: Error, Sendable, Equatable {
  /// The field, relative to the accumulator (e.g. `strata.north.psus.v03[1].sums`).
  public var field: String
  public var message: String
}

extension SurveyDesignAccumulator {
  /// The design roles in the order options and outputs list them.
  public static let roles = ["weight", "strata", "cluster", "fpc"]

  /// `role=column` pairs of `columns`, comma-separated (the `design` option
  /// of a partial).
  public static func optionText(_ columns: [String: String]) -> String {
    roles.compactMap { r in columns[r].map { "\(r)=\($0)" } }.joined(separator: ",")
  }

  /// Checks a decoded design accumulator of `literacy`; `design` is nil for
  /// the whole design, or the whole design when `self` is a `--by` group's
  /// domain. Returns every count it holds, named.
  /// - Complexity: O(outcomes × PSUs).
  public func checkStructure(
    literacy: LiteracyDesign, domainOf design: SurveyDesignAccumulator? = nil
  ) throws(SurveyDesignProblem) -> [(field: String, count: Int)] {
    func fail(_ field: String, _ message: String) -> SurveyDesignProblem {
      SurveyDesignProblem(field: field, message: message)
    }
    var counts: [(field: String, count: Int)] = []
    func count(_ n: Int, _ field: @autoclosure () -> String) throws(SurveyDesignProblem) {
      guard n >= 0 && n <= DecodedBounds.maximumCount else {
        throw fail(field(), "is \(n); a count must be in 0...\(DecodedBounds.maximumCount)")
      }
      counts.append((field(), n))
    }
    let expectedRules =
      literacy.indicators.map(\.passes) + (CompositeScore(design: literacy) != nil ? [nil] : [])
    guard passRules == expectedRules else {
      throw fail(
        "passRules",
        "has \(passRules.count) outcomes or pass rules unlike the analysis (\(expectedRules.count) outcomes: indicators, then the composite)"
      )
    }
    let k = outcomes
    guard weightedSquares.count == k else {
      throw fail("weightedSquares", "has \(weightedSquares.count) entries for \(k) outcomes")
    }
    for (j, s) in weightedSquares.enumerated() {
      let v = s.value
      guard v.isFinite && v >= 0 else { throw fail("weightedSquares[\(j)]", "is \(v); Σ w·d² is finite and ≥ 0") }
    }
    if let c = compositeDesign, !c.isCompatible(with: literacy) {
      throw fail("compositeDesign", "is not the analysis' design")
    }
    try count(respondents, "respondents")
    try count(weightChanges, "weightChanges")
    guard weightChanges <= respondents else {
      throw fail("weightChanges", "is \(weightChanges), more than the \(respondents) respondents")
    }
    if let design {
      guard clustered == design.clustered else {
        throw fail("clustered", "is \(clustered) but the design's is \(design.clustered)")
      }
      guard columns.isEmpty else { throw fail("columns", "are given for a --by group (only the design has them)") }
      guard respondents <= design.respondents else {
        throw fail("respondents", "is \(respondents), more than the design's \(design.respondents)")
      }
    } else {
      for role in columns.keys where !Self.roles.contains(role) {
        throw fail("columns", "has the role '\(role)'; the roles are \(Self.roles.joined(separator: ", "))")
      }
      guard clustered == (columns["cluster"] != nil) else {
        throw fail("clustered", "is \(clustered) but the design \(clustered ? "has no" : "has a") cluster column")
      }
      guard !columns.isEmpty else { throw fail("columns", "are empty; a design names at least one column") }
      if columns["strata"] == nil, let label = strata.keys.first(where: { $0 != "" }) {
        throw fail("strata", "has stratum '\(label)' but the design has no strata column")
      }
    }
    guard strata.count <= max(respondents, 1) else {
      throw fail("strata", "has \(strata.count) strata for \(respondents) respondents")
    }
    // Running sums are checked as they grow (each term ≤ 2^53, so they stop
    // long before an overflow).
    var units = 0
    var pairs = Array(repeating: 0, count: k)
    func within(_ n: Int, _ j: Int) throws(SurveyDesignProblem) {
      guard n <= respondents else {
        throw fail(
          "strata", "hold \(n) complete pairs of outcome \(j) or more, more than the \(respondents) respondents")
      }
    }
    for (label, s) in strata.sorted(by: { $0.key < $1.key }) {
      let f = "strata.\(label)"
      if let fpc = s.fpc {
        guard fpc.isFinite && fpc > 0 else { throw fail("\(f).fpc", "is \(fpc); an fpc is finite and positive") }
      }
      var full: SurveyStratum?
      if let design {
        guard let d = design.strata[label] else { throw fail(f, "is not a stratum of the design") }
        guard s.fpc == d.fpc || design.fpcConflicts.contains(label) else {
          throw fail(
            "\(f).fpc", "is \(s.fpc.map { "\($0)" } ?? "none") but the design's is \(d.fpc.map { "\($0)" } ?? "none")")
        }
        full = d
      } else if (s.fpc != nil) != (columns["fpc"] != nil) {
        throw fail(
          "\(f).fpc", s.fpc == nil ? "is missing, but the design has an fpc column" : "is given without an fpc column")
      }
      try count(s.units, "\(f).units")
      if clustered {
        guard s.moments.isEmpty, s.units == 0 else {
          throw fail(f, "holds respondent moments, but the design is clustered")
        }
        guard !s.psus.isEmpty else { throw fail("\(f).psus", "is empty; a stratum has at least one PSU") }
        units += s.psus.count
        guard units <= respondents else {
          throw fail("strata", "hold \(units) PSUs or more, more than the \(respondents) respondents")
        }
        for (psu, cells) in s.psus.sorted(by: { $0.key < $1.key }) {
          let p = "\(f).psus.\(psu)"
          guard cells.count == k else { throw fail(p, "has \(cells.count) cells for \(k) outcomes") }
          var designCells: [SurveyTotals]?
          if let d = full {
            guard let c = d.psus[psu], c.count == k else {
              throw fail(p, "is not a PSU of the design's stratum '\(label)'")
            }
            designCells = c
          }
          for j in 0..<k {
            let cellField = "\(p)[\(j)]"
            try check(cells[j], rule: passRules[j], cellField)
            try count(cells[j].count, "\(cellField).count")
            pairs[j] += cells[j].count
            try within(pairs[j], j)
            if let d = designCells, cells[j].count > d[j].count {
              throw fail("\(cellField).count", "is \(cells[j].count), more than the design's \(d[j].count)")
            }
          }
        }
      } else {
        guard s.psus.isEmpty else { throw fail("\(f).psus", "holds PSU tables, but the design is not clustered") }
        guard s.moments.count == k else {
          throw fail("\(f).moments", "has \(s.moments.count) entries for \(k) outcomes")
        }
        guard s.units >= 1 else { throw fail("\(f).units", "is 0; a stratum has at least one respondent") }
        if let d = full, s.units > d.units {
          throw fail("\(f).units", "is \(s.units), more than the design's \(d.units)")
        }
        units += s.units
        guard units <= respondents else {
          throw fail("strata", "hold \(units) respondents or more, but the design has \(respondents)")
        }
        for j in 0..<k {
          let m = s.moments[j]
          let mf = "\(f).moments[\(j)]"
          try check(m.totals, rule: passRules[j], "\(mf).totals")
          try count(m.totals.count, "\(mf).totals.count")
          guard m.totals.count <= s.units else {
            throw fail("\(mf).totals.count", "is \(m.totals.count), more than the stratum's \(s.units) respondents")
          }
          if let d = full, d.moments.count == k, m.totals.count > d.moments[j].totals.count {
            throw fail(
              "\(mf).totals.count", "is \(m.totals.count), more than the design's \(d.moments[j].totals.count)")
          }
          pairs[j] += m.totals.count
          try within(pairs[j], j)
          guard m.products.count == SurveyMoments.pairs.count else {
            throw fail("\(mf).products", "has \(m.products.count) entries, not \(SurveyMoments.pairs.count)")
          }
          for (i, (a, b)) in SurveyMoments.pairs.enumerated() {
            let v = m.products[i].value
            guard v.isFinite, a != b || v >= 0, m.totals.count > 0 || v == 0 else {
              throw fail("\(mf).products[\(i)]", "is \(v); a sum of products is finite, squares ≥ 0, 0 without pairs")
            }
            if a == 0 && b == 0 && m.totals.count > 0 && !(v > 0) {
              throw fail("\(mf).products[\(i)]", "is \(v); Σ w² of respondents with weights > 0 is positive")
            }
          }
        }
      }
    }
    if clustered {
      guard units <= respondents else {
        throw fail("strata", "hold \(units) PSUs, more than the \(respondents) respondents")
      }
    } else if units != respondents {
      throw fail("strata", "hold \(units) respondents, but the design has \(respondents)")
    }
    var seen = Set<String>()
    for c in fpcConflicts {
      guard strata[c] != nil, seen.insert(c).inserted else {
        throw fail("fpcConflicts", "lists '\(c)', which is not a stratum or is listed twice")
      }
    }
    return counts
  }

  /// One cell's totals t = Σ w·(1, u, v, d, p, q).
  private func check(_ t: SurveyTotals, rule: PassRule?, _ field: String) throws(SurveyDesignProblem) {
    guard t.sums.count == SurveyTotals.width else {
      throw SurveyDesignProblem(
        field: "\(field).sums", message: "has \(t.sums.count) totals, not \(SurveyTotals.width)")
    }
    let v = t.values
    if let bad = v.firstIndex(where: { !$0.isFinite }) {
      throw SurveyDesignProblem(field: "\(field).sums[\(bad)]", message: "is \(v[bad]); totals are finite")
    }
    if t.count == 0 {
      guard v.allSatisfy({ $0 == 0 }) else {
        throw SurveyDesignProblem(field: "\(field).sums", message: "are not 0, but the cell has no complete pairs")
      }
      return
    }
    guard v[0] > 0 else {
      throw SurveyDesignProblem(
        field: "\(field).sums[0]", message: "is \(v[0]); the weight total of complete pairs is positive")
    }
    for a in [4, 5] {
      guard rule == nil ? v[a] == 0 : (v[a] >= 0 && v[a] <= v[0]) else {
        throw SurveyDesignProblem(
          field: "\(field).sums[\(a)]",
          message: rule == nil
            ? "is \(v[a]); an outcome without a pass rule has no pass total"
            : "is \(v[a]); a pass total lies between 0 and the weight total \(v[0])")
      }
    }
  }
}
