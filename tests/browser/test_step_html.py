"""The interactive step-through page in a real browser (headless Chromium over CDP).

The page is written by ``sci-oracle step --html`` (sci_oracle/pnas/step_html.py). The test moves
the level slider through every level and checks, against the exact oracle answers, what the DOM
shows: the answers of both members, "same" up to the hidden level h(n) and "differ" from h(n)+1.
"""

from __future__ import annotations

import os
import shutil
import time
from fractions import Fraction
from pathlib import Path

import pytest

from sci_oracle.algorithms.builtin import builtin
from sci_oracle.core.exact import sign
from sci_oracle.families.pnas import PNASFamily
from sci_oracle.pnas.step import answer_decimals, step_through
from sci_oracle.pnas.step_html import write_html


def _state(page, index: int) -> dict:
    return page.js(
        f"""(() => {{
        const s = document.getElementById('level'); s.value = {index};
        s.dispatchEvent(new Event('input'));
        return {{level: +document.getElementById('level-value').textContent,
                 mark: document.getElementById('mark').textContent,
                 m1: document.getElementById('ans-1-0').dataset.value,
                 cut1: document.getElementById('ans-1-0').dataset.cut,
                 shown1: document.getElementById('ans-1-0').textContent,
                 m2: document.getElementById('ans-2-0').dataset.value,
                 m1b: document.getElementById('ans-1-1').dataset.value,
                 m2b: document.getElementById('ans-2-1').dataset.value,
                 red: [...document.querySelectorAll('#answers .differ')].filter(e => e.textContent).length,
                 seen: +document.getElementById('transcript').dataset.count}};
        }})()"""
    )


def _within(text: str, exact, level: int) -> bool:
    # a shown answer is the exact dyadic truncated to d decimals: within 2^-m + 10^-d of the entry
    bound = Fraction(1, 2**level) + Fraction(1, 10 ** answer_decimals(level))
    return sign(abs(Fraction(text) - exact) - bound) <= 0


def test_slider_steps_through_every_level_with_exact_answers(open_page, tmp_path):
    t0 = time.monotonic()
    fam = PNASFamily("srlasso", K=3)
    st = step_through(builtin("tiebreak"), fam, name="tiebreak")
    h = st.hidden_level
    path = tmp_path / "step.html"
    write_html(st, path)
    page = open_page(path)

    assert page.js("document.getElementById('level').max") == str(len(st.rows) - 1)
    members = [m.A.entries()[0][0] for m in fam.pair(st.n)]
    levels_read = st.certificate.levels_read
    for i, (m, a1, _a2) in enumerate(st.rows):
        s = _state(page, i)
        assert s["level"] == m
        if m <= h:
            assert s["mark"] == "same", m
            assert s["m1"] == s["m2"]
            assert s["m1b"] == s["m2b"]
            assert s["red"] == 0
            # the shared answer is legal for both members
            assert _within(s["m1"], members[0], m)
            assert _within(s["m1"], members[1], m)
        else:
            assert s["mark"] == "differ", m
            assert s["m1"] != s["m2"]
            assert s["m1b"] != s["m2b"]
            assert s["red"] > 0
            assert _within(s["m1"], members[0], m)
            assert _within(s["m2"], members[1], m)
        assert Fraction(s["m1"]) <= a1[0] < Fraction(s["m1"]) + Fraction(1, 10 ** answer_decimals(m))
        # shown in full only when it is the exact dyadic; otherwise the page marks the cut
        assert (s["cut1"] == "1") == (Fraction(s["m1"]) != a1[0])
        assert s["shown1"].endswith("…") == (s["cut1"] == "1")
        # the transcript so far: every query at a level <= m
        assert s["seen"] == sum(1 for a in st.transcript if a.query.level <= m)
        if m == levels_read:
            assert s["seen"] == len(st.transcript) > 0

    # the "differ" mark first appears at exactly h(n) + 1
    first_differ = next(i for i, (m, _, _) in enumerate(st.rows) if m == h + 1)
    assert _state(page, first_differ - 1)["mark"] == "same"
    assert _state(page, first_differ)["mark"] == "differ"

    # the minimisers' digit row marks digit K and they differ from digit K on
    marked = page.js("[...document.querySelectorAll('#digits .digitK')].map(e => e.textContent)")
    assert marked[0] == str(fam.K)  # header cell
    assert page.js("document.getElementById('first-digit').textContent") == str(st.first_digit) == "3"

    # the buttons step one level at a time
    _state(page, 0)
    assert (
        page.js("document.getElementById('next').click(); +document.getElementById('level-value').textContent")
        == (st.rows[1][0])
    )
    assert (
        page.js("document.getElementById('prev').click(); +document.getElementById('level-value').textContent")
        == (st.rows[0][0])
    )

    _state(page, first_differ)
    shot = tmp_path / "step.png"
    page.screenshot(shot)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    if os.environ.get("SCI_ORACLE_SCREENSHOTS"):
        shutil.copy(shot, Path(os.environ["SCI_ORACLE_SCREENSHOTS"]) / "step_html.png")
    assert time.monotonic() - t0 < 60


def test_page_for_K_1000_is_small_and_offline(tmp_path):
    st = step_through(builtin("tiebreak"), PNASFamily("srlasso", K=1000), name="tiebreak")
    path = tmp_path / "step.html"
    size = write_html(st, path)
    text = path.read_text()
    assert size < 2 * 1024 * 1024
    assert "http://" not in text
    assert "https://" not in text
    assert "<script src" not in text
    assert st.first_digit == 1000


# every box of the page, measured after layout: nothing may reach past the right edge of the
# window, and the page may not scroll sideways
_OVERFLOW = """(() => {
  const W = window.innerWidth, out = [];
  for (const id of ['answers', 'forced', 'forced-value', 'transcript', 'gap', 'digits', 'verdict', 'story']) {
    const r = document.getElementById(id).getBoundingClientRect();
    if (r.right > W + 0.5) out.push(id + ' ends at ' + Math.round(r.right) + ' px');
  }
  const sw = document.documentElement.scrollWidth;
  if (sw > W) out.push('the page scrolls sideways: ' + sw + ' px wide');
  return out;
})()"""


@pytest.mark.parametrize("K", [3, 100, 1000])
def test_page_fits_a_1280_px_screen_at_any_K(open_page, tmp_path, K):
    st = step_through(builtin("tiebreak"), PNASFamily("srlasso", K=K), name="tiebreak")
    path = tmp_path / "step.html"
    write_html(st, path)
    page = open_page(path)
    page.viewport(1280, 800)
    last = len(st.rows) - 1
    for index in (0, next(i for i, (m, _, _) in enumerate(st.rows) if m == st.hidden_level), last):
        for chars in (40, 4000):  # the default window and the widest the box allows
            page.js(f"document.getElementById('width').value = {chars}")
            _state(page, index)
            assert page.js(_OVERFLOW) == [], (K, index, chars)
    # the gap chart is on screen, beside the answers, not pushed below or off to the right
    gap = page.js(
        "(() => { const r = document.getElementById('gap').getBoundingClientRect(); return [r.left, r.right, r.width]; })()"
    )
    assert gap[2] > 300
    assert gap[1] <= 1280
    if os.environ.get("SCI_ORACLE_SCREENSHOTS"):
        page.screenshot(Path(os.environ["SCI_ORACLE_SCREENSHOTS"]) / f"step_html_K{K}.png")
