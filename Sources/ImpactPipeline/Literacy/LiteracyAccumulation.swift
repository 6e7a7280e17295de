import Dispatch
import ImpactCore
import ImpactIngest
import ImpactStats
import Synchronization

extension LiteracyJob {
  // MARK: - Accumulation

  static func accumulate(
    waves: LoadedWaves, pairing: Pairing, design: LiteracyDesign, groups: Groups, parallelism: Int
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
          for i in lo..<hi {
            let (a, b) = m[i]
            let x = UnsafeBufferPointer(
              rebasing: pv[(Int(a) * pre.width + waves.preOffset)..<(Int(a) * pre.width + waves.preOffset + k)])
            let y = UnsafeBufferPointer(
              rebasing: qv[(Int(b) * post.width + waves.postOffset)..<(Int(b) * post.width + waves.postOffset + k)])
            overall.addMatched(pre: x, post: y)
            for g in 0..<groupCount {
              let code = groups.code(g, preRow: a, postRow: b, waves: waves)
              groupAcc[g][code, default: LiteracyAccumulator(design: design)].addMatched(pre: x, post: y)
            }
          }
          // Respondents in one wave only: split the same way.
          let op = pairing.onlyPre
          for i in (op.count * part / parts)..<(op.count * (part + 1) / parts) {
            let a = op[i]
            let x = UnsafeBufferPointer(
              rebasing: pv[(Int(a) * pre.width + waves.preOffset)..<(Int(a) * pre.width + waves.preOffset + k)])
            overall.addBaselineOnly(pre: x)
            for g in 0..<groupCount {
              let code = groups.code(g, preRow: a, postRow: nil, waves: waves)
              groupAcc[g][code, default: LiteracyAccumulator(design: design)].addBaselineOnly(pre: x)
            }
          }
          let oq = pairing.onlyPost
          for i in (oq.count * part / parts)..<(oq.count * (part + 1) / parts) {
            let b = oq[i]
            let y = UnsafeBufferPointer(
              rebasing: qv[(Int(b) * post.width + waves.postOffset)..<(Int(b) * post.width + waves.postOffset + k)])
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
