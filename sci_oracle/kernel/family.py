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

MAX_K = 10_000  # the CLI takes K in 3..MAX_K (numbers.MAX_DIGITS is sized for it)
MAX_N = 1 << 16  # member index n, as the producer's cap
_COMMON = {"family", "problem", "K", "N1", "N2", "params", "mixing", "mode"}
_PARAM = {"srlasso": "lam", "ulasso": "lam", "qcbp": "eps"}


class Instance:
    """One exact input with its solution set {base + t·x on the ``tied`` coordinates : x ∈ simplex}:
    a point when one coordinate is tied, a segment or simplex face at a tie (the limit)."""

    matrix: list[list[Num]] | None = None  # TrainingFamily: the (hidden) A of the samples, for KKT
    y_test: list[Num] | None = None

    def __init__(self, arrays: dict[str, tuple[tuple[int, ...], list[Num]]], base: list[Num], tied: list[int], t: Num):
        self.shapes = {k: shape for k, (shape, _) in arrays.items()}
        self._flat = {k: flat for k, (_, flat) in arrays.items()}
        self.base, self.tied, self.t = base, tied, t

    def entry(self, name: str, index: tuple[int, ...]) -> Num:
        shape, k = self.shapes[name], 0
        for i, s in zip(index, shape, strict=True):
            k = k * s + i
        return self._flat[name][k]

    def flat(self, name: str) -> list[Num]:
        return self._flat[name]

    def vertices(self) -> list[list[Num]]:
        out = []
        for i in self.tied:
            v = list(self.base)
            v[i] = self.t
            out.append(v)
        return out

    @property
    def vertex(self) -> list[Num] | None:
        if len(self.tied) != 1:
            return None
        v = list(self.base)
        v[self.tied[0]] = self.t
        return v

    def dist2(self, z: list[Num]) -> Num:
        """Exact squared distance from z to the solution set."""
        rest = [q.sub(zi, b) for i, (zi, b) in enumerate(zip(z, self.base, strict=True)) if i not in self.tied]
        zt, t = [z[i] for i in self.tied], self.t
        if q.sign(t) < 0:
            zt, t = [q.neg(x) for x in zt], q.neg(t)
        face = q.sqnorm(zt) if q.is_zero(t) else _simplex_dist2(zt, t)
        return q.add(q.sqnorm(rest), face)


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


def _matrix(rows: list[list[Num]]) -> tuple[tuple[int, ...], list[Num]]:
    return (len(rows), len(rows[0])), [x for row in rows for x in row]


def Family(spec: Any) -> Any:
    """The family rebuilt from a spec. Unknown or unused keys and out-of-range values are errors."""
    if not isinstance(spec, dict):
        raise KernelError("family spec: expected an object")
    kinds = {"PNASFamily": PNAS, "TrainingFamily": Training}
    if spec.get("family") not in kinds:
        raise KernelError(f"family spec: unknown family {q._short(spec.get('family'))} (known: {sorted(kinds)})")
    return kinds[spec["family"]](spec)


class _Base:
    K: int
    N: int
    mode = "entrywise"

    @property
    def kappa(self) -> Fraction:
        return Fraction(1, 10**self.K)

    def limit(self) -> Instance:  # pragma: no cover - abstract
        raise NotImplementedError

    def member(self, j: int, n: int) -> Instance:  # pragma: no cover - abstract
        raise NotImplementedError

    variants: frozenset[str] = frozenset()

    def instance(self, where: Any, what: str) -> Instance:
        """``None`` for the limit, or ``{"j": 1|2, "n": n}`` for a member (plus the family's variant keys)."""
        if where is None:
            return self.limit()
        if not isinstance(where, dict) or not {"j", "n"} <= set(where) <= {"j", "n"} | self.variants:
            raise KernelError(f"{what}: an instance is null (the limit) or {{'j', 'n'}}")
        j, n = q.integer(where["j"], f"{what} j", 1, 2), q.integer(where["n"], f"{what} n", 1, MAX_N)
        if set(where) == {"j", "n"}:
            return self.member(j, n)
        return self.variant(j, n, {k: where[k] for k in self.variants & set(where)}, what)

    def variant(self, j: int, n: int, kw: dict[str, Any], what: str) -> Instance:  # pragma: no cover - abstract
        raise NotImplementedError


def _problem(spec: dict[str, Any], extra: set[str], optional: set[str]) -> tuple[str, Fraction]:
    """The problem and its parameter (λ or ε); checks the spec has exactly the keys it uses."""
    problem = spec.get("problem")
    if problem not in _PARAM:
        raise KernelError(f"family spec: problem must be one of {sorted(_PARAM)}")
    required = {"family", "problem", "K", _PARAM[problem]} | extra
    unknown, missing = set(spec) - required - optional, required - set(spec)
    if unknown:
        raise KernelError(f"family spec: unknown or unused keys {sorted(unknown)}")
    if missing:
        raise KernelError(f"family spec: missing keys {sorted(missing)}")
    par = q.rational(spec[_PARAM[problem]], f"family spec {_PARAM[problem]}")
    if par <= 0 or (problem == "qcbp" and par > Fraction(1, 4)):
        raise KernelError(f"family spec: {_PARAM[problem]} out of range (lam > 0; 0 < eps <= 1/4)")
    return problem, par


def _c(K: int, params: Any) -> Num:
    if params not in ("paper", "rational"):
        raise KernelError("family spec: params must be paper or rational")
    ten = Fraction(10**K)
    return q.mul(q.sqrt(Fraction(2)), ten / 3) if params == "paper" else ten / 2


class PNAS(_Base):
    """PNASFamily (see the module docstring)."""

    def __init__(self, spec: dict[str, Any]):
        problem, self.par = _problem(spec, {"N1", "N2", "params", "mixing", "mode"}, {"weights", "allow_small_K"})
        small = spec.get("allow_small_K", False)
        if "allow_small_K" in spec and small is not True:
            raise KernelError("family spec: allow_small_K, when present, must be true")
        self.K = q.integer(spec["K"], "family spec K", 1 if small else 3, MAX_K)
        if small and self.K >= 3:  # an unused flag would give one family two spellings (runs bind per spelling)
            raise KernelError("family spec: allow_small_K is only for K < 3 (unused at K ≥ 3: leave it out)")
        self.N1 = q.integer(spec["N1"], "family spec N1", 2, 8)
        self.N2 = q.integer(spec["N2"], "family spec N2", 0, 200)
        self.N, self.m = self.N1 + self.N2, self.N2 + 1
        if spec["mixing"] not in ("none", "householder"):
            raise KernelError("family spec: mixing must be none or householder")
        if spec["mode"] not in ("entrywise", "normwise"):
            raise KernelError("family spec: mode must be entrywise or normwise")
        self.problem, self.mode, self.params, self.mixing = problem, spec["mode"], spec["params"], spec["mixing"]
        self.w1 = Fraction(1)
        self.w = [Fraction(1)] * self.N
        if "weights" in spec:
            w = spec["weights"]
            if not isinstance(w, list) or len(w) != self.N:
                raise KernelError(f"family spec: weights must be a list of N={self.N} rationals")
            ws = [q.rational(v, "family spec weights") for v in w]
            if any(v <= 0 for v in ws) or len(set(ws[: self.N1])) != 1:
                raise KernelError("family spec: weights must be > 0 with the first N1 equal")
            self.w1, self.w = ws[0], ws
        self.c = _c(self.K, self.params)
        if problem != "qcbp" and q.sign(q.sub(self.c, self.par * self.w1)) <= 0:
            raise KernelError("family spec: need lam·w₁ < c")
        self._cache: dict[Any, Instance] = {}

    def t(self, a: Num) -> Num:
        if self.problem == "srlasso":
            return q.inv(a)
        if self.problem == "ulasso":
            return q.sub(q.inv(a), q.div(Fraction(self.par * self.w1), q.mul(Fraction(2), q.square(a))))
        return q.div(1 - self.par, a)

    def _build(self, a: list[Num], tied: list[int], t: Num) -> Instance:
        zero: Num = Fraction(0)
        s = q.sqrt(q.sqnorm(a)) if self.N2 else zero
        A: list[list[Num]] = [[zero] * self.N for _ in range(self.m)]
        A[0][: self.N1] = a
        for i in range(self.N2):
            A[1 + i][self.N1 + i] = s
        y: list[Num] = [Fraction(1)]
        y += [zero] * self.N2
        if self.mixing == "householder":
            v = [Fraction(i + 1) for i in range(self.m)]
            vv = sum(x * x for x in v)
            H = [[Fraction(r == c) - 2 * v[r] * v[c] / vv for c in range(self.m)] for r in range(self.m)]
            A = [[_dot(H[r], [A[k][col] for k in range(self.m)]) for col in range(self.N)] for r in range(self.m)]
            y = [H[r][0] for r in range(self.m)]
        arrays = {"A": _matrix(A), "y": ((self.m,), y)}
        return Instance(arrays, [zero] * self.N, tied, t)

    def limit(self) -> Instance:
        if "limit" not in self._cache:
            self._cache["limit"] = self._build([self.c] * self.N1, list(range(self.N1)), self.t(self.c))
        return self._cache["limit"]

    def member(self, j: int, n: int) -> Instance:
        if (j, n) not in self._cache:
            a = [q.add(self.c, Fraction(1, 2 ** (n + 1))) if i == j - 1 else self.c for i in range(self.N1)]
            self._cache[(j, n)] = self._build(a, [j - 1], self.t(a[j - 1]))
        return self._cache[(j, n)]


class Training(_Base):
    """TrainingFamily: the project's Theorem 1 training construction (``sci_oracle/families/
    training.py``, proved in ``proofs/pnas_theorem1.py``). A = [[aᵀ, 0], [0, q·s·I]], s = ‖a‖, is
    diagonal after merging the tied block into one coordinate α = max aᵢ, so each sample's minimiser
    follows from one-coordinate rules (:func:`_coordinates`). Inputs are R samples y_k, x_k: the one
    at position p is (0, 1, 0, …), the others (ω, 0, …) with ω = θ + 2^-(n+1) (θ = 0, λ/(2c), ε)."""

    MAX_R = 10_000
    variants = frozenset({"q", "R", "p"})

    def __init__(self, spec: dict[str, Any]):
        problem, self.par = _problem(spec, {"R", "p", "q", "N1", "N2", "params"}, set())
        self.problem, self.params = problem, spec["params"]
        self.K = q.integer(spec["K"], "family spec K", 3, MAX_K)
        self.R = q.integer(spec["R"], "family spec R", 1, self.MAX_R)
        self.p = q.integer(spec["p"], "family spec p", 0, self.R - 1)
        if spec["q"] not in (1, -1) or type(spec["q"]) is not int:
            raise KernelError("family spec: q must be 1 or -1")
        self.q = spec["q"]
        self.N1 = q.integer(spec["N1"], "family spec N1", 2, 8)
        self.N2 = q.integer(spec["N2"], "family spec N2", 1, 50)
        self.N, self.m = self.N1 + self.N2, self.N2 + 1
        self.c = _c(self.K, self.params)
        self.theta: Num = {"srlasso": Fraction(0), "ulasso": q.div(self.par, q.mul(Fraction(2), self.c))}.get(
            problem, self.par
        )
        self.y_test = [Fraction(5), Fraction(10)] + [Fraction(0)] * (self.N2 - 1)
        self._cache: dict[Any, Instance] = {}

    def _solve(self, a: list[Num], s: Num, y: list[Num], sq: int) -> tuple[list[int], Num, list[Num]]:
        """The tied block-1 columns, the block-1 value and the block-2 values of the minimiser."""
        amax = a[0]
        for ai in a[1:]:
            if q.cmp(ai, amax) > 0:
                amax = ai
        tied = [i for i, ai in enumerate(a) if q.eq(ai, amax)]
        alpha = [amax] + [q.mul(Fraction(sq), s)] * self.N2
        z = _coordinates(self.problem, self.par, alpha, y)
        return (tied if not q.is_zero(z[0]) else tied[:1]), z[0], z[1:]

    def _build(
        self, j: int | None, n: int | None, sq: int | None = None, R: int | None = None, p: Any = -1
    ) -> Instance:
        sq, R = self.q if sq is None else sq, self.R if R is None else R
        p = self.p if p == -1 else p  # None: no informative sample (the sample adversary's simulation)
        bump = Fraction(0) if n is None else Fraction(1, 2 ** (n + 1))
        a = [q.add(self.c, bump) if j == i + 1 else self.c for i in range(self.N1)]
        s = q.sqrt(q.sqnorm(a))
        omega = q.add(self.theta, bump)
        arrays: dict[str, tuple[tuple[int, ...], list[Num]]] = {}
        for k in range(R):
            y: list[Num] = [Fraction(0), Fraction(1)] if k == p else [omega, Fraction(0)]
            y += [Fraction(0)] * (self.N2 - 1)
            tied, z0, tail = self._solve(a, s, y, sq)
            x: list[Num] = [z0 if i == tied[0] else Fraction(0) for i in range(self.N1)]
            x += tail
            arrays[f"y{k}"], arrays[f"x{k}"] = ((self.m,), y), ((self.N,), x)
        tied, z0, tail = self._solve(a, s, list(self.y_test), sq)
        base: list[Num] = [Fraction(0)] * self.N1
        inst = Instance(arrays, base + tail, tied, z0)
        zero: Num = Fraction(0)
        sqs: Num = q.mul(Fraction(sq), s)
        rows: list[list[Num]] = [list(a) + [zero] * self.N2]
        for k in range(self.N2):
            rows.append([zero] * self.N1 + [sqs if i == k else zero for i in range(self.N2)])
        inst.matrix = rows
        inst.y_test = list(self.y_test)
        return inst

    def limit(self) -> Instance:
        if "limit" not in self._cache:
            self._cache["limit"] = self._build(None, None)
        return self._cache["limit"]

    def member(self, j: int, n: int) -> Instance:
        if (j, n) not in self._cache:
            self._cache[(j, n)] = self._build(j, n)
        return self._cache[(j, n)]

    def variant(self, j: int, n: int, kw: dict[str, Any], what: str) -> Instance:
        """A member with another hidden sign q, size R or informative position p (None: none)."""
        sq = kw.get("q", self.q)
        if sq not in (1, -1) or type(sq) is not int:
            raise KernelError(f"{what}: q must be 1 or -1")
        R = q.integer(kw.get("R", self.R), f"{what} R", 1, self.MAX_R)
        p = kw.get("p", R - 1)
        if p is not None:
            p = q.integer(p, f"{what} p", 0, R - 1)
        key = (j, n, sq, R, p)
        if key not in self._cache:
            self._cache[key] = self._build(j, n, sq, R, p)
        return self._cache[key]


def _coordinates(problem: str, par: Fraction, alpha: list[Num], beta: list[Num]) -> list[Num]:
    """argmin over independent coordinates z_c with data α_c z_c ≈ β_c and unit weights.

    U-LASSO separates: soft-thresholding of α_cβ_c at λ/2. SR-LASSO: z = β/α is optimal when the
    dual v = residual-free multiplier has λ²Σ_{β≠0} 1/α_c² < 1. QCBP: one budget ε shared by the
    residuals, filled in order of |β_c|/τ_c, τ_c = 1/|α_c| (coordinates below the level stay 0).
    """
    if problem == "ulasso":
        out: list[Num] = []
        for a, b in zip(alpha, beta, strict=True):
            g = q.mul(a, b)
            excess = q.sub(q.absv(g), par / 2)
            out.append(Fraction(0) if q.sign(excess) <= 0 else q.div(q.mul(Fraction(q.sign(g)), excess), q.square(a)))
        return out
    if problem == "srlasso":
        dual2: Num = Fraction(0)
        for a, b in zip(alpha, beta, strict=True):
            if not q.is_zero(b):
                dual2 = q.add(dual2, q.div(par * par, q.square(a)))
        if q.sign(q.sub(dual2, Fraction(1))) >= 0:
            raise KernelError("family: SR-LASSO sample outside the proven range λ²Σ1/α² < 1")
        return [q.div(b, a) for a, b in zip(alpha, beta, strict=True)]
    eps2 = par * par
    live = [i for i, b in enumerate(beta) if not q.is_zero(b)]
    out = [Fraction(0) for _ in beta]
    if q.cmp(q.sqnorm([beta[i] for i in live]), eps2) <= 0:
        return out
    tau2 = {i: q.inv(q.square(alpha[i])) for i in live}
    ratio2 = {i: q.div(q.square(beta[i]), tau2[i]) for i in live}

    def by_ratio(i: int, k: int) -> int:
        return q.cmp(ratio2[i], ratio2[k])

    order = sorted(live, key=functools.cmp_to_key(by_ratio))
    for k in range(len(order)):
        sat, act = order[:k], order[k:]
        budget = q.sub(eps2, q.sqnorm([beta[i] for i in sat]))
        level2 = q.div(budget, _sum([tau2[i] for i in act]))
        if (
            q.sign(level2) > 0
            and all(q.cmp(ratio2[i], level2) <= 0 for i in sat)
            and all(q.cmp(ratio2[i], level2) > 0 for i in act)
        ):
            level = q.sqrt(level2)
            for i in act:
                shift = q.mul(Fraction(q.sign(beta[i])), q.mul(level, q.inv(q.absv(alpha[i]))))
                out[i] = q.div(q.sub(beta[i], shift), alpha[i])
            return out
    raise KernelError("family: QCBP water-filling found no level")  # unreachable for valid data


def _sum(v: list[Num]) -> Num:
    out: Num = Fraction(0)
    for x in v:
        out = q.add(out, x)
    return out


def _dot(u: list[Fraction], v: list[Num]) -> Num:
    out: Num = Fraction(0)
    for a, b in zip(u, v, strict=True):
        if a:
            out = q.add(out, q.mul(a, b))
    return out
