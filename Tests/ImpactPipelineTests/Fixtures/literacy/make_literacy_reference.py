#!/usr/bin/env python3
"""Reference values for `impact literacy`, computed independently.

Tools: Python 3.11, numpy, pandas, scipy 1.17, statsmodels 0.15, and R 4.2
(psych::alpha for Cronbach's alpha, p.adjust for adjustments with NA).
Produced: 2026-11-22. Run from this folder:  python3 make_literacy_reference.py

For each case it writes the input files (CSV + codebook) into a sub-folder
and `expected.json` with every figure. Pairing, exclusions and the composite
are re-implemented here with pandas (merge on id, duplicates dropped with
keep=False, scale filtering), statistics come from scipy/statsmodels/R; only
formulas that no library provides (delta-method CI of the relative change,
Hedges' g_av, rank-biserial from scipy's ranks) are written out, from their
published definitions. Composite scores are formed with exact fractions so
ties are exact, then converted to float.

Tolerances asserted by the Swift tests: 1e-9 relative (p-values 1e-9
relative or 1e-300 absolute); counts exactly.

2026-11-30: degenerate cases follow scipy/statsmodels (df = n - 1 when sd_diff
= 0; W = 0, p = 1 when every difference is zero; McNemar p = 1 without
discordant pairs). R was not installed on the machine that made this change,
so the script was not rerun in full: paired_stats() was rerun on the
all_equal inputs and only all_equal/expected.json "flat.df" changed (null →
29.0); no other case has an all-zero indicator or a pass rule without
discordant pairs.
"""
import json
import math
import os
import subprocess
import sys
from fractions import Fraction

import numpy as np
import pandas as pd
import scipy
import statsmodels
from scipy import stats
from statsmodels.stats.contingency_tables import mcnemar
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportion_confint

HERE = os.path.dirname(os.path.abspath(__file__))
CONF = 0.95


def fnum(x):
    if x is None:
        return None
    x = float(x)
    return x if math.isfinite(x) else None


def r_alpha(frame, keys=()):
    """R psych::alpha raw_alpha on listwise-complete rows, the indicators in
    `keys` (lower is better) reversed as psych::alpha(keys = ...) does."""
    frame = frame.dropna()
    if len(frame) < 2 or frame.shape[1] < 2:
        return None, len(frame)
    path = os.path.join(HERE, "_alpha_tmp.csv")
    frame.to_csv(path, index=False)
    code = (
        "suppressMessages(library(psych));"
        f"d<-read.csv('{path}');"
        + (f"a<-suppressWarnings(psych::alpha(d, keys=c({','.join(repr(k) for k in keys)}), warnings=FALSE));"
           if keys else "a<-suppressWarnings(psych::alpha(d, check.keys=FALSE, warnings=FALSE));")
        + "cat(sprintf('%.17g', a$total$raw_alpha))"
    )
    out = subprocess.run(["Rscript", "-e", code], capture_output=True, text=True, check=True).stdout
    os.remove(path)
    return float(out), len(frame)


def r_padjust(ps, method):
    vec = ",".join("NA" if p is None else repr(p) for p in ps)
    code = f"cat(sprintf('%.17g', p.adjust(c({vec}), method='{method}')), sep=' ')"
    out = subprocess.run(["Rscript", "-e", code], capture_output=True, text=True, check=True).stdout.split()
    return [None if v == "NA" else float(v) for v in out]


def adjust(ps):
    if all(p is not None for p in ps):
        holm = multipletests(ps, method="holm")[1]
        bh = multipletests(ps, method="fdr_bh")[1]
        return [float(x) for x in holm], [float(x) for x in bh]
    return r_padjust(ps, "holm"), r_padjust(ps, "BH")


def exact_diff(pre, post):
    """post − pre formed in decimal arithmetic (the recorded decimals, not their
    binary approximations), then rounded once to float: differences that are
    equal in the data are equal here, so Wilcoxon ties are the data's ties."""
    return np.array([float(Fraction(repr(float(b))) - Fraction(repr(float(a)))) for a, b in zip(pre, post)])


def paired_stats(pre, post, higher_is_better=True, pass_threshold=None, d_exact=None):
    """All per-indicator figures on complete pairs (arrays without NaN)."""
    pre = np.asarray(pre, dtype=float)
    post = np.asarray(post, dtype=float)
    n = len(pre)
    sign = 1.0 if higher_is_better else -1.0
    d = sign * (exact_diff(pre, post) if d_exact is None else np.asarray(d_exact, dtype=float))
    out = {"n_pairs": n}
    out["mean_pre"] = fnum(pre.mean()) if n else None
    out["mean_post"] = fnum(post.mean()) if n else None
    out["sd_pre"] = fnum(pre.std(ddof=1)) if n >= 2 else None
    out["sd_post"] = fnum(post.std(ddof=1)) if n >= 2 else None
    out["mean_diff"] = fnum(d.mean()) if n else None
    out["sd_diff"] = fnum(d.std(ddof=1)) if n >= 2 else None
    out["pct_change"] = fnum(100 * d.mean() / pre.mean()) if n and pre.mean() != 0 else None
    if n >= 2 and d.std(ddof=1) > 0:
        # ttest_rel(post, pre) is ttest_1samp(post − pre, 0); the exact differences are used.
        t = stats.ttest_1samp(d, 0.0)
        ci = t.confidence_interval(CONF)
        out.update(t=fnum(t.statistic), df=fnum(t.df), p_value=fnum(t.pvalue), ci_low=fnum(ci.low), ci_high=fnum(ci.high))
        out["cohens_dz"] = fnum(d.mean() / d.std(ddof=1))
    else:
        # sd_diff = 0: scipy gives df = n - 1 and t = +-inf, p = 0 (NaN when nothing changed);
        # impact reports df as scipy and t, p, CI as null (with a note).
        df = stats.ttest_1samp(d, 0.0).df if n >= 2 else None
        out.update(t=None, df=fnum(df), p_value=None, ci_low=None, ci_high=None, cohens_dz=None)
    sp, sq = (pre.std(ddof=1), post.std(ddof=1)) if n >= 2 else (0, 0)
    if n >= 3 and sp + sq > 0:
        j = 1 - 3 / (4 * (n - 1) - 1)
        out["hedges_gav"] = fnum(j * d.mean() / ((sp + sq) / 2))
    else:
        out["hedges_gav"] = None
    nz = d[d != 0]
    if len(nz) > 0:
        w = stats.wilcoxon(d)
        ranks = stats.rankdata(np.abs(nz))
        rp = ranks[nz > 0].sum()
        rm = ranks[nz < 0].sum()
        out["wilcoxon_w"] = fnum(w.statistic)
        out["wilcoxon_p"] = fnum(w.pvalue)
        out["rank_biserial"] = fnum((rp - rm) / (rp + rm))
    elif n >= 2:
        # Every difference zero: W = 0, p = 1 as scipy's exact method (its "auto" gives NaN for n > 13).
        w = stats.wilcoxon(d, method="exact")
        out.update(wilcoxon_w=fnum(w.statistic), wilcoxon_p=fnum(w.pvalue), rank_biserial=None)
    else:
        out.update(wilcoxon_w=None, wilcoxon_p=None, rank_biserial=None)
    if n:
        out["share_improved"] = fnum((d > 0).mean())
        out["share_unchanged"] = fnum((d == 0).mean())
        out["share_declined"] = fnum((d < 0).mean())
    else:
        out.update(share_improved=None, share_unchanged=None, share_declined=None)
    out["n_zero"] = int((d == 0).sum())
    # Delta-method CI of R = mean_post/mean_pre (Casella & Berger, Stat. Inference, §5.5.4).
    if n >= 2 and pre.mean() != 0:
        mp, mq = pre.mean(), post.mean()
        cov = np.cov(pre, post, ddof=1)
        var_r = (cov[1, 1] / mp**2 - 2 * mq * cov[0, 1] / mp**3 + mq**2 * cov[0, 0] / mp**4) / n
        z = stats.norm.ppf(0.5 + CONF / 2)
        lo, hi = 100 * (mq / mp - 1 - z * math.sqrt(var_r)), 100 * (mq / mp - 1 + z * math.sqrt(var_r))
        if not higher_is_better:
            lo, hi = -hi, -lo
        out["pct_change_ci_low"], out["pct_change_ci_high"] = fnum(lo), fnum(hi)
    else:
        out["pct_change_ci_low"] = out["pct_change_ci_high"] = None
    if pass_threshold is not None and n:
        ok = (lambda x: x >= pass_threshold) if higher_is_better else (lambda x: x <= pass_threshold)
        pp, pq = ok(pre), ok(post)
        out["share_pass_pre"] = fnum(pp.mean())
        out["share_pass_post"] = fnum(pq.mean())
        b = int((pp & ~pq).sum())
        c = int((~pp & pq).sum())
        if b + c > 0:
            table = [[int((pp & pq).sum()), b], [c, int((~pp & ~pq).sum())]]
            out["mcnemar_p"] = fnum(mcnemar(table, exact=(b + c) < 25, correction=True).pvalue)
        else:
            # No discordant pairs: statsmodels' exact test gives p = 1.
            table = [[int((pp & pq).sum()), 0], [0, int((~pp & ~pq).sum())]]
            out["mcnemar_p"] = fnum(mcnemar(table, exact=True).pvalue)
    else:
        out.update(share_pass_pre=None, share_pass_post=None, mcnemar_p=None)
    return out


def analyse(pre_df, post_df, idcol, inds, wide=False, group=None):
    """Pairing + all figures. inds: list of dicts id, pre, post, scale, hib, pass, missing."""
    res = {}
    pre = pre_df.copy()
    post = post_df.copy() if post_df is not None else None

    def clean(df, col, ind):
        v = pd.to_numeric(df[col].astype(str).str.strip().replace({m: "" for m in ind.get("missing", [])}), errors="coerce")
        for m in ind.get("missing", []):
            try:
                v = v.mask(v == float(m))
            except ValueError:
                pass
        s = ind.get("scale")
        if s is not None:
            v = v.where((v >= s[0]) & (v <= s[1]))
        return v

    k = len(inds)
    if wide:
        dup = pre[idcol].duplicated(keep=False)
        base = pre[~dup & pre[idcol].notna()].copy()
        P = pd.DataFrame({ind["id"]: clean(base, ind["pre"], ind) for ind in inds})
        Q = pd.DataFrame({ind["id"]: clean(base, ind["post"], ind) for ind in inds})
        has_p = P.notna().any(axis=1)
        has_q = Q.notna().any(axis=1)
        m = has_p & has_q
        Pm, Qm = P[m].reset_index(drop=True), Q[m].reset_index(drop=True)
        drop = P[has_p & ~has_q]
        only_post_q = Q[has_q & ~has_p]
        res["counts"] = dict(matched=int(m.sum()), only_pre=int((has_p & ~has_q).sum()), only_post=int((has_q & ~has_p).sum()))
        all_pre = pd.concat([Pm, drop])
        all_post = pd.concat([Qm, only_post_q])
    else:
        dpre = pre[idcol].duplicated(keep=False)
        dpost = post[idcol].duplicated(keep=False)
        res["dup"] = dict(
            duplicate_ids_pre=int(pre[dpre][idcol].nunique()), duplicate_rows_pre=int(dpre.sum()),
            duplicate_ids_post=int(post[dpost][idcol].nunique()), duplicate_rows_post=int(dpost.sum()))
        a = pre[~dpre & pre[idcol].notna()]
        b = post[~dpost & post[idcol].notna()]
        P_all = pd.DataFrame({ind["id"]: clean(a, ind["pre"], ind) for ind in inds})
        P_all[idcol] = a[idcol].values
        Q_all = pd.DataFrame({ind["id"]: clean(b, ind["post"], ind) for ind in inds})
        Q_all[idcol] = b[idcol].values
        merged = P_all.merge(Q_all, on=idcol, suffixes=("_p", "_q"))
        # Respondents whose id is duplicated in the other wave are neither matched nor dropouts.
        bad_post = set(post[dpost][idcol])
        bad_pre = set(pre[dpre][idcol])
        merged = merged[~merged[idcol].isin(bad_post)]
        Pm = pd.DataFrame({ind["id"]: merged[ind["id"] + "_p"].values for ind in inds})
        Qm = pd.DataFrame({ind["id"]: merged[ind["id"] + "_q"].values for ind in inds})
        only_pre = P_all[~P_all[idcol].isin(Q_all[idcol]) & ~P_all[idcol].isin(bad_post)]
        only_post = Q_all[~Q_all[idcol].isin(P_all[idcol]) & ~Q_all[idcol].isin(bad_pre)]
        res["counts"] = dict(matched=len(merged), only_pre=len(only_pre), only_post=len(only_post))
        drop = only_pre[[i["id"] for i in inds]]
        all_pre = pd.concat([Pm, drop])
        all_post = pd.concat([Qm, only_post[[i["id"] for i in inds]]])

    rows = []
    for ind in inds:
        j = ind["id"]
        both = Pm[j].notna() & Qm[j].notna()
        r = paired_stats(Pm[j][both].values, Qm[j][both].values, ind.get("hib", True), ind.get("pass"))
        r["indicator"] = j
        r["n_pre"] = int(Pm[j].notna().sum())
        r["n_post"] = int(Qm[j].notna().sum())
        r["n_excluded"] = len(Pm) - r["n_pairs"]
        rows.append(r)
    holm, bh = adjust([r["p_value"] for r in rows])
    for r, h, b_ in zip(rows, holm, bh):
        r["p_holm"], r["p_bh"] = h, b_
    res["indicators"] = {r["indicator"]: r for r in rows}

    # Composite with exact fractions.
    complete = Pm.notna().all(axis=1) & Qm.notna().all(axis=1)

    def comp(frame):
        out = []
        for _, row in frame.iterrows():
            total = Fraction(0)
            for ind in inds:
                lo, hi = (Fraction(repr(float(x))) for x in ind["range"])
                x = Fraction(repr(float(row[ind["id"]])))
                r_ = (x - lo) / (hi - lo)
                total += r_ if ind.get("hib", True) else 1 - r_
            out.append(100 * total / len(inds))
        return out

    if all("range" in i for i in inds):
        fp, fq = comp(Pm[complete]), comp(Qm[complete])
        cp = np.array([float(x) for x in fp])
        cq = np.array([float(x) for x in fq])
        c = paired_stats(cp, cq, True, None, d_exact=[float(b - a) for a, b in zip(fp, fq)])
        c["n_excluded"] = int((~complete).sum())
        c["n_pre"] = int(Pm.notna().all(axis=1).sum())
        c["n_post"] = int(Qm.notna().all(axis=1).sum())
        res["composite"] = c
        # Wilson CI for the share improved.
        n = len(cp)
        lo, hi = proportion_confint(int((cq > cp).sum()), n, alpha=1 - CONF, method="wilson")
        res["share_improved_ci"] = [100 * lo, 100 * hi]
    # Reliability: every respondent of each wave complete in that wave.
    keys = [i["id"] for i in inds if not i.get("hib", True)]
    a_pre, n_pre = r_alpha(all_pre[[i["id"] for i in inds]], keys)
    a_post, n_post = r_alpha(all_post[[i["id"] for i in inds]], keys)
    res["reliability"] = dict(cronbach_alpha_pre=a_pre, cronbach_alpha_post=a_post, n_pre=n_pre, n_post=n_post)
    # Change correlations (direction-adjusted), complete respondents.
    D = pd.DataFrame({i["id"]: exact_diff(Pm[i["id"]].fillna(0), Qm[i["id"]].fillna(0)) * (1 if i.get("hib", True) else -1)
                      for i in inds})[complete.values]
    if len(D) >= 2:
        with np.errstate(all="ignore"):
            cm = np.atleast_2d(np.corrcoef(D.values.T))
        res["change_correlation"] = [[fnum(x) for x in row] for row in cm]
        res["change_correlation_n"] = len(D)
    # Attrition: baseline of completers vs dropouts.
    bd = []
    for ind in inds:
        j = ind["id"]
        c_ = Pm[j].dropna().values
        d_ = drop[j].dropna().values
        e = dict(indicator=j, n_completers=len(c_), n_dropouts=len(d_),
                 mean_completers=fnum(c_.mean()) if len(c_) else None, mean_dropouts=fnum(d_.mean()) if len(d_) else None)
        if len(c_) >= 2 and len(d_) >= 2 and (c_.var() > 0 or d_.var() > 0):
            w = stats.ttest_ind(c_, d_, equal_var=False)
            e.update(t=fnum(w.statistic), df=fnum(w.df), p_value=fnum(w.pvalue))
        else:
            e.update(t=None, df=None, p_value=None)
        bd.append(e)
    res["baseline_difference"] = bd
    pcts = [r["pct_change"] for r in rows if r["pct_change"] is not None]
    res["headline"] = dict(
        mean_indicator_pct_change=sum(pcts) / len(pcts) if pcts else None,
        indicators_improved_significantly=sum(1 for r in rows if (r["p_holm"] or 1) < 0.05 and (r["mean_diff"] or 0) > 0))
    return res


def write_case(name, files, args, result, codebook=None):
    d = os.path.join(HERE, name)
    os.makedirs(d, exist_ok=True)
    for fname, df in files.items():
        df.to_csv(os.path.join(d, fname), index=False)
    if codebook is not None:
        with open(os.path.join(d, "codebook.yaml"), "w", encoding="utf-8") as f:
            f.write(codebook)
    with open(os.path.join(d, "expected.json"), "w", encoding="utf-8") as f:
        json.dump({"case": name, "args": args, "expected": result}, f, ensure_ascii=False, indent=1, allow_nan=False)


def likert(rng, n, lo=1, hi=5, p_missing=0.0):
    v = rng.integers(lo, hi + 1, n).astype(float)
    v[rng.random(n) < p_missing] = np.nan
    return v


def main():
    rng = np.random.default_rng(20261122)

    # 1. Tiny, hand-checkable: 6 respondents, 2 indicators, endline shuffled.
    pre = pd.DataFrame({"id": ["a", "b", "c", "d", "e", "f"], "q1": [1, 2, 3, 4, 2, 3], "q2": [2, 2, 3, 5, 1, 4]})
    post = pd.DataFrame({"id": ["f", "e", "d", "c", "b", "a"], "q1": [4, 3, 4, 5, 3, 2], "q2": [4, 2, 5, 3, 3, 3]})
    inds = [dict(id=q, pre=q, post=q, scale=[1, 5], range=[1, 5]) for q in ("q1", "q2")]
    write_case("tiny", {"pre.csv": pre, "post.csv": post}, {"pre": "pre.csv", "post": "post.csv", "scale": [1, 5]},
               analyse(pre, post, "id", inds))

    # 2. Likert with many ties and zeros, missing answers, missing codes, out-of-scale values,
    #    duplicate ids, dropouts, endline-only ids, a lower-is-better indicator and pass rules.
    n = 400
    ids = [f"R{i:04d}" for i in range(n)]
    P = {f"q{j}": likert(rng, n, p_missing=0.04) for j in range(1, 7)}
    pre = pd.DataFrame({"respondent_id": ids, "district": rng.choice(["东城区", "西城区", "朝阳区"], n), **P})
    pre.loc[5, "q2"] = 9  # out of scale
    pre.loc[7, "q3"] = 99  # missing code
    pre = pd.concat([pre, pre.iloc[[10]]])  # duplicate id R0010 at baseline
    keep = rng.random(n) < 0.85
    post = pre.iloc[:n][keep].copy()
    for j in range(1, 7):
        gain = rng.choice([0, 0, 1, 1, 2, -1], len(post)) if j != 4 else rng.choice([0, -1, -1, 1], len(post))
        post[f"q{j}"] = np.clip(post[f"q{j}"].fillna(3) + gain, 1, 5)
        post.loc[rng.random(len(post)) < 0.04, f"q{j}"] = np.nan
    post = post.drop(columns=["district"]).sample(frac=1, random_state=3)
    post = pd.concat([post, pd.DataFrame({"respondent_id": ["NEW1", "NEW2"], **{f"q{j}": [3, 4] for j in range(1, 7)}})])
    post = pd.concat([post, post.iloc[[0]]])  # duplicate at endline
    post.iloc[3, post.columns.get_loc("q5")] = 0  # out of scale
    codebook = """id: respondent_id
scale: [1, 5]
missing: [99]
pass_threshold: 4
indicators:
  - {id: q1, label: "会用手机视频通话 / Video calls"}
  - {id: q2, label: "能识别网络谣言 / Spot rumours"}
  - {id: q3, label: "会网上挂号 / Book a doctor online"}
  - {id: q4, label: "上网焦虑 / Online anxiety", higher_is_better: false, pass_threshold: 2}
  - {id: q5, label: "会移动支付 / Mobile payment"}
  - {id: q6, label: "会设置隐私 / Privacy settings"}
"""
    inds = []
    for j in range(1, 7):
        hib = j != 4
        inds.append(dict(id=f"q{j}", pre=f"q{j}", post=f"q{j}", scale=[1, 5], range=[1, 5], hib=hib,
                         **{"pass": 4 if hib else 2}, missing=["99"]))
    write_case("likert_ties", {"pre.csv": pre, "post.csv": post},
               {"pre": "pre.csv", "post": "post.csv", "codebook": "codebook.yaml"}, analyse(pre, post, "respondent_id", inds),
               codebook)

    # 3. n <= 50 continuous, no ties, no zeros: exact Wilcoxon; 2-decimal scores; no scale given.
    n = 23
    base = np.round(rng.normal(60, 10, n), 2)
    gain = np.round(rng.normal(3, 5, n), 2)
    gain[gain == 0] = 0.37
    pre = pd.DataFrame({"id": [f"p{i}" for i in range(n)], "score": base, "other": np.round(rng.normal(50, 8, n), 2)})
    post = pd.DataFrame({"id": [f"p{i}" for i in range(n)], "score": np.round(base + gain, 2),
                         "other": np.round(pre["other"] + np.round(rng.normal(-1, 4, n), 2), 2)})
    rngs = {c: [min(pre[c].min(), post[c].min()), max(pre[c].max(), post[c].max())] for c in ("score", "other")}
    inds = [dict(id=c, pre=c, post=c, range=rngs[c]) for c in ("score", "other")]
    res = analyse(pre, post, "id", inds)
    write_case("exact_small", {"pre.csv": pre, "post.csv": post}, {"pre": "pre.csv", "post": "post.csv"}, res)

    # 4. All differences equal for one indicator (sd 0: t undefined → null); another normal.
    n = 30
    a = likert(rng, n, 1, 4)
    pre = pd.DataFrame({"id": range(n), "flat": a, "q": likert(rng, n)})
    post = pd.DataFrame({"id": range(n), "flat": a + 1, "q": np.clip(pre["q"] + rng.choice([0, 1, -1], n), 1, 5)})
    inds = [dict(id=c, pre=c, post=c, scale=[1, 5], range=[1, 5]) for c in ("flat", "q")]
    write_case("all_equal", {"pre.csv": pre, "post.csv": post}, {"pre": "pre.csv", "post": "post.csv", "scale": [1, 5]},
               analyse(pre, post, "id", inds))

    # 5. Large offsets (NumAcc style): 1e12 + small decimals.
    n = 60
    small = np.round(rng.normal(0.5, 0.1, n), 1)
    pre_v = [f"{1000000000000 + x:.1f}" for x in small]
    post_v = [f"{1000000000000 + x + g:.1f}" for x, g in zip(small, np.round(rng.normal(0.2, 0.1, n), 1))]
    pre = pd.DataFrame({"id": range(n), "big": pre_v})
    post = pd.DataFrame({"id": range(n), "big": post_v})
    pre_f = pre.copy()
    post_f = post.copy()
    # The reference reads the decimals exactly: subtract the offset in decimal arithmetic.
    pre_f["big"] = [float(Fraction(s) - 10**12) for s in pre_v]
    post_f["big"] = [float(Fraction(s) - 10**12) for s in post_v]
    r = analyse(pre_f, post_f, "id", [dict(id="big", pre="big", post="big")])
    # Shift location-dependent figures back by the offset (exactly representable shifts are
    # applied in decimal: means and CIs of levels; differences are offset-free).
    big = r["indicators"]["big"]
    mp = (Fraction(sum(Fraction(s) for s in pre_v)) / n)
    mq = (Fraction(sum(Fraction(s) for s in post_v)) / n)
    big["mean_pre"], big["mean_post"] = float(mp), float(mq)
    big["pct_change"] = float(100 * (mq - mp) / mp)
    cov = np.cov(pre_f["big"], post_f["big"], ddof=1)
    fmp, fmq = float(mp), float(mq)
    var_r = (cov[1, 1] / fmp**2 - 2 * fmq * cov[0, 1] / fmp**3 + fmq**2 * cov[0, 0] / fmp**4) / n
    z = stats.norm.ppf(0.5 + CONF / 2)
    big["pct_change_ci_low"] = 100 * (float((mq - mp) / mp) - z * math.sqrt(var_r))
    big["pct_change_ci_high"] = 100 * (float((mq - mp) / mp) + z * math.sqrt(var_r))
    r["baseline_difference"] = "skip"
    r["headline"]["mean_indicator_pct_change"] = big["pct_change"]
    write_case("large_offset", {"pre.csv": pre, "post.csv": post}, {"pre": "pre.csv", "post": "post.csv"}, r)

    # 6. Binary indicators (yes/no and 0/1) with McNemar exact and chi-square; wide file with
    #    KoboToolbox-style group paths.
    n = 80
    b1 = (rng.random(n) < 0.3).astype(int)
    a1 = np.where(rng.random(n) < 0.5, 1, b1)
    b2 = (rng.random(n) < 0.5).astype(int)
    a2 = np.where(rng.random(n) < 0.15, 1 - b2, b2)
    wide = pd.DataFrame({
        "respondent_id": [f"K{i}" for i in range(n)],
        "literacy/can_pay_pre": np.where(b1 == 1, "yes", "no"), "literacy/can_pay_post": np.where(a1 == 1, "yes", "no"),
        "literacy/q_scam_pre": b2, "literacy/q_scam_post": a2,
    })
    codebook = """id: respondent_id
indicators:
  - {id: can_pay, label: 能移动支付, pre: can_pay_pre, post: can_pay_post, type: binary}
  - {id: q_scam, label: 能识别诈骗, pre: literacy/q_scam_pre, post: literacy/q_scam_post, type: binary}
"""
    inds = [dict(id="can_pay", pre="can_pay_pre", post="can_pay_post", scale=[0, 1], range=[0, 1], **{"pass": 1}),
            dict(id="q_scam", pre="q_scam_pre", post="q_scam_post", scale=[0, 1], range=[0, 1], **{"pass": 1})]
    w2 = wide.rename(columns=lambda c: c.split("/")[-1]).replace({"yes": 1, "no": 0})
    write_case("binary_wide", {"survey.csv": wide}, {"survey": "survey.csv", "codebook": "codebook.yaml"},
               analyse(w2, None, "respondent_id", inds, wide=True), codebook)

    with open(os.path.join(HERE, "VERSIONS.txt"), "w") as f:
        rv = subprocess.run(["Rscript", "-e", "cat(R.version.string, as.character(packageVersion('psych')))"],
                            capture_output=True, text=True).stdout
        f.write(f"python {sys.version.split()[0]}; numpy {np.__version__}; pandas {pd.__version__}; "
                f"scipy {scipy.__version__}; statsmodels {statsmodels.__version__}; {rv}\n")


if __name__ == "__main__":
    main()
