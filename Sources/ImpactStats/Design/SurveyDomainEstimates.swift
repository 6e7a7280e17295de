// Design-based figures of a `--by` group: domain estimates on the full
// design (R `svyby(~x, ~group, design, svymean)`; `svyttest` on
// `subset(design, complete & group == g)`, df = degf(subset) − 1). The
// formulas are those of `SurveyEstimates`; see the top of
// SurveyEstimates.swift for what a domain keeps of the full design.

extension LiteracyResult {
  /// Sets the design-based figures (`survey`) of every indicator and of the
  /// composite of a `--by` group's result: the domain `domain` (the group's
  /// totals) on the full design `design`. Leaves them nil when the two do not
  /// belong together (other outcomes or clustering).
  ///
  /// - Complexity: O(outcomes × PSUs of the design).
  public mutating func setDomainEstimates(_ domain: SurveyDesignAccumulator, of design: SurveyDesignAccumulator) {
    guard domain.passRules == design.passRules, domain.clustered == design.clustered else { return }
    for j in indicators.indices where j < design.outcomes {
      indicators[j].survey = SurveyEstimates.compute(
        design, domain: domain, outcome: j, higherIsBetter: indicators[j].higherIsBetter, confidence: confidence)
    }
    if composite != nil, design.outcomes > indicators.count {
      composite?.survey = SurveyEstimates.compute(
        design, domain: domain, outcome: indicators.count, higherIsBetter: true, confidence: confidence)
    }
  }
}
