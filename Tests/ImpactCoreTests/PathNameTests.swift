import ImpactCore
import Testing

/// `PathName` replaces `NSString` path methods, one of which traps on
/// one-character relative paths in swift-corelibs-foundation 6.3.1.
@Suite struct PathNameTests {
  @Test(arguments: [
    ("q", ""), ("中", ""), ("y/z", "y"), ("out/", ""), ("a/b/", "a"), ("/q", "/"), ("/", "/"),
    ("/a/b.csv", "/a"), ("a//b", "a"), (".", ""), ("..", ""), ("../x", ".."), ("", ""),
  ])
  func parent(_ path: String, _ expected: String) {
    #expect(PathName.parent(path) == expected, "parent(\(path))")
  }

  @Test(arguments: [
    ("q", "q"), ("a/b.csv", "b.csv"), ("a/b/", "b"), ("/", "/"), ("中/文.csv", "文.csv"), ("", ""),
  ])
  func lastComponent(_ path: String, _ expected: String) {
    #expect(PathName.lastComponent(path) == expected)
  }

  @Test(arguments: [
    ("a/b.csv", "csv", "b"), ("b.tar.gz", "gz", "b.tar"), (".hidden", "", ".hidden"), ("x", "", "x"),
    ("dir.d/x", "", "x"),
  ])
  func extensionAndStem(_ path: String, _ ext: String, _ stem: String) {
    #expect(PathName.pathExtension(path) == ext)
    #expect(PathName.stem(path) == stem)
  }

  @Test(arguments: [
    ("cfg/../data.csv", "data.csv"), ("./a/./b", "a/b"), ("../../x", "../../x"), ("/a/../../b", "/b"),
    ("a/..", "."), ("", "."), ("/", "/"), ("a//b/", "a/b"),
  ])
  func standardized(_ path: String, _ expected: String) {
    #expect(PathName.standardized(path) == expected)
  }

  @Test func joinKeepsAbsoluteComponents() {
    #expect(PathName.join("cfg", "data.csv") == "cfg/data.csv")
    #expect(PathName.join("cfg/", "data.csv") == "cfg/data.csv")
    #expect(PathName.join("", "data.csv") == "data.csv")
    #expect(PathName.join("cfg", "/abs.csv") == "/abs.csv")
    #expect(PathName.directory(of: "q") == ".")
    #expect(PathName.directory(of: "out/q.json") == "out")
  }
}
