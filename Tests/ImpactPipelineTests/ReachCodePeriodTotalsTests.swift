import ImpactCore
import ImpactIngest
import Testing

@testable import ImpactPipeline

/// The (code, period) totals of reach: the dense grid and the maps it gives
/// way to hold the same totals, visit each code's periods in order, and
/// merge chunks alike, with maps partitioned by the id's hash (volunteers)
/// or by the code (teams, projects, groups).
@Suite struct ReachCodePeriodTotalsTests {
  struct Cell: Hashable { var v: Int, p: Int }
  typealias Reference = [Cell: (sum: Int64, count: Int64)]

  /// Adds `records` random records over `volunteers` ids and the periods
  /// `periods`, as `HoursAggregation.flush` does (reserve, then add).
  static func fill(
    _ t: inout CodePeriodTotals, _ ids: inout KeyInterner, _ ref: inout Reference, seed: UInt64,
    records: Int, volunteers: Int, periods: ClosedRange<Int>
  ) {
    var g = SplitMix64(seed: seed)
    for _ in 0..<records {
      let code = ids.intern("V\(g.int(0...(volunteers - 1)))")
      let p = periods.lowerBound + g.int(0...(periods.count - 1))
      let sum = Int64(g.int(0...9_999_999))
      t.reserve(volunteers: ids.count, periods: p...p, records: 1, ids: ids)
      let hash = ids.bytes(code).withUnsafeBufferPointer { KeyInterner.hash($0) }
      t.add(code, p, sum: sum, hash: hash)
      let name = String(decoding: ids.bytes(code), as: UTF8.self)
      let key = Cell(v: Int(name.dropFirst()) ?? -1, p: p)
      ref[key, default: (0, 0)].sum += sum
      ref[key, default: (0, 0)].count += 1
    }
  }

  /// Every entry, keyed by the id's number, checking that the parts are
  /// disjoint and each volunteer's periods consecutive and increasing.
  static func entries(_ t: CodePeriodTotals, _ ids: KeyInterner) -> (Reference, [String]) {
    var out: Reference = [:]
    var problems: [String] = []
    var seenVolunteers = Set<Int>()
    for j in 0..<CodePeriodTotals.parts {
      var last = (v: -1, p: Int.min)
      t.forEach(part: j) { v, p, sum, count in
        if v == last.v {
          if p <= last.p { problems.append("volunteer \(v): period \(p) after \(last.p)") }
        } else if !seenVolunteers.insert(v).inserted {
          problems.append("volunteer \(v) visited twice")
        }
        last = (v, p)
        let name = String(decoding: ids.bytes(Int32(v)), as: UTF8.self)
        out[Cell(v: Int(name.dropFirst()) ?? -1, p: p)] = (sum, count)
      }
    }
    return (out, problems)
  }

  static func same(_ a: Reference, _ b: Reference) -> Bool {
    a.count == b.count && a.allSatisfy { k, x in b[k].map { $0.sum == x.sum && $0.count == x.count } ?? false }
  }

  @Test(arguments: [true, false])
  func denseGridAndMapsHoldTheSameTotals(byHash: Bool) throws {
    var t = CodePeriodTotals(partitionByHash: byHash)
    var ids = KeyInterner()
    var ref: Reference = [:]
    Self.fill(&t, &ids, &ref, seed: 1, records: 5_000, volunteers: 700, periods: 2012...2024)
    #expect(t.isDense)
    let (dense, problems) = Self.entries(t, ids)
    #expect(problems.isEmpty, "\(problems.prefix(3))")
    #expect(Self.same(dense, ref))
    t.convertToMaps(ids)
    #expect(!t.isDense)
    let (mapped, mapProblems) = Self.entries(t, ids)
    #expect(mapProblems.isEmpty, "\(mapProblems.prefix(3))")
    #expect(Self.same(mapped, ref))
  }

  /// Chunks with different windows and codes merge into the same totals,
  /// grid with grid and grid with maps.
  @Test(arguments: [false, true], [true, false])
  func chunksMerge(secondAsMaps: Bool, byHash: Bool) throws {
    var a = CodePeriodTotals(partitionByHash: byHash)
    var aIds = KeyInterner()
    var b = CodePeriodTotals(partitionByHash: byHash)
    var bIds = KeyInterner()
    var ref: Reference = [:]
    Self.fill(&a, &aIds, &ref, seed: 2, records: 3_000, volunteers: 500, periods: 2015...2020)
    Self.fill(&b, &bIds, &ref, seed: 3, records: 3_000, volunteers: 900, periods: 2010...2017)
    if secondAsMaps { b.convertToMaps(bIds) }
    let vmap = aIds.absorb(bIds)
    a.merge(b, vmap: vmap, ids: aIds, theirIds: bIds)
    #expect(a.isDense == !secondAsMaps)
    let (merged, problems) = Self.entries(a, aIds)
    #expect(problems.isEmpty, "\(problems.prefix(3))")
    #expect(Self.same(merged, ref))
  }

  /// Many periods, each volunteer active in few of them (or one stray date
  /// centuries away): the grid gives way to the maps instead of allocating
  /// volunteers × periods cells.
  @Test(arguments: [true, false])
  func sparseGridGivesWayToMaps(byHash: Bool) throws {
    var t = CodePeriodTotals(partitionByHash: byHash)
    var ids = KeyInterner()
    var ref: Reference = [:]
    Self.fill(&t, &ids, &ref, seed: 4, records: 20_000, volunteers: 20_000, periods: 24_000...24_999)
    #expect(!t.isDense)
    #expect(Self.same(Self.entries(t, ids).0, ref))

    var u = CodePeriodTotals(partitionByHash: byHash)
    var uIds = KeyInterner()
    var uRef: Reference = [:]
    Self.fill(&u, &uIds, &uRef, seed: 5, records: 300_000, volunteers: 100_000, periods: 24_200...24_202)
    #expect(u.isDense)
    Self.fill(&u, &uIds, &uRef, seed: 6, records: 1, volunteers: 10, periods: 12...12)
    #expect(!u.isDense)
    #expect(Self.same(Self.entries(u, uIds).0, uRef))
  }
}
