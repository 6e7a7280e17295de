"""Reference for the subgroup tests of `impact literacy --by district`.

Tools: SciPy (scipy.stats.kruskal), pingouin (pingouin.welch_anova), statsmodels
(multipletests holm); versions are written into expected.json.
Run: python3 make_subgroup_pipeline_reference.py
Data: seeded; 4 districts with different gains, 3 Likert indicators (q3 lower
is better: its changes are sign-flipped), some missing answers (per-indicator
complete pairs), 1–5 scale. The composite is the mean of the indicators
rescaled to 0–100 (q3 reversed), on respondents complete in both waves.
Tolerance in the test: 1e-12 relative for H, F and df; 1e-9 for p-values
(SciPy's F and chi-square tails agree with mpmath to about 1e-12).
"""
import json
import numpy as np
import pandas as pd
import scipy
import scipy.stats as st
import pingouin as pg
import statsmodels
from statsmodels.stats.multitest import multipletests

rng = np.random.default_rng(77)
n = 240
districts = rng.choice(["东城区", "西城区", "朝阳区", "海淀区"], n)
gain = {"东城区": 0.2, "西城区": 0.5, "朝阳区": 0.9, "海淀区": 0.4}
pre = pd.DataFrame({"respondent_id": [f"R{i:03d}" for i in range(n)], "district": districts})
post = pd.DataFrame({"respondent_id": pre["respondent_id"]})
for q in ["q1", "q2", "q3"]:
    a = rng.integers(1, 6, n)
    g = np.array([gain[d] for d in districts])
    step = rng.binomial(2, np.clip(g / 2, 0, 1)) - (rng.random(n) < 0.15)
    b = np.clip(a + (step if q != "q3" else -step), 1, 5)
    a = a.astype(float)
    b = b.astype(float)
    a[rng.random(n) < 0.05] = np.nan
    b[rng.random(n) < 0.05] = np.nan
    pre[q] = a
    post[q] = b
pre.to_csv("pre.csv", index=False, float_format="%g")
post.to_csv("post.csv", index=False, float_format="%g")
with open("codebook.yaml", "w") as f:
    f.write("id: respondent_id\nscale: [1, 5]\nindicators:\n  - {id: q1}\n  - {id: q2}\n  - {id: q3, higher_is_better: false}\n")

m = pre.merge(post, on="respondent_id", suffixes=("_pre", "_post"))
groups = sorted(set(districts))


def tests(dcol):
    frame = m.assign(d=dcol).dropna(subset=["d"])
    per = [frame.loc[frame["district"] == g, "d"].to_numpy() for g in groups]
    h, p = st.kruskal(*per)
    w = pg.welch_anova(data=frame, dv="d", between="district")
    return {"kruskal_h": float(h), "kruskal_p": float(p), "welch_f": float(w["F"].iloc[0]),
            "welch_df2": float(w["ddof2"].iloc[0]), "welch_p": float(w["p_unc"].iloc[0])}


rows = []
for q, sign in [("q1", 1), ("q2", 1), ("q3", -1)]:
    rows.append(dict(indicator=q, **tests(sign * (m[f"{q}_post"] - m[f"{q}_pre"]))))
for key in ["kruskal_p", "welch_p"]:
    adj = multipletests([r[key] for r in rows], method="holm")[1]
    for r, a in zip(rows, adj):
        r[key + "_holm"] = float(a)


def units(prefix):
    # The composite in units of 100/12: (q1 − 1) + (q2 − 1) + (5 − q3), an integer.
    return (m[f"q1_{prefix}"] - 1) + (m[f"q2_{prefix}"] - 1) + (5 - m[f"q3_{prefix}"])


# Composite changes are integers times 100/12: formed as such, equal changes
# tie exactly as in impact's exact arithmetic (composites formed as doubles
# would break ties at random and change H).
composite = dict(indicator="composite", **tests((units("post") - units("pre")) * (100 / 12)))
out = {"generator": f"scipy {scipy.__version__}, pingouin {pg.__version__}, statsmodels {statsmodels.__version__}",
       "indicators": rows, "composite": composite}
with open("expected.json", "w") as f:
    json.dump(out, f, indent=1, ensure_ascii=False)
