import Testing

@testable import ImpactCore

@Suite struct TableTests {
  @Test func missingMaskAppendsAndCounts() {
    var m = MissingMask(count: 0)
    for i in 0..<130 { m.append(i % 3 == 0) }
    #expect(m.count == 130)
    #expect(m.missingCount == 44)
    #expect(m[0] && !m[1] && m[129])
    var n = MissingMask(count: 5, allMissing: true)
    #expect(n.missingCount == 5)
    n.append(contentsOf: m)
    #expect(n.count == 135 && n.missingCount == 49)
  }

  @Test func tableRejectsDuplicatesAndLengthMismatch() throws {
    var t = Table()
    try t.append(name: "id", column: .key(KeyColumn(["a", "b", nil])))
    #expect(throws: TableError.duplicateColumn("id")) {
      try t.append(name: "id", column: .key(KeyColumn(["x", "y", "z"])))
    }
    #expect(throws: TableError.lengthMismatch(name: "q", expected: 3, actual: 2)) {
      try t.append(name: "q", column: .numeric(NumericColumn([1, 2])))
    }
    try t.append(
      name: "q", column: .numeric(NumericColumn(values: [1, 0, 3], missing: MissingMask([false, true, false]))))
    #expect(t.rowCount == 3)
    #expect(t.key("id")?[2] == nil)
    #expect(t.numeric("q")?[1] == nil)
    #expect(t.numeric("q")?.presentValues == [1, 3])
  }
}
