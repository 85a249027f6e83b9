"""The adversarial family of PNAS 2022 Theorem 1(a), as a generator of exact instances.

Colbrook–Antun–Hansen, "The difficulty of computing stable and accurate neural networks",
PNAS 119(12) e2107151119 (2022), Theorem 1 and SI; the released construction (docs/theory.md §2). With c = √2·10^K/3 ("paper" parameters) the
member (j, n), j ∈ {1, 2}, has

    a = c·(1, …, 1) + 2^-(n+1)·e_j ∈ R^{N1},   A = [[aᵀ, 0], [0, ‖a‖·I_{N2}]],   y = e₁ ∈ R^{N2+1},

(δ and λ of the paper cancel out of a). The limit (tie) instance has a = c·(1, …, 1); its
minimisers form the simplex face spanned by t(c)·e_i, i ≤ N1 (a segment when N1 = 2). Each
member has the unique minimiser t(a_j)·e_j, where t is the problem's one-dimensional solution:

- SR-LASSO: t(a) = 1/a            (needs a > λw₁)
- U-LASSO:  t(a) = 1/a − λw₁/(2a²)
- QCBP:     t(a) = (1 − ε)/a

so the two members' minimisers are √2·t(c + 2^-(n+1)) ≈ 3·10^-K apart, more than 2·10^-K,
while every entry of either member is within 2^-(n+1) of the limit: nearest-rounded answers
for the limit at every level ≤ n are valid answers for both members.

``allow_small_K=True`` accepts any K ≥ 1 (default: K ≥ 3, Theorem 1's K > 2). It exists for
experiments such as the paper's Table 1, which also runs K = 1; every exact fact of the family
(closed-form minimisers, separation ≈ 3·10^-K > 2·10^-K, agreement) still holds for K = 1, 2,
only Theorem 1's hypothesis K > 2 is dropped.

``params="rational"`` takes c = 10^K/2 instead (all of a rational; separation ≈ 2.83·10^-K).
``mixing="householder"`` multiplies A and y by the rational orthogonal reflection
H = I − 2vvᵀ/vᵀv, v = (1, 2, …, m): the exact counterpart of the paper's DCT, leaving every
minimiser unchanged. Shrinking: members with larger n agree with the limit to more levels.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from sci_oracle.core.errors import InvalidArgument
from sci_oracle.core.exact import Number, approx, exact_output, sign, sqnorm, sqrt, to_exact, to_fraction
from sci_oracle.core.oracle import ExactArray
from sci_oracle.core.problems import PROBLEMS, Hull, Problem, Verdict, problem_from_name, problem_from_spec
from sci_oracle.core.validation import check_choice, check_int, check_K
from sci_oracle.families.base import PairFamily, register_family

__all__ = ["Instance", "PNASFamily", "ProblemInfo", "ScaledSimplex"]

PARAMS = ("paper", "rational")
MIXINGS = ("none", "householder")


@dataclass(frozen=True)
class ProblemInfo:
    """What an algorithm may know in advance: the problem, its parameters, sizes and the public
    mixing matrix (as the DCT is public in the paper). Never the input itself."""

    problem: Problem
    m: int
    N: int
    N1: int
    K: int
    mixing: tuple[tuple[Fraction, ...], ...] | None = None

    def unmix(self, v: Sequence[Any]) -> list[Any]:
        """Hᵀv (H is symmetric, so Hv): undo the public mixing of a measurement vector."""
        if self.mixing is None:
            return list(v)
        return [sum((h * x for h, x in zip(row, v, strict=True)), Fraction(0)) for row in self.mixing]


@dataclass
class Instance:
    """One exact input (A, y) of a family with its exact solution set Ξ(A, y)."""

    label: str
    problem: Problem
    A: ExactArray
    y: ExactArray
    solution: Hull
    j: int | None = None
    n: int | None = None
    info: ProblemInfo | None = field(default=None, repr=False)
    mode: str = "entrywise"  # how oracles for this instance answer (the family's mode)

    @property
    def inputs(self) -> dict[str, ExactArray]:
        return {"A": self.A, "y": self.y}

    def certify_solution(self) -> Verdict:
        """Every vertex of :attr:`solution` passes the exact KKT check; for a point, uniqueness too."""
        A, y = self.A.entries(), list(self.y.entries())
        for v in self.solution.vertices:
            verdict = self.problem.check_minimiser(A, y, v)
            if not verdict:
                return verdict
        if self.solution.is_point and not verdict.certificate.get("unique"):
            return Verdict("unknown", "minimiser certified but uniqueness not established")
        what = (
            "unique minimiser" if self.solution.is_point else f"{len(self.solution.vertices)} vertices are minimisers"
        )
        return Verdict("certified", f"{self.label}: {what} (exact KKT)")

    def dist2(self, z: Sequence[Any]) -> Number:
        """Exact squared distance from z to Ξ(A, y)."""
        return self.solution.dist2(z)


class ScaledSimplex(Hull):
    """The tie's solution set: the face t·conv(e_1, …, e_N1), with an exact distance by projection
    onto the simplex (sort, threshold), so any N1 works (Hull's subset enumeration is exponential)."""

    MAX_VERTICES = 1 << 16

    def __init__(self, vertices: Sequence[Sequence[Any]], *, label: str = ""):
        super().__init__(vertices, label=label)
        t = self.vertices[0][0]
        for i, vert in enumerate(self.vertices):
            if any(sign(x - (t if c == i else 0)) != 0 for c, x in enumerate(vert)):
                raise InvalidArgument(f"vertices[{i}] is invalid: a scaled simplex has vertices t·e_i, i = 0, 1, …")

    def dist2(self, z: Sequence[Any]) -> Number:
        z = [to_exact(v, name="z") for v in z]
        if len(z) != self.dim:
            raise InvalidArgument(f"z has length {len(z)}: it must have {self.dim} entries")
        k = len(self.vertices)
        t = self.vertices[0][0]
        out: Number = sum((v * v for v in z[k:]), Fraction(0))
        u = sorted(z[:k], key=functools.cmp_to_key(lambda p, q: sign(q - p)))  # descending
        # projection onto {x ≥ 0, Σx = t}: x = max(u − θ, 0), θ from the largest feasible prefix
        acc: Number = Fraction(0)
        theta: Number = Fraction(0)
        for j, uj in enumerate(u, 1):
            acc = acc + uj
            cand = (acc - t) / j
            if sign(uj - cand) > 0:
                theta = cand
        for v in z[:k]:  # coordinate i of the projection is max(v − θ, 0): the residual is θ or v
            out = out + (theta * theta if sign(v - theta) > 0 else v * v)
        return out


@register_family
class PNASFamily(PairFamily):
    """Theorem 1(a) family for (P1) QCBP, (P2) U-LASSO or (P3) SR-LASSO; see the module docstring.

    >>> fam = PNASFamily("srlasso", K=3)
    >>> fam
    PNASFamily('srlasso', K=3, N1=2, N2=0, lam=1)
    >>> fam.agreement_level(10)
    10
    >>> fam.separation_exceeds(10)
    True
    """

    def __init__(
        self,
        problem: str = "srlasso",
        K: int = 3,
        *,
        N1: int = 2,
        N2: int = 0,
        lam: Any = 1,
        eps: Any = Fraction(1, 10),
        weights: Sequence[Any] | None = None,
        params: str = "paper",
        mixing: str = "none",
        mode: str = "entrywise",
        allow_small_K: bool = False,
    ):
        if not isinstance(allow_small_K, bool):
            raise InvalidArgument(f"allow_small_K={allow_small_K!r} is invalid: expected True or False")
        self.allow_small_K = allow_small_K
        try:
            self.K = check_K(K, min_value=1 if allow_small_K else 3)
        except InvalidArgument as exc:
            hint = "" if allow_small_K else " (Theorem 1 needs K > 2; allow_small_K=True admits K >= 1 for experiments)"
            raise InvalidArgument(f"{exc}{hint}") from None
        self.N1 = check_int("N1", N1, min_value=2, max_value=1024)  # any N ≥ 2, m < N (PNAS Thm 1)
        self.N2 = check_int("N2", N2, min_value=0, max_value=1024)
        self.params = check_choice("params", params, PARAMS)
        self.mixing = check_choice("mixing", mixing, MIXINGS)
        self.mode = check_choice("mode", mode, ("entrywise", "normwise"))
        check_choice("problem", problem, PROBLEMS)
        if problem == "qcbp" and not Fraction(0) < to_fraction(eps, name="eps") <= Fraction(1, 4):
            raise InvalidArgument(f"eps={eps!r} is invalid: QCBP needs 0 < eps <= 1/4 for separation > 2·10^-K")
        self.problem = problem_from_name(problem, lam=lam, eps=eps, weights=weights)
        N = self.N1 + self.N2
        w = self.problem.w(N)
        if len(set(w[: self.N1])) != 1:
            raise InvalidArgument("weights are invalid: the first N1 weights must be equal (the tie is between them)")
        self._w1 = w[0]
        self.c: Number = sqrt(2) * Fraction(10**self.K, 3) if params == "paper" else Fraction(10**self.K, 2)
        lam_eff = getattr(self.problem, "lam", Fraction(0)) * self._w1
        if sign(self.c - lam_eff) <= 0:
            raise InvalidArgument(f"lam={lam!r} is invalid: need lam·w₁ < a_i = {self.c} for this K")
        self.m, self.N = self.N2 + 1, N
        self._cache: dict[tuple[int, int], Instance] = {}
        self._limit: Instance | None = None
        self.H = _householder(self.m) if mixing == "householder" else None
        self.info = ProblemInfo(
            self.problem, self.m, self.N, self.N1, self.K, None if self.H is None else tuple(tuple(r) for r in self.H)
        )
        if not self.separation_exceeds(1):  # n = 1 is the worst case (t is decreasing for a > λw₁)
            raise InvalidArgument(
                f"lam={lam!r} is invalid: the members' minimisers must be more than 2·10^-K "
                f"apart, and √2·t(a) ≤ 2·10^-{self.K} here (U-LASSO: choose lam·w₁ well below {approx(self.c, 6)})"
            )

    # -- exact closed forms --------------------------------------------------------------
    def t(self, a: Number) -> Number:
        """The one-dimensional minimiser t(a) of the problem with data a·t ≈ 1."""
        if self.problem.name == "srlasso":
            return 1 / a
        if self.problem.name == "ulasso":
            return 1 / a - self.problem.lam * self._w1 / (2 * a * a)  # type: ignore[attr-defined]
        return (1 - self.problem.eps) / a  # type: ignore[attr-defined]

    def _build(
        self, a: list[Number], label: str, vertices: list[list[Number]], j: int | None, n: int | None
    ) -> Instance:
        s = sqrt(sqnorm(a))
        A = np.zeros((self.m, self.N), dtype=object)
        A[:] = Fraction(0)
        A[0, : self.N1] = a
        for i in range(self.N2):
            A[1 + i, self.N1 + i] = s
        y = np.array([Fraction(1)] + [Fraction(0)] * self.N2, dtype=object)
        if self.H is not None:
            A = np.array(
                [
                    [
                        sum((h * A[k, col] for h, k in zip(self.H[r], range(self.m), strict=True)), Fraction(0))
                        for col in range(self.N)
                    ]
                    for r in range(self.m)
                ],
                dtype=object,
            )
            y = np.array([self.H[r][0] for r in range(self.m)], dtype=object)
        return Instance(
            label,
            self.problem,
            ExactArray(A, name="A"),
            ExactArray(y, name="y"),
            Hull(vertices, label=label) if len(vertices) == 1 else ScaledSimplex(vertices, label=label),
            j,
            n,
            self.info,
            mode=self.mode,
        )

    def limit(self) -> Instance:
        """The tie instance ι⁰ (a = c·1): the point every member converges to; it is in Ω."""
        if self._limit is None:
            t = self.t(self.c)
            verts = [[t if i == k else Fraction(0) for i in range(self.N)] for k in range(self.N1)]
            self._limit = self._build([self.c] * self.N1, "limit", verts, None, None)
        return self._limit

    def member(self, j: int, n: int) -> Instance:
        """Member ι^j_n: a_j = c + 2^-(n+1), the other a_i = c."""
        j = check_int("j", j, min_value=1, max_value=2)
        n = check_int("n", n, min_value=1, max_value=1 << 16)
        key = (j, n)
        if key not in self._cache:
            a = [self.c + (Fraction(1, 2 ** (n + 1)) if i == j - 1 else 0) for i in range(self.N1)]
            t = self.t(a[j - 1])
            vert = [t if i == j - 1 else Fraction(0) for i in range(self.N)]
            self._cache[key] = self._build(a, f"member {j} (n={n})", [vert], j, n)
        return self._cache[key]

    def convert(self, output: Any) -> tuple[Number, ...]:
        """The algorithm's output (a vector of length N) as exact numbers."""
        return exact_output(output, self.N)

    def spec(self) -> dict[str, Any]:
        return {
            "family": "PNASFamily",
            **self.problem.spec(),
            "K": self.K,
            "N1": self.N1,
            "N2": self.N2,
            "params": self.params,
            "mixing": self.mixing,
            "mode": self.mode,
            **({"allow_small_K": True} if self.allow_small_K and self.K < 3 else {}),  # unused at K ≥ 3
        }

    @classmethod
    def from_spec(cls, spec: dict[str, Any]) -> PNASFamily:
        p = problem_from_spec(spec)
        kw: dict[str, Any] = {"lam": getattr(p, "lam", 1), "eps": getattr(p, "eps", Fraction(1, 10))}
        return cls(
            p.name,
            int(spec["K"]),
            N1=int(spec["N1"]),
            N2=int(spec["N2"]),
            weights=p.weights,
            params=spec["params"],
            mixing=spec["mixing"],
            mode=spec["mode"],
            allow_small_K=bool(spec.get("allow_small_K", False)),
            **kw,
        )

    def __repr__(self) -> str:
        extra = "".join(
            f", {k}={v!r}"
            for k, v in (("params", self.params), ("mixing", self.mixing), ("mode", self.mode))
            if v != {"params": "paper", "mixing": "none", "mode": "entrywise"}[k]
        ) + (", allow_small_K=True" if self.allow_small_K else "")
        name = "eps" if self.problem.name == "qcbp" else "lam"
        val = getattr(self.problem, name)
        par = f", {name}={val.numerator}" if val.denominator == 1 else f", {name}='{val}'"
        return f"PNASFamily({self.problem.name!r}, K={self.K}, N1={self.N1}, N2={self.N2}{par}{extra})"


def _householder(m: int) -> list[list[Fraction]]:
    """H = I − 2vvᵀ/vᵀv with v = (1, …, m): rational, symmetric and orthogonal."""
    v = [Fraction(i + 1) for i in range(m)]
    vv = sum(x * x for x in v)
    return [[(1 if r == c else 0) - 2 * v[r] * v[c] / vv for c in range(m)] for r in range(m)]
