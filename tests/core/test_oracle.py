"""The oracle model: exact validity, transcripts, replay, the adversarial oracle, budgets, conversions."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sci_oracle.algorithms.base import NH, run
from sci_oracle.core.errors import BudgetExceeded, InvalidArgument, NotIndistinguishable, UnexpectedQuery
from sci_oracle.core.exact import dyadic_round, sqrt, within
from sci_oracle.core.oracle import (
    AdversarialOracle,
    DyadicArray,
    ExactArray,
    HonestOracle,
    Query,
    ReplayOracle,
    Transcript,
    is_valid_answer,
)

entries = st.one_of(
    st.fractions(min_value=-50, max_value=50, max_denominator=10**5),
    st.fractions(min_value=0, max_value=50, max_denominator=100).map(lambda q: sqrt(q + 1) - 1),
)


def matrices():
    return st.integers(1, 3).flatmap(
        lambda m: st.lists(st.lists(entries, min_size=2, max_size=2), min_size=m, max_size=m)
    )


@given(
    matrices(),
    st.integers(0, 80),
    st.sampled_from(["nearest", "floor", "ceiling", "random"]),
    st.sampled_from(["entrywise", "normwise"]),
)
def test_honest_answers_are_exactly_valid(M, level, rounding, mode):
    X = ExactArray(M)
    o = HonestOracle({"A": X}, rounding=rounding, seed=1, mode=mode)
    ans = o.read("A", level)
    assert is_valid_answer(X, Query("A", None, level), ans, mode)
    if mode == "entrywise":
        for idx in np.ndindex(X.shape):
            e = o.read("A", level, idx)
            assert within(e, X.entry(idx), level)
            assert (e * 2**level).denominator == 1


def test_transcript_is_complete_and_ordered():
    o = HonestOracle({"A": [[1, 2]], "y": [Fraction(1, 3)]})
    o.read("A", 3)
    o.read("y", 7, 0)
    o.read("A", 3)  # repeats are logged too, with the same answer
    qs = [a.query for a in o.transcript]
    assert qs == [Query("A", None, 3), Query("y", (0,), 7), Query("A", None, 3)]
    assert o.transcript.answers[0].value == o.transcript.answers[2].value
    assert o.max_level == 7
    assert [a.seq for a in o.transcript] == [0, 1, 2]


def test_random_rounding_is_reproducible_and_can_differ_from_nearest():
    X = {"A": [[Fraction(1, 3), Fraction(2, 7), Fraction(5, 11)]]}
    a = HonestOracle(X, rounding="random", seed=5).read("A", 4)
    b = HonestOracle(X, rounding="random", seed=5).read("A", 4)
    assert a == b
    outs = {tuple(HonestOracle(X, rounding="random", seed=s).read("A", 4).numerators.ravel()) for s in range(20)}
    assert len(outs) > 1


def test_replay_is_deterministic_and_strict():
    o = HonestOracle({"A": [[sqrt(2), 1]], "y": [1]})

    def alg(orc):
        return [orc.read("A", 10, (0, 0)) + orc.read("y", 5, 0)]

    rec = run(alg, o)
    shapes = {"A": (1, 2), "y": (1,)}
    rep = ReplayOracle(o.transcript, shapes)
    assert run(alg, rep).output == rec.output
    assert rep.exhausted
    rep2 = ReplayOracle(o.transcript, shapes)
    with pytest.raises(UnexpectedQuery, match="recorded"):
        rep2.read("A", 11, (0, 0))
    back = Transcript.from_json(o.transcript.to_json())
    assert back == o.transcript


def test_adversarial_oracle_is_valid_for_both_up_to_the_hidden_level():
    eps = Fraction(1, 2**21)
    truth = {"A": [[sqrt(2) * 100 + eps, sqrt(2) * 100]]}
    decoy = {"A": [[sqrt(2) * 100, sqrt(2) * 100]]}
    adv = AdversarialOracle(truth, decoy, hidden_level=20)
    hon = HonestOracle(decoy)
    for m in range(0, 21):
        a = adv.read("A", m)
        assert a == hon.read("A", m)
        assert is_valid_answer(ExactArray(truth["A"]), Query("A", None, m), a)
        assert is_valid_answer(ExactArray(decoy["A"]), Query("A", None, m), a)
    deep = adv.read("A", 40)  # above the hidden level: honest for the truth only
    assert is_valid_answer(ExactArray(truth["A"]), Query("A", None, 40), deep)
    assert not is_valid_answer(ExactArray(decoy["A"]), Query("A", None, 40), deep)
    with pytest.raises(NotIndistinguishable):
        AdversarialOracle(truth, decoy, hidden_level=30).read("A", 30)


def test_budgets_give_nh_not_output():
    o = HonestOracle({"A": [[1]]}, max_level=10)
    with pytest.raises(BudgetExceeded, match="max_level=10"):
        o.read("A", 11)

    def escalate(orc):  # never stops reading deeper
        m = 0
        while True:
            orc.read("A", m)
            m += 1

    rec = run(escalate, HonestOracle({"A": [[1]]}, max_level=50))
    assert rec.outcome == NH
    assert rec.output is None
    assert "max_level" in rec.reason
    rec = run(escalate, HonestOracle({"A": [[1]]}, max_queries=5))
    assert rec.outcome == NH
    assert len(rec.transcript) == 5


def test_float64_conversion_matches_numpy_and_exact_path():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((40, 30)) * 8
    fast = ExactArray.from_float64(X)
    for level in (0, 7, 50, 60):
        d = fast.round(level)
        slow = np.vectorize(lambda v, level=level: dyadic_round(Fraction(float(v)), level))(X)
        assert np.array_equal(d.to_fractions(), slow)  # the float64 fast path is exact
        assert np.array_equal(d.to_float64(), np.vectorize(float)(slow))
    o = HonestOracle({"A": fast})
    assert o.float64("A", 20).dtype == np.float64
    assert isinstance(o.mpmath("A", 20)[0, 0], type(__import__("mpmath").mpf(1)))


def test_dyadic_array_json_round_trip():
    d = ExactArray([[sqrt(3), Fraction(-7, 3)]]).round(70)
    assert DyadicArray.from_json(d.to_json()) == d


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: HonestOracle({"A": [[1]]}).read("B", 1), "name='B'"),
        (lambda: HonestOracle({"A": [[1]]}).read("A", -1), "level=-1"),
        (lambda: HonestOracle({"A": [[1]]}).read("A", 1.5), "level=1.5"),
        (lambda: HonestOracle({"A": [[1]]}).read("A", 1, (0, 3)), "index=.* shape"),
        (lambda: HonestOracle({"A": [1, 2]}).read("A", 1, [0.7]), r"index=\[0\.7\] is invalid"),  # was read as 0
        (lambda: HonestOracle({"A": [1, 2]}).read("A", 1, True), "index=True is invalid"),  # was a mask
        (lambda: HonestOracle({"A": [1, 2]}).read("A", 1, 1.5), "index=1.5 is invalid"),
        (lambda: HonestOracle({"A": [[1]]}, mode="normwise").read("A", 1, (0, 0)), "normwise"),
        (lambda: HonestOracle({"A": [[1]]}, mode="spectral"), "mode='spectral'"),
        (lambda: HonestOracle({"A": [[1]]}, rounding="nearst"), "did you mean 'nearest'"),
        (lambda: HonestOracle({"A": [[1]]}, rounding="random"), "seed=None"),
        (lambda: HonestOracle({"A": [[0.5]]}), "float is not accepted"),
        (lambda: ExactArray.from_float64([np.nan]), "NaN"),
        (lambda: HonestOracle({}), "non-empty mapping"),
        (lambda: HonestOracle({"A": [[1]]}, max_queries=0), "max_queries=0"),
        (lambda: AdversarialOracle({"A": [[1]]}, {"A": [[1, 2]]}, 3), "same names and shapes"),
    ],
)
def test_bad_input_gets_a_clear_error(call, match):
    with pytest.raises(InvalidArgument, match=match):
        call()


def test_float64_inputs_at_levels_past_the_float_exponent_range():
    X = ExactArray.from_float64([0.5, -1.25, 3.0])
    d = X.round(1100)  # 2.0**1100 overflows binary64: the exact path must take over
    assert d.to_fractions().tolist() == [Fraction(1, 2), Fraction(-5, 4), Fraction(3)]
    assert HonestOracle({"A": X}).read("A", 1100, 1) == Fraction(-5, 4)


def test_entry_answers_are_not_legal_normwise_answers():
    X = ExactArray([[Fraction(1, 3), 1]])
    e = HonestOracle({"A": X}).read("A", 8, (0, 0))
    assert is_valid_answer(X, Query("A", (0, 0), 8), e, "entrywise")
    assert not is_valid_answer(X, Query("A", (0, 0), 8), e, "normwise")  # normwise oracles serve whole arrays
