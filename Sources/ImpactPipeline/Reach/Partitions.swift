// Hash partitions merged on all cores. Tables keyed by ids are split by the
// top bits of the id hash, so partition j of one chunk only ever meets
// partition j of another: the merges of different partitions are
// independent and run in parallel.
import Dispatch
import Synchronization

enum Partitions {
  /// Bits of the id hash that choose a partition; 4 partitions keep both
  /// cores busy even when the partitions differ in size.
  static let bits = 2
  static let count = 1 << bits

  /// The partition of an id with this 64-bit hash (its top bits; the tables
  /// use the low bits for slots).
  @inline(__always)
  static func of(_ hash: UInt64) -> Int { Int(hash >> UInt64(64 - bits)) }

  /// Calls `body(j, &items[j])` for every j on all cores and returns the
  /// items. Each call owns its item outright (taken out of the array, never
  /// shared), so mutating a large table does not copy it.
  static func transform<T: Sendable>(_ items: consuming [T], _ body: @Sendable (Int, inout T) -> Void) -> [T] {
    var owned: [T?] = []
    owned.reserveCapacity(items.count)
    while let last = items.popLast() { owned.append(last) }
    owned.reverse()
    let n = owned.count
    let box = Mutex<[T?]>(owned)
    owned = []
    DispatchQueue.concurrentPerform(iterations: n) { j in
      var item = box.withLock { s -> T in
        let taken = s[j]!
        s[j] = nil
        return taken
      }
      body(j, &item)
      box.withLock { $0[j] = item }
    }
    let done = box.withLock { s -> [T?] in
      let all = s
      s = []
      return all
    }
    return done.map { $0! }
  }
}
