"""The kernel's training-family kinds: labels by exact KKT, the networks of part (0), the sample adversary."""

from __future__ import annotations

import copy
import json
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sci_oracle.kernel import KernelError, verify
from sci_oracle.kernel import claims as C
from sci_oracle.kernel.family import Family


@pytest.fixture(scope="module")
def report():
    from sci_oracle.cli.prove import load_proof

    return load_proof("theorem1").prove()


@pytest.fixture(scope="module")
def proof(report):
    return json.loads(json.dumps(report.certificate()))  # as `prove --json` writes it


NAMES: list[str] = []  # the producer's claim names, in certificate order (theorem1 writes every claim)


@pytest.fixture(scope="module", autouse=True)
def _names(report):
    NAMES[:] = [c.name for c in report.claims]


def _claim(doc, start, prefix="[T] P2 U-LASSO"):
    (i,) = [k for k, name in enumerate(NAMES) if name.startswith(prefix) and start in name]
    return i


def _training_part(doc, i):
    (part,) = [p for p in doc["claims"][i]["statement"]["claims"] if p["statement"]["kind"] == "training"]
    return part


def test_the_prove_certificate_training_claims_are_accepted(proof):
    res = verify(proof)
    for r, name in zip(res.claims, NAMES, strict=True):
        if name.startswith("[T]") and "exact family" in name:
            assert r.accepted, r.reason


def test_a_forged_q_separation_is_rejected(proof):
    doc = copy.deepcopy(proof)
    i = _claim(doc, "exact family")
    _training_part(doc, i)["evidence"]["q_dist2"] = "1/1000000"
    assert "q-separation: evidence q_dist2" in verify(doc).claims[i].reason
    doc = copy.deepcopy(proof)
    pair = _training_part(doc, i)["statement"]["q_pair"]
    pair[1]["n"] = pair[1]["n"] + 1  # not the same member up to q
    assert "q_pair" in verify(doc).claims[i].reason


SPEC = {"family": "TrainingFamily", "problem": "ulasso", "K": 3, "lam": "1", "R": 4, "p": 3, "q": 1, "N1": 2}
SPEC.update(N2=1, params="paper")


@pytest.mark.parametrize("problem", ["ulasso", "srlasso", "qcbp"])
def test_a_tampered_label_or_test_solution_fails_exact_kkt(problem):
    spec = dict(SPEC, problem=problem)
    if problem == "qcbp":
        del spec["lam"]
        spec["eps"] = "1/10"
    fam = Family(spec)
    for where in (None, {"j": 1, "n": 10}, {"j": 2, "n": 10, "q": -1, "R": 5, "p": 2}):
        inst = fam.instance(where, "instance")
        C._labels(fam, inst, "ok")  # the kernel's own labels pass
        for k in range(len(inst.shapes) // 2):
            x = list(inst.flat(f"x{k}"))
            if all(v == 0 for v in x):
                continue
            bad = [v if i else C.q.add(v, Fraction(1, 10**6)) for i, v in enumerate(x)]
            bad[fam.N1] = C.q.mul(Fraction(1001, 1000), x[fam.N1]) if x[fam.N1] != 0 else bad[fam.N1]
            with pytest.raises(KernelError, match="KKT"):
                C._kkt_cols(fam.problem, fam.par, inst.matrix, inst.flat(f"y{k}"), bad, True, "tampered")
        z = inst.vertices()[0]
        with pytest.raises(KernelError, match="KKT"):
            C._kkt_cols(
                fam.problem, fam.par, inst.matrix, inst.y_test, [C.q.mul(Fraction(99, 100), v) for v in z], False, "t"
            )


def _net_claim(doc):
    i = _claim(doc, "(0) a NN")
    return i, doc["claims"][i]


def test_the_prove_certificate_networks_are_accepted(proof):
    res = verify(proof)
    for r, name in zip(res.claims, NAMES, strict=True):
        if name.startswith("[T]") and "(0) a NN" in name:
            assert r.accepted, r.reason
    _, c = _net_claim(proof)
    assert c["statement"]["kind"] == "network"
    assert c["statement"]["inputs"] == "all"
    assert [list(layer) for layer in c["evidence"]["networks"][1]] == [["affine"], ["soft_threshold"], ["affine"]]


@pytest.mark.parametrize(
    ("edit", "match"),
    [
        (lambda nets: nets[1][0]["affine"]["W"][0].__setitem__(0, "1/3"), "not the label"),
        (lambda nets: nets[2][1].__setitem__("soft_threshold", ["1/3"] * len(nets[2][1]["soft_threshold"])), "not"),
        (lambda nets: nets[0][2]["affine"]["b"].__setitem__(0, "1/1000000"), "not"),
        (lambda nets: nets[0][1].__setitem__("soft_threshold", ["-1"] * len(nets[0][1]["soft_threshold"])), "negative"),
        (lambda nets: nets[0].insert(0, nets[0][1]), "start and end with affine"),
        (lambda nets: nets.pop(), "one network per instance"),
    ],
)
def test_a_tampered_network_is_rejected(proof, edit, match):
    doc = copy.deepcopy(proof)
    i, c = _net_claim(doc)
    edit(c["evidence"]["networks"])
    reason = verify(doc).claims[i].reason
    assert match in reason, reason


def test_network_inputs_cannot_be_inflated_silently(proof):
    doc = copy.deepcopy(proof)
    i = _claim(doc, ": (0)", prefix="[T] P1 QCBP")
    assert doc["claims"][i]["statement"]["inputs"] == "test"
    doc["claims"][i]["statement"]["inputs"] = "all"  # QCBP's one-layer net is exact on the test input only
    assert "not the label" in verify(doc).claims[i].reason


def _sample_parts(doc):
    i = _claim(doc, "(b) the sample adversary")
    return i, doc["claims"][i]["statement"]["claims"]


def test_the_prove_certificate_sample_adversary_is_accepted(proof):
    res = verify(proof)
    assert res.accepted, [(r.name, r.reason) for r in res.claims if not r.accepted]
    _, parts = _sample_parts(proof)
    assert [p["evidence"]["p"] is None for p in parts] == [True, False, True, False, False]


def _own(doc, run, key="simulation"):
    """Give ``run[key]`` (a simulation or member run) a transcript table entry of its own, and return it."""
    doc["transcripts"].append(copy.deepcopy(doc["transcripts"][run[key]["transcript"]]))
    run[key]["transcript"] = len(doc["transcripts"]) - 1
    return doc["transcripts"][-1]


def _forge_answer(tr):
    a = tr[-1]["value"]
    a["numerators"][0] = str(int(a["numerators"][0]) + 5)


@pytest.mark.parametrize(
    ("part", "edit", "match"),
    [
        (0, lambda doc, st, ev: _own(doc, ev["runs"][0]).pop(), "not all"),  # SignSearch: drop the last read
        (0, lambda doc, st, ev: _forge_answer(_own(doc, ev["runs"][0])), "not within 2^-"),
        (0, lambda doc, st, ev: st.__setitem__("R", st["M"]), "statement R"),
        (1, lambda doc, st, ev: ev["runs"][0]["members"][0].__setitem__("output", None), "has an output"),
        (1, lambda doc, st, ev: ev["runs"][0]["simulation"].__setitem__("output", None), "has an output"),
        (1, lambda doc, st, ev: st.__setitem__("M", 0), "more than M"),
        (
            1,
            lambda doc, st, ev: ev["runs"][0]["members"][1].__setitem__(
                "output", ev["runs"][0]["members"][0]["output"][::-1]
            ),
            "two outputs",
        ),
        (1, lambda doc, st, ev: _own(doc, ev["runs"][0]["members"], 1).pop(), "differs from the simulation"),
        (1, lambda doc, st, ev: _forge_answer(_own(doc, ev["runs"][0]["members"], 0)), "not within 2^-"),
        (4, lambda doc, st, ev: st["seeds"]["uniform"].append(99), "one entry per seed"),
        (4, lambda doc, st, ev: ev["runs"].pop(), "one entry per seed"),
    ],
)
def test_a_forged_sample_adversary_is_rejected(proof, part, edit, match):
    doc = copy.deepcopy(proof)
    i, parts = _sample_parts(doc)
    edit(doc, parts[part]["statement"], parts[part]["evidence"])
    reason = verify(doc).claims[i].reason
    assert match in reason, reason


def test_sample_adversary_failures_are_recounted_not_read(proof):
    """A statement does not carry the failure counts: the kernel counts them from the runs, so a
    file cannot state "0 failures" or "1/2" for an algorithm; a count written in is an unknown key."""
    from sci_oracle.kernel import MalformedCertificate

    doc = copy.deepcopy(proof)
    _, parts = _sample_parts(doc)
    parts[1]["statement"]["failures"] = [0, 0]
    with pytest.raises(MalformedCertificate, match="unknown key 'failures'"):
        verify(doc)


def test_training_kinds_need_a_training_family_and_respect_the_sample_cap(proof):
    doc = copy.deepcopy(proof)
    i = _claim(doc, "exact family")
    part = _training_part(doc, i)
    pnas = next(c["statement"]["family"] for c in doc["claims"] if c["statement"].get("kind") == "minimisers")
    part["statement"]["family"] = pnas
    part["statement"]["K"] = pnas["K"]
    assert "TrainingFamily" in verify(doc).claims[i].reason
    doc = copy.deepcopy(proof)
    part = _training_part(doc, i)
    part["statement"]["instances"] = [{"j": 1, "n": 5, "q": 1, "R": 10_000, "p": 0}] * 3
    assert "training samples in all (cap)" in verify(doc).claims[i].reason


def test_the_zero_network_check_is_exact():
    fam = Family(dict(SPEC))
    inst = fam.instance({"j": 1, "n": 10}, "instance")
    zero = [Fraction(0)] * fam.N
    ten = 10 * fam.kappa
    assert C.q.sign(C.q.sub(inst.dist2(zero), ten * ten)) > 0  # K−1 digits are not free
    assert C.q.sign(C.q.sub(inst.dist2(zero), 4 * ten * ten)) < 0  # … but the margin is finite


@pytest.mark.parametrize("M", [0, 2])
def test_verify_algorithm_reruns_the_sample_adversary_runs(M):
    """`verify --algorithm` reruns the sample adversary's simulation and both member runs of every
    seed (instances with another hidden sign q and informative position p), not only barrier runs."""
    from sci_oracle.algorithms.base import RandomisedAlgorithm
    from sci_oracle.algorithms.training import BudgetTrainer, SignSearchTrainer
    from sci_oracle.barrier import sample_barrier
    from sci_oracle.cli.verify import rerun
    from sci_oracle.core.report import certificate_document
    from sci_oracle.families.training import TrainingFamily
    from sci_oracle.kernel import verify

    fam = TrainingFamily("srlasso", 3)
    alg = RandomisedAlgorithm(lambda s: BudgetTrainer(s % (M + 1)), seeds=(0, 1, 2))
    sb = sample_barrier(alg, fam, M, R=M + 3)
    doc = json.loads(json.dumps(certificate_document("barrier", [sb.claim()]), default=str))
    v = verify(doc)
    assert v.accepted, [c.reason for c in v.claims]
    where = [r["instance"] for r in v.runs]
    assert any(w["p"] is None for w in where)  # the simulation
    assert {w["q"] for w in where if w["p"] is not None} == {1, -1}  # both members, when p is unread
    results = rerun(v.runs, doc["transcripts"], alg, isolated=False)
    assert all(ok for _, ok, _ in results), results
    other = RandomisedAlgorithm(lambda s: SignSearchTrainer(), seeds=(0, 1, 2))
    assert not all(ok for _, ok, _ in rerun(v.runs, doc["transcripts"], other, isolated=False))


@settings(max_examples=25, deadline=None, database=None)
@given(M=st.integers(0, 3), budgets=st.lists(st.integers(0, 5), min_size=1, max_size=4))
def test_sample_adversary_and_kernel_agree_on_budget_mixtures(M, budgets):
    """Differential: whatever the sample adversary concludes on a mixture of sample budgets, the
    kernel accepts its certificate with the same status (a mixture that reads more than M samples
    on some seeds only is unknown on both sides)."""
    from sci_oracle.algorithms.base import RandomisedAlgorithm
    from sci_oracle.algorithms.training import BudgetTrainer
    from sci_oracle.barrier import sample_barrier
    from sci_oracle.core.report import certificate_document
    from sci_oracle.families.training import TrainingFamily

    alg = RandomisedAlgorithm(lambda s: BudgetTrainer(budgets[s]), seeds=tuple(range(len(budgets))))
    sb = sample_barrier(alg, TrainingFamily("ulasso", 3), M, R=M + 2)
    v = verify(json.loads(json.dumps(certificate_document("barrier", [sb.claim()]), default=str)))
    assert v.accepted, [c.reason for c in v.claims]
    assert v.claims[0].status == sb.verdict
