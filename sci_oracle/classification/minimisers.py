"""Approximate minimisers that are stable and far apart, yet no randomised algorithm computes them
with probability > 1/2 (A4).

Bastounis–Hansen–Vlačić [1]_ (Main Results II, the SCI/Δ1-information half of Theorem 2.2) show
that networks can exist as approximate minimisers of standard costs while no randomised algorithm
computes them with probability better than 1/2. This module runs the project's *analogue* of that
mechanism on a tie instance in the style of Colbrook–Antun–Hansen [2]_ (Theorem 1's family); it is
not the paper's construction:

* network φ_w(x) = w·x on x ∈ ℝ² (one affine layer, no bias), the training set ι = {(a, 1)} of one
  point a ∈ ℝ² with label 1, and the square-root-LASSO cost R_a(w) = λ‖w‖₁ + |w·a − 1|, λ = 1/2;
* ι₊: a = (1 + 2^-k, 1) and ι₋: a = (1, 1 + 2^-k). Each has the unique minimiser
  w₊ = e₁/(1 + 2^-k), resp. w₋ = e₂/(1 + 2^-k) (for a_j > λ the minimum of R_a is λ/max_j a_j,
  attained only at e_j/a_j with j = argmax a; :meth:`TiePair.certify_minimiser` checks it exactly);
* both minimisers are **stable**: φ_{w±} has Lipschitz constant ‖w±‖₂ < 1 for every k;
* they are **far apart**: ‖w₊ − w₋‖₂ = √2/(1 + 2^-k) ≥ 2√2/3 > 2κ (and > 1 once k ≥ 2), and
  sup_{‖x‖∞ ≤ 1} |φ_{w₊} − φ_{w₋}| = 2/(1 + 2^-k) > 1. A κ-approximate minimiser is a w with ‖w − w±‖₂ < κ = 1/4 (argument accuracy,
  as in [2]_); the two sets are disjoint, while their objective values differ by only ≈ λ·2^-k;
* a is given only through a Δ1 oracle, and the answer (1, 1) (the limit, a tie whose minimisers form
  the segment [e₁, e₂]) is legal for both at every level n ≤ k.

The adversary (:func:`minimiser_barrier`): run the algorithm on the limit a⁰ = (1, 1), record the
deepest level m* over the seeds (a seed with no output there leaves the verdict ``unknown``), take
k = max(m*, 1), replay through :class:`~sci_oracle.core.oracle.AdversarialOracle`\\ s for ι₊ and ι₋
(which check, exactly, that every answer is legal), and certify, exactly, that each seed's single
output is an approximate minimiser for at most one of them. Hence p₊ + p₋ ≤ 1 and
min(p₊, p₋) ≤ 1/2: exact fractions over a finite seed set, Clopper–Pearson intervals for sampled
seeds. :func:`coin_flip_fitter` attains p₊ = p₋ = 1/2, so the bound is sharp (not vacuous).

References
----------
.. [1] A. Bastounis, A. C. Hansen, V. Vlačić, "The mathematics of adversarial attacks in AI",
   arXiv:2109.06098, Theorem 2.2 and §§9–10 (SCI framework, Δ1 information).
.. [2] M. J. Colbrook, V. Antun, A. C. Hansen, PNAS 119(12) e2107151119 (2022), Theorem 1.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from sci_oracle.algorithms.base import OUTPUT, RandomisedAlgorithm, run
from sci_oracle.core.errors import InvalidArgument
from sci_oracle.core.oracle import AdversarialOracle, HonestOracle, ReplayOracle, Transcript
from sci_oracle.core.report import CERTIFIED, REFUTED, UNKNOWN
from sci_oracle.core.validation import check_int

__all__ = [
    "KAPPA",
    "LAMBDA",
    "MinimiserBarrier",
    "TiePair",
    "coin_flip_fitter",
    "exact_solver",
    "minimiser_barrier",
    "subgradient_fitter",
]

KAPPA = Fraction(1, 4)
LAMBDA = Fraction(1, 2)
LIMIT = {"a": [Fraction(1), Fraction(1)]}
PROBLEM = {
    "network": "phi_w(x) = w . x on R^2 (one affine layer, no bias)",
    "training_set": "{(a, 1)}: one point a in R^2, label 1",
    "cost": "R_a(w) = lambda*||w||_1 + |w . a - 1|",
    "lambda": str(LAMBDA),
    "output": "(w1, w2)",
    "kappa": str(KAPPA),
}


def _as_weights(w: Any) -> tuple[Fraction, Fraction] | None:
    """An output (w1, w2) as exact rationals (binary64 exactly), or None when it is not one."""
    try:
        vals = tuple(w)
        if len(vals) != 2:
            return None
        out = []
        for v in vals:
            if isinstance(v, Fraction):
                out.append(v)
            elif isinstance(v, (int, np.integer)):
                out.append(Fraction(int(v)))
            else:
                f = float(v)
                if not math.isfinite(f):
                    return None
                out.append(Fraction(f))
        return out[0], out[1]
    except (TypeError, ValueError):
        return None


@dataclass(frozen=True)
class TiePair:
    """ι₊ = {((1 + 2^-k, 1), 1)} and ι₋ = {((1, 1 + 2^-k), 1)}: exact costs, minimisers and tests."""

    k: int

    def __post_init__(self) -> None:
        check_int("k", self.k, min_value=0, max_value=1 << 20)

    def point(self, sign: int) -> list[Fraction]:
        e = Fraction(1, 1 << self.k)
        return [1 + e, Fraction(1)] if sign > 0 else [Fraction(1), 1 + e]

    def inputs(self, sign: int) -> dict[str, list[Fraction]]:
        return {"a": self.point(sign)}

    def cost(self, w: Sequence[Any], sign: int) -> Fraction:
        w1, w2 = _as_weights(w) or (None, None)
        if w1 is None:
            raise InvalidArgument(f"w={w!r} is invalid: expected two finite numbers (w1, w2)")
        a1, a2 = self.point(sign)
        return LAMBDA * (abs(w1) + abs(w2)) + abs(w1 * a1 + w2 * a2 - 1)

    def minimiser(self, sign: int) -> tuple[Fraction, Fraction]:
        a = 1 + Fraction(1, 1 << self.k)
        return (1 / a, Fraction(0)) if sign > 0 else (Fraction(0), 1 / a)

    def certify_minimiser(self, sign: int) -> bool:
        """Exact KKT check that w± is the unique minimiser: v = −1 (the residual's subgradient at
        w·a = 1 may be any v ∈ [−1, 1]) gives a_i·v + λ·∂|w_i| ∋ 0 on the support (λ/a_j ≤ 1 there
        since a_j > λ) and |a_i|/a_j < 1 strictly off it, which makes the minimiser unique."""
        a = self.point(sign)
        j = 0 if sign > 0 else 1
        aj, ai = a[j], a[1 - j]
        w = self.minimiser(sign)
        return aj > LAMBDA and w[j] * aj == 1 and w[1 - j] == 0 and abs(ai) < aj

    def lipschitz(self, sign: int) -> Fraction:
        """‖w±‖₂² (the squared Lipschitz constant of φ_{w±}, < 1 for every k)."""
        w = self.minimiser(sign)
        return w[0] ** 2 + w[1] ** 2

    def separation2(self) -> Fraction:
        """‖w₊ − w₋‖₂² = 2/(1 + 2^-k)² (≥ 8/9 > 4κ² for every k, > 1 once k ≥ 2)."""
        a, b = self.minimiser(1), self.minimiser(-1)
        return (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2

    def is_approximate_minimiser(self, w: Any, sign: int) -> bool:
        ww = _as_weights(w)
        if ww is None:
            return False
        m = self.minimiser(sign)
        return (ww[0] - m[0]) ** 2 + (ww[1] - m[1]) ** 2 < KAPPA**2

    def __repr__(self) -> str:
        return f"TiePair(k={self.k})"


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
    runs: list[dict[str, Any]] | None = None  # per seed: the limit transcript and the exact output (for the kernel)

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
    callable ``f(oracle) -> (w1, w2)``) and certify p₊ + p₋ ≤ 1 on the chosen :class:`TiePair`.

    The oracle has one input ``"a"`` of shape (2,); the label, network and cost are public in
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
    limit = LIMIT
    budget = _budget(max_level)
    runs0 = {s: run(algorithm.at(s), HonestOracle(limit, problem=PROBLEM, **budget), N=2) for s in seeds}
    m_star = max((r.max_level for r in runs0.values() if r.outcome == OUTPUT), default=0)
    pair = TiePair(max(m_star, 1))
    succ, both, nh = [0, 0], 0, 0
    recorded: list[dict[str, Any]] = []
    for s, rec0 in runs0.items():
        if rec0.outcome != OUTPUT:
            nh += 1
            continue
        w = _as_weights(rec0.output)
        out_json = None if w is None else [str(c) for c in w]
        recorded.append({"seed": s, "transcript": rec0.transcript.to_json(), "output": out_json})
        outs = []
        for sign in (1, -1):
            orc = AdversarialOracle(
                pair.inputs(sign), limit, pair.k, decoy_transcript=rec0.transcript, problem=PROBLEM, **budget
            )
            rec = run(algorithm.at(s), orc, N=2)
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
            run(algorithm.at(t), HonestOracle(limit, problem=PROBLEM, **budget), N=2).max_level > pair.k for t in fresh
        )
        escape = (past, S, clopper_pearson(past, S, confidence))
    if nh:
        # the coupling argument needs the reads on the limit input; without them a seed may succeed on
        # both members (e.g. it fails on x2 = 0 and interpolates any non-zero answer exactly)
        verdict = UNKNOWN
        bad = [s for s, r in runs0.items() if r.outcome != OUTPUT]
        msg = (
            f"{nh} of {S} seeds gave no output on the limit input a = (1, 1) (first: seed {bad[0]}: "
            f"{runs0[bad[0]].reason}); the adversary cannot pick k past their reads, so p+ + p- <= 1 is "
            f"not certified (counted over the other seeds: p+ = {p}, p- = {m})"
        )
    elif both == 0 and p + m <= 1:
        verdict = CERTIFIED
        msg = (
            f"p+ = {p}, p- = {m}, p+ + p- = {p + m} <= 1 over {S} coupled seeds at k = {pair.k} "
            f"(no output minimises both; min(p+, p-) = {min(p, m)} <= 1/2)"
        )
    else:  # impossible by the separation ‖w₊ − w₋‖ > 2κ: report it loudly rather than hide it
        verdict = REFUTED
        msg = f"{both} outputs minimise both members: the disjointness proof is violated (p+ + p- = {p + m})"
    return MinimiserBarrier(
        verdict,
        msg,
        pair.k,
        seeds,
        (succ[0], succ[1]),
        both,
        nh,
        sampled,
        intervals,
        escape,
        time.perf_counter() - t0,
        runs=recorded,
    )


def replay(record: dict[str, Any], algorithm: Any) -> tuple[bool, str]:
    """Rerun ``algorithm`` (seeded via ``.at(seed)``, or a callable) on one run the kernel recorded
    from a ``tie-runs`` claim (``sci-oracle verify --algorithm``): same queries, same exact output."""
    oracle = ReplayOracle(Transcript.from_json(record["transcript"]), {"a": (2,)}, problem=PROBLEM)
    seed = record.get("seed")
    if seed is not None and not hasattr(algorithm, "at"):
        return False, "a seed is recorded but the algorithm is deterministic"
    rec = run(algorithm.at(seed) if seed is not None else algorithm, oracle, N=2)
    if rec.outcome != OUTPUT:
        return False, f"no output: {rec.reason}"
    w = _as_weights(rec.output)
    if w is None or [str(c) for c in w] != record["output"]:
        return False, "a different output from the recorded one"
    if not oracle.exhausted:
        return False, "it stopped before reading the whole transcript"
    return True, "same queries, same output"


# --------------------------------------------------------------------------- built-in training algorithms
def coin_flip_fitter(level: int = 16) -> RandomisedAlgorithm:
    """Reads a at ``level``; if the two entries read equal, guesses the larger with a fair coin and
    returns e_j/a_j, else returns the exact minimiser of the read data. Seeds 0…15 (even: e₁, odd: e₂).
    It attains p₊ = p₋ = 1/2 when k ≥ level, so the bound p₊ + p₋ ≤ 1 is sharp."""
    level = check_int("level", level, min_value=1, max_value=1 << 16)

    def make(seed: int):
        first = seed % 2 == 0  # the seed *is* the coin: exactly fair on the seed set

        def fit(oracle):
            a1, a2 = oracle.read("a", level, 0), oracle.read("a", level, 1)
            j = (0 if first else 1) if a1 == a2 else (0 if a1 > a2 else 1)
            aj = a1 if j == 0 else a2
            return (1 / aj, Fraction(0)) if j == 0 else (Fraction(0), 1 / aj)

        return fit

    return RandomisedAlgorithm(make, seeds=tuple(range(16)), name=f"coin_flip_fitter(level={level})")


def exact_solver(level: int = 20) -> RandomisedAlgorithm:
    """A deterministic solver: reads a at ``level`` and returns the exact minimiser of the read data,
    breaking a tie towards e₁ (one seed). On the pair it succeeds on ι₊ and fails on ι₋: p₊ = 1, p₋ = 0."""
    level = check_int("level", level, min_value=1, max_value=1 << 16)

    def make(seed: int):
        def fit(oracle):
            a1, a2 = oracle.read("a", level, 0), oracle.read("a", level, 1)
            return (1 / a1, Fraction(0)) if a1 >= a2 else (Fraction(0), 1 / a2)

        return fit

    return RandomisedAlgorithm(make, seeds=(0,), name=f"exact_solver(level={level})")


def subgradient_fitter(level: int = 30, steps: int = 400, lr: float = 0.05) -> RandomisedAlgorithm:
    """Reads a at ``level`` as float64 and minimises R_a by subgradient descent (step lr/√t) from a
    seeded random start (seeds 0…15): a typical training procedure."""
    level = check_int("level", level, min_value=0, max_value=1 << 16)
    steps = check_int("steps", steps, min_value=1, max_value=10**6)

    def make(seed: int):
        def fit(oracle):
            a = oracle.float64("a", level)
            w = np.random.default_rng(seed).uniform(0, 1, 2)
            lam = float(LAMBDA)
            for t in range(1, steps + 1):
                g = lam * np.sign(w) + np.sign(w @ a - 1) * a
                w = w - lr / math.sqrt(t) * g
            return (float(w[0]), float(w[1]))

        return fit

    return RandomisedAlgorithm(make, seeds=tuple(range(16)), name=f"subgradient_fitter(level={level}, steps={steps})")
