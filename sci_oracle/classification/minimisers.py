"""Approximate minimisers that no randomised algorithm computes with probability > 1/2 (A4).

Bastounis–Hansen–Vlačić [1]_ (Main Results II, the SCI/Δ1-information half of Theorem 2.2) show
that networks can exist as approximate minimisers of standard costs while no randomised algorithm
computes them with probability better than 1/2. This module runs the project's *analogue* of
that mechanism (it is not the paper's construction):

* architecture (1, 1, 1): φ(x) = c·ρ(w·x + b) + d, which is monotone in x;
* training sets ι_± = {(0, 0), (±2^-k, 1)}, squared loss R_±(φ) = φ(0)² + (φ(±2^-k) − 1)²;
* inf R_± = 0 (attained by ρ(±2^k·x)), and the κ-approximate minimisers {R_± < κ}, κ = 1/4,
  are *disjoint*: R_+ < 1/4 forces φ(0) < 1/2 < φ(2^-k), R_- < 1/4 forces φ(−2^-k) > 1/2 > φ(0),
  and no monotone φ does both;
* the inputs x = (0, ±2^-k) are given only through Δ1 oracles, and the answer 0 is legal for
  both at every level n ≤ k.

The adversary (:func:`minimiser_barrier`): run the algorithm on the limit input x⁰ = (0, 0),
record the deepest level m* over the seeds (a seed with no output there leaves the verdict
``unknown``), take k = max(m*, 1), replay through
:class:`~sci_oracle.core.oracle.AdversarialOracle`\\ s for ι_+ and ι_- (which check, exactly, that
every answer is legal), and certify, exactly, that each seed's single output is an approximate
minimiser for at most one of them. Hence p₊ + p₋ ≤ 1 and min(p₊, p₋) ≤ 1/2: exact fractions
over a finite seed set, Clopper–Pearson intervals for sampled seeds.

References
----------
.. [1] A. Bastounis, A. C. Hansen, V. Vlačić, "The mathematics of adversarial attacks in AI",
   arXiv:2109.06098, Theorem 2.2 and §§9–10 (SCI framework, Δ1 information).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from sci_oracle.algorithms.base import OUTPUT, RandomisedAlgorithm, run
from sci_oracle.core.errors import InvalidArgument
from sci_oracle.core.oracle import AdversarialOracle, HonestOracle
from sci_oracle.core.report import CERTIFIED, REFUTED, UNKNOWN
from sci_oracle.core.validation import check_int

__all__ = [
    "KAPPA",
    "LABELS",
    "MinimiserBarrier",
    "MinimiserPair",
    "coin_flip_fitter",
    "gradient_fitter",
    "minimiser_barrier",
]

KAPPA = Fraction(1, 4)
LABELS = (0, 1)
PROBLEM = {
    "architecture": (1, 1, 1),
    "labels": LABELS,
    "loss": "squared",
    "output": "(w, b, c, d) with phi(x) = c*relu(w*x + b) + d",
    "kappa": str(KAPPA),
}


def phi(params: Sequence[Fraction], x: Fraction) -> Fraction:
    w, b, c, d = params
    z = w * x + b
    return c * (z if z > 0 else 0) + d


@dataclass(frozen=True)
class MinimiserPair:
    """ι_± = {(0, 0), (±2^-k, 1)} with exact squared losses and the κ-approximate-minimiser test."""

    k: int

    def __post_init__(self) -> None:
        check_int("k", self.k, min_value=0, max_value=1 << 20)

    def point(self, sign: int) -> Fraction:
        return Fraction(sign, 1 << self.k)

    def inputs(self, sign: int) -> dict[str, list[Fraction]]:
        return {"x": [Fraction(0), self.point(sign)]}

    def loss(self, params: Sequence[Fraction], sign: int) -> Fraction:
        return phi(params, Fraction(0)) ** 2 + (phi(params, self.point(sign)) - 1) ** 2

    def minimiser(self, sign: int) -> tuple[Fraction, ...]:
        """ρ(±2^k·x): loss exactly 0, so inf R_± = 0."""
        return (Fraction(sign * (1 << self.k)), Fraction(0), Fraction(1), Fraction(0))

    def is_approximate_minimiser(self, params: Sequence[Fraction], sign: int) -> bool:
        return self.loss(params, sign) < KAPPA  # inf = 0, so R < inf + κ

    def __repr__(self) -> str:
        return f"MinimiserPair(k={self.k})"


@dataclass
class MinimiserBarrier:
    """Outcome of :func:`minimiser_barrier`: success counts on ι_+ and ι_- over coupled seeds."""

    verdict: str
    message: str
    k: int
    seeds: tuple[int, ...]
    successes: tuple[int, int]
    both: int  # seeds whose output minimises both (0 is certified by the exact check)
    nh: int
    sampled: bool
    intervals: tuple[tuple[float, float], tuple[float, float]] | None = None
    escape: tuple[int, int, tuple[float, float]] | None = None  # fresh seeds reading past k
    seconds: float = 0.0

    @property
    def probabilities(self) -> tuple[Fraction, Fraction]:
        S = len(self.seeds)
        return Fraction(self.successes[0], S), Fraction(self.successes[1], S)

    def __repr__(self) -> str:
        return f"MinimiserBarrier(message={self.message!r}, verdict={self.verdict!r})"

    def to_json(self) -> dict[str, Any]:
        p, m = self.probabilities
        return {
            "kind": "MinimiserBarrier",
            "verdict": self.verdict,
            "message": self.message,
            "k": self.k,
            "n_seeds": len(self.seeds),
            "successes": list(self.successes),
            "p_plus": str(p),
            "p_minus": str(m),
            "both": self.both,
            "nh": self.nh,
            "sampled": self.sampled,
            "intervals": self.intervals,
            "escape": self.escape,
        }


def _budget(max_level: int) -> dict[str, Any]:
    return {"max_level": max_level, "max_queries": 10_000, "timeout": 30.0}


def minimiser_barrier(
    algorithm: RandomisedAlgorithm | Any,
    *,
    n_samples: int | None = None,
    seed: int = 0,
    confidence: float = 0.95,
    max_level: int = 4096,
) -> MinimiserBarrier:
    """Run the adversary on ``algorithm`` (a :class:`RandomisedAlgorithm`, or a deterministic
    callable ``f(oracle) -> (w, b, c, d)``) and certify p₊ + p₋ ≤ 1 on the chosen pair.

    The oracle has one input ``"x"`` of shape (2,); labels, architecture and loss are public in
    ``oracle.problem``. The adversary needs the levels each seed reads on the limit input, so a
    seed that gives no output there (NH or error within the budget) makes the verdict ``unknown``:
    such a run may still succeed on both ι₊ and ι₋ once it reads past k.
    """
    if not isinstance(algorithm, RandomisedAlgorithm):
        if not callable(algorithm):
            raise InvalidArgument(
                f"algorithm={algorithm!r} is invalid: expected a callable f(oracle) or a RandomisedAlgorithm"
            )
        f = algorithm
        algorithm = RandomisedAlgorithm(lambda s: f, seeds=(0,), name=getattr(f, "__qualname__", repr(f)))
    t0 = time.perf_counter()
    sampled = algorithm.seeds is None
    rng = np.random.default_rng(seed)
    if sampled:
        if n_samples is None:
            raise InvalidArgument(
                "n_samples=None is invalid: the algorithm has no finite seed set, pass n_samples >= 1"
            )
        n_samples = check_int("n_samples", n_samples, min_value=1, max_value=10**6)
        seeds = tuple(int(s) for s in rng.integers(0, 2**62, n_samples))
    else:
        seeds = tuple(algorithm.seeds)
    limit = {"x": [Fraction(0), Fraction(0)]}
    budget = _budget(max_level)
    runs0 = {s: run(algorithm.at(s), HonestOracle(limit, problem=PROBLEM, **budget), N=4) for s in seeds}
    m_star = max((r.max_level for r in runs0.values() if r.outcome == OUTPUT), default=0)
    pair = MinimiserPair(max(m_star, 1))
    succ, both, nh = [0, 0], 0, 0
    for s, rec0 in runs0.items():
        if rec0.outcome != OUTPUT:
            nh += 1
            continue
        outs = []
        for sign in (1, -1):
            orc = AdversarialOracle(
                pair.inputs(sign), limit, pair.k, decoy_transcript=rec0.transcript, problem=PROBLEM, **budget
            )
            rec = run(algorithm.at(s), orc, N=4)
            outs.append(rec.output if rec.outcome == OUTPUT else None)
            if rec.transcript != rec0.transcript or rec.output != rec0.output:
                raise InvalidArgument(
                    f"algorithm is invalid: seed {s} gave different reads or outputs on identical "
                    "oracle answers, so it is not a general algorithm (it must depend only on "
                    "the answers and its seed)"
                )
        ok = [o is not None and pair.is_approximate_minimiser(o, sgn) for o, sgn in zip(outs, (1, -1), strict=True)]
        succ[0] += ok[0]
        succ[1] += ok[1]
        both += ok[0] and ok[1]
    S = len(seeds)
    p, m = Fraction(succ[0], S), Fraction(succ[1], S)
    intervals = escape = None
    if sampled:
        from sci_oracle.barrier import clopper_pearson

        intervals = (clopper_pearson(succ[0], S, confidence), clopper_pearson(succ[1], S, confidence))
        # fresh seeds: how often would the algorithm read past k (then the coupling may break)?
        fresh = [int(t) for t in rng.integers(0, 2**62, S)]
        past = sum(
            run(algorithm.at(t), HonestOracle(limit, problem=PROBLEM, **budget), N=4).max_level > pair.k for t in fresh
        )
        escape = (past, S, clopper_pearson(past, S, confidence))
    if nh:
        # the coupling argument needs the reads on the limit input; without them a seed may succeed on
        # both members (e.g. it fails on x2 = 0 and interpolates any non-zero answer exactly)
        verdict = UNKNOWN
        bad = [s for s, r in runs0.items() if r.outcome != OUTPUT]
        msg = (
            f"{nh} of {S} seeds gave no output on the limit input x = (0, 0) (first: seed {bad[0]}: "
            f"{runs0[bad[0]].reason}); the adversary cannot pick k past their reads, so p+ + p- <= 1 is "
            f"not certified (counted over the other seeds: p+ = {p}, p- = {m})"
        )
    elif both == 0 and p + m <= 1:
        verdict = CERTIFIED
        msg = (
            f"p+ = {p}, p- = {m}, p+ + p- = {p + m} <= 1 over {S} coupled seeds at k = {pair.k} "
            f"(no output minimises both; min(p+, p-) = {min(p, m)} <= 1/2)"
        )
    else:  # impossible by the monotonicity proof: report it loudly rather than hide it
        verdict = REFUTED
        msg = f"{both} outputs minimise both members: the disjointness proof is violated (p+ + p- = {p + m})"
    return MinimiserBarrier(
        verdict, msg, pair.k, seeds, (succ[0], succ[1]), both, nh, sampled, intervals, escape, time.perf_counter() - t0
    )


# --------------------------------------------------------------------------- built-in training algorithms
def coin_flip_fitter(level: int = 16) -> RandomisedAlgorithm:
    """Reads x at ``level``; if x₂ reads 0, guesses the sign with a fair coin and returns ρ(±2^level·x),
    else returns the exact interpolant. Seeds 0…15 (even: +, odd: −). It attains p₊ = p₋ = 1/2, so
    the bound p₊ + p₋ ≤ 1 is sharp."""
    level = check_int("level", level, min_value=1, max_value=1 << 16)

    def make(seed: int):
        coin = 1 if seed % 2 == 0 else -1  # the seed *is* the coin: exactly fair on the seed set

        def fit(oracle):
            x2 = oracle.read("x", level, 1)
            if x2 == 0:
                return (Fraction(coin << level), 0, 1, 0)
            return (1 / x2, 0, 1, 0)

        return fit

    return RandomisedAlgorithm(make, seeds=tuple(range(16)), name=f"coin_flip_fitter(level={level})")


def gradient_fitter(level: int = 30, steps: int = 300, lr: float = 0.1) -> RandomisedAlgorithm:
    """Reads x at ``level`` as float64 and fits φ by gradient descent on the squared loss from a
    seeded random start (seeds 0…15): a typical training procedure."""
    level = check_int("level", level, min_value=0, max_value=1 << 16)
    steps = check_int("steps", steps, min_value=1, max_value=10**6)

    def make(seed: int):
        def fit(oracle):
            x = oracle.float64("x", level)
            y = np.array(LABELS, dtype=float)
            r = np.random.default_rng(seed)
            w, b, c, d = r.standard_normal(4)
            for _ in range(steps):
                z = w * x + b
                h = np.maximum(z, 0)
                e = c * h + d - y
                act = (z > 0).astype(float)
                gw, gb = 2 * np.sum(e * c * act * x), 2 * np.sum(e * c * act)
                gc, gd = 2 * np.sum(e * h), 2 * np.sum(e)
                w, b, c, d = w - lr * gw, b - lr * gb, c - lr * gc, d - lr * gd
            return (w, b, c, d)

        return fit

    return RandomisedAlgorithm(make, seeds=tuple(range(16)), name=f"gradient_fitter(level={level}, steps={steps})")
