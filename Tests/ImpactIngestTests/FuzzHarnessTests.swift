import Foundation
import Testing

@testable import ImpactFuzzTargets

/// The pieces of the fuzz targets that are not readers: splitting inputs,
/// the stored zip the xlsx target builds, and the structure-aware mutations.
@Suite struct FuzzHarnessTests {
  static let seeds = Bundle.module.resourceURL?.appendingPathComponent("Fixtures/fuzz-seeds").path ?? ""

  @Test func splitAtSeparatorLines() {
    let data = Array("a\n#next-file#\nb\n#next-file#\nc\n#next-file#\nd".utf8)
    let parts = FuzzInput.split(data[...], limit: 3).map { String(decoding: $0, as: UTF8.self) }
    #expect(parts == ["a", "b", "c\n#next-file#\nd"])
    #expect(FuzzInput.split([][...], limit: 3).count == 1)
  }

  @Test func partListsBecomeZipEntries() throws {
    let text = "=== a.xml\n<a/>\n=== empty\n=== sheet\n2"
    let parts = WorkbookFuzzTarget.parts(Array(text.utf8)).map { ($0.0, String(decoding: $0.1, as: UTF8.self)) }
    #expect(parts.map(\.0) == ["a.xml", "empty", "sheet"])
    #expect(parts.map(\.1) == ["<a/>", "", "2"])
    var zip = StoredZipArchive()
    zip.add("a.xml", Array("<a/>".utf8))
    let bytes = zip.finished()
    #expect(bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]))
    // CRC-32 of "123456789" is the check value CBF43926.
    #expect(StoredZipArchive.crc32(Array("123456789".utf8)) == 0xCBF4_3926)
    // The archive opens as a workbook candidate: the target reads it without
    // crashing (it has no workbook part, so the reader refuses it).
    let scratch = try #require(FuzzScratch(parent: FileManager.default.temporaryDirectory.path))
    defer { scratch.removeAll() }
    #expect(FuzzTarget.xlsx.run(Array(text.utf8), scratch: scratch) == nil)
  }

  @Test func partialMutationsKeepJSON() throws {
    let seed = try #require(FileManager.default.contents(atPath: "\(Self.seeds)/partial/literacy_one"))
    var changed = 0
    for s in UInt32(0)..<40 {
      guard let out = StructuredMutator.mutate(Array(seed), target: .partial, seed: s, maxSize: 1 << 16) else {
        continue
      }
      changed += 1
      #expect((try? JSONSerialization.jsonObject(with: Data(out))) != nil)
    }
    #expect(changed >= 30)
  }

  @Test func csvMutationsReplaceOneField() throws {
    let input = Array("\u{2}volunteer_id,date,hours\nV1,2024-01-05,2\n".utf8)
    var seen = Set<[UInt8]>()
    for s in UInt32(0)..<40 {
      let out = try #require(StructuredMutator.mutate(input, target: .csv, seed: s, maxSize: 4096) ?? input)
      #expect(out.first == 2)
      seen.insert(out)
    }
    #expect(seen.count > 10)
    #expect(StructuredMutator.mutate(Array("id: x".utf8), target: .config, seed: 1, maxSize: 4096) == nil)
    let row = Array("=== xl/worksheets/sheet1.xml\n<row r=\"3\">".utf8)
    let rows = (UInt32(0)..<300).compactMap { StructuredMutator.mutate(row, target: .xlsx, seed: $0, maxSize: 4096) }
    #expect(rows.contains(Array("=== xl/worksheets/sheet999999999999.xml\n<row r=\"3\">".utf8)))
    #expect(rows.contains(Array("=== xl/worksheets/sheet1.xml\n<row r=\"999999999999\">".utf8)))
  }

  @Test func scratchFoldersOfEndedProcessesAreRemoved() throws {
    let base = FileManager.default.temporaryDirectory.appendingPathComponent("fuzz-scratch-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: base) }
    // PID 2^22 + 1 is above Linux's pid_max limit, so it never runs.
    try FileManager.default.createDirectory(
      atPath: "\(base)/impact-fuzz-4194305-abcdef", withIntermediateDirectories: false)
    let scratch = try #require(FuzzScratch(parent: base))
    #expect(!FileManager.default.fileExists(atPath: "\(base)/impact-fuzz-4194305-abcdef"))
    #expect(scratch.write(Array("x".utf8), to: "f") == "\(scratch.directory)/f")
    #expect(FileManager.default.fileExists(atPath: scratch.directory))
  }
}
