"""sci-oracle check-class: descriptions are data (issue 21, hole 1), a user's strategy of its own
procedures runs from the CLI (issue 24, item 3), --replay-file, progress, exit 3 for a contract break."""

from __future__ import annotations

import json
import os
import shlex
import sys
from pathlib import Path

import pytest

from sci_oracle.cli.main import main
from sci_oracle.core.errors import InvalidArgument
from sci_oracle.harness import class_properties as cp

RIDGES = """
import os
import numpy as np
from hypothesis import strategies as st
from sci_oracle import strategies as sos

try:  # succeeds only outside the sandbox (the child cannot write here): it must never happen
    with open(os.path.join(os.environ.get("PROBE_DIR", "."), "imported_by.txt"), "a") as f:
        f.write(f"{os.getpid()}\\n")
except OSError:
    pass


def ridge(oracle, *, level, alpha):
    A, y = oracle.float64("A", level), oracle.float64("y", level)
    return np.linalg.lstsq(A.T @ A + alpha * np.eye(A.shape[1]), A.T @ y, rcond=None)[0]


def broken(oracle, *, level):
    oracle.float64("A", level)
    raise ValueError("broken on purpose")


ridges = sos.algorithms_from(
    ridge, st.fixed_dictionaries({"level": st.integers(0, 60), "alpha": st.sampled_from([1e-9, 1e-3, 1.0])})
)
brokens = sos.algorithms_from(broken, st.fixed_dictionaries({"level": st.integers(0, 8)}))
"""
FAMILY = "PNASFamily('srlasso', K=3)"


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PROBE_DIR", str(tmp_path))
    monkeypatch.setenv("SCI_ORACLE_WITNESS_DIR", str(tmp_path / "witnesses"))
    (tmp_path / "ridge_family.py").write_text(RIDGES)
    yield tmp_path
    sys.modules.pop("ridge_family", None)


def _importers(project):
    path = project / "imported_by.txt"
    return {int(p) for p in path.read_text().split()} if path.exists() else set()


# --------------------------------------------------------------------------- hole 1: no eval
@pytest.mark.parametrize(
    "text",
    [
        "().__class__.__base__.__subclasses__()",
        "[c for c in ().__class__.__base__.__subclasses__()]",
        "__import__('os').system('true')",
        "ExactSolve(level=(lambda: 1)())",
        "UserAlgorithm('os:system', ())",
    ],
)
def test_a_replayed_description_is_parsed_never_evaluated(text):
    with pytest.raises(InvalidArgument, match="description="):
        cp.load_algorithm(text)
    assert main(["check-class", "--replay", text, "--family", FAMILY]) == 2


def test_a_huge_decimal_exponent_is_not_data():  # Fraction('1e999999999') would build a billion-digit int
    with pytest.raises(InvalidArgument, match="exponent"):
        cp.load_algorithm("ExactSolve(level=None, tie='first', seed=Fraction('1e999999999'))")
    with pytest.raises(InvalidArgument, match="exponent"):
        cp.load_family('{"family":"PNASFamily","problem":"qcbp","eps":"1e999999999","K":3}')


def test_a_replayed_user_algorithm_runs_only_in_the_sandbox(project, capsys):
    text = "user_algorithm('ridge_family:ridge', alpha=1e-09, level=12)"
    assert main(["check-class", "--replay", text, "--family", FAMILY]) == 0
    assert "refuted: fails K=3 digits" in capsys.readouterr().out
    assert os.getpid() not in _importers(project)  # it ran (the verdict above), in the sandboxed child only
    assert "ridge_family" not in sys.modules


# --------------------------------------------------------------------------- issue 24, item 3
def test_check_class_runs_a_user_strategy_of_its_own_procedure(project, capsys, monkeypatch):
    monkeypatch.setenv("SCI_ORACLE_PROGRESS", "1")
    out = project / "ridges.json"
    report = project / "ridges-report.json"
    argv = ["check-class", "ridge_family:ridges", "--max-examples", "4", "--problem", "srlasso", "--json", str(out)]
    argv += ["--report", str(report)]
    assert main(argv) == 0
    cap = capsys.readouterr()
    assert "PASSED: no algorithm in the class reached K digits" in cap.out
    assert "user_algorithm('ridge_family:ridge'" in cap.out  # the worst case, printed as it replays
    assert "loading ridge_family:ridges in the sandbox child" in cap.err  # progress, before the run ends
    assert "checked 1 algorithm of 4" in cap.err
    assert os.getpid() not in _importers(project)
    assert json.loads(report.read_text())["algorithms_drawn"] == 4  # the run report, for people
    assert main(["verify", str(out)]) == 0


def test_a_drawn_procedure_that_raises_is_a_contract_break_with_a_replay_file(project, capsys):
    argv = ["check-class", "ridge_family:brokens", "--max-examples", "3", "--problem", "srlasso", "--K", "3"]
    assert main(argv) == 3  # as `check` exits for a contract break (it was 1: a "class violation")
    cap = capsys.readouterr()
    assert "broke its contract" in cap.out
    assert "broken on purpose" in cap.out
    line = next(x for x in cap.err.splitlines() if x.startswith("reproduce: "))
    assert line.startswith("reproduce: sci-oracle check-class --replay-file ")
    assert len(line) < 200  # not the 600-character --replay line
    path = line.split()[-1]
    with open(path) as f:
        saved = json.load(f)
    assert saved["algorithm"].startswith("user_algorithm('ridge_family:broken'")
    assert main(["check-class", "--replay-file", path]) == 3
    assert "broken on purpose" in capsys.readouterr().out
    assert os.getpid() not in _importers(project)


def test_replay_file_is_checked(project, capsys):
    (project / "bad.json").write_text('{"algorithm": 3}')
    assert main(["check-class", "--replay-file", "bad.json"]) == 2
    assert "--replay-file=bad.json is invalid" in capsys.readouterr().err
    assert main(["check-class", "--replay-file", "bad.json", "--replay", "Zero()"]) == 2


def test_where_the_class_was_checked_is_printed_and_recorded(capsys, tmp_path):
    argv = ["check-class", "query-plans", "--max-examples", "2", "--shards", "2", "--problem", "srlasso", "--K", "3"]
    assert main(argv) == 0
    assert "checked on this process (2 shards in turn)" in capsys.readouterr().out
    assert main([*argv, "--json", "-", "--report", str(tmp_path / "r.json")]) == 0
    assert json.loads(capsys.readouterr().out)["format"] == "sci-oracle-certificate/2"
    assert json.loads((tmp_path / "r.json").read_text())["scheduler"] == "this process (2 shards in turn)"


def test_the_example_family_checks_from_any_directory(tmp_path, monkeypatch, capsys):
    """A strategy given as FILE.py:STRATEGY: its members print with the file's absolute path, so
    the printed replay line works from any directory."""
    example = Path(__file__).resolve().parents[2] / "examples" / "ridge_family.py"
    monkeypatch.chdir(tmp_path)
    argv = ["check-class", f"{example}:ridges", "--max-examples", "4", "--problem", "ulasso", "--K", "3"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert f"user_algorithm('{example}:ridge'" in out
    replay = next(x for x in out.splitlines() if x.strip().startswith("replay:")).split("--replay ", 1)[1]
    words = shlex.split(replay)
    monkeypatch.chdir(tmp_path.parent)
    assert main(["check-class", "--replay", words[0], *words[1:]]) == 0
