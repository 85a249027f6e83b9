"""sci-oracle prove --latex: the theorem, every claim with its scope and key numbers, as LaTeX."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

from sci_oracle.cli.latex import latex_escape, report_to_latex
from sci_oracle.cli.main import main


def _balanced(text: str) -> bool:
    depth = 0
    for m in re.finditer(r"\\.|[{}]", text):
        tok = m.group()
        if tok == "{":
            depth += 1
        elif tok == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    d = tmp_path_factory.mktemp("latex")
    tex, js = d / "prove.tex", d / "prove.json"
    assert main(["prove", "--problem", "srlasso", "--quiet", "--latex", str(tex), "--json", str(js)]) == 0
    return tex, json.loads(js.read_text())


def test_every_claim_with_scope_and_numbers(written):
    tex, report = written
    text = tex.read_text(encoding="ascii")  # plain ASCII: pdflatex needs no Unicode setup
    assert text.startswith(r"\documentclass")
    assert r"\end{document}" in text
    assert _balanced(text)
    assert text.count(r"\item ") == len(report["claims"]) > 0  # the certificate holds every claim of theorem1
    for claim in report["claims"]:
        assert f"scope: {claim['scope']}" in text
    from sci_oracle.cli.prove import load_proof

    shown = load_proof("theorem1").prove(problems=("srlasso",)).to_dict()  # the names are the report's
    for claim in shown["claims"]:
        assert latex_escape(claim["name"]) in text
    assert "Key numbers" in text
    assert latex_escape(shown["theorem"]) in text
    # inline maths never touch: $$ would start display math
    assert "$$" not in text.replace(r"\$", "")


def test_escaping():
    assert latex_escape("50% a_b & #1 {x} ~ ^") == r"50\% a\_b \& \#1 \{x\} \~{} \^{}"
    out = latex_escape("λ·ε ≤ √2")
    assert out == r"$\lambda \cdot \varepsilon$ $\le$ $\surd$2"
    assert all(ord(c) < 128 for c in latex_escape("Vlačić ℓ¹ ∏(N_i+1) … — ⌈(A−P)/2⌉ ☃"))


def test_report_dict_without_claims_still_compiles_structurally():
    text = report_to_latex({"theorem": "T", "parameters": {}, "claims": []})
    assert _balanced(text)
    assert "0 of 0 claims" in text


ENGINES = [e for e in ("pdflatex", "xelatex", "lualatex", "tectonic") if shutil.which(e)]


@pytest.mark.skipif(not ENGINES, reason="no TeX engine installed (pdflatex, xelatex, lualatex or tectonic)")
def test_compiles(written, tmp_path):
    tex, _ = written
    engine = ENGINES[0]
    cmd = (
        [engine, str(tex)] if engine == "tectonic" else [engine, "-interaction=nonstopmode", "-halt-on-error", str(tex)]
    )
    res = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stdout[-2000:]
