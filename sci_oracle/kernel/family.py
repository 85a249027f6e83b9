"""The PNAS 2022 Theorem 1(a) family, rebuilt by the kernel from its spec with its own code.

Colbrook–Antun–Hansen, PNAS 119(12) e2107151119 (2022), Theorem 1 and SI §2 (the construction
behind ``sci_oracle/families/pnas.py``, re-derived here from the paper, not imported). With
c = √2·10^K/3 (``params="paper"``) or c = 10^K/2 (``"rational"``), member (j, n) has

    a = c·(1, …, 1) + 2^-(n+1)·e_j ∈ R^{N1},  A = [[aᵀ, 0], [0, ‖a‖₂·I_{N2}]],  y = e₁,

optionally premultiplied by H = I − 2vvᵀ/vᵀv, v = (1, …, m) (``mixing="householder"``). The limit
has a = c·1 and minimisers the face conv{t(c)·e_i : i ≤ N1}; member j has the single minimiser
t(a_j)·e_j with t(a) = 1/a (SR-LASSO), 1/a − λw₁/(2a²) (U-LASSO), (1 − ε)/a (QCBP). These closed
forms are the paper's lemma (trusted here; ``sci-oracle prove`` checks them by exact KKT).
"""

from __future__ import annotations

import functools
from fractions import Fraction
from typing import Any

from sci_oracle.kernel import numbers as q
from sci_oracle.kernel.numbers import KernelError, Num

MAX_K = 2000
MAX_N = 1 << 16  # member index n, as the producer's cap
_COMMON = {"family", "problem", "K", "N1", "N2", "params", "mixing", "mode"}
_PARAM = {"srlasso": "lam", "ulasso": "lam", "qcbp": "eps"}


class Instance:
    """One exact input (A, y) with its solution set: a point, or a scaled simplex face (the limit)."""

    def __init__(self, A: list[list[Num]], y: list[Num], vertex: list[Num] | None, face: tuple[Num, int] | None):
        self.inputs = {"A": A, "y": y}
        self.shapes = {"A": (len(A), len(A[0])), "y": (len(y),)}
        self.vertex, self.face = vertex, face

    def entry(self, name: str, index: tuple[int, ...]) -> Num:
        arr = self.inputs[name]
        return arr[index[0]][index[1]] if name == "A" else arr[index[0]]  # type: ignore[index,return-value]

    def flat(self, name: str) -> list[Num]:
        arr = self.inputs[name]
        return [x for row in arr for x in row] if name == "A" else list(arr)  # type: ignore[union-attr]

    def dist2(self, z: list[Num]) -> Num:
        """Exact squared distance from z to the solution set."""
        if self.vertex is not None:
            return q.sqnorm([q.sub(a, b) for a, b in zip(z, self.vertex, strict=True)])
        t, N1 = self.face  # type: ignore[misc]
        return q.add(q.sqnorm(z[N1:]), _simplex_dist2(z[:N1], t))


def _simplex_dist2(z: list[Num], t: Num) -> Num:
    """dist² from z to {x ≥ 0, Σx = t} (t > 0): project by the sorted-threshold rule."""
    u = sorted(z, key=functools.cmp_to_key(q.cmp), reverse=True)
    total: Num = Fraction(0)
    theta: Num = Fraction(0)
    for k, uk in enumerate(u, 1):
        total = q.add(total, uk)
        th = q.div(q.sub(total, t), Fraction(k))
        if q.sign(q.sub(uk, th)) > 0:
            theta = th
    out: Num = Fraction(0)
    for zi in z:
        x = q.sub(zi, theta)
        x = x if q.sign(x) > 0 else Fraction(0)
        out = q.add(out, q.square(q.sub(zi, x)))
    return out


class Family:
    """The family rebuilt from a spec. Unknown or unused keys and out-of-range values are errors."""

    def __init__(self, spec: Any):
        if not isinstance(spec, dict):
            raise KernelError("family spec: expected an object")
        if spec.get("family") != "PNASFamily":
            raise KernelError(f"family spec: unknown family {q._short(spec.get('family'))} (known: PNASFamily)")
        problem = spec.get("problem")
        if problem not in _PARAM:
            raise KernelError(f"family spec: problem must be one of {sorted(_PARAM)}")
        allowed = _COMMON | {_PARAM[problem], "weights", "allow_small_K"}
        extra = set(spec) - allowed
        if extra:
            raise KernelError(f"family spec: unknown or unused keys {sorted(extra)}")
        missing = (_COMMON | {_PARAM[problem]}) - set(spec)
        if missing:
            raise KernelError(f"family spec: missing keys {sorted(missing)}")
        small = spec.get("allow_small_K", False)
        if "allow_small_K" in spec and small is not True:
            raise KernelError("family spec: allow_small_K, when present, must be true")
        self.K = q.integer(spec["K"], "family spec K", 1 if small else 3, MAX_K)
        self.N1 = q.integer(spec["N1"], "family spec N1", 2, 8)
        self.N2 = q.integer(spec["N2"], "family spec N2", 0, 200)
        self.N, self.m = self.N1 + self.N2, self.N2 + 1
        for key, choices in (("params", ("paper", "rational")), ("mixing", ("none", "householder"))):
            if spec[key] not in choices:
                raise KernelError(f"family spec: {key} must be one of {choices}")
        if spec["mode"] not in ("entrywise", "normwise"):
            raise KernelError("family spec: mode must be entrywise or normwise")
        self.problem, self.mode, self.params, self.mixing = problem, spec["mode"], spec["params"], spec["mixing"]
        self.par = q.rational(spec[_PARAM[problem]], f"family spec {_PARAM[problem]}")
        if self.par <= 0 or (problem == "qcbp" and self.par > Fraction(1, 4)):
            raise KernelError(f"family spec: {_PARAM[problem]} out of range (lam > 0; 0 < eps <= 1/4)")
        self.w1 = Fraction(1)
        if "weights" in spec:
            w = spec["weights"]
            if not isinstance(w, list) or len(w) != self.N:
                raise KernelError(f"family spec: weights must be a list of N={self.N} rationals")
            ws = [q.rational(v, "family spec weights") for v in w]
            if any(v <= 0 for v in ws) or len(set(ws[: self.N1])) != 1:
                raise KernelError("family spec: weights must be > 0 with the first N1 equal")
            self.w1 = ws[0]
        ten = Fraction(10**self.K)
        self.c: Num = q.mul(q.sqrt(Fraction(2)), ten / 3) if self.params == "paper" else ten / 2
        if problem != "qcbp" and q.sign(q.sub(self.c, self.par * self.w1)) <= 0:
            raise KernelError("family spec: need lam·w₁ < c")
        self._cache: dict[Any, Instance] = {}

    @property
    def kappa(self) -> Fraction:
        return Fraction(1, 10**self.K)

    def t(self, a: Num) -> Num:
        if self.problem == "srlasso":
            return q.inv(a)
        if self.problem == "ulasso":
            return q.sub(q.inv(a), q.div(Fraction(self.par * self.w1), q.mul(Fraction(2), q.square(a))))
        return q.div(1 - self.par, a)

    def _build(self, a: list[Num], vertex: list[Num] | None, face: tuple[Num, int] | None) -> Instance:
        zero = Fraction(0)
        s = q.sqrt(q.sqnorm(a)) if self.N2 else zero
        A = [[zero] * self.N for _ in range(self.m)]
        A[0][: self.N1] = a
        for i in range(self.N2):
            A[1 + i][self.N1 + i] = s
        y: list[Num] = [Fraction(1)] + [zero] * self.N2
        if self.mixing == "householder":
            v = [Fraction(i + 1) for i in range(self.m)]
            vv = sum(x * x for x in v)
            H = [[Fraction(r == c) - 2 * v[r] * v[c] / vv for c in range(self.m)] for r in range(self.m)]
            A = [[_dot(H[r], [A[k][col] for k in range(self.m)]) for col in range(self.N)] for r in range(self.m)]
            y = [H[r][0] for r in range(self.m)]
        return Instance(A, y, vertex, face)

    def limit(self) -> Instance:
        if "limit" not in self._cache:
            self._cache["limit"] = self._build([self.c] * self.N1, None, (self.t(self.c), self.N1))
        return self._cache["limit"]

    def member(self, j: int, n: int) -> Instance:
        if (j, n) not in self._cache:
            a = [q.add(self.c, Fraction(1, 2 ** (n + 1))) if i == j - 1 else self.c for i in range(self.N1)]
            vertex = [self.t(a[j - 1]) if i == j - 1 else Fraction(0) for i in range(self.N)]
            self._cache[(j, n)] = self._build(a, vertex, None)
        return self._cache[(j, n)]

    def instance(self, where: Any, what: str) -> Instance:
        """``None`` for the limit, or ``{"j": 1|2, "n": n}`` for a member."""
        if where is None:
            return self.limit()
        if not isinstance(where, dict) or set(where) != {"j", "n"}:
            raise KernelError(f"{what}: an instance is null (the limit) or {{'j', 'n'}}")
        return self.member(q.integer(where["j"], f"{what} j", 1, 2), q.integer(where["n"], f"{what} n", 1, MAX_N))


def _dot(u: list[Fraction], v: list[Num]) -> Num:
    out: Num = Fraction(0)
    for a, b in zip(u, v, strict=True):
        if a:
            out = q.add(out, q.mul(a, b))
    return out
