#!/usr/bin/env python3
"""Reference values for the NIST StRD NumAcc tests in MatrixTests.swift.

Tool: Python 3.11 `fractions` (exact rational arithmetic), no floating point.
Produced: 2026-11-22. Run: python3 numacc_reference.py

NIST certified values (https://www.itl.nist.gov/div898/strd/univ/): NumAcc1
mean 10000002, sd 1; NumAcc2/3/4 mean b, sd 0.1 for b = 1.2, 1000000.2,
10000000.2. Those are properties of the DECIMAL data. A program that stores
the data as binary doubles first rounds 10000000.1 to the nearest double, so
its best possible answer is the exact sd of the rounded values, printed here:
the Matrix layer (which receives doubles) is held to that to 1e-12, and to
the certified decimal value to the digits the rounding leaves (≥ 8.4 for
NumAcc4). The CSV → exact-decimal path is held to the certified values.
"""
from fractions import Fraction
import math

def exact_binary_sd(values):
    xs = [Fraction(v) for v in values]   # Fraction(float) is the exact binary value
    n = len(xs)
    m = sum(xs) / n
    var = sum((x - m) ** 2 for x in xs) / (n - 1)
    return float(m), math.sqrt(float(var)), float(var)

for b in [1.2, 1000000.2, 10000000.2]:
    # NIST data are decimal text: build the doubles the way a parser would
    # (nearest double to each decimal value).
    dec_lo = float(Fraction(str(b)) - Fraction(1, 10))
    dec_hi = float(Fraction(str(b)) + Fraction(1, 10))
    doubles = [b] + [v for _ in range(500) for v in (dec_lo, dec_hi)]
    m, sd, var = exact_binary_sd(doubles)
    print(f"b={b!r}: exact mean of doubles {m!r}, exact sd of doubles {sd!r}")
