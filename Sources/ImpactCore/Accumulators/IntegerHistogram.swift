/// Exact counts of integer values (e.g. score differences in units of
/// 10^−scale): a dense window around zero for the common small values and a
/// dictionary for the rest. Merging adds counts, so any split merges exactly.
///
/// - Complexity: O(1) per value; memory O(window + distinct outliers).
public struct IntegerHistogram: Sendable, Equatable {
  private static let window = 256
  private var dense = [Int](repeating: 0, count: 2 * window + 1)
  private var sparse: [Int64: Int] = [:]
  /// Total number of values.
  public private(set) var total = 0

  public init() {}

  /// Adds `count` occurrences of `v`.
  @inline(__always)
  public mutating func add(_ v: Int64, count: Int = 1) {
    total += count
    if v >= -Int64(Self.window) && v <= Int64(Self.window) {
      dense[Int(v) + Self.window] += count
    } else {
      sparse[v, default: 0] += count
    }
  }

  /// Adds one occurrence of every value in `values`.
  mutating func add(contentsOf values: UnsafeBufferPointer<Int64>) {
    let w = Int64(Self.window)
    var outliers: [Int64] = []
    dense.withUnsafeMutableBufferPointer { d in
      for v in values {
        if v >= -w && v <= w {
          d[Int(v + w)] &+= 1
        } else {
          outliers.append(v)
        }
      }
    }
    total += values.count - outliers.count
    for v in outliers { add(v) }
  }

  /// Adds all counts of another histogram.
  public mutating func merge(_ o: IntegerHistogram) {
    for i in 0..<dense.count { dense[i] += o.dense[i] }
    for (v, c) in o.sparse { sparse[v, default: 0] += c }
    total += o.total
  }

  /// Distinct values ascending with their counts.
  public var sorted: [(value: Int64, count: Int)] {
    var out: [(value: Int64, count: Int)] = []
    for (v, c) in sparse where v < 0 { out.append((v, c)) }
    out.sort { $0.value < $1.value }
    for i in 0..<dense.count where dense[i] > 0 { out.append((Int64(i - Self.window), dense[i])) }
    var high: [(value: Int64, count: Int)] = sparse.filter { $0.key > 0 }.map { ($0.key, $0.value) }
    high.sort { $0.value < $1.value }
    return out + high
  }

  /// Number of values below, equal to and above zero.
  public var signCounts: (negative: Int, zero: Int, positive: Int) {
    var neg = 0
    var pos = 0
    for i in 0..<Self.window { neg += dense[i] }
    for i in (Self.window + 1)..<dense.count { pos += dense[i] }
    for (v, c) in sparse {
      if v < 0 { neg += c } else { pos += c }
    }
    return (neg, dense[Self.window], pos)
  }
}
