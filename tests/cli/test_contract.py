"""The CLI contract (docs/cli.md): every subcommand × every option with a bad value gives exactly
one line on stderr naming the option, exit 2, no traceback, and nothing computed; exit 3 when
the algorithm breaks its contract, 4 (one line) for an internal error; --version; did-you-mean."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from sci_oracle.cli import main as cli_main
from sci_oracle.cli.main import build_parser, main
from sci_oracle.kernel.family import MAX_K

MISSING = os.path.join("no_such_dir_xyz", "out.json")
PLOT = os.path.join("no_such_dir_xyz", "fig")

# (subcommand argv prefix, option, bad value); the option must be named in the one error line
BAD = [
    (["prove"], "theorem", "theorem2"),
    (["prove"], "--K", "2"),
    (["prove"], "--K", "three"),
    (["prove"], "--problem", "lasso"),
    (["prove"], "--L", "-1"),
    (["prove"], "--seed", "-1"),
    (["prove"], "--json", MISSING),
    (["step"], "--K", "1"),
    (["step"], "--problem", "srlaso"),
    (["step"], "--algorithm", "mysolver.solve"),
    (["step"], "--algorithm", "midpiont"),
    (["step"], "--algorithm", "./no_such_file.py:solve"),
    (["step"], "--algorithm", "no_such_module_xyz:solve"),
    (["step"], "--seed", "-1"),
    (["step"], "--N1", "1"),
    (["step"], "--N2", "-1"),
    (["step"], "--params", "exact"),
    (["step"], "--mixing", "random"),
    (["step"], "--json", MISSING),
    (["step"], "--plot", MISSING),
    (["bhv-demo"], "--seed", "-1"),
    (["bhv-demo"], "--train", "mytrainer.fit"),
    (["bhv-demo"], "--train", "no_such_file.py:train"),
    (["bhv-demo"], "--json", MISSING),
    (["bhv-demo"], "--plot", PLOT),
    (["firenet-demo"], "--seed", "-1"),
    (["firenet-demo"], "--json", MISSING),
    (["firenet-demo"], "--plot", PLOT),
    (["table1"], "--K", "0"),
    (["table1"], "--n", "x"),
    (["table1"], "--seed", "-3"),
    (["table1"], "--json", MISSING),
    (["table1"], "--scheduler", "local:0"),
    (["check-class"], "spec", "query-plan"),
    (["check-class"], "spec", "mypkg.strategies"),
    (["check-class"], "--problem", "lasso"),
    (["check-class"], "--K", "2"),
    (["check-class"], "--setting", "solvers"),
    (["check-class"], "--max-examples", "0"),
    (["check-class"], "--seed", "-1"),
    (["check-class"], "--json", MISSING),
    (["check-class"], "--scheduler", "nowhere"),
    (["check-class"], "--shards", "0"),
    (["check-class"], "--replay", "QueryPlan("),
    (["check-class"], "--family", "{not json"),
    (["check-class"], "--rounding", "up"),
    (["check"], "algorithm", "mysolver.solve"),
    (["check"], "algorithm", "tiebrake"),
    (["check"], "algorithm", "./no such file.py:solve"),
    (["check", "zero"], "--problem", "lasso"),
    (["check", "zero"], "--K", "2"),
    (["check", "zero"], "--seeds", "0"),
    (["check", "zero"], "--seeds", "1,-2"),
    (["check", "zero"], "--samples", "0"),
    (["check", "zero"], "--members", "0"),
    (["check", "zero"], "--timeout", "0"),
    (["check", "zero"], "--timeout", "nan"),
    (["check", "zero"], "--memory-mb", "1"),
    (["check", "zero"], "--workers", "0"),
    (["check", "zero"], "--scheduler", "local:x"),
    (["check", "zero"], "--json", MISSING),
    (["check", "zero"], "--R", "0"),
    (["check", "zero"], "--L", "-1"),
    (["check", "zero"], "--level", "-1"),
    (["check", "zero"], "--expect-digits", "0"),
    (["replay"], "file", "no_such_file.json"),
    (["verify"], "file", "no_such_file.json"),
    (["verify", "w.json"], "--algorithm", "mysolver.solve"),
    (["verify", "w.json"], "--json", MISSING),
    (["replay", "w.json"], "--algorithm", "mysolver.solve"),
]


def _argv(prefix: list[str], option: str, value: str) -> list[str]:
    if option.startswith("--"):
        return [*prefix, option, value]
    return [*prefix, value]  # a positional


def _id(case: tuple[list[str], str, str]) -> str:
    return f"{' '.join(case[0])} {case[1]}={case[2]}"


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "w.json").write_text("{}")
    return tmp_path


@pytest.mark.parametrize("case", BAD, ids=[_id(c) for c in BAD])
def test_bad_value_one_line_exit_2_naming_the_option(case, workdir, capsys, monkeypatch):
    prefix, option, value = case
    argv = _argv(prefix, option, value)
    computed = []
    real_build = cli_main.build_parser

    def build() -> object:  # any subcommand function that runs means validation came too late
        parser = real_build()
        for action in parser._subparsers._group_actions[0].choices.values():  # type: ignore[union-attr]
            action.set_defaults(func=lambda args: computed.append(args) or 0)
        return parser

    monkeypatch.setattr(cli_main, "build_parser", build)
    try:
        code = main(argv)
    except SystemExit as exc:
        code = exc.code
    err = capsys.readouterr().err
    assert code == 2, err
    assert not computed, "the command ran before its options were validated"
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    assert f"{option}=" in lines[0] or f"argument {option}: invalid choice" in lines[0], lines[0]


@pytest.mark.parametrize(
    ("argv", "hint"),
    [
        (["chek", "zero"], "did you mean 'check'"),
        (["check", "mysolver.solve"], "did you mean mysolver:solve"),
        (["check", "tiebrake"], "did you mean 'tiebreak'"),
        (["prove", "--problem", "srlaso"], "did you mean 'srlasso'"),
        (["check-class", "query-plan"], "did you mean 'query-plans'"),
    ],
)
def test_did_you_mean(argv, hint, workdir, capsys):
    assert main(argv) == 2
    assert hint in capsys.readouterr().err


def test_version_names_the_deciding_libraries(capsys):
    assert main(["--version"]) == 0
    out = capsys.readouterr().out
    from importlib.metadata import version

    assert out.startswith(f"sci-oracle {version('sci_oracle')}")
    for lib in ("python-flint", "mpmath", "numpy", "sympy"):
        assert lib in out


def test_help_documents_the_exit_codes(capsys):
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for code in ("0", "1", "2", "3", "4"):
        assert f"  {code}  " in out


def test_parse_time_validation_reaches_no_command():
    with pytest.raises(SystemExit):
        build_parser().parse_args(["firenet-demo", "--json", MISSING])


def test_user_train_that_raises_is_exit_3_in_one_line(workdir, capsys):
    (workdir / "bad_train.py").write_text("def train(X, y, rng):\n    raise RuntimeError('boom')\n")
    assert main(["check", "bad_train.py:train", "--classifier", "--seeds", "1"]) == 3
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "boom" in err[0]
    assert "Traceback" not in err[0]


def test_internal_error_is_exit_4_in_one_line(workdir, capsys, monkeypatch):
    import sci_oracle.cli.firenet as fire

    def broken(args):
        raise RuntimeError("unexpected")

    monkeypatch.setattr(fire, "cmd_firenet_demo", broken)
    monkeypatch.delenv("SCI_ORACLE_TRACEBACK", raising=False)
    assert main(["firenet-demo"]) == 4
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "RuntimeError: unexpected" in err[0]


def test_training_and_classifier_are_exclusive(capsys):
    assert main(["check", "zero", "--training", "--classifier"]) == 2
    assert "--classifier" in capsys.readouterr().err


@pytest.mark.parametrize("spec", ["./my solver.py:solve", "my solver.py:solve"])
def test_file_specs_with_dot_slash_and_spaces(spec, workdir, capsys):
    (workdir / "my solver.py").write_text(
        "import numpy as np\n"
        "from sci_oracle.harness.adapters import numpy_solver\n"
        "solve = numpy_solver(lambda A, y: np.linalg.lstsq(A, y, rcond=None)[0], level=40)\n"
    )
    assert main(["check", spec, "--in-process", "--members", "4", "--json", "-"]) == 0
    assert '"verdict": "refuted"' in capsys.readouterr().out


def test_no_traceback_from_the_real_command(workdir):
    """The installed entry point, in a subprocess: a negative seed is one line and exit 2."""
    proc = subprocess.run(
        [sys.executable, "-m", "sci_oracle.cli.main", "bhv-demo", "--seed", "-1"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1
    assert "--seed=-1 is invalid" in proc.stderr


def test_the_cli_class_names_are_the_harness_classes():
    from sci_oracle.cli.check_class import CLASS_NAMES
    from sci_oracle.harness.class_properties import CLASSES

    assert tuple(CLASSES) == CLASS_NAMES


@pytest.mark.parametrize("spec", ["t:train", "t.py:train", "./t.py:train"])
def test_bhv_train_resolves_like_check(spec, workdir):
    """bhv-demo --train: MODULE:FUNCTION from the current directory, FILE.py and ./FILE.py."""
    from sci_oracle.cli.bhv import _sandboxed

    (workdir / "t.py").write_text("def train(X, y, rng):\n    return [[1, 2], [3]]\n")
    train = _sandboxed(spec, 60.0)  # loaded and called only in the sandboxed child
    try:
        assert train(None, None, None) == [[1, 2], [3]]
    finally:
        train.close()


@pytest.mark.parametrize(
    ("argv", "option"),
    [
        (["check", "zero", "--R", "3"], "--R"),
        (["check", "zero", "--level", "30"], "--level"),
        (["check", "zero", "--workers", "2", "--scheduler", "local:2"], "--workers"),
        (["check", "t.py:train", "--classifier", "--expect-digits", "2"], "--expect-digits"),
        (["check", "t.py:train", "--classifier", "--scheduler", "local:2"], "--scheduler"),
        (["check", "zero", "--training"], "--training"),
        (["check", "t.py:train", "--training", "--seeds", "2"], "--seeds"),
        (["check-class", "query-plans", "--rounding", "floor"], "--rounding"),
        (["check-class", "query-plans", "--family", "PNASFamily('srlasso', K=3)"], "--family"),
        (["check-class", "query-plans", "--replay", "Zero()", "--family", "PNASFamily('srlasso', K=3)"], "SPEC"),
    ],
)
def test_options_that_would_be_ignored_are_usage_errors(argv, option, workdir, capsys):
    (workdir / "t.py").write_text("def train(X, y, rng):\n    return []\n")
    assert main(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert option in err[0]


@pytest.mark.parametrize(
    ("argv", "hint"),
    [
        (["check", "zero", "--class"], "did you mean '--classifier'?"),  # was silently read as --classifier
        (["check", "zero", "--train"], "did you mean '--training'?"),
        (["check-class", "query-plans", "--max-ex", "3"], "did you mean '--max-examples'?"),
        (["step", "--tim", "3"], "did you mean '--timeout'?"),
    ],
)
def test_options_are_never_abbreviated(argv, hint, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "unrecognized arguments" in err[0]
    assert hint in err[0]


@pytest.mark.parametrize("path", ["/proc/x.json", "/sys/x.json", "/dev/null"])
def test_an_output_path_that_cannot_be_written_is_refused_before_the_run(path, capsys):
    assert main(["check", "zero", "--json", path]) == 2  # /proc passed the permission bits, then exit 4
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert f"--json={path} is invalid" in err[0]


def test_a_too_large_K_is_said_in_the_cli_s_words(capsys):
    assert main(["check", "zero", "--K", "10001"]) == 2
    err = capsys.readouterr().err
    assert f"K must be in 3..{MAX_K}" in err  # the range the kernel checks (sci_oracle/kernel/family.py)
    assert "allow_small_K" not in err  # a Python keyword, not a CLI option


def test_no_help_text_mentions_a_check_class_option():
    parser = build_parser()
    texts = [parser.format_help()]
    for action in parser._actions:
        if isinstance(action, type(parser._subparsers._group_actions[0])):
            texts += [p.format_help() for p in action.choices.values()]
    assert not any("check --class" in t for t in texts)
