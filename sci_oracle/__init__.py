"""sci_oracle: impossibility theorems of deep learning as software you can run and test.

The front door (imported lazily, so ``import sci_oracle`` and the pytest plugin stay light)::

    from sci_oracle import PNASFamily, find_barrier, check, precision
    from sci_oracle import strategies, testing     # Hypothesis strategies, pytest helpers

See README.md for the quick start and the architecture.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "precision": "sci_oracle.core.exact",
    "ExactReal": "sci_oracle.core.exact",
    "sqrt": "sci_oracle.core.exact",
    "HonestOracle": "sci_oracle.core.oracle",
    "ReplayOracle": "sci_oracle.core.oracle",
    "AdversarialOracle": "sci_oracle.core.oracle",
    "Transcript": "sci_oracle.core.oracle",
    "QCBP": "sci_oracle.core.problems",
    "ULasso": "sci_oracle.core.problems",
    "SRLasso": "sci_oracle.core.problems",
    "PNASFamily": "sci_oracle.families.pnas",
    "TrainingFamily": "sci_oracle.families.training",
    "RandomisedAlgorithm": "sci_oracle.algorithms.base",
    "run": "sci_oracle.algorithms.base",
    "find_barrier": "sci_oracle.barrier",
    "find_barrier_randomised": "sci_oracle.barrier",
    "sample_barrier": "sci_oracle.barrier",
    "accuracy": "sci_oracle.barrier",
    "BarrierCertificate": "sci_oracle.barrier",
    "check": "sci_oracle.harness.check",
    "numpy_solver": "sci_oracle.harness.adapters",
    "mpmath_solver": "sci_oracle.harness.adapters",
    "fraction_solver": "sci_oracle.harness.adapters",
    "torch_solver": "sci_oracle.harness.adapters",
    "sklearn_solver": "sci_oracle.harness.adapters",
    "training_procedure": "sci_oracle.harness.adapters",
    "NeuralNetwork": "sci_oracle.core.nn",
    "SciOracleError": "sci_oracle.core.errors",
    "InvalidArgument": "sci_oracle.core.errors",
}
# public modules, importable as ``from sci_oracle import strategies`` (Hypothesis-style front doors)
_MODULES = {
    "strategies": "sci_oracle.strategies",
    "testing": "sci_oracle.testing",
    "class_properties": "sci_oracle.harness.class_properties",
    "adapters": "sci_oracle.harness.adapters",
}
__all__ = sorted([*_EXPORTS, *_MODULES])


def __getattr__(name: str) -> Any:
    if name in _MODULES:
        return importlib.import_module(_MODULES[name])
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'sci_oracle' has no attribute {name!r}")


def __dir__() -> list[str]:
    return [*__all__, "__version__"]
