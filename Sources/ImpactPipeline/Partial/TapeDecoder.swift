// A `Decoder` over a parsed `JSONTape`: decodes the Codable states of
// partial files as Foundation's JSONDecoder does (same containers, keys and
// coding paths, `DecodingError`s with the path of the value), several times
// faster. Differences, all stricter: a key repeated in an object is an
// error (not "last one wins"); integers are digits, or a fraction or
// exponent that is exactly an integer below 2⁵³; numbers must be finite
// doubles.

/// The coding key of an array element or of a key found in a document.
struct TapeKey: CodingKey, Sendable {
  var stringValue: String
  var intValue: Int?
  init(_ key: any CodingKey) {
    stringValue = key.stringValue
    intValue = key.intValue
  }
  init(stringValue: String) { self.stringValue = stringValue }
  init(intValue: Int) {
    stringValue = String(intValue)
    self.intValue = intValue
  }
}

/// A coding path as a chain from the leaf to the root, so that entering a
/// value costs one small allocation instead of a copy of the whole path;
/// the array is made only when asked for (error messages).
final class TapePath: Sendable {
  let parent: TapePath?
  let key: any CodingKey & Sendable

  init(_ parent: TapePath?, _ key: any CodingKey & Sendable) {
    self.parent = parent
    self.key = key
  }

  static func keys(_ path: TapePath?) -> [any CodingKey] {
    var out: [any CodingKey] = []
    var p = path
    while let q = p {
      out.append(q.key)
      p = q.parent
    }
    return out.reversed()
  }

  /// `path` with `key` appended, as an array.
  static func keys(_ path: TapePath?, _ key: any CodingKey) -> [any CodingKey] { keys(path) + [key] }
}

/// Decodes `Decodable` values from a node of a JSON tape.
struct TapeDecoder: Decoder {
  let tape: JSONTape
  let node: Int
  let path: TapePath?
  var codingPath: [any CodingKey] { TapePath.keys(path) }
  var userInfo: [CodingUserInfoKey: Any] { [:] }

  /// Decodes a `T` from the document's root.
  static func decode<T: Decodable>(_ type: T.Type, from tape: JSONTape) throws -> T {
    try T(from: TapeDecoder(tape: tape, node: 0, path: nil))
  }

  func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
    KeyedDecodingContainer(try TapeKeyedContainer<Key>(tape: tape, object: node, path: path))
  }

  func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
    try TapeUnkeyedContainer(tape: tape, array: node, path: path)
  }

  func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

  /// The bytes of the string at this node, unescaped when needed (for
  /// large base64 strings, without making a `String`).
  func withStringBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) throws -> R {
    let n = tape.nodes[node]
    guard n.kind == .string else {
      throw Self.error(JSONTape.ValueError.mismatch(found: n.kind), String.self, codingPath)
    }
    if n.escaped {
      let s = try Self.read(String.self, codingPath) { () throws(JSONTape.ValueError) in try tape.string(node) }
      var copy = s
      return try copy.withUTF8(body)
    }
    return try tape.bytes.withUnsafeBufferPointer { b in
      try body(UnsafeBufferPointer(rebasing: b[n.start..<n.start + n.length]))
    }
  }

  /// Reads a value, turning a tape error into the `DecodingError` that
  /// JSONDecoder would throw there.
  @inline(__always)
  static func read<T>(
    _ type: T.Type, _ path: @autoclosure () -> [any CodingKey], _ body: () throws(JSONTape.ValueError) -> T
  ) throws -> T {
    do {
      return try body()
    } catch {
      throw Self.error(error, type, path())
    }
  }

  static func error<T>(_ e: JSONTape.ValueError, _ type: T.Type, _ path: [any CodingKey]) -> DecodingError {
    switch e {
    case .null:
      return .valueNotFound(
        type, .init(codingPath: path, debugDescription: "Expected \(type) value but found null instead."))
    case .mismatch(let k):
      return .typeMismatch(
        type, .init(codingPath: path, debugDescription: "Expected to decode \(type) but found \(k.noun) instead."))
    case .invalid(let why):
      return .dataCorrupted(.init(codingPath: path, debugDescription: why))
    }
  }
}

extension TapeDecoder: SingleValueDecodingContainer {
  func decodeNil() -> Bool { tape.nodes[node].kind == .null }
  func decode(_ type: Bool.Type) throws -> Bool {
    try Self.read(type, codingPath) { () throws(JSONTape.ValueError) in try tape.bool(node) }
  }
  func decode(_ type: String.Type) throws -> String {
    try Self.read(type, codingPath) { () throws(JSONTape.ValueError) in try tape.string(node) }
  }
  func decode(_ type: Double.Type) throws -> Double {
    try Self.read(type, codingPath) { () throws(JSONTape.ValueError) in try tape.double(node) }
  }
  func decode(_ type: Float.Type) throws -> Float { try TapeDecoder.float(tape, node, codingPath) }
  func decode(_ type: Int.Type) throws -> Int { try integer() }
  func decode(_ type: Int8.Type) throws -> Int8 { try integer() }
  func decode(_ type: Int16.Type) throws -> Int16 { try integer() }
  func decode(_ type: Int32.Type) throws -> Int32 { try integer() }
  func decode(_ type: Int64.Type) throws -> Int64 { try integer() }
  func decode(_ type: UInt.Type) throws -> UInt { try integer() }
  func decode(_ type: UInt8.Type) throws -> UInt8 { try integer() }
  func decode(_ type: UInt16.Type) throws -> UInt16 { try integer() }
  func decode(_ type: UInt32.Type) throws -> UInt32 { try integer() }
  func decode(_ type: UInt64.Type) throws -> UInt64 { try integer() }
  func decode<T: Decodable>(_ type: T.Type) throws -> T { try T(from: self) }

  func integer<T: FixedWidthInteger>() throws -> T {
    try Self.read(T.self, codingPath) { () throws(JSONTape.ValueError) in try tape.integer(node, as: T.self) }
  }

  static func float(_ tape: JSONTape, _ node: Int, _ path: @autoclosure () -> [any CodingKey]) throws -> Float {
    let d = try read(Double.self, path()) { () throws(JSONTape.ValueError) in try tape.double(node) }
    let f = Float(d)
    guard f.isFinite else {
      throw DecodingError.dataCorrupted(.init(codingPath: path(), debugDescription: "\(d) does not fit in Float"))
    }
    return f
  }
}

/// The members of an object. Few members are found by scanning the key
/// bytes; many (a dictionary) in document order, which is the order
/// `allKeys` gives, else through an index built on first need.
struct TapeKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
  let tape: JSONTape
  let object: Int
  let path: TapePath?
  let count: Int
  /// For many members only.
  let lookup: MemberLookup?

  var codingPath: [any CodingKey] { TapePath.keys(path) }

  /// Where the next member in document order is, and the index of keys.
  final class MemberLookup {
    var nextKey: Int
    var index: [String: Int]?
    init(_ nextKey: Int) { self.nextKey = nextKey }
  }

  /// Members up to which a lookup scans the keys.
  static var scanned: Int { 16 }

  init(tape: JSONTape, object: Int, path: TapePath?) throws {
    let node = tape.nodes[object]
    guard node.kind == .object else {
      throw TapeDecoder.error(.mismatch(found: node.kind), [String: Any].self, TapePath.keys(path))
    }
    self.tape = tape
    self.object = object
    self.path = path
    count = node.count
    lookup = node.count > Self.scanned ? MemberLookup(object + 1) : nil
    try checkKeys()
  }

  /// Every key is valid UTF-8 and none is repeated: checked on the bytes
  /// when the keys are sorted (as partials write them), else by an index.
  func checkKeys() throws {
    var previous: Int?
    var sorted = true
    var k = object + 1
    for _ in 0..<count {
      let n = tape.nodes[k]
      if n.escaped || !tape.isASCII(k) {
        _ = try TapeDecoder.read(String.self, TapePath.keys(path)) { () throws(JSONTape.ValueError) in
          try tape.string(k)
        }
        sorted = false
      } else if sorted, let p = previous, tape.compareBytes(p, k) >= 0 {
        sorted = false
      }
      previous = k
      k = tape.nodes[k + 1].end
    }
    if !sorted {
      if count <= Self.scanned {
        var keys: [String] = []
        for k in memberKeys() {
          let key = (try? tape.string(k)) ?? ""
          if keys.contains(key) { throw Self.repeated(key, path) }
          keys.append(key)
        }
      } else {
        _ = try buildIndex()
      }
    }
  }

  /// The key nodes of the members, in document order.
  func memberKeys() -> [Int] {
    var out: [Int] = []
    out.reserveCapacity(count)
    var k = object + 1
    for _ in 0..<count {
      out.append(k)
      k = tape.nodes[k + 1].end
    }
    return out
  }

  func buildIndex() throws -> [String: Int] {
    if let index = lookup?.index { return index }
    var index: [String: Int] = [:]
    index.reserveCapacity(count)
    for k in memberKeys() {
      let key = try TapeDecoder.read(String.self, TapePath.keys(path)) { () throws(JSONTape.ValueError) in
        try tape.string(k)
      }
      if index.updateValue(k + 1, forKey: key) != nil { throw Self.repeated(key, path) }
    }
    lookup?.index = index
    return index
  }

  static func repeated(_ key: String, _ path: TapePath?) -> DecodingError {
    .dataCorrupted(
      .init(codingPath: TapePath.keys(path), debugDescription: "the key \"\(key)\" appears twice in one object"))
  }

  var allKeys: [Key] { memberKeys().compactMap { k in (try? tape.string(k)).flatMap { Key(stringValue: $0) } } }

  func contains(_ key: Key) -> Bool { find(key) != nil }

  /// The value node of `key`, or `nil`.
  func find(_ key: Key) -> Int? {
    var name = key.stringValue
    return name.withUTF8 { want in
      if count <= Self.scanned {
        var k = object + 1
        for _ in 0..<count {
          if tape.keyEquals(k, want) { return k + 1 }
          k = tape.nodes[k + 1].end
        }
        return nil
      }
      guard let lookup else { return nil }
      let next = lookup.nextKey
      if next < tape.nodes[object].end && tape.keyEquals(next, want) {
        lookup.nextKey = tape.nodes[next + 1].end
        return next + 1
      }
      guard let index = try? buildIndex() else { return nil }
      return index[key.stringValue]
    }
  }

  func value(_ key: Key) throws -> Int {
    guard let v = find(key) else {
      throw DecodingError.keyNotFound(
        key,
        .init(
          codingPath: codingPath, debugDescription: "No value associated with key \(key) (\"\(key.stringValue)\")."))
    }
    return v
  }

  func decoder(_ key: Key) throws -> TapeDecoder {
    TapeDecoder(tape: tape, node: try value(key), path: TapePath(path, TapeKey(key)))
  }

  func decodeNil(forKey key: Key) throws -> Bool { tape.nodes[try value(key)].kind == .null }
  func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try decoder(key).decode(type) }
  func decode(_ type: String.Type, forKey key: Key) throws -> String {
    let v = try value(key)
    return try TapeDecoder.read(type, TapePath.keys(path, key)) { () throws(JSONTape.ValueError) in
      try tape.string(v)
    }
  }
  func decode(_ type: Double.Type, forKey key: Key) throws -> Double {
    let v = try value(key)
    return try TapeDecoder.read(type, TapePath.keys(path, key)) { () throws(JSONTape.ValueError) in
      try tape.double(v)
    }
  }
  func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try decoder(key).decode(type) }
  func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try integer(key) }
  func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try integer(key) }
  func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try integer(key) }
  func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try integer(key) }
  func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try integer(key) }
  func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try integer(key) }
  func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try integer(key) }
  func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try integer(key) }
  func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try integer(key) }
  func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try integer(key) }
  func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
    // Strings and integers inside generic collections (sets, dictionaries)
    // arrive here: read them directly rather than through a decoder.
    if T.self == String.self, let s = try decode(String.self, forKey: key) as? T { return s }
    if T.self == Int.self, let i = try decode(Int.self, forKey: key) as? T { return i }
    if T.self == Int64.self, let i = try decode(Int64.self, forKey: key) as? T { return i }
    return try T(from: decoder(key))
  }

  func integer<T: FixedWidthInteger>(_ key: Key) throws -> T {
    let v = try value(key)
    return try TapeDecoder.read(T.self, TapePath.keys(path, key)) { () throws(JSONTape.ValueError) in
      try tape.integer(v, as: T.self)
    }
  }

  func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
    -> KeyedDecodingContainer<NestedKey>
  {
    try decoder(key).container(keyedBy: type)
  }

  func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
    try decoder(key).unkeyedContainer()
  }

  func superDecoder() throws -> any Decoder { try decoder(Key(stringValue: "super") ?? Self.noSuper()) }
  func superDecoder(forKey key: Key) throws -> any Decoder { try decoder(key) }

  static func noSuper() throws -> Key {
    throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "no key \"super\""))
  }
}

/// The elements of an array, read in order.
struct TapeUnkeyedContainer: UnkeyedDecodingContainer {
  let tape: JSONTape
  let path: TapePath?
  let count: Int?
  var currentIndex = 0
  /// The node of the next element.
  var cursor: Int

  init(tape: JSONTape, array: Int, path: TapePath?) throws {
    let node = tape.nodes[array]
    guard node.kind == .array else {
      throw TapeDecoder.error(.mismatch(found: node.kind), [Any].self, TapePath.keys(path))
    }
    self.tape = tape
    self.path = path
    count = node.count
    cursor = array + 1
  }

  var isAtEnd: Bool { currentIndex >= (count ?? 0) }

  var codingPath: [any CodingKey] { TapePath.keys(path) }

  var elementPath: [any CodingKey] { TapePath.keys(path, TapeKey(intValue: currentIndex)) }

  /// The node of the next element; moves past it.
  mutating func next<T>(_ type: T.Type) throws -> Int {
    guard !isAtEnd else {
      throw DecodingError.valueNotFound(
        type, .init(codingPath: elementPath, debugDescription: "Unkeyed container is at end."))
    }
    let v = cursor
    cursor = tape.nodes[v].end
    currentIndex += 1
    return v
  }

  mutating func decodeNil() throws -> Bool {
    guard !isAtEnd else {
      throw DecodingError.valueNotFound(
        Any?.self, .init(codingPath: elementPath, debugDescription: "Unkeyed container is at end."))
    }
    guard tape.nodes[cursor].kind == .null else { return false }
    _ = try next(Any?.self)
    return true
  }

  mutating func decoder<T>(_ type: T.Type) throws -> TapeDecoder {
    let key = TapeKey(intValue: currentIndex)
    return TapeDecoder(tape: tape, node: try next(type), path: TapePath(path, key))
  }

  mutating func decode(_ type: Bool.Type) throws -> Bool { try decoder(type).decode(type) }
  mutating func decode(_ type: String.Type) throws -> String {
    let index = currentIndex
    let v = try next(type)
    return try TapeDecoder.read(type, TapePath.keys(self.path, TapeKey(intValue: index))) {
      () throws(JSONTape.ValueError) in
      try tape.string(v)
    }
  }
  mutating func decode(_ type: Double.Type) throws -> Double {
    let index = currentIndex
    let v = try next(type)
    return try TapeDecoder.read(type, TapePath.keys(self.path, TapeKey(intValue: index))) {
      () throws(JSONTape.ValueError) in
      try tape.double(v)
    }
  }
  mutating func decode(_ type: Float.Type) throws -> Float { try decoder(type).decode(type) }
  mutating func decode(_ type: Int.Type) throws -> Int { try integer() }
  mutating func decode(_ type: Int8.Type) throws -> Int8 { try integer() }
  mutating func decode(_ type: Int16.Type) throws -> Int16 { try integer() }
  mutating func decode(_ type: Int32.Type) throws -> Int32 { try integer() }
  mutating func decode(_ type: Int64.Type) throws -> Int64 { try integer() }
  mutating func decode(_ type: UInt.Type) throws -> UInt { try integer() }
  mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try integer() }
  mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try integer() }
  mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try integer() }
  mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try integer() }
  mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
    // Elements of generic collections (`Set<String>`, `[Int64]`): read
    // directly rather than through a decoder.
    if T.self == String.self, let s = try decode(String.self) as? T { return s }
    if T.self == Int.self, let i = try decode(Int.self) as? T { return i }
    if T.self == Int64.self, let i = try decode(Int64.self) as? T { return i }
    if T.self == Double.self, let d = try decode(Double.self) as? T { return d }
    return try T(from: decoder(type))
  }

  mutating func integer<T: FixedWidthInteger>() throws -> T {
    let index = currentIndex
    let v = try next(T.self)
    return try TapeDecoder.read(T.self, TapePath.keys(self.path, TapeKey(intValue: index))) {
      () throws(JSONTape.ValueError) in
      try tape.integer(v, as: T.self)
    }
  }

  mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
    -> KeyedDecodingContainer<NestedKey>
  {
    try decoder(type).container(keyedBy: type)
  }

  mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
    try decoder([Any].self).unkeyedContainer()
  }

  mutating func superDecoder() throws -> any Decoder { try decoder(Any.self) }
}
