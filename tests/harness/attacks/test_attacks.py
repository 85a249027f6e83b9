"""The attack suite of issue 12: hostile user modules against ``sci-oracle check``.

Each attack runs end to end in a CLI process (:func:`run_check`) and must leave the verdict intact
(the honest baseline's when the attack then behaves, else ``error``/``unknown``, never a better
claim), write the report, and finish within ``--timeout`` plus a margin. Layers the machine lacks
are skipped with the reason; ``test_layers_exercised`` prints the layers in force.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

TIMEOUT = 5.0  # --timeout of every attacked run
MARGIN = 25.0  # start-up, the barrier's own exact work and a loaded CI machine

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


def run_check(tmp_path: Path, source: str, *extra: str, name: str = "attack", timeout: float = TIMEOUT) -> Outcome:
    """``sci-oracle check FILE.py:solve --K 3 --members 4 --timeout T --json c.json --report report.json``."""
    module = tmp_path / f"{name}.py"
    module.write_text(textwrap.dedent(source))
    report = tmp_path / f"{name}-report.json"
    cmd = [sys.executable, "-m", "sci_oracle.cli.main", "check", f"{module}:solve", "--K", "3", "--members", "4"]
    cert = report.with_suffix(".certificate.json")
    cmd += ["--timeout", str(timeout), "--json", str(cert), "--report", str(report), *extra]
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        out, err = proc.communicate(timeout=timeout + MARGIN + 30)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        pytest.fail(f"the CLI did not finish within {timeout + MARGIN + 30} s: {err[-2000:]}")
    done = subprocess.CompletedProcess(cmd, proc.returncode, out, err)
    return Outcome(done, report, time.monotonic() - t0, proc.pid)


@pytest.fixture(scope="session")
def baseline(tmp_path_factory) -> Outcome:
    """The honest algorithm every attack imitates once its attack is over (outputs 0)."""
    out = run_check(tmp_path_factory.mktemp("honest"), HONEST, name="honest")
    assert out.code == 0, out.stderr
    assert out.verdict == "refuted"
    return out


@pytest.fixture
def check_attack(tmp_path):
    def run(source: str, *extra: str, timeout: float = TIMEOUT) -> Outcome:
        out = run_check(tmp_path, source, *extra, timeout=timeout)
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
            if os.fork() == 0:
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
        pytest.skip("RLIMIT_NPROC bounds the sandbox only under its own uid (run as root, it drops to 65534)")
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
