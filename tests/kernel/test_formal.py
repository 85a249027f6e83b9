"""Scope formal (sci_oracle/kernel/formal.py): a lemma claim cites compiled Coq theorems, and
``verify --formal`` recompiles them; an edited file, a weakened theorem, a gap are rejected."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from sci_oracle.cli.main import main
from sci_oracle.kernel import FORMAT, coqsource, formal, verify

COQ = formal.coqc_available() is None
needs_coq = pytest.mark.skipif(not COQ, reason="coqc is not installed (apt-get install coq)")


ROWS = {"lemma1": "barrier", "lemma2": "sample-adversary"}  # a row of the kernel's lemma table per formal lemma


@pytest.fixture(scope="module")
def proof():
    """A small prove certificate (SR-LASSO, K = 3, n = 10), with or without coqc."""
    from sci_oracle.cli.prove import load_proof

    return json.loads(json.dumps(load_proof("theorem1").prove(problems=("srlasso",), levels=(10,)).certificate()))


def _doc(proof, lemma, ev):
    """The certificate's first claim of the lemma-table row that ``lemma`` proves, at scope formal with
    the citation ``ev``, together with the claims discharging its hypotheses (renumbered)."""
    claims = proof["claims"]
    i = next(k for k, c in enumerate(claims) if c["statement"].get("lemma") == ROWS[lemma])
    keep = [i]
    for ref in claims[i]["evidence"]["discharged_by"].values():
        k = (ref[0] if isinstance(ref, list) else ref) - 1
        keep += [k] + [
            (r[0] if isinstance(r, list) else r) - 1 for r in claims[k]["evidence"].get("discharged_by", {}).values()
        ]
    keep = sorted(set(keep))
    new = {old + 1: n for n, old in enumerate(keep, 1)}
    out = [json.loads(json.dumps(claims[k])) for k in keep]
    for c in out:
        by = c["evidence"].get("discharged_by")
        if by is not None:
            c["evidence"]["discharged_by"] = {
                h: [new[r[0]], *r[1:]] if isinstance(r, list) else new[r] for h, r in by.items()
            }
    me = out[keep.index(i)]
    me["scope"], me["evidence"]["formal"] = "formal", ev
    return {"format": FORMAT, "claims": out, "transcripts": proof.get("transcripts", [])}, keep.index(i)


@pytest.fixture(scope="module")
def cited():
    if not COQ:
        pytest.skip("coqc is not installed")
    return {lemma: formal.cite(lemma) for lemma in formal.LEMMAS}


@pytest.fixture
def coq_copy(tmp_path):
    dst = tmp_path / "coq"
    shutil.copytree(formal.coq_dir(), dst, ignore=shutil.ignore_patterns("*.vo*", "*.glob", ".*"))
    return dst


def _forge(ev, src, name):
    """What a forger does after editing a file: put its new sha256 in the certificate."""
    return {**ev, "files": {**ev["files"], name: formal.sha256_file(src / name)}}


def test_shape_is_checked_without_coq(proof):
    files = dict.fromkeys(formal.FILES["lemma1"], "0" * 64)
    good = {"theorems": list(formal.LEMMAS["lemma1"]), "files": files, "printed_sha256": "1" * 64}
    formal.validate("lemma1", {**good, "coq": "8.16.1"})
    bad = [
        ("lemma3", {**good, "coq": "8.16.1"}),  # a lemma the kernel does not know
        ("lemma1", good),  # a key missing
        ("lemma1", {**good, "coq": "8.16.1", "theorems": ["weight_exists"]}),  # other theorems
        ("lemma2", {**good, "coq": "8.16.1"}),  # lemma 1's theorems for lemma 2
        ("lemma1", {**good, "coq": "8.16.1", "printed_sha256": "xyz"}),
    ]
    for lemma, ev in bad:
        with pytest.raises(formal.FormalError):
            formal.validate(lemma, ev)
    doc, i = _doc(proof, "lemma1", {**good, "coq": "8.16.1", "theorems": ["barrier_unbounded"]})
    v = verify(doc)
    assert not v.accepted
    assert "barrier_deterministic" in v.claims[i].reason
    # Lemma 2's theorems cited for Lemma 1's row, or a formal claim of a row with no Coq proof
    doc, i = _doc(proof, "lemma1", {**good, "coq": "8.16.1", "theorems": list(formal.LEMMAS["lemma2"])})
    assert "lemma1 is proved by the theorems" in verify(doc).claims[i].reason
    doc, i = _doc(proof, "lemma1", {**good, "coq": "8.16.1"})
    u = next(k for k, c in enumerate(doc["claims"]) if c["statement"].get("lemma") == "uniqueness")
    doc["claims"][u]["scope"], doc["claims"][u]["evidence"]["formal"] = "formal", {**good, "coq": "8.16.1"}
    assert "has no Coq proof in the kernel's table" in verify(doc).claims[u].reason


def test_without_coq_the_claim_counts_as_a_lemma_and_says_why(proof, monkeypatch):
    files = {f: formal.PINNED.get(f, "0" * 64) for f in formal.FILES["lemma2"]}  # the pinned files as the kernel's
    ev = {"theorems": list(formal.LEMMAS["lemma2"]), "files": files, "printed_sha256": "1" * 64}
    monkeypatch.setattr(formal, "coqc_available", lambda: "coqc is not installed (apt-get install coq)")
    doc, i = _doc(proof, "lemma2", {**ev, "coq": "8.16.1"})
    v = verify(doc, formal=True)
    c = v.claims[i]
    assert c.accepted
    assert not c.proved
    assert c.word == "cited"
    assert "counts as a lemma" in c.reason
    assert "coqc is not installed" in c.reason
    assert c.name in v.lemmas


def test_the_source_scan_finds_gaps_outside_comments():
    assert (
        formal.forbidden("Goal True. Proof. (* Admitted is not allowed, nor (* nested *) admit *) exact I. Qed.")
        is None
    )
    assert formal.forbidden("Lemma a : False.\nAdmitted.") == "Admitted"
    assert formal.forbidden("Axiom cheat : False.") == "Axiom"
    assert formal.forbidden("Proof. admit. Qed.") == "admit"
    # an allow-list of commands outside proofs, not a list of bad words
    assert formal.forbidden("Lemma a : True. Proof. exact I. Qed.") is None
    assert "not a command" in formal.forbidden("Lemma a : True. exact I. Qed.")
    assert "not a command" in formal.forbidden("Attributes x.")
    assert "not closed" in formal.forbidden("Lemma a : True. Proof. exact I.")
    assert formal.forbidden('(* "*)" *) Axiom a : False.') == "Axiom"  # a string in a comment closes nothing
    assert "not closed" in formal.forbidden('(* "*)" Axiom a : False.')
    for f in sorted(formal.coq_dir().glob("*.v")):
        assert formal.forbidden(f.read_text(encoding="utf-8")) is None, f.name


def test_model_is_the_pinned_one():
    for name, digest in formal.PINNED.items():
        assert formal.sha256_file(formal.coq_dir() / name) == digest, f"{name} changed: update formal.PINNED"


@needs_coq
def test_verify_formal_accepts_the_cited_theorems(proof, cited, tmp_path, capsys):
    for lemma, ev in cited.items():
        assert ev["theorems"] == list(formal.LEMMAS[lemma])
        assert set(ev["files"]) >= {"Model.v", "Runs.v"}
        path = tmp_path / f"{lemma}.json"
        doc, i = _doc(proof, lemma, ev)
        path.write_text(json.dumps(doc))
        assert main(["verify", "--formal", str(path)]) == 0
        out = " ".join(capsys.readouterr().out.split())  # the printed text is wrapped
        assert "recompiled, statements, axioms and coqchk checked" in out
        assert f"claim {i + 1}: certified [formal]" in out  # proved in Coq here
        assert main(["verify", str(path)]) == 0  # without --formal: cited
        assert f"claim {i + 1}: cited [formal]" in capsys.readouterr().out


@needs_coq
def test_an_edited_file_is_rejected(proof, cited, coq_copy, tmp_path, capsys):
    barrier = coq_copy / "Barrier.v"
    barrier.write_text(barrier.read_text() + "\n(* an innocent-looking edit *)\n")
    got = formal.check_formal("lemma1", cited["lemma1"], coq_copy)
    assert got.ok is False
    assert "Barrier.v differs from the certificate's" in got.reason
    path = tmp_path / "c.json"
    path.write_text(json.dumps(_doc(proof, "lemma1", cited["lemma1"])[0]))
    assert main(["verify", "--formal", "--coq-dir", str(coq_copy), str(path)]) == 1
    assert "REJECTED" in capsys.readouterr().out


@needs_coq
def test_a_weakened_theorem_with_the_same_name_is_rejected(cited, coq_copy):
    barrier = coq_copy / "Barrier.v"
    text = barrier.read_text()
    weak = re.sub(
        r"Theorem barrier_randomised : lemma1_randomised_statement\.\nProof\..*?Qed\.",
        "Theorem barrier_randomised : 0 = 0.\nProof. reflexivity. Qed.",
        text,
        flags=re.S,
    )
    assert weak != text
    barrier.write_text(weak)
    got = formal.check_formal("lemma1", _forge(cited["lemma1"], coq_copy, "Barrier.v"), coq_copy)
    assert got.ok is False
    assert "does not have the kernel's statement" in got.reason


@needs_coq
def test_a_weakened_model_is_rejected(cited, coq_copy):
    model = coq_copy / "Model.v"
    model.write_text(model.read_text().replace("2 * kappa < dist x1 x2", "0 <= dist x1 x2"))
    got = formal.check_formal("lemma1", _forge(cited["lemma1"], coq_copy, "Model.v"), coq_copy)
    assert got.ok is False
    assert "Model.v is not the kernel's" in got.reason


@needs_coq
def test_a_proof_with_admitted_is_rejected_by_the_scan_and_by_its_assumptions(cited, coq_copy, monkeypatch):
    sample = coq_copy / "Sample.v"
    text = sample.read_text()
    gap = re.sub(r"(Theorem sample_adversary : lemma2_statement\.\n)Proof\..*?Qed\.", r"\1Admitted.", text, flags=re.S)
    assert gap != text
    sample.write_text(gap)
    ev = _forge(cited["lemma2"], coq_copy, "Sample.v")
    got = formal.check_formal("lemma2", ev, coq_copy)
    assert got.ok is False
    assert "contains 'Admitted'" in got.reason
    # without the scan, Print Assumptions names the admitted theorem itself
    monkeypatch.setattr(formal, "scan", lambda text, project=None: (None, coqsource.scan(text, project)[1]))
    got = formal.check_formal("lemma2", ev, coq_copy)
    assert got.ok is False
    assert "sample_adversary rests on" in got.reason


@needs_coq
def test_a_changed_printed_hash_is_rejected(cited):
    got = formal.check_formal("lemma2", {**cited["lemma2"], "printed_sha256": "0" * 64})
    assert got.ok is False
    assert "printed statements and assumptions differ" in got.reason


def test_coq_dir_needs_formal(tmp_path, capsys):
    path = tmp_path / "c.json"
    path.write_text("{}")
    assert main(["verify", "--coq-dir", str(tmp_path), str(path)]) == 2
    assert "--coq-dir" in capsys.readouterr().err
