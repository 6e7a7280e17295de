import Foundation
import ImpactCore
import ImpactExport
import ImpactIngest
import ImpactPipeline
import ImpactStats
import TestSupport
import Testing

/// Partial results of shards merge to exactly the single-machine figures.
@Suite struct MergeTests {
  static let example = repositoryRoot() + "/datasets/example"

  /// Splits a CSV file by a hash of column `key` into `n` files (header kept),
  /// the way a distributed engine partitions by id. Other shards' rows become
  /// blank lines (which every reader skips), so each row keeps its line
  /// number and the examples (file:line) can be compared with the single run.
  static func shard(_ path: String, key: String, into n: Int, dir: String, prefix: String) throws -> [String] {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if lines.last == "" { lines.removeLast() }
    let header = lines.removeFirst()
    let k = header.split(separator: ",", omittingEmptySubsequences: false).firstIndex { $0 == key } ?? 0
    var parts = Array(repeating: header + "\n", count: n)
    for line in lines {
      let id = line.split(separator: ",", omittingEmptySubsequences: false)[k]
      var h: UInt64 = 1_469_598_103_934_665_603
      for b in id.utf8 { h = (h ^ UInt64(b)) &* 1_099_511_628_211 }
      let mine = Int(h % UInt64(n))
      for i in 0..<n { parts[i] += (i == mine ? line : "") + "\n" }
    }
    return try parts.enumerated().map { i, body in
      let p = "\(dir)/\(prefix)_\(i).csv"
      try body.write(toFile: p, atomically: true, encoding: .utf8)
      return p
    }
  }

  static func temp() throws -> String {
    let d = FileManager.default.temporaryDirectory.appendingPathComponent("impact-merge-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
    return d
  }

  /// JSON without `meta` (examples included).
  static func comparable(_ doc: JSONValue) -> String {
    func strip(_ v: JSONValue) -> JSONValue {
      switch v {
      case .object(let m): return .object(m.filter { $0.0 != "meta" }.map { ($0.0, strip($0.1)) })
      case .array(let a): return .array(a.map(strip))
      default: return v
      }
    }
    return strip(doc).serialized()
  }

  static func literacyRequest(pre: String, post: String) -> LiteracyRequest {
    var r = LiteracyRequest()
    r.pre = pre
    r.post = post
    r.codebook = example + "/synthetic_codebook.yaml"
    r.by = ["district"]
    r.deterministic = true
    return r
  }

  static func reachRequest(hours: String, registry: String, beneficiaries: String) -> ReachRequest {
    var r = ReachRequest(hours: hours)
    r.registry = registry
    r.beneficiaries = beneficiaries
    r.by = ["team"]
    r.asOf = CalendarDay(year: 2025, month: 3, day: 3)
    r.deterministic = true
    r.volunteerFigures.hourValue = 25
    r.volunteerFigures.currency = "CNY"
    return r
  }

  /// Writes each shard's partial to a file and decodes it back, as `impact merge` does.
  static func roundTrip(_ p: Partial, dir: String, name: String) throws -> String {
    let path = "\(dir)/\(name).json"
    FileManager.default.createFile(atPath: path, contents: Data(try PartialFile.encode(p)))
    return path
  }

  @Test(arguments: [1, 2, 7, 16])
  func literacyShardsMergeToTheSingleRun(_ n: Int) throws {
    let dir = try Self.temp()
    let single = try LiteracyJob.run(
      Self.literacyRequest(
        pre: Self.example + "/synthetic_survey_baseline.csv", post: Self.example + "/synthetic_survey_endline.csv"))
    let pre = try Self.shard(
      Self.example + "/synthetic_survey_baseline.csv", key: "respondent_id", into: n, dir: dir, prefix: "pre")
    let post = try Self.shard(
      Self.example + "/synthetic_survey_endline.csv", key: "respondent_id", into: n, dir: dir, prefix: "post")
    var paths: [String] = []
    for i in (0..<n).reversed() {  // any order
      let state = try LiteracyJob.accumulate(Self.literacyRequest(pre: pre[i], post: post[i]), keepIds: true)
      paths.append(try Self.roundTrip(.literacy(state), dir: dir, name: "lit\(i)"))
    }
    let merged = try #require(try MergeJob.run(paths, deterministic: true).literacy, "not a literacy result")
    #expect(LiteracyCSV.render(merged) == LiteracyCSV.render(single))
    #expect(Self.comparable(LiteracyJSON.document(merged)) == Self.comparable(LiteracyJSON.document(single)))
    // The examples compared above are there: 3 duplicated ids, 291
    // baseline-only ids cut to the 20 first in sort order, out-of-scale values.
    let e = single.exclusions
    #expect(e.duplicateIds.map(\.id) == ["R0000008", "R0000808", "R0001608"])
    #expect(e.onlyPreIds.count == LiteracyExclusions.examplesPerWave && e.onlyPreIds == e.onlyPreIds.sorted())
    #expect(!e.outOfScale.isEmpty && merged.exclusions.outOfScale == e.outOfScale)
    #expect(merged.exclusions.onlyPreIds == e.onlyPreIds && merged.exclusions.duplicateIds == e.duplicateIds)
  }

  /// With a survey design the per-PSU totals merge exactly: a cluster whose
  /// respondents land in different shards, strata of individual PSUs; with
  /// `--by`, each group's domain totals too (the w_* figures of every group).
  @Test(arguments: ["generated", "apistrat", "apiclus1"], [2, 5, 16])
  func designShardsMergeToTheSingleRun(_ name: String, _ n: Int) throws {
    let dir = try Self.temp()
    let (request, _) = try DesignReferenceTests.request(name, by: true)
    #expect(!request.by.isEmpty)
    let single = try LiteracyJob.run(request)
    let key = name == "generated" ? "\"rid\"" : "\"snum\""
    let pre = try Self.shard(request.pre ?? "", key: key, into: n, dir: dir, prefix: "pre")
    let post = try Self.shard(request.post ?? "", key: key, into: n, dir: dir, prefix: "post")
    var paths: [String] = []
    for i in 0..<n {
      var r = request
      r.pre = pre[i]
      r.post = post[i]
      r.allowEmptyInputs = true
      let state = try LiteracyJob.accumulate(r, keepIds: true)
      paths.append(try Self.roundTrip(.literacy(state), dir: dir, name: "design\(i)"))
    }
    let merged = try #require(try MergeJob.run(paths.shuffled(), deterministic: true).literacy, "not literacy")
    #expect(LiteracyCSV.render(merged) == LiteracyCSV.render(single))
    #expect(Self.comparable(LiteracyJSON.document(merged)) == Self.comparable(LiteracyJSON.document(single)))
    #expect(LiteracyCSV.render(merged).contains("w_se_diff"))
    let groups = merged.groups.compactMap { $0.result.composite?.survey?.seDiff }
    #expect(groups.count == merged.groups.count && groups.count >= 3)
  }

  @Test(arguments: [1, 2, 7, 16])
  func reachShardsMergeToTheSingleRun(_ n: Int) throws {
    let dir = try Self.temp()
    let single = try ReachJob.run(
      Self.reachRequest(
        hours: Self.example + "/synthetic_hours.csv", registry: Self.example + "/synthetic_registry.csv",
        beneficiaries: Self.example + "/synthetic_beneficiaries.csv"))
    let hours = try Self.shard(
      Self.example + "/synthetic_hours.csv", key: "volunteer_id", into: n, dir: dir, prefix: "h")
    let reg = try Self.shard(
      Self.example + "/synthetic_registry.csv", key: "volunteer_id", into: n, dir: dir, prefix: "r")
    let ben = try Self.shard(
      Self.example + "/synthetic_beneficiaries.csv", key: "beneficiary_id", into: n, dir: dir, prefix: "b")
    var paths: [String] = []
    // Examples name the shard files: a shard job renames them to the
    // originals (as the Spark job does), so merged examples equal the single run's.
    var original: [String: String] = [:]
    for (parts, name) in [
      (hours, "synthetic_hours.csv"), (reg, "synthetic_registry.csv"), (ben, "synthetic_beneficiaries.csv"),
    ] {
      for p in parts { original[p] = Self.example + "/" + name }
    }
    for i in 0..<n {
      var state = try ReachJob.accumulate(
        Self.reachRequest(hours: hours[i], registry: reg[i], beneficiaries: ben[i]), keepIds: true)
      state.exclusions.examples = state.exclusions.examples.map {
        ReachProblem(file: original[$0.file] ?? $0.file, reason: $0.reason, line: $0.line, value: $0.value)
      }
      // …and names each input as the original file (size and digest of the
      // whole file, rows of the shard), which merge lists once, rows added.
      state.inputs = state.inputs.map { i in
        var o = single.inputs.first { $0.role == i.role } ?? i
        o.rows = i.rows
        return o
      }
      paths.append(try Self.roundTrip(.reach(state), dir: dir, name: "reach\(i)"))
    }
    let merged = try #require(try MergeJob.run(paths.shuffled(), deterministic: true).reach, "not a reach result")
    #expect(ReachCSV.byPeriod(merged) == ReachCSV.byPeriod(single))
    #expect(ReachCSV.byGroup(merged) == ReachCSV.byGroup(single))
    // The volunteer figures: star levels, cohorts, lapsed, distribution, value.
    let (m, s) = (try #require(merged.volunteers), try #require(single.volunteers))
    #expect(m == s)
    #expect(ReachVolunteerCSV.byPeriod(m) == ReachVolunteerCSV.byPeriod(s))
    #expect(ReachVolunteerCSV.cohorts(m) == ReachVolunteerCSV.cohorts(s))
    #expect(s.starsAtEnd.filter { $0 > 0 }.count >= 3 && s.cohorts.count >= 10 && s.value != nil)
    #expect(Self.comparable(ReachJSON.document(merged)) == Self.comparable(ReachJSON.document(single)))
    #expect(!single.exclusions.examples.isEmpty && merged.exclusions.examples == single.exclusions.examples)
    #expect(merged.inputs == single.inputs)
  }

  /// Values that are not short decimals go through Chan-merged floating
  /// moments: agreement to 1e-12 relative.
  @Test func floatingPointMomentsAgreeToOneInATrillion() throws {
    let dir = try Self.temp()
    var rng = SplitMix64(seed: 11)
    var pre = "id,a,b\n"
    var post = "id,a,b\n"
    for i in 0..<3000 {
      let x = 50 + 10 * rng.normal()
      let y = 1e6 + rng.normal()
      pre += "p\(i),\(x.description)e0,\(y)1234567\n"
      post += "p\(i),\((x + 2 + rng.normal()).description)e0,\(y + 0.5 + rng.normal())1234567\n"
    }
    try pre.write(toFile: "\(dir)/pre.csv", atomically: true, encoding: .utf8)
    try post.write(toFile: "\(dir)/post.csv", atomically: true, encoding: .utf8)
    var whole = LiteracyRequest()
    whole.pre = "\(dir)/pre.csv"
    whole.post = "\(dir)/post.csv"
    whole.scale = -1e9...1e9
    whole.deterministic = true
    let single = try LiteracyJob.run(whole)
    #expect(single.design.scales == [nil, nil], "the data must take the floating-point path")
    let preParts = try Self.shard("\(dir)/pre.csv", key: "id", into: 5, dir: dir, prefix: "pre")
    let postParts = try Self.shard("\(dir)/post.csv", key: "id", into: 5, dir: dir, prefix: "post")
    var paths: [String] = []
    for i in 0..<5 {
      var r = whole
      r.pre = preParts[i]
      r.post = postParts[i]
      paths.append(try Self.roundTrip(.literacy(try LiteracyJob.accumulate(r, keepIds: true)), dir: dir, name: "f\(i)"))
    }
    let merged = try #require(try MergeJob.run(paths, deterministic: true).literacy, "not a literacy result")
    let mergedComposite = try #require(merged.overall.composite, "merged run has no composite")
    let singleComposite = try #require(single.overall.composite, "single run has no composite")
    #expect(merged.overall.indicators.count == 2 && single.overall.indicators.count == 2)
    for (a, b) in zip(merged.overall.indicators + [mergedComposite], single.overall.indicators + [singleComposite]) {
      for (name, x, y) in [
        ("mean_pre", a.meanPre, b.meanPre), ("mean_post", a.meanPost, b.meanPost), ("sd_pre", a.sdPre, b.sdPre),
        ("sd_diff", a.sdDiff, b.sdDiff), ("t", a.t, b.t), ("cohens_dz", a.cohensDz, b.cohensDz),
        ("hedges_gav", a.hedgesGav, b.hedgesGav), ("pct_change_ci_low", a.pctChangeCILow, b.pctChangeCILow),
      ] {
        let x = try #require(x, "\(a.indicator).\(name) is null in the merged run")
        let y = try #require(y, "\(a.indicator).\(name) is null in the single run")
        #expect(relativeError(x, y) <= 1e-12, "\(a.indicator).\(name): \(x) vs \(y)")
      }
      #expect(a.nPairs == b.nPairs && a.wilcoxonW == b.wilcoxonW && a.shareImproved == b.shareImproved)
    }
    let ra = try #require(merged.overall.reliability.alphaPre, "merged alpha_pre is null")
    let rb = try #require(single.overall.reliability.alphaPre, "single alpha_pre is null")
    #expect(relativeError(ra, rb) <= 1e-12)
  }

  @Test func overlappingShardsAreRefused() throws {
    let dir = try Self.temp()
    let state = try LiteracyJob.accumulate(
      Self.literacyRequest(
        pre: Self.example + "/synthetic_survey_baseline.csv", post: Self.example + "/synthetic_survey_endline.csv"),
      keepIds: true)
    let a = try Self.roundTrip(.literacy(state), dir: dir, name: "a")
    let b = try Self.roundTrip(.literacy(state), dir: dir, name: "b")
    #expect {
      _ = try MergeJob.run([a, b], deterministic: true)
    } throws: { e in
      guard let e = e as? IngestError else { return false }
      return e.message.hasPrefix("2401 respondent ids are in more than one partial")
        && e.message.contains("the shards overlap")
        && e.hint.contains("partition both waves by respondent id")
    }
  }

  @Test func otherKindsVersionsAndOptionsAreRefused() throws {
    let dir = try Self.temp()
    let lit = try LiteracyJob.accumulate(
      Self.literacyRequest(
        pre: Self.example + "/synthetic_survey_baseline.csv", post: Self.example + "/synthetic_survey_endline.csv"),
      keepIds: false)
    var otherOptions = Self.literacyRequest(
      pre: Self.example + "/synthetic_survey_baseline.csv", post: Self.example + "/synthetic_survey_endline.csv")
    otherOptions.by = []
    let other = try LiteracyJob.accumulate(otherOptions, keepIds: false)
    let reach = try ReachJob.accumulate(
      Self.reachRequest(
        hours: Self.example + "/synthetic_hours.csv", registry: Self.example + "/synthetic_registry.csv",
        beneficiaries: Self.example + "/synthetic_beneficiaries.csv"), keepIds: false)
    let a = try Self.roundTrip(.literacy(lit), dir: dir, name: "a")
    let b = try Self.roundTrip(.literacy(other), dir: dir, name: "b")
    let c = try Self.roundTrip(.reach(reach), dir: dir, name: "c")
    #expect { _ = try MergeJob.run([a, b], deterministic: true) } throws: { e in
      (e as? IngestError)?.message.contains("other options or another codebook") == true
    }
    #expect { _ = try MergeJob.run([a, c], deterministic: true) } throws: { e in
      (e as? IngestError)?.message.contains("cannot be merged with a different kind") == true
    }
    // A partial from a future version.
    let text = try String(contentsOfFile: a, encoding: .utf8)
    #expect(text.contains("\"format_version\":2"))
    try text.replacingOccurrences(of: "\"format_version\":2", with: "\"format_version\":3")
      .write(toFile: "\(dir)/future.json", atomically: true, encoding: .utf8)
    #expect { _ = try PartialFile.decode(path: "\(dir)/future.json") } throws: { e in
      (e as? IngestError)?.message.hasPrefix("written by a newer impact (format_version 3") == true
    }
    // A partial of format 1 (ids in clear): write it again.
    try text.replacingOccurrences(of: "\"format_version\":2", with: "\"format_version\":1")
      .write(toFile: "\(dir)/old.json", atomically: true, encoding: .utf8)
    #expect { _ = try PartialFile.decode(path: "\(dir)/old.json") } throws: { e in
      guard let e = e as? IngestError else { return false }
      return e.message.hasPrefix("written by an older impact (format_version 1")
        && e.hint.contains("write the partial again")
    }
    try "{\"hello\": 1}".write(toFile: "\(dir)/other.json", atomically: true, encoding: .utf8)
    #expect { _ = try PartialFile.decode(path: "\(dir)/other.json") } throws: { e in
      (e as? IngestError)?.message.hasPrefix("not an impact partial result") == true
    }
  }
}

extension MergedReport {
  /// The literacy report, or nil for another kind.
  fileprivate var literacy: LiteracyReport? {
    if case .literacy(let r) = self { return r }
    return nil
  }

  /// The reach report, or nil for another kind.
  fileprivate var reach: ReachReport? {
    if case .reach(let r) = self { return r }
    return nil
  }
}
