"""z3 and cvc5 decide the all-parameters steps (sci_oracle/kernel/smt.py, extra [formal])."""

from __future__ import annotations

import json

import pytest
import sympy

from sci_oracle.kernel import MalformedCertificate, facts, formal, smt, verify
from sci_oracle.kernel.numbers import KernelError


def _generator():
    import importlib.util

    spec = importlib.util.spec_from_file_location("coq_generate", formal.coq_dir() / "generate.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


GEN = _generator()

ENGINES = [e for e in smt.ENGINES if smt.missing(e) is None]
pytestmark = pytest.mark.skipif(not ENGINES, reason="neither z3 nor cvc5 is installed (extra [formal])")


def _steps():
    out = []
    for name, assertion, expr, _ in GEN.fact_statements(facts.expected, facts._interval, KernelError):
        domain = {x.name: facts._interval(x.name, name.split("_")[0]) for x in expr.free_symbols}
        out.append((name, assertion, expr, domain))
    return out


def test_every_kernel_fact_step_is_unsat_when_negated_and_a_false_variant_is_sat():
    steps = _steps()
    assert len(steps) == 74
    scripts = [smt.smtlib(a, e, d) for _, a, e, d in steps]
    # the domains alone are satisfiable: an unsat answer is not vacuous
    claim = "(assert (not ("  # the last assertion is the negated claim; keep the domain alone
    domains = [x[: x.rindex(claim)] + "(assert (or true (" + x[x.rindex(claim) + len(claim) :] for x in scripts]
    # a deliberately false variant: the sign steps shifted past their claim
    false = [smt.smtlib(a, e - 10**6, d) for _, a, e, d in steps if a == "positive"]
    for engine in ENGINES:
        got = smt.decide_many(scripts, engine)
        assert got == ["unsat"] * len(scripts), [s[0] for s, g in zip(steps, got, strict=True) if g != "unsat"]
        assert set(smt.decide_many(domains[:8], engine)) == {"sat"}
        assert set(smt.decide_many(false[:8], engine)) == {"sat"}


def test_translation_of_roots_powers_and_identities():
    x = sympy.Symbol("X", positive=True)
    text = smt.smtlib("zero", x / (x + 1) + sympy.sqrt(2) ** 3, {})
    assert "(declare-const root0 Real)" in text
    assert "(assert (not (= (+ 1.0 v_X) 0.0)))" in text  # an identity is claimed where it is defined
    if "z3" in ENGINES:
        assert smt.decide(text, "z3") == "sat"  # not an identity: a counterexample exists
    with pytest.raises(ValueError, match="outside the SMT translation"):
        smt.smtlib("positive", sympy.log(x), {"X": {"lo": "1", "hi": None}})
    with pytest.raises(ValueError, match="assert"):
        smt.smtlib("bigger", x, {})


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    from sci_oracle.cli.main import main

    out = tmp_path_factory.mktemp("smt") / "p.json"
    assert main(["prove", "--problem", "srlasso", "--json", str(out)]) == 0
    return json.loads(out.read_text())


def test_prove_records_each_engine_and_verify_smt_reruns_them(certificate):
    claims = [c for c in certificate["claims"] if c["scope"] == "all-parameters"]
    assert claims
    for c in claims:
        rec = c["evidence"]["smt"]
        assert len(rec) == len(c["evidence"]["symbolic_steps"])
        assert all(r[e] == "unsat" for r in rec for e in ENGINES)
    v = verify(certificate, smt=True)
    assert v.accepted
    text = [r.reason for r in v.claims if "steps unsat" in r.reason]
    assert len(text) == len(claims)


def test_a_forged_engine_answer_is_rejected_by_verify_smt(certificate):
    doc = json.loads(json.dumps(certificate))
    i, c = next((i, c) for i, c in enumerate(doc["claims"]) if c["scope"] == "all-parameters")
    c["evidence"]["smt"][0][ENGINES[0]] = "sat"  # a recorded counterexample: rejected without --smt too
    assert not verify(doc).claims[i].accepted
    assert "records a counterexample" in verify(doc).claims[i].reason
    c["evidence"]["smt"][0][ENGINES[0]] = "unknown"
    assert verify(doc).accepted  # the shape is fine; only a re-run can tell
    v = verify(doc, smt=True)
    assert not v.claims[i].accepted
    assert "the certificate says unknown" in v.claims[i].reason
    c["evidence"]["smt"][0][ENGINES[0]] = "proved"  # not an answer an engine gives: not a certificate
    with pytest.raises(MalformedCertificate, match="expected one of"):
        verify(doc)
