"""The sample adversary of Theorem 1(b): K−1 digits need arbitrarily many training samples. Any
algorithm is simulated on uninformative data, and the informative sample is put where it did not look.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from sci_oracle.algorithms.base import OUTPUT, Algorithm, RandomisedAlgorithm, algorithm_name, run
from sci_oracle.core.errors import InvalidArgument
from sci_oracle.core.exact import Number, approx, number_to_json, sign
from sci_oracle.core.oracle import HonestOracle
from sci_oracle.core.report import REFUTED, UNKNOWN
from sci_oracle.core.validation import check_int


@dataclass
class SampleBarrier:
    """The sample adversary of Theorem 1(b): K−1 digits need more than M training samples.

    ``verdict`` concerns the claim "the algorithm gets K−1 digits on Ω reading at most M samples":
    ``refuted`` either because it read more than M samples (``needs_more``), or with a witness: a
    pair of members (hidden sign q = ±1, informative sample at an unread position p) that agree on
    every sample it read, where its one output fails K−1 digits on one of them. For a randomised
    algorithm the failure probabilities are exact fractions over the seed set.
    """

    verdict: str
    message: str
    K: int
    M: int
    R: int
    family: dict[str, Any]
    algorithm: str
    samples_read: tuple[int, ...]
    needs_more: bool = False
    p: int | None = None
    failures: tuple[int, int] | None = None
    seeds: tuple[int, ...] | None = None
    dist2: tuple[Number | None, ...] | None = None
    seconds: float = 0.0
    n: int = 60
    runs: list[dict[str, Any]] | None = None  # per seed: the simulation and member runs (the claim's evidence)
    output_fails: list[tuple[bool, bool]] | None = None  # per seed: the member output exists and fails K−1 digits

    def claim(self) -> dict[str, Any]:
        """ "``algorithm`` reads at most M samples and gets K−1 digits w.p. > 1/2 on every member"
        with the runs that refute it: per seed the simulation on R uninformative samples and, when
        it left a position p unread, the runs on the members q = ±1 with the informative sample at p
        (``sci-oracle-certificate/2``; checked by ``sci_oracle.kernel.claims.sample_barrier``). A
        run without an output is no evidence: the claim is then unknown."""
        from sci_oracle.barrier.certificate import machine_claim

        statement = {
            "kind": "sample-barrier",
            "family": self.family,
            "K": self.K,
            "digits": self.K - 1,
            "algorithm": self.algorithm,
            "M": self.M,
            "R": self.R,
            "n": self.n,
            "seeds": None if self.seeds is None else {"uniform": list(self.seeds)},
        }
        runs = self.runs or []
        complete = self.runs is not None and all(
            r["simulation"]["output"] is not None
            and (r["members"] is None or all(m["output"] is not None for m in r["members"]))
            for r in runs
        )
        ok = self.verdict == REFUTED and complete and self._shown()
        evidence = {"p": None if self.needs_more else self.p, "runs": runs} if ok else {}
        return machine_claim(f"K−1 digits from ≤ {self.M} samples", REFUTED if ok else UNKNOWN, statement, evidence)

    def _shown(self) -> bool:
        """With p given, the worst member fails on at least half the seeds, counting only runs with
        an output (a run without one is not evidence the kernel can read)."""
        if self.needs_more:
            return True
        flags = self.output_fails or []
        fails = [sum(f[j] for f in flags) for j in (0, 1)]
        return len(flags) == len(self.runs or ()) and 2 * max(fails) >= len(flags)

    @property
    def failure_probabilities(self) -> tuple[Fraction, Fraction] | None:
        if self.failures is None:
            return None
        S = len(self.seeds or (0,))
        return Fraction(self.failures[0], S), Fraction(self.failures[1], S)

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": "SampleBarrier",
            "verdict": self.verdict,
            "message": self.message,
            "digits": self.K - 1,
            "M": self.M,
            "R": self.R,
            "family": self.family,
            "algorithm": self.algorithm,
            "samples_read": list(self.samples_read),
            "needs_more": self.needs_more,
            "p": self.p,
            "failures": self.failures,
            "seeds": self.seeds,
            "distances": None if self.dist2 is None else [None if d is None else approx(d, 12) for d in self.dist2],
        }


def sample_barrier(
    algorithm: Algorithm | RandomisedAlgorithm,
    family: Any,
    M: int,
    *,
    R: int | None = None,
    n: int = 60,
    max_level: int | None = 4096,
    timeout: float | None = 60.0,
) -> SampleBarrier:
    """Run the sample adversary of Theorem 1(b) on a training algorithm (project's construction).

    Simulate the algorithm on R samples that are all uninformative (R = M + 1 by default; the
    simulation instance is outside Ω because q is undetermined there). If it read every sample it
    needed more than M. Otherwise place the informative sample at the position read least
    (by the fewest seeds) and compare the members q = +1 and q = −1: on the samples read they are
    identical, so each seed that did not read p outputs the same network on both, and the test
    solutions are more than 2·10^-(K−1) apart.
    """
    from sci_oracle.algorithms.base import RandomisedAlgorithm as _RA
    from sci_oracle.families.training import TrainingFamily, samples_read

    if not isinstance(family, TrainingFamily):
        raise InvalidArgument(f"family={family!r} is invalid: the sample adversary needs a TrainingFamily")
    M = check_int("M", M, min_value=0, max_value=10**5)
    R = M + 1 if R is None else check_int("R", R, min_value=M + 1, max_value=10**5)
    t0 = time.perf_counter()
    randomised = isinstance(algorithm, _RA)
    seeds: tuple[int | None, ...] = (None,)
    if isinstance(algorithm, _RA):
        if algorithm.seeds is None:
            raise InvalidArgument("algorithm is invalid: the sample adversary needs a finite seed set (seeds=...)")
        seeds = tuple(algorithm.seeds)

    def make(seed: int | None) -> Algorithm:
        if isinstance(algorithm, _RA):
            assert seed is not None  # every seed of a randomised algorithm is an int
            return algorithm.at(seed)
        return algorithm

    budget: dict[str, Any] = {"max_level": max_level, "max_queries": 10**6, "timeout": timeout}
    U = family.uninformative(R=R, n=n)
    sims = {s: run(make(s), HonestOracle(U.inputs, problem=U.info, **budget), convert=family.convert) for s in seeds}
    read_sets = {s: {int(a.query.name[1:]) for a in rec.transcript} for s, rec in sims.items()}
    counts = [sum(k in rs for rs in read_sets.values()) for k in range(R)]
    read = tuple(samples_read(rec.transcript) for rec in sims.values())

    def out(rec: Any) -> Any:
        ok = rec.outcome == OUTPUT and rec.output is not None
        return [number_to_json(v) for v in rec.output] if ok else None

    evidence: list[dict[str, Any]] = [
        {"seed": s, "simulation": {"output": out(rec), "transcript": rec.transcript.to_json()}, "members": None}
        for s, rec in sims.items()
    ]
    base: dict[str, Any] = {
        "n": n,
        "runs": evidence,
        "K": family.K,
        "M": M,
        "R": R,
        "family": family.spec(),
        "algorithm": algorithm_name(algorithm),
        "samples_read": read,
        "seeds": seeds if randomised else None,
    }
    D = family.K - 1
    if min(counts) == len(seeds):
        return SampleBarrier(
            REFUTED,
            f"read all R = {R} samples (> M = {M}) on every seed: K−1 digits took more than M",
            needs_more=True,
            seconds=time.perf_counter() - t0,
            **base,
        )
    p = min(range(R), key=lambda k: counts[k])
    members = [family.variant(n=n, q=q, R=R, p=p) for q in (1, -1)]
    kappa2 = Fraction(1, 10**D) ** 2
    fails = [0, 0]
    flags: list[tuple[bool, bool]] = []
    d2s: tuple[Number | None, ...] | None = None
    for s, ev in zip(seeds, evidence, strict=True):
        recs = [run(make(s), HonestOracle(m.inputs, problem=m.info, **budget), convert=family.convert) for m in members]
        ev["members"] = [{"output": out(rec), "transcript": rec.transcript.to_json()} for rec in recs]
        if p not in read_sets[s] and not (recs[0].transcript == recs[1].transcript == sims[s].transcript):
            return SampleBarrier(
                UNKNOWN,
                "not a general algorithm: identical samples gave different reads",
                p=p,
                seconds=time.perf_counter() - t0,
                **base,
            )
        flag = [False, False]
        for j, (m, rec) in enumerate(zip(members, recs, strict=True)):
            d2 = m.dist2(rec.output) if rec.outcome == OUTPUT and rec.output is not None else None
            if d2 is None or sign(d2 - kappa2) > 0:
                fails[j] += 1
            flag[j] = d2 is not None and sign(d2 - kappa2) > 0
            if not randomised:
                d2s = (d2s or ()) + (d2,)
        flags.append((flag[0], flag[1]))
    S = len(seeds)
    if max(read) > M:  # some seeds read more than M samples, yet not all R on every seed
        return SampleBarrier(
            UNKNOWN,
            f"some seeds read up to {max(read)} > M = {M} samples and others fewer: the algorithm is not in the "
            "class 'reads at most M samples', and did not read all R on every seed",
            p=p,
            failures=(fails[0], fails[1]),
            seconds=time.perf_counter() - t0,
            **base,
        )
    if 2 * max(fails) >= S:  # the worst sign fails with probability ≥ 1/2
        prob = (
            f"; P(fail | q=+1) = {Fraction(fails[0], S)}, P(fail | q=−1) = {Fraction(fails[1], S)} (exact)"
            if randomised
            else ""
        )
        msg = (
            f"with ≤ {max(read)} of R = {R} samples read, the informative sample at unread position p = {p} "
            f"decides q; the output fails K−1 = {D} digits for q = {'+1' if fails[0] >= fails[1] else '−1'}{prob}"
        )
        return SampleBarrier(
            REFUTED,
            msg,
            p=p,
            failures=(fails[0], fails[1]),
            dist2=d2s,
            output_fails=flags,
            seconds=time.perf_counter() - t0,
            **base,
        )
    return SampleBarrier(
        UNKNOWN,
        f"the worst sign fails on {max(fails)} of {S} seeds, fewer than half (seeds that read p = {p} may succeed)",
        p=p,
        failures=(fails[0], fails[1]),
        seconds=time.perf_counter() - t0,
        **base,
    )
