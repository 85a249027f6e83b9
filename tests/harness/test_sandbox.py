"""The sandbox of issue 12: the spec resolver, output caps, contract errors, bounded runs, layers.

The end-to-end attacks live in tests/harness/attacks/; these are the unit-level guarantees.
"""

from __future__ import annotations

import json
import os
import stat
import sys
import tempfile
import time
from fractions import Fraction

import pytest

from sci_oracle.cli.main import main
from sci_oracle.core.errors import ContractError, InvalidArgument
from sci_oracle.core.exact import sqrt
from sci_oracle.harness.check import check
from sci_oracle.harness.isolation import AlgorithmPayload, IsolatedAlgorithm, TrustedAlgorithm
from sci_oracle.harness.outputs import (
    MAX_DIGITS,
    MAX_ENTRIES,
    MAX_NESTING,
    OutputRejected,
    decode_output,
    decode_tree,
    encode_output,
    encode_tree,
)
from sci_oracle.harness.specs import load_spec, parse_spec
from sci_oracle.harness.testing import assert_fails_K_digits

linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the sandbox's layers are Linux ones")


# --------------------------------------------------------------------------- the spec resolver
@pytest.mark.parametrize(
    ("text", "kind", "target", "attr"),
    [
        ("zero", "builtin", "zero", None),
        ("coin-flip", "builtin", "coin-flip", None),
        ("pkg.mod:solve", "module", "pkg.mod", "solve"),
        ("solver.py:solve", "file", "/base/solver.py", "solve"),
        ("./solver.py:solve", "file", "/base/solver.py", "solve"),
        ("my dir/solver v2.py:make", "file", "/base/my dir/solver v2.py", "make"),
        ("/abs/x.py:f", "file", "/abs/x.py", "f"),
    ],
)
def test_parse_spec_forms(text, kind, target, attr):
    s = parse_spec(text, cwd="/base")
    assert (s.kind, s.target, s.attr) == (kind, target, attr)


@pytest.mark.parametrize(
    ("text", "msg"),
    [
        ("", "non-empty"),
        ("x.py", "name the function too"),
        ("mod:1x", "must be a Python identifier"),
        ("a-b:c", "neither a dotted module name"),
        ("dir/file:f", "must end in .py"),
        (3, "expected a string"),
    ],
)
def test_parse_spec_errors_name_the_parameter(text, msg):
    with pytest.raises(InvalidArgument, match=msg) as e:
        parse_spec(text, param="--train")
    assert "--train=" in str(e.value)


def test_parse_spec_never_imports(tmp_path):
    mod = tmp_path / "boom_on_import.py"
    mod.write_text("raise SystemExit('imported!')\n")
    spec = parse_spec("boom_on_import:f", cwd=str(tmp_path))
    payload = AlgorithmPayload.of(spec)  # reads the source as bytes, runs nothing
    assert "boom_on_import" not in sys.modules
    assert payload.source["boom_on_import"][1].startswith(b"raise SystemExit")


def test_load_spec_file_with_spaces_and_hints(tmp_path):
    d = tmp_path / "a dir"
    d.mkdir()
    (d / "my solver.py").write_text("def solve(oracle):\n    return [0]\n")
    assert callable(load_spec(parse_spec("a dir/my solver.py:solve", cwd=str(tmp_path))))
    with pytest.raises(InvalidArgument, match="did you mean 'solve'"):
        load_spec(parse_spec("a dir/my solver.py:solv", cwd=str(tmp_path)))
    with pytest.raises(InvalidArgument, match="does not exist"):
        AlgorithmPayload.of(parse_spec("nope.py:f", cwd=str(tmp_path)))


# --------------------------------------------------------------------------- outputs are data
class _Liar(Fraction):
    def __sub__(self, other):
        return Fraction(0)

    @property
    def numerator(self):
        return 0


def test_subclasses_are_read_through_the_base_class():
    assert decode_output(encode_output([_Liar(7, 3), 2, 0.5])) == (Fraction(7, 3), 2, Fraction(1, 2))


def test_caps_name_themselves():
    with pytest.raises(OutputRejected, match="MAX_ENTRIES"):
        encode_output([0.0] * (MAX_ENTRIES + 1))
    with pytest.raises(OutputRejected, match="MAX_RADICALS"):
        encode_output([sum(sqrt(p) for p in (2, 3, 5, 7, 11, 13, 17, 19, 23))])
    with pytest.raises(OutputRejected, match="MAX_DIGITS"):
        decode_output(["1" * (MAX_DIGITS + 1)])
    deep: object = "1"
    for _ in range(MAX_NESTING + 1):
        deep = {"a": "0", "b": "1", "r": deep, "id": "0"}
    with pytest.raises(OutputRejected, match="MAX_NESTING"):
        decode_output([deep])
    with pytest.raises(OutputRejected, match="NaN"):
        decode_output([float("inf")])


def test_tree_round_trip_is_exact():
    import numpy as np

    layers = [(np.array([[0.5, -1.0]]), np.array([0.25]))]
    assert decode_tree(encode_tree(layers)) == [[[[Fraction(1, 2), Fraction(-1)]], [Fraction(1, 4)]]]
    with pytest.raises(OutputRejected, match="not a list or a number"):
        decode_tree([{"x": 1}])


# --------------------------------------------------------------------------- contract errors
def ay_function(A, y):
    return [0] * 3


def factory(seed):
    return lambda oracle: [0.0] * oracle.problem.N


def sleeps_forever(oracle):
    time.sleep(1000)


def test_the_pytest_helpers_raise_contract_error_not_a_harness_bug():
    with pytest.raises(ContractError, match="broke the algorithm contract"):
        assert_fails_K_digits(factory, problem="srlasso", K=3, isolated=False, members=(4,))


def test_wrong_signature_found_in_the_child_is_a_contract_error():
    report = check(ay_function, "srlasso", 3, members=(4,))
    assert report.verdict == "error"
    assert "required arguments" in report.contract
    assert "numpy_solver" in report.contract


def test_in_process_watchdog_bounds_a_sleeper():
    if not hasattr(__import__("signal"), "setitimer"):
        pytest.skip("no setitimer on this platform")
    t0 = time.monotonic()
    report = check(sleeps_forever, "srlasso", 3, isolated=False, timeout=1.0, members=())
    assert time.monotonic() - t0 < 15
    assert report.verdict == "unknown"
    assert "in-process watchdog" in report.claims[3].detail
    assert "trusted" in report.isolation["trust"]


def test_trusted_runs_normalise_outputs():
    from sci_oracle.core.oracle import HonestOracle
    from sci_oracle.families.pnas import PNASFamily

    fam = PNASFamily("srlasso", 3)
    out = TrustedAlgorithm(lambda o: [_Liar(1, 3)] * o.problem.N)(HonestOracle(fam.limit().inputs, problem=fam.info))
    assert all(type(v) is Fraction and v == Fraction(1, 3) for v in out)


@pytest.fixture
def user_dir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "algs.py").write_text(
        "import os, random\n"
        "print(f'IMPORTED pid={os.getpid()}')\n"
        "def zero(oracle):\n    return [0.0] * oracle.problem.N\n"
        "def short(oracle):\n    return [0.0]\n"
        "def nan(oracle):\n    return [float('nan')] * oracle.problem.N\n"
        "def ay(A, y):\n    return [0.0]\n"
        "def factory(seed):\n    return zero\n"
        "def global_rng(oracle):\n    oracle.float64('A', 8)\n"
        "    return [random.random() * 1e-9 for _ in range(oracle.problem.N)]\n"
        "def trainer(oracle):\n    return lambda y: y\n"
    )
    return tmp_path


@pytest.mark.parametrize(
    ("name", "needle"),
    [
        ("short", "length N"),
        ("nan", "NaN"),
        ("ay", "required arguments"),
        ("factory", "--seeds"),
        ("global_rng", "not a general algorithm"),
        ("trainer", "trainer"),
    ],
)
def test_cli_contract_breaks_exit_3_with_the_report_written(user_dir, name, needle, capsys):
    out = user_dir / f"{name}.json"
    assert main(["check", f"algs:{name}", "--K", "3", "--members", "4", "--report", str(out)]) == 3
    report = json.loads(out.read_text())  # the run report (the certificate's claims are all unknown)
    assert report["verdict"] == "error"
    assert needle in report["contract_error"]
    assert report["digits_reached"] is None


def test_cli_exit_codes_0_1_2(user_dir, capsys):
    assert main(["check", "algs:zero", "--K", "3", "--members", "4", "--expect-digits", "2"]) == 0
    assert main(["check", "algs.py:zero", "--K", "3", "--members", "4", "--expect-digits", "3"]) == 1
    assert main(["check", "algs:nothere", "--K", "3"]) == 2
    assert main(["check", "nomodule:f", "--K", "3"]) == 2
    err = capsys.readouterr().err
    assert "cannot import 'nomodule'" in err


def test_module_level_code_runs_only_in_children(user_dir, capsys):
    out = user_dir / "r.json"
    assert main(["check", "algs:zero", "--K", "3", "--members", "4", "--report", str(out)]) == 0
    printed = json.loads(out.read_text())["algorithm_output"]
    pids = {int(x.split("=")[1]) for x in printed.split() if x.startswith("pid=")}
    assert pids
    assert os.getpid() not in pids
    assert "algs" not in sys.modules


# --------------------------------------------------------------------------- bounded, layered children
@linux
def test_layers_are_recorded_and_checked_by_the_parent():
    from sci_oracle.algorithms.builtin import Zero

    with IsolatedAlgorithm(Zero(), timeout=30) as alg:
        iso = alg.isolation if alg.meta is not None else {}
    assert iso["session"] == "on"
    assert iso["parent_dumpable"] == "on"
    seen = iso["checked_by_parent"]
    if os.geteuid() == 0:
        from sci_oracle.harness.sandbox import POOL_BASE, POOL_SIZE

        assert POOL_BASE <= int(seen["Uid"]) < POOL_BASE + POOL_SIZE
    if str(iso["no_new_privs"]).startswith("on"):
        assert seen["NoNewPrivs"] == "1"
    if str(iso["seccomp"]).startswith("on"):
        assert seen["Seccomp"] == "2"
    else:
        pytest.skip(f"seccomp layer not exercised: {iso['seccomp']}")


@linux
def test_sleepers_cost_their_timeout_not_more():
    t0 = time.monotonic()
    report = check(sleeps_forever, "srlasso", 3, timeout=1.0, members=(4,))
    # the barrier's limit run and the 2 declared members: 3 runs of 1 s, plus respawns
    assert time.monotonic() - t0 < 3 * 1.0 + 10
    assert report.verdict == "unknown"
    assert "wall-time limit" in report.claims[3].detail


# --------------------------------------------------------------------------- check-class MODULE:STRATEGY
@pytest.mark.parametrize(
    "text",
    [
        "().__class__.__base__.__subclasses__()",
        "__import__('os').system('true')",
        "QueryPlan.__init__",
        "ExactSolve(level=(lambda: 1)())",
        "ExactSolve(**{'level': 3})",
    ],
)
def test_drawn_descriptions_are_rebuilt_as_data_only(text):
    from sci_oracle.cli.check_class import parse_description

    with pytest.raises(ContractError, match="not a printed algorithm description"):
        parse_description(text, "mod:strat")


def test_drawn_descriptions_round_trip():
    from sci_oracle.cli.check_class import parse_description

    text = "QueryPlan(reads=(Read('y', 2, 40),), then=ExactSolve(level=22, tie='average'))"
    assert repr(parse_description(text)) == text


def test_check_class_draws_a_user_strategy_in_the_sandbox(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "strat.py").write_text(
        "import os\n"
        "print(f'STRATEGY MODULE pid={os.getpid()}')\n"
        "from sci_oracle.harness import class_properties as cp\n"
        "def plans():\n    return cp.CLASSES['query-plans']()\n"
        "def not_a_strategy():\n    return 3\n"
    )
    argv = ["check-class", "strat:plans", "--max-examples", "3", "--problem", "srlasso", "--K", "3"]
    assert main(argv) == 0
    assert "strat" not in sys.modules
    assert "STRATEGY MODULE" not in capsys.readouterr().out
    assert main(["check-class", "strat:not_a_strategy", "--max-examples", "3"]) == 2


# --------------------------------------------------------------------------- issue 21: the bundle is data
def _pkg(tmp_path, name="pkg"):
    pkg = tmp_path / name
    pkg.mkdir()
    (pkg / "__init__.py").write_text("def solve(oracle):\n    return [0]\n")
    return pkg


def test_bundle_ships_regular_files_inside_the_package_only(tmp_path):
    from sci_oracle.harness.specs import source_bundle

    pkg = _pkg(tmp_path)
    (pkg / "sub").mkdir()
    (pkg / "sub" / "__init__.py").write_text("")
    (pkg / "sub" / "m.py").write_text("x = 1\n")
    (pkg / "data").mkdir()  # not a package: never read
    (pkg / "data" / "big.py").write_text("y = 2\n")
    bundle = source_bundle(parse_spec("pkg:solve", cwd=str(tmp_path)))
    assert sorted(bundle) == ["pkg", "pkg.sub", "pkg.sub.m"]
    assert bundle["pkg.sub.m"][1] == b"x = 1\n"


@pytest.mark.parametrize(
    ("make", "msg"),
    [
        (lambda p, t: (p / "env.py").symlink_to("/proc/self/environ"), "pkg/env.py is a symbolic link"),
        (lambda p, t: os.mkfifo(p / "data.py"), "pkg/data.py is not a regular file"),
        (lambda p, t: (p / "big.py").write_bytes(b"#" * ((16 << 20) + 1)), "MAX_SOURCE_BYTES"),
        (lambda p, t: (t / "pkg2").symlink_to(p), "pkg2 in"),
    ],
    ids=["symlink", "fifo", "size-cap", "linked-package"],
)
def test_bundle_refuses_what_the_child_could_not_read(tmp_path, make, msg):
    from sci_oracle.harness.specs import source_bundle

    pkg = _pkg(tmp_path)
    make(pkg, tmp_path)
    name = "pkg2" if msg.startswith("pkg2") else "pkg"
    t0 = time.monotonic()
    with pytest.raises(InvalidArgument, match=msg):
        source_bundle(parse_spec(f"{name}:solve", cwd=str(tmp_path)))
    assert time.monotonic() - t0 < 5  # a FIFO never blocks the open


@pytest.mark.skipif(os.geteuid() != 0, reason="the owner rule guards a root parent")
def test_bundle_refuses_a_hard_link_to_another_users_private_file(tmp_path):
    from sci_oracle.harness.specs import source_bundle

    secret = tmp_path / "secret"
    secret.write_text("root only")
    secret.chmod(0o600)
    pkg = _pkg(tmp_path)
    os.chown(pkg, 65534, 65534)
    os.chown(pkg / "__init__.py", 65534, 65534)
    os.link(secret, pkg / "secret.py")
    with pytest.raises(InvalidArgument, match="could not read it itself"):
        source_bundle(parse_spec("pkg:solve", cwd=str(tmp_path)))


def test_file_spec_and_deadline(tmp_path):
    (tmp_path / "real.py").write_text("def solve(oracle):\n    return [0]\n")
    (tmp_path / "link.py").symlink_to(tmp_path / "real.py")
    assert parse_spec("real.py:solve", cwd=str(tmp_path)).read_source().startswith(b"def solve")
    with pytest.raises(InvalidArgument, match="symbolic link"):
        parse_spec("link.py:solve", cwd=str(tmp_path)).read_source()
    with pytest.raises(InvalidArgument, match="longer than the timeout"):
        parse_spec("real.py:solve", cwd=str(tmp_path)).read_source(deadline=time.monotonic() - 1)


# --------------------------------------------------------------------------- issue 21: identities and clean-up
def test_private_directories_are_removed_whatever_their_modes(tmp_path, monkeypatch):
    from sci_oracle.harness import sandbox

    monkeypatch.setattr(sandbox, "_BASE", None)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    path, lock = sandbox.make_private_dir(None)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o700
    top = os.path.join(path, "tree")
    os.makedirs(os.path.join(top, "sub"))
    open(os.path.join(top, "sub", "f"), "w").close()
    os.chmod(os.path.join(top, "sub"), 0o500)
    os.chmod(top, 0o500)
    sandbox.remove_private_dir(path, lock)
    assert not os.path.exists(path)
    assert not os.path.exists(path + ".lock")


def test_directories_of_dead_runs_are_swept(tmp_path, monkeypatch):
    from sci_oracle.harness import sandbox

    monkeypatch.setattr(sandbox, "_BASE", None)
    monkeypatch.setattr(sandbox, "_SWEPT", False)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    dead, dead_lock = sandbox.make_private_dir(None)
    live, live_lock = sandbox.make_private_dir(None)
    os.close(dead_lock)  # its parent died: the lock is free
    assert sandbox.sweep_stale() == 1
    assert not os.path.exists(dead)
    assert os.path.isdir(live)  # a live run's directory stays
    sandbox.remove_private_dir(live, live_lock)


@pytest.mark.skipif(os.geteuid() != 0, reason="the uid pool is for a root parent")
def test_each_child_gets_an_identity_of_its_own():
    from sci_oracle.harness.sandbox import POOL_BASE, POOL_SIZE, claim_identity

    a, b = claim_identity(), claim_identity()
    try:
        assert a.uid != b.uid
        assert POOL_BASE <= a.uid < POOL_BASE + POOL_SIZE
    finally:
        a.release()
        b.release()


# --------------------------------------------------------------------------- issue 21: bounded decisions, coherent caps
def test_decisions_on_untrusted_radicals_run_under_the_clock():
    from math import isqrt

    from sci_oracle.core.errors import Undecided
    from sci_oracle.core.exact import sign
    from sci_oracle.harness.outputs import deciding

    def near_zero(p, d=40):
        b = 10**d + 7
        return isqrt(p * b * b) - b * sqrt(p)

    x = sum((near_zero(p) for p in (2, 3, 5, 7, 11, 13, 17, 19)), Fraction(0))
    one, two = decode_output(encode_output([x]))[0], decode_output(encode_output([x]))[0]  # distinct radicals
    t0 = time.monotonic()
    with pytest.raises(Undecided, match=r"did not finish within timeout=0\.2 s"), deciding(0.2):
        sign(one - two)  # an exact zero test in a tower of 16 square roots
    assert time.monotonic() - t0 < 5
    with deciding(0.2):
        assert sign(one) == sign(x)  # a ball settles it: no time spent


def test_the_digit_cap_is_reachable_on_both_sides():
    big = Fraction(10**15_000 + 1, 3)  # beyond Python's own 4,300-digit int/str limit
    assert decode_output(encode_output([big, 0])) == (big, 0)
    with pytest.raises(OutputRejected, match="MAX_DIGITS"):
        encode_output([10 ** (MAX_DIGITS + 5)])
