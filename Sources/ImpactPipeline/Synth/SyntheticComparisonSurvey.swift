import ImpactCore
public import ImpactExport

extension SyntheticData {
  /// SYNTHETIC baseline/endline exports with a comparison group and
  /// clusters, for `impact literacy --group arm --treated program --cluster
  /// village --covariate age --categorical-covariate sex` (`impact synth
  /// --comparison-survey`): the 16 indicators of the example codebook;
  /// 40 villages, each wholly in the program or the comparison arm (as
  /// programs are assigned); a village effect shared by its respondents; a
  /// secular gain for everyone and the program's gain on top; the
  /// comparison arm a little more skilled at baseline (so baseline
  /// equivalence has something to show); more dropouts among the less skilled.
  public static func writeComparisonSurvey(
    seed: UInt64, respondents n: Int, to dir: String, force: Bool = false
  ) throws(ExportError) -> [String] {
    let lock = try prepare(
      dir,
      files: ["synthetic_comparison_baseline.csv", "synthetic_comparison_endline.csv", "synthetic_codebook.yaml"],
      force: force)
    defer { withExtendedLifetime(lock) {} }
    return try writeComparisonFiles(seed: seed, respondents: n, dir: dir) + [try writeCodebook(dir: dir)]
  }

  /// The two waves of the comparison-group survey (no codebook: it shares
  /// `synthetic_codebook.yaml`); the caller holds the folder's lock.
  static func writeComparisonFiles(seed: UInt64, respondents n: Int, dir: String) throws(ExportError) -> [String] {
    var rng = SplitMix64(seed: seed ^ 0x636F_6D70_6172_6531)
    let k = indicators.count
    let villages = 40
    let programVillage = (0..<villages).map { _ in rng.unit() < 0.5 }
    let villageEffect = (0..<villages).map { _ in 0.35 * rng.normal() }
    let pre = try StreamingFileWriter(path: "\(dir)/synthetic_comparison_baseline.csv")
    let post = try StreamingFileWriter(path: "\(dir)/synthetic_comparison_endline.csv")
    try pre.write("respondent_id,village,arm,age,sex," + indicators.map(\.id).joined(separator: ",") + "\n")
    try post.write("respondent_id," + indicators.map(\.id).joined(separator: ",") + "\n")
    var endline: [(UInt64, String)] = []
    for i in 0..<n {
      let v = rng.int(0...(villages - 1))
      let program = programVillage[v]
      let theta = rng.normal() + villageEffect[v] + (program ? 0 : 0.1)
      let age = 60 + rng.int(0...25)
      let sex = rng.unit() < 0.55 ? "女" : "男"
      func answers(_ gain: Double) -> [String] {
        (0..<k).map { j in
          if rng.unit() < 0.02 { return "" }
          let sign: Double = j == k - 1 ? -1 : 1
          let x = 3 + sign * (0.9 * theta - 0.01 * Double(age - 70) + gain) + 0.75 * rng.normal()
          return String(min(5, max(1, Int(x.rounded()))))
        }
      }
      let id = "C" + String(format: "%06d", i + 1)
      let a = answers(0)
      try pre.write(
        "\(id),V\(String(format: "%02d", v + 1)),\(program ? "program" : "comparison"),\(age),\(sex),"
          + a.joined(separator: ",") + "\n")
      guard rng.unit() >= 0.10 + (theta < -0.5 ? 0.08 : 0) else { continue }
      let b = answers(0.25 + (program ? 0.6 : 0) * (0.7 + 0.6 * rng.unit()))
      endline.append((rng.next(), "\(id)," + b.joined(separator: ",") + "\n"))
    }
    endline.sort { $0.0 < $1.0 }  // endline rows in another order: paired by id
    for (_, row) in endline { try post.write(row) }
    try pre.commit()
    try post.commit()
    return ["\(dir)/synthetic_comparison_baseline.csv", "\(dir)/synthetic_comparison_endline.csv"]
  }
}
