#!/usr/bin/env python3
"""Reference values for degenerate inputs of the paired tests (Swift tests:
DegenerateReferenceTests).

Run from anywhere:  python3 make_degenerate_reference.py
Writes degenerate.json next to this script. Generated 2026-11-30 with Python
3.11.7, numpy 2.4.6, scipy 1.17.1, statsmodels 0.15.0 (stored in "meta").

What impact matches and where it deliberately differs:
* Wilcoxon, every difference zero: scipy.stats.wilcoxon(d, method="exact")
  gives W = 0, p = 1 for any n >= 2 (every sign flip gives the observed W);
  the default method="auto" gives the same for n <= 13 and NaN above (its
  normal approximation divides 0 by 0). impact gives W = 0, p = 1 for every n.
* McNemar, no discordant pairs: statsmodels mcnemar(table, exact=True) gives
  statistic 0, p = 1 (impact uses the exact test when b + c < 25).
* Paired t-test, sd of the differences 0: scipy.stats.ttest_rel gives
  df = n - 1 and t = +-inf, p = 0 (t = NaN, p = NaN when nothing changed).
  impact gives df = n - 1 as scipy and null t, p and CI with a note.
Non-finite values are stored as the strings "inf", "-inf", "nan".
"""
import json
import math
import os
import platform
import warnings

import numpy as np
import scipy
import statsmodels
from scipy import stats
from statsmodels.stats.contingency_tables import mcnemar

HERE = os.path.dirname(os.path.abspath(__file__))
warnings.simplefilter("ignore")


def f(x):
    x = float(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return x


def main():
    wilcoxon = []
    for n in (2, 8, 13, 14, 50, 60):
        d = np.zeros(n)
        exact = stats.wilcoxon(d, method="exact")
        auto = stats.wilcoxon(d)
        wilcoxon.append({"name": f"all_zero_n{n}", "n": n, "statistic": f(exact.statistic),
                         "pValue": f(exact.pvalue), "autoStatistic": f(auto.statistic), "autoP": f(auto.pvalue)})
    mc = []
    for b, c, a, dd in [(0, 0, 10, 10), (0, 0, 0, 7), (0, 0, 5, 0)]:
        res = mcnemar([[a, b], [c, dd]], exact=True)
        mc.append({"b": b, "c": c, "statistic": f(res.statistic), "pValue": f(res.pvalue)})
    tt = []
    for name, post, pre in [("constant_gain_n3", [3.0, 4.0, 5.0], [2.0, 3.0, 4.0]),
                            ("constant_loss_n4", [1.0, 2.0, 3.0, 4.0], [2.0, 3.0, 4.0, 5.0]),
                            ("nothing_changed_n3", [2.0, 2.0, 2.0], [2.0, 2.0, 2.0]),
                            ("n1", [3.0], [2.0])]:
        post = np.asarray(post)
        pre = np.asarray(pre)
        res = stats.ttest_rel(post, pre)
        d = post - pre
        tt.append({"name": name, "n": int(d.size), "mean": float(d.mean()),
                   "sd": float(d.std(ddof=1)) if d.size > 1 else 0.0,
                   "t": f(res.statistic), "pValue": f(res.pvalue), "df": f(res.df)})
    meta = {"generator": "make_degenerate_reference.py", "date": "2026-11-30", "python": platform.python_version(),
            "numpy": np.__version__, "scipy": scipy.__version__, "statsmodels": statsmodels.__version__}
    with open(os.path.join(HERE, "degenerate.json"), "w", encoding="utf-8") as out:
        json.dump({"meta": meta, "wilcoxonAllZero": wilcoxon, "mcnemarNoDiscordant": mc, "pairedTTestZeroSD": tt},
                  out, indent=1)
        out.write("\n")


if __name__ == "__main__":
    main()
