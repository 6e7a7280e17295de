#!/usr/bin/env python3
"""Reference values for the comparison-group analysis (Sources/ImpactStats/Comparison).

Tools: statsmodels OLS (fit(), fit(cov_type='HC3', use_t=True),
fit(cov_type='cluster', cov_kwds={'groups': g}, use_t=True)), patsy treatment
coding (C(x), first sorted level as reference), scipy.stats.ttest_ind(equal_var=False)
with confidence_interval(), pingouin.compute_effsize(eftype='hedges').
Generated 2026-11-30 with Python 3.11, statsmodels 0.15.0, scipy 1.17.1,
pingouin 0.7.0, numpy 2.4.6, pandas 3.1.1 (versions also stored in "generator").
Run: python3 make_comparison_reference.py  (deterministic: fixed seeds)
Writes comparison.json next to this script: per case the rows and, for the
treatment coefficient, estimate/se/t/df/p/ci of each fit.
Arbiter: every ANCOVA SE is recomputed in 50-digit mpmath; where statsmodels
differs by more than 1e-12 relative (its uncentered pinv loses digits on data
far from zero), the expected figures are recomputed from the mpmath SE and
marked "source": "mpmath-se" (listed in "arbitration").
Tolerance in the Swift test (ComparisonReferenceTests): 1e-9 relative.
Cases: Likert-like answers with 1 decimal, 3 numeric/categorical covariates
and 12 clusters; a small case (n = 24, 4 clusters); values far from zero
(1e4 + noise) with one continuous covariate; unequal arm sizes without covariates.
"""
import json
import numpy as np
import pandas as pd
import pingouin as pg
import scipy
import scipy.stats as st
import statsmodels
import statsmodels.formula.api as smf
from mpmath import mp

mp.dps = 50
checked = []  # (case, fit, statsmodels se, mpmath se, relative difference)


def mp_se(model, kind, groups=None):
    """The treatment coefficient's SE in 50-digit arithmetic (the arbiter)."""
    X = mp.matrix(model.exog.tolist())
    y = mp.matrix(model.endog.tolist())
    n, k = X.rows, X.cols
    XtX_inv = (X.T * X) ** -1
    beta = XtX_inv * (X.T * y)
    e = y - X * beta
    j = model.exog_names.index("treated")
    a = XtX_inv[:, j]
    if kind == "classical":
        s2 = sum(e[i] ** 2 for i in range(n)) / (n - k)
        return mp.sqrt(s2 * XtX_inv[j, j])
    if kind == "HC3":
        v = mp.mpf(0)
        for i in range(n):
            x = X[i, :]
            h = (x * XtX_inv * x.T)[0]
            v += ((x * a)[0] * e[i] / (1 - h)) ** 2
        return mp.sqrt(v)
    scores = {}
    for i in range(n):
        scores[groups[i]] = scores.get(groups[i], mp.mpf(0)) + (X[i, :] * a)[0] * e[i]
    g = len(scores)
    v = sum(s ** 2 for s in scores.values()) * mp.mpf(g) / (g - 1) * mp.mpf(n - 1) / (n - k)
    return mp.sqrt(v)


def arbitrated(res, model, kind, label, groups=None):
    """statsmodels' figures, or where its SE differs from the 50-digit SE by
    more than 1e-12 relative, the figures recomputed from the 50-digit SE."""
    c = coef(res, "treated")
    exact = float(mp_se(model, kind, groups))
    rel = abs(c["se"] - exact) / exact
    checked.append((label, kind, c["se"], exact, rel))
    if rel > 1e-12:
        q = st.t.ppf(0.975, c["df"])
        c.update(se=exact, t=c["estimate"] / exact, p=float(2 * st.t.sf(abs(c["estimate"] / exact), c["df"])),
                 ciLow=c["estimate"] - q * exact, ciHigh=c["estimate"] + q * exact, source="mpmath-se")
    return c


def coef(res, name):
    ci = res.conf_int(alpha=0.05).loc[name]
    df = res.df_resid_inference if getattr(res, "df_resid_inference", None) is not None else res.df_resid
    return {"estimate": float(res.params[name]), "se": float(res.bse[name]), "t": float(res.tvalues[name]),
            "df": float(df), "p": float(res.pvalues[name]), "ciLow": float(ci[0]), "ciHigh": float(ci[1])}


def case(name, n, seed, numeric, categorical, clusters, offset=0.0, decimals=1, p_treated=0.5):
    rng = np.random.default_rng(seed)
    treated = (rng.random(n) < p_treated).astype(float)
    pre = np.round(offset + rng.normal(3, 1, n), decimals)
    df = pd.DataFrame({"pre": pre, "treated": treated})
    lin = 0.6 * pre + 0.4 * treated
    for j, c in enumerate(numeric):
        v = np.round(rng.normal(40, 12, n), 0)
        df[c] = v
        lin = lin + 0.01 * (j + 1) * v
    for j, c in enumerate(categorical):
        levels = ["north", "south", "west"] if j == 0 else ["f", "m"]
        v = rng.choice(levels, n)
        df[c] = v
        lin = lin + np.array([0.3 * levels.index(x) for x in v])
    g = rng.integers(0, clusters, n)
    df["cluster"] = [f"c{x:02d}" for x in g]
    shock = rng.normal(0, 0.5, clusters)[g]
    df["post"] = np.round(lin + shock + rng.normal(0, 0.8, n) * (1 + 0.5 * treated) + offset * 0.4, decimals)
    rhs = " + ".join(["pre", "treated"] + numeric + [f"C({c})" for c in categorical])
    model = smf.ols(f"post ~ {rhs}", data=df)
    d = df["post"] - df["pre"]
    dT, dC = d[df.treated == 1].to_numpy(), d[df.treated == 0].to_numpy()
    w = st.ttest_ind(dT, dC, equal_var=False)
    wci = w.confidence_interval(0.95)
    didf = pd.DataFrame({"d": d, "treated": df.treated, "cluster": df.cluster})
    didm = smf.ols("d ~ treated", data=didf)
    groups = pd.factorize(df["cluster"])[0]
    return {
        "name": name, "numeric": numeric, "categorical": categorical,
        "rows": {
            "pre": df.pre.tolist(), "post": df.post.tolist(), "treated": df.treated.astype(int).tolist(),
            "cluster": df.cluster.tolist(),
            "numeric": [df[c].tolist() for c in numeric], "categorical": [df[c].tolist() for c in categorical],
        },
        "ancova": arbitrated(model.fit(), model, "classical", name),
        "ancovaHC3": arbitrated(model.fit(cov_type="HC3", use_t=True), model, "HC3", name),
        "ancovaCluster": arbitrated(
            model.fit(cov_type="cluster", cov_kwds={"groups": groups}, use_t=True), model, "cluster", name, groups),
        "did": {"estimate": float(dT.mean() - dC.mean()), "t": float(w.statistic), "df": float(w.df),
                "p": float(w.pvalue), "ciLow": float(wci.low), "ciHigh": float(wci.high)},
        "didCluster": coef(didm.fit(cov_type="cluster", cov_kwds={"groups": groups}, use_t=True), "treated"),
        "baselineG": float(pg.compute_effsize(df.pre[df.treated == 1], df.pre[df.treated == 0], eftype="hedges")),
    }


cases = [
    case("likert_covariates_clusters", 200, 11, ["age"], ["region", "sex"], 12),
    case("small", 24, 12, ["age"], [], 4),
    case("far_from_zero", 300, 13, ["income"], ["region"], 20, offset=1e4, decimals=3),
    case("unequal_arms_no_covariates", 150, 14, [], [], 9, p_treated=0.2),
]
for row in checked:
    print("%-28s %-9s statsmodels %.17g  mpmath %.17g  rel %.2e" % row)
out = {"arbitration": [{"case": r[0], "fit": r[1], "statsmodelsSE": r[2], "mpmathSE": r[3], "relative": r[4]}
                       for r in checked],
       "generator": f"statsmodels {statsmodels.__version__}, scipy {scipy.__version__}, pingouin {pg.__version__}, "
       f"numpy {np.__version__}, pandas {pd.__version__}", "tolerance": 1e-9, "cases": cases}
with open(__file__.replace("make_comparison_reference.py", "comparison.json"), "w") as f:
    json.dump(out, f, indent=1)
print("wrote comparison.json:", [c["name"] for c in cases])
