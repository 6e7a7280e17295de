public import ImpactCore

/// Counts of what was read, excluded and why, for one population; mergeable
/// by addition.
public struct LiteracyCounts: Sendable, Equatable, Codable {
  /// Data rows read in each wave.
  public var rowsPre = 0
  public var rowsPost = 0
  /// Rows skipped for structure problems (`--on-bad-row skip`).
  public var skippedRowsPre = 0
  public var skippedRowsPost = 0
  /// Rows without an id.
  public var blankIdsPre = 0
  public var blankIdsPost = 0
  /// Ids that occur more than once within a wave, and the rows they cover.
  /// All rows of such an id are excluded (it is unknowable which is right).
  public var duplicateIdsPre = 0
  public var duplicateRowsPre = 0
  public var duplicateIdsPost = 0
  public var duplicateRowsPost = 0
  /// Respondents in both waves (paired by id).
  public var matched = 0
  /// Respondents only at baseline (dropouts) and only at endline.
  public var onlyPre = 0
  public var onlyPost = 0
  /// Per indicator: values outside the declared scale, text that is not a
  /// number, and missing answers (blank, NA, missing codes), per wave.
  public var outOfScalePre: [Int]
  public var outOfScalePost: [Int]
  public var nonNumericPre: [Int]
  public var nonNumericPost: [Int]
  public var missingPre: [Int]
  public var missingPost: [Int]

  public init(indicators k: Int) {
    outOfScalePre = Array(repeating: 0, count: k)
    outOfScalePost = outOfScalePre
    nonNumericPre = outOfScalePre
    nonNumericPost = outOfScalePre
    missingPre = outOfScalePre
    missingPost = outOfScalePre
  }

  public mutating func merge(_ o: LiteracyCounts) {
    rowsPre += o.rowsPre
    rowsPost += o.rowsPost
    skippedRowsPre += o.skippedRowsPre
    skippedRowsPost += o.skippedRowsPost
    blankIdsPre += o.blankIdsPre
    blankIdsPost += o.blankIdsPost
    duplicateIdsPre += o.duplicateIdsPre
    duplicateRowsPre += o.duplicateRowsPre
    duplicateIdsPost += o.duplicateIdsPost
    duplicateRowsPost += o.duplicateRowsPost
    matched += o.matched
    onlyPre += o.onlyPre
    onlyPost += o.onlyPost
    for j in 0..<outOfScalePre.count {
      outOfScalePre[j] += o.outOfScalePre[j]
      outOfScalePost[j] += o.outOfScalePost[j]
      nonNumericPre[j] += o.nonNumericPre[j]
      nonNumericPost[j] += o.nonNumericPost[j]
      missingPre[j] += o.missingPre[j]
      missingPost[j] += o.missingPost[j]
    }
  }
}

/// The complete, mergeable state of a literacy (before/after) analysis of one
/// population: per-indicator paired accumulators, the composite, the
/// cross-product matrices for reliability and change correlations, and the
/// baseline scores of completers and dropouts for the attrition check.
///
/// Feed it respondents one at a time (`addMatched`, `addBaselineOnly`,
/// `addEndlineOnly`) with answers in indicator order (NaN = missing), from any
/// number of threads or machines, then `merged(with:)` and `finalize`.
public struct LiteracyAccumulator: Sendable {
  public private(set) var design: LiteracyDesign
  public var counts: LiteracyCounts
  public private(set) var indicators: [PairedAccumulator]
  public private(set) var composite: PairedAccumulator?
  /// Matched respondents without a composite (some answer missing).
  public private(set) var compositeIncomplete = 0
  /// Matched respondents who answered every indicator at baseline / endline.
  public private(set) var completeAtPre = 0
  public private(set) var completeAtPost = 0
  /// Cross-products of the baseline (endline) answers of respondents who
  /// answered every indicator in that wave (all respondents of the wave).
  public private(set) var itemsPre: CrossProducts
  public private(set) var itemsPost: CrossProducts
  /// Cross-products of the direction-adjusted changes of matched
  /// respondents who answered every indicator in both waves.
  public private(set) var changes: CrossProducts
  /// Baseline scores of matched respondents (completers) and of dropouts.
  public private(set) var completersPre: [UnivariateMoments]
  public private(set) var dropoutsPre: [UnivariateMoments]
  /// Survey-design totals (`--weight/--strata/--cluster/--fpc`), fed by the
  /// job; `nil` without a design.
  public var survey: SurveyDesignAccumulator?

  private(set) var compositeScore: CompositeScore?
  private var rowBuffer: [Int64]
  private var preUnits: [Int64]
  private var postUnits: [Int64]
  /// When every indicator is exact: the common scale all exact accumulators use.
  private var common: Int?
  private let signs: [Int64]

  public init(design: LiteracyDesign) {
    self.design = design
    let k = design.indicators.count
    counts = LiteracyCounts(indicators: k)
    common = design.commonScale
    indicators = design.indicators.indices.map { [common] j in
      let def = design.indicators[j]
      return PairedAccumulator(
        scale: common ?? design.scales[j], passRule: def.passes, bounds: def.scale ?? design.compositeRanges?[j])
    }
    preUnits = Array(repeating: 0, count: k)
    postUnits = Array(repeating: 0, count: k)
    signs = design.indicators.map { $0.higherIsBetter ? 1 : -1 }
    compositeScore = CompositeScore(design: design)
    composite = compositeScore?.makeAccumulator()
    let s = design.commonScale
    itemsPre = CrossProducts(variables: k, scale: s)
    itemsPost = CrossProducts(variables: k, scale: s)
    changes = CrossProducts(variables: k, scale: s)
    let commonScale = common
    completersPre = design.scales.map { UnivariateMoments(scale: commonScale ?? $0) }
    dropoutsPre = completersPre
    rowBuffer = Array(repeating: 0, count: k)
  }

  /// Adds a respondent present in both waves.
  /// - Parameters: `pre`, `post`: answers in indicator order, NaN = missing
  ///   (one per indicator).
  package mutating func addMatched(pre: Span<Double>, post: Span<Double>) {
    let k = indicators.count
    precondition(pre.count == k && post.count == k, "one answer per indicator in each wave")
    pre.withUnsafeBufferPointer { x in post.withUnsafeBufferPointer { y in addMatchedRow(pre: x, post: y) } }
  }

  @inline(__always)
  private mutating func addMatchedRow(pre: UnsafeBufferPointer<Double>, post: UnsafeBufferPointer<Double>) {
    if let s = common {
      addMatchedExact(pre: pre, post: post, unit: powerOfTen(s))
      return
    }
    let k = indicators.count
    counts.matched += 1
    var completePre = true
    var completePost = true
    for j in 0..<k {
      let a = pre[j]
      let b = post[j]
      if a.isNaN { completePre = false }
      if b.isNaN { completePost = false }
      indicators[j].add(pre: a, post: b)
      completersPre[j].add(a)
    }
    if completePre {
      completeAtPre += 1
      addItems(pre, to: \.itemsPre)
    }
    if completePost {
      completeAtPost += 1
      addItems(post, to: \.itemsPost)
    }
    if completePre && completePost {
      addChanges(pre: pre, post: post)
      if let cs = compositeScore {
        if cs.exactScale != nil, let a = cs.exactUnits(pre), let b = cs.exactUnits(post) {
          composite?.add(preMantissa: a, postMantissa: b)
        } else if let a = cs.value(pre), let b = cs.value(post) {
          composite?.add(pre: a, post: b)
        }
      }
    } else if compositeScore != nil {
      compositeIncomplete += 1
    }
  }

  /// The exact path: every answer becomes a mantissa once, and every
  /// accumulator works on integers.
  @inline(__always)
  private mutating func addMatchedExact(
    pre: UnsafeBufferPointer<Double>, post: UnsafeBufferPointer<Double>, unit u: Double
  ) {
    let k = indicators.count
    let missing = PairedAccumulator.missingMantissa
    counts.matched += 1
    var completePre = true
    var completePost = true
    for j in 0..<k {
      let x = pre[j]
      let y = post[j]
      if x.isNaN {
        completePre = false
        preUnits[j] = missing
      } else {
        preUnits[j] = nearestInt64(x * u)
      }
      if y.isNaN {
        completePost = false
        postUnits[j] = missing
      } else {
        postUnits[j] = nearestInt64(y * u)
      }
      indicators[j].add(mantissaPre: preUnits[j], mantissaPost: postUnits[j], unit: u)
      if preUnits[j] != missing { completersPre[j].add(mantissa: preUnits[j], unit: u) }
    }
    if completePre {
      completeAtPre += 1
      itemsPre.add(mantissas: preUnits)
    }
    if completePost {
      completeAtPost += 1
      itemsPost.add(mantissas: postUnits)
    }
    if completePre && completePost {
      for j in 0..<k { rowBuffer[j] = signs[j] * (postUnits[j] - preUnits[j]) }
      changes.add(mantissas: rowBuffer)
      if let cs = compositeScore {
        if cs.exactScale != nil {
          let a = preUnits.withUnsafeBufferPointer { cs.exactUnits(mantissas: $0) }
          let b = postUnits.withUnsafeBufferPointer { cs.exactUnits(mantissas: $0) }
          composite?.add(preMantissa: a, postMantissa: b)
        } else if let a = cs.value(pre), let b = cs.value(post) {
          composite?.add(pre: a, post: b)
        }
      }
    } else if compositeScore != nil {
      compositeIncomplete += 1
    }
  }

  /// Adds `n` matched respondents whose answers are packed row after row
  /// (n × k, NaN = missing) in `pre` and `post`: the same state as one
  /// `addMatched` per row. On the exact path the block is turned into
  /// column-major mantissas once and every accumulator runs a tight loop per
  /// indicator (sums in 64-bit integers per block).
  package mutating func addMatched(rows n: Int, pre: Span<Double>, post: Span<Double>) {
    let k = indicators.count
    precondition(n >= 0 && pre.count >= n * k && post.count >= n * k, "blocks shorter than rows × indicators")
    pre.withUnsafeBufferPointer { x in
      post.withUnsafeBufferPointer { y in addMatchedBlock(rows: n, pre: x, post: y) }
    }
  }

  private mutating func addMatchedBlock(
    rows n: Int, pre: UnsafeBufferPointer<Double>, post: UnsafeBufferPointer<Double>
  ) {
    let k = indicators.count
    guard let s = common, n > 0, k > 0 else {
      for i in 0..<n {
        addMatchedRow(
          pre: UnsafeBufferPointer(rebasing: pre[(i * k)..<(i * k + k)]),
          post: UnsafeBufferPointer(rebasing: post[(i * k)..<(i * k + k)]))
      }
      return
    }
    let u = powerOfTen(s)
    let missing = PairedAccumulator.missingMantissa
    counts.matched += n
    withUnsafeTemporaryAllocation(of: Int64.self, capacity: 3 * k * n + 2 * n + k) { buf in
      let pu = buf.baseAddress!
      let qu = pu + k * n
      let ch = qu + k * n
      let compositePre = ch + k * n
      let compositePost = compositePre + n
      withUnsafeTemporaryAllocation(of: Int32.self, capacity: 3 * n) { idx in
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 2 * n) { flags in
          let completePre = flags.baseAddress!
          let completePost = completePre + n
          for i in 0..<n {
            completePre[i] = 1
            completePost[i] = 1
          }
          for j in 0..<k {
            let pcol = pu + j * n
            let qcol = qu + j * n
            for i in 0..<n {
              let x = pre[i * k + j]
              let y = post[i * k + j]
              if x.isNaN {
                pcol[i] = missing
                completePre[i] = 0
              } else {
                pcol[i] = nearestInt64(x * u)
              }
              if y.isNaN {
                qcol[i] = missing
                completePost[i] = 0
              } else {
                qcol[i] = nearestInt64(y * u)
              }
            }
            indicators[j].add(
              mantissasPre: UnsafeBufferPointer(start: pcol, count: n),
              post: UnsafeBufferPointer(start: qcol, count: n), unit: u)
            completersPre[j].add(
              mantissas: UnsafeBufferPointer(start: pcol, count: n).span, skipping: missing, unit: u)
          }
          let rowsPre = idx.baseAddress!
          let rowsPost = rowsPre + n
          let rowsBoth = rowsPost + n
          var nPre = 0
          var nPost = 0
          var nBoth = 0
          for i in 0..<n {
            let a = completePre[i] != 0
            let b = completePost[i] != 0
            if a {
              rowsPre[nPre] = Int32(i)
              nPre += 1
            }
            if b {
              rowsPost[nPost] = Int32(i)
              nPost += 1
            }
            if a && b {
              rowsBoth[nBoth] = Int32(i)
              nBoth += 1
            }
          }
          completeAtPre += nPre
          completeAtPost += nPost
          itemsPre.add(
            columns: UnsafeBufferPointer(start: pu, count: k * n).span, stride: n,
            rows: UnsafeBufferPointer(start: rowsPre, count: nPre).span)
          itemsPost.add(
            columns: UnsafeBufferPointer(start: qu, count: k * n).span, stride: n,
            rows: UnsafeBufferPointer(start: rowsPost, count: nPost).span)
          for j in 0..<k {
            let sign = signs[j]
            for t in 0..<nBoth {
              let i = Int(rowsBoth[t])
              ch[j * n + i] = sign &* (qu[j * n + i] &- pu[j * n + i])
            }
          }
          changes.add(
            columns: UnsafeBufferPointer(start: ch, count: k * n).span, stride: n,
            rows: UnsafeBufferPointer(start: rowsBoth, count: nBoth).span)
          guard let cs = compositeScore else { return }
          compositeIncomplete += n - nBoth
          if cs.exactScale != nil {
            // Column by column (the same integer sums as `exactUnits`).
            for t in 0..<nBoth {
              compositePre[t] = 0
              compositePost[t] = 0
            }
            for j in 0..<k {
              let w = cs.weights[j]
              let lo = cs.minUnits[j]
              let hi = cs.maxUnits[j]
              let up = cs.higherIsBetter[j]
              let pcol = pu + j * n
              let qcol = qu + j * n
              for t in 0..<nBoth {
                let i = Int(rowsBoth[t])
                compositePre[t] += w * (up ? pcol[i] - lo : hi - pcol[i])
                compositePost[t] += w * (up ? qcol[i] - lo : hi - qcol[i])
              }
            }
            composite?.add(
              mantissasPre: UnsafeBufferPointer(start: compositePre, count: nBoth),
              post: UnsafeBufferPointer(start: compositePost, count: nBoth), unit: 1)
          } else {
            for t in 0..<nBoth {
              let i = Int(rowsBoth[t])
              let x = UnsafeBufferPointer(rebasing: pre[(i * k)..<(i * k + k)])
              let y = UnsafeBufferPointer(rebasing: post[(i * k)..<(i * k + k)])
              if let a = cs.value(x), let b = cs.value(y) { composite?.add(pre: a, post: b) }
            }
          }
        }
      }
    }
  }

  /// Adds a respondent present only at baseline (a dropout): one answer
  /// per indicator.
  package mutating func addBaselineOnly(pre: Span<Double>) {
    precondition(pre.count == indicators.count, "one answer per indicator")
    pre.withUnsafeBufferPointer { addBaselineOnlyRow(pre: $0) }
  }

  private mutating func addBaselineOnlyRow(pre: UnsafeBufferPointer<Double>) {
    counts.onlyPre += 1
    var complete = true
    for j in 0..<indicators.count {
      if pre[j].isNaN { complete = false }
      dropoutsPre[j].add(pre[j])
    }
    if complete { addItems(pre, to: \.itemsPre) }
  }

  /// Adds a respondent present only at endline: one answer per indicator.
  package mutating func addEndlineOnly(post: Span<Double>) {
    precondition(post.count == indicators.count, "one answer per indicator")
    post.withUnsafeBufferPointer { addEndlineOnlyRow(post: $0) }
  }

  private mutating func addEndlineOnlyRow(post: UnsafeBufferPointer<Double>) {
    counts.onlyPost += 1
    if (0..<indicators.count).allSatisfy({ !post[$0].isNaN }) { addItems(post, to: \.itemsPost) }
  }

  @inline(__always)
  private mutating func addItems(
    _ values: UnsafeBufferPointer<Double>, to path: WritableKeyPath<LiteracyAccumulator, CrossProducts>
  ) {
    let k = indicators.count
    if let s = self[keyPath: path].scale {
      let u = powerOfTen(s)
      for j in 0..<k { rowBuffer[j] = nearestInt64(values[j] * u) }
      self[keyPath: path].add(mantissas: rowBuffer)
    } else {
      self[keyPath: path].add(values: Array(values))
    }
  }

  @inline(__always)
  private mutating func addChanges(pre: UnsafeBufferPointer<Double>, post: UnsafeBufferPointer<Double>) {
    let k = indicators.count
    if let s = changes.scale {
      let u = powerOfTen(s)
      for j in 0..<k {
        let d = nearestInt64(post[j] * u) - nearestInt64(pre[j] * u)
        rowBuffer[j] = design.indicators[j].higherIsBetter ? d : -d
      }
      changes.add(mantissas: rowBuffer)
    } else {
      changes.add(
        values: (0..<k).map { j in
          let d = post[j] - pre[j]
          return design.indicators[j].higherIsBetter ? d : -d
        })
    }
  }

  /// Combines two accumulators of compatible designs (see
  /// `LiteracyDesign.isCompatible`). Accumulators built at different decimal
  /// places are rescaled, or continued in floating point.
  public func merged(with o: LiteracyAccumulator) -> LiteracyAccumulator {
    precondition(design.isCompatible(with: o.design), "cannot merge literacy accumulators of different designs")
    var r = self
    if design != o.design {
      r.design = design.unified(with: o.design)
      r.common = r.design.commonScale
      r.compositeScore = CompositeScore(design: r.design)
    }
    r.counts.merge(o.counts)
    for j in 0..<indicators.count {
      r.indicators[j] = indicators[j].merged(with: o.indicators[j])
      r.completersPre[j] = completersPre[j].merged(with: o.completersPre[j])
      r.dropoutsPre[j] = dropoutsPre[j].merged(with: o.dropoutsPre[j])
    }
    if let a = composite, let b = o.composite { r.composite = a.merged(with: b) }
    r.compositeIncomplete += o.compositeIncomplete
    r.completeAtPre += o.completeAtPre
    r.completeAtPost += o.completeAtPost
    r.itemsPre = itemsPre.merged(with: o.itemsPre)
    r.itemsPost = itemsPost.merged(with: o.itemsPost)
    r.changes = changes.merged(with: o.changes)
    if let a = survey, let b = o.survey { r.survey = a.merged(with: b) }
    return r
  }
}

extension LiteracyAccumulator: Codable {
  enum CodingKeys: String, CodingKey {
    case design, counts, indicators, composite, compositeIncomplete, completeAtPre, completeAtPost, itemsPre, itemsPost
    case changes, completersPre, dropoutsPre, survey
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(design, forKey: .design)
    try c.encode(counts, forKey: .counts)
    try c.encode(indicators, forKey: .indicators)
    try c.encodeIfPresent(composite, forKey: .composite)
    try c.encode(compositeIncomplete, forKey: .compositeIncomplete)
    try c.encode(completeAtPre, forKey: .completeAtPre)
    try c.encode(completeAtPost, forKey: .completeAtPost)
    try c.encode(itemsPre, forKey: .itemsPre)
    try c.encode(itemsPost, forKey: .itemsPost)
    try c.encode(changes, forKey: .changes)
    try c.encode(completersPre, forKey: .completersPre)
    try c.encode(dropoutsPre, forKey: .dropoutsPre)
    try c.encodeIfPresent(survey, forKey: .survey)
  }

  /// Decodes and validates (a partial file is untrusted input): sizes match
  /// the design's indicators, counts are in range and consistent.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    let design = try c.decode(LiteracyDesign.self, forKey: .design)
    let k = design.indicators.count
    let path = c.codingPath
    func fail(_ what: String) -> DecodingError { DecodedBounds.corrupted(path, what) }
    guard k <= DecodedBounds.maximumVariables, design.scales.count == k,
      design.compositeRanges.map({ $0.count == k }) ?? true
    else { throw fail("design: scales and ranges must list the \(k) indicators") }
    for s in design.scales { if let s { _ = try DecodedBounds.scale(s, path) } }
    self.init(design: design)
    counts = try c.decode(LiteracyCounts.self, forKey: .counts)
    indicators = try c.decode([PairedAccumulator].self, forKey: .indicators)
    composite = try c.decodeIfPresent(PairedAccumulator.self, forKey: .composite)
    compositeIncomplete = try DecodedBounds.count(
      c.decode(Int.self, forKey: .compositeIncomplete), "compositeIncomplete", path)
    completeAtPre = try DecodedBounds.count(c.decode(Int.self, forKey: .completeAtPre), "completeAtPre", path)
    completeAtPost = try DecodedBounds.count(c.decode(Int.self, forKey: .completeAtPost), "completeAtPost", path)
    itemsPre = try c.decode(CrossProducts.self, forKey: .itemsPre)
    itemsPost = try c.decode(CrossProducts.self, forKey: .itemsPost)
    changes = try c.decode(CrossProducts.self, forKey: .changes)
    completersPre = try c.decode([UnivariateMoments].self, forKey: .completersPre)
    dropoutsPre = try c.decode([UnivariateMoments].self, forKey: .dropoutsPre)
    survey = try c.decodeIfPresent(SurveyDesignAccumulator.self, forKey: .survey)
    guard indicators.count == k, completersPre.count == k, dropoutsPre.count == k, itemsPre.variables == k,
      itemsPost.variables == k, changes.variables == k
    else { throw fail("accumulator sizes do not match the \(k) indicators") }
    try counts.validate(indicators: k, path)
    for (j, a) in indicators.enumerated() { try a.validate("indicators[\(j)]", path) }
    try composite?.validate("composite", path)
    for s in completersPre + dropoutsPre { if let x = s.scale { _ = try DecodedBounds.scale(x, path) } }
  }
}

extension LiteracyCounts {
  /// Every count in 0...2⁵³ and one entry per indicator in each list.
  func validate(indicators k: Int, _ path: [any CodingKey]) throws {
    let scalars = [
      ("rowsPre", rowsPre), ("rowsPost", rowsPost), ("skippedRowsPre", skippedRowsPre),
      ("skippedRowsPost", skippedRowsPost), ("blankIdsPre", blankIdsPre), ("blankIdsPost", blankIdsPost),
      ("duplicateIdsPre", duplicateIdsPre), ("duplicateRowsPre", duplicateRowsPre),
      ("duplicateIdsPost", duplicateIdsPost), ("duplicateRowsPost", duplicateRowsPost), ("matched", matched),
      ("onlyPre", onlyPre), ("onlyPost", onlyPost),
    ]
    for (name, n) in scalars { _ = try DecodedBounds.count(n, "counts.\(name)", path) }
    let lists = [
      ("outOfScalePre", outOfScalePre), ("outOfScalePost", outOfScalePost), ("nonNumericPre", nonNumericPre),
      ("nonNumericPost", nonNumericPost), ("missingPre", missingPre), ("missingPost", missingPost),
    ]
    for (name, list) in lists {
      guard list.count == k else {
        throw DecodedBounds.corrupted(path, "counts.\(name) has \(list.count) entries for \(k) indicators")
      }
      for n in list { _ = try DecodedBounds.count(n, "counts.\(name)", path) }
    }
  }

  /// Every count, the per-indicator lists included (for bounding sums).
  public var all: [Int] {
    [
      rowsPre, rowsPost, skippedRowsPre, skippedRowsPost, blankIdsPre, blankIdsPost, duplicateIdsPre,
      duplicateRowsPre, duplicateIdsPost, duplicateRowsPost, matched, onlyPre, onlyPost,
    ] + outOfScalePre + outOfScalePost + nonNumericPre + nonNumericPost + missingPre + missingPost
  }
}
