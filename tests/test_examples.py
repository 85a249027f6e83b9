"""The examples in examples/ run and print honest verdicts (the torch one only with the [torch] extra)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}


def _run(*args: str) -> str:
    proc = subprocess.run([sys.executable, *args], cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout


def test_ista_numpy_example():
    out = _run("examples/ista_numpy.py")
    assert "verdict: refuted; digits reached: 2; witness re-verifies: True" in out
    assert "fails K=3 digits on member" in out


def test_user_test_file_passes():
    out = _run("-m", "pytest", "examples/test_my_solver.py", "-q", "-p", "no:cacheprovider")
    assert "3 passed" in out


@pytest.mark.torch
def test_torch_example():
    pytest.importorskip("torch")
    out = _run("examples/torch_model.py")
    assert "verdict: refuted" in out
    assert "witness re-verifies: True" in out
