"""The kernel's stripe / tie / stripe-images claims (sci_oracle/kernel/stripes.py): BHV Theorem 2.2
(the project's reconstruction, proofs/bhv.py) and Thesing–Antun–Hansen §3 B2.

A small certificate is built once from the real producers (the fixed-architecture theorem for the
architecture [2] with the planted net as the "training procedure", the architecture class drawn by
Hypothesis, the A1 planted-net dichotomy, the A2 trapezoid net, the A3 width bounds, the A4 squared-loss
pair and coin-flip runs, the B2 image statements); it must be accepted as produced, and each targeted
tampering must be REJECTED naming the failing check.
"""

from __future__ import annotations

import json
import math
from fractions import Fraction
from typing import Any

import numpy as np
import pytest

from sci_oracle.classification import stripe_claims as SC
from sci_oracle.classification.architecture_class import architecture_class_theorem
from sci_oracle.classification.dichotomy import planted_feature_network, trapezoid_network, width_bounds
from sci_oracle.classification.fixed_architecture import embedded_planted_network, fixed_architecture_theorem
from sci_oracle.classification.minimisers import KAPPA, ReluPair, coin_flip_fitter, minimiser_barrier
from sci_oracle.cli.prove import load_proof
from sci_oracle.core.report import ProofReport
from sci_oracle.families.stripes import StripeFamily
from sci_oracle.kernel import verify

DELTA = Fraction(1, 64)


def _build() -> dict[str, Any]:
    report = ProofReport("BHV (small instances for the kernel tests)", {})
    fa = fixed_architecture_theorem(
        lambda X, y, rng: embedded_planted_network((2,), DELTA), (2,), p=Fraction(1, 2), draws=1, seed=0, delta=DELTA
    )
    for c in fa.claims:
        report.add(f"A0: {c.name}", c.status, c.detail, **c.data).scope = c.scope
    fam = StripeFamily(alternations=6, margin=Fraction(1, 8))
    s = fam.sample(30, rng=np.random.default_rng(0), delta=DELTA)
    data, none = (s.points, s.labels), ([], [])
    A1 = SC.dichotomy(
        fam, DELTA, data, none, planted_feature_network(DELTA), eps=fam.margin, outcome="unstable", lemma3=True
    )
    A1["statement"]["at_least"] = A1["witnesses"]
    report.add("A1 planted", "certified", "", statement=A1["statement"], evidence=A1["evidence"])
    A2 = SC.stable(fam, DELTA, data, none, trapezoid_network(s).layers, eps=fam.margin)
    report.add("A2 stable", "certified", "", **A2)
    cls = architecture_class_theorem(depth=(1, 1), widths=(2, 3), drawn=2, steps=300)
    report.add("A0 class", cls.status, "", **cls.claim(Fraction(1, 8), Fraction(0), DELTA))
    bounds = width_bounds((100, 1000))
    growth = {
        "kind": "stripe-growth",
        "p": "1/8",
        "beta": "1/40",
        "sizes": [b.r for b in bounds],
        "hit": [b.hit for b in bounds],
        "within": [b.within for b in bounds],
    }
    ev = {"miss": [str(b.miss) for b in bounds], "beyond": [str(b.beyond) for b in bounds]}
    report.add("A3 growth", "certified", "", statement=growth, evidence=ev)
    pair = ReluPair(12)
    mins = [[str(c) for c in pair.minimiser(sg)] for sg in (1, -1)]
    tie = {"kind": "relu-pair", "k": 12, "kappa": str(KAPPA)}
    report.add("A4 pair", "certified", "", statement=tie, evidence={"minimisers": mins})
    alg = coin_flip_fitter(12)
    runs = load_proof("bhv")._relu_runs(alg.name, minimiser_barrier(alg), attained=True)
    report.add("A4 attained", "certified", "", **runs)
    for gen, only in (("paper", True), ("corrected", False)):
        st = {"kind": "stripe-images", "n": 32, "w": 3, "a": "1/100", "generator": gen, "offset_only": only}
        report.add(f"B2 {gen}", "certified", "", statement=st, evidence={"flip_radius": "1/50"})
    return json.loads(json.dumps(report.to_dict(), default=str))  # the producer's claims, with their names


@pytest.fixture(scope="module")
def cert() -> dict[str, Any]:
    return _build()


def _claim(cert: dict[str, Any], prefix: str) -> dict[str, Any]:
    return next(c for c in cert["claims"] if c["name"].startswith(prefix))


def _check(cert: dict[str, Any], prefix: str, edit: Any) -> str:
    """Verify only the edited claim (fast), edited in its certificate form; return the kernel's reason."""
    from sci_oracle.core.report import certificate_document
    from sci_oracle.kernel import MalformedCertificate

    doc = json.loads(json.dumps(certificate_document("bhv", [_claim(cert, prefix)])))
    edit(doc["claims"][0])
    try:
        (r,) = verify(json.loads(json.dumps(doc))).claims
    except MalformedCertificate as exc:
        return str(exc)
    return "ACCEPTED" if r.accepted else r.reason


def test_accepted_as_produced(cert: dict[str, Any]) -> None:
    from sci_oracle.core.report import certificate_document

    doc = json.loads(json.dumps(certificate_document("bhv", cert["claims"])))
    v = verify(doc)
    assert [(c.name, c.reason) for c in v.claims if not c.accepted] == []
    assert v.accepted
    kinds = {c["statement"]["kind"] for c in doc["claims"]}
    assert {"stripe-bound", "each", "stripe-dichotomy", "stripe-stable", "relu-pair", "relu-runs"} <= kinds
    assert {"stripe-growth", "stripe-architectures"} <= kinds
    assert "text" not in {
        c["statement"]["kind"] for c in cert["claims"] if c["scope"] in ("instances", "all-parameters")
    }
    assert len(v.runs) == 16  # the coin's seeds, recorded for verify --algorithm


def _part0(c: dict[str, Any]) -> dict[str, Any]:
    return c["statement"]["claims"][0]["statement"]


def _flip_label(c: dict[str, Any]) -> None:
    labels = _part0(c)["T"]["labels"]
    labels[0] = 1 - labels[0]


def _out_of_stripe(c: dict[str, Any]) -> None:
    pt = _part0(c)["T"]["points"][0]
    pt[0] = str(Fraction(math.floor(Fraction(pt[0]))))  # onto the stripe's boundary: outside its support


def _weight(c: dict[str, Any]) -> None:
    _part0(c)["network"][0]["W"][0][1] = "0"  # the planted net's first ramp: class 1 is now misclassified


def _out_weight(c: dict[str, Any]) -> None:
    _part0(c)["network"][1]["W"][0][0] = "0"  # psi loses one ramp: off its plateau


def _rec(c: dict[str, Any]) -> dict[str, Any]:
    return c["evidence"]["architectures"][0]


def _drop_unit(c: dict[str, Any]) -> None:
    net = _rec(c)["trained"]
    net[0]["W"].pop()
    net[0]["b"].pop()
    net[1]["W"][0].pop()


@pytest.mark.parametrize(
    ("prefix", "edit", "reason"),
    [
        ("A0: a net", _flip_label, "is not f(x)"),
        ("A0: a net", _out_of_stripe, "not inside the support of a stripe"),
        ("A0: a net", _weight, "errors: the net errs"),
        ("A0: the variable-width", _out_weight, "stable: psi("),
        ("A0: the trained net", lambda c: c["evidence"].update(parts=0), "unknown key 'parts'"),
        ("A0: a net", lambda c: _part0(c)["family"].update(colour="red"), "unknown key 'colour'"),
        ("A0: for every", lambda c: c["statement"].update(r=2), "bound: it is not"),
        (  # kernel/facts.py: the step must prove the bound for every n ≥ r + s, not from a later n
            "A0: for every",
            lambda c: c["evidence"]["symbolic_steps"][0]["bindings"]["X"].update({"from": 10_000}),
            "binding X must run over",
        ),
        ("A0: for every", lambda c: c["statement"].update(stripes=6), "stripes: M=6 is not P + 2q"),
        ("A1 planted", lambda c: c["statement"].update(at_least=c["statement"]["at_least"] + 1), "distinct witness"),
        ("A1 planted", lambda c: c["evidence"]["unstable"][0].update(eta=["0", "-1/8"]), "||eta|| >= eps"),
        ("A1 planted", lambda c: c["statement"].update(eps="1/4"), "eps <= margin"),
        ("A2 stable", lambda c: c["statement"].update(eps="1/2"), "leaves its stripe"),
        ("A4 pair", lambda c: c["statement"].update(kappa="1/2"), "must lie in (0, 1/2)"),
        ("A4 pair", lambda c: c["evidence"]["minimisers"][0].__setitem__(0, "4095"), "does not interpolate member +"),
        ("A4 pair", lambda c: c["evidence"]["minimisers"].reverse(), "does not interpolate member +"),
        ("A4 attained", lambda c: c["statement"].update(p_plus="9/16"), "p: the runs give p+ = 1/2"),
        ("A4 attained", lambda c: c["evidence"]["runs"][0].update(output=["0", "1/2", "1", "0"]), "p: the runs give"),
        ("A4 attained", lambda c: c["evidence"]["runs"][0].update(output=["1", "1"]), "a list of 4..4"),
        ("A4 attained", lambda c: c["evidence"]["runs"][0].update(output=None), "outcome output with four"),
        ("A4 attained", lambda c: c["evidence"]["runs"][0].update(outcome="error"), "outcome output with four"),
        ("A4 attained", lambda c: c["statement"].update(seeds=list(range(1, 17))), "seed differs"),
        ("A3 growth", lambda c: c["statement"]["hit"].__setitem__(1, 40), "miss bound for M=40"),
        ("A3 growth", lambda c: c["statement"]["within"].__setitem__(0, 40), "beyond is not"),
        ("A3 growth", lambda c: c["statement"].update(hit=[30, 26]), "must strictly increase"),
        ("A3 growth", lambda c: c["evidence"]["miss"].__setitem__(0, "1/1000000"), "miss bound for M="),
        ("A3 growth", lambda c: c["statement"].update(beta="1/2"), "0 < beta < 1/2"),
        ("A0 class", lambda c: c["statement"].update(drawn=3), "a list of 3..3"),
        ("A0 class", lambda c: c["statement"].update(widths=[3, 3]), "width"),
        ("A0 class", lambda c: c["statement"].update(p="1/1000"), "bound: M(1 - 1/M)^(r+s) > p"),
        ("A0 class", lambda c: _rec(c).update(architecture=[3]), "bound: M(1 - 1/M)^(r+s) > p"),
        ("A0 class", _drop_unit, "trained net: hidden widths [1] are not the architecture"),
        ("A0 class", lambda c: c["evidence"]["architectures"].__setitem__(1, _rec(c)), "listed twice"),
        ("A0 class", lambda c: _rec(c).update(r=_rec(c)["r"] - 1, s=_rec(c)["s"] + 1), "as the record's r and s say"),
        ("A0 class", lambda c: _rec(c)["planted"][0]["W"][0].__setitem__(0, "1"), "zero weights on x1"),
        ("A0 class", lambda c: _rec(c)["planted"][1]["b"].__setitem__(0, "1/2"), "not exactly 0 at x2 = 0"),
        ("A0 class", lambda c: _rec(c).update(unstable=_rec(c)["unstable"][:0]), "a list of 1.."),
        ("A4 attained", lambda c: c["statement"].update(k=1), "reads level 12 > k = 1"),
        ("B2 paper", lambda c: c.update(status="refuted"), "the evidence supports certified"),
        ("B2 corrected", lambda c: c["statement"].update(offset_only=True), "the evidence supports refuted"),
        ("B2 paper", lambda c: c["evidence"].update(flip_radius="1/100"), "flip_radius"),
    ],
)
def test_tampering_rejected(cert: dict[str, Any], prefix: str, edit: Any, reason: str) -> None:
    got = _check(cert, prefix, edit)
    assert got != "ACCEPTED"
    assert reason in got, got


def test_text_claims_are_not_checked(cert: dict[str, Any]) -> None:
    got = _check(cert, "A1 planted", lambda c: c.update(statement={"kind": "text", "name": "x"}))
    assert "'text' is not one of" in got


@pytest.mark.slow
@pytest.mark.parametrize("proof", ["bhv", "false-structures"])
def test_prove_fast_accepted(proof: str, tmp_path: Any) -> None:
    from sci_oracle.cli.main import main

    out = tmp_path / "c.json"
    assert main(["prove", proof, "--fast", "--json", str(out)]) == 0
    assert main(["verify", str(out)]) == 0


def test_hostile_numbers_and_work_cap(cert: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    def floaty(c: dict[str, Any]) -> None:
        _part0(c)["T"]["points"][0][0] = 0.5

    assert "floats are not exact" in _check(cert, "A0: a net", floaty)
    from sci_oracle.kernel import stripes

    monkeypatch.setattr(stripes, "MAX_WORK", 10)
    assert "weights × evaluations exceeds 10 (cap)" in _check(cert, "A2 stable", lambda c: None)
