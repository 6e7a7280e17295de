import Foundation
import TestSupport
import Testing

/// The report on a phone, a desktop and paper, the PDF, the notebook run top
/// to bottom, and CSV for Excel — each checked with the real tool on the
/// shipped example (`impact run --deterministic`).
@Suite(.serialized) struct ReportMediaTests {
  static let root = repositoryRoot()
  static let config = root + "/datasets/example/impact.yaml"

  /// At most this many A4 pages for the example report: the bilingual report
  /// (4 surveys with charts, tables and subgroup sections, reach with the
  /// volunteer figures, methods, inputs) prints on about 31; before the print
  /// stylesheet the English one took 18 Letter pages with tables cut.
  static let maxPrintedPages = 36

  static func tempDir(_ tag: String) throws -> String {
    let d = FileManager.default.temporaryDirectory.appendingPathComponent("impact-media-\(tag)-\(UUID().uuidString)")
      .path
    try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
    return d
  }

  /// The example, run once per test process with the default outputs.
  static let plain: (dir: String, run: ImpactRun)? = {
    guard let dir = try? tempDir("plain"),
      let r = try? ImpactBinary.run(["run", "--config", config, "--out", dir, "--deterministic", "--quiet"])
    else { return nil }
    return (dir, r)
  }()

  static func python(_ script: String, timeout: Double = 300) throws -> ImpactRun {
    try ExternalTool.run(ExternalTool.find("python3") ?? "/usr/bin/python3", ["-c", script], timeout: timeout)
  }

  // MARK: - Phone, desktop and print

  /// Appended to a copy of report.html (the report itself has no script):
  /// the smallest rendered text size (SVG text scaled by its viewBox), and
  /// every element reaching past the viewport that no scrolling box holds.
  static let measureScript = #"""
    <script>
    (function () {
      const vw = document.documentElement.clientWidth;
      let min = 1e9, minText = "";
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      let n;
      while ((n = walker.nextNode())) {
        const text = n.nodeValue.trim();
        const el = n.parentElement;
        if (!text || !el || el.closest("script, style, title")) continue;
        const r = el.getBoundingClientRect();
        if (r.width === 0 && r.height === 0) continue;
        let size = parseFloat(getComputedStyle(el).fontSize);
        if (el.closest("svg")) {
          const m = el.getScreenCTM();
          if (m) size *= Math.hypot(m.a, m.b);
        }
        if (size < min) { min = size; minText = text.slice(0, 40); }
      }
      const overflow = [];
      for (const el of document.body.querySelectorAll("*")) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || (r.right <= vw + 0.5 && r.left >= -0.5)) continue;
        let held = false;
        for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
          const o = getComputedStyle(p).overflowX;
          if (o === "auto" || o === "scroll" || o === "hidden") { held = true; break; }
        }
        if (!held) overflow.push(el.tagName.toLowerCase() + "." + el.className + " right=" + Math.round(r.right));
      }
      const result = { viewport: vw, scrollWidth: document.documentElement.scrollWidth, minFont: min, minText: minText,
        overflow: overflow.slice(0, 10) };
      const out = document.createElement("pre");
      out.id = "impact-measure";
      out.textContent = encodeURIComponent(JSON.stringify(result));
      document.body.appendChild(out);
    })();
    </script>
    """#

  struct Measure: Decodable {
    var viewport: Double
    var scrollWidth: Double
    var minFont: Double
    var minText: String
    var overflow: [String]
  }

  /// A page that shows `inner` in a frame exactly `width` CSS px wide:
  /// headless Chromium's window is at least 500 px wide, a frame can be
  /// narrower, and the report's media queries see the frame's width.
  static func framed(_ inner: String, width: Int, height: Int, scratch: String) throws -> String {
    let page = "\(scratch)/frame-\(width)-\(UUID().uuidString).html"
    try """
    <!DOCTYPE html><html><head><meta charset="utf-8"><style>body{margin:0}iframe{border:0;display:block}</style></head>
    <body><iframe id="f" src="\(URL(fileURLWithPath: inner).lastPathComponent)" width="\(width)" height="\(height)"></iframe>
    <script>
    window.addEventListener("load", function () {
      const d = document.getElementById("f").contentDocument;
      const pre = d && d.getElementById("impact-measure");
      const out = document.createElement("pre");
      out.id = "impact-result";
      out.textContent = pre ? pre.textContent : "none";
      document.body.appendChild(out);
    });
    </script></body></html>
    """.write(toFile: page, atomically: true, encoding: .utf8)
    return URL(fileURLWithPath: page).absoluteString
  }

  static func measure(_ html: String, width: Int, scratch: String) throws -> Measure {
    let page = "\(scratch)/measure-\(width).html"
    try html.replacingOccurrences(of: "</body>", with: measureScript + "\n</body>")
      .write(toFile: page, atomically: true, encoding: .utf8)
    let r = try HeadlessChromium.run(
      [
        "--window-size=\(max(width, 500)),900", "--allow-file-access-from-files", "--virtual-time-budget=10000",
        "--dump-dom",
      ],
      url: try framed(page, width: width, height: 900, scratch: scratch), scratch: scratch)
    #expect(r.status == 0, "chromium --dump-dom failed: \(r.stderr.suffix(500))")
    let start = try #require(r.stdout.range(of: "<pre id=\"impact-result\">"), "\(r.stdout.suffix(300))")
    let end = try #require(r.stdout.range(of: "</pre>", range: start.upperBound..<r.stdout.endIndex))
    let encoded = String(r.stdout[start.upperBound..<end.lowerBound])
    let json = try #require(encoded.removingPercentEncoding)
    return try JSONDecoder().decode(Measure.self, from: Data(json.utf8))
  }

  @Test(
    .enabled(if: HeadlessChromium.path != nil, Comment(rawValue: HeadlessChromium.missing)),
    arguments: [390, 1280])
  func readableWithoutSidewaysScrolling(width: Int) throws {
    let plain = try #require(Self.plain)
    #expect(plain.run.status == 0, "\(plain.run.stderr)")
    let html = try String(contentsOfFile: "\(plain.dir)/report.html", encoding: .utf8)
    let m = try Self.measure(html, width: width, scratch: plain.dir)
    #expect(m.viewport == Double(width), "layout viewport \(m.viewport) px for a \(width) px window")
    #expect(m.minFont >= 11, "smallest text \(m.minFont) px at \(width) px ('\(m.minText)')")
    #expect(m.scrollWidth <= m.viewport, "the page scrolls sideways: \(m.scrollWidth) px wide at \(width) px")
    #expect(m.overflow.isEmpty, "elements wider than the \(width) px viewport: \(m.overflow)")
    // A screenshot at this width, with ink and colour (a blank page is one colour).
    let png = "\(plain.dir)/report-\(width).png"
    let shot = try HeadlessChromium.run(
      ["--window-size=\(max(width, 500)),1600", "--virtual-time-budget=5000", "--screenshot=\(png)"],
      url: try Self.framed("\(plain.dir)/report.html", width: width, height: 1600, scratch: plain.dir),
      scratch: plain.dir)
    #expect(shot.status == 0, "\(shot.stderr.suffix(500))")
    let check = try Self.python(
      """
      from PIL import Image
      im = Image.open('\(png)').convert('RGB').crop((0, 0, \(width), 1600))
      im.save('\(png)')
      px = list(im.getdata())
      print(im.size[0], im.size[1], sum(1 for p in px if sum(p) < 600), len(set(px)))
      """)
    #expect(check.status == 0, "\(check.stderr)")
    let f = check.stdout.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    try #require(f.count == 4, "\(check.stdout)")
    #expect(f[0] == width && f[1] == 1600, "screenshot size \(f[0])×\(f[1])")
    #expect(f[2] > 5_000 && f[3] > 50, "too little ink or colour in the \(width) px screenshot: \(f)")
  }

  /// Printed on A4: a bounded page count, and nothing cut at the margin — every
  /// input's SHA-256 and every wide table's last column survive in the text.
  @Test(.enabled(if: HeadlessChromium.path != nil, Comment(rawValue: HeadlessChromium.missing)))
  func printsOnA4WithNothingCut() throws {
    let plain = try #require(Self.plain)
    let pdf = "\(plain.dir)/printed.pdf"
    let r = try HeadlessChromium.run(
      ["--no-pdf-header-footer", "--print-to-pdf=\(pdf)"],
      url: URL(fileURLWithPath: "\(plain.dir)/report.html").absoluteString, scratch: plain.dir)
    #expect(r.status == 0, "\(r.stderr.suffix(500))")
    let info = try ExternalTool.run(try #require(ExternalTool.find("pdfinfo"), "pdfinfo (poppler-utils)"), [pdf])
    let pages = info.stdout.split(separator: "\n").first { $0.hasPrefix("Pages:") }
      .flatMap { Int($0.dropFirst(6).trimmingCharacters(in: .whitespaces)) }
    let n = try #require(pages, "\(info.stdout)")
    #expect(n >= 4 && n <= Self.maxPrintedPages, "\(n) A4 pages (bound \(Self.maxPrintedPages))")
    #expect(info.stdout.contains("(A4)"), "\(info.stdout)")
    let text = try Self.pdfText(pdf)
    let flat = text.filter { !$0.isWhitespace }
    let manifest = try #require(FileManager.default.contents(atPath: "\(plain.dir)/manifest.json"))
    let doc = try #require(try JSONSerialization.jsonObject(with: manifest) as? [String: Any])
    let inputs = try #require(doc["inputs"] as? [[String: Any]])
    #expect(inputs.count >= 10)
    for i in inputs {
      let sha = try #require(i["sha256"] as? String)
      #expect(flat.contains(sha), "the SHA-256 of \(i["file"] ?? "?") is cut or missing in the PDF")
    }
    // The last column of each wide table: its header (in the bilingual
    // report the cells' lines interleave in the text, so the Chinese header
    // of one line, and for the pass column its values "32.9%→64.0%").
    for header in ["%→", "时长增长", "Welch检验p", "降级原因"] {
      #expect(flat.contains(header), "'\(header)' is missing in the printed report")
    }
  }

  static func pdfText(_ pdf: String) throws -> String {
    let tool = try #require(ExternalTool.find("pdftotext"), "pdftotext (Debian poppler-utils) is not installed")
    let r = try ExternalTool.run(tool, ["-enc", "UTF-8", pdf, "-"])
    #expect(r.status == 0, "\(r.stderr)")
    return r.stdout
  }

  // MARK: - --pdf

  @Test(.enabled(if: HeadlessChromium.path != nil, Comment(rawValue: HeadlessChromium.missing)))
  func pdfFlagWritesThePrintedReport() throws {
    let dir = try Self.tempDir("pdf")
    let r = try ImpactBinary.run(["run", "--config", Self.config, "--out", dir, "--deterministic", "--quiet", "--pdf"])
    #expect(r.status == 0, "\(r.stderr)")
    let pdf = "\(dir)/report.pdf"
    let head = try #require(FileManager.default.contents(atPath: pdf)).prefix(5)
    #expect(Array(head) == Array("%PDF-".utf8))
    let text = try Self.pdfText(pdf)
    for s in ["主要结果", "会用智能手机视频通话", "能识别电信网络诈骗", "Headline figures", "SYNTHETIC DATA"] {
      #expect(text.contains(s), "'\(s)' is missing from report.pdf's text")
    }
    let manifest = try String(contentsOfFile: "\(dir)/manifest.json", encoding: .utf8)
    #expect(manifest.contains("\"report.pdf\""))
    // --deterministic: the dates Chromium writes are fixed (the rest does not vary between prints).
    let bytes = try #require(FileManager.default.contents(atPath: pdf))
    let latin1 = String(decoding: bytes.map { $0 < 0x80 ? $0 : 0x3F }, as: UTF8.self)
    #expect(latin1.contains("/CreationDate (D:19700101000000") && latin1.contains("/ModDate (D:19700101000000"))
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix(".impact-tmp") }
    #expect(leftovers.isEmpty, "\(leftovers)")
  }

  @Test func pdfWithoutChromiumFailsBeforeWritingAnything() throws {
    let dir = try Self.tempDir("nochromium")
    let r = try ImpactBinary.run(
      ["run", "--config", Self.config, "--out", dir, "--quiet", "--pdf"],
      environment: ["PATH": "/nonexistent", "IMPACT_CHROMIUM": ""])
    #expect(r.status == 1)
    #expect(r.stderr.contains("headless Chromium") && r.stderr.contains("apt-get install chromium"), "\(r.stderr)")
    #expect(!FileManager.default.fileExists(atPath: dir + "/report.html"), "written despite the error")
    // A browser that fails while printing: exit 1, and no file of the run is written.
    let out = try Self.tempDir("badchromium")
    let r2 = try ImpactBinary.run(
      ["run", "--config", Self.config, "--out", out, "--quiet", "--pdf"], environment: ["IMPACT_CHROMIUM": "/bin/false"]
    )
    #expect(r2.status == 1)
    #expect(r2.stderr.contains("exited with status 1 without a PDF"), "\(r2.stderr)")
    let files = try FileManager.default.contentsOfDirectory(atPath: out).filter { !$0.hasPrefix(".") }
    #expect(files.isEmpty, "written despite the failed print: \(files)")
  }

  // MARK: - --excel-csv

  @Test func excelCSVAddsABOMAndCRLFAndNothingElse() throws {
    let plain = try #require(Self.plain)
    let dir = try Self.tempDir("excel")
    let r = try ImpactBinary.run([
      "run", "--config", Self.config, "--out", dir, "--deterministic", "--quiet", "--excel-csv",
    ])
    #expect(r.status == 0, "\(r.stderr)")
    let csvs = try FileManager.default.contentsOfDirectory(atPath: plain.dir).filter { $0.hasSuffix(".csv") }.sorted()
    #expect(csvs.count == 8, "\(csvs)")
    for name in csvs {
      let a = try #require(FileManager.default.contents(atPath: "\(plain.dir)/\(name)"))
      let b = try #require(FileManager.default.contents(atPath: "\(dir)/\(name)"))
      // Default: plain UTF-8, LF, no BOM.
      #expect(!a.starts(with: [0xEF, 0xBB, 0xBF]) && !a.contains(0x0D), "\(name): the default is not plain UTF-8/LF")
      #expect(a.last == 0x0A)
      // The example has no line break inside a field, so every LF ends a record.
      var expected: [UInt8] = [0xEF, 0xBB, 0xBF]
      for byte in a {
        if byte == 0x0A { expected.append(0x0D) }
        expected.append(byte)
      }
      #expect(Array(b) == expected, "\(name): --excel-csv should be the BOM + the same CSV with CRLF")
    }
    let json = "literacy_1_summary.json"
    #expect(
      FileManager.default.contents(atPath: "\(plain.dir)/\(json)")
        == FileManager.default.contents(atPath: "\(dir)/\(json)"))
  }

  // MARK: - Notebook

  /// The notebook, run top to bottom with nbclient in the output folder:
  /// every chart cell ends with a redrawn image, each survey's table holds
  /// that survey's CSV numbers, the dz cell shows the dz interval, and the
  /// volunteer figures' star table equals its CSV.
  @Test func notebookRunsTopToBottom() throws {
    let plain = try #require(Self.plain)
    let probe = try Self.python("import nbclient, ipykernel, pandas, matplotlib")
    try #require(
      probe.status == 0,
      "the notebook check needs python3 -m pip install nbclient ipykernel pandas matplotlib (.ci/install-deps does it): \(probe.stderr)"
    )
    let r = try Self.python(
      """
      import csv, json, re, sys
      import nbformat
      from nbclient import NotebookClient
      d = \(NotebookWriterTestStrings.quoted(plain.dir))
      nb = nbformat.read(d + '/report.ipynb', as_version=4)
      NotebookClient(nb, timeout=300, kernel_name='python3', resources={'metadata': {'path': d}}).execute()
      problems = []
      charts = 0
      for c in nb.cells:
          if c.cell_type != 'code':
              continue
          for o in c.outputs:
              if o.output_type == 'error':
                  problems.append('error output: ' + o.get('ename', ''))
          if c.metadata.get('impact', {}).get('role') == 'chart':
              charts += 1
              if not any('image/png' in o.get('data', {}) for o in c.outputs):
                  problems.append('chart cell without an image after running: ' + c.source.splitlines()[-1])
      def f2(x):
          return '–' if x == '' else '%.2f' % float(x)
      surveys = sorted({c.metadata['impact']['survey'] for c in nb.cells if 'survey' in c.metadata.get('impact', {})})
      for k in surveys:
          rows = [r for r in csv.DictReader(open(f'{d}/literacy_{k}_indicators.csv', encoding='utf-8'))
                  if r.get('group_by', '') == '']
          table = [c for c in nb.cells if c.cell_type == 'markdown' and c.metadata.get('impact') == {'role': 'table', 'survey': k}]
          if len(table) != 1:
              problems.append(f'survey {k}: {len(table)} tables'); continue
          lines = [l for l in table[0].source.splitlines()[2:] if l.startswith('|')]
          if len(lines) != len(rows):
              problems.append(f'survey {k}: {len(lines)} table rows, CSV has {len(rows)}')
          for line, row in zip(lines, rows):
              cells = [x.strip() for x in re.split(r'(?<!\\\\)\\|', line)[1:-1]]
              name = 'composite' if row['indicator'] == 'composite' else row['indicator'] + ' ' + row['label']
              want = [name.replace('|', '\\\\|'), row['n_pairs'], f2(row['mean_pre']), f2(row['mean_post']), None, None,
                      f2(row['cohens_dz']),
                      '–' if row['cohens_dz_ci_low'] == '' else '[%s, %s]' % (f2(row['cohens_dz_ci_low']), f2(row['cohens_dz_ci_high']))]
              for i, w in enumerate(want):
                  if w is not None and cells[i] != w:
                      problems.append(f'survey {k} {row["indicator"]} column {i}: notebook {cells[i]!r}, CSV {w!r}')
          load = [c for c in nb.cells if c.cell_type == 'code' and c.metadata.get('impact') == {'role': 'load', 'survey': k}]
          if len(load) != 1 or f'literacy_{k}_indicators.csv' not in load[0].source or f's{k} = ' not in load[0].source:
              problems.append(f'survey {k}: its load cell does not read its own CSV into its own variable')
          dz = [c for c in nb.cells if c.metadata.get('impact') == {'role': 'dz', 'survey': k}]
          text = ''.join(o.get('data', {}).get('text/plain', '') for c in dz for o in c.outputs)
          if 'cohens_dz_ci_low' not in text or 'ci_low' in text.replace('cohens_dz_ci_low', ''):
              problems.append(f'survey {k}: the dz cell does not show the dz interval alone: {text[:200]!r}')
      # The volunteer figures: the star table equals reach_volunteers_by_period.csv, the heat map is drawn.
      stars = [c for c in nb.cells if c.cell_type == 'markdown' and c.metadata.get('impact') == {'role': 'table'}
               and '★' in c.source]
      vol = list(csv.DictReader(open(f'{d}/reach_volunteers_by_period.csv', encoding='utf-8')))
      if len(stars) != 1:
          problems.append(f'{len(stars)} star-level tables')
      else:
          lines = [l for l in stars[0].source.splitlines() if l.startswith('| ') and '★' not in l]
          if len(lines) != len(vol):
              problems.append(f'star table: {len(lines)} rows, CSV has {len(vol)}')
          for line, row in zip(lines, vol):
              cells = [x.strip().replace(',', '') for x in line.split('|')[1:-1]]
              want = [row['period']] + [row[k] for k in row if k.startswith('star_level_')]
              if cells[:len(want)] != want:
                  problems.append(f'star table {cells[:len(want)]} != CSV {want}')
      heat = [c for c in nb.cells if c.metadata.get('impact', {}).get('role') == 'chart' and 'cohort_heatmap(' in c.source]
      if len(heat) != 1 or 'reach_cohorts.csv' not in ''.join(c.source for c in nb.cells if c.cell_type == 'code'):
          problems.append('no cohort heat map drawn from reach_cohorts.csv')
      print(json.dumps({'charts': charts, 'surveys': surveys, 'problems': problems[:20]}))
      """)
    #expect(r.status == 0, "\(r.stderr.suffix(2000))")
    let line = try #require(r.stdout.split(separator: "\n").last)
    let result = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    #expect((result["problems"] as? [String]) == [], "\(result["problems"] ?? "")")
    #expect((result["surveys"] as? [Int]) == [1, 2, 3, 4])
    // Two charts per survey; hours, volunteers and the cohort heat map of reach.
    #expect((result["charts"] as? Int) == 4 * 2 + 3, "\(result)")
  }
}

/// Python string literals for the scripts above.
enum NotebookWriterTestStrings {
  static func quoted(_ s: String) -> String {
    "'" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
  }
}
