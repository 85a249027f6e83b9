"""Hypothesis entry point (``[project.entry-points.hypothesis]``): register sci_oracle's types so
``st.from_type(PNASFamily)`` works in users' tests. ``HYPOTHESIS_NO_PLUGINS`` disables it."""

from __future__ import annotations


def _hypothesis_setup_hook() -> None:
    from hypothesis import strategies as st

    from sci_oracle.families.pnas import PNASFamily

    def families() -> st.SearchStrategy[PNASFamily]:
        # imported on first draw: this hook runs while hypothesis itself is being imported, possibly
        # from sci_oracle.harness.strategies, which is then only half initialised
        from sci_oracle.harness.strategies import pnas_families

        return pnas_families()

    st.register_type_strategy(PNASFamily, st.deferred(families))
