"""``sci-oracle table1 --json`` is a certificate the kernel re-checks (PNAS 2022 Table 1; kernel/table1.py).

A small grid (K = 1 and 3, n = 10; LISTA barely trained) keeps this fast: the claims are about the
recorded outputs, whatever their quality. Tampering with an output, a stored digit, a status, n, K,
the steps or the keys is rejected with the failing check named.
"""

from __future__ import annotations

import copy
import json
from dataclasses import replace

import pytest

from sci_oracle.cli.main import main
from sci_oracle.kernel import verify
from sci_oracle.pnas.table1 import FAST, run_table1

SMALL = replace(FAST, K_values=(1, 3), n_values=(10,), samples=50, epochs=1, batch_size=50)


@pytest.fixture(scope="module")
def docs() -> dict[str, dict]:
    out = {}
    for steps in ("guaranteed", "paper"):
        doc = run_table1(replace(SMALL, steps=steps))["certificate"]
        out[steps] = json.loads(json.dumps(doc, default=str))  # as a file would hold it
    return out


#: the claims of run_table1, by the producer's names (a certificate holds no names: found by statement)
NAMES = {
    "(A_n, y_n) is a valid level-n input": ("table1-input", None),
    "every output misses one": ("table1-outputs", "misses-one"),
    "LISTA does not reach K digits": ("table1-outputs", "below-K", "lista"),
    "FIRENET (guaranteed steps) gets K−1 digits": ("table1-outputs", "K-1-both"),
    "FIRENET with the paper's steps matches": ("table1-outputs", "matches-printed"),
    "FIRENET's steps satisfy": ("table1-steps", True),
    "the paper's steps": ("table1-steps", False),
}


def _claim(doc: dict, start: str) -> dict:
    kind, *rest = NAMES[start]
    for c in doc["claims"]:
        st = c["statement"]
        if st["kind"] != kind:
            continue
        if kind == "table1-outputs" and (st["property"] != rest[0] or (len(rest) > 1 and st["networks"] != [rest[1]])):
            continue
        if kind == "table1-steps" and st["holds"] is not rest[0]:
            continue
        return c
    raise AssertionError(start)


def _reason(doc: dict, start: str) -> str:
    """Why the kernel rejects the (tampered) claim named ``start``, checked on its own (faster)."""
    one = {k: v for k, v in doc.items() if k != "all_certified"}
    res = verify({**one, "claims": [_claim(doc, start)]})
    (r,) = res.claims
    assert not r.accepted
    assert not res.accepted
    return r.reason


@pytest.mark.parametrize("steps", ["guaranteed", "paper"])
def test_the_certificate_is_accepted_claim_by_claim(docs, steps):
    doc = docs[steps]
    assert doc["format"] == "sci-oracle-certificate/2"
    assert set(doc) == {"format", "claims", "all_certified"}  # nothing the kernel does not check
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


def test_a_changed_published_digit_is_rejected(docs):
    doc = copy.deepcopy(docs["paper"])
    c = _claim(doc, "FIRENET with the paper's steps matches")
    assert c["statement"]["entries"][0]["printed"] == "0.1500"
    name = "FIRENET with the paper's steps matches"
    c["statement"]["entries"][0]["printed"] = "0.1501"
    assert "status: the evidence supports refuted" in _reason(doc, name)
    c["statement"]["entries"][0]["printed"] = "0.15000"  # one more digit: 0.1500233 no longer rounds to it
    assert "status: the evidence supports refuted" in _reason(doc, name)
    c["statement"]["entries"][0]["printed"] = "1.5e-1"
    assert "printed must be a decimal string" in _reason(doc, name)


def test_a_flipped_status_is_rejected(docs):
    doc = copy.deepcopy(docs["guaranteed"])
    _claim(doc, "LISTA does not reach K digits")["status"] = "refuted"
    assert "the evidence supports certified, the claim says refuted" in _reason(doc, "LISTA does not reach K digits")
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
    _claim(doc, name)["evidence"]["runs"][0]["tau"] = "1"
    assert "Gershgorin" in _reason(doc, name)
    doc = copy.deepcopy(docs["paper"])
    name = "the paper's steps"
    run = _claim(doc, name)["evidence"]["runs"][0]
    run["tau"] = run["sigma"] = "1/100"
    assert "τσ‖Aᵀu‖²/‖u‖² is below 1" in _reason(doc, name)


def test_unknown_or_missing_keys_are_rejected(docs):
    from sci_oracle.kernel import MalformedCertificate

    name = "every output misses one"

    def alone(doc: dict, c: dict) -> dict:
        return {**{k: v for k, v in doc.items() if k != "all_certified"}, "claims": [c]}

    def malformed(doc: dict, c: dict) -> str:
        with pytest.raises(MalformedCertificate) as exc:
            verify(alone(doc, c))
        return str(exc.value)

    def reason(doc: dict, c: dict) -> str:
        (r,) = verify(alone(doc, c)).claims
        assert not r.accepted
        return r.reason

    doc = copy.deepcopy(docs["guaranteed"])
    c = _claim(doc, name)
    c["statement"]["extra"] = 1
    assert "unknown key 'extra'" in malformed(doc, c)
    c = copy.deepcopy(_claim(docs["guaranteed"], name))
    del c["evidence"]["outputs"]["lista"]
    assert "missing keys ['lista']" in reason(doc, c)
    c = copy.deepcopy(_claim(docs["guaranteed"], name))
    c["evidence"]["outputs"]["lista"].pop()
    assert "one item per statement entry" in reason(doc, c)
    c = copy.deepcopy(_claim(docs["guaranteed"], name))
    c["statement"]["property"] = "all-good"
    assert "statement property" in reason(doc, c)
    for key, junk in (("entries", "x"), ("networks", [[1]])):
        c = copy.deepcopy(_claim(docs["guaranteed"], name))
        c["statement"][key] = junk
        assert "expected" in malformed(doc, c)


def test_cli_table1_json_then_verify(tmp_path, capsys):
    path = tmp_path / "t.json"
    assert main(["table1", "--fast", "--K", "1", "--n", "10", "--json", str(path)]) == 0
    capsys.readouterr()
    assert main(["verify", str(path)]) == 0
    assert "claims accepted" in capsys.readouterr().out
