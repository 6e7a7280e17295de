// Seeded synthetic data: the shipped example (small, committed) and the large
// benchmark inputs (generated, never committed). Everything derives from a
// SplitMix64 stream, so a seed gives the same bytes on any machine.
import Foundation
import ImpactCore
public import ImpactExport

/// Generates SYNTHETIC volunteer-program data shaped like the figures Beijing's
/// sci-tech volunteer service publishes (25,320 registered volunteers, 220
/// sub-teams, ~10,000 active volunteers and ~100,000 hours in 2024, over
/// 310,000 hours since 2012, ~300 projects a year) and a baseline/endline
/// media-literacy survey of older people with 16 indicators.
public enum SyntheticData {
  /// The 16 media-literacy indicators: Chinese / English label; the last one
  /// (anxiety) is better when lower.
  public static let indicators: [(id: String, zh: String, en: String)] = [
    ("q01", "会用智能手机视频通话", "Make a video call on a smartphone"),
    ("q02", "会用手机移动支付", "Pay with a mobile wallet"),
    ("q03", "能识别网络谣言", "Spot online rumours"),
    ("q04", "能识别电信网络诈骗", "Recognize phone and online scams"),
    ("q05", "会网上预约挂号", "Book a hospital appointment online"),
    ("q06", "会使用健康码和出行码", "Use health and travel codes"),
    ("q07", "会搜索并核实信息", "Search for and verify information"),
    ("q08", "会设置隐私权限", "Set privacy permissions"),
    ("q09", "会用地图导航", "Navigate with a map app"),
    ("q10", "会网上购物", "Shop online"),
    ("q11", "会使用政务服务App", "Use government service apps"),
    ("q12", "能辨别虚假广告", "Recognize misleading ads"),
    ("q13", "会拍摄和分享照片", "Take and share photos"),
    ("q14", "会使用语音输入", "Use voice input"),
    ("q15", "会安全下载安装App", "Install apps safely"),
    ("q16", "上网时感到焦虑", "Feel anxious when online (lower is better)"),
  ]

  static let districts = ["东城区", "西城区", "朝阳区", "海淀区", "丰台区", "石景山区", "通州区", "昌平区", "大兴区", "顺义区"]
  static let ageBands = ["60-64", "65-69", "70-74", "75-79", "80+"]
  static let topics = [
    "天文", "航天", "人工智能", "生命科学", "应急安全", "气象", "地质", "环保", "医学健康", "数字素养", "物理", "化学",
    "机器人", "海洋", "能源", "农业", "心理健康", "科学实验", "信息安全", "交通", "建筑", "数学",
  ]
  static let universities = [
    "北京大学", "清华大学", "中国人民大学", "北京师范大学", "北京航空航天大学", "北京理工大学", "中国农业大学", "北京科技大学",
    "北京交通大学", "北京邮电大学", "北京化工大学", "北京林业大学", "中国科学院大学", "首都师范大学", "北京工业大学", "首都医科大学",
    "北京中医药大学", "中央民族大学", "北京外国语大学", "中国传媒大学", "北京协和医学院", "华北电力大学",
  ]
  static let programs = ["智能手机课堂", "防诈骗讲座", "健康科普", "科普进社区", "银龄数字课堂"]

  // MARK: - Example

  /// The files of the example data set.
  public static let exampleFileNames = [
    "synthetic_registry.csv", "synthetic_hours.csv", "synthetic_beneficiaries.csv", "synthetic_survey_baseline.csv",
    "synthetic_survey_endline.csv", "synthetic_codebook.yaml", "synthetic_antifraud_baseline.xlsx",
    "synthetic_antifraud_endline.xlsx", "synthetic_antifraud_codebook.yaml", "synthetic_design_baseline.csv",
    "synthetic_design_endline.csv", "synthetic_design_codebook.yaml", "synthetic_comparison_baseline.csv",
    "synthetic_comparison_endline.csv", "impact.yaml",
  ]

  /// The files of the benchmark inputs.
  public static func largeFileNames(respondents: Int, records: Int) -> [String] {
    (respondents > 0
      ? ["synthetic_survey_baseline.csv", "synthetic_survey_endline.csv", "synthetic_codebook.yaml"] : [])
      + (records > 0 ? ["synthetic_hours.csv", "synthetic_beneficiaries.csv"] : [])
  }

  /// Writes the example data set into `dir` (created if needed).
  /// - Parameter force: replace files that exist; without it an existing
  ///   file (an edited impact.yaml, say) stops the run before anything is
  ///   written.
  /// - Returns: the files written.
  @discardableResult
  public static func writeExample(seed: UInt64, to dir: String, force: Bool = false) throws(ExportError) -> [String] {
    let lock = try prepare(dir, files: exampleFileNames, force: force)
    defer { withExtendedLifetime(lock) {} }
    var rng = SplitMix64(seed: seed)
    var files: [String] = []
    files += try writeVolunteerData(&rng, dir: dir)
    files += try writeSurvey(&rng, dir: dir, respondents: 2400, compact: false)
    files.append(try writeCodebook(dir: dir))
    files += try writeLabeledSurvey(&rng, dir: dir)
    files.append(try writeLabeledCodebook(dir: dir))
    files += try writeDesignSurvey(seed: seed, dir: dir)
    files += try writeComparisonFiles(seed: seed, respondents: 3000, dir: dir)
    files.append(try writeRunConfig(dir: dir))
    return files
  }

  /// Writes the large benchmark inputs: `respondents` × 16 indicators
  /// (baseline + endline) and `records` hour records (+ records/2 beneficiary rows).
  @discardableResult
  public static func writeLarge(
    seed: UInt64, respondents: Int, records: Int, to dir: String, force: Bool = false
  ) throws(ExportError) -> [String] {
    let lock = try prepare(dir, files: largeFileNames(respondents: respondents, records: records), force: force)
    defer { withExtendedLifetime(lock) {} }
    var rng = SplitMix64(seed: seed)
    var files: [String] = []
    if respondents > 0 {
      files += try writeSurvey(&rng, dir: dir, respondents: respondents, compact: true)
      files.append(try writeCodebook(dir: dir))
    }
    if records > 0 { files += try writeLargeHours(&rng, dir: dir, records: records) }
    return files
  }

  /// Creates `dir`, takes its lock (removing temporaries of killed runs)
  /// and, unless `force`, refuses when any of `files` exists there.
  static func prepare(_ dir: String, files: [String], force: Bool) throws(ExportError) -> OutputLock {
    try makeDirectory(dir)
    let lock = try OutputLock.acquire(directory: dir, wait: false)
    if !force {
      let existing = files.filter { name in
        var st = stat()
        return lstat("\(dir)/\(name)", &st) == 0
      }
      if !existing.isEmpty {
        throw ExportError(
          path: dir,
          message:
            "\(existing.count) of the files to generate exist and were left unchanged (\(existing.joined(separator: ", ")))",
          hint: "choose an empty folder with --out, or pass --force to replace them")
      }
    }
    return lock
  }

  static func makeDirectory(_ dir: String) throws(ExportError) {
    do {
      try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    } catch {
      throw ExportError(path: dir, message: "cannot create the folder", hint: "choose a writable --out folder")
    }
  }

  // MARK: - Volunteers, hours, beneficiaries

  static func teamName(_ i: Int) -> String {
    let topic = topics[i % topics.count]
    let n = i / topics.count + 1
    return "\(topic)\(n < 10 ? "0" : "")\(n)分队"
  }

  static func writeVolunteerData(_ rng: inout SplitMix64, dir: String) throws(ExportError) -> [String] {
    let years = Array(2012...2024)
    let registeredTotal = 25_320
    // Cumulative registrations at each year's end grow geometrically to 25,320.
    let firstYearRegistered = 900.0
    let growth = pow(Double(registeredTotal) / firstYearRegistered, 1.0 / Double(years.count - 1))
    var cumulative: [Int] = years.indices.map { Int((firstYearRegistered * pow(growth, Double($0))).rounded()) }
    cumulative[cumulative.count - 1] = registeredTotal
    var registeredYear = [Int](repeating: 0, count: registeredTotal)
    var start = 0
    for (k, y) in years.enumerated() {
      for i in start..<cumulative[k] { registeredYear[i] = y }
      start = cumulative[k]
    }
    let homeTeam = (0..<registeredTotal).map { _ in rng.int(0...219) }
    let homeUniversity = (0..<registeredTotal).map { _ in rng.int(0...(universities.count - 1)) }
    func vid(_ i: Int) -> String { "BJV" + String(format: "%06d", i + 1) }

    // Registry.
    let reg = try StreamingFileWriter(path: "\(dir)/synthetic_registry.csv")
    try reg.write("volunteer_id,registered,team,university\n")
    for i in 0..<registeredTotal {
      let y = registeredYear[i]
      let day = CalendarDay(year: y, month: rng.int(1...12), day: rng.int(1...28)) ?? CalendarDay(dayNumber: 0)
      try reg.write("\(vid(i)),\(day),\(teamName(homeTeam[i])),\(universities[homeUniversity[i]])\n")
    }
    try reg.commit()

    // Active volunteers per year: ~300 in 2012 growing to 10,000 in 2024,
    // about 45% of last year's volunteers returning.
    let hours = try StreamingFileWriter(path: "\(dir)/synthetic_hours.csv")
    try hours.write("volunteer_id,date,hours,team,project,beneficiaries,university\n")
    let hourChoices: [Double] = [1, 1.5, 2, 2.5, 3, 4, 4.5, 6, 8, 10]
    let hourWeights: [Double] = [2, 2, 6, 3, 10, 12, 5, 18, 22, 20]
    var previous: [Int] = []
    for (k, y) in years.enumerated() {
      let planned = Int((300 * pow(10_000.0 / 300.0, Double(k) / 12)).rounded())
      let pool = cumulative[k]
      var active = Set<Int>()
      for v in previous where rng.unit() < 0.45 && active.count < planned { active.insert(v) }
      while active.count < planned { active.insert(rng.int(0...(pool - 1))) }
      let projects = max(12, Int((300 * Double(planned) / 10_000).rounded()))
      let ordered = active.sorted()
      for v in ordered {
        var n = 1
        while rng.unit() < 0.375 && n < 12 { n += 1 }
        for _ in 0..<n {
          let month = rng.int(1...12)
          let day = rng.int(1...CalendarDay.daysInMonth(year: y, month: month))
          let date = CalendarDay(year: y, month: month, day: day) ?? CalendarDay(dayNumber: 0)
          let h = hourChoices[weightedIndex(&rng, hourWeights)]
          let team = rng.unit() < 0.9 ? homeTeam[v] : rng.int(0...219)
          let project = rng.int(1...projects)
          let ben = rng.unit() < 0.15 ? 0 : rng.int(1...40)
          try hours.write(
            "\(vid(v)),\(date),\(formatHours(h)),\(teamName(team)),P\(y % 100)-\(String(format: "%03d", project)),\(ben),\(universities[homeUniversity[v]])\n"
          )
        }
      }
      previous = ordered
    }
    try writeCoreVolunteers(hours, homeTeam: homeTeam, homeUniversity: homeUniversity, registeredYear: registeredYear)
    // A few volunteers missing from the registry, and rows an evaluator must see excluded.
    try hours.write("BJV900001,2024-03-05,2,\(teamName(3)),P24-001,5,北京大学\n")
    try hours.write("BJV900002,2024/3/6,3,\(teamName(4)),P24-002,8,清华大学\n")
    try hours.write("BJV000001,2024年13月5日,2,\(teamName(3)),P24-001,5,北京大学\n")
    try hours.write("BJV000002,2024-05-06,-2,\(teamName(3)),P24-001,5,北京大学\n")
    try hours.write("BJV000003,2024-05-07,36,\(teamName(3)),P24-001,5,北京大学\n")
    try hours.write(",2024-05-08,2,\(teamName(3)),P24-001,5,北京大学\n")
    try hours.commit()

    // People served by the older-adult programs (one row per person and session).
    let people = try StreamingFileWriter(path: "\(dir)/synthetic_beneficiaries.csv")
    try people.write("beneficiary_id,date,program,district\n")
    for y in 2016...2024 {
      let persons = Int(300 * pow(1.45, Double(y - 2016)))
      for p in 0..<persons {
        let sessions = 1 + (rng.unit() < 0.3 ? 1 : 0)
        for _ in 0..<sessions {
          let month = rng.int(1...12)
          let date = CalendarDay(year: y, month: month, day: rng.int(1...28)) ?? CalendarDay(dayNumber: 0)
          let id = (y - 2016) * 1000 + p / 2  // some people return in later years
          try people.write(
            "B\(String(format: "%06d", id)),\(date),\(programs[rng.int(0...(programs.count - 1))]),\(districts[rng.int(0...(districts.count - 1))])\n"
          )
        }
      }
    }
    try people.commit()
    return ["\(dir)/synthetic_registry.csv", "\(dir)/synthetic_hours.csv", "\(dir)/synthetic_beneficiaries.csv"]
  }

  /// Core volunteers who serve every year from their start, 30 to 195
  /// hours a year, so the example reaches every star level (100 to 1,500
  /// cumulative hours) across several cohorts. Drawn from their own seed so
  /// the rest of the example data stays as it was.
  static func writeCoreVolunteers(
    _ out: StreamingFileWriter, homeTeam: [Int], homeUniversity: [Int], registeredYear: [Int]
  ) throws(ExportError) {
    var rng = SplitMix64(seed: 0x5354_4152)
    let sessionHours: [Double] = [4, 6, 8]
    for j in 0..<24 {
      let start = 2012 + j % 8
      // The j-th volunteer registered by the start year.
      guard let v = registeredYear.indices.filter({ registeredYear[$0] <= start }).dropFirst(37 * j).first else {
        continue
      }
      let perYear = Double(30 + 15 * (j % 12))
      for y in start...2024 {
        var served = 0.0
        while served < perYear {
          let h = min(sessionHours[rng.int(0...2)], perYear - served)
          served += h
          let month = rng.int(1...12)
          let date =
            CalendarDay(year: y, month: month, day: rng.int(1...CalendarDay.daysInMonth(year: y, month: month)))
            ?? CalendarDay(dayNumber: 0)
          let team = homeTeam[v]
          try out.write(
            "BJV\(String(format: "%06d", v + 1)),\(date),\(formatHours(h)),\(teamName(team)),P\(y % 100)-\(String(format: "%03d", rng.int(1...12))),\(rng.int(0...30)),\(universities[homeUniversity[v]])\n"
          )
        }
      }
    }
  }

  static func weightedIndex(_ rng: inout SplitMix64, _ weights: [Double]) -> Int {
    let total = weights.reduce(0, +)
    var x = rng.unit() * total
    for (i, w) in weights.enumerated() {
      x -= w
      if x < 0 { return i }
    }
    return weights.count - 1
  }

  static func formatHours(_ h: Double) -> String {
    h == h.rounded() ? String(Int(h)) : String(h)
  }

  // MARK: - Survey

  /// Baseline and endline exports: a latent skill per person, item
  /// difficulties, and item-specific gains (larger for practical skills).
  static func writeSurvey(_ rng: inout SplitMix64, dir: String, respondents n: Int, compact: Bool) throws(ExportError)
    -> [String]
  {
    let k = indicators.count
    let difficulty: [Double] = (0..<k).map { j in -0.6 + 1.4 * Double((j * 7) % k) / Double(k) }
    let gain: [Double] = (0..<k).map { j in j == k - 1 ? -0.9 : 0.55 + 1.0 * Double((j * 5) % k) / Double(k) }
    let pre = try StreamingFileWriter(path: "\(dir)/synthetic_survey_baseline.csv")
    let post = try StreamingFileWriter(path: "\(dir)/synthetic_survey_endline.csv")
    let header = "respondent_id,district,age_band," + indicators.map(\.id).joined(separator: ",") + "\n"
    try pre.write(header)
    try post.write(header)
    var endlineRows: [(Int, [UInt8])] = []
    var line: [UInt8] = []
    for i in 0..<n {
      let theta = rng.normal()
      let district = districts[rng.int(0...(districts.count - 1))]
      let age = ageBands[min(4, max(0, Int(2 - theta * 0.8 + rng.normal())))]
      let id = "R" + String(format: "%07d", i + 1)
      func answers(_ shift: (Int) -> Double) -> [Int] {
        (0..<k).map { j in
          let sign: Double = j == k - 1 ? -1 : 1
          let x = 3 + sign * (0.9 * theta - difficulty[j]) + shift(j) + 0.75 * rng.normal()
          return min(5, max(1, Int(x.rounded())))
        }
      }
      let a = answers { _ in 0 }
      // Dropouts are a little less skilled at baseline (attrition the report must show).
      let dropout = rng.unit() < 0.10 + (theta < -0.5 ? 0.06 : 0)
      line.removeAll(keepingCapacity: true)
      appendRow(&line, id: id, district: district, age: age, values: a, rng: &rng, compact: compact)
      try pre.write(bytes: line)
      if !compact && i % 800 == 7 { try pre.write(bytes: line) }  // a duplicate id an evaluator must see excluded
      if !dropout {
        let b = answers { j in gain[j] * (0.7 + 0.6 * rng.unit()) }
        var row: [UInt8] = []
        appendRow(&row, id: id, district: district, age: age, values: b, rng: &rng, compact: compact)
        endlineRows.append((Int(rng.next() % 1_000_000_007), row))
      }
    }
    // Endline rows come in a different order (paired by id, never by row).
    endlineRows.sort { $0.0 < $1.0 }
    for (_, row) in endlineRows { try post.write(bytes: row) }
    if !compact {
      try post.write("R9000001,朝阳区,70-74,4,4,3,4,4,5,3,4,4,3,4,3,4,4,4,2\n")  // endline only
    }
    try pre.commit()
    try post.commit()
    return ["\(dir)/synthetic_survey_baseline.csv", "\(dir)/synthetic_survey_endline.csv"]
  }

  static func appendRow(
    _ out: inout [UInt8], id: String, district: String, age: String, values: [Int], rng: inout SplitMix64,
    compact: Bool
  ) {
    out.append(contentsOf: id.utf8)
    out.append(0x2C)
    out.append(contentsOf: district.utf8)
    out.append(0x2C)
    out.append(contentsOf: age.utf8)
    for v in values {
      out.append(0x2C)
      let u = rng.unit()
      if u < (compact ? 0.005 : 0.022) {
        continue  // blank: a skipped question
      } else if !compact && u < 0.032 {
        out.append(contentsOf: "99".utf8)  // 不知道 / don't know (a missing code)
      } else if !compact && u < 0.0325 {
        out.append(contentsOf: "6".utf8)  // a typo outside the 1–5 scale
      } else {
        out.append(UInt8(0x30 + v))
      }
    }
    out.append(0x0A)
  }

  static func writeCodebook(dir: String) throws(ExportError) -> String {
    let path = "\(dir)/synthetic_codebook.yaml"
    let w = try StreamingFileWriter(path: path)
    try w.write(
      """
      # SYNTHETIC example codebook: 16 media-literacy indicators of older people
      # (银龄数字素养). Answers: 1 = 完全不会 / cannot at all … 5 = 熟练 / easily.
      # 99 = 不知道 / don't know (treated as missing). Pass = 4 or 5 ("can do it").
      id: respondent_id
      scale: [1, 5]
      missing: [99, 不知道]
      pass_threshold: 4
      indicators:

      """)
    for ind in indicators {
      var line = "  - {id: \(ind.id), label: \"\(ind.zh) / \(ind.en)\""
      if ind.id == "q16" { line += ", higher_is_better: false, pass_threshold: 2" }
      try w.write(line + "}\n")
    }
    try w.commit()
    return path
  }

  static func writeRunConfig(dir: String) throws(ExportError) -> String {
    let path = "\(dir)/impact.yaml"
    let w = try StreamingFileWriter(path: path)
    try w.write(
      """
      # `impact run` configuration for the SYNTHETIC example data set
      # (generated by: impact synth --seed 2025 --out datasets/example).
      # Paths are relative to this file.
      title: "北京科普志愿服务（合成示例）/ Beijing sci-tech volunteers (SYNTHETIC example)"
      output: ../../notebooks-out
      reach:
        hours: synthetic_hours.csv
        registry: synthetic_registry.csv
        beneficiaries: synthetic_beneficiaries.csv
        period: year
        by: [team, university]
        as_of: 2025-03-03
        # Volunteer figures: stars at 100/300/600/1000/1500 cumulative hours
        # (the national volunteer-service record levels), lapsed after 12
        # months, full-time equivalents of 1,720 hours a year, and the value
        # of an hour of volunteer time (an assumed figure for the example).
        star_levels: [100, 300, 600, 1000, 1500]
        lapsed_after: 12
        fte_hours: 1720
        hour_value: 30
        currency: CNY
      surveys:
        - name: "银龄数字素养 / Silver digital literacy"
          pre: synthetic_survey_baseline.csv
          post: synthetic_survey_endline.csv
          codebook: synthetic_codebook.yaml
          by: [district, age_band]
        # A labeled export as a questionnaire platform gives it: .xlsx workbooks
        # with option texts ("A.非常同意"); the codebook is the unedited draft of
        #   impact codebook init synthetic_antifraud_baseline.xlsx \\
        #     --post synthetic_antifraud_endline.xlsx --out synthetic_antifraud_codebook.yaml
        - name: "防诈骗讲座 / Anti-fraud lectures"
          pre: synthetic_antifraud_baseline.xlsx
          post: synthetic_antifraud_endline.xlsx
          codebook: synthetic_antifraud_codebook.yaml
          by: [年龄段]
        # A weighted, clustered sample: the codebook's design: names the weight,
        # the strata (district), the clusters (community) and the fpc.
        - name: "社区抽样调查 / Community sample (weighted, clustered)"
          pre: synthetic_design_baseline.csv
          post: synthetic_design_endline.csv
          codebook: synthetic_design_codebook.yaml
        # A comparison group: 40 villages, each wholly in the program or the
        # comparison arm; difference in differences and ANCOVA (age, sex)
        # with cluster-robust errors by village.
        - name: "村级对照评估 / Village comparison (program vs comparison)"
          pre: synthetic_comparison_baseline.csv
          post: synthetic_comparison_endline.csv
          codebook: synthetic_codebook.yaml
          group: arm
          treated: program
          cluster: village
          covariates: [age]
          categorical_covariates: [sex]

      """)
    try w.commit()
    return path
  }

  // MARK: - Large hour logs

  static func writeLargeHours(_ rng: inout SplitMix64, dir: String, records: Int) throws(ExportError) -> [String] {
    let volunteers = max(1000, records / 25)
    let hours = try StreamingFileWriter(path: "\(dir)/synthetic_hours.csv")
    try hours.write("volunteer_id,date,hours,team,project,beneficiaries,university\n")
    let hourChoices = ["1", "1.5", "2", "2.5", "3", "4", "4.5", "6", "8", "10"]
    let teamNames = (0..<220).map(teamName)
    var line: [UInt8] = []
    for _ in 0..<records {
      line.removeAll(keepingCapacity: true)
      let v = rng.int(0...(volunteers - 1))
      line.append(contentsOf: "BJV".utf8)
      appendPadded(&line, v + 1, width: 7)
      line.append(0x2C)
      let y = 2012 + Int(Double(13) * pow(rng.unit(), 0.45))
      let m = rng.int(1...12)
      let d = rng.int(1...28)
      appendPadded(&line, min(y, 2024), width: 4)
      line.append(0x2D)
      appendPadded(&line, m, width: 2)
      line.append(0x2D)
      appendPadded(&line, d, width: 2)
      line.append(0x2C)
      line.append(contentsOf: hourChoices[rng.int(0...9)].utf8)
      line.append(0x2C)
      line.append(contentsOf: teamNames[v % 220].utf8)
      line.append(contentsOf: ",P".utf8)
      appendPadded(&line, rng.int(1...300), width: 3)
      line.append(0x2C)
      appendPadded(&line, rng.int(0...40), width: 1)
      line.append(0x2C)
      line.append(contentsOf: universities[v % universities.count].utf8)
      line.append(0x0A)
      try hours.write(bytes: line)
    }
    try hours.commit()
    let people = try StreamingFileWriter(path: "\(dir)/synthetic_beneficiaries.csv")
    try people.write("beneficiary_id,date,program,district\n")
    let persons = max(1000, records / 4)
    for _ in 0..<(records / 2) {
      line.removeAll(keepingCapacity: true)
      line.append(0x42)
      appendPadded(&line, rng.int(1...persons), width: 7)
      line.append(0x2C)
      appendPadded(&line, 2016 + rng.int(0...8), width: 4)
      line.append(0x2D)
      appendPadded(&line, rng.int(1...12), width: 2)
      line.append(0x2D)
      appendPadded(&line, rng.int(1...28), width: 2)
      line.append(0x2C)
      line.append(contentsOf: programs[rng.int(0...4)].utf8)
      line.append(0x2C)
      line.append(contentsOf: districts[rng.int(0...9)].utf8)
      line.append(0x0A)
      try people.write(bytes: line)
    }
    try people.commit()
    return ["\(dir)/synthetic_hours.csv", "\(dir)/synthetic_beneficiaries.csv"]
  }

  static func appendPadded(_ out: inout [UInt8], _ n: Int, width: Int) {
    var digits: [UInt8] = []
    var v = n
    repeat {
      digits.append(UInt8(0x30 + v % 10))
      v /= 10
    } while v > 0
    if digits.count < width { out.append(contentsOf: repeatElement(0x30, count: width - digits.count)) }
    out.append(contentsOf: digits.reversed())
  }
}
