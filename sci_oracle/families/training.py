"""Theorem 1 in full, in the training setting: the project's own family for parts (0), (a), (b), (c).

PNAS 2022 Theorem 1 (Colbrook–Antun–Hansen) says that for every K > 2 and L there are
well-conditioned classes where (a) no randomised training algorithm computes a NN correct to K
digits with probability > 1/2, (b) K−1 digits are computable but need arbitrarily many training
samples, (c) K−2 digits are computable from at most L samples, and (0) the NNs exist. The
paper's supplementary construction is not available to us; this module is **the project's own
construction**, proved in ``proofs/pnas_theorem1.py`` and checked exactly there.

Data. A = [[aᵀ, 0], [0, q·s·I_{N2}]] with a = c·1 + 2^-(n+1)·e_j (the tie of part (a),
c = √2·10^K/3), s = ‖a‖ and a hidden sign q ∈ {+1, −1}. The algorithm never sees A: its input is
a training set of R labelled samples (y_k, x_k), x_k the (unique) minimiser for y_k, each entry
readable only through Δ1 oracles (arrays ``y0, x0, y1, x1, …``):

- R − 1 *uninformative* samples y_k = (ω_n, 0, …, 0): they touch the tied block only with weight
  ω_n − θ = 2^-(n+1) above the problem's threshold θ (0 for SR-LASSO, λw₁/(2c) for U-LASSO, ε
  for QCBP), so x_k → 0 as n → ∞: the data determine j, but at no finite level;
- one *informative* sample at position p: y_p = (0, 1, 0, …), whose solution reveals q.

The NN is scored on the declared test input y* = (5, 10, 0, …, 0) (block entries 5 and 10):

- the members j = 1, 2 have test solutions ≈ 15·10^-K apart (block 1), so K digits need j: (a);
- q = ±1 give test solutions ≈ 30·10^-K > 2·10^-(K−1) apart (block 2), so K−1 digits need q,
  which only the informative sample carries, at an unknown position among R: (b);
- the midpoint on block 1 with q learnt errs by ≈ 7.5·10^-K ≤ 10^-(K−1); the midpoint with 0 on
  block 2 errs by ≈ 16.8·10^-K ≤ 10^-(K−2) without reading any sample: (c). The zero network errs
  by ≈ 18.4·10^-K > 10^-(K−1): K−1 is not free.

All of these inequalities are decided exactly per instance by the proof script; the numbers
above are only their approximate sizes.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any

import numpy as np

from sci_oracle.core.errors import InvalidArgument
from sci_oracle.core.exact import Number, exact_output, sign, sqnorm, sqrt, to_fraction
from sci_oracle.core.oracle import ExactArray
from sci_oracle.core.problems import PROBLEMS, Hull, Problem, Verdict, problem_from_name, problem_from_spec
from sci_oracle.core.validation import check_choice, check_int, check_K
from sci_oracle.families.base import PairFamily, register_family

__all__ = ["TrainingFamily", "TrainingInfo", "TrainingInstance", "block_minimisers", "samples_read"]


# --------------------------------------------------------------------------- exact solution map
def _coordinate_solutions(problem: Problem, coords: list[tuple[Number, Number, Fraction]]) -> list[Number]:
    """Minimise the problem over independent coordinates c with data (α_c, β_c, w_c).

    The objective separates (U-LASSO), or all residuals vanish (SR-LASSO under its dual-norm
    condition), or one budget ε is shared (QCBP: water-filling on |β_c|/τ_c with τ_c = w_c/|α_c|).
    """
    name = problem.name
    if name == "srlasso":
        lam = problem.lam  # type: ignore[attr-defined]
        dual2 = sum((lam * w / abs(a)) ** 2 for a, b, w in coords if sign(b) != 0)
        if sign(dual2 - 1) >= 0:
            raise InvalidArgument("this input is outside the proven range: SR-LASSO needs λ²Σ(w/α)² < 1")
        return [b / a for a, b, _ in coords]
    if name == "ulasso":
        lam = problem.lam  # type: ignore[attr-defined]
        out = []
        for a, b, w in coords:
            g, thr = a * b, lam * w / 2
            out.append(Fraction(0) if sign(abs(g) - thr) <= 0 else (g - sign(g) * thr) / (a * a))
        return out
    eps2 = problem.eps**2  # type: ignore[attr-defined]
    live = [i for i, (_, b, _) in enumerate(coords) if sign(b) != 0]
    out = [Fraction(0)] * len(coords)
    if sign(sum((coords[i][1] ** 2 for i in live), Fraction(0)) - eps2) <= 0:
        return out  # z = 0 is feasible
    tau = {i: coords[i][2] / abs(coords[i][0]) for i in live}
    ratio2 = {i: coords[i][1] ** 2 / tau[i] ** 2 for i in live}
    order = sorted(live, key=functools.cmp_to_key(lambda i, k: sign(ratio2[i] - ratio2[k])))
    for k in range(len(order)):
        sat, act = order[:k], order[k:]
        theta2 = (eps2 - sum((coords[i][1] ** 2 for i in sat), Fraction(0))) / sum(
            (tau[i] ** 2 for i in act), Fraction(0)
        )
        if (
            sign(theta2) > 0
            and all(sign(ratio2[i] - theta2) <= 0 for i in sat)
            and all(sign(ratio2[i] - theta2) > 0 for i in act)
        ):
            theta = sqrt(theta2)
            for i in act:
                a, b, _ = coords[i]
                out[i] = (b - sign(b) * theta * tau[i]) / a
            return out
    raise AssertionError("water-filling found no consistent level")  # pragma: no cover


def block_minimisers(
    problem: Problem, a: Sequence[Number], s: Number, q: int, y: Sequence[Number]
) -> list[list[Number]]:
    """Vertices of Ξ(A, y) for A = [[aᵀ, 0], [0, q·s·I]]: one per column of block 1 attaining max a_i
    (a segment or simplex face at a tie), deduplicated."""
    N1, N2 = len(a), len(y) - 1
    w = problem.w(N1 + N2)
    amax = a[0]
    for ai in a[1:]:
        if sign(ai - amax) > 0:
            amax = ai
    tied = [i for i, ai in enumerate(a) if sign(ai - amax) == 0]
    coords = [(amax, y[0], w[0])] + [(q * s, y[1 + i], w[N1 + i]) for i in range(N2)]
    z = _coordinate_solutions(problem, coords)
    if sign(z[0]) == 0:
        tied = tied[:1]
    verts = []
    for i in tied:
        block1 = [z[0] if k == i else Fraction(0) for k in range(N1)]
        verts.append(block1 + list(z[1:]))
    return verts


def samples_read(transcript: Any) -> int:
    """Number of distinct training samples k whose y_k or x_k the algorithm read."""
    return len({a.query.name[1:] for a in transcript if a.query.name[:1] in "xy" and a.query.name[1:].isdigit()})


def _check_q(q: Any) -> int:
    if isinstance(q, bool) or not isinstance(q, int) or q not in (1, -1):
        raise InvalidArgument(f"q={q!r} is invalid: the hidden sign q must be the int 1 or -1")
    return q


# --------------------------------------------------------------------------- instances
@dataclass(frozen=True)
class TrainingInfo:
    """What a training algorithm may know in advance (the class Ω, not the member): the problem,
    sizes, R, the common scale c and s₀ = √N1·c of the tie, the threshold θ and the test input."""

    problem: Problem
    K: int
    N1: int
    N2: int
    R: int
    c: Number
    s0: Number
    theta: Number
    y_test: tuple[Fraction, ...]

    @property
    def N(self) -> int:
        return self.N1 + self.N2

    @property
    def m(self) -> int:
        return self.N2 + 1

    def tie_solutions(self, q: int) -> list[list[Number]]:
        """Ξ at the test input for the tie a = c·1, s = s₀ and sign q (public knowledge + q)."""
        return block_minimisers(self.problem, [self.c] * self.N1, self.s0, q, list(self.y_test))


@dataclass
class TrainingInstance:
    """One member (or the limit) of :class:`TrainingFamily`: exact A, samples and test solution."""

    label: str
    problem: Problem
    A: np.ndarray
    samples: list[tuple[list[Number], list[Number]]]
    y_test: tuple[Fraction, ...]
    solution: Hull
    info: TrainingInfo
    convert: Callable[[Any], Any] = field(repr=False)
    j: int | None = None
    n: int | None = None
    q: int = 1
    p: int | None = None

    @property
    def inputs(self) -> dict[str, ExactArray]:
        out: dict[str, ExactArray] = {}
        for k, (y, x) in enumerate(self.samples):
            out[f"y{k}"] = ExactArray(y, name=f"y{k}")
            out[f"x{k}"] = ExactArray(x, name=f"x{k}")
        return out

    def dist2(self, z: Sequence[Any]) -> Number:
        return self.solution.dist2(z)

    def certify_solution(self) -> Verdict:
        """Exact KKT: each training label x_k is the unique minimiser for y_k, and every vertex of
        the test solution set is a minimiser for y* (unique for members)."""
        checked = {}
        for k, (y, x) in enumerate(self.samples):
            key = tuple(map(str, y))
            if key in checked:
                continue
            v = self.problem.check_minimiser(self.A, y, x)
            checked[key] = v
            if not v or not v.certificate.get("unique"):
                return Verdict("unknown" if v else v.status, f"{self.label}: label x{k}: {v.detail}")
        for vert in self.solution.vertices:
            v = self.problem.check_minimiser(self.A, list(self.y_test), vert)
            if not v:
                return Verdict(v.status, f"{self.label}: test solution: {v.detail}")
        if self.solution.is_point and not v.certificate.get("unique"):
            return Verdict("unknown", f"{self.label}: test minimiser not proved unique")
        return Verdict("certified", f"{self.label}: every label and the test solution certified (exact KKT)")


@register_family
class TrainingFamily(PairFamily):
    """The project's Theorem 1 training family (see the module docstring).

    ``member(j, n)`` varies the tie (part (a)); :meth:`variant` builds members with another sign
    q, size R or informative position p (parts (b), (c)); :meth:`uninformative` is the same data
    with no informative sample (not in Ω; the sample adversary simulates on it).

    >>> TrainingFamily("srlasso", K=3, R=4)
    TrainingFamily('srlasso', K=3, R=4, p=3, q=1)
    """

    def __init__(
        self,
        problem: str = "srlasso",
        K: int = 3,
        *,
        R: int = 4,
        p: int | None = None,
        q: int = 1,
        N1: int = 2,
        N2: int = 1,
        lam: Any = 1,
        eps: Any = Fraction(1, 10),
        params: str = "paper",
    ):
        self.K = check_K(K)
        self.R = check_int("R", R, min_value=1, max_value=100_000)
        self.p = self.R - 1 if p is None else check_int("p", p, min_value=0, max_value=self.R - 1)
        self.q = _check_q(q)
        self.N1 = check_int("N1", N1, min_value=2, max_value=8)
        self.N2 = check_int("N2", N2, min_value=1, max_value=50)
        self.params = check_choice("params", params, ("paper", "rational"))
        check_choice("problem", problem, PROBLEMS)
        if problem == "qcbp" and not Fraction(0) < to_fraction(eps, name="eps") <= Fraction(1, 4):
            raise InvalidArgument(f"eps={eps!r} is invalid: QCBP needs 0 < eps <= 1/4")
        self.problem = problem_from_name(problem, lam=lam, eps=eps)
        self.N, self.m = self.N1 + self.N2, self.N2 + 1
        self.c: Number = sqrt(2) * Fraction(10**self.K, 3) if params == "paper" else Fraction(10**self.K, 2)
        self.theta: Number = {
            "srlasso": Fraction(0),
            "ulasso": getattr(self.problem, "lam", 1) / (2 * self.c),
            "qcbp": getattr(self.problem, "eps", 0),
        }[problem]
        self.y_test = (Fraction(5), Fraction(10)) + (Fraction(0),) * (self.N2 - 1)
        self.info = TrainingInfo(
            self.problem,
            self.K,
            self.N1,
            self.N2,
            self.R,
            self.c,
            sqrt(self.N1 * self.c * self.c),
            self.theta,
            self.y_test,
        )
        self._cache: dict[tuple[Any, ...], TrainingInstance] = {}

    # -- instances -----------------------------------------------------------------------
    def _instance(self, j: int | None, n: int | None, q: int, R: int, p: int | None) -> TrainingInstance:
        key = (j, n, q, R, p)
        if key in self._cache:
            return self._cache[key]
        a = [self.c + (Fraction(1, 2 ** (n + 1)) if j == i + 1 else 0) for i in range(self.N1)]  # type: ignore[operator]
        s = sqrt(sqnorm(a))
        omega = self.theta + (Fraction(1, 2 ** (n + 1)) if n is not None else 0)
        A = np.empty((self.m, self.N), dtype=object)
        A[:] = Fraction(0)
        A[0, : self.N1] = a
        for i in range(self.N2):
            A[1 + i, self.N1 + i] = q * s
        samples = []
        for k in range(R):
            y = (
                [Fraction(0), Fraction(1)] + [Fraction(0)] * (self.N2 - 1)
                if k == p
                else [omega] + [Fraction(0)] * self.N2
            )
            samples.append((y, block_minimisers(self.problem, a, s, q, y)[0]))
        verts = block_minimisers(self.problem, a, s, q, list(self.y_test))
        label = "limit" if j is None else f"member {j} (n={n})"
        if q != self.q or R != self.R or p != self.p:
            label += f" [q={q}, R={R}, p={p}]"
        info = self.info if R == self.R else replace(self.info, R=R)
        inst = TrainingInstance(
            label, self.problem, A, samples, self.y_test, Hull(verts, label=label), info, self.convert, j, n, q, p
        )
        self._cache[key] = inst
        return inst

    def limit(self) -> TrainingInstance:
        """The tie instance: a = c·1 and uninformative samples at the threshold (labels 0)."""
        return self._instance(None, None, self.q, self.R, self.p)

    def member(self, j: int, n: int) -> TrainingInstance:
        j = check_int("j", j, min_value=1, max_value=2)
        n = check_int("n", n, min_value=1, max_value=1 << 16)
        return self._instance(j, n, self.q, self.R, self.p)

    def variant(
        self, *, j: int = 1, n: int = 60, q: int | None = None, R: int | None = None, p: int | None = None
    ) -> TrainingInstance:
        """A member with another hidden sign, sample count or informative position."""
        R = self.R if R is None else check_int("R", R, min_value=1, max_value=100_000)
        p = R - 1 if p is None else check_int("p", p, min_value=0, max_value=R - 1)
        return self._instance(
            check_int("j", j, min_value=1, max_value=2),
            check_int("n", n, min_value=1),
            self.q if q is None else _check_q(q),
            R,
            p,
        )

    def uninformative(self, *, R: int, j: int = 1, n: int = 60, q: int = 1) -> TrainingInstance:
        """All R samples uninformative: q is not determined (outside Ω; used only to simulate)."""
        return self._instance(
            check_int("j", j, min_value=1, max_value=2),
            check_int("n", n, min_value=1),
            _check_q(q),
            check_int("R", R, min_value=1, max_value=100_000),
            None,
        )

    def convert(self, output: Any) -> tuple[Number, ...]:
        """Score a trained predictor on the test input: an exact ``NeuralNetwork`` (or any object
        with ``evaluate(y, backend='exact')``), or a callable y ↦ x."""
        y = np.array(self.y_test, dtype=object)
        if hasattr(output, "evaluate"):
            return exact_output(output.evaluate(y, backend="exact"), self.N)
        if callable(output):
            return exact_output(output(y), self.N)
        raise InvalidArgument(
            f"output={output!r} is invalid: a training algorithm must return a network or a callable y -> x"
        )

    def spec(self) -> dict[str, Any]:
        return {
            "family": "TrainingFamily",
            **self.problem.spec(),
            "K": self.K,
            "R": self.R,
            "p": self.p,
            "q": self.q,
            "N1": self.N1,
            "N2": self.N2,
            "params": self.params,
        }

    @classmethod
    def from_spec(cls, spec: dict[str, Any]) -> TrainingFamily:
        prob = problem_from_spec(spec)
        return cls(
            prob.name,
            int(spec["K"]),
            R=int(spec["R"]),
            p=int(spec["p"]),
            q=int(spec["q"]),
            N1=int(spec["N1"]),
            N2=int(spec["N2"]),
            lam=getattr(prob, "lam", 1),
            eps=getattr(prob, "eps", Fraction(1, 10)),
            params=spec["params"],
        )

    def __repr__(self) -> str:
        extra = f", N1={self.N1}" if self.N1 != 2 else ""
        extra += f", N2={self.N2}" if self.N2 != 1 else ""
        extra += f", params={self.params!r}" if self.params != "paper" else ""
        return f"TrainingFamily({self.problem.name!r}, K={self.K}, R={self.R}, p={self.p}, q={self.q}{extra})"
