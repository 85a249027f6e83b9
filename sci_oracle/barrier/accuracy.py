"""Certified accuracy on a list of instances: "within 10^-D of the solution set on every instance",
decided exactly (the positive parts (b) and (c) of PNAS 2022 Theorem 1).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from sci_oracle.algorithms.base import OUTPUT, Algorithm, RunRecord, run
from sci_oracle.barrier.certificate import format_distance
from sci_oracle.core.exact import Number, sign
from sci_oracle.core.oracle import HonestOracle
from sci_oracle.core.report import CERTIFIED, REFUTED, UNKNOWN
from sci_oracle.core.validation import check_int
from sci_oracle.families.pnas import Instance


@dataclass
class AccuracyVerdict:
    status: str
    message: str
    digits: int
    dist2: list[Number]
    records: list[RunRecord]


def accuracy(
    algorithm: Algorithm, instances: Sequence[Instance], digits: int, *, budget: dict[str, Any] | None = None
) -> AccuracyVerdict:
    """Certify that ``algorithm`` is within 10^-digits of Ξ on every instance (honest oracles),
    or refute it with the instance where it is not. Exact distances throughout."""
    digits = check_int("digits", digits, min_value=-10, max_value=100_000)
    kappa2 = Fraction(1, 10**digits) ** 2 if digits >= 0 else Fraction(10 ** (-digits)) ** 2
    budget = budget or {"max_level": 4096, "max_queries": 100_000, "timeout": 60.0}
    d2s: list[Number] = []
    recs: list[RunRecord] = []
    for inst in instances:
        info = inst.info
        oracle = HonestOracle(inst.inputs, problem=info, mode=getattr(inst, "mode", "entrywise"), **budget)
        rec = run(algorithm, oracle, N=info.N if info else None, convert=getattr(inst, "convert", None))
        recs.append(rec)
        if rec.outcome != OUTPUT:
            return AccuracyVerdict(UNKNOWN, f"{inst.label}: {rec.reason}", digits, d2s, recs)
        assert rec.output is not None  # outcome OUTPUT
        d2 = inst.dist2(rec.output)
        d2s.append(d2)
        if sign(d2 - kappa2) > 0:
            return AccuracyVerdict(
                REFUTED, f"{inst.label}: dist = {format_distance(d2)} > 10^-{digits}", digits, d2s, recs
            )
    worst = max((format_distance(d) for d in d2s), key=float, default="0")
    return AccuracyVerdict(
        CERTIFIED, f"within 10^-{digits} on all {len(instances)} instances (worst dist {worst})", digits, d2s, recs
    )


# --------------------------------------------------------------------------- sample complexity (part (b))
