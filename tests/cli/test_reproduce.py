"""The reproduce loop (docs/cli.md): one ready command per failing report, commands that accept
the JSON they print, FAILED lines that say which check failed; and `check --training`."""

from __future__ import annotations

import json
import shlex
import shutil
import sys
from pathlib import Path

import pytest

from sci_oracle.cli.main import main
from sci_oracle.core.problems import Hull
from sci_oracle.families.pnas import Instance, PNASFamily

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delitem(sys.modules, "reprosolver", raising=False)  # each test writes its own
    (tmp_path / "reprosolver.py").write_text(
        "import numpy as np\n"
        "from sci_oracle.harness.adapters import numpy_solver\n"
        "def lstsq(A, y):\n"
        "    return np.linalg.lstsq(A, y, rcond=None)[0]\n"
        "solve = numpy_solver(lstsq, level=40)\n"
        "coarse = numpy_solver(lstsq, level=30)\n"
        "def broken(oracle):\n"
        "    raise ValueError('a long explanation of what went wrong ' * 3)\n"
    )
    return tmp_path


def _run_printed(command: str) -> int:
    argv = shlex.split(command)
    assert argv[0] == "sci-oracle"
    return main(argv[1:])


def test_check_expect_digits_failure_prints_one_command_that_reproduces_it(workdir, capsys):
    argv = ["check", "reprosolver:solve", "--in-process", "--members", "4", "--expect-digits", "3"]
    assert main(argv) == 1
    err = capsys.readouterr().err
    commands = [line.removeprefix("reproduce: ") for line in err.splitlines() if line.startswith("reproduce: ")]
    assert len(commands) == 1
    assert "FAILED: expected 3 digits: refuted" in err
    assert _run_printed(commands[0]) == 1  # the printed command fails the same way
    assert "FAILED: expected 3 digits: refuted" in capsys.readouterr().err


def test_replay_of_another_algorithm_says_which_check_failed(workdir, capsys):
    assert main(["check", "reprosolver:solve", "--in-process", "--members", "4", "--json", "r.json"]) == 0
    assert "sci-oracle verify r.json" in capsys.readouterr().out
    assert main(["replay", "r.json", "--algorithm", "reprosolver:solve"]) == 0
    capsys.readouterr()
    assert main(["replay", "r.json", "--algorithm", "reprosolver:coarse"]) == 1
    out = " ".join(capsys.readouterr().out.split())
    assert "FAILED" in out
    assert "reruns did not reproduce" in out
    assert "level=30" in out  # the reason: it asked at level 30 where level 40 was recorded


def test_errors_are_printed_in_full_and_all_errors_is_exit_3(workdir, capsys):
    assert main(["check", "reprosolver:broken", "--in-process", "--members", "4"]) == 3
    cap = capsys.readouterr()
    text = " ".join((cap.out + cap.err).split())  # rich wraps long lines; words are what matter
    assert "broke its contract" in text  # verdict error: misuse, not mathematics
    assert text.count("a long explanation of what went wrong") >= 3  # in full, not cut to a table column


def test_check_class_failure_prints_json_family_and_a_replay_that_accepts_it(monkeypatch, capsys):
    def member(self, j, n):  # a broken family: the members equal the limit, so nothing separates them
        lim = self.limit()
        return Instance(f"member {j}", lim.problem, lim.A, lim.y, Hull(lim.solution.vertices), j, n, lim.info)

    monkeypatch.setattr(PNASFamily, "member", member)
    monkeypatch.setattr(PNASFamily, "separation_exceeds", lambda self, n: True)
    assert main(["check-class", "query-plans", "--problem", "srlasso", "--K", "3", "--max-examples", "40"]) == 1
    cap = capsys.readouterr()
    family_lines = [line for line in cap.out.splitlines() if line.strip().startswith("family:")]
    assert family_lines
    for line in family_lines:  # JSON, not a Python dict
        json.loads(line.split("family:", 1)[1].split(" (limit rounding")[0])
    commands = [line.removeprefix("reproduce: ") for line in cap.err.splitlines() if line.startswith("reproduce: ")]
    assert len(commands) == 1
    assert _run_printed(commands[0]) == 1  # --replay --family accept what was printed, and it fails again
    assert "FAILED" in capsys.readouterr().out


def test_check_training_runs_the_example_from_a_fresh_directory(tmp_path, monkeypatch, capsys):
    shutil.copy(ROOT / "examples" / "train_procedure.py", tmp_path / "train_procedure.py")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "train_procedure.py:train", "--training", "--members", "4", "--json", "-"]) == 0
    report = json.loads(capsys.readouterr().out)  # the certificate
    first = report["claims"][0]
    assert first["statement"]["family"]["family"] == "TrainingFamily"
    assert first["statement"]["digits"] == 3
    assert first["status"] == "refuted"  # part (a)
    sample = report["claims"][3]  # part (b): the sample adversary's claim
    assert sample["statement"]["kind"] == "sample-barrier"
    assert sample["status"] in ("refuted", "unknown")
    from sci_oracle.kernel import verify

    assert verify(report).accepted
    assert main(["check", "train_procedure.py:train", "--training", "--members", "4"]) == 0
    out = capsys.readouterr().out
    assert "(a) 3 digits (K): refuted" in out
    assert "(b) 2 digits (K-1)" in out
    assert "(c) 1 digit (K-2)" in out


def test_check_training_usage_errors(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "t.py").write_text("def train(Y, X):\n    return lambda y: y\n")
    assert main(["check", "zero", "--training"]) == 2
    assert main(["check", "t.py:nosuch", "--training", "--members", "4"]) == 2
    err = capsys.readouterr().err
    assert "expected MODULE:FUNCTION naming train(Y, X)" in err
    assert "has no attribute 'nosuch'" in err


def test_pytest_helper_failure_ends_with_one_command_that_replays(workdir, monkeypatch, capsys):
    from sci_oracle.harness.testing import assert_reaches_digits

    monkeypatch.setenv("SCI_ORACLE_WITNESS_DIR", str(workdir / "witnesses"))
    with pytest.raises(AssertionError) as exc:
        assert_reaches_digits("reprosolver:solve", 3, problem="srlasso", K=3, isolated=False, members=(4,))
    commands = [
        line.strip().removeprefix("reproduce: ") for line in str(exc.value).splitlines() if "reproduce:" in line
    ]
    assert len(commands) == 1
    assert commands[0].startswith("sci-oracle replay ")
    assert _run_printed(commands[0]) == 0  # the saved witnesses reproduce the refutation
    assert "claims accepted by the kernel" in capsys.readouterr().out
