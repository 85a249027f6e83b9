"""Training algorithms for the Theorem 1 training setting, and the exact networks of part (0).

A *training algorithm* is a callable ``train(oracle) -> network`` whose oracle serves the training
samples ``y0, x0, y1, x1, …`` (PNAS 2022 Theorem 1: the input is the training set, read through
Δ1 oracles) and whose ``oracle.problem`` is the public :class:`TrainingInfo`. The network is scored
on the family's test input. Built-ins (for :class:`sci_oracle.families.training.TrainingFamily`):

- :class:`SignSearchTrainer` (part (b)): reads samples in order until it meets the informative
  one, reads its label coarsely to learn the hidden sign q, and returns the midpoint of the tied
  candidates: K−1 digits on every member, after reading p + 1 samples (unbounded over Ω).
- :class:`CoarseTrainer` (part (c)): reads no sample and returns the midpoint with 0 on the second
  block: K−2 digits with 0 ≤ L samples.
- :class:`BudgetTrainer`: like SignSearch but gives up after ``budget`` samples (guessing q = +1):
  what the sample adversary catches.
- :func:`exact_network` (part (0)): the NN that solves one member exactly.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from sci_oracle.algorithms.base import RandomisedAlgorithm
from sci_oracle.core.errors import InvalidArgument
from sci_oracle.core.exact import Number, floor, sign, sqnorm
from sci_oracle.core.nn import Affine, NeuralNetwork, SoftThreshold
from sci_oracle.core.validation import check_int

__all__ = [
    "BudgetTrainer",
    "CoarseTrainer",
    "SignSearchTrainer",
    "TieGuessTrainer",
    "budget_mixture",
    "exact_network",
    "midpoint",
    "rank_one_network",
    "tie_guess",
]


def midpoint(vertices: Sequence[Sequence[Number]]) -> list[Number]:
    k = len(vertices)
    return [sum((v[i] for v in vertices), Fraction(0)) / k for i in range(len(vertices[0]))]


def rank_one_network(y: Sequence[Number], x: Sequence[Number]) -> NeuralNetwork:
    """The one-layer linear NN y' ↦ x·⟨y, y'⟩/‖y‖²: exact at y (and linear elsewhere)."""
    ny = sqnorm(y)
    W = np.empty((len(x), len(y)), dtype=object)
    for r, xr in enumerate(x):
        for c, yc in enumerate(y):
            W[r, c] = xr * yc / ny
    return NeuralNetwork([Affine(W)])


def _info(oracle: Any) -> Any:
    info = oracle.problem
    if info is None or not hasattr(info, "tie_solutions"):
        raise InvalidArgument("oracle.problem is invalid: training built-ins need a TrainingFamily's public info")
    return info


def _find_sign(oracle: Any, info: Any, budget: int) -> int | None:
    """Scan samples 0, 1, … (at most ``budget``) for the informative one; return q or None."""
    # a level at which the label's second-block entry (size ≈ 1/s₀) cannot round to the wrong sign
    level = (floor(info.s0) + 1).bit_length() + 4  # exact: s₀ ≈ 10^K overflows float64 from K ≈ 308
    for k in range(min(budget, info.R)):
        y = oracle.read(f"y{k}", 2)
        if any(abs(y[1 + i]) >= Fraction(1, 2) for i in range(info.N2)):
            x = oracle.read(f"x{k}", level)
            return 1 if x[info.N1] > 0 else -1
    return None


class SignSearchTrainer:
    """Part (b): learn q from the informative sample, output the midpoint of the tied candidates."""

    def __call__(self, oracle: Any) -> NeuralNetwork:
        info = _info(oracle)
        q = _find_sign(oracle, info, info.R) or 1
        return rank_one_network(info.y_test, midpoint(info.tie_solutions(q)))

    def __repr__(self) -> str:
        return "SignSearchTrainer()"


class BudgetTrainer:
    """Reads at most ``budget`` samples; if q is not found there, guesses q = +1."""

    def __init__(self, budget: int):
        self.budget = check_int("budget", budget, min_value=0)

    def __call__(self, oracle: Any) -> NeuralNetwork:
        info = _info(oracle)
        q = _find_sign(oracle, info, self.budget) or 1
        return rank_one_network(info.y_test, midpoint(info.tie_solutions(q)))

    def __repr__(self) -> str:
        return f"BudgetTrainer(budget={self.budget})"


class CoarseTrainer:
    """Part (c): no sample read; midpoint on block 1, zero on block 2."""

    def __call__(self, oracle: Any) -> NeuralNetwork:
        info = _info(oracle)
        mid = midpoint(info.tie_solutions(1))
        return rank_one_network(info.y_test, mid[: info.N1] + [Fraction(0)] * info.N2)

    def __repr__(self) -> str:
        return "CoarseTrainer()"


def exact_network(instance: Any) -> NeuralNetwork:
    """Part (0): a NN computing Ξ exactly for one instance of the training family.

    SR-LASSO: the linear map y ↦ (y₀/a_j)e_j ⊕ y₂/(q s), exact on every input of the family.
    U-LASSO: y ↦ D·soft_{λw/2}(G y) (affine, soft-threshold, affine), exact on every input.
    QCBP: its solution map is not piecewise linear in y here (water-filling shares ε), so the
    NN is the one-layer map exact on the test input only.
    """
    A, prob = instance.A, instance.problem
    m, N = A.shape
    N1 = instance.info.N1
    a = list(A[0, :N1])
    j = next(i for i in range(N1) if all(sign(a[i] - a[k]) >= 0 for k in range(N1)))
    diag = [(j, 0, a[j])] + [(N1 + i, 1 + i, A[1 + i, N1 + i]) for i in range(m - 1)]  # (row, col, α)
    if prob.name == "qcbp":
        return rank_one_network(instance.y_test, instance.solution.vertices[0])
    W = np.empty((N, m), dtype=object)
    W[:] = Fraction(0)
    if prob.name == "srlasso":
        for r, c, alpha in diag:
            W[r, c] = 1 / alpha
        return NeuralNetwork([Affine(W)])
    w = prob.w(N)
    for r, c, alpha in diag:
        W[r, c] = alpha
    D = np.empty((N, N), dtype=object)
    D[:] = Fraction(0)
    for r, _, alpha in diag:
        D[r, r] = 1 / (alpha * alpha)
    thresholds = [prob.lam * w[r] / 2 for r in range(N)]
    return NeuralNetwork([Affine(W), SoftThreshold(thresholds), Affine(D)])


class TieGuessTrainer:
    """Learns q like :class:`SignSearchTrainer` but commits to one tied candidate, tie number
    ``seed mod N1``: the randomised trainer for which the 1/2 of part (a) is attained."""

    def __init__(self, seed: int):
        self.seed = check_int("seed", seed)

    def __call__(self, oracle: Any) -> NeuralNetwork:
        info = _info(oracle)
        q = _find_sign(oracle, info, info.R) or 1
        verts = info.tie_solutions(q)
        return rank_one_network(info.y_test, verts[self.seed % len(verts)])

    def __repr__(self) -> str:
        return f"TieGuessTrainer(seed={self.seed})"


def _budget_at(M: int, seed: int) -> BudgetTrainer:
    return BudgetTrainer(seed % (M + 1))


def budget_mixture(M: int) -> RandomisedAlgorithm:
    """Seed s ∈ {0, …, M} trains like ``BudgetTrainer(s)``: a randomised trainer that never reads
    more than M samples. Named by a printed call, so a certificate's reader can rebuild it."""
    M = check_int("M", M, min_value=0, max_value=10**5)
    return RandomisedAlgorithm(functools.partial(_budget_at, M), tuple(range(M + 1)), name=f"budget_mixture(M={M})")


def tie_guess(seeds: Sequence[int] = (0, 1)) -> RandomisedAlgorithm:
    """``TieGuessTrainer(seed)`` over ``seeds``: part (a)'s randomised trainer that attains 1/2."""
    return RandomisedAlgorithm(TieGuessTrainer, tuple(seeds), name="tie_guess()")
