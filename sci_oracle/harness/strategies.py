"""Hypothesis strategies for the Theorem 1 families, levels, roundings and seeds.

For your own property tests (PNAS 2022 Theorem 1; the families of
:mod:`sci_oracle.families.pnas`)::

    from hypothesis import given
    from sci_oracle.harness import strategies as sos

    @given(sos.pnas_families(max_K=5), sos.levels(max_value=80))
    def test_my_solver_never_beats_the_barrier(family, level):
        ...

House style (Hypothesis's own): plural names, keyword-only ``min_value``/``max_value``, reprs
that are the call that built the strategy (``levels(max_value=80)``). Every strategy shrinks
toward the smallest failing instance: small K, few extra rows (N2 = 0), the first problem,
no mixing, small n and level 0, nearest rounding, seed 0.

Algorithm-generating strategies live in :mod:`sci_oracle.harness.algorithm_strategies`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hypothesis import strategies as st

from sci_oracle.core.errors import InvalidArgument
from sci_oracle.core.exact import ROUNDINGS
from sci_oracle.core.problems import PROBLEMS
from sci_oracle.core.validation import check_choice, check_int
from sci_oracle.harness.algorithm_strategies import *  # noqa: F403

__all__ = [
    "Ks",
    "adversarial_pairs",
    "dyadic_roundings",
    "levels",
    "members",
    "pnas_families",
    "pnas_instances",
    "problems",
    "seed_sets",
    "seeds",
]


def _bounds(name: str, min_value: Any, max_value: Any, lo: int, hi: int) -> tuple[int, int]:
    a = check_int(f"{name} min_value", min_value, min_value=lo, max_value=hi)
    b = check_int(f"{name} max_value", max_value, min_value=lo, max_value=hi)
    if a > b:
        raise InvalidArgument(f"min_value={a} is invalid: it exceeds max_value={b} in {name}()")
    return a, b


@st.composite
def Ks(draw: Any, *, min_value: int = 3, max_value: int = 8) -> int:
    """Numbers of digits K > 2 (Theorem 1 needs K > 2); shrinks toward ``min_value``."""
    a, b = _bounds("Ks", min_value, max_value, 3, 100_000)
    return draw(st.integers(a, b))


@st.composite
def levels(draw: Any, *, min_value: int = 0, max_value: int = 128) -> int:
    """Oracle precision levels n (answers within 2^-n); shrinks toward ``min_value``."""
    a, b = _bounds("levels", min_value, max_value, 0, 1 << 20)
    return draw(st.integers(a, b))


@st.composite
def members(draw: Any, *, min_value: int = 1, max_value: int = 128) -> int:
    """Pair indices n of a family (members agree with the limit up to level n); shrinks toward small n."""
    a, b = _bounds("members", min_value, max_value, 1, 1 << 16)
    return draw(st.integers(a, b))


@st.composite
def seeds(draw: Any, *, min_value: int = 0, max_value: int = 2**32 - 1) -> int:
    """Seeds for randomised algorithms and random roundings; shrinks toward ``min_value``."""
    a, b = _bounds("seeds", min_value, max_value, 0, 2**63 - 1)
    return draw(st.integers(a, b))


@st.composite
def seed_sets(draw: Any, *, min_size: int = 1, max_size: int = 8) -> tuple[int, ...]:
    """Finite seed sets (exact probabilities), distinct, sorted; shrinks toward ``(0,)``."""
    a, b = _bounds("seed_sets", min_size, max_size, 1, 10_000)
    return tuple(sorted(draw(st.sets(st.integers(0, 10 * b), min_size=a, max_size=b))))


@st.composite
def dyadic_roundings(draw: Any, *, allow_random: bool = False) -> str:
    """Legal oracle roundings of the adversary's answers: nearest (the shrink target), floor,
    ceiling and, with ``allow_random=True``, random within tolerance (needs a seed)."""
    choices = ROUNDINGS if allow_random else tuple(r for r in ROUNDINGS if r != "random")
    return draw(st.sampled_from(choices))


@st.composite
def problems(draw: Any, *, choices: Sequence[str] = PROBLEMS) -> str:
    """Problem names ``qcbp``, ``ulasso``, ``srlasso``; shrinks toward the first of ``choices``."""
    choices = tuple(choices)
    if not choices:
        raise InvalidArgument("choices=() is invalid: give at least one of " + ", ".join(PROBLEMS))
    for c in choices:
        check_choice("choices[i]", c, PROBLEMS)
    return draw(st.sampled_from(choices))


@st.composite
def pnas_families(
    draw: Any,
    *,
    problem_names: Sequence[str] = PROBLEMS,
    min_K: int = 3,
    max_K: int = 6,
    min_N2: int = 0,
    max_N2: int = 2,
    mixings: Sequence[str] = ("none", "householder"),
    params: Sequence[str] = ("paper", "rational"),
    modes: Sequence[str] = ("entrywise",),
) -> Any:
    """:class:`~sci_oracle.families.pnas.PNASFamily` instances (PNAS 2022 Theorem 1(a)), with K,
    extra rows N2, λ (U-/SR-LASSO, in {1/2, 1, 2}) or ε (QCBP, in {1/10, 1/8, 1/4}), equal
    weights, mixing, parameters and oracle mode drawn. Shrinks toward
    ``PNASFamily(problem_names[0], K=min_K, N2=min_N2)`` with λ = 1 / ε = 1/10."""
    from fractions import Fraction

    from sci_oracle.families.pnas import PNASFamily

    prob = draw(problems(choices=problem_names))
    K = draw(Ks(min_value=min_K, max_value=max_K))
    N2 = draw(st.integers(*_bounds("pnas_families N2", min_N2, max_N2, 0, 200)))
    kw: dict[str, Any] = {}
    if prob == "qcbp":
        kw["eps"] = draw(st.sampled_from((Fraction(1, 10), Fraction(1, 8), Fraction(1, 4))))
    else:
        kw["lam"] = draw(st.sampled_from((Fraction(1), Fraction(1, 2), Fraction(2))))
    return PNASFamily(
        prob,
        K,
        N2=N2,
        mixing=draw(st.sampled_from(tuple(mixings))),
        params=draw(st.sampled_from(tuple(params))),
        mode=draw(st.sampled_from(tuple(modes))),
        **kw,
    )


@st.composite
def pnas_instances(draw: Any, *, families: Any = None, n: Any = None, allow_limit: bool = True) -> Any:
    """Exact instances of a family: the limit (the shrink target) or member j of pair n."""
    fam = draw(families if families is not None else pnas_families())
    choice = draw(st.integers(0 if allow_limit else 1, 2))
    if choice == 0:
        return fam.limit()
    return fam.member(choice, draw(n if n is not None else members()))


@st.composite
def adversarial_pairs(draw: Any, *, families: Any = None, n: Any = None) -> tuple[Any, int, Any, Any]:
    """(family, n, member 1, member 2): indistinguishable up to ``family.agreement_level(n)``,
    with solutions more than 2·10^-K apart. Shrinks toward small K and n."""
    fam = draw(families if families is not None else pnas_families())
    k = draw(n if n is not None else members())
    return (fam, k, *fam.pair(k))
