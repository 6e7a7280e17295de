import Foundation
import ImpactIngest
import Testing

@testable import ImpactPipeline

/// The reader of partial files: the one-pass JSON parser (`JSONTape`), the
/// `Decoder` over its nodes (`TapeDecoder`) and the base64 of id columns.
/// It must decode exactly what Foundation's JSONDecoder decodes, refuse
/// what is not JSON with the byte offset, and never trap.
@Suite struct JSONTapeTests {
  /// Genuine partials decode to the same state as with JSONDecoder: the
  /// states encode to the same bytes.
  @Test func decodesGenuinePartialsAsJSONDecoderDoes() throws {
    let literacy = try PartialValidationTests.literacyState.get()
    let reach = try PartialValidationTests.reachState.get()
    let tapeLiteracy = try TapeDecoder.decode(
      PartialFile.Envelope<LiteracyState>.self, from: JSONTape(literacy))
    let foundationLiteracy = try JSONDecoder().decode(PartialFile.Envelope<LiteracyState>.self, from: Data(literacy))
    #expect(
      try PartialFile.encode(.literacy(tapeLiteracy.state)) == PartialFile.encode(.literacy(foundationLiteracy.state)))
    let tapeReach = try TapeDecoder.decode(PartialFile.Envelope<ReachState>.self, from: JSONTape(reach))
    let foundationReach = try JSONDecoder().decode(PartialFile.Envelope<ReachState>.self, from: Data(reach))
    #expect(try PartialFile.encode(.reach(tapeReach.state)) == PartialFile.encode(.reach(foundationReach.state)))
    #expect(tapeReach.state.volunteerTable?.hashes.values.isEmpty == false)
    #expect(tapeReach.state.volunteerTable == foundationReach.state.volunteerTable)
    #expect(tapeLiteracy.state.idHashes == foundationLiteracy.state.idHashes)
  }

  /// Documents that are not JSON: each refused at the byte where it breaks.
  @Test(arguments: [
    ("", 0, "ends where a value was expected"),
    ("{\"a\": 1", 7, "ends inside an object"),
    ("[1, 2", 5, "ends inside an array"),
    ("{\"a\" 1}", 5, "expected ':'"),
    ("{a: 1}", 1, "expected a key"),
    ("[1 2]", 3, "expected ','"),
    ("[1,]", 3, "where a value was expected"),
    ("01", 1, "text after the end"),
    ("[01]", 2, "expected ','"),
    ("-", 1, "missing digits"),
    ("1.", 2, "missing digits"),
    ("1e+", 3, "missing digits"),
    ("\"abc", 0, "not closed"),
    ("\"a\\x\"", 2, "invalid escape"),
    ("\"a\\u12g4\"", 2, "four hexadecimal digits"),
    ("\"a\tb\"", 2, "control character"),
    ("tru", 0, "where a value was expected"),
    ("nul", 0, "where a value was expected"),
    ("{} {}", 3, "text after the end"),
    (String(repeating: "[", count: 101) + String(repeating: "]", count: 101), 100, "nest deeper than 100"),
  ])
  func malformedDocumentsAreRefused(_ text: String, _ offset: Int, _ message: String) throws {
    let error = try #require(throws: JSONTape.SyntaxError.self) { _ = try JSONTape(Array(text.utf8)) }
    #expect(error.offset == offset, "\(error)")
    #expect(error.message.contains(message), "\(error)")
  }

  /// Deep nesting within the limit parses without recursion.
  @Test func nestingUpToTheLimitParses() throws {
    let text = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
    let tape = try JSONTape(Array(text.utf8))
    #expect(tape.nodes.count == 100)
    #expect(tape.nodes[0].end == 100)
  }

  struct Values: Decodable, Equatable {
    var s: String
    var i: Int
    var u: UInt8
    var d: Double
    var b: Bool
    var o: Int?
    var a: [Int32]
    var m: [String: [Double]]
  }

  @Test func valuesDecodeAsWithJSONDecoder() throws {
    let text = """
       { "s": "a\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00中", "i": -9223372036854775808, "u": 255,
        "d": -1.25e-3, "b": true, "o": null, "a": [1, -2, 1e2, 3.0],
        "m": {"x": [0.1, 1e300], "": [], "y\\u0000z": [5]} }
      """
    let data = Data(text.utf8)
    let tape = try TapeDecoder.decode(Values.self, from: JSONTape(Array(data)))
    let foundation = try JSONDecoder().decode(Values.self, from: data)
    #expect(tape == foundation)
    #expect(tape.s == "a\"\\/\u{8}\u{c}\n\r\té😀中")
    #expect(tape.a == [1, -2, 100, 3])
    #expect(tape.m["y\u{0}z"] == [5])
  }

  /// Values of the wrong type, out of range or not exact: a DecodingError
  /// with the value's path, never a trap.
  @Test(arguments: [
    ("{\"i\": 9223372036854775808}", "i", "does not fit in Int"),
    ("{\"i\": 1.5}", "i", "does not fit in Int"),
    ("{\"i\": 1e300}", "i", "does not fit in Int"),
    ("{\"i\": \"1\"}", "i", "found a string"),
    ("{\"u\": 256}", "u", "does not fit in UInt8"),
    ("{\"u\": -1}", "u", "does not fit in UInt8"),
    ("{\"d\": 1e400}", "d", "not representable as a finite double"),
    ("{\"s\": 5}", "s", "found a number"),
    ("{\"s\": \"\\udc00\"}", "s", "lone surrogate"),
    ("{\"s\": \"\\ud800x\"}", "s", "lone surrogate"),
    ("{\"a\": [1, \"x\"]}", "a.1", "found a string"),
    ("{\"a\": {}}", "a", "found an object"),
    ("{\"m\": {\"x\": [true]}}", "m.x.0", "found a boolean"),
    ("{\"i\": 1, \"i\": 2}", "", "the key \"i\" appears twice"),
  ])
  func badValuesAreDecodingErrorsWithTheirPath(_ text: String, _ path: String, _ message: String) throws {
    struct One: Decodable {
      var i: Int?
      var u: UInt8?
      var d: Double?
      var s: String?
      var a: [Int]?
      var m: [String: [Int]]?
    }
    let tape = try JSONTape(Array(text.utf8))
    let error = try #require(throws: DecodingError.self) { _ = try TapeDecoder.decode(One.self, from: tape) }
    let described = PartialFile.describe(error)
    #expect(described.hasPrefix(path + ":"), "\(described)")
    #expect(described.contains(message), "\(described)")
  }

  @Test func invalidUTF8InAStringIsRefused() throws {
    let bytes = Array("{\"s\": \"a".utf8) + [0xC3, 0x28] + Array("\"}".utf8)
    let tape = try JSONTape(bytes)
    struct S: Decodable { var s: String }
    #expect(throws: DecodingError.self) { _ = try TapeDecoder.decode(S.self, from: tape) }
  }

  /// Base64 as Foundation writes it decodes back for every length; other
  /// text is refused.
  @Test func base64RoundTripsAndRefusesOtherText() throws {
    var rng = SystemRandomNumberGenerator()
    for n in 0..<40 {
      let bytes = (0..<n).map { _ in UInt8.random(in: 0...255, using: &rng) }
      let text = Array(Data(bytes).base64EncodedString().utf8)
      #expect(text.withUnsafeBufferPointer(Base64.decode) == bytes)
    }
    for bad in ["A", "AB", "ABC", "AB=A", "A===", "AB C", "AB\nC", "ABC*", "=AAA", "AB==AAAA", "AR==", "ABD="] {
      #expect(Array(bad.utf8).withUnsafeBufferPointer(Base64.decode) == nil, "\(bad)")
    }
  }

  /// A real partial cut short anywhere, or with a byte changed in its id
  /// column: `impact merge` stops with "damaged" naming the file.
  @Test func truncatedAndCorruptedPartialsAreRefused() throws {
    let dir = try PartialValidationTests.temp()
    let bytes = try PartialValidationTests.reachState.get()
    let cuts = [bytes.count / 7, bytes.count / 3, bytes.count / 2, bytes.count - 2, bytes.count - 1]
    for (k, cut) in cuts.enumerated() {
      let path = "\(dir)/cut\(k).json"
      try Data(bytes[..<cut]).write(to: URL(fileURLWithPath: path))
      let error = try #require(throws: IngestError.self) { _ = try MergeJob.run([path], deterministic: true) }
      #expect(error.file == path)
      #expect(error.message.hasPrefix("the partial result is damaged (not valid JSON at byte"), "\(error.message)")
    }
    let text = try #require(String(bytes: bytes, encoding: .utf8))
    let hashes = try #require(text.range(of: "\"hashes\":\""))
    var changed = bytes
    let at = text.utf8.distance(from: text.utf8.startIndex, to: hashes.upperBound) + 3
    changed[at] = UInt8(ascii: "*")
    let path = "\(dir)/changed.json"
    try Data(changed).write(to: URL(fileURLWithPath: path))
    let error = try #require(throws: IngestError.self) { _ = try MergeJob.run([path], deterministic: true) }
    #expect(error.file == path)
    #expect(error.message.contains("volunteerTable.hashes: is not base64"), "\(error.message)")
  }
}
