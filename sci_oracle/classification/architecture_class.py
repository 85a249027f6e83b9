"""Bastounis–Hansen–Vlačić Theorem 2.2 for every architecture of a class, drawn by Hypothesis.

Bastounis–Hansen–Vlačić [1]_, Theorem 2.2, quantifies over *every* ReLU architecture fixed in
advance. :mod:`sci_oracle.classification.fixed_architecture` certifies the theorem (the project's
reconstruction) for one architecture; this module lets Hypothesis draw architectures, hidden depth
in ``depth`` and every hidden width in ``widths``, and checks each drawn one in the same run:

1. the exact probability bound for that architecture: with P = ∏(N_i + 1) and M = P + 2q stripes,
   i.i.d. T (r points) and V (s points) hit every stripe with probability ≥ 1 − M(1 − 1/M)^(r+s)
   ≥ 1 − p, and then every net of the architecture accurate on T ∪ V is unstable at ≥ q points
   (Lemma 3 of ``proofs/bhv.py``, cited);
2. a zero-cost net of the architecture: the planted-feature net ρ(x₂/δ) − ρ(x₂/δ − 1) embedded
   exactly, which ignores x₁ and equals f on every point of the family (first width ≥ 2);
3. one draw of (T, V) and the net the built-in procedure trains on T: certified inaccurate on
   T ∪ V, or unstable with exact witnesses, at least ⌈(A − P)/2⌉ of them when it is accurate.

The result is one claim of the kernel kind ``stripe-architectures`` that states the class and the
number of distinct architectures drawn; the kernel re-checks 1–3 for each record. A check that
fails raises inside the Hypothesis run, so Hypothesis shrinks it to a smallest failing architecture.

References
----------
.. [1] A. Bastounis, A. C. Hansen, V. Vlačić, "The mathematics of adversarial attacks in AI --
   Why deep learning is unstable despite the existence of stable neural networks",
   arXiv:2109.06098 (2021; v2 2025), Theorem 2.2.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st

from sci_oracle.classification import stripe_claims as SC
from sci_oracle.classification.dichotomy import mlp_trainer
from sci_oracle.classification.fixed_architecture import embedded_planted_network, fixed_architecture_theorem
from sci_oracle.classification.pieces import piece_bound
from sci_oracle.core.errors import InvalidArgument
from sci_oracle.core.exact import check_positive_rational, to_fraction
from sci_oracle.core.report import CERTIFIED, MEASURED, UNKNOWN
from sci_oracle.core.validation import check_int

__all__ = ["ArchitectureClassResult", "ArchitectureFailure", "architecture_class_theorem", "architectures"]


class ArchitectureFailure(AssertionError):
    """The theorem's certified part failed for a drawn architecture (a bug: Hypothesis shrinks it)."""


def architectures(depth: tuple[int, int], widths: tuple[int, int]) -> st.SearchStrategy[tuple[int, ...]]:
    """Hidden widths (N₁, …, N_D): D in ``depth``, each N_i in ``widths`` (both inclusive)."""
    return st.integers(*depth).flatmap(lambda d: st.tuples(*[st.integers(*widths)] * d))


@dataclass
class ArchitectureClassResult:
    """The drawn architectures, one kernel record each, and the class claim's status."""

    depth: tuple[int, int]
    widths: tuple[int, int]
    p: Fraction
    q: int
    procedure: str
    records: list[dict[str, Any]] = field(default_factory=list)
    outcomes: list[str] = field(default_factory=list)  # per architecture: 'inaccurate' | 'unstable' | 'unknown'
    seconds: float = 0.0

    @property
    def drawn(self) -> list[list[int]]:
        return [r["architecture"] for r in self.records]

    @property
    def status(self) -> str:
        return CERTIFIED if self.records and "unknown" not in self.outcomes else UNKNOWN

    def claim(self, margin: Fraction, offset: Fraction, delta: Fraction) -> dict[str, Any]:
        """``{"statement", "evidence"}`` of the kernel kind ``stripe-architectures``."""
        st_ = {
            "kind": "stripe-architectures",
            "depth": list(self.depth),
            "widths": list(self.widths),
            "drawn": len(self.records),
            "q": self.q,
            "p": str(self.p),
            "margin": str(margin),
            "offset": str(offset),
            "delta": str(delta),
            "procedure": self.procedure,
        }
        return {"statement": st_, "evidence": {"architectures": self.records}}


def architecture_class_theorem(
    *,
    depth: tuple[int, int] = (1, 2),
    widths: tuple[int, int] = (2, 4),
    drawn: int = 5,
    p: Any = Fraction(1, 20),
    q: int = 1,
    steps: int = 1500,
    seed: int = 0,
    margin: Any = Fraction(1, 8),
    offset: Any = 0,
    delta: Any = Fraction(1, 64),
) -> ArchitectureClassResult:
    """Draw up to ``drawn`` distinct architectures with Hypothesis and certify the theorem for each.

    ``depth`` and ``widths`` are inclusive ranges of the hidden depth and of every hidden width
    (first width ≥ 2, so the zero-cost planted net fits); the training procedure is the built-in
    :func:`~sci_oracle.classification.dichotomy.mlp_trainer` of each architecture with ``steps``
    Adam steps. The sample sizes are the least the exact bound allows for ``p``.
    """
    lo_d, hi_d = (check_int(f"depth[{i}]", v, min_value=1, max_value=4) for i, v in enumerate(depth))
    lo_w, hi_w = (check_int(f"widths[{i}]", v, min_value=2, max_value=16) for i, v in enumerate(widths))
    if lo_d > hi_d or lo_w > hi_w:
        raise InvalidArgument(f"depth={depth!r}, widths={widths!r} are invalid: each is a range (lo, hi), lo <= hi")
    if piece_bound([hi_w] * hi_d) > 400:
        raise InvalidArgument(
            f"depth={depth!r}, widths={widths!r} are invalid here: the largest architecture has "
            f"{piece_bound([hi_w] * hi_d)} pieces, so its draw needs thousands of exact points; keep prod(N_i + 1) <= 400"
        )
    drawn = check_int("drawn", drawn, min_value=1, max_value=64)
    pq = to_fraction(p, name="p")
    if not 0 < pq < 1:
        raise InvalidArgument(f"p={p!r} is invalid: the failure probability must lie in (0, 1)")
    q = check_int("q", q, min_value=1, max_value=100)
    steps = check_int("steps", steps, min_value=1, max_value=10**6)
    seed = check_int("seed", seed, min_value=0)
    m, off, d = (
        check_positive_rational("margin", margin),
        to_fraction(offset, name="offset"),
        check_positive_rational("delta", delta),
    )
    t0 = time.perf_counter()
    res = ArchitectureClassResult((lo_d, hi_d), (lo_w, hi_w), pq, q, f"mlp_trainer(steps={steps}, lr=0.01)")
    done: set[tuple[int, ...]] = set()

    def check(arch: tuple[int, ...]) -> None:
        fa = fixed_architecture_theorem(
            mlp_trainer(arch, steps=steps), arch, p=pq, q=q, draws=1, seed=seed, margin=m, offset=off, delta=d
        )
        if any(c.status != CERTIFIED for c in fa.claims[:2] if c.scope != MEASURED):  # the bound, the zero-cost net
            raise ArchitectureFailure(f"architecture {list(arch)}: {[(c.name, c.status) for c in fa.claims[:2]]}")
        (draw,) = fa.draws
        tr = draw.checked["trained"]
        res.outcomes.append(draw.outcome if (tr["inaccurate"] or tr["witnesses"]) else "unknown")
        res.records.append(
            {
                "architecture": list(arch),
                "r": fa.r,
                "s": fa.s,
                "planted": SC.network(embedded_planted_network(arch, d)),
                "T": tr["statement"]["T"],
                "V": tr["statement"]["V"],
                "trained": tr["statement"]["network"],
                **tr["evidence"],
            }
        )

    @hypothesis_seed(seed)
    @settings(
        max_examples=20 * drawn,
        deadline=None,
        database=None,
        derandomize=False,
        print_blob=False,
        suppress_health_check=list(HealthCheck),
        phases=(Phase.generate, Phase.shrink),
    )
    @given(architectures((lo_d, hi_d), (lo_w, hi_w)))
    def prop(arch: tuple[int, ...]) -> None:
        if arch in done or len(done) >= drawn:
            return
        check(arch)  # raises ArchitectureFailure on a certified part that fails: Hypothesis shrinks it
        done.add(arch)

    prop()
    res.seconds = time.perf_counter() - t0
    return res
