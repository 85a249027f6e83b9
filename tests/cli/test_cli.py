"""The sci-oracle command: prove (the README's main job), step, algorithm loading and usage errors."""

from __future__ import annotations

import json

import pytest

from sci_oracle.cli.main import main


def test_prove_certifies_theorem1_and_writes_the_json_contract(tmp_path, capsys):
    out = tmp_path / "report.json"
    assert main(["prove", "--problem", "srlasso", "--json", str(out)]) == 0
    report = json.loads(out.read_text())  # the certificate: claims the kernel checks, nothing else
    assert report["format"] == "sci-oracle-certificate/2"
    assert report["all_certified"] is True
    assert report["claims"][0]["statement"]["family"]["K"] == 3
    assert {c["status"] for c in report["claims"]} == {"certified", "cited"}
    assert {c["status"] for c in report["claims"] if c["scope"] == "lemma"} == {"cited"}
    assert all(set(c) == {"status", "scope", "statement", "evidence"} for c in report["claims"])
    assert "ALL CERTIFIED" in capsys.readouterr().out


def test_prove_json_to_stdout_with_other_K(capsys):
    assert main(["prove", "--K", "7", "--problem", "qcbp", "--json", "-"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["claims"][0]["statement"]["family"]["K"] == 7
    assert report["all_certified"]


@pytest.mark.parametrize(
    ("argv", "msg"),
    [
        (["prove", "--K", "2"], "Theorem 1 needs K > 2"),
        (["prove", "--K", "three"], "K must be an int"),
        (["prove", "--problem", "lasso"], "invalid choice"),
        (["prove", "--L", "-1"], "--L=-1 is invalid: expected an int in [0, 1000000]"),  # used to surface as "M=-1"
        (["step", "--algorithm", "midpiont"], "did you mean 'midpoint'"),
        (["step", "--algorithm", "nosuchmodule_xyz:f"], "cannot import"),
    ],
)
def test_usage_errors_exit_2_with_a_message(argv, msg, capsys):
    with pytest.raises(SystemExit) as e:
        raise SystemExit(main(argv))
    assert e.value.code == 2
    assert msg in capsys.readouterr().err


def test_step_renders_and_writes_json(tmp_path, capsys):
    out = tmp_path / "step.json"
    assert main(["step", "--K", "4", "--problem", "ulasso", "--algorithm", "midpoint", "--json", str(out)]) == 0
    text = capsys.readouterr().out
    assert "first differ at digit 4" in text
    assert "refuted" in text
    barrier, agreement = json.loads(out.read_text())["claims"]  # the certificate
    assert barrier["status"] == "refuted"
    assert barrier["statement"]["digits"] == 4
    assert agreement["statement"]["level"] == barrier["evidence"]["hidden_level"]
    from sci_oracle.algorithms.builtin import builtin
    from sci_oracle.families.pnas import PNASFamily
    from sci_oracle.pnas.step import step_through

    data = step_through(builtin("midpoint"), PNASFamily("ulasso", 4)).record()  # what the terminal shows
    assert data["first_disagreeing_digit"] == 4
    rows = data["rows"]
    assert all(r["same"] for r in rows if r["level"] <= data["hidden_level"])
    assert not all(r["same"] for r in rows)


def test_step_loads_a_user_function_from_a_file(tmp_path, capsys):
    f = tmp_path / "mysolver.py"
    f.write_text(
        "import numpy as np\n"
        "def solve(oracle):\n"
        "    A = oracle.float64('A', 40)\n"
        "    j = int(np.argmax(A[0]))\n"
        "    x = np.zeros(A.shape[1]); x[j] = 1 / A[0, j]\n"
        "    return x\n"
    )
    assert main(["step", "--algorithm", f"{f}:solve"]) == 0
    assert "refuted" in capsys.readouterr().out


def test_step_plot_writes_a_png(tmp_path):
    pytest.importorskip("matplotlib")
    out = tmp_path / "step.png"
    assert main(["step", "--K", "3", "--algorithm", "zero", "--plot", str(out)]) == 0
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_front_door_is_lazy_and_complete():
    import subprocess
    import sys

    code = (
        "import sys, sci_oracle; assert 'numpy' not in sys.modules; "
        "assert all(getattr(sci_oracle, n) is not None for n in sci_oracle.__all__)"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_check_accepts_a_classifier_training_procedure(tmp_path, capsys, monkeypatch):
    (tmp_path / "mytrain.py").write_text(
        "import numpy as np\n"
        "def train(X, y, rng):\n"
        "    W1 = rng.normal(size=(3, 2)); b1 = np.zeros(3)\n"
        "    W2 = rng.normal(size=(1, 3)); b2 = np.array([0.25])\n"
        "    return [(W1, b1), (W2, b2)]\n"
    )
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "rows.json"
    assert main(["check", "mytrain:train", "--classifier", "--seeds", "1", "--json", str(out)]) == 0
    doc = json.loads(out.read_text())
    rows = doc["rows"]
    assert doc["isolation"]["mode"] == "isolated"  # the procedure ran in the sandbox
    assert len(rows) == 2
    assert {r["planted"] for r in rows} == {True, False}
    assert all(r["outcome"] in ("inaccurate", "unstable", "unknown") for r in rows)
    assert "certified inaccurate or unstable" in capsys.readouterr().out
    with pytest.raises(SystemExit) as e:
        raise SystemExit(main(["check", "mytrain:train", "--classifier", "--expect-digits", "2"]))
    assert e.value.code == 2
    assert "--expect-digits is invalid with --classifier" in capsys.readouterr().err


def test_prove_takes_the_paper_parameters(capsys):
    argv = ["prove", "--problem", "ulasso", "--lam", "1/3", "--N1", "4", "--N2", "1", "--mixing", "none"]
    assert main([*argv, "--levels", "5,7", "--n", "3", "--json", "-"]) == 0
    report = json.loads(capsys.readouterr().out)
    first = report["claims"][0]["statement"]
    p = first["family"]
    assert (p["lam"], p["N1"], p["N2"], p["mixing"]) == ("1/3", 4, 1, "none")
    assert sorted({w["n"] for w in first["instances"] if w}) == [1, 3, 5, 7]


@pytest.mark.parametrize(
    ("argv", "msg"),
    [
        (["prove", "bhv", "--K", "5"], "--K is invalid for 'prove bhv'"),
        (["prove", "false-structures", "--problem", "qcbp", "--L", "3"], "--problem, --L are invalid"),
        (["prove", "--levels", "0,3"], "--levels=0,3 is invalid"),
        (["prove", "--lam", "-1"], "lam=-1 is invalid"),
        (["prove", "--N1", "1"], "N1=1 is invalid"),
        (["prove", "--problem", "qcbp", "--eps", "1/2"], "QCBP needs 0 < eps <= 1/4"),
    ],
)
def test_prove_rejects_options_it_does_not_use(argv, msg, capsys):
    with pytest.raises(SystemExit) as e:
        raise SystemExit(main(argv))
    assert e.value.code == 2
    assert msg in capsys.readouterr().err
