"""Property-test a proposed algorithm against the barrier of PNAS 2022 Theorem 1: :func:`check`.

Colbrook–Antun–Hansen, "The difficulty of computing stable and accurate neural networks", PNAS
119(12) e2107151119 (2022), Theorem 1: on the adversarial family at K digits,

- (a) no algorithm, even randomised, is correct to K digits with probability > 1/2;
- (b), (c) K−1 and K−2 digits can be reached (by some algorithm).

:func:`check` runs *your* algorithm through the adversary and returns a :class:`CheckReport` whose
claims "correct to D digits on the family, with probability > 1/2 on every member" for
D = K, K−1, K−2 are each tri-state: ``refuted`` with replayable witnesses, ``certified`` (on
the declared instances, listed with their exact distances), or ``unknown`` with the reason.
The instances are the limit ι⁰, the pairs (ι¹_n, ι²_n) for each declared n, and the pair the
adversary picked *after* seeing how deep the algorithm read. Every distance is exact
(rationals and quadratic surds); floats appear only in displayed approximations.

Randomised algorithms: the same seed runs on the limit and both members (coupling); failure
probabilities are exact fractions over a finite seed set, with Clopper–Pearson intervals for
sampled seeds. Trials run over any ``concurrent.futures.Executor`` (a spawn process pool by
default; a Dask ``client.get_executor()`` works too). By default the algorithm runs isolated in a
child process (:mod:`sci_oracle.harness.isolation`).

>>> from sci_oracle.algorithms.builtin import Midpoint
>>> report = check(Midpoint(30), "ulasso", K=3, isolated=False)
>>> report.verdict, report.digits_reached
('refuted', 2)
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any

import numpy as np

from sci_oracle.algorithms.base import ERROR, NH, OUTPUT, RandomisedAlgorithm, RunRecord, algorithm_name
from sci_oracle.barrier import BarrierCertificate, clopper_pearson
from sci_oracle.barrier.certificate import format_distance
from sci_oracle.core.errors import ContractError, InvalidArgument, Undecided
from sci_oracle.core.exact import correct_digits, number_to_json, sign
from sci_oracle.core.oracle import Transcript
from sci_oracle.core.report import (
    CERTIFIED,
    INSTANCES,
    REFUTED,
    RUN_REPORT_FORMAT,
    UNKNOWN,
    Claim,
    certificate_document,
    environment,
    json_text,
    style_status,
)
from sci_oracle.core.text import sanitise
from sci_oracle.core.validation import check_int
from sci_oracle.families.base import PairFamily, family_from_spec
from sci_oracle.harness.isolation import AlgorithmPayload
from sci_oracle.harness.outputs import deciding, decode_output
from sci_oracle.harness.specs import AlgorithmSpec
from sci_oracle.harness.trials import (
    InlineExecutor,
    as_record,
    certificate_from_json,
    load_meta,
    run_trials,
    sandbox_info,
)
from sci_oracle.pnas.step import plural

__all__ = [
    "DEFAULT_MEMBERS",
    "ERROR_VERDICT",
    "CheckInterrupted",
    "CheckReport",
    "MemberResult",
    "RunWitness",
    "check",
    "samples_read",
]

ERROR_VERDICT = "error"  # the algorithm broke its contract: misuse, not a mathematical verdict

DEFAULT_MEMBERS = (4, 16, 64)
REPORT_VERSION = 1


# --------------------------------------------------------------------------- witnesses
@dataclass
class RunWitness:
    """One run on one exact instance, re-checkable from its data alone.

    :meth:`verify` rebuilds the instance from the family spec, checks that every recorded answer
    is a legal oracle answer for it (exactly), and that the output is more than 10^-digits from
    its solution set (exactly). So a refutation does not rest on trusting the harness's run.
    """

    family: dict[str, Any]
    j: int | None
    n: int | None
    seed: int | None
    digits: int
    transcript: Transcript
    output: tuple[Any, ...]

    def instance(self) -> Any:
        fam = family_from_spec(self.family)
        return fam.limit() if self.j is None else fam.member(self.j, self.n)

    def verify(self) -> bool:
        """Re-check by the independent kernel on this witness's own certificate."""
        from sci_oracle.kernel import MalformedCertificate
        from sci_oracle.kernel import verify as kernel_verify

        try:
            return kernel_verify(self.certificate()).accepted
        except MalformedCertificate:
            return False

    def claim(self, algorithm: str = "?") -> dict[str, Any]:
        """The claim "``algorithm`` is correct to ``digits`` digits on this instance", refuted by the run
        (``sci-oracle-certificate/2``)."""
        statement = {
            "kind": "run",
            "family": self.family,
            "K": self.family.get("K"),
            "digits": self.digits,
            "algorithm": algorithm,
            "instance": None if self.j is None else {"j": self.j, "n": self.n},
            "seed": self.seed,
        }
        where = "the limit" if self.j is None else f"member {self.j} (n={self.n})"
        return {
            "name": f"run fails {self.digits} digits on {where}",
            "status": REFUTED,
            "scope": INSTANCES,
            "statement": statement,
            "evidence": self.evidence(),
        }

    def evidence(self) -> dict[str, Any]:
        return {"output": [number_to_json(v) for v in self.output], "transcript": self.transcript.to_json()}

    def certificate(self, algorithm: str = "?") -> dict[str, Any]:
        """A one-claim ``sci-oracle-certificate/2`` document."""
        return certificate_document("run", [self.claim(algorithm)])

    def to_json(self) -> dict[str, Any]:
        """The witness's record (for :meth:`from_json`); :meth:`certificate` is the certificate."""
        return {
            "kind": "RunWitness",
            "family": self.family,
            "j": self.j,
            "n": self.n,
            "seed": self.seed,
            "digits": self.digits,
            "output": [number_to_json(v) for v in self.output],
            "transcript": self.transcript.to_json(),
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> RunWitness:
        return cls(
            d["family"],
            d["j"],
            d["n"],
            d["seed"],
            int(d["digits"]),
            Transcript.from_json(d["transcript"]),
            decode_output(d["output"]),  # capped: a witness file's radical tower cannot stall replay
        )


# --------------------------------------------------------------------------- results per instance
@dataclass
class MemberResult:
    """The runs (one per seed) on one instance, with exact squared distances to its solutions."""

    label: str
    j: int | None
    n: int | None
    adversarial: bool
    seeds: list[int | None] = field(default_factory=list)
    records: list[RunRecord] = field(default_factory=list)
    dist2: list[Any] = field(default_factory=list)
    _fails: dict[int, list[int]] = field(default_factory=dict, repr=False, compare=False)
    _digits: list[int | None] | None = field(default=None, repr=False, compare=False)
    _exact: bool | None = field(default=None, repr=False, compare=False)

    def add(self, seed: int | None, rec: RunRecord, instance: Any, dist2: Any = None) -> None:
        self._fails.clear()
        self._digits = self._exact = None
        self.seeds.append(seed)
        self.records.append(rec)
        if dist2 is None and rec.outcome == OUTPUT:
            dist2 = instance.dist2(rec.output)
        self.dist2.append(dist2 if rec.outcome == OUTPUT else None)

    def fails(self, D: int) -> list[int]:
        """Indices of runs that fail D digits: an error, or an output farther than 10^-D."""
        if D not in self._fails:
            k2 = Fraction(1, 10**D) ** 2
            self._fails[D] = [
                i
                for i, (r, d) in enumerate(zip(self.records, self.dist2, strict=True))
                if r.outcome == ERROR or (d is not None and sign(d - k2) > 0)
            ]
        return self._fails[D]

    def undecided(self) -> int:
        return sum(r.outcome == NH for r in self.records)

    @property
    def digits(self) -> list[int | None]:
        if self._digits is None:  # cached: check() computes it under its decision clock
            self._digits = [None if d is None else correct_digits(d, max_digits=10_000) for d in self.dist2]
        return self._digits

    def exact(self) -> bool:
        """Every run has an output at distance exactly 0 (cached, like :attr:`digits`)."""
        if self._exact is None:
            self._exact = bool(self.dist2) and all(d is not None and sign(d) == 0 for d in self.dist2)
        return self._exact

    def to_json(self, K: int) -> dict[str, Any]:
        digits = self.digits
        known = [d for d in digits if d is not None]
        return {
            "label": self.label,
            "j": self.j,
            "n": self.n,
            "adversarial": self.adversarial,
            "runs": len(self.records),
            "outcomes": {o: sum(r.outcome == o for r in self.records) for o in (OUTPUT, NH, ERROR)},
            "digits": digits[0] if len(digits) == 1 else None,
            "digits_min": min(known, default=None),
            "digits_max": max(known, default=None),
            "failures": {str(D): len(self.fails(D)) for D in (K, K - 1, K - 2)},
            "levels_read": max((r.max_level for r in self.records), default=-1),
            "distance": None if len(self.dist2) != 1 or self.dist2[0] is None else format_distance(self.dist2[0]),
            "dist2": None if len(self.dist2) != 1 or self.dist2[0] is None else number_to_json(self.dist2[0]),
            "reasons": sorted({sanitise(r.reason) for r in self.records if r.reason})[:3],
        }


# --------------------------------------------------------------------------- the report
@dataclass
class CheckReport:
    """What :func:`check` found. Like SciPy's ``OptimizeResult``, the repr leads with
    ``message`` and ``verdict`` (the status of the K-digit claim, normally ``refuted``).

    ``claims`` maps D ∈ {K, K−1, K−2} to a :class:`~sci_oracle.core.report.Claim` ("correct to D
    digits with probability > 1/2 on every instance"); ``digits_reached`` is the largest
    certified D (or None); ``failure_probability`` gives, per D, the worst instance's exact
    failure fraction (with a Clopper–Pearson interval when seeds were sampled); ``members`` the
    correct digits per instance; ``witness`` the :class:`BarrierCertificate` (deterministic
    algorithms; verify it from JSON with ``BarrierCertificate.from_json(d).verify()``).
    """

    message: str
    verdict: str
    K: int
    digits_reached: int | None
    claims: dict[int, Claim]
    algorithm: str
    family: dict[str, Any]
    randomised: bool
    seeds: tuple[Any, ...]
    sampled: bool
    failure_probability: dict[int, dict[str, Any]]
    members: list[MemberResult]
    levels_read: int
    samples_read: dict[str, Any]
    isolated: bool
    witness: BarrierCertificate | None = None
    seconds: float = 0.0
    settings: dict[str, Any] = field(default_factory=dict)
    isolation: dict[str, Any] = field(default_factory=dict)
    algorithm_output: str = ""
    contract: str | None = None  # why the run broke the algorithm contract (verdict "error"), or None
    traceback: str = ""  # the user's frames where the algorithm raised (from the sandbox), sanitised
    interrupted: bool = False  # Ctrl-C: a partial report, no claim judged

    def __repr__(self) -> str:
        return (
            f"CheckReport(message={self.message!r}, verdict={self.verdict!r}, K={self.K}, "
            f"digits_reached={self.digits_reached}, levels_read={self.levels_read})"
        )

    @property
    def precision(self) -> dict[str, Any]:
        return {
            "deepest_level_read": self.levels_read,
            "input_bits": max(self.levels_read, 0),
            "meaning": "an answer at level n is within 2^-n of the exact input (entrywise, or ‖·‖₂ in normwise mode)",
            "verdict_arithmetic": "exact: rationals and quadratic surds (sci_oracle.core.exact); no floating point",
        }

    def witnesses(self) -> list[RunWitness]:
        """Every run witness attached to a refuted claim."""
        return [RunWitness.from_json(w) for c in self.claims.values() for w in c.data.get("witnesses", [])]

    def verify(self) -> bool:
        """Re-check the report from data alone by the independent kernel on its own certificate:
        every claim (refutations and certified accuracies) and the verdict. True iff the kernel
        accepts it and at least one refutation exists."""
        from sci_oracle.kernel import MalformedCertificate
        from sci_oracle.kernel import verify as kernel_verify

        try:
            ok = kernel_verify(self.certificate()).accepted
        except MalformedCertificate:
            return False
        return ok and any(c.status == REFUTED for c in self.claims.values())

    def space(self) -> Any:
        """The probability space of the claims: null (deterministic), uniform on the seeds, or the
        sampled seeds with their confidence."""
        if self.seeds == (None,):
            return None
        if self.sampled:
            return {
                "sampled": list(self.seeds),
                "confidence": str(Fraction(str(self.settings.get("confidence", 0.999)))),
            }
        return {"uniform": list(self.seeds)}

    def certificate_claims(self) -> list[dict[str, Any]]:
        """The claims D = K, K−1, K−2 with statement and evidence (``sci-oracle-certificate/2``)."""
        rows = [None if m.j is None else {"j": m.j, "n": m.n} for m in self.members]
        out = []
        for D, c in sorted(self.claims.items(), reverse=True):
            statement = {
                "kind": "accuracy",
                "family": self.family,
                "K": self.K,
                "digits": D,
                "algorithm": self.algorithm,
                "seeds": self.space(),
                "instances": rows,
            }
            evidence: dict[str, Any] = {}
            if c.status == REFUTED and c.data.get("certificate") == "witness" and self.witness is not None:
                evidence = {"barrier": self.witness.evidence()}
            elif c.status == REFUTED:
                ws = [RunWitness.from_json(w) for w in c.data.get("witnesses", [])]
                evidence = {
                    "witnesses": [
                        {"instance": w.claim()["statement"]["instance"], "seed": w.seed, **w.evidence()} for w in ws
                    ]
                }
            elif c.status == CERTIFIED:
                evidence = {
                    "runs": [
                        {
                            "row": i,
                            "seed": seed,
                            "outcome": rec.outcome.lower(),
                            "output": None if rec.output is None else [number_to_json(v) for v in rec.output],
                            "transcript": rec.transcript.to_json(),
                        }
                        for i, m in enumerate(self.members)
                        for seed, rec in zip(m.seeds, m.records, strict=True)
                    ]
                }
            out.append({**c.to_dict(), "statement": statement, "evidence": evidence})
        return out

    def certificate(self, extra: list[dict[str, Any]] | None = None) -> dict[str, Any]:
        """The ``sci-oracle-certificate/2`` document: the three accuracy claims (and ``extra`` claims,
        e.g. the sample adversary's), with ``K``, ``verdict`` and ``digits_reached``, which the kernel
        recomputes. A contract error leaves every claim unknown, so the verdict there is unknown."""
        claims = self.certificate_claims()
        status = {D: c.status for D, c in self.claims.items()}
        reached = next((D for D in (self.K, self.K - 1, self.K - 2) if status[D] == CERTIFIED), None)
        return certificate_document(
            "check", [*claims, *(extra or [])], K=self.K, verdict=status[self.K], digits_reached=reached
        )

    def dumps(self) -> str:
        """The certificate as JSON text (what ``sci-oracle check --json`` writes)."""
        return json_text(self.certificate())

    def to_json(self) -> dict[str, Any]:
        """The run report for people and programs (message, per-instance digits, failure
        probabilities, isolation layers, what the algorithm printed, settings, environment). It is
        not a certificate and nothing in it is checked; :meth:`certificate` is the certificate."""
        return {
            "format": RUN_REPORT_FORMAT,
            "kind": "CheckReport",
            "version": REPORT_VERSION,
            "message": self.message,
            "verdict": self.verdict,
            "K": self.K,
            "digits_reached": self.digits_reached,
            "algorithm": self.algorithm,
            "family": self.family,
            "randomised": self.randomised,
            "seeds": list(self.seeds),
            "sampled": self.sampled,
            "failure_probability": {str(D): v for D, v in self.failure_probability.items()},
            "claims": {
                str(D): {"name": c.name, "status": c.status, "detail": c.detail} for D, c in self.claims.items()
            },
            "members": [m.to_json(self.K) for m in self.members],
            "levels_read": self.levels_read,
            "samples_read": self.samples_read,
            "precision": self.precision,
            "isolated": self.isolated,
            "isolation": self.isolation,
            "contract_error": self.contract,
            "traceback": self.traceback,
            "interrupted": self.interrupted,
            "algorithm_output": self.algorithm_output,
            "settings": self.settings,
            "witness": None if self.witness is None else self.witness.to_json(),
            "environment": environment(),
            "seconds": round(self.seconds, 3),
        }

    def render(self, console: Any = None) -> None:
        """A summary table: one row per claim, then correct digits per instance."""
        from rich.console import Console
        from rich.markup import escape
        from rich.table import Table

        console = console or Console()
        console.print(  # every user-supplied text is escaped: "[/x]" in a message is text, not markup
            f"[bold]check[/] {escape(self.algorithm)} on {escape(_family_str(self.family))}"
            f" ({'isolated' if self.isolated else 'in-process'}, {plural(len(self.seeds), 'seed')}"
            f"{', sampled' if self.sampled else ''}; trials: {escape(str(self.settings.get('scheduler', '?')))})"
        )
        t = Table(show_header=True, header_style="bold")
        for col in ("claim", "status", "worst failure prob.", "detail"):
            t.add_column(col, overflow="fold")
        for D, c in sorted(self.claims.items(), reverse=True):
            fp = self.failure_probability.get(D, {})
            prob = fp.get("worst", "?") + (
                f" (CP {fp['interval'][0]:.3f}–{fp['interval'][1]:.3f})" if fp.get("interval") else ""
            )
            t.add_row(_digits(D) + (" (K)" if D == self.K else ""), style_status(c.status), prob, escape(c.detail))
        console.print(t)
        m = Table(show_header=True, header_style="bold")
        for col in ("instance", "outcome", "correct digits", "levels read"):
            m.add_column(col)
        for r in self.members:
            js = r.to_json(self.K)
            outs = ", ".join(f"{k}×{v}" for k, v in js["outcomes"].items() if v)
            lo, hi = js["digits_min"], js["digits_max"]
            dig = "—" if lo is None else str(lo) if lo == hi else f"{lo}…{hi}"
            if lo is not None and r.exact():
                dig = "exact (dist 0)"
            m.add_row(
                escape(r.label + (" (adversary)" if r.adversarial else "")), outs, str(dig), str(js["levels_read"])
            )
        console.print(m)
        sr = self.samples_read
        console.print(
            f"deepest level read {self.levels_read}; {sr['unit']} read ≤ {sr['max_distinct']} "
            f"({sr['max_queries']} quer{'y' if sr['max_queries'] == 1 else 'ies'} in the largest run); {self.seconds:.2f} s; verdicts exact"
        )
        if self.contract is not None:
            console.print(f"[bold red]error[/]: {escape(self.message)}")
            if self.traceback:
                console.print("where the algorithm raised (its own frames, from the sandbox):", highlight=False)
                console.print(escape(self.traceback), highlight=False, soft_wrap=True)
        else:
            console.print(f"[bold]{escape(self.message)}[/]")


def _family_str(spec: dict[str, Any]) -> str:
    keys = [k for k in ("problem", "K", "N1", "N2", "R") if k in spec]
    return f"{spec.get('family', 'family')}(" + ", ".join(f"{k}={spec[k]!r}" for k in keys) + ")"


# --------------------------------------------------------------------------- samples read
def samples_read(transcript: Transcript, shapes: dict[str, tuple[int, ...]]) -> tuple[int, str]:
    """How much of the input one run read: distinct training samples (arrays ``y0, x0, y1, …`` of
    a training family, Theorem 1(b)/(c)) or, for a solver, distinct input entries (a whole-array
    read counts every entry). Returns (count, unit)."""
    names = [a.query.name for a in transcript]
    if any(n[:1] in "xy" and n[1:].isdigit() for n in shapes):
        return len({n[1:] for n in names if n[:1] in "xy" and n[1:].isdigit()}), "training samples"
    seen: set[tuple[str, Any]] = set()
    for a in transcript:
        q = a.query
        if q.index is None:
            seen.update((q.name, idx) for idx in np.ndindex(shapes[q.name]))
        else:
            seen.add((q.name, q.index))
    return len(seen), "input entries"


# --------------------------------------------------------------------------- the public function
def check(
    algorithm: Any,
    problem: str | None = None,
    K: int | None = None,
    *,
    family: PairFamily | None = None,
    seeds: Sequence[int] | int | None = None,
    n_samples: int | None = None,
    sample_seed: int = 0,
    members: Sequence[int] = DEFAULT_MEMBERS,
    isolated: bool = True,
    timeout: float = 60.0,
    memory_mb: int | None = 2048,
    max_level: int | None = 4096,
    max_queries: int | None = 100_000,
    executor: Any = None,
    workers: int | None = None,
    confidence: float = 0.999,
    progress: bool = False,
    run_budget: float | None = None,
) -> CheckReport:
    """Check ``algorithm`` against the Theorem 1 barrier on ``problem`` at ``K`` digits.

    Parameters
    ----------
    algorithm
        ``f(oracle) -> vector`` (wrap array code with :mod:`sci_oracle.harness.adapters`), a
        :class:`~sci_oracle.algorithms.base.RandomisedAlgorithm`, a factory ``seed -> f`` (with
        ``seeds``), or a string: a built-in name, ``module:attr`` or ``file.py:attr``.
    problem, K
        ``"qcbp"``, ``"ulasso"`` or ``"srlasso"`` (default) and K > 2 (default 3): the family
        ``PNASFamily(problem, K)``. Or pass ``family=`` (any pair family) instead.
    seeds, n_samples, sample_seed
        Seeds of a randomised algorithm: a finite set (exact probabilities; an int S means
        0..S−1), or ``n_samples`` seeds drawn with ``numpy.random.default_rng(sample_seed)``
        (Clopper–Pearson intervals at ``confidence``).
    members
        The declared n: instances are the limit and both members of each pair n, plus the pair
        the adversary picks.
    isolated
        Run the algorithm in a child process (default). ``False`` runs it in this process: faster,
        but the algorithm can then reach the hidden input by introspection, so its report proves
        nothing against a hostile algorithm (see :mod:`sci_oracle.harness.isolation`).
    timeout, memory_mb
        Per-run wall time (s) and extra memory (MB) for the isolated child; in-process only the
        oracle enforces ``timeout``, at each query. ``max_level``, ``max_queries``: oracle budgets.
        An exceeded budget is NH, never an output.
    run_budget
        Seconds for all the runs together (the CLI's ``--timeout``): each run gets what is left,
        at most ``timeout``; a run the spent budget stops makes the check ``unknown`` with the
        reason (never NH, never the algorithm's fault). Inline, the runs' own times are summed
        (the load and the decisions on outputs have their own bounds); on worker processes it is
        wall time from now, with the sandbox's start-up allowance (SPAWN_ALLOWANCE) added once.
    executor, workers
        Where trials run: any ``concurrent.futures.Executor`` (e.g. Dask's
        ``client.get_executor()``). Default: inline for a deterministic algorithm, a spawn
        process pool of ``workers`` (default: CPU count) processes for a randomised one.
    progress
        Show a rich progress bar over trials.
    """
    t0 = time.perf_counter()
    fam = _family_arg(family, problem, K)
    K = fam.K
    members = tuple(check_int("members[i]", n, min_value=1, max_value=1 << 16) for n in members)
    if not isinstance(isolated, bool):
        raise InvalidArgument(f"isolated={isolated!r} is invalid: expected True or False")
    if not (isinstance(timeout, (int, float)) and not isinstance(timeout, bool) and 0 < timeout <= 86_400):
        raise InvalidArgument(f"timeout={timeout!r} is invalid: timeout must be a number of seconds in (0, 86400]")
    if memory_mb is not None:
        check_int("memory_mb", memory_mb, min_value=16, max_value=1 << 22)
    if not (isinstance(confidence, float) and 0 < confidence < 1):
        raise InvalidArgument(f"confidence={confidence!r} is invalid: it must be a float in (0, 1)")
    budget = {"max_level": max_level, "max_queries": max_queries, "timeout": timeout}
    settings = {
        "members": list(members),
        "timeout": timeout,
        "memory_mb": memory_mb,
        **budget,
        "confidence": confidence,
        "sample_seed": None,
    }
    base_job = {
        "payload": None,
        "family": fam.spec(),
        "isolated": isolated,
        "timeout": timeout,
        "memory_mb": memory_mb,
        "budget": budget,
    }
    name: Any = algorithm
    results: Any = None
    try:
        try:
            payload, name, seed_list, sampled = _algorithm_arg(algorithm, seeds, n_samples, sample_seed, base_job)
        except ContractError as exc:  # found at load (wrong signature) or from what it is (randomised, no seeds)
            return _contract_report(fam, algorithm, str(exc), isolated, time.perf_counter() - t0, settings, base_job)
        base_job["payload"] = payload
        settings["sample_seed"] = sample_seed if sampled else None
        randomised = seed_list != (None,)
        executor, own_executor = _executor(executor, workers, len(seed_list))
        settings["scheduler"] = scheduler_name(executor)
        if isinstance(executor, InlineExecutor):
            base_job.update(inline=True, family_obj=fam)
        if run_budget is not None:  # one budget for every run (sci_oracle.harness.budget)
            if isinstance(executor, InlineExecutor):  # the runs' own times, summed
                base_job.update(total_timeout=run_budget, shared_deadline=[])
            else:  # a wall-clock end crosses into pool and Dask workers
                from sci_oracle.harness.isolation import SPAWN_ALLOWANCE

                base_job.update(total_timeout=run_budget, ends_at=time.time() + run_budget + SPAWN_ALLOWANCE)
        try:
            with _Progress(progress) as bar:
                results = _run(fam, base_job, seed_list, members, executor, bar)
        except ContractError as exc:  # found when the child loaded it (a wrong signature)
            return _contract_report(fam, name, str(exc), isolated, time.perf_counter() - t0, settings, base_job)
        except BaseException:  # Ctrl-C (or a failure): stop at once, without waiting for running trials
            if own_executor:
                own_executor = False
                _stop(executor, interrupted=True)
            raise
        finally:
            if own_executor:
                _stop(executor, interrupted=False)
        with deciding(timeout):  # the report's exact work on the outputs, done (and cached) here, bounded too
            report = _report(
                fam,
                name,
                results,
                seed_list,
                sampled,
                randomised,
                isolated,
                confidence,
                time.perf_counter() - t0,
                settings,
            )
            report.to_json()
            for m in report.members:
                m.exact()
    except Undecided as exc:  # the parent never spends unbounded time on what the algorithm sent
        report = _unjudged_report(fam, name, UNKNOWN, "undecided", str(exc), isolated)
        report.seconds, report.settings = time.perf_counter() - t0, settings
        if results is not None:  # the runs' own record, and what the algorithm printed
            report.isolation, report.algorithm_output = _sandbox_of(results)
        elif base_job.get("inline") and base_job["payload"] is not None:  # stopped during the runs (the budget)
            with contextlib.suppress(Exception):
                info = sandbox_info({**base_job, "seed": None})
                report.isolation, report.algorithm_output = info["isolation"], info["output"]
        return report
    except KeyboardInterrupt:
        seconds = time.perf_counter() - t0
        report = _unjudged_report(fam, name, UNKNOWN, "interrupted (Ctrl-C)", f"after {seconds:.1f} s", isolated)
        report.seconds, report.settings, report.interrupted = seconds, settings, True
        raise CheckInterrupted(report) from None
    report.isolation, report.algorithm_output = _sandbox_of(results)
    return _judge_contract(report)


def scheduler_name(executor: Any) -> str:
    """Where the trials ran, in words (the report's header and ``settings.scheduler``)."""
    if isinstance(executor, InlineExecutor):
        return "this process (inline)"
    named = getattr(executor, "scheduler", None)  # sci_oracle.harness.distributed's Dask executors
    if isinstance(named, str):
        return named
    workers = getattr(executor, "_max_workers", None)
    kind = f"{type(executor).__module__}.{type(executor).__qualname__}"
    return f"{kind} ({workers} workers)" if isinstance(workers, int) else kind


class CheckInterrupted(KeyboardInterrupt):
    """Ctrl-C during :func:`check`; ``report`` is the partial report: every claim unknown, marked
    ``interrupted`` (the CLI writes it and exits 130). The runs already finished are not judged:
    a verdict needs the adversary's whole sequence."""

    def __init__(self, report: CheckReport):
        super().__init__("interrupted")
        self.report = report


def _executor(executor: Any, workers: int | None, n_seeds: int) -> tuple[Any, bool]:
    """The executor trials run on, and whether :func:`check` made it (and so shuts it down)."""
    if executor is not None:
        if not callable(getattr(executor, "submit", None)):
            raise InvalidArgument(
                f"executor={executor!r} is invalid: it has no submit (expected a concurrent.futures.Executor)"
            )
        return executor, False
    n_workers = (os.cpu_count() or 1) if workers is None else check_int("workers", workers, min_value=1, max_value=1024)
    if min(n_workers, n_seeds) <= 1:
        return InlineExecutor(), True
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(min(n_workers, n_seeds), mp_context=multiprocessing.get_context("spawn")), True


def _stop(executor: Any, interrupted: bool) -> None:
    """Shut down an executor :func:`check` made; on Ctrl-C without waiting for running trials (the
    pool's workers are terminated; their sandboxed children die with them)."""
    if not interrupted:
        executor.shutdown(wait=True)
        return
    workers = list((getattr(executor, "_processes", None) or {}).values())  # shutdown forgets them
    executor.shutdown(wait=False, cancel_futures=True)
    for proc in workers:
        with contextlib.suppress(Exception):
            proc.terminate()


def _family_arg(family: Any, problem: Any, K: Any) -> Any:
    if family is None:
        from sci_oracle.families.pnas import PNASFamily

        return PNASFamily("srlasso" if problem is None else problem, 3 if K is None else K)
    if not isinstance(family, PairFamily):
        raise InvalidArgument(f"family={family!r} is invalid: expected a pair family such as PNASFamily")
    if K is not None and K != family.K:
        raise InvalidArgument(f"K={K!r} is invalid: it contradicts family.K={family.K} (pass one of them)")
    if problem is not None and problem != family.problem.name:
        raise InvalidArgument(f"problem={problem!r} is invalid: it contradicts the family's {family.problem.name!r}")
    return family


def _algorithm_arg(
    algorithm: Any, seeds: Any, n_samples: Any, sample_seed: Any, base_job: dict[str, Any]
) -> tuple[AlgorithmPayload, str, tuple[Any, ...], bool]:
    if isinstance(algorithm, (str, AlgorithmSpec)):
        # a spec is parsed here, never imported: the child loads it and says what it is
        payload = AlgorithmPayload.of(algorithm, timeout=base_job["timeout"])
        meta = load_meta({**base_job, "payload": payload})
        is_randomised, own_seeds, name = bool(meta.get("randomised")), meta.get("seeds"), payload.name
    elif not callable(algorithm) and not isinstance(algorithm, RandomisedAlgorithm):
        raise InvalidArgument(
            f"algorithm={algorithm!r} is invalid: expected a callable f(oracle) -> vector, a "
            "RandomisedAlgorithm or a 'module:attr' string"
        )
    else:  # an object the caller already holds
        payload = AlgorithmPayload.of(algorithm)
        is_randomised = isinstance(algorithm, RandomisedAlgorithm)
        own_seeds = algorithm.seeds if is_randomised else None
        name = _name(algorithm, algorithm)
    if isinstance(seeds, int) and not isinstance(seeds, bool):
        seeds = range(check_int("seeds", seeds, min_value=1, max_value=10**6))
    randomised = is_randomised or seeds is not None or n_samples is not None
    if not randomised:
        return payload, name, (None,), False
    if seeds is not None and n_samples is not None:
        raise InvalidArgument("seeds and n_samples are invalid together: pass a finite seed set or a sample size")
    if seeds is None and own_seeds is not None and n_samples is None:
        seeds = own_seeds
    if seeds is not None:
        seed_list = tuple(check_int("seeds[i]", s) for s in seeds)
        if not seed_list:
            raise InvalidArgument("seeds=() is invalid: give at least one seed")
        sampled = False
    else:
        if n_samples is None:
            raise ContractError(
                "a randomised algorithm without seeds: it has no finite seed set; pass --seeds S (seeds=) "
                "or --samples N (n_samples=)"
            )
        n = check_int("n_samples", n_samples, min_value=1, max_value=10**6)
        seed_list = tuple(
            int(s)
            for s in np.random.default_rng(check_int("sample_seed", sample_seed, min_value=0)).integers(0, 2**62, n)
        )
        sampled = True
    return payload, name, seed_list, sampled


def _name(algorithm: Any, obj: Any) -> str:
    if isinstance(algorithm, str):
        return algorithm
    return obj.name if isinstance(obj, RandomisedAlgorithm) else algorithm_name(obj)


class _Progress:
    """A rich progress bar over trials (a no-op unless enabled)."""

    def __init__(self, enabled: bool):
        self.enabled, self._bar, self._task = enabled, None, None

    def __enter__(self) -> _Progress:
        if self.enabled:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self._bar = Progress(
                TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), transient=True
            )
            self._bar.__enter__()
        return self

    def phase(self, description: str, total: int) -> Any:
        if self._bar is None:
            return None
        task = self._bar.add_task(description, total=total)
        return lambda done: self._bar.update(task, completed=done)  # type: ignore[union-attr]

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(*exc)


def _run(
    fam: Any, base: dict[str, Any], seeds: tuple[Any, ...], members: tuple[int, ...], executor: Any, bar: _Progress
) -> dict[str, Any]:
    inst_jobs = [
        {**base, "kind": "instance", "seed": s, "j": j, "n": n} for s in seeds for n in members for j in (1, 2)
    ]
    if seeds == (None,):  # deterministic: the barrier (limit run + adversary) and the declared members
        jobs = [{**base, "kind": "barrier", "seed": None}, *inst_jobs]
        res = run_trials(executor, jobs, bar.phase("trials", len(jobs)))
        return {"barrier": res[0], "instances": res[1:]}
    limit = run_trials(
        executor, [{**base, "kind": "limit", "seed": s} for s in seeds], bar.phase("limit runs", len(seeds))
    )
    recs = [as_record(r["run"]) for r in limit]
    m_star = max((r.max_level for r in recs if r.outcome == OUTPUT), default=-1)
    n_star = fam.level_for(m_star)
    adv_jobs = [
        {**base, "kind": "adversary", "seed": s, "limit": r["run"], "n_min": n_star}
        for s, r, rec in zip(seeds, limit, recs, strict=True)
        if rec.outcome == OUTPUT
    ]
    jobs = adv_jobs + inst_jobs
    res = run_trials(executor, jobs, bar.phase("adversary and members", len(jobs)))
    return {"limit": limit, "n_star": n_star, "adversary": res[: len(adv_jobs)], "instances": res[len(adv_jobs) :]}


# --------------------------------------------------------------------------- assembling the report
def _report(
    fam: Any,
    name: str,
    results: dict[str, Any],
    seeds: tuple[Any, ...],
    sampled: bool,
    randomised: bool,
    isolated: bool,
    confidence: float,
    seconds: float,
    settings: dict[str, Any],
) -> CheckReport:
    K = fam.K
    rows: dict[tuple[Any, ...], MemberResult] = {}

    def row(key: tuple[Any, ...], label: str, j: Any, n: Any, adversarial: bool) -> MemberResult:
        if key not in rows:
            rows[key] = MemberResult(label, j, n, adversarial)
        return rows[key]

    cert = None
    lim = fam.limit()
    notes: list[str] = []
    if "barrier" in results:
        cert = results["barrier"]["certificate"]
        if not isinstance(cert, BarrierCertificate):  # found in a worker: its output is untrusted data here
            cert = certificate_from_json(cert)
        lim_tr = cert.transcripts["limit"]
        rec0 = RunRecord(
            OUTPUT if cert.output is not None else _outcome_of(cert.message),
            cert.output,
            "" if cert.output is not None else cert.message,
            lim_tr,
        )
        row(("limit",), "limit", None, None, False).add(None, rec0, lim)
        consistent = cert.verdict == REFUTED or cert.message.startswith("no failure")
        if cert.n is not None and cert.output is not None and consistent:
            for j, member in enumerate(fam.pair(cert.n), 1):
                rec = RunRecord(OUTPUT, cert.output, "", cert.transcripts[f"member{j}"])
                row(("adv", j), f"member {j} (n={cert.n})", j, cert.n, True).add(
                    None, rec, member, cert.dist2[j - 1] if cert.dist2 else None
                )
        elif cert.n is not None:
            notes.append(cert.message)
    else:
        n_star = results["n_star"]
        by_seed = {a["seed"]: a for a in results["adversary"]}
        pair = fam.pair(n_star)
        uncoupled = []
        for s, lr in zip(seeds, results["limit"], strict=True):
            rec0 = as_record(lr["run"])
            row(("limit",), "limit", None, None, False).add(s, rec0, lim)
            adv = [as_record(x) for x in by_seed[s]["runs"]] if s in by_seed else None
            if adv is not None and not all(
                r.outcome == OUTPUT and r.transcript == rec0.transcript and r.output == rec0.output for r in adv
            ):
                uncoupled.append(s)  # same seed, same answers, different run: not a general algorithm
            for j in (1, 2):
                r = row(("adv", j), f"member {j} (n={n_star})", j, n_star, True)
                if adv is not None:
                    a = by_seed[s]
                    member = pair[j - 1] if a["n"] == n_star else fam.member(j, a["n"])
                    r.add(s, adv[j - 1], member)
                else:  # no output on the limit: nothing to replay; the run stays undecided (NH) or an error
                    r.add(s, RunRecord(rec0.outcome, None, rec0.reason, rec0.transcript), None)
        if uncoupled:
            notes.append(
                f"not a general algorithm (hidden state or global RNG?): with seed {uncoupled[0]} the "
                "adversary's replay of the limit's answers gave a different transcript or output"
            )
    for res in results["instances"]:
        j, n = res["j"], res["n"]
        row(("decl", n, j), f"member {j} (n={n})", j, n, False).add(
            res["seed"], as_record(res["run"]), fam.member(j, n)
        )
    member_rows = list(rows.values())
    claims, fprob = {}, {}
    worst_d = max((d for r in member_rows for d in r.dist2 if d is not None), key=_Exact, default=None)
    worst = format_distance(worst_d) if worst_d is not None else "—"
    for D in (K, K - 1, K - 2):
        c, fprob[D] = _claim(D, K, member_rows, fam, seeds, sampled, confidence, cert, worst, notes)
        claims[D] = replace(c, detail=sanitise(c.detail))  # details quote the algorithm's errors
    digits_reached = next((D for D in (K, K - 1, K - 2) if claims[D].status == CERTIFIED), None)
    all_recs = [r for m in member_rows for r in m.records]
    levels = max((r.max_level for r in all_recs), default=-1)
    shapes = {k: v.shape for k, v in lim.inputs.items()}
    counts = [samples_read(r.transcript, shapes) for r in all_recs]
    unit = counts[0][1] if counts else "input entries"
    sr = {
        "unit": unit,
        "max_distinct": max((c for c, _ in counts), default=0),
        "max_queries": max((len(r.transcript) for r in all_recs), default=0),
        "input_size": sum(int(np.prod(s)) if s else 1 for s in shapes.values()),
        "per_instance": {
            m.label + (" (adversary)" if m.adversarial else ""): max(
                (samples_read(r.transcript, shapes)[0] for r in m.records), default=0
            )
            for m in member_rows
        },
    }
    verdict = claims[K].status
    msg = sanitise(_message(K, claims, digits_reached, cert, notes))
    return CheckReport(
        msg,
        verdict,
        K,
        digits_reached,
        claims,
        name,
        fam.spec(),
        randomised,
        seeds,
        sampled,
        fprob,
        member_rows,
        levels,
        sr,
        isolated,
        cert,
        seconds,
        settings,
    )


def _outcome_of(message: str) -> str:
    """NH or error, from find_barrier's "no output on the limit input: <reason>" (an NH reason
    starts with "NH:"; an error's reason is the algorithm's own text, which may say anything)."""
    return NH if message.startswith("no output on the limit input: NH:") else ERROR


def _claim(
    D: int,
    K: int,
    rows: list[MemberResult],
    fam: Any,
    seeds: tuple[Any, ...],
    sampled: bool,
    confidence: float,
    cert: BarrierCertificate | None,
    worst_dist: str,
    notes: Sequence[str] = (),
) -> tuple[Claim, dict[str, Any]]:
    """Tri-state decision of "correct to D digits with probability > 1/2 on every instance"."""
    S = len(seeds)
    worst_row, worst = None, -1
    for r in rows:
        f = len(r.fails(D))
        if f > worst:
            worst_row, worst = r, f
    worst_frac = Fraction(max(worst, 0), S)
    fp: dict[str, Any] = {
        "worst": str(worst_frac),
        "instance": worst_row.label if worst_row else None,
        "exact": not sampled,
        "over": f"{S} {'sampled ' if sampled else ''}seed(s)",
    }
    if sampled:
        fp["interval"] = list(clopper_pearson(max(worst, 0), S, confidence))
        fp["method"] = f"Clopper–Pearson, {confidence:.1%} two-sided, for the seed distribution"
    refuting = [r for r in rows if 2 * len(r.fails(D)) >= S and r.fails(D)]
    straddling: list[tuple[MemberResult, tuple[float, float]]] = []
    if sampled:  # sampled seeds decide only at the stated confidence: an exact one-sided binomial
        # test per instance, at level (1 − confidence)/(number of instances) (the kernel's rule)
        level = (1 - Fraction(str(confidence))) / len(rows)
        refuting = [r for r in refuting if _tail(len(r.fails(D)), S, above=True) <= level]
        for r in rows:
            bad = min(S, len(r.fails(D)) + r.undecided())
            if _tail(bad, S, above=False) > level:
                straddling.append((r, clopper_pearson(bad, S, confidence)))
    data: dict[str, Any] = {"digits": D, "instances": len(rows), "failure_probability": fp["worst"]}
    scope = f"over {S} {'sampled ' if sampled else ''}seed(s)" if S > 1 else ""
    if refuting:
        r = max(refuting, key=lambda r: (r.adversarial, len(r.fails(D))))
        wit = [
            RunWitness(fam.spec(), r.j, r.n, r.seeds[i], D, r.records[i].transcript, r.records[i].output).to_json()
            for i in r.fails(D)
            if r.records[i].output is not None
        ]
        data["witnesses"] = wit
        data["witness_instance"] = r.label
        i0 = r.fails(D)[0]
        d = r.dist2[i0]
        how = f"dist = {format_distance(d)} > 10^-{D}" if d is not None else r.records[i0].reason
        prob = f"; fails with probability {Fraction(len(r.fails(D)), S)} {scope}" if S > 1 else ""
        detail = f"fails on {r.label}{' (adversary)' if r.adversarial else ''}: {how}{prob}"
        if D == K and cert is not None and cert.verdict == REFUTED:
            data["certificate"] = "witness"  # the report's BarrierCertificate
            detail = cert.message
        return Claim(f"correct to {_digits(D)}", REFUTED, detail, data), fp
    if straddling:
        r, iv = straddling[0]
        return Claim(
            f"correct to {_digits(D)}",
            UNKNOWN,
            f"on {r.label} the failure fraction is {Fraction(len(r.fails(D)), S)} {scope}: the exact binomial test "
            f"at confidence {confidence} (per instance {len(rows)}-fold) does not decide it (Clopper–Pearson "
            f"interval [{iv[0]:.4g}, {iv[1]:.4g}])",
            {**data, "interval": list(iv), "confidence": confidence},
        ), fp
    undecided = [r for r in rows if 2 * (len(r.fails(D)) + r.undecided()) >= S]
    if undecided:
        r = undecided[0]
        reason = next((rec.reason for rec in r.records if rec.outcome == NH), "no output")
        return Claim(f"correct to {_digits(D)}", UNKNOWN, f"undecided on {r.label}: {reason}", data), fp
    if D == K and cert is not None and cert.verdict != REFUTED:
        return Claim(f"correct to {_digits(D)}", UNKNOWN, f"the adversary did not conclude: {cert.message}", data), fp
    if D == K and cert is None and notes:
        return Claim(f"correct to {_digits(D)}", UNKNOWN, f"the adversary did not conclude: {notes[0]}", data), fp
    data["certificate"] = {
        r.label + (" (adversary)" if r.adversarial else ""): [None if d is None else number_to_json(d) for d in r.dist2]
        for r in rows
    }
    if worst > 0:  # some runs failed, fewer than half on every instance: not "within on all"
        detail = (
            f"within 10^-{D} with probability > 1/2 on each of the {len(rows)} instances {scope} (worst "
            f"failure fraction {fp['worst']}, on {fp['instance']}; exact squared distances attached)"
        )
    else:
        detail = (
            f"within 10^-{D} on the {len(rows)} instances checked{' ' + scope if scope else ''}"
            f" (worst dist {worst_dist}; exact squared distances attached)"
        )
    return Claim(f"correct to {_digits(D)}", CERTIFIED, detail, data), fp


def _tail(f: int, S: int, *, above: bool) -> Fraction:
    """P(X ≥ f) (``above``) or P(X ≤ f) for X ~ Binomial(S, 1/2), exactly."""
    import math

    ks = range(max(f, 0), S + 1) if above else range(0, min(f, S) + 1)
    return Fraction(sum(math.comb(S, k) for k in ks), 2**S)


class _Exact:
    __slots__ = ("v",)

    def __init__(self, v: Any):
        self.v = v

    def __lt__(self, other: _Exact) -> bool:
        return sign(self.v - other.v) < 0


def _digits(D: int) -> str:
    return plural(D, "digit")


def _message(K: int, claims: dict[int, Claim], reached: int | None, cert: Any, notes: list[str]) -> str:
    parts = [f"K={K} digits {claims[K].status}"]
    for D in (K - 1, K - 2):
        parts.append(f"{_digits(D)} {claims[D].status}")
    head = "; ".join(parts)
    tail = (  # what is certified covers the instances run, not every member of the family
        f": reaches {_digits(reached)} on the instances checked"
        if reached is not None
        else ": no claimed accuracy certified"
    )
    return head + tail + (f" ({notes[0]})" if notes else "")


# --------------------------------------------------------------------------- contract breaks
_HINTS = (
    ("expected a vector of length", "return a vector of length N = oracle.problem.N"),
    ("NaN or infinity", "the output must be finite: NaN and infinity are not answers"),
    ("trainer", "use a training family (TrainingFamily) for a training procedure"),
    ("without seeds", "pass --seeds S (seeds=) for a randomised algorithm or a factory seed -> algorithm"),
    (
        "not a general algorithm",
        "make the output depend on the oracle answers only (no global RNG, no state kept"
        " between runs); a randomised algorithm takes its seed from --seeds",
    ),
    (
        "required arguments",
        "an algorithm is f(oracle); wrap array code with an adapter such as sci_oracle.numpy_solver",
    ),
    ("cap of", "return plain numbers (floats, ints, Fractions), within the caps of sci_oracle.harness.outputs"),
    ("algorithm raised", "the algorithm raised: see its output and the reason above"),
    ("could not be loaded", "its module raised while it was imported: see where, below"),
    ("did not load within", "its module must finish importing within --timeout: raise it if the import is slow"),
)


def _hint(reason: str) -> str:
    return next((h for key, h in _HINTS if key in reason), "see docs/harness.md (the algorithm contract)")


def _judge_contract(report: CheckReport) -> CheckReport:
    """Verdict ``error`` when a run broke the contract (PNAS 2022 SI §2: an algorithm maps oracle
    answers to a vector): it raised, gave a malformed output, or is not a general algorithm (the
    same answers gave a different run). Such a run says nothing about Theorem 1: the claims are
    left unknown, never refuted."""
    reason = next((r.reason for m in report.members for r in m.records if r.outcome == ERROR and r.reason), None)
    if reason is None:
        texts = [report.message] + ([report.witness.message] if report.witness is not None else [])
        reason = next((t[t.index("not a general algorithm") :] for t in texts if "not a general algorithm" in t), None)
    if reason is None:
        return report
    reason, report.traceback = _split_traceback(sanitise(reason))
    reason = reason[:2000]
    report.contract = f"{reason} (hint: {_hint(reason)})"
    report.verdict, report.digits_reached = ERROR_VERDICT, None
    report.message = f"the algorithm broke its contract, so no claim is judged: {report.contract}"
    for D, c in report.claims.items():
        why = f"({reason})" if D == report.K else "(see the K-digit claim)"
        report.claims[D] = Claim(c.name, UNKNOWN, f"not judged: the algorithm broke its contract {why}", c.data)
    return report


def _split_traceback(reason: str) -> tuple[str, str]:
    """The reason without the user's frames the sandbox appended (``  File "...", line n, in f``),
    and those frames: the message stays one line, the frames are shown below it."""
    head, sep, frames = reason.partition('\n  File "')
    return head, (sep.lstrip("\n") + frames) if sep else ""


def _contract_report(
    fam: Any, algorithm: Any, reason: str, isolated: bool, seconds: float, settings: dict[str, Any], job: dict[str, Any]
) -> CheckReport:
    """The report of a check that could not run because of a contract break found at load."""
    reason, traceback = _split_traceback(sanitise(reason))
    report = _unjudged_report(fam, algorithm, ERROR_VERDICT, "the algorithm broke its contract", reason, isolated)
    report.seconds, report.settings, report.traceback = seconds, settings, traceback
    report.contract = f"{reason[:2000]} (hint: {_hint(reason)})"
    report.message = f"the algorithm broke its contract, so no claim is judged: {report.contract}"
    return report


def _unjudged_report(fam: Any, algorithm: Any, verdict: str, why: str, reason: str, isolated: bool) -> CheckReport:
    """A report whose every claim is left unknown ("not judged: ``why`` (``reason``)")."""
    K = fam.K
    name = algorithm if isinstance(algorithm, str) else str(getattr(algorithm, "name", "")) or repr(algorithm)[:200]
    claims = {
        D: Claim(
            f"correct to {_digits(D)}",
            UNKNOWN,
            f"not judged: {why} {f'({reason[:2000]})' if D == K else '(see the K-digit claim)'}",
            {},
        )
        for D in (K, K - 1, K - 2)
    }
    report = CheckReport(
        f"{why}, so no claim is judged: {reason[:2000]}",
        verdict,
        K,
        None,
        claims,
        name,
        fam.spec(),
        False,
        (None,),
        False,
        {D: {"worst": "0", "instance": None, "exact": True, "over": "0 seed(s)"} for D in claims},
        [],
        -1,
        {"unit": "input entries", "max_distinct": 0, "max_queries": 0, "input_size": 0, "per_instance": {}},
        isolated,
    )
    report.isolation = _isolation_record(isolated)
    return report


def _isolation_record(isolated: bool) -> dict[str, Any]:
    """The record a report without trial results carries: the layers the last sandboxed child of
    this process reported (or that none did), or the in-process record with its trust statement."""
    from sci_oracle.harness.isolation import TrustedAlgorithm, recorded_isolation

    return recorded_isolation() if isolated else TrustedAlgorithm(None).isolation


def _sandbox_of(results: Any) -> tuple[dict[str, Any], str]:
    """The isolation record (the first trial's) and what the algorithm printed, from trial results."""
    found: list[dict[str, Any]] = []

    def walk(x: Any) -> None:
        if isinstance(x, dict):
            if isinstance(x.get("sandbox"), dict):
                found.append(x["sandbox"])
            for v in x.values():
                if isinstance(v, (list, dict)):
                    walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    walk(results)
    if not found:
        return {}, ""
    outputs = sorted({f.get("output", "") for f in found if f.get("output")}, key=len, reverse=True)
    return found[0].get("isolation", {}), (outputs[0] if outputs else "")
