"""The kernel owns every statement (issue 20): one regression test per class of false certificate the
outside review got accepted, and per "Also" item. Each builds the forgery the review described (in
the certificate format it would take today) and requires the rejection the design gives it: a
malformed document (exit 2) or a REJECTED claim naming the check."""

from __future__ import annotations

import copy
import json
import time
from fractions import Fraction

import pytest

from sci_oracle.cli.main import main
from sci_oracle.kernel import MalformedCertificate, TooCostly, verify


def _first(certificates, prefix):
    return copy.deepcopy(next(doc for name, doc, _ in certificates if name.startswith(prefix)))


def _prove(certificates, i):
    return _first(certificates, f"prove claim {i} ")


@pytest.fixture(scope="module")
def proof():
    from sci_oracle.cli.prove import load_proof

    return json.loads(json.dumps(load_proof("theorem1").prove(K=3, levels=(10,)).certificate()))


def _rejected(doc) -> list[str]:
    v = verify(doc)
    assert not v.accepted
    return [c.reason for c in v.claims if not c.accepted] + v.errors


# --------------------------------------------------------------------------- 1. the sample barrier
def _sample_part(proof, with_p: bool):
    """A one-claim document: a sample-barrier part of the prove file (p given or p null)."""
    proof = copy.deepcopy(proof)
    for c in proof["claims"]:
        for p in c["statement"].get("claims", []):
            if p["statement"]["kind"] == "sample-barrier" and (p["evidence"]["p"] is not None) == with_p:
                claim = {"status": p["status"], "scope": "instances", **{k: p[k] for k in ("statement", "evidence")}}
                return {"format": proof["format"], "transcripts": proof["transcripts"], "claims": [claim]}
    raise AssertionError("no sample-barrier part")


def test_class1_null_outputs_and_empty_transcripts_are_not_failures(proof):
    doc = _sample_part(proof, with_p=True)
    assert verify(doc).accepted
    doc["transcripts"].append([])
    empty = len(doc["transcripts"]) - 1
    for r in doc["claims"][0]["evidence"]["runs"]:
        r["simulation"]["transcript"] = empty
        for m in r["members"]:
            m.update(output=None, transcript=empty)
    (why,) = _rejected(doc)
    assert "a halting run has an output" in why


def test_class1_a_rerun_that_runs_past_the_transcript_differs(certificates):
    """The rerun layer: replaying an empty transcript, an algorithm that asks a query has not made the
    recorded run, whatever output (or none) was recorded."""
    from sci_oracle.algorithms.builtin import Midpoint
    from sci_oracle.cli.verify import _rerun_one

    doc = _first(certificates, "barrier srlasso")
    run = verify(doc).runs[0]
    for output, outcome in ((run["output"], "output"), (None, "error")):
        _, ok, why = _rerun_one({**run, "transcript": [], "output": output, "outcome": outcome}, Midpoint(30))
        assert not ok
        assert "after the end of the transcript" in why or "a different query" in why


# --------------------------------------------------------------------------- 3. the producer label
def test_class3_a_producer_label_or_a_lemma_in_words_is_not_a_certificate(certificates):
    doc = _first(certificates, "check srlasso")
    doc["producer"] = "prove"
    with pytest.raises(MalformedCertificate, match="unknown key 'producer'"):
        verify(doc)
    doc = _first(certificates, "check srlasso")
    del doc["verdict"], doc["digits_reached"]
    lemma = {
        "status": "cited",
        "scope": "lemma",
        "statement": {"kind": "lemma", "citation": "the midpoint is correct to K = 3 digits"},
        "evidence": {"discharged_by": {}},
    }
    doc["claims"].append(lemma)
    with pytest.raises(MalformedCertificate, match="lemma"):
        verify(doc)
    lemma["statement"] = {"kind": "lemma", "lemma": "the midpoint is correct to K = 3 digits"}
    with pytest.raises(MalformedCertificate, match="is not one of"):
        verify(doc)


# --------------------------------------------------------------------------- 4. lemma discharge
def _lemma_index(proof, name: str, problem: str) -> int:
    for i, c in enumerate(proof["claims"]):
        st = c["statement"]
        if st["kind"] == "lemma" and st["lemma"] == name and st["family"]["problem"] == problem:
            return i
    raise AssertionError(name)


def test_class4_a_hypothesis_needs_its_own_template_on_the_same_family(proof):
    i = _lemma_index(proof, "barrier", "qcbp")
    assert verify(proof).claims[i].accepted
    coin = next(k for k, c in enumerate(proof["claims"], 1) if c["statement"]["kind"] == "randomised")
    assert coin < i + 1  # an accepted, certified claim before the lemma, of another template
    doc = copy.deepcopy(proof)
    doc["claims"][i]["evidence"]["discharged_by"] = {"H1": coin, "H2": coin, "H3": coin}
    assert "is not a cited uniqueness lemma" in verify(doc).claims[i].reason
    other = _lemma_index(proof, "barrier", "ulasso")  # another problem's claims, discharging QCBP's lemma
    by = proof["claims"][other]["evidence"]["discharged_by"]
    doc = copy.deepcopy(proof)
    doc["claims"][i]["evidence"]["discharged_by"] = by
    reason = verify(doc).claims[i].reason
    assert ("discharged_by" in reason and "before this one" in reason) or "is not" in reason
    doc = copy.deepcopy(proof)  # the ulasso lemma's own claims discharging a copy stated for qcbp
    doc["claims"][other]["statement"]["family"] = proof["claims"][i]["statement"]["family"]
    assert "is not a cited uniqueness lemma (Lemma U) on the same family" in verify(doc).claims[other].reason


def test_class4_a_lemma_cannot_be_renamed_to_a_false_statement(proof):
    i = _lemma_index(proof, "barrier", "qcbp")
    v = verify(proof)
    assert v.claims[i].status == "cited"
    assert (
        "for every p > 1/2, no algorithm, even randomised, is correct to 3 digits w.p. ≥ p on every input"
        in v.claims[i].statement
    )
    doc = copy.deepcopy(proof)
    doc["claims"][i]["statement"]["conclusion"] = "no algorithm gets K−1 digits"
    with pytest.raises(MalformedCertificate, match="unknown key 'conclusion'"):
        verify(doc)
    doc = copy.deepcopy(proof)
    doc["claims"][i]["status"] = "certified"  # a cited lemma is never "certified"
    assert "is cited (or unknown), not certified" in verify(doc).claims[i].reason
    doc = copy.deepcopy(proof)
    doc["claims"][i]["statement"]["lemma"] = "barrier-pair"  # another row of the table: other parameters
    with pytest.raises(MalformedCertificate, match="missing key"):
        verify(doc)
    doc["claims"][i]["statement"]["lemma"] = "uniqueness"  # ... or other hypotheses
    if doc["claims"][i]["scope"] == "formal":  # and Lemma U has no Coq proof: a formal claim cannot state it
        assert "has no Coq proof in the kernel's table" in verify(doc).claims[i].reason
        doc["claims"][i]["scope"] = "lemma"
        del doc["claims"][i]["evidence"]["formal"]
    assert "one reference per hypothesis" in verify(doc).claims[i].reason


# --------------------------------------------------------------------------- 5. incoherent runs
def test_class5_one_transcript_two_outputs_is_no_algorithm(certificates):
    """K digits "certified" on the pair of a barrier: one transcript (legal for both members), two
    outputs, each the exact minimiser of its member. No algorithm gives two outputs on one transcript."""
    from sci_oracle.core.exact import number_to_json
    from sci_oracle.families.pnas import PNASFamily

    doc = _first(certificates, "barrier srlasso")
    (c,) = doc["claims"]
    st, ev = c["statement"], c["evidence"]
    fam = PNASFamily.from_spec(st["family"])
    n = ev["n"]
    outs = [[number_to_json(v) for v in fam.member(j, n).solution.vertices[0]] for j in (1, 2)]
    runs = [
        {"row": j - 1, "seed": None, "outcome": "output", "output": outs[j - 1], "transcript": ev["transcript"]}
        for j in (1, 2)
    ]
    acc = {
        "status": "certified",
        "scope": "instances",
        "statement": {
            "kind": "accuracy",
            "family": st["family"],
            "K": st["K"],
            "digits": st["K"],
            "algorithm": st["algorithm"],
            "seeds": None,
            "instances": [{"j": 1, "n": n}, {"j": 2, "n": n}],
        },
        "evidence": {"runs": runs},
    }
    doc["claims"] = [acc]
    (why,) = _rejected(doc)
    assert "one transcript, two outputs" in why


def test_class5_a_halting_run_cannot_be_a_prefix_of_another(certificates):
    doc = _first(certificates, "check srlasso")
    doc["transcripts"].append(doc["transcripts"][0][:1])  # the limit's run, cut after one answer
    doc["claims"][1]["evidence"]["runs"][0]["transcript"] = len(doc["transcripts"]) - 1
    assert any("asked more" in r for r in _rejected(doc))


# --------------------------------------------------------------------------- 6. the probability space
def test_class6_the_printed_statement_names_the_seed_set():
    """An algorithm failing on one seed in three (those ≡ 0 mod 3), checked on seeds 0, 3, 6: refuted,
    and the statement says over which distribution: uniform on {0, 3, 6}, not "the algorithm"."""
    from sci_oracle.algorithms.base import RandomisedAlgorithm
    from sci_oracle.algorithms.builtin import Midpoint, Zero
    from sci_oracle.harness.check import check

    alg = RandomisedAlgorithm(lambda s: Zero() if s % 3 == 0 else Midpoint(30), seeds=(0, 3, 6))
    doc = json.loads(json.dumps(check(alg, "srlasso", K=3, isolated=False, members=(4,)).certificate()))
    v = verify(doc)
    assert v.accepted
    assert v.claims[0].status == "refuted"
    assert (
        "is correct to 3 digits w.p. > 1/2 over a seed drawn uniformly from the finite set {0, 3, 6}"
        in v.claims[0].statement
    )
    assert "w.p. > 1/2 over a seed drawn uniformly from the finite set {0, 3, 6}" in v.claims[1].statement
    for c in doc["claims"]:
        c["statement"]["seeds"] = {"uniform": [0, 1, 2]}  # the seeds the runs were not made at
    assert any("seed" in r for r in _rejected(doc))


def test_class6_sampled_seeds_state_their_confidence(certificates):
    doc = _first(certificates, "check coin-flip")
    c = doc["claims"][0]
    assert c["statement"]["seeds"] == {"uniform": [0, 1]}
    seeds = c["statement"]["seeds"]["uniform"]
    c["statement"]["seeds"] = {"sampled": seeds, "confidence": "999/1000"}
    for other in doc["claims"][1:]:
        other["statement"]["seeds"] = c["statement"]["seeds"]
    v = verify(doc)  # two draws decide nothing at confidence 0.999
    assert not v.claims[0].accepted
    assert "do not show failure w.p. ≥ 1/2" in v.claims[0].reason


# --------------------------------------------------------------------------- 7. descriptive flags
@pytest.mark.parametrize("where", ["statement", "evidence", "document"])
def test_class7_a_descriptive_flag_is_not_part_of_a_certificate(certificates, where):
    doc = _first(certificates, "check srlasso")
    target = doc if where == "document" else doc["claims"][1][where]
    target["verified_against_publication"] = True
    with pytest.raises(MalformedCertificate, match="unknown key 'verified_against_publication'"):
        verify(doc)


# --------------------------------------------------------------------------- 8. parsing
@pytest.mark.parametrize(
    ("edit", "match"),
    [
        (lambda t: t.replace('"status": "certified"', '"status": "certified", "status": "refuted"', 1), "twice"),
        (lambda t: t.replace('"status"', '"st\\u0430tus"', 1), "ASCII"),
        (lambda t: t.replace('"all_certified": true', '"all_c\\u0435rtified": true'), "ASCII"),
        (lambda t: t.replace('"level": 10', '"level": NaN', 1), "NaN"),
        (lambda t: t.replace('"level": 10', '"level": Infinity', 1), "Infinity"),
        (lambda t: t.replace('"level": 10', '"level": 10.0', 1), "floats"),
    ],
)
def test_class8_strict_parsing_exit_2(proof, tmp_path, capsys, edit, match):
    text = json.dumps(proof)
    assert '"level": 10' in text
    assert '"all_certified": true' in text
    bad = edit(text)
    assert bad != text
    path = tmp_path / "bad.json"
    path.write_text(bad)
    with pytest.raises(MalformedCertificate, match=match):
        verify(str(path))
    assert main(["verify", str(path)]) == 2
    assert match in capsys.readouterr().err


# --------------------------------------------------------------------------- 9. check-class
def test_class9_the_class_claim_is_about_the_listed_algorithms_only(certificates):
    doc = _first(certificates, "check-class randomised")
    v = verify(doc)
    assert v.accepted
    text = v.claims[-1].statement
    assert f"each of the {len(doc['claims']) - 1} algorithms of claims 1–{len(doc['claims']) - 1} fails" in text
    assert "randomised" not in text  # no class name: the producer drew them, the statement is about these
    doc["claims"][-1]["statement"]["spec"] = "every algorithm"
    with pytest.raises(MalformedCertificate, match="unknown key 'spec'"):
        verify(doc)


# --------------------------------------------------------------------------- Also: unchecked fields
@pytest.mark.parametrize("key", ["witness", "message", "failure_probability", "members", "environment"])
def test_display_copies_are_not_in_a_certificate(certificates, key):
    doc = _first(certificates, "check srlasso")
    assert key not in doc
    doc[key] = "K=3 digits certified"
    with pytest.raises(MalformedCertificate, match=f"unknown key '{key}'"):
        verify(doc)


@pytest.mark.parametrize("key", ["name", "detail", "data"])
def test_claim_names_and_details_are_not_in_a_certificate(certificates, key):
    doc = _first(certificates, "check srlasso")
    doc["claims"][0][key] = "correct to 3 digits"
    with pytest.raises(MalformedCertificate, match=f"unknown key '{key}'"):
        verify(doc)


def test_summary_fields_are_allowed_only_where_the_claims_give_them(certificates):
    doc = _first(certificates, "barrier srlasso")
    doc["verdict"] = "refuted"
    with pytest.raises(MalformedCertificate, match="summarise a check"):
        verify(doc)
    doc = _first(certificates, "check srlasso")
    doc["all_certified"] = True
    assert any("all_certified" in e for e in _rejected(doc))


# --------------------------------------------------------------------------- Also: denial of service
def test_a_small_file_on_the_largest_family_is_refused_before_any_work(tmp_path, capsys):
    spec = {"family": "PNASFamily", "problem": "srlasso", "lam": "1", "K": 10_000, "N1": 8, "N2": 200}  # the largest
    spec.update(params="paper", mixing="householder", mode="entrywise")
    doc = {
        "format": "sci-oracle-certificate/2",
        "claims": [
            {
                "status": "certified",
                "scope": "instances",
                "statement": {"kind": "minimisers", "family": spec, "K": 10_000, "instances": [None, {"j": 1, "n": 1}]},
                "evidence": {},
            }
        ],
    }
    path = tmp_path / "dos.json"
    path.write_text(json.dumps(doc))
    assert path.stat().st_size < 1024
    t0 = time.perf_counter()
    with pytest.raises(TooCostly, match="claim 1, a minimisers claim"):
        verify(str(path), max_seconds=60)
    assert time.perf_counter() - t0 < 5
    assert main(["verify", str(path)]) == 2
    assert "above --max-seconds 60" in capsys.readouterr().err


# --------------------------------------------------------------------------- Also: reruns
def test_rerun_recorded_rebuilds_a_check_builtin_by_name(tmp_path, capsys):
    path = tmp_path / "c.json"
    assert main(["check", "midpoint", "--problem", "srlasso", "--K", "3", "--in-process", "--json", str(path)]) == 0
    capsys.readouterr()
    assert main(["verify", str(path), "--rerun-recorded"]) == 0
    out = capsys.readouterr().out
    assert "REPRODUCED" in out
    assert "DIFFERS" not in out


def test_reruns_only_reject_and_are_reported_apart(certificates, tmp_path, capsys):
    doc = _first(certificates, "check srlasso")
    doc["claims"][1]["status"] = "refuted"  # rejected by the kernel; its runs are not rerun
    path = tmp_path / "c.json"
    path.write_text(json.dumps(doc))
    out = tmp_path / "o.json"
    assert main(["verify", str(path), "--algorithm", "midpoint", "--json", str(out)]) == 1
    report = json.loads(out.read_text())
    assert report["accepted"] is False  # the kernel's result, from the file alone
    assert report["reruns_reproduced"] is True  # the reruns that were made all reproduce ...
    assert all("claim 2 " not in r["what"] for r in report["reruns"])  # ... none of the rejected claim
    text = capsys.readouterr().out
    assert "2/3 claims accepted by the kernel" in text
    assert "reruns:" in text


# --------------------------------------------------------------------------- Also: undecided is unknown
def test_a_claim_prove_cannot_decide_is_unknown_never_refuted(monkeypatch):
    from sci_oracle.barrier import BarrierCertificate
    from sci_oracle.cli.prove import load_proof

    monkeypatch.setattr(BarrierCertificate, "verify", lambda self: False)  # as when a check cannot complete
    report = load_proof("theorem1").prove(K=3, problems=("srlasso",), training=False, levels=(10,))
    caught = next(c for c in report.claims if "the adversary catches" in c.name)
    assert caught.status == "unknown"
    assert all(c.status != "refuted" for c in report.claims if c.scope != "instances" or "catches" in c.name)
    assert verify(report.certificate()).accepted


# --------------------------------------------------------------------------- Also: a process of its own
def test_verify_runs_the_kernel_in_a_process_that_loads_only_the_kernel(certificates, tmp_path):
    from sci_oracle.cli.verify import run_kernel

    path = tmp_path / "p.json"
    path.write_text(json.dumps(_prove(certificates, 1)))
    out = run_kernel(str(path), 60)
    assert out.malformed is None
    assert out.accepted
    assert "-I" in out.argv
    mods = set(out.modules)
    assert "sci_oracle.kernel" in mods
    assert mods <= {"sci_oracle"} | {m for m in mods if m == "sci_oracle.kernel" or m.startswith("sci_oracle.kernel.")}


# --------------------------------------------------------------------------- Also: lemma status word
def test_lemmas_print_cited_in_prove_and_verify(proof, capsys, tmp_path):
    from sci_oracle.cli.prove import load_proof

    report = load_proof("theorem1").prove(K=3, problems=("qcbp",), training=False, levels=(10,))
    report.render()
    shown = capsys.readouterr().out
    assert "cited" in shown
    lemma_lines = [line for line in shown.splitlines() if "(Lemma" in line and "." in line[:6]]
    assert lemma_lines
    assert all("cited" in line and "certified" not in line for line in lemma_lines)
    path = tmp_path / "p.json"
    path.write_text(json.dumps(proof))
    assert main(["verify", str(path)]) == 0
    assert "cited [lemma]" in capsys.readouterr().out


def test_the_transcript_table_is_shared():
    """A randomised check stores each distinct transcript once, so its size grows with the seeds by
    the outputs only: 40 seeds of a coin flip hold 2 transcripts per instance at most."""
    from sci_oracle.algorithms.builtin import coin_flip
    from sci_oracle.harness.check import check

    doc = check(coin_flip(30, seeds=tuple(range(40))), "srlasso", K=3, isolated=False, members=(4,)).certificate()
    runs = sum(len(c["evidence"].get("runs", [])) for c in doc["claims"])
    assert runs >= 2 * 40 * 5
    assert len(doc["transcripts"]) <= 5
    assert verify(doc).accepted


def test_probability_is_exact_fractions():
    from sci_oracle.kernel.claims import Space

    s = Space("sampled", tuple(range(20)), Fraction(99, 100))
    assert s.at_least_half(16, 1)
    assert not s.at_least_half(14, 1)  # P(X ≥ 16) ≈ 0.006, P(X ≥ 14) ≈ 0.058
    assert s.below_half(4, 1)
    assert not s.below_half(6, 1)
