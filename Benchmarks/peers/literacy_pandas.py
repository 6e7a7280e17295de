"""Literacy job in pandas + SciPy: paired means, paired t-test, Wilcoxon signed-rank, Cronbach's alpha.

Usage: literacy_pandas.py BASELINE.csv ENDLINE.csv OUT.json
Definitions: Benchmarks/README.md (they are impact's, see the main README).
"""
import json
import sys

import numpy as np
import pandas as pd
from scipy import stats

INDICATORS = [f"q{i:02d}" for i in range(1, 17)]
LOWER_IS_BETTER = {"q16"}  # synthetic_codebook.yaml: q16 higher_is_better: false
MISSING = ["99", "不知道"]  # codebook missing codes (blank is missing anyway)


def read(path):
    return pd.read_csv(
        path,
        usecols=["respondent_id", *INDICATORS],
        dtype={"respondent_id": "str", **{q: "float64" for q in INDICATORS}},
        na_values=MISSING,
    )


def cronbach_alpha(items):
    # Items where lower is better are reversed first (negating gives the same
    # alpha as lo + hi - x), as impact and psych::alpha with keys do.
    items = items.dropna().copy()
    for q in LOWER_IS_BETTER:
        items[q] = -items[q]
    k = items.shape[1]
    return k / (k - 1) * (1 - items.var(ddof=1).sum() / items.sum(axis=1).var(ddof=1))


def main(pre_path, post_path, out_path):
    pre, post = read(pre_path), read(post_path)
    result = {}
    paired = pre.merge(post, on="respondent_id", how="inner", suffixes=("_pre", "_post"))
    for q in INDICATORS:
        both = paired[[f"{q}_pre", f"{q}_post"]].dropna()
        x_pre = both[f"{q}_pre"].to_numpy()
        x_post = both[f"{q}_post"].to_numpy()
        d = x_post - x_pre
        if q in LOWER_IS_BETTER:
            d = -d
        result[q] = {
            "mean_pre": float(x_pre.mean()),
            "mean_post": float(x_post.mean()),
            "mean_diff": float(d.mean()),
            "p_value": float(stats.ttest_rel(x_post, x_pre).pvalue),
            "wilcoxon_p": float(stats.wilcoxon(d).pvalue),
        }
    result["alpha_pre"] = float(cronbach_alpha(pre[INDICATORS]))
    result["alpha_post"] = float(cronbach_alpha(post[INDICATORS]))
    with open(out_path, "w") as f:
        json.dump({"literacy": result}, f, indent=1)


if __name__ == "__main__":
    main(*sys.argv[1:4])
