/// A skipped record.
public struct RowProblem: Sendable, Equatable, Codable {
  public var line: Int
  public var message: String

  public init(line: Int, message: String) {
    self.line = line
    self.message = message
  }
}
