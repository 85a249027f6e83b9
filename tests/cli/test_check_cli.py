"""sci-oracle check / replay: the table, the JSON report, exit codes, witnesses that replay."""

from __future__ import annotations

import json

import pytest

from sci_oracle.cli.main import main


@pytest.fixture
def solver_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mysolver.py").write_text(
        "import numpy as np\n"
        "from sci_oracle import numpy_solver\n"
        "def lstsq(A, y):\n"
        "    return np.linalg.lstsq(A, y, rcond=None)[0]\n"
        "solve = numpy_solver(lstsq, level=40)\n"
    )
    return tmp_path


def test_check_prints_table_writes_json_and_replays(solver_file, capsys):
    out = solver_file / "report.json"
    assert (
        main(
            [
                "check",
                "mysolver:solve",
                "--problem",
                "srlasso",
                "--K",
                "3",
                "--in-process",
                "--members",
                "4",
                "--json",
                str(out),
            ]
        )
        == 0
    )
    text = capsys.readouterr().out
    assert "3 digits (K)" in text
    assert "refuted" in text
    assert "reaches 2 digits" in text
    report = json.loads(out.read_text())
    assert report["verdict"] == "refuted"
    assert report["digits_reached"] == 2
    assert main(["replay", str(out)]) == 0  # replay is an alias of verify (the independent kernel)
    assert "3/3 claims accepted by the kernel" in capsys.readouterr().out
    # tamper: a hidden level below the levels the transcript reads: the kernel must reject
    report["claims"][0]["evidence"]["barrier"]["hidden_level"] = 1
    bad = solver_file / "bad.json"
    bad.write_text(json.dumps(report))
    assert main(["replay", str(bad)]) == 1


def test_expect_digits_and_isolated_file_spec(solver_file, capsys):
    assert main(["check", "mysolver.py:solve", "--K", "3", "--members", "4", "--expect-digits", "2"]) == 0
    assert main(["check", "mysolver:solve", "--K", "3", "--in-process", "--members", "4", "--expect-digits", "3"]) == 1
    assert "expected 3 digits: refuted" in capsys.readouterr().err


def test_json_to_stdout_and_randomised(capsys):
    assert (
        main(
            ["check", "coin-flip", "--seeds", "0,1", "--in-process", "--workers", "1", "--members", "4", "--json", "-"]
        )
        == 0
    )
    report = json.loads(capsys.readouterr().out)  # the certificate
    assert report["claims"][0]["statement"]["seeds"] == {"uniform": [0, 1]}
    assert report["verdict"] == "refuted"


@pytest.mark.parametrize(
    ("argv", "msg"),
    [
        (["check", "mysolver:solv"], "did you mean 'solve'"),
        (["check", "zero", "--K", "2"], "Theorem 1 needs K > 2"),
        (["check", "zero", "--problem", "lasso"], "invalid choice"),
        (["check", "zero", "--seeds", "x"], "--seeds=x is invalid"),
        (["check", "zero", "--members", "0", "--in-process"], "--members=0 is invalid"),
        (["check", "zero", "--timeout", "0", "--in-process"], "--timeout=0 is invalid"),
        (["replay", "no_such_file.json"], "no_such_file.json is invalid: no such file"),
    ],
)
def test_usage_errors_exit_2(solver_file, argv, msg, capsys):
    try:
        code = main(argv)
    except SystemExit as e:
        code = e.code
    assert code == 2
    assert msg in capsys.readouterr().err


def test_replay_refuses_a_file_without_refutations(tmp_path, capsys):
    p = tmp_path / "x.json"
    p.write_text(json.dumps({"kind": "Something"}))
    assert main(["replay", str(p)]) == 2
    assert "not a certificate" in capsys.readouterr().err


def test_replay_malformed_witnesses_exit_2_or_fail_never_crash(solver_file, capsys):
    out = solver_file / "report.json"
    assert main(["check", "mysolver:solve", "--in-process", "--members", "4", "--json", str(out)]) == 0
    report = json.loads(out.read_text())
    capsys.readouterr()
    (solver_file / "u.json").write_text(json.dumps(report)[:-10])  # truncated: not JSON
    assert main(["replay", str(solver_file / "u.json")]) == 2
    assert "not JSON" in capsys.readouterr().err
    missing = json.loads(json.dumps(report))
    del missing["claims"][0]["evidence"]["barrier"]["transcript"]
    (solver_file / "m.json").write_text(json.dumps(missing))
    assert main(["replay", str(solver_file / "m.json")]) == 2
    assert "missing key 'transcript'" in capsys.readouterr().err
    uncheckable = json.loads(json.dumps(report))
    uncheckable["claims"][0]["evidence"]["barrier"]["member"] = 3  # no member 3
    (solver_file / "c.json").write_text(json.dumps(uncheckable))
    assert main(["replay", str(solver_file / "c.json")]) == 1
    assert "REJECTED" in capsys.readouterr().out
