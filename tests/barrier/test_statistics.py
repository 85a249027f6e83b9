"""Clopper–Pearson intervals (barrier/statistics.py) against exact Beta quantiles at high precision,
and the interval rule for sampled seeds (barrier/randomised.py, harness/check.py)."""

from __future__ import annotations

from fractions import Fraction

import mpmath
import pytest

from sci_oracle.algorithms.base import RandomisedAlgorithm
from sci_oracle.algorithms.builtin import Midpoint
from sci_oracle.barrier import find_barrier_randomised
from sci_oracle.barrier.statistics import clopper_pearson, interval_verdict
from sci_oracle.core.errors import InvalidArgument
from sci_oracle.families.pnas import PNASFamily
from sci_oracle.harness.check import check


def _exact_quantile(q, a, b, dps=60):
    """Beta(a, b) quantile at q by bisection on mpmath's betainc at ``dps`` digits (small a, b only)."""
    with mpmath.workdps(dps):
        lo, hi = mpmath.mpf(0), mpmath.mpf(1)
        q = mpmath.mpf(q.numerator) / q.denominator
        for _ in range(3 * dps + 20):
            mid = (lo + hi) / 2
            if mpmath.betainc(a, b, 0, mid, regularized=True) < q:
                lo = mid
            else:
                hi = mid
        return (lo + hi) / 2


@pytest.mark.parametrize(("k", "n"), [(1, 5), (2, 5), (3, 5), (0, 17), (17, 17), (20, 40), (7, 150), (149, 150)])
@pytest.mark.parametrize("conf", ["0.95", "0.999"])
def test_against_exact_beta_quantiles(k, n, conf):
    half = (1 - Fraction(conf)) / 2
    lo, hi = clopper_pearson(k, n, float(conf))
    with mpmath.workdps(60):
        ex_lo = mpmath.mpf(0) if k == 0 else _exact_quantile(half, k, n - k + 1)
        ex_hi = mpmath.mpf(1) if k == n else _exact_quantile(1 - half, k + 1, n - k)
        assert lo <= ex_lo <= lo + 1e-14 * max(float(ex_lo), 1e-300) + 1e-300  # outward and tight
        assert hi - 1e-14 <= ex_hi <= hi


@pytest.mark.parametrize("n", [30_000, 10**6, 10**7])
def test_closed_forms_at_k_zero_and_n(n):
    # k = 0: hi = 1 − (α/2)^(1/n); k = n: lo = (α/2)^(1/n) (exact, evaluated at 60 digits)
    with mpmath.workdps(60):
        r = mpmath.mpf(1) / 2000 ** (mpmath.mpf(1) / n)
        lo0, hi0 = clopper_pearson(0, n, 0.999)
        lon, hin = clopper_pearson(n, n, 0.999)
        assert lo0 == 0.0
        assert hin == 1.0
        assert 1 - r <= hi0 <= (1 - r) * (1 + 1e-13)
        assert r * (1 - 1e-15) <= lon <= r
        # k = 1: lo = 1 − (1 − α/2)^(1/n), the other closed form
        lo1, _ = clopper_pearson(1, n, 0.999)
        ex = 1 - (1 - mpmath.mpf(1) / 2000) ** (mpmath.mpf(1) / n)
        assert ex * (1 - 1e-13) <= lo1 <= ex


@pytest.mark.parametrize(("k", "n"), [(1125, 2250), (1250, 2500), (5 * 10**6, 10**7), (5 * 10**6 + 3000, 10**7)])
def test_large_n_near_one_half_does_not_crash(k, n):
    lo, hi = clopper_pearson(k, n, 0.999)
    assert 0 < lo < k / n < hi < 1
    # symmetry: the interval for n − k is the mirror image (both rounded outward)
    lo2, hi2 = clopper_pearson(n - k, n, 0.999)
    assert abs((1 - hi) - lo2) < 1e-15
    assert abs((1 - lo) - hi2) < 1e-15


@pytest.mark.parametrize(
    ("args", "msg"),
    [
        ((3, 2), "k=3 is invalid"),
        ((-1, 2), "k=-1 is invalid"),
        ((0, 0), "n=0 is invalid"),
        ((1, 10**7 + 1), "n=10000001 is invalid"),
        ((1, 2, 1.0), "confidence=1.0 is invalid"),
        ((1, 2, "x"), "confidence='x' is invalid"),
    ],
)
def test_bad_input(args, msg):
    with pytest.raises(InvalidArgument, match=msg):
        clopper_pearson(*args)


def test_interval_verdict():
    assert interval_verdict((0.5000001, 0.9)) == "above"
    assert interval_verdict((0.1, 0.4999)) == "below"
    assert interval_verdict((0.3, 0.7)) == "straddles"
    assert interval_verdict((0.5, 0.7)) == "straddles"  # touching 1/2 is not strictly above


def _two_in_five(seed: int):
    """Correct to K−1 digits for 2 of every 5 seeds (Midpoint), far off otherwise."""
    return Midpoint(30) if seed % 5 < 2 else _Far()


class _Far:
    def __call__(self, oracle):
        return [Fraction(1)] * oracle.info.N

    def __repr__(self):
        return "Far()"


def test_sampled_two_in_five_is_never_certified():
    fam = PNASFamily("srlasso", 3)
    for n_samples in (5, 40):
        report = check(
            RandomisedAlgorithm(_two_in_five),
            family=fam,
            n_samples=n_samples,
            isolated=False,
            workers=1,
            members=(4,),
        )
        for D in (3, 2, 1):
            assert report.claims[D].status != "certified", report.claims[D].detail


def test_sampled_barrier_is_unknown_while_the_interval_straddles_one_half():
    fam = PNASFamily("ulasso", 3)
    from sci_oracle.algorithms.builtin import OneSparseSolver

    ralg = RandomisedAlgorithm(lambda s: OneSparseSolver(12, "random", seed=s))
    rb = find_barrier_randomised(ralg, fam, n_samples=30, seed=1)
    assert rb.interval[0] < 0.5 < rb.interval[1]
    assert rb.verdict == "unknown"
    assert "contains values below 1/2" in rb.message
    # a deterministic algorithm sampled many times fails on one member every time: decided
    rb = find_barrier_randomised(RandomisedAlgorithm(lambda s: Midpoint(30)), fam, n_samples=20)
    assert rb.verdict == "refuted"
    assert rb.interval[0] >= 0.5
