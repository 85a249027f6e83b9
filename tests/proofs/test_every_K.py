"""Every K the CLI takes, 3..MAX_K (PNAS 2022 Thm 1): large K stays certified and verified by the kernel;
float64 built-ins report their own contract error; a claim the producer cannot decide is unknown."""

from __future__ import annotations

import resource
import subprocess
import sys
from fractions import Fraction

import pytest

from sci_oracle.algorithms.builtin import Midpoint, PrimalDualFloat64
from sci_oracle.barrier import BarrierCertificate, find_barrier
from sci_oracle.cli.main import main
from sci_oracle.cli.prove import load_proof
from sci_oracle.core.exact import number_from_json, number_to_json, sign, sqrt
from sci_oracle.core.report import REFUTED, UNKNOWN
from sci_oracle.families.pnas import PNASFamily
from sci_oracle.kernel import verify
from sci_oracle.kernel.family import MAX_K


@pytest.mark.parametrize("problem", ["qcbp", "srlasso"])
def test_prove_past_the_float64_range_is_certified(problem):
    report = load_proof("theorem1").prove(K=400, problems=(problem,), training=problem == "srlasso")
    assert report.all_certified, [c.detail for c in report.claims if c.status != "certified"]
    caught = next(c for c in report.claims if "adversary catches" in c.name)
    assert "PrimalDualFloat64" in caught.detail
    assert "its own contract error" in caught.detail


def test_float64_solver_reports_its_own_contract_error():
    cert = find_barrier(PrimalDualFloat64(), PNASFamily("srlasso", 320))
    assert cert.verdict == "unknown"
    assert "AlgorithmError" in cert.message
    assert "float64 range" in cert.message


def test_huge_numbers_round_trip_through_json():
    x = sqrt(2) * Fraction(10**6000, 3) + Fraction(1, 2**50)  # more than 4300 decimal digits
    y = number_from_json(number_to_json(x))
    assert sign(x - y) == 0


@pytest.mark.slow
def test_prove_K_1000_all_certified():
    assert load_proof("theorem1").prove(K=1000).all_certified


def test_the_cli_refuses_a_K_the_kernel_does_not_check(capsys):
    for cmd in (["prove", "--K", str(MAX_K + 1)], ["check", "--K", str(MAX_K + 1), "midpoint"]):
        assert main(cmd) == 2
        assert f"K must be in 3..{MAX_K}" in capsys.readouterr().err


def test_the_kernel_checks_the_largest_K_the_cli_takes():
    ok = verify(find_barrier(Midpoint(30), PNASFamily("srlasso", MAX_K)).certificate())
    assert ok.accepted, [c.reason for c in ok.claims]
    beyond = verify(find_barrier(Midpoint(30), PNASFamily("srlasso", MAX_K + 1)).certificate())
    assert not beyond.accepted
    assert f"[3, {MAX_K}]" in beyond.claims[0].reason


def test_a_claim_the_producer_cannot_decide_is_unknown_not_refuted(monkeypatch):
    """Witnesses that do not re-check (here: every barrier certificate) decide nothing."""
    monkeypatch.setattr(BarrierCertificate, "verify", lambda self: False)
    report = load_proof("theorem1").prove(K=3, problems=("srlasso",), levels=(10,))
    runs = [c for c in report.claims if "catches the 5 algorithms run" in c.name or "trainers run fail" in c.name]
    assert len(runs) == 2
    assert all(c.status == UNKNOWN for c in runs), [(c.name, c.status) for c in runs]
    assert not [c.name for c in report.claims if c.status == REFUTED]


def _cli(*args: str) -> tuple[int, float]:
    """Exit code and CPU seconds of one CLI run in a child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    code = subprocess.run(
        [sys.executable, "-c", "import sys; from sci_oracle.cli.main import main; sys.exit(main())", *args],
        capture_output=True,
        check=False,
    ).returncode
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return code, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


@pytest.mark.slow
def test_prove_and_verify_K_3000(tmp_path):
    """Issue 20: all certified, accepted by the kernel, and verify costs no more CPU than prove."""
    path = str(tmp_path / "K3000.json")
    proved, t_prove = _cli("prove", "--K", "3000", "--json", path, "--quiet")
    verified, t_verify = _cli("verify", path)
    assert (proved, verified) == (0, 0)
    assert t_verify <= t_prove, (t_verify, t_prove)
