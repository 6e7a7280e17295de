#!/usr/bin/env python3
"""Reference fixtures for the noncentral t distribution, effect-size intervals
and power analysis (ImpactStats: NoncentralT, CohenDzInterval, HedgesGInterval,
Power/*; Swift tests NoncentralTTests, EffectSizeIntervalTests, PowerTests).

Run from anywhere:  python3 make_power_reference.py [power] [intervals] [noncentral]
Writes noncentral_t.json, effect_size_intervals.json and power.json next to
this script (deterministic: fixed seed). Takes ~10 minutes (60-digit
integrals and root finding).

Generated 2026-11-30 with (the versions are printed and stored in every
file's "meta"): Python 3.11.7, numpy 2.4.6, scipy 1.17.1, statsmodels 0.15.0,
mpmath 1.3.0.

Policy for the value a Swift test compares against
---------------------------------------------------
* Noncentral t cdf/sf ("noncentral_t.json"): "cdf" and "sf" are each computed
  DIRECTLY at 60 digits from the positive integrals
      P(T <= t) = E[Phi(t*S - delta)],   P(T > t) = E[Phi-bar(t*S - delta)],
  S = sqrt(V/nu), V ~ chi2(nu), over u = log S on the integrand's support
  (float grid search: down to e^-130 of its peak), by the trapezoidal rule
  with halving until successive rules agree to 1e-35 (see nct_tail: mpmath's
  tanh-sinh quad was unreliable in far tails). No tail is formed as 1 - other
  tail. Independent cross-check: the AS 243 series in mpmath at 60 digits
  (betainc per term, no recurrences) for every other point with t >= 0,
  delta >= 0, delta^2/2 < 200, nu <= 5000 ("seriesCheck": count and max
  relative difference, in meta; 2026-11-30: 20 points, identical doubles).
  scipy.stats.nct (Boost) values are stored next to them; the tests compare
  with scipy only where scipy is itself within 1e-13 of mpmath (it is not in
  far tails: see meta "scipyWorst").
  Swift tolerance: 1e-12 relative where the value is > 1e-280 (observed
  4.9e-14).
* Effect-size intervals ("effect_size_intervals.json"): noncentrality limits
  solved with mpmath.findroot (secant, tol 1e-28) on the trapezoid tails at
  40 digits, started from scipy.optimize.brentq on scipy.stats.nct.
  effectsize::cohens_d is NOT used as reference (its limits are only good to
  ~1e-4). Hedges' J exact: Gamma(nu/2)/(sqrt(nu/2)*Gamma((nu-1)/2)) in mpmath.
  Swift tolerance: 1e-12 relative on the limits.
* Power ("power.json"): statsmodels.stats.power.TTestPower().power and
  TTestIndPower().power (two-sided) at the given inputs; solved quantities
  (n, effect) by scipy.optimize.brentq(xtol=1e-15, rtol=8.9e-16) on
  statsmodels' power() -- NOT statsmodels' solve_power, which stops early
  (here up to 6.0e-5 off for effect sizes; its values are stored as
  "statsmodelsSolvePower" for the record). Where statsmodels' power() is NaN
  (scipy's nct.cdf fails on the negligible lower-tail term) while bracketing,
  the upper-tail term alone is used; such points are not fixtures. Two-group designs: effect size
  d/sqrt(1 - rho^2) with df = n1 + n2 - 3 (ANCOVA, Borm, Fransen & Lemmens
  2007), d/sqrt(2(1 - rho)) with df = n1 + n2 - 2 (change scores), d with
  df = n1 + n2 - 2 (post-test only). McNemar: the normal-approximation power
  of Connor (1987), as R MESS::power_mcnemar_test(method = "normal"),
  evaluated in mpmath at 40 digits; n in closed form, effect by findroot; plus
  the published example (Connor 1987 p. 209: p10 = 0.05, p01 = 0.45,
  alpha 0.05, power 0.8 -> 23 pairs).
  Swift tolerance: 1e-9 relative (the brief), observed <= 1.3e-14.

JSON: json.dump(allow_nan=False); floats are Python repr (round-trip).
"""
import datetime
import json
import math
import os
import platform
import random

import mpmath
import numpy as np
import scipy
import statsmodels
from mpmath import mp, mpf
from scipy import optimize, special, stats
from statsmodels.stats.power import TTestIndPower, TTestPower

HERE = os.path.dirname(os.path.abspath(__file__))
META = {
    "generator": "make_power_reference.py",
    "date": datetime.date.today().isoformat(),
    "python": platform.python_version(),
    "numpy": np.__version__,
    "scipy": scipy.__version__,
    "statsmodels": statsmodels.__version__,
    "mpmath": mpmath.__version__,
}
print("versions:", json.dumps(META))


def dump(name, obj):
    path = os.path.join(HERE, name)
    with open(path, "w") as fh:
        json.dump(obj, fh, allow_nan=False, indent=1)
        fh.write("\n")
    print(f"wrote {path}")


def rel(a, b):
    a, b = float(a), float(b)
    if b == 0:
        return abs(a)
    return abs(a - b) / abs(b)


# ---------------------------------------------------------------- noncentral t
def log_integrand_float(u, t, nu, d, upper):
    k = nu / 2.0
    log_g = np.log(2) + k * np.log(k) - special.gammaln(k) + 2 * k * u - k * np.exp(2 * u)
    x = t * np.exp(u) - d
    return log_g + (special.log_ndtr(-x) if upper else special.log_ndtr(x))


def support(t, nu, d, upper):
    u = np.linspace(-400.0, 40.0, 400001)
    with np.errstate(all="ignore"):
        L = log_integrand_float(u, t, nu, d, upper)
    L = np.where(np.isnan(L), -np.inf, L)
    i = int(np.argmax(L))
    keep = np.where(L > L[i] - 130)[0]
    a, b = u[max(keep[0] - 1, 0)], u[min(keep[-1] + 1, len(u) - 1)]
    # a narrow peak (large nu) needs points on the scale of its own width
    width = 1 / math.sqrt(2 * nu)
    return a, b, u[i], width


def nct_tail(t, nu, d, upper, dps=50):
    """P(T > t) (upper) or P(T <= t): the positive integral over u = log S by the
    trapezoidal rule at dps+10 digits, step halved until two rules agree to
    1e-35 relative (exponential convergence for this analytic integrand).
    mpmath.quad (tanh-sinh, even with 64 uniform break points) was tried first
    and is NOT reliable here: in far tails it was off by up to 7e-9 against
    the 60-digit series (e.g. t = 0.7, nu = 1, delta = 30, lower tail)."""
    a, b, mode, width = support(float(t), float(nu), float(d), upper)
    with mp.workdps(dps + 10):
        t, d, nu = mpf(t), mpf(d), mpf(nu)
        k = nu / 2
        c = mpmath.log(2) + k * mpmath.log(k) - mpmath.loggamma(k)

        def f(u):
            x = t * mpmath.exp(u) - d
            tail = mpmath.ncdf(-x) if upper else mpmath.ncdf(x)
            return mpmath.exp(c + 2 * k * u - k * mpmath.exp(2 * u)) * tail

        lo, hi = mpf(a) - 5 * width, mpf(b) + 5 * width
        h = min(mpf(width), mpf(b - a) / 64) / 2
        n = int((hi - lo) / h) + 1
        total = sum(f(lo + i * h) for i in range(n + 1))
        previous = total * h
        for _ in range(10):
            total += sum(f(lo + (i + mpf(1) / 2) * h) for i in range(n + 1))
            h /= 2
            n = 2 * n + 1
            current = total * h
            if abs(current - previous) <= mpf(10) ** -35 * current:
                return +current
            previous = current
        raise RuntimeError(f"trapezoidal rule did not converge at t={t} nu={nu} delta={d}")


def nct_series_cdf(t, nu, d, dps=80):
    """AS 243 series, t >= 0, at 80 digits (cancellation harmless there)."""
    with mp.workdps(dps):
        t, d, nu = mpf(t), mpf(d), mpf(nu)
        x = t * t / (nu + t * t)
        b = nu / 2
        d2 = d * d / 2
        kmode = int(mpmath.floor(d2))
        n = int(kmode + 40 * mpmath.sqrt(kmode + 1) + 200)
        tot = mpf(0)
        for j in range(n):
            if d2 > 0:
                p = mpmath.exp(-d2 + j * mpmath.log(d2) - mpmath.loggamma(j + 1))
                q = d * mpmath.exp(-d2 + j * mpmath.log(d2) - mpmath.loggamma(j + 1.5)) / mpmath.sqrt(2)
            else:
                p, q = (mpf(1) if j == 0 else mpf(0)), mpf(0)
            tot += p * mpmath.betainc(j + 0.5, b, 0, x, regularized=True)
            tot += q * mpmath.betainc(j + 1, b, 0, x, regularized=True)
        return mpmath.ncdf(-d) + tot / 2


def noncentral_points():
    rng = random.Random(20261130)
    nus = [1, 2.5, 5, 10, 30, 200, 5000, 1e6]
    deltas = [-30, -8, -2, -0.3, 0.2, 1, 3, 8, 20, 38]
    pts = []
    for nu in nus:
        for d in deltas:
            ts = [-40, -4, -0.7, 0.4, 1.5, d - 2, d + 0.5, d + 4, 60]
            pts.extend((t, nu, d) for t in rng.sample(ts, 2))
    # targeted: far tails on both sides, power-analysis shapes, CI shapes
    pts += [
        (2.0, 33, 0.5 * math.sqrt(34)), (-2.0345152395574196, 33, 0.5 * math.sqrt(34)),
        (1.9623, 1000, 2.5), (-1.9623, 1000, 2.5), (0.5, 3, 10), (-1, 5, 5), (3, 1, -2),
        (50, 1000, 40), (-10, 10, 10), (10, 10, -10), (20.69114173611448, 1970, 18.6),
        (82.2371226202146, 770, 79.0), (82.2371226202146, 770, 85.5), (1.5, 1e5, 1.4),
        (4.0, 2, 0.1), (1e-3, 7, 1e-3), (0.3, 4, -0.2), (200, 50, 150), (-3, 3, 12),
    ]
    return pts


def make_noncentral():
    points = []
    scipy_worst = (0.0, "")
    series_worst = 0.0
    series_count = 0
    for i, (t, nu, d) in enumerate(noncentral_points()):
        sf = nct_tail(t, nu, d, True)
        cdf = nct_tail(t, nu, d, False)
        entry = {"t": float(t), "df": float(nu), "delta": float(d), "cdf": float(cdf), "sf": float(sf)}
        with np.errstate(all="ignore"):
            sc, ss = stats.nct.cdf(t, nu, d), stats.nct.sf(t, nu, d)
        entry["scipyCdf"] = float(sc) if np.isfinite(sc) else None
        entry["scipySf"] = float(ss) if np.isfinite(ss) else None
        for mine, theirs in ((cdf, sc), (sf, ss)):
            if mine > 1e-300 and np.isfinite(theirs):
                e = rel(theirs, mine)
                if e > scipy_worst[0]:
                    scipy_worst = (e, f"t={t} df={nu} delta={d}")
        if t >= 0 and d >= 0 and nu <= 5000 and d * d / 2 < 200 and i % 2 == 0:
            s = nct_series_cdf(t, nu, d, dps=60)
            if s > 1e-300:
                series_worst = max(series_worst, rel(s, cdf))
                series_count += 1
        points.append(entry)
    print(f"noncentral t: {len(points)} points; trapezoid vs 60-digit series ({series_count} points) max rel"
          f" {series_worst:.2e};"
          f" scipy worst rel {scipy_worst[0]:.2e} at {scipy_worst[1]}")
    meta = dict(META, seriesCheck={"points": series_count, "maxRelativeDifference": series_worst}, scipyWorst={"relativeError": scipy_worst[0], "at": scipy_worst[1]})
    dump("noncentral_t.json", {"meta": meta, "points": points})


# ------------------------------------------------------ effect-size intervals
def ncp_limit(t, nu, tail, p):
    """delta with P(T > t) = p (tail 'upper') or P(T <= t) = p ('lower')."""
    def fs(dl):
        v = stats.nct.sf(t, nu, dl) if tail == "upper" else stats.nct.cdf(t, nu, dl)
        # scipy returns NaN where the tail underflows (value ~ 0)
        v = 1.0 if math.isnan(v) and tail == "upper" and dl > t else (0.0 if math.isnan(v) else v)
        return (v - p) if tail == "upper" else (p - v) * -1
    lo, hi = t - 10 - abs(t), t + 10 + abs(t)
    start = optimize.brentq(fs, lo, hi, xtol=1e-14)
    with mp.workdps(40):
        f = lambda dl: nct_tail(t, nu, dl, tail == "upper", dps=40) - mpf(p)
        root = mpmath.findroot(f, (mpf(start), mpf(start) * (1 + mpf(10) ** -8) + mpf(10) ** -8), tol=1e-28)
    return float(root), start


def hedges_j(nu):
    with mp.workdps(40):
        nu = mpf(nu)
        return float(mpmath.gamma(nu / 2) / (mpmath.sqrt(nu / 2) * mpmath.gamma((nu - 1) / 2)))


def make_intervals():
    dz = []
    for t, n, conf in [
        (20.69114173611448, 1971, 0.95), (82.2371226202146, 771, 0.95), (2.1, 10, 0.95), (0.3, 5, 0.90),
        (-1.5, 30, 0.95), (0.0, 12, 0.95), (5.0, 3, 0.99), (1.0, 2, 0.95), (12.0, 200, 0.999),
        (0.05, 1000, 0.95), (3.3, 25, 0.8),
    ]:
        alpha = 1 - conf
        lo, lo_s = ncp_limit(t, n - 1, "upper", alpha / 2)
        hi, hi_s = ncp_limit(t, n - 1, "lower", alpha / 2)
        r = math.sqrt(n)
        dz.append({"t": t, "n": n, "confidence": conf, "dz": t / r, "low": lo / r, "high": hi / r,
                   "ncpLow": lo, "ncpHigh": hi, "scipyNcpLow": lo_s, "scipyNcpHigh": hi_s})
    hedges = []
    for t, n1, n2, conf, df in [
        (2.5, 40, 45, 0.95, None), (-1.2, 12, 15, 0.90, None), (4.0, 100, 100, 0.95, None),
        (0.7, 5, 6, 0.95, None), (3.1, 60, 55, 0.95, 112.0), (8.0, 300, 250, 0.99, None),
    ]:
        nu = df if df is not None else n1 + n2 - 2
        alpha = 1 - conf
        lo, _ = ncp_limit(t, nu, "upper", alpha / 2)
        hi, _ = ncp_limit(t, nu, "lower", alpha / 2)
        s = math.sqrt(1 / n1 + 1 / n2)
        j = hedges_j(nu)
        hedges.append({"t": t, "n1": n1, "n2": n2, "confidence": conf, "df": df, "J": j, "d": t * s,
                       "g": j * t * s, "low": j * lo * s, "high": j * hi * s})
    print(f"intervals: {len(dz)} dz, {len(hedges)} Hedges g")
    dump("effect_size_intervals.json", {"meta": META, "cohensDz": dz, "hedgesG": hedges})


# ----------------------------------------------------------------------- power
PAIRED = TTestPower()
IND = TTestIndPower()


def upper_only(es, nobs, alpha, df):
    """statsmodels' ttest_power without its lower-tail term: statsmodels returns
    NaN where scipy's nct.cdf fails far in the lower tail (< 1e-16, i.e. power
    ~ 1 or the term negligible). Used only in place of such a NaN; every
    fixture value itself is statsmodels' own finite output."""
    crit = stats.t.isf(alpha / 2, df)
    return float(stats.nct.sf(crit, df, es * math.sqrt(nobs)))


def paired_power(d, n, alpha):
    v = float(PAIRED.power(effect_size=d, nobs=n, alpha=alpha, alternative="two-sided"))
    return upper_only(d, n, alpha, n - 1) if math.isnan(v) else v


def factor(analysis, rho):
    return {"posttest": 1.0, "change": math.sqrt(2 * (1 - rho)), "ancova": math.sqrt(1 - rho * rho)}[analysis]


def two_group_power(d, n1, alpha, analysis, rho, ratio):
    df = n1 * (1 + ratio) - (3 if analysis == "ancova" else 2)
    es = d / factor(analysis, rho)
    v = float(IND.power(effect_size=es, nobs1=n1, alpha=alpha, ratio=ratio, df=df, alternative="two-sided"))
    return upper_only(es, 1 / (1 / n1 + 1 / (n1 * ratio)), alpha, df) if math.isnan(v) else v


def solve(f, lo, hi):
    """Root of the increasing f above lo: bracket by doubling from lo (statsmodels'
    power turns NaN far beyond the root, where the power rounds to 1), then brentq."""
    b = lo * 2 if lo > 0 else 1e-3
    while f(b) < 0:
        lo, b = b, b * 2
        if b > hi:
            raise ValueError("no bracket")
    return optimize.brentq(f, lo, b, xtol=1e-15, rtol=8.9e-16, maxiter=500)


def mcnemar_power(delta, psi, n, alpha):
    with mp.workdps(40):
        delta, psi, n, alpha = mpf(delta), mpf(psi), mpf(n), mpf(alpha)
        z = -mpmath.sqrt(2) * mpmath.erfinv(2 * (alpha / 2) - 1)  # upper alpha/2 quantile
        return mpmath.ncdf((mpmath.sqrt(n) * abs(delta) - z * mpmath.sqrt(psi)) / mpmath.sqrt(psi - delta ** 2))


def mcnemar_n(delta, psi, power, alpha):
    with mp.workdps(40):
        delta, psi, power, alpha = mpf(delta), mpf(psi), mpf(power), mpf(alpha)
        za = -mpmath.sqrt(2) * mpmath.erfinv(alpha - 1)
        zb = mpmath.sqrt(2) * mpmath.erfinv(2 * power - 1)
        return (za * mpmath.sqrt(psi) + zb * mpmath.sqrt(psi - delta ** 2)) ** 2 / delta ** 2


def make_power():
    rng = random.Random(7)
    paired = []
    for d in [0.1, 0.2, 0.3, 0.5, 0.8, 1.2, 2.0]:
        for n in rng.sample([3, 5, 10, 34, 100, 1000, 10000], 3):
            for alpha in [0.05, 0.01, 0.05 / 16]:
                if math.isnan(PAIRED.power(effect_size=d, nobs=n, alpha=alpha)):
                    continue
                paired.append({"effect": d, "n": n, "alpha": alpha, "power": paired_power(d, n, alpha)})
    paired_n = []
    for d, pw, alpha in [(0.5, 0.8, 0.05), (0.3, 0.8, 0.05), (0.3, 0.9, 0.01), (0.2, 0.8, 0.05 / 16),
                         (1.5, 0.8, 0.05), (0.05, 0.8, 0.05), (0.8, 0.95, 0.001)]:
        n = solve(lambda x: paired_power(d, x, alpha) - pw, 2, 1e8)
        sm = float(PAIRED.solve_power(effect_size=d, alpha=alpha, power=pw))
        paired_n.append({"effect": d, "power": pw, "alpha": alpha, "n": n, "statsmodelsSolvePower": sm})
    paired_effect = []
    for n, pw, alpha in [(34, 0.8, 0.05), (100, 0.8, 0.05), (771, 0.8, 0.05 / 16), (12, 0.9, 0.01),
                         (5000, 0.8, 0.05), (3, 0.8, 0.05)]:
        d = solve(lambda x: paired_power(x, n, alpha) - pw, 1e-9, 100)
        sm = float(PAIRED.solve_power(nobs=n, alpha=alpha, power=pw))
        paired_effect.append({"n": n, "power": pw, "alpha": alpha, "effect": d, "statsmodelsSolvePower": sm})

    two = []
    cases = [("posttest", 0.0, 1.0), ("change", 0.6, 1.0), ("ancova", 0.6, 1.0), ("ancova", 0.3, 2.0),
             ("change", 0.8, 0.5), ("ancova", 0.9, 1.0)]
    for analysis, rho, ratio in cases:
        for d, n1, alpha in [(0.5, 64, 0.05), (0.2, 200, 0.05), (0.35, 30, 0.01), (0.1, 2000, 0.05 / 16)]:
            df = n1 * (1 + ratio) - (3 if analysis == "ancova" else 2)
            raw = IND.power(effect_size=d / factor(analysis, rho), nobs1=n1, alpha=alpha, ratio=ratio, df=df)
            if math.isnan(raw):  # scipy's nct.cdf fails in the far tail; skipped
                continue
            two.append({"analysis": analysis, "correlation": rho, "ratio": ratio, "effect": d, "n": n1,
                        "alpha": alpha, "power": two_group_power(d, n1, alpha, analysis, rho, ratio)})
    two_n = []
    for analysis, rho, ratio in cases:
        for d, pw, alpha in [(0.5, 0.8, 0.05), (0.25, 0.9, 0.05 / 4)]:
            lo = max(2.0, 2.0 / ratio)
            n = solve(lambda x: two_group_power(d, x, alpha, analysis, rho, ratio) - pw, lo, 1e8)
            two_n.append({"analysis": analysis, "correlation": rho, "ratio": ratio, "effect": d, "power": pw,
                          "alpha": alpha, "n": n})
    two_effect = []
    for analysis, rho, ratio in cases:
        for n1, pw, alpha in [(200, 0.8, 0.05), (40, 0.9, 0.01)]:
            d = solve(lambda x: two_group_power(x, n1, alpha, analysis, rho, ratio) - pw, 1e-9, 100)
            two_effect.append({"analysis": analysis, "correlation": rho, "ratio": ratio, "n": n1, "power": pw,
                               "alpha": alpha, "effect": d})

    mc = []
    for delta, psi, n, alpha in [(0.4, 0.5, 23, 0.05), (0.1, 0.3, 200, 0.05), (0.05, 0.2, 1000, 0.01),
                                 (0.2, 0.25, 40, 0.05 / 16), (0.15, 0.4, 150, 0.05)]:
        mc.append({"effect": delta, "discordant": psi, "n": n, "alpha": alpha,
                   "power": float(mcnemar_power(delta, psi, n, alpha))})
    mc_n = []
    for delta, psi, pw, alpha in [(0.4, 0.5, 0.8, 0.05), (0.1, 0.3, 0.8, 0.05), (0.05, 0.2, 0.9, 0.01),
                                  (0.2, 0.25, 0.8, 0.05 / 16)]:
        mc_n.append({"effect": delta, "discordant": psi, "power": pw, "alpha": alpha,
                     "n": float(mcnemar_n(delta, psi, pw, alpha))})
    mc_effect = []
    for psi, n, pw, alpha in [(0.5, 23, 0.8, 0.05), (0.3, 200, 0.8, 0.05), (0.2, 1000, 0.9, 0.01)]:
        with mp.workdps(40):
            root = mpmath.findroot(lambda x: mcnemar_power(x, psi, n, alpha) - mpf(pw), (mpf(psi) / 4, mpf(psi) / 2),
                                   solver="anderson", tol=1e-30)
        mc_effect.append({"discordant": psi, "n": n, "power": pw, "alpha": alpha, "effect": float(root)})
    published = {
        "source": "Connor (1987) Biometrics 43:207-211, p. 209 (as powerandsamplesize.com, McNemar Z-test 2-sided)",
        "p10": 0.05, "p01": 0.45, "alpha": 0.05, "power": 0.8, "nRoundedUp": 23,
    }
    print(f"power: paired {len(paired)}/{len(paired_n)}/{len(paired_effect)}, two-group {len(two)}/{len(two_n)}/"
          f"{len(two_effect)}, mcnemar {len(mc)}/{len(mc_n)}/{len(mc_effect)}")
    worst = max(rel(e["statsmodelsSolvePower"], e["effect"]) for e in paired_effect)
    print(f"statsmodels solve_power (effect) worst relative error vs tight brentq: {worst:.2e}")
    dump("power.json", {
        "meta": dict(META, statsmodelsSolvePowerEffectWorst=worst),
        "paired": paired, "pairedN": paired_n, "pairedEffect": paired_effect,
        "twoGroup": two, "twoGroupN": two_n, "twoGroupEffect": two_effect,
        "mcnemar": mc, "mcnemarN": mc_n, "mcnemarEffect": mc_effect, "mcnemarPublished": published,
    })


if __name__ == "__main__":
    import sys
    parts = sys.argv[1:] or ["power", "intervals", "noncentral"]
    if "power" in parts:
        make_power()
    if "intervals" in parts:
        make_intervals()
    if "noncentral" in parts:
        make_noncentral()
