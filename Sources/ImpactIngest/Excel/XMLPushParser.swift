// Streaming XML through libxml2's SAX2 push parser (xmlCreatePushParserCtxt /
// xmlParseChunk, http://xmlsoft.org/html/libxml-parser.html): bytes are fed
// as they are inflated from the workbook, and events arrive as C strings that
// live only for the duration of the callback. No tree is ever built, so memory
// stays bounded by the largest text node, not by the document.
//
// All C-pointer code of the Excel reader is in this file. Entities: the
// parser substitutes only XML's predefined entities and character references;
// the SAX table has no entity-declaration or resolver callbacks and the
// network is off, so a workbook cannot pull in external entities (XXE).
import CLibXML2
import Foundation

/// An element's local name (namespace prefix dropped), valid during the
/// callback that received it.
struct XMLName {
  let pointer: UnsafePointer<UInt8>

  /// Whether the name is exactly `literal` (ASCII).
  @inline(__always)
  func `is`(_ literal: StaticString) -> Bool {
    let l = literal.utf8Start
    var i = 0
    while true {
      let a = pointer[i]
      if a != l[i] { return false }
      if a == 0 { return true }
      i += 1
      if i == literal.utf8CodeUnitCount { return pointer[i] == 0 }
    }
  }

  var string: String { String(cString: pointer) }
}

/// The attributes of one start tag, valid during the callback.
struct XMLAttributes {
  // libxml2 SAX2 layout: per attribute five pointers — localname, prefix,
  // URI, value start, value end (the value is not NUL-terminated).
  let base: UnsafeMutablePointer<UnsafePointer<UInt8>?>?
  let count: Int

  /// The bytes of the attribute whose local name is `name`, or `nil`.
  @inline(__always)
  func value(_ name: StaticString) -> UnsafeBufferPointer<UInt8>? {
    guard let base else { return nil }
    for k in 0..<count {
      guard let local = base[5 * k], XMLName(pointer: local).is(name),
        let start = base[5 * k + 3], let end = base[5 * k + 4]
      else { continue }
      return UnsafeBufferPointer(start: start, count: end - start)
    }
    return nil
  }

  /// The attribute as a String, or `nil`.
  func string(_ name: StaticString) -> String? {
    value(name).map { String(decoding: $0, as: UTF8.self) }
  }
}

/// Receives the events of one document. Subclasses override what they need;
/// to stop on a problem they set `failure`, which ends the parse.
class XMLEventHandler {
  /// The first problem found; parsing stops once it is set.
  var failure: IngestError? {
    didSet {
      failed = failure != nil
      if failed, let context { xmlStopParser(context) }
    }
  }
  /// `failure != nil`, cheap to test in hot paths.
  private(set) var failed = false
  /// The parser feeding this handler (set while it parses).
  fileprivate var context: xmlParserCtxtPtr?
  /// The first error libxml2 reported (message, line in the XML).
  fileprivate var parseError: (message: String, line: Int)?

  func startElement(_ name: XMLName, _ attributes: XMLAttributes) {}
  func endElement(_ name: XMLName) {}
  func characters(_ bytes: UnsafeBufferPointer<UInt8>) {}
}

/// A libxml2 push-parser context that forwards SAX2 events to a handler.
///
/// ```swift
/// let parser = XMLPushParser(handler: handler)
/// for chunk in chunks { try parser.feed(chunk) }
/// try parser.finish()
/// ```
final class XMLPushParser {
  let handler: XMLEventHandler
  private var context: xmlParserCtxtPtr?
  private var sax = xmlSAXHandler()
  private let describe: (String, Int) -> IngestError
  private var attributeLimit = XMLAttributeLimit(limit: ExcelLimits.maxAttributesPerElement)

  /// - Parameter describe: turns a libxml2 message and XML line into the
  ///   error to throw (so it can name the workbook, sheet and row).
  init(handler: XMLEventHandler, describe: @escaping (String, Int) -> IngestError) {
    XMLPushParser.initializeLibrary
    self.handler = handler
    self.describe = describe
    // Callbacks get the handler itself as their context: one pointer
    // conversion per event, no retain.
    sax.initialized = 0xDEED_BEAF  // XML_SAX2_MAGIC: use the *Ns callbacks
    sax.startElementNs = { ctx, localname, _, _, _, _, nbAttributes, _, attributes in
      guard let ctx, let localname else { return }
      let handler = Unmanaged<XMLEventHandler>.fromOpaque(ctx).takeUnretainedValue()
      let attrs = XMLAttributes(
        base: UnsafeMutableRawPointer(attributes)?.assumingMemoryBound(to: UnsafePointer<UInt8>?.self),
        count: Int(nbAttributes))
      handler.startElement(XMLName(pointer: localname), attrs)
    }
    sax.endElementNs = { ctx, localname, _, _ in
      guard let ctx, let localname else { return }
      Unmanaged<XMLEventHandler>.fromOpaque(ctx).takeUnretainedValue().endElement(XMLName(pointer: localname))
    }
    let text: charactersSAXFunc = { ctx, bytes, length in
      guard let ctx, let bytes, length > 0 else { return }
      Unmanaged<XMLEventHandler>.fromOpaque(ctx).takeUnretainedValue().characters(
        UnsafeBufferPointer(start: bytes, count: Int(length)))
    }
    sax.characters = text
    sax.ignorableWhitespace = text
    sax.cdataBlock = text
    sax.serror = { ctx, error in
      guard let ctx, let error, error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
      let handler = Unmanaged<XMLEventHandler>.fromOpaque(ctx).takeUnretainedValue()
      if handler.parseError == nil {
        let message = error.pointee.message.map { String(cString: $0) } ?? "malformed XML"
        handler.parseError = (message.trimmingCharacters(in: .whitespacesAndNewlines), Int(error.pointee.line))
      }
    }
    context = xmlCreatePushParserCtxt(&sax, Unmanaged.passUnretained(handler).toOpaque(), nil, 0, nil)
    if let context {
      let options = XML_PARSE_NONET.rawValue | XML_PARSE_NOENT.rawValue | XML_PARSE_NOCDATA.rawValue
      xmlCtxtUseOptions(context, Int32(options))
    }
    handler.context = context
  }

  deinit {
    handler.context = nil
    if let context {
      if let doc = context.pointee.myDoc { xmlFreeDoc(doc) }
      xmlFreeParserCtxt(context)
    }
  }

  /// `xmlInitParser` once per process, before any thread parses.
  private static let initializeLibrary: Void = { xmlInitParser() }()

  /// Parses the next piece of the document.
  func feed(_ data: Data) throws(IngestError) {
    // Data.withUnsafeBytes rethrows untyped errors: carry ours out by hand.
    var failure: IngestError?
    data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
      do throws(IngestError) { try feed(raw, terminate: false) } catch { failure = error }
    }
    if let failure { throw failure }
  }

  /// Parses the next piece of the document.
  func feed(_ raw: UnsafeRawBufferPointer, terminate: Bool) throws(IngestError) {
    guard let context else {
      throw describe("libxml2 could not create a parser (out of memory?)", 0)
    }
    guard attributeLimit.scan(raw) else {
      var e = describe(
        "an element has more than \(attributeLimit.limit) attributes (impact's limit; spreadsheet programs write a few)",
        attributeLimit.line)
      e.kind = .limit
      throw e
    }
    // xmlParseChunk takes an Int32 length: feed large buffers in pieces.
    var offset = 0
    repeat {
      let n = min(raw.count - offset, 1 << 24)
      let last = terminate && offset + n == raw.count
      let p = raw.baseAddress.map { ($0 + offset).assumingMemoryBound(to: CChar.self) }
      let status = xmlParseChunk(context, p, Int32(n), last ? 1 : 0)
      if let failure = handler.failure { throw failure }
      if status != 0 || context.pointee.wellFormed == 0 {
        let e = handler.parseError ?? ("malformed XML (libxml2 error \(status))", Int(xmlSAX2GetLineNumber(context)))
        throw describe(e.message, e.line)
      }
      offset += n
    } while offset < raw.count
  }

  /// Ends the document; throws when it is incomplete.
  func finish() throws(IngestError) {
    try feed(UnsafeRawBufferPointer(start: nil, count: 0), terminate: true)
  }
}
