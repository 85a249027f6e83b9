"""The adversaries of PNAS 2022 Theorem 1 (precision, randomised, sample), run rather than asserted,
their certificates, and certified accuracy checks. Imports ``core``, ``families`` and ``algorithms``.
"""

from sci_oracle.barrier.accuracy import AccuracyVerdict, accuracy
from sci_oracle.barrier.certificate import BarrierCertificate
from sci_oracle.barrier.precision import find_barrier
from sci_oracle.barrier.randomised import RandomisedBarrier, find_barrier_randomised
from sci_oracle.barrier.sample import SampleBarrier, sample_barrier
from sci_oracle.barrier.statistics import clopper_pearson

__all__ = [
    "AccuracyVerdict",
    "BarrierCertificate",
    "RandomisedBarrier",
    "SampleBarrier",
    "accuracy",
    "clopper_pearson",
    "find_barrier",
    "find_barrier_randomised",
    "sample_barrier",
]
