#!/usr/bin/env python3
# Writes the CSV fixtures of the Excel tests (Python 3.11 standard library,
# seed 20250309; written 2025-03-09). The tests convert each CSV to .xlsx with
# LibreOffice headless at set-up time and check that reading the workbook
# gives the same records, and the same statistics, as reading the CSV.
#
# The values are chosen so that LibreOffice's CSV import keeps their text:
# integers without leading zeros, decimals without trailing zeros, ISO dates,
# text ids. A blank line in each file checks that sheet rows stay file lines.
import csv
import random

rng = random.Random(20250309)
districts = ["东城区", "西城区", "朝阳区", "海淀区"]
comments = ["", "很好", "说 \"好\", 很好", "more, please", "一般般"]


def answer(p_missing=0.06):
    r = rng.random()
    if r < p_missing:
        return ""
    if r < p_missing + 0.03:
        return "99"
    return str(rng.randint(1, 5))


def write(path, header, rows, blank_after=None):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for i, row in enumerate(rows):
            w.writerow(row)
            if blank_after is not None and i == blank_after:
                f.write("\n")


pre_rows, post_rows = [], []
for k in range(1, 61):
    rid = f"S{k:03d}"
    d = rng.choice(districts)
    pre = [rid, d] + [answer() for _ in range(5)] + [rng.choice(comments)]
    pre_rows.append(pre)
    if k % 9 != 0:  # attrition: every ninth respondent has no endline
        post = [rid] + [str(min(5, int(a) + rng.choice([0, 0, 1, 1, 2]))) if a not in ("", "99") else answer()
                        for a in pre[2:7]] + [rng.choice(comments)]
        post_rows.append(post)
pre_rows[10][4] = "7"  # out of scale
post_rows.append(list(post_rows[3]))  # a duplicate id at endline
write("survey_pre.csv", ["respondent_id", "district", "q1", "q2", "q3", "q4", "q5", "comment"], pre_rows,
      blank_after=20)
write("survey_post.csv", ["respondent_id", "q1", "q2", "q3", "q4", "q5", "comment"], post_rows, blank_after=30)

teams = ["天文小组", "AI lab", "机器人队"]
hours_rows = []
for k in range(240):
    y = rng.choice([2021, 2022, 2023, 2024])
    m, dd = rng.randint(1, 12), rng.randint(1, 28)
    h = rng.choice(["1", "2", "2.5", "3", "0.25", "4", "8", "1.75"])
    hours_rows.append([f"V{rng.randint(1, 80):04d}", f"{y}-{m:02d}-{dd:02d}", h, rng.choice(teams),
                       f"P{rng.randint(1, 30)}", str(rng.randint(0, 40))])
hours_rows[17][2] = "abc"  # not a number: excluded, listed with its line
hours_rows[60][1] = "2024-13-01"  # not a date
write("hours.csv", ["volunteer_id", "date", "hours", "team", "project", "beneficiaries"], hours_rows,
      blank_after=100)
