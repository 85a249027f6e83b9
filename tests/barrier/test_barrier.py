"""The adversary of Theorem 1(a): certificates, replay, mutation checks, randomised bounds, controls."""

from __future__ import annotations

import json
from dataclasses import replace
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sci_oracle.algorithms.base import RandomisedAlgorithm
from sci_oracle.algorithms.builtin import Midpoint, OneSparseSolver, PrimalDualFloat64, Zero, coin_flip
from sci_oracle.barrier import BarrierCertificate, accuracy, clopper_pearson, find_barrier, find_barrier_randomised
from sci_oracle.core.errors import InvalidArgument
from sci_oracle.families.pnas import PNASFamily

families = st.builds(
    PNASFamily,
    st.sampled_from(["qcbp", "ulasso", "srlasso"]),
    st.integers(3, 10),
    N2=st.integers(0, 2),
    mixing=st.sampled_from(["none", "householder"]),
)


@given(families, st.integers(0, 120), st.sampled_from(["first", "last"]))
def test_every_tie_breaker_is_refuted_with_a_verifiable_witness(fam, level, tie):
    alg = OneSparseSolver(level, tie)
    cert = find_barrier(alg, fam)
    assert cert.verdict == "refuted", cert.message
    assert cert.n >= 1
    assert cert.hidden_level >= cert.levels_read == level
    assert cert.transcripts["limit"] == cert.transcripts["member1"] == cert.transcripts["member2"]
    assert cert.verify()
    assert cert.replay(alg)
    assert BarrierCertificate.from_json(json.loads(cert.dumps())).verify()


def test_escape_reading_one_level_deeper_is_still_caught():
    fam = PNASFamily("srlasso", 4)
    bound = None
    for level in range(0, 60, 7):
        cert = find_barrier(OneSparseSolver(level + 1), fam)  # always one level past the last n
        assert cert.verdict == "refuted"
        assert bound is None or cert.n > bound
        bound = cert.n


def test_precision_escalation_is_nh_never_success():
    fam = PNASFamily("srlasso", 3)

    def escalate(oracle):  # read deeper until the two tied entries separate
        m = 1
        while True:
            a = oracle.read("A", m)
            if a[0, 0] != a[0, 1]:
                return OneSparseSolver(m)(oracle)
            m += 1

    cert = find_barrier(escalate, fam, max_level=300)
    assert cert.verdict == "unknown"
    assert "NH" in cert.message
    assert cert.output is None


def test_midpoint_gets_K_minus_1_but_not_K():
    fam = PNASFamily("ulasso", 5, N2=1)
    cert = find_barrier(Midpoint(30), fam)
    assert cert.verdict == "refuted"
    assert cert.digits == (4, 4)
    acc = accuracy(Midpoint(30), [fam.limit(), *fam.pair(10), *fam.pair(80)], 4)
    assert acc.status == "certified"
    # negative control: at K−1 digits the separation no longer beats 2·10^-(K−1): no certificate
    control = find_barrier(Midpoint(30), fam, digits=4)
    assert control.verdict == "unknown"
    assert "no failure found" in control.message


def test_zero_and_float_solver():
    fam = PNASFamily("qcbp", 3, N2=2, mixing="householder")
    for alg in (Zero(), PrimalDualFloat64(iterations=500)):
        assert find_barrier(alg, fam).verdict == "refuted"
    assert accuracy(Zero(), list(fam.pair(10)), 2).status == "certified"
    assert accuracy(Zero(), list(fam.pair(10)), 3).status == "refuted"


def test_tampered_certificates_fail_verification():
    fam = PNASFamily("srlasso", 3)
    cert = find_barrier(OneSparseSolver(20), fam)
    assert cert.verify()
    # a different output, a wrong member, a forged transcript answer: each must be caught
    x1 = fam.member(2, cert.n).solution.vertices[0]
    assert not replace(cert, output=x1, failing_member=2).verify()
    forged = json.loads(json.dumps(cert.to_json()))  # the certificate's record; its certificate holds one transcript
    forged["transcripts"]["limit"][0]["value"]["numerators"][0] = str(
        int(forged["transcripts"]["limit"][0]["value"]["numerators"][0]) + 1
    )
    assert not BarrierCertificate.from_json(forged).verify()
    deeper = json.loads(json.dumps(cert.to_json()))
    deeper["n"] = 5  # members at n = 5 disagree with answers read at level 20
    assert not BarrierCertificate.from_json(deeper).verify()


def test_hidden_state_is_detected_not_certified():
    fam = PNASFamily("srlasso", 3)
    calls = []

    def stateful(oracle):  # answers differently on its second call: not a general algorithm
        calls.append(1)
        return OneSparseSolver(10, "first" if len(calls) == 1 else "last")(oracle)

    cert = find_barrier(stateful, fam)
    assert cert.verdict == "unknown"
    assert "not a general algorithm" in cert.message


def test_crashing_and_malformed_algorithms_are_reported():
    fam = PNASFamily("srlasso", 3)

    def crash(oracle):
        raise RuntimeError("boom")

    def nan(oracle):
        return [float("nan"), 0.0]

    def short(oracle):
        return [0.0]

    for alg, why in ((crash, "boom"), (nan, "NaN"), (short, "length N=2")):
        cert = find_barrier(alg, fam)
        assert cert.verdict == "unknown"
        assert why in cert.message


@given(st.integers(3, 9), st.sampled_from([(0, 1), (0, 1, 2, 3), tuple(range(10))]))
def test_randomised_worst_member_fails_with_probability_at_least_half(K, seeds):
    fam = PNASFamily("srlasso", K)
    rb = find_barrier_randomised(coin_flip(25, seeds), fam)
    assert rb.verdict == "refuted"
    assert rb.worst >= Fraction(1, 2)
    assert sum(rb.failures) >= len(seeds)  # every seed fails on at least one member


def test_sampled_seeds_give_a_clopper_pearson_interval():
    fam = PNASFamily("ulasso", 3)
    ralg = RandomisedAlgorithm(lambda s: OneSparseSolver(12, "random", seed=s))
    rb = find_barrier_randomised(ralg, fam, n_samples=30, seed=1)
    lo, hi = rb.interval
    assert rb.sampled
    assert 0 <= lo <= float(rb.worst) <= hi <= 1
    assert rb.worst >= Fraction(1, 2)


def test_clopper_pearson_known_values():
    lo, hi = clopper_pearson(20, 40)
    assert abs(lo - 0.33802) < 1e-4
    assert abs(hi - 0.66198) < 1e-4
    assert clopper_pearson(0, 10)[0] == 0.0
    assert clopper_pearson(10, 10)[1] == 1.0


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: find_barrier(Zero(), "srlasso"), "expected a pair family"),
        (lambda: find_barrier("zero", PNASFamily()), "must be a callable"),
        (lambda: find_barrier_randomised(Zero(), PNASFamily()), "expected a RandomisedAlgorithm"),
        (lambda: find_barrier_randomised(RandomisedAlgorithm(lambda s: Zero()), PNASFamily()), "n_samples=None"),
        (lambda: RandomisedAlgorithm(lambda s: Zero(), seeds=()), r"seeds=\(\) is invalid"),
        (lambda: clopper_pearson(5, 3), "k=5"),
        (lambda: clopper_pearson(1, 3, confidence=1.5), "confidence=1.5"),
        (lambda: OneSparseSolver(-1), "level=-1"),
        (lambda: OneSparseSolver(3, tie="middle"), "tie='middle'"),
        (lambda: OneSparseSolver(3, tie="random"), "seed=None"),
    ],
)
def test_bad_input_gets_a_clear_error(call, match):
    with pytest.raises(InvalidArgument, match=match):
        call()


class _SquareInstance:
    """Ξ(x) = x² for a scalar x read through the oracle."""

    info = None

    def __init__(self, x):
        from sci_oracle.core.oracle import ExactArray

        self.x = x
        self.inputs = {"x": ExactArray([x])}

    def dist2(self, z):
        return (z[0] - self.x * self.x) ** 2


def _square_family(K):
    """Negative control, a Δ1-computable problem: members x = 1 ± 2^-(n+1) converge to the limit 1
    and so do their solutions; there is no separation, so no certificate may come out."""
    from sci_oracle.algorithms.base import exact_output
    from sci_oracle.families.base import PairFamily

    class Square(PairFamily):
        N, info = 1, None

        def __init__(self):
            self.K = K

        def limit(self):
            return _SquareInstance(Fraction(1))

        def member(self, j, n):
            return _SquareInstance(1 + (-1) ** j * Fraction(1, 2 ** (n + 1)))

        def convert(self, out):
            return exact_output(out, 1)

        def spec(self):
            return {"family": "Square", "K": K}

    return Square()


def test_negative_control_delta1_problem_yields_no_barrier():
    def square(oracle):  # reads to 2^-30 and squares: error ≤ 3·2^-30 < 10^-6
        d = oracle.read("x", 30, 0)
        return [d * d]

    cert = find_barrier(square, _square_family(6))
    assert cert.verdict == "unknown"
    assert "no failure found" in cert.message


def _nh_on_the_limit_only(seed):
    """Loops on the tie (the limit), solves each member exactly to 2^-60: no failure on members."""

    def alg(oracle):
        A = oracle.read("A", 60)
        while A[0, 0] == A[0, 1]:
            oracle.read("A", 61)
        return OneSparseSolver(60)(oracle)

    return alg


def test_randomised_nh_on_the_limit_is_disclosed_in_the_verdict():
    fam = PNASFamily("srlasso", 3)
    rb = find_barrier_randomised(RandomisedAlgorithm(_nh_on_the_limit_only, seeds=(0, 1)), fam, max_queries=50)
    assert rb.nh == 2
    assert rb.failures == (2, 2)
    assert rb.verdict == "refuted"
    # …but these seeds solve the members, so the verdict must say where its failures came from
    assert "2 of these seeds gave no output on the limit" in rb.message, rb.message


class _OverstatedAgreement(PNASFamily):
    """Claims 5 levels more agreement than is true, so the adversary must move to a deeper pair."""

    def agreement_level(self, n):
        return super().agreement_level(n) + 5


def test_randomised_seeds_are_all_scored_on_the_pair_they_were_served():
    from sci_oracle.algorithms.base import run
    from sci_oracle.barrier.precision import adversary_runs, honest_oracle_for

    fam = _OverstatedAgreement("srlasso", 3)
    ralg = coin_flip(30, (0, 1))
    rb = find_barrier_randomised(ralg, fam)
    budget = {"max_level": 4096, "max_queries": 100_000, "timeout": 60.0}
    for s in rb.seeds:
        rec0 = run(ralg.at(s), honest_oracle_for(fam.limit(), fam, budget), convert=fam.convert)
        n_s, _, _ = adversary_runs(ralg.at(s), fam, rec0, budget, n_min=rb.n)
        assert n_s == rb.n  # the reported pair is one the adversary could serve legally
    assert rb.failure_probabilities == (Fraction(1, 2), Fraction(1, 2))


def test_verify_rejects_a_relabelled_member_and_an_illegal_but_consistent_transcript():
    fam = PNASFamily("srlasso", 3)
    cert = find_barrier(OneSparseSolver(20, "last"), fam)
    assert cert.verify()
    assert cert.failing_member == 1
    for bogus in (0, -1, 3, None):  # member 0 used to index members[-1], i.e. member 2
        assert not replace(cert, failing_member=bogus).verify()
    # the same forged answer in all three transcripts: they agree, but it is not a legal answer
    forged = json.loads(cert.dumps())  # the certificate: one transcript, served on the limit and both members
    (tr,) = forged["transcripts"]
    nums = tr[0]["value"]["numerators"]
    nums[0] = str(int(nums[0]) + 5)
    back = BarrierCertificate.from_json(forged)
    assert back.transcripts["limit"] == back.transcripts["member1"] == back.transcripts["member2"]
    assert not back.verify()
    renamed = json.loads(cert.dumps())
    renamed["transcripts"][0][0]["name"] = "B"
    assert not BarrierCertificate.from_json(renamed).verify()
    from sci_oracle.kernel import MalformedCertificate, verify

    missing = json.loads(cert.dumps())
    del missing["claims"][0]["evidence"]["transcript"]
    with pytest.raises(MalformedCertificate, match="missing key 'transcript'"):
        verify(missing)


def test_accuracy_uses_the_family_mode():
    fam = PNASFamily("srlasso", 3, N2=2, mode="normwise")
    seen = []

    def whole_arrays_only(oracle):  # normwise oracles refuse entry reads
        seen.append(oracle.mode)
        return Midpoint(20)(oracle)

    assert accuracy(whole_arrays_only, [fam.limit(), *fam.pair(10)], 2).status == "certified"
    assert set(seen) == {"normwise"}
