"""``sci-oracle table1 --json`` is a certificate the kernel re-checks (PNAS 2022 Table 1; kernel/table1.py).

A small grid (K = 1 and 3, n = 10; LISTA barely trained) keeps this fast: the claims are about the
recorded outputs, whatever their quality. Tampering with an output, a status, n, K, the family, the
steps or the keys is rejected with the failing check named; the reference column and the matrix of
the step condition are the kernel's own, never the file's.
"""

from __future__ import annotations

import copy
import json
from dataclasses import replace

import pytest

from sci_oracle.cli.main import main
from sci_oracle.kernel import MalformedCertificate, verify
from sci_oracle.pnas.table1 import FAST, run_table1

SMALL = replace(FAST, K_values=(1, 3), n_values=(10,), samples=50, epochs=1, batch_size=50)
RUNS: dict[str, dict] = {}  # run_table1's results (rows, the producer's claim names) per step rule


@pytest.fixture(scope="module")
def docs() -> dict[str, dict]:
    out = {}
    for steps in ("guaranteed", "paper"):
        res = json.loads(json.dumps(run_table1(replace(SMALL, steps=steps)), default=str))
        RUNS[steps] = res
        out[steps] = res["certificate"]  # as a file would hold it
    return out


def _index(start: str) -> int:
    """The position of the claim the producer names ``start`` (a certificate holds no names; every
    claim of run_table1 is in it, in order)."""
    for res in RUNS.values():
        names = [c["name"] for c in res["claims"]]
        assert len(names) == len(res["certificate"]["claims"])
        hit = [i for i, n in enumerate(names) if n.startswith(start)]
        if hit:
            return hit[0]
    raise AssertionError(start)


def _claim(doc: dict, start: str) -> dict:
    return doc["claims"][_index(start)]


def _reason(doc: dict, start: str) -> str:
    """Why the kernel rejects the (tampered) claim named ``start``, checked on its own (faster); a
    document the kernel does not read at all gives its MalformedCertificate text."""
    try:
        res = verify({"format": doc["format"], "claims": [_claim(doc, start)]})
    except MalformedCertificate as exc:
        return str(exc)
    (r,) = res.claims
    assert not r.accepted
    assert not res.accepted
    return r.reason


@pytest.mark.parametrize("steps", ["guaranteed", "paper"])
def test_the_certificate_is_accepted_claim_by_claim(docs, steps):
    doc = docs[steps]
    assert doc["format"] == "sci-oracle-certificate/2"
    assert set(doc) == {"format", "claims", "all_certified"}  # nothing the kernel does not check
    assert {"settings", "authors_code", "rows", "explanation"} <= set(RUNS[steps])  # for people: --report
    res = verify(doc)
    assert res.accepted, [(c.name, c.reason) for c in res.claims if not c.accepted] + res.errors
    assert all(c["scope"] == "instances" for c in doc["claims"])  # exact statements, none "measured"
    kinds = {c["statement"]["kind"] for c in doc["claims"]}
    assert {"table1-input", "table1-outputs", "table1-steps", "each"} == kinds
    assert doc["all_certified"] is True


def test_the_shipped_schema_names_the_table1_kinds(docs):
    from pathlib import Path

    import sci_oracle.kernel as kernel

    schema = json.loads((Path(kernel.__file__).parent / "schema.json").read_text())
    kinds = {k.removesuffix(".statement") for k in schema["$defs"] if k.endswith(".statement")}
    assert {"table1-input", "table1-outputs", "table1-steps"} <= kinds
    jsonschema = pytest.importorskip("jsonschema")
    for doc in docs.values():
        jsonschema.validate(doc, schema)


def test_a_changed_output_entry_is_rejected(docs):
    doc = copy.deepcopy(docs["guaranteed"])
    c = _claim(doc, "FIRENET (guaranteed steps) gets K−1 digits")
    c["evidence"]["outputs"]["firenet"][0][1] = "1"  # far from both minimisers
    name = "FIRENET (guaranteed steps) gets K−1 digits"
    assert "status: the evidence supports refuted, the claim says certified" in _reason(doc, name)
    c["evidence"]["outputs"]["firenet"][0][1] = "0.5"
    assert "not an exact rational" in _reason(doc, name)


def test_the_reference_column_is_the_kernels_own(docs):
    doc = copy.deepcopy(docs["paper"])
    name = "FIRENET (paper steps) matches the authors' code"
    c = _claim(doc, name)
    assert c["statement"]["property"] == "matches-authors-code"
    c["statement"]["entries"][0]["printed"] = "0.1505681"  # a file cannot bring its own reference
    assert "unknown key 'printed'" in _reason(doc, name)
    # the guaranteed output at K = 1, n = 10 (0.1505681) does not match the kernel's 0.1500233
    doc = copy.deepcopy(docs["paper"])
    guaranteed = RUNS["guaranteed"]["rows"][0]["firenet"]["output"]
    _claim(doc, name)["evidence"]["outputs"]["firenet_paper"][0] = guaranteed
    assert "status: the evidence supports refuted" in _reason(doc, name)
    # and the guaranteed document says so: it differs there, certified
    d = _claim(docs["guaranteed"], "FIRENET (guaranteed steps) differs from the authors' code")
    assert [(e["K"], e["n"]) for e in d["statement"]["entries"]] == [(1, 10)]
    assert verify({"format": docs["guaranteed"]["format"], "claims": [d]}).claims[0].accepted
    # the value compared with is printed in the kernel's statement, from its own copy
    from sci_oracle.kernel import statements

    (text, _), *_ = statements({"format": doc["format"], "claims": [_claim(doc, name)]})
    assert "(K=1, n=10): 0.1500233" in text


def test_the_reference_column_needs_the_authors_setting(docs):
    name = "FIRENET (paper steps) matches the authors' code"
    for key, value, why in (
        ("N2", 19, "not the authors' setting"),
        ("lam", "1/2", "not the authors' setting"),
        ("params", "rational", "not the authors' setting"),
    ):
        doc = copy.deepcopy(docs["paper"])
        c = _claim(doc, name)
        c["statement"]["entries"][0]["family"][key] = value
        assert why in _reason(doc, name), key
    doc = copy.deepcopy(docs["paper"])
    _claim(doc, name)["statement"]["entries"][1]["n"] = 11  # K = 3, n = 11: not in the authors' column
    assert "the authors' code has no value for K=3, n=11" in _reason(doc, name)


def test_a_flipped_status_is_rejected(docs):
    doc = copy.deepcopy(docs["guaranteed"])
    _claim(doc, "LISTA does not reach K digits")["status"] = "refuted"
    assert "the evidence supports certified, the claim says refuted" in _reason(doc, "LISTA does not reach")
    doc = copy.deepcopy(docs["guaranteed"])
    doc["all_certified"] = False
    assert any("all_certified" in e for e in verify(doc).errors)


def test_a_changed_n_or_K_is_rejected(docs):
    doc = copy.deepcopy(docs["guaranteed"])
    name = "(A_n, y_n) is a valid level-n input"
    _claim(doc, name)["statement"]["entries"][0]["n"] = 30  # (A_10, y_10) is not within 2^-30
    assert "status: the evidence supports refuted" in _reason(doc, name)
    doc = copy.deepcopy(docs["guaranteed"])
    _claim(doc, name)["statement"]["entries"][1]["K"] = 1
    assert "entry 1: K=1 differs from the family's K=3" in _reason(doc, name)


def test_changed_steps_are_rejected(docs):
    doc = copy.deepcopy(docs["guaranteed"])
    name = "FIRENET's steps satisfy"
    _claim(doc, name)["statement"]["entries"][0]["tau"] = "1"
    assert "τσ(U + 2^-n)² is not below 1" in _reason(doc, name)
    doc = copy.deepcopy(docs["paper"])
    name = "the paper's steps"
    e = _claim(doc, name)["statement"]["entries"][0]
    e["tau"] = e["sigma"] = "1/100"
    assert "τσ(ℓ − 2^-n)² is below 1" in _reason(doc, name)


def test_the_step_condition_is_decided_on_the_rebuilt_instance(docs):
    """The forgery of issue 20 (A := 0 and τ = σ = 10^6) has nothing to write A into, and a bound
    that is not a bound on the rebuilt true input is refused."""
    doc = copy.deepcopy(docs["guaranteed"])
    name = "FIRENET's steps satisfy"
    c = _claim(doc, name)
    for e in c["statement"]["entries"]:
        e["tau"] = e["sigma"] = "1000000"
    c["evidence"]["norm_bounds"] = ["0"] * len(c["evidence"]["norm_bounds"])
    assert "U² is below the Gershgorin bound" in _reason(doc, name)
    c["evidence"]["A"] = [[0]]
    assert "unknown key 'A'" in _reason(doc, name)
    doc = copy.deepcopy(docs["paper"])
    name = "the paper's steps"
    _claim(doc, name)["evidence"]["norm_bounds"][0] = "1000000"  # ℓ far above ‖A⁽¹⁾‖₂
    assert "ℓ² exceeds" in _reason(doc, name)
    doc = copy.deepcopy(docs["guaranteed"])
    name = "FIRENET's steps satisfy"
    c = _claim(doc, name)
    c["statement"]["holds"] = False  # the guaranteed steps do not break it, whatever the valid ℓ
    c["evidence"] = copy.deepcopy(_claim(docs["paper"], "the paper's steps")["evidence"])
    assert "τσ(ℓ − 2^-n)² is below 1" in _reason(doc, name)


def test_unknown_or_missing_keys_are_rejected(docs):
    doc = copy.deepcopy(docs["guaranteed"])
    name = "every output misses one"
    _claim(doc, name)["statement"]["extra"] = 1
    assert "unknown key 'extra'" in _reason(doc, name)
    doc = copy.deepcopy(docs["guaranteed"])
    del _claim(doc, name)["evidence"]["outputs"]["lista"]
    assert "missing keys ['lista']" in _reason(doc, name)
    doc = copy.deepcopy(docs["guaranteed"])
    _claim(doc, name)["evidence"]["outputs"]["lista"].pop()
    assert "one item per statement entry" in _reason(doc, name)
    for key, junk, why in (
        ("entries", "x", "expected a list"),
        ("property", "all-good", "expected one of"),
        ("networks", [[1]], "expected one of"),
    ):
        doc = copy.deepcopy(docs["guaranteed"])
        _claim(doc, name)["statement"][key] = junk
        assert why in _reason(doc, name)


def test_cli_table1_json_then_verify(tmp_path, capsys):
    path = tmp_path / "t.json"
    assert main(["table1", "--fast", "--K", "1", "--n", "10", "--json", str(path)]) == 0
    capsys.readouterr()
    assert main(["verify", str(path)]) == 0
    assert "claims accepted by the kernel" in capsys.readouterr().out
    report = tmp_path / "r.json"  # the run report: rows, the authors' column, per-row matches
    assert main(["table1", "--fast", "--K", "1", "--n", "10", "--json", str(path), "--report", str(report)]) == 0
    capsys.readouterr()
    run = json.loads(report.read_text())
    assert "authors_code" in run
    assert "matches_authors_code" in run["rows"][0]["firenet"]
    assert main(["verify", str(report)]) == 2  # not a certificate
