#!/usr/bin/env python3
"""Reference fixtures for the ImpactStats inference layer (Swift tests).

Run from anywhere:  python3 make_inference_reference.py
Writes distributions.json, ttest.json, wilcoxon.json, mcnemar.json and
multiplicity.json next to this script (deterministic: fixed seeds).

Generated 2026-11-22 with (the script prints and stores the versions it ran with
in every file's "meta"):
  Python 3.11.7, numpy 2.4.6, scipy 1.17.1, statsmodels 0.15.0, mpmath 1.3.0,
  R 4.2.2 (Rscript, for p.adjust with NA).

Policy for the value a Swift test compares against
---------------------------------------------------
* Distribution functions: "expected" is an mpmath value computed with 60+
  significant digits (incomplete beta/gamma, normal, Student t, with working
  precision raised wherever a complement is formed). The scipy value is stored
  next to it ("scipy"); the tests additionally require agreement with scipy
  wherever scipy itself is within 1e-13 of the mpmath value. scipy is NOT
  accurate everywhere (see "scipyInaccuracies" in distributions.json meta and
  the printed summary): stdtrit (t.ppf) returns +inf for df = 2.5/5/10 at
  p = 1e-300, is off by 133 % at df = 2.5, p = 1e-200, and near p = 0.5 loses
  up to 8e-6 relative (df = 1); ndtr/stdtr tails lose up to ~1e-13.
* Test results (t-tests, Wilcoxon, McNemar, multiplicity): "expected" is the
  scipy / statsmodels / R output, except where that output is demonstrably
  inaccurate; then the exact value is used and "pSource" says which:
    - Wilcoxon exact/permutation p-values are recomputed as exact rationals
      (fractions.Fraction over all 2^n sign patterns) and the rational value
      is used wherever scipy differs by more than 1e-14 ("pSource":
      "exact-rational"). Expected weak spot: WilcoxonDistribution.sf(k) for k
      above the mean is computed as 1 - cdf(k - 1). Finding (scipy 1.17.1):
      it is nevertheless exact for n <= 50, because every pmf is a multiple of
      2^-n and every partial sum is < 2, so all sums are exact in binary64;
      all exact/permutation cases here (down to p = 1.8e-15) agree with the
      rationals to the last bit.
    - Normal-approximation p-values: scipy computes 2*ndtr(-|z|), whose tail
      loses ~1e-13; if it differs from 2*Phi(-|z|) evaluated in mpmath at
      scipy's own z by more than 1e-14 relative, the mpmath value is used
      ("pSource": "mpmath").
    - t-test p-values: scipy's value unless it differs from the mpmath
      Student-t tail at scipy's own t by more than 1e-13 ("pSource").
* Holm / BH with missing values: R p.adjust(p, method, n = length(p)) -- the
  semantics requested for ImpactStats (n = total number of tests including the
  missing ones). NOTE: R's *default* p.adjust(p, method) evaluates its lazy
  default n = length(p) after dropping the NAs, i.e. it uses n = number of
  non-missing p-values. Both are stored ("holm"/"bh" and
  "holmRDefault"/"bhRDefault") so the difference is documented.

JSON: written with json.dump(allow_nan=False); floats are Python repr
(shortest round-trip, 17 significant digits at most); undefined results are
null.
"""
import datetime
import json
import math
import os
import platform
import subprocess
import sys
from fractions import Fraction

import mpmath
import numpy as np
import scipy
import statsmodels
from mpmath import mp, mpf
from scipy import special, stats
from statsmodels.stats.contingency_tables import mcnemar as sm_mcnemar
from statsmodels.stats.multitest import multipletests

HERE = os.path.dirname(os.path.abspath(__file__))
mp.dps = 60


def r_version():
    try:
        out = subprocess.run(["Rscript", "-e", "cat(R.version.string)"], capture_output=True, text=True, check=True)
        return out.stdout.strip()
    except Exception as exc:  # pragma: no cover
        return f"unavailable ({exc})"


META = {
    "generator": "make_inference_reference.py",
    "date": datetime.date.today().isoformat(),
    "python": platform.python_version(),
    "numpy": np.__version__,
    "scipy": scipy.__version__,
    "statsmodels": statsmodels.__version__,
    "mpmath": mpmath.__version__,
    "R": r_version(),
}
print("versions:", json.dumps(META))


def f(v):
    """float or None (never NaN/inf in JSON)."""
    if v is None:
        return None
    v = float(v)
    if math.isnan(v) or math.isinf(v):
        return None
    return v


def rel(a, b):
    a = float(a)
    b = float(b)
    if b == 0:
        return abs(a)
    return abs(a - b) / abs(b)


def dump(name, obj):
    path = os.path.join(HERE, name)
    with open(path, "w") as fh:
        json.dump(obj, fh, allow_nan=False, indent=1)
        fh.write("\n")
    print(f"wrote {path}")


# ---------------------------------------------------------------------------
# High-precision references
# ---------------------------------------------------------------------------

def mp_t_sf(df, t):
    """P(T > t) for Student t with df, to ~50 digits."""
    if t == 0:
        return mpf(1) / 2
    u = abs(t)
    with mp.workdps(60):
        dfm = mpf(df)
        um = mpf(u)
        a = dfm / 2
        x = dfm / (dfm + um * um)
        y = um * um / (dfm + um * um)
        if x < 0.5:
            v = mpmath.betainc(a, mpf(1) / 2, 0, x, regularized=True) / 2
        else:
            if float(a * y) > 1000:  # tail below 1e-400
                v = mpf(0)
            else:
                with mp.workdps(80 + int(float(a * y) / 2.3)):
                    v = (1 - mpmath.betainc(mpf(1) / 2, a, 0, y, regularized=True)) / 2
        return +v if t > 0 else 1 - v


def mp_t_quantile(df, p, start):
    """Root of P(T <= t) = p by bracketed secant/bisection on log-tail vs log|t|."""
    qq = mpf(p) if p < 0.5 else 1 - mpf(p)

    def g(lu):
        return mpmath.log(mp_t_sf(df, mpmath.exp(lu))) - mpmath.log(qq)

    lo = mpmath.log(start) - mpf("1e-8")
    hi = mpmath.log(start) + mpf("1e-8")
    while g(lo) < 0:
        lo -= (hi - lo)
    while g(hi) > 0:
        hi += (hi - lo)
    glo, ghi = g(lo), g(hi)
    for it in range(300):
        if hi - lo < mpf(10) ** -35:
            break
        m = lo - glo * (hi - lo) / (ghi - glo) if ghi != glo else (lo + hi) / 2
        if not (lo < m < hi) or it % 3 == 2:
            m = (lo + hi) / 2
        gm = g(m)
        if gm == 0:
            lo = hi = m
            break
        if gm > 0:
            lo, glo = m, gm
        else:
            hi, ghi = m, gm
    root = mpmath.exp((lo + hi) / 2)
    return -root if p < 0.5 else root


def mp_ibeta(a, b, x):
    """I_x(a, b); a complement 1 - I_(1-x)(b, a) is recomputed with enough extra
    digits whenever it is small (cancellation)."""
    am, bm, xm = mpf(a), mpf(b), mpf(x)
    if x < 0.5:
        with mp.workdps(60):
            return +mpmath.betainc(am, bm, 0, xm, regularized=True)
    dps = 60
    while True:
        with mp.workdps(dps):
            v = 1 - mpmath.betainc(bm, am, 0, 1 - xm, regularized=True)
        if v > mpf(10) ** (30 - dps):
            return v
        if dps > 800:
            return mpf(0)
        dps *= 2


def mp_gamma_pq(a, x):
    with mp.workdps(80):
        A, X = mpf(a), mpf(x)
        Q = mpmath.gammainc(A, X, mpmath.inf, regularized=True)
        if X < A:
            term = mpf(1)
            s = mpf(1)
            n = 0
            while True:
                n += 1
                term *= X / (A + n)
                s += term
                if term < s * mpf(10) ** -70:
                    break
            P = mpmath.exp(A * mpmath.log(X) - X - mpmath.loggamma(A + 1)) * s
            with mp.workdps(200):
                Q2 = 1 - P
            if Q > mpf(10) ** -30:
                assert abs(Q2 - Q) / Q < mpf(10) ** -25, (a, x)
        else:
            P = 1 - Q
        return P, Q


def exact_binom_cdf(k, n, p):
    """P(X <= k) for X ~ Bin(n, p), p taken as the exact binary value.
    n <= 100: exact rational (Fraction). Larger n: direct summation of the
    (positive) terms i = 0..k in 80-digit mpmath via t_(i+1) = t_i (n-i)/(i+1) p/q,
    so no complement is ever formed."""
    if n <= 100:
        pf = Fraction(p)
        qf = 1 - pf
        total = Fraction(0)
        coeff = 1
        for i in range(0, k + 1):
            if i > 0:
                coeff = coeff * (n - i + 1) // i
            total += coeff * pf ** i * qf ** (n - i)
        return total
    if p == 0:
        return mpf(1)
    if p == 1:
        return mpf(0)
    with mp.workdps(80):
        pm = mpf(p)
        qm = 1 - pm
        term = qm ** n
        total = term
        ratio = pm / qm
        for i in range(0, k):
            term = term * (n - i) / (i + 1) * ratio
            total += term
        return total


def to_float(v):
    if isinstance(v, Fraction):
        return v.numerator / v.denominator if v.denominator < 2 ** 1000 else float(mpmath.mpf(v.numerator) / v.denominator)
    return float(v)


# ---------------------------------------------------------------------------
# distributions.json
# ---------------------------------------------------------------------------

def build_distributions():
    scipy_bad = []
    out = {"meta": dict(META)}

    # Normal cdf / sf
    xs = sorted(set([0.0, 1e-300, -1e-300, 1e-10, 0.1, 0.5, 1.0, 1.3, 1.959963984540054, 2.5, 3.0, 5.0, 6.75, 8.5,
                     10.0, 15.0, 19.0, 20.1, 25.0, 27.0, 29.25, 30.0, 33.3, 35.0, 36.0, 36.9, 37.0]
                    + [-v for v in [0.1, 0.5, 1.0, 1.3, 2.5, 5.0, 8.5, 10.0, 19.0, 27.0, 30.0, 35.0, 36.9, 37.0]]))
    normal = []
    for x in xs:
        cdf = mpmath.ncdf(mpf(x))
        sf = mpmath.ncdf(-mpf(x))
        normal.append({"x": x, "cdf": f(cdf), "sf": f(sf),
                       "scipyCdf": f(special.ndtr(x)), "scipySf": f(special.ndtr(-x))})
        if rel(special.ndtr(-x), sf) > 1e-13:
            scipy_bad.append(f"ndtr(-{x}) rel err {rel(special.ndtr(-x), sf):.2e}")
    out["normal"] = normal
    print("  normal done", flush=True)

    ps = sorted(set([1e-300, 1e-250, 1e-200, 1e-179, 1e-150, 1e-100, 1e-96, 1e-50, 1e-20, 1e-11, 1.3e-11, 1e-10,
                     1e-5, 1e-3, 0.01, 0.025, 0.05, 0.0749, 0.075, 0.1, 0.2, 0.3, 0.4, 0.45, 0.5, 0.55, 0.7,
                     0.9, 0.925, 0.95, 0.975, 0.99, 0.999, 1 - 1e-5, 1 - 1e-10, 1 - 1e-15]))
    nq = []
    for p in ps:
        if p < 0.5:
            root = mpmath.findroot(lambda z: mpmath.ncdf(z) - p, mpf(special.ndtri(p)), tol=mpf(10) ** -50)
        elif p == 0.5:
            root = mpf(0)
        else:
            root = mpmath.findroot(lambda z: mpmath.ncdf(-z) - (1 - mpf(p)), mpf(special.ndtri(p)), tol=mpf(10) ** -50)
        nq.append({"p": p, "expected": f(root), "scipy": f(special.ndtri(p))})
    out["normalQuantile"] = nq

    # Student t
    dfs = [1, 2, 2.5, 5, 10, 29, 30.7, 100, 1e3, 1e5, 1e6, 1e7]
    ts = [0.0, 1e-300, 1e-10, 0.1, 0.5, 1.0, 1.5, 2.0, 3.0, 5.0, 10.0, 20.0, 30.0, 37.0, 100.0, 1e3, 1e5, 1e10,
          1e20, 1e50, 1e100, 1e150, 1e200, 1e300]
    tcases = []
    for df in dfs:
        for t in ts + [-v for v in ts if v != 0]:
            sf = mp_t_sf(df, t)
            up = mp_t_sf(df, abs(t))
            if up < mpf(10) ** -300:
                continue
            cdf = mp_t_sf(df, -t)
            two = min(2 * up, mpf(1))
            tcases.append({"df": df, "t": t, "cdf": f(cdf), "sf": f(sf), "twoSided": f(two),
                           "scipyCdf": f(stats.t.cdf(t, df)), "scipySf": f(stats.t.sf(t, df)),
                           "scipyTwoSided": f(min(2 * stats.t.sf(abs(t), df), 1.0))})
            if rel(stats.t.sf(t, df), sf) > 1e-13:
                scipy_bad.append(f"t.sf({t}, df={df}) = {stats.t.sf(t, df)!r} vs {float(sf)!r}")
    out["studentT"] = tcases
    print("  t tails done", flush=True)

    qps = [1e-300, 1e-200, 1e-100, 1e-50, 1e-20, 1e-10, 1e-5, 0.001, 0.01, 0.025000000000000022, 0.05, 0.1, 0.2,
           0.25, 0.2500001, 0.3, 0.4, 0.45, 0.49, 0.499999, 0.499999999999, 0.5, 0.6, 0.75, 0.9, 0.95, 0.975, 0.99,
           0.999999]
    tq = []
    for df in dfs:
        for p in qps:
            sv = stats.t.ppf(p, df)
            if p == 0.5:
                root = mpf(0)
            else:
                start = abs(sv) if math.isfinite(sv) and sv != 0 else abs(float(mpmath.sqrt(df)))
                if not math.isfinite(sv) or rel(abs(sv), 1) > 1e100:
                    start = 1.0
                root = mp_t_quantile(df, p, start)
            entry = {"df": df, "p": p, "expected": f(root), "scipy": f(sv)}
            tq.append(entry)
            if not math.isfinite(sv) or rel(sv, root) > 1e-13:
                scipy_bad.append(f"t.ppf({p!r}, df={df}) = {sv!r} vs {float(root)!r}")
    out["studentTQuantile"] = tq
    print("  t quantiles done", flush=True)

    # Incomplete beta
    grid = [0.1, 0.5, 1, 2.5, 10, 40, 100, 1e3, 1e5]
    xs_b = [1e-300, 1e-100, 1e-10, 1e-5, 0.001, 0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99, 0.999, 1 - 1e-5, 1 - 1e-10,
            1 - 2 ** -52]
    ib = []
    for a in grid:
        for b in grid:
            mean = a / (a + b)
            for x in xs_b + [mean, mean * (1 - 1e-3), min(mean * (1 + 1e-3), 1 - 2 ** -52)]:
                try:
                    v = mp_ibeta(a, b, x)
                except Exception:
                    continue
                if v < mpf(10) ** -300 and v != 0:
                    continue
                ib.append({"a": a, "b": b, "x": x, "expected": f(v), "scipy": f(special.betainc(a, b, x))})
                if v > 0 and rel(special.betainc(a, b, x), v) > 1e-13:
                    scipy_bad.append(f"betainc({a}, {b}, {x!r}) rel err {rel(special.betainc(a, b, x), v):.2e}")
    out["incompleteBeta"] = ib
    print("  incomplete beta done", flush=True)

    # Incomplete gamma
    ga = []
    for a in [0.1, 0.5, 1, 2.5, 10, 29.5, 100, 1e3, 1e4, 1e5]:
        xs_g = [1e-300, 1e-10, 0.01, 0.1, 0.5, 1, 2, 5, 10, 50, 100, 500, 700, 800, 1e3, 1e4, 1e5, 1.1e5,
                a * 0.5, a * 0.9, a * 0.99, a, a * 1.01, a * 1.1, a * 2, a + 1]
        for x in sorted(set(float(v) for v in xs_g)):
            P, Q = mp_gamma_pq(a, x)
            entry = {"a": a, "x": x, "p": f(P) if P >= mpf(10) ** -300 else None,
                     "q": f(Q) if Q >= mpf(10) ** -300 else None,
                     "scipyP": f(special.gammainc(a, x)), "scipyQ": f(special.gammaincc(a, x))}
            if entry["p"] is None and entry["q"] is None:
                continue
            ga.append(entry)
            for name, mine, ref in (("gammainc", special.gammainc(a, x), P), ("gammaincc", special.gammaincc(a, x), Q)):
                if ref >= mpf(10) ** -300 and rel(mine, ref) > 1e-13:
                    scipy_bad.append(f"{name}({a}, {x!r}) rel err {rel(mine, ref):.2e}")
    out["incompleteGamma"] = ga
    print("  incomplete gamma done", flush=True)

    # Chi-square sf
    chi = []
    for k in [1, 2, 3, 5, 10, 30, 100, 1000]:
        for x in [0.0, 1e-10, 0.01, 0.5, 1.0, 3.841458820694124, 10.0, 50.0, 100.0, 500.0, 1000.0, 1300.0, 1400.0]:
            with mp.workdps(80):
                v = mpmath.gammainc(mpf(k) / 2, mpf(x) / 2, mpmath.inf, regularized=True)
            if v < mpf(10) ** -300:
                continue
            chi.append({"x": x, "df": k, "expected": f(v), "scipy": f(stats.chi2.sf(x, k))})
    out["chiSquared"] = chi
    print("  chi-square done", flush=True)

    # Binomial cdf
    bc = []
    for n in [0, 1, 2, 5, 10, 24, 25, 50, 100, 1000, 10000, 100000]:
        for p in [0.0, 1e-10, 0.001, 0.1, 0.3, 0.5, 0.7, 0.999, 1.0]:
            for k in sorted(set([-1, 0, 1, n // 10, n // 4, n // 2, int(n * p), n - 1, n, n + 1])):
                v = exact_binom_cdf(k, n, p) if 0 <= k < n else (Fraction(0) if k < 0 else Fraction(1))
                vf = to_float(v)
                if 0 < vf < 1e-300:
                    continue
                bc.append({"k": k, "n": n, "p": p, "expected": vf, "scipy": f(stats.binom.cdf(k, n, p))})
    out["binomial"] = bc

    out["meta"]["scipyInaccuracies"] = scipy_bad
    print(f"distributions: {len(scipy_bad)} scipy values off by > 1e-13 relative:")
    for line in scipy_bad:
        print("   ", line)
    dump("distributions.json", out)


# ---------------------------------------------------------------------------
# ttest.json
# ---------------------------------------------------------------------------

def mp_two_sided_t(df, t):
    return 2 * mp_t_sf(df, abs(t))


def build_ttests():
    rng = np.random.default_rng(20261122)
    paired_inputs = []
    # Likert pre/post, small and moderate n
    paired_inputs.append(("likert_n2", [3.0, 4.0], [2.0, 2.0]))
    paired_inputs.append(("likert_n3", [3.0, 5.0, 4.0], [2.0, 3.0, 4.0]))
    pre = rng.integers(1, 6, 25).astype(float)
    post = np.clip(pre + rng.integers(-1, 3, 25), 1, 5).astype(float)
    paired_inputs.append(("likert_n25", post.tolist(), pre.tolist()))
    pre = rng.integers(1, 8, 400).astype(float)
    post = np.clip(pre + rng.integers(-2, 3, 400), 1, 7).astype(float)
    paired_inputs.append(("likert_n400_null_ish", post.tolist(), pre.tolist()))
    pre = rng.normal(50, 10, 30)
    post = pre + rng.normal(2.0, 5.0, 30)
    paired_inputs.append(("normal_n30", post.tolist(), pre.tolist()))
    pre = rng.normal(0, 1, 1000)
    post = pre + rng.normal(0.05, 1.0, 1000)
    paired_inputs.append(("normal_n1000_small_effect", post.tolist(), pre.tolist()))
    pre = rng.normal(10, 1, 50)
    post = pre + rng.normal(5.0, 0.5, 50)
    paired_inputs.append(("huge_effect_n50_tiny_p", post.tolist(), pre.tolist()))
    pre = rng.normal(10, 1, 12)
    post = pre + 3.0 + rng.normal(0, 1e-3, 12)
    paired_inputs.append(("extreme_t_n12", post.tolist(), pre.tolist()))
    pre = rng.normal(0, 1, 200000)
    post = pre + rng.normal(0.002, 1.0, 200000)
    paired_inputs.append(("n200000_df_large", post[:200000].tolist(), pre[:200000].tolist()))
    # NumAcc-style: large common offset, small differences
    base = 1e12
    pre = [base + v for v in [0.1, 0.3, 0.2, 0.4, 0.25, 0.35]]
    post = [base + v for v in [0.3, 0.4, 0.5, 0.6, 0.55, 0.45]]
    paired_inputs.append(("numacc_1e12_offset", post, pre))
    pre = [1e7 + v for v in [0.1, 0.3, 0.2, 0.4, 0.25, 0.35, 0.15, 0.05]]
    post = [1e7 + v for v in [0.2, 0.1, 0.3, 0.35, 0.3, 0.2, 0.3, 0.1]]
    paired_inputs.append(("numacc_1e7_offset_near_zero_mean", post, pre))
    paired_inputs.append(("negative_effect", [1.0, 2.0, 1.5, 2.5, 1.0, 0.5], [3.0, 3.5, 2.5, 4.0, 2.0, 2.5]))

    paired = []
    for name, post, pre in paired_inputs:
        post = np.asarray(post, dtype=float)
        pre = np.asarray(pre, dtype=float)
        d = post - pre
        n = int(d.size)
        mean = float(np.mean(d))
        sd = float(np.std(d, ddof=1))
        res = stats.ttest_rel(post, pre)
        t = float(res.statistic)
        p = float(res.pvalue)
        df = float(res.df)
        ci95 = res.confidence_interval(0.95)
        ci90 = res.confidence_interval(0.90)
        ref = mp_two_sided_t(df, t)
        p_source = "scipy"
        if ref > 0 and rel(p, ref) > 1e-13:
            print(f"  paired {name}: scipy p {p!r} vs mpmath {float(ref)!r} -> using mpmath")
            p = float(ref)
            p_source = "mpmath"
        paired.append({"name": name, "post": post.tolist() if n <= 1000 else None,
                       "pre": pre.tolist() if n <= 1000 else None,
                       "n": n, "mean": mean, "sd": sd, "t": t, "df": df, "p": p, "pSource": p_source,
                       "ci95": [float(ci95.low), float(ci95.high)], "ci90": [float(ci90.low), float(ci90.high)]})

    # Degenerate on purpose: scipy returns NaN; our API returns nil.
    degenerate = []
    with np.errstate(all="ignore"):
        import warnings
        warnings.simplefilter("ignore")
        for name, post, pre in [("n1", [3.0], [2.0]), ("sd0", [3.0, 4.0, 5.0], [2.0, 3.0, 4.0]),
                                ("all_equal_zero_diff", [2.0, 2.0, 2.0], [2.0, 2.0, 2.0])]:
            post = np.asarray(post)
            pre = np.asarray(pre)
            d = post - pre
            res = stats.ttest_rel(post, pre)
            degenerate.append({"name": name, "n": int(d.size), "mean": float(np.mean(d)),
                               "sd": f(np.std(d, ddof=1)) if d.size > 1 else 0.0,
                               "scipyT": f(res.statistic), "scipyP": f(res.pvalue)})

    welch_inputs = []
    a = rng.normal(3.2, 1.0, 40)
    b = rng.normal(2.9, 1.5, 35)
    welch_inputs.append(("normal_40_35", a, b))
    welch_inputs.append(("small_3_4", np.array([4.0, 5.0, 3.0]), np.array([2.0, 2.5, 3.0, 1.0])))
    welch_inputs.append(("unequal_var_2_vs_200", np.array([1.0, 9.0]), rng.normal(5.0, 0.1, 200)))
    welch_inputs.append(("one_variance_zero", np.array([3.0, 3.0, 3.0, 3.0]), np.array([1.0, 2.0, 2.5, 1.5, 2.2])))
    welch_inputs.append(("huge_separation_tiny_p", rng.normal(10, 0.5, 60), rng.normal(0, 0.5, 60)))
    welch_inputs.append(("large_n_df_big", rng.normal(0.01, 1, 50000), rng.normal(0, 1.1, 60000)))
    welch_inputs.append(("likert_groups", rng.integers(1, 6, 80).astype(float), rng.integers(2, 6, 70).astype(float)))
    welch_inputs.append(("identical_means", np.array([1.0, 2.0, 3.0]), np.array([0.0, 2.0, 4.0])))
    welch = []
    for name, xa, xb in welch_inputs:
        res = stats.ttest_ind(xa, xb, equal_var=False)
        t = float(res.statistic)
        p = float(res.pvalue)
        df = float(res.df)
        ref = mp_two_sided_t(df, t)
        p_source = "scipy"
        if ref > 0 and rel(p, ref) > 1e-13:
            print(f"  welch {name}: scipy p {p!r} vs mpmath {float(ref)!r} -> using mpmath")
            p = float(ref)
            p_source = "mpmath"
        welch.append({"name": name, "a": xa.tolist() if xa.size <= 500 else None,
                      "b": xb.tolist() if xb.size <= 500 else None,
                      "n1": int(xa.size), "mean1": float(np.mean(xa)), "var1": float(np.var(xa, ddof=1)),
                      "n2": int(xb.size), "mean2": float(np.mean(xb)), "var2": float(np.var(xb, ddof=1)),
                      "t": t, "df": df, "p": p, "pSource": p_source})
    dump("ttest.json", {"meta": dict(META), "paired": paired, "pairedDegenerate": degenerate, "welch": welch})


# ---------------------------------------------------------------------------
# wilcoxon.json
# ---------------------------------------------------------------------------

def scipy_rules(d):
    """Replicates the method decision of scipy.stats.wilcoxon (1.17.1, defaults)."""
    N = d.size
    n_zero = int(np.count_nonzero(d == 0))
    nz = d[d != 0]
    _, counts = np.unique(np.abs(nz), return_counts=True)
    has_ties = bool(np.any(counts > 1))
    if N > 50:
        return "normal"
    if not has_ties and n_zero == 0:
        return "exact"
    if N <= 13:
        return "permutation"
    return "normal"


def ranks_of(d):
    nz = d[d != 0]
    r = stats.rankdata(np.abs(nz))
    r_plus = float(np.sum(r[nz > 0]))
    r_minus = float(np.sum(r[nz < 0]))
    return nz, r, r_plus, r_minus


def exact_signed_rank_p(nz, r):
    """Exact two-sided p over all 2^n sign flips, as a Fraction (doubled ranks are integers)."""
    scores = [int(round(2 * v)) for v in r]
    obs = int(round(2 * float(np.sum(r[nz > 0]))))
    counts = {0: 1}
    for s in scores:
        new = dict(counts)
        for k, c in counts.items():
            new[k + s] = new.get(k + s, 0) + c
        counts = new
    total = 2 ** len(scores)
    le = sum(c for k, c in counts.items() if k <= obs)
    ge = sum(c for k, c in counts.items() if k >= obs)
    return min(Fraction(1), 2 * Fraction(min(le, ge), total))


def build_wilcoxon():
    rng = np.random.default_rng(7)
    cases = []

    def likert(n, shift, seed_scale=1):
        pre = rng.integers(1, 6, n)
        post = np.clip(pre + rng.choice([-2, -1, 0, 0, 1, 1, 2], n) + shift, 1, 5)
        return (post - pre).astype(float)

    for n in [10, 13, 14, 50, 51, 200]:
        cases.append((f"likert_ties_zeros_n{n}", likert(n, 0)))
        cases.append((f"likert_shift_n{n}", likert(n, 1)))
    cases.append(("likert_n100000", likert(100000, 0)))
    cases.append(("likert_shift_n100000_tiny_p", likert(100000, 1)))
    for n in [5, 6, 8, 10, 12, 13, 14, 20, 25, 30, 40, 49, 50]:
        cases.append((f"continuous_no_ties_n{n}", rng.normal(0.3, 1.0, n)))
    cases.append(("all_positive_n50_tiny_exact_p", np.abs(rng.normal(0, 1, 50)) + 0.01))
    cases.append(("all_positive_n30", np.abs(rng.normal(0, 1, 30)) + 0.01))
    cases.append(("one_negative_n45", np.concatenate([np.abs(rng.normal(0, 1, 44)) + 0.5, [-0.001]])))
    for n, negs in [(50, [1, 2, 3]), (50, [2, 5, 7, 9]), (48, [3, 4, 10, 11, 12]), (40, [5, 6, 7, 8, 9, 10])]:
        d = np.arange(1, n + 1).astype(float) * 1.1
        for k in negs:
            d[k - 1] *= -1
        cases.append((f"exact_tiny_tail_n{n}_neg{'_'.join(map(str, negs))}", d))
    cases.append(("symmetric_n100000", rng.choice([-2.0, -1.0, 0.0, 0.0, 1.0, 2.0], 100000)))
    cases.append(("all_positive_n51_normal", np.abs(rng.normal(0, 1, 51)) + 0.01))
    cases.append(("all_equal_nonzero_n12", np.full(12, 2.0)))
    cases.append(("all_equal_nonzero_n20", np.full(20, -3.0)))
    cases.append(("shared_abs_values", np.array([-1.0, 1.0, 2.0, -2.0, 3.0, 3.0, -0.5, 4.0, 4.0, -4.0, 0.5])))
    cases.append(("zeros_no_ties_n9", np.array([0.0, 1.5, -2.3, 4.1, 0.7, 3.3, -0.2, 5.5, 6.1])))
    cases.append(("single_nonzero_with_zeros", np.array([0.0, 0.0, 0.0, 5.0])))
    cases.append(("single_value", np.array([-2.5])))
    cases.append(("boundary_N13_ties", np.array([1, 1, 2, -2, 3, 0, 4, 5, -1, 2, 6, 7, 8], dtype=float)))
    cases.append(("boundary_N14_ties", np.array([1, 1, 2, -2, 3, 0, 4, 5, -1, 2, 6, 7, 8, 9], dtype=float)))
    cases.append(("boundary_N50_no_ties", rng.permutation(np.arange(1, 51)).astype(float) * np.where(rng.random(50) < 0.3, -1, 1)))
    cases.append(("boundary_N51_no_ties", rng.permutation(np.arange(1, 52)).astype(float) * np.where(rng.random(51) < 0.3, -1, 1)))
    cases.append(("zeros_push_N_over_50", np.concatenate([np.zeros(10), rng.normal(1, 1, 41)])))

    out = []
    tie_checks = 0
    for name, d in cases:
        d = np.asarray(d, dtype=float)
        values, counts = np.unique(d, return_counts=True)
        order = rng.permutation(values.size)  # histogram in arbitrary order
        values, counts = values[order], counts[order]
        method = scipy_rules(d)
        nz, r, r_plus, r_minus = ranks_of(d)
        res = stats.wilcoxon(d)
        scipy_p = float(res.pvalue)
        stat = float(res.statistic)
        assert stat == min(r_plus, r_minus), (name, stat, r_plus, r_minus)
        entry = {"name": name, "values": values.tolist(), "counts": counts.tolist(), "n": int(d.size),
                 "nZero": int(np.count_nonzero(d == 0)), "nNonZero": int(nz.size), "method": method,
                 "statistic": stat, "rPlus": r_plus, "rMinus": r_minus, "scipyP": scipy_p, "zAbs": None}
        if method in ("exact", "permutation"):
            exact = exact_signed_rank_p(nz, r)
            ef = to_float(exact)
            entry["exactP"] = ef
            if rel(scipy_p, ef) > 1e-14:
                print(f"  wilcoxon {name}: scipy p {scipy_p!r} vs exact {ef!r} -> using exact rational")
                entry["pValue"] = ef
                entry["pSource"] = "exact-rational"
            else:
                entry["pValue"] = scipy_p
                entry["pSource"] = "scipy"
        else:
            asym = stats.wilcoxon(d, method="asymptotic")
            z = float(asym.zstatistic)
            # Verify that zeros do not enter the tie correction (scipy makes them NaN,
            # each NaN a tie group of size 1) by recomputing both variants.
            cnt = nz.size
            _, tcounts = np.unique(np.abs(nz), return_counts=True)
            tie = float(np.sum(tcounts.astype(float) ** 3 - tcounts))
            se = math.sqrt((cnt * (cnt + 1) * (2 * cnt + 1) - tie / 2) / 24)
            z_mine = (r_plus - cnt * (cnt + 1) / 4) / se
            assert rel(abs(z_mine), abs(z)) < 1e-14, (name, z_mine, z)
            nzero = d.size - cnt
            if nzero > 1:
                se_with = math.sqrt((cnt * (cnt + 1) * (2 * cnt + 1) - (tie + nzero ** 3 - nzero) / 2) / 24)
                assert rel((r_plus - cnt * (cnt + 1) / 4) / se_with, z_mine) > 1e-6
                tie_checks += 1
            entry["zAbs"] = abs(z)
            ref = 2 * mpmath.ncdf(-abs(mpf(z)))
            if ref < mpf(10) ** -300:
                entry["pValue"] = f(ref) if ref > 0 else 0.0
                entry["pSource"] = "mpmath"
            elif rel(scipy_p, ref) > 1e-14:
                print(f"  wilcoxon {name}: scipy p {scipy_p!r} vs mpmath {float(ref)!r} -> using mpmath")
                entry["pValue"] = float(ref)
                entry["pSource"] = "mpmath"
            else:
                entry["pValue"] = scipy_p
                entry["pSource"] = "scipy"
        out.append(entry)
    print(f"wilcoxon: {len(out)} cases; zero-in-tie-correction check done on {tie_checks} normal cases with zeros")

    # Degenerate on purpose.
    import warnings
    warnings.simplefilter("ignore")
    all_zero = stats.wilcoxon(np.zeros(8))
    degenerate = [{"name": "all_zero", "values": [0.0], "counts": [8], "scipyStatistic": f(all_zero.statistic),
                   "scipyP": f(all_zero.pvalue)},
                  {"name": "empty", "values": [], "counts": [], "scipyStatistic": None, "scipyP": None}]
    dump("wilcoxon.json", {"meta": dict(META), "cases": out, "degenerate": degenerate})


# ---------------------------------------------------------------------------
# mcnemar.json
# ---------------------------------------------------------------------------

def build_mcnemar():
    pairs = [(0, 1), (1, 0), (0, 5), (3, 7), (5, 5), (2, 9), (12, 12), (10, 14), (0, 24), (24, 0), (12, 13),
             (13, 12), (0, 25), (30, 5), (50, 50), (13, 13), (100, 140), (1000, 1100), (0, 500), (200, 0),
             (3000, 1)]
    out = []
    for b, c in pairs:
        exact = (b + c) < 25
        res = sm_mcnemar([[10, b], [c, 10]], exact=exact, correction=True)
        p = float(res.pvalue)
        stat = float(res.statistic)
        if exact:
            ref = min(Fraction(1), 2 * exact_binom_cdf(min(b, c), b + c, 0.5))
            ref_f = to_float(ref)
        else:
            with mp.workdps(60):
                ref_f = f(mpmath.gammainc(mpf(1) / 2, mpf(stat) / 2, mpmath.inf, regularized=True))
        source = "statsmodels"
        if ref_f is not None and ref_f > 0 and rel(p, ref_f) > 1e-13:
            print(f"  mcnemar ({b},{c}): statsmodels p {p!r} vs exact {ref_f!r} -> using exact")
            p = ref_f
            source = "exact" if exact else "mpmath"
        out.append({"b": b, "c": c, "statistic": stat, "pValue": p, "exact": exact, "pSource": source})
    dump("mcnemar.json", {"meta": dict(META), "cases": out, "degenerate": [{"b": 0, "c": 0}]})


# ---------------------------------------------------------------------------
# multiplicity.json
# ---------------------------------------------------------------------------

def r_padjust(p, method, total):
    vec = "c(" + ",".join("NA" if v is None else repr(float(v)) for v in p) + ")"
    n_arg = ", n = length(p)" if total else ""
    code = (f"p <- {vec}; r <- p.adjust(p, '{method}'{n_arg}); "
            "cat(ifelse(is.na(r), 'NA', sprintf('%.17g', r)), sep='\\n')")
    out = subprocess.run(["Rscript", "-e", code], capture_output=True, text=True, check=True).stdout.split()
    return [None if v == "NA" else float(v) for v in out]


def build_multiplicity():
    rng = np.random.default_rng(11)
    no_missing = [
        [0.01, 0.04, 0.03, 0.005],
        [0.2],
        [0.0, 1.0, 0.5],
        [0.01, 0.01, 0.02, 0.02, 0.02, 0.5],
        [1e-300, 1e-10, 0.04, 0.9, 0.049],
        sorted(rng.random(20).tolist(), reverse=True),
        (rng.random(50) ** 3).tolist(),
        [0.9, 0.95, 0.99, 1.0],
    ]
    cases = []
    for p in no_missing:
        h = multipletests(p, method="holm")[1].tolist()
        b = multipletests(p, method="fdr_bh")[1].tolist()
        rh = r_padjust(p, "holm", True)
        rb = r_padjust(p, "BH", True)
        assert all(rel(x, y) < 1e-14 for x, y in zip(h, rh)), (p, h, rh)
        assert all(rel(x, y) < 1e-14 for x, y in zip(b, rb)), (p, b, rb)
        cases.append({"p": p, "holm": h, "bh": b, "source": "statsmodels"})
    with_missing = [
        [0.01, None, 0.04, 0.03],
        [None, None],
        [None, 0.2],
        [0.001, None, None, 0.02, 0.5, None, 0.03, 0.04],
        [None, 0.0, 1.0, None, 0.01, 0.01],
    ]
    missing = []
    for p in with_missing:
        missing.append({"p": p, "holm": r_padjust(p, "holm", True), "bh": r_padjust(p, "BH", True),
                        "holmRDefault": r_padjust(p, "holm", False), "bhRDefault": r_padjust(p, "BH", False),
                        "source": "R p.adjust(p, method, n = length(p))"})
    dump("multiplicity.json", {"meta": dict(META), "noMissing": cases, "withMissing": missing, "empty": []})


if __name__ == "__main__":
    which = set(sys.argv[1:]) or {"distributions", "ttest", "wilcoxon", "mcnemar", "multiplicity"}
    if "ttest" in which:
        build_ttests()
    if "wilcoxon" in which:
        build_wilcoxon()
    if "mcnemar" in which:
        build_mcnemar()
    if "multiplicity" in which:
        build_multiplicity()
    if "distributions" in which:
        build_distributions()
