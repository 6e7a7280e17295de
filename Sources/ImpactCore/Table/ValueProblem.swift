/// A value that could not be used, with where it was.
public struct ValueProblem: Sendable, Equatable, Codable {
  public var line: Int
  public var column: String
  public var text: String

  public init(line: Int, column: String, text: String) {
    self.line = line
    self.column = column
    self.text = text
  }
}
