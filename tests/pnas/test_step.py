"""sci-oracle step in the terminal: every level, digit window, plain English, --pause, bad input."""

from __future__ import annotations

import io
import re

import pytest
from rich.console import Console

from sci_oracle.algorithms.builtin import builtin
from sci_oracle.cli.main import main
from sci_oracle.families.pnas import PNASFamily
from sci_oracle.pnas.step import answer_decimals, plural, step_through


def _render(st, **kw) -> str:
    buf = io.StringIO()
    st.render(Console(file=buf, width=100, color_system=None), **kw)
    return buf.getvalue()


def test_every_level_by_default_and_answers_agree_exactly_up_to_h():
    st = step_through(builtin("tiebreak"), PNASFamily("srlasso", K=3), name="tiebreak")
    h = st.hidden_level
    assert [m for m, _, _ in st.rows] == list(range(1, h + 4))  # no skipped levels
    for m, a1, a2 in st.rows:
        assert (a1 == a2) == (m <= h)
        # an answer at level m is a dyadic with denominator dividing 2^m
        assert all((2**m * v).denominator == 1 for v in a1 + a2)


def test_K_100_fits_100_columns_and_shows_the_differing_digits():
    st = step_through(builtin("tiebreak"), PNASFamily("srlasso", K=100), name="tiebreak")
    text = _render(st)
    assert max(len(line) for line in text.splitlines()) <= 100
    assert "level" in text
    assert "differ" in text
    assert "same" in text
    assert "digit 100 (K = 100)" in text
    # the digit window around K: digit 100 is shown in brackets, 5 places after it
    assert re.search(r"…0+\[2\]12132", text)
    for word in ("None", "True", "False", "1 digits", "PNASFamily("):
        assert word not in text


def test_plural():
    assert plural(1, "digit") == "1 digit"
    assert plural(0, "digit") == "0 digits"
    assert plural(14, "digit") == "14 digits"


def test_answer_decimals_separate_distinct_dyadics():
    # 10^-d < 2^-m, so two level-m dyadics never truncate to the same string
    for m in range(0, 200):
        assert 10 ** answer_decimals(m) > 2**m


def test_levels_window_and_pair_choice():
    fam = PNASFamily("srlasso", K=3)
    st = step_through(builtin("tiebreak"), fam, levels=(28, 33), n=40)
    assert [m for m, _, _ in st.rows] == list(range(28, 34))
    assert st.n == 40
    assert st.hidden_level == fam.agreement_level(40)
    assert all(a1 == a2 for _, a1, a2 in st.rows)  # all these levels are below h(40)


def test_pause_steps_level_by_level():
    st = step_through(builtin("tiebreak"), PNASFamily("srlasso", K=3), levels=(29, 33))
    answers = iter(["", "", "q"])
    text = _render(st, pause=True, input_fn=lambda _prompt: next(answers))
    assert "level 29:" in text
    assert "level 31:" in text
    assert "level 32:" not in text  # stopped with q after level 31


@pytest.mark.parametrize(
    ("argv", "msg"),
    [
        (["step", "--levels", "5"], "levels='5' is invalid"),
        (["step", "--levels", "9:3"], "0 <= a <= b"),
        (["step", "--levels", "0:5000"], "at most 2000 levels"),
        (["step", "--n", "3"], "n=3 is invalid"),
        (["step", "--width", "2"], "--width=2 is invalid"),
        (["step", "--lam", "abc"], "--lam=abc is invalid: expected an exact rational"),
        (["step", "--lam", "-1"], "must be > 0"),
        (["step", "--eps", "1/10"], "only --problem qcbp"),
        (["step", "--problem", "qcbp", "--lam", "2"], "no lambda"),
        (["step", "--N1", "1"], "N1"),
    ],
)
def test_bad_input_names_the_parameter(argv, msg, capsys):
    assert main(argv) == 2
    assert msg in capsys.readouterr().err


def test_family_options_pass_through(capsys):
    assert main(["step", "--problem", "qcbp", "--eps", "1/5", "--N1", "3", "--N2", "1", "--json", "-"]) == 0
    out = capsys.readouterr().out
    assert '"eps": "1/5"' in out
    assert '"N1": 3' in out
    assert main(["step", "--problem", "ulasso", "--lam", "1/2", "--mixing", "householder"]) == 0
    assert "householder mixing" in capsys.readouterr().out


def test_plot_shows_both_halves(tmp_path):
    pytest.importorskip("matplotlib")
    import matplotlib.image as mpimg

    a, b = tmp_path / "k3.png", tmp_path / "k20.png"
    assert main(["step", "--K", "3", "--plot", str(a)]) == 0
    assert main(["step", "--K", "20", "--plot", str(b)]) == 0
    ia, ib = mpimg.imread(a), mpimg.imread(b)
    assert ia.shape[1] > ia.shape[0]  # two panels side by side
    assert ia.shape != ib.shape or (ia != ib).any()  # the digit panel depends on K


def test_html_from_the_command_line(tmp_path, capsys):
    out = tmp_path / "step.html"
    assert main(["step", "--K", "3", "--algorithm", "tiebreak", "--html", str(out)]) == 0
    text = out.read_text()
    assert text.startswith("<!DOCTYPE html>")
    assert 'id="level"' in text
    assert "works offline" in capsys.readouterr().out
