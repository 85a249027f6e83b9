"""Claim checkers for the approximate-minimiser analogue (BHV A4, proofs/bhv.py Theorem A4).

Bastounis–Hansen–Vlačić, arXiv:2109.06098, Theorem 2.2 and §§9–10 (Δ1 information), in the
project's analogue: φ_w(x) = w·x, one training point a with label 1 and the cost
R_a(w) = λ‖w‖₁ + |w·a − 1|; ι₊: a = (1 + 2^-k, 1), ι₋: a = (1, 1 + 2^-k), the limit a = (1, 1).

- ``tie-pair``: each member's unique, stable minimiser, and their separation.
- ``tie-runs``: p₊, p₋ recounted from each seed's recorded transcript (legal for the limit and
  both members) and exact output; p₊ + p₋ ≤ 1, and, when ``attained``, p₊, p₋ > 0 with p₊ + p₋ = 1.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, ClassVar

from sci_oracle.kernel import numbers as q
from sci_oracle.kernel import transcripts as T
from sci_oracle.kernel.claims import CERTIFIED, Context, _keys, _seed
from sci_oracle.kernel.numbers import KernelError
from sci_oracle.kernel.stripes import items, rat


class _Tie:
    """ι₊ / ι₋ / the limit as a one-input instance for :func:`transcripts.check_legal`."""

    shapes: ClassVar[dict[str, tuple[int, ...]]] = {"a": (2,)}

    def __init__(self, a: list[Fraction]) -> None:
        self.a = a

    def entry(self, name: str, index: tuple[int, ...]) -> Fraction:
        return self.a[index[0]]

    def flat(self, name: str) -> list[Fraction]:
        return list(self.a)


def _tie(st: Any) -> tuple[int, Fraction, list[list[Fraction]], list[list[Fraction]]]:
    k = q.integer(st["k"], "statement k", 1, T.MAX_LEVEL)
    kappa = rat(st["kappa"], "statement kappa", Fraction(0))
    e = 1 + Fraction(1, 2**k)
    pts = [[e, Fraction(1)], [Fraction(1), e]]
    return k, kappa, pts, [[1 / e, Fraction(0)], [Fraction(0), 1 / e]]


def tie_pair(st: Any, ev: Any, ctx: Context) -> str:
    """R_a(w) = λ‖w‖₁ + |w·a − 1| with ‖w‖₁ = t: w·a ≤ a_j t (a_j = max|a_i|), so R ≥ λt + max(0, 1 − a_j t)
    ≥ λ/a_j when a_j > λ, with equality only at t = 1/a_j and all mass on the j with |a_i| = a_j: w = e_j/a_j
    is the unique minimiser when |a_i| < a_j for i ≠ j. Checked for ι±, with ‖w±‖² < 1 (Lipschitz < 1)
    and ‖w₊ − w₋‖² > max(1, 4κ²)."""
    st = _keys(st, {"kind", "k", "kappa", "lambda"}, "statement", "tie-pair")
    _keys(ev, {"separation2"}, "evidence")
    _, kappa, pts, mins = _tie(st)
    lam = rat(st["lambda"], "statement lambda", Fraction(0))
    for j, (a, w) in enumerate(zip(pts, mins, strict=True)):
        if not (a[j] > lam and abs(a[1 - j]) < a[j] and w[j] * a[j] == 1 and w[1 - j] == 0 and w[j] ** 2 < 1):
            raise KernelError(f"tie-pair: member {j + 1}'s minimiser fails the uniqueness conditions")
    d2 = sum((u - v) ** 2 for u, v in zip(*mins, strict=True))
    if rat(ev["separation2"], "evidence separation2") != d2 or not d2 > max(1, 4 * kappa**2):
        raise KernelError("separation2: not ||w+ - w-||^2, or not > max(1, 4 kappa^2)")
    return CERTIFIED


def tie_runs(st: Any, ev: Any, ctx: Context) -> str:
    """Each seed's run reads a only at levels ≤ k, so its answers are legal for the limit (1, 1) and both
    members; its one output is a κ-approximate minimiser (‖w − w±‖ < κ) of each member or not."""
    keys = {"kind", "k", "kappa", "algorithm", "seeds", "p_plus", "p_minus", "attained"}
    st = _keys(st, keys, "statement", "tie-runs")
    k, kappa, pts, mins = _tie(st)
    seeds = [_seed(s, "statement seeds") for s in items(st["seeds"], "statement seeds", 1, 10_000)]
    runs = items(_keys(ev, {"runs"}, "evidence")["runs"], "evidence runs", len(seeds), len(seeds))
    succ = [0, 0]
    for i, (s, r) in enumerate(zip(seeds, runs, strict=True)):
        r = _keys(r, {"seed", "transcript", "output"}, f"run {i}")
        if r["seed"] != s:
            raise KernelError(f"run {i}: seed differs from the statement's (one run per seed, in order)")
        tr = T.parse(r["transcript"], _Tie.shapes, "entrywise", f"run {i} transcript")
        if T.max_level(tr) > k:
            raise KernelError(f"run {i}: reads level {T.max_level(tr)} > k = {k}")
        for a in ([Fraction(1), Fraction(1)], *pts):
            T.check_legal(tr, _Tie(a), "entrywise", f"run {i} transcript")  # type: ignore[arg-type]
        out = r["output"]  # null: the run's output was not two finite numbers, a failure on both
        w = None if out is None else [rat(c, f"run {i} output") for c in items(out, f"run {i} output", 2, 2)]
        for j, m in enumerate(mins):
            succ[j] += w is not None and sum((u - v) ** 2 for u, v in zip(w, m, strict=True)) < kappa**2
        ctx.record(
            {
                "family": {"family": "tie", "k": k},
                "instance": None,
                "seed": s,
                "transcript": r["transcript"],
                "output": r["output"],
            },
            st["algorithm"],
        )
    pp, pm = (Fraction(c, len(seeds)) for c in succ)
    if rat(st["p_plus"], "statement p_plus") != pp or rat(st["p_minus"], "statement p_minus") != pm:
        raise KernelError(f"p: the runs give p+ = {pp}, p- = {pm}, not the statement's")
    if pp + pm > 1:
        raise KernelError(f"p: p+ + p- = {pp + pm} > 1")
    if st["attained"] is not False and not (st["attained"] is True and pp > 0 and pm > 0 and pp + pm == 1):
        raise KernelError("attained: needs p+ > 0, p- > 0 and p+ + p- = 1")
    return CERTIFIED


KINDS: dict[str, Any] = {"tie-pair": tie_pair, "tie-runs": tie_runs}
