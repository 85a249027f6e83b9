"""proofs/coq: the generated files are the kernel's fact statements, reproducibly; no proof has a gap;
the audit allows only the standard reals' axioms (and classical logic in Witnesses.v); coqchk (slow)."""

from __future__ import annotations

import importlib.util
import re

import pytest

from sci_oracle.kernel import facts, formal
from sci_oracle.kernel.numbers import KernelError

COQ = formal.coq_dir()


def _generator():
    spec = importlib.util.spec_from_file_location("coq_generate", COQ / "generate.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_generated_files_are_reproducible():
    gen = _generator()
    for problem, target in gen.TARGETS.items():
        assert target.read_text(encoding="utf-8") == gen.render(problem), f"{target.name}: run proofs/coq/generate.py"
    assert gen.AUDIT.read_text(encoding="utf-8") == gen.render_audit()
    assert gen.LINK.read_text(encoding="utf-8") == gen.render_link()


GEN = _generator()


def test_every_kernel_fact_step_is_a_coq_lemma_with_the_kernel_statement():
    text = "".join((COQ / f).read_text(encoding="utf-8") for f in ("FactsQCBP.v", "FactsULasso.v", "FactsSRLasso.v"))
    steps = GEN.fact_statements(facts.expected, facts._interval, KernelError)
    assert len(steps) == 74
    for name, _, _, statement in steps:
        assert f"Lemma {name} : {statement}.\nProof." in text, name
    assert len(re.findall(r"^Lemma ", text, flags=re.M)) == len(steps)


def test_statements_quantify_over_the_kernel_domain():
    steps = {n: s for n, _, _, s in GEN.fact_statements(facts.expected, facts._interval, KernelError)}
    sep = steps["ulasso_paper_separation_0"]
    assert sep.startswith("forall X delta rho : R, 1000 <= X -> 0 < delta <= (1 / 4) -> 0 < rho <= (1 / 4) -> 0 < ")
    assert "(sqrt 2)" in sep
    assert steps["srlasso_paper_kkt_2"].split(" -> ")[2] == "0 < rho <= (2 / 5)"
    assert steps["qcbp_rational_kkt_2"].startswith(
        "forall X delta w1 : R, 1000 <= X -> 0 < delta <= (1 / 4) -> 0 < w1 -> "
    )


def test_no_admitted_admit_or_axiom_in_proofs_coq():
    files = sorted(COQ.glob("*.v"))
    assert {f.name for f in files} == set(formal.project_files(COQ))
    for f in files:
        assert formal.forbidden(f.read_text(encoding="utf-8")) is None, f"{f.name} has a gap"


@pytest.mark.slow
@pytest.mark.skipif(formal.coqc_available() is not None, reason="coqc is not installed")
def test_audit_and_coqchk(capsys):
    problems = formal.audit(COQ, coqchk=True)
    assert problems == []
    out = capsys.readouterr().out
    assert out.count("ok  ") == len(formal.THEOREMS) + len(formal.WITNESSES) + 1  # THEOREMS has the links
    assert "classic" in out.split("weight_exists:")[1].splitlines()[0]  # where the file says so
