// Splitting and joining slash-separated paths by hand.
//
// swift-corelibs-foundation 6.3.1 traps (SIGILL) in
// `NSString.deletingLastPathComponent` on a one-character relative path such
// as "q" (see shared/FIELD-NOTES.md); every command with `--out q` crashed
// through it. These functions are plain string operations on "/"-separated
// components, never touch the file system, and never trap.

/// Pure functions on "/"-separated paths (POSIX paths and zip part names).
///
/// ```swift
/// PathName.parent("out/summary.json")   // "out"
/// PathName.parent("q")                  // ""
/// PathName.parent("/q")                 // "/"
/// PathName.lastComponent("a/b/")        // "b"
/// PathName.join("cfg", "../data.csv")   // "cfg/../data.csv"
/// PathName.standardized("cfg/../data.csv")  // "data.csv"
/// ```
public enum PathName {
  /// The path without its last component and the slashes before it: `""` for
  /// a single relative component, `"/"` for a component of the root.
  /// Trailing slashes are ignored ("a/b/" → "a").
  public static func parent(_ path: String) -> String {
    let p = trimmingTrailingSlashes(path)
    guard let cut = p.lastIndex(of: "/") else { return "" }
    var head = p[..<cut]
    while head.hasSuffix("/") { head.removeLast() }
    if head.isEmpty { return "/" }
    return String(head)
  }

  /// The last component ("a/b.csv" → "b.csv", "a/b/" → "b", "/" → "/").
  public static func lastComponent(_ path: String) -> String {
    let p = trimmingTrailingSlashes(path)
    if p == "/" { return "/" }
    guard let cut = p.lastIndex(of: "/") else { return p }
    return String(p[p.index(after: cut)...])
  }

  /// The extension of the last component without the dot ("" when none; a
  /// leading dot as in ".hidden" is not an extension).
  public static func pathExtension(_ path: String) -> String {
    let name = lastComponent(path)
    guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
    return String(name[name.index(after: dot)...])
  }

  /// The last component without its extension ("a/b.csv" → "b").
  public static func stem(_ path: String) -> String {
    let name = lastComponent(path)
    let ext = pathExtension(name)
    return ext.isEmpty ? name : String(name.dropLast(ext.count + 1))
  }

  /// `base` and `component` joined with one slash (`component` as is when
  /// it is absolute or `base` is empty).
  public static func join(_ base: String, _ component: String) -> String {
    if base.isEmpty || component.hasPrefix("/") { return component }
    if component.isEmpty { return base }
    return base.hasSuffix("/") ? base + component : base + "/" + component
  }

  /// "." and empty components removed and "x/.." pairs folded, lexically
  /// (symlinks are not resolved). Leading ".." of a relative path are kept;
  /// ".." above the root stays at the root. Returns "." for an empty result.
  public static func standardized(_ path: String) -> String {
    let absolute = path.hasPrefix("/")
    var parts: [Substring] = []
    for c in path.split(separator: "/", omittingEmptySubsequences: true) {
      if c == "." { continue }
      if c == ".." {
        if let last = parts.last, last != ".." {
          parts.removeLast()
        } else if !absolute {
          parts.append(c)
        }
        continue
      }
      parts.append(c)
    }
    let body = parts.joined(separator: "/")
    if absolute { return "/" + body }
    return body.isEmpty ? "." : body
  }

  /// The folder that holds `path` for writing: its parent, or "." for a
  /// bare file name.
  public static func directory(of path: String) -> String {
    let p = parent(path)
    return p.isEmpty ? "." : p
  }

  private static func trimmingTrailingSlashes(_ path: String) -> String {
    var p = Substring(path)
    while p.count > 1 && p.hasSuffix("/") { p.removeLast() }
    return String(p)
  }
}
