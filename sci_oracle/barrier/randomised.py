"""The randomised adversary of Theorem 1(a): the same seed runs on the limit input and both members
(a coupling), so P(fail member 1) + P(fail member 2) ≥ 1 for every general algorithm.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from sci_oracle.algorithms.base import OUTPUT, RandomisedAlgorithm, run
from sci_oracle.barrier.precision import adversary_runs, honest_oracle_for
from sci_oracle.barrier.statistics import clopper_pearson, interval_verdict
from sci_oracle.core.errors import InvalidArgument
from sci_oracle.core.exact import number_to_json, sign
from sci_oracle.core.report import REFUTED, UNKNOWN, environment
from sci_oracle.core.validation import check_int
from sci_oracle.families.base import PairFamily


@dataclass
class RandomisedBarrier:
    """Failure probabilities of a randomised algorithm on the two members of the chosen pair."""

    verdict: str
    message: str
    K: int
    family: dict[str, Any]
    algorithm: str
    n: int | None
    seeds: tuple[int, ...]
    failures: tuple[int, int]
    nh: int
    sampled: bool
    confidence: float | None = None
    interval: tuple[float, float] | None = None
    seconds: float = 0.0
    runs: list[dict[str, Any]] = field(default_factory=list, repr=False)  # per seed: both members' runs

    def claim(self) -> dict[str, Any]:
        """The claim "the worst member fails with probability ≥ 1/2" over the seed space (uniform on
        the listed seeds, or i.i.d. draws at ``confidence``), with the coupled runs as evidence
        (``sci-oracle-certificate/2``; checked by ``sci_oracle.kernel.claims.randomised``)."""
        from sci_oracle.core.report import CERTIFIED, INSTANCES

        seeds = list(self.seeds)
        space: dict[str, Any] = {"uniform": seeds}
        if self.sampled:
            space = {"sampled": seeds, "confidence": str(Fraction(str(self.confidence)))}
        statement = {
            "kind": "randomised",
            "family": self.family,
            "K": self.family.get("K"),
            "digits": self.K,
            "algorithm": self.algorithm,
            "n": self.n,
            "seeds": space,
        }
        complete = self.verdict == REFUTED and len(self.runs) == len(self.seeds) and self._shown()
        return {
            "name": "worst member fails with probability ≥ 1/2",
            "status": CERTIFIED if complete else UNKNOWN,
            "scope": INSTANCES,
            "statement": statement,
            "evidence": {"runs": self.runs} if complete else {},
        }

    def _shown(self) -> bool:
        """The runs alone show the worst member fails w.p. ≥ 1/2: at least half the seeds (uniform),
        or an exact one-sided binomial p-value ≤ (1 − confidence)/2 (sampled, two members)."""
        S, worst = len(self.seeds), max(self.failures)
        if not self.sampled:
            return 2 * worst >= S
        tail = Fraction(sum(math.comb(S, i) for i in range(worst, S + 1)), 2**S)
        return tail <= (1 - Fraction(str(self.confidence))) / 2

    @property
    def failure_probabilities(self) -> tuple[Fraction, Fraction]:
        S = len(self.seeds)
        return Fraction(self.failures[0], S), Fraction(self.failures[1], S)

    @property
    def worst(self) -> Fraction:
        return max(self.failure_probabilities)

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": "RandomisedBarrier",
            "verdict": self.verdict,
            "message": self.message,
            "K": self.K,
            "family": self.family,
            "algorithm": self.algorithm,
            "n": self.n,
            "seeds": list(self.seeds),
            "failures": list(self.failures),
            "nh": self.nh,
            "sampled": self.sampled,
            "failure_probabilities": [str(p) for p in self.failure_probabilities],
            "worst": str(self.worst),
            "confidence": self.confidence,
            "interval": self.interval,
            "environment": environment(),
        }


def find_barrier_randomised(
    algorithm: RandomisedAlgorithm,
    family: PairFamily,
    *,
    n_samples: int | None = None,
    seed: int = 0,
    confidence: float = 0.999,
    max_level: int | None = 4096,
    max_queries: int | None = 100_000,
    timeout: float | None = 60.0,
) -> RandomisedBarrier:
    """Couple the seeds over the limit and both members; count failures per member.

    Over a finite seed set the probabilities are exact and the worst member fails with
    probability ≥ 1/2 (every seed's one output fails on at least one member). A seed with no
    output on the limit (NH or error) fails on the limit itself; by convention it is counted as a
    failure on *both* members without running them, and the message says how many seeds that was
    (``nh``), since such a seed may well solve the members. With ``n_samples`` seeds drawn from
    ``numpy.random.default_rng(seed)`` the worst member's failure probability gets a Clopper–Pearson
    interval at ``confidence`` (default 0.999), and the verdict is ``refuted`` only when the whole
    interval lies at or above 1/2; otherwise ``unknown`` with the interval (docs/theory.md §5).
    """
    if not isinstance(algorithm, RandomisedAlgorithm):
        raise InvalidArgument(f"algorithm={algorithm!r} is invalid: expected a RandomisedAlgorithm")
    t0 = time.perf_counter()
    sampled = algorithm.seeds is None
    if sampled:
        if n_samples is None:
            raise InvalidArgument(
                "n_samples=None is invalid: the algorithm has no finite seed set, so pass n_samples >= 1"
            )
        n_samples = check_int("n_samples", n_samples, min_value=1, max_value=10**6)
        seeds = tuple(int(s) for s in np.random.default_rng(seed).integers(0, 2**62, n_samples))
    else:
        seeds = tuple(algorithm.seeds)  # type: ignore[arg-type]
    budget = {"max_level": max_level, "max_queries": max_queries, "timeout": timeout}
    lim = family.limit()
    limit_runs = {
        s: run(algorithm.at(s), honest_oracle_for(lim, family, budget), convert=family.convert) for s in seeds
    }
    halted = [r for r in limit_runs.values() if r.outcome == OUTPUT]
    nh = len(seeds) - len(halted)
    m_star = max((r.max_level for r in halted), default=-1)
    n = family.level_for(m_star)
    while True:  # the coupling: every seed is scored on the same pair n, the one its runs were served
        fails, raise_to, runs = [0, 0], None, []
        for s, rec0 in limit_runs.items():
            if rec0.outcome != OUTPUT:  # the convention: no output on the limit counts on both members
                fails[0] += 1
                fails[1] += 1
                continue
            n_s, _, recs = adversary_runs(algorithm.at(s), family, rec0, budget, n_min=n)
            if n_s != n:  # this seed needs a deeper pair: restart every seed there
                raise_to = n_s
                break
            for j, (member, rec) in enumerate(zip(family.pair(n), recs, strict=True)):
                if rec.outcome != OUTPUT or sign(member.dist2(rec.output) - family.kappa**2) > 0:
                    fails[j] += 1
            if all(rec.outcome == OUTPUT for rec in recs):  # evidence for the kernel
                members = [
                    {"output": [number_to_json(v) for v in r.output or ()], "transcript": r.transcript.to_json()}
                    for r in recs
                ]
                runs.append({"seed": s, "members": members})
        if raise_to is None:
            break
        n = raise_to
    S = len(seeds)
    worst = Fraction(max(fails), S)
    nh_note = f"; {nh} of these seeds gave no output on the limit and count as failing both members" if nh else ""
    interval = None
    if sampled:  # a sample fraction decides nothing by itself: the whole interval must lie on one side of 1/2
        interval = clopper_pearson(max(fails), S, confidence)
        cp = f"{confidence:.1%} Clopper–Pearson interval [{interval[0]:.4g}, {interval[1]:.4g}]"
        if Fraction(interval[0]) >= Fraction(1, 2):
            verdict = REFUTED
            msg = f"worst member fails with probability in the {cp}, at least 1/2 ({worst} of {S} sampled seeds, n={n})"
        elif interval_verdict(interval) == "below":
            verdict = UNKNOWN
            msg = f"the worst member's {cp} lies below 1/2 ({worst} of {S} sampled seeds): this contradicts the lemma"
        else:
            verdict = UNKNOWN
            msg = (
                f"the worst member fails on {worst} of {S} sampled seeds (n={n}), but the {cp} contains "
                "values below 1/2: undecided at this confidence (sample more seeds)"
            )
        msg += nh_note
    elif 2 * max(fails) >= S:
        verdict = REFUTED
        msg = f"worst member fails with probability {worst} ≥ 1/2 over {S} coupled seeds (n={n}, exact){nh_note}"
    else:
        verdict = UNKNOWN
        msg = f"worst member fails with probability {worst} < 1/2: this contradicts the lemma"
    return RandomisedBarrier(
        verdict,
        msg,
        family.K,
        family.spec(),
        algorithm.name,
        n,
        seeds,
        (fails[0], fails[1]),
        nh,
        sampled,
        confidence if sampled else None,
        interval,
        time.perf_counter() - t0,
        runs,
    )


# --------------------------------------------------------------------------- positive side
