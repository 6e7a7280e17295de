"""Reference values for WelchANOVA and KruskalWallis (Sources/ImpactStats/Inference).

Tools: SciPy (scipy.stats.kruskal) and pingouin (pingouin.welch_anova); the
versions are written into the output. Run: python3 make_subgroup_reference.py
Cases: seeded groups of paired differences as they occur in surveys (small
integers with many ties, halves, unequal sizes and variances), one with a
group of size 1 (Welch leaves it out; pingouin is then fed the other groups),
and a large case (N = 200,000) where H of SciPy's uncentred formula loses
digits; its reference is computed with mpmath from the centred formula.
Tolerance in the test: 1e-12 relative (1e-10 for the large case's p-value).
"""
import json
import numpy as np
import pandas as pd
import scipy
import scipy.stats as st
import pingouin as pg
import mpmath as mp

rng = np.random.default_rng(2026)
cases = []


def case(name, groups, welch_groups=None):
    values = [np.asarray(g, dtype=float) for g in groups]
    h, p = st.kruskal(*values)
    wg = welch_groups if welch_groups is not None else values
    df = pd.DataFrame({"d": np.concatenate(wg), "g": np.concatenate([[i] * len(g) for i, g in enumerate(wg)])})
    w = pg.welch_anova(data=df, dv="d", between="g")
    cases.append({
        "name": name,
        "groups": [[float(x) for x in g] for g in values],
        "kruskal_h": float(h), "kruskal_p": float(p),
        "welch_f": float(w["F"].iloc[0]), "welch_df1": float(w["ddof1"].iloc[0]),
        "welch_df2": float(w["ddof2"].iloc[0]), "welch_p": float(w["p_unc"].iloc[0]),
    })


case("likert_ties", [rng.integers(-2, 4, 40), rng.integers(-1, 3, 55), rng.integers(-3, 3, 31)])
case("halves", [rng.integers(-8, 9, 25) / 2, rng.integers(-4, 12, 60) / 2])
case("five_groups", [rng.normal(m, s, n).round(1) for m, s, n in [(0, 1, 20), (0.3, 2, 35), (1, 0.5, 12), (-0.2, 1.5, 80), (0.1, 1, 9)]])
single = [rng.integers(-2, 4, 30), rng.integers(-1, 3, 44), np.array([3])]
case("single_member_group", single, welch_groups=[single[0], single[1]])

# Large N: centred formula in mpmath (50 digits) for H, chi-square tail by mpmath.
big = [rng.integers(-4, 5, 70_000), rng.integers(-4, 5, 60_000) + (rng.random(60_000) < 0.01), rng.integers(-4, 5, 70_000)]
mp.mp.dps = 50
allv = np.concatenate(big)
vals, counts = np.unique(allv, return_counts=True)
N = mp.mpf(len(allv))
below = 0
centred = {}
ties = mp.mpf(0)
for v, t in zip(vals, counts):
    centred[int(v)] = mp.mpf(2 * below + int(t)) - N
    ties += mp.mpf(int(t)) ** 3 - int(t)
    below += int(t)
s = mp.mpf(0)
for g in big:
    gv, gc = np.unique(g, return_counts=True)
    rs = sum(mp.mpf(int(c)) * centred[int(v)] for v, c in zip(gv, gc))
    s += rs * rs / (4 * len(g))
H = 12 / (N * (N + 1)) * s / (1 - ties / (N ** 3 - N))
P = mp.gammainc(mp.mpf(len(big) - 1) / 2, H / 2, mp.inf, regularized=True)
cases.append({"name": "large_centred", "groups_counts": [
    {str(int(v)): int(c) for v, c in zip(*np.unique(g, return_counts=True))} for g in big],
    "kruskal_h": float(H), "kruskal_p": float(P)})

out = {"generator": f"scipy {scipy.__version__}, pingouin {pg.__version__}, mpmath {mp.__version__}", "cases": cases}
with open("subgroup.json", "w") as f:
    json.dump(out, f, indent=1)
