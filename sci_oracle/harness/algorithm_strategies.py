"""Hypothesis strategies that generate *algorithms*, so tests can quantify over algorithm classes.

Colbrook–Antun–Hansen, PNAS 119(12) e2107151119 (2022), Theorem 1(a), says that **no**
algorithm computes the solution map to K digits on its family with probability > 1/2; the key
lemma behind it (Lemma 1 of ``proofs/LEMMA.md``; Bastounis–Hansen–Vlačić Prop 10.5)
holds for every *general algorithm* (BHV Def 9.3): any map whose output depends only on the
finitely many oracle answers it read. These strategies draw members of concrete classes of general
algorithms, each as a frozen dataclass whose ``repr`` is the call that rebuilds it, so a failing
example prints, shrinks and replays:

- :func:`query_plans`: adaptive finite-depth plans (:class:`QueryPlan`). A node reads a few
  entries at chosen levels, then either branches on a comparison of the answers so far
  (:class:`Compare`, :class:`Parity`) or applies an output rule: an exact solve at the read
  precision with a tie-breaking policy (:class:`ExactSolve`, every policy of :data:`TIE_POLICIES`),
  an affine map of the answers (:class:`AffineMap`), a small ReLU network with rational weights
  (:class:`ReLUNet`, evaluated exactly by :mod:`sci_oracle.core.nn`), or a rounding / thresholding of
  another rule (:class:`Rounded`, :class:`Thresholded`).
- :func:`escalating_algorithms`: read deeper until a separation test passes, with a cap
  (:class:`Escalating`); at the cap they either fall back to their rule or keep escalating
  forever (never halting, which the oracle budget turns into NH).
- :func:`randomised_algorithms`: seed-indexed mixtures (:class:`Mixture`) with integer weights,
  over a finite seed set, so failure probabilities are exact fractions.
- :func:`gradient_trainers`: a plain numpy gradient-descent trainer (:class:`GradientTrainer`)
  with drawn architecture and hyper-parameters that trains a ReLU net on samples it builds from its
  own oracle reads, then applies it (the *solver* setting; see the class docstring).
- :func:`sample_trainers`: the same kind of trainer in the Theorem 1 *training* setting
  (:class:`SampleTrainer`): it reads labelled samples (y_k, x_k) and returns a network.
- :func:`algorithms_from`: a user's parameterised procedure plus a strategy for its parameters.

Every description is deterministic given its fields: randomness comes only from seeds stored in
the description (``numpy.random.default_rng(seed)``), never a global RNG, and the public problem
data (``oracle.problem``: K, N1, N, the problem) is the only knowledge besides oracle answers.

Shrinking: plans shrink towards fewer reads, lower levels, shallower trees, the first tie policy
and the plainest rule (``ExactSolve(level=None, tie='first')``); rationals shrink towards 0.
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np
from hypothesis import strategies as st

from sci_oracle.algorithms.base import RandomisedAlgorithm
from sci_oracle.algorithms.builtin import _least, one_sparse_candidates
from sci_oracle.core.errors import InvalidArgument
from sci_oracle.core.exact import Number, floor, sign
from sci_oracle.core.nn import Affine, NeuralNetwork, ReLU
from sci_oracle.core.validation import check_choice, check_int

__all__ = [
    "FEATURES",
    "RULE_KINDS",
    "TIE_POLICIES",
    "AffineMap",
    "Branch",
    "ColumnGap",
    "Compare",
    "Escalating",
    "ExactSolve",
    "GradientTrainer",
    "Mixture",
    "ObjectiveGap",
    "Parity",
    "QueryPlan",
    "ReLUNet",
    "Read",
    "Rounded",
    "SampleTrainer",
    "Stable",
    "Thresholded",
    "UserAlgorithm",
    "algorithms_from",
    "coverage",
    "deterministic_algorithms",
    "escalating_algorithms",
    "gradient_trainers",
    "output_rules",
    "query_plans",
    "randomised_algorithms",
    "sample_trainers",
    "user_algorithm",
]

TIE_POLICIES = ("first", "last", "seeded", "average", "answer")
FEATURES = ("reciprocal", "scaled", "raw")
RULE_KINDS = ("exact-solve", "affine", "relu-net", "rounded", "thresholded")


# --------------------------------------------------------------------------- reading answers
@dataclass
class _Answers:
    """The answers a run has read so far: exact values with the grid level they lie on."""

    values: list[Fraction] = field(default_factory=list)
    grids: list[int] = field(default_factory=list)
    deepest: int = -1
    ties: list[tuple[str, int]] = field(default_factory=list)  # (policy, #tied) per solve, for coverage

    def add(self, value: Fraction, grid: int, level: int) -> None:
        self.values.append(value)
        self.grids.append(grid)
        self.deepest = max(self.deepest, level)

    def padded(self, width: int) -> list[Fraction]:
        vals = self.values[:width]
        return vals + [Fraction(0)] * (width - len(vals))


def _read_entry(oracle: Any, name: str, index: int, level: int, answers: _Answers) -> None:
    """One entry (flat ``index`` modulo the array size) at ``level``; whole-array reads in normwise mode."""
    shape = oracle.shape(name)
    size = int(np.prod(shape)) if shape else 1
    idx = np.unravel_index(index % size, shape)
    if oracle.mode == "normwise":
        arr = oracle.read(name, level)
        answers.add(arr[idx], arr.level, level)
    else:
        answers.add(oracle.read(name, level, tuple(int(i) for i in idx)), level, level)


def _read_all(oracle: Any, level: int, answers: _Answers) -> tuple[np.ndarray, list[Fraction]]:
    A, y = oracle.read("A", level), oracle.read("y", level)
    for arr in (A, y):
        for v in arr.to_fractions().ravel():
            answers.add(v, arr.level, level)
    return A.to_fractions(), list(y.to_fractions())


def _info(oracle: Any) -> Any:
    info = oracle.problem
    if info is None or not hasattr(info, "K"):
        raise InvalidArgument(
            "oracle.problem is missing: generated algorithms need the public problem description (K, N1, N)"
        )
    return info


def _rational(q: Fraction) -> str:
    return repr(q) if q.denominator != 1 else str(q.numerator)


def _rat_tuple(t: tuple[Any, ...]) -> str:
    inner = ", ".join(_rat_tuple(x) if isinstance(x, tuple) else _rational(x) for x in t)
    return f"({inner},)" if len(t) == 1 else f"({inner})"


# --------------------------------------------------------------------------- output rules
@dataclass(frozen=True)
class ExactSolve:
    """The exact best 1-sparse minimiser of the problem for data read at ``level`` (``None``: the
    deepest level read so far, "the read precision"), with an exact tie-breaking ``tie`` policy:
    ``first``/``last`` tied column, ``seeded`` (tie number ``seed mod #ties``), ``average`` (the
    mean of the tied solutions) or ``answer`` (tie number = the last answer's numerator mod #ties)."""

    level: int | None = None
    tie: str = "first"
    seed: int = 0

    kind = "exact-solve"

    def apply(self, oracle: Any, answers: _Answers) -> list[Number]:
        info = _info(oracle)
        level = self.level if self.level is not None else max(answers.deepest, 0)
        A, y = _read_all(oracle, level, answers)
        cands = [(i, t, f) for i, (t, f) in enumerate(one_sparse_candidates(info.problem, A, y)) if f is not None]
        out: list[Number] = [Fraction(0)] * info.N
        if not cands:
            return out
        best = _least([f for _, _, f in cands])
        ties = [(i, t) for i, t, f in cands if sign(f - best) == 0]
        answers.ties.append((self.tie, len(ties)))
        if self.tie == "average":
            for i, t in ties:
                out[i] = t / len(ties)
            return out
        if self.tie == "first":
            k = 0
        elif self.tie == "last":
            k = len(ties) - 1
        elif self.tie == "seeded":
            k = self.seed % len(ties)
        else:  # "answer": adaptive, from the last answer read before the solve
            v, g = answers.values[-1], answers.grids[-1]
            k = int(v * (1 << g)) % len(ties)
        i, t = ties[k]
        out[i] = t
        return out

    def __repr__(self) -> str:
        seed = f", seed={self.seed}" if self.tie == "seeded" else ""
        return f"ExactSolve(level={self.level}, tie={self.tie!r}{seed})"


def _features(answers: _Answers, width: int, kind: str, K: int) -> list[Fraction]:
    vals = answers.padded(width)
    if kind == "reciprocal":  # 1/a ≈ the solution scale on the Theorem 1 family
        return [1 / v if v != 0 else Fraction(0) for v in vals]
    if kind == "scaled":
        return [v / 10**K for v in vals]
    return vals


@dataclass(frozen=True)
class AffineMap:
    """x_i = Σ_j W[i mod R][j]·f_j + b[i mod R]·10^-K, with features f of the first answers
    (``reciprocal`` 1/answer, ``scaled`` answer·10^-K, or ``raw``) padded with zeros."""

    W: tuple[tuple[Fraction, ...], ...]
    b: tuple[Fraction, ...]
    features: str = "reciprocal"

    kind = "affine"

    def apply(self, oracle: Any, answers: _Answers) -> list[Number]:
        info = _info(oracle)
        f = _features(answers, len(self.W[0]), self.features, info.K)
        scale = Fraction(1, 10**info.K)
        rows = [
            sum((w * x for w, x in zip(row, f, strict=True)), Fraction(0)) + bi * scale
            for row, bi in zip(self.W, self.b, strict=True)
        ]
        return [rows[i % len(rows)] for i in range(info.N)]

    def __repr__(self) -> str:
        return f"AffineMap(W={_rat_tuple(self.W)}, b={_rat_tuple(self.b)}, features={self.features!r})"


@dataclass(frozen=True)
class ReLUNet:
    """A small ReLU network with rational weights on the answer features, evaluated exactly
    (:class:`sci_oracle.core.nn.NeuralNetwork`, backend ``exact``); output i is net[i mod R]·10^-K.
    ``layers`` is a tuple of (W, b) pairs; features are 10^K-scaled reciprocals by default."""

    layers: tuple[tuple[tuple[tuple[Fraction, ...], ...], tuple[Fraction, ...]], ...]
    features: str = "reciprocal"

    kind = "relu-net"

    def network(self) -> NeuralNetwork:
        parts: list[Any] = []
        for k, (W, b) in enumerate(self.layers):
            if k:
                parts.append(ReLU())
            parts.append(Affine(np.array(W, dtype=object), np.array(b, dtype=object)))
        return NeuralNetwork(parts)

    def apply(self, oracle: Any, answers: _Answers) -> list[Number]:
        info = _info(oracle)
        width = len(self.layers[0][0][0])
        f = _features(answers, width, self.features, info.K)
        if self.features == "reciprocal":
            f = [v * 10**info.K for v in f]  # O(1) inputs for O(1) weights
        out = list(self.network().evaluate(np.array(f, dtype=object), backend="exact"))
        scale = Fraction(1, 10**info.K)
        return [out[i % len(out)] * scale for i in range(info.N)]

    def __repr__(self) -> str:
        layers = ", ".join(f"({_rat_tuple(W)}, {_rat_tuple(b)})" for W, b in self.layers)
        return f"ReLUNet(layers=({layers},), features={self.features!r})"


@dataclass(frozen=True)
class Rounded:
    """Round every entry of ``rule``'s output to K + ``offset`` decimal places (half up, exactly)."""

    rule: Any
    offset: int = 0

    kind = "rounded"

    def apply(self, oracle: Any, answers: _Answers) -> list[Number]:
        d = _info(oracle).K + self.offset
        s = Fraction(10) ** d
        return [Fraction(floor(x * s + Fraction(1, 2))) / s for x in self.rule.apply(oracle, answers)]

    def __repr__(self) -> str:
        return f"Rounded({self.rule!r}, offset={self.offset})"


@dataclass(frozen=True)
class Thresholded:
    """Zero (``hard``) or shrink (``soft``) the entries of ``rule``'s output with |x| ≤ tau·10^-K."""

    rule: Any
    tau: Fraction = Fraction(1)
    mode: str = "hard"

    kind = "thresholded"

    def apply(self, oracle: Any, answers: _Answers) -> list[Number]:
        thr = self.tau / 10 ** _info(oracle).K
        out: list[Number] = []
        for x in self.rule.apply(oracle, answers):
            small = sign(abs(x) - thr) <= 0
            if self.mode == "hard":
                out.append(Fraction(0) if small else x)
            else:
                out.append(Fraction(0) if small else x - sign(x) * thr)
        return out

    def __repr__(self) -> str:
        return f"Thresholded({self.rule!r}, tau={_rational(self.tau)}, mode={self.mode!r})"


Rule = ExactSolve | AffineMap | ReLUNet | Rounded | Thresholded


def _rule_label(rule: Any) -> str:
    """``thresholded(rounded(exact-solve))``: the rule kinds, outermost first."""
    inner = getattr(rule, "rule", None)
    return f"{rule.kind}({_rule_label(inner)})" if inner is not None else rule.kind


# --------------------------------------------------------------------------- query plans
@dataclass(frozen=True)
class Read:
    """Read entry ``index`` (flat, taken modulo the size of the array) of ``name`` at ``level``."""

    name: str
    index: int
    level: int

    def __repr__(self) -> str:
        return f"Read({self.name!r}, {self.index}, {self.level})"


@dataclass(frozen=True)
class Compare:
    """True iff answer[i] ``op`` answer[j] (indices modulo the number of answers so far)."""

    i: int
    j: int
    op: str = "<"

    def holds(self, answers: _Answers) -> bool:
        n = len(answers.values)
        if not n:
            return False
        a, b = answers.values[self.i % n], answers.values[self.j % n]
        return a < b if self.op == "<" else a <= b if self.op == "<=" else a == b

    def __repr__(self) -> str:
        return f"Compare({self.i}, {self.j}, {self.op!r})"


@dataclass(frozen=True)
class Parity:
    """True iff answer[i] is an even multiple of its grid spacing."""

    i: int

    def holds(self, answers: _Answers) -> bool:
        n = len(answers.values)
        if not n:
            return False
        k = self.i % n
        return int(answers.values[k] * (1 << answers.grids[k])) % 2 == 0

    def __repr__(self) -> str:
        return f"Parity({self.i})"


@dataclass(frozen=True)
class Branch:
    test: Any
    if_true: QueryPlan
    if_false: QueryPlan

    def __repr__(self) -> str:
        return f"Branch({self.test!r}, {self.if_true!r}, {self.if_false!r})"


@dataclass(frozen=True)
class QueryPlan:
    """An adaptive finite-depth plan: do ``reads``, then ``then`` is a :class:`Branch` (on a test
    of the answers so far) into sub-plans, or an output rule. Call it on an oracle to run it."""

    reads: tuple[Read, ...]
    then: Any

    def __call__(self, oracle: Any) -> list[Number]:
        return self.execute(oracle, _Answers())

    def execute(self, oracle: Any, answers: _Answers) -> list[Number]:
        node = self
        while True:
            for r in node.reads:
                _read_entry(oracle, r.name, r.index, r.level, answers)
            if isinstance(node.then, Branch):
                node = node.then.if_true if node.then.test.holds(answers) else node.then.if_false
                continue
            answers.ties.append(("rule:" + _rule_label(node.then), 0))
            return node.then.apply(oracle, answers)

    @property
    def depth(self) -> int:
        """Number of branch nodes on the longest path."""
        if isinstance(self.then, Branch):
            return 1 + max(self.then.if_true.depth, self.then.if_false.depth)
        return 0

    def __repr__(self) -> str:
        return f"QueryPlan(reads={self.reads!r}, then={self.then!r})"


# --------------------------------------------------------------------------- escalating
@dataclass(frozen=True)
class ObjectiveGap:
    """Passes when the two best 1-sparse objectives differ by more than c·2^-level."""

    c: Fraction = Fraction(1)

    def passes(self, oracle: Any, prev: Any, cur: tuple[np.ndarray, list[Fraction]], level: int) -> bool:
        objs = [f for _, f in one_sparse_candidates(_info(oracle).problem, *cur) if f is not None]
        if len(objs) < 2:
            return True
        best = _least(objs)
        second = [f for f in objs if sign(f - best) > 0]
        if len(second) < len(objs) - 1:  # an exact tie
            return False
        return sign(_least(second) - best - self.c / 2**level) > 0

    def __repr__(self) -> str:
        return f"ObjectiveGap(c={_rational(self.c)})"


@dataclass(frozen=True)
class ColumnGap:
    """Passes when two of the first N1 columns differ in ℓ¹ norm by more than c·m·2^-level."""

    c: Fraction = Fraction(2)

    def passes(self, oracle: Any, prev: Any, cur: tuple[np.ndarray, list[Fraction]], level: int) -> bool:
        info, A = _info(oracle), cur[0]
        norms = [sum((abs(v) for v in A[:, i]), Fraction(0)) for i in range(info.N1)]
        return max(norms) - min(norms) > self.c * A.shape[0] / 2**level

    def __repr__(self) -> str:
        return f"ColumnGap(c={_rational(self.c)})"


@dataclass(frozen=True)
class Stable:
    """Passes when every answer moved by at most c·2^-previous_level since the previous read."""

    c: Fraction = Fraction(1)

    def passes(self, oracle: Any, prev: Any, cur: tuple[np.ndarray, list[Fraction]], level: int) -> bool:
        if prev is None:
            return False
        (A0, y0, l0), (A1, y1) = prev, cur
        tol = self.c / 2**l0
        return all(abs(a - b) <= tol for a, b in zip(list(A0.ravel()) + y0, list(A1.ravel()) + y1, strict=True))

    def __repr__(self) -> str:
        return f"Stable(c={_rational(self.c)})"


SCHEDULES = ("linear", "doubling")
ON_CAP = ("fallback", "never-halt")


@dataclass(frozen=True)
class Escalating:
    """Read (A, y) at ``start``, then deeper (``linear``: +step; ``doubling``: 2ℓ+step) until ``test``
    passes, at most ``cap`` reads; then apply ``rule`` (an exact solve defaults to the deepest
    level read). At the cap, ``fallback`` applies the rule anyway, ``never-halt`` keeps doubling
    the level forever, which the oracle budget records as NH (a never-halting run, never an output)."""

    test: Any
    start: int = 0
    step: int = 1
    schedule: str = "linear"
    cap: int = 4
    on_cap: str = "fallback"
    rule: Any = ExactSolve()

    def __post_init__(self) -> None:
        check_int("start", self.start, min_value=0, max_value=1 << 16)
        check_int("step", self.step, min_value=1, max_value=1 << 10)
        check_int("cap", self.cap, min_value=1, max_value=1 << 10)
        check_choice("schedule", self.schedule, SCHEDULES)
        check_choice("on_cap", self.on_cap, ON_CAP)

    def _next(self, level: int) -> int:
        return level + self.step if self.schedule == "linear" else 2 * level + self.step

    def __call__(self, oracle: Any) -> list[Number]:
        return self.execute(oracle, _Answers())

    def execute(self, oracle: Any, answers: _Answers) -> list[Number]:
        level, prev = self.start, None
        for _ in range(self.cap):
            cur = _read_all(oracle, level, answers)
            if self.test.passes(oracle, prev, cur, level):
                answers.ties.append(("escalation:passed", 0))
                answers.ties.append(("rule:" + _rule_label(self.rule), 0))
                return self.rule.apply(oracle, answers)
            prev = (*cur, level)
            level = self._next(level)
        if self.on_cap == "fallback":
            answers.ties.append(("escalation:cap-fallback", 0))
            answers.ties.append(("rule:" + _rule_label(self.rule), 0))
            return self.rule.apply(oracle, answers)
        while True:  # never halts: only a finite oracle budget stops it (recorded as NH)
            level = 2 * level + 1
            _read_all(oracle, level, answers)

    def __repr__(self) -> str:
        return (
            f"Escalating({self.test!r}, start={self.start}, step={self.step}, schedule={self.schedule!r}, "
            f"cap={self.cap}, on_cap={self.on_cap!r}, rule={self.rule!r})"
        )


# --------------------------------------------------------------------------- randomised
@dataclass(frozen=True)
class Mixture:
    """Seed s ∈ {0, …, Σweights − 1} runs component k for the k-th block of ``weights[k]`` seeds,
    so component k has probability weights[k]/Σweights exactly. :meth:`randomised` gives the
    :class:`~sci_oracle.algorithms.base.RandomisedAlgorithm` over that finite seed set."""

    components: tuple[Any, ...]
    weights: tuple[int, ...]

    def __post_init__(self) -> None:
        if not self.components or len(self.components) != len(self.weights):
            raise InvalidArgument(
                f"weights={self.weights!r} is invalid: give one positive int weight per component "
                f"({len(self.components)} components)"
            )
        for w in self.weights:
            check_int("weights[k]", w, min_value=1, max_value=1 << 20)

    @property
    def seeds(self) -> tuple[int, ...]:
        return tuple(range(sum(self.weights)))

    def member(self, seed: int) -> Any:
        s = check_int("seed", seed, min_value=0, max_value=sum(self.weights) - 1)
        for comp, w in zip(self.components, self.weights, strict=True):
            if s < w:
                return comp
            s -= w
        raise AssertionError("unreachable")  # pragma: no cover

    def randomised(self) -> RandomisedAlgorithm:
        return RandomisedAlgorithm(self.member, self.seeds, name=repr(self))

    def __repr__(self) -> str:
        return f"Mixture(components={self.components!r}, weights={self.weights!r})"


# --------------------------------------------------------------------------- trainers
def _check_trainer(t: Any, *, min_samples: int) -> None:
    for w in t.hidden:
        check_int("hidden[k]", w, min_value=1, max_value=256)
    check_int("steps", t.steps, min_value=0, max_value=100_000)
    check_int("samples", t.samples, min_value=min_samples, max_value=100_000)
    check_int("level", t.level, min_value=0, max_value=1 << 16)
    check_int("init_seed", t.init_seed, min_value=0)
    if not isinstance(t.step_size, Fraction) or t.step_size <= 0:
        raise InvalidArgument(f"step_size={t.step_size!r} is invalid: it must be a Fraction > 0")


@dataclass(frozen=True)
class GradientTrainer:
    """A practitioner's training procedure, solver setting (PNAS 2022 Thm 1: the map y ↦ x is what
    the net must learn), as one general algorithm:

    1. read A and y at ``level`` (exact dyadics);
    2. with ``numpy.random.default_rng(init_seed)``, build ``samples`` training inputs
       y_i = y + noise·u_i (u_i uniform on a 2^-8 grid in [−1, 1]) and targets x_i = the exact
       best 1-sparse minimiser for (A, y_i), scaled by 10^K;
    3. train a float64 ReLU net [m, *hidden, N] by full-batch gradient descent on the mean squared
       error for ``steps`` steps of size ``step_size`` (He initialisation from the same rng; a step
       whose loss is not finite stops training and keeps the previous weights);
    4. output net(y)·10^-K (float64, taken exactly as the output).

    For the Theorem 1 *training* setting (a trainer that only sees (y, x) samples) see
    :class:`SampleTrainer`.
    """

    hidden: tuple[int, ...] = (4,)
    step_size: Fraction = Fraction(1, 10)
    steps: int = 20
    init_seed: int = 0
    samples: int = 4
    level: int = 10
    noise: Fraction = Fraction(1, 8)

    def __post_init__(self) -> None:
        _check_trainer(self, min_samples=1)

    def __call__(self, oracle: Any) -> np.ndarray:
        info = _info(oracle)
        A, y = _read_all(oracle, self.level, _Answers())
        rng = np.random.default_rng(self.init_seed)
        scale = 10**info.K
        X, T = [], []
        for _ in range(self.samples):
            u = [Fraction(int(k), 256) for k in rng.integers(-256, 257, size=len(y))]
            yi = [v + self.noise * d for v, d in zip(y, u, strict=True)]
            X.append([float(v) for v in yi])
            T.append([float(v * scale) for v in _solve_first(info, A, yi)])
        net = _train(np.array(X), np.array(T), self.hidden, float(self.step_size), self.steps, rng)
        return _forward(net, np.array([[float(v) for v in y]]))[-1][0] / scale

    def __repr__(self) -> str:
        return (
            f"GradientTrainer(hidden={self.hidden!r}, step_size={_rational(self.step_size)}, steps={self.steps}, "
            f"init_seed={self.init_seed}, samples={self.samples}, level={self.level}, noise={_rational(self.noise)})"
        )


def _solve_first(info: Any, A: np.ndarray, y: list[Fraction]) -> list[Number]:
    out: list[Number] = [Fraction(0)] * info.N
    best: tuple[int, Number, Number] | None = None
    for i, (t, f) in enumerate(one_sparse_candidates(info.problem, A, y)):
        if f is not None and (best is None or sign(f - best[2]) < 0):
            best = (i, t, f)
    if best is not None:
        out[best[0]] = best[1]
    return out


def _forward(params: list[tuple[np.ndarray, np.ndarray]], X: np.ndarray) -> list[np.ndarray]:
    acts = [X]
    for k, (W, b) in enumerate(params):
        z = acts[-1] @ W + b
        acts.append(z if k == len(params) - 1 else np.maximum(z, 0.0))
    return acts


def _train(
    X: np.ndarray, T: np.ndarray, hidden: tuple[int, ...], lr: float, steps: int, rng: np.random.Generator
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Full-batch gradient descent on ½·mean‖net(X) − T‖²; stops before a non-finite step."""
    dims = [X.shape[1], *hidden, T.shape[1]]
    params = [(rng.standard_normal((i, o)) * np.sqrt(2.0 / i), np.zeros(o)) for i, o in itertools.pairwise(dims)]
    for _ in range(steps):
        acts = _forward(params, X)
        delta = (acts[-1] - T) / len(X)
        new = list(params)
        for k in range(len(params) - 1, -1, -1):
            W, b = params[k]
            gW, gb = acts[k].T @ delta, delta.sum(axis=0)
            if k:
                delta = (delta @ W.T) * (acts[k] > 0)
            new[k] = (W - lr * gW, b - lr * gb)
        with np.errstate(all="ignore"):
            loss = float(np.mean((_forward(new, X)[-1] - T) ** 2))
        if not np.isfinite(loss) or not all(np.all(np.isfinite(W)) for W, _ in new):
            break
        params = new
    return params


@dataclass(frozen=True)
class SampleTrainer:
    """A numpy training procedure in the Theorem 1 *training* setting
    (:class:`sci_oracle.families.training.TrainingFamily`): its input is a training set read
    through oracles ``y0, x0, y1, x1, …`` and its output is a network, scored on the family's
    test input.

    1. read (y_k, x_k) at ``level`` for the first ``samples`` samples (k < R);
    2. train a float64 ReLU net [m, *hidden, N] on (y_k, 10^K·x_k) by full-batch gradient descent
       (``steps`` steps of ``step_size``, He initialisation from ``default_rng(init_seed)``; a
       non-finite step stops training);
    3. return that net as an exact :class:`~sci_oracle.core.nn.NeuralNetwork` (its binary64 weights
       taken exactly, the 10^-K folded into the last layer).
    """

    hidden: tuple[int, ...] = (4,)
    step_size: Fraction = Fraction(1, 10)
    steps: int = 20
    init_seed: int = 0
    samples: int = 2
    level: int = 10

    def __post_init__(self) -> None:
        _check_trainer(self, min_samples=0)

    def __call__(self, oracle: Any) -> NeuralNetwork:
        info = oracle.problem
        if info is None or not hasattr(info, "R"):
            raise InvalidArgument("oracle.problem is invalid: SampleTrainer needs a TrainingFamily's public info")
        scale = 10**info.K
        Y, X = [], []
        for k in range(min(self.samples, info.R)):
            Y.append([float(v) for v in oracle.fractions(f"y{k}", self.level)])
            X.append([float(v * scale) for v in oracle.fractions(f"x{k}", self.level)])
        rng = np.random.default_rng(self.init_seed)
        if not Y:  # nothing read: the untrained net
            Y, X = [[0.0] * info.m], [[0.0] * info.N]
            steps = 0
        else:
            steps = self.steps
        params = _train(np.array(Y), np.array(X), self.hidden, float(self.step_size), steps, rng)
        layers: list[Any] = []
        for k, (W, b) in enumerate(params):
            last = k == len(params) - 1
            f = Fraction(1, scale) if last else Fraction(1)
            Wq = np.array([[Fraction(float(w)) * f for w in row] for row in W.T], dtype=object)
            bq = np.array([Fraction(float(v)) * f for v in b], dtype=object)
            if k:
                layers.append(ReLU())
            layers.append(Affine(Wq, bq))
        return NeuralNetwork(layers)

    def __repr__(self) -> str:
        return (
            f"SampleTrainer(hidden={self.hidden!r}, step_size={_rational(self.step_size)}, steps={self.steps}, "
            f"init_seed={self.init_seed}, samples={self.samples}, level={self.level})"
        )


# --------------------------------------------------------------------------- user families
@dataclass(frozen=True)
class UserAlgorithm:
    """``procedure(oracle, **params)``: one member of a user's parameterised family."""

    procedure: Callable[..., Any]
    params: tuple[tuple[str, Any], ...]

    def __call__(self, oracle: Any) -> Any:
        return self.procedure(oracle, **dict(self.params))

    def __repr__(self) -> str:
        p = self.procedure
        spec = f"{p.__module__}:{p.__qualname__}" if hasattr(p, "__qualname__") else repr(p)
        args = "".join(f", {k}={v!r}" for k, v in self.params)
        return f"user_algorithm({spec!r}{args})"


def user_algorithm(procedure: Callable[..., Any] | str, **params: Any) -> UserAlgorithm:
    """Rebuild one member of a user family: ``procedure`` is a callable or ``'module:qualname'``
    (``'file.py:qualname'``). A name is never imported here: the procedure is loaded and called
    only in a sandboxed child (:mod:`sci_oracle.harness.user_procedures`)."""
    if isinstance(procedure, str):
        from sci_oracle.harness.user_procedures import sandboxed_user_algorithm

        return sandboxed_user_algorithm(procedure, params)  # type: ignore[no-any-return]
    if not callable(procedure):
        raise InvalidArgument(f"procedure={procedure!r} is invalid: expected a callable procedure(oracle, **params)")
    return UserAlgorithm(procedure, tuple(sorted(params.items())))


def algorithms_from(
    procedure: Callable[..., Any], params: st.SearchStrategy[Mapping[str, Any]]
) -> st.SearchStrategy[UserAlgorithm]:
    """An algorithm strategy from a parameterised procedure ``procedure(oracle, **p)`` and a
    Hypothesis strategy ``params`` of keyword dicts (e.g. ``st.fixed_dictionaries``).

    Members shrink as ``params`` shrinks. The procedure must be a general algorithm: its output a
    function of its oracle answers and ``p`` only (seed any randomness from ``p``).
    """
    if not callable(procedure):
        raise InvalidArgument(f"procedure={procedure!r} is invalid: expected a callable procedure(oracle, **params)")
    if not isinstance(params, st.SearchStrategy):
        raise InvalidArgument(f"params={params!r} is invalid: expected a Hypothesis strategy of keyword dicts")

    def build(p: Any) -> UserAlgorithm:
        if not isinstance(p, Mapping) or not all(isinstance(k, str) for k in p):
            raise InvalidArgument(f"params drew {p!r}: the strategy must draw dicts of keyword arguments")
        return user_algorithm(procedure, **p)

    strategy = params.map(build)
    strategy.label_for_reports = f"algorithms_from({getattr(procedure, '__qualname__', repr(procedure))}, ...)"  # type: ignore[attr-defined]
    return strategy


# --------------------------------------------------------------------------- strategies
def _small_rationals(bound: int = 2, denominator: int = 8) -> st.SearchStrategy[Fraction]:
    return st.fractions(min_value=-bound, max_value=bound, max_denominator=denominator)


def _check_levels(min_level: int, max_level: int) -> None:
    check_int("min_level", min_level, min_value=0, max_value=1 << 12)
    check_int("max_level", max_level, min_value=min_level, max_value=1 << 12)


def output_rules(
    *,
    kinds: tuple[str, ...] = RULE_KINDS,
    min_level: int = 0,
    max_level: int = 64,
    max_features: int = 4,
    max_width: int = 3,
) -> st.SearchStrategy[Any]:
    """Output rules of the ``kinds`` in :data:`RULE_KINDS`; ``rounded``/``thresholded`` wrap
    another drawn rule. Shrinks to ``ExactSolve(level=None, tie='first')``."""
    if not kinds or any(k not in RULE_KINDS for k in kinds):
        raise InvalidArgument(f"kinds={kinds!r} is invalid: choose a non-empty subset of {RULE_KINDS}")
    _check_levels(min_level, max_level)
    check_int("max_features", max_features, min_value=1, max_value=64)
    check_int("max_width", max_width, min_value=1, max_value=64)
    solve = st.builds(
        ExactSolve,
        level=st.none() | st.integers(min_level, max_level),
        tie=st.sampled_from(TIE_POLICIES),
        seed=st.integers(0, 7),
    )
    F = st.integers(1, max_features)
    R = st.integers(1, max_width)

    @st.composite
    def affine(draw: Any) -> AffineMap:
        f, r = draw(F), draw(R)
        W = tuple(tuple(draw(st.lists(_small_rationals(), min_size=f, max_size=f))) for _ in range(r))
        b = tuple(draw(st.lists(_small_rationals(4), min_size=r, max_size=r)))
        return AffineMap(W, b, draw(st.sampled_from(FEATURES)))

    @st.composite
    def relu(draw: Any) -> ReLUNet:
        widths = [draw(F), *draw(st.lists(st.integers(1, max_width), min_size=1, max_size=2)), draw(R)]
        layers = []
        for i, o in itertools.pairwise(widths):
            W = tuple(tuple(draw(st.lists(_small_rationals(), min_size=i, max_size=i))) for _ in range(o))
            layers.append((W, tuple(draw(st.lists(_small_rationals(), min_size=o, max_size=o)))))
        return ReLUNet(tuple(layers), draw(st.sampled_from(FEATURES[:2])))

    base = {"exact-solve": solve, "affine": affine(), "relu-net": relu()}
    leaves = st.one_of(*[base[k] for k in RULE_KINDS[:3] if k in kinds]) if set(kinds) & set(base) else solve

    def wrap(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
        opts = []
        if "rounded" in kinds:
            opts.append(st.builds(Rounded, inner, offset=st.integers(-2, 3)))
        if "thresholded" in kinds:
            opts.append(
                st.builds(
                    Thresholded,
                    inner,
                    tau=st.fractions(0, 4, max_denominator=4),
                    mode=st.sampled_from(("hard", "soft")),
                )
            )
        return st.one_of(*opts) if opts else inner

    if set(kinds) & {"rounded", "thresholded"}:
        return st.one_of(leaves, wrap(leaves)) if set(kinds) & set(base) else wrap(solve)
    return leaves


def query_plans(
    *,
    max_depth: int = 2,
    max_reads: int = 3,
    min_level: int = 0,
    max_level: int = 64,
    rules: st.SearchStrategy[Any] | None = None,
) -> st.SearchStrategy[QueryPlan]:
    """Adaptive plans: each node makes 0..``max_reads`` entry reads at levels in
    [``min_level``, ``max_level``], then branches (depth ≤ ``max_depth``) on :class:`Compare` /
    :class:`Parity` tests of the answers so far, or ends in an output rule (default
    :func:`output_rules`). Shrinks towards no reads, no branches, low levels."""
    check_int("max_depth", max_depth, min_value=0, max_value=8)
    check_int("max_reads", max_reads, min_value=0, max_value=32)
    _check_levels(min_level, max_level)
    rules = output_rules(min_level=min_level, max_level=max_level) if rules is None else rules
    read = st.builds(Read, st.sampled_from(("A", "y")), st.integers(0, 7), st.integers(min_level, max_level))
    reads = st.lists(read, max_size=max_reads).map(tuple)
    tests = st.one_of(
        st.builds(Compare, st.integers(0, 5), st.integers(0, 5), st.sampled_from(("<", "<=", "=="))),
        st.builds(Parity, st.integers(0, 5)),
    )

    def plans(depth: int) -> st.SearchStrategy[QueryPlan]:
        leaf = st.builds(QueryPlan, reads, rules)
        if depth == 0:
            return leaf
        sub = plans(depth - 1)
        return st.one_of(leaf, st.builds(QueryPlan, reads, st.builds(Branch, tests, sub, sub)))

    return plans(max_depth)


def escalating_algorithms(
    *,
    max_start: int = 16,
    max_step: int = 8,
    max_cap: int = 6,
    on_cap: tuple[str, ...] = ON_CAP,
    rules: st.SearchStrategy[Any] | None = None,
) -> st.SearchStrategy[Escalating]:
    """:class:`Escalating` algorithms with a drawn separation test (:class:`ObjectiveGap`,
    :class:`ColumnGap`, :class:`Stable` with rational c ∈ [0, 4]), schedule, cap and cap policy.
    The default rule is an exact solve at the reached precision with a drawn tie policy."""
    check_int("max_start", max_start, min_value=0, max_value=1 << 12)
    check_int("max_step", max_step, min_value=1, max_value=1 << 10)
    check_int("max_cap", max_cap, min_value=1, max_value=64)
    if not on_cap or any(p not in ON_CAP for p in on_cap):
        raise InvalidArgument(f"on_cap={on_cap!r} is invalid: choose a non-empty subset of {ON_CAP}")
    c = st.fractions(0, 4, max_denominator=4)
    tests = st.one_of(st.builds(ObjectiveGap, c), st.builds(ColumnGap, c), st.builds(Stable, c))
    rules = (
        st.builds(ExactSolve, level=st.none(), tie=st.sampled_from(TIE_POLICIES), seed=st.integers(0, 7))
        if rules is None
        else rules
    )
    return st.builds(
        Escalating,
        tests,
        start=st.integers(0, max_start),
        step=st.integers(1, max_step),
        schedule=st.sampled_from(SCHEDULES),
        cap=st.integers(1, max_cap),
        on_cap=st.sampled_from(on_cap),
        rule=rules,
    )


def randomised_algorithms(
    *, max_components: int = 3, max_weight: int = 3, components: st.SearchStrategy[Any] | None = None
) -> st.SearchStrategy[RandomisedAlgorithm]:
    """Finite-seed mixtures (:class:`Mixture`) of drawn deterministic algorithms (default: query
    plans and escalating algorithms) with integer weights in [1, ``max_weight``]."""
    check_int("max_components", max_components, min_value=1, max_value=16)
    check_int("max_weight", max_weight, min_value=1, max_value=64)
    comps = (
        components
        if components is not None
        else st.one_of(query_plans(max_depth=1, max_reads=2), escalating_algorithms(max_cap=4))
    )

    @st.composite
    def mixtures(draw: Any) -> RandomisedAlgorithm:
        parts = tuple(draw(st.lists(comps, min_size=1, max_size=max_components)))
        weights = tuple(draw(st.lists(st.integers(1, max_weight), min_size=len(parts), max_size=len(parts))))
        return Mixture(parts, weights).randomised()

    return mixtures()


def _trainer_fields(max_width: int, max_depth: int, max_steps: int, max_level: int) -> dict[str, Any]:
    check_int("max_width", max_width, min_value=1, max_value=256)
    check_int("max_depth", max_depth, min_value=1, max_value=8)
    check_int("max_steps", max_steps, min_value=0, max_value=100_000)
    check_int("max_level", max_level, min_value=0, max_value=1 << 12)
    return {
        "hidden": st.lists(st.integers(1, max_width), min_size=1, max_size=max_depth).map(tuple),
        "step_size": st.integers(1, 10).map(lambda k: Fraction(1, 2**k)),
        "steps": st.integers(0, max_steps),
        "init_seed": st.integers(0, 2**16),
        "level": st.integers(0, max_level),
    }


def gradient_trainers(
    *, max_width: int = 6, max_depth: int = 2, max_steps: int = 30, max_samples: int = 6, max_level: int = 40
) -> st.SearchStrategy[GradientTrainer]:
    """:class:`GradientTrainer` with drawn hidden widths (1..``max_width``, 1..``max_depth``
    layers), step size in {2^-k : k = 1..10}, steps, init seed, sample count, read level and noise."""
    fields = _trainer_fields(max_width, max_depth, max_steps, max_level)
    check_int("max_samples", max_samples, min_value=1, max_value=10_000)
    return st.builds(
        GradientTrainer, samples=st.integers(1, max_samples), noise=st.fractions(0, 1, max_denominator=8), **fields
    )


def sample_trainers(
    *, max_width: int = 6, max_depth: int = 2, max_steps: int = 30, max_samples: int = 4, max_level: int = 40
) -> st.SearchStrategy[SampleTrainer]:
    """:class:`SampleTrainer` (training setting) with drawn widths, depth, step size 2^-k
    (k = 1..10), steps, init seed, number of samples read (0..``max_samples``) and read level."""
    fields = _trainer_fields(max_width, max_depth, max_steps, max_level)
    check_int("max_samples", max_samples, min_value=0, max_value=100_000)
    return st.builds(SampleTrainer, samples=st.integers(0, max_samples), **fields)


def deterministic_algorithms() -> st.SearchStrategy[Any]:
    """Any deterministic algorithm of the built-in classes (plans, escalating, trainers)."""
    return st.one_of(query_plans(), escalating_algorithms(), gradient_trainers(max_steps=10))


# --------------------------------------------------------------------------- coverage
def coverage(algorithm: Any, oracle: Any) -> dict[str, Any]:
    """Rerun a generated algorithm on ``oracle`` (e.g. a :class:`~sci_oracle.core.oracle.ReplayOracle`
    of its limit transcript) and report what it exercised: rule kinds, tie policies with the
    number of tied columns, escalation outcome, queries and deepest level."""
    answers = _Answers()
    if isinstance(algorithm, (QueryPlan, Escalating)):
        with contextlib.suppress(Exception):  # budget or replay end: report what was seen
            algorithm.execute(oracle, answers)
    else:
        with contextlib.suppress(Exception):
            algorithm(oracle)
    return {
        "queries": len(oracle.transcript),
        "deepest_level": oracle.transcript.max_level,
        "events": [p for p, n in answers.ties if ":" in p],
        "ties": [(p, n) for p, n in answers.ties if ":" not in p],
    }
