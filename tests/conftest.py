"""Shared test setup: Hypothesis profiles and a guard that no test leaks global precision."""

from __future__ import annotations

import os

import mpmath
import pytest
from flint import ctx
from hypothesis import HealthCheck, settings

settings.register_profile("dev", deadline=None, max_examples=30, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile(
    "ci",
    deadline=None,
    max_examples=30,
    derandomize=True,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("thorough", deadline=None, max_examples=500, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("SCI_ORACLE_PROFILE", "ci" if os.environ.get("CI") else "dev"))


@pytest.fixture(autouse=True)
def _precision_is_restored():
    """The only two global precisions (mpmath.mp, flint.ctx) must be unchanged by every test."""
    before = (mpmath.mp.prec, ctx.prec)
    yield
    assert (mpmath.mp.prec, ctx.prec) == before, "a test changed global precision"
