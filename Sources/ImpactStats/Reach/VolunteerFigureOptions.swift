public import ImpactCore

/// What the volunteer figures of `impact reach` are computed with.
///
/// The default star thresholds are those of the 2012 Ministry of Civil
/// Affairs volunteer-service record rules (志愿服务记录办法): 100, 300, 600,
/// 1,000 and 1,500 hours of cumulative service for one to five stars.
public struct VolunteerFigureOptions: Sendable, Equatable {
  /// Cumulative hours for one, two, … stars; strictly increasing, > 0.
  public var starLevels: [Double] = [100, 300, 600, 1_000, 1_500]
  /// Months without service after which a volunteer counts as lapsed.
  public var lapsedAfterMonths = 12
  /// Hours of one full-time equivalent in a year.
  public var fteHours = 1_720.0
  /// Value of one hour of volunteer time (reported only when given).
  public var hourValue: Double?
  /// Currency of `hourValue` (a label such as CNY).
  public var currency: String?

  public init() {}

  /// Most star levels accepted.
  public static let maximumStarLevels = 10
  /// Largest star threshold accepted, in hours.
  public static let maximumStarHours = 1_000_000.0

  /// The thresholds in micro-hours (exact integers, as the hours are summed).
  public var starMicroHours: [Int64] { starLevels.map { nearestInt64($0 * 1e6) } }

  /// `100,300,600,1000,1500`: the thresholds as written in partial options.
  public var starLevelsText: String { starLevels.map(plainNumber).joined(separator: ",") }

  /// Thresholds from `100,300,600` (commas or spaces), or `nil`.
  public static func parseStarLevels(_ text: String) -> [Double]? {
    let parts = text.split { $0 == "," || $0 == " " }
    guard !parts.isEmpty else { return nil }
    var out: [Double] = []
    for p in parts {
      guard let v = Double(p) else { return nil }
      out.append(v)
    }
    return out
  }

  /// What is wrong with star thresholds, or `nil`.
  public static func starLevelsProblem(_ v: [Double]) -> String? {
    let text = v.map { $0.isFinite ? plainNumber($0) : String($0) }.joined(separator: ", ")
    guard !v.isEmpty, v.count <= maximumStarLevels else {
      return "must list 1 to \(maximumStarLevels) thresholds in hours; got \(v.count)"
    }
    guard v.allSatisfy({ $0 > 0 && $0 <= maximumStarHours }) else {
      return "must be hours greater than 0 and at most 1000000; got \(text)"
    }
    guard zip(v, v.dropFirst()).allSatisfy({ $0 < $1 }) else {
      return "must be strictly increasing (one star, two stars, …); got \(text)"
    }
    return nil
  }

  /// What is wrong with `lapsedAfterMonths`, or `nil`.
  public static func lapsedAfterProblem(_ n: Int) -> String? {
    (1...1_200).contains(n) ? nil : "must be a whole number of months from 1 to 1200; got \(n)"
  }

  /// What is wrong with `fteHours`, or `nil`.
  public static func fteHoursProblem(_ v: Double) -> String? {
    v > 0 && v <= 8_784
      ? nil
      : "must be hours greater than 0 and at most 8784 (the hours of a year); got \(v.isFinite ? plainNumber(v) : String(v))"
  }

  /// What is wrong with `hourValue`, or `nil`.
  public static func hourValueProblem(_ v: Double) -> String? {
    v >= 0 && v <= 1e9
      ? nil : "must be a number from 0 to 1000000000 per hour; got \(v.isFinite ? plainNumber(v) : String(v))"
  }

  /// What is wrong with a currency label, or `nil`.
  public static func currencyProblem(_ s: String) -> String? {
    let ok =
      !s.isEmpty && s.count <= 12 && s.unicodeScalars.allSatisfy { !$0.properties.isWhitespace && $0.value >= 32 }
    return ok ? nil : "must be a short label without spaces such as CNY or 元 (1–12 characters); got '\(s)'"
  }

  /// The first problem of all options, as `(option name, message)`, or `nil`.
  public var problem: (option: String, message: String)? {
    if let p = Self.starLevelsProblem(starLevels) { return ("star_levels", p) }
    if let p = Self.lapsedAfterProblem(lapsedAfterMonths) { return ("lapsed_after", p) }
    if let p = Self.fteHoursProblem(fteHours) { return ("fte_hours", p) }
    if let v = hourValue, let p = Self.hourValueProblem(v) { return ("hour_value", p) }
    if let c = currency {
      if let p = Self.currencyProblem(c) { return ("currency", p) }
      if hourValue == nil {
        return ("currency", "is given without hour_value; the currency labels the value of an hour")
      }
    }
    return nil
  }

  /// The options as the partial file's options (they must agree between
  /// partials); `hour_value` and `currency` only when given.
  public var partialOptions: [String: String] {
    var o = [
      "star_levels": starLevelsText, "lapsed_after": String(lapsedAfterMonths), "fte_hours": plainNumber(fteHours),
    ]
    if let v = hourValue { o["hour_value"] = plainNumber(v) }
    if let c = currency { o["currency"] = c }
    return o
  }

  /// The options a partial was made with (defaults for keys it lacks);
  /// `nil` when a value cannot be read.
  public init?(partialOptions o: [String: String]) {
    if let t = o["star_levels"] {
      guard let v = Self.parseStarLevels(t) else { return nil }
      starLevels = v
    }
    if let t = o["lapsed_after"] {
      guard let v = Int(t) else { return nil }
      lapsedAfterMonths = v
    }
    if let t = o["fte_hours"] {
      guard let v = Double(t) else { return nil }
      fteHours = v
    }
    if let t = o["hour_value"] {
      guard let v = Double(t) else { return nil }
      hourValue = v
    }
    currency = o["currency"]
  }
}

/// `100`, `1720`, `0.5`: a number as options and messages write it.
func plainNumber(_ d: Double) -> String {
  guard d.isFinite else { return String(d) }
  if d == d.rounded() && abs(d) < 1e15 { return d == 0 ? "0" : String(Int64(d)) }
  return d.description
}
