"""Exact and interval statistics for randomised algorithms: Clopper–Pearson bounds on a failure
probability estimated from sampled seeds.
"""

from __future__ import annotations

import mpmath

from sci_oracle.core.errors import InvalidArgument
from sci_oracle.core.exact import precision
from sci_oracle.core.validation import check_int


def clopper_pearson(k: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """Exact (Clopper–Pearson) two-sided interval for a binomial proportion k/n."""
    k, n = check_int("k", k, min_value=0), check_int("n", n, min_value=1)
    if k > n:
        raise InvalidArgument(f"k={k} is invalid: k must be in [0, n={n}]")
    if not 0 < confidence < 1:
        raise InvalidArgument(f"confidence={confidence!r} is invalid: it must be in (0, 1)")
    alpha = 1 - confidence
    with precision(80):

        def quantile(q: float, a: int, b: int, outer: str) -> float:
            """Beta(a, b) quantile by bisection (the CDF is monotone), returning the end of the final
            bracket that widens the interval (``outer`` = 'lo' or 'hi')."""
            lo_, hi_ = mpmath.mpf(0), mpmath.mpf(1)
            for _ in range(60):
                mid = (lo_ + hi_) / 2
                if mpmath.betainc(a, b, 0, mid, regularized=True) < q:
                    lo_ = mid
                else:
                    hi_ = mid
            return float(lo_ if outer == "lo" else hi_)

        lo = 0.0 if k == 0 else quantile(alpha / 2, k, n - k + 1, "lo")
        hi = 1.0 if k == n else quantile(1 - alpha / 2, k + 1, n - k, "hi")
    return lo, hi
