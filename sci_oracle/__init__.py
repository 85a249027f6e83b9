"""sci_oracle: impossibility theorems of deep learning as software you can run and test.

The front door (imported lazily, so ``import sci_oracle`` and the pytest plugin stay light)::

    from sci_oracle import PNASFamily, find_barrier, check, precision

See README.md for the quick start and the architecture.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "precision": "sci_oracle.exact",
    "ExactReal": "sci_oracle.exact",
    "sqrt": "sci_oracle.exact",
    "HonestOracle": "sci_oracle.oracle",
    "ReplayOracle": "sci_oracle.oracle",
    "AdversarialOracle": "sci_oracle.oracle",
    "Transcript": "sci_oracle.oracle",
    "QCBP": "sci_oracle.problems",
    "ULasso": "sci_oracle.problems",
    "SRLasso": "sci_oracle.problems",
    "PNASFamily": "sci_oracle.families.pnas",
    "TrainingFamily": "sci_oracle.families.training",
    "RandomisedAlgorithm": "sci_oracle.algorithms.base",
    "run": "sci_oracle.algorithms.base",
    "find_barrier": "sci_oracle.barrier",
    "find_barrier_randomised": "sci_oracle.barrier",
    "sample_barrier": "sci_oracle.barrier",
    "accuracy": "sci_oracle.barrier",
    "BarrierCertificate": "sci_oracle.barrier",
    "check": "sci_oracle.check",
    "NeuralNetwork": "sci_oracle.nn",
    "SciOracleError": "sci_oracle.errors",
    "InvalidArgument": "sci_oracle.errors",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'sci_oracle' has no attribute {name!r}")


def __dir__() -> list[str]:
    return __all__ + ["__version__"]
