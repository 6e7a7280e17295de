#!/usr/bin/env python3
"""Reference values for the volunteer figures of `impact reach` (star levels,
cohort retention, lapsed volunteers, hours distribution, full-time
equivalents, value of time), computed independently with pandas/numpy from
the same hours.csv as make_reach_reference.py (whose date parsing and
validity rules it reuses).

Tools: Python 3.11, pandas 3.1, numpy 2.4. Produced 2026-11-30.
Run from this folder:  python3 make_volunteer_reference.py

Cases (written to expected_volunteers.json):
- `year`: --period year, --as-of 2025-01-01, star levels 5/15/30/60 hours,
  lapsed after 12 months (window starts 2024-01-02: a lower bound), hour
  value 30, 1720 full-time hours.
- `quarter`: --period quarter, --as-of 2024-12-31, lapsed after 6 months
  (window starts 2024-07-01, a quarter's first day: exact), default stars.
Tolerance in the Swift test: 1e-9 relative, counts exact.
"""
import json
import math
import os
from datetime import date, timedelta

import numpy as np
import pandas as pd

import make_reach_reference as ref

HERE = os.path.dirname(os.path.abspath(__file__))

CASES = {
    "year": dict(grain="year", as_of=date(2025, 1, 1), levels=[5, 15, 30, 60], months=12, hour_value=30.0,
                 fte=1720.0),
    "quarter": dict(grain="quarter", as_of=date(2024, 12, 31), levels=[100, 300, 600, 1000, 1500], months=6,
                    hour_value=None, fte=1720.0),
}


def first_day(i, grain):
    if grain == "year":
        return date(i, 1, 1)
    if grain == "quarter":
        return date(i // 4, (i % 4) * 3 + 1, 1)
    return date(i // 12, i % 12 + 1, 1)


def top_share(values, fraction=0.1):
    v = np.sort(np.asarray(values, dtype=float))[::-1]
    if len(v) == 0 or v.sum() == 0:
        return None
    m = math.ceil(fraction * len(v))
    return float(100 * v[:m].sum() / v.sum())


def months_back(d, n):
    k = d.year * 12 + d.month - 1 - n
    y, m = k // 12, k % 12 + 1
    last = (date(y + (m == 12), m % 12 + 1, 1) - timedelta(days=1)).day
    return date(y, m, min(d.day, last))


def case(hours, grain, as_of, levels, months, hour_value, fte):
    ref.AS_OF = as_of
    rec, _ = ref.clean_hours(hours)
    rec["p"] = [ref.period_index(d, grain) for d in rec["day"]]
    vp = rec.groupby(["vid", "p"])["hours"].sum().reset_index()
    first = rec.groupby("vid")["p"].min()
    lo, hi = int(vp["p"].min()), int(vp["p"].max())
    span = list(range(lo, hi + 1))
    cover_from, cover_to = min(rec["day"]), as_of

    periods = []
    for p in span:
        upto = vp[vp["p"] <= p].groupby("vid")["hours"].sum()
        level = [sum(1 for t in levels if h >= t) for h in upto]
        stars = [int(sum(1 for x in level if x == k)) for k in range(len(levels) + 1)]
        here = vp[vp["p"] == p]["hours"]
        a, b = max(first_day(p, grain), cover_from), min(ref.last_day(p, grain), cover_to)
        days = max(0, (b - a).days + 1)
        year = first_day(p, grain).year
        full = fte * days / (366 if (year % 4 == 0 and year % 100 != 0) or year % 400 == 0 else 365)
        total = float(here.sum())
        periods.append(dict(period=ref.label(p, grain), stars=stars, top10_share_pct=top_share(here),
                            full_time_hours=full, fte=total / full if full > 0 else None,
                            value=hour_value * total if hour_value is not None else None))

    cohorts = []
    for c in span:
        members = set(first[first == c].index)
        if not members:
            continue
        active = [int(vp[(vp["p"] == q) & vp["vid"].isin(members)].shape[0]) for q in range(c, hi + 1)]
        cohorts.append(dict(cohort=ref.label(c, grain), size=len(members), active=active))

    last = vp.groupby("vid")["p"].max()
    start = months_back(as_of, months) + timedelta(days=1)
    pw = ref.period_index(start, grain)
    lapsed = dict(months=months, reference_day=as_of.isoformat(), window_start=start.isoformat(),
                  last_service_on_or_before=ref.last_day(pw - 1, grain).isoformat(),
                  exact=first_day(pw, grain) == start, lapsed=int((last < pw).sum()), volunteers=int(len(last)))

    totals = vp.groupby("vid")["hours"].sum()
    full_total = sum(x["full_time_hours"] for x in periods)
    hours_total = float(vp["hours"].sum())
    return dict(
        periods=periods, cohorts=cohorts, lapsed=lapsed,
        distribution=dict(volunteers=int(len(totals)), mean=float(totals.mean()), median=ref.q7(totals, 0.5),
                          p90=ref.q7(totals, 0.9), top10_share_pct=top_share(totals)),
        hours_total=hours_total, fte=hours_total / full_total,
        value=hour_value * hours_total if hour_value is not None else None)


def main():
    hours = pd.read_csv(os.path.join(HERE, "hours.csv"), dtype=str, keep_default_na=False)
    hours = hours.replace("", np.nan)
    out = {name: case(hours, **c) for name, c in CASES.items()}
    with open(os.path.join(HERE, "expected_volunteers.json"), "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, indent=1, allow_nan=False)


if __name__ == "__main__":
    main()
