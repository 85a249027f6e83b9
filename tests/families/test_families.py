"""Problems and the Theorem 1(a) family: exact minimisers, agreement, separation, bad input."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sci_oracle.algorithms.base import run
from sci_oracle.algorithms.builtin import PrimalDualFloat64
from sci_oracle.core.errors import InvalidArgument
from sci_oracle.core.exact import sign, sqrt
from sci_oracle.core.oracle import AdversarialOracle, HonestOracle, Query, is_valid_answer
from sci_oracle.core.problems import QCBP, Hull, SRLasso, ULasso
from sci_oracle.families.pnas import PNASFamily

problems = st.sampled_from(["qcbp", "ulasso", "srlasso"])
families = st.builds(
    PNASFamily,
    problems,
    st.integers(3, 12),
    N1=st.integers(2, 3),
    N2=st.integers(0, 2),
    params=st.sampled_from(["paper", "rational"]),
    mixing=st.sampled_from(["none", "householder"]),
)


@given(families, st.integers(1, 120))
def test_members_have_certified_unique_minimisers(fam, n):
    for member in fam.pair(n):
        v = member.certify_solution()
        assert v.status == "certified", v.detail
    assert fam.limit().certify_solution().status == "certified"


@given(families, st.integers(1, 120))
def test_wrong_candidates_are_refuted(fam, n):
    m1, m2 = fam.pair(n)
    A, y = m1.A.entries(), list(m1.y.entries())
    x2 = m2.solution.vertices[0]  # the other member's minimiser is not a minimiser here
    # A has full row rank and Ax² ≠ y, so the KKT conditions are necessary: a refutation, not "unknown"
    v = fam.problem.check_minimiser(A, y, x2)
    assert v.status == "refuted", v.detail


@given(families, st.integers(1, 300))
def test_separation_exceeds_twice_kappa(fam, n):
    assert sign(fam.separation2(n) - 4 * fam.kappa**2) > 0
    # …and the minimisers' expansions really differ at digit K, not earlier
    from sci_oracle.core.exact import first_disagreeing_digit

    x1, x2 = (m.solution.vertices[0] for m in fam.pair(n))
    assert first_disagreeing_digit(list(x1), list(x2)) == fam.K


@given(families, st.integers(1, 40))
def test_limit_answers_are_legal_for_both_members_up_to_agreement_level(fam, n):
    h = fam.agreement_level(n)
    assert h >= n  # entrywise: the paper's "indistinguishable up to level n"
    lim = fam.limit()
    for member in fam.pair(n):
        adv = AdversarialOracle(member.inputs, lim.inputs, h)
        for level in sorted({0, h // 2, h}):
            for name in ("A", "y"):
                ans = adv.read(name, level)
                assert is_valid_answer(member.inputs[name], Query(name, None, level), ans)
                assert is_valid_answer(lim.inputs[name], Query(name, None, level), ans)
    # one level above the agreement level the members are told apart
    above = [HonestOracle(m.inputs).read("A", h + 2) for m in fam.pair(n)]
    assert above[0] != above[1]


def test_normwise_mode_agreement_is_exact():
    fam = PNASFamily("srlasso", 4, N2=3, mode="normwise")
    for n in (5, 30):
        h = fam.agreement_level(n)
        for member in fam.pair(n):
            adv = AdversarialOracle(member.inputs, fam.limit().inputs, h, mode="normwise")
            ans = adv.read("A", h)
            assert is_valid_answer(member.inputs["A"], Query("A", None, h), ans, "normwise")


@pytest.mark.parametrize("problem", ["qcbp", "ulasso", "srlasso"])
def test_closed_forms_agree_with_an_independent_float_solver(problem):
    fam = PNASFamily(problem, 3, N2=2, mixing="householder")
    m = fam.member(1, 1)
    rec = run(PrimalDualFloat64(iterations=20000), HonestOracle(m.inputs, problem=fam.info), N=fam.N)
    got = np.array([float(v) for v in rec.output])
    want = np.array([float(v) for v in m.solution.vertices[0]])
    assert np.abs(got - want).max() < 1e-12 * np.abs(want).max()


def test_large_K_and_deep_levels():
    fam = PNASFamily("srlasso", 1000, N2=1)
    assert fam.agreement_level(4000) == 4000
    assert fam.separation_exceeds(4000)
    assert all(m.certify_solution().status == "certified" for m in fam.pair(4000))


def test_paper_numbers():
    """Brief §5 facts 2 and 4: a_i = √2·10^K/3 and ‖x¹−x²‖ ≈ 2.9999968926e-3 at K = 3, n = 10."""
    fam = PNASFamily("srlasso", 3)
    assert fam.c == sqrt(2) * Fraction(1000, 3)
    sep2 = fam.separation2(10)
    lo, hi = Fraction(29999968926, 10**13) ** 2, Fraction(29999968927, 10**13) ** 2
    assert sign(sep2 - lo) > 0
    assert sign(sep2 - hi) < 0


def test_hull_distances_are_exact():
    seg = Hull([[1, 0], [0, 1]])
    assert seg.dist2([1, 1]) == Fraction(1, 2)
    assert seg.dist2([2, 0]) == 1
    assert seg.dist2([Fraction(1, 2), Fraction(1, 2)]) == 0
    tri = Hull([[1, 0, 0], [0, 1, 0], [0, 0, 1]])
    assert tri.dist2([0, 0, 0]) == Fraction(1, 3)


def test_problem_objectives_and_reprs():
    A, y = [[2, 0], [0, 1]], [2, 0]
    assert ULasso(1).objective(A, y, [Fraction(3, 4), 0]) == Fraction(3, 4) + Fraction(1, 4)
    assert SRLasso(1).objective(A, y, [1, 0]) == 1
    assert QCBP("1/10").objective(A, y, [1, -2]) == 3
    assert repr(QCBP("1/10")) == "QCBP(eps='1/10')"
    assert repr(SRLasso(1, weights=[1, 2])) == "SRLasso(lam=1, weights=[1, 2])"
    assert (
        repr(PNASFamily("ulasso", 5, N2=1, mixing="householder"))
        == "PNASFamily('ulasso', K=5, N1=2, N2=1, lam=1, mixing='householder')"
    )


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: PNASFamily("srlasso", 2), "K=2 is invalid: K must be an int in \\[3, 100000\\]"),
        (lambda: PNASFamily("ulasso", 3, lam=400), "lam=400 is invalid: the members' minimisers must be more than 2"),
        (lambda: PNASFamily("qcbp", 3, eps="abc"), "eps='abc' is invalid"),
        (lambda: PNASFamily("qcbp", 3, eps=float("nan")), "eps=nan is invalid"),
        (lambda: SRLasso(1).check_minimiser([[0.5, 2]], [1], [1, 0]), r"A\[0, 0\]=0.5 is invalid: a float"),
        (lambda: SRLasso(1).check_minimiser([[float("nan"), 2]], [1], [1, 0]), r"A\[0, 0\]=nan is invalid"),
        (lambda: PNASFamily("srlasso", "3"), "K='3' is invalid: expected an int"),
        (lambda: PNASFamily("sr-lasso", 3), "did you mean 'srlasso'"),
        (lambda: PNASFamily("srlasso", 3, N1=1), "N1=1"),
        (lambda: PNASFamily("qcbp", 3, eps=Fraction(1, 2)), "eps=.* 0 < eps <= 1/4"),
        (lambda: PNASFamily("srlasso", 3, weights=[1, 2]), "first N1 weights must be equal"),
        (lambda: PNASFamily("srlasso", 3, lam=0.5), "float is not accepted"),
        (lambda: PNASFamily("srlasso", 3, lam=-1), "lam=-1 is invalid"),
        (lambda: PNASFamily("srlasso", 3, params="exact"), "params='exact'"),
        (lambda: PNASFamily("srlasso", 3).member(3, 10), "j=3"),
        (lambda: PNASFamily("srlasso", 3).member(1, 0), "n=0"),
        (lambda: SRLasso(1).check_minimiser([[1, 2]], [1], [1]), "z has length 1"),
        (lambda: SRLasso(1).check_minimiser([[1, 2]], [1, 0], [1, 0]), "y has length 2"),
        (lambda: SRLasso(1).check_minimiser([1, 2], [1], [1, 0]), "must be a matrix"),
        (lambda: Hull([]), "at least one vertex"),
    ],
)
def test_bad_input_gets_a_clear_error(call, match):
    with pytest.raises(InvalidArgument, match=match):
        call()


def test_agreement_level_is_minus_one_when_not_even_level_0_agrees():
    from sci_oracle.families.base import PairFamily

    class FarApart(PairFamily):  # members 1 away from the limit: level-0 answers need not be shared
        K = 3

        def max_difference(self, n):
            return Fraction(1)

    assert FarApart().agreement_level(1) == -1  # was 0: a claim that level 0 is indistinguishable
    assert AdversarialOracle({"A": [2]}, {"A": [1]}, -1).read("A", 0, 0) == 2  # nothing hidden: honest


@pytest.mark.parametrize(
    ("N1", "N2", "mixing"), [(64, 0, "none"), (32, 32, "none"), (3, 61, "none"), (5, 6, "householder")]
)
def test_pnas_family_any_size_up_to_N_64(N1, N2, mixing):
    """PNAS Thm 1 holds for any N ≥ 2 and m < N: the tie's simplex face of N1 vertices is exact."""
    fam = PNASFamily("qcbp", 3, N1=N1, N2=N2, mixing=mixing)
    assert fam.N == N1 + N2
    assert fam.m < fam.N
    assert fam.limit().certify_solution()
    assert fam.member(2, 10).certify_solution()
    assert fam.agreement_level(10) >= 10
    assert fam.separation_exceeds(1)
    t = fam.t(fam.c)
    # the midpoint of two vertices is on the face (distance 0); the origin is at distance t/√N1
    mid = [t / 2, t / 2] + [Fraction(0)] * (fam.N - 2)
    assert fam.limit().dist2(mid) == 0
    assert fam.limit().dist2([Fraction(0)] * fam.N) == t * t / N1


def test_scaled_simplex_distance_matches_hull_enumeration():
    import random

    from sci_oracle.core.problems import Hull

    lim = PNASFamily("srlasso", 3, N1=4, N2=1).limit()
    hull = Hull(lim.solution.vertices)
    rng = random.Random(7)
    for _ in range(100):
        z = [Fraction(rng.randint(-3000, 3000), 10**6) for _ in range(5)]
        assert lim.dist2(z) == hull.dist2(z)


def test_family_repr_shows_lambda_and_epsilon_and_rebuilds():
    for fam in (PNASFamily("qcbp", 4, eps=Fraction(1, 5)), PNASFamily("ulasso", 3, lam=Fraction(7, 2))):
        text = repr(fam)
        assert ("eps='1/5'" if fam.problem.name == "qcbp" else "lam='7/2'") in text
        assert eval(text, {"PNASFamily": PNASFamily}).spec() == fam.spec()


def test_pnas_family_rejects_sizes_out_of_range():
    with pytest.raises(InvalidArgument, match="N1=1 is invalid"):
        PNASFamily("srlasso", 3, N1=1)
    with pytest.raises(InvalidArgument, match="N2=-1 is invalid"):
        PNASFamily("srlasso", 3, N2=-1)
