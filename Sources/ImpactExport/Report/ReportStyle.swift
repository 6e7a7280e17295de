/// The stylesheet of `report.html` (inlined by the template, so the page
/// stays one self-contained file): screen, phone and print (A4) rules.
enum ReportStyle {
  static let css = #"""
    :root { --fg:#1f2328; --muted:#57606a; --line:#d0d7de; --accent:#1f6feb; --good:#1a7f37; --bad:#cf222e; --bg:#ffffff; --soft:#f6f8fa; }
    * { box-sizing: border-box; }
    body { margin:0; background:var(--bg); color:var(--fg); font: 15px/1.55 "Noto Sans CJK SC","WenQuanYi Micro Hei","Microsoft YaHei","PingFang SC","Helvetica Neue",Arial,sans-serif; }
    main { max-width: 980px; margin: 0 auto; padding: 24px 16px 64px; }
    h1 { font-size: 1.7em; margin: 0 0 4px; }
    h2 { font-size: 1.3em; margin: 40px 0 8px; padding-bottom: 6px; border-bottom: 1px solid var(--line); }
    h3 { font-size: 1.05em; margin: 24px 0 8px; }
    .meta { color: var(--muted); font-size: .9em; }
    .synthetic { background:#fff8c5; border:1px solid #d4a72c; padding:8px 12px; border-radius:6px; margin:12px 0; }
    .cards { display:grid; grid-template-columns: repeat(auto-fit, minmax(200px, 1fr)); gap:12px; margin:16px 0; }
    .card { background:var(--soft); border:1px solid var(--line); border-radius:8px; padding:12px 14px; }
    .card .value { font-size:1.6em; font-weight:700; color:var(--accent); }
    .card .label { font-weight:600; }
    .card .detail { color:var(--muted); font-size:.85em; }
    .chart { margin: 12px 0 20px; }
    .table-wrap { overflow-x:auto; -webkit-overflow-scrolling: touch; }
    table { border-collapse: collapse; width:100%; font-size:.86em; margin: 8px 0 16px; }
    th, td { border-bottom:1px solid var(--line); padding:5px 8px; text-align:right; white-space:nowrap; }
    th { background:var(--soft); position: sticky; top: 0; }
    td.l, th.l { text-align:left; white-space:normal; min-width: 9em; }
    tr.total td { font-weight:700; }
    .pos { color: var(--good); } .neg { color: var(--bad); }
    dl.methods dt { font-weight:600; margin-top:8px; }
    dl.methods dd { margin: 2px 0 0 0; color:#333; }
    ul.notes { padding-left: 1.2em; }
    code { font-size:.85em; background:var(--soft); padding:1px 4px; border-radius:4px; }
    footer { margin-top:48px; color:var(--muted); font-size:.85em; }
    @media (max-width: 600px) { body { font-size: 14px; } h1 { font-size: 1.35em; } .card .value { font-size:1.3em; } }
    @media print { main { max-width:none; padding:0; } h2 { break-after: avoid; } .chart, table { break-inside: avoid; } th { position: static; } }
    """#
}
