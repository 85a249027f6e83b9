"""Approximate minimisers of the squared loss over a fixed ReLU architecture that exist, yet no
randomised algorithm computes them with probability > 1/2 (A4).

Bastounis–Hansen–Vlačić [1]_ (Main Results II, the SCI/Δ1-information half of Theorem 2.2) show
that neural networks can exist as approximate minimisers of standard optimisation problems with
standard cost functions while no randomised algorithm computes them with probability better than
1/2. The paper's own construction was not available to the project; this module is the project's
**reconstruction on the paper's kind of problem**: ReLU networks of a fixed architecture, the
squared-loss cost R(v, w) = Σ_j (v_j − w_j)² (R = 0 iff v = w), training inputs given through
Δ1 oracles and exact labels:

* architecture (1, 1, 1): φ_θ(x) = c·ρ(w·x + b) + d, θ = (w, b, c, d), ρ = ReLU;
* training sets ι = {(x₁, 0), (x₂, 1)} with R_ι(θ) = φ_θ(x₁)² + (φ_θ(x₂) − 1)²;
  ι₊: x = (0, 2^-k), ι₋: x = (0, −2^-k); the limit x = (0, 0) (a tie: one input, two labels);
* **existence (non-vacuous)**: θ± = (±2^k, 0, 1, 0) interpolates ι± exactly, so inf R_ι± = 0 is
  attained in the architecture; a κ-approximate minimiser is a θ with R_ι(θ) ≤ inf R_ι + κ = κ;
* **disjointness**: every φ_θ is monotone (ρ of an affine map, scaled and shifted). If φ is
  nondecreasing, φ(−2^-k) ≤ φ(0), so R₋(θ) ≥ φ(0)² + (min(φ(0), 1) − 1)² ≥ min_a a² + (1 − a)² = 1/2;
  if nonincreasing, R₊(θ) ≥ 1/2 likewise. So max(R₊, R₋) ≥ 1/2 for every θ, and with κ < 1/2 no θ
  is a κ-approximate minimiser of both (κ = 1/2 is sharp: the constant 1/2 has loss 1/2 on both);
* the answers (0, 0) are legal for ι₊, ι₋ and the limit at every level n ≤ k (|±2^-k| ≤ 2^-n).

The approximate minimisers here are accurate (they interpolate) but steep: a κ-approximate minimiser
of ι₊ rises by φ(2^-k) − φ(0) ≥ 1 − √(2κ) over the distance 2^-k (a + (1 − b) ≤ √(2κ) when
a² + (1 − b)² ≤ κ). That is forced, not a choice: with the cost measured
on values, a network with a Lipschitz constant bounded independently of k has nearly the same cost on
ι₊ and ι₋ once 2^-k is small, so its sets of approximate minimisers would overlap.

The adversary (:func:`minimiser_barrier`): run the algorithm on the limit, record the deepest level
m* over the seeds (a seed with no output there leaves the verdict ``unknown``), take k = max(m*, 1),
replay through :class:`~sci_oracle.core.oracle.AdversarialOracle`\\ s for ι₊ and ι₋ (which check,
exactly, that every answer is legal), and count, exactly, on which member each seed's single output
is a κ-approximate minimiser (at most one, by disjointness). Hence p₊ + p₋ ≤ 1 and
min(p₊, p₋) ≤ 1/2: exact fractions over a finite seed set, Clopper–Pearson intervals for sampled
seeds. :func:`coin_flip_fitter` attains p₊ = p₋ = 1/2, so the bound is sharp (not vacuous).

References
----------
.. [1] A. Bastounis, A. C. Hansen, V. Vlačić, "The mathematics of adversarial attacks in AI",
   arXiv:2109.06098, Theorem 2.2 and §§9–10 (SCI framework, Δ1 information).
.. [2] M. J. Colbrook, V. Antun, A. C. Hansen, PNAS 119(12) e2107151119 (2022), Theorem 1 (the
   same indistinguishable-pair argument).
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
    "MinimiserBarrier",
    "ReluPair",
    "coin_flip_fitter",
    "exact_solver",
    "minimiser_barrier",
    "subgradient_fitter",
]

KAPPA = Fraction(1, 4)  # any κ < 1/2 makes the two sets of approximate minimisers disjoint
LABELS = (0, 1)
LIMIT = {"x": [Fraction(0), Fraction(0)]}
PROBLEM = {
    "network": "phi(x) = c*relu(w*x + b) + d (ReLU architecture (1, 1, 1))",
    "training_set": "{(x[0], 0), (x[1], 1)}: two inputs in R, read through the oracle 'x' of shape (2,); labels exact",
    "cost": "R(theta) = phi(x[0])^2 + (phi(x[1]) - 1)^2 (squared loss)",
    "output": "theta = (w, b, c, d)",
    "kappa": str(KAPPA),
}


def _as_weights(theta: Any) -> tuple[Fraction, Fraction, Fraction, Fraction] | None:
    """An output θ = (w, b, c, d) as exact rationals (binary64 exactly), or None when it is not one."""
    try:
        vals = tuple(theta)
        if len(vals) != 4:
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
        return out[0], out[1], out[2], out[3]
    except (TypeError, ValueError):
        return None


def network_value(theta: Sequence[Fraction], x: Fraction) -> Fraction:
    """φ_θ(x) = c·ρ(w·x + b) + d, exact."""
    w, b, c, d = theta
    return c * max(w * x + b, Fraction(0)) + d


@dataclass(frozen=True)
class ReluPair:
    """ι₊ = {(0, 0), (2^-k, 1)} and ι₋ = {(0, 0), (−2^-k, 1)}: exact squared losses, minimisers, tests."""

    k: int

    def __post_init__(self) -> None:
        check_int("k", self.k, min_value=0, max_value=1 << 20)

    def point(self, sign: int) -> list[Fraction]:
        return [Fraction(0), Fraction(sign, 1 << self.k)]

    def inputs(self, sign: int) -> dict[str, list[Fraction]]:
        return {"x": self.point(sign)}

    def cost(self, theta: Sequence[Any], sign: int) -> Fraction:
        """R_ι±(θ) = φ_θ(0)² + (φ_θ(±2^-k) − 1)², exact."""
        t = _as_weights(theta)
        if t is None:
            raise InvalidArgument(f"theta={theta!r} is invalid: expected four finite numbers (w, b, c, d)")
        x = self.point(sign)
        return sum((network_value(t, xi) - yi) ** 2 for xi, yi in zip(x, LABELS, strict=True))

    def minimiser(self, sign: int) -> tuple[Fraction, Fraction, Fraction, Fraction]:
        """θ± = (±2^k, 0, 1, 0): φ(x) = ρ(±2^k·x) interpolates ι± (cost 0 = inf)."""
        return Fraction(sign * (1 << self.k)), Fraction(0), Fraction(1), Fraction(0)

    def is_approximate_minimiser(self, theta: Any, sign: int) -> bool:
        """R_ι±(θ) ≤ inf R_ι± + κ = κ (inf = 0, attained by :meth:`minimiser`)."""
        return _as_weights(theta) is not None and self.cost(theta, sign) <= KAPPA

    def __repr__(self) -> str:
        return f"ReluPair(k={self.k})"


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
    callable ``f(oracle) -> (w, b, c, d)``) and certify p₊ + p₋ ≤ 1 on the chosen :class:`ReluPair`.

    The oracle has one input ``"x"`` of shape (2,); the labels, network and cost are public in
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
    runs0 = {s: run(algorithm.at(s), HonestOracle(limit, problem=PROBLEM, **budget), N=4) for s in seeds}
    m_star = max((r.max_level for r in runs0.values() if r.outcome == OUTPUT), default=0)
    pair = ReluPair(max(m_star, 1))
    succ, both, nh = [0, 0], 0, 0
    recorded: list[dict[str, Any]] = []
    for s, rec0 in runs0.items():
        if rec0.outcome != OUTPUT:
            nh += 1
            continue
        w = _as_weights(rec0.output)  # None: not four finite numbers, a failure on both members
        recorded.append(
            {
                "seed": s,
                "transcript": rec0.transcript.to_json(),
                "outcome": "output" if w is not None else "error",
                "output": None if w is None else [str(c) for c in w],
            }
        )
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
        # both members (e.g. it fails on the tie x = (0, 0) and interpolates any untied answer exactly)
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
    else:  # impossible for monotone nets and κ < 1/2: report it loudly rather than hide it
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
    from a ``relu-runs`` claim (``sci-oracle verify --algorithm``): the same queries to the end of the
    transcript (no more), and the same exact output, or (an ``error`` run) again not four finite numbers."""
    oracle = ReplayOracle(Transcript.from_json(record["transcript"]), {"x": (2,)}, problem=PROBLEM)
    seed = record.get("seed")
    if seed is not None and not hasattr(algorithm, "at"):
        return False, "a seed is recorded but the algorithm is deterministic"
    rec = run(algorithm.at(seed) if seed is not None else algorithm, oracle, N=4)
    if rec.outcome != OUTPUT:
        return False, f"no output: {rec.reason}"
    if not oracle.exhausted:
        return False, "it stopped before reading the whole transcript"
    w = _as_weights(rec.output)
    if record.get("outcome") == "error":
        return (
            (False, "four finite numbers where the recorded run gave none")
            if w is not None
            else (True, "same queries, no valid output")
        )
    if w is None or [str(c) for c in w] != record["output"]:
        return False, "a different output from the recorded one"
    return True, "same queries, same output"


# --------------------------------------------------------------------------- built-in training algorithms
def _interpolant(x0: Fraction, x1: Fraction, side: int, level: int) -> tuple[Fraction, Fraction, Fraction, Fraction]:
    """The exact zero-loss net of the read data: ρ((x − x₀)/(x₁ − x₀)) when x₁ ≠ x₀, else the net
    ρ(side·2^level·(x − x₀)) that interpolates a member whose second input is x₀ + side·2^-level."""
    if x1 != x0:
        w = 1 / (x1 - x0)
        return w, -w * x0, Fraction(1), Fraction(0)
    w = Fraction(side * (1 << level))
    return w, -w * x0, Fraction(1), Fraction(0)


def coin_flip_fitter(level: int = 16) -> RandomisedAlgorithm:
    """Reads x at ``level``; if the two inputs read equal, a fair coin (the seed's parity) picks the
    side of the label-1 input and it returns the net that interpolates that side at distance
    2^-level; otherwise the exact interpolant of the read data. Seeds 0…15. It attains p₊ = p₋ = 1/2
    when k = level, so the bound p₊ + p₋ ≤ 1 is sharp."""
    level = check_int("level", level, min_value=1, max_value=1 << 16)

    def make(seed: int):
        side = 1 if seed % 2 == 0 else -1  # the seed *is* the coin: exactly fair on the seed set

        def fit(oracle):
            return _interpolant(oracle.read("x", level, 0), oracle.read("x", level, 1), side, level)

        return fit

    return RandomisedAlgorithm(make, seeds=tuple(range(16)), name=f"coin_flip_fitter(level={level})")


def exact_solver(level: int = 20) -> RandomisedAlgorithm:
    """A deterministic solver: reads x at ``level`` and returns the exact interpolant of the read data,
    breaking a tie towards the right (one seed). On the pair it succeeds on ι₊ and fails on ι₋:
    p₊ = 1, p₋ = 0."""
    level = check_int("level", level, min_value=1, max_value=1 << 16)

    def make(seed: int):
        def fit(oracle):
            return _interpolant(oracle.read("x", level, 0), oracle.read("x", level, 1), 1, level)

        return fit

    return RandomisedAlgorithm(make, seeds=(0,), name=f"exact_solver(level={level})")


def subgradient_fitter(level: int = 30, steps: int = 400, lr: float = 0.05) -> RandomisedAlgorithm:
    """Reads x at ``level`` as float64 and minimises the squared loss of c·ρ(w·x + b) + d by
    subgradient descent (step lr/√t, ρ'(0) = 0) from a seeded random start (seeds 0…15): a typical
    training procedure for the architecture."""
    level = check_int("level", level, min_value=0, max_value=1 << 16)
    steps = check_int("steps", steps, min_value=1, max_value=10**6)

    def make(seed: int):
        def fit(oracle):
            x = oracle.float64("x", level)
            y = np.array(LABELS, dtype=float)
            w, b, c, d = np.random.default_rng(seed).uniform(-1, 1, 4)
            for t in range(1, steps + 1):
                pre = w * x + b
                h = np.maximum(pre, 0.0)
                r = 2 * (c * h + d - y)  # d(loss)/d(output) per point
                act = (pre > 0).astype(float)
                gw, gb = np.sum(r * c * act * x), np.sum(r * c * act)
                gc, gd = np.sum(r * h), np.sum(r)
                eta = lr / math.sqrt(t)
                w, b, c, d = w - eta * gw, b - eta * gb, c - eta * gc, d - eta * gd
            return (float(w), float(b), float(c), float(d))

        return fit

    return RandomisedAlgorithm(make, seeds=tuple(range(16)), name=f"subgradient_fitter(level={level}, steps={steps})")
