"""The glossary defines every term the course and the command output use."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TERMS = [
    "Δ1 oracle",
    "Level",
    "Dyadic",
    "Transcript",
    "Limit (tie) instance",
    "Member, pair n",
    "Hidden level h(n)",
    "Forced output",
    "K digits",
    "Coupled seeds",
    "Sample adversary",
    "Verdict: refuted / certified / unknown",
    "Scope",
    "NH (never halted)",
    "Lemma U (uniqueness)",
    "FIRENET",
    "Restart",
    "Piece bound",
    "Dichotomy (inaccurate or unstable)",
    "False structure",
]


def test_every_term_has_an_entry():
    text = (ROOT / "course" / "glossary.md").read_text()
    defined = re.findall(r"^\*\*(.+?)\.\*\*", text, flags=re.M)
    for term in TERMS:
        assert any(d.startswith(term) for d in defined), term


def test_terms_printed_by_step_are_defined():
    from sci_oracle.cli.main import main  # noqa: F401

    text = (ROOT / "course" / "glossary.md").read_text().lower()
    for word in ("hidden level", "forced output", "transcript", "limit", "level", "refuted", "digit $k$"):
        assert word in text, word
