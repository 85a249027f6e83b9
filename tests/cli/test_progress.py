"""The progress helper: drawn on a terminal, silent on pipes and with --quiet."""

from __future__ import annotations

import io

import pytest

from sci_oracle.cli.main import build_parser
from sci_oracle.cli.progress import enabled, progress


class FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_drawn_on_a_terminal():
    out = FakeTTY()
    with progress("working", total=2, stream=out) as p:
        p.advance("half")
        p.advance("done")
    assert "working" in out.getvalue() or "half" in out.getvalue() or "done" in out.getvalue()


def test_silent_on_a_pipe_and_with_quiet():
    pipe = io.StringIO()
    with progress("working", stream=pipe) as p:
        p.advance("x")
    assert pipe.getvalue() == ""
    tty = FakeTTY()
    with progress("working", stream=tty, quiet=True) as p:
        p.advance("x")
    assert tty.getvalue() == ""
    assert enabled(FakeTTY()) is True
    assert enabled(FakeTTY(), quiet=True) is False
    assert enabled(io.StringIO()) is False


@pytest.mark.parametrize(
    "argv", [["firenet-demo", "--quiet"], ["bhv-demo", "--quiet"], ["prove", "false-structures", "--quiet"]]
)
def test_long_commands_take_quiet(argv):
    assert build_parser().parse_args(argv).quiet is True


def test_prove_stays_clean_on_a_pipe(capsys):
    from sci_oracle.cli.main import main

    assert main(["prove", "--problem", "srlasso", "--quiet"]) == 0
    assert "━" not in capsys.readouterr().err
