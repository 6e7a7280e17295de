import ImpactCore
import ImpactExport

extension SyntheticData {
  /// Districts (strata) of the design survey and how many communities
  /// (clusters, PSUs) each has in the population; 5 are sampled per
  /// district (one in 石景山区, a single-PSU stratum).
  static let designStrata: [(district: String, communities: Int, sampled: Int)] = [
    ("海淀区", 60, 5), ("朝阳区", 80, 5), ("丰台区", 40, 5), ("石景山区", 12, 1),
  ]

  /// A SYNTHETIC two-stage sample for the survey-design example: districts
  /// as strata, communities (社区) as clusters sampled with fpc = communities
  /// in the district, 8–20 older people per community with sampling weights
  /// (district population share ÷ selection probability, two decimals),
  /// 6 of the 16 indicators, community effects, 12% attrition.
  /// Its own SplitMix64 stream (`seed` mixed), so the other example files
  /// keep their bytes.
  static func writeDesignSurvey(seed: UInt64, dir: String) throws(ExportError) -> [String] {
    var rng = SplitMix64(seed: seed ^ 0x5EED_DE51_6000_0000)
    let items = Array(indicators.prefix(5)) + [indicators[15]]
    let header = "respondent_id,district,community,weight,fpc," + items.map(\.id).joined(separator: ",") + "\n"
    let pre = try StreamingFileWriter(path: "\(dir)/synthetic_design_baseline.csv")
    let post = try StreamingFileWriter(path: "\(dir)/synthetic_design_endline.csv")
    try pre.write(header)
    try post.write("respondent_id,weight," + items.map(\.id).joined(separator: ",") + "\n")
    var endline: [(UInt64, String)] = []
    var next = 1
    for s in designStrata {
      for c in 0..<s.sampled {
        let community = "\(s.district)社区\(String(format: "%02d", c + 1 + rng.int(0...9) * 10))"
        let people = rng.int(8...20)
        let effect = 0.5 * rng.normal()
        let gainEffect = 0.4 * rng.normal()
        for _ in 0..<people {
          let base = Double(s.communities) / Double(s.sampled) * (60 + Double(rng.int(0...40))) / Double(people)
          let weight = String(format: "%.2f", base)
          let theta = rng.normal() + effect
          let id = "D" + String(format: "%05d", next)
          next += 1
          func answers(gain: Double) -> [String] {
            items.indices.map { j in
              let sign: Double = j == items.count - 1 ? -1 : 1
              let x = 3 + sign * (0.9 * theta + gain) + 0.8 * rng.normal()
              return rng.unit() < 0.03 ? "" : String(min(5, max(1, Int(x.rounded()))))
            }
          }
          let a = answers(gain: 0)
          try pre.write(
            "\(id),\(s.district),\(community),\(weight),\(s.communities)," + a.joined(separator: ",") + "\n")
          if rng.unit() >= 0.12 {
            let b = answers(gain: 0.6 + gainEffect)
            endline.append((rng.next(), "\(id),\(weight)," + b.joined(separator: ",") + "\n"))
          }
        }
      }
    }
    endline.sort { $0.0 < $1.0 }
    for (_, row) in endline { try post.write(row) }
    try pre.commit()
    try post.commit()
    let path = "\(dir)/synthetic_design_codebook.yaml"
    let w = try StreamingFileWriter(path: path)
    try w.write(
      """
      # SYNTHETIC survey-design example: districts are strata, communities (社区)
      # are the clusters sampled in each (fpc = communities in the district), and
      # weight is the sampling weight of each older person. 石景山区 has one
      # sampled community (a single-PSU stratum). Answers 1–5; pass = 4 or 5.
      id: respondent_id
      scale: [1, 5]
      pass_threshold: 4
      design: {weight: weight, strata: district, cluster: community, fpc: fpc}
      indicators:

      """)
    for ind in items {
      var line = "  - {id: \(ind.id), label: \"\(ind.zh) / \(ind.en)\""
      if ind.id == "q16" { line += ", higher_is_better: false, pass_threshold: 2" }
      try w.write(line + "}\n")
    }
    try w.commit()
    return ["\(dir)/synthetic_design_baseline.csv", "\(dir)/synthetic_design_endline.csv", path]
  }
}
