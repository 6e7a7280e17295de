// A `Decoder` over a parsed `JSONTape`: decodes the Codable states of
// partial files as Foundation's JSONDecoder does (same containers, keys and
// coding paths, `DecodingError`s with the path of the value), several times
// faster. Differences, all stricter: a key repeated in an object is an
// error (not "last one wins"); integers are digits, or a fraction or
// exponent that is exactly an integer below 2⁵³; numbers must be finite
// doubles.

/// The coding key of an array element or of a key found in a document.
struct TapeKey: CodingKey {
  var stringValue: String
  var intValue: Int?
  init(stringValue: String) { self.stringValue = stringValue }
  init(intValue: Int) {
    stringValue = String(intValue)
    self.intValue = intValue
  }
}

/// Decodes `Decodable` values from a node of a JSON tape.
struct TapeDecoder: Decoder {
  let tape: JSONTape
  let node: Int
  let codingPath: [any CodingKey]
  var userInfo: [CodingUserInfoKey: Any] { [:] }

  /// Decodes a `T` from the document's root.
  static func decode<T: Decodable>(_ type: T.Type, from tape: JSONTape) throws -> T {
    try T(from: TapeDecoder(tape: tape, node: 0, codingPath: []))
  }

  func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
    KeyedDecodingContainer(try TapeKeyedContainer<Key>(tape: tape, object: node, codingPath: codingPath))
  }

  func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
    try TapeUnkeyedContainer(tape: tape, array: node, codingPath: codingPath)
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

/// The members of an object: looked up by a linear scan when there are
/// few, through a dictionary when there are many.
struct TapeKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
  let tape: JSONTape
  let codingPath: [any CodingKey]
  let keys: [String]
  let values: [Int]
  let index: [String: Int]?

  init(tape: JSONTape, object: Int, codingPath: [any CodingKey]) throws {
    self.tape = tape
    self.codingPath = codingPath
    let node = tape.nodes[object]
    guard node.kind == .object else {
      throw TapeDecoder.error(.mismatch(found: node.kind), [String: Any].self, codingPath)
    }
    var keys: [String] = []
    var values: [Int] = []
    keys.reserveCapacity(node.count)
    values.reserveCapacity(node.count)
    var k = object + 1
    for _ in 0..<node.count {
      let key = try TapeDecoder.read(String.self, codingPath) { () throws(JSONTape.ValueError) in try tape.string(k) }
      keys.append(key)
      values.append(k + 1)
      k = tape.nodes[k + 1].end
    }
    if keys.count > 12 {
      var index: [String: Int] = [:]
      index.reserveCapacity(keys.count)
      for (i, key) in keys.enumerated() where index.updateValue(i, forKey: key) != nil {
        throw Self.repeated(key, codingPath)
      }
      self.index = index
    } else {
      for i in keys.indices where keys[..<i].contains(keys[i]) { throw Self.repeated(keys[i], codingPath) }
      self.index = nil
    }
    self.keys = keys
    self.values = values
  }

  static func repeated(_ key: String, _ path: [any CodingKey]) -> DecodingError {
    .dataCorrupted(.init(codingPath: path, debugDescription: "the key \"\(key)\" appears twice in one object"))
  }

  var allKeys: [Key] { keys.compactMap { Key(stringValue: $0) } }

  func contains(_ key: Key) -> Bool { find(key) != nil }

  func find(_ key: Key) -> Int? {
    let name = key.stringValue
    if let index { return index[name].map { values[$0] } }
    for i in keys.indices where keys[i] == name { return values[i] }
    return nil
  }

  func value(_ key: Key) throws -> Int {
    guard let v = find(key) else {
      throw DecodingError.keyNotFound(
        key,
        .init(codingPath: codingPath, debugDescription: "No value associated with key \(key) (\"\(key.stringValue)\").")
      )
    }
    return v
  }

  func decoder(_ key: Key) throws -> TapeDecoder {
    TapeDecoder(tape: tape, node: try value(key), codingPath: codingPath + [key])
  }

  func decodeNil(forKey key: Key) throws -> Bool { tape.nodes[try value(key)].kind == .null }
  func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try decoder(key).decode(type) }
  func decode(_ type: String.Type, forKey key: Key) throws -> String {
    let v = try value(key)
    return try TapeDecoder.read(type, codingPath + [key]) { () throws(JSONTape.ValueError) in try tape.string(v) }
  }
  func decode(_ type: Double.Type, forKey key: Key) throws -> Double {
    let v = try value(key)
    return try TapeDecoder.read(type, codingPath + [key]) { () throws(JSONTape.ValueError) in try tape.double(v) }
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
  func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try T(from: decoder(key)) }

  func integer<T: FixedWidthInteger>(_ key: Key) throws -> T {
    let v = try value(key)
    return try TapeDecoder.read(T.self, codingPath + [key]) { () throws(JSONTape.ValueError) in
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
  let codingPath: [any CodingKey]
  let count: Int?
  var currentIndex = 0
  /// The node of the next element.
  var cursor: Int

  init(tape: JSONTape, array: Int, codingPath: [any CodingKey]) throws {
    let node = tape.nodes[array]
    guard node.kind == .array else { throw TapeDecoder.error(.mismatch(found: node.kind), [Any].self, codingPath) }
    self.tape = tape
    self.codingPath = codingPath
    count = node.count
    cursor = array + 1
  }

  var isAtEnd: Bool { currentIndex >= (count ?? 0) }

  var elementPath: [any CodingKey] { codingPath + [TapeKey(intValue: currentIndex)] }

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
    let path = elementPath
    return TapeDecoder(tape: tape, node: try next(type), codingPath: path)
  }

  mutating func decode(_ type: Bool.Type) throws -> Bool { try decoder(type).decode(type) }
  mutating func decode(_ type: String.Type) throws -> String {
    let path = currentIndex
    let v = try next(type)
    return try TapeDecoder.read(type, codingPath + [TapeKey(intValue: path)]) { () throws(JSONTape.ValueError) in
      try tape.string(v)
    }
  }
  mutating func decode(_ type: Double.Type) throws -> Double {
    let path = currentIndex
    let v = try next(type)
    return try TapeDecoder.read(type, codingPath + [TapeKey(intValue: path)]) { () throws(JSONTape.ValueError) in
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
  mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try T(from: decoder(type)) }

  mutating func integer<T: FixedWidthInteger>() throws -> T {
    let path = currentIndex
    let v = try next(T.self)
    return try TapeDecoder.read(T.self, codingPath + [TapeKey(intValue: path)]) { () throws(JSONTape.ValueError) in
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
