// A byte-level pre-scan of workbook XML that counts the attributes of each
// start tag before libxml2 sees it. libxml2 2.9 checks attribute names for
// duplicates pairwise, so one element with 200,000 attributes took 36–61 s
// inside xmlParseChunk, before any callback could refuse it. The scan knows
// just enough XML (XML 1.0 §2.5 comments, §2.7 CDATA, §2.6 processing
// instructions, quoted attribute values) to count `=` signs of start tags only.

/// Counts attributes per start tag across arbitrarily split chunks.
struct XMLAttributeLimit {
  let limit: Int
  /// 1-based line of the last byte scanned.
  private(set) var line = 1

  private enum State {
    case text, open, tag, quoted(UInt8), bang, markup, comment, cdata
  }
  private var state = State.text
  private var attributes = 0
  /// The last bytes seen in comment, CDATA or `<!` states (for `-->`, `]]>`, `<![`, `<!--`).
  private var recent: UInt32 = 0

  init(limit: Int) { self.limit = limit }

  /// Scans the next chunk; false once a start tag has more than `limit` attributes.
  mutating func scan(_ bytes: UnsafeRawBufferPointer) -> Bool {
    for b in bytes {
      if b == 0x0A { line += 1 }
      switch state {
      case .text:
        if b == 0x3C { state = .open }
      case .open:
        switch b {
        case 0x21:  // <!
          state = .bang
          recent = 0
        case 0x3F: state = .markup  // <?
        case 0x3E: state = .text
        default:
          state = .tag
          attributes = 0
        }
      case .tag:
        switch b {
        case 0x3D:  // =
          attributes += 1
          if attributes > limit { return false }
        case 0x22, 0x27: state = .quoted(b)
        case 0x3E: state = .text
        default: break
        }
      case .quoted(let q):
        if b == q { state = .tag }
      case .bang:
        recent = recent << 8 | UInt32(b)
        if recent == 0x2D2D {  // <!--
          state = .comment
          recent = 0
        } else if recent == 0x5B {  // <![
          state = .cdata
          recent = 0
        } else if b == 0x3E {
          state = .text
        } else if recent > 0xFF {
          state = .markup
        }
      case .markup:
        if b == 0x3E { state = .text }
      case .comment:
        recent = recent << 8 | UInt32(b)
        if recent & 0xFF_FFFF == 0x2D2D3E { state = .text }  // -->
      case .cdata:
        recent = recent << 8 | UInt32(b)
        if recent & 0xFF_FFFF == 0x5D5D3E { state = .text }  // ]]>
      }
    }
    return true
  }
}
