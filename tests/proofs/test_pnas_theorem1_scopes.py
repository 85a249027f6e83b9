"""Claims of proofs/pnas_theorem1.py state their own strength (scope) and word it honestly."""

from __future__ import annotations

import json
import re

import pytest

from sci_oracle.cli.main import main
from sci_oracle.cli.prove import load_proof
from sci_oracle.core.report import SCOPES, ProofReport
from sci_oracle.families.pnas import PNASFamily
from sci_oracle.kernel import formal
from sci_oracle.kernel.symbolic import check_symbolic_steps


@pytest.fixture(scope="module")
def report():
    """The report as prove shows it (names, details); its certificate carries the same claims in order."""
    rep = load_proof("theorem1").prove()
    shown = json.loads(json.dumps(rep.to_dict(), default=str))
    cert = rep.certificate()
    assert len(cert["claims"]) == len(shown["claims"])
    for c, k in zip(shown["claims"], cert["claims"], strict=True):
        c["evidence"] = k["evidence"]  # symbolic steps as the certificate holds them
    return shown


def test_every_claim_has_a_scope_and_only_all_parameters_says_for_all(report):
    for c in report["claims"]:
        assert c["scope"] in SCOPES
        text = (c["name"] + " " + c["detail"]).lower()
        if c["scope"] != "all-parameters":
            assert "for all" not in text, c["name"]
            assert "for every" not in text, c["name"]


@pytest.mark.parametrize("P", ["P1 QCBP", "P2 U-LASSO", "P3 SR-LASSO"])
def test_solver_family_separation_agreement_kkt_are_all_parameters(report, P):
    by_name = {c["name"]: c for c in report["claims"]}
    for what in ("separation", "indistinguishable", "KKT", "decreasing"):
        (claim,) = [c for n, c in by_name.items() if n.startswith(P + ":") and what in n]
        assert claim["scope"] == "all-parameters"
        assert claim["status"] == "certified"
        steps = claim["evidence"]["symbolic_steps"]  # the kernel re-checks them from the certificate
        assert steps
        assert check_symbolic_steps(steps) == []


def test_lemma_claims_cite_the_facts_that_discharge_them(report):
    lemmas = [c for c in report["claims"] if c["scope"] in ("lemma", "formal")]
    assert len(lemmas) == 12  # per problem: Lemma U and Lemma 1; in the training form Lemma 1 (one pair) and Lemma 2
    for c in lemmas:
        assert c["status"] == "cited"  # a hand proof: never "certified"
        assert "proofs/LEMMA.md" in c["detail"]
        assert c["statement"]["kind"] == "lemma"
        for i in re.findall(r"claim (\d+)", c["detail"]):
            assert report["claims"][int(i) - 1]["status"] in ("certified", "cited")
    # with coqc installed each Lemma 1 and Lemma 2 claim cites its Coq theorems; without, each says why it is
    # a hand proof; Lemma U (uniqueness) has no Coq proof and is always a cited hand proof
    coq = formal.coqc_available() is None
    for c in lemmas:
        in_coq = coq and c["statement"]["lemma"] != "uniqueness"
        assert c["scope"] == ("formal" if in_coq else "lemma"), c["name"]
        assert ("conclusion proved in Coq" in c["detail"]) == in_coq


def test_summary_counts_scopes(capsys):
    assert main(["prove", "--problem", "srlasso"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    m = re.search(r"(\d+) claims: (.*)", out)
    assert m, out[-400:]
    counts = {what: int(n) for n, what in re.findall(r"(\d+) ([a-z][^;]*)", m.group(2))}
    assert sum(counts.values()) == int(m.group(1))
    assert counts["proved for all parameters of a stated domain (symbolic)"] == 5
    lemma = counts.get("from a lemma proved in Coq (proofs/coq)", 0) + counts.get("from a lemma in proofs/", 0)
    assert lemma == 4  # Lemma U, Lemma 1 twice (solver and training form at one pair), Lemma 2 once


def test_out_of_domain_lambda_falls_back_to_instances():
    prove_problem = load_proof("theorem1").prove_problem
    rep = ProofReport("t", {})
    # λ·w₁ = 0.3·10^K is accepted by the family (separation holds) but lies outside the U-LASSO domain ≤ 10^K/4
    prove_problem(rep, PNASFamily("ulasso", 3, lam=300), levels=(10,))
    sep = next(c for c in rep.claims if "separation" in c.name)
    assert sep.scope == "instances"
    assert "outside the proven domain" in sep.detail
    for c in rep.claims:
        if c.scope != "all-parameters":
            assert "for all" not in c.name + c.detail
            assert "for every" not in c.name + c.detail


def test_without_coq_the_lemma_claims_are_cited_hand_proofs(monkeypatch):
    mod = load_proof("theorem1")
    monkeypatch.setattr(formal, "coqc_available", lambda: "coqc is not installed (apt-get install coq)")
    monkeypatch.setattr(mod, "_FORMAL", {})
    rep = ProofReport("t", {})
    mod.prove_problem(rep, PNASFamily("srlasso", 3), levels=(10,))
    (c,) = [c for c in rep.claims if "(Lemma 1)" in c.name]
    assert c.scope == "lemma"
    assert c.word == "cited"  # never "certified": a hand proof is not machine-checked
    assert "coqc is not installed" in c.detail
    assert "formal" not in c.to_dict()["evidence"]
