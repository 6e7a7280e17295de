"""Literacy job in DuckDB SQL: paired means, paired t-test, Wilcoxon signed-rank, Cronbach's alpha.

Usage: literacy_duckdb.py BASELINE.csv ENDLINE.csv OUT.json
All per-row work is SQL; only the final scalars (t and normal tail
probabilities) are computed in Python. Wilcoxon average ranks are computed per
tie group of |d| (rank of a group = rows below it + (size + 1) / 2), which is
exactly the average rank of every row in the group.
"""
import json
import math
import sys

import duckdb
from scipy.special import stdtr  # Student t CDF of one scalar

INDICATORS = [f"q{i:02d}" for i in range(1, 17)]
LOWER_IS_BETTER = {"q16"}  # synthetic_codebook.yaml: q16 higher_is_better: false
MISSING = ["", "99", "不知道"]  # blank plus the codebook missing codes


def main(pre_path, post_path, out_path):
    con = duckdb.connect()
    types = {q: "DOUBLE" for q in INDICATORS}
    cols = ", ".join(["respondent_id", *INDICATORS])
    for name, path in (("pre", pre_path), ("post", post_path)):
        con.execute(
            f"CREATE TEMP TABLE {name} AS SELECT {cols} "
            f"FROM read_csv($path, header = true, types = $types, nullstr = $missing)",
            {"path": path, "types": types, "missing": MISSING},
        )

    # Long format: one row per (respondent, indicator) complete pair, d signed so that + is better.
    pairs = ", ".join(f"b.{q} AS {q}_pre, e.{q} AS {q}_post" for q in INDICATORS)
    unpivot_on = ", ".join(f"({q}_pre, {q}_post) AS {q}" for q in INDICATORS)
    reversed_list = ", ".join(f"'{q}'" for q in sorted(LOWER_IS_BETTER)) or "NULL"
    con.execute(f"""
        CREATE TEMP TABLE long AS
        SELECT indicator, pre, post,
               CASE WHEN indicator IN ({reversed_list}) THEN pre - post ELSE post - pre END AS d
        FROM (
            UNPIVOT (SELECT {pairs} FROM pre b JOIN post e USING (respondent_id))
            ON {unpivot_on} INTO NAME indicator VALUE pre, post
        )
        WHERE pre IS NOT NULL AND post IS NOT NULL
    """)
    moments = con.execute("""
        SELECT indicator, count(*), avg(pre), avg(post), avg(d), stddev_samp(d)
        FROM long GROUP BY indicator
    """).fetchall()
    signed_ranks = con.execute("""
        WITH groups AS (
            SELECT indicator, abs(d) AS a, count(*)::HUGEINT AS c, count(*) FILTER (WHERE d > 0) AS c_pos
            FROM long WHERE d <> 0 GROUP BY indicator, abs(d)
        ), ranked AS (
            SELECT *, sum(c) OVER (PARTITION BY indicator ORDER BY a
                                   ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) - c AS below
            FROM groups
        )
        SELECT indicator, sum(c)::DOUBLE, sum(c_pos * (below + (c + 1) / 2.0))::DOUBLE,
               sum(c * c * c - c)::DOUBLE
        FROM ranked GROUP BY indicator
    """).fetchall()
    wilcoxon = {row[0]: row[1:] for row in signed_ranks}

    result = {}
    for indicator, n, mean_pre, mean_post, mean_diff, sd_diff in sorted(moments):
        t = mean_diff / (sd_diff / math.sqrt(n))
        n_w, w_plus, ties = wilcoxon[indicator]
        var = n_w * (n_w + 1) * (2 * n_w + 1) / 24.0 - ties / 48.0
        z = (w_plus - n_w * (n_w + 1) / 4.0) / math.sqrt(var)
        result[indicator] = {
            "mean_pre": mean_pre,
            "mean_post": mean_post,
            "mean_diff": mean_diff,
            "p_value": float(2.0 * stdtr(n - 1, -abs(t))),
            "wilcoxon_p": math.erfc(abs(z) / math.sqrt(2.0)),
        }

    # Cronbach's raw alpha over each wave's rows complete in all indicators.
    k = len(INDICATORS)
    item_var = " + ".join(f"var_samp({q})" for q in INDICATORS)
    # Items where lower is better enter the total reversed (negated: the same alpha).
    total = " + ".join(f"(-{q})" if q in LOWER_IS_BETTER else q for q in INDICATORS)
    complete = " AND ".join(f"{q} IS NOT NULL" for q in INDICATORS)
    for name in ("pre", "post"):
        iv, tv = con.execute(
            f"SELECT {item_var}, var_samp({total}) FROM {name} WHERE {complete}"
        ).fetchone()
        result[f"alpha_{name}"] = k / (k - 1) * (1 - iv / tv)

    with open(out_path, "w") as f:
        json.dump({"literacy": result}, f, indent=1)


if __name__ == "__main__":
    main(*sys.argv[1:4])
