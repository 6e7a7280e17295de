/// One column of a `Table`: numeric values or string keys.
public enum Column: Sendable, Equatable {
  case numeric(NumericColumn)
  case key(KeyColumn)

  /// Number of rows.
  public var count: Int {
    switch self {
    case .numeric(let c): return c.count
    case .key(let c): return c.count
    }
  }
}

/// A column-major table: named columns of equal length.
///
/// ```swift
/// var t = Table()
/// try t.append(name: "id", column: .key(KeyColumn(["a", "b"])))
/// try t.append(name: "q01", column: .numeric(NumericColumn([3, 5])))
/// t.numeric("q01")?.values   // [3, 5]
/// ```
public struct Table: Sendable, Equatable {
  /// Column names in order; unique.
  public private(set) var columnNames: [String] = []
  /// Columns, parallel to `columnNames`.
  public private(set) var columns: [Column] = []

  public init() {}

  /// Number of rows (0 for a table without columns).
  public var rowCount: Int { columns.first?.count ?? 0 }

  /// Appends a column.
  /// - Throws: `TableError` when the name is taken or the length differs.
  public mutating func append(name: String, column: Column) throws(TableError) {
    if columnNames.contains(name) { throw .duplicateColumn(name) }
    if let first = columns.first, first.count != column.count {
      throw .lengthMismatch(name: name, expected: first.count, actual: column.count)
    }
    columnNames.append(name)
    columns.append(column)
  }

  /// The column called `name`.
  public func column(_ name: String) -> Column? {
    columnNames.firstIndex(of: name).map { columns[$0] }
  }

  /// The numeric column called `name`, if it is numeric.
  public func numeric(_ name: String) -> NumericColumn? {
    if case .numeric(let c)? = column(name) { return c }
    return nil
  }

  /// The key column called `name`, if it is a key column.
  public func key(_ name: String) -> KeyColumn? {
    if case .key(let c)? = column(name) { return c }
    return nil
  }
}

/// Errors building a `Table`.
public enum TableError: Error, Sendable, Equatable, CustomStringConvertible {
  case duplicateColumn(String)
  case lengthMismatch(name: String, expected: Int, actual: Int)

  public var description: String {
    switch self {
    case .duplicateColumn(let n):
      return "column '\(n)' appears twice; rename one of them"
    case .lengthMismatch(let n, let e, let a):
      return "column '\(n)' has \(a) rows but the table has \(e)"
    }
  }
}
