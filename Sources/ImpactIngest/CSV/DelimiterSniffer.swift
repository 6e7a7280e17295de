/// Guesses the field delimiter from the first lines of a file: the candidate
/// (`,` `;` tab `|`) that occurs outside quotes the same non-zero number of
/// times on the most lines, preferring more occurrences. Falls back to `,`.
enum DelimiterSniffer {
  static let candidates: [UInt8] = [ASCII.comma, ASCII.semicolon, ASCII.tab, ASCII.pipe]

  static func sniff(_ head: [UInt8], maxLines: Int = 30) -> UInt8 {
    var perLine: [[Int]] = []
    var counts = [Int](repeating: 0, count: candidates.count)
    var inQuotes = false
    var lineHasContent = false
    for c in head {
      if c == ASCII.quote {
        inQuotes.toggle()
        lineHasContent = true
        continue
      }
      if inQuotes { continue }
      if c == ASCII.lf {
        if lineHasContent { perLine.append(counts) }
        counts = Array(repeating: 0, count: candidates.count)
        lineHasContent = false
        if perLine.count >= maxLines { break }
        continue
      }
      if c != ASCII.cr { lineHasContent = true }
      if let k = candidates.firstIndex(of: c) { counts[k] += 1 }
    }
    if lineHasContent && perLine.count < maxLines { perLine.append(counts) }
    guard !perLine.isEmpty else { return ASCII.comma }
    var best: (score: Int, count: Int, delimiter: UInt8)?
    for (k, d) in candidates.enumerated() {
      // The most common non-zero count for this candidate and on how many lines.
      var freq: [Int: Int] = [:]
      for line in perLine where line[k] > 0 { freq[line[k], default: 0] += 1 }
      guard let (count, lines) = freq.max(by: { ($0.value, $0.key) < ($1.value, $1.key) }) else { continue }
      let candidate = (score: lines, count: count, delimiter: d)
      if let b = best {
        if (candidate.score, candidate.count) > (b.score, b.count) { best = candidate }
      } else {
        best = candidate
      }
    }
    return best?.delimiter ?? ASCII.comma
  }
}
