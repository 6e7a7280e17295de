#!/usr/bin/env python3
"""End-to-end reference for `impact literacy --group … --covariate … --cluster …`.

Writes baseline.csv and endline.csv (a survey with a comparison group: arm
program/waitlist/control, treated = program; village clusters; age numeric,
sex categorical covariates; attrition, missing answers, a blank age, a blank
arm, an endline-only respondent) and expected.json: per indicator, the
statsmodels OLS fits of post ~ pre + treated + age + C(sex) on complete pairs
with every covariate (fit(), fit(cov_type='HC3', use_t=True),
fit(cov_type='cluster', cov_kwds={'groups': village}, use_t=True)), the Welch
DiD (scipy.stats.ttest_ind(equal_var=False) with confidence_interval), the
cluster DiD (OLS d ~ treated, CR1), Hedges' g of the baseline
(pingouin.compute_effsize(eftype='hedges')) and attrition (pandas counts);
the ANCOVA effect as Hedges' g (WWC: effect over the unadjusted pooled
within-arm SD of the outcome, times 1 - 3/(4N - 9)) with the noncentral-t
interval of the ANCOVA t (scipy.stats.nct, brentq); and for the --by column
district the treated x group interaction: statsmodels f_test of the
treated:C(district) terms of post ~ pre + age + C(sex) + treated * C(district),
classical and cluster-robust (F with (J, G - 1) df, df_resid_inference), Holm
across the indicators (statsmodels multipletests).
Generated 2026-11-30 with statsmodels 0.15.0, scipy 1.17.1, pingouin 0.7.0,
numpy 2.4.6, pandas 3.1.1 (stored in "generator"). Deterministic (seed 21).
Tolerance in ComparisonPipelineTests: 1e-9 relative.
"""
import csv
import json
import os

import numpy as np
import pandas as pd
import pingouin as pg
import scipy
import scipy.stats as st
from scipy import optimize, special
import statsmodels
import statsmodels.formula.api as smf
from statsmodels.stats.multitest import multipletests

here = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(21)
n = 160
pre, post = [], []
for i in range(n):
    arm = rng.choice(["program", "waitlist", "control"], p=[0.5, 0.25, 0.25])
    village = f"v{rng.integers(0, 9)}"
    age = str(int(rng.integers(55, 85)))
    sex = rng.choice(["f", "m"])
    if i == 7:
        age = ""
    if i == 11:
        arm = ""
    q = [int(np.clip(round(rng.normal(3, 1)), 1, 5)) for _ in range(2)]
    row = [f"R{i:03d}", arm, village, age, sex] + [str(v) for v in q]
    if i % 23 == 5:
        row[5] = ""
    pre.append(row)
    if rng.random() < 0.85:
        b = 1 if arm == "program" else 0
        p = [int(np.clip(round(q[0] + 0.5 * b + rng.normal(0, 1)), 1, 5)),
             int(np.clip(round(q[1] + 0.3 * b + rng.normal(0, 1)), 1, 5))]
        out = [f"R{i:03d}"] + [str(v) for v in p]
        if i % 19 == 3:
            out[2] = ""
        post.append(out)
post.append(["R999", "3", "4"])
# The --by column comes from its own stream so the columns above stay as they were.
rng_by = np.random.default_rng(22)
for row in pre:
    row.append(str(rng_by.choice(["north", "south", "east"])))
with open(os.path.join(here, "baseline.csv"), "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["respondent_id", "arm", "village", "age", "sex", "q1", "q2", "district"])
    w.writerows(pre)
with open(os.path.join(here, "endline.csv"), "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["respondent_id", "q1", "q2"])
    w.writerows(post)

a = pd.read_csv(os.path.join(here, "baseline.csv"), dtype={"arm": str, "sex": str}, keep_default_na=True)
b = pd.read_csv(os.path.join(here, "endline.csv"))
base = a[a.arm.notna()]
d = base.merge(b, on="respondent_id", suffixes=("_pre", "_post"), how="left")
d["treated"] = (d.arm == "program").astype(float)


def coef(res):
    ci = res.conf_int(alpha=0.05).loc["treated"]
    df = res.df_resid_inference if getattr(res, "df_resid_inference", None) is not None else res.df_resid
    return {"estimate": float(res.params["treated"]), "se": float(res.bse["treated"]),
            "t": float(res.tvalues["treated"]), "df": float(df), "p": float(res.pvalues["treated"]),
            "ciLow": float(ci[0]), "ciHigh": float(ci[1])}


def did_hedges_g(dT, dC, conf=0.95):
    # The DiD in SD units of the change: pooled two-sample t on the change
    # scores (scipy), exact J(nu), and the noncentral-t limits found by brentq
    # on scipy.stats.nct (xtol 1e-14), as MBESS ci.smd.
    t = float(st.ttest_ind(dT, dC, equal_var=True).statistic)
    n1, n2 = len(dT), len(dC)
    nu = n1 + n2 - 2
    J = float(np.exp(special.gammaln(nu / 2) - 0.5 * np.log(nu / 2) - special.gammaln((nu - 1) / 2)))
    scale = (1 / n1 + 1 / n2) ** 0.5
    a = (1 - conf) / 2
    lo = optimize.brentq(lambda d: st.nct.sf(t, nu, d) - a, t - 30, t + 30, xtol=1e-14)
    hi = optimize.brentq(lambda d: st.nct.cdf(t, nu, d) - a, t - 30, t + 30, xtol=1e-14)
    return {"g": J * t * scale, "low": J * lo * scale, "high": J * hi * scale}


def ancova_g(res, full, conf=0.95):
    # WWC: the adjusted effect over the unadjusted pooled within-arm SD of the
    # outcome, times omega = 1 - 3/(4N - 9); the interval inverts the
    # noncentral t of the ANCOVA t (df = N - K) and scales by omega*SE/s.
    yT, yC = full.y[full.treated == 1], full.y[full.treated == 0]
    nT, nC = len(yT), len(yC)
    s = (((nT - 1) * yT.var(ddof=1) + (nC - 1) * yC.var(ddof=1)) / (nT + nC - 2)) ** 0.5
    omega = 1 - 3 / (4 * (nT + nC) - 9)
    b, se, t, nu = float(res.params["treated"]), float(res.bse["treated"]), float(res.tvalues["treated"]), res.df_resid
    a = (1 - conf) / 2
    lo = optimize.brentq(lambda d: st.nct.sf(t, nu, d) - a, t - 30, t + 30, xtol=1e-14)
    hi = optimize.brentq(lambda d: st.nct.cdf(t, nu, d) - a, t - 30, t + 30, xtol=1e-14)
    return {"g": omega * b / s, "low": omega * lo * se / s, "high": omega * hi * se / s, "sd": s}


def interaction(full, groups):
    # Joint test of the treated:C(district) coefficients.
    m = smf.ols("y ~ x + age + C(sex) + treated * C(district)", data=full)
    names = m.exog_names
    rows = [i for i, nm in enumerate(names) if nm.startswith("treated:C(district)")]
    R = np.zeros((len(rows), len(names)))
    for r, i in enumerate(rows):
        R[r, i] = 1
    fc = m.fit().f_test(R)
    fr = m.fit(cov_type="cluster", cov_kwds={"groups": groups}, use_t=True).f_test(R)
    # Cross-check of the classical F: restricted vs full residual sums of squares.
    u = m.fit()
    r0 = smf.ols("y ~ x + age + C(sex) + treated + C(district)", data=full).fit()
    f_rss = ((r0.ssr - u.ssr) / len(rows)) / (u.ssr / u.df_resid)
    assert abs(f_rss - float(fc.fvalue)) <= 1e-9 * f_rss
    return {"f": float(fc.fvalue), "df1": float(fc.df_num), "df2": float(fc.df_denom), "p": float(fc.pvalue),
            "clusterF": float(fr.fvalue), "clusterDf1": float(fr.df_num), "clusterDf2": float(fr.df_denom),
            "clusterP": float(fr.pvalue)}


expected = {}
for q in ["q1", "q2"]:
    pairs = d[d[f"{q}_pre"].notna() & d[f"{q}_post"].notna()].copy()
    pairs["y"] = pairs[f"{q}_post"]
    pairs["x"] = pairs[f"{q}_pre"]
    full = pairs[pairs.age.notna()]
    model = smf.ols("y ~ x + treated + age + C(sex)", data=full)
    groups = pd.factorize(full.village)[0]
    ch = pairs.y - pairs.x
    dT, dC = ch[pairs.treated == 1].to_numpy(), ch[pairs.treated == 0].to_numpy()
    w = st.ttest_ind(dT, dC, equal_var=False)
    ci = w.confidence_interval(0.95)
    dm = smf.ols("d ~ treated", data=pd.DataFrame({"d": ch, "treated": pairs.treated}))
    nT, nC = int((base.arm == "program").sum()), int((base.arm != "program").sum())
    pT, pC = int((pairs.treated == 1).sum()), int((pairs.treated == 0).sum())
    expected[q] = {
        "ancovaN": len(full), "nTreated": pT, "nComparison": pC,
        "ancova": coef(model.fit()), "ancovaHC3": coef(model.fit(cov_type="HC3", use_t=True)),
        "ancovaCluster": coef(model.fit(cov_type="cluster", cov_kwds={"groups": groups}, use_t=True)),
        "did": {"estimate": float(dT.mean() - dC.mean()), "t": float(w.statistic), "df": float(w.df),
                "p": float(w.pvalue), "ciLow": float(ci.low), "ciHigh": float(ci.high)},
        "didCluster": coef(dm.fit(cov_type="cluster", cov_kwds={"groups": pd.factorize(pairs.village)[0]},
                                  use_t=True)),
        "baselineG": float(pg.compute_effsize(pairs.x[pairs.treated == 1], pairs.x[pairs.treated == 0],
                                              eftype="hedges")),
        "didG": did_hedges_g(dT, dC),
        "ancovaG": ancova_g(model.fit(), full),
        "interaction": interaction(full, groups),
        "attritionTreated": 1 - pT / nT, "attritionComparison": 1 - pC / nC,
        "attritionOverall": 1 - (pT + pC) / (nT + nC),
    }
# The composite: mean of the indicators rescaled to 0-100 by the declared
# scale [1, 5], on respondents who answered every indicator in both waves.
comp = d[d.q1_pre.notna() & d.q2_pre.notna() & d.q1_post.notna() & d.q2_post.notna()].copy()
comp["x"] = ((comp.q1_pre - 1) / 4 * 100 + (comp.q2_pre - 1) / 4 * 100) / 2
comp["y"] = ((comp.q1_post - 1) / 4 * 100 + (comp.q2_post - 1) / 4 * 100) / 2
comp_full = comp[comp.age.notna()]
comp_model = smf.ols("y ~ x + treated + age + C(sex)", data=comp_full)
composite = {"ancovaN": len(comp_full), "ancovaG": ancova_g(comp_model.fit(), comp_full),
             "interaction": interaction(comp_full, pd.factorize(comp_full.village)[0])}
for key, p in [("pHolm", "p"), ("clusterPHolm", "clusterP")]:
    adjusted = multipletests([expected[q]["interaction"][p] for q in ["q1", "q2"]], method="holm")[1]
    for q, v in zip(["q1", "q2"], adjusted):
        expected[q]["interaction"][key] = float(v)
out = {"generator": f"statsmodels {statsmodels.__version__}, scipy {scipy.__version__}, pingouin {pg.__version__}, "
       f"numpy {np.__version__}, pandas {pd.__version__}", "tolerance": 1e-9, "indicators": expected,
       "composite": composite}
with open(os.path.join(here, "expected.json"), "w") as f:
    json.dump(out, f, indent=1)
print({q: (v["ancovaN"], v["nTreated"], v["nComparison"]) for q, v in expected.items()})
