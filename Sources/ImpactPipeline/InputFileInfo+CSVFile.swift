import ImpactIngest
import ImpactReportModel

// Needs the ingest layer's `CSVFile`, so it lives here rather than beside
// `InputFileInfo` in ImpactReportModel.
extension InputFileInfo {
  /// A tabular input as read: its encoding, delimiter, decimal mark and
  /// layout, with `rows` data rows read.
  init(file f: CSVFile, role: String, rows: Int, sha256: String?) {
    self.init(
      role: role, path: f.path, bytes: f.originalSize, sha256: sha256, rows: rows, encoding: f.encoding.rawValue,
      delimiter: f.delimiter == 0x09 ? "tab" : String(UnicodeScalar(f.delimiter)))
    decimal = f.decimalMark.rawValue
    decimalSource = f.decimalMarkSource.rawValue
    headerRow = f.headerRow
    firstDataRow = f.firstDataRow
    rowNames = f.rowNameColumn != nil
    let n = f.layoutNotes
    notes = n.isEmpty ? nil : n
  }
}
