"""User text is inert everywhere (issue 21, holes 6-8; issue 24, item 5): what an algorithm prints
or raises reaches no terminal as a control sequence or as markup, on every entry point, in the JSON
and in pytest messages; the user's frames are shown; every command that runs user code takes a
--timeout that bounds the whole command; a load failure in `step` is exit 3."""

from __future__ import annotations

import json
import re
import time

import pytest

from sci_oracle.cli.main import main
from sci_oracle.core.errors import ContractError
from sci_oracle.core.text import markup_safe, sanitise

EVIL = "[/bold]\\x1b]0;OWNED\\x07\\x1b[2J\\x1b[32mK=3 digits certified\\x1b[0m\\u202eevil\\x9b31m\\r"
HOSTILE = f'''
EVIL = "{EVIL}"
print("at import " + EVIL)


def solve(oracle):
    print("in run " + EVIL)
    oracle.float64("A", 5)
    raise ValueError("bad " + EVIL)


def train(Y, X):
    print("train " + EVIL)
    raise ValueError("train bad " + EVIL)


def ctrain(X, y, rng):
    print("ctrain " + EVIL)
    raise ValueError("ctrain bad " + EVIL)
'''
# what a terminal obeys: C0 controls but tab and newline, DEL, C1, bidi and invisible format marks
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")


@pytest.fixture
def hostile(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "hostile.py").write_text(HOSTILE)
    (tmp_path / "sleepy.py").write_text(
        "import time\ndef solve(oracle):\n    oracle.float64('A', 3)\n    time.sleep(1000)\n"
    )
    (tmp_path / "hangs.py").write_text("import time\ntime.sleep(1000)\ndef solve(oracle):\n    return [0, 0]\n")
    (tmp_path / "boom.py").write_text("raise ZeroDivisionError('at import')\ndef solve(oracle):\n    return [0, 0]\n")
    return tmp_path


def test_sanitise_escapes_what_a_terminal_obeys_and_is_idempotent():
    text = "ok\x1b]0;T\x07\x1b[2J\x9b31m\u202e\u2066\r\x00\ud800 tab\tline\n"
    once = sanitise(text)
    assert not UNSAFE.search(once)
    assert "\\x1b]0;T\\x07" in once
    assert "\\u202e" in once
    assert "tab\tline\n" in once  # tabs and newlines are kept
    assert sanitise(once) == once
    once.encode("utf-8")  # a lone surrogate would make print() raise
    assert markup_safe("[/bold] [red]x") == "\\[/bold] \\[red]x"


@pytest.mark.parametrize(
    ("argv", "code"),
    [
        (["check", "hostile:solve", "--members", "4"], 3),
        (["check", "hostile:train", "--training", "--members", "4"], 3),
        (["check", "hostile:ctrain", "--classifier", "--seeds", "1"], 3),
        (["step", "--algorithm", "hostile:solve"], 3),  # was MarkupError on [/bold], exit 4
        (["bhv-demo", "--train", "hostile:ctrain", "--quiet"], 3),
    ],
)
def test_no_control_sequence_or_markup_reaches_the_terminal(hostile, capfd, argv, code):
    assert main([*argv, "--json", "report.json"]) == code
    out, err = capfd.readouterr()
    assert not UNSAFE.search(out + err), repr(UNSAFE.search(out + err))
    assert "internal error" not in err
    assert "OWNED" in out + err  # shown, escaped: \x1b]0;OWNED\x07
    text = (hostile / "report.json").read_text() if (hostile / "report.json").exists() else ""
    assert not UNSAFE.search(json.dumps(json.loads(text), ensure_ascii=False) if text else "")


def test_the_user_frames_are_shown_and_recorded(hostile, capsys):
    assert main(["check", "hostile:solve", "--members", "4", "--json", "c.json", "--report", "r.json"]) == 3
    out = capsys.readouterr().out
    assert "(1 query in the largest run)" in out  # was "1 queries"
    assert 'hostile.py", line 9, in solve' in out
    assert 'raise ValueError("bad " + EVIL)' in out
    report = json.loads((hostile / "r.json").read_text())  # the run report: frames are not certified
    assert "traceback" not in (hostile / "c.json").read_text()
    assert 'hostile.py", line 9, in solve' in report["traceback"]
    assert "sci_oracle" not in report["traceback"]  # the project's own frames are left out
    assert "File" not in report["contract_error"]  # the message stays one line; frames are apart
    assert [c["name"] for c in report["claims"].values()] == [
        "correct to 3 digits",
        "correct to 2 digits",
        "correct to 1 digit",
    ]


def test_step_shows_the_algorithm_prints_and_a_none_return_is_named(hostile, capsys):
    (hostile / "talks.py").write_text(
        "def solve(oracle):\n    print('hello from the algorithm')\n    oracle.float64('A', 3)\n    return None\n"
    )
    assert main(["step", "--algorithm", "talks:solve"]) == 3  # it gave no output: a contract break
    cap = capsys.readouterr()
    assert "hello from the algorithm" in cap.err  # step dropped the prints; check showed them
    assert "the algorithm returned None" in " ".join(cap.out.split())  # was "output has 1 entries"
    assert main(["check", "talks:solve", "--members", "4"]) == 3
    assert "the algorithm returned None" in " ".join(capsys.readouterr().out.split())


def test_pytest_contract_error_is_sanitised(hostile):
    from sci_oracle.testing import assert_fails_K_digits

    with pytest.raises(ContractError) as e:
        assert_fails_K_digits("hostile:solve", problem="srlasso", K=3, members=(4,))
    assert not UNSAFE.search(str(e.value))
    assert "broke the algorithm contract" in str(e.value)


def test_step_load_failures_exit_3(hostile, capsys):
    assert main(["step", "--algorithm", "boom:solve"]) == 3
    err = capsys.readouterr().err
    assert "ZeroDivisionError: at import" in err
    assert 'boom.py", line 1' in err
    t0 = time.monotonic()
    assert main(["step", "--algorithm", "hangs:solve", "--timeout", "2"]) == 3  # was exit 4 after 67 s
    assert time.monotonic() - t0 < 2 + 10
    assert "did not load within 2 s (--timeout" in capsys.readouterr().err


def test_step_timeout_bounds_the_whole_command(hostile, capsys):
    t0 = time.monotonic()
    assert main(["step", "--algorithm", "sleepy:solve", "--timeout", "3"]) == 0  # NH is not a contract break
    assert time.monotonic() - t0 < 3 + 10
    assert "NH" in capsys.readouterr().out


def test_verify_algorithm_timeout_bounds_the_whole_command(hostile, capsys):
    assert main(["check", "zero", "--members", "4,16", "--json", "zero.json"]) == 0
    capsys.readouterr()
    t0 = time.monotonic()
    assert main(["verify", "zero.json", "--algorithm", "sleepy:solve", "--timeout", "3"]) == 1
    assert time.monotonic() - t0 < 3 + 10  # 5 reruns share the 3 s (they took 5 x 60 s)
    assert "DIFFERS" in capsys.readouterr().out
