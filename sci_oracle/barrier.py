"""The adversary of Theorem 1(a), run rather than asserted, and its certificates.

The key lemma (PNAS 2022 SI; Bastounis–Hansen–Vlačić Prop 10.5; research brief
``sci-oracle-model.md`` §2): if inputs ι¹_n, ι²_n agree with a limit input ι⁰ at every level ≤ n
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

import json
import time
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Sequence

import mpmath
import numpy as np

from ._validation import check_int
from .algorithms.base import OUTPUT, Algorithm, RandomisedAlgorithm, RunRecord, algorithm_name, run
from .errors import InvalidArgument, NotIndistinguishable
from .exact import Number, approx, correct_digits, number_to_json, precision, sign, vector_from_json
from .families.base import PairFamily, family_from_spec
from .families.pnas import Instance
from .oracle import AdversarialOracle, HonestOracle, ReplayOracle, Transcript, is_valid_answer
from .report import CERTIFIED, REFUTED, UNKNOWN, environment

__all__ = [
    "BarrierCertificate",
    "RandomisedBarrier",
    "find_barrier",
    "find_barrier_randomised",
    "accuracy",
    "clopper_pearson",
    "sample_barrier",
    "SampleBarrier",
]


@dataclass
class BarrierCertificate:
    """The outcome of the adversary on one deterministic algorithm.

    ``verdict`` is about the claim "the algorithm is correct to K digits on the family":
    ``refuted`` with a witness (the member it fails on, the transcripts, the exact distances),
    or ``unknown`` with the reason (e.g. NH on the limit within the budget).
    """

    verdict: str
    message: str
    K: int
    family: dict[str, Any]
    algorithm: str
    levels_read: int
    n: int | None = None
    hidden_level: int | None = None
    transcripts: dict[str, Transcript] = field(default_factory=dict)
    output: tuple[Number, ...] | None = None
    dist2: tuple[Number, Number] | None = None
    failing_member: int | None = None
    digits: tuple[int, int] | None = None
    seed: int | None = None
    seconds: float = 0.0

    def __repr__(self) -> str:
        return f"BarrierCertificate(message={self.message!r}, verdict={self.verdict!r}, K={self.K}, n={self.n})"

    @property
    def kappa(self) -> Fraction:
        """The accuracy threshold 10^-K tested (K = digits tested)."""
        return Fraction(1, 10**self.K)

    def verify(self) -> bool:
        """Re-check the witness from its data alone (no algorithm): rebuild the members, check every
        served answer is legal for both, the three transcripts agree, and the distance exceeds κ."""
        if self.verdict != REFUTED or self.output is None or self.n is None or self.failing_member not in (1, 2):
            return False
        if not {"limit", "member1", "member2"} <= set(self.transcripts):
            return False
        fam = family_from_spec(self.family)
        members = fam.pair(self.n)
        lim = self.transcripts["limit"]
        for j, member in enumerate(members, 1):
            tr = self.transcripts[f"member{j}"]
            if tr != lim:
                return False
            inputs = member.inputs
            for ans in tr:
                if ans.query.name not in inputs or not is_valid_answer(inputs[ans.query.name], ans.query, ans.value, fam.mode):
                    return False
        d2 = members[self.failing_member - 1].dist2(self.output)
        return sign(d2 - self.kappa**2) > 0

    def replay(self, algorithm: Algorithm) -> bool:
        """Rerun ``algorithm`` on the recorded limit transcript; True iff it reproduces the output."""
        fam = family_from_spec(self.family)
        lim = fam.limit()
        oracle = ReplayOracle(self.transcripts["limit"], {k: v.shape for k, v in lim.inputs.items()}, problem=fam.info,
                              mode=fam.mode)
        rec = run(algorithm, oracle, convert=fam.convert)
        return rec.outcome == OUTPUT and rec.output == self.output and oracle.exhausted

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": "BarrierCertificate",
            "verdict": self.verdict,
            "message": self.message,
            "K": self.K,
            "family": self.family,
            "algorithm": self.algorithm,
            "levels_read": self.levels_read,
            "n": self.n,
            "hidden_level": self.hidden_level,
            "output": None if self.output is None else [number_to_json(v) for v in self.output],
            "failing_member": self.failing_member,
            "distances": None if self.dist2 is None else [approx(d, 12) for d in self.dist2],
            "digits": self.digits,
            "seed": self.seed,
            "transcripts": {k: v.to_json() for k, v in self.transcripts.items()},
            "environment": environment(),
            "seconds": round(self.seconds, 4),
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> "BarrierCertificate":
        fam = family_from_spec(d["family"])
        out = None if d["output"] is None else vector_from_json(d["output"])
        dist2 = None
        if out is not None and d["n"] is not None:
            dist2 = tuple(m.dist2(out) for m in fam.pair(d["n"]))
        return cls(
            d["verdict"], d["message"], d["K"], d["family"], d["algorithm"], d["levels_read"], d["n"],
            d["hidden_level"], {k: Transcript.from_json(v) for k, v in d["transcripts"].items()}, out, dist2,
            d["failing_member"], tuple(d["digits"]) if d["digits"] else None, d.get("seed"),
        )

    def dumps(self) -> str:
        return json.dumps(self.to_json(), indent=1)


def _oracle_for(instance: Instance, fam: PairFamily, budget: dict[str, Any], **kw: Any) -> HonestOracle:
    return HonestOracle(instance.inputs, problem=fam.info, mode=fam.mode, **budget, **kw)


def _adversary_runs(
    alg: Algorithm, fam: PairFamily, rec0: RunRecord, budget: dict[str, Any], n_min: int = 1
) -> tuple[int, int, list[RunRecord]]:
    """Steps 2–3: choose n after the limit run, replay the limit's transcript to both members."""
    n = max(fam.level_for(rec0.max_level), n_min)
    for _ in range(64):  # a non-nearest decoy rounding may need a few more levels
        h = fam.agreement_level(n)
        try:
            recs = []
            for member in fam.pair(n):
                oracle = AdversarialOracle(member.inputs, fam.limit().inputs, h, decoy_transcript=rec0.transcript,
                                           problem=fam.info, mode=fam.mode, **budget)
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
    budget = {"max_level": max_level, "max_queries": max_queries, "timeout": timeout}
    name = algorithm_name(algorithm)
    base = dict(K=D, family=family.spec(), algorithm=name, seed=seed)
    rec0 = run(algorithm, _oracle_for(family.limit(), family, budget, rounding=rounding, seed=seed),
               convert=family.convert)
    if rec0.outcome != OUTPUT:
        return BarrierCertificate(UNKNOWN, f"no output on the limit input: {rec0.reason}", levels_read=rec0.max_level,
                                  transcripts={"limit": rec0.transcript}, seconds=time.perf_counter() - t0, **base)
    n, h, (r1, r2) = _adversary_runs(algorithm, family, rec0, budget)
    trs = {"limit": rec0.transcript, "member1": r1.transcript, "member2": r2.transcript}
    common = dict(levels_read=rec0.max_level, n=n, hidden_level=h, transcripts=trs, **base)
    if not (r1.outcome == r2.outcome == OUTPUT and r1.output == r2.output == rec0.output and
            r1.transcript == rec0.transcript == r2.transcript):
        why = r1.reason or r2.reason or "transcripts or outputs differ on identical answers"
        return BarrierCertificate(UNKNOWN, f"not a general algorithm (hidden state or global RNG?): {why}",
                                  output=rec0.output, seconds=time.perf_counter() - t0, **common)
    d2 = tuple(m.dist2(rec0.output) for m in family.pair(n))
    fail = 1 if sign(d2[0] - d2[1]) >= 0 else 2
    digits = tuple(correct_digits(d) for d in d2)
    if sign(d2[fail - 1] - kappa2) > 0:
        read = f"read levels ≤ {rec0.max_level}" if rec0.max_level >= 0 else "read nothing"
        msg = (f"fails K={D} digits on member {fail} (n={n}): dist = {_dist_str(d2[fail - 1])}"
               f" > 10^-{D}; {read}, indistinguishable up to {h}")
        verdict = REFUTED
    else:  # impossible for D = K (separation > 2·10^-K); expected for D < K
        msg = f"no failure found: the output is within 10^-{D} of both members (n={n})"
        verdict = UNKNOWN
    return BarrierCertificate(verdict, msg, output=rec0.output, dist2=d2, failing_member=fail, digits=digits,  # type: ignore[arg-type]
                              seconds=time.perf_counter() - t0, **common)


def _dist_str(d2: Number) -> str:
    with precision(64):
        return mpmath.nstr(mpmath.sqrt(mpmath.mpf(approx(d2, 20))), 6)


# --------------------------------------------------------------------------- randomised
def clopper_pearson(k: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """Exact (Clopper–Pearson) two-sided interval for a binomial proportion k/n."""
    k, n = check_int("k", k, min_value=0), check_int("n", n, min_value=1)
    if k > n:
        raise InvalidArgument(f"k={k} is invalid: k must be in [0, n={n}]")
    if not 0 < confidence < 1:
        raise InvalidArgument(f"confidence={confidence!r} is invalid: it must be in (0, 1)")
    alpha = 1 - confidence
    with precision(80):
        def quantile(q: float, a: int, b: int, outer: str) -> float:
            """Beta(a, b) quantile by bisection (the CDF is monotone), returning the end of the final
            bracket that widens the interval (``outer`` = 'lo' or 'hi')."""
            lo_, hi_ = mpmath.mpf(0), mpmath.mpf(1)
            for _ in range(60):
                mid = (lo_ + hi_) / 2
                if mpmath.betainc(a, b, 0, mid, regularized=True) < q:
                    lo_ = mid
                else:
                    hi_ = mid
            return float(lo_ if outer == "lo" else hi_)
        lo = 0.0 if k == 0 else quantile(alpha / 2, k, n - k + 1, "lo")
        hi = 1.0 if k == n else quantile(1 - alpha / 2, k + 1, n - k, "hi")
    return lo, hi


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

    @property
    def failure_probabilities(self) -> tuple[Fraction, Fraction]:
        S = len(self.seeds)
        return Fraction(self.failures[0], S), Fraction(self.failures[1], S)

    @property
    def worst(self) -> Fraction:
        return max(self.failure_probabilities)

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": "RandomisedBarrier", "verdict": self.verdict, "message": self.message, "K": self.K,
            "family": self.family, "algorithm": self.algorithm, "n": self.n, "seeds": list(self.seeds),
            "failures": list(self.failures), "nh": self.nh, "sampled": self.sampled,
            "failure_probabilities": [str(p) for p in self.failure_probabilities], "worst": str(self.worst),
            "confidence": self.confidence, "interval": self.interval, "environment": environment(),
        }


def find_barrier_randomised(
    algorithm: RandomisedAlgorithm,
    family: PairFamily,
    *,
    n_samples: int | None = None,
    seed: int = 0,
    confidence: float = 0.95,
    max_level: int | None = 4096,
    max_queries: int | None = 100_000,
    timeout: float | None = 60.0,
) -> RandomisedBarrier:
    """Couple the seeds over the limit and both members; count failures per member.

    Over a finite seed set the probabilities are exact and the worst member fails with
    probability ≥ 1/2 (every seed's one output fails on at least one member). A seed with no
    output on the limit (NH or error) fails on the limit itself; by convention it is counted as a
    failure on *both* members without running them, and the message says how many seeds that was
    (``nh``), since such a seed may well solve the members. With
    ``n_samples`` seeds drawn from ``numpy.random.default_rng(seed)``, the worst member's failure
    probability also gets a Clopper–Pearson interval at ``confidence``.
    """
    if not isinstance(algorithm, RandomisedAlgorithm):
        raise InvalidArgument(f"algorithm={algorithm!r} is invalid: expected a RandomisedAlgorithm")
    t0 = time.perf_counter()
    sampled = algorithm.seeds is None
    if sampled:
        if n_samples is None:
            raise InvalidArgument("n_samples=None is invalid: the algorithm has no finite seed set, so pass n_samples >= 1")
        n_samples = check_int("n_samples", n_samples, min_value=1, max_value=10**6)
        seeds = tuple(int(s) for s in np.random.default_rng(seed).integers(0, 2**62, n_samples))
    else:
        seeds = tuple(algorithm.seeds)  # type: ignore[arg-type]
    budget = {"max_level": max_level, "max_queries": max_queries, "timeout": timeout}
    lim = family.limit()
    limit_runs = {s: run(algorithm.at(s), _oracle_for(lim, family, budget), convert=family.convert) for s in seeds}
    halted = [r for r in limit_runs.values() if r.outcome == OUTPUT]
    nh = len(seeds) - len(halted)
    m_star = max((r.max_level for r in halted), default=-1)
    n = family.level_for(m_star)
    while True:  # the coupling: every seed is scored on the same pair n, the one its runs were served
        fails, raise_to = [0, 0], None
        for s, rec0 in limit_runs.items():
            if rec0.outcome != OUTPUT:  # the convention: no output on the limit counts on both members
                fails[0] += 1
                fails[1] += 1
                continue
            n_s, _, recs = _adversary_runs(algorithm.at(s), family, rec0, budget, n_min=n)
            if n_s != n:  # this seed needs a deeper pair: restart every seed there
                raise_to = n_s
                break
            for j, (member, rec) in enumerate(zip(family.pair(n), recs)):
                if rec.outcome != OUTPUT or sign(member.dist2(rec.output) - family.kappa**2) > 0:
                    fails[j] += 1
        if raise_to is None:
            break
        n = raise_to
    S = len(seeds)
    worst = Fraction(max(fails), S)
    interval = clopper_pearson(max(fails), S, confidence) if sampled else None
    if 2 * max(fails) >= S:
        verdict = REFUTED
        msg = f"worst member fails with probability {worst} ≥ 1/2 over {S} coupled seeds (n={n})"
        if nh:
            msg += f"; {nh} of these seeds gave no output on the limit and count as failing both members"
        if sampled:
            msg += f"; {int(confidence * 100)}% Clopper–Pearson interval [{interval[0]:.3f}, {interval[1]:.3f}]"  # type: ignore[index]
    else:
        verdict = UNKNOWN
        msg = f"worst member fails with probability {worst} < 1/2: this contradicts the lemma"
    return RandomisedBarrier(verdict, msg, family.K, family.spec(), algorithm.name, n, seeds, (fails[0], fails[1]),
                             nh, sampled, confidence if sampled else None, interval, time.perf_counter() - t0)


# --------------------------------------------------------------------------- positive side
@dataclass
class AccuracyVerdict:
    status: str
    message: str
    digits: int
    dist2: list[Number]
    records: list[RunRecord]


def accuracy(algorithm: Algorithm, instances: Sequence[Instance], digits: int, *, budget: dict[str, Any] | None = None) -> AccuracyVerdict:
    """Certify that ``algorithm`` is within 10^-digits of Ξ on every instance (honest oracles),
    or refute it with the instance where it is not. Exact distances throughout."""
    digits = check_int("digits", digits, min_value=-10, max_value=100_000)
    kappa2 = Fraction(1, 10**digits) ** 2 if digits >= 0 else Fraction(10 ** (-digits)) ** 2
    budget = budget or {"max_level": 4096, "max_queries": 100_000, "timeout": 60.0}
    d2s, recs = [], []
    for inst in instances:
        info = inst.info
        oracle = HonestOracle(inst.inputs, problem=info, mode=getattr(inst, "mode", "entrywise"), **budget)
        rec = run(algorithm, oracle, N=info.N if info else None,
                  convert=getattr(inst, "convert", None))
        recs.append(rec)
        if rec.outcome != OUTPUT:
            return AccuracyVerdict(UNKNOWN, f"{inst.label}: {rec.reason}", digits, d2s, recs)
        d2 = inst.dist2(rec.output)
        d2s.append(d2)
        if sign(d2 - kappa2) > 0:
            return AccuracyVerdict(REFUTED, f"{inst.label}: dist = {_dist_str(d2)} > 10^-{digits}", digits, d2s, recs)
    worst = max((_dist_str(d) for d in d2s), key=float, default="0")
    return AccuracyVerdict(CERTIFIED, f"within 10^-{digits} on all {len(instances)} instances (worst dist {worst})",
                           digits, d2s, recs)


# --------------------------------------------------------------------------- sample complexity (part (b))
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
    dist2: tuple[Number, Number] | None = None
    seconds: float = 0.0

    @property
    def failure_probabilities(self) -> tuple[Fraction, Fraction] | None:
        if self.failures is None:
            return None
        S = len(self.seeds or (0,))
        return Fraction(self.failures[0], S), Fraction(self.failures[1], S)

    def to_json(self) -> dict[str, Any]:
        return {"kind": "SampleBarrier", "verdict": self.verdict, "message": self.message, "digits": self.K - 1,
                "M": self.M, "R": self.R, "family": self.family, "algorithm": self.algorithm,
                "samples_read": list(self.samples_read), "needs_more": self.needs_more, "p": self.p,
                "failures": self.failures, "seeds": self.seeds,
                "distances": None if self.dist2 is None else [approx(d, 12) for d in self.dist2]}


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
    from .algorithms.base import RandomisedAlgorithm as _RA
    from .families.training import TrainingFamily, samples_read

    if not isinstance(family, TrainingFamily):
        raise InvalidArgument(f"family={family!r} is invalid: the sample adversary needs a TrainingFamily")
    M = check_int("M", M, min_value=0, max_value=10**5)
    R = M + 1 if R is None else check_int("R", R, min_value=M + 1, max_value=10**5)
    t0 = time.perf_counter()
    randomised = isinstance(algorithm, _RA)
    if randomised and algorithm.seeds is None:  # type: ignore[union-attr]
        raise InvalidArgument("algorithm is invalid: the sample adversary needs a finite seed set (seeds=...)")
    seeds = tuple(algorithm.seeds) if randomised else (None,)  # type: ignore[union-attr]
    make = (lambda s: algorithm.at(s)) if randomised else (lambda s: algorithm)  # type: ignore[union-attr]
    budget = {"max_level": max_level, "max_queries": 10**6, "timeout": timeout}
    U = family.uninformative(R=R, n=n)
    sims = {s: run(make(s), HonestOracle(U.inputs, problem=U.info, **budget), convert=family.convert) for s in seeds}
    read_sets = {s: {int(a.query.name[1:]) for a in rec.transcript} for s, rec in sims.items()}
    counts = [sum(k in rs for rs in read_sets.values()) for k in range(R)]
    read = tuple(samples_read(rec.transcript) for rec in sims.values())
    base = dict(K=family.K, M=M, R=R, family=family.spec(), algorithm=algorithm_name(algorithm),
                samples_read=read, seeds=seeds if randomised else None)
    D = family.K - 1
    if min(counts) == len(seeds):
        return SampleBarrier(REFUTED, f"read all R = {R} samples (> M = {M}) on every seed: K−1 digits took more than M",
                             needs_more=True, seconds=time.perf_counter() - t0, **base)
    p = min(range(R), key=lambda k: counts[k])
    members = [family.variant(n=n, q=q, R=R, p=p) for q in (1, -1)]
    kappa2 = Fraction(1, 10**D) ** 2
    fails, d2s = [0, 0], None
    for s in seeds:
        recs = [run(make(s), HonestOracle(m.inputs, problem=m.info, **budget), convert=family.convert) for m in members]
        if p not in read_sets[s] and not (recs[0].transcript == recs[1].transcript == sims[s].transcript):
            return SampleBarrier(UNKNOWN, "not a general algorithm: identical samples gave different reads",
                                 p=p, seconds=time.perf_counter() - t0, **base)
        for j, (m, rec) in enumerate(zip(members, recs)):
            d2 = m.dist2(rec.output) if rec.outcome == OUTPUT else None
            if d2 is None or sign(d2 - kappa2) > 0:
                fails[j] += 1
            if not randomised:
                d2s = (d2s or ()) + (d2,)
    S = len(seeds)
    unread = S - counts[p]
    if sum(fails) >= unread and max(fails) > 0:
        prob = f"; P(fail | q=+1) = {Fraction(fails[0], S)}, P(fail | q=−1) = {Fraction(fails[1], S)} (exact)" if randomised else ""
        msg = (f"with ≤ {max(read)} of R = {R} samples read, the informative sample at unread position p = {p} "
               f"decides q; the output fails K−1 = {D} digits for q = {'+1' if fails[0] >= fails[1] else '−1'}{prob}")
        return SampleBarrier(REFUTED, msg, p=p, failures=(fails[0], fails[1]), dist2=d2s,  # type: ignore[arg-type]
                             seconds=time.perf_counter() - t0, **base)
    return SampleBarrier(UNKNOWN, "no failure found: this contradicts the separation of the q = ±1 members",
                         p=p, failures=(fails[0], fails[1]), seconds=time.perf_counter() - t0, **base)
