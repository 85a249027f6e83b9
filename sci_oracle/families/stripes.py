"""Stripe classification problems with a margin, and the planted δ-feature.

Bastounis–Hansen–Vlačić, "The mathematics of adversarial attacks in AI" [1]_, §2–3 (Theorem 2.2),
build classification functions that are stable with a margin ε at their data, yet alternate
without bound along a line; Thesing–Antun–Hansen [2]_, §3 ("second_comp" experiment), plant a
tiny feature x₂ = δ·f(x) that a network can exploit. This module generates both, exactly:

* :class:`StripeFamily` — stripes of a fixed width on the x₁-axis, f(x) = ⌊(x₁ − offset)/width⌋ mod 2.
  ``alternations=A`` uses the first A + 1 stripes (A label changes); ``alternations=None`` uses
  all of them (an unbounded axis), so samples from the geometric law hit unboundedly many
  alternations while the margin stays fixed. The offset parametrises an uncountable family
  (any rational offset here).
* :class:`InverseStripeFamily` — the paper [2]_ generator f_a(x) = ⌈a/x₁⌉ mod 2 on
  x₁ ∈ ∪_{k=a}^{K} (a/(k+1) + ε, a/k − ε).

Every sample point is an exact rational (a Fraction), drawn strictly inside a stripe at distance
more than ``margin`` from its boundaries, so f(x + η) = f(x) whenever ‖η‖∞ ≤ margin. A sample
with ``delta`` carries the planted feature x₂ = δ·f(x); :meth:`StripeSample.shifted` applies the
perturbation η = (0, −δ·f(x)) (‖η‖∞ = δ < ε) that moves every point onto the line x₂ = 0.

Members "shrink" towards the limit of infinitely many alternations: for any fixed architecture
with P linear pieces along a line, a sample with A > P alternations exists (see
:mod:`sci_oracle.classification.pieces`).

References
----------
.. [1] A. Bastounis, A. C. Hansen, V. Vlačić, "The mathematics of adversarial attacks in AI --
   Why deep learning is unstable despite the existence of stable neural networks",
   arXiv:2109.06098 (2021; v2 2025), Theorem 2.2.
.. [2] S. Thesing, V. Antun, A. C. Hansen, "What do AI algorithms actually learn? On false
   structures in deep learning", arXiv:1906.01478 (2019), §3.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from sci_oracle.core.errors import InvalidArgument
from sci_oracle.core.exact import check_positive_rational, to_fraction
from sci_oracle.core.validation import check_choice, check_int

__all__ = ["LAWS", "InverseStripeFamily", "StripeFamily", "StripeSample", "alternations"]

LAWS = ("interval", "uniform", "geometric")
_POSITION_BITS = 30  # positions inside a stripe are dyadic with this many random bits


def alternations(labels: Sequence[int]) -> int:
    """Number of label changes A in a sequence (already sorted along the line)."""
    return sum(1 for a, b in itertools.pairwise(labels) if a != b)


def _check_rng(rng: Any) -> np.random.Generator:
    if not isinstance(rng, np.random.Generator):
        raise InvalidArgument(
            f"rng={rng!r} is invalid: expected a numpy.random.Generator, e.g. numpy.random.default_rng(0)"
        )
    return rng


class _Stripes:
    """Shared machinery: stripe k is the open interval (lo_k, hi_k) ordered by x₁, label ``label_of(k)``."""

    margin: Fraction
    n_stripes: int | None

    def interval(self, k: int) -> tuple[Fraction, Fraction]:  # pragma: no cover - abstract
        raise NotImplementedError

    def stripe_label(self, k: int) -> int:  # pragma: no cover - abstract
        raise NotImplementedError

    def label(self, x: Any) -> int:  # pragma: no cover - abstract
        raise NotImplementedError

    def support(self, k: int) -> tuple[Fraction, Fraction]:
        """The open interval of x₁ where the law puts stripe k's points (margin removed)."""
        lo, hi = self.interval(k)
        return lo + self.margin, hi - self.margin

    def _index(self, law: str, r: int, rng: np.random.Generator, p: Fraction) -> list[int]:
        if law == "geometric":
            # P(k) = p(1-p)^k, k = 0, 1, 2, ...: every stripe has positive mass
            ks = rng.geometric(float(p), size=r) - 1
            if self.n_stripes is not None:
                ks = np.minimum(ks, self.n_stripes - 1)
            return [int(k) for k in ks]
        if self.n_stripes is None:
            raise InvalidArgument(f"law={law!r} is invalid for {self!r}: an unbounded family needs law='geometric'")
        if law == "interval":  # equal counts per stripe, as the 'interval' mode of [2]
            return [i % self.n_stripes for i in range(r)]
        return [int(k) for k in rng.integers(0, self.n_stripes, size=r)]

    def sample(
        self, r: int, *, rng: np.random.Generator, law: str = "interval", delta: Any = None, p: Any = Fraction(1, 8)
    ) -> StripeSample:
        """Draw ``r`` labelled points (x₁, x₂) with exact rational coordinates.

        ``law``: 'interval' (equal count per stripe), 'uniform' (iid stripe index) or
        'geometric' (stripe k with probability p(1−p)^k; the only law for an unbounded family).
        ``delta``: if given (0 < δ < margin), plant x₂ = δ·f(x); otherwise x₂ = 0.
        Points are returned sorted by x₁.
        """
        r = check_int("r", r, min_value=1, max_value=10**7)
        rng = _check_rng(rng)
        check_choice("law", law, LAWS)
        p = to_fraction(p, name="p")
        if not 0 < p < 1:
            raise InvalidArgument(f"p={p} is invalid: the geometric parameter must be in (0, 1)")
        d = Fraction(0)
        if delta is not None:
            d = check_positive_rational("delta", delta)
            if d >= self.margin:
                raise InvalidArgument(
                    f"delta={d} is invalid: the planted feature must be smaller than the margin "
                    f"(0 < delta < {self.margin}), so that the shift keeps every label"
                )
        ks = self._index(law, r, rng, p)
        scale = 1 << (_POSITION_BITS + 1)
        js = rng.integers(0, 1 << _POSITION_BITS, size=r)
        pts = []
        for k, j in zip(ks, js, strict=True):
            lo, hi = self.support(k)
            # (2j+1)/2^(bits+1) ∈ (0, 1): the point is strictly inside the support
            x1 = lo + (hi - lo) * Fraction(2 * int(j) + 1, scale)
            pts.append((x1, k))
        pts.sort()
        points = [(x1, d * self.stripe_label(k)) for x1, k in pts]
        labels = [self.stripe_label(k) for _, k in pts]
        return StripeSample(self, points, labels, d if delta is not None else None, [k for _, k in pts])


class StripeFamily(_Stripes):
    """Stripes of width ``width`` on the x₁-axis, label ⌊(x₁ − offset)/width⌋ mod 2, margin ε.

    Bastounis–Hansen–Vlačić [1]_, Theorem 2.2 (construction reconstructed by the project):
    the label depends on x₁ only and is constant on each stripe [offset + k·w, offset + (k+1)·w);
    data are drawn at distance > ε from stripe boundaries, so f is ε-stable at every data point.

    >>> StripeFamily(alternations=8, margin=Fraction(1, 64))
    StripeFamily(alternations=8, margin=1/64)
    """

    def __init__(self, alternations: int | None = 8, margin: Any = Fraction(1, 8), *, width: Any = 1, offset: Any = 0):
        if alternations is not None:
            alternations = check_int("alternations", alternations, min_value=1, max_value=10**6)
        self.alternations = alternations
        self.width = check_positive_rational("width", width)
        self.offset = to_fraction(offset, name="offset")
        self.margin = check_positive_rational("margin", margin)
        if 2 * self.margin >= self.width:
            raise InvalidArgument(
                f"margin={self.margin} is invalid: it must be < width/2 = {self.width / 2} "
                "so that every stripe has room for data"
            )
        self.n_stripes = None if alternations is None else alternations + 1

    def __repr__(self) -> str:
        extra = ""
        if self.width != 1:
            extra += f", width={self.width}"
        if self.offset != 0:
            extra += f", offset={self.offset}"
        return f"StripeFamily(alternations={self.alternations}, margin={self.margin}{extra})"

    def interval(self, k: int) -> tuple[Fraction, Fraction]:
        lo = self.offset + k * self.width
        return lo, lo + self.width

    def stripe_label(self, k: int) -> int:
        return k % 2

    def label(self, x: Any) -> int:
        """f(x) for a point x = (x₁, x₂, ...) or a scalar x₁ (exact rationals only)."""
        x1 = to_fraction(x[0] if isinstance(x, (tuple, list)) else x, name="x1")
        return math.floor((x1 - self.offset) / self.width) % 2

    def class1_intervals(self, stripes: Sequence[int]) -> list[tuple[Fraction, Fraction]]:
        """Closed stripes [l, u] of label 1 among the given stripe indices, sorted."""
        return [self.interval(k) for k in sorted(set(stripes)) if self.stripe_label(k) == 1]


class InverseStripeFamily(_Stripes):
    """The generator of Thesing–Antun–Hansen [2]_ §3: f_a(x) = ⌈a/x₁⌉ mod 2, x₁ ∈ [a/(K+1), 1].

    Stripe j (ordered by x₁) is (a/(K+1−j), a/(K−j)), j = 0 … K−a, with label (K+1−j) mod 2; the
    stripes narrow towards x₁ = 0, so the margin bounds how many fit (K(K+1) < a/(2ε)).

    >>> InverseStripeFamily(a=20, K=26, margin=Fraction(1, 100))
    InverseStripeFamily(a=20, K=26, margin=1/100)
    """

    def __init__(self, a: int = 20, K: int = 26, margin: Any = Fraction(1, 100)):
        self.a = check_int("a", a, min_value=1, max_value=10**6)
        self.K = check_int("K", K, min_value=self.a, max_value=10**6)
        self.margin = check_positive_rational("margin", margin)
        narrowest = Fraction(self.a, self.K * (self.K + 1))
        if 2 * self.margin >= narrowest:
            raise InvalidArgument(
                f"margin={self.margin} is invalid for a={a}, K={K}: it must be < {narrowest / 2} "
                "(half the narrowest stripe a/(K(K+1)))"
            )
        self.n_stripes = self.K - self.a + 1
        self.alternations = self.n_stripes - 1

    def __repr__(self) -> str:
        return f"InverseStripeFamily(a={self.a}, K={self.K}, margin={self.margin})"

    def interval(self, j: int) -> tuple[Fraction, Fraction]:
        k = self.K - j
        return Fraction(self.a, k + 1), Fraction(self.a, k)

    def stripe_label(self, j: int) -> int:
        return (self.K - j + 1) % 2

    def label(self, x: Any) -> int:
        x1 = to_fraction(x[0] if isinstance(x, (tuple, list)) else x, name="x1")
        if x1 <= 0:
            raise InvalidArgument(f"x1={x1} is invalid: f_a is defined for x1 > 0")
        return math.ceil(Fraction(self.a) / x1) % 2

    def class1_intervals(self, stripes: Sequence[int]) -> list[tuple[Fraction, Fraction]]:
        return [self.interval(k) for k in sorted(set(stripes)) if self.stripe_label(k) == 1]


@dataclass
class StripeSample:
    """A labelled sample, sorted by x₁: exact points (x₁, x₂), labels, planted δ (or None)."""

    family: _Stripes
    points: list[tuple[Fraction, Fraction]]
    labels: list[int]
    delta: Fraction | None
    stripes: list[int]

    def __len__(self) -> int:
        return len(self.points)

    @property
    def alternations(self) -> int:
        """A: label changes along x₁ (the points are sorted by x₁)."""
        return alternations(self.labels)

    @property
    def data_margin(self) -> Fraction:
        """The smallest distance from a data point's x₁ to its stripe boundary (> family margin)."""
        out = None
        for (x1, _), k in zip(self.points, self.stripes, strict=True):
            lo, hi = self.family.interval(k)
            m = min(x1 - lo, hi - x1)
            out = m if out is None else min(out, m)
        return out

    def shifted(self) -> tuple[list[tuple[Fraction, Fraction]], list[tuple[Fraction, Fraction]]]:
        """(points + η, η) with η = (0, −x₂): every point moved onto the line x₂ = 0, ‖η‖∞ ≤ δ."""
        etas = [(Fraction(0), -x2) for _, x2 in self.points]
        return [(x1, Fraction(0)) for x1, _ in self.points], etas

    def as_arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """float64 copies for training (the exact points stay the reference)."""
        X = np.array([[float(a), float(b)] for a, b in self.points], dtype=np.float64)
        return X, np.array(self.labels, dtype=np.float64)

    def __repr__(self) -> str:
        return (
            f"StripeSample(family={self.family!r}, r={len(self)}, alternations={self.alternations}, delta={self.delta})"
        )
