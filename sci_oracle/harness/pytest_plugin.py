"""pytest plugin of sci_oracle (entry point ``pytest11``): markers, options and fixtures.

Kept light: importing it imports nothing heavy; the check machinery loads when a fixture is used.

- marker ``sci_oracle(problem="srlasso", K=3, isolated=True)``: defaults for the fixtures below;
- option ``--sci-oracle-in-process``: run checks in-process (faster, no isolation guarantee);
- fixture ``barrier_check``: :func:`sci_oracle.harness.check.check` with the marker's defaults;
- fixture ``pnas_family``: the marker's :class:`~sci_oracle.families.pnas.PNASFamily`;
- fixtures ``assert_fails_K_digits`` and ``assert_reaches_digits``: the helpers of
  :mod:`sci_oracle.harness.testing` with the marker's defaults.
"""

from __future__ import annotations

from typing import Any

import pytest

MARKERS = (
    "sci_oracle(problem='srlasso', K=3, isolated=True): defaults for sci_oracle's barrier fixtures",
    "sci_oracle_slow: a barrier check too slow for the default run",
)


def pytest_addoption(parser: Any) -> None:
    group = parser.getgroup("sci_oracle", "sci_oracle barrier checks")
    group.addoption(
        "--sci-oracle-in-process",
        action="store_true",
        default=False,
        help="run sci_oracle checks in-process (faster; the algorithm can then read the hidden input)",
    )


def pytest_configure(config: Any) -> None:
    for line in MARKERS:
        config.addinivalue_line("markers", line)


def _defaults(request: Any) -> dict[str, Any]:
    kw: dict[str, Any] = {}
    marker = request.node.get_closest_marker("sci_oracle")
    if marker is not None:
        if marker.args:
            raise pytest.UsageError("the sci_oracle marker takes keywords only: sci_oracle(problem=..., K=...)")
        kw.update(marker.kwargs)
    if request.config.getoption("--sci-oracle-in-process"):
        kw["isolated"] = False
    return kw


@pytest.fixture
def barrier_check(request: Any) -> Any:
    """``barrier_check(algorithm, **overrides) -> CheckReport`` with the marker's defaults."""
    from sci_oracle.harness.check import check

    defaults = _defaults(request)
    return lambda algorithm, **kw: check(algorithm, **{**defaults, **kw})


@pytest.fixture
def pnas_family(request: Any) -> Any:
    """The marker's family (default ``PNASFamily('srlasso', K=3)``)."""
    from sci_oracle.families.pnas import PNASFamily

    d = _defaults(request)
    return PNASFamily(d.get("problem", "srlasso"), d.get("K", 3))


@pytest.fixture(name="assert_fails_K_digits")
def _assert_fails_K_digits(request: Any) -> Any:
    from sci_oracle.harness.testing import assert_fails_K_digits

    defaults = _defaults(request)

    def helper(algorithm: Any, **kw: Any) -> Any:
        __tracebackhide__ = True
        return assert_fails_K_digits(algorithm, **{**defaults, **kw})

    return helper


@pytest.fixture(name="assert_reaches_digits")
def _assert_reaches_digits(request: Any) -> Any:
    from sci_oracle.harness.testing import assert_reaches_digits

    defaults = _defaults(request)

    def helper(algorithm: Any, D: int, **kw: Any) -> Any:
        __tracebackhide__ = True
        return assert_reaches_digits(algorithm, D, **{**defaults, **kw})

    return helper
