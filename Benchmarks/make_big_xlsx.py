#!/usr/bin/env python3
"""Writes a large .xlsx survey export for the Excel streaming measurement.

Usage: python3 Benchmarks/make_big_xlsx.py OUT.xlsx [--rows N] [--items K]

One sheet, the way questionnaire platforms export it: an id, two attribute
columns, K answers (default 24) as option texts (shared strings, "A.非常不同意" …) and
numbers, about 2% blanks (cells left out, as Excel does). The sheet XML is
streamed into the zip, never held in memory. Seeded: the same bytes each run.
"""
import argparse
import random
import zipfile

LABELS = ["A.非常不同意", "B.比较不同意", "C.一般", "D.比较同意", "E.非常同意", "不知道"]
DISTRICTS = ["东城区", "西城区", "朝阳区", "海淀区", "丰台区", "石景山区", "通州区", "昌平区"]


def col(n):
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def main():
    p = argparse.ArgumentParser()
    p.add_argument("out")
    p.add_argument("--rows", type=int, default=1_048_575, help="data rows (Excel's limit: 1,048,575)")
    p.add_argument("--items", type=int, default=24)
    a = p.parse_args()
    rng = random.Random(2025)
    strings = LABELS + DISTRICTS + ["受访者编号", "社区", "年龄"] + [f"Q{j:02d}" for j in range(1, a.items + 1)]
    index = {s: i for i, s in enumerate(strings)}
    cols = [col(i + 1) for i in range(a.items + 3)]
    with zipfile.ZipFile(a.out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
        z.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            '</Types>'))
        z.writestr("_rels/.rels", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            '</Relationships>'))
        z.writestr("xl/workbook.xml", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="问卷数据" sheetId="1" r:id="rId1"/></sheets></workbook>'))
        z.writestr("xl/_rels/workbook.xml.rels", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
            '</Relationships>'))
        sst = "".join(f"<si><t>{s}</t></si>" for s in strings)
        z.writestr("xl/sharedStrings.xml", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{len(strings)}" '
            f'uniqueCount="{len(strings)}">{sst}</sst>'))
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as w:
            w.write(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
            head = ["受访者编号", "社区", "年龄"] + [f"Q{j:02d}" for j in range(1, a.items + 1)]
            w.write(("<row r=\"1\">" + "".join(
                f'<c r="{cols[i]}1" t="s"><v>{index[h]}</v></c>' for i, h in enumerate(head)) + "</row>").encode())
            buf = []
            for r in range(2, a.rows + 2):
                cells = [f'<c r="A{r}" t="inlineStr"><is><t>R{r:08d}</t></is></c>',
                         f'<c r="B{r}" t="s"><v>{index[DISTRICTS[rng.randrange(8)]]}</v></c>',
                         f'<c r="C{r}"><v>{rng.randrange(60, 90)}</v></c>']
                for i in range(a.items):
                    u = rng.random()
                    if u < 0.02:
                        continue
                    if u < 0.5:
                        cells.append(f'<c r="{cols[i + 3]}{r}" t="s"><v>{rng.randrange(6)}</v></c>')
                    else:
                        cells.append(f'<c r="{cols[i + 3]}{r}"><v>{rng.randrange(1, 6)}</v></c>')
                buf.append(f'<row r="{r}">' + "".join(cells) + "</row>")
                if len(buf) == 5000:
                    w.write("".join(buf).encode())
                    buf.clear()
            w.write(("".join(buf) + "</sheetData></worksheet>").encode())


if __name__ == "__main__":
    main()
