"""The documentation site as a reader meets it: an index at its root, navigation without drafting
notes, and the course executed, with figures, maths markup, download links and code that fits.

Slow (``-m slow``): builds the site with Sphinx, as CI does, unless ``SCI_ORACLE_DOCS`` names a
site already built (``.ci/run`` sets it after its own build). The layout check runs in headless
Chromium (tests/browser/conftest.py) and skips without it.
"""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
LESSONS = sorted(p.stem for p in (ROOT / "course").glob("lesson[0-9][0-9]_*.md"))


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    given = os.environ.get("SCI_ORACLE_DOCS")
    if given:
        return Path(given)
    pytest.importorskip("sphinx", reason="the docs need their extra: pip install '.[docs]'")
    pytest.importorskip("myst_nb", reason="the docs need their extra: pip install '.[docs]'")
    out = tmp_path_factory.mktemp("docs")
    res = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-c", "docs", ".", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert res.returncode == 0, res.stderr[-3000:]
    return out


def _text(page: str) -> str:
    """The visible text of a page, without scripts, code, and maths (MathJax markup)."""
    page = re.sub(r"<(script|style)\b.*?</\1>", "", page, flags=re.S)
    page = re.sub(r'<span class="math[^"]*">.*?</span>', "", page, flags=re.S)
    page = re.sub(r'<div class="math[^"]*">.*?</div>', "", page, flags=re.S)
    page = re.sub(r"<pre\b.*?</pre>", "", page, flags=re.S)
    page = re.sub(r'<code class="docutils literal[^"]*">.*?</code>', "", page, flags=re.S)
    page = re.sub(r"<a [^>]*>|</a>", "", page)
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def test_an_index_at_the_root_leads_to_the_docs(site):
    root = (site / "index.html").read_text()
    assert 'href="docs/index.html"' in root
    assert (site / "docs" / "index.html").exists()


def test_navigation_titles_carry_no_drafting_notes(site):
    index = (site / "docs" / "index.html").read_text()
    nav = re.findall(r'<li class="toctree-l1"><a [^>]*>(.*?)</a>', index, flags=re.S)
    assert len(nav) >= 15
    for title in nav:
        assert not re.search(r"\bissue \d+|\bdraft\b", html.unescape(title), flags=re.I), title
    for page in site.rglob("*.html"):
        title = re.search(r"<title>(.*?)</title>", page.read_text(), flags=re.S)
        if title:
            assert not re.search(r"\bissue \d+|\bdraft\b", title.group(1), flags=re.I), (page, title.group(1))


@pytest.mark.parametrize("lesson", LESSONS)
def test_each_lesson_is_executed_with_figures_maths_and_a_download(site, lesson):
    page = (site / "course" / f"{lesson}.html").read_text()
    # executed: outputs are on the page, and at least one is a figure drawn by the lesson
    assert page.count('class="cell_output') >= 3
    images = re.findall(r'<img [^>]*src="([^"]+)"', page)
    assert images, f"{lesson}: no figure on the page"
    for src in images:
        assert (site / "course" / src).resolve().stat().st_size > 5000  # a real plot, not a stub
    # maths is MathJax markup, never plain text such as 2^-(n+1)
    assert page.count('class="math notranslate nohighlight"') >= 5
    assert "mathjax" in page.lower()
    text = _text(page)
    assert not re.search(r"\d\^|\^-|\b[A-Za-z]_[A-Za-z0-9]\b", text), re.findall(r".{30}(?:\^|_).{20}", text)[:3]
    # the time estimate and the learning goals, and a zip with the notebook and its helpers
    assert re.search(r"Time:\s*about \d+ minutes", text)
    assert "Learning goals" in text
    zips = re.findall(r'<a class="reference download internal"[^>]*href="([^"]+\.zip)"', page)
    assert len(zips) == 1, zips
    with zipfile.ZipFile(site / "course" / zips[0]) as z:
        names = set(z.namelist())
    assert {f"{lesson}/{lesson}.ipynb", f"{lesson}/_checks.py", f"{lesson}/_figures.py"} <= names


_CLIPPED = """(() => {
  const W = window.innerWidth, out = [];
  for (const p of document.querySelectorAll('div.cell pre, div.cell_output pre')) {
    if (p.scrollWidth > p.clientWidth + 1) out.push('scrolls: ' + p.textContent.slice(0, 60));
    if (p.getBoundingClientRect().right > W) out.push('off screen: ' + p.textContent.slice(0, 60));
  }
  for (const img of document.querySelectorAll('div.cell_output img')) {
    if (!img.complete || img.naturalWidth === 0) out.push('not loaded: ' + img.src);
    if (img.getBoundingClientRect().right > W) out.push('off screen: ' + img.src);
  }
  return out;
})()"""


def test_lesson_code_and_figures_fit_a_1280_px_screen(site, open_page):
    page = open_page(site / "course" / f"{LESSONS[0]}.html")
    page.viewport(1280, 900)
    for lesson in LESSONS:
        page.goto(site / "course" / f"{lesson}.html")
        assert page.js("document.querySelectorAll('div.cell_output img').length") >= 1, lesson
        assert page.js(_CLIPPED) == [], lesson
