#!/usr/bin/env python3
# Writes the fuzz seeds (fuzz-seeds/<target>/) and dictionaries
# (fuzz-seeds/<target>.dict) of `make fuzz` from the repository's own small
# inputs. Python 3.11 standard library; the built `impact` (partials, summary
# workbook) and LibreOffice (`soffice`, workbooks as LibreOffice writes them,
# a legacy .xls) are used when present. Written 2026-11-30.
#
#   python3 Tests/ImpactIngestTests/Fixtures/fuzz-seeds/make_fuzz_seeds.py [path/to/impact]
#
# Seeds stay below the targets' -max_len (csv, config 16 KiB; xlsx, partial
# 64 KiB): the example workbooks (≈ 580 KB of sheet XML each) are cut to
# their first rows. Every file of a csv seed is separated by the line
# "#next-file#"; the first byte of a csv seed is its option byte (see
# Sources/ImpactFuzzTargets/CSVFuzzTarget.swift). Not byte-stable between
# runs: the reach partials (sets in hash order) and LibreOffice's files
# (timestamps).
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "../../../.."))
IMPACT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build/debug/impact")
SEP = b"\n#next-file#\n"
LIMIT = {"csv": 16 << 10, "config": 16 << 10, "xlsx": 64 << 10, "partial": 64 << 10}


def src(*parts):
    return os.path.join(ROOT, *parts)


def read(path):
    with open(path, "rb") as f:
        return f.read()


def head(path, lines):
    return b"".join(read(path).splitlines(keepends=True)[:lines])


def fixed_tmp():
    """A fresh folder with a fixed name (the partials record input paths)."""
    path = os.path.join(tempfile.gettempdir(), "impact-fuzz-seeds")
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    return path


def seed(target, name, data):
    assert len(data) <= LIMIT[target], (target, name, len(data))
    os.makedirs(os.path.join(HERE, target), exist_ok=True)
    with open(os.path.join(HERE, target, name), "wb") as f:
        f.write(data)


def dictionary(target, tokens):
    with open(os.path.join(HERE, target + ".dict"), "w", encoding="utf-8") as f:
        f.write(f"# libFuzzer dictionary of the {target} target (written by make_fuzz_seeds.py)\n")
        for t in sorted({t.encode("utf-8") if isinstance(t, str) else t for t in tokens}):
            esc = "".join(chr(b) if 0x20 <= b < 0x7F and b not in (0x22, 0x5C) else f"\\x{b:02x}" for b in t)
            f.write(f'"{esc}"\n')


# ---------------------------------------------------------------- csv
READ, LIT, REACH, INIT = 0, 1, 2, 3
HEADER2, DATA3, COMMA = 4, 8, 12
SKIP = 0x80
excel = src("Tests/ImpactIngestTests/Fixtures/excel")
labels = src("Tests/ImpactPipelineTests/Fixtures/labels")
reach = src("Tests/ImpactPipelineTests/Fixtures/reach")
example = src("datasets/example")
pre, post = head(f"{excel}/survey_pre.csv", 30), head(f"{excel}/survey_post.csv", 25)
seed("csv", "survey_reading_layer", bytes([READ]) + pre + SEP + post)
seed("csv", "hours_reading_layer", bytes([READ | SKIP]) + head(f"{reach}/hours.csv", 50))
seed("csv", "survey_two_files", bytes([LIT]) + pre + SEP + post)
seed("csv", "survey_codebook_init", bytes([INIT]) + pre + SEP + post)
seed("csv", "labels_text", bytes([INIT]) + read(f"{labels}/text_pre.csv") + SEP + read(f"{labels}/text_post.csv"))
seed("csv", "labels_numeric", bytes([LIT]) + read(f"{labels}/numeric_pre.csv") + SEP + read(f"{labels}/numeric_post.csv"))
wide = src("Tests/ImpactPipelineTests/Fixtures/literacy/binary_wide")
for f in sorted(os.listdir(wide)):
    if f.endswith(".csv"):
        seed("csv", "wide_" + f[:-4], bytes([LIT]) + head(f"{wide}/{f}", 40))
        seed("csv", "wide_init_" + f[:-4], bytes([INIT]) + head(f"{wide}/{f}", 40))
seed(
    "csv", "example_survey",
    bytes([LIT | SKIP]) + head(f"{example}/synthetic_survey_baseline.csv", 12) + SEP
    + head(f"{example}/synthetic_survey_endline.csv", 12))
seed(
    "csv", "reach_three_files",
    bytes([REACH]) + head(f"{reach}/hours.csv", 60) + SEP + head(f"{reach}/registry.csv", 30) + SEP
    + head(f"{reach}/people.csv", 30))
seed("csv", "reach_hours", bytes([REACH | SKIP]) + head(f"{excel}/hours.csv", 80))
seed(
    "csv", "reach_example",
    bytes([REACH]) + head(f"{example}/synthetic_hours.csv", 40) + SEP + head(f"{example}/synthetic_registry.csv", 20))
# Layouts of real exports: title rows, a question-text row under the header,
# R/pandas row names, decimal commas in ;-files, legacy encodings.
seed("csv", "title_row", bytes([LIT | HEADER2]) + b"Survey 2024 export\nrespondent_id,q1,q2\nA,1,2\nB,3,4\n"
     + SEP[1:] + b"Survey 2024 export\nrespondent_id,q1,q2\nA,2,2\nB,5,4\n")
seed("csv", "question_row", bytes([LIT | DATA3]) + b"respondent_id,q1,q2\nId,How sure?,How often?\nA,1,2\nB,3,4\n"
     + SEP[1:] + b"respondent_id,q1,q2\nId,How sure?,How often?\nA,2,2\nB,5,4\n")
seed("csv", "row_names", bytes([LIT]) + b'"","respondent_id","q1"\n"1","A",3\n"2","B",4\n'
     + SEP[1:] + b'"","respondent_id","q1"\n"1","A",4\n"2","B",5\n')
seed("csv", "decimal_comma_hours", bytes([REACH | COMMA]) + "volunteer_id;date;hours;team\nV1;2024-01-05;4,5;A\nV2;05.02.2024;1,25;B\nV1;2024-03-01;2;A\n".encode())
seed("csv", "gb18030", bytes([0]) + "respondent_id,区县,q1\nA,海淀区,3\nB,朝阳区,不知道\n".encode("gb18030"))
seed("csv", "utf16le_bom", bytes([REACH]) + b"\xff\xfe" + "volunteer_id\tdate\thours\nV1\t2024-01-05\t2\n".encode("utf-16-le"))
seed("csv", "dates", bytes([REACH]) + b"volunteer_id,date,hours\nV1,05/01/2012,2\nV2,09/16/2012,3\nV3,0024-05-01,1\nV4,2012-02-30,-1\nV5,2012-03-01,1e3\n")
dictionary("csv", [
    SEP, b",", b";", b"\t", b"|", b'"', b'""', b"\r\n", b"\n", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff",
    "respondent_id", "volunteer_id", "beneficiary_id", "date", "hours", "team", "project", "beneficiaries",
    "university", "registered", "weight", "_pre", "_post", "pre_", "post_", "99", "-9", "NA", "N/A", "#N/A",
    "NULL", "不知道", "非常同意", "同意", "是", "否", "A.", "(B)", "5分", "2024-05-01", "05/01/2012",
    "01.05.2012", "2024年10月25日", "4,5", "1e308", "-0", "9223372036855", "0024-05-01",
])

# ---------------------------------------------------------------- xlsx
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
RNS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


def workbook_parts(sheets, shared=None, styles=None, date1904=False):
    """Parts of a workbook: sheets is [(name, xml)]."""
    parts = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        "_rels/.rels": f'<?xml version="1.0"?><Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    }
    pr = '<workbookPr date1904="1"/>' if date1904 else ""
    sheet_list = "".join(f'<sheet name="{n}" sheetId="{i + 1}" r:id="rId{i + 1}"/>' for i, (n, _) in enumerate(sheets))
    parts["xl/workbook.xml"] = f'<?xml version="1.0"?><workbook {NS} {RNS}>{pr}<sheets>{sheet_list}</sheets></workbook>'
    rels = [f'<Relationship Id="rId{i + 1}" Type="{REL}/worksheet" Target="worksheets/sheet{i + 1}.xml"/>' for i in range(len(sheets))]
    if shared is not None:
        rels.append(f'<Relationship Id="rS" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>')
        parts["xl/sharedStrings.xml"] = f'<?xml version="1.0"?><sst {NS} count="{len(shared)}" uniqueCount="{len(shared)}">' + "".join(
            f"<si><t>{s}</t></si>" if not s.startswith("<") else f"<si>{s}</si>" for s in shared) + "</sst>"
    if styles is not None:
        rels.append(f'<Relationship Id="rY" Type="{REL}/styles" Target="/xl/styles.xml"/>')
        parts["xl/styles.xml"] = styles
    parts["xl/_rels/workbook.xml.rels"] = f'<?xml version="1.0"?><Relationships xmlns="{PKG}">' + "".join(rels) + "</Relationships>"
    for i, (_, xml) in enumerate(sheets):
        parts[f"xl/worksheets/sheet{i + 1}.xml"] = f'<?xml version="1.0"?><worksheet {NS}><sheetData>{xml}</sheetData></worksheet>'
    return parts


STYLES = (f'<?xml version="1.0"?><styleSheet {NS}><numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/>'
          '<numFmt numFmtId="165" formatCode="0.00%"/></numFmts><cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/>'
          '<xf numFmtId="164" applyNumberFormat="1"/><xf numFmtId="165"/></cellXfs></styleSheet>')
shared = ["respondent_id", "district", "q1", "q2", "海淀区", "朝阳区", "非常同意", '<r><t>A.</t></r><r><rPr><b/></rPr><t xml:space="preserve"> 同意</t></r>', "date"]
rows = ('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>8</v></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>S001</t></is></c><c r="B2" t="s"><v>4</v></c><c r="C2"><v>3</v></c><c r="D2" t="s"><v>6</v></c><c r="E2" s="1"><v>45292</v></c></row>'
        '<row r="4"><c r="A4" t="str"><f>"S00"&amp;2</f><v>S002</v></c><c r="B4" t="s"><v>5</v></c><c r="C4" t="b"><v>1</v></c><c r="D4" t="s"><v>7</v></c><c r="E4" s="2"><v>45293.5</v></c></row>'
        '<row r="5"><c r="A5" t="inlineStr"><is><t>S003</t></is></c><c r="C5" t="e"><v>#N/A</v></c><c r="D5" s="3"><v>0.125</v></c><c r="F5"><v>1E+308</v></c></row>')
main = workbook_parts([("问卷数据", rows), ("Sheet2", '<row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c></row>')], shared, STYLES)
date1904 = workbook_parts([("data", '<row><c t="inlineStr"><is><t>volunteer_id</t></is></c><c t="inlineStr"><is><t>date</t></is></c><c t="inlineStr"><is><t>hours</t></is></c></row><row><c t="inlineStr"><is><t>V1</t></is></c><c s="1"><v>43831</v></c><c><v>2.5</v></c></row>')], None, STYLES, date1904=True)
merged = workbook_parts([("s", '<row r="1" spans="1:3"><c r="A1" t="inlineStr"><is><t>Title</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>respondent_id</t></is></c><c r="C2" t="inlineStr"><is><t>q1</t></is></c></row><row r="3"><c r="A3" t="inlineStr"><is><t>A</t></is></c><c r="C3"><v>4</v></c></row>')], None, None)


def part_list(parts, sheet=None):
    out = b""
    for name, content in parts.items():
        out += b"=== " + name.encode() + b"\n" + content.encode() + b"\n"
    if sheet is not None:
        out += b"=== sheet\n" + sheet.encode()
    return out.rstrip(b"\n")


def zipped(parts, method):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as z:
        for name, content in parts.items():
            z.writestr(zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0)), content, compress_type=method)
    return buf.getvalue()


seed("xlsx", "parts_shared_strings_styles", part_list(main))
seed("xlsx", "parts_sheet_by_name", part_list(main, sheet="Sheet2"))
seed("xlsx", "parts_sheet_by_number", part_list(main, sheet="2"))
seed("xlsx", "parts_date1904", part_list(date1904))
seed("xlsx", "parts_title_row", part_list(merged))
seed("xlsx", "stored_shared_strings", zipped(main, zipfile.ZIP_STORED))
seed("xlsx", "deflated_shared_strings", zipped(main, zipfile.ZIP_DEFLATED))
seed("xlsx", "stored_date1904", zipped(date1904, zipfile.ZIP_STORED))
for wave in ("baseline", "endline"):
    with zipfile.ZipFile(f"{example}/synthetic_antifraud_{wave}.xlsx") as z:
        parts = {i.filename: z.read(i).decode() for i in z.infolist()}
    sheet = parts["xl/worksheets/sheet1.xml"]
    rows_ = re.findall(r"<row\b.*?</row>", sheet, re.S)
    start = sheet.index("<row")
    end = sheet.rindex("</row>") + len("</row>")
    parts["xl/worksheets/sheet1.xml"] = sheet[:start] + "".join(rows_[:12]) + sheet[end:]
    seed("xlsx", f"example_{wave}_stored", zipped(parts, zipfile.ZIP_STORED))
    seed("xlsx", f"example_{wave}_parts", part_list(parts))
tmp = fixed_tmp()
try:
    if shutil.which("soffice"):
        for name in ("survey_pre.csv",):
            csv_path = os.path.join(tmp, name)
            with open(csv_path, "wb") as f:
                f.write(head(f"{excel}/{name}", 15))
            for fmt in ("xlsx", "xls"):
                subprocess.run(["soffice", "--headless", "--convert-to", fmt, "--outdir", tmp, csv_path],
                               check=True, capture_output=True, timeout=120)
                seed("xlsx", f"libreoffice_{name[:-4]}.{fmt}", read(os.path.join(tmp, name[:-4] + "." + fmt)))
    if os.path.exists(IMPACT):
        out = os.path.join(tmp, "summary")
        subprocess.run([IMPACT, "literacy", "--pre", f"{labels}/numeric_pre.csv", "--post", f"{labels}/numeric_post.csv",
                        "--codebook", f"{labels}/numeric_codebook.yaml", "--format", "xlsx", "--out", out,
                        "--deterministic", "--quiet"], check=True, capture_output=True)
        seed("xlsx", "impact_summary.xlsx", read(os.path.join(out, "impact_summary.xlsx")))
finally:
    shutil.rmtree(tmp)
dictionary("xlsx", [
    b"=== ", b"\n=== xl/worksheets/sheet1.xml\n", b"\n=== xl/sharedStrings.xml\n", b"\n=== xl/styles.xml\n",
    b"\n=== xl/workbook.xml\n", b"\n=== xl/_rels/workbook.xml.rels\n", b"\n=== _rels/.rels\n", b"\n=== sheet\n",
    b"PK\x03\x04", b"PK\x01\x02", b"PK\x05\x06", b"PK\x06\x06", b"PK\x06\x07", b"\xff\xff\xff\xff",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
    '<row r="', '<c r="', '</c>', '</row>', ' t="s"', ' t="inlineStr"', ' t="str"', ' t="b"', ' t="e"', ' t="n"',
    ' t="d"', ' s="', '<v>', '</v>', '<is><t>', '</t></is>', '<si><t>', '</t></si>', '<r><t>', '<rPr>', '<f>',
    '<sheetData>', '</sheetData>', '<sheet name="', ' r:id="', ' sheetId="', '<workbookPr date1904="1"/>',
    '<numFmt numFmtId="', ' formatCode="', '<xf numFmtId="', '<cellXfs', '<mergeCell ref="', ' spans="',
    'Relationship Id="', ' Target="', ' Type="', '/officeDocument', '/worksheet', '/sharedStrings', '/styles',
    '/chartsheet', 'xl/workbook.xml', 'xl/worksheets/sheet1.xml', 'xl/sharedStrings.xml', 'xl/styles.xml',
    'xml:space="preserve"', '<!DOCTYPE', '<!ENTITY', '&amp;', '&#x4E2D;', '<![CDATA[', 'yyyy-mm-dd', '0.00%',
    '1048576', '16384', 'XFD', '999999999999', '45292', '1E+308',
])

# ---------------------------------------------------------------- partial
def partials():
    if not os.path.exists(IMPACT):
        print("no impact binary: partial seeds left as they are", file=sys.stderr)
        return
    tmp = fixed_tmp()
    try:
        def shard(path, lines, keep):
            rows = read(path).splitlines(keepends=True)
            return rows[0] + b"".join(r for r in rows[1:lines] if keep(r))

        def emit(args, name):
            out = os.path.join(tmp, name)
            subprocess.run([IMPACT] + args + ["--emit-partial", out, "--deterministic"], check=True, capture_output=True)
            return read(out)

        def write(name, data):
            p = os.path.join(tmp, name)
            with open(p, "wb") as f:
                f.write(data)
            return p

        parts = []
        for k in range(2):
            keep = lambda r, k=k: r.startswith(b"S") and int(r[1:4]) % 2 == k
            a = write(f"pre{k}.csv", shard(f"{excel}/survey_pre.csv", 25, keep))
            b = write(f"post{k}.csv", shard(f"{excel}/survey_post.csv", 25, keep))
            parts.append(emit(["literacy", "--pre", a, "--post", b, "--codebook", f"{excel}/codebook.yaml"], f"lit{k}.json"))
            if k == 0:
                seed("partial", "literacy_by_district", emit(["literacy", "--pre", a, "--post", b, "--codebook", f"{excel}/codebook.yaml", "--by", "district"], "by.json"))
        seed("partial", "literacy_one", parts[0])
        seed("partial", "literacy_two_shards", parts[0] + SEP + parts[1])
        lab = emit(["literacy", "--pre", f"{labels}/text_pre.csv", "--post", f"{labels}/text_post.csv", "--codebook", f"{labels}/text_codebook.yaml"], "labels.json")
        seed("partial", "literacy_labels", lab)
        w = src("Tests/ImpactPipelineTests/Fixtures/literacy/binary_wide")
        wide = [f for f in os.listdir(w) if f.endswith(".csv")][0]
        seed("partial", "literacy_wide", emit(["literacy", "--survey", f"{w}/{wide}", "--codebook", f"{w}/codebook.yaml"], "wide.json"))
        parts = []
        for k in range(2):
            keep = lambda r, k=k: r.startswith(b"V") and int(r[1:5]) % 2 == k
            h = write(f"hours{k}.csv", shard(f"{reach}/hours.csv", 80, keep))
            g = write(f"registry{k}.csv", shard(f"{reach}/registry.csv", 40, keep))
            people = write(f"people{k}.csv", shard(f"{reach}/people.csv", 30, lambda r, k=k: r.startswith(b"B") and int(r[1:r.index(b",")]) % 2 == k))
            parts.append(emit(["reach", "--hours", h, "--registry", g, "--beneficiaries", people, "--by", "team", "--as-of", "2025-03-03"], f"reach{k}.json"))
        seed("partial", "reach_one", parts[0])
        seed("partial", "reach_two_shards", parts[0] + SEP + parts[1])
        q = write("hq.csv", shard(f"{excel}/hours.csv", 60, lambda r: True))
        seed("partial", "reach_quarter", emit(["reach", "--hours", q, "--period", "quarter", "--as-of", "2025-03-03"], "q.json"))
        keys = set()

        def walk(v):
            if isinstance(v, dict):
                for k2, x in v.items():
                    keys.add(k2)
                    walk(x)
            elif isinstance(v, list):
                for x in v:
                    walk(x)
        for f in os.listdir(os.path.join(HERE, "partial")):
            for piece in read(os.path.join(HERE, "partial", f)).split(SEP):
                walk(json.loads(piece))
        dictionary("partial", [SEP, '"format":"impact-partial"', '"format_version":1', '"kind":"literacy"', '"kind":"reach"',
                               "-1", "0", "1e308", "9223372036854775807", "18446744073709551616", "[]", "{}", "null"]
                   + [f'"{k}":' for k in keys])
    finally:
        shutil.rmtree(tmp)


partials()

# ---------------------------------------------------------------- config
for f in ("impact.yaml", "synthetic_codebook.yaml", "synthetic_antifraud_codebook.yaml"):
    seed("config", "example_" + f, read(f"{example}/{f}"))
for f in ("numeric_codebook.yaml", "text_codebook.yaml"):
    seed("config", "labels_" + f, read(f"{labels}/{f}"))
seed("config", "excel_codebook.yaml", read(f"{excel}/codebook.yaml"))
seed("config", "run_every_key.yaml", """title: every key
output: out
confidence: 0.9
on_bad_row: skip
encoding: gb18030
sheet: 1
xlsx: true
header_row: 2
first_data_row: 4
decimal: ","
reach:
  hours: hours.xlsx
  registry: r.csv
  beneficiaries: b.csv
  period: quarter
  by: [team]
  from: 2012-01-01
  to: 2024-12-31
  as_of: 2025-03-03
  max_hours: 24
  drop_duplicates: true
  sheet: 服务记录
  header_row: 1
  columns: {volunteer: 志愿者编号, date: 日期, hours: 时长, team: 队伍, project: p, beneficiaries: n, university: u, beneficiary_id: bid, beneficiary_date: bd, registered: reg}
surveys:
  - name: wide
    survey: wide.csv
    id: rid
    by: [district]
    ignore: [comment]
    scale: [1, 5]
    missing: [99, 不知道]
    decimal: "."
  - {name: two, pre: a.csv, post: b.csv, codebook: c.yaml, first_data_row: 3}
""".encode())
seed("config", "codebook_every_key.yaml", """id: respondent_id
scale: [1, 5]
higher_is_better: true
missing: [99, "不知道", -9]
pass_threshold: 4
type: likert
scales:
  agree: {"非常同意": 5, "同意": 4, "一般": 3, "不同意": 2, "非常不同意": 1}
  yesno: [{label: "是", score: 1}, {label: "否", score: 0}]
indicators:
  - {id: q1, label: "会用手机支付", column: q1, scale_ref: agree}
  - id: q2
    pre: q2_before
    post: q2_after
    type: binary
    scale_ref: yesno
  - {id: q3, scale: [0, 10], higher_is_better: false, pass_threshold: 7.5, missing: [98]}
  - {id: q4, labels: {"A.从不": 1, "B.有时": 2, "C.经常": 3}}
""".encode())
seed("config", "anchors_and_json.yaml", b'{"id": "id", "scale": [1, 5], "indicators": [{"id": "q1", "type": "binary"}, {"id": "q2", "labels": {"yes": 1, "no": 0}}]}\n')
dictionary("config", [
    "title:", "output:", "confidence:", "on_bad_row:", "encoding:", "sheet:", "xlsx:", "reach:", "surveys:",
    "header_row:", "first_data_row:", "decimal:", "hours:", "registry:", "beneficiaries:", "period:", "by:",
    "from:", "to:", "as_of:", "max_hours:", "drop_duplicates:", "columns:", "volunteer:", "date:", "team:",
    "project:", "university:", "beneficiary_id:", "beneficiary_date:", "registered:", "name:", "pre:", "post:",
    "survey:", "codebook:", "id:", "ignore:", "scale:", "missing:", "higher_is_better:", "pass_threshold:", "type:",
    "scales:", "scale_ref:", "labels:", "indicators:", "label:", "score:", "column:", "likert", "binary", "score",
    "year", "quarter", "month", "fail", "skip", "gb18030", "utf-16le", "\n  - ", "{", "}", "[", "]", ": ", "&a ",
    "*a", "<<: ", "!!str ", "!!float ", "---\n", "...\n", ".inf", "-.inf", ".nan", "1e300", "-1", "0x10", "~",
    "null", "true", "no", '"', "'", "|\n", ">\n", "#",
])
print("seeds written")
