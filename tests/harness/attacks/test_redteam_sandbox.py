"""Red-team review of the sandbox from its documented promises (issue 21, second round).

Each attack was written from docs/harness.md ("The sandbox: guarantees, layers and caveats"),
docs/cli.md, the README and the design notes ("User text is data", "Trust does not rest on the
producer"), before reading the code: for each promise, a hostile module or input that would make
it a lie. Every test asserts the promise, so a hit is a failing test; the hits are marked
``xfail(strict=True)`` with the reason, so that CI stays green and flips when they are fixed
(branch sandbox-3 fixed the last ones: no mark is left).
CI runs this file twice, as root and as an unprivileged user (``.ci/run``); where a promise only
holds in one of the two (for example a uid of its own), the mark says so.

Every run is bounded: ``--timeout`` is small, and a command still running at ``--timeout`` +
10 s + a grace is killed and counts as a breach of the bound.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import pty
import secrets
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the sandbox's layers are Linux ones")

TIMEOUT = 3.0  # --timeout of the attacked runs
MARGIN = 10.0  # issue 21: every run ends within --timeout + 10 s
GRACE = 1.0  # a run still going this long past its bound is killed (the suite stays bounded)
ROOT = os.geteuid() == 0
RAW = ("\x1b", "\x07", "\x9b", "\u202e", "\r")  # what must never reach a terminal raw
EVIL = "\x1b]0;OWNED\x07\x1b[2J\x9b31m\u202e[/bold][red]FAKE K=3 digits certified[/red]\r"
HONEST = "def solve(oracle):\n    return [0.0] * oracle.problem.N\n"
FAMILY = "PNASFamily('srlasso', K=3, N1=2, N2=0)"
libc = ctypes.CDLL(None, use_errno=True)


class Run:
    """One CLI process: exit code (None if it had to be killed), streams, wall time."""

    def __init__(self, code, out: str, err: str, seconds: float, bound: float, args):
        self.code, self.out, self.err, self.seconds, self.bound, self.args = code, out, err, seconds, bound, args

    @property
    def within_bound(self) -> bool:
        return self.code is not None and self.seconds <= self.bound

    def __repr__(self) -> str:
        return f"Run({' '.join(map(str, self.args[3:]))!r}: exit {self.code} after {self.seconds:.1f} s; {self.err[-600:]!r})"


def _default_sigint():
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # as on a terminal, even when CI ignores SIGINT


def start(cwd: Path, *args: str, env: dict | None = None, stdout=subprocess.PIPE, stderr=subprocess.PIPE):
    cmd = [sys.executable, "-m", "sci_oracle.cli.main", *map(str, args)]
    proc = subprocess.Popen(
        cmd,
        cwd=cwd,
        stdout=stdout,
        stderr=stderr,
        stdin=subprocess.DEVNULL,
        env={**os.environ, **(env or {})},
        start_new_session=True,
        preexec_fn=_default_sigint,
    )
    return proc, time.monotonic()


def finish(proc, t0: float, bound: float) -> Run:
    try:
        out, err = proc.communicate(timeout=max(bound + GRACE - (time.monotonic() - t0), 1))
        code = proc.returncode
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        code = None
    dec = lambda b: b.decode("utf-8", "replace") if isinstance(b, bytes) else (b or "")  # noqa: E731
    return Run(code, dec(out), dec(err), time.monotonic() - t0, bound, proc.args)


def cli(cwd: Path, *args: str, bound: float = TIMEOUT + MARGIN, env: dict | None = None) -> Run:
    return finish(*start(cwd, *args, env=env), bound)


def many(cwd: Path, cases: dict[str, list[str]], bound: float) -> dict[str, Run]:
    """Run several commands at once (the suite stays quick); each has the same bound."""
    started = {name: start(cwd, *args) for name, args in cases.items()}
    return {name: finish(p, t0, bound) for name, (p, t0) in started.items()}


def write(tmp: Path, name: str, source: str) -> Path:
    path = tmp / name
    path.write_text(textwrap.dedent(source))
    return path


def report(path: Path) -> dict:
    return json.loads(path.read_text())


def printed(path: Path) -> str:
    return report(path).get("algorithm_output", "")


def figure(path: Path, label: str) -> int | None:
    """The number the hostile module printed after ``label`` (None without a report or a line)."""
    if not path.exists():
        return None
    found = [int(line.split()[1]) for line in printed(path).splitlines() if line.startswith(label + " ")]
    return found[0] if found else None


def check(tmp: Path, spec: str, *extra: str, timeout: float = TIMEOUT, name: str = "r") -> tuple[Run, Path]:
    out = tmp / f"{name}.json"
    run = cli(
        tmp,
        "check",
        spec,
        "--K",
        "3",
        "--members",
        "4",
        "--timeout",
        timeout,
        "--json",
        out,
        *extra,
        bound=timeout + MARGIN,
    )
    return run, out


def attack(tmp: Path, prelude: str, *extra: str, timeout: float = TIMEOUT) -> tuple[Run, Path]:
    """`check` a hostile module: ``prelude`` runs at import, then it is the honest algorithm."""
    write(tmp, "hostile.py", textwrap.dedent(prelude) + "\n" + HONEST)
    return check(tmp, "hostile.py:solve", *extra, timeout=timeout)


def raw_controls(text: str) -> list[str]:
    return [repr(c) for c in RAW if c in text]


@pytest.fixture(scope="module")
def layers(tmp_path_factory) -> dict:
    """The isolation record of an honest run on this machine (to skip where a layer is absent)."""
    tmp = tmp_path_factory.mktemp("honest")
    write(tmp, "honest.py", HONEST)
    run, _ = check(tmp, "honest.py:solve", "--report", str(tmp / "run.json"))  # --json is the certificate
    assert run.code == 0, run
    return report(tmp / "run.json")["isolation"]


def need(layers: dict, *keys: str) -> None:
    def on(key):
        value = layers.get(key, layers.get("namespaces", {}).get(key, ""))
        return isinstance(value, str) and value.startswith(("on", "dropped"))

    if not any(on(k) for k in keys):
        pytest.skip(f"none of the layers {keys} is in force here: {layers}")


# The attacks that, when they hit, take their whole bound: started together before the other tests
# (an autouse fixture), so that the file stays quick; each test reads its own run.
LONG_RUNS = {
    "step-tower": (["step", "--K", "3", "--algorithm", "tower.py:solve", "--timeout", "5"], 5 + 5 + MARGIN),
    "check-sleeper": (
        ["check", "hang.py:solve", "--K", "3", "--members", "4,16", "--timeout", str(TIMEOUT)],
        TIMEOUT + MARGIN,
    ),
    "classifier-network": (["check", "net.py:train", "--classifier", "--timeout", str(TIMEOUT)], TIMEOUT + MARGIN),
    "bhv-demo-network": (
        ["bhv-demo", "--train", "net.py:train", "--timeout", str(TIMEOUT), "--quiet"],
        TIMEOUT + MARGIN,
    ),
}


@pytest.fixture(scope="module", autouse=True)
def long_runs(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("long")
    write(tmp, "tower.py", NEAR_ZERO_TOWER)
    write(tmp, "hang.py", HANG)
    write(tmp, "net.py", EXACT_NETWORK)
    started = {name: start(tmp, *args) for name, (args, _) in LONG_RUNS.items()}
    results: dict[str, Run] = {}

    def reap(name: str) -> None:  # at once, so a run's time is when it ended, not when a test asked
        results[name] = finish(*started[name], LONG_RUNS[name][1])

    reapers = {name: threading.Thread(target=reap, args=(name,), daemon=True) for name in started}
    for thread in reapers.values():
        thread.start()

    def result(name: str) -> Run:
        reapers[name].join()
        return results[name]

    yield result
    for name in started:
        result(name)  # reaped (and killed if still running past its bound)


# ---------------------------------------------------------------------------------------------
# 1. User text is data: nothing the user wrote is evaluated or imported outside the sandbox
# ---------------------------------------------------------------------------------------------

MARKER_MODULE = """
import os
try:  # only a writable process (never the read-only sandbox) leaves this file
    with open({path!r}, "w") as f:
        f.write(str(os.getpid()))
except OSError:
    pass
def f(oracle, **kw):
    return [0.0] * oracle.problem.N
solve = f
"""


ESCAPES = {
    "subclasses": "().__class__.__base__.__subclasses__()",
    "import": "__import__('os').system('touch {marker}')",
    "nested-import": "QueryPlan(reads=(), then=ExactSolve(level=None, tie=__import__('os').system('touch {marker}')))",
    "kwargs": "Zero(**{{'x': __import__('os').system('touch {marker}')}})",
    "call-result": "Zero()(__import__('os'))",
}


def test_replay_text_is_never_evaluated(tmp_path):
    """docs/algorithm_classes.md: --replay is parsed as data (literals and a closed table of
    constructors), never eval; an escape is a usage error and runs nothing (five escapes at once)."""
    marker = tmp_path / "EVALUATED"
    cases = {
        name: ["check-class", "--replay", text.format(marker=marker), "--family", FAMILY, "--timeout", "10"]
        for name, text in ESCAPES.items()
    }
    runs = many(tmp_path, cases, bound=TIMEOUT + MARGIN)
    assert {name: run.code for name, run in runs.items()} == dict.fromkeys(ESCAPES, 2), runs
    assert not marker.exists()


def test_replay_naming_a_user_module_imports_it_only_in_the_sandbox(tmp_path):
    """docs/harness.md: a drawn or replayed user_algorithm('mod:f') runs in a sandboxed child; the
    CLI (which can write here) never imports it."""
    marker = tmp_path / "IMPORTED_BY_A_WRITABLE_PROCESS"
    write(tmp_path, "markermod.py", MARKER_MODULE.format(path=str(marker)))
    for text in ("user_algorithm('markermod:f')", "user_algorithm(('markermod' ':f'), level=3)"):
        run = cli(tmp_path, "check-class", "--replay", text, "--family", FAMILY, "--timeout", "20", bound=30)
        assert run.code in (0, 1), run
    assert not marker.exists(), f"imported in process {marker.read_text()}"


@pytest.mark.parametrize("route", ["cli", "api"])
def test_a_dotted_spec_never_runs_the_package_init_in_the_parent(tmp_path, route):
    """docs/cli.md: a spec is checked with importlib.util.find_spec, 'which runs no code'; but
    find_spec('pkg.sub') imports pkg. The package __init__ must run only in the sandbox."""
    marker = tmp_path / "PKG_INIT_RAN_IN_A_WRITABLE_PROCESS"
    (tmp_path / "evilpkg").mkdir()
    write(tmp_path / "evilpkg", "__init__.py", MARKER_MODULE.format(path=str(marker)))
    write(tmp_path / "evilpkg", "sub.py", HONEST)
    if route == "cli":
        run, _ = check(tmp_path, "evilpkg.sub:solve")
        assert run.code == 0, run
    else:
        code = "from sci_oracle import check; r = check('evilpkg.sub:solve', 'srlasso', K=3, members=(4,), timeout=3)"
        done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr[-2000:]
    assert not marker.exists()


def test_modules_in_the_working_directory_never_shadow_the_cli_libraries(tmp_path):
    """The current directory is importable for the user's spec; a file there named like a library
    the CLI loads lazily (json, sympy, hypothesis, rich, flint, ...) must not be imported by it.
    Run through the installed `sci-oracle` script, as the README does (`python -m` itself puts the
    current directory first on the path)."""
    script = Path(sys.executable).parent / "sci-oracle"
    if not script.exists():
        pytest.skip(f"no sci-oracle script beside {sys.executable}")
    names = [
        *("sympy", "mpmath", "hypothesis", "json", "decimal", "fractions", "random", "uuid", "secrets"),
        *("hashlib", "tempfile", "shutil", "glob", "difflib", "textwrap", "inspect", "ast", "tokenize"),
        *("traceback", "linecache", "platform", "pickle", "ctypes", "selectors", "queue", "threading"),
        *("concurrent", "multiprocessing", "signal", "fcntl", "resource", "socket", "struct", "base64"),
        *("zlib", "copy", "numbers", "typing", "dataclasses", "enum", "functools", "locale", "codecs"),
        *("argparse", "pwd", "grp", "termios", "select", "mmap", "datetime", "unicodedata", "rich"),
        *("markdown_it", "pygments", "flint", "numpy", "scipy", "pyseccomp", "seccomp", "packaging"),
    ]
    for name in names:
        write(tmp_path, f"{name}.py", MARKER_MODULE.format(path=str(tmp_path / f"SHADOWED-{name}")))
    write(tmp_path, "honest_solver.py", HONEST)
    cmd = [script, "check", "honest_solver.py:solve", "--K", "3", "--members", "4", "--timeout", str(TIMEOUT)]
    done = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, timeout=TIMEOUT + MARGIN + 5)
    assert done.returncode == 0, done.stderr[-2000:]
    assert sorted(p.name for p in tmp_path.glob("SHADOWED-*")) == []


ROOT_ONLY = pytest.mark.skipif(not ROOT, reason="a confused deputy needs a parent with more rights than the child")


@pytest.fixture
def private_file():
    """``make(name, text)``: a file only its owner reads (0600, in a 0700 directory), removed after."""
    made: list[Path] = []

    def make(name: str, text: str) -> Path:
        folder = Path(tempfile.mkdtemp(prefix="rt-private-"))
        made.append(folder)
        os.chmod(folder, 0o700)
        (folder / name).write_text(text)
        os.chmod(folder / name, 0o600)
        return folder / name

    yield make
    for folder in made:
        shutil.rmtree(folder, ignore_errors=True)


@ROOT_ONLY
def test_a_drawn_description_cannot_make_the_parent_read_a_private_file(tmp_path, private_file):
    """design.md 'User text is data': the parent reads no file on the child's behalf that the child
    could not read itself. A strategy (run in the child) draws an object whose printed description
    names a root-only file; the parent must not read it for the next child."""
    token = "TOPSECRET_" + secrets.token_hex(8)  # a name: the file raises NameError on that line
    secret = private_file("settings.py", f"API_TOKEN = {token} # not even Python\n")
    write(
        tmp_path,
        "deputy.py",
        f"""
        from hypothesis import strategies as st
        class Drawn:
            def __repr__(self):
                return "user_algorithm('{secret}:f', level=3)"
        descriptions = st.just(Drawn())
        """,
    )
    out = tmp_path / "r.json"
    args = ["check-class", "deputy.py:descriptions", "--max-examples", "1", "--timeout", "30", "--json", out]
    run = cli(tmp_path, *args, bound=40)
    assert run.code is not None, run
    leaked = [where for where, text in (("stdout", run.out), ("stderr", run.err)) if token in text]
    if out.exists() and token in out.read_text():
        leaked.append("report")
    assert leaked == [], f"the private file's content reached {leaked}"


@ROOT_ONLY
def test_a_file_spec_through_a_linked_directory_is_refused(tmp_path, private_file):
    """docs/harness.md: only regular files inside the package directory, no links out ('a link to a
    root-only file is refused at once with exit 2'). `check lib/solver.py:solve`, where `lib` in the
    package links to a root-only directory, must be refused as a link, not read by root."""
    (tmp_path / "lib").symlink_to(private_file("solver.py", HONEST).parent)
    run, _ = check(tmp_path, "lib/solver.py:solve")
    assert run.code == 2, run
    assert "symbolic link" in run.err, run


def test_a_fifo_named_by_a_drawn_description_cannot_block_the_parent(tmp_path):
    """The bundle rules (no FIFO, deadline before the first read) for a file the parent reads
    because a drawn description names it, not the command line."""
    os.mkfifo(tmp_path / "pipe.py")
    write(
        tmp_path,
        "fifo_draw.py",
        f"""
        from hypothesis import strategies as st
        class Drawn:
            def __repr__(self):
                return "user_algorithm('{tmp_path}/pipe.py:f', level=3)"
        descriptions = st.just(Drawn())
        """,
    )
    run = cli(tmp_path, "check-class", "fifo_draw.py:descriptions", "--max-examples", "1", "--timeout", TIMEOUT)
    assert run.within_bound, run
    assert run.code in (2, 3), run


def test_a_deeply_nested_replay_file_is_a_usage_error(tmp_path):
    """docs/cli.md: unreadable or malformed input is exit 2 with one line naming the option, never
    an internal error (exit 4)."""
    depth = 100_000
    (tmp_path / "deep.json").write_text(
        '{"algorithm": "Zero()", "family": ' + "[" * depth + "]" * depth + ', "rounding": "nearest"}'
    )
    run = cli(tmp_path, "check-class", "--replay-file", "deep.json")
    assert run.code == 2, run
    assert "--replay-file" in run.err


def test_a_deeply_nested_family_or_replay_text_is_a_usage_error(tmp_path):
    depth = 30_000
    runs = many(
        tmp_path,
        {
            "family": ["check-class", "--replay", "Zero()", "--family", "[" * depth + "]" * depth],
            "replay": ["check-class", "--replay", "Zero(" + "(" * depth + "1" + ",)" * depth + ")", "--family", FAMILY],
        },
        bound=TIMEOUT + MARGIN,
    )
    for run in runs.values():
        assert run.code == 2, run


# ---------------------------------------------------------------------------------------------
# 2. The user's terminal: control sequences and markup never reach it raw
# ---------------------------------------------------------------------------------------------

HOSTILE_TEXT = f"""
EVIL = {EVIL!r}
print("import:" + EVIL)
def solve(oracle):
    print("run:" + EVIL)
    raise ValueError("exc:" + EVIL)
def train(X, y, rng):
    print("train:" + EVIL)
    raise ValueError("exc:" + EVIL)
def train_samples(Y, X):
    print("train:" + EVIL)
    raise ValueError("exc:" + EVIL)
def strings(oracle):
    return ["str:" + EVIL] * oracle.problem.N
from hypothesis import strategies as st
from sci_oracle import strategies as sos
def member(oracle, *, level):
    raise ValueError("member:" + EVIL)
members = sos.algorithms_from(member, st.fixed_dictionaries({{"level": st.integers(0, 3)}}))
def _boom(x):
    raise ValueError("draw:" + EVIL)
draws = st.integers(0, 3).map(_boom)
"""


@pytest.fixture(scope="module")
def certificate(tmp_path_factory) -> Path:
    """A check certificate of the honest algorithm, for `verify --algorithm`."""
    tmp = tmp_path_factory.mktemp("cert")
    write(tmp, "honest.py", HONEST)
    run, out = check(tmp, "honest.py:solve", name="cert")
    assert run.code == 0, run
    return out


def test_control_sequences_never_reach_the_terminal_on_any_entry_point(tmp_path, certificate):
    """docs/cli.md 'What your code writes': control characters and markup are shown as escapes on
    every command, in the JSON, never raw; rich markup never crashes a command (exit 4)."""
    write(tmp_path, "hostile.py", HOSTILE_TEXT)
    t = str(TIMEOUT)
    cases = {
        "check": ["check", "hostile.py:solve", "--K", "3", "--members", "4", "--timeout", t, "--json", "-"],
        "check-strings": ["check", "hostile.py:strings", "--K", "3", "--members", "4", "--timeout", t],
        "step": ["step", "--K", "3", "--algorithm", "hostile.py:solve", "--timeout", t],
        "training": ["check", "hostile.py:train_samples", "--training", "--K", "3", "--members", "4", "--timeout", t],
        "classifier": ["check", "hostile.py:train", "--classifier", "--timeout", t],
        "bhv-demo": ["bhv-demo", "--train", "hostile.py:train", "--timeout", t, "--quiet"],
        "prove-bhv": ["prove", "bhv", "--train", "hostile.py:train", "--quiet"],
        "check-class": ["check-class", "hostile.py:members", "--max-examples", "2", "--timeout", "20"],
        "check-class-draw": ["check-class", "hostile.py:draws", "--max-examples", "2", "--timeout", "20"],
        "verify": ["verify", str(certificate), "--algorithm", "hostile.py:solve", "--timeout", t],
    }
    runs = many(tmp_path, cases, bound=40)
    for name, run in runs.items():
        assert run.code not in (None, 4), (name, run)  # ended, and no crash on markup
        assert raw_controls(run.out + run.err) == [], (name, run)
        assert "MarkupError" not in run.err, (name, run)


def test_did_you_mean_suggestions_from_the_module_are_sanitised(tmp_path):
    """A 'did you mean' suggestion is built from the module's own attribute names: user text."""
    write(tmp_path, "names.py", 'globals()["solv\\x1b]0;OWNED\\x07"] = lambda oracle: 0\n')
    run = cli(tmp_path, "check", "names.py:solve", "--K", "3", "--timeout", TIMEOUT)
    assert run.code == 2, run
    assert raw_controls(run.err) == [], run


def test_on_a_real_terminal_nothing_the_module_writes_comes_through_raw(tmp_path):
    """The CLI renders differently on a terminal (rich): run it on a pty, with a module that also
    tries to open every terminal it can see, and look for its OSC title sequence on the master."""
    write(
        tmp_path,
        "tty.py",
        f"""
        import glob, os
        EVIL = {EVIL!r}
        for path in ["/dev/tty", *glob.glob("/dev/pts/[0-9]*"), *glob.glob(f"/proc/{{os.getppid()}}/fd/*")]:
            try:
                fd = os.open(path, os.O_WRONLY | os.O_NOCTTY)
                os.write(fd, ("direct:" + EVIL).encode())
                print("OPENED", path)
            except OSError:
                pass
        def solve(oracle):
            raise ValueError("exc:" + EVIL)
        """,
    )
    master, slave = pty.openpty()
    proc, t0 = start(
        tmp_path,
        "check",
        "tty.py:solve",
        "--K",
        "3",
        "--members",
        "4",
        "--timeout",
        TIMEOUT,
        stdout=slave,
        stderr=slave,
    )
    os.close(slave)
    seen = b""
    while time.monotonic() - t0 < TIMEOUT + MARGIN + GRACE:
        ready, _, _ = select.select([master], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
        elif proc.poll() is not None:
            break
    run = finish(proc, t0, TIMEOUT + MARGIN)
    os.close(master)
    assert run.code == 3, (run, seen[-2000:])
    assert b"\x1b]0;OWNED" not in seen
    assert "\u202e".encode() not in seen
    assert b"\x9b31m" not in seen
    assert b"direct:" not in seen
    assert b"OPENED" not in seen


def test_a_huge_exception_message_is_bounded(tmp_path):
    """Giant tracebacks: the parent does bounded work on what the child sent, and the terminal and
    the JSON get a bounded copy (here a 50 MB message)."""
    write(tmp_path, "big.py", "def solve(oracle):\n    raise ValueError('B' * 50_000_000)\n")
    run, out = check(tmp_path, "big.py:solve")
    assert run.code == 3, run
    assert run.within_bound, run
    assert len(run.out) + len(run.err) < 1_000_000
    assert out.stat().st_size < 1_000_000


def test_raw_bytes_on_the_child_s_file_descriptors_are_sanitised(tmp_path):
    """What the module writes with os.write to fds 1 and 2 (not through sys.stdout), invalid UTF-8
    and UTF-8-encoded C1 controls included, is shown as text too."""
    run, out = attack(
        tmp_path,
        """
        import os
        for fd in (1, 2):
            os.write(fd, b"fd:\\x1b]0;OWNED\\x07\\xff\\xfe\\xc2\\x9b31m\\xe2\\x80\\xae\\r\\xed\\xa0\\x80\\n")
        """,
    )
    assert run.code == 0, run
    assert raw_controls(run.out + run.err + out.read_text()) == []
    assert "\x1b" not in printed(out)


# ---------------------------------------------------------------------------------------------
# 3. Time: --timeout bounds the whole run (+ 10 s), and Ctrl-C stops every command within 2 s
# ---------------------------------------------------------------------------------------------

HANG = """
import time
def solve(oracle):
    time.sleep(10**6)
def train(X, y, rng):
    time.sleep(10**6)
def train_samples(Y, X):
    time.sleep(10**6)
from hypothesis import strategies as st
def _sleep(x):
    time.sleep(10**6)
draws = st.integers(0, 3).map(_sleep)
"""


def test_a_hanging_algorithm_is_bounded_on_every_entry_point(tmp_path, certificate):
    """docs/cli.md, '--timeout on every command that runs your code'; issue 21: every attack's run
    ends within --timeout + 10 s on every entry point."""
    write(tmp_path, "hang.py", HANG)
    t = str(TIMEOUT)
    cases = {
        "step": ["step", "--K", "3", "--algorithm", "hang.py:solve", "--timeout", t],
        "verify": ["verify", str(certificate), "--algorithm", "hang.py:solve", "--timeout", t],
        "check-class-draw": ["check-class", "hang.py:draws", "--max-examples", "2", "--timeout", t],
        "bhv-demo": ["bhv-demo", "--train", "hang.py:train", "--timeout", t, "--quiet"],
        "classifier": ["check", "hang.py:train", "--classifier", "--timeout", t],
        "check-class-replay": [
            "check-class",
            "--replay",
            "user_algorithm('hang:solve')",
            "--family",
            FAMILY,
            "--timeout",
            t,
        ],
    }
    runs = many(tmp_path, cases, bound=TIMEOUT + MARGIN)
    slow = {name: run for name, run in runs.items() if not run.within_bound}
    assert slow == {}


EXACT_NETWORK = """
import random
from fractions import Fraction
def _weight(rng, digits):
    return Fraction(rng.randrange(10**digits), rng.randrange(10 ** (digits - 1), 10**digits))
def train(X, y, rng, widths=(24, 24, 24, 24), digits=60):
    r = random.Random(0)
    sizes = [X.shape[1], *widths, 1]
    return [
        ([[_weight(r, digits) for _ in range(a)] for _ in range(b)], [_weight(r, digits) for _ in range(b)])
        for a, b in zip(sizes, sizes[1:])
    ]
def train_8_8(X, y, rng):  # the architecture prove bhv asks for, with wider numbers
    return train(X, y, rng, widths=(8, 8), digits=400)
"""


@pytest.mark.parametrize("train", ["hang.py:train", "net.py:train_8_8"], ids=["hang", "exact-network"])
def test_prove_bhv_train_has_a_timeout(tmp_path, train):
    """`prove bhv --train` runs user code. Issue 21: --timeout on every command that runs user code,
    bounding it as a whole (a red-team hit once: a hanging train, or an [8, 8] network of 400-digit
    rationals decided exactly in the parent, held it for 100-200 s and more)."""
    write(tmp_path, "hang.py", HANG)
    write(tmp_path, "net.py", EXACT_NETWORK)
    run = cli(tmp_path, "prove", "bhv", "--train", train, "--timeout", TIMEOUT, "--quiet")
    assert run.code in (1, 3), run
    assert run.within_bound, run


def test_exact_evaluation_of_a_returned_network_is_bounded(long_runs):
    """docs/harness.md: every decision on the algorithm's output is charged to the clock ('the
    dichotomy test of --classifier'); 'rationals need no clock: their cost is polynomial in the
    capped digits'. Polynomial through a deep network of distinct denominators is not bounded."""
    runs = {name: long_runs(name) for name in ("classifier-network", "bhv-demo-network")}
    slow = {name: run for name, run in runs.items() if not run.within_bound}
    assert slow == {}


def test_a_sleeping_algorithm_does_not_multiply_check_s_timeout(long_runs):
    run = long_runs("check-sleeper")
    assert run.code is not None, run
    assert run.within_bound, run


def test_ctrl_c_stops_every_command_within_2_s(tmp_path, certificate):
    """docs/harness.md: Ctrl-C stops every command that runs user code within 2 s, exit 130; `check`
    writes a partial report marked interrupted. All commands at once, SIGINT to each process group."""
    write(tmp_path, "hang.py", HANG)
    cases = {
        "check": ["check", "hang.py:solve", "--K", "3", "--members", "4", "--timeout", "60", "--json", "c.json"],
        "training": [
            "check",
            "hang.py:train_samples",
            "--training",
            "--K",
            "3",
            "--members",
            "4",
            "--timeout",
            "60",
            "--json",
            "t.json",
        ],
        "classifier": ["check", "hang.py:train", "--classifier", "--timeout", "60"],
        "step": ["step", "--K", "3", "--algorithm", "hang.py:solve", "--timeout", "60"],
        "verify": ["verify", str(certificate), "--algorithm", "hang.py:solve", "--timeout", "60"],
        "check-class": ["check-class", "hang.py:draws", "--max-examples", "2", "--timeout", "60"],
        "bhv-demo": ["bhv-demo", "--train", "hang.py:train", "--timeout", "60", "--quiet"],
        "prove-bhv": ["prove", "bhv", "--train", "hang.py:train", "--quiet"],
    }
    started = {name: start(tmp_path, *args) for name, args in cases.items()}
    time.sleep(6)  # loaded and running (or still loading on a busy machine: Ctrl-C must work then too)
    stopped = {}
    for name, (proc, _) in started.items():
        t0 = time.monotonic()
        os.killpg(proc.pid, signal.SIGINT)
        stopped[name] = (proc, t0)
    runs = {name: finish(proc, t0, 2.0) for name, (proc, t0) in stopped.items()}
    slow = {name: run for name, run in runs.items() if run.code != 130 or run.seconds > 2.0}
    assert slow == {}
    for name in ("c.json", "t.json"):
        partial = report(tmp_path / name)
        assert partial["interrupted"] is True, name
        assert partial["verdict"] == "unknown", name


NEAR_ZERO_TOWER = """
from math import isqrt
from sci_oracle.core.exact import sqrt
B = 10**4200 + 7
def solve(oracle):  # 8 square roots, each b*sqrt(p) minus its floor: about 10^-4200, inside every cap
    x = sum((isqrt(p * B * B) - B * sqrt(p) for p in (2, 3, 5, 7, 11, 13, 17, 19)), start=0)
    return [x] + [0] * (oracle.problem.N - 1)
"""


def test_step_decides_on_an_output_within_its_timeout(long_runs):
    """docs/harness.md 'deciding on them is bounded' and docs/cli.md (step: the load and every run
    together): the same output `check` answers `unknown` for within the bound."""
    run = long_runs("step-tower")
    assert run.within_bound, run


def test_verify_decides_on_a_rerun_output_within_its_timeout(tmp_path, certificate):
    write(tmp_path, "tower.py", NEAR_ZERO_TOWER)
    run = cli(tmp_path, "verify", str(certificate), "--algorithm", "tower.py:solve", "--timeout", "5", bound=5 + MARGIN)
    assert run.within_bound, run
    assert run.code == 1, run


def test_an_oracle_read_at_a_huge_level_is_cheap_for_the_parent(tmp_path):
    """Unbounded work on what the child sent: a query at level 10^4 .. 10^9 (an answer of that many
    bits) must be refused or bounded, never computed at length by the parent."""
    write(
        tmp_path,
        "deep.py",
        """
        def solve(oracle):
            for level in (10**4, 10**6, 10**9, 2**62):
                try:
                    oracle.read("A", level, index=(0, 0))
                except Exception as exc:
                    print("refused", level, type(exc).__name__)
            return [0.0] * oracle.problem.N
        """,
    )
    run, out = check(tmp_path, "deep.py:solve")
    assert run.within_bound, run
    assert report(out)["digits_reached"] is None or report(out)["verdict"] in ("refuted", "unknown")


FORGED_FRAME = """
import sys
import sci_oracle.harness.outputs as outputs
real = outputs.encode_output
def forged(out):
    return PAYLOAD
for module in list(sys.modules.values()):  # wherever the child's harness holds the encoder
    for key, value in list(getattr(module, "__dict__", {}).items()):
        if value is real:
            setattr(module, key, forged)
"""


def test_forged_output_frames_are_contract_errors(tmp_path):
    """Raw protocol data from a child that replaced its own encoder (docs/harness.md 'Outputs are
    data'): malformed exact numbers are contract errors with a report (exit 3), never a crash of
    the parent (exit 4) nor a verdict."""
    payloads = {
        "zero-denominator": ["1/0", "0"],
        "negative-radicand": [{"a": "0", "b": "1", "r": "-1", "id": "0"}, "0"],
        "zero-radicand": [{"a": "0", "b": "1", "r": "0", "id": "0"}, "0"],
        "id-not-digits": [{"a": "0", "b": "1", "r": "2", "id": ["x"]}, "0"],
        "nested-9": [{"a": "0", "b": "1", "r": "2", "id": "0"}, "0"],
        "underscore": ["5_000", "0"],
        "bool-null": [True, None],
    }
    deep = payloads["nested-9"][0]
    for level in range(1, 9):
        deep = {"a": deep, "b": "1", "r": "2", "id": str(level)}
    payloads["nested-9"][0] = deep
    cases = {}
    for name, payload in payloads.items():
        write(tmp_path, f"{name}.py", FORGED_FRAME.replace("PAYLOAD", repr(payload)) + HONEST)
        cases[name] = [
            "check",
            f"{name}.py:solve",
            "--K",
            "3",
            "--members",
            "4",
            "--timeout",
            str(TIMEOUT),
            "--report",  # the run report: verdict and isolation
            f"{name}.json",
        ]
    runs = many(tmp_path, cases, bound=TIMEOUT + MARGIN)
    for name, run in runs.items():
        assert run.code == 3, (name, run)
        assert report(tmp_path / f"{name}.json")["verdict"] == "error", name


def test_a_radicand_is_decided_under_the_clock(tmp_path):
    """A forged output whose radicand is itself a tower of 7 near-zero square roots: deciding
    that the radicand is > 0 must be charged to the clock like any other decision."""
    tower = "from math import isqrt\nfrom sci_oracle.core.exact import sqrt\nB = 10**4200 + 7\n"
    tower += (
        "R = sum((isqrt(p * B * B) + i % 2 - B * sqrt(p) for i, p in enumerate((2, 3, 5, 7, 11, 13, 17))), start=0)\n"
    )
    frame = FORGED_FRAME.replace("PAYLOAD", '[{"a": "0", "b": "1", "r": real([R])[0], "id": "7"}, "0"]')
    write(tmp_path, "radicand.py", tower + frame + HONEST)
    run, out = check(tmp_path, "radicand.py:solve")
    assert run.within_bound, run
    assert report(out)["verdict"] in ("unknown", "error"), report(out)["message"]


# ---------------------------------------------------------------------------------------------
# 4. Memory, disk and other limits (--memory-mb bounds the run as a whole)
# ---------------------------------------------------------------------------------------------


def test_rlimits_cannot_be_raised_back(tmp_path):
    run, out = attack(
        tmp_path,
        """
        import resource
        for name in ("RLIMIT_AS", "RLIMIT_NPROC", "RLIMIT_FSIZE", "RLIMIT_NOFILE", "RLIMIT_CPU"):
            limit = getattr(resource, name)
            try:
                resource.setrlimit(limit, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
                print("RAISED", name)
            except (ValueError, OSError):
                pass
        try:
            blob = bytearray(512 << 20)
            print("HELD 512 MiB")
        except MemoryError:
            pass
        """,
        "--memory-mb",
        "64",
    )
    assert run.code == 2 or "RAISED" not in printed(out), run
    if out.exists():
        assert "RAISED" not in printed(out)
        assert "HELD" not in printed(out)


def test_memfd_memory_counts_against_memory_mb(tmp_path):
    """docs/harness.md: --memory-mb bounds the run as a whole (one RLIMIT_AS). Anonymous files
    written with write() (never mapped) are memory too."""
    run, out = attack(
        tmp_path,
        """
        import os
        held, fds = 0, []
        try:
            for _ in range(16):
                fd = os.memfd_create("blob")
                for _ in range(64):
                    os.write(fd, b"\\1" * (1 << 20))
                fds.append(fd)
                held += 64
        except OSError as exc:
            print("stopped", exc)
        print("HELD_MIB", held)
        """,
        "--memory-mb",
        "64",
    )
    held = figure(out, "HELD_MIB")
    assert run.code == 2 or held is None or held <= 64, (held, run)


SYSV = """
import ctypes
libc = ctypes.CDLL(None, use_errno=True)
libc.shmget.restype = ctypes.c_int
libc.shmat.restype = ctypes.c_void_p
"""


def _shm_remove(key: int) -> bool:
    """Remove the SysV segment ``key`` of the host's IPC namespace; True if there was one."""
    libc.shmget.restype = ctypes.c_int
    sid = libc.shmget(ctypes.c_int(key), ctypes.c_size_t(0), ctypes.c_int(0))
    if sid < 0:
        return False
    libc.shmctl(ctypes.c_int(sid), ctypes.c_int(0), None)  # IPC_RMID
    return True


def test_sysv_shared_memory_counts_against_memory_mb(tmp_path):
    key = 0x5EC00000 | secrets.randbelow(1 << 16) << 5
    prelude = (
        SYSV
        + f"""
held, ids = 0, []
for i in range(32):  # 16 MiB at a time: each mapping fits the address-space limit, the pages stay
    sid = libc.shmget(ctypes.c_int({key} + i), ctypes.c_size_t(16 << 20), ctypes.c_int(0o1600))
    if sid < 0:
        break
    ids.append(sid)
    addr = libc.shmat(sid, None, 0)
    if addr in (None, ctypes.c_void_p(-1).value):
        break
    ctypes.memset(addr, 1, 16 << 20)
    libc.shmdt(ctypes.c_void_p(addr))
    held += 16
print("HELD_MIB", held)
for sid in ids:
    libc.shmctl(sid, 0, None)
"""
    )
    try:
        run, out = attack(tmp_path, prelude, "--memory-mb", "64")
        held = figure(out, "HELD_MIB")
        assert run.code == 2 or held is None or held <= 64, (held, run)
    finally:
        for i in range(32):
            _shm_remove(key + i)


def test_no_sysv_segment_outlives_the_run(tmp_path):
    """Residue: nothing the child made may outlive the run (docs/harness.md: removed at the end,
    swept at the next start)."""
    key = 0x5EC10000 | secrets.randbelow(1 << 16)
    prelude = (
        SYSV
        + f"""
sid = libc.shmget(ctypes.c_int({key}), ctypes.c_size_t(4096), ctypes.c_int(0o1666))
print("SEGMENT", sid)
"""
    )
    try:
        run, _ = attack(tmp_path, prelude)
        assert run.code == 0, run
        assert not _shm_remove(key), "the child's SysV segment is still there after the run"
    finally:
        _shm_remove(key)


def test_no_posix_message_queue_outlives_the_run(tmp_path):
    name = f"/rt-redteam-{secrets.token_hex(6)}".encode()
    rt = ctypes.CDLL("librt.so.1", use_errno=True)
    prelude = f"""
        import ctypes, os
        rt = ctypes.CDLL("librt.so.1", use_errno=True)
        print("MQ", rt.mq_open({name!r}, os.O_CREAT | os.O_RDWR, 0o666, None), ctypes.get_errno())
        """
    try:
        run, _ = attack(tmp_path, prelude)
        assert run.code == 0, run
        assert rt.mq_unlink(name) != 0, "the child's message queue is still there after the run"
    finally:
        rt.mq_unlink(name)


def test_the_private_directory_caps_its_inodes(tmp_path, layers):
    need(layers, "private_dir")
    run, out = attack(
        tmp_path,
        """
        import os
        home, made = os.environ["HOME"], 0
        try:
            for made in range(300_000):
                os.close(os.open(f"{home}/f{made}", os.O_CREAT | os.O_WRONLY, 0o600))
            made += 1
        except OSError as exc:
            print("stopped", exc.errno)
        print("FILES", made)
        """,
        "--memory-mb",
        "64",
        timeout=15,
    )
    files = figure(out, "FILES")
    # 256 MiB of a tmpfs inode + dentry (about 1 KiB each) is 262,144 files
    assert run.code == 2 or files is None or files <= 262_144, (files, run)


def test_nothing_outside_the_private_directory_is_writable(tmp_path):
    run, out = attack(
        tmp_path,
        """
        import os
        for d in ("/tmp", "/var/tmp", "/dev/shm", "/run", "/run/user", "/dev/mqueue", "/home", os.getcwd() + "/..",
                  "/proc/self/cwd/..", "/sys/fs/cgroup"):
            try:
                with open(os.path.join(d, "rt-written"), "w") as f:
                    f.write("x")
                print("WROTE", d)
            except OSError:
                pass
        """,
    )
    assert run.code == 0, run
    assert "WROTE" not in printed(out)


# ---------------------------------------------------------------------------------------------
# 5. Reaching other processes: signals, /proc, sockets
# ---------------------------------------------------------------------------------------------


def test_no_syscall_variant_signals_the_parent(tmp_path):
    """seccomp: signals toward other processes are refused, and so are limits and priorities of
    other processes. Variants beyond kill(2): rt_tgsigqueueinfo, tgkill, tkill, rt_sigqueueinfo,
    pidfd_open, kill(-1) probe and the parent's process group; setpriority, ioprio_set, prlimit64,
    kcmp and setpgid aimed at the parent."""
    run, out = attack(
        tmp_path,
        """
        import ctypes, os, signal
        libc = ctypes.CDLL(None, use_errno=True)
        def sc(nr, *args):
            r = libc.syscall(ctypes.c_long(nr), *[ctypes.c_long(a) for a in args])
            return r, ctypes.get_errno()
        pp = os.getppid()
        K = int(signal.SIGKILL)
        info = (ctypes.c_int * 32)(K, 0, -1)
        attempts = {
            "rt_tgsigqueueinfo": lambda: libc.syscall(ctypes.c_long(297), ctypes.c_long(pp), ctypes.c_long(pp),
                                                      ctypes.c_long(K), ctypes.byref(info)),
            "rt_sigqueueinfo": lambda: libc.syscall(ctypes.c_long(129), ctypes.c_long(pp), ctypes.c_long(K),
                                                    ctypes.byref(info)),
            "tgkill": lambda: sc(234, pp, pp, K)[0],
            "tkill": lambda: sc(200, pp, K)[0],
            "kill-pgrp": lambda: sc(62, -os.getpgid(pp), K)[0],
            "kill(-1, 0)": lambda: sc(62, -1, 0)[0],
            "pidfd_open": lambda: sc(434, pp, 0)[0],
            "setpriority(process)": lambda: sc(141, 0, pp, 19)[0],
            "setpriority(pgrp)": lambda: sc(141, 1, os.getpgid(pp), 19)[0],
            "ioprio_set(process)": lambda: sc(251, 1, pp, 3 << 13)[0],
            "ioprio_set(user)": lambda: sc(251, 3, os.getuid(), 3 << 13)[0],
            "prlimit64(parent)": lambda: sc(302, pp, 7, 0, 0)[0],
            "kcmp": lambda: sc(312, os.getpid(), pp, 0, 0, 0)[0],
            "setpgid(parent)": lambda: sc(109, pp, pp)[0],
        }
        for name, attempt in attempts.items():
            try:
                if attempt() >= 0:
                    print("ALLOWED", name)
            except Exception as exc:
                print("raised", name, exc)
        """,
    )
    assert run.code == 0, run
    assert "ALLOWED" not in printed(out), printed(out)


def test_the_child_cannot_renice_the_users_processes(tmp_path):
    """docs/harness.md (seccomp): EPERM for setpriority on another process. PRIO_USER with who = 0
    names every process of the caller's uid: as an unprivileged user, the CLI's and the user's."""
    sentinel = subprocess.Popen(["sleep", "60"])  # another process of the user's
    try:
        before = os.getpriority(os.PRIO_PROCESS, sentinel.pid)
        run, out = attack(
            tmp_path,
            f"""
            import ctypes
            libc = ctypes.CDLL(None, use_errno=True)
            for which in (2, 1):  # PRIO_USER (who = 0: my uid), PRIO_PGRP (who = 0: my group)
                r = libc.syscall(ctypes.c_long(141), ctypes.c_long(which), ctypes.c_long(0), ctypes.c_long({before + 1}))
                print("setpriority", which, r, ctypes.get_errno())
            """,
        )
        assert run.code == 0, run
        assert os.getpriority(os.PRIO_PROCESS, sentinel.pid) == before, printed(out)
    finally:
        sentinel.kill()
        sentinel.wait()


SQUAT = """
source="$(cat honest.py)"
mount -t tmpfs -o mode=1777 none /tmp
mkdir /tmp/sci_oracle_sandbox-0 && chown 65534:65534 /tmp/sci_oracle_sandbox-0 && chmod 777 /tmp/sci_oracle_sandbox-0
mkdir /tmp/work && cd /tmp/work && printf '%s\\n' "$source" > honest.py
"$@" > out.txt 2> err.txt
echo "exit $?"
tail -c 600 err.txt
rm -rf /tmp/work
ls -A /tmp
"""


def test_a_squatted_sandbox_base_leaves_nothing_behind(tmp_path):
    """docs/harness.md: private directories live under $TMPDIR/sci_oracle_sandbox-<uid> and are
    removed at the end. Another local user can create that name first (as root: in /tmp, before
    root's first run); the run must still leave nothing behind. As root, in a mount namespace of
    its own with a fresh /tmp (nothing of other runs on this machine is touched)."""
    write(tmp_path, "honest.py", HONEST)
    args = [sys.executable, "-m", "sci_oracle.cli.main", "check", "honest.py:solve", "--K", "3", "--timeout", "3"]
    if ROOT:
        if shutil.which("unshare") is None:
            pytest.skip("unshare(1) is not installed")
        done = subprocess.run(
            ["unshare", "-m", "--propagation", "private", "sh", "-c", SQUAT, "squat", *args],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert "exit 0" in done.stdout, (done.stdout, done.stderr)
        left = [name for name in done.stdout.split() if name.startswith("sci_oracle_sandbox_")]
    else:
        base, elsewhere = tmp_path / "tmpdir", tmp_path / "elsewhere"
        base.mkdir()
        elsewhere.mkdir()
        (base / f"sci_oracle_sandbox-{os.geteuid()}").symlink_to(elsewhere)
        done = subprocess.run(
            args, cwd=tmp_path, env={**os.environ, "TMPDIR": str(base)}, capture_output=True, text=True, timeout=60
        )
        assert done.returncode == 0, done.stderr[-1000:]
        left = [p.name for p in base.iterdir() if p.name.startswith("sci_oracle_sandbox_")]
    assert left == []


def test_proc_files_of_the_parent_and_its_ancestors_stay_closed(tmp_path):
    """docs/harness.md: the parent's /proc/<pid>/mem, environ and fd/ are closed; the environment
    is an allow-list. The CLI's own parent (a shell holding SECRET_CI_TOKEN) is not dumpable-protected
    by sci-oracle: look there and in every /proc/<pid> the child can see."""
    token = "SECRET_CI_TOKEN_" + secrets.token_hex(6)
    write(
        tmp_path,
        "procs.py",
        f"""
        import glob, os
        pp = os.getppid()
        for name in ("environ", "mem", "maps", "auxv", "stack", "syscall", "pagemap", "fd", "cwd", "root",
                     "fdinfo", "map_files"):
            path = f"/proc/{{pp}}/{{name}}"
            try:
                os.listdir(path) if os.path.isdir(path) else open(path, "rb").read(64)
                print("OPENED", path)
            except OSError:
                pass
        for path in glob.glob("/proc/[0-9]*/environ"):
            try:
                if {token!r}.encode() in open(path, "rb").read():
                    print("LEAKED", path)
            except OSError:
                pass
        print("ENV", sorted(os.environ))
        def solve(oracle):
            return [0.0] * oracle.problem.N
        """,
    )
    out = tmp_path / "r.json"
    cmd = f"{sys.executable} -m sci_oracle.cli.main check procs.py:solve --K 3 --members 4 --timeout {TIMEOUT} --json {out}; true"
    done = subprocess.run(
        ["sh", "-c", cmd],
        cwd=tmp_path,
        env={**os.environ, token: "1", "SECRET_CI_TOKEN": token},
        capture_output=True,
        text=True,
        timeout=TIMEOUT + MARGIN + 5,
    )
    text = printed(out)
    assert "OPENED" not in text, text
    assert "LEAKED" not in text, text
    assert token not in text, done.stderr[-1000:]
    assert "SECRET_CI_TOKEN" not in text, done.stderr[-1000:]


def test_the_child_cannot_reach_a_unix_socket_of_the_user(tmp_path):
    """design.md: user code runs in a sandbox with no access to other processes; docs/harness.md:
    sockets of other processes unreachable. The test process plays the user's ssh-agent: a socket
    in a 0700 directory under /tmp, and an abstract one."""
    agent_dir = Path(tempfile.mkdtemp(prefix="rt-agent-", dir="/tmp"))
    path = agent_dir / "agent.sock"
    abstract = "\0rt-redteam-" + secrets.token_hex(6)
    received: list[bytes] = []
    servers = []
    for address in (str(path), abstract):
        server = socket.socket(socket.AF_UNIX)
        server.bind(address)
        server.listen(4)
        server.settimeout(0.2)
        servers.append(server)
    stop = threading.Event()

    def serve():
        while not stop.is_set():
            for server in servers:
                with contextlib.suppress(OSError):
                    conn, _ = server.accept()
                    conn.settimeout(1)
                    with contextlib.suppress(OSError):
                        received.append(conn.recv(64))
                    conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        run, out = attack(
            tmp_path,
            f"""
            import socket
            for address in ({str(path)!r}, {abstract!r}):
                try:
                    c = socket.socket(socket.AF_UNIX)
                    c.settimeout(1)
                    c.connect(address)
                    c.sendall(b"PWNED")
                    print("CONNECTED", repr(address))
                except OSError:
                    pass
            """,
        )
        assert run.code == 0, run
        time.sleep(0.5)
        assert received == [], f"the user's agent received {received}: {printed(out)}"
    finally:
        stop.set()
        thread.join()
        for server in servers:
            server.close()
        shutil.rmtree(agent_dir, ignore_errors=True)


DESCRIPTORS = """
import os, stat
for fd in map(int, os.listdir("/proc/self/fd")):
    try:
        mode = os.fstat(fd).st_mode
    except OSError:
        continue
    if not (stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)):
        print("FOREIGN", fd, os.readlink(f"/proc/self/fd/{fd}"))
    if stat.S_ISDIR(mode):
        try:  # a directory opened before the uid drop reaches what its ancestors hide
            with open(os.open(".env", os.O_RDONLY, dir_fd=fd)) as f:
                print("READ", f.read())
        except OSError:
            pass
"""


def test_no_descriptor_of_the_deciding_process_reaches_the_child(tmp_path):
    """The API from a user's process that holds an inheritable descriptor open for writing: the
    child gets no file or socket of the deciding process (only its streams, pipes, devices)."""
    write(tmp_path, "fds.py", DESCRIPTORS + HONEST)
    code = (
        "import os; fd = os.open('log.txt', os.O_WRONLY | os.O_CREAT); os.set_inheritable(fd, True)\n"
        "from sci_oracle import check\n"
        "print(check('fds.py:solve', 'srlasso', K=3, members=(4,), timeout=3).algorithm_output)"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "log.txt" not in done.stdout, done.stdout


@ROOT_ONLY
def test_the_child_holds_no_directory_opened_with_root_s_rights(tmp_path):
    """docs/harness.md: the child needs no read access to your directory after it drops root. A
    project under a root-only directory (as /root/project is), with an ordinary 0644 .env: the
    child, a pool uid, must not read it."""
    project = tmp_path / "hidden" / "project"
    project.mkdir(parents=True)
    os.chmod(tmp_path / "hidden", 0o700)
    (project / ".env").write_text("DB_PASSWORD=hunter2\n")
    os.chmod(project / ".env", 0o644)
    write(project, "fds.py", DESCRIPTORS + HONEST)
    run, out = check(project, "fds.py:solve")
    assert run.code == 0, run
    assert "hunter2" not in printed(out), printed(out)


def test_the_api_process_is_not_readable_by_its_child(tmp_path):
    """check() from the user's own Python process (the deciding process): its environment and memory
    stay closed to the sandboxed child."""
    token = "API_SECRET_" + secrets.token_hex(6)
    write(
        tmp_path,
        "peek.py",
        """
        import os
        pp = os.getppid()
        for name in ("environ", "mem", "cmdline"):
            try:
                data = open(f"/proc/{pp}/{name}", "rb").read(1 << 16)
                print(name, data.decode("latin-1"))
            except OSError:
                pass
        def solve(oracle):
            return [0.0] * oracle.problem.N
        """,
    )
    code = "from sci_oracle import check; r = check('peek.py:solve', 'srlasso', K=3, members=(4,), timeout=3); print(r.algorithm_output)"
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env={**os.environ, "API_TOKEN": token},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert token not in done.stdout


# ---------------------------------------------------------------------------------------------
# 6. Concurrency and residue
# ---------------------------------------------------------------------------------------------


def _private_dir(cli_pid: int, base: Path) -> str | None:
    """The private directory of the sandbox child of ``cli_pid``, once it exists: as root, the child's
    working directory; otherwise the only run directory under our own ``$TMPDIR``."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if not ROOT:
            found = list(base.glob("sci_oracle_sandbox-*/run-*[!k]"))  # not the .lock files
            if found:
                return str(found[0])
        for stat_path in Path("/proc").glob("[0-9]*/stat") if ROOT else ():
            with contextlib.suppress(OSError, ValueError, IndexError):
                if int(stat_path.read_text().rsplit(")", 1)[1].split()[1]) == cli_pid:
                    cwd = os.readlink(stat_path.parent / "cwd")
                    if "sci_oracle_sandbox" in cwd:
                        return cwd
        time.sleep(0.1)
    return None


def test_a_run_killed_during_load_next_to_a_live_one(tmp_path):
    """Two checks at once; one is killed (SIGKILL) while its module is still importing. The other
    finishes with its own verdict, and the killed one's private directory is gone once the next run
    has started (docs/harness.md: swept at the next start)."""
    write(tmp_path, "slowload.py", "import time\ntime.sleep(30)\n" + HONEST)
    write(tmp_path, "honest.py", HONEST)
    base = tmp_path / "tmpdir"  # as an unprivileged user, our runs' directories live here only
    base.mkdir()
    env = {"TMPDIR": str(base)}
    victim, _ = start(
        tmp_path, "check", "slowload.py:solve", "--K", "3", "--timeout", "30", "--json", "v.json", env=env
    )
    private = _private_dir(victim.pid, base)
    survivor, t0 = start(
        tmp_path,
        "check",
        "honest.py:solve",
        "--K",
        "3",
        "--members",
        "4",
        "--timeout",
        TIMEOUT,
        "--json",
        "s.json",
        env=env,
    )
    time.sleep(0.5)
    os.killpg(victim.pid, signal.SIGKILL)
    victim.communicate()
    run = finish(survivor, t0, TIMEOUT + MARGIN)
    assert run.code == 0, run
    assert report(tmp_path / "s.json")["verdict"] == "refuted"
    assert not (tmp_path / "v.json").exists()
    again = cli(tmp_path, "check", "honest.py:solve", "--K", "3", "--timeout", TIMEOUT, env=env)
    assert again.code == 0, again
    assert private is not None, "the killed run's private directory never appeared"
    assert not os.path.exists(private), f"the killed run's private directory is left behind: {private}"


# ---------------------------------------------------------------------------------------------
# 7. The pytest helpers (sci_oracle.testing)
# ---------------------------------------------------------------------------------------------

PYTEST_FILE = f"""
from sci_oracle.testing import assert_reaches_digits

EVIL = {EVIL!r}

def raiser(oracle):
    raise ValueError("exc:" + EVIL)

class Traversal:
    def __repr__(self):
        return "../../../../../../../../{{escape}}/ESCAPED"
    __qualname__ = "../../../../../../../../{{escape}}/ESCAPED"
    def __call__(self, oracle):
        return [0.0] * oracle.problem.N

def test_contract_error():
    assert_reaches_digits(raiser, 2, problem="srlasso", K=3, members=(4,))

def test_witness_name():
    assert_reaches_digits(Traversal(), 3, problem="srlasso", K=3, members=(4,))
"""


@pytest.fixture(scope="module")
def helper_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("helpers")
    project, escape = tmp / "project", tmp / "outside"
    (project / "tests").mkdir(parents=True)
    escape.mkdir()
    (project / "pyproject.toml").write_text("")
    (project / "tests" / "test_hostile.py").write_text(PYTEST_FILE.replace("{escape}", str(escape).lstrip("/")))
    env = {k: v for k, v in os.environ.items() if k != "SCI_ORACLE_WITNESS_DIR"}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_hostile.py"],
        cwd=project,
        env=env,
        capture_output=True,
        timeout=180,
    )
    return done, project, escape


def test_pytest_contract_error_messages_are_sanitised(helper_run):
    """docs/harness.md 'In pytest': a ContractError message carries the algorithm's text sanitised."""
    done, _, _ = helper_run
    out = done.stdout.decode("utf-8", "replace")
    assert "test_contract_error" in out, out[-3000:]
    assert "ContractError" in out, out[-3000:]
    assert raw_controls(out) == [], out[-3000:]


def test_pytest_witness_files_stay_in_the_witness_directory(helper_run):
    """Witness files are 'named after the algorithm': a name full of ../ must not write outside."""
    done, project, escape = helper_run
    assert "test_witness_name" in done.stdout.decode("utf-8", "replace")
    assert list(escape.rglob("*")) == []
    assert list((project / ".sci_oracle" / "witnesses").glob("*.json")), done.stdout[-2000:]
