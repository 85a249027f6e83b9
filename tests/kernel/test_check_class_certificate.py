"""``check-class --json`` writes a sci-oracle-certificate/2 that the kernel checks (PNAS 2022 Theorem 1(a)
over a drawn class): per algorithm a barrier or randomised claim, then one class claim whose status
and the document's ``passed`` the kernel recomputes; tampering is rejected naming the check."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from sci_oracle import kernel
from sci_oracle.kernel import verify


def _run(tmp_path, *args: str) -> dict:
    from sci_oracle.cli.main import main

    path = tmp_path / "cc.json"
    assert main(["check-class", *args, "--json", str(path)]) == 0
    return json.loads(path.read_text())


@pytest.fixture(scope="module")
def plans(tmp_path_factory) -> dict:
    return _run(tmp_path_factory.mktemp("cc"), "query-plans", "--K", "4", "--max-examples", "4")


def _rejected(doc: dict) -> str:
    """The reasons the kernel gives (document errors first, then the rejected claims)."""
    v = verify(doc)
    assert not v.accepted
    return " | ".join(v.errors + [f"{c.name}: {c.reason}" for c in v.claims if not c.accepted])


def test_query_plans_certificate_is_accepted(plans, tmp_path, capsys):
    from sci_oracle.cli.check_class import parse_description
    from sci_oracle.cli.main import main

    assert plans["format"] == "sci-oracle-certificate/2"
    assert set(plans) == {"format", "claims", "transcripts", "passed"}
    assert plans["passed"] is True
    assert len(plans["claims"]) == 5
    v = verify(plans)
    assert v.accepted
    assert all(c.accepted for c in v.claims)
    assert [c.status for c in v.claims] == ["refuted"] * 4 + ["certified"]
    for c in plans["claims"][:-1]:  # every drawn algorithm's printed description, for a rerun later
        assert c["statement"]["kind"] == "barrier"
        assert c["statement"]["K"] == 4
        parse_description(c["statement"]["algorithm"])
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.validate(plans, json.loads((Path(kernel.__file__).parent / "schema.json").read_text()))
    path = tmp_path / "cc.json"
    path.write_text(json.dumps(plans))
    assert main(["verify", str(path)]) == 0
    assert "5/5 claims accepted" in capsys.readouterr().out


def test_randomised_certificate_is_accepted_and_unknowns_stay_unknown(tmp_path):
    doc = _run(tmp_path, "randomised", "--max-examples", "5")
    v = verify(doc)
    assert v.accepted, v.errors
    for c, r in zip(doc["claims"][:-1], v.claims, strict=False):
        assert c["statement"]["kind"] == "randomised"
        assert r.status in ("certified", "unknown")
        if r.status == "unknown":  # e.g. seeds with no output on the limit: never certified
            assert c["evidence"] == {}  # an unknown claim asserts nothing and carries nothing
    every = all(r.status == "certified" for r in v.claims[:-1])
    assert v.claims[-1].status == ("certified" if every else "unknown")


def test_json_to_stdout_is_the_certificate(capsys):
    from sci_oracle.cli.main import main

    assert main(["check-class", "query-plans", "--K", "3", "--max-examples", "2", "--json", "-"]) == 0
    assert verify(json.loads(capsys.readouterr().out)).accepted


def test_tampering_is_rejected_naming_the_check(plans):
    from sci_oracle.kernel import MalformedCertificate

    doc = copy.deepcopy(plans)
    doc["passed"] = False
    assert "passed: the class claim gives True" in _rejected(doc)
    doc["producer"] = "barrier"  # not a key of a certificate at all
    with pytest.raises(MalformedCertificate, match="unknown key 'producer'"):
        verify(doc)

    doc = copy.deepcopy(plans)
    doc["claims"][1]["status"] = "certified"  # one algorithm's verdict flipped
    why = _rejected(doc)
    assert "a barrier claim is refuted (or unknown), not certified" in why
    assert "claim 2 was rejected" in why

    doc = copy.deepcopy(plans)
    doc["claims"][2]["status"] = "unknown"  # the claim asserts nothing (evidence dropped too) ...
    doc["claims"][2]["evidence"] = {}
    assert "the evidence supports unknown, the claim says certified" in _rejected(doc)  # ... so no class

    doc = copy.deepcopy(plans)
    tr = doc["transcripts"][doc["claims"][0]["evidence"]["transcript"]]
    nums = tr[0]["value"]["numerators"] if isinstance(tr[0]["value"], dict) else None
    if nums:
        nums[0] = str(int(nums[0]) + 7)
    else:
        tr[0]["value"] = "7"
    why = _rejected(doc)
    assert "claim 1:" in why
    assert "claim 1 was rejected" in why

    doc = copy.deepcopy(plans)
    doc["K"] = 5  # K summarises a check's accuracy claims, which this document has none of
    with pytest.raises(MalformedCertificate, match="no such three claims"):
        verify(doc)
    doc = copy.deepcopy(plans)
    doc["claims"][3]["statement"]["K"] = 5
    assert "statement K=5 differs from the family's K=4" in _rejected(doc)

    doc = copy.deepcopy(plans)
    del doc["claims"][0]  # an algorithm dropped: the class claim is about those listed, so it must say 3
    assert "statement algorithms: 4, but 3 claims precede" in _rejected(doc)

    doc = copy.deepcopy(plans)
    doc["claims"][-1]["statement"]["violation"] = 0  # a violation on a refuted algorithm
    assert "violation: claim 1 is refuted" in _rejected(doc)

    doc = copy.deepcopy(plans)
    doc["claims"][-1]["statement"]["spec"] = "every algorithm"  # a class name is not a parameter
    with pytest.raises(MalformedCertificate, match="unknown key 'spec'"):
        verify(doc)

    doc = copy.deepcopy(plans)
    doc["claims"].append(copy.deepcopy(doc["claims"][0]))  # passed summarises a class claim that ends the file
    with pytest.raises(MalformedCertificate, match="passed"):
        verify(doc)


def test_a_violation_is_recorded_as_unknown_and_passed_false(monkeypatch):
    from sci_oracle.harness import class_properties as cp

    def broken(algorithm, family, **kw):
        raise cp.ClassPropertyFailure("certified K digits: a planted bug\n  algorithm: ...")

    monkeypatch.setattr(cp, "assert_never_certified", broken)
    report = cp.check_class("query-plans", K=3, max_examples=3)
    assert not report.passed
    assert report.failed is not None
    doc = json.loads(json.dumps(report.certificate(), default=str))
    v = verify(doc)
    assert v.accepted, v.errors
    assert v.claims[report.failed].status == "unknown"
    assert v.claims[-1].status == "unknown"
    doc["passed"] = True
    assert "passed: the class claim gives False" in _rejected(doc)


def test_an_oversized_certificate_leaves_evidence_out_honestly(plans, monkeypatch):
    from sci_oracle.harness import class_properties as cp

    monkeypatch.setattr(cp, "CLAIM_BYTES", 5_000)  # stands in for the kernel's 16 MiB cap
    claims = [  # the producer's claims (transcripts inline), as check_class holds them
        {
            **c,
            "name": f"algorithm {i}",
            "evidence": {**c["evidence"], "transcript": plans["transcripts"][c["evidence"]["transcript"]]},
        }
        for i, c in enumerate(plans["claims"][:-1])
    ]
    report = cp.ClassCheckReport("query-plans", None, 4, 4, drawn=4, claims=claims)
    shown = report.to_json()
    assert sum(len(json.dumps(c, indent=1)) for c in shown["claims"][:-1]) <= 5_000
    left_out = [c for c in shown["claims"] if "left out" in str(c.get("detail"))]
    assert left_out
    assert all(c["status"] == "unknown" for c in left_out)
    doc = json.loads(json.dumps(report.certificate(), default=str))
    v = verify(doc)
    assert v.accepted
    assert v.claims[-1].status == "unknown"


def test_shards_merge_into_one_certificate():
    from sci_oracle.harness import distributed as dist

    jobs = [
        {"spec": "query-plans", "problem": "ulasso", "K": 3, "setting": None, **part}
        for part in dist.class_shards(4, 2, seed=1)
    ]
    merged = dist.merge_class_reports("query-plans", "ulasso", 3, [dist.run_class_shard(j) for j in jobs])
    doc = json.loads(json.dumps(merged.certificate(), default=str))
    v = verify(doc)
    assert v.accepted
    assert v.claims[-1].status == "certified"
    assert len(v.claims) == 5
    assert [c["name"].split(":")[0] for c in merged.to_json()["claims"][:-1]] == [f"algorithm {i}" for i in range(4)]
