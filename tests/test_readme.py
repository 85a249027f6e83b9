"""The README's quick start is what CI runs, and its engineer example prints what the README shows."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()


def _block_after(heading: str, lang: str) -> str:
    section = README.split(heading, 1)[1]
    return re.search(rf"```{lang}\n(.*?)```", section, flags=re.S).group(1)


def test_ci_runs_the_two_quick_start_commands():
    commands = [line.split("#")[0].strip() for line in _block_after("## Quick start", "console").splitlines()]
    commands = [c for c in commands if c]
    assert len(commands) == 2, commands  # the README promises exactly two
    ci = (ROOT / ".ci" / "run").read_text().replace(" -q", "")
    for command in commands:
        for step in command.split(" && "):
            assert re.search(rf"^{re.escape(step)}(\s|$)", ci, flags=re.M), f".ci/run does not run {step!r}"


def test_the_engineer_example_prints_the_readme_s_report(tmp_path):
    source = _block_after("### Engineering", "python")
    assert source.startswith("# mysolver.py")
    (tmp_path / "mysolver.py").write_text(source)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    out = subprocess.run(
        [sys.executable, "mysolver.py"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600
    )
    assert out.returncode == 0, out.stderr
    shown = re.search(r"\$ python mysolver.py\n(.*)\n", README).group(1)
    assert out.stdout.strip() == shown  # the README pastes this line verbatim
