"""Literacy job in Polars: paired means, paired t-test, Wilcoxon signed-rank, Cronbach's alpha.

Usage: literacy_polars.py BASELINE.csv ENDLINE.csv OUT.json
All per-row work is Polars expressions; only the final scalar (a t or normal
tail probability) is computed in Python.
"""
import json
import math
import sys

import polars as pl
from scipy.special import stdtr  # Student t CDF of one scalar

INDICATORS = [f"q{i:02d}" for i in range(1, 17)]
LOWER_IS_BETTER = {"q16"}  # synthetic_codebook.yaml: q16 higher_is_better: false
MISSING = ["99", "不知道"]  # codebook missing codes (blank is missing anyway)


def read(path):
    return pl.read_csv(
        path,
        columns=["respondent_id", *INDICATORS],
        schema_overrides={q: pl.Float64 for q in INDICATORS},
        null_values=MISSING,
    )


def cronbach_alpha(frame):
    # Items where lower is better reversed first (negated: the same alpha).
    items = frame.select(INDICATORS).drop_nulls().with_columns([-pl.col(q) for q in LOWER_IS_BETTER])
    k = len(INDICATORS)
    item_var = items.select(pl.sum_horizontal(pl.all().var())).item()
    total_var = items.select(pl.sum_horizontal(pl.all()).var()).item()
    return k / (k - 1) * (1 - item_var / total_var)


def indicator(paired, q):
    sign = -1.0 if q in LOWER_IS_BETTER else 1.0
    pairs = (
        paired.select(pre=pl.col(q), post=pl.col(f"{q}_post"))
        .drop_nulls()
        .with_columns(d=(pl.col("post") - pl.col("pre")) * sign)
    )
    s = pairs.select(
        n=pl.len(),
        mean_pre=pl.col("pre").mean(),
        mean_post=pl.col("post").mean(),
        mean_diff=pl.col("d").mean(),
        sd_diff=pl.col("d").std(),
    ).row(0, named=True)
    # Paired t-test on d (as scipy.stats.ttest_rel).
    t = s["mean_diff"] / (s["sd_diff"] / math.sqrt(s["n"]))
    p_t = 2.0 * stdtr(s["n"] - 1, -abs(t))
    # Wilcoxon signed-rank: zeros dropped, average ranks of |d|, tie-corrected normal approximation.
    nonzero = pairs.filter(pl.col("d") != 0).select(
        d=pl.col("d"), a=pl.col("d").abs(), r=pl.col("d").abs().rank("average")
    )
    w = nonzero.select(
        n=pl.len(),
        w_plus=pl.col("r").filter(pl.col("d") > 0).sum(),
    ).row(0, named=True)
    ties = nonzero.group_by("a").len().select(((pl.col("len") ** 3 - pl.col("len")).sum())).item()
    n = w["n"]
    mn = n * (n + 1) / 4.0
    var = n * (n + 1) * (2 * n + 1) / 24.0 - ties / 48.0
    z = (w["w_plus"] - mn) / math.sqrt(var)
    p_w = math.erfc(abs(z) / math.sqrt(2.0))
    return {
        "mean_pre": s["mean_pre"],
        "mean_post": s["mean_post"],
        "mean_diff": s["mean_diff"],
        "p_value": float(p_t),
        "wilcoxon_p": p_w,
    }


def main(pre_path, post_path, out_path):
    pre, post = read(pre_path), read(post_path)
    paired = pre.join(post, on="respondent_id", how="inner", suffix="_post")
    result = {q: indicator(paired, q) for q in INDICATORS}
    result["alpha_pre"] = cronbach_alpha(pre)
    result["alpha_post"] = cronbach_alpha(post)
    with open(out_path, "w") as f:
        json.dump({"literacy": result}, f, indent=1)


if __name__ == "__main__":
    main(*sys.argv[1:4])
