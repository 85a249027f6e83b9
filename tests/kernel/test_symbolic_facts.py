"""The kernel pins what an all-parameters claim proves (kernel/facts.py): recorded sympy steps
cannot be swapped for weaker true facts, narrowed domains or other parameter ranges.

The tamper campaign here mutates only the symbolic part of real ``prove`` claims (the steps, the
fact and the family) and decides truth with the producer's own code: a mutant the kernel accepts
must carry, fact by fact, the producer's steps (sci_oracle/families/symbolic.py) for a family whose
parameters the producer finds in the proven domain.
"""

from __future__ import annotations

import copy
import json
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sci_oracle.kernel import MalformedCertificate, verify


@pytest.fixture(scope="module")
def symbolic_docs() -> list[dict]:
    from sci_oracle.cli.prove import load_proof

    mod = load_proof("theorem1")
    doc = json.loads(json.dumps(mod.prove(K=3).certificate()))
    out = []
    for c in doc["claims"]:
        if c["scope"] == "all-parameters":
            out.append({"format": doc["format"], "claims": [c]})
    assert len(out) >= 10
    return out


def _first(docs, kind):
    return copy.deepcopy(next(d for d in docs if d["claims"][0]["statement"]["kind"] == kind))


def _reason(doc) -> str:
    try:
        v = verify(doc)
    except MalformedCertificate as exc:  # a key or type the closed schema does not allow
        return str(exc)
    assert not v.accepted
    return " ".join(c.reason for c in v.claims if not c.accepted) + " ".join(v.errors)


def test_produced_claims_are_accepted(symbolic_docs):
    for d in symbolic_docs:
        assert verify(d).accepted, d["claims"][0]["statement"]


def test_a_trivially_true_step_does_not_prove_the_fact(symbolic_docs):
    doc = _first(symbolic_docs, "symbolic")
    doc["claims"][0]["evidence"]["symbolic_steps"][0]["expr"] = "Integer(1)"
    assert "not the kernel's" in _reason(doc)


def test_a_narrowed_domain_is_rejected(symbolic_docs):
    doc = _first(symbolic_docs, "symbolic")
    step = doc["claims"][0]["evidence"]["symbolic_steps"][0]
    step["assumptions"]["delta"]["hi"] = "1/8"  # proves n ≥ 2 only
    assert "domain" in _reason(doc)
    doc = _first(symbolic_docs, "symbolic")
    doc["claims"][0]["evidence"]["symbolic_steps"][0]["bindings"]["X"]["from"] = 4  # K ≥ 4 only
    assert "binding" in _reason(doc)


def test_a_dropped_step_or_another_fact_is_rejected(symbolic_docs):
    doc = _first(symbolic_docs, "minimisers")
    del doc["claims"][0]["evidence"]["symbolic_steps"][-1]
    assert "steps" in _reason(doc)
    doc = _first(symbolic_docs, "symbolic")
    doc["claims"][0]["statement"]["fact"] = "separation"
    assert "symbolic step" in _reason(doc)


def test_loose_types_and_extra_keys_are_rejected(symbolic_docs):
    doc = _first(symbolic_docs, "symbolic")
    doc["claims"][0]["evidence"]["symbolic_steps"][0]["extra"] = 1
    assert "unknown key 'extra'" in _reason(doc)
    doc = _first(symbolic_docs, "symbolic")
    doc["claims"][0]["evidence"]["symbolic_steps"][0]["assumptions"]["X"]["lo_open"] = None
    assert "expected true or false" in _reason(doc)
    doc = _first(symbolic_docs, "symbolic")
    doc["claims"][0]["evidence"]["symbolic_steps"][0]["step"] = "1 > 0, so the theorem holds"  # no words
    assert "unknown key 'step'" in _reason(doc)


def test_a_family_outside_the_proven_domain_is_rejected(symbolic_docs):
    doc = next(
        copy.deepcopy(d)
        for d in symbolic_docs
        if d["claims"][0]["statement"]["kind"] == "symbolic"
        and d["claims"][0]["statement"]["family"]["problem"] == "srlasso"
    )
    doc["claims"][0]["statement"]["family"]["lam"] = "450"  # (2/5)·10^3 < λw₁ = 450 < c
    assert "domain" in _reason(doc)


# --------------------------------------------------------------------------- campaign
def _producer_true(doc: dict) -> bool:
    """The producer's judgement (test_tamper.true_steps): its own steps for the fact, in its domain."""
    c = doc["claims"][0]
    return _tamper().true_steps(c["statement"], c["evidence"]["symbolic_steps"])


def _tamper_module():
    """The campaign's field-edit helpers, from the sibling test module (tests are not a package)."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.spec_from_file_location("_tamper", Path(__file__).with_name("test_tamper.py"))
    assert spec is not None
    assert spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _tamper():
    if not _TAMPER:
        _TAMPER.append(_tamper_module())
    return _TAMPER[0]


def _mutate(doc: dict, rnd: random.Random) -> dict:
    t = _tamper()
    _get, _mutate_value, _paths, _set = t._get, t._mutate_value, t._paths, t._set
    out = copy.deepcopy(doc)
    c = out["claims"][0]
    roots = [("claims", 0, "evidence", "symbolic_steps"), ("claims", 0, "statement")]
    paths = [p for r in roots for p in _paths(_get(out, r), r) if p != r]
    path = rnd.choice(paths)
    _set(out, path, _mutate_value(_get(out, path), rnd))
    assert c is out["claims"][0]
    return out


_TAMPER: list = []
COUNTS = {"mutants": 0, "accepted": 0}


@settings(max_examples=150, deadline=None, database=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(seed=st.integers(0, 2**32))
def test_symbolic_tamper_campaign(symbolic_docs, seed):
    rnd = random.Random(seed)
    doc = symbolic_docs[rnd.randrange(len(symbolic_docs))]
    mutant = _mutate(doc, rnd)
    COUNTS["mutants"] += 1
    try:
        accepted = verify(mutant).accepted
    except MalformedCertificate:
        accepted = False
    if accepted:
        COUNTS["accepted"] += 1
        assert _producer_true(mutant), f"false accept (seed {seed})"


def test_symbolic_campaign_reached_the_accept_path():
    """Runs after the campaign (file order): some mutants (key order) were accepted,
    so the property above was exercised, not vacuous."""
    if COUNTS["mutants"] == 0:
        pytest.skip("the campaign did not run in this session")
    assert COUNTS["mutants"] >= 150
    assert 0 < COUNTS["accepted"] < COUNTS["mutants"]
