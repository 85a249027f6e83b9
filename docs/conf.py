"""Sphinx configuration for the sci_oracle documentation site.

Build from the repository root (see docs/README.md):

    python -m sphinx -W -c docs . build/docs

The source directory is the repository root so that the course lessons (course/*.md, MyST
notebooks) and the README are pages without being copied; ``include_patterns`` keeps everything
else out. The lessons are executed during the build (``nb_execution_mode = "cache"``: a fresh
build runs every lesson; a rebuild reruns only the lessons that changed), so the site shows
their real output and figures, and a lesson that fails to run fails the build. Each lesson gets
a download link: a zip with its notebook and the helpers it imports. The site's root gets an
``index.html`` that leads to ``docs/index.html``.
"""

from __future__ import annotations

import re
import sys
import zipfile
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

nb_execution_mode = "cache"  # run the lessons; tests/course also runs them with their solutions
nb_execution_timeout = 300
nb_execution_raise_on_error = True  # a lesson that fails to run fails the build
nb_execution_show_tb = True
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
html_theme_options = {"page_width": "1120px", "sidebar_width": "230px"}
html_static_path = ["_static"]  # relative to docs/, the configuration folder
html_css_files = ["site.css"]
html_extra_path = ["_root"]  # index.html at the site's root

LESSON = re.compile(r"course/(lesson(\d\d)_\w+)$")
DOWNLOADS = ROOT / "course" / "build" / "download"  # git-ignored, like open.py's notebooks


def _lesson_zips(app):
    """One zip per lesson: the notebook (unexecuted, as a student starts it) and the helpers."""
    from myst_nb.core.read import read_myst_markdown_notebook
    from nbformat import writes

    DOWNLOADS.mkdir(parents=True, exist_ok=True)
    for lesson in sorted((ROOT / "course").glob("lesson[0-9][0-9]_*.md")):
        nb = read_myst_markdown_notebook(lesson.read_text(encoding="utf-8"))
        nb.metadata.pop("jupytext", None)
        with zipfile.ZipFile(DOWNLOADS / f"{lesson.stem}.zip", "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr(f"{lesson.stem}/{lesson.stem}.ipynb", writes(nb))
            for helper in ("_checks.py", "_figures.py"):
                z.write(ROOT / "course" / helper, f"{lesson.stem}/{helper}")
            z.writestr(
                f"{lesson.stem}/README.txt",
                "Open the notebook in Jupyter from this folder; it imports _checks.py and _figures.py\n"
                "next to it. It needs sci_oracle with its course extra: in a clone of the repository,\n"
                "pip install '.[course]' (or use python course/open.py N there, which keeps your work).\n",
            )


def _lesson_header(app, docname, source):
    """Put the lesson's download link under its title (the notebook itself does not need it)."""
    m = LESSON.match(docname)
    if not m:
        return
    stem, number = m.group(1), int(m.group(2))
    link = (
        f"{{download}}`Download this lesson </course/build/download/{stem}.zip>` (the notebook and "
        f"its two helper files, zipped), or in a clone: `python course/open.py {number}`.\n"
    )
    source[0] = re.sub(r"^(# .+\n)", lambda h: h.group(1) + "\n" + link, source[0], count=1, flags=re.M)


def _docstring_as_text(app, what, name, obj, options, lines):
    """Show docstrings verbatim. They are written as plain text with the papers' notation
    (|x − y|, ‖A‖, [1]), which reStructuredText would misread as markup."""
    if not any(line.strip() for line in lines):
        return
    body = ["    " + line if line.strip() else "" for line in lines]
    lines[:] = [".. code-block:: text", "", *body, ""]


def setup(app):
    app.connect("builder-inited", _lesson_zips)
    app.connect("source-read", _lesson_header)
    app.connect("autodoc-process-docstring", _docstring_as_text)
