import Foundation
import Testing

@testable import ImpactExport

/// The message catalog (issue 17 item 1): every message in both languages,
/// and no English UI text left in a Chinese report.
@Suite struct ReportTextTests {
  /// Messages that are the same in both languages on purpose (symbols).
  static let sameInBoth: Set<MessageKey> = [.smallGroupNote]

  static func hasCJK(_ s: String) -> Bool { s.unicodeScalars.contains { SVG.isWide($0) } }

  @Test func everyKeyHasChineseAndEnglish() {
    for k in MessageKey.allCases {
      let m = k.message
      #expect(!m.zh.isEmpty && !m.en.isEmpty, "\(k): empty message")
      if !Self.sameInBoth.contains(k) {
        #expect(Self.hasCJK(m.zh), "\(k): the Chinese has no Chinese characters: \(m.zh)")
        #expect(!Self.hasCJK(m.en), "\(k): the English has Chinese characters: \(m.en)")
      }
      // The same placeholders in both languages.
      for i in 0..<6 {
        #expect(m.zh.contains("{\(i)}") == m.en.contains("{\(i)}"), "\(k): placeholder {\(i)} in one language only")
      }
    }
  }

  @Test func everyMethodAndHeadlineDefinitionHasChinese() throws {
    for json in [LiteracyJSON.definitions, ReachJSON.definitions] {
      guard case .object(let members) = json else { Issue.record("definitions are not an object"); continue }
      for (term, _) in members {
        let zh = try #require(ReportText.methodZh[term], "no Chinese for the method term \(term)")
        #expect(Self.hasCJK(zh))
      }
    }
    for h in ReportFixtures.literacy().overall.headline {
      #expect(ReportText.headlineZh[h.name] != nil, "no Chinese for the headline figure \(h.name)")
    }
  }

  @Test func placeholdersAreFilledPerLanguage() {
    let L = Localizer(.both)
    let html = L.html(.groupTableTitle, words: [.same("team"), MessageKey.grainMonth.message, .same("3"), .same("9")])
    #expect(html.contains("最近一个<span class=\"nb\">月</span>"))
    #expect(html.contains("last <span class=\"nb\">month</span>"))
    #expect(Localizer(.en).plain(.cardIndicatorsValue, "2", "5") == "2 of 5")
    #expect(Localizer(.zh).plain(.cardIndicatorsValue, "2", "5") == "5 项中 2 项")
    // Escaping: a figure with markup stays text.
    #expect(Localizer(.en).html(.generatedAt, "<b>") == "generated <span class=\"nb\">&lt;b&gt;</span>")
  }

  /// English words of the catalog that must not appear in a Chinese report:
  /// every English message of three or more words (placeholders cut out).
  static func englishPhrases() -> [String] {
    MessageKey.allCases.filter { !sameInBoth.contains($0) }.flatMap { k -> [String] in
      k.message.en.components(separatedBy: CharacterSet(charactersIn: "{}0123456789"))
        .map { $0.trimmingCharacters(in: .whitespacesAndNewlines.union(.punctuationCharacters)) }
        .filter { $0.split(separator: " ").count >= 3 }
    }
  }

  @Test func chineseReportHasNoEnglishUIText() throws {
    let html = try HTMLReport.render(ReportFixtures.run(.zh))
    let phrases = Self.englishPhrases()
    #expect(phrases.count > 50)
    for p in phrases { #expect(!html.contains(p), "English UI text in the zh report: \(p)") }
    for term in ReportText.methodZh.keys {
      if let en = methodEnglish(term) { #expect(!html.contains(escapeXML(en)), "English definition of \(term)") }
    }
    #expect(html.contains("主要结果"))
    #expect(html.contains("<html lang=\"zh-CN\">"))
    #expect(!html.contains("{0}") && !html.contains("{1}"))
  }

  @Test func englishReportHasNoChineseUIText() throws {
    let html = try HTMLReport.render(ReportFixtures.run(.en))
    for k in MessageKey.allCases where !Self.sameInBoth.contains(k) && !k.message.zh.contains("{") {
      #expect(!html.contains(k.message.zh), "Chinese UI text in the en report: \(k.message.zh)")
    }
    #expect(html.contains("Headline figures"))
    #expect(html.contains("<html lang=\"en\">"))
  }

  @Test func bothShowsChineseWithEnglishBeneath() throws {
    let html = try HTMLReport.render(ReportFixtures.run(.both))
    #expect(html.contains("主要结果<span class=\"en\" lang=\"en\">Headline figures</span>"))
    #expect(html.contains(".en { display:block;"))
    #expect(html.contains("line-break: strict"))
  }

  @Test func chineseCountsUseWanAndYi() {
    #expect(Format.count(98_765, .zh) == "98,765")
    #expect(Format.count(123_456, .zh) == "12.3万")
    #expect(Format.count(250_000_000, .zh) == "2.5亿")
    #expect(Format.count(123_456, .both) == "123,456")
    #expect(Format.count(123_456, .en) == "123,456")
  }

  func methodEnglish(_ term: String) -> String? {
    for json in [LiteracyJSON.definitions, ReachJSON.definitions] {
      if case .object(let members) = json, let v = members.first(where: { $0.0 == term })?.1,
        case .string(let s) = v
      {
        return s
      }
    }
    return nil
  }
}
