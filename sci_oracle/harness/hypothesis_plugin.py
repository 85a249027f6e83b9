"""Hypothesis entry point (``[project.entry-points.hypothesis]``): register sci_oracle's types so
``st.from_type(PNASFamily)`` works in users' tests. ``HYPOTHESIS_NO_PLUGINS`` disables it."""

from __future__ import annotations


def _hypothesis_setup_hook() -> None:
    from hypothesis import strategies as st

    from sci_oracle.families.pnas import PNASFamily
    from sci_oracle.harness.strategies import pnas_families

    st.register_type_strategy(PNASFamily, pnas_families())
