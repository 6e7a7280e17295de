// The report model (`RunReport`, `LiteracyReport`, `ReachReport`,
// `InputFileInfo`, `JSONValue`, …) lives in ImpactReportModel; every renderer
// here takes it, so importing ImpactExport brings it along.
@_exported public import ImpactReportModel
