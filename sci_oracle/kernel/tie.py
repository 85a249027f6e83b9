"""Claim checkers for the approximate-minimiser barrier (BHV A4, proofs/bhv.py Theorem A4).

Bastounis–Hansen–Vlačić, arXiv:2109.06098, Theorem 2.2 and §§9–10 (Δ1 information), in the
project's reconstruction on the paper's kind of problem: ReLU networks φ_θ(x) = c·ρ(w·x + b) + d of
the fixed architecture (1, 1, 1), θ = (w, b, c, d), the squared loss R_ι(θ) = φ(x₀)² + (φ(x₁) − 1)²
of a two-point training set ι = {(x₀, 0), (x₁, 1)}; ι₊: x = (0, 2^-k), ι₋: x = (0, −2^-k), the
limit x = (0, 0). A κ-approximate minimiser of ι is a θ with R_ι(θ) ≤ inf R_ι + κ.

Each kind is a kernel template (its text and cost bound are in :mod:`sci_oracle.kernel.templates`):
the statement is the few parameters below, and everything else is evidence checked against it.

- ``relu-pair`` {k, kappa}; evidence {minimisers: [θ₊, θ₋]}. Each θ± has loss exactly 0 on ι±
  (so inf R_ι± = 0, attained in the architecture), and 0 < κ < 1/2. Then no θ is a κ-approximate
  minimiser of both: φ_θ is monotone (ρ of an affine map, scaled and shifted); if nondecreasing,
  φ(−2^-k) ≤ φ(0) and R₋(θ) ≥ φ(0)² + (min(φ(0), 1) − 1)² ≥ 1/2, if nonincreasing R₊(θ) ≥ 1/2.
  Cost: O(1) rational operations.
- ``relu-runs`` {k, kappa, algorithm, seeds, p_plus, p_minus, attained}; evidence {runs: one
  {seed, transcript, outcome, output} per seed}. Every transcript reads levels ≤ k and is legal for
  the limit and both members (so the one output is the run's output on each); an ``output`` run
  has four exact numbers θ, an ``error`` run (the algorithm's output was not four finite numbers)
  has ``null`` and counts as a failure on both members; p± is recounted exactly from the outputs'
  losses; p₊ + p₋ ≤ 1, and when ``attained``, p₊, p₋ > 0 with p₊ + p₋ = 1. What the kernel takes as
  recorded: that the named algorithm produced these runs, with these outcomes (``verify
  --algorithm`` reruns them). Cost: O(Σ answers + seeds) rational operations; answers ≤ 100,000 per
  transcript, levels ≤ 2^16, seeds ≤ 10,000.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, ClassVar

from sci_oracle.kernel import numbers as q
from sci_oracle.kernel import transcripts as T
from sci_oracle.kernel.claims import CERTIFIED, Context, _keys, _seed, algorithm
from sci_oracle.kernel.numbers import KernelError
from sci_oracle.kernel.stripes import items, rat

MAX_SEEDS = 10_000
OUTCOMES = ("output", "error")  # error: the run's output was not four finite numbers (a failure on both)
LABELS = (Fraction(0), Fraction(1))


class _Pair:
    """ι₊ / ι₋ / the limit as a one-input instance for :func:`transcripts.check_legal`."""

    shapes: ClassVar[dict[str, tuple[int, ...]]] = {"x": (2,)}

    def __init__(self, x: list[Fraction]) -> None:
        self.x = x

    def entry(self, name: str, index: tuple[int, ...]) -> Fraction:
        return self.x[index[0]]

    def flat(self, name: str) -> list[Fraction]:
        return list(self.x)


def _members(st: dict[str, Any]) -> tuple[int, Fraction, list[list[Fraction]]]:
    k = q.integer(st["k"], "statement k", 1, T.MAX_LEVEL)
    kappa = rat(st["kappa"], "statement kappa", Fraction(0))
    if not kappa < Fraction(1, 2):
        raise KernelError("statement kappa: must lie in (0, 1/2), where the approximate minimisers are disjoint")
    s = Fraction(1, 1 << k)
    return k, kappa, [[Fraction(0), s], [Fraction(0), -s]]


def _theta(v: Any, what: str) -> list[Fraction]:
    return [rat(c, what) for c in items(v, what, 4, 4)]


def loss(theta: list[Fraction], x: list[Fraction]) -> Fraction:
    """R(θ) = Σ (c·ρ(w·x_j + b) + d − y_j)², exact."""
    w, b, c, d = theta
    return sum(
        ((c * max(w * xj + b, Fraction(0)) + d - yj) ** 2 for xj, yj in zip(x, LABELS, strict=True)), Fraction(0)
    )


def relu_pair(st: Any, ev: Any, ctx: Context) -> str:
    st = _keys(st, {"kind", "k", "kappa"}, "statement", "relu-pair")
    ev = _keys(ev, {"minimisers"}, "evidence")
    _, _, members = _members(st)
    thetas = items(ev["minimisers"], "evidence minimisers", 2, 2)
    for j, (x, th) in enumerate(zip(members, thetas, strict=True)):
        if loss(_theta(th, f"evidence minimiser {j}"), x) != 0:
            raise KernelError(f"minimisers: net {j} does not interpolate member {'+-'[j]} (loss != 0)")
    return CERTIFIED


def relu_runs(st: Any, ev: Any, ctx: Context) -> str:
    keys = {"kind", "k", "kappa", "algorithm", "seeds", "p_plus", "p_minus", "attained"}
    st = _keys(st, keys, "statement", "relu-runs")
    k, kappa, members = _members(st)
    algorithm(st["algorithm"])
    if type(st["attained"]) is not bool:
        raise KernelError("statement attained: a boolean")
    seeds = [_seed(s, "statement seeds") for s in items(st["seeds"], "statement seeds", 1, MAX_SEEDS)]
    if len(set(seeds)) != len(seeds):
        raise KernelError("statement seeds: a seed is listed twice")
    runs = items(_keys(ev, {"runs"}, "evidence")["runs"], "evidence runs", len(seeds), len(seeds))
    succ = [0, 0]
    limit = _Pair([Fraction(0), Fraction(0)])
    for i, (s, r) in enumerate(zip(seeds, runs, strict=True)):
        r = _keys(r, {"seed", "transcript", "outcome", "output"}, f"run {i}")
        if r["seed"] != s:
            raise KernelError(f"run {i}: seed differs from the statement's (one run per seed, in order)")
        tr = T.parse(r["transcript"], _Pair.shapes, "entrywise", f"run {i} transcript")
        if T.max_level(tr) > k:
            raise KernelError(f"run {i}: reads level {T.max_level(tr)} > k = {k}")
        for inst in (limit, *map(_Pair, members)):
            T.check_legal(tr, inst, "entrywise", f"run {i} transcript")  # type: ignore[arg-type]
        out = r["output"]
        if r["outcome"] not in OUTCOMES or (out is None) != (r["outcome"] == "error"):
            raise KernelError(f"run {i}: outcome output with four exact numbers, or error with output null")
        theta = None if out is None else _theta(out, f"run {i} output")
        for j, x in enumerate(members):
            succ[j] += theta is not None and loss(theta, x) <= kappa
        ctx.record(
            {
                "family": {"family": "tie", "k": k},
                "instance": None,
                "seed": s,
                "transcript": r["transcript"],
                "output": out,
            },
            st["algorithm"],
            outcome=r["outcome"],
        )
    pp, pm = (Fraction(c, len(seeds)) for c in succ)
    if rat(st["p_plus"], "statement p_plus") != pp or rat(st["p_minus"], "statement p_minus") != pm:
        raise KernelError(f"p: the runs give p+ = {pp}, p- = {pm}, not the statement's")
    if pp + pm > 1:
        raise KernelError(f"p: p+ + p- = {pp + pm} > 1")
    if st["attained"] and not (pp > 0 and pm > 0 and pp + pm == 1):
        raise KernelError("attained: needs p+ > 0, p- > 0 and p+ + p- = 1")
    return CERTIFIED
