import ImpactExport
import Testing

/// `report.pdf` without a browser: locating Chromium and fixing the dates.
@Suite struct ReportPDFTests {
  @Test func datesAreFixedAndLengthsKept() {
    let pdf = Array(
      "%PDF-1.4\n<</CreationDate (D:20261130035533+00'00')\n/ModDate (D:20261130035534+00'00')>>\n/CreationDate (D:2026x)"
        .utf8)
    let fixed = ImpactExport.ReportPDF.fixingDates(pdf)
    #expect(fixed.count == pdf.count)
    #expect(
      String(decoding: fixed, as: UTF8.self)
        == "%PDF-1.4\n<</CreationDate (D:19700101000000+00'00')\n/ModDate (D:19700101000000+00'00')>>\n/CreationDate (D:2026x)"
    )
  }

  @Test func aMissingBrowserSaysHowToInstallIt() {
    #expect {
      _ = try ImpactExport.ReportPDF.locateChromium(environment: ["PATH": "/nonexistent"])
    } throws: { error in
      guard let e = error as? ExportError else { return false }
      return e.hint.contains("apt-get install chromium") && e.message.contains("headless Chromium")
    }
  }

  @Test func impactChromiumMustBeAnExecutable() {
    #expect(throws: ExportError.self) {
      _ = try ImpactExport.ReportPDF.locateChromium(environment: ["IMPACT_CHROMIUM": "/nonexistent/chromium"])
    }
    #expect(
      (try? ImpactExport.ReportPDF.locateChromium(environment: ["IMPACT_CHROMIUM": "/bin/sh"])) == "/bin/sh")
  }
}
