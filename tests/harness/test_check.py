"""check(): tri-state claims at K, K−1, K−2 with exact witnesses, randomised coupling, executors,
JSON, and every bad argument. In-process unless the test is about isolation (tests/harness/test_isolation.py)."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from fractions import Fraction

import pytest
from hypothesis import given, settings

from sci_oracle import strategies as sos
from sci_oracle.algorithms.base import RandomisedAlgorithm
from sci_oracle.algorithms.builtin import Midpoint, OneSparseSolver, Zero, coin_flip
from sci_oracle.barrier import BarrierCertificate, find_barrier
from sci_oracle.core.errors import InvalidArgument
from sci_oracle.families.pnas import PNASFamily
from sci_oracle.harness.check import CheckReport, RunWitness, check, samples_read

FAM = PNASFamily("ulasso", 3)


def ones(oracle):
    """A bad solver: 1 everywhere (about 1 away from every solution)."""
    return [Fraction(1)] * oracle.problem.N


def one_entry(oracle):
    oracle.read("A", 20, (0, 0))
    return [Fraction(0)] * oracle.problem.N


def escalate(oracle):
    m = 1
    while True:  # reads deeper until the tie breaks: NH within any budget on the limit
        a = oracle.read("A", m)
        if a[0, 0] != a[0, 1]:
            return OneSparseSolver(m)(oracle)
        m += 1


def test_tiebreak_fails_K_but_reaches_K_minus_1_with_exact_witness():
    report = check(OneSparseSolver(30), family=FAM, isolated=False)
    assert report.verdict == "refuted"
    assert report.claims[3].status == "refuted"
    assert report.claims[2].status == "certified"
    assert report.claims[1].status == "certified"
    assert report.digits_reached == 2
    assert report.levels_read == 30
    # the K witness is find_barrier's certificate, re-verifiable from JSON alone
    d = json.loads(json.dumps(report.to_json()))  # the run report
    cert = BarrierCertificate.from_json(d["witness"])
    assert cert.verify()
    assert cert.replay(OneSparseSolver(30))
    assert cert.transcripts == find_barrier(OneSparseSolver(30), FAM).transcripts
    assert report.verify()
    assert d["failure_probability"]["3"]["worst"] == "1"
    assert d["failure_probability"]["2"]["worst"] == "0"


def test_correct_digits_per_member_are_exact():
    report = check(Midpoint(30), family=FAM, isolated=False)
    rows = {(r.label, r.adversarial): r for r in report.members}
    assert len(rows) == 9
    for r in report.members:
        d = r.digits[0]
        k2 = Fraction(1, 10**d) ** 2
        assert r.dist2[0] <= k2
        assert r.dist2[0] > Fraction(1, 10 ** (d + 1)) ** 2
    adv = [r for r in report.members if r.adversarial]
    assert {r.digits[0] for r in adv} == {2}


def test_a_bad_solver_is_refuted_at_every_D_with_verifiable_witnesses(tmp_path):
    report = check(ones, family=FAM, isolated=False)
    assert all(c.status == "refuted" for c in report.claims.values())
    assert report.digits_reached is None
    assert "no claimed accuracy certified" in report.message
    ws = report.witnesses()
    assert ws
    assert all(w.verify() for w in ws)
    # tampering: claim the output was at the solution -> no longer a witness
    w = ws[0]
    inst = w.instance()
    w.output = tuple(inst.solution.vertices[0])
    assert not w.verify()
    assert RunWitness.from_json(json.loads(json.dumps(report.witnesses()[0].to_json()))).verify()


def test_witness_with_an_illegal_answer_is_rejected():
    report = check(OneSparseSolver(30, "last"), family=FAM, isolated=False)
    w = next(w for w in report.witnesses() if w.j is not None and len(w.transcript))
    assert w.verify()
    ans = w.transcript.answers[0]
    bumped = type(ans.value)(ans.value.numerators + 5, ans.value.level)  # 5 grid steps off: illegal
    w.transcript.answers[0] = type(ans)(ans.seq, ans.query, bumped)
    assert not w.verify()


def test_nh_is_unknown_never_success():
    report = check(escalate, family=PNASFamily("srlasso", 3), isolated=False, max_level=200, members=(4,))
    assert report.claims[3].status != "certified"
    lim = next(r for r in report.members if r.label == "limit")
    assert lim.records[0].outcome == "NH"
    assert report.claims[3].status == "unknown"
    assert "NH" in report.claims[3].detail


def says_nh(oracle):
    raise ValueError("NH, says the algorithm")


def test_an_error_whose_message_says_NH_is_an_error_not_NH():
    report = check(says_nh, family=FAM, isolated=False, members=())
    lim = next(r for r in report.members if r.label == "limit")
    assert lim.records[0].outcome == "error"
    assert report.verdict == "error"  # a raise is a contract break (issue 12), never a refutation
    assert report.claims[3].status == "unknown"
    assert "NH, says the algorithm" in report.claims[3].detail


def test_samples_read_counts_distinct_entries():
    report = check(one_entry, family=FAM, isolated=False, members=(4,))
    assert report.samples_read["unit"] == "input entries"
    assert report.samples_read["max_distinct"] == 1
    assert report.samples_read["input_size"] == 3
    tr = report.members[0].records[0].transcript
    assert samples_read(tr, {"A": (1, 2), "y": (1,)}) == (1, "input entries")


def test_randomised_coin_flip_exact_half():
    report = check("coin-flip", family=PNASFamily("srlasso", 3), isolated=False, workers=1)
    assert report.randomised
    assert report.seeds == (0, 1)
    assert not report.sampled
    fp = report.failure_probability[3]
    assert fp["worst"] == "1/2"
    assert fp["exact"]
    assert report.claims[3].status == "refuted"
    assert report.claims[2].status == "certified"
    assert report.verify()


def test_randomised_sampled_seeds_get_clopper_pearson():
    report = check(coin_flip(), family=PNASFamily("qcbp", 3), n_samples=12, isolated=False, workers=1)
    fp = report.failure_probability[3]
    assert report.sampled
    assert len(report.seeds) == 12
    assert "Clopper" in fp["method"]
    lo, hi = fp["interval"]
    assert 0 <= lo <= Fraction(fp["worst"]) <= hi <= 1
    assert Fraction(fp["worst"]) >= Fraction(1, 2)


def test_factory_with_seeds_and_any_executor():
    with ThreadPoolExecutor(2) as ex:
        report = check(_make, family=FAM, seeds=3, isolated=False, executor=ex)
    assert report.seeds == (0, 1, 2)
    assert report.claims[3].status == "refuted"


def _make(seed):
    return OneSparseSolver(30, "first" if seed % 2 == 0 else "last")


_RUNS: dict = {}


class _Stateful:
    """Hidden state across runs: a seed's first run reads level 5, every later run level 300, so
    the adversary's replay of the limit's answers reads past the hidden level and solves each member."""

    def __init__(self, seed):
        self.seed = seed

    def __call__(self, oracle):
        k = _RUNS.get(self.seed, 0)
        _RUNS[self.seed] = k + 1
        return OneSparseSolver(5 if k == 0 else 300)(oracle)


@pytest.mark.parametrize("isolated", [False, True])
def test_randomised_hidden_state_is_unknown_never_certified(isolated):
    _RUNS.clear()
    report = check(_Stateful, family=PNASFamily("srlasso", 3), seeds=2, isolated=isolated, workers=1, members=(4,))
    assert report.claims[3].status == "unknown"
    assert report.verdict == "error"  # hidden state breaks the contract (issue 12): no claim is judged
    assert "not a general algorithm" in report.claims[3].detail
    assert "not a general algorithm" in report.message
    assert report.digits_reached is None
    assert all(c.status == "unknown" for c in report.claims.values())


def _mostly_midpoint(seed):
    return ones if seed == 0 else Midpoint(30)


def test_randomised_certified_with_some_failing_seeds_says_probability_not_all():
    report = check(_mostly_midpoint, family=FAM, seeds=3, isolated=False, workers=1, members=(4,))
    claim = report.claims[2]
    assert claim.status == "certified"
    assert report.failure_probability[2]["worst"] == "1/3"
    assert "with probability > 1/2 on each of the 5 instances over 3 seed(s)" in claim.detail
    assert "failure fraction 1/3" in claim.detail
    assert "on all" not in claim.detail


def test_json_contract():
    report = check(Zero(), family=FAM, isolated=False)
    cert = json.loads(report.dumps())  # the certificate: what the kernel checks, nothing else
    assert set(cert) == {"format", "claims", "transcripts", "K", "verdict", "digits_reached"}
    assert [c["statement"]["digits"] for c in cert["claims"]] == [3, 2, 1]
    assert {c["status"] for c in cert["claims"]} <= {"certified", "refuted", "unknown"}
    d = json.loads(json.dumps(report.to_json(), default=str))  # the run report, for people and programs
    assert d["format"] == "sci-oracle-run-report/1"
    for key in (
        "message",
        "verdict",
        "K",
        "digits_reached",
        "claims",
        "failure_probability",
        "members",
        "levels_read",
        "samples_read",
        "precision",
        "seeds",
        "environment",
        "seconds",
        "witness",
        "isolated",
    ):
        assert key in d
    assert sorted(d["claims"]) == ["1", "2", "3"]
    assert d["precision"]["verdict_arithmetic"].startswith("exact")
    assert "python-flint" in d["environment"]
    assert repr(check(Zero(), family=FAM, isolated=False)).startswith("CheckReport(message=")


@settings(max_examples=8)
@given(sos.pnas_families(max_K=5, max_N2=1), sos.levels(max_value=60))
def test_every_tie_breaker_is_refuted_at_K(fam, level):
    report = check(OneSparseSolver(level), family=fam, isolated=False, members=(2,))
    assert report.claims[fam.K].status == "refuted", report.message
    assert report.verify()


@pytest.mark.parametrize(
    ("kw", "msg"),
    [
        ({"K": 2}, "K=2 is invalid"),
        ({"problem": "lasso"}, "did you mean"),
        ({"family": FAM, "K": 4}, "contradicts family.K=3"),
        ({"family": FAM, "problem": "qcbp"}, "contradicts the family's 'ulasso'"),
        ({"family": "ulasso"}, "expected a pair family"),
        ({"seeds": ()}, r"seeds=\(\) is invalid"),
        ({"seeds": 0}, "seeds=0 is invalid"),
        ({"seeds": [1], "n_samples": 3}, "together"),
        ({"n_samples": 0}, "n_samples=0 is invalid"),
        ({"n_samples": 2, "sample_seed": -1}, "sample_seed=-1 is invalid"),
        ({"members": [0]}, r"members\[i\]=0 is invalid"),
        ({"timeout": -1}, "timeout=-1 is invalid"),
        ({"memory_mb": 1}, "memory_mb=1 is invalid"),
        ({"executor": object()}, "has no submit"),
        ({"confidence": 2.0}, "confidence=2.0 is invalid"),
        ({"isolated": "yes"}, "isolated='yes' is invalid"),
        ({"workers": 0, "seeds": 2}, "workers=0 is invalid"),
    ],
)
def test_bad_arguments_name_the_parameter(kw, msg):
    with pytest.raises(InvalidArgument, match=msg):
        check(Zero(), **{"isolated": False, **kw})


@pytest.mark.parametrize(
    ("alg", "msg"),
    [
        (42, "algorithm=42 is invalid"),
        ("midpiont", "did you mean 'midpoint'"),
        ("no_such_module_xyz:f", "cannot import"),
    ],
)
def test_bad_algorithms(alg, msg):
    with pytest.raises(InvalidArgument, match=msg):
        check(alg, isolated=False)


def test_randomised_without_seeds_is_refused():
    report = check(RandomisedAlgorithm(_make), isolated=False)
    assert report.verdict == "error"  # misuse, reported as misuse (issue 12)
    assert "no finite seed set" in report.contract


def test_report_type():
    assert isinstance(check("zero", "qcbp", 4, isolated=False, members=(3,)), CheckReport)


@pytest.mark.slow
@pytest.mark.dist
def test_dask_local_cluster_executor_matches_inline():
    distributed = pytest.importorskip("distributed")
    fam = PNASFamily("srlasso", 3)
    inline = check("coin-flip", family=fam, seeds=range(6), isolated=False, workers=1)
    with (
        distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        distributed.Client(cluster) as client,
    ):
        report = check("coin-flip", family=fam, seeds=range(6), isolated=True, executor=client.get_executor())
    assert report.isolated
    assert report.seeds == inline.seeds
    assert report.failure_probability == inline.failure_probability
    assert [m.to_json(3) for m in report.members] == [m.to_json(3) for m in inline.members]
    assert report.failure_probability[3]["worst"] == "1/2"
    assert report.verify()


@pytest.mark.parametrize("isolated", [False, True])
def test_training_family_counts_distinct_training_samples(isolated):
    from sci_oracle.algorithms.training import SignSearchTrainer
    from sci_oracle.families.training import TrainingFamily

    fam = TrainingFamily("srlasso", 3)
    report = check(SignSearchTrainer(), family=fam, isolated=isolated, members=(4,))
    assert report.samples_read["unit"] == "training samples"
    assert report.samples_read["max_distinct"] == fam.p + 1  # reads samples in order up to the informative one
    assert report.claims[3].status == "refuted"
    assert report.claims[2].status == "certified"
    assert report.verify()
