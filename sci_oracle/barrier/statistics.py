"""Clopper–Pearson intervals for a failure probability estimated from sampled seeds, with rigorous
outward rounding, and the interval rule that turns them into verdicts.

PNAS 2022 Theorem 1(a) (Colbrook–Antun–Hansen) bounds the probability of success of a randomised
algorithm; with a sampled (not enumerated) seed set the toolkit only knows k failures out of n
seeds, so a claim about the probability is decided from the exact two-sided Clopper–Pearson
interval (docs/theory.md §5): its ends are the Beta quantiles

    lo = B⁻¹(α/2; k, n − k + 1),   hi = B⁻¹(1 − α/2; k + 1, n − k),   α = 1 − confidence.

Each quantile is found by bisection on exact dyadic points; at each point the regularised
incomplete Beta function I_z(a, b) is enclosed in a python-flint (Arb) ball, raising the working
precision until the ball decides I_z(a, b) < q or ≥ q. The bracket end that keeps the interval
outward is returned, rounded outward to binary64, so [lo, hi] always contains the exact interval.
Valid for every 0 ≤ k ≤ n ≤ 10^7.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import flint

from sci_oracle.core.errors import InvalidArgument
from sci_oracle.core.exact import precision
from sci_oracle.core.validation import check_int

__all__ = ["MAX_N", "clopper_pearson", "interval_verdict"]

MAX_N = 10**7
_PRECS = (64, 128, 256, 512, 1024)
_MAX_STEPS = 400  # bisection steps: enough for 2^-52 relative width down to subnormal quantiles


def _confidence(confidence: Any) -> Fraction:
    """A float means its shortest decimal (0.999 is 999/1000); Fractions and decimal strings are exact."""
    if isinstance(confidence, bool):
        raise InvalidArgument(f"confidence={confidence!r} is invalid: it must be a number in (0, 1)")
    try:
        c = Fraction(repr(confidence)) if isinstance(confidence, float) else Fraction(confidence)
    except (TypeError, ValueError):
        raise InvalidArgument(f"confidence={confidence!r} is invalid: it must be a number in (0, 1)") from None
    if not 0 < c < 1:
        raise InvalidArgument(f"confidence={confidence!r} is invalid: it must be in (0, 1)")
    return c


def _below(z: Fraction, a: int, b: int, q: Fraction) -> bool | None:
    """Rigorously decide I_z(a, b) < q (True) or ≥ q (False); None if no precision up to 1024 bits decides."""
    for prec in _PRECS:
        with precision(prec):
            val = flint.arb(flint.fmpq(z.numerator, z.denominator)).beta_lower(a, b, 1) - flint.arb(
                flint.fmpq(q.numerator, q.denominator)
            )
            if val < 0:
                return True
            if val >= 0:
                return False
    return None


def _quantile(q: Fraction, a: int, b: int, outer: str) -> Fraction:
    """A dyadic bound on the Beta(a, b) quantile at q: below it if ``outer`` is 'lo', above if 'hi'.

    Invariant: I_lo(a, b) < q ≤ I_hi(a, b) (certified), so the quantile lies in (lo, hi].
    """
    lo, hi = Fraction(0), Fraction(1)
    for _ in range(_MAX_STEPS):
        if hi - lo <= lo * Fraction(1, 2**54) or hi - lo < Fraction(1, 2**1100):
            break
        mid = (lo + hi) / 2
        below = _below(mid, a, b, q)
        if below is None:  # mid is within the enclosure's reach of the quantile: keep the certified bracket
            break
        lo, hi = (mid, hi) if below else (lo, mid)
    return lo if outer == "lo" else hi


def _float_down(x: Fraction) -> float:
    f = float(x)
    return math.nextafter(f, -math.inf) if Fraction(f) > x else f


def _float_up(x: Fraction) -> float:
    f = float(x)
    return math.nextafter(f, math.inf) if Fraction(f) < x else f


def clopper_pearson(k: int, n: int, confidence: Any = 0.95) -> tuple[float, float]:
    """Two-sided Clopper–Pearson interval for a binomial proportion k/n, ends rounded outward.

    ``0 ≤ k ≤ n ≤ 10^7``; ``confidence`` in (0, 1) (a float is read as its decimal, 0.95 = 19/20).

    >>> clopper_pearson(0, 10, 0.95)[1] >= 1 - 0.025 ** (1 / 10)
    True
    """
    n = check_int("n", n, min_value=1, max_value=MAX_N)
    k = check_int("k", k, min_value=0)
    if k > n:
        raise InvalidArgument(f"k={k} is invalid: k must be in [0, n={n}]")
    half = (1 - _confidence(confidence)) / 2
    lo = Fraction(0) if k == 0 else _quantile(half, k, n - k + 1, "lo")
    hi = Fraction(1) if k == n else _quantile(1 - half, k + 1, n - k, "hi")
    return _float_down(lo), _float_up(hi)


def interval_verdict(interval: tuple[float, float], threshold: Fraction = Fraction(1, 2)) -> str:
    """'above' if the whole interval lies strictly above ``threshold``, 'below' if strictly below,
    else 'straddles' (decided exactly on the binary64 ends)."""
    lo, hi = Fraction(interval[0]), Fraction(interval[1])
    if lo > threshold:
        return "above"
    if hi < threshold:
        return "below"
    return "straddles"
