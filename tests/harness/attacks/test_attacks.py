"""The attack suite of issues 12 and 21: hostile user modules against ``sci-oracle check``.

Each attack runs end to end in a CLI process (:func:`run_check`) and must leave the verdict intact
(the honest baseline's when the attack then behaves, else ``error``/``unknown``, never a better
claim), write the report (or, for a package refused before it runs, exit 2), and finish within
``--timeout`` + 10 s. Layers the machine lacks are skipped with the reason; ``test_layers_exercised``
prints the layers in force. CI runs this suite twice: as root (the default run) and as an
unprivileged user created by ``.ci/run``, where the uid drop is gone and seccomp, the namespaces and
the parent's non-dumpable state carry the separation.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import stat
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pytest

TIMEOUT = 5.0  # --timeout of every attacked run
MARGIN = 10.0  # issue 21: every attacked run ends within --timeout + 10 s (start-up, the barrier's own work)
ROOT = os.geteuid() == 0

HONEST = """
def solve(oracle):
    return [0.0] * oracle.problem.N
"""


class Outcome:
    """One CLI run: exit code, the run report (``--report``: verdict, message, isolation layers, what
    the algorithm printed; None if none was written), the certificate (``--json``), wall time, streams."""

    def __init__(self, proc: subprocess.CompletedProcess, report_path: Path, seconds: float, pid: int):
        self.code, self.stdout, self.stderr = proc.returncode, proc.stdout, proc.stderr
        self.seconds, self.pid, self.report_path = seconds, pid, report_path
        self.report = json.loads(report_path.read_text()) if report_path.exists() else None
        cert = report_path.with_suffix(".certificate.json")
        self.certificate = json.loads(cert.read_text()) if cert.exists() else None

    @property
    def verdict(self):
        return None if self.report is None else self.report["verdict"]

    @property
    def digits(self):
        return None if self.report is None else self.report["digits_reached"]

    @property
    def printed(self) -> str:
        return "" if self.report is None else self.report.get("algorithm_output", "")


def start_check(
    tmp_path: Path,
    source: str | None,
    *extra: str,
    name: str = "attack",
    timeout: float = TIMEOUT,
    spec: str | None = None,
    env: dict[str, str] | None = None,
) -> tuple[subprocess.Popen, Path, float]:
    """Start ``sci-oracle check FILE.py:solve --K 3 --members 4 --timeout T --json c.json --report
    report.json`` (or ``spec``, run from ``tmp_path``) in a session of its own; the run report (not
    the certificate) holds the isolation layers, messages and captured output the attacks inspect."""
    if source is not None:
        (tmp_path / f"{name}.py").write_text(textwrap.dedent(source))
    report = tmp_path / f"{name}-report.json"
    target = spec or f"{tmp_path / name}.py:solve"
    cmd = [sys.executable, "-m", "sci_oracle.cli.main", "check", target, "--K", "3", "--members", "4"]
    cert = report.with_suffix(".certificate.json")
    cmd += ["--timeout", str(timeout), "--json", str(cert), "--report", str(report), *extra]
    proc = subprocess.Popen(
        cmd,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
        start_new_session=True,
    )
    return proc, report, time.monotonic()


def finish(proc: subprocess.Popen, report: Path, t0: float, timeout: float = TIMEOUT) -> Outcome:
    try:
        out, err = proc.communicate(timeout=timeout + MARGIN + 30)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        pytest.fail(f"the CLI did not finish within {timeout + MARGIN + 30} s: {err[-2000:]}")
    done = subprocess.CompletedProcess(proc.args, proc.returncode, out, err)
    return Outcome(done, report, time.monotonic() - t0, proc.pid)


def run_check(tmp_path: Path, source: str | None, *extra: str, timeout: float = TIMEOUT, **kw) -> Outcome:
    """Run :func:`start_check` to the end."""
    proc, report, t0 = start_check(tmp_path, source, *extra, timeout=timeout, **kw)
    return finish(proc, report, t0, timeout)


@pytest.fixture(scope="session")
def baseline(tmp_path_factory) -> Outcome:
    """The honest algorithm every attack imitates once its attack is over (outputs 0)."""
    out = run_check(tmp_path_factory.mktemp("honest"), HONEST, name="honest")
    assert out.code == 0, out.stderr
    assert out.verdict == "refuted"
    return out


@pytest.fixture
def check_attack(tmp_path):
    def run(source: str | None, *extra: str, timeout: float = TIMEOUT, report: bool = True, **kw) -> Outcome:
        out = run_check(tmp_path, source, *extra, timeout=timeout, **kw)
        if report:
            assert out.report is not None, f"no report was written (exit {out.code}): {out.stderr[-2000:]}"
        assert out.seconds <= timeout + MARGIN, f"took {out.seconds:.1f} s with --timeout {timeout}"
        return out

    return run


def layer_on(report: dict, key: str) -> bool:
    iso = report.get("isolation", {})
    value = iso.get(key, iso.get("namespaces", {}).get(key, "")) if isinstance(iso, dict) else ""
    return isinstance(value, str) and (value.startswith("on") or value.startswith("dropped"))


def require_any(baseline, *keys: str) -> None:
    """Skip, with the reason, when none of the layers that stop this attack is in force here."""
    if not any(layer_on(baseline.report, k) for k in keys):
        found = {k: baseline.report["isolation"].get(k) for k in keys}
        pytest.skip(f"none of the layers {', '.join(keys)} is in force on this machine: {found}")


pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the sandbox's layers are Linux ones")


def _same_as(out, baseline):
    assert out.verdict == baseline.verdict, (out.verdict, out.report["message"])
    assert out.digits == baseline.digits


def _not_improved(out):
    """A sabotaged run may end as error or unknown; it never certifies more than the honest one."""
    assert out.verdict in ("error", "unknown"), out.report["message"]
    assert out.digits is None


def test_layers_exercised(baseline, capsys):
    iso = baseline.report["isolation"]
    with capsys.disabled():
        print("\nsandbox layers in force on this machine:")
        for key, value in iso.items():
            print(f"  {key}: {json.dumps(value)}")
    assert iso["mode"] == "isolated"
    assert iso["session"] == "on"
    assert iso["parent_dumpable"] == "on"


def test_module_level_code_never_runs_in_the_deciding_process(check_attack, baseline):
    out = check_attack(
        """
        import os
        print(f"IMPORTED pid={os.getpid()} ppid={os.getppid()}")
        import sci_oracle.harness.check as harness
        from sci_oracle.core.report import Claim

        def forged(D, K, *args, **kw):
            return Claim(f"correct to {D} digits", "certified", "forged", {}), {"worst": "0"}

        harness._claim = forged

        def solve(oracle):
            return [0.0] * oracle.problem.N
        """,
        "--expect-digits",
        "3",
    )
    pids = [int(line.split("pid=")[1].split()[0]) for line in out.printed.splitlines() if "IMPORTED" in line]
    assert pids, out.printed
    assert out.pid not in pids  # every import happened in a child, never in the CLI
    _same_as(out, baseline)
    assert out.code == 1  # K digits are not certified: the forgery changed nothing


def test_proc_mem_of_the_parent_can_be_neither_read_nor_written(check_attack, baseline):
    out = check_attack(
        """
        import os
        def solve(oracle):
            for mode in ("rb", "r+b"):
                try:
                    with open(f"/proc/{os.getppid()}/mem", mode) as f:
                        f.seek(0x400000)
                        f.write(b"PWNED!!!!") if "+" in mode else f.read(16)
                    print("MEM", mode, "opened")
                except OSError as exc:
                    print("MEM", mode, "denied", exc.errno)
            return [0.0] * oracle.problem.N
        """
    )
    assert "opened" not in out.printed, out.printed
    assert "denied" in out.printed
    assert "PWNED" not in json.dumps(out.report)
    _same_as(out, baseline)


def test_the_parent_cannot_be_killed(check_attack, baseline):
    require_any(baseline, "uid", "seccomp")
    out = check_attack(
        """
        import os, signal
        def solve(oracle):
            for sig in (signal.SIGKILL, signal.SIGTERM):
                try:
                    os.kill(os.getppid(), sig)
                except OSError as exc:
                    print("KILL denied", exc.errno)
            return [0.0] * oracle.problem.N
        """
    )
    assert out.code == 0
    _same_as(out, baseline)


def test_a_surviving_grandchild_cannot_rewrite_the_report(check_attack, baseline, tmp_path):
    require_any(baseline, "uid", "mount")
    report = tmp_path / "attack-report.json"
    out = check_attack(
        f"""
        import os, time
        def solve(oracle):
            try:
                pid = os.fork()
            except OSError as exc:  # seccomp: no new process
                print("FORK denied", exc.errno)
                pid = 1
            if pid == 0:
                try:
                    os.setsid()
                except OSError:
                    pass
                if os.fork() == 0:
                    for _ in range(80):
                        time.sleep(0.1)
                        try:
                            with open({str(report)!r}, "w") as f:
                                f.write('{{"verdict": "certified"}}')
                        except OSError:
                            pass
                os._exit(0)
            return [0.0] * oracle.problem.N
        """
    )
    before = report.read_text()
    time.sleep(3)  # the grandchild would rewrite the report now, after the CLI exited
    assert report.read_text() == before
    _same_as(out, baseline)


def test_a_child_that_closes_its_pipe_is_bounded(check_attack):
    out = check_attack(
        """
        import os, time
        def solve(oracle):
            os.closerange(3, 1024)
            time.sleep(1000)
        """
    )
    _not_improved(out)
    assert out.code == 3


def test_a_hang_at_import_is_bounded(check_attack):
    out = check_attack(
        """
        import time
        time.sleep(1000)
        def solve(oracle):
            return [0.0] * oracle.problem.N
        """
    )
    _not_improved(out)
    assert "did not load" in json.dumps(out.report)


def test_a_tower_of_radicals_is_refused_by_its_cap(check_attack):
    out = check_attack(
        """
        from sci_oracle.core.exact import sqrt
        def solve(oracle):
            x = 0
            for p in (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43):
                x = x + sqrt(p)
            return [x] + [0] * (oracle.problem.N - 1)
        """
    )
    _not_improved(out)
    assert out.code == 3
    assert "MAX_RADICALS" in out.report["message"]


def test_markup_in_an_exception_is_shown_as_text(check_attack):
    out = check_attack(
        """
        def solve(oracle):
            raise ValueError("[/data/x] [bold red]forged[/] [link=x]")
        """
    )
    assert out.code == 3
    assert "MarkupError" not in out.stderr + out.stdout
    assert "[/data/x]" in out.stdout + out.stderr
    _not_improved(out)


LIAR = """
from fractions import Fraction
class Liar(Fraction):
    def __sub__(self, other):
        return Fraction(0)
    __rsub__ = __sub__
    def __eq__(self, other):
        return True
    def __lt__(self, other):
        return True
    def __abs__(self):
        return Fraction(0)
    __hash__ = Fraction.__hash__
def solve(oracle):
    return [Liar(0)] * oracle.problem.N
"""


@pytest.mark.parametrize("mode", [(), ("--in-process",)], ids=["isolated", "in-process"])
def test_lying_numeric_subclasses_are_read_as_plain_numbers(check_attack, baseline, mode):
    out = check_attack(LIAR, *mode)
    _same_as(out, baseline)
    if mode:
        assert "trusted" in out.report["isolation"]["trust"]


@pytest.mark.parametrize("mode", [(), ("--in-process",)], ids=["isolated", "in-process"])
def test_a_huge_output_is_refused_by_its_cap(check_attack, mode):
    out = check_attack(
        """
        def solve(oracle):
            return [0.0] * 10**7
        """,
        *mode,
    )
    assert out.code == 3
    assert "MAX_ENTRIES" in out.report["message"]


def test_stdout_floods_are_captured_and_capped(tmp_path, baseline):
    out = run_check(
        tmp_path,
        """
        import sys
        sys.stdout.write("x" * (20 << 20))
        def solve(oracle):
            sys.stdout.write("y" * (20 << 20))
            sys.stderr.write("z" * (1 << 20))
            return [0.0] * oracle.problem.N
        """,
        "--json",
        "-",
    )
    assert out.seconds <= TIMEOUT + MARGIN
    report = json.loads(out.stdout)  # stdout is the certificate and nothing else
    assert report["verdict"] == baseline.certificate["verdict"]
    assert len(out.report["algorithm_output"]) <= (64 << 10) + 200
    assert len(out.stderr) <= (1 << 20)


def test_a_fork_bomb_stops_at_its_rlimit_and_dies_with_the_run(check_attack, baseline):
    if os.geteuid() != 0:
        pytest.skip("RLIMIT_NPROC bounds the sandbox only under its own uid (run as root, it drops to a pool uid)")
    out = check_attack(
        """
        import os, time
        def solve(oracle):
            kids = []
            for _ in range(100000):
                try:
                    pid = os.fork()
                except OSError:
                    break
                if pid == 0:
                    time.sleep(120)
                    os._exit(0)
                kids.append(pid)
            print("FORKED", len(kids), "PIDS", " ".join(map(str, kids[:50])))
            return [0.0] * oracle.problem.N
        """
    )
    _same_as(out, baseline)
    line = next(x for x in out.printed.splitlines() if x.startswith("FORKED"))
    assert int(line.split()[1]) < 1000  # stopped by RLIMIT_NPROC, not by the loop's end
    for pid in map(int, line.split("PIDS")[1].split()):
        try:
            with open(f"/proc/{pid}/stat") as f:
                state = f.read().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        assert state == "Z", f"process {pid} of the fork bomb outlived the run"


# --------------------------------------------------------------------------- issue 21
def _package(tmp_path: Path, name: str, init: str) -> Path:
    pkg = tmp_path / name
    pkg.mkdir()
    (pkg / "__init__.py").write_text(textwrap.dedent(init))
    return pkg


DUMP_BUNDLE = """
import os, sys
def _dump():
    seen = []
    for finder in sys.meta_path:  # the in-memory bundle the parent read for this child
        for cell in getattr(getattr(finder, "find_spec", None), "__closure__", None) or ():
            val = cell.cell_contents
            if isinstance(val, dict):
                seen += [repr(v[1][:3000]) for v in val.values() if isinstance(v, tuple) and len(v) == 3]
    try:
        with open(f"/proc/{os.getppid()}/environ", "rb") as f:
            seen.append(repr(f.read()))
    except OSError as exc:
        seen.append(f"parent environ denied {exc.errno}")
    seen.append(repr(dict(os.environ)))
    return seen
print("DUMP", _dump())
def solve(oracle):
    return [0.0] * oracle.problem.N
"""


def test_the_parent_reads_no_file_on_the_childs_behalf(check_attack, tmp_path):
    """Hole 2: links to the CLI's environment and to a private file are refused, not shipped; the
    child's own environment is built from an allow-list."""
    token, content = "SECRET_CI_TOKEN_c0ffee", "PRIVATE_FILE_CONTENT_beef"
    secret = tmp_path / "secret.txt"
    secret.write_text(content)
    secret.chmod(0o600)
    pkg = _package(tmp_path, "leaky", DUMP_BUNDLE)
    (pkg / "parent_env.py").symlink_to("/proc/self/environ")
    (pkg / "private.py").symlink_to(secret)
    env = {"SECRET_CI_TOKEN": token}
    out = check_attack(None, spec="leaky:solve", env=env, report=False)
    everything = out.stdout + out.stderr + json.dumps(out.report)
    assert out.code == 2, everything[-2000:]
    assert "symbolic link" in out.stderr
    assert token not in everything
    assert content not in everything
    for link in ("parent_env.py", "private.py"):
        (pkg / link).unlink()
    out = check_attack(None, spec="leaky:solve", env=env)  # no links: it runs, and still finds nothing
    assert out.code == 0, out.stderr[-2000:]
    assert "DUMP" in out.printed
    assert token not in json.dumps(out.report) + out.stdout + out.stderr


def test_a_fifo_in_the_package_cannot_block_the_parent(check_attack, tmp_path):
    """Hole 3: a FIFO named data.py is refused at once (O_NONBLOCK, fstat), within the deadline."""
    pkg = _package(tmp_path, "piped", "def solve(oracle):\n    return [0.0] * oracle.problem.N\n")
    os.mkfifo(pkg / "data.py")
    out = check_attack(None, spec="piped:solve", report=False)
    assert out.code == 2, out.stderr[-2000:]
    assert "not a regular file" in out.stderr


NEAR_ZERO_TOWER = """
from math import isqrt
from sci_oracle.core.exact import sqrt
def near_zero(p, d=4200):  # a - b*sqrt(p), |.| about 10^-4200: a ball cannot settle its sign
    b = 10**d + 7
    return isqrt(p * b * b) - b * sqrt(p)
def solve(oracle):
    x = 0
    for p in (2, 3, 5, 7, 11, 13, 17, 19):
        x = x + near_zero(p)
    return [x] + [0] * (oracle.problem.N - 1)
"""


@pytest.mark.parametrize("mode", [(), ("--in-process",)], ids=["isolated", "in-process"])
def test_deciding_on_an_output_is_bounded(check_attack, mode):
    """Hole 4: 8 square roots with 4,200-digit coefficients, inside every cap: the parent decides
    under the run's timeout and says unknown, with the reason, when the time is spent."""
    out = check_attack(NEAR_ZERO_TOWER, *mode)
    assert out.verdict == "unknown", out.report["message"]
    assert "did not finish within timeout=5 s" in out.report["message"]
    assert out.digits is None


def test_concurrent_runs_cannot_read_each_other(tmp_path, baseline):
    """Hole 5: one identity per run. A writes a world-readable file in its private directory; B,
    running at the same time, looks for it everywhere it can."""
    require_any(baseline, "uid", "mount")  # a uid of its own, or a private tmpfs no other run sees
    marker = "PROPRIETARY_WEIGHTS_0123456789"
    writer = f"""
        import os, time
        def solve(oracle):
            for d in {{os.environ["HOME"], os.environ.get("TMPDIR", "/tmp"), os.getcwd()}}:
                try:
                    with open(os.path.join(d, "weights.bin"), "w") as f:
                        f.write({marker!r})
                    os.chmod(os.path.join(d, "weights.bin"), 0o644)
                except OSError:
                    pass
            time.sleep(4)
            return [0.0] * oracle.problem.N
        """
    reader = f"""
        import glob, os, time
        def solve(oracle):
            time.sleep(1.5)
            found, where = [], set(glob.glob("/tmp/sci_oracle_sandbox*/**", recursive=True))
            where |= set(glob.glob(os.path.join(os.path.dirname(os.environ["HOME"]), "**"), recursive=True))
            for pid in os.listdir("/proc"):
                if pid.isdigit():
                    where |= set(glob.glob(f"/proc/{{pid}}/cwd/*")) | set(glob.glob(f"/proc/{{pid}}/root/tmp/**/weights.bin"))
            for path in where:
                try:
                    with open(path) as f:
                        if {marker!r} in f.read(100):
                            found.append(path)
                except OSError:
                    pass
            print("FOUND", found)
            return [0.0] * oracle.problem.N
        """
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    a = start_check(tmp_path / "a", writer, name="writer")
    time.sleep(0.5)
    b = start_check(tmp_path / "b", reader, name="reader")
    out_b, out_a = finish(*b), finish(*a)
    assert out_a.code == 0, out_a.stderr[-1000:]
    assert out_b.code == 0, out_b.stderr[-1000:]
    assert "FOUND" in out_b.printed
    assert marker not in out_b.printed, out_b.printed[-2000:]
    if ROOT:
        uid_a = out_a.report["isolation"]["checked_by_parent"]["Uid"]
        assert uid_a != out_b.report["isolation"]["checked_by_parent"]["Uid"]


def test_memory_at_import_counts_against_memory_mb(check_attack):
    """Hole 9: no hidden import allowance: 512 MiB held at import under --memory-mb 64 fails the
    load, and the message says --memory-mb covers the import."""
    out = check_attack(
        """
        blob = bytearray(512 << 20)
        def solve(oracle):
            return [0.0] * oracle.problem.N
        """,
        "--memory-mb",
        "64",
        report=False,
    )
    assert out.code == 2, (out.code, out.stderr[-2000:])
    assert "--memory-mb" in out.stderr
    assert "MemoryError" in out.stderr


def test_no_helper_process_escapes_the_memory_limit(check_attack, baseline):
    """Hole 9: helpers forked at import would each get their own address-space limit; the run is
    one process, so --memory-mb bounds it as a whole."""
    require_any(baseline, "seccomp")
    out = check_attack(
        """
        import os, time
        helpers = 0
        for _ in range(4):
            try:
                if os.fork() == 0:
                    blob = bytearray(256 << 20)
                    time.sleep(30)
                    os._exit(0)
                helpers += 1
            except OSError as exc:
                print("FORK denied", exc.errno)
                break
        def solve(oracle):
            print("HELPERS", helpers)
            return [0.0] * oracle.problem.N
        """,
        "--memory-mb",
        "64",
    )
    _same_as(out, baseline)
    assert "HELPERS 0" in out.printed
    assert "FORK denied" in out.printed


def test_the_private_directory_has_a_total_size_cap(check_attack, baseline):
    """Hole 9: many files, each under the per-file limit, stop at the private directory's cap."""
    require_any(baseline, "mount")
    out = check_attack(
        """
        import os
        def solve(oracle):
            written, chunk = 0, b"x" * (16 << 20)
            try:
                for i in range(32):
                    with open(os.path.join(os.environ["HOME"], f"f{i}"), "wb") as f:
                        f.write(chunk)
                    written += len(chunk)
            except OSError as exc:
                print("STOPPED", exc.errno)
            print("WROTE", written >> 20)
            return [0.0] * oracle.problem.N
        """
    )
    from sci_oracle.harness.sandbox import PRIVATE_DIR_MB

    wrote = int(out.printed.split("WROTE")[1].split()[0])
    assert wrote <= PRIVATE_DIR_MB, out.printed
    _same_as(out, baseline)


def test_the_child_cannot_signal_or_reach_the_parent(check_attack, baseline):
    """Hole 10 (and the minor seccomp ones): SIGIO ownership with F_SETSIG(SIGKILL) on a pipe the
    parent reads, a resource limit on the parent, a process in new namespaces through clone."""
    require_any(baseline, "seccomp")
    out = check_attack(
        """
        import ctypes, fcntl, os, resource, signal
        def solve(oracle):
            ppid = os.getppid()
            for what, act in (
                ("F_SETOWN", lambda: fcntl.fcntl(1, fcntl.F_SETOWN, ppid)),
                ("F_SETSIG", lambda: fcntl.fcntl(1, 10, signal.SIGKILL)),
                ("prlimit", lambda: resource.prlimit(ppid, resource.RLIMIT_NOFILE, (3, 3))),
            ):
                try:
                    act()
                    print(what, "allowed")
                except OSError as exc:
                    print(what, "denied", exc.errno)
            fcntl.fcntl(1, fcntl.F_SETFL, fcntl.fcntl(1, fcntl.F_GETFL) | os.O_ASYNC)
            print("x" * 100, flush=True)  # I/O on the pipe: SIGKILL to its owner, if any
            libc = ctypes.CDLL(None, use_errno=True)
            pid = libc.syscall(56, 0x10000000 | 0x40000000 | signal.SIGCHLD, 0, 0, 0, 0)  # clone(NEWUSER|NEWNET)
            if pid == 0:
                os._exit(0)
            print("clone", "allowed" if pid > 0 else f"denied {ctypes.get_errno()}")
            return [0.0] * oracle.problem.N
        """
    )
    assert out.code == 0, out.stderr[-2000:]
    _same_as(out, baseline)
    for what in ("F_SETOWN", "F_SETSIG", "prlimit", "clone"):
        assert f"{what} denied" in out.printed, out.printed


def test_nothing_is_left_behind(check_attack, tmp_path):
    """Hole 11: a 0500 tree in the private directory, and the directory of a run whose parent was
    killed (swept at the next start)."""
    shared = tempfile.mkdtemp(prefix="sci-oracle-attack-", dir="/tmp")  # reachable by a pool uid
    os.chmod(shared, 0o711)
    env = {"TMPDIR": shared}
    try:
        out = check_attack(
            """
            import os
            def solve(oracle):
                top = os.path.join(os.environ["HOME"], "tree")
                if not os.path.exists(top):  # every run of the check comes here
                    os.makedirs(os.path.join(top, "sub"))
                    open(os.path.join(top, "sub", "f"), "w").close()
                os.chmod(os.path.join(top, "sub"), 0o500)
                os.chmod(top, 0o500)
                return [0.0] * oracle.problem.N
            """,
            env=env,
        )
        assert out.code == 0, out.stderr[-2000:]
        assert _runs_left(shared) == []
        proc, _, _ = start_check(
            tmp_path, "import time\ndef solve(oracle):\n    time.sleep(60)\n", name="killed", timeout=60, env=env
        )
        deadline = time.monotonic() + 30
        while not _runs_left(shared) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _runs_left(shared), "the run never started"
        time.sleep(1)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        out = check_attack(HONEST, env=env)  # the next start sweeps what the killed parent left
        assert out.code == 0, out.stderr[-2000:]
        assert _runs_left(shared) == []
    finally:
        _force_remove(shared)


def _runs_left(tmp: str) -> list[str]:
    """Private directories (of this suite's runs) still on disk under ``tmp``."""
    return [
        os.path.join(root, d)
        for root, dirs, _ in os.walk(tmp)
        for d in dirs
        if d.startswith(("run-", "sci_oracle_sandbox_")) and not os.path.islink(os.path.join(root, d))
    ]


def _force_remove(path: str) -> None:
    for root, dirs, _ in os.walk(path):
        for d in dirs:
            with contextlib.suppress(OSError):
                os.chmod(os.path.join(root, d), stat.S_IRWXU)
    subprocess.run(["rm", "-rf", path], check=False)


def test_ctrl_c_stops_a_check_within_2_s(tmp_path):
    """Ctrl-C (SIGINT to the foreground process group) during a slow run: exit 130 within 2 s,
    with a partial report marked interrupted."""
    proc, report, _ = start_check(
        tmp_path, "import time\ndef solve(oracle):\n    time.sleep(60)\n", name="slow", timeout=60
    )
    time.sleep(4)  # the child is loaded and running
    t0 = time.monotonic()
    os.killpg(proc.pid, signal.SIGINT)
    out = finish(proc, report, t0, timeout=60)
    assert out.code == 130, out.stderr[-2000:]
    assert out.seconds <= 2.0, f"Ctrl-C took {out.seconds:.1f} s"
    assert out.report is not None
    assert out.report["interrupted"] is True
    assert out.report["verdict"] == "unknown"
