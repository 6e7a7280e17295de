import ImpactExport

/// Prints what was detected or chosen about each input's layout (decimal
/// comma, header and data rows, row names) on stderr, one line each; the
/// same notes are in `meta.inputs[].notes`.
func printInputNotes(_ inputs: [InputFileInfo], command: String) {
  for input in inputs {
    for note in input.notes ?? [] { printError("impact \(command): \(input.path): \(note)") }
  }
}
