"""Built-in algorithms for demonstrations and tests (PNAS 2022 Theorem 1 and its proof).

- :class:`OneSparseSolver`: reads (A, y) at a fixed level k and returns, in exact arithmetic,
  the best 1-sparse minimiser of the problem for the *read* data; exact ties are broken by a
  policy (first index, last index, or a seeded random choice). On the Theorem 1 family the true
  minimisers are 1-sparse, so this is "read at level k, solve exactly, break ties".
  It fails K digits (part (a)).
- :class:`Midpoint`: the same, but returns the average of all near-tied 1-sparse solutions
  (objectives within 2^-k): K−1 digits on the family, never K.
- :class:`Zero`: outputs 0 without reading anything (K−1 digits on the family, since
  ‖x‖ ≈ 2.12·10^-K).
- :class:`PrimalDualFloat64`: a practitioner's float64 Chambolle–Pock solver for all three problems.
- :func:`coin_flip`: the randomised tie-breaker; it succeeds with probability exactly 1/2 on each
  member, showing that the 1/2 of Theorem 1(a) is sharp.
"""

from __future__ import annotations

import functools
from fractions import Fraction
from typing import Any

import numpy as np

from sci_oracle.algorithms.base import RandomisedAlgorithm
from sci_oracle.core.errors import AlgorithmError, InvalidArgument
from sci_oracle.core.exact import Number, dot, sign, sqnorm, sqrt
from sci_oracle.core.oracle import Oracle
from sci_oracle.core.validation import check_choice, check_int

__all__ = ["BUILTINS", "Midpoint", "OneSparseSolver", "PrimalDualFloat64", "Zero", "builtin", "coin_flip"]

TIES = ("first", "last", "random")


def _problem(oracle: Oracle) -> Any:
    info = oracle.problem
    if info is None or not hasattr(info, "problem"):
        raise InvalidArgument("oracle.problem is missing: built-ins need the public problem description")
    return info


def one_sparse_candidates(problem: Any, A: np.ndarray, y: list[Number]) -> list[tuple[Number, Number]]:
    """For each column i, the exact minimiser t_i of the problem over z = t·e_i and its objective.

    QCBP columns whose 1-sparse problem is infeasible get objective None.
    """
    name = problem.name
    w = problem.w(A.shape[1])
    yy = sqnorm(y)
    out: list[tuple[Number, Number]] = []
    for i in range(A.shape[1]):
        col = list(A[:, i])
        a2, p = sqnorm(col), dot(col, y)
        if sign(a2) == 0:
            out.append(
                (
                    Fraction(0),
                    problem.objective(A, y, _e(A.shape[1], i, 0)) if name != "qcbp" else _qcbp_zero(problem, yy),
                )
            )
            continue
        if name == "ulasso":
            thr = problem.lam * w[i] / 2
            t = (p - thr) / a2 if sign(p - thr) > 0 else (p + thr) / a2 if sign(p + thr) < 0 else Fraction(0)
            obj = problem.lam * w[i] * abs(t) + a2 * t * t - 2 * p * t + yy
        elif name == "srlasso":
            lw = problem.lam * w[i]
            rho2 = yy - p * p / a2
            t = Fraction(0)
            if sign(a2 - lw * lw) > 0:
                if sign(rho2) == 0:
                    t = p / a2
                else:
                    alpha = sqrt(a2)
                    beta = p / alpha
                    shift = lw * sqrt(rho2) / sqrt(a2 - lw * lw)
                    if sign(abs(beta) - shift) > 0:
                        t = (beta - sign(beta) * shift) / alpha
            obj = lw * abs(t) + sqrt(a2 * t * t - 2 * p * t + yy)
        else:  # qcbp
            rho2 = yy - p * p / a2
            slack = problem.eps**2 - rho2
            if sign(slack) < 0:
                out.append((Fraction(0), None))
                continue
            alpha = sqrt(a2)
            beta, delta = p / alpha, sqrt(slack)
            t = Fraction(0) if sign(abs(beta) - delta) <= 0 else sign(beta) * (abs(beta) - delta) / alpha
            obj = w[i] * abs(t)
        out.append((t, obj))
    return out


def _qcbp_zero(problem: Any, yy: Number) -> Number | None:
    return Fraction(0) if sign(yy - problem.eps**2) <= 0 else None


def _e(N: int, i: int, t: Number) -> list[Number]:
    return [t if k == i else Fraction(0) for k in range(N)]


def _least(values: list[Number]) -> Number:
    best = values[0]
    for v in values[1:]:
        if sign(v - best) < 0:
            best = v
    return best


def _read(oracle: Oracle, level: int) -> tuple[np.ndarray, list[Number]]:
    return oracle.fractions("A", level), list(oracle.fractions("y", level))


class OneSparseSolver:
    """Read at ``level``, return the exact best 1-sparse minimiser; ties broken by ``tie``:
    ``first``/``last`` index, or ``random``: tie number ``seed mod #ties`` (so seeds drawn uniformly
    from 0..2r−1 give an exactly fair choice between two tied columns)."""

    def __init__(self, level: int = 30, tie: str = "first", seed: int | None = None):
        self.level = check_int("level", level, min_value=0, max_value=1 << 16)
        self.tie = check_choice("tie", tie, TIES)
        if tie == "random" and seed is None:
            raise InvalidArgument("seed=None is invalid with tie='random': pass an int seed")
        self.seed = seed

    def __call__(self, oracle: Oracle) -> list[Number]:
        info = _problem(oracle)
        A, y = _read(oracle, self.level)
        cands = one_sparse_candidates(info.problem, A, y)
        feasible = [(i, t, f) for i, (t, f) in enumerate(cands) if f is not None]
        if not feasible:
            return [Fraction(0)] * info.N
        best = _least([f for _, _, f in feasible])
        ties = [(i, t) for i, t, f in feasible if sign(f - best) == 0]
        if self.tie == "first":
            i, t = ties[0]
        elif self.tie == "last":
            i, t = ties[-1]
        else:  # the seed fixes the choice before any query; uniform over any multiple-of-#ties seed set
            i, t = ties[self.seed % len(ties)]  # type: ignore[operator]
        return _e(info.N, i, t)

    def __repr__(self) -> str:
        seed = f", seed={self.seed}" if self.tie == "random" else ""
        return f"OneSparseSolver(level={self.level}, tie={self.tie!r}{seed})"


class Midpoint:
    """Read at ``level``; average the 1-sparse solutions whose objectives are within 2^-level of the best."""

    def __init__(self, level: int = 30):
        self.level = check_int("level", level, min_value=0, max_value=1 << 16)

    def __call__(self, oracle: Oracle) -> list[Number]:
        info = _problem(oracle)
        A, y = _read(oracle, self.level)
        cands = [(i, t, f) for i, (t, f) in enumerate(one_sparse_candidates(info.problem, A, y)) if f is not None]
        if not cands:
            return [Fraction(0)] * info.N
        best = _least([f for _, _, f in cands])
        tol = Fraction(1, 2**self.level)
        near = [(i, t) for i, t, f in cands if sign(f - best - tol) <= 0]
        out: list[Number] = [Fraction(0)] * info.N
        for i, t in near:
            out[i] = t / len(near)
        return out

    def __repr__(self) -> str:
        return f"Midpoint(level={self.level})"


class Zero:
    """Output 0, reading nothing."""

    def __call__(self, oracle: Oracle) -> list[Number]:
        return [Fraction(0)] * _problem(oracle).N

    def __repr__(self) -> str:
        return "Zero()"


class PrimalDualFloat64:
    """Chambolle–Pock in numpy float64 on the answers at ``level`` (what practitioners run).

    Steps τ = σ = 0.99/‖A‖₂, so τσ‖A‖² < 1. Returns the last primal iterate as float64.
    """

    def __init__(self, level: int = 52, iterations: int = 3000):
        self.level = check_int("level", level, min_value=0, max_value=1074)
        self.iterations = check_int("iterations", iterations, min_value=1, max_value=10**7)

    def __call__(self, oracle: Oracle) -> np.ndarray:
        info = _problem(oracle)
        prob = info.problem
        try:
            A, y = oracle.float64("A", self.level), oracle.float64("y", self.level)
        except OverflowError:  # its own contract: float64 holds magnitudes < 2^1024 only (K ≥ 308 breaks it)
            raise AlgorithmError(
                "PrimalDualFloat64 cannot represent this input: an entry exceeds the float64 range (~1.8e308); "
                "a float64 algorithm's contract error, not a statement about the theorem"
            ) from None
        w = np.array([float(v) for v in prob.w(info.N)])
        L = np.linalg.norm(A, 2)
        tau = sigma = 0.99 / L
        At = A.T.copy()
        x = np.zeros(info.N)
        xi = np.zeros(info.m)
        thr = tau * w * (float(prob.lam) if prob.name != "qcbp" else 1.0)
        eps = float(getattr(prob, "eps", 0))
        for _ in range(self.iterations):
            u = x - tau * (At @ xi)
            x_new = np.sign(u) * np.maximum(np.abs(u) - thr, 0.0)
            v = xi + sigma * (A @ (2 * x_new - x)) - sigma * y
            if prob.name == "srlasso":  # conjugate of ‖·‖ is the unit-ball indicator
                xi = v / max(1.0, np.linalg.norm(v))
            elif prob.name == "ulasso":  # conjugate of ‖·‖² is ‖·‖²/4
                xi = v / (1 + sigma / 2)
            else:  # conjugate of the ε-ball indicator is ε‖·‖
                nv = np.linalg.norm(v)
                xi = v * max(0.0, 1 - sigma * eps / nv) if nv > 0 else v
            x = x_new
        return x

    def __repr__(self) -> str:
        return f"PrimalDualFloat64(level={self.level}, iterations={self.iterations})"


def _tie_at_random(level: int, seed: int) -> OneSparseSolver:
    return OneSparseSolver(level, tie="random", seed=seed)


def coin_flip(level: int = 30, seeds: tuple[int, ...] = (0, 1)) -> RandomisedAlgorithm:
    """The randomised tie-breaker: seed s picks a tied column uniformly (exact probabilities over ``seeds``).

    Built from a module-level function so it pickles (isolated and parallel checks need that)."""
    return RandomisedAlgorithm(functools.partial(_tie_at_random, level), seeds, name=f"coin_flip(level={level})")


BUILTINS = {
    "tiebreak": lambda: OneSparseSolver(30, "first"),
    "tiebreak-last": lambda: OneSparseSolver(30, "last"),
    "midpoint": lambda: Midpoint(30),
    "zero": Zero,
    "primal-dual": PrimalDualFloat64,
    "coin-flip": coin_flip,
}


def builtin(name: str) -> Any:
    """A built-in algorithm by name (``tiebreak``, ``midpoint``, ``zero``, ``primal-dual``, ``coin-flip``...)."""
    check_choice("algorithm", name, tuple(BUILTINS))
    return BUILTINS[name]()


def load_algorithm(spec: str) -> Any:
    """A built-in algorithm by name.

    A user's ``MODULE:FUNCTION`` or ``FILE.py:FUNCTION`` is never imported here: user code runs
    only in the sandboxed child (``sci_oracle.harness.specs.load_spec``, reached through
    ``sci_oracle.harness.isolation.IsolatedAlgorithm`` / ``open_algorithm`` or ``check``).
    """
    if ":" in spec:
        raise InvalidArgument(
            f"algorithm={spec!r} is invalid here: user modules are loaded only in the sandbox; use "
            "sci_oracle.harness.isolation.open_algorithm(spec) or check(spec)"
        )
    return builtin(spec)
