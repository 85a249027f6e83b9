"""The pytest plugin (markers, option, fixtures), assertion helpers and Hypothesis strategies."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from hypothesis import find, given, settings
from hypothesis import strategies as st

from sci_oracle import strategies as sos
from sci_oracle.algorithms.builtin import Midpoint, OneSparseSolver, Zero
from sci_oracle.core.errors import InvalidArgument
from sci_oracle.families.pnas import PNASFamily
from sci_oracle.testing import assert_check, assert_fails_K_digits, assert_reaches_digits


def _plugin_args() -> tuple[str, ...]:
    """Installed, the pytest11 entry point loads the plugin already; from a checkout, load it by -p."""
    from importlib.metadata import entry_points

    installed = any(ep.value == "sci_oracle.harness.pytest_plugin" for ep in entry_points(group="pytest11"))
    return () if installed else ("-p", "sci_oracle.harness.pytest_plugin")


pytest_plugins = ["pytester"]


def ones(oracle):
    return [1] * oracle.problem.N


# --------------------------------------------------------------------------- assertion helpers
def test_helpers_pass_on_the_true_statements():
    report = assert_fails_K_digits(OneSparseSolver(30), problem="qcbp", K=3, isolated=False)
    assert report.verify()
    assert assert_reaches_digits(Midpoint(30), 2, problem="ulasso", isolated=False).digits_reached == 2


def test_helper_failure_messages_are_readable(tmp_path, monkeypatch):
    monkeypatch.setenv("SCI_ORACLE_WITNESS_DIR", str(tmp_path))
    with pytest.raises(AssertionError) as e:
        assert_reaches_digits(ones, 2, problem="srlasso", isolated=False)
    msg = str(e.value)
    assert "expected the claim 'correct to 2 digits' to be certified" in msg
    assert "but it is refuted" in msg
    assert "dist = " in msg
    assert "sci-oracle replay " in msg
    saved = msg.split("sci-oracle replay ")[1].strip()
    from sci_oracle.cli.main import main

    assert main(["replay", saved]) == 0  # the saved witness reproduces
    with pytest.raises(AssertionError, match=r"to be refuted.*but it is unknown"):
        assert_fails_K_digits(_escalate, problem="srlasso", K=3, isolated=False, max_level=120, members=(2,))


def test_witnesses_are_saved_per_project_under_their_own_names(tmp_path, monkeypatch):
    monkeypatch.delenv("SCI_ORACLE_WITNESS_DIR", raising=False)
    saved = []
    for project in ("alpha", "beta"):
        (tmp_path / project / "tests").mkdir(parents=True)
        (tmp_path / project / "pyproject.toml").write_text("")
        monkeypatch.chdir(tmp_path / project / "tests")  # pytest often runs from a subfolder
        for K in (3, 4):
            with pytest.raises(AssertionError) as e:
                assert_reaches_digits(ones, K - 1, problem="srlasso", K=K, isolated=False, members=(4,))
            saved.append(str(e.value).split("sci-oracle replay ")[1].strip())
    assert len(set(saved)) == 4  # was one shared temp file per algorithm name and K, across projects
    assert all(f"{os.sep}.sci_oracle{os.sep}witnesses{os.sep}" in p for p in saved)
    assert saved[0].startswith(str(tmp_path / "alpha"))
    assert saved[2].startswith(str(tmp_path / "beta"))
    assert (tmp_path / "alpha" / ".sci_oracle" / ".gitignore").read_text().endswith("*\n")


def _escalate(oracle):
    m = 1
    while True:
        a = oracle.read("A", m)
        if a[0, 0] != a[0, 1]:
            return OneSparseSolver(m)(oracle)
        m += 1


@pytest.mark.parametrize(
    ("args", "kw", "msg"),
    [
        ((Zero(), 2, "proven"), {}, "status='proven' is invalid"),
        ((Zero(), 7, "certified"), {"K": 3}, r"D=7 is invalid: the check decides D in \[1, 2, 3\]"),
    ],
)
def test_helper_bad_arguments(args, kw, msg):
    with pytest.raises(InvalidArgument, match=msg):
        assert_check(*args, isolated=False, **kw)


# --------------------------------------------------------------------------- the plugin (pytester)
PLUGIN_TEST = """
import pytest
from sci_oracle.algorithms.builtin import Midpoint

@pytest.mark.sci_oracle(problem="ulasso", K=4)
def test_defaults(pnas_family, barrier_check, assert_fails_K_digits, assert_reaches_digits):
    assert pnas_family.K == 4 and pnas_family.problem.name == "ulasso"
    report = barrier_check(Midpoint(30), members=(4,))
    assert report.K == 4 and report.isolated is {isolated}
    assert_fails_K_digits(Midpoint(30), members=(4,))
    assert_reaches_digits(Midpoint(30), 3, members=(4,))

@pytest.mark.sci_oracle(problem="ulasso", K=4)
def test_fails(assert_reaches_digits):
    assert_reaches_digits(Midpoint(30), 4, members=(4,))

def test_fails_imported():
    from sci_oracle.testing import assert_reaches_digits
    assert_reaches_digits(Midpoint(30), 4, problem="ulasso", K=4, members=(4,), isolated=False)
"""


def test_plugin_markers_options_fixtures(pytester):
    pytester.makepyfile(PLUGIN_TEST.replace("{isolated}", "False"))
    result = pytester.runpytest(
        *_plugin_args(), "--strict-markers", "--sci-oracle-in-process", "-p", "no:cacheprovider"
    )
    result.assert_outcomes(passed=1, failed=2)
    result.stdout.fnmatch_lines(["*expected the claim 'correct to 4 digits' to be certified*but it is refuted*"])
    text = result.stdout.str()  # the helpers hide their own frames: the test's line, then the message
    assert "raise AssertionError(_explain(" not in text
    assert "def assert_check(" not in text
    assert "return assert_reaches_digits(" not in text
    assert text.count("assert_reaches_digits(Midpoint(30), 4") == 2


def test_plugin_registers_markers_and_option(pytester):
    result = pytester.runpytest(*_plugin_args(), "--markers")
    result.stdout.fnmatch_lines(["*@pytest.mark.sci_oracle(problem='srlasso', K=3, isolated=True)*"])
    result = pytester.runpytest(*_plugin_args(), "--help")
    result.stdout.fnmatch_lines(["*--sci-oracle-in-process*"])


def test_plugin_import_is_light():
    code = (
        "import sys, sci_oracle.harness.pytest_plugin; "
        "heavy = [m for m in ('numpy', 'mpmath', 'flint', 'sci_oracle.harness.check') if m in sys.modules]; print(heavy)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env={"PYTHONPATH": ":".join(sys.path)}
    ).stdout
    assert out.strip() == "[]"


def test_hypothesis_hook_registers_families():
    from sci_oracle.harness.hypothesis_plugin import _hypothesis_setup_hook

    _hypothesis_setup_hook()
    fam = find(st.from_type(PNASFamily), lambda f: True)
    assert isinstance(fam, PNASFamily)


# --------------------------------------------------------------------------- strategies
def test_strategy_reprs_are_calls():
    assert repr(sos.levels(max_value=80)) == "levels(max_value=80)"
    assert repr(sos.pnas_families(max_K=5)) == "pnas_families(max_K=5)"
    assert repr(sos.seeds()) == "seeds()"


@settings(max_examples=20)
@given(sos.adversarial_pairs(families=sos.pnas_families(max_K=5)))
def test_pairs_are_indistinguishable_and_separated(pair):
    fam, n, _m1, _m2 = pair
    assert fam.agreement_level(n) >= n - 1
    assert fam.separation_exceeds(n)


def test_shrinking_reaches_the_smallest_failing_instance():
    from hypothesis import find

    fam = find(sos.pnas_families(), lambda f: f.K >= 4 and f.problem.name == "srlasso")
    assert (fam.K, fam.N2, fam.mixing, fam.params) == (4, 0, "none", "paper")
    n = find(sos.members(), lambda n: n >= 10)
    assert n == 10
    assert find(sos.dyadic_roundings(), lambda r: True) == "nearest"
    assert find(sos.seed_sets(), lambda s: True) == (0,)


@pytest.mark.parametrize(
    ("factory", "msg"),
    [
        (lambda: sos.levels(min_value=5, max_value=2), "min_value=5 is invalid: it exceeds max_value=2"),
        (lambda: sos.Ks(min_value=2), "Ks min_value=2 is invalid"),
        (lambda: sos.levels(max_value=1.5), "expected an int"),
        (lambda: sos.problems(choices=()), "give at least one"),
        (lambda: sos.problems(choices=("lasso",)), "did you mean"),
    ],
)
def test_strategy_bad_arguments(factory, msg):
    with pytest.raises(InvalidArgument, match=msg):
        find(factory(), lambda x: True)
