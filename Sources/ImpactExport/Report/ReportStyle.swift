/// The stylesheet of `report.html` (inlined by the template, so the page
/// stays one self-contained file): screen, phone and print (A4) rules.
///
/// - Phones: no text below 11 CSS px. Below 700 px the charts that have a
///   phone rendition (`CompactCharts`, 360 units wide, labels on their own
///   line) show it instead of the wide one. Other charts keep a minimum
///   drawing width (`--chart-min`, 760 px: the wide viewBox, so an SVG font
///   size of 11 is 11 px) and scroll sideways inside their box; SVG labels
///   drawn smaller than 11 are raised to 11. Wide tables scroll inside their
///   box with the first column held (sticky).
/// - Print (A4): tables and charts fit the page width (no horizontal
///   clipping), headings stay with what follows them, long hashes and file
///   names wrap anywhere.
///
/// Checked with headless Chromium at 390 and 1280 px and by printing to PDF
/// (Tests/CLITests/ReportMediaTests.swift).
enum ReportStyle {
  static let css = #"""
    :root { --fg:#1f2328; --muted:#57606a; --line:#d0d7de; --accent:#1f6feb; --good:#1a7f37; --bad:#cf222e; --bg:#ffffff; --soft:#f6f8fa; --chart-min: 760px; }
    * { box-sizing: border-box; }
    html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
    body { margin:0; background:var(--bg); color:var(--fg); font: 15px/1.55 "Noto Sans CJK SC","WenQuanYi Micro Hei","Microsoft YaHei","PingFang SC","Helvetica Neue",Arial,sans-serif; }
    main { max-width: 980px; margin: 0 auto; padding: 24px 16px 64px; }
    h1 { font-size: 1.7em; margin: 0 0 4px; overflow-wrap: anywhere; }
    h2 { font-size: 1.3em; margin: 40px 0 8px; padding-bottom: 6px; border-bottom: 1px solid var(--line); overflow-wrap: anywhere; }
    h3 { font-size: 1.05em; margin: 24px 0 8px; }
    h1, h2, h3 { break-after: avoid; page-break-after: avoid; }
    p, li, dd, dt { overflow-wrap: anywhere; }
    .meta { color: var(--muted); font-size: .9em; }
    .synthetic { background:#fff8c5; border:1px solid #d4a72c; padding:8px 12px; border-radius:6px; margin:12px 0; }
    .cards { display:grid; grid-template-columns: repeat(auto-fit, minmax(200px, 1fr)); gap:12px; margin:16px 0; }
    .card { background:var(--soft); border:1px solid var(--line); border-radius:8px; padding:12px 14px; min-width: 0; overflow-wrap: anywhere; }
    .card .value { font-size:1.6em; font-weight:700; color:var(--accent); }
    .card .label { font-weight:600; }
    .card .detail { color:var(--muted); font-size:.85em; }
    .chart { margin: 12px 0 20px; overflow-x: auto; -webkit-overflow-scrolling: touch; }
    .chart svg { display: block; min-width: var(--chart-min); height: auto; }
    .chart-compact { display: none; }
    .chart .chart-compact svg { min-width: 0; max-width: 520px; width: 100%; }
    @media screen and (max-width: 700px) { .chart-wide { display: none; } .chart-compact { display: block; } }
    .chart svg text[font-size="8"], .chart svg text[font-size="9"], .chart svg text[font-size="10"] { font-size: 11px; }
    .table-wrap { overflow-x:auto; -webkit-overflow-scrolling: touch; max-width: 100%; margin: 8px 0 16px; }
    table { border-collapse: separate; border-spacing: 0; width:100%; font-size:.86em; }
    th, td { border-bottom:1px solid var(--line); padding:5px 8px; text-align:right; white-space:nowrap; background: var(--bg); }
    th { background:var(--soft); }
    td.l, th.l { text-align:left; white-space:normal; min-width: 9em; overflow-wrap: anywhere; }
    tr > :first-child { position: sticky; left: 0; z-index: 1; box-shadow: 1px 0 0 var(--line); }
    tr.total td { font-weight:700; }
    .pos { color: var(--good); } .neg { color: var(--bad); }
    sub, sup { font-size: max(11px, .75em); }
    dl.methods dt { font-weight:600; margin-top:8px; }
    dl.methods dd { margin: 2px 0 0 0; color:#333; }
    ul.notes { padding-left: 1.2em; }
    code { font-size: max(11px, .85em); background:var(--soft); padding:1px 4px; border-radius:4px; overflow-wrap: anywhere; word-break: break-all; }
    footer { margin-top:48px; color:var(--muted); font-size:.85em; overflow-wrap: anywhere; }
    /* Language: with both, the English sits beneath the Chinese. Chinese
       lines break by the strict rules (no break before 。，）etc.); a figure
       with its unit (class nb) never breaks. */
    body { line-break: strict; word-break: normal; overflow-wrap: break-word; }
    .en { display:block; color:var(--muted); font-size: max(11px, .88em); font-weight:normal; }
    th .en { font-size: max(11px, .8em); }
    .nb { white-space:nowrap; }
    tr.small td { color:var(--muted); }
    tr.partial td { font-style: italic; }
    @media (max-width: 600px) {
      body { font-size: 14px; }
      main { padding: 16px 12px 48px; }
      h1 { font-size: 1.35em; }
      .cards { grid-template-columns: 1fr 1fr; gap: 8px; }
      .card { padding: 10px; }
      .card .value { font-size:1.3em; }
      table { font-size: 13px; }
      td.l, th.l { min-width: 7em; max-width: 10em; }
      th, td { padding: 4px 6px; }
    }
    @media (max-width: 360px) { .cards { grid-template-columns: 1fr; } }
    @page { size: A4; margin: 12mm 10mm 14mm; }
    @media print {
      body { font-size: 9.5pt; }
      main { max-width: none; padding: 0; }
      h2 { margin-top: 14pt; }
      h3 { margin: 10pt 0 4pt; }
      .cards { grid-template-columns: repeat(4, 1fr); gap: 6pt; margin: 8pt 0; }
      .card { padding: 6pt 8pt; break-inside: avoid; }
      .chart { overflow: visible; break-inside: avoid; }
      .chart svg { min-width: 0; width: 100%; }
      .table-wrap { overflow: visible; }
      table { font-size: 7.5pt; table-layout: auto; }
      th, td { white-space: normal; padding: 2pt 3pt; overflow-wrap: break-word; }
      td.l, th.l { min-width: 0; overflow-wrap: break-word; }
      #methods td.l + td.l { overflow-wrap: anywhere; }
      tr { break-inside: avoid; }
      tr > :first-child { position: static; box-shadow: none; }
      code { font-size: 7pt; padding: 0; }
      footer { margin-top: 18pt; }
    }
    """#
}
