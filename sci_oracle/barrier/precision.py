"""The adversary of Theorem 1(a), run rather than asserted, and its certificates.

The key lemma (PNAS 2022 SI; Bastounis–Hansen–Vlačić Prop 10.5; Lemma 1 of ``proofs/LEMMA.md``,
docs/theory.md §1): if inputs ι¹_n, ι²_n agree with a limit input ι⁰ at every level ≤ n
and their solution sets are more than 2κ apart, no algorithm is κ-accurate on all of them, and a
randomised one fails on one of them with probability ≥ 1/2. As a procedure:

1. run the algorithm on an honest oracle for ι⁰ and record the deepest level m* it read;
2. pick n with agreement level ≥ m* (so n is chosen *after* the algorithm committed);
3. replay ι⁰'s transcript to ι¹_n and ι²_n through adversarial oracles that check, exactly, that
   every answer is legal for them, and run the algorithm again on each;
4. the transcripts and outputs must be identical (else the algorithm is not a general algorithm);
5. certify, exactly, that the one output is more than κ = 10^-K from one member's solution set.

Randomised algorithms: the same seed runs on all three inputs (a coupling); failure
probabilities are exact fractions over a finite seed set, or Clopper–Pearson intervals when
seeds are sampled.
"""

from __future__ import annotations

import time
from fractions import Fraction
from typing import Any

from sci_oracle.algorithms.base import OUTPUT, Algorithm, RunRecord, algorithm_name, run
from sci_oracle.barrier.certificate import BarrierCertificate, format_distance
from sci_oracle.core.errors import InvalidArgument, NotIndistinguishable
from sci_oracle.core.exact import ball_sign, correct_digits, sign
from sci_oracle.core.oracle import AdversarialOracle, HonestOracle
from sci_oracle.core.report import REFUTED, UNKNOWN
from sci_oracle.core.validation import check_int
from sci_oracle.families.base import PairFamily
from sci_oracle.families.pnas import Instance


def honest_oracle_for(instance: Instance, fam: PairFamily, budget: dict[str, Any], **kw: Any) -> HonestOracle:
    return HonestOracle(instance.inputs, problem=fam.info, mode=fam.mode, **budget, **kw)


def adversary_runs(
    alg: Algorithm, fam: PairFamily, rec0: RunRecord, budget: dict[str, Any], n_min: int = 1
) -> tuple[int, int, list[RunRecord]]:
    """Steps 2–3: choose n after the limit run, replay the limit's transcript to both members."""
    n = max(fam.level_for(rec0.max_level), n_min)
    for _ in range(64):  # a non-nearest decoy rounding may need a few more levels
        h = fam.agreement_level(n)
        try:
            recs = []
            for member in fam.pair(n):
                oracle = AdversarialOracle(
                    member.inputs,
                    fam.limit().inputs,
                    h,
                    decoy_transcript=rec0.transcript,
                    problem=fam.info,
                    mode=fam.mode,
                    **budget,
                )
                recs.append(run(alg, oracle, convert=fam.convert))
            return n, h, recs
        except NotIndistinguishable:
            n += 1
    raise NotIndistinguishable("no member agreed with the limit's answers within 64 extra levels")  # pragma: no cover


def find_barrier(
    algorithm: Algorithm,
    family: PairFamily,
    *,
    rounding: str = "nearest",
    seed: int | None = None,
    digits: int | None = None,
    max_level: int | None = 4096,
    max_queries: int | None = 100_000,
    timeout: float | None = 60.0,
) -> BarrierCertificate:
    """Run the Theorem 1(a) adversary on a deterministic algorithm (steps 1–5 above).

    ``rounding`` is the limit oracle's rounding (the adversary replays whatever it answered);
    the budgets turn a run that never stops into NH. ``digits`` (default K) is the accuracy
    tested: below K the separation no longer beats 2·10^-digits and no certificate is expected.
    """
    if not isinstance(family, PairFamily):
        raise InvalidArgument(f"family={family!r} is invalid: expected a pair family such as PNASFamily")
    t0 = time.perf_counter()
    D = family.K if digits is None else check_int("digits", digits, min_value=1, max_value=family.K + 1000)
    kappa2 = Fraction(1, 10**D) ** 2
    budget: dict[str, Any] = {"max_level": max_level, "max_queries": max_queries, "timeout": timeout}
    name = algorithm_name(algorithm)
    base: dict[str, Any] = {"K": D, "family": family.spec(), "algorithm": name, "seed": seed}
    rec0 = run(
        algorithm,
        honest_oracle_for(family.limit(), family, budget, rounding=rounding, seed=seed),
        convert=family.convert,
    )
    if rec0.outcome != OUTPUT:
        return BarrierCertificate(
            UNKNOWN,
            f"no output on the limit input: {rec0.reason}",
            levels_read=rec0.max_level,
            transcripts={"limit": rec0.transcript},
            seconds=time.perf_counter() - t0,
            **base,
        )
    n, h, (r1, r2) = adversary_runs(algorithm, family, rec0, budget)
    trs = {"limit": rec0.transcript, "member1": r1.transcript, "member2": r2.transcript}
    common: dict[str, Any] = dict(levels_read=rec0.max_level, n=n, hidden_level=h, transcripts=trs, **base)
    if not (
        r1.outcome == r2.outcome == OUTPUT
        and r1.output == r2.output == rec0.output
        and r1.transcript == rec0.transcript == r2.transcript
    ):
        why = r1.reason or r2.reason or "transcripts or outputs differ on identical answers"
        return BarrierCertificate(
            UNKNOWN,
            f"not a general algorithm (hidden state or global RNG?): {why}",
            output=rec0.output,
            seconds=time.perf_counter() - t0,
            **common,
        )
    assert rec0.output is not None  # outcome OUTPUT, checked above
    d2 = tuple(m.dist2(rec0.output) for m in family.pair(n))
    fail = _farther(d2, kappa2)
    member_digits = (correct_digits(d2[0]), correct_digits(d2[1]))
    if sign(d2[fail - 1] - kappa2) > 0:
        read = f"read levels ≤ {rec0.max_level}" if rec0.max_level >= 0 else "read nothing"
        msg = (
            f"fails K={D} digits on member {fail} (n={n}): dist = {format_distance(d2[fail - 1])}"
            f" > 10^-{D}; {read}, indistinguishable up to {h}"
        )
        verdict = REFUTED
    else:  # impossible for D = K (separation > 2·10^-K); expected for D < K
        msg = f"no failure found: the output is within 10^-{D} of both members (n={n})"
        verdict = UNKNOWN
    return BarrierCertificate(
        verdict,
        msg,
        output=rec0.output,
        dist2=d2,
        failing_member=fail,
        digits=member_digits,
        seconds=time.perf_counter() - t0,
        **common,
    )


def _farther(d2: tuple[Any, Any], kappa2: Fraction) -> int:
    """The member to cite as failing: the farther one; when both fail and only an exact (costly, at
    large K) decision could rank them, member 1 — any member more than 10^-K away is a witness."""
    f1, f2 = sign(d2[0] - kappa2) > 0, sign(d2[1] - kappa2) > 0
    if f1 and f2:
        s = ball_sign(d2[0] - d2[1])
        return 1 if s is None or s >= 0 else 2
    if f1 or f2:
        return 1 if f1 else 2
    return 1 if sign(d2[0] - d2[1]) >= 0 else 2
