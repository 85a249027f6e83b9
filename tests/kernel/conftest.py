"""Real certificates from every producer the kernel checks, built once per session."""

from __future__ import annotations

import json

import pytest


def _pool() -> list[tuple[str, dict, object]]:
    from sci_oracle.algorithms.builtin import Midpoint, OneSparseSolver, Zero
    from sci_oracle.barrier import find_barrier
    from sci_oracle.families.pnas import PNASFamily
    from sci_oracle.harness.check import RunWitness, check
    from sci_oracle.pnas.step import step_through

    out: list[tuple[str, dict, object]] = []
    for problem, kw in (
        ("srlasso", {}),
        ("ulasso", {"N2": 2, "mixing": "householder"}),
        ("qcbp", {"params": "rational"}),
        ("srlasso", {"mode": "normwise", "N2": 1}),
    ):
        fam = PNASFamily(problem, K=3, **kw)
        alg = Midpoint(30)
        out.append((f"barrier {problem} {kw}", find_barrier(alg, fam).certificate(), alg))
    alg = OneSparseSolver(20)
    out.append(("step srlasso", step_through(alg, PNASFamily("srlasso", K=4)).to_json(), alg))
    for problem in ("srlasso", "qcbp"):
        alg = Midpoint(30)
        report = check(alg, problem, K=3, isolated=False, members=(4, 16))
        out.append((f"check {problem}", report.certificate(), alg))
    from sci_oracle.algorithms.builtin import coin_flip
    from sci_oracle.algorithms.training import SignSearchTrainer
    from sci_oracle.families.training import TrainingFamily

    trainer = SignSearchTrainer()
    out.append(
        ("barrier training ulasso", find_barrier(trainer, TrainingFamily("ulasso", 3, R=3)).certificate(), trainer)
    )
    coin = coin_flip(30, seeds=(0, 1))
    out.append(("check coin-flip", check(coin, "srlasso", K=3, isolated=False, members=(4,)).certificate(), coin))
    zero = Zero()
    report = check(zero, "ulasso", K=3, isolated=False, members=(4,))
    out.append(("check zero ulasso", report.certificate(), zero))
    w = report.witnesses()[0]
    out.append(
        ("run witness", RunWitness(w.family, w.j, w.n, w.seed, w.digits, w.transcript, w.output).certificate(), zero)
    )
    # `prove`: one document per claim (a cited lemma travels with the claims that discharge it);
    # each run's algorithm is rebuilt from its description for the rerun (algorithm None)
    from sci_oracle.cli.prove import load_proof

    doc = load_proof("theorem1").prove(K=3, levels=(10,)).certificate()
    for i, c in enumerate(doc["claims"], 1):
        out.append((f"prove claim {i} {c['statement']['kind']}", proof_slice(doc, i), None))
    # check-class: small runs of a deterministic and a randomised class (each algorithm rebuilt
    # from its printed description for the rerun)
    from sci_oracle.harness.class_properties import check_class

    for spec, n in (("query-plans", 3), ("randomised", 2)):
        report = check_class(spec, max_examples=n, seed=1)
        out.append((f"check-class {spec}", report.certificate(), None))
    # table1: one entry (K = 1, n = 10), both step rules
    from sci_oracle.pnas.table1 import FAST, run_table1, with_grid

    out.append(("table1", run_table1(with_grid(FAST, [1], [10]))["certificate"], None))
    # round-trip through text, as a file would be
    return [(name, json.loads(json.dumps(doc, default=str)), alg) for name, doc, alg in out]


def proof_slice(doc: dict, i: int) -> dict:
    """Claim ``i`` (1-based) of a certificate as a document of its own, with the claims a lemma's
    hypotheses name travelling with it (renumbered) and the transcripts it uses."""
    claims = doc["claims"]
    c = claims[i - 1]
    keep = [i]
    if c["scope"] in ("lemma", "formal"):  # a formal claim keeps its Coq citation
        refs = c["evidence"]["discharged_by"]
        used = sorted({r[0] if isinstance(r, list) else r for r in refs.values()})
        for k in used:  # a hypothesis discharged by a lemma brings that lemma's own hypotheses
            keep = [*proof_slice_numbers(claims, k), *keep]
    keep = sorted(set(keep))
    new = {old: n for n, old in enumerate(keep, 1)}
    out = []
    for k in keep:
        x = json.loads(json.dumps(claims[k - 1]))
        if x["scope"] in ("lemma", "formal"):
            by = x["evidence"]["discharged_by"]
            x["evidence"]["discharged_by"] = {
                h: [new[r[0]], *r[1:]] if isinstance(r, list) else new[r] for h, r in by.items()
            }
        out.append(x)
    res = {"format": doc["format"], "claims": out}
    if "transcripts" in doc:
        res["transcripts"] = doc["transcripts"]
    return res


def proof_slice_numbers(claims: list, i: int) -> list:
    c = claims[i - 1]
    if c["scope"] not in ("lemma", "formal"):
        return [i]
    refs = c["evidence"]["discharged_by"].values()
    out = [i]
    for r in refs:
        out += proof_slice_numbers(claims, r[0] if isinstance(r, list) else r)
    return out


_CACHE: list = []


@pytest.fixture(scope="session")
def certificates() -> list[tuple[str, dict, object]]:
    if not _CACHE:
        _CACHE.extend(_pool())
    return _CACHE


_COUNTS = {"mutants": 0, "accepted": 0, "harmless": 0, "true": 0}


@pytest.fixture(scope="session")
def tamper_counts() -> dict[str, int]:
    """The tamper campaign's tallies, printed in the terminal summary (CI reads the mutant count)."""
    return _COUNTS


def pytest_terminal_summary(terminalreporter):
    c = _COUNTS
    if c["mutants"]:
        terminalreporter.write_line(
            f"tamper campaign: {c['mutants']} mutants, {c['accepted']} accepted ({c['harmless']} harmless, "
            f"{c['true']} true by the producer's recomputation), 0 false accepts"
        )
