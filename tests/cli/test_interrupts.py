"""Ctrl-C on every command (issues 21 and 24): exit 130 within 2 s of the SIGINT, and with
``--json`` a partial report marked ``"interrupted": true`` (sci_oracle/cli/reports.py, one path
for all commands). Each command runs as a real CLI process in a session of its own and gets
SIGINT on its process group, as a terminal's Ctrl-C does, while it is busy.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="process groups and /proc")

BOUND = 2.0  # seconds from SIGINT to exit

SLOW = """
import time


def solve(oracle):
    time.sleep(120)
    return [0.0] * oracle.problem.N


def train(*args):  # a training procedure train(Y, X) or a classifier's train(X, y, rng): slow either way
    time.sleep(120)


def proc(oracle, *, level):
    time.sleep(120)
    return [0.0] * oracle.problem.N


def family():
    from hypothesis import strategies as st

    from sci_oracle import strategies as sos

    return sos.algorithms_from(proc, st.fixed_dictionaries({"level": st.integers(1, 5)}))
"""

# commands whose user code sleeps in a sandboxed child: started together, interrupted in turn
WITH_USER_CODE = {
    "check": ["check", "slow.py:solve"],
    "check --training": ["check", "slow.py:train", "--training"],
    "check --classifier": ["check", "slow.py:train", "--classifier"],
    "step": ["step", "--algorithm", "slow.py:solve"],
    "verify --algorithm": ["verify", "recorded.json", "--algorithm", "slow.py:solve"],
    "check-class MODULE:STRATEGY": ["check-class", "slow.py:family"],
    "bhv-demo --train": ["bhv-demo", "--train", "slow.py:train", "--quiet"],
    "prove bhv --train": ["prove", "bhv", "--train", "slow.py:train", "--architecture", "3", "--quiet"],
}
# commands busy with sci_oracle's own work (CPU): one at a time
OWN_WORK = {
    "prove": ["prove", "--K", "5000", "--quiet"],
    "table1": ["table1"],
    "firenet-demo": ["firenet-demo", "--quiet"],
    "check-class": ["check-class", "query-plans", "--max-examples", "100000"],
}


def _start(tmp_path: Path, name: str, argv: list[str]) -> tuple[subprocess.Popen, Path]:
    report = tmp_path / (name.replace(" ", "_").replace(":", "_").replace("-", "") + ".json")
    proc = subprocess.Popen(
        [sys.executable, "-m", "sci_oracle.cli.main", *argv, "--json", str(report)],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    return proc, report


def _has_child(pid: int) -> bool:
    try:
        return bool(Path(f"/proc/{pid}/task/{pid}/children").read_text().split())
    except OSError:
        return False


def _interrupt(name: str, proc: subprocess.Popen, report: Path) -> None:
    assert proc.poll() is None, f"{name} ended before Ctrl-C: {proc.communicate()[1][-1500:]}"
    t0 = time.monotonic()
    os.killpg(proc.pid, signal.SIGINT)
    try:
        _, err = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        pytest.fail(f"{name}: still running 30 s after Ctrl-C")
    seconds = time.monotonic() - t0
    print(f"{name}: exit {proc.returncode} {seconds:.2f} s after SIGINT")
    assert proc.returncode == 130, (name, proc.returncode, err[-1500:])
    assert seconds <= BOUND, f"{name}: Ctrl-C took {seconds:.2f} s"
    assert "Traceback" not in err, err[-1500:]
    assert report.exists(), f"{name}: no partial report ({err[-500:]})"
    data = json.loads(report.read_text())
    assert data["interrupted"] is True, name
    assert data["verdict"] == "unknown", name
    assert "isolation" in data, name


@pytest.fixture
def workdir(tmp_path):
    (tmp_path / "slow.py").write_text(SLOW)
    made = subprocess.run(  # a report with recorded runs, for verify --algorithm
        [sys.executable, "-m", "sci_oracle.cli.main", "check", "zero", "--members", "4", "--json", "recorded.json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert made.returncode == 0, made.stderr[-1500:]
    return tmp_path


def test_ctrl_c_stops_every_command_running_user_code(workdir):
    """All started at once (their code sleeps), each interrupted once its sandboxed child runs."""
    started = {name: _start(workdir, name, argv) for name, argv in WITH_USER_CODE.items()}
    for name, (proc, report) in started.items():
        deadline = time.monotonic() + 60
        while not _has_child(proc.pid) and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(1.0)  # its module loaded, the run under way
        _interrupt(name, proc, report)
    for proc, _ in started.values():
        if proc.poll() is None:
            proc.kill()


@pytest.mark.parametrize("name", list(OWN_WORK))
def test_ctrl_c_stops_every_command_doing_its_own_work(workdir, name):
    proc, report = _start(workdir, name, OWN_WORK[name])
    time.sleep(4.0)  # past the imports, in the computation
    _interrupt(name, proc, report)
    assert json.loads(report.read_text())["isolation"]["mode"].startswith("no user code")
