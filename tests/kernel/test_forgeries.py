"""Forged certificates, written by an attacker from the statements of docs/trust.md (issue 20).

Each test takes an honest certificate made by the CLI (`prove`, `prove bhv`, `check`, `check-class`,
`table1`), edits it by hand so that the statement `sci-oracle verify` would print is false or
unsupported, and requires that the kernel does not accept it: exit 2 (not a certificate) or a
REJECTED claim (exit 1). The forgeries were written from the spec, not from the kernel's code, so
that a statement the producer and the kernel both misread is caught. The honest controls at the top
show every source certificate verifies as made, so each forgery test can fail.

A forgery the kernel still accepts is kept, marked ``xfail(strict=True)`` with the false statement
it gets accepted, so the suite stays green and flips when the kernel is fixed.
"""

from __future__ import annotations

import copy
import json
import sys
import time
from fractions import Fraction
from pathlib import Path

import pytest

from sci_oracle.cli.main import main
from sci_oracle.kernel import MalformedCertificate, verify

# --------------------------------------------------------------------------- helpers


def _run(argv: list[str]) -> int:
    code = main(argv)
    assert code == 0, f"honest producer failed: {argv}"
    return code


def _load(path: Path) -> dict:
    return json.loads(path.read_text())


def exit_code(doc: dict | str | Path, max_seconds: float | None = 60) -> int:
    """The exit code `sci-oracle verify` gives, computed with the kernel in this process: 2 for a
    malformed (or too costly) document, 1 for a rejected claim or summary field, 0 if accepted."""
    try:
        v = verify(doc, max_seconds=max_seconds)
    except MalformedCertificate:
        return 2
    return 0 if v.accepted else 1


def assert_forgery_refused(doc: dict | str | Path, max_seconds: float | None = 60) -> int:
    code = exit_code(doc, max_seconds)
    assert code != 0, "forged certificate accepted"
    return code


def accepted_statements(doc: dict) -> list[str]:
    return [c.statement for c in verify(doc).claims if c.accepted]


def write(tmp_path: Path, doc: dict | str, name: str = "forged.json") -> Path:
    p = tmp_path / name
    p.write_text(doc if isinstance(doc, str) else json.dumps(doc))
    return p


def one_claim(doc: dict, i: int) -> dict:
    """Claim ``i`` (1-based) as a document of its own, with the transcript table."""
    out = {"format": doc["format"], "claims": [copy.deepcopy(doc["claims"][i - 1])]}
    if "transcripts" in doc:
        out["transcripts"] = copy.deepcopy(doc["transcripts"])
    return out


def part_doc(doc: dict, pred) -> dict:
    """The first part of an `each` claim matching ``pred`` as a one-claim document."""
    for c in doc["claims"]:
        for p in c["statement"].get("claims", []) if c["statement"]["kind"] == "each" else []:
            if pred(p):
                claim = {"status": p["status"], "scope": "instances", "statement": p["statement"]}
                claim["evidence"] = copy.deepcopy(p["evidence"])
                out = {"format": doc["format"], "claims": [copy.deepcopy(claim)]}
                if "transcripts" in doc:
                    out["transcripts"] = copy.deepcopy(doc["transcripts"])
                return out
    raise AssertionError("no such part")


def claim_index(doc: dict, pred) -> int:
    """1-based index of the first claim matching ``pred``."""
    return next(i for i, c in enumerate(doc["claims"], 1) if pred(c))


def lemma_doc(doc: dict, lemma: str) -> dict:
    """A lemma claim of ``doc`` with the claims it cites, renumbered, as a document of its own
    (scope `formal` turned into the plain `lemma` citation: the same table, no Coq)."""
    i = claim_index(doc, lambda c: c["statement"]["kind"] == "lemma" and c["statement"]["lemma"] == lemma)
    lem = copy.deepcopy(doc["claims"][i - 1])
    refs = lem["evidence"]["discharged_by"]
    used = sorted({r[0] if isinstance(r, list) else r for r in refs.values()})
    # a cited uniqueness lemma travels with the claim that discharges it
    extra: list[int] = []
    for u in used:
        c = doc["claims"][u - 1]
        if c["statement"]["kind"] == "lemma":
            extra += [r[0] if isinstance(r, list) else r for r in c["evidence"]["discharged_by"].values()]
    keep = sorted(set(used) | set(extra))
    renum = {old: new for new, old in enumerate(keep, 1)}
    claims = []
    for old in keep:
        c = copy.deepcopy(doc["claims"][old - 1])
        if c["statement"]["kind"] == "lemma":
            c["evidence"]["discharged_by"] = {h: _renum(r, renum) for h, r in c["evidence"]["discharged_by"].items()}
        claims.append(c)
    lem["evidence"]["discharged_by"] = {h: _renum(r, renum) for h, r in refs.items()}
    if lem["scope"] == "formal":
        lem["scope"] = "lemma"
        del lem["evidence"]["formal"]
    claims.append(lem)
    return {"format": doc["format"], "claims": claims, "transcripts": copy.deepcopy(doc["transcripts"])}


def _renum(r, renum):
    return [renum[r[0]], r[1]] if isinstance(r, list) else renum[r]


def _drop_summary(doc: dict) -> None:
    """Remove a check's summary fields (K, verdict, digits_reached), which only the three accuracy
    claims of a check may carry, from a document whose claims were cut."""
    for k in ("verdict", "digits_reached", "K"):
        doc.pop(k)


def frac(s) -> Fraction:
    return Fraction(s)


def fstr(x: Fraction) -> str:
    return str(x.numerator) if x.denominator == 1 else f"{x.numerator}/{x.denominator}"


# --------------------------------------------------------------------------- honest certificates

PROVE_ARGS = ["prove", "--K", "3", "--levels", "10", "--quiet"]


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> dict[str, dict]:
    """Honest certificates, each written by the CLI as a user would, read back as JSON."""
    d = tmp_path_factory.mktemp("honest")
    check = ["check", "--K", "3", "--in-process"]
    cls = ["check-class", "--problem", "srlasso", "--K", "3", "--seed", "1"]
    jobs = {
        "prove": PROVE_ARGS,
        "midpoint": [*check, "midpoint", "--problem", "srlasso"],
        "coin": [*check, "coin-flip", "--problem", "srlasso", "--seeds", "0,1,2,3", "--members", "4"],
        "zero": [*check, "zero", "--problem", "ulasso", "--members", "4"],
        "coin-sampled": [*check, "coin-flip", "--problem", "srlasso", "--samples", "40", "--members", "4"],
        "class": [*cls, "query-plans", "--max-examples", "3"],
        "class-random": [*cls, "randomised", "--max-examples", "2"],
        "table1": ["table1", "--fast", "--K", "1", "--n", "10"],
    }
    out: dict[str, dict] = {}
    for name, argv in jobs.items():
        path = d / f"{name}.json"
        _run([*argv, "--json", str(path)])
        out[name] = _load(path)
    return out


@pytest.fixture(scope="module")
def bhv(tmp_path_factory) -> dict:
    """`prove bhv` with one hidden layer of width 2 (the CLI's `--architecture 2`), CI-sized."""
    path = tmp_path_factory.mktemp("bhv") / "bhv.json"
    _run(["prove", "bhv", "--fast", "--architecture", "2", "--quiet", "--json", str(path)])
    return _load(path)


def get(made: dict, name: str) -> dict:
    return copy.deepcopy(made[name])


# The two claims `sci-oracle prove false-structures --fast` writes (its run takes ~35 s; the claims
# are small, so they are written here as that command writes them; the control verifies them).
FALSE_STRUCTURES = {
    "format": "sci-oracle-certificate/2",
    "claims": [
        {
            "status": "certified",
            "scope": "instances",
            "statement": {
                "kind": "stripe-images",
                "n": 32,
                "w": 3,
                "a": "1/100",
                "generator": generator,
                "offset_only": offset_only,
            },
            "evidence": {"flip_radius": "1/50"},
        }
        for generator, offset_only in (("paper", True), ("corrected", False))
    ],
    "all_certified": True,
}


# --------------------------------------------------------------------------- honest controls


@pytest.mark.parametrize("name", ["prove", "midpoint", "coin", "coin-sampled", "zero", "class", "table1"])
def test_control_honest_certificates_verify(made, name):
    assert exit_code(made[name]) == 0


def test_control_honest_bhv_and_false_structures_verify(bhv):
    assert exit_code(bhv) == 0
    assert exit_code(copy.deepcopy(FALSE_STRUCTURES), max_seconds=None) == 0


def test_control_cli_verify_and_rerun_accept_the_honest_check(made, tmp_path):
    path = write(tmp_path, get(made, "midpoint"))
    assert main(["verify", str(path)]) == 0
    assert main(["verify", str(path), "--rerun-recorded"]) == 0


def test_control_the_helpers_keep_honest_slices_valid(made):
    """The slicing helpers used below keep an honest claim verifiable, so a rejection is the forgery's."""
    prove = made["prove"]
    assert exit_code(lemma_doc(prove, "uniqueness")) == 0
    assert exit_code(lemma_doc(prove, "barrier")) == 0
    assert exit_code(lemma_doc(prove, "barrier-pair")) == 0
    assert exit_code(part_doc(prove, lambda p: p["statement"]["kind"] == "sample-barrier")) == 0
    assert exit_code(one_claim(made["class-random"], 1)) == 0


# --------------------------------------------------------------------------- 1. empty / null runs


def _sample(made, with_p: bool) -> dict:
    return part_doc(
        made["prove"],
        lambda p: p["statement"]["kind"] == "sample-barrier" and (p["evidence"]["p"] is not None) == with_p,
    )


def _empty_transcript(doc: dict) -> int:
    doc["transcripts"].append([])
    return len(doc["transcripts"]) - 1


def test_sample_barrier_members_with_null_outputs(made):
    """«A» reads ≤ M samples and fails K−1 digits: member outputs written as null are no failures."""
    doc = _sample(made, with_p=True)
    for r in doc["claims"][0]["evidence"]["runs"]:
        for m in r["members"]:
            m["output"] = None
    assert_forgery_refused(doc)


def test_sample_barrier_simulation_on_an_empty_transcript(made):
    """p = null says the simulation read all R samples: an empty transcript read none."""
    doc = _sample(made, with_p=False)
    empty = _empty_transcript(doc)
    for r in doc["claims"][0]["evidence"]["runs"]:
        r["simulation"]["transcript"] = empty
    assert_forgery_refused(doc)


def test_sample_barrier_all_runs_dropped(made):
    doc = _sample(made, with_p=True)
    doc["claims"][0]["evidence"]["runs"] = []
    assert_forgery_refused(doc)


def test_sample_barrier_budget_M_not_below_R(made):
    """R > M is the lemma's premise: M = R states 'reads at most R of R samples', which says nothing."""
    doc = _sample(made, with_p=False)
    st = doc["claims"][0]["statement"]
    st["M"] = st["R"]
    assert_forgery_refused(doc)


def test_sample_barrier_budget_raised_above_what_was_read(made):
    """p given: the simulation read ≤ M samples. Lowering M below what it read makes 'reads at most M'
    false for the recorded run."""
    doc = _sample(made, with_p=True)
    st = doc["claims"][0]["statement"]
    st["M"] = 0
    assert_forgery_refused(doc)


def test_sample_barrier_one_member_only(made):
    """Each seed needs both member runs (q = +1 and −1); one member alone proves nothing about the pair."""
    doc = _sample(made, with_p=True)
    for r in doc["claims"][0]["evidence"]["runs"]:
        r["members"] = r["members"][:1]
    assert_forgery_refused(doc)


def test_randomised_member_with_null_output(made):
    doc = one_claim(made["prove"], claim_index(made["prove"], lambda c: c["statement"]["kind"] == "randomised"))
    doc["claims"][0]["evidence"]["runs"][0]["members"][0]["output"] = None
    assert_forgery_refused(doc)


def test_randomised_runs_on_an_empty_transcript_with_no_output(made):
    doc = one_claim(made["prove"], claim_index(made["prove"], lambda c: c["statement"]["kind"] == "randomised"))
    empty = _empty_transcript(doc)
    for r in doc["claims"][0]["evidence"]["runs"]:
        for m in r["members"]:
            m.update(output=None, transcript=empty)
    assert_forgery_refused(doc)


def test_accuracy_run_outcome_output_with_null_output(made):
    """A certified accuracy run 'with an output' whose output is null."""
    doc = get(made, "midpoint")
    doc["claims"][1]["evidence"]["runs"][0]["output"] = None
    assert_forgery_refused(doc)


def test_accuracy_refuted_by_an_nh_witness(made):
    """A refuting witness must be a failing run with an output; 'never halted' is no output."""
    doc = get(made, "coin")
    for w in doc["claims"][0]["evidence"]["witnesses"]:
        w["output"] = None
    assert_forgery_refused(doc)


def test_barrier_with_null_output(made):
    doc = get(made, "midpoint")
    doc["claims"][0]["evidence"]["barrier"]["output"] = None
    assert_forgery_refused(doc)


def test_relu_runs_with_null_outputs(bhv):
    i = claim_index(bhv, lambda c: c["statement"]["kind"] == "relu-runs")
    doc = one_claim(bhv, i)
    for r in doc["claims"][0]["evidence"]["runs"]:
        r["output"] = None
    assert_forgery_refused(doc)


def test_rerun_of_a_barrier_moved_to_an_empty_transcript_differs(made, tmp_path):
    """The kernel cannot know midpoint reads the input; the rerun must: replaying an empty transcript,
    midpoint asks a query past its end, so the recorded run is not midpoint's."""
    doc = get(made, "midpoint")
    doc["transcripts"].append([])
    doc["claims"][0]["evidence"]["barrier"]["transcript"] = len(doc["transcripts"]) - 1
    path = write(tmp_path, doc)
    assert main(["verify", str(path), "--rerun-recorded"]) != 0


# --------------------------------------------------------------------------- 2. Table 1 steps


def _t1(made, kind: str, prop: str | None = None) -> dict:
    t1 = made["table1"]
    i = claim_index(
        t1,
        lambda c: c["statement"]["kind"] == kind and (prop is None or c["statement"].get("property") == prop),
    )
    return one_claim(t1, i)


def _steps(made, step: str, bound: str | None = None) -> dict:
    """The table1-steps claim with τ = σ = ``step`` and, if given, every norm bound written ``bound``."""
    doc = _t1(made, "table1-steps")
    c = doc["claims"][0]
    for e in c["statement"]["entries"]:
        e["tau"] = e["sigma"] = step
    if bound is not None:
        c["evidence"]["norm_bounds"] = [bound for _ in c["evidence"]["norm_bounds"]]
    return doc


def test_table1_steps_huge_steps_on_a_zero_matrix_bound(made):
    """τσ‖A_n‖² < 1 with τ = σ = 10^6 and the norm bound written as 0: A_n is the instance's, not 0."""
    assert_forgery_refused(_steps(made, "1000000", "0"))


def test_table1_steps_norm_bound_understated(made):
    """A Gershgorin bound smaller than ‖A_n‖² (here 1/100) with steps that break τσ‖A_n‖² < 1."""
    assert_forgery_refused(_steps(made, "1", "1/100"))


def test_table1_steps_holds_flipped(made):
    """The guaranteed steps do satisfy τσ‖A_n‖² < 1: 'holds: false' is false."""
    doc = _t1(made, "table1-steps")
    doc["claims"][0]["statement"]["holds"] = False
    assert_forgery_refused(doc)


def test_table1_steps_for_another_entry_n(made):
    """The same steps and bound moved to n = 1, whose A_1 is a different matrix: the bound must be
    re-derived from A_1 (here it is kept from n = 10)."""
    doc = _steps(made, "1", "1/2")
    for e in doc["claims"][0]["statement"]["entries"]:
        e["n"] = 1
    assert_forgery_refused(doc)


def test_table1_input_moved_away_from_the_members(made):
    """(A_n, y_n) within 2^-n of both members: shifting one entry of A by 1 breaks it."""
    doc = _t1(made, "table1-input")
    A = doc["claims"][0]["evidence"]["inputs"][0]["A"]
    A[0][0] = fstr(frac(A[0][0]) + 1)
    assert_forgery_refused(doc)


def test_table1_outputs_property_relabelled(made):
    """FIRENET (guaranteed steps) does not match the authors' printed distance; relabelled 'matches'."""
    doc = _t1(made, "table1-outputs", "differs-from-authors-code")
    doc["claims"][0]["statement"]["property"] = "matches-printed"
    assert_forgery_refused(doc)


def test_table1_outputs_moved_far_away(made):
    """FIRENET's recorded output moved to 1000·(1, …, 1), still claimed within 10^-(K−1) of both."""
    doc = _t1(made, "table1-outputs", "K-1-both")
    outs = doc["claims"][0]["evidence"]["outputs"]
    for net, rows in outs.items():
        outs[net] = [["1000"] * len(r) for r in rows]
    assert_forgery_refused(doc)


def test_table1_verified_against_publication_flag(made):
    doc = _t1(made, "table1-outputs", "misses-one")
    doc["claims"][0]["statement"]["verified_against_publication"] = True
    assert exit_code(doc) == 2


# --------------------------------------------------------------------------- 3. the producer label


def test_check_file_relabelled_prove_without_summary(made):
    """A check file given a 'producer: prove' label, its summary fields deleted, the D = K claim
    flipped to certified: 'midpoint is correct to 3 digits' is false (the barrier refutes it)."""
    doc = get(made, "midpoint")
    doc["producer"] = "prove"
    _drop_summary(doc)
    doc["claims"][0]["status"] = "certified"
    assert_forgery_refused(doc)
    del doc["producer"]
    assert_forgery_refused(doc)


def test_barrier_evidence_under_status_certified(made):
    doc = one_claim(made["class"], 1)
    doc["claims"][0]["status"] = "certified"
    assert_forgery_refused(doc)


def test_digits_bumped_on_a_certified_accuracy_claim(made):
    """The K−1 claim's runs relabelled D = K: midpoint is not correct to 3 digits on these instances."""
    doc = get(made, "midpoint")
    doc["claims"] = [doc["claims"][1]]
    _drop_summary(doc)
    doc["claims"][0]["statement"]["digits"] = 3
    assert_forgery_refused(doc)


def test_accuracy_claim_with_status_cited(made):
    doc = get(made, "midpoint")
    doc["claims"][1]["status"] = "cited"
    assert_forgery_refused(doc)


def test_instances_claim_with_status_cited_scope_lemma(made):
    doc = get(made, "midpoint")
    doc["claims"][1]["status"] = "cited"
    doc["claims"][1]["scope"] = "lemma"
    assert_forgery_refused(doc)


# --------------------------------------------------------------------------- 4. lemma discharge


def _lemma(made, name: str) -> dict:
    return lemma_doc(made["prove"], name)


def test_uniqueness_discharged_by_another_problems_kkt(made):
    """Lemma U for QCBP discharged by U-LASSO's all-parameters KKT claim."""
    prove = made["prove"]
    i = claim_index(prove, lambda c: c["statement"]["kind"] == "lemma" and c["statement"]["lemma"] == "uniqueness")
    own = prove["claims"][i - 1]["statement"]["family"]["problem"]
    j = claim_index(
        prove,
        lambda c: c["statement"]["kind"] == "minimisers" and c["statement"]["family"]["problem"] != own,
    )
    lem = copy.deepcopy(prove["claims"][i - 1])
    lem["evidence"]["discharged_by"] = {"KKT": 1}
    doc = {"format": prove["format"], "claims": [copy.deepcopy(prove["claims"][j - 1]), lem]}
    assert_forgery_refused(doc)


def test_barrier_lemma_all_hypotheses_by_one_claim(made):
    doc = _lemma(made, "barrier")
    lem = doc["claims"][-1]
    h2 = lem["evidence"]["discharged_by"]["H2"]
    lem["evidence"]["discharged_by"] = {"H1": h2, "H2": h2, "H3": h2}
    assert_forgery_refused(doc)


def test_barrier_lemma_hypotheses_swapped(made):
    """H2 (agreement) and H3 (separation) discharged by each other's claim."""
    doc = _lemma(made, "barrier")
    d = doc["claims"][-1]["evidence"]["discharged_by"]
    d["H2"], d["H3"] = d["H3"], d["H2"]
    assert_forgery_refused(doc)


def test_barrier_lemma_for_a_larger_K(made):
    """The conclusion printed for K = 4 from hypotheses checked at K = 3."""
    doc = _lemma(made, "barrier")
    fam = doc["claims"][-1]["statement"]["family"]
    fam["K"] = 4
    assert_forgery_refused(doc)


def test_lemma_with_an_unknown_name(made):
    """A lemma renamed to a statement the table does not hold ('no algorithm gets K−1 digits')."""
    doc = _lemma(made, "barrier")
    doc["claims"][-1]["statement"]["lemma"] = "no-algorithm-gets-K-1-digits"
    assert_forgery_refused(doc)


def test_lemma_with_status_certified(made):
    """A hand proof is cited, never certified by the kernel."""
    doc = _lemma(made, "barrier")
    doc["claims"][-1]["status"] = "certified"
    assert_forgery_refused(doc)


def test_lemma_discharging_itself(made):
    doc = _lemma(made, "uniqueness")
    lem = doc["claims"][-1]
    lem["evidence"]["discharged_by"] = {"KKT": len(doc["claims"])}
    assert_forgery_refused(doc)


def test_lemma_discharged_by_a_later_claim(made):
    doc = _lemma(made, "uniqueness")
    doc["claims"].reverse()  # the lemma first, its KKT claim after it
    doc["claims"][0]["evidence"]["discharged_by"] = {"KKT": 2}
    assert_forgery_refused(doc)


def test_lemma_discharged_by_an_unknown_claim(made):
    doc = _lemma(made, "uniqueness")
    kkt = doc["claims"][0]
    kkt["status"] = "unknown"
    kkt["scope"] = "instances"
    kkt["evidence"] = {}
    assert_forgery_refused(doc)
    assert not verify(doc).claims[-1].accepted


def test_lemma_discharged_by_a_rejected_claim(made):
    """The KKT claim broken (one symbolic step dropped): the lemma on top must be rejected too."""
    doc = _lemma(made, "uniqueness")
    doc["claims"][0]["evidence"]["symbolic_steps"].pop()
    doc["claims"][0]["evidence"].pop("smt", None)
    v = verify(doc)
    assert not v.claims[0].accepted
    assert not v.claims[-1].accepted


def test_uniqueness_discharged_by_an_instances_minimisers_claim(made):
    """Lemma U for every n needs the all-parameters KKT; the instance checks alone are not it."""
    doc = _lemma(made, "uniqueness")
    kkt = doc["claims"][0]
    kkt["scope"] = "instances"
    kkt["evidence"] = {}
    assert_forgery_refused(doc)


def test_barrier_pair_at_another_level(made):
    """Lemma 1 at pair n with level h: the agreement was checked at h = 10, the lemma says h = 40."""
    doc = _lemma(made, "barrier-pair")
    doc["claims"][-1]["statement"]["level"] = 40
    assert_forgery_refused(doc)


def test_barrier_pair_at_another_n(made):
    doc = _lemma(made, "barrier-pair")
    doc["claims"][-1]["statement"]["n"] = 11
    assert_forgery_refused(doc)


def test_sample_adversary_at_another_n(made):
    doc = _lemma(made, "sample-adversary")
    doc["claims"][-1]["statement"]["n"] += 1
    assert_forgery_refused(doc)


def test_sample_adversary_discharged_by_the_separation_part(made):
    doc = _lemma(made, "sample-adversary")
    lem = doc["claims"][-1]
    (ref,) = lem["evidence"]["discharged_by"].values()
    lem["evidence"]["discharged_by"] = {"S2": [ref[0], 2]}
    assert_forgery_refused(doc)


def test_formal_lemma_naming_theorems_that_do_not_exist(made):
    prove = made["prove"]
    i = claim_index(prove, lambda c: c["scope"] == "formal" and c["statement"]["lemma"] == "barrier")
    doc = _lemma(made, "barrier")
    lem = copy.deepcopy(prove["claims"][i - 1])
    lem["evidence"]["discharged_by"] = doc["claims"][-1]["evidence"]["discharged_by"]
    lem["evidence"]["formal"]["theorems"] = ["barrier_for_every_K_minus_1", "barrier_deterministic"]
    doc["claims"][-1] = lem
    assert_forgery_refused(doc)


def _formal_barrier(made) -> dict:
    prove = made["prove"]
    i = claim_index(prove, lambda c: c["scope"] == "formal" and c["statement"]["lemma"] == "barrier")
    doc = _lemma(made, "barrier")
    lem = copy.deepcopy(prove["claims"][i - 1])
    lem["evidence"]["discharged_by"] = doc["claims"][-1]["evidence"]["discharged_by"]
    doc["claims"][-1] = lem
    return doc


def test_formal_lemma_with_a_forged_model_hash_under_formal(made):
    """--formal: the certificate's Model.v sha256 is not the file's (nor the kernel's pinned one)."""
    doc = _formal_barrier(made)
    doc["claims"][-1]["evidence"]["formal"]["files"]["Model.v"] = "0" * 64
    assert not verify(doc, formal=True).accepted


def test_formal_lemma_with_a_forged_model_hash_plain(made):
    doc = _formal_barrier(made)
    doc["claims"][-1]["evidence"]["formal"]["files"]["Model.v"] = "0" * 64
    assert_forgery_refused(doc)


def test_recorded_smt_answers_sat_plain(made):
    prove = made["prove"]
    doc = one_claim(prove, claim_index(prove, lambda c: c["statement"]["kind"] == "minimisers"))
    for s in doc["claims"][0]["evidence"]["smt"]:
        s.update(z3="sat", cvc5="sat")
    assert_forgery_refused(doc)


# --------------------------------------------------------------------------- 5. incoherent runs


def _nudge(x: str, by: Fraction = Fraction(1, 10**9)) -> str:
    return fstr(frac(x) + by)


def _shared_rows(claim: dict) -> tuple[dict, dict]:
    runs = claim["evidence"]["runs"]
    for a in runs:
        for b in runs:
            if a is not b and a["transcript"] == b["transcript"] and a["seed"] == b["seed"]:
                return a, b
    raise AssertionError("no two runs share a transcript")


def test_one_transcript_two_outputs_within_a_claim(made):
    """Two rows answered identically (the limit and a member at n = 30 read the same data) with two
    different outputs, each still within 10^-2: no deterministic algorithm does that."""
    doc = get(made, "midpoint")
    _, b = _shared_rows(doc["claims"][1])
    b["output"] = [_nudge(x) for x in b["output"]]
    assert_forgery_refused(doc)


def test_one_transcript_two_outputs_across_claims(made):
    doc = get(made, "midpoint")
    r = doc["claims"][2]["evidence"]["runs"][0]
    r["output"] = [_nudge(x) for x in r["output"]]
    assert_forgery_refused(doc)


def test_barrier_output_differs_from_the_accuracy_run_on_its_transcript(made):
    """The barrier's run and an accuracy run read the same answers; the barrier's output moved far off
    (so the barrier check itself holds) while the accuracy run keeps the original output."""
    doc = get(made, "midpoint")
    b = doc["claims"][0]["evidence"]["barrier"]
    assert any(r["transcript"] == b["transcript"] for r in doc["claims"][1]["evidence"]["runs"])
    b["output"] = ["1" for _ in b["output"]]
    assert_forgery_refused(doc)


def test_a_halting_run_whose_transcript_is_a_prefix_of_another(made):
    """Row 3 'halted' after the first answer of a transcript that another run of the same algorithm
    continues past: after the same answers it cannot both halt and ask on."""
    doc = get(made, "midpoint")
    runs = doc["claims"][1]["evidence"]["runs"]
    r = next(r for r in runs if len(doc["transcripts"][r["transcript"]]) > 1)
    doc["transcripts"].append(copy.deepcopy(doc["transcripts"][r["transcript"]][:1]))
    r["transcript"] = len(doc["transcripts"]) - 1
    assert_forgery_refused(doc)


def test_randomised_members_share_a_transcript_with_two_outputs(made):
    """check-class randomised: both members of a seed read nothing (one empty transcript) and the
    forgery gives them different outputs."""
    doc = one_claim(made["class-random"], 1)
    run = doc["claims"][0]["evidence"]["runs"][0]
    a, b = run["members"]
    assert a["transcript"] == b["transcript"]
    b["output"] = list(reversed(a["output"]))
    assert a["output"] != b["output"]
    assert_forgery_refused(doc)


def test_seeded_runs_one_transcript_two_outputs(made):
    """coin-flip at seed 0 on one transcript: output (x, 0) in one claim and (0, x) in another."""
    doc = get(made, "coin")
    r2 = next(r for r in doc["claims"][1]["evidence"]["runs"] if r["seed"] == 0)
    r3 = next(r for r in doc["claims"][2]["evidence"]["runs"] if r["seed"] == 0 and r["transcript"] == r2["transcript"])
    r3["output"] = list(reversed(r2["output"]))
    assert r3["output"] != r2["output"]
    assert_forgery_refused(doc)


def _one_transcript_two_outputs_under(made, key: str, value) -> dict:
    """check midpoint's three claims with the D = K−2 claim's family respelled (``key: value``) and
    every run of it on transcript 0 nudged by 10^-9: the same answers, another output."""
    doc = get(made, "midpoint")
    _drop_summary(doc)
    c3 = doc["claims"][2]
    c3["statement"]["family"][key] = value
    for r in c3["evidence"]["runs"]:
        if r["transcript"] == 0:
            r["output"] = [_nudge(x) for x in r["output"]]
    return doc


def test_control_respelled_family_sees_another_problem():
    """weights = (1, 1) is shown to the algorithm (its public problem prints them), so a run binding
    per family spec is right there; allow_small_K is not shown (the next test)."""
    from sci_oracle.families.pnas import PNASFamily

    plain = PNASFamily("srlasso", K=3, N1=2, N2=0).limit().problem
    assert PNASFamily("srlasso", K=3, N1=2, N2=0, allow_small_K=True).limit().problem == plain
    assert PNASFamily("srlasso", K=3, N1=2, N2=0, weights=(1, 1)).limit().problem != plain


def test_one_transcript_two_outputs_behind_an_unused_family_flag(made):
    assert_forgery_refused(_one_transcript_two_outputs_under(made, "allow_small_K", True))


# --------------------------------------------------------------------------- 6. the probability space


def test_printed_statement_names_the_seed_set(made):
    """Refuted over a thinned seed set: the statement printed must say it is over that set."""
    doc = get(made, "coin")
    doc["claims"] = [doc["claims"][0]]
    _drop_summary(doc)
    w = doc["claims"][0]["evidence"]["witnesses"]
    doc["claims"][0]["statement"]["seeds"] = {"uniform": [x["seed"] for x in w]}
    for s in accepted_statements(doc):
        assert "drawn uniformly from the finite set {" + ", ".join(str(x["seed"]) for x in w) + "}" in s


def test_witness_repeated_to_reach_half(made):
    """One failing seed written twice: 2 of 4 seeds, but only one seed fails."""
    doc = get(made, "coin")
    w = doc["claims"][0]["evidence"]["witnesses"]
    w[1] = copy.deepcopy(w[0])
    assert_forgery_refused(doc)


def test_witness_at_a_seed_outside_the_space(made):
    doc = get(made, "coin")
    doc["claims"][0]["evidence"]["witnesses"][1]["seed"] = 7
    assert_forgery_refused(doc)


def test_too_few_witnesses_for_half(made):
    doc = get(made, "coin")
    doc["claims"][0]["evidence"]["witnesses"].pop()
    assert_forgery_refused(doc)


def test_seed_space_with_a_repeated_seed(made):
    """{0, 1, 2, 3} written with 1 and 3 repeated: not a uniform space of distinct seeds."""
    doc = get(made, "coin")
    for c in doc["claims"]:
        c["statement"]["seeds"] = {"uniform": [0, 1, 1, 2, 3, 3]}
    assert_forgery_refused(doc)


def test_certified_runs_missing_a_seed(made):
    doc = get(made, "coin")
    runs = doc["claims"][1]["evidence"]["runs"]
    doc["claims"][1]["evidence"]["runs"] = [r for r in runs if not (r["row"] == 0 and r["seed"] == 1)]
    assert_forgery_refused(doc)


def test_certified_runs_one_seed_relabelled(made):
    """Seed 1's run replaced by a copy of seed 0's relabelled seed 1 (coin-flip at 1 answers otherwise):
    the same transcript and seed now carry two outputs."""
    doc = get(made, "coin")
    runs = doc["claims"][1]["evidence"]["runs"]
    r0 = next(r for r in runs if r["row"] == 0 and r["seed"] == 0)
    r1 = next(r for r in runs if r["row"] == 0 and r["seed"] == 1)
    assert r0["output"] != r1["output"]
    r1["output"] = list(r0["output"])
    assert_forgery_refused(doc)


def test_sampled_space_with_too_few_draws(made):
    """4 sampled draws at confidence 99/100: P(X ≤ f | Bin(4, 1/2)) ≥ 1/16 cannot pass (1 − c)/k."""
    doc = get(made, "coin")
    for c in doc["claims"]:
        c["statement"]["seeds"] = {"sampled": [0, 1, 2, 3], "confidence": "99/100"}
    doc["claims"] = doc["claims"][1:2]
    _drop_summary(doc)
    assert_forgery_refused(doc)


def test_sampled_space_with_confidence_below_one_half(made):
    doc = get(made, "coin")
    doc["claims"] = doc["claims"][1:2]
    _drop_summary(doc)
    doc["claims"][0]["statement"]["seeds"] = {"sampled": [0, 1, 2, 3], "confidence": "1/100"}
    assert_forgery_refused(doc)


def _sampled_K_minus_1(made) -> dict:
    """The certified K−1 claim of `check coin-flip --samples 40` alone."""
    doc = get(made, "coin-sampled")
    _drop_summary(doc)
    doc["claims"] = doc["claims"][1:2]
    assert "sampled" in doc["claims"][0]["statement"]["seeds"]
    return doc


def test_sampled_draws_all_one_seed(made):
    """40 'i.i.d. draws' that are one seed written 40 times, each row's run copied for each."""
    doc = _sampled_K_minus_1(made)
    c = doc["claims"][0]
    sampled = c["statement"]["seeds"]["sampled"]
    first = {r["row"]: r for r in c["evidence"]["runs"] if r["seed"] == sampled[0]}
    c["statement"]["seeds"]["sampled"] = [sampled[0]] * len(sampled)
    c["evidence"]["runs"] = [dict(first[row]) for row in sorted(first) for _ in sampled]
    assert_forgery_refused(doc)


def test_sampled_confidence_beyond_what_40_draws_give(made):
    """At confidence 1 − 10^-15 the exact test needs P(X ≤ f | Bin(40, 1/2)) ≤ 10^-15/k; with f = 0 it is
    2^-40 ≈ 9·10^-13: unsupported."""
    doc = _sampled_K_minus_1(made)
    doc["claims"][0]["statement"]["seeds"]["confidence"] = "999999999999999/1000000000000000"
    assert_forgery_refused(doc)


@pytest.mark.parametrize("seed", [-1, "0", True, 1.5, None])
def test_seed_not_a_nonnegative_integer(made, seed):
    doc = get(made, "coin")
    for c in doc["claims"]:
        c["statement"]["seeds"] = {"uniform": [seed, 1, 2, 3]}
    assert_forgery_refused(doc)


def test_randomised_seed_relabelled_is_caught_by_the_rerun(made, tmp_path):
    """prove's randomised claim: seed 1's member runs replaced by seed 0's (the kernel cannot know what
    coin_flip does at seed 1); --rerun-recorded rebuilds coin_flip and must see the difference."""
    prove = made["prove"]
    doc = one_claim(prove, claim_index(prove, lambda c: c["statement"]["kind"] == "randomised"))
    runs = doc["claims"][0]["evidence"]["runs"]
    assert [r["seed"] for r in runs] == [0, 1]
    if runs[0]["members"] == runs[1]["members"]:
        pytest.fail("seeds 0 and 1 recorded the same runs: nothing to forge")
    runs[1]["members"] = copy.deepcopy(runs[0]["members"])
    path = write(tmp_path, doc)
    assert main(["verify", str(path), "--rerun-recorded"]) != 0


# --------------------------------------------------------------------------- 7. descriptive flags


@pytest.mark.parametrize(
    ("where", "key", "value"),
    [
        ("top", "verified_against_publication", True),
        ("top", "producer", "prove"),
        ("top", "message", "K=3 digits certified"),
        ("top", "witness", {"n": 30}),
        ("top", "failure_probability", "0"),
        ("claim", "name", "midpoint is correct to 3 digits"),
        ("claim", "detail", "checked by hand"),
        ("statement", "trusted", True),
        ("evidence", "checked", True),
    ],
)
def test_descriptive_or_display_field_is_not_a_certificate(made, where, key, value):
    doc = get(made, "midpoint")
    target = {
        "top": doc,
        "claim": doc["claims"][1],
        "statement": doc["claims"][1]["statement"],
        "evidence": doc["claims"][1]["evidence"],
    }[where]
    target[key] = value
    assert exit_code(doc) == 2


# --------------------------------------------------------------------------- 8. parsing


def _text(made, name: str = "midpoint") -> str:
    return json.dumps(made[name], indent=1)


def test_duplicate_status_key_certified_then_refuted(made, tmp_path):
    text = _text(made).replace('"status": "refuted"', '"status": "certified", "status": "refuted"', 1)
    assert exit_code(write(tmp_path, text)) == 2


def test_duplicate_key_spelled_with_an_escape(made, tmp_path):
    """`"st\\u0061tus"` decodes to `status`: the same key twice."""
    text = _text(made).replace('"status": "refuted"', '"st\\u0061tus": "certified", "status": "refuted"', 1)
    assert exit_code(write(tmp_path, text)) == 2


@pytest.mark.parametrize("key", ["st\u0430tus", "all_c\u0435rtified", "K\u200b", "verdict\u00a0"])
def test_look_alike_keys(made, tmp_path, key):
    doc = get(made, "midpoint")
    if key.startswith("st"):
        doc["claims"][0][key] = "certified"
    else:
        doc[key] = True
    assert exit_code(write(tmp_path, json.dumps(doc))) == 2


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity", "3.0", "3e0", "true"])
def test_non_integer_K(made, tmp_path, literal):
    text = _text(made).replace('"K": 3', f'"K": {literal}')
    assert exit_code(write(tmp_path, text)) == 2


@pytest.mark.parametrize(
    "spelling",
    ["2/2", "+1", " 1", "1.0", "0x1", "1_0", "\u0661", "-0", "0/7", "1/-3", "1e3"],
)
def test_number_spellings(made, tmp_path, spelling):
    """A rational is 'p' or 'p/q' in lowest terms, one spelling per number: no signs, spaces, floats,
    hex, underscores or non-ASCII digits (Python's int() accepts the last two)."""
    doc = get(made, "midpoint")
    doc["claims"][1]["evidence"]["runs"][0]["output"][0] = spelling
    assert exit_code(write(tmp_path, json.dumps(doc))) != 0


def test_deep_nesting(tmp_path):
    text = '{"format": "sci-oracle-certificate/2", "claims": ' + "[" * 100_000 + "]" * 100_000 + "}"
    assert exit_code(write(tmp_path, text)) == 2


def test_huge_integer(made, tmp_path):
    doc = get(made, "midpoint")
    doc["claims"][1]["evidence"]["runs"][0]["output"][0] = "1" * 100_000
    t = time.monotonic()
    assert exit_code(write(tmp_path, json.dumps(doc))) != 0
    assert time.monotonic() - t < 10


def test_huge_json_integer_K(made, tmp_path):
    text = _text(made).replace('"K": 3', '"K": ' + "9" * 5000, 1)
    assert exit_code(write(tmp_path, text)) == 2


@pytest.mark.parametrize(
    "text",
    [
        "[]",
        "{}",
        "\ufeff{}",
        '{"format": "sci-oracle-certificate/1", "claims": []}',
        '{"format": "sci-oracle-certificate/3", "claims": []}',
        '{"format": "sci-oracle-certificate/2", "claims": []}',
        '{"format": "sci-oracle-certificate/2", "claims": [{}]}',
    ],
)
def test_not_a_certificate(tmp_path, text):
    assert exit_code(write(tmp_path, text)) == 2


def test_trailing_second_document(made, tmp_path):
    text = _text(made) + json.dumps({"format": "sci-oracle-certificate/2", "claims": []})
    assert exit_code(write(tmp_path, text)) == 2


@pytest.mark.parametrize(
    "name",
    [
        "midp\u043eint",  # Cyrillic o: «midpoint» look-alike
        "midpoint\n          check: certified: every check holds\nACCEPTED  claim 9: certified",
        "midpoint\x1b[2K",
        "",
    ],
)
def test_algorithm_identity_not_printable_ascii(made, name):
    doc = get(made, "midpoint")
    for c in doc["claims"]:
        c["statement"]["algorithm"] = name
    assert_forgery_refused(doc)


# --------------------------------------------------------------------------- 9. check-class


def _class(made) -> dict:
    return get(made, "class")


def test_class_counts_more_algorithms_than_listed(made):
    doc = _class(made)
    doc["claims"][-1]["statement"]["algorithms"] = 2
    assert_forgery_refused(doc)


def test_class_spec_relabelled_every_algorithm(made):
    doc = _class(made)
    doc["claims"][-1]["statement"]["spec"] = "every algorithm"
    assert exit_code(doc) == 2


def test_class_over_a_success(made):
    """One of the algorithms replaced by midpoint's certified 2-digit claim: not a K-digit failure."""
    doc = _class(made)
    mid = get(made, "midpoint")
    doc["claims"][0] = mid["claims"][1]
    doc["transcripts"] = mid["transcripts"]  # the other barrier claims' transcripts go missing:
    for c in doc["claims"][1:3]:  # give them midpoint's refuted barrier instead
        c.update(copy.deepcopy({k: mid["claims"][0][k] for k in ("status", "statement", "evidence")}))
    assert_forgery_refused(doc)


def test_class_over_a_failure_at_fewer_digits(made):
    doc = _class(made)
    doc["claims"][0]["statement"]["digits"] = 2
    assert_forgery_refused(doc)


def test_class_over_an_unknown_claim(made):
    doc = _class(made)
    doc["claims"][0]["status"] = "unknown"
    doc["claims"][0]["evidence"] = {}
    assert_forgery_refused(doc)


def test_class_certified_with_a_violation(made):
    doc = _class(made)
    doc["claims"][-1]["statement"]["violation"] = 2
    doc["passed"] = False
    assert_forgery_refused(doc)


def test_class_unknown_relabelled_passed(made):
    doc = get(made, "class-random")
    assert doc["passed"] is True
    assert doc["claims"][-1]["status"] == "unknown"
    assert exit_code(doc) == 0  # honest: 'passed' means no violation recorded
    doc["claims"][-1]["status"] = "certified"
    assert_forgery_refused(doc)


def test_class_randomised_unknown_relabelled_certified(made):
    doc = get(made, "class-random")
    doc["claims"][1]["status"] = "certified"
    assert_forgery_refused(doc)


def test_class_of_zero_algorithms(made):
    doc = _class(made)
    doc["claims"] = doc["claims"][-1:]
    doc["claims"][0]["statement"]["algorithms"] = 0
    assert_forgery_refused(doc)


# --------------------------------------------------------------------------- display copies / summary fields


@pytest.mark.parametrize(
    ("key", "value"),
    [("K", 4), ("verdict", "certified"), ("digits_reached", 3), ("digits_reached", None), ("all_certified", True)],
)
def test_summary_field_disagrees_with_the_claims(made, key, value):
    doc = get(made, "midpoint")
    doc[key] = value
    assert_forgery_refused(doc)


def test_passed_on_a_check_file(made):
    doc = get(made, "midpoint")
    doc["passed"] = True
    assert exit_code(doc) == 2


def test_all_certified_on_a_document_with_a_refuted_claim(made):
    doc = get(made, "class")
    doc["all_certified"] = True
    assert_forgery_refused(doc)


# --------------------------------------------------------------------------- barrier, run, accuracy details


def _barrier(made) -> dict:
    return one_claim(made["class"], 1)


def test_barrier_hidden_level_below_what_the_transcript_read(made):
    """'reads no level above h': h lowered below the level the transcript read."""
    doc = _barrier(made)
    ev = doc["claims"][0]["evidence"]
    levels = [a["level"] for a in doc["transcripts"][ev["transcript"]]]
    if not levels or max(levels) == 0:
        doc = one_claim(made["class"], 3)
        ev = doc["claims"][0]["evidence"]
        levels = [a["level"] for a in doc["transcripts"][ev["transcript"]]]
    ev["hidden_level"] = max(levels) - 1
    assert_forgery_refused(doc)


def test_barrier_hidden_level_above_the_pairs_agreement(made):
    """Pair n agrees with the limit up to level n only: h = n + 20 claims more agreement than there is."""
    doc = _barrier(made)
    ev = doc["claims"][0]["evidence"]
    ev["hidden_level"] = ev["n"] + 20
    assert_forgery_refused(doc)


def test_barrier_moved_to_another_family_size(made):
    """The transcript recorded on SR-LASSO with N1 = 2 presented as a barrier for N1 = 3, whose A has
    another shape. (λ alone is no forgery here: SR-LASSO's A_n and y_n do not depend on λ and the
    kernel accepts λ = 3 and 100, where midpoint's output is as far off.)"""
    doc = get(made, "midpoint")
    doc["claims"] = doc["claims"][:1]
    _drop_summary(doc)
    doc["claims"][0]["statement"]["family"]["N1"] = 3
    assert_forgery_refused(doc)


def test_barrier_at_zero_digits(made):
    """'«A» is correct to 0 digits on every input' refuted: the recorded output is within 10^0 of
    member j's minimiser, so the barrier's evidence does not refute it."""
    doc = _barrier(made)
    doc["claims"][0]["statement"]["digits"] = 0
    assert_forgery_refused(doc)


def test_accuracy_rows_relabelled_to_other_members(made):
    """Instances 3 and 4 (members 1 and 2 of pair 4) swapped in the statement: each run's transcript
    is then not legal for the instance its row names."""
    doc = get(made, "midpoint")
    for c in doc["claims"]:
        inst = c["statement"]["instances"]
        inst[3], inst[4] = inst[4], inst[3]
    assert_forgery_refused(doc)


def test_accuracy_instance_added_without_runs(made):
    doc = get(made, "midpoint")
    for c in doc["claims"]:
        c["statement"]["instances"].append({"j": 1, "n": 200})
    assert_forgery_refused(doc)


@pytest.mark.parametrize("digits", [4, 0, -1])
def test_accuracy_digits_out_of_range(made, digits):
    doc = get(made, "midpoint")
    doc["claims"] = doc["claims"][1:2]
    _drop_summary(doc)
    doc["claims"][0]["statement"]["digits"] = digits
    assert_forgery_refused(doc)


def _refuted_by_a_barrier_on(made, instances: list) -> dict:
    """check midpoint's D = K claim (refuted by the precision adversary at pair 30) restated over
    other instances, the barrier evidence unchanged."""
    doc = get(made, "midpoint")
    doc["claims"] = doc["claims"][:1]
    _drop_summary(doc)
    doc["claims"][0]["statement"]["instances"] = instances
    return doc


def _certified_on(made, rows: list[int], digits: int) -> dict:
    """check midpoint's own recorded runs on the given rows of its K−1 claim, as a claim at ``digits``
    over those rows only (honest: the kernel recounts the runs)."""
    doc = get(made, "midpoint")
    c = doc["claims"][1]
    doc["claims"] = [c]
    _drop_summary(doc)
    c["statement"]["digits"] = digits
    c["statement"]["instances"] = [c["statement"]["instances"][r] for r in rows]
    runs = [r for r in c["evidence"]["runs"] if r["row"] in rows]
    for r in runs:
        r["row"] = rows.index(r["row"])
    c["evidence"]["runs"] = runs
    return doc


def test_control_midpoint_is_correct_to_K_digits_on_the_limit_and_pair_4(made):
    """The truth the next forgeries contradict: midpoint's recorded runs on the limit and pair 4 are
    within 10^-3 (and a rerun of midpoint reproduces them)."""
    assert exit_code(_certified_on(made, [0, 3, 4], 3)) == 0
    assert exit_code(_certified_on(made, [0], 3)) == 0


def test_accuracy_refuted_by_a_barrier_at_an_unlisted_pair(made):
    doc = _refuted_by_a_barrier_on(made, [None, {"j": 1, "n": 4}, {"j": 2, "n": 4}])
    assert_forgery_refused(doc)


def test_accuracy_refuted_on_the_limit_alone_by_a_barrier(made):
    assert_forgery_refused(_refuted_by_a_barrier_on(made, [None]))


def test_a_statement_and_its_negation_in_one_document(made):
    doc = _certified_on(made, [0, 3, 4], 3)
    forged = _refuted_by_a_barrier_on(made, [None, {"j": 1, "n": 4}, {"j": 2, "n": 4}])
    doc["claims"] = forged["claims"] + doc["claims"]
    v = verify(doc)
    assert v.claims[0].statement == v.claims[1].statement
    assert not (v.claims[0].accepted and v.claims[1].accepted)


def test_accuracy_refuted_by_a_barrier_on_the_other_member_control(made):
    """Listing only the other member of the barrier's pair is honest: midpoint's one output there is
    as far from member 2's minimiser (the kernel's template needs the pair listed, not member j)."""
    doc = _refuted_by_a_barrier_on(made, [{"j": 1, "n": 30}, {"j": 2, "n": 30}])
    assert exit_code(doc) == 0


def _run_claim(made, from_row: int) -> dict:
    """A `run` claim built from the spec out of a recorded accuracy run of midpoint."""
    mid = made["midpoint"]
    c = mid["claims"][1]
    r = c["evidence"]["runs"][from_row]
    st = c["statement"]
    claim = {
        "status": "refuted",
        "scope": "instances",
        "statement": {
            "kind": "run",
            "family": st["family"],
            "K": st["K"],
            "digits": st["digits"],
            "algorithm": st["algorithm"],
            "instance": st["instances"][r["row"]],
            "seed": None,
        },
        "evidence": {"output": r["output"], "transcript": r["transcript"]},
    }
    return {"format": mid["format"], "claims": [copy.deepcopy(claim)], "transcripts": copy.deepcopy(mid["transcripts"])}


def test_run_claim_refuting_a_run_that_is_accurate(made):
    """'midpoint is not correct to 2 digits on member 1 of pair 4', from a run that is."""
    assert_forgery_refused(_run_claim(made, 3))


def test_run_claim_control_at_K_digits_on_the_barrier_pair(made):
    """The same template at D = K on the barrier's member (honest: midpoint fails there)."""
    mid = made["midpoint"]
    b = mid["claims"][0]["evidence"]["barrier"]
    row = next(
        i
        for i, inst in enumerate(mid["claims"][1]["statement"]["instances"])
        if inst == {"j": b["member"], "n": b["n"]}
    )
    doc = _run_claim(made, row)
    doc["claims"][0]["statement"]["digits"] = 3
    assert exit_code(doc) == 0
    doc["claims"][0]["status"] = "certified"
    assert_forgery_refused(doc)


# --------------------------------------------------------------------------- agreement, separation, training, networks


def _part(made, kind: str, family: str = "TrainingFamily") -> dict:
    return part_doc(
        made["prove"],
        lambda p: p["statement"]["kind"] == kind and p["statement"]["family"]["family"] == family,
    )


def test_agreement_at_a_higher_level(made):
    doc = _part(made, "agreement")
    st = doc["claims"][0]["statement"]
    st["level"] = st["n"] + 30
    assert_forgery_refused(doc)


def test_agreement_max_difference_understated(made):
    doc = _part(made, "agreement")
    doc["claims"][0]["evidence"]["max_difference"] = "0"
    assert_forgery_refused(doc)


def test_separation_distance_edited(made):
    doc = _part(made, "separation", "PNASFamily")
    doc["claims"][0]["evidence"]["dist2"] = "1"
    assert_forgery_refused(doc)


def test_separation_at_K_far_above_the_family(made):
    """The statement's K must be the family's (the spec): K = 50 beside a family of K = 3 is refused
    (the separation printed, 2·10^-K, would be another number than the one checked)."""
    doc = _part(made, "separation", "PNASFamily")
    doc["claims"][0]["statement"]["K"] = 50
    assert_forgery_refused(doc)


def test_training_q_pair_not_a_q_pair(made):
    """The q_pair must be two instances equal but for q = ±1: two copies of q = +1."""
    doc = _part(made, "training")
    st = doc["claims"][0]["statement"]
    st["q_pair"] = [st["q_pair"][0], copy.deepcopy(st["q_pair"][0])]
    assert_forgery_refused(doc)


def test_training_q_dist2_edited(made):
    doc = _part(made, "training")
    doc["claims"][0]["evidence"]["q_dist2"] = "1"
    assert_forgery_refused(doc)


def test_network_weight_edited(made):
    prove = made["prove"]
    doc = one_claim(prove, claim_index(prove, lambda c: c["statement"]["kind"] == "network"))
    layer = doc["claims"][0]["evidence"]["networks"][0][0]["affine"]
    layer["b"][0] = "1"
    assert_forgery_refused(doc)


def test_network_inputs_upgraded_to_all(made):
    """The networks recorded for the test inputs claimed to reproduce every training label too."""
    prove = made["prove"]
    doc = one_claim(prove, claim_index(prove, lambda c: c["statement"]["kind"] == "network"))
    st = doc["claims"][0]["statement"]
    if st["inputs"] == "all":
        pytest.skip("the honest claim already covers all inputs")
    st["inputs"] = "all"
    assert_forgery_refused(doc)


# --------------------------------------------------------------------------- scope upgrades, symbolic steps


def _allp(made, kind: str, sub: str | None = None) -> tuple[dict, int]:
    prove = made["prove"]
    i = claim_index(
        prove,
        lambda c: (
            c["scope"] == "all-parameters"
            and c["statement"]["kind"] == kind
            and (sub is None or c["statement"]["claims"][0]["statement"]["kind"] == sub)
        ),
    )
    return one_claim(prove, i), i


def test_instances_barrier_claims_upgraded_to_all_parameters(made):
    """The 'each of barriers' claim made for every parameter, with the agreement claim's steps."""
    prove = made["prove"]
    agree, _ = _allp(made, "each", "agreement")
    i = claim_index(
        prove,
        lambda c: c["statement"]["kind"] == "each" and c["statement"]["claims"][0]["statement"]["kind"] == "barrier",
    )
    doc = one_claim(prove, i)
    doc["claims"][0]["scope"] = "all-parameters"
    doc["claims"][0]["evidence"] = {"symbolic_steps": agree["claims"][0]["evidence"]["symbolic_steps"]}
    assert_forgery_refused(doc)


def test_accuracy_claim_at_scope_all_parameters(made):
    doc = get(made, "midpoint")
    doc["claims"][1]["scope"] = "all-parameters"
    doc["claims"][1]["evidence"]["symbolic_steps"] = []
    assert_forgery_refused(doc)


def test_minimisers_with_the_separation_facts_steps(made):
    doc, _ = _allp(made, "minimisers")
    sep, _ = _allp(made, "each", "separation")
    doc["claims"][0]["evidence"]["symbolic_steps"] = sep["claims"][0]["evidence"]["symbolic_steps"]
    doc["claims"][0]["evidence"].pop("smt", None)
    assert_forgery_refused(doc)


def test_symbolic_steps_with_a_narrowed_domain(made):
    """One step's δ range cut to (0, 1/8]: a narrower domain than 'every n ≥ 1'."""
    doc, _ = _allp(made, "minimisers")
    steps = doc["claims"][0]["evidence"]["symbolic_steps"]
    s = next(s for s in steps if "assumptions" in s and "delta" in s["assumptions"])
    s["assumptions"]["delta"]["hi"] = "1/8"
    assert_forgery_refused(doc)


def test_symbolic_steps_starting_at_a_later_K(made):
    doc, _ = _allp(made, "minimisers")
    steps = doc["claims"][0]["evidence"]["symbolic_steps"]
    s = next(s for s in steps if "bindings" in s and "X" in s["bindings"])
    s["bindings"]["X"]["from"] = 4
    s["assumptions"]["X"]["lo"] = "10000"
    assert_forgery_refused(doc)


def test_symbolic_step_weakened_to_a_triviality(made):
    doc, _ = _allp(made, "minimisers")
    steps = doc["claims"][0]["evidence"]["symbolic_steps"]
    s = next(s for s in steps if s["assert"] == "positive")
    s.update(expr="Integer(1)", method="identity")
    s.pop("assumptions", None)
    s.pop("bindings", None)
    assert_forgery_refused(doc)


def test_symbolic_fact_for_another_problem(made):
    """QCBP's monotonicity steps under a U-LASSO family."""
    prove = made["prove"]
    fams = [c["statement"]["family"] for c in prove["claims"] if c["statement"]["kind"] == "symbolic"]
    doc, _ = _allp(made, "symbolic")
    other = next(f for f in fams if f["problem"] != doc["claims"][0]["statement"]["family"]["problem"])
    doc["claims"][0]["statement"]["family"] = other
    assert_forgery_refused(doc)


def test_symbolic_fact_renamed(made):
    doc, _ = _allp(made, "symbolic")
    doc["claims"][0]["statement"]["fact"] = "separation"
    assert_forgery_refused(doc)


def test_all_parameters_for_a_family_outside_the_domain(made):
    """QCBP's domain is 0 < ε ≤ 1/4: the same steps for ε = 1/2."""
    doc, _ = _allp(made, "minimisers")
    fam = doc["claims"][0]["statement"]["family"]
    if fam["problem"] != "qcbp":
        pytest.skip("the first minimisers claim is not QCBP")
    fam["eps"] = "1/2"
    assert_forgery_refused(doc)


# --------------------------------------------------------------------------- cost bounds (denial of service), K range


def _minimisers(K: int, N1: int = 8, N2: int = 200, mixing: str = "householder") -> dict:
    fam = {
        "family": "PNASFamily",
        "problem": "srlasso",
        "lam": "1",
        "K": K,
        "N1": N1,
        "N2": N2,
        "params": "paper",
        "mixing": mixing,
        "mode": "entrywise",
    }
    st = {"kind": "minimisers", "family": fam, "K": K, "instances": [None, {"j": 1, "n": 1}, {"j": 2, "n": 1}]}
    return {
        "format": "sci-oracle-certificate/2",
        "claims": [{"status": "certified", "scope": "instances", "statement": st, "evidence": {}}],
    }


def test_control_small_minimisers_claim_verifies():
    assert exit_code(_minimisers(3, 2, 2)) == 0


@pytest.mark.parametrize("K", [2000, 10000])
def test_small_file_large_work_is_refused_fast(tmp_path, K):
    """< 1 KB: one minimisers claim on the largest family, refused by its bound, not after a hang."""
    path = write(tmp_path, _minimisers(K))
    assert path.stat().st_size < 1024
    t = time.monotonic()
    assert exit_code(path, max_seconds=60) == 2
    assert time.monotonic() - t < 5


def test_small_file_large_work_through_the_cli(tmp_path):
    path = write(tmp_path, _minimisers(2000))
    t = time.monotonic()
    assert main(["verify", str(path)]) == 2
    assert time.monotonic() - t < 60


def test_many_parts_sharing_one_transcript_stay_bounded(made):
    """1,000 copies of one barrier part in an `each`: refused by its bound or checked within the limit."""
    doc = _barrier(made)
    c = doc["claims"][0]
    part = {k: c[k] for k in ("status", "statement", "evidence")}
    doc["claims"][0] = {
        "status": "certified",
        "scope": "instances",
        "statement": {"kind": "each", "claims": [copy.deepcopy(part) for _ in range(1000)]},
        "evidence": {},
    }
    t = time.monotonic()
    exit_code(doc, max_seconds=5)
    assert time.monotonic() - t < 15


def test_transcript_at_the_largest_level_stays_bounded(made, tmp_path):
    """midpoint's answers rewritten at level 65,536 (numerators of ~20,000 digits, one bit off the
    level-30 value shifted up): checked or refused within the limit, never a hang."""
    old = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)
    try:
        doc = get(made, "midpoint")
        doc["claims"] = doc["claims"][:1]
        _drop_summary(doc)
        t0 = doc["transcripts"][doc["claims"][0]["evidence"]["barrier"]["transcript"]]
        for a in t0:
            a["level"] = a["value"]["level"] = 65536
            a["value"]["numerators"] = [str((int(x) << (65536 - 30)) + 1) for x in a["value"]["numerators"]]
        text = json.dumps(doc)
    finally:
        sys.set_int_max_str_digits(old)
    path = write(tmp_path, text)
    t = time.monotonic()
    exit_code(path, max_seconds=5)
    assert time.monotonic() - t < 15


def test_relu_runs_with_many_seeds_stay_bounded(bhv):
    doc = one_claim(bhv, claim_index(bhv, lambda c: c["statement"]["kind"] == "relu-runs"))
    c = doc["claims"][0]
    runs = c["evidence"]["runs"]
    n = 20_000
    c["statement"]["seeds"] = list(range(n))
    c["evidence"]["runs"] = [dict(runs[i % len(runs)], seed=i) for i in range(n)]
    t = time.monotonic()
    exit_code(doc, max_seconds=5)
    assert time.monotonic() - t < 15


@pytest.mark.parametrize("K", [2, 10001, 10**6])
def test_K_outside_the_range(K):
    """K ≥ 3 (the CLI's range, up to 10,000) unless small K is allowed; statement and family agree."""
    assert_forgery_refused(_minimisers(K, 2, 2, "none"))


def test_statement_K_differs_from_the_familys():
    doc = _minimisers(3, 2, 2)
    doc["claims"][0]["statement"]["K"] = 4
    assert_forgery_refused(doc)


def test_family_with_an_unknown_problem():
    doc = _minimisers(3, 2, 2)
    doc["claims"][0]["statement"]["family"]["problem"] = "lasso"
    assert_forgery_refused(doc)


def test_family_with_an_unused_parameter():
    """SR-LASSO has λ, not ε: an ε beside it is a parameter the statement would not use."""
    doc = _minimisers(3, 2, 2)
    doc["claims"][0]["statement"]["family"]["eps"] = "1/10"
    assert_forgery_refused(doc)


def test_family_with_negative_lambda():
    doc = _minimisers(3, 2, 2)
    doc["claims"][0]["statement"]["family"]["lam"] = "-1"
    assert_forgery_refused(doc)


# --------------------------------------------------------------------------- BHV and false structures


def _bhv_claim(bhv, kind: str) -> dict:
    return one_claim(bhv, claim_index(bhv, lambda c: c["statement"]["kind"] == kind))


def _bhv_part(bhv, kind: str) -> dict:
    return part_doc(bhv, lambda p: p["statement"]["kind"] == kind)


def test_stripe_bound_with_a_smaller_p(bhv):
    doc = _bhv_claim(bhv, "stripe-bound")
    doc["claims"][0]["statement"]["p"] = "1/100000"
    assert_forgery_refused(doc)


def test_stripe_bound_with_fewer_stripes(bhv):
    """M = P + 2q: with P = 3 (one hidden layer of width 2) and q = 1, M is 5, not 4."""
    doc = _bhv_claim(bhv, "stripe-bound")
    doc["claims"][0]["statement"]["stripes"] -= 1
    assert_forgery_refused(doc)


def test_stripe_bound_for_a_wider_architecture(bhv):
    """The bound computed for hidden widths [2] relabelled [8, 8] (P = 81, M = 83): fewer samples
    do not make M(1 − 1/M)^(r+s) ≤ p there."""
    doc = _bhv_claim(bhv, "stripe-bound")
    doc["claims"][0]["statement"]["architecture"] = [8, 8]
    assert_forgery_refused(doc)


def test_stripe_bound_sample_sizes_swapped_and_shrunk(bhv):
    doc = _bhv_claim(bhv, "stripe-bound")
    st = doc["claims"][0]["statement"]
    st["r"], st["s"] = st["s"], 1
    assert_forgery_refused(doc)


def test_stripe_architectures_training_and_validation_sizes_swapped(bhv):
    """r and s (|T| and |V|) swapped for one architecture: the listed point sets have the other sizes."""
    doc = _bhv_claim(bhv, "stripe-architectures")
    a = doc["claims"][0]["evidence"]["architectures"][0]
    if a["r"] == a["s"]:
        pytest.skip("r = s")
    a["r"], a["s"] = a["s"], a["r"]
    assert_forgery_refused(doc)


def test_stripe_accuracy_architecture_relabelled(bhv):
    doc = _bhv_part(bhv, "stripe-accuracy")
    doc["claims"][0]["statement"]["architecture"] = [1]
    assert_forgery_refused(doc)


def test_stripe_accuracy_with_a_flipped_label(bhv):
    """A training label flipped: the network is then wrong on that point (or the point is off-stripe)."""
    doc = _bhv_part(bhv, "stripe-accuracy")
    labels = doc["claims"][0]["statement"]["T"]["labels"]
    labels[0] = 1 - labels[0]
    assert_forgery_refused(doc)


def test_stripe_dichotomy_at_least_raised(bhv):
    doc = _bhv_claim(bhv, "stripe-dichotomy")
    doc["claims"][0]["statement"]["at_least"] += 1000
    assert_forgery_refused(doc)


def test_stripe_dichotomy_outcome_flipped(bhv):
    """'accurate yet unstable' relabelled 'misclassifies one of them'."""
    doc = _bhv_claim(bhv, "stripe-dichotomy")
    st = doc["claims"][0]["statement"]
    st["outcome"] = "inaccurate" if st["outcome"] == "unstable" else "unstable"
    assert_forgery_refused(doc)


def test_stripe_stable_with_a_larger_radius(bhv):
    """Stable on balls of radius 1/8; claimed for radius 4, which crosses into the next stripe."""
    doc = _bhv_claim(bhv, "stripe-stable")
    doc["claims"][0]["statement"]["eps"] = "4"
    assert_forgery_refused(doc)


def test_stripe_growth_counts_edited(bhv):
    doc = _bhv_claim(bhv, "stripe-growth")
    st = doc["claims"][0]["statement"]
    st["hit"] = [h + 30 for h in st["hit"]]
    assert_forgery_refused(doc)


def test_relu_runs_probabilities_edited(bhv):
    doc = _bhv_claim(bhv, "relu-runs")
    st = doc["claims"][0]["statement"]
    st["p_plus"] = "3/4"
    st["p_minus"] = "1/4"
    assert_forgery_refused(doc)


def test_relu_runs_level_bound_below_what_was_read(bhv):
    """'reading levels ≤ k': the transcript read level 12; the statement says k = 2."""
    doc = _bhv_claim(bhv, "relu-runs")
    doc["claims"][0]["statement"]["k"] = 2
    assert_forgery_refused(doc)


def test_relu_pair_with_a_huge_kappa(bhv):
    """κ < 1/2 is what makes the pair a tie; κ = 10 breaks the statement's 'no net has loss ≤ κ on both'."""
    doc = _bhv_claim(bhv, "relu-pair")
    doc["claims"][0]["statement"]["kappa"] = "10"
    assert_forgery_refused(doc)


def test_bhv_pieces_lemma_discharged_by_something(bhv):
    doc = _bhv_claim(bhv, "lemma")
    doc["claims"][0]["evidence"]["discharged_by"] = {"H1": 1}
    assert_forgery_refused(doc)


@pytest.mark.parametrize("i", [0, 1])
def test_stripe_images_offset_only_flipped(i):
    """Paper generator: every label-0 image is a shifted label-1 image; corrected: not always. Flipped."""
    doc = copy.deepcopy(FALSE_STRUCTURES)
    st = doc["claims"][i]["statement"]
    st["offset_only"] = not st["offset_only"]
    assert_forgery_refused(doc, max_seconds=None)


def test_stripe_images_flip_radius_edited():
    doc = copy.deepcopy(FALSE_STRUCTURES)
    doc["claims"][0]["evidence"]["flip_radius"] = "1/1000"
    assert_forgery_refused(doc, max_seconds=None)


# --------------------------------------------------------------------------- Table 1, more


def test_table1_steps_holds_false_with_tiny_steps(made):
    """'τσ‖A'‖² ≥ 1 for every valid input' with τ = σ = 10^-6."""
    doc = _steps(made, "1/1000000")
    doc["claims"][0]["statement"]["holds"] = False
    assert_forgery_refused(doc)


# --------------------------------------------------------------------------- reruns


def test_algorithm_relabelled_is_caught_by_the_rerun(made, tmp_path):
    """midpoint's runs relabelled as the built-in 'zero': the kernel takes the identity as recorded;
    --rerun-recorded rebuilds zero, which outputs 0, and must not reproduce them."""
    doc = get(made, "midpoint")
    for c in doc["claims"]:
        c["statement"]["algorithm"] = "zero"
    path = write(tmp_path, doc)
    assert main(["verify", str(path), "--rerun-recorded"]) != 0


def test_honest_file_against_another_algorithm(made, tmp_path):
    path = write(tmp_path, get(made, "midpoint"))
    assert main(["verify", str(path), "--algorithm", "zero"]) != 0


# --------------------------------------------------------------------------- conjunctions, references, transcripts


def _each_of_barriers(made) -> dict:
    prove = made["prove"]
    i = claim_index(
        prove,
        lambda c: c["statement"]["kind"] == "each" and c["statement"]["claims"][0]["statement"]["kind"] == "barrier",
    )
    return one_claim(prove, i)


def test_each_with_an_unknown_part(made):
    doc = _each_of_barriers(made)
    part = doc["claims"][0]["statement"]["claims"][0]
    part["status"] = "unknown"
    part["evidence"] = {}
    assert_forgery_refused(doc)


def test_each_with_no_parts(made):
    doc = _each_of_barriers(made)
    doc["claims"][0]["statement"]["claims"] = []
    assert_forgery_refused(doc)


def test_vacuous_claims_over_no_instances_or_seeds(made, bhv):
    """The other kinds refuse an empty instance or seed list (a statement about nothing)."""
    mid = get(made, "midpoint")
    _drop_summary(mid)
    mid["claims"] = mid["claims"][1:2]
    mid["claims"][0]["statement"]["instances"] = []
    mid["claims"][0]["evidence"]["runs"] = []
    assert_forgery_refused(mid)
    coin = get(made, "coin")
    _drop_summary(coin)
    coin["claims"] = coin["claims"][1:2]
    coin["claims"][0]["statement"]["seeds"] = {"uniform": []}
    coin["claims"][0]["evidence"]["runs"] = []
    assert_forgery_refused(coin)
    relu = _bhv_claim(bhv, "relu-runs")
    relu["claims"][0]["statement"]["seeds"] = []
    relu["claims"][0]["evidence"]["runs"] = []
    assert_forgery_refused(relu)
    assert_forgery_refused(_minimisers_over([]))


def _minimisers_over(instances: list) -> dict:
    doc = _minimisers(3, 2, 2)
    doc["claims"][0]["statement"]["instances"] = instances
    return doc


def test_each_nested_in_each(made):
    doc = _each_of_barriers(made)
    inner = copy.deepcopy(doc["claims"][0])
    doc["claims"][0]["statement"]["claims"] = [
        {"status": "certified", "statement": inner["statement"], "evidence": inner["evidence"]}
    ]
    assert_forgery_refused(doc)


@pytest.mark.parametrize("ref", [[1, 0], [1, 99], [0], 0, -1, 99, "1", [1, 1, 1]])
def test_lemma_reference_malformed_or_out_of_range(made, ref):
    doc = _lemma(made, "barrier-pair")
    lem = doc["claims"][-1]
    lem["evidence"]["discharged_by"]["H2"] = ref
    assert_forgery_refused(doc)


def test_barrier_pair_for_training_discharged_by_a_pnas_uniqueness_lemma(made):
    """H1 of Lemma 1 at one pair of the training family, discharged by PNAS QCBP's Lemma U."""
    prove = made["prove"]
    doc = _lemma(made, "barrier-pair")
    u = _lemma(made, "uniqueness")  # [KKT, lemma U] of a PNAS family
    shift = len(u["claims"])
    lem = doc["claims"][-1]
    lem["evidence"]["discharged_by"] = {
        h: ([r[0] + shift, r[1]] if isinstance(r, list) else r + shift)
        for h, r in lem["evidence"]["discharged_by"].items()
    }
    lem["evidence"]["discharged_by"]["H1"] = shift
    doc["claims"] = u["claims"] + doc["claims"]
    assert prove["format"] == doc["format"]
    assert_forgery_refused(doc)


def test_transcript_index_out_of_range(made):
    doc = get(made, "midpoint")
    doc["claims"][1]["evidence"]["runs"][0]["transcript"] = 99
    assert_forgery_refused(doc)


def test_transcript_answers_out_of_order(made):
    doc = get(made, "midpoint")
    t = doc["transcripts"][1]
    t[0]["seq"], t[1]["seq"] = t[1]["seq"], t[0]["seq"]
    assert_forgery_refused(doc)


def test_transcript_answer_for_an_array_the_instance_lacks(made):
    doc = get(made, "midpoint")
    doc["transcripts"][1][0]["name"] = "B"
    assert_forgery_refused(doc)


def test_transcript_answer_at_a_level_other_than_its_value(made):
    doc = get(made, "midpoint")
    a = doc["transcripts"][1][0]
    a["level"] = a["level"] + 1
    assert_forgery_refused(doc)


def test_transcript_answer_rounded_wrongly(made):
    """An answer one grid step off the instance's rounded value: not what the oracle answers."""
    doc = get(made, "midpoint")
    v = doc["transcripts"][1][0]["value"]
    v["numerators"][0] = str(int(v["numerators"][0]) + 5)
    assert_forgery_refused(doc)


def test_nested_duplicate_key(made, tmp_path):
    text = _text(made).replace('"transcript": 0', '"transcript": 3, "transcript": 0', 1)
    assert exit_code(write(tmp_path, text)) == 2


def test_algorithm_identity_too_long(made):
    doc = get(made, "midpoint")
    for c in doc["claims"]:
        c["statement"]["algorithm"] = "m" * 20_001
    assert_forgery_refused(doc)


def test_unused_allow_small_K_flag(made):
    doc = get(made, "midpoint")
    for c in doc["claims"]:
        c["statement"]["family"]["allow_small_K"] = True
    assert_forgery_refused(doc)


# --------------------------------------------------------------------------- Table 1 and stripes, more


def test_table1_input_for_a_finer_n(made):
    """The level-10 input presented as a level-12 one: it is not within 2^-12 of both members."""
    doc = _t1(made, "table1-input")
    for e in doc["claims"][0]["statement"]["entries"]:
        e["n"] = 12
    assert_forgery_refused(doc)


def test_table1_entry_K_differs_from_the_familys(made):
    doc = _t1(made, "table1-outputs", "misses-one")
    for e in doc["claims"][0]["statement"]["entries"]:
        e["K"] = 2
    assert_forgery_refused(doc)


def test_stripe_accuracy_with_errors_recorded(bhv):
    doc = _bhv_part(bhv, "stripe-accuracy")
    doc["claims"][0]["evidence"]["errors"] = 3
    assert_forgery_refused(doc)


def test_stripe_family_delta_changed(bhv):
    """The planted feature x₂ = δ·f(x) of the points is 1/64; the family says δ = 1/32."""
    doc = _bhv_part(bhv, "stripe-accuracy")
    doc["claims"][0]["statement"]["family"]["delta"] = "1/32"
    assert_forgery_refused(doc)


def test_relu_runs_missing_seeds(bhv):
    doc = _bhv_claim(bhv, "relu-runs")
    c = doc["claims"][0]
    c["evidence"]["runs"] = c["evidence"]["runs"][: len(c["evidence"]["runs"]) // 2]
    assert_forgery_refused(doc)


# --------------------------------------------------------------------------- the CLI's own process


def test_cli_refuses_parsing_forgeries_too(made, tmp_path):
    """`sci-oracle verify` checks in a `python -I` process of its own: the same file-level refusals
    hold there (a repeated key, NaN), not only through the in-process API."""
    text = _text(made).replace('"status": "refuted"', '"status": "certified", "status": "refuted"', 1)
    assert main(["verify", str(write(tmp_path, text, "dup.json"))]) == 2
    text = _text(made).replace('"K": 3', '"K": NaN')
    assert main(["verify", str(write(tmp_path, text, "nan.json"))]) == 2


def test_a_rerun_never_turns_a_rejection_into_an_acceptance(made, tmp_path):
    """The barrier's hidden level lowered below what its transcript read (claim 1 rejected): rerunning
    the real midpoint, which reproduces claims 2 and 3, must not make the file pass."""
    doc = get(made, "midpoint")
    b = doc["claims"][0]["evidence"]["barrier"]
    b["hidden_level"] = max(a["level"] for a in doc["transcripts"][b["transcript"]]) - 1
    path = write(tmp_path, doc)
    assert main(["verify", str(path), "--algorithm", "midpoint"]) == 1
