import Dispatch
import ImpactCore
import ImpactIngest
import ImpactStats
import Synchronization

extension LiteracyJob {
  // MARK: - Accumulation

  static func accumulate(
    waves: LoadedWaves, pairing: RespondentPairing, design: LiteracyDesign, groups: Groups, parallelism: Int
  ) -> (LiteracyAccumulator, [[Int32: LiteracyAccumulator]]) {
    let k = design.indicators.count
    let parts = max(1, min(parallelism, pairing.matched.count / 20_000 + 1))
    struct Part: Sendable {
      var overall: LiteracyAccumulator
      var groups: [[Int32: LiteracyAccumulator]]
    }
    let results = Mutex<[Part?]>(Array(repeating: nil, count: parts))
    let groupCount = groups.columns.count
    let work: @Sendable (Int) -> Void = { part in
      var overall = LiteracyAccumulator(design: design)
      var groupAcc = [[Int32: LiteracyAccumulator]](repeating: [:], count: groupCount)
      let pre = waves.pre
      let post = waves.post
      pre.values.withUnsafeBufferPointer { pv in
        post.values.withUnsafeBufferPointer { qv in
          let m = pairing.matched
          let lo = m.count * part / parts
          let hi = m.count * (part + 1) / parts
          // Matched pairs in blocks: both rows of every pair are gathered
          // into contiguous buffers first, then added as one block. The
          // endline rows lie in random order: a first pass copies one value
          // per cache line of each of the block's endline rows (short
          // independent loads, so many cache and TLB misses overlap), the
          // second the rest from cache.
          let blockRows = 1024
          var preBlock = [Double](repeating: 0, count: blockRows * k)
          var postBlock = preBlock
          // The columns of the first pass: every 8th (one per 64 bytes) and
          // the last; the second pass copies the others.
          let touched = Array(Set(Swift.stride(from: 0, to: k, by: 8)).union(k > 0 ? [k - 1] : [])).sorted()
          let others = (0..<k).filter { !touched.contains($0) }
          var start = lo
          while start < hi {
            let end = min(hi, start + blockRows)
            preBlock.withUnsafeMutableBufferPointer { xb in
              postBlock.withUnsafeMutableBufferPointer { yb in
                var o = 0
                for i in start..<end {
                  let qb = Int(m[i].post) * post.width + waves.postOffset
                  for j in touched { yb[o + j] = qv[qb + j] }
                  o += k
                }
                o = 0
                for i in start..<end {
                  let (a, b) = m[i]
                  let pa = Int(a) * pre.width + waves.preOffset
                  let qb = Int(b) * post.width + waves.postOffset
                  for j in 0..<k { xb[o + j] = pv[pa + j] }
                  for j in others { yb[o + j] = qv[qb + j] }
                  o += k
                }
                let count = end - start
                overall.addMatched(
                  rows: count, pre: xb.extracting(0..<(count * k)).span, post: yb.extracting(0..<(count * k)).span)
                for g in 0..<groupCount {
                  for i in start..<end {
                    let (a, b) = m[i]
                    let o = (i - start) * k
                    let code = groups.code(g, preRow: a, postRow: b, waves: waves)
                    groupAcc[g][code, default: LiteracyAccumulator(design: design)].addMatched(
                      pre: xb.extracting(o..<(o + k)).span, post: yb.extracting(o..<(o + k)).span)
                  }
                }
              }
            }
            start = end
          }
          // Respondents in one wave only: split the same way.
          let op = pairing.onlyPre
          for i in (op.count * part / parts)..<(op.count * (part + 1) / parts) {
            let a = op[i]
            let x = pv.extracting((Int(a) * pre.width + waves.preOffset)..<(Int(a) * pre.width + waves.preOffset + k))
              .span
            overall.addBaselineOnly(pre: x)
            for g in 0..<groupCount {
              let code = groups.code(g, preRow: a, postRow: nil, waves: waves)
              groupAcc[g][code, default: LiteracyAccumulator(design: design)].addBaselineOnly(pre: x)
            }
          }
          let oq = pairing.onlyPost
          for i in (oq.count * part / parts)..<(oq.count * (part + 1) / parts) {
            let b = oq[i]
            let y = qv.extracting(
              (Int(b) * post.width + waves.postOffset)..<(Int(b) * post.width + waves.postOffset + k)
            ).span
            overall.addEndlineOnly(post: y)
            for g in 0..<groupCount {
              let code = groups.code(g, preRow: nil, postRow: b, waves: waves)
              groupAcc[g][code, default: LiteracyAccumulator(design: design)].addEndlineOnly(post: y)
            }
          }
        }
      }
      let finished = Part(overall: overall, groups: groupAcc)
      results.withLock { $0[part] = finished }
    }
    if parts == 1 {
      work(0)
    } else {
      DispatchQueue.concurrentPerform(iterations: parts, execute: work)
    }
    let all = results.withLock { $0 }.compactMap { $0 }
    var overall = all[0].overall
    var groupAcc = all[0].groups
    for p in all.dropFirst() {
      overall = overall.merged(with: p.overall)
      for g in 0..<groupCount {
        for (code, acc) in p.groups[g] {
          if let existing = groupAcc[g][code] {
            groupAcc[g][code] = existing.merged(with: acc)
          } else {
            groupAcc[g][code] = acc
          }
        }
      }
    }
    return (overall, groupAcc)
  }

}
