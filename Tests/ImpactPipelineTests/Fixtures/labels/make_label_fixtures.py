#!/usr/bin/env python3
"""Writes the answer-label fixtures: one survey (40 respondents at baseline,
36 of them plus 2 newcomers at endline, four indicators) twice — once with
numeric answers (numeric_pre.csv, numeric_post.csv) and once as a survey
platform exports it, with option texts in many spellings (text_pre.csv,
text_post.csv). Both must give the same statistics.

Tool: Python 3.11 standard library only (random.Random(2025)); written 2025.
Rerun: python3 make_label_fixtures.py (deterministic).
"""
import csv
import random

rng = random.Random(2025)

# Spellings per score (label indicators: agreement q1, frequency q2).
AGREE = {
    1: ["非常不同意", "A.非常不同意", "Strongly disagree", "strongly DISAGREE", "（A）非常不同意", "1"],
    2: ["比较不同意", "B、比较不同意", "Disagree", " 比较不同意 ", "(B)比较不同意", "２"],
    3: ["一般", "C.一般", "\u3000一般\u3000", "Neither agree nor disagree", "C 一般", "3"],
    4: ["比较同意", "A.比较同意", "D)比较同意", "D:比较同意", "Ａｇｒｅｅ", "４"],
    5: ["非常同意", "非常同意 ", "Ｓｔｒｏｎｇｌｙ agree", "E.非常同意", "【E】非常同意", "５"],
}
OFTEN = {
    1: ["从不", "Never", "1. 从不", "ＮＥＶＥＲ"],
    2: ["很少", "rarely", "2、很少", "Ｒａｒｅｌｙ"],
    3: ["有时", "Sometimes", "3 有时", "ｓｏｍｅｔｉｍｅｓ"],
    4: ["经常", "OFTEN", "d.经常", "４"],
    5: ["总是", "Always", "(5)总是", "5"],
}
YESNO = {0: ["否", "No", "n", "A.否", "0"], 1: ["是", "YES", "Ｙｅｓ", "B.是", "1"]}
POINTS = {s: [f"{s}分", f"{chr(0xFF10 + s)}分", f"{s} points", f"{s}pt", chr(0xFF10 + s), str(s)] for s in range(1, 6)}
MISSING_TEXT = ["不知道", "E.不知道", "拒答", " 不知道", "99"]
SPELLINGS = [AGREE, OFTEN, YESNO, POINTS]


def score(kind, ability, gain):
    if kind == 2:  # binary
        return 1 if rng.random() < min(0.95, 0.3 + 0.1 * ability + gain) else 0
    return max(1, min(5, round(ability + gain * 3 + rng.gauss(0, 0.8))))


def answers(ability, gain):
    row = []
    for k in range(4):
        r = rng.random()
        if r < 0.05:
            row.append(None)  # blank
        elif r < 0.10:
            row.append("missing")
        else:
            row.append(score(k, ability, gain))
    return row


def spell(k, v):
    if v is None:
        return ""
    if v == "missing":
        return rng.choice(MISSING_TEXT)
    return rng.choice(SPELLINGS[k][v])


def numeric(v):
    return "" if v is None else ("99" if v == "missing" else str(v))


people = [(f"R{i:03d}", rng.uniform(1.5, 4.0)) for i in range(40)]
pre = [(rid, answers(a, 0.0)) for rid, a in people]
post = [(rid, answers(a, 0.25)) for rid, a in people[4:]] + [
    (f"R{40 + i:03d}", answers(rng.uniform(1.5, 4.0), 0.25)) for i in range(2)
]
header = ["respondent_id", "q1", "q2", "q3", "q4"]
for wave, rows in (("pre", pre), ("post", post)):
    with open(f"numeric_{wave}.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for rid, vals in rows:
            w.writerow([rid] + [numeric(v) for v in vals])
    with open(f"text_{wave}.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for rid, vals in rows:
            w.writerow([rid] + [spell(k, v) for k, v in enumerate(vals)])
