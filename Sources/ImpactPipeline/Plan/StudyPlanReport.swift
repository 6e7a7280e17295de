// Text and JSON renderings of a `StudyPlan` (`impact plan`, `impact plan --json`).
import Foundation
public import ImpactExport
import ImpactStats

extension StudyPlan {
  /// Effect measure of the design.
  var effectMeasure: String {
    switch request.design {
    case .paired: "dz"
    case .twoGroup: "d"
    case .mcnemar: "pass_share_change"
    }
  }

  /// How the power is computed (one sentence, with its reference).
  var method: String {
    switch request.design {
    case .paired:
      "Two-sided paired t-test, exact power from the noncentral t (statsmodels TTestPower): "
        + "ν = n − 1, δ = dz·√n."
    case .twoGroup(let design):
      switch design.analysis {
      case .posttest:
        "Two-sided two-sample t-test on the follow-up (statsmodels TTestIndPower): ν = n1 + n2 − 2."
      case .change:
        "Two-sided two-sample t-test on the changes (statsmodels TTestIndPower) with effect d/√(2(1 − ρ)), "
          + "ν = n1 + n2 − 2."
      case .ancova:
        "ANCOVA on the baseline (Borm, Fransen & Lemmens 2007): statsmodels TTestIndPower with effect "
          + "d/√(1 − ρ²), ν = n1 + n2 − 3."
      }
    case .mcnemar:
      "Two-sided McNemar test, normal approximation of Connor (1987) as R MESS::power_mcnemar_test: "
        + "power = Φ((√n·|Δ| − z·√ψ)/√(ψ − Δ²))."
    }
  }

  /// The full-precision JSON document (`impact plan --json`).
  public var json: JSONValue {
    let adjust = request.adjustments
    var members: [(String, JSONValue)] = [
      ("design", .string(request.design.name)),
      ("solved_for", .string(solvedFor.rawValue)),
      ("method", .string(method)),
      ("effect_measure", .string(effectMeasure)),
      ("effect", .number(effect)),
      ("power", .number(power)),
      ("alpha", .number(adjust.alpha)),
      ("outcomes", .int(adjust.outcomes)),
      ("adjust", .string(adjust.adjustment.rawValue)),
      ("alpha_per_test", .number(adjust.testAlpha)),
      ("n_analysed", .number(analysed)),
      ("n_analysed_rounded", analysedRounded.map { .int($0) } ?? .null),
      ("power_at_rounded_n", .number(powerAtRounded)),
      ("attrition", .number(adjust.attrition)),
      ("icc", .number(adjust.icc)),
      ("cluster_size", .number(adjust.clusterSize)),
      ("design_effect", .number(adjust.designEffect)),
      ("n_enrolled", .number(enrolled)),
      ("clusters", clusters.map { .int($0) } ?? .null),
    ]
    switch request.design {
    case .paired:
      break
    case .twoGroup(let design):
      members += [
        ("analysis", .string(design.analysis.rawValue)),
        ("correlation", .number(design.correlation)),
        ("ratio", .number(design.ratio)),
        ("effect_on_analysis_scale", .number(effect / design.varianceFactor)),
        ("n_analysed_group2", .number(analysedGroup2)),
        ("n_enrolled_group2", .number(enrolledGroup2)),
        ("clusters_group2", clustersGroup2.map { .int($0) } ?? .null),
        ("n_enrolled_total", .number(enrolledGroup2.map { $0 + enrolled })),
      ]
    case .mcnemar(let design):
      members.append(("discordant", .number(design.discordant)))
    }
    members.append(
      (
        "inputs",
        .object([
          ("n", .number(request.enrolled)), ("effect", .number(request.effect)), ("power", .number(request.power)),
        ])
      ))
    if let previous = request.previous {
      members.append(
        (
          "from_results",
          .object([
            ("file", .string(previous.file)), ("row", .string(previous.row)),
            ("n_pairs", previous.pairs.map { .int($0) } ?? .null), ("cohens_dz", .number(previous.cohensDz)),
            ("sd_pre", .number(previous.sdPre)), ("sd_post", .number(previous.sdPost)),
            ("sd_diff", .number(previous.sdDiff)), ("correlation", .number(previous.correlation)),
            ("attrition", .number(previous.attrition)), ("pass_share_change", .number(previous.passChange)),
            ("used", .array(request.fromPrevious.map { .string($0) })),
          ])
        ))
    } else {
      members.append(("from_results", .null))
    }
    members.append(("notes", .array(notes.map { .string($0) })))
    return .object(members)
  }

  /// The readable summary (numbers to 4 significant digits; n rounded up to whole units).
  public var text: String {
    let adjust = request.adjustments
    let f = StudyPlan.format
    let title: String
    switch solvedFor {
    case .n: title = "sample size"
    case .effect: title = "minimum detectable effect"
    case .power: title = "power"
    }
    var lines = ["impact plan \(request.design.name): \(title)"]
    func row(_ label: String, _ value: String) {
      lines.append("  " + label.padding(toLength: 22, withPad: " ", startingAt: 0) + value)
    }
    let measure: String
    switch request.design {
    case .paired: measure = "effect (dz)"
    case .twoGroup: measure = "effect (d)"
    case .mcnemar: measure = "pass-share change"
    }
    row(measure, f(effect) + (solvedFor == .effect ? "  ← solved" : ""))
    if case .twoGroup(let design) = request.design {
      row("analysis", design.analysis.rawValue + (design.analysis == .posttest ? "" : ", ρ = \(f(design.correlation))"))
      if design.analysis != .posttest {
        row("effect analysed", "\(f(effect / design.varianceFactor)) (d/\(f(design.varianceFactor)))")
      }
      if design.ratio != 1 { row("allocation n2/n1", f(design.ratio)) }
    }
    if case .mcnemar(let design) = request.design { row("discordant share", f(design.discordant)) }
    row("power", f(power) + (solvedFor == .power ? "  ← solved" : ""))
    var alphaText = "\(f(adjust.alpha)) two-sided"
    if adjust.testAlpha != adjust.alpha {
      let name = adjust.adjustment == .holm ? "Holm, first step" : "Bonferroni"
      alphaText += "; \(f(adjust.testAlpha)) per test (\(name), \(adjust.outcomes) outcomes)"
    }
    row("alpha", alphaText)
    let unit = request.design.unitName
    let units = String(format: "%.2f", analysed)
    if let rounded = analysedRounded {
      var text = "\(units) → \(rounded) \(unit)"
      if let at = powerAtRounded { text += " (power at \(rounded): \(f(at)))" }
      row("n analysed", text)
    } else {
      row("n analysed", "\(units) \(unit) expected" + (adjust.inflation == 1 ? "" : " (\(f(enrolled)) enrolled)"))
    }
    if adjust.designEffect != 1 {
      row("design effect", "\(f(adjust.designEffect)) = 1 + (\(f(adjust.clusterSize)) − 1) × \(f(adjust.icc))")
    }
    if adjust.attrition > 0 { row("attrition", "\(f(adjust.attrition)) (\(f(100 * adjust.attrition))% lost)") }
    if solvedFor == .n {
      var text = "\(f(enrolled)) \(unit)"
      if adjust.inflation != 1 {
        text += " = ⌈\(units) × \(f(adjust.designEffect)) / (1 − \(f(adjust.attrition)))⌉"
      }
      if let clusters { text += ", \(clusters) clusters of \(f(adjust.clusterSize))" }
      row("n to enrol", text)
    }
    if let enrolledGroup2, let analysedGroup2 {
      var text = solvedFor == .n ? "\(f(enrolledGroup2)) to enrol" : "\(f(enrolledGroup2)) enrolled"
      text += ", \(String(format: "%.2f", analysedGroup2)) analysed"
      if let clustersGroup2 { text += ", \(clustersGroup2) clusters" }
      row("group 2", text)
      if solvedFor == .n { row("total to enrol", f(enrolled + enrolledGroup2)) }
    }
    row("method", method)
    for note in notes { row("note", note) }
    return lines.joined(separator: "\n") + "\n"
  }
}
