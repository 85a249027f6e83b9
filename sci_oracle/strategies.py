"""Hypothesis strategies (public front door, as ``hypothesis.strategies``): families, members, levels,
roundings, seeds, and whole classes of algorithms. They live in :mod:`sci_oracle.harness.strategies`
and :mod:`sci_oracle.harness.algorithm_strategies`; import them from here.

    from sci_oracle import strategies as sos
"""

from sci_oracle.harness import algorithm_strategies as _algorithms
from sci_oracle.harness import strategies as _instances
from sci_oracle.harness.algorithm_strategies import *  # noqa: F403  (this module is the re-export)
from sci_oracle.harness.strategies import *  # noqa: F403

__all__ = sorted({*_instances.__all__, *_algorithms.__all__})
