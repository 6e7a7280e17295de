import ImpactIngest
import ImpactStats

/// Reads the volunteer-figure keys of a `reach:` block (`star_levels`,
/// `lapsed_after`, `fte_hours`, `hour_value`, `currency`), each checked
/// where it is written.
func volunteerFigureOptions(_ r: ConfigNode, into o: inout VolunteerFigureOptions) throws(IngestError) {
  if let n = r["star_levels"] {
    let texts = try n.textList()
    var levels: [Double] = []
    for t in texts {
      guard let v = Double(t) else {
        throw n.error("star_levels must be hours, found '\(t)'", hint: "write star_levels: [100, 300, 600, 1000, 1500]")
      }
      levels.append(v)
    }
    if let problem = VolunteerFigureOptions.starLevelsProblem(levels) {
      throw n.error("star_levels \(problem)", hint: "write star_levels: [100, 300, 600, 1000, 1500]")
    }
    o.starLevels = levels
  }
  if let n = r["lapsed_after"] {
    let v = try n.number()
    guard v == v.rounded(), abs(v) < 1e6, VolunteerFigureOptions.lapsedAfterProblem(Int(v)) == nil else {
      throw n.error(
        "lapsed_after must be a whole number of months from 1 to 1200; got \(try n.text())",
        hint: "write lapsed_after: 12")
    }
    o.lapsedAfterMonths = Int(v)
  }
  if let n = r["fte_hours"] {
    o.fteHours = try n.number()
    if let problem = VolunteerFigureOptions.fteHoursProblem(o.fteHours) {
      throw n.error("fte_hours \(problem)", hint: "write fte_hours: 1720")
    }
  }
  if let n = r["hour_value"] {
    let v = try n.number()
    if let problem = VolunteerFigureOptions.hourValueProblem(v) {
      throw n.error("hour_value \(problem)", hint: "write hour_value: 25 (the value of one hour of volunteer time)")
    }
    o.hourValue = v
  }
  if let n = r["currency"] {
    let c = try n.text()
    if let problem = VolunteerFigureOptions.currencyProblem(c) {
      throw n.error("currency \(problem)", hint: "write currency: CNY")
    }
    guard o.hourValue != nil else {
      throw n.error("currency is given without hour_value", hint: "add hour_value: 25 or leave currency out")
    }
    o.currency = c
  }
}
