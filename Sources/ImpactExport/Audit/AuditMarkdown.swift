import ImpactReportModel
import ImpactStats

extension AuditOutputs {
  /// `audit.md` in Chinese (`zh`) or Chinese with English (`both`: headings
  /// and cells "中文 / English", sentences the Chinese with the English on
  /// the next line). Every word from ``ReportText``; a reason shows its
  /// catalog label (with `both` also the English finding with its numbers)
  /// and its code. The English file is ``markdown(title:surveys:language:)``
  /// with `en`.
  static func localizedMarkdown(
    title: String, surveys: [(name: String, audit: EvidenceAudit)], language: ReportLanguage
  ) -> String {
    let zhOnly = language == .zh
    func pick(_ m: Message) -> String { zhOnly || m.zh == m.en ? m.zh : "\(m.zh) / \(m.en)" }
    func short(_ k: MessageKey, _ args: [Message] = []) -> String { pick(k.filled(args)) }
    func sentence(_ k: MessageKey, _ args: [Message] = []) -> String {
      let m = k.filled(args)
      return zhOnly ? m.zh : "\(m.zh)\n  \(m.en)"
    }
    func same(_ s: String) -> Message { .same(s) }
    func claimName(_ name: String) -> String {
      if let k = MessageKey(rawValue: name) { return short(k) }
      if name.hasPrefix("indicator "), name.hasSuffix(": mean change") {
        let id = String(name.dropFirst("indicator ".count).dropLast(": mean change".count))
        return short(.mdIndicatorClaim, [same(id)])
      }
      return name
    }
    func rating(_ r: EvidenceRating) -> String { short(HTMLReport.ratingWord(r)) }
    func interval(_ lo: Double?, _ hi: Double?) -> String {
      guard let lo, let hi else { return short(.mdNoCI) }
      return "[\(num(lo, 2)), \(num(hi, 2))]"
    }
    let shownTitle = title == RunReport.defaultTitle ? MessageKey.defaultTitle.message : same(title)
    var md = "# " + short(.mdTitle, [shownTitle]) + "\n\n" + sentence(.mdIntro) + "\n"
    for s in surveys {
      let a = s.audit
      md += "\n## \(s.name)\n\n"
      md +=
        "- "
        + sentence(
          .mdDesign,
          [
            HTMLReport.designWord(a.design).message, HTMLReport.ratingWord(a.designRating).message,
            same(EvidenceRules.designReason(a.design).standard),
          ]) + "\n"
      let boundary = a.settings.boundary == .cautious ? MessageKey.boundaryCautious : .boundaryOptimistic
      md +=
        "- "
        + sentence(
          .mdAttrition, [same(num(a.overallAttrition.map { $0 * 100 })), same(String(a.baselineN)), boundary.message])
        + "\n"
      md += "- " + sentence(.mdReliability, [same(num(a.alphaPre, 2)), same(num(a.alphaPost, 2))]) + "\n"
      md += "- " + sentence(.mdMultiplicity) + "\n"
      let flagged = Set(a.extremes.filter { $0.floor || $0.ceiling }.map(\.indicator))
      md +=
        "- " + (flagged.isEmpty ? sentence(.mdFloorNone) : sentence(.mdFloorSome, [same(String(flagged.count))]))
        + "\n"
      md += "\n### " + short(.mdClaims) + "\n\n"
      md +=
        "| \(short(.thClaim)) | \(short(.thValue)) | \(short(.thCI)) | n | \(short(.thRating)) | \(short(.thLoweredBy)) |\n"
      md += "|---|---:|---|---:|---|---|\n"
      for c in a.claims {
        let why = c.reasons.filter { !$0.code.hasPrefix("design.") }.map { r -> String in
          let label = MessageKey(rawValue: r.code).map { $0.message.zh } ?? r.finding
          return (zhOnly ? label : "\(label) / \(r.finding)") + " [\(r.code)]"
        }
        .joined(separator: "; ")
        let interval = interval(c.ciLow, c.ciHigh)
        md +=
          "| \(cell(claimName(c.claim))) | \(num(c.value, 2)) | \(interval) | \(c.n) | **\(rating(c.rating))** | \(cell(why)) |\n"
      }
      var standards: [(String, String)] = []
      for r in a.claims.flatMap(\.reasons) where !standards.contains(where: { $0.0 == r.code }) {
        standards.append((r.code, r.standard))
      }
      md += "\n" + short(.mdStandards) + standards.map { "`\($0.0)`: \($0.1)" }.joined(separator: "; ") + ".\n"
      md += "\n### " + short(.mdHowMade) + "\n\n"
      md += "| \(short(.thDefinition)) | \(short(.thValue)) | \(short(.thUnit)) | \(short(.thCI)) | n |\n"
      md += "|---|---:|---|---|---:|\n"
      for d in a.definitions {
        let unit = pick(Message(zh: ReportText.unitZh[d.unit] ?? d.unit, en: d.unit))
        let interval = interval(d.ciLow, d.ciHigh)
        md += "| \(cell(claimName(d.name))) | \(num(d.value, 2)) | \(unit) | \(interval) | \(d.n) |\n"
      }
      if a.meanPctAsCoded != nil {
        md +=
          "\n"
          + sentence(
            .mdCoding,
            [same(num(a.meanPctAsCoded, 2)), same(num(a.meanPctFromZero, 2)), same(num(a.meanPctFromOne, 2))])
          + "\n"
      }
    }
    return md
  }
}
