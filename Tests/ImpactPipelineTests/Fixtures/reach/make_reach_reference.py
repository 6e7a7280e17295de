#!/usr/bin/env python3
"""Reference values for `impact reach`, computed independently with pandas
(group-bys, set logic) and statsmodels (OLS for the trend growth).

Tools: Python 3.11, pandas, numpy, statsmodels 0.15. Produced 2026-11-22.
Run from this folder:  python3 make_reach_reference.py

Cases (inputs written next to expected_*.json):
- `generated`: ~2,400 records 2018–2024 with an empty year (2021) in the
  middle, leap days (2020-02-29, 2024-02-29), volunteers active across period
  boundaries (Dec 31 / Jan 1), exact duplicate records, invalid rows (blank id,
  bad date, future date, negative / non-numeric / > 24 hours), Chinese dates
  and team names; plus a registry and a beneficiary file. Expected figures for
  --period year, quarter, and year with --drop-duplicates, and --by team.
Tolerance in the Swift test: 1e-9 relative, counts exact.
"""
import json
import math
import os
from datetime import date, timedelta

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats

HERE = os.path.dirname(os.path.abspath(__file__))
AS_OF = date(2025, 1, 1)
MAX_HOURS = 24.0


def parse_date(s):
    s = str(s).strip()
    for sep in ("-", "/", "."):
        parts = s.split("T")[0].split(" ")[0].split(sep)
        if len(parts) == 3 and all(p.isdigit() for p in parts) and len(parts[0]) == 4:
            try:
                return date(int(parts[0]), int(parts[1]), int(parts[2]))
            except ValueError:
                return None
    if "年" in s and "月" in s and "日" in s:
        y, rest = s.split("年")
        m, rest = rest.split("月")
        d = rest.split("日")[0]
        try:
            return date(int(y), int(m), int(d))
        except ValueError:
            return None
    return None


def period_index(d, grain):
    if grain == "year":
        return d.year
    if grain == "quarter":
        return d.year * 4 + (d.month - 1) // 3
    return d.year * 12 + d.month - 1


def label(i, grain):
    if grain == "year":
        return str(i)
    if grain == "quarter":
        return f"{i // 4}-Q{i % 4 + 1}"
    return f"{i // 12}-{i % 12 + 1:02d}"


def last_day(i, grain):
    if grain == "year":
        return date(i, 12, 31)
    if grain == "quarter":
        y, q = i // 4, i % 4
        m = q * 3 + 3
    else:
        y, m = i // 12, i % 12 + 1
    nxt = date(y + (m == 12), m % 12 + 1, 1)
    return nxt - timedelta(days=1)


def q7(values, q):
    return float(np.quantile(np.asarray(values, dtype=float), q)) if len(values) else None


def clean_hours(df, drop_duplicates=False):
    """Valid records with parsed date and hours (reasons counted)."""
    reasons = {}
    keep = []
    seen = set()
    for _, r in df.iterrows():
        vid = str(r["volunteer_id"]).strip() if pd.notna(r["volunteer_id"]) else ""
        if vid == "" or vid == "nan":
            reasons["missing_volunteer_id"] = reasons.get("missing_volunteer_id", 0) + 1
            continue
        d = parse_date(r["date"])
        if d is None:
            reasons["invalid_date"] = reasons.get("invalid_date", 0) + 1
            continue
        if d > AS_OF:
            reasons["future_date"] = reasons.get("future_date", 0) + 1
            continue
        try:
            h = float(str(r["hours"]).strip())
            if math.isnan(h):
                raise ValueError
        except ValueError:
            reasons["invalid_hours"] = reasons.get("invalid_hours", 0) + 1
            continue
        if h < 0:
            reasons["negative_hours"] = reasons.get("negative_hours", 0) + 1
            continue
        if h > MAX_HOURS:
            reasons["hours_above_max"] = reasons.get("hours_above_max", 0) + 1
            continue
        team = str(r["team"]).strip() if pd.notna(r["team"]) else ""
        ben = int(r["beneficiaries"]) if pd.notna(r["beneficiaries"]) and str(r["beneficiaries"]).strip() != "" else 0
        if drop_duplicates:
            key = (vid, d, h, team, str(r["project"]), ben)
            if key in seen:
                reasons["duplicate_record"] = reasons.get("duplicate_record", 0) + 1
                continue
            seen.add(key)
        keep.append(dict(vid=vid, day=d, hours=h, team=team, project=str(r["project"]).strip(), ben=ben))
    return pd.DataFrame(keep), reasons


def figures(rec, grain, registry=None, people=None, group=None):
    rec = rec.copy()
    rec["p"] = [period_index(d, grain) for d in rec["day"]]
    first_ever = rec.groupby("vid")["p"].min()
    lo, hi = rec["p"].min(), rec["p"].max()
    if people is not None:
        pp = [period_index(d, grain) for d in people["day"]]
        lo, hi = min(lo, min(pp)), max(hi, max(pp))
    rows = []
    prev_active = None
    prev = None
    reg_ids = set(registry["vid"]) if registry is not None else set()
    for p in range(lo, hi + 1):
        cur = rec[rec["p"] == p]
        active = set(cur["vid"])
        per_vol = cur.groupby("vid")["hours"].sum()
        row = dict(period=label(p, grain), volunteers_active=len(active),
                   volunteers_new=int((first_ever == p).sum()),
                   volunteers_cumulative=int((first_ever <= p).sum()),
                   hours_total=float(cur["hours"].sum()), records=len(cur),
                   teams_active=int(cur[cur["team"] != ""]["team"].nunique()),
                   projects_active=int(cur[cur["project"] != ""]["project"].nunique()),
                   beneficiaries_served=int(cur["ben"].sum()))
        row["hours_per_volunteer_mean"] = row["hours_total"] / len(active) if active else None
        row["hours_per_volunteer_median"] = q7(per_vol.values, 0.5)
        row["hours_per_volunteer_p90"] = q7(per_vol.values, 0.9)
        row["retention_pct"] = (100 * len(active & prev_active) / len(prev_active)) if prev_active else None
        if registry is not None:
            end = last_day(p, grain)
            n_reg = int(((registry["day"].isna()) | (registry["day"] <= end)).sum())
            row["volunteers_registered"] = n_reg
            row["registered_active_pct"] = 100 * len(active & reg_ids) / n_reg if n_reg else None
        if people is not None:
            row["beneficiaries_unique"] = int(people[[period_index(d, grain) == p for d in people["day"]]]["bid"].nunique())
        for f in ["volunteers_active", "volunteers_new", "volunteers_cumulative", "volunteers_registered", "hours_total",
                  "records", "teams_active", "projects_active", "beneficiaries_served", "beneficiaries_unique"]:
            if f not in row:
                continue
            if prev is not None and prev.get(f) and prev[f] > 0:
                row[f + "_growth_pct"] = 100 * (row[f] - prev[f]) / prev[f]
            else:
                row[f + "_growth_pct"] = None
        rows.append(row)
        prev_active = active
        prev = row
    per_year = {"year": 1, "quarter": 4, "month": 12}[grain]
    growth = {}
    for f in ["hours_total", "volunteers_active", "beneficiaries_served"] + (["beneficiaries_unique"] if people is not None else []):
        vals = [(i, r[f]) for i, r in enumerate(rows)]
        first, last = vals[0][1], vals[-1][1]
        years = (len(rows) - 1) / per_year
        g = dict(first=first, last=last, years=years)
        g["cagr_pct"] = 100 * ((last / first) ** (1 / years) - 1) if first > 0 and last > 0 and years > 0 else None
        pts = [(i / per_year, v) for i, v in vals if v > 0]
        if len(pts) >= 2:
            t = np.array([p[0] for p in pts])
            y = np.log([p[1] for p in pts])
            fit = sm.OLS(y, sm.add_constant(t)).fit()
            b = fit.params[1]
            g["trend_pct"] = 100 * (math.exp(b) - 1)
            if len(pts) >= 3:
                lo_, hi_ = fit.conf_int(alpha=0.05)[1]
                g["trend_ci_low"], g["trend_ci_high"] = 100 * (math.exp(lo_) - 1), 100 * (math.exp(hi_) - 1)
        g["trend_periods"] = len(pts)
        growth[f] = g
    totals = dict(records=len(rec), hours_total=float(rec["hours"].sum()), volunteers=int(rec["vid"].nunique()),
                  teams=int(rec[rec["team"] != ""]["team"].nunique()), projects=int(rec[rec["project"] != ""]["project"].nunique()),
                  beneficiaries_served=int(rec["ben"].sum()), periods=len(rows))
    if registry is not None:
        totals["volunteers_registered"] = len(registry)
        totals["registered_ever_active_pct"] = 100 * len(set(rec["vid"]) & reg_ids) / len(registry)
        totals["active_not_in_registry"] = len(set(rec["vid"]) - reg_ids)
    if people is not None:
        totals["beneficiaries_unique"] = int(people["bid"].nunique())
    team_hours = rec[rec["team"] != ""].groupby("team")["hours"].sum().sort_values(ascending=False)
    top = [dict(name=t, hours=float(h), records=int((rec["team"] == t).sum()),
                volunteers=int(rec[rec["team"] == t]["vid"].nunique())) for t, h in team_hours.items()]
    return dict(periods=rows, growth=growth, totals=totals, top_teams=top)


def group_figures(rec, grain, column):
    out = {}
    lo = min(period_index(d, grain) for d in rec["day"])
    hi = max(period_index(d, grain) for d in rec["day"])
    for g, part in rec[rec[column] != ""].groupby(column):
        part = part.copy()
        part["p"] = [period_index(d, grain) for d in part["day"]]
        first = part.groupby("vid")["p"].min()
        rows = []
        prev_active = None
        for p in range(lo, hi + 1):
            cur = part[part["p"] == p]
            active = set(cur["vid"])
            per_vol = cur.groupby("vid")["hours"].sum()
            rows.append(dict(period=label(p, grain), volunteers_active=len(active), volunteers_new=int((first == p).sum()),
                             volunteers_cumulative=int((first <= p).sum()), hours_total=float(cur["hours"].sum()),
                             records=len(cur), beneficiaries_served=int(cur["ben"].sum()),
                             hours_per_volunteer_median=q7(per_vol.values, 0.5),
                             retention_pct=(100 * len(active & prev_active) / len(prev_active)) if prev_active else None))
            prev_active = active
        out[g] = rows
    return out


def main():
    rng = np.random.default_rng(7)
    teams = ["天文小组", "Robotics", "生命科学", "AI lab", "Maker"]
    rows = []
    vols = [f"V{i:04d}" for i in range(260)]
    for v in vols:
        start = int(rng.integers(2018, 2025))
        for _ in range(int(rng.integers(1, 18))):
            y = int(rng.integers(start, 2025))
            if y == 2021:
                continue  # an empty year in the middle of the span
            d = date(y, 1, 1) + timedelta(days=int(rng.integers(0, 365)))
            fmt = rng.integers(0, 4)
            ds = d.isoformat() if fmt == 0 else (f"{d.year}/{d.month}/{d.day}" if fmt == 1 else (
                f"{d.year}年{d.month}月{d.day}日" if fmt == 2 else d.isoformat() + "T09:30:00"))
            rows.append([v, ds, float(rng.choice([0.5, 1, 1.5, 2, 2.25, 3, 4, 6.75])), rng.choice(teams),
                         f"P{int(rng.integers(1, 30))}", int(rng.integers(0, 40))])
    # Period boundaries, leap days, duplicates, invalid rows.
    rows += [["V0001", "2019-12-31", 2, "Maker", "P1", 3], ["V0001", "2020-01-01", 2, "Maker", "P1", 3],
             ["V0002", "2020-02-29", 1.5, "Robotics", "P2", 0], ["V0003", "2024-02-29", 3, "AI lab", "P3", 5],
             ["V0004", "2022-03-31", 1, "Maker", "P4", 1], ["V0004", "2022-04-01", 1, "Maker", "P4", 1]]
    rows += [rows[5], rows[7], rows[7]]  # exact duplicates
    rows += [["", "2022-05-05", 1, "Maker", "P1", 1], ["V0005", "2022-13-01", 1, "Maker", "P1", 1],
             ["V0006", "2023-02-29", 1, "Maker", "P1", 1], ["V0007", "2031-01-01", 1, "Maker", "P1", 1],
             ["V0008", "2022-05-05", -2, "Maker", "P1", 1], ["V0009", "2022-05-05", "abc", "Maker", "P1", 1],
             ["V0010", "2022-05-05", 25, "Maker", "P1", 1], ["V0011", "2022-05-05", "", "Maker", "P1", 1]]
    order = rng.permutation(len(rows))
    hours = pd.DataFrame([rows[i] for i in order], columns=["volunteer_id", "date", "hours", "team", "project", "beneficiaries"])
    hours.to_csv(os.path.join(HERE, "hours.csv"), index=False)
    reg = pd.DataFrame({"volunteer_id": vols[:200] + [f"R{i}" for i in range(40)],
                        "registered": [(date(2017, 6, 1) + timedelta(days=int(x))).isoformat() for x in rng.integers(0, 2700, 240)],
                        "team": rng.choice(teams, 240)})
    reg.loc[3, "registered"] = ""
    reg.to_csv(os.path.join(HERE, "registry.csv"), index=False)
    people = pd.DataFrame({"beneficiary_id": [f"B{int(x)}" for x in rng.integers(0, 500, 1500)],
                           "date": [(date(2018, 1, 1) + timedelta(days=int(x))).isoformat() for x in rng.integers(0, 2555, 1500)]})
    people = people[[parse_date(d).year != 2021 for d in people["date"]]]
    people.to_csv(os.path.join(HERE, "people.csv"), index=False)

    registry = pd.DataFrame({"vid": reg["volunteer_id"], "day": [parse_date(d) if d else None for d in reg["registered"]]})
    registry["day"] = registry["day"].astype(object)
    pp = pd.DataFrame({"bid": people["beneficiary_id"], "day": [parse_date(d) for d in people["date"]]})

    out = {}
    rec, reasons = clean_hours(hours)
    out["year"] = figures(rec, "year", registry, pp)
    out["year"]["excluded"] = reasons
    out["quarter"] = figures(rec, "quarter", registry, pp)
    out["year_by_team"] = group_figures(rec, "year", "team")
    rec_d, reasons_d = clean_hours(hours, drop_duplicates=True)
    out["year_dedup"] = figures(rec_d, "year")
    out["year_dedup"]["excluded"] = reasons_d
    with open(os.path.join(HERE, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, indent=1, allow_nan=False)


if __name__ == "__main__":
    main()
