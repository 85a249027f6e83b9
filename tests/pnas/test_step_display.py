"""What `sci-oracle step` shows as oracle answers is either the exact dyadic or says it was cut."""

from __future__ import annotations

import io
from fractions import Fraction

from rich.console import Console

from sci_oracle.algorithms.builtin import builtin
from sci_oracle.families.pnas import PNASFamily
from sci_oracle.pnas.step import answer_decimals, step_through


def test_every_shown_answer_is_exact_or_marked_as_cut():
    st = step_through(builtin("tiebreak"), PNASFamily("srlasso", K=3), name="tiebreak")
    marked = 0
    for row in st.rows:
        m, a1, a2 = row
        for shown, exact in zip([*st.answer_strings(row)[0], *st.answer_strings(row)[1]], [*a1, *a2], strict=True):
            if shown.endswith("…"):
                marked += 1
                lo = Fraction(shown[:-1])
                assert lo < exact < lo + Fraction(1, 10 ** answer_decimals(m))  # cut, not rounded
            else:
                assert Fraction(shown) == exact  # shown in full: it is the dyadic
    assert marked > 0


def test_the_terminal_table_says_how_answers_were_cut():
    st = step_through(builtin("tiebreak"), PNASFamily("srlasso", K=3), name="tiebreak")
    buf = io.StringIO()
    st.render(Console(file=buf, width=100, color_system=None))
    text = buf.getvalue()
    assert "471.37…" in text  # level 3: 3771/8 = 471.375, cut after 2 decimals
    assert "471.375 " in text  # level 4: the same dyadic, now shown in full
    assert "cut (not rounded)" in " ".join(text.split())
    assert "exact dyadics" not in text


def test_pause_without_a_terminal_stops_stepping_instead_of_crashing():
    st = step_through(builtin("tiebreak"), PNASFamily("srlasso", K=3), levels=(29, 33))

    def eof(_prompt):
        raise EOFError

    buf = io.StringIO()
    st.render(Console(file=buf, width=100, color_system=None), pause=True, input_fn=eof)
    text = buf.getvalue()
    assert "level 29:" in text
    assert "level 30:" not in text
    assert "Verdict" in text
