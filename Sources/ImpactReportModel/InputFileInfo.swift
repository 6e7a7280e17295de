/// An input file as recorded in `meta`: enough to prove which bytes were read.
public struct InputFileInfo: Sendable, Equatable, Codable {
  /// `baseline`, `endline`, `survey`, `codebook`, `hours`, …
  public var role: String
  /// The path as given on the command line or in the config.
  public var path: String
  public var bytes: Int
  public var sha256: String?
  /// Data rows read (nil for non-tabular inputs such as a codebook).
  public var rows: Int?
  public var encoding: String?
  public var delimiter: String?
  /// The decimal mark numbers were read with (`.` or `,`) and whether it was
  /// `detected`, given as an `option`, or the `default`.
  public var decimal: String?
  public var decimalSource: String?
  /// 1-based rows of the header and the first data record (sheet rows of a
  /// workbook).
  public var headerRow: Int?
  public var firstDataRow: Int?
  /// Whether an unnamed first column was read as row names.
  public var rowNames: Bool?
  /// What was detected or chosen about the layout (also printed on stderr).
  public var notes: [String]?

  public init(
    role: String, path: String, bytes: Int, sha256: String?, rows: Int? = nil, encoding: String? = nil,
    delimiter: String? = nil
  ) {
    self.role = role
    self.path = path
    self.bytes = bytes
    self.sha256 = sha256
    self.rows = rows
    self.encoding = encoding
    self.delimiter = delimiter
  }
}
