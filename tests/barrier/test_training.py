"""Theorem 1 in full (training setting, the project's construction): parts (0), (a), (b), (c)."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sci_oracle.algorithms.base import RandomisedAlgorithm
from sci_oracle.algorithms.training import (
    BudgetTrainer,
    CoarseTrainer,
    SignSearchTrainer,
    TieGuessTrainer,
    exact_network,
)
from sci_oracle.barrier import accuracy, find_barrier, find_barrier_randomised, sample_barrier
from sci_oracle.core.errors import InvalidArgument
from sci_oracle.core.exact import sign
from sci_oracle.families.training import TrainingFamily, samples_read

problems = st.sampled_from(["qcbp", "ulasso", "srlasso"])
families = st.builds(
    TrainingFamily, problems, st.integers(3, 9), R=st.integers(1, 6), N2=st.integers(1, 2), q=st.sampled_from([1, -1])
)


def _instances(fam, n):
    R = fam.R
    return [fam.limit(), *fam.pair(n), fam.variant(q=-fam.q, R=R + 2, p=min(R + 1, R // 2 + 1)), fam.variant(R=R, p=0)]


@settings(max_examples=15)
@given(families, st.integers(1, 60))
def test_labels_and_test_solutions_are_certified(fam, n):
    for inst in _instances(fam, n):
        assert inst.certify_solution().status == "certified", inst.certify_solution().detail


@settings(max_examples=15)
@given(families, st.integers(1, 60))
def test_part0_exact_networks_are_exact(fam, n):
    for inst in _instances(fam, n):
        nn = exact_network(inst)
        out = list(nn.evaluate(np.array(inst.y_test, dtype=object), backend="exact"))
        assert sign(inst.dist2(out)) == 0
        if fam.problem.name != "qcbp":  # exact on every training input too
            for y, x in inst.samples:
                got = nn.evaluate(np.array(y, dtype=object), backend="exact")
                assert all(sign(a - b) == 0 for a, b in zip(got, x, strict=True))


@settings(max_examples=10)
@given(families, st.integers(1, 40))
def test_parts_b_and_c_attainability_and_the_trivial_outputs(fam, n):
    K = fam.K
    insts = _instances(fam, n)
    b = accuracy(SignSearchTrainer(), insts, K - 1)
    assert b.status == "certified", b.message
    assert [samples_read(r.transcript) for r in b.records][-1] == 1  # informative sample at p = 0
    c = accuracy(CoarseTrainer(), insts, K - 2)
    assert c.status == "certified"
    assert all(samples_read(r.transcript) == 0 for r in c.records)
    assert accuracy(CoarseTrainer(), insts, K - 1).status == "refuted"  # q matters for K−1
    zero = [Fraction(0)] * fam.N
    assert all(sign(i.dist2(zero) - Fraction(1, 10 ** (K - 1)) ** 2) > 0 for i in insts)  # K−1 is not free


@settings(max_examples=8)
@given(families)
def test_part_a_no_trainer_gets_K_digits(fam):
    for tr in (SignSearchTrainer(), CoarseTrainer(), BudgetTrainer(1)):
        cert = find_barrier(tr, fam)
        assert cert.verdict == "refuted"
        assert cert.verify()
        assert cert.replay(tr)
    rb = find_barrier_randomised(RandomisedAlgorithm(TieGuessTrainer, seeds=(0, 1)), fam)
    assert rb.failure_probabilities == (Fraction(1, 2), Fraction(1, 2))


@given(st.integers(0, 12), problems)
def test_sample_adversary_catches_one_sample_more_than_the_bound(M, problem):
    fam = TrainingFamily(problem, 3)
    assert sample_barrier(SignSearchTrainer(), fam, M).needs_more  # K−1 needs > M samples
    caught = sample_barrier(BudgetTrainer(M), fam, M)
    assert caught.verdict == "refuted"
    assert not caught.needs_more
    assert max(caught.samples_read) <= M
    # one sample more than the last bound read: the next bound catches it
    nxt = sample_barrier(BudgetTrainer(M + 1), fam, M + 1)
    assert nxt.verdict == "refuted"
    assert not nxt.needs_more


def test_randomised_sample_adversary_is_exact():
    fam = TrainingFamily("srlasso", 4)
    ralg = RandomisedAlgorithm(lambda s: BudgetTrainer(s % 3), seeds=tuple(range(6)))
    sb = sample_barrier(ralg, fam, 2, R=6)
    assert sb.verdict == "refuted"
    p1, p2 = sb.failure_probabilities
    assert p1 + p2 >= 1  # every seed failed to read position p, so each fails on one sign


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: TrainingFamily("srlasso", 2), "K=2"),
        (lambda: TrainingFamily("srlasso", 3, R=0), "R=0"),
        (lambda: TrainingFamily("srlasso", 3, R=3, p=3), "p=3"),
        (lambda: TrainingFamily("srlasso", 3, q=0), "q=0"),
        (lambda: TrainingFamily("srlasso", 3, q=True), "q=True is invalid"),
        (lambda: TrainingFamily("srlasso", 3, q=1.0), "q=1.0 is invalid"),
        (lambda: TrainingFamily().variant(q=2), "q=2 is invalid"),  # used to build a member outside Ω
        (lambda: TrainingFamily().uninformative(R=3, q=-2), "q=-2 is invalid"),
        (lambda: TrainingFamily("qcbp", 3, eps="1/x"), "eps='1/x' is invalid"),
        (lambda: TrainingFamily("srlasso", 3, N2=0), "N2=0"),
        (lambda: TrainingFamily("qcbp", 3, eps=Fraction(1, 2)), "eps="),
        (lambda: sample_barrier(SignSearchTrainer(), TrainingFamily(), -1), "M=-1"),
        (lambda: sample_barrier(SignSearchTrainer(), TrainingFamily(), 3, R=2), "R=2"),
        (lambda: sample_barrier(RandomisedAlgorithm(TieGuessTrainer), TrainingFamily(), 3), "finite seed set"),
        (lambda: TrainingFamily().convert("not a network"), "must return a network"),
        (lambda: BudgetTrainer(-2), "budget=-2"),
    ],
)
def test_bad_input_gets_a_clear_error(call, match):
    with pytest.raises(InvalidArgument, match=match):
        call()
