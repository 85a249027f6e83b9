"""Every K > 2 (PNAS 2022 Thm 1): large K stays certified; float64 built-ins report their own contract error."""

from __future__ import annotations

from fractions import Fraction

import pytest

from sci_oracle.algorithms.builtin import PrimalDualFloat64
from sci_oracle.barrier import find_barrier
from sci_oracle.cli.prove import load_proof
from sci_oracle.core.exact import number_from_json, number_to_json, sign, sqrt
from sci_oracle.families.pnas import PNASFamily


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
