"""sci-oracle prove --latex [--beamer]: the theorem and every claim with its scope, as real maths.

The notation of the claims' details (2^-(n+1), a_j, ‖x¹ − x²‖, ε) must come out as typeset maths:
no literal caret or underscore in the text, no Unicode names such as "[leftwards arrow]", no
dictionaries or internal keys. The compile tests need pdflatex (with beamer) and pdftotext; they
skip without them, except where ``SCI_ORACLE_REQUIRE_TEX=1`` (set by .ci/run, which installs
Debian's texlive and poppler-utils) makes a missing tool a failure.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import unicodedata

import pytest

from sci_oracle.cli.latex import latex_escape, prose_to_latex, report_to_beamer, report_to_latex, write_latex
from sci_oracle.cli.main import main
from sci_oracle.cli.prove import load_proof
from sci_oracle.kernel import statements


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


def _is_unicode_name(name: str) -> bool:
    try:
        unicodedata.lookup(name)
    except KeyError:
        return False
    return True


def _math_balanced(text: str) -> bool:
    return len(re.findall(r"(?<!\\)\$", text)) % 2 == 0


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    """`prove --latex` on the default theorem (all three problems), its run report (names, details)
    and certificate, and the slides of the same proof."""
    d = tmp_path_factory.mktemp("latex")
    tex, js, rp = d / "prove.tex", d / "prove.json", d / "run.json"
    assert main(["prove", "--quiet", "--latex", str(tex), "--json", str(js), "--report", str(rp)]) == 0
    report, certificate = json.loads(rp.read_text()), json.loads(js.read_text())
    slides = write_latex(load_proof("theorem1").prove(), d / "slides.tex", beamer=True)
    return tex, slides, report, certificate


def test_every_claim_with_its_scope(written):
    tex, slides, report, certificate = written
    for path in (tex, slides):
        text = path.read_text(encoding="ascii")  # plain ASCII: pdflatex needs no Unicode setup
        assert text.startswith(r"\documentclass")
        assert r"\end{document}" in text
        assert _balanced(text)
        assert _math_balanced(text)
        assert "$$" not in text.replace(r"\$", "")  # inline maths never touch: $$ would be display maths
        assert "scope: all-parameters" in text
        assert "scope: formal" in text  # Lemma 1 is proved in Coq
    article = tex.read_text()
    assert article.count(r"\item \textbf{") == len(report["claims"]) > 0
    for claim in report["claims"]:
        assert prose_to_latex(claim["name"]) in article
        assert prose_to_latex(claim["detail"]) in article
    # each claim's statement is the kernel's, as sci-oracle verify prints it
    for text, _parts in statements(certificate):
        assert prose_to_latex(text) in article
        assert prose_to_latex(text) in slides.read_text()
    assert r"\documentclass[11pt,aspectratio=169]{beamer}" in slides.read_text()
    assert slides.read_text().count(r"\begin{frame}[allowframebreaks]") == len(report["claims"])


def test_notation_is_maths_not_text(written):
    tex, slides, *_ = written
    for path in (tex, slides):
        text = path.read_text()
        outside_code = re.sub(r"\\texttt\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}", "", text)
        assert r"\^{}" not in text
        assert r"\textasciicircum" not in text
        assert r"\_" not in outside_code  # a_j is $a_{j}$; underscores stay only in code names
        assert "[leftwards arrow]" not in text
        assert not [n for n in re.findall(r"\[([a-z -]+)\]", text) if _is_unicode_name(n)]
        assert "first_claim" not in text
        assert "Key numbers" not in text
        assert '{"' not in text
        assert "2^{-(n+1)}" in text
        assert r"\le" in text


def test_prose_to_latex_examples():
    assert prose_to_latex("within 2^-(n+1) of ι⁰") == r"within $2^{-(n+1)}$ of $\iota ^{0}$"
    assert prose_to_latex("for all K ≥ 3, n ≥ 1: z = t(a_j)·e_j") == (
        r"for all $K \ge  3$, $n \ge  1$: $z = t(a_{j})\cdot e_{j}$"
    )
    assert prose_to_latex("‖x¹_n − x²_n‖ = √2·t(c)") == r"$\| x^{1}_{n} - x^{2}_{n}\|  = \sqrt{2}\cdot t(c)$"
    assert prose_to_latex("tie segment ← claim 1") == r"tie segment $\leftarrow$ claim 1"
    assert prose_to_latex("unique by Lemma U") == "unique by Lemma U"  # a name, not a variable
    # code names and files are typewriter text; a dictionary becomes words
    assert prose_to_latex("OneSparseSolver(level=30): read") == r"\texttt{OneSparseSolver(\allowbreak{}level=30)}: read"
    assert prose_to_latex("see proofs/LEMMA.md") == r"see \texttt{proofs/LEMMA.md}"
    words = prose_to_latex("tally: {'[3] planted': {'inaccurate': 0, 'unstable': 2}}")
    assert "{'" not in words
    assert "inaccurate: 0; unstable: 2" in words
    # the ASCII spellings of the classification proofs
    assert prose_to_latex("errors >= ceil((A-P)/2), ||eta|| <= 1/64") == (
        r"errors $\ge  \lceil (A-P)/2\rceil$, $\| \eta \|  \le  1/64$"
    )


def test_escaping():
    assert latex_escape("50% a_b & #1 ~ ^") == r"50\% a\_b \& \#1 \texttt{\char126} \texttt{\char94}"
    assert latex_escape("λ·ε ≤ √2") == r"$\lambda \cdot \varepsilon$ $\le$ $\surd$2"
    assert latex_escape("{x}") == r"$\{$x$\}$"
    assert all(ord(c) < 128 for c in latex_escape("Vlačić ℓ¹ ∏(N_i+1) … — ⌈(A−P)/2⌉ ☃"))


def test_report_without_claims_still_compiles_structurally():
    for text in (
        report_to_latex({"theorem": "T", "parameters": {}, "claims": []}),
        report_to_beamer({"theorem": "T", "parameters": {}, "claims": []}),
    ):
        assert _balanced(text)
        assert "0 of 0 claims" in text


def test_beamer_needs_latex(capsys):
    assert main(["prove", "--beamer"]) == 2
    assert "--beamer is invalid without --latex" in capsys.readouterr().err


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        if os.environ.get("SCI_ORACLE_REQUIRE_TEX") == "1":
            pytest.fail(f"{name} is required here (SCI_ORACLE_REQUIRE_TEX=1) but not installed")
        pytest.skip(f"{name} is not installed (Debian: texlive-latex-recommended texlive-pictures poppler-utils)")
    return path


@pytest.mark.parametrize("kind", ["article", "beamer"])
def test_compiles_and_the_pdf_text_is_clean(written, tmp_path, kind):
    pdflatex, pdftotext = _tool("pdflatex"), _tool("pdftotext")
    tex = written[0] if kind == "article" else written[1]
    res = subprocess.run(
        [pdflatex, "-interaction=nonstopmode", "-halt-on-error", str(tex)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert res.returncode == 0, res.stdout[-3000:]
    log = (tmp_path / tex.with_suffix(".log").name).read_text(errors="replace")
    assert "Missing character" not in log  # a glyph the fonts do not have
    pdf = tmp_path / tex.with_suffix(".pdf").name
    text = subprocess.run([pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "ˆ" not in text  # a caret typeset as a text accent
    assert "^" not in text
    assert "[leftwards arrow]" not in text
    assert not [n for n in re.findall(r"\[([a-z -]+)\]", text) if _is_unicode_name(n)]
    assert "\ufffd" not in text  # a glyph pdftotext cannot name
    assert "U+" not in text
    assert not re.search(r"(?<![A-Za-z])[A-Za-z]_[A-Za-z0-9]", text)  # a_j left as text
    assert "first_claim" not in text
    assert "≤" in text  # the notation went through the maths fonts
    assert "δ" in text
    if kind == "beamer":
        pages = text.count("\f")
        assert pages >= len(written[2]["claims"]) + 2  # title, summary, one or more per claim
