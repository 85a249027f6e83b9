"""A family of your own solvers, property-tested as a class against PNAS 2022 Theorem 1(a)
(Colbrook–Antun–Hansen): every member, whatever its parameters, fails K digits on the adversary's
family. From the command line (docs/algorithm_classes.md):

    sci-oracle check-class examples/ridge_family.py:ridges --max-examples 50

The strategy is drawn from in a sandboxed child; each drawn member prints as
``user_algorithm('/path/to/ridge_family.py:ridge', alpha=..., level=...)`` and runs in the sandbox
too. The same strategy works under pytest with ``class_properties.assert_caught``.
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from sci_oracle import strategies as sos


def ridge(oracle, *, level, alpha):
    """Ridge regression on the answers read at ``level``: a parameterised numpy solver."""
    A, y = oracle.float64("A", level), oracle.float64("y", level)
    return np.linalg.lstsq(A.T @ A + alpha * np.eye(A.shape[1]), A.T @ y, rcond=None)[0]


ridges = sos.algorithms_from(
    ridge, st.fixed_dictionaries({"level": st.integers(0, 60), "alpha": st.sampled_from([1e-9, 1e-3, 1.0])})
)
