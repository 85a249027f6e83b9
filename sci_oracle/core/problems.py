"""The three inverse problems of PNAS 2022 Theorem 1, their exact optimality checks and solution sets.

With A ∈ R^{m×N}, y ∈ R^m, weights w > 0 and ‖z‖_{1,w} = Σ w_i|z_i|
(Colbrook–Antun–Hansen, PNAS 2022, eqs. (P1)–(P3); SI Def 1.6):

- (P1) :class:`QCBP`:     argmin ‖z‖_{1,w}  subject to ‖Az − y‖₂ ≤ ε
- (P2) :class:`ULasso`:   argmin λ‖z‖_{1,w} + ‖Az − y‖₂²
- (P3) :class:`SRLasso`:  argmin λ‖z‖_{1,w} + ‖Az − y‖₂

Ξ(A, y) is a *set*. :meth:`Problem.check_minimiser` decides, in exact arithmetic, whether a
candidate is in it through the KKT conditions, answering ``certified`` (with the dual
certificate), ``refuted`` (with the violated condition) or ``unknown`` (with the reason).
:class:`Hull` represents solution sets (a point, the tie instance's segment, a simplex face)
and measures exact squared distances to them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import combinations
from typing import Any

import numpy as np

from sci_oracle.core.errors import InvalidArgument
from sci_oracle.core.exact import (
    ExactReal,
    Number,
    approx,
    check_positive_rational,
    dot,
    inverse,
    rank,
    sign,
    solve_linear,
    sqnorm,
    sqrt,
    to_exact,
)
from sci_oracle.core.report import CERTIFIED, REFUTED, UNKNOWN
from sci_oracle.core.validation import check_choice

__all__ = ["PROBLEMS", "QCBP", "Hull", "Problem", "SRLasso", "ULasso", "Verdict", "problem_from_name"]

PROBLEMS = ("qcbp", "ulasso", "srlasso")


@dataclass
class Verdict:
    """A tri-state decision with the reason and, when certified, the certificate."""

    status: str
    detail: str
    certificate: dict[str, Any] = field(default_factory=dict)

    def __bool__(self) -> bool:  # only a certified verdict is truthy
        return self.status == CERTIFIED


def _matvec(A: np.ndarray, z: Sequence[Number]) -> list[Number]:
    return [dot(row, z) for row in A]


def _rmatvec(A: np.ndarray, r: Sequence[Number]) -> list[Number]:
    return [dot(col, r) for col in A.T]


class Problem:
    """Base of the three problems. Public subclasses only; parameters are exact rationals."""

    name = ""

    def __init__(self, weights: Sequence[Any] | None = None):
        self.weights = (
            None
            if weights is None
            else tuple(check_positive_rational(f"weights[{i}]", w) for i, w in enumerate(weights))
        )

    def w(self, N: int) -> tuple[Fraction, ...]:
        if self.weights is None:
            return (Fraction(1),) * N
        if len(self.weights) != N:
            raise InvalidArgument(f"weights has length {len(self.weights)}: it must equal N={N}")
        return self.weights

    def _data(self, A: Any, y: Any, z: Any) -> tuple[np.ndarray, list[Number], list[Number]]:
        A = np.asarray(A, dtype=object)
        if A.ndim != 2:
            raise InvalidArgument(f"A has shape {A.shape}: it must be a matrix (m, N)")
        m, N = A.shape
        if any(not isinstance(v, (Fraction, ExactReal)) for v in A.flat):
            A = np.array(
                [[to_exact(A[r, c], name=f"A[{r}, {c}]") for c in range(N)] for r in range(m)], dtype=object
            ).reshape(m, N)
        y, z = list(np.asarray(y, dtype=object).ravel()), list(np.asarray(z, dtype=object).ravel())
        if len(y) != m:
            raise InvalidArgument(f"y has length {len(y)}: it must have m={m} entries")
        if len(z) != N:
            raise InvalidArgument(f"z has length {len(z)}: it must have N={N} entries")
        z = [to_exact(v, name=f"z[{i}]") for i, v in enumerate(z)]
        return A, [to_exact(v, name=f"y[{i}]") for i, v in enumerate(y)], z

    def l1w(self, z: Sequence[Number]) -> Number:
        out: Number = Fraction(0)
        for wi, zi in zip(self.w(len(z)), z, strict=True):
            out = out + wi * (zi if sign(zi) >= 0 else -zi)
        return out

    def objective(self, A: Any, y: Any, z: Any) -> Number:  # pragma: no cover - abstract
        raise NotImplementedError

    def check_minimiser(self, A: Any, y: Any, z: Any) -> Verdict:  # pragma: no cover - abstract
        raise NotImplementedError

    def spec(self) -> dict[str, Any]:
        d: dict[str, Any] = {"problem": self.name, **{k: str(v) for k, v in self._params().items()}}
        if self.weights is not None:
            d["weights"] = [str(w) for w in self.weights]
        return d

    def _params(self) -> dict[str, Fraction]:  # pragma: no cover - abstract
        raise NotImplementedError

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={_frac_repr(v)}" for k, v in self._params().items())
        if self.weights is not None:
            args += f", weights=[{', '.join(_frac_repr(w) for w in self.weights)}]"
        return f"{type(self).__name__}({args})"

    def __eq__(self, other: Any) -> bool:
        return type(self) is type(other) and self.spec() == other.spec()

    __hash__ = None  # type: ignore[assignment]


def _frac_repr(q: Fraction) -> str:
    return str(q.numerator) if q.denominator == 1 else f"'{q}'"


def _subgradient_check(g: Sequence[Number], z: Sequence[Number], scale: Sequence[Number]) -> tuple[bool, str]:
    """0 ∈ g + scale∘∂|z|: g_i = −scale_i·sign(z_i) on the support, |g_i| ≤ scale_i off it."""
    for i, (gi, zi, si) in enumerate(zip(g, z, scale, strict=True)):
        s = sign(zi)
        if s != 0 and sign(gi + s * si) != 0:
            return False, f"stationarity fails at index {i} (support): g_i = {approx(gi, 8)}, need {approx(-s * si, 8)}"
        if s == 0 and sign((gi if sign(gi) >= 0 else -gi) - si) > 0:
            return (
                False,
                f"stationarity fails at index {i} (off support): |g_i| = {approx(abs(gi), 8)} > {approx(si, 8)}",
            )
    return True, ""


def _unique(A: np.ndarray, g: Sequence[Number], z: Sequence[Number], scale: Sequence[Number]) -> bool:
    """Sufficient condition for a unique minimiser, given KKT: the dual is strict off the support
    (|g_i| < scale_i) and the support columns are independent (proofs/pnas_theorem1.py, Lemma U)."""
    support = [i for i, zi in enumerate(z) if sign(zi) != 0]
    for _i, (gi, zi, si) in enumerate(zip(g, z, scale, strict=True)):
        if sign(zi) == 0 and sign(abs(gi) - si) >= 0:
            return False
    return not support or rank([[A[r, i] for i in support] for r in range(A.shape[0])]) == len(support)


class _Lasso(Problem):
    """λ‖z‖_{1,w} + loss(‖Az − y‖₂): the shared part of U-LASSO and SR-LASSO."""

    def __init__(self, lam: Any = 1, weights: Sequence[Any] | None = None):
        super().__init__(weights)
        self.lam = check_positive_rational("lam", lam)

    def _params(self) -> dict[str, Fraction]:
        return {"lam": self.lam}

    def _loss(self, r2: Number) -> Number:  # pragma: no cover - abstract
        raise NotImplementedError

    def objective(self, A: Any, y: Any, z: Any) -> Number:
        A, y, z = self._data(A, y, z)
        return self.lam * self.l1w(z) + self._loss(sqnorm(_residual(A, y, z)))


def _residual(A: np.ndarray, y: Sequence[Number], z: Sequence[Number]) -> list[Number]:
    return [a - b for a, b in zip(_matvec(A, z), y, strict=True)]


class ULasso(_Lasso):
    """(P2) U-LASSO: argmin λ‖z‖_{1,w} + ‖Az − y‖₂². KKT: 2Aᵀ(Az − y) ∈ −λ w∘∂|z| (necessary and sufficient)."""

    name = "ulasso"

    def _loss(self, r2: Number) -> Number:
        return r2

    def check_minimiser(self, A: Any, y: Any, z: Any) -> Verdict:
        A, y, z = self._data(A, y, z)
        r = _residual(A, y, z)
        g = [2 * v for v in _rmatvec(A, r)]
        scale = [self.lam * wi for wi in self.w(len(z))]
        ok, why = _subgradient_check(g, z, scale)
        if ok:
            # minimisers share Az and hence ‖z‖_{1,w}, so a zero minimiser is the only one
            unique = all(sign(zi) == 0 for zi in z) or _unique(A, g, z, scale)
            return Verdict(CERTIFIED, "KKT holds exactly: 2Aᵀ(Az−y) ∈ −λw∘∂|z|", {"unique": unique})
        return Verdict(REFUTED, "KKT fails: " + why)


class SRLasso(_Lasso):
    """(P3) SR-LASSO: argmin λ‖z‖_{1,w} + ‖Az − y‖₂.

    KKT: some v with ‖v‖ ≤ 1 and v = r/‖r‖ if r = Az − y ≠ 0 satisfies −Aᵀv ∈ λw∘∂|z|. When
    r = 0 the candidate v is the least-norm solution of the support equations; if it fails the
    off-support or norm test, the answer is ``unknown`` (another v might work).
    """

    name = "srlasso"

    def _loss(self, r2: Number) -> Number:
        return sqrt(r2)

    def check_minimiser(self, A: Any, y: Any, z: Any) -> Verdict:
        A, y, z = self._data(A, y, z)
        scale = [self.lam * wi for wi in self.w(len(z))]
        r = _residual(A, y, z)
        nr2 = sqnorm(r)
        if sign(nr2) != 0:
            inv = inverse(sqrt(nr2))
            ok, why = _subgradient_check(_rmatvec(A, [ri * inv for ri in r]), z, scale)
            if ok:  # uniqueness is not decided when r ≠ 0 (the loss is not strictly convex)
                return Verdict(CERTIFIED, "KKT holds exactly with v = r/‖r‖", {"unique": False})
            return Verdict(REFUTED, "KKT fails (objective differentiable in r): " + why)
        support = [i for i, zi in enumerate(z) if sign(zi) != 0]
        if not support:
            return Verdict(CERTIFIED, "z = 0 and y = 0: the objective is 0", {"unique": True})
        cols = [list(A[:, i]) for i in support]
        b = [-sign(z[i]) * scale[i] for i in support]
        gram = [[dot(ci, cj) for cj in cols] for ci in cols]
        u = solve_linear(gram, b)
        if u is None:
            return Verdict(UNKNOWN, "Az = y and the support columns are dependent: least-norm dual candidate undefined")
        v = [sum((uk * ck[row] for uk, ck in zip(u, cols, strict=True)), Fraction(0)) for row in range(A.shape[0])]
        nv2 = sqnorm(v)
        g = _rmatvec(A, v)
        ok, why = _subgradient_check(g, z, scale)
        if ok and sign(nv2 - 1) <= 0:
            unique = sign(nv2 - 1) < 0 and _unique(A, g, z, scale)
            return Verdict(
                CERTIFIED,
                f"KKT holds exactly: Az = y and dual v with ‖v‖² = {approx(nv2, 8)} ≤ 1",
                {"dual_norm2": approx(nv2, 20), "unique": unique},
            )
        reason = why or f"‖v‖² = {approx(nv2, 8)} > 1"
        return Verdict(UNKNOWN, "Az = y but the least-norm dual candidate fails: " + reason)


class QCBP(Problem):
    """(P1) QCBP: argmin ‖z‖_{1,w} subject to ‖Az − y‖₂ ≤ ε.

    KKT with multiplier μ ≥ 0: −μAᵀ(Az − y) ∈ w∘∂|z| and μ(‖Az−y‖² − ε²) = 0. Sufficient always;
    necessary under Slater's condition, which holds when A has full row rank (checked exactly
    before any refutation).
    """

    name = "qcbp"

    def __init__(self, eps: Any = Fraction(1, 10), weights: Sequence[Any] | None = None):
        super().__init__(weights)
        self.eps = check_positive_rational("eps", eps)

    def _params(self) -> dict[str, Fraction]:
        return {"eps": self.eps}

    def objective(self, A: Any, y: Any, z: Any) -> Number:
        A, y, z = self._data(A, y, z)
        return self.l1w(z)

    def feasible(self, A: Any, y: Any, z: Any) -> bool:
        A, y, z = self._data(A, y, z)
        return sign(sqnorm(_residual(A, y, z)) - self.eps**2) <= 0

    def check_minimiser(self, A: Any, y: Any, z: Any) -> Verdict:
        A, y, z = self._data(A, y, z)
        r = _residual(A, y, z)
        slack = sqnorm(r) - self.eps**2
        if sign(slack) > 0:
            return Verdict(REFUTED, f"infeasible: ‖Az−y‖² − ε² = {approx(slack, 8)} > 0")
        support = [i for i, zi in enumerate(z) if sign(zi) != 0]
        if not support:
            return Verdict(CERTIFIED, "z = 0 is feasible, and ‖z‖ ≥ 0 everywhere", {"unique": True})
        w = self.w(len(z))
        verdict = self._kkt(A, r, z, w, support, slack)
        if verdict.status == REFUTED and rank([list(row) for row in A]) < A.shape[0]:
            return Verdict(UNKNOWN, verdict.detail + " (A lacks full row rank, so KKT need not be necessary)")
        return verdict

    @staticmethod
    def _kkt(
        A: np.ndarray, r: list[Number], z: list[Number], w: Sequence[Fraction], support: list[int], slack: Number
    ) -> Verdict:
        if sign(slack) < 0:
            return Verdict(REFUTED, "constraint inactive at z ≠ 0: shrinking z stays feasible and lowers ‖z‖₁")
        g = _rmatvec(A, r)
        i0 = support[0]
        if sign(g[i0]) == 0:
            return Verdict(REFUTED, f"stationarity fails at index {i0}: (Aᵀr)_i = 0 on the support")
        mu = -sign(z[i0]) * w[i0] / g[i0]
        if sign(mu) <= 0:
            return Verdict(REFUTED, f"multiplier μ = {approx(mu, 8)} is not positive")
        mg = [mu * gi for gi in g]
        ok, why = _subgradient_check(mg, z, w)
        if ok:
            return Verdict(
                CERTIFIED,
                f"KKT holds exactly with μ = {approx(mu, 12)}",
                {"mu": approx(mu, 20), "unique": _unique(A, mg, z, w)},
            )
        return Verdict(REFUTED, "KKT fails: " + why)


def problem_from_name(
    name: str, *, lam: Any = 1, eps: Any = Fraction(1, 10), weights: Sequence[Any] | None = None
) -> Problem:
    """``'qcbp' | 'ulasso' | 'srlasso'`` → the problem object."""
    check_choice("problem", name, PROBLEMS)
    if name == "qcbp":
        return QCBP(eps, weights)
    return (ULasso if name == "ulasso" else SRLasso)(lam, weights)


def problem_from_spec(spec: dict[str, Any]) -> Problem:
    kw: dict[str, Any] = {k: Fraction(v) for k, v in spec.items() if k in ("lam", "eps")}
    return problem_from_name(spec["problem"], weights=spec.get("weights"), **kw)


# --------------------------------------------------------------------------- solution sets
class Hull:
    """The convex hull of finitely many exact vertices: a point, a segment, a simplex face.

    :meth:`dist2` is the exact squared distance, found by projecting onto the affine hull of every
    subset of vertices and keeping the feasible projections (the true projection lies in the
    relative interior of one face). Fine for the few vertices of a tie instance.
    """

    MAX_VERTICES = 10

    def __init__(self, vertices: Sequence[Sequence[Any]], *, label: str = ""):
        if not vertices:
            raise InvalidArgument("vertices is invalid: a solution set needs at least one vertex")
        if len(vertices) > self.MAX_VERTICES:
            raise InvalidArgument(f"vertices has {len(vertices)} entries: at most {self.MAX_VERTICES} are supported")
        self.vertices = [tuple(to_exact(v, name="vertex entry") for v in vert) for vert in vertices]
        if len({len(v) for v in self.vertices}) != 1:
            raise InvalidArgument("vertices are invalid: they must all have the same length")
        self.label = label

    @property
    def dim(self) -> int:
        return len(self.vertices[0])

    @property
    def is_point(self) -> bool:
        return len(self.vertices) == 1

    def dist2(self, z: Sequence[Any]) -> Number:
        """Exact squared ℓ² distance from z to the hull."""
        z = [to_exact(v, name="z") for v in z]
        if len(z) != self.dim:
            raise InvalidArgument(f"z has length {len(z)}: it must have {self.dim} entries")
        best: Number | None = None
        for k in range(1, len(self.vertices) + 1):
            for subset in combinations(self.vertices, k):
                d2 = _affine_projection_dist2(z, subset)
                if d2 is not None and (best is None or sign(d2 - best) < 0):
                    best = d2
        assert best is not None
        return best

    def __repr__(self) -> str:
        kind = "point" if self.is_point else f"hull of {len(self.vertices)} vertices"
        return f"Hull({kind}{', ' + self.label if self.label else ''})"


def _affine_projection_dist2(z: list[Number], verts: Sequence[tuple[Number, ...]]) -> Number | None:
    """dist² from z to the affine hull of ``verts`` if the projection lies in their convex hull."""
    v0 = verts[0]
    diff = [a - b for a, b in zip(z, v0, strict=True)]
    if len(verts) == 1:
        return sqnorm(diff)
    D = [[a - b for a, b in zip(v, v0, strict=True)] for v in verts[1:]]
    G = [[dot(di, dj) for dj in D] for di in D]
    mu = solve_linear(G, [dot(di, diff) for di in D])
    if mu is None or any(sign(m) < 0 for m in mu) or sign(sum(mu, Fraction(0)) - 1) > 0:
        return None
    proj = list(v0)
    for m, d in zip(mu, D, strict=True):
        proj = [p + m * x for p, x in zip(proj, d, strict=True)]
    return sqnorm([a - b for a, b in zip(z, proj, strict=True)])
