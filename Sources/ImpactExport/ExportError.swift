/// Errors writing outputs: the path, what went wrong, and a `Fix:` sentence.
public struct ExportError: Error, Sendable, Equatable, CustomStringConvertible {
  public var path: String
  public var message: String
  public var hint: String

  public init(path: String, message: String, hint: String) {
    self.path = path
    self.message = message
    self.hint = hint
  }

  public var description: String { "\(path): \(message). Fix: \(hint)" }
}
