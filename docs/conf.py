"""Sphinx configuration for the sci_oracle documentation site.

Build from the repository root (see docs/README.md):

    python -m sphinx -W -c docs . build/docs

The source directory is the repository root so that the course lessons (course/*.md, MyST
notebooks) and the README are pages without being copied; ``include_patterns`` keeps everything
else out. Notebooks are rendered, never executed here: tests/course executes them.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

project = "sci_oracle"
author = "the sci_oracle authors"
copyright = "2026, the sci_oracle authors"
release = "0.1.0"

extensions = ["myst_nb", "sphinx.ext.autodoc", "sphinx.ext.mathjax"]
root_doc = "docs/index"
include_patterns = ["docs/**", "course/*.md", "README.md", "proofs/LEMMA.md"]
exclude_patterns = ["docs/README.md", "build", ".venv", "**/.ipynb_checkpoints"]

nb_execution_mode = "off"  # the course runs in tests/course, not in the docs build
myst_enable_extensions = ["dollarmath", "colon_fence"]
myst_heading_anchors = 3
suppress_warnings = [
    "myst.header",  # the README starts at H1 and jumps levels in places
    "misc.highlighting_failure",  # console transcripts with box-drawing characters
]

autodoc_member_order = "bysource"
autodoc_typehints = "none"  # signatures stay readable; types are in the docstrings
autodoc_default_options = {"members": True, "undoc-members": False}

html_theme = "alabaster"
html_title = "sci_oracle"
html_static_path: list[str] = []


def _docstring_as_text(app, what, name, obj, options, lines):
    """Show docstrings verbatim. They are written as plain text with the papers' notation
    (|x − y|, ‖A‖, [1]), which reStructuredText would misread as markup."""
    if not any(line.strip() for line in lines):
        return
    body = ["    " + line if line.strip() else "" for line in lines]
    lines[:] = [".. code-block:: text", "", *body, ""]


def _optional_theory(app, docname, source):
    """Drop the Theory section from the index while docs/theory.md does not exist."""
    if docname == "docs/index" and not (ROOT / "docs" / "theory.md").exists():
        start = source[0].find("```{toctree}\n:maxdepth: 1\n:caption: Theory")
        if start >= 0:
            end = source[0].find("```", source[0].find("theory*", start)) + 3
            source[0] = source[0][:start] + source[0][end:]


def setup(app):
    app.connect("autodoc-process-docstring", _docstring_as_text)
    app.connect("source-read", _optional_theory)
