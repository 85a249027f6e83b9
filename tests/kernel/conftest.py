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
        out.append((f"barrier {problem} {kw}", find_barrier(alg, fam).to_json(), alg))
    alg = OneSparseSolver(20)
    out.append(("step srlasso", step_through(alg, PNASFamily("srlasso", K=4)).to_json(), alg))
    for problem in ("srlasso", "qcbp"):
        alg = Midpoint(30)
        report = check(alg, problem, K=3, isolated=False, members=(4, 16))
        out.append((f"check {problem}", report.to_json(), alg))
    from sci_oracle.algorithms.builtin import coin_flip
    from sci_oracle.algorithms.training import SignSearchTrainer
    from sci_oracle.families.training import TrainingFamily

    trainer = SignSearchTrainer()
    out.append(("barrier training ulasso", find_barrier(trainer, TrainingFamily("ulasso", 3, R=3)).to_json(), trainer))
    coin = coin_flip(30, seeds=(0, 1))
    out.append(("check coin-flip", check(coin, "srlasso", K=3, isolated=False, members=(4,)).to_json(), coin))
    zero = Zero()
    report = check(zero, "ulasso", K=3, isolated=False, members=(4,))
    out.append(("check zero ulasso", report.to_json(), zero))
    w = report.witnesses()[0]
    out.append(
        ("run witness", RunWitness(w.family, w.j, w.n, w.seed, w.digits, w.transcript, w.output).to_json(), zero)
    )
    # `prove`: one document per claim (a cited lemma travels with the claims that discharge it);
    # each run's algorithm is rebuilt from its description for the rerun (algorithm None)
    from sci_oracle.cli.prove import load_proof

    doc = load_proof("theorem1").prove(K=3, levels=(10,)).to_dict()
    head = {k: v for k, v in doc.items() if k not in ("claims", "all_certified")}
    for c in doc["claims"]:
        claims = [c]
        if c["scope"] in ("lemma", "formal"):
            used = sorted(set(c["evidence"]["discharged_by"].values()))
            lemma = {
                **c,
                "evidence": {
                    **c["evidence"],  # a formal claim keeps its Coq citation
                    "discharged_by": {h: used.index(k) + 1 for h, k in c["evidence"]["discharged_by"].items()},
                },
            }
            claims = [doc["claims"][k - 1] for k in used] + [lemma]
        out.append((f"prove {c['name']}", {**head, "claims": claims}, None))
    # check-class: small runs of a deterministic and a randomised class (each algorithm rebuilt
    # from its printed description for the rerun)
    from sci_oracle.harness.class_properties import check_class

    for spec, n in (("query-plans", 3), ("randomised", 2)):
        report = check_class(spec, max_examples=n, seed=1)
        out.append((f"check-class {spec}", report.to_json(), None))
    # table1: one entry (K = 1, n = 10), both step rules
    from sci_oracle.pnas.table1 import FAST, run_table1, with_grid

    out.append(("table1", run_table1(with_grid(FAST, [1], [10])), None))
    # round-trip through text, as a file would be
    return [(name, json.loads(json.dumps(doc, default=str)), alg) for name, doc, alg in out]


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
