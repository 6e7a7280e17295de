public import ImpactReportModel

/// Every piece of text the HTML report and its charts show, in Chinese and
/// English: the one message catalog (titles, axis titles, legends, table
/// headers, card labels, notes, audit reasons, ratings). Templates and
/// charts take their words from here and nowhere else.
///
/// `{0}`, `{1}`, … are filled with preformatted figures (``Localizer``).
/// Method and headline definitions: the English is the JSON's
/// `definitions` text (one source for JSON and report); the Chinese is
/// ``ReportText/methodZh`` and ``ReportText/headlineZh``.
public enum MessageKey: String, Sendable, CaseIterable {
  // Page
  case synthetic, generatedAt, defaultTitle, headlineTitle, methodsTitle, inputsTitle, footer
  case thRole, thFile, thRows, thBytes
  // Literacy section
  case literacyTitle, literacyIntro, beforeAfterTitle, forestTitle, indicatorsTitle
  case thIndicator, thPairs, thMeanPre, thMeanPost, thChange, thPctChange, thPHolm, thWilcoxonP, thImproved, thPass
  case ciLabel, compositeRow, reliabilityTitle, alphaNote, attritionCounts, duplicateIds, dropoutsSimilar
  case dropoutsDiffer, thBaselineCompleters, thBaselineDropouts, thDifference, thWelchP
  case exclusionsTitle, exclOutside, exclNotNumbers, exclUnmatched, exclExample
  case cardComposite, cardCIn, cardPassRate, cardPassDetail, cardImproved, cardCI, cardIndicators
  case cardIndicatorsValue, cardIndicatorsDetail
  // Audit
  case auditTitle, auditDesign, thClaim, thValue, thRating, thLoweredBy, thOtherDefinitions, thUnit, thCI
  // Subgroups
  case subgroupTitle, subgroupIntro, thGroup, thGain, smallGroupNote, subgroupQuestion, welchTest, welchReason
  case kruskalTest, kruskalReason, noIndicatorDiffers, indicatorsDiffer, subgroupNoTest
  // Reach section
  case reachTitle, cardActive, cardHours, lastComplete, partialNote, growthVsPrevious, growthPreviousPartial
  case growthPartial, growthNoPrevious, cardHoursSince, cardRecords, cardRegistered, cardRegisteredTeams
  case cardTrend, perYear, cardTrendDetail, cardReached, cardReachedDetail, perGrainTitle, periodPartial
  case thActive, thNew, thCumulative, thRegistered, thHours, thHoursPerVolunteer, thRecords, thTeams, thProjects
  case thServed, thUnique, thRetention, thHoursGrowth, growthSpanTitle, thFigure, thFirst, thLast, thYears, thCAGR
  case thTrend, topTitle, thTeam, thProject, thVolunteers, groupTableTitle, thMedianHours, excludedRecordsTitle
  case none, exclusionFirst
  case grainYear, grainQuarter, grainMonth
  // Charts
  case chartBaseline, chartEndline, axisMeanScore, forestAxis, chartComposite, chartHoursTitle, chartVolunteersTitle
  case chartBeneficiariesTitle, axisHours, axisVolunteers, axisPeople, axisPeriod, legendActive, legendCumulative
  case legendRegistered, legendPartial, subgroupAxis, subgroupChartTitle, noData
  // Survey design and comparison group
  case cardWeightedComposite, weightedCI, weightedDF, weightedDeff, weightedP, designNote, unitClusters
  case unitRespondentPSUs, singlePSUStrata, designNoteTail, weightChanges
  case designGroupsTitle, thWeightedPrePost, thDeff, designGroupsNote
  case ancovaHedgesG, interactionQuestion, interactionF, interactionNotTested
  case compactMeanLines, compactForestNote, compactPartial
  case cardDid, cardAncova, comparisonDetail, errorsWelch, errorsClusterRobust, errorsClassical, comparisonNote
  case comparisonBaseline, comparisonAttrition, equivalenceSatisfied, equivalenceAdjust, equivalenceNotSatisfied
  // Volunteer figures (reach)
  case volTitle, volLapsed, volLapsedBound, volDistribution, volFTE, volValue, volStarsTitle, volNoStar, volStarLevel
  case volFTEHeader, volValueHeader, volCohortsTitle, volLatestCohorts, volFirstService, volCohortSize, volSince
  case volHeatNote, volHeatLabel, volHeatCell
  // audit.md
  case mdTitle, mdIntro, mdDesign, mdAttrition, mdReliability, mdMultiplicity, mdFloorNone, mdFloorSome, mdClaims
  case mdNoCI, mdStandards, mdHowMade, thDefinition, mdCoding, mdIndicatorClaim, boundaryCautious
  case boundaryOptimistic
  // Audit ratings and designs
  case ratingStrong, ratingModerate, ratingLimited, ratingInsufficient
  case designOneGroup, designComparison, designRandomized
  // Audit reasons (by `AuditReason.code`)
  case reasonAttritionLow = "attrition.low", reasonAttritionHigh = "attrition.high"
  case reasonEquivalenceSatisfied = "equivalence.satisfied", reasonEquivalenceNotSatisfied = "equivalence.not_satisfied"
  case reasonEquivalenceUnknown = "equivalence.unknown"
  case reasonFloorCeiling = "measurement.floor_ceiling", reasonReliability = "measurement.reliability"
  case reasonReliabilityLow = "measurement.reliability_low"
  case reasonReliabilityUnknown = "measurement.reliability_unknown"
  case reasonMultiplicityCorrected = "multiplicity.corrected", reasonMultiplicityNotRobust = "multiplicity.not_robust"
  case reasonIncludesNoChange = "precision.includes_no_change", reasonInterval = "precision.interval"
  case reasonNoInterval = "precision.no_interval", reasonAbsoluteWithRelative = "reporting.absolute_with_relative"
  case reasonRTMExplains = "rtm.explains_change", reasonRTMSmall = "rtm.small", reasonRTMUnknown = "rtm.unknown"
  // Claims and other definitions (by name)
  case claimMeanIndicatorPct = "mean_indicator_pct_change", claimCompositePct = "composite_pct_change"
  case claimCompositeMean = "composite_mean_change", claimShareImproved = "share_improved_composite"
  case claimCompositeDz = "composite_cohens_dz", claimCompositeGav = "composite_hedges_gav"
  case claimPassRatePP = "pass_rate_change_pp", claimPassRatePct = "pass_rate_pct_change"
  case claimShareSignificant = "share_indicators_improved_significantly"
  case claimIndicatorsSignificant = "indicators_improved_significantly"
  case claimDid = "composite_did", claimDidCluster = "composite_did_cluster_robust"
  case claimAncova = "composite_ancova_effect", claimAncovaCluster = "composite_ancova_effect_cluster_robust"
  case claimPassRatePre = "pass_rate_pre", claimPassRatePost = "pass_rate_post"
}

/// The Chinese and English of one message.
public struct Message: Sendable, Equatable {
  public var zh: String
  public var en: String

  public init(zh: String, en: String) {
    self.zh = zh
    self.en = en
  }

  /// A figure or name that reads the same in both languages.
  public static func same(_ s: String) -> Message { Message(zh: s, en: s) }
}

extension MessageKey {
  /// The message in both languages.
  public var message: Message {
    let (zh, en) = ReportText.pair(self)
    return Message(zh: zh, en: en)
  }

  /// The message with `{0}`, `{1}`, … filled per language (plain text).
  public func filled(_ args: [Message]) -> Message {
    let m = message
    return Message(
      zh: Localizer.fill(m.zh, args.map(\.zh)) { $0 }, en: Localizer.fill(m.en, args.map(\.en)) { $0 })
  }
}

/// The catalog's content (see ``MessageKey``).
public enum ReportText {
  // swiftlint:disable:next function_body_length cyclomatic_complexity
  static func pair(_ k: MessageKey) -> (String, String) {
    switch k {
    case .synthetic:
      return (
        "合成数据 — 输入由 impact synth 生成；这些数字只用来演示工具，不描述任何真实项目。",
        "SYNTHETIC DATA — the inputs were generated by impact synth; the figures illustrate the tool and describe no real program."
      )
    case .generatedAt: return ("生成于 {0}", "generated {0}")
    case .defaultTitle: return ("项目成效报告", "Impact report")
    case .headlineTitle: return ("主要结果", "Headline figures")
    case .methodsTitle: return ("方法与定义", "Methods and definitions")
    case .inputsTitle: return ("输入文件", "Inputs")
    case .footer:
      return (
        "由 impact {0} 生成。每个数字都来自本文件旁的 CSV/JSON 汇总；它们的 SHA-256 摘要记录在 manifest.json。",
        "Made with impact {0}. Every figure comes from the CSV/JSON summaries next to this file; their SHA-256 digests are in manifest.json."
      )
    case .thRole: return ("用途", "role")
    case .thFile: return ("文件", "file")
    case .thRows: return ("行数", "rows")
    case .thBytes: return ("字节", "bytes")
    case .literacyTitle: return ("素养提升 — {0}", "Literacy gains — {0}")
    case .literacyIntro:
      return (
        "{0} 名受访者按编号配对（仅基线 {1} 名，仅终线 {2} 名）。共 {3} 项指标；综合得分基于两轮都回答了全部指标的 {4} 名受访者。",
        "{0} respondents paired by id ({1} baseline-only, {2} endline-only). {3} indicators; composite on {4} respondents who answered every indicator in both waves."
      )
    case .beforeAfterTitle: return ("各指标前后对比（按提升排序）", "Before and after, per indicator (sorted by gain)")
    case .forestTitle: return ("效应量（森林图）", "Effect sizes (forest plot)")
    case .indicatorsTitle: return ("全部指标", "All indicators")
    case .thIndicator: return ("指标", "indicator")
    case .thPairs: return ("配对数", "n pairs")
    case .thMeanPre: return ("基线均值", "mean pre")
    case .thMeanPost: return ("终线均值", "mean post")
    case .thChange: return ("变化", "change")
    case .thPctChange: return ("变化率 [{0}]", "% change [{0}]")
    case .thPHolm: return ("p（Holm 校正）", "p (Holm)")
    case .thWilcoxonP: return ("Wilcoxon 符号秩 p", "Wilcoxon p")
    case .thImproved: return ("提升者占比", "improved")
    case .thPass: return ("达标率 基线 → 终线", "pass pre → post")
    case .ciLabel: return ("{0}% 置信区间", "{0}% CI")
    case .compositeRow: return ("综合得分（0–100）", "Composite (0–100)")
    case .reliabilityTitle: return ("信度与流失", "Reliability and attrition")
    case .alphaNote:
      return (
        "Cronbach's α（原始值；越低越好的指标先反向计分）：基线 {0}（n = {1}），终线 {2}（n = {3}）。",
        "Cronbach's α (raw; indicators where lower is better reversed first): baseline {0} (n = {1}), endline {2} (n = {3})."
      )
    case .attritionCounts:
      return (
        "基线 {0} 行，终线 {1} 行；配对 {2} 人，流失 {3} 人（{4}），仅在终线出现 {5} 人。",
        "{0} baseline rows, {1} endline rows; {2} matched, {3} dropped out ({4}), {5} only at endline."
      )
    case .duplicateIds:
      return (
        "重复编号整体排除：基线 {0} 个（{1} 行），终线 {2} 个（{3} 行）。",
        "Duplicate ids excluded in full: {0} at baseline ({1} rows), {2} at endline ({3} rows)."
      )
    case .dropoutsSimilar:
      return (
        "流失者与完成者的基线得分在所有指标上均无显著差异（Welch t 检验，p ≥ 0.05）。",
        "Dropouts' baseline scores do not differ significantly from completers' on any indicator (Welch t-test, p ≥ 0.05)."
      )
    case .dropoutsDiffer:
      return (
        "流失者与完成者的基线得分在以下指标上有差异（Welch p < 0.05）：{0} — 解读这些指标的提升时请谨慎。",
        "Dropouts' baseline scores differ (Welch p < 0.05) on: {0} — read those gains with care."
      )
    case .thBaselineCompleters: return ("完成者基线均值", "baseline mean, completers")
    case .thBaselineDropouts: return ("流失者基线均值", "baseline mean, dropouts")
    case .thDifference: return ("差值", "difference")
    case .thWelchP: return ("Welch 检验 p", "Welch p")
    case .exclusionsTitle: return ("被排除的取值", "Excluded values")
    case .exclOutside: return ("{0} 个超出量表范围", "{0} outside the scale")
    case .exclNotNumbers: return ("{0} 个不是数字", "{0} not numbers")
    case .exclUnmatched: return ("{0} 个答案不匹配任何编码标签", "{0} answers matching no codebook label")
    case .exclExample: return ("例：{0} 第 {1} 行：{2} = '{3}'", "e.g. {0} line {1}: {2} = '{3}'")
    case .cardComposite: return ("综合得分变化", "Composite score change")
    case .cardCIn: return ("{0}% 置信区间 {1}；n = {2}", "{0}% CI {1}; n = {2}")
    case .cardPassRate: return ("达标率变化", "Pass rate change")
    case .cardPassDetail: return ("达标率由 {0}% 变为 {1}%（各指标平均）", "from {0}% to {1}% passing (mean over indicators)")
    case .cardImproved: return ("提升者占比", "Respondents who improved")
    case .cardCI: return ("{0}% 置信区间 {1}", "{0}% CI {1}")
    case .cardIndicators: return ("显著提升的指标", "Indicators improved")
    case .cardIndicatorsValue: return ("{1} 项中 {0} 项", "{0} of {1}")
    case .cardIndicatorsDetail: return ("Holm 校正的配对 t 检验，p < {0}", "Holm-adjusted paired t-test, p < {0}")
    case .auditTitle: return ("证据强度", "How strong is this evidence?")
    case .auditDesign:
      return (
        "研究设计：{0} — 任何结论的评级都不能高于「{1}」。评级遵循固定规则（WWC、CONSORT 2010；见 README）；各指标的评级及每条理由依据的标准见汇总 JSON（audit）。",
        "Design: {0} — no claim can be rated above {1}. Ratings follow fixed rules (WWC, CONSORT 2010; README); per-indicator ratings and the standards behind each reason are in the summary JSON (audit)."
      )
    case .thClaim: return ("结论", "claim")
    case .thValue: return ("数值", "value")
    case .thRating: return ("评级", "rating")
    case .thLoweredBy: return ("降级原因", "lowered by")
    case .thOtherDefinitions: return ("同一数据的其他定义", "same data, other definitions")
    case .thUnit: return ("单位", "unit")
    case .thCI: return ("置信区间", "CI")
    case .subgroupTitle: return ("分组结果：{0}", "Subgroups by {0}")
    case .subgroupIntro:
      return (
        "各组综合得分的变化（终线 − 基线，0–100 分）及其 {0}% 置信区间，按变化从大到小排列。n < 30 的组标有 *：样本小，区间宽，解读需谨慎。",
        "Change of the composite score per group (endline − baseline, 0–100 points) with its {0}% CI, sorted by change. Groups with n < 30 are marked *: small samples, wide intervals, read with care."
      )
    case .thGroup: return ("组", "group")
    case .thGain: return ("综合得分变化", "composite change")
    case .smallGroupNote: return ("* n < 30", "* n < 30")
    case .subgroupQuestion:
      return ("综合得分的提升是否因「{0}」而不同？（{1} 组）", "Do the composite's gains differ by {0}? ({1} groups)")
    case .welchTest: return ("Welch 方差分析 F({0}, {1}) = {2}，p {3}；", "Welch's ANOVA F({0}, {1}) = {2}, p {3};")
    case .welchReason: return ("Welch 方差分析：{0}；", "Welch's ANOVA: {0};")
    case .kruskalTest: return ("Kruskal–Wallis H({0}) = {1}，p {2}。", "Kruskal–Wallis H({0}) = {1}, p {2}.")
    case .kruskalReason: return ("Kruskal–Wallis：{0}。", "Kruskal–Wallis: {0}.")
    case .noIndicatorDiffers:
      return (
        "经 Holm 校正后，没有哪项指标的提升在组间有差异。",
        "No indicator's gain differs between the groups after Holm's adjustment."
      )
    case .indicatorsDiffer:
      return (
        "提升在组间有差异的指标（Welch，Holm p < {0}）：{1}。",
        "Indicators whose gains differ (Welch, Holm p < {0}): {1}."
      )
    case .subgroupNoTest: return ("此列没有组间差异检验。", "No test of differences between the groups for this column.")
    case .reachTitle: return ("服务规模与增长", "Reach and growth")
    case .cardActive: return ("活跃志愿者 {0}{1}", "Active volunteers {0}{1}")
    case .cardHours: return ("服务时长 {0}{1}", "Service hours {0}{1}")
    case .lastComplete: return ("（最近一个完整的{0}）", " (last complete {0})")
    case .partialNote: return ("；{0} 不完整（{1}/{2} 天）", "; {0} is partial ({1} of {2} days)")
    case .growthVsPrevious: return ("较上期 {0}", "{0} vs previous period")
    case .growthPreviousPartial: return ("上期不完整：不计算增长率", "previous period partial: no growth rate")
    case .growthPartial: return ("本期不完整：不计算增长率", "partial period: no growth rate")
    case .growthNoPrevious: return ("没有上一个{0}可比较", "no previous {0} to compare")
    case .cardHoursSince: return ("自 {0} 起累计时长", "Hours since {0}")
    case .cardRecords: return ("{0} 条服务记录", "{0} service records")
    case .cardRegistered: return ("注册志愿者", "Registered volunteers")
    case .cardRegisteredTeams: return ("名册中有 {0} 个团队", "{0} teams in the registry")
    case .cardTrend: return ("服务时长趋势增速", "Trend growth of hours")
    case .perYear: return ("{0}/年", "{0} / year")
    case .cardTrendDetail: return ("置信区间 {0}；年均复合增长率 {1}", "CI {0}; CAGR {1}")
    case .cardReached: return ("受益人数（去重）", "People reached (unique)")
    case .cardReachedDetail: return ("活动服务人次：{0}（含重复）", "served in activities: {0} (with repeats)")
    case .perGrainTitle: return ("按{0}统计", "Per {0}")
    case .periodPartial: return ("{0}（不完整：{1}/{2} 天）", "{0} (partial: {1}/{2} days)")
    case .thActive: return ("活跃", "active")
    case .thNew: return ("新增", "new")
    case .thCumulative: return ("累计", "cumulative")
    case .thRegistered: return ("注册", "registered")
    case .thHours: return ("时长（小时）", "hours")
    case .thHoursPerVolunteer: return ("人均时长（均值 · 中位数 · p90）", "hours / volunteer (mean · median · p90)")
    case .thRecords: return ("记录数", "records")
    case .thTeams: return ("团队", "teams")
    case .thProjects: return ("项目", "projects")
    case .thServed: return ("服务人次", "served")
    case .thUnique: return ("去重人数", "unique people")
    case .thRetention: return ("留存率", "retention")
    case .thHoursGrowth: return ("时长增长", "hours growth")
    case .growthSpanTitle: return ("全期增长", "Growth across the span")
    case .thFigure: return ("指标", "figure")
    case .thFirst: return ("首期", "first")
    case .thLast: return ("末期", "last")
    case .thYears: return ("年数", "years")
    case .thCAGR: return ("年均复合增长率", "CAGR")
    case .thTrend: return ("趋势增速 [{0}]", "trend growth [{0}]")
    case .topTitle: return ("服务时长最多的团队与项目", "Top teams and projects by hours")
    case .thTeam: return ("团队", "team")
    case .thProject: return ("项目", "project")
    case .thVolunteers: return ("志愿者", "volunteers")
    case .groupTableTitle:
      return ("按「{0}」（最近一个{1}，按时长列出前 {2} 个，共 {3} 个）", "By {0} (last {1}, top {2} of {3} by hours)")
    case .thMedianHours: return ("人均时长中位数", "median hours / volunteer")
    case .excludedRecordsTitle: return ("被排除的记录", "Excluded records")
    case .none: return ("无", "none")
    case .exclusionFirst: return (" — 首例见 {0}:{1}（'{2}'）", " — first at {0}:{1} ('{2}')")
    case .grainYear: return ("年", "year")
    case .grainQuarter: return ("季度", "quarter")
    case .grainMonth: return ("月", "month")
    case .chartBaseline: return ("基线", "baseline")
    case .chartEndline: return ("终线", "endline")
    case .axisMeanScore: return ("均值（指标量表上的分数）", "mean score (indicator's scale)")
    case .forestAxis: return ("Cohen's dz（变化的效应量，> 0 为提升）", "Cohen's dz (effect size of the change; > 0 = improvement)")
    case .chartComposite: return ("综合得分", "composite")
    case .chartHoursTitle:
      return ("每{0}服务时长（小时；数字为较上期增长）", "Service hours per {0} (labels: growth vs previous {0})")
    case .chartVolunteersTitle: return ("每{0}志愿者人数", "Volunteers per {0}")
    case .chartBeneficiariesTitle: return ("每{0}受益人数（去重）", "Distinct people reached per {0}")
    case .axisHours: return ("小时", "hours")
    case .axisVolunteers: return ("人", "volunteers")
    case .axisPeople: return ("人", "people")
    case .axisPeriod: return ("期间（{0}）", "period ({0})")
    case .legendActive: return ("活跃", "active")
    case .legendCumulative: return ("累计", "cumulative")
    case .legendRegistered: return ("注册", "registered")
    case .legendPartial: return ("不完整期（浅色、斜线）", "partial period (pale, hatched)")
    case .subgroupAxis: return ("综合得分变化（分，0–100 量表）", "composite change (points on 0–100)")
    case .subgroupChartTitle: return ("各组综合得分变化及置信区间", "Composite change per group with confidence intervals")
    case .noData: return ("无数据", "no data")
    case .cardWeightedComposite: return ("加权综合得分变化", "Weighted composite change")
    case .weightedCI: return ("{0}% 置信区间 [{1}, {2}] 分", "{0}% CI [{1}, {2}] points")
    case .weightedDF: return ("，自由度 {0}", ", df {0}")
    case .weightedDeff: return ("，设计效应 {0}", ", deff {0}")
    case .weightedP: return ("；p {0}", "; p {0}")
    case .designNote: return ("调查设计：{0} 名受访者，{1} 个层，{2} 个{3}", "Survey design: {0} respondents, {1} strata, {2} {3}")
    case .unitClusters: return ("群", "clusters")
    case .unitRespondentPSUs: return ("初级抽样单位（每名受访者一个）", "respondents as PSUs")
    case .singlePSUStrata:
      return (
        "（{0} 个层只有一个 PSU，survey.lonely.psu = \"adjust\"）", " ({0} single-PSU strata, survey.lonely.psu = \"adjust\")"
      )
    case .designNoteTail:
      return (
        "。加权数字（Taylor 线性化，同 R survey）见 w_* 列；上表和秩检验不加权。",
        ". Weighted figures (Taylor linearization, as R survey) are the w_* columns; the table above and the rank tests are unweighted."
      )
    case .weightChanges:
      return ("{0} 名受访者的终线权重与基线不同；使用基线权重。", " {0} respondents' endline weight differs; the baseline weight is used.")
    case .designGroupsTitle: return ("分组加权综合得分", "Weighted composite per group")
    case .thWeightedPrePost: return ("加权前测 → 后测", "weighted pre → post")
    case .thDeff: return ("设计效应", "deff")
    case .designGroupsNote:
      return (
        "每组作为整个设计的一个域估计（同 R survey 的 svyby；t 检验同组子集上的 svyttest，自由度 = 该组 PSU 数 − 层数 − 1）。各指标见分组行的 w_* 列和各组的 design 块。",
        "Each group is a domain of the full design (R survey: svyby; the t test as svyttest on the group's subset, df = the group's PSUs − strata − 1). Per indicator: the w_* columns of the group rows and the groups' design blocks."
      )
    case .ancovaHedgesG:
      return ("；Hedges' g {0} [{1}, {2}]（WWC，经典区间）", "; Hedges' g {0} [{1}, {2}] (WWC, classical interval)")
    case .interactionQuestion:
      return (
        "项目对综合得分的效应在 {0} 各组间是否不同？（协方差分析的处理 × {0} 交互项，{1} 组）",
        "Does the program effect on the composite differ by {0}? (ANCOVA treated × {0} interaction, {1} groups)"
      )
    case .interactionF: return (" F({0}, {1}) = {2}，p {3}，{4}。", " F({0}, {1}) = {2}, p {3}, {4}.")
    case .interactionNotTested: return (" 未检验：{0}。", " Not tested: {0}.")
    case .compactMeanLines: return ("线：各均值的 {0}% 置信区间", "lines: {0}% CI of each mean")
    case .compactForestNote: return ("点：dz；线：其置信区间", "dots: dz; lines: its confidence interval")
    case .compactPartial: return ("不完整期", "partial")
    case .cardDid: return ("双重差分（{0} 对比对照组）", "Difference in differences ({0} vs comparison)")
    case .cardAncova: return ("协方差调整效应", "ANCOVA treatment effect")
    case .comparisonDetail: return ("{0}% 置信区间 [{1}, {2}] 分，{3}；p {4}", "{0}% CI [{1}, {2}] points, {3}; p {4}")
    case .errorsWelch: return ("Welch 检验", "Welch")
    case .errorsClusterRobust: return ("聚类稳健标准误（CR1）", "cluster-robust (CR1)")
    case .errorsClassical: return ("经典标准误", "classical errors")
    case .comparisonNote:
      return (
        "对照设计：{0} = {1}（{2} 个完整配对）对比其他取值（{3} 个）。",
        "Comparison group: {0} = {1} ({2} complete pairs) vs the other values ({3})."
      )
    case .comparisonBaseline:
      return ("基线差异（Hedges' g）{0}：{1}（WWC 区间）。", " Baseline difference (Hedges' g) {0}: {1} (WWC bands).")
    case .comparisonAttrition:
      return (
        "综合得分样本的流失：项目组 {0}%，对照组 {1}%。",
        " Attrition of the composite sample: {0}% in the program group, {1}% in the comparison group."
      )
    case .equivalenceSatisfied: return ("满足基线等同", "satisfied")
    case .equivalenceAdjust: return ("需要统计调整", "requires statistical adjustment")
    case .equivalenceNotSatisfied: return ("不满足基线等同", "not satisfied")
    case .mdTitle: return ("证据强度 — {0}", "How strong is this evidence? — {0}")
    case .mdIntro:
      return (
        "每个数字按固定规则（What Works Clearinghouse、CONSORT 2010）评为 强 / 中等 / 有限 / 不足；每条理由注明所依据的标准。由 `impact audit` 生成。",
        "Each figure is rated strong / moderate / limited / insufficient by fixed rules (What Works Clearinghouse, CONSORT 2010); the reasons name the standard. Generated by `impact audit`."
      )
    case .mdDesign:
      return (
        "**研究设计：**{0} — 任何结论的评级都不能高于 **{1}**（{2}）。", "**Design:** {0} — no claim can be rated above **{1}** ({2})."
      )
    case .mdAttrition:
      return (
        "**流失：**{1} 名基线受访者中 {0}% 未在终线配对（WWC {2}边界）。",
        "**Attrition:** {0}% of {1} baseline respondents were not matched at endline (WWC {2} boundary)."
      )
    case .mdReliability:
      return (
        "**信度：**Cronbach's alpha 基线 {0}，终线 {1}；WWC 要求 ≥ 0.50。",
        "**Reliability:** Cronbach's alpha {0} (baseline), {1} (endline); WWC asks for ≥ 0.50."
      )
    case .mdMultiplicity:
      return (
        "**多重结果：**indicators_improved_significantly 按 Holm 校正的 p 值（p_holm）计数；同时报告 Benjamini–Hochberg（p_bh）；各指标的 p_value 未经校正。",
        "**Multiple outcomes:** indicators_improved_significantly counts Holm-adjusted p-values (p_holm); Benjamini–Hochberg (p_bh) is reported too; per-indicator p_value is unadjusted."
      )
    case .mdFloorNone:
      return (
        "**地板/天花板：**没有指标有 ≥ 15% 的答案位于量表一端。", "**Floor/ceiling:** no indicator has ≥ 15% of answers at a scale end."
      )
    case .mdFloorSome:
      return (
        "**地板/天花板：**{0} 项指标在某一轮有 ≥ 15% 的答案位于量表一端。",
        "**Floor/ceiling:** {0} indicator(s) have ≥ 15% of answers at a scale end in a wave."
      )
    case .mdClaims: return ("结论", "Claims")
    case .mdNoCI: return ("无置信区间", "no CI")
    case .mdStandards: return ("理由依据的标准：", "Standards behind the reasons: ")
    case .mdHowMade: return ("数字是怎样得出的", "How the number was made")
    case .thDefinition: return ("定义", "definition")
    case .mdCoding:
      return (
        "% 变化取决于答案的编码方式：各指标平均 % 变化按原编码为 {0}%，若最低答案编码为 0 则为 {1}%，编码为 1 则为 {2}%。效应量（Cohen's dz、Hedges' g）在任何编码下都相同。",
        "The % change depends on how the answers are coded: the mean indicator % change is {0}% as coded, {1}% if the lowest answer were coded 0 and {2}% if it were coded 1. Effect sizes (Cohen's dz, Hedges' g) are the same under every coding."
      )
    case .mdIndicatorClaim: return ("指标 {0}：均值变化", "indicator {0}: mean change")
    case .boundaryCautious: return ("保守", "cautious")
    case .boundaryOptimistic: return ("乐观", "optimistic")
    case .ratingStrong: return ("强", "strong")
    case .ratingModerate: return ("中等", "moderate")
    case .ratingLimited: return ("有限", "limited")
    case .ratingInsufficient: return ("不足", "insufficient")
    case .designOneGroup: return ("单组前后测", "one-group pre-post")
    case .designComparison: return ("有对照组的前后测（准实验）", "pre-post with comparison group (quasi-experimental)")
    case .designRandomized: return ("随机对照试验", "randomized controlled trial")
    case .reasonAttritionLow: return ("流失率低（WWC 边界内）", "low attrition (within the WWC boundary)")
    case .reasonAttritionHigh: return ("流失率高（超出 WWC 边界）", "high attrition (beyond the WWC boundary)")
    case .reasonEquivalenceSatisfied: return ("基线等同（≤ 0.05 SD）", "baseline equivalence satisfied (≤ 0.05 SD)")
    case .reasonEquivalenceNotSatisfied: return ("基线不等同", "baseline equivalence not satisfied")
    case .reasonEquivalenceUnknown: return ("基线等同性未知", "baseline equivalence unknown")
    case .reasonFloorCeiling: return ("部分指标存在地板或天花板效应", "floor or ceiling effects on some indicators")
    case .reasonReliability: return ("信度可接受", "acceptable reliability")
    case .reasonReliabilityLow: return ("信度低", "low reliability")
    case .reasonReliabilityUnknown: return ("信度无法计算", "reliability undefined")
    case .reasonMultiplicityCorrected: return ("已做多重比较校正（Holm）", "corrected for multiple comparisons (Holm)")
    case .reasonMultiplicityNotRobust: return ("多重比较校正后结论不稳健", "not robust to multiple-comparison correction")
    case .reasonIncludesNoChange: return ("置信区间包含“无变化”", "the confidence interval includes no change")
    case .reasonInterval: return ("置信区间排除“无变化”", "the confidence interval excludes no change")
    case .reasonNoInterval: return ("没有置信区间", "no confidence interval")
    case .reasonAbsoluteWithRelative: return ("相对变化与绝对变化一并报告", "relative change reported with the absolute change")
    case .reasonRTMExplains: return ("变化可能由趋均数回归解释", "regression to the mean may explain the change")
    case .reasonRTMSmall: return ("趋均数回归影响小", "regression to the mean is small")
    case .reasonRTMUnknown: return ("无法评估趋均数回归", "regression to the mean cannot be assessed")
    case .claimMeanIndicatorPct: return ("各指标平均变化率", "mean indicator % change")
    case .claimCompositePct: return ("综合得分变化率", "composite % change")
    case .claimCompositeMean: return ("综合得分均值变化（分）", "composite mean change (points)")
    case .claimShareImproved: return ("综合得分提升者占比", "share improved (composite)")
    case .claimCompositeDz: return ("综合得分 Cohen's dz", "composite Cohen's dz")
    case .claimCompositeGav: return ("综合得分 Hedges' g_av", "composite Hedges' g_av")
    case .claimPassRatePP: return ("达标率变化（百分点）", "pass rate change (percentage points)")
    case .claimPassRatePct: return ("达标率变化率", "pass rate % change")
    case .claimShareSignificant: return ("显著提升指标的占比", "share of indicators improved significantly")
    case .claimIndicatorsSignificant: return ("显著提升的指标数", "indicators improved significantly")
    case .claimDid: return ("双重差分（综合得分）", "difference in differences (composite)")
    case .claimDidCluster: return ("双重差分（综合得分，聚类稳健）", "difference in differences (composite, cluster-robust)")
    case .claimAncova: return ("协方差调整效应（综合得分）", "ANCOVA effect (composite)")
    case .claimAncovaCluster: return ("协方差调整效应（综合得分，聚类稳健）", "ANCOVA effect (composite, cluster-robust)")
    case .claimPassRatePre: return ("基线达标率", "pass rate at baseline")
    case .claimPassRatePost: return ("终线达标率", "pass rate at endline")
    case .volTitle: return ("志愿者指标", "Volunteer figures")
    case .volLapsed:
      return (
        "流失志愿者：{1} 名中 {0} 名（{2}%）{3}——{5} 之前 {4} 个月内没有服务；最后一次服务不晚于 {6}",
        "Lapsed volunteers: {0} of {1} ({2}%){3} — no service in the {4} months before {5}; last service on or before {6}"
      )
    case .volLapsedBound: return ("（至少：日志按{0}读取）", " (at least: the log is read by {0})")
    case .volDistribution:
      return (
        "人均服务时长（全期）：均值 {0}，中位数 {1}，p90 {2}；前 10% 志愿者贡献的时长占比 {3}%",
        "Hours per volunteer over the span: mean {0}, median {1}, p90 {2}; share of hours by the top 10% of volunteers: {3}%"
      )
    case .volFTE:
      return (
        "全职当量：平均每年 {0}（{1} 小时 ÷ 每年 {2} 小时）",
        "Full-time equivalents: {0} a year on average ({1} hours ÷ {2} hours a year)"
      )
    case .volValue: return ("志愿服务时间价值：{0}{1}（{2} 小时 × {3}{1}）", "Value of volunteer time: {0}{1} ({2} hours × {3}{1})")
    case .volStarsTitle:
      return ("星级志愿者（按累计服务时长，期末）", "Star levels by cumulative service hours (end of each period)")
    case .volNoStar: return ("未达星级 < {0} 小时", "no star < {0} h")
    case .volStarLevel: return ("{0} 星 ≥ {1} 小时", "{0}★ ≥ {1} h")
    case .volFTEHeader: return ("全职当量", "FTE")
    case .volValueHeader: return ("时间价值", "value of time")
    case .volCohortsTitle:
      return ("各届志愿者留存率（按首次服务时间）", "Cohort retention: share of each first-service cohort active later")
    case .volLatestCohorts: return ("仅列出最近 {0} 届（共 {1} 届）。", "The latest {0} of {1} cohorts.")
    case .volFirstService: return ("首次服务", "first service")
    case .volCohortSize: return ("人数", "volunteers")
    case .volSince: return ("首次服务后第几期", "periods since first service")
    case .volHeatNote: return ("格中数字：该届仍活跃者的百分比；行：首次服务的{0}", "% of cohort active; rows: first-service {0}")
    case .volHeatLabel: return ("各届志愿者留存热图", "Cohort retention heat map")
    case .volHeatCell: return ("{0} +{1}：{3} 人中 {2} 人（{4}%）", "{0} +{1}: {2} of {3} ({4}%)")
    }
  }

  /// Chinese of the method definitions (`definitions` of the literacy and
  /// reach JSON, whose text is the English), by term.
  public static let methodZh: [String: String] = [
    "pairing": "受访者按编号配对，从不按行序配对。在某一轮中出现两次的编号整体排除。",
    "mean_diff": "完整配对的 终线 − 基线；越低越好的指标取相反数，因此正值表示提升。",
    "pct_change": "100·mean_diff/mean_pre（百分比）。",
    "pct_change_ci":
      "配对均值之比 R = mean_post/mean_pre 的 delta 法置信区间：Var(R) ≈ (s²_post/μ²_pre − 2μ_post·s_pre,post/μ³_pre + μ²_post·s²_pre/μ⁴_pre)/n；CI = 100·(R − 1 ± z·√Var(R))。",
    "t_test": "对差值做配对 t 检验（scipy.stats.ttest_rel）；双侧 p；给出 mean_diff 的置信区间。",
    "cohens_dz":
      "mean_diff / sd_diff；cohens_dz_ci_*：使观测 t 位于非中心 t 分布（自由度 n − 1，非中心参数 dz·√n）(1 ± 置信水平)/2 分位数的 dz 值（同 MBESS / R effectsize，全精度）。",
    "hedges_gav": "mean_diff / ((sd_pre + sd_post)/2) · (1 − 3/(4(n−1) − 1))（Lakens 2013）。",
    "wilcoxon":
      "对差值做 Wilcoxon 符号秩检验，同 scipy.stats.wilcoxon 默认设置：去掉零差值；n ≤ 50 且无结、无零时用精确零分布；n ≤ 13 且有结或零时用精确符号翻转置换；否则用带结校正、无连续性校正的正态近似。wilcoxon_w = min(W+, W−)。",
    "rank_biserial": "(W+ − W−)/(W+ + W−)，配对秩二列相关（Kerby 2014）。",
    "shares": "share_* 是完整配对中的比例（0–1）。",
    "multiplicity":
      "p_holm、p_bh：在同一总体的各指标间对 p_value 做 Holm 和 Benjamini–Hochberg 校正，语义同 R p.adjust（无法计算的 p 保持 null，并计入检验数）。",
    "pass_rates":
      "share_pass_*：完整配对中达到 pass_threshold 及以上（越低越好时为及以下；二分类为 1）的比例。mcnemar_p：不一致配对 < 25 时用精确二项检验，否则用带连续性校正的卡方检验（statsmodels mcnemar）。",
    "composite": "每名受访者：全部指标按声明的量表（未声明时按观测范围）换算到 0–100（越高越好）后的均值；仅含两轮都回答了全部指标的受访者。",
    "reliability":
      "由协方差矩阵计算的 Cronbach 原始 α（psych::alpha raw_alpha，带 keys：越低越好的指标先反向计分）、标准化 α（std.alpha）和 Feldt 置信区间（同 pingouin.cronbach_alpha），按轮次、基于该轮回答了全部指标的受访者（成列删除）。items：删除该题后的 α（alpha.drop raw_alpha）和校正题总相关 r.drop（psych::alpha item.stats）。",
    "subgroup_tests":
      "对每个 --by 列、每项指标和综合得分：完整配对的变化 d = 终线 − 基线（越低越好时取相反数）在该列各组间是否不同？welch_anova：Welch 异方差 F 检验（pingouin.welch_anova，R oneway.test(var.equal = FALSE)），只用至少有 2 个配对的组；kruskal_wallis：带结校正的 H（scipy.stats.kruskal）；p_holm：在该列的各指标间做 Holm 校正（不含综合得分）。",
    "attrition": "baseline_difference：完成终线者与流失者的基线均值比较，Welch t 检验。",
    "answer_labels":
      "文字答案与编码本的标签匹配时忽略首尾空白、大小写（完整 Unicode 折叠）和全角/半角（NFKC），再去掉选项前缀（A. A、 (A) A) A: A）。全角数字按数字读取；“5分”/“5 points” 仅在量表内有效。unmatched_label：不匹配某指标任何声明标签的答案；non_numeric：该指标未声明标签时的文字。两者都被排除并列出，从不当作缺失。",
    "null": "null 表示该统计量对这些数据无定义（n < 2、方差为零、没有非零差值）。",
    "volunteers_active": "该期内至少有一条有效记录的不同志愿者编号数。",
    "volunteers_new": "在整个日志中首条有效记录落在该期的志愿者。",
    "volunteers_cumulative": "在该期或更早各期有有效记录的不同志愿者数。",
    "volunteers_registered": "登记日期不晚于该期最后一天的名册条目（无日期的从一开始就计入）。",
    "hours_total": "有效记录的时长之和，以整数微小时精确求和。",
    "hours_per_volunteer":
      "对该期活跃志愿者：均值 = hours_total/volunteers_active；每名志愿者该期总时长的中位数和 p90（线性插值，R/NumPy 第 7 类）。",
    "records": "有效服务记录数。",
    "teams_active": "该期内有记录的不同非空团队名数（项目同理）。",
    "beneficiaries_served": "各活动受益人数之和（同一人可能被多次计数）。",
    "beneficiaries_unique": "该期在受益人文件中有记录的不同受益人编号数。",
    "retention_pct": "上一期活跃的志愿者中，本期再次活跃者所占的百分比。",
    "registered_active_pct": "截至期末已注册的志愿者中，在该期活跃者所占的百分比。",
    "growth_pct": "100·(本期 − 上期)/上期；第一期、上期为零后、以及与不完整期相比时为 null（见 growth_note）。",
    "partial":
      "数据只覆盖该期 period_days 天中的 covered_days 天：覆盖范围从 --from（否则为首条记录）到 --to 与 --as-of 中较早者（都未给出时为末条记录），涵盖时长日志和受益人文件。与不完整期相比的增长率为 null（growth_note），CAGR 和趋势只用完整期，除非设置 include_partial。",
    "cagr_pct": "100·((末期/首期)^(1/年数) − 1)，取全期第一个和最后一个完整期（partial_periods_excluded 列出被排除的期）。",
    "trend_pct": "100·(e^b − 1)，b 为 ln(数值) 对时间（年）的最小二乘斜率，只用数值 > 0 的期（LAPACK dgelsd）；置信区间来自自由度 m − 2 的 t 分布。",
    "star_level":
      "按各期期末为止（分析范围内记录的）累计服务时长划分星级：达到 star_levels 中第 L 个门槛即为 L 星（默认 100/300/600/1000/1500 小时，即全国志愿服务记录制度的一至五星）；低于第一个门槛为 0 级。--from 之前的记录不计入。",
    "cohort_retention":
      "一届志愿者指在整个日志中首条有效记录落在同一期的志愿者（volunteers_new）；share_active_pct 是该届在之后每一期有记录者的百分比。",
    "lapsed":
      "最后一条分析记录所在的期在 window_start 之前结束的志愿者；window_start 是 reference_day 往前推 lapsed_after 个月后的第二天，reference_day 是数据覆盖的最后一天（给出 --to 或 --as-of 时取两者中较早者，否则为末条记录）。window_start 恰为某期第一天时为精确值（exact），否则为下限。",
    "hours_distribution":
      "每名志愿者全期总时长的均值、中位数和 p90（R/NumPy 第 7 类）；top10_share_pct = 时长最多的 ⌈n/10⌉ 名志愿者贡献的时长占全部时长的百分比（每期的 hours_top10_share_pct 同理）。",
    "fte":
      "全职当量：hours_total / full_time_hours，其中 full_time_hours = fte_hours（默认每年 1720 小时）× 该期覆盖天数 / 所在年份天数，因此不完整期按覆盖天数折算；全期的 fte_per_year = hours_total / Σ full_time_hours。",
    "value": "志愿服务时间价值：hours_total × hour_value，单位为 currency；仅在给出 hour_value 时报告。",
    "validity":
      "以下记录被排除：志愿者编号为空、日期不是日期或晚于 as_of、时长不是数字、为负或超过 max_hours；每类都计入 excluded，并列出前几个例子（文件:行）。",
  ]

  /// Chinese of the reach exclusion reasons (`excluded` of the reach JSON).
  public static let reachReasonZh: [String: String] = [
    "malformed_row": "格式错误的行", "missing_volunteer_id": "缺少志愿者编号", "invalid_date": "日期无效",
    "future_date": "日期晚于截止日", "invalid_hours": "时长不是数字", "negative_hours": "时长为负",
    "hours_above_max": "时长超过上限", "hours_rounded_to_microhours_note": "时长按微小时取整（仅提示）",
    "outside_date_range_note": "在日期范围之外（仅提示）", "invalid_beneficiaries_note": "受益人数无效（仅提示）",
    "beneficiaries_malformed_row": "受益人文件：格式错误的行", "beneficiaries_missing_id": "受益人文件：缺少编号",
    "beneficiaries_invalid_date": "受益人文件：日期无效", "beneficiaries_future_date": "受益人文件：日期晚于截止日",
    "registry_malformed_row": "名册：格式错误的行", "registry_missing_volunteer_id": "名册：缺少志愿者编号",
    "registry_duplicate_volunteer": "名册：重复的志愿者", "registry_future_date": "名册：日期晚于截止日",
    "registry_undated_note": "名册：无登记日期（仅提示）",
  ]

  /// Chinese of the audit's units (`DefinitionFigure.unit`).
  public static let unitZh: [String: String] = [
    "%": "%", "pp": "百分点", "points (0–100)": "分（0–100）", "SD of change": "变化的标准差",
    "average SD": "平均标准差", "SD": "标准差",
  ]

  /// Chinese of the headline figures' definitions, by figure name.
  public static let headlineZh: [String: String] = [
    "mean_indicator_pct_change":
      "各指标 pct_change = 100·(mean_post − mean_pre)/mean_pre（越低越好时取相反数）的不加权平均，每项指标基于其完整配对。",
    "composite_pct_change":
      "综合得分均值的相对变化 100·(mean_post − mean_pre)/mean_pre；受访者的综合得分是全部指标换算到 0–100（越高越好）后的均值；仅含两轮都回答了全部指标的受访者；置信区间用 delta 法。",
    "share_improved_composite": "终线综合得分高于基线的受访者百分比；Wilson 得分区间。",
    "indicators_improved_significantly": "均值提升且 Holm 校正配对 t 检验 p 低于显著性水平的指标数（共 n 项）。",
    "pass_rate_pre": "有达标规则的指标在基线达标的完整配对百分比的平均。",
    "pass_rate_post": "有达标规则的指标在终线达标的完整配对百分比的平均。",
    "pass_rate_pct_change":
      "平均达标率的相对变化 100·(pass_rate_post − pass_rate_pre)/pass_rate_pre：当“指标提升了 X%”指的是能做到某事的人数占比时，应这样解读。",
  ]
}

/// Turns catalog messages into report text in the chosen language.
///
/// `html` escapes the text and wraps each filled-in figure in
/// `<span class="nb">` (no line break inside a number and its unit); with
/// `both` the Chinese comes first and the English follows in
/// `<span class="en">` (shown beneath it). `plain` is for SVG text: with
/// `both`, "中文 English" on one line.
public struct Localizer: Sendable {
  public var language: ReportLanguage

  public init(_ language: ReportLanguage) { self.language = language }

  /// Filled-in figures up to this many characters are kept on one line (a
  /// number with its unit, a short name); longer ones (lists) may wrap.
  static let keepTogether = 24

  /// `{0}`, `{1}`, … replaced by `args` (each passed through `wrap`).
  static func fill(_ template: String, _ args: [String], wrap: (String) -> String) -> String {
    var out = ""
    var rest = Substring(template)
    while let open = rest.firstIndex(of: "{") {
      out += rest[..<open]
      let after = rest[rest.index(after: open)...]
      if let close = after.firstIndex(of: "}"), let i = Int(after[..<close]), args.indices.contains(i) {
        out += wrap(args[i])
        rest = after[after.index(after: close)...]
      } else {
        out += "{"
        rest = after
      }
    }
    return out + rest
  }

  /// Escaped HTML of a message with figures filled in.
  public func html(_ key: MessageKey, _ args: String...) -> String { html(key.message, args.map(Message.same)) }

  /// Escaped HTML of a message whose arguments differ by language (a grain
  /// word, a translated name).
  public func html(_ key: MessageKey, words args: [Message]) -> String { html(key.message, args) }

  /// Escaped HTML of any message (catalog or definition pair).
  public func html(_ m: Message, _ args: [Message] = []) -> String {
    func one(_ t: String, _ a: [String]) -> String {
      Self.fill(escapeXML(t), a) {
        $0.count <= Self.keepTogether ? "<span class=\"nb\">\(escapeXML($0))</span>" : escapeXML($0)
      }
    }
    switch language {
    case .zh: return one(m.zh, args.map(\.zh))
    case .en: return one(m.en, args.map(\.en))
    case .both:
      let zh = one(m.zh, args.map(\.zh))
      let en = one(m.en, args.map(\.en))
      return zh == en ? zh : zh + "<span class=\"en\" lang=\"en\">" + en + "</span>"
    }
  }

  /// Text built once per language: with `both`, the Chinese build followed
  /// by the English one beneath it (for sentences made of several messages).
  public func each(_ build: (Localizer) -> String) -> String {
    guard language == .both else { return build(self) }
    return build(Localizer(.zh)) + "<span class=\"en\" lang=\"en\">" + build(Localizer(.en)) + "</span>"
  }

  /// Plain text of a message (SVG labels, titles).
  public func plain(_ key: MessageKey, _ args: String...) -> String { plain(key.message, args.map(Message.same)) }

  public func plain(_ key: MessageKey, words args: [Message]) -> String { plain(key.message, args) }

  public func plain(_ m: Message, _ args: [Message] = []) -> String {
    let zh = Self.fill(m.zh, args.map(\.zh)) { $0 }
    let en = Self.fill(m.en, args.map(\.en)) { $0 }
    switch language {
    case .zh: return zh
    case .en: return en
    case .both: return zh == en ? zh : "\(zh) \(en)"
    }
  }
}
