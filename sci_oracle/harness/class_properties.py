"""Class-level properties of PNAS 2022 Theorem 1(a), as importable test helpers and a class check.

Colbrook–Antun–Hansen, PNAS 119(12) e2107151119 (2022), Theorem 1(a) and SI; key lemma as in
Bastounis–Hansen–Vlačić Prop 10.5 (Lemma 1 of ``proofs/LEMMA.md``). For every
algorithm drawn from a class (:mod:`sci_oracle.harness.algorithm_strategies`) and every drawn instance
family, these helpers *run* the claim and raise :class:`ClassPropertyFailure` (an
``AssertionError``, so Hypothesis shrinks it) with a paste-able replay command when it fails:

- :func:`assert_caught`: the adversary returns a refutation at K digits whose certificate
  verifies from its data alone and replays on the algorithm (escalating and user algorithms may
  instead never halt on the tie instance: NH, never a success);
- :func:`assert_randomised_fails`: over a finite seed set, the worst member's exact failure
  probability is ≥ 1/2 − tolerance (tolerance 0), and every coupled seed fails on ≥ 1 member;
- :func:`assert_attainable`: the built-in :class:`~sci_oracle.algorithms.builtin.Midpoint` and
  :class:`~sci_oracle.algorithms.builtin.Zero` are *certified* within 10^-(K−1) (so K−1 and K−2
  digits) on the limit and a member pair, and both are refuted at K digits;
- :func:`assert_never_certified`: the sanity property. No drawn algorithm gets a ``certified``
  K-digit verdict (:func:`k_digit_verdict`); if one did, the message says it is a bug in the
  toolkit or the theory.

:func:`check_class` runs one of them over a whole class from the CLI (``sci-oracle check-class``).
"""

from __future__ import annotations

import contextlib
import json
import os
import shlex
import signal
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from hypothesis import HealthCheck, Phase, event, given, settings, target
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context

from sci_oracle.algorithms.base import RandomisedAlgorithm
from sci_oracle.algorithms.builtin import Midpoint, Zero
from sci_oracle.barrier import BarrierCertificate, RandomisedBarrier, accuracy, find_barrier, find_barrier_randomised
from sci_oracle.barrier.certificate import machine_claim
from sci_oracle.core.errors import InvalidArgument, Undecided
from sci_oracle.core.exact import correct_digits, sign, sqnorm
from sci_oracle.core.oracle import ReplayOracle
from sci_oracle.core.problems import PROBLEMS
from sci_oracle.core.report import (
    CERTIFIED,
    REFUTED,
    RUN_REPORT_FORMAT,
    UNKNOWN,
    certificate_document,
    environment,
)
from sci_oracle.core.text import sanitise
from sci_oracle.core.validation import check_choice, check_int
from sci_oracle.families.base import PairFamily
from sci_oracle.families.pnas import PNASFamily
from sci_oracle.families.training import TrainingFamily
from sci_oracle.harness import algorithm_strategies as algs
from sci_oracle.harness import descriptions
from sci_oracle.harness.outputs import deciding

__all__ = [
    "BUDGET",
    "CLASSES",
    "SETTINGS",
    "TRAINING_CLASSES",
    "ClassCheckReport",
    "ClassPropertyFailure",
    "assert_attainable",
    "assert_caught",
    "assert_never_certified",
    "assert_randomised_fails",
    "check_class",
    "families",
    "k_digit_verdict",
    "load_algorithm",
    "load_family",
    "replay_command",
    "training_families",
]

#: Oracle budget of every class-level run: a level above 512 or 10⁴ queries is NH.
BUDGET = {"max_level": 512, "max_queries": 10_000, "timeout": 30.0}

BUG = (
    "This is a bug in the toolkit or the theory: PNAS 2022 Theorem 1(a) (key lemma, BHV Prop 10.5) "
    "says it cannot happen for a general algorithm."
)


class ClassPropertyFailure(AssertionError):
    """A class-level property failed for one drawn algorithm; the message has a replay command.
    ``contract`` is True when a user's algorithm broke its contract (it raised, gave a malformed
    output, or is not a general algorithm): misuse, not a counterexample to the theorem."""

    contract = False


# --------------------------------------------------------------------------- instances
def families(*, problems: tuple[str, ...] = PROBLEMS, min_K: int = 3, max_K: int = 12) -> st.SearchStrategy[PNASFamily]:
    """Theorem 1(a) families for class checks: :func:`sci_oracle.harness.strategies.pnas_families` (problem,
    K ∈ [min_K, max_K], λ or ε, N2 ∈ {0, 1}, paper/rational parameters, mixing, entrywise or
    normwise oracles) with the tie width N1 ∈ {2, 3} drawn too (three-way ties exercise the
    tie-breaking policies). Shrinks towards ``PNASFamily(problems[0], K=min_K)``."""
    from sci_oracle.harness.strategies import pnas_families

    if not problems or any(p not in PROBLEMS for p in problems):
        raise InvalidArgument(f"problems={problems!r} is invalid: choose a non-empty subset of {PROBLEMS}")
    check_int("min_K", min_K, min_value=3, max_value=100_000)
    check_int("max_K", max_K, min_value=min_K, max_value=100_000)
    base = pnas_families(problem_names=problems, min_K=min_K, max_K=max_K, max_N2=1, modes=("entrywise", "normwise"))
    return st.builds(
        lambda fam, N1: fam if N1 == fam.N1 else PNASFamily.from_spec({**fam.spec(), "N1": N1}), base, st.integers(2, 3)
    )


def training_families(
    *, problems: tuple[str, ...] = PROBLEMS, min_K: int = 3, max_K: int = 12, max_R: int = 4
) -> st.SearchStrategy[TrainingFamily]:
    """The Theorem 1 training families (:class:`~sci_oracle.families.training.TrainingFamily`):
    problem, K, R ∈ [1, max_R] samples, informative position p < R, hidden sign q, N2 ∈ {1, 2},
    parameters. Shrinks towards ``TrainingFamily(problems[0], K=min_K, R=1)``."""
    if not problems or any(p not in PROBLEMS for p in problems):
        raise InvalidArgument(f"problems={problems!r} is invalid: choose a non-empty subset of {PROBLEMS}")
    check_int("min_K", min_K, min_value=3, max_value=100_000)
    check_int("max_K", max_K, min_value=min_K, max_value=100_000)
    check_int("max_R", max_R, min_value=1, max_value=100_000)

    @st.composite
    def build(draw: Any) -> TrainingFamily:
        R = draw(st.integers(1, max_R))
        return TrainingFamily(
            draw(st.sampled_from(problems)),
            draw(st.integers(min_K, max_K)),
            R=R,
            p=draw(st.integers(0, R - 1)),
            q=draw(st.sampled_from((1, -1))),
            N2=draw(st.integers(1, 2)),
            params=draw(st.sampled_from(("paper", "rational"))),
        )

    return build()


ROUNDINGS = ("nearest", "floor", "ceiling")


# --------------------------------------------------------------------------- replay
def _description(algorithm: Any) -> str:
    make = getattr(algorithm, "make", None)
    if isinstance(algorithm, RandomisedAlgorithm) and isinstance(getattr(make, "__self__", None), algs.Mixture):
        return repr(make.__self__)
    return repr(algorithm)


def replay_command(algorithm: Any, family: PairFamily, rounding: str = "nearest") -> str:
    """One shell line that re-runs the property on this algorithm and family (the family as its
    JSON spec, which keeps λ, ε and weights that its repr leaves out)."""
    extra = f" --rounding {rounding}" if rounding != "nearest" else ""
    return (
        f"sci-oracle check-class --replay {shlex.quote(_description(algorithm))} "
        f"--family {shlex.quote(json.dumps(family.spec(), separators=(',', ':')))}{extra}"
    )


def load_family(text: str) -> PairFamily:
    """A family from its JSON spec (as in replay commands) or its printed ``PNASFamily(...)``
    (:func:`sci_oracle.harness.descriptions.load_family`: parsed as data, never evaluated)."""
    return descriptions.load_family(text)  # type: ignore[no-any-return]


def load_algorithm(text: str, **limits: Any) -> Any:
    """Rebuild an algorithm from its printed description: the literal-only parser of
    :mod:`sci_oracle.harness.descriptions` (the classes of
    :mod:`sci_oracle.harness.algorithm_strategies`, ``Fraction``, the families; never ``eval``).
    A ``user_algorithm('module:f', ...)`` runs only in the sandbox (``limits``: its
    ``timeout``, ``memory_mb``, ``deadline``)."""
    return descriptions.load_algorithm(text, **limits)


def _fail(
    what: str, algorithm: Any, family: PairFamily, rounding: str, detail: str, *, bug: bool = True
) -> ClassPropertyFailure:
    lines = [
        f"{what}: {detail}",
        f"  algorithm: {_description(algorithm)}",
        f"  family:    {json.dumps(family.spec(), separators=(',', ':'))} (limit rounding {rounding})",
    ]
    if bug:
        lines.append("  " + BUG)
    lines.append(f"  replay:    {replay_command(algorithm, family, rounding)}")
    failure = ClassPropertyFailure(sanitise("\n".join(lines)))  # the detail carries the algorithm's own text
    failure.contract = not bug and isinstance(algorithm, algs.UserAlgorithm)
    return failure


# --------------------------------------------------------------------------- coverage
def _level_bucket(level: int) -> str:
    if level < 0:
        return "none"
    for hi in (0, 15, 63, 255):
        if level <= hi:
            return f"≤{hi}"
    return ">255"


def _observe(algorithm: Any, family: PairFamily, cert: BarrierCertificate) -> None:
    """Test statistics (event) and exploration targets (target): depth, levels, rules, ties, midpoint."""
    if not currently_in_test_context():
        return
    tr = cert.transcripts.get("limit")
    event(f"K={family.K}")
    if tr is not None:
        event(f"queries on the limit: {min(len(tr), 10)}{'+' if len(tr) >= 10 else ''}")
        event(f"deepest level read: {_level_bucket(tr.max_level)}")
        target(float(max(tr.max_level, 0)), label="deepest level read")
        if isinstance(algorithm, (algs.QueryPlan, algs.Escalating)):
            lim = family.limit()
            cov = algs.coverage(
                algorithm,
                ReplayOracle(tr, {k: v.shape for k, v in lim.inputs.items()}, problem=family.info, mode=family.mode),
            )
            for e in cov["events"]:
                event(e)
            for policy, n in cov["ties"]:
                event(f"tie policy {policy}: {'tie hit' if n > 1 else 'no tie'}")
    if isinstance(algorithm, algs.QueryPlan):
        event(f"plan depth: {algorithm.depth}")
    if cert.output is not None:
        verts = family.limit().solution.vertices
        mid = [sum((v[i] for v in verts), Fraction(0)) / len(verts) for i in range(family.N)]
        d = correct_digits(sqnorm([a - b for a, b in zip(cert.output, mid, strict=True)]), max_digits=4 * family.K)
        target(float(d - family.K), label="digits of agreement with the tie midpoint (minus K)")


# --------------------------------------------------------------------------- properties
def assert_caught(
    algorithm: Any, family: PairFamily, *, rounding: str = "nearest", allow_nh: bool = False, observe: bool = True
) -> BarrierCertificate:
    """The adversary refutes ``algorithm`` at K digits with a certificate that verifies and replays.

    ``allow_nh``: a never-halting run on the tie instance (NH within :data:`BUDGET`) is accepted
    as the other legal outcome (escalating algorithms, user procedures); it is never a success.
    """
    __tracebackhide__ = True  # pytest shows the test's line, not this helper's
    if not isinstance(family, PairFamily):
        raise InvalidArgument(f"family={family!r} is invalid: expected a pair family (PNASFamily, TrainingFamily)")
    check_choice("rounding", rounding, ROUNDINGS)
    cert = find_barrier(algorithm, family, rounding=rounding, **BUDGET)
    if observe:
        _observe(algorithm, family, cert)
    if cert.verdict == REFUTED:
        if not cert.verify():
            raise _fail("certificate does not verify", algorithm, family, rounding, cert.message)
        if not cert.replay(algorithm):
            raise _fail(
                "certificate does not replay",
                algorithm,
                family,
                rounding,
                "the algorithm's output on the recorded limit transcript differs (hidden state or a global RNG?)",
                bug=not isinstance(algorithm, algs.UserAlgorithm),
            )
        if observe and currently_in_test_context():
            event("verdict: refuted, verified, replayed")
        return cert
    if cert.n is None and cert.message.startswith("no output on the limit input: NH"):
        if allow_nh:
            if observe and currently_in_test_context():
                event("verdict: NH on the tie instance")
            return cert
        raise _fail("never halted", algorithm, family, rounding, cert.message)
    if cert.n is None:  # the algorithm raised or returned a malformed output: its own fault
        raise _fail(
            "the algorithm gave no output on the tie instance",
            algorithm,
            family,
            rounding,
            cert.message,
            bug=not isinstance(algorithm, algs.UserAlgorithm),
        )
    raise _fail(
        "the adversary found no certified failure",
        algorithm,
        family,
        rounding,
        cert.message,
        bug=not (isinstance(algorithm, algs.UserAlgorithm) and cert.message.startswith("not a general algorithm")),
    )


def assert_randomised_fails(
    algorithm: RandomisedAlgorithm, family: PairFamily, *, tolerance: Fraction = Fraction(0), observe: bool = True
) -> RandomisedBarrier:
    """Over the algorithm's finite seed set (coupled across the limit and both members), every seed's
    one output fails on at least one member, so the worst member fails with exact probability
    ≥ 1/2; asserted as ≥ 1/2 − ``tolerance`` (0 for finite seed sets, the only kind accepted)."""
    __tracebackhide__ = True  # pytest shows the test's line, not this helper's
    if not isinstance(algorithm, RandomisedAlgorithm) or algorithm.seeds is None:
        raise InvalidArgument(
            f"algorithm={algorithm!r} is invalid: expected a RandomisedAlgorithm with a finite seed set"
        )
    tolerance = Fraction(tolerance)
    if not 0 <= tolerance < Fraction(1, 2):
        raise InvalidArgument(f"tolerance={tolerance!r} is invalid: it must be a rational in [0, 1/2)")
    rb = find_barrier_randomised(algorithm, family, **BUDGET)
    S = len(rb.seeds)
    if observe and currently_in_test_context():
        event(f"seeds: {S}")
        event(
            f"worst failure probability: {'1/2' if rb.worst == Fraction(1, 2) else '> 1/2'}"
            if rb.worst >= Fraction(1, 2)
            else "worst failure probability: < 1/2"
        )
        target(-float(rb.worst), label="worst-member failure probability (minimised)")
    if rb.failures[0] + rb.failures[1] < S:
        raise _fail(
            "a coupled seed succeeded on both members",
            algorithm,
            family,
            "nearest",
            f"failures {rb.failures} over {S} seeds: {rb.message}",
        )
    if rb.worst < Fraction(1, 2) - tolerance:
        raise _fail("worst failure probability below 1/2", algorithm, family, "nearest", rb.message)
    return rb


def assert_attainable(family: PairFamily, n: int, *, level: int = 30, observe: bool = True) -> dict[str, str]:
    """Theorem 1's positive side, on the limit and the pair ``n`` of ``family``, certified exactly.

    Solver setting (:class:`PNASFamily`): ``Midpoint(level)`` and ``Zero()`` are certified within
    10^-(K−1) (hence 10^-(K−2)); ``Zero()`` is refuted at 10^-K (every solution has norm
    > 10^-K). ``Midpoint`` may be right to K digits on a pair it can tell apart (small n): only
    the adversary's pair refutes it, which :func:`assert_caught` checks.

    Training setting (:class:`TrainingFamily`): ``SignSearchTrainer()`` is certified within
    10^-(K−1) (part (b)), ``CoarseTrainer()`` within 10^-(K−2) (part (c), reading no sample).
    Returns the messages.
    """
    __tracebackhide__ = True  # pytest shows the test's line, not this helper's
    check_int("n", n, min_value=1, max_value=1 << 16)
    instances = [family.limit(), *family.pair(n)]
    K = family.K
    if isinstance(family, TrainingFamily):
        from sci_oracle.algorithms.training import CoarseTrainer, SignSearchTrainer

        plan: tuple[tuple[Any, tuple[tuple[int, str], ...]], ...] = (
            (SignSearchTrainer(), ((K - 1, CERTIFIED),)),
            (CoarseTrainer(), ((K - 2, CERTIFIED),)),
        )
    else:
        plan = ((Midpoint(level), ((K - 1, CERTIFIED),)), (Zero(), ((K - 1, CERTIFIED), (K, REFUTED))))
    out = {}
    for alg, claims in plan:
        for digits, want in claims:
            v = accuracy(alg, instances, digits, budget=dict(BUDGET))
            out[f"{alg!r} at {digits} digits"] = f"{v.status}: {v.message}"
            if v.status != want:
                raise _fail(
                    f"{alg!r} at {digits} digits is {v.status}, expected {want}",
                    alg,
                    family,
                    "nearest",
                    f"{v.message} (instances: limit and pair n={n})",
                )
    if observe and currently_in_test_context():
        event(f"K={K}")
    return out


def k_digit_verdict(
    algorithm: Any, family: PairFamily, *, rounding: str = "nearest", certificate: BarrierCertificate | None = None
) -> tuple[str, str]:
    """The toolkit's verdict on "``algorithm`` computes K digits on ``family``", decided exactly.

    ``refuted``: the adversary's certificate verifies. ``unknown``: no output on the tie instance
    (NH or an error), or a certificate that does not verify. ``certified``: the algorithm was within
    10^-K of **both** members the adversary presented (and they were legal Δ1 oracles for each),
    which Theorem 1(a) forbids; :func:`assert_never_certified` reports that as a bug.
    ``certificate``: reuse the adversary's run for this algorithm and family (no new run).
    """
    cert = certificate or find_barrier(algorithm, family, rounding=rounding, **BUDGET)
    if cert.verdict == REFUTED:
        return (REFUTED, cert.message) if cert.verify() else (UNKNOWN, "certificate does not verify: " + cert.message)
    if cert.n is None or cert.output is None:
        return UNKNOWN, cert.message
    if cert.message.startswith("not a general algorithm"):
        return UNKNOWN, cert.message
    kappa2 = family.kappa**2
    d2 = [m.dist2(cert.output) for m in family.pair(cert.n)]
    if all(sign(d - kappa2) <= 0 for d in d2):
        return CERTIFIED, (
            f"within 10^-{family.K} of both members of pair n={cert.n} it cannot tell apart "
            f"(correct digits {[correct_digits(d) for d in d2]})"
        )
    return UNKNOWN, cert.message


def assert_never_certified(
    algorithm: Any, family: PairFamily, *, rounding: str = "nearest", certificate: BarrierCertificate | None = None
) -> str:
    """The sanity property: :func:`k_digit_verdict` is never ``certified``. Returns the verdict."""
    __tracebackhide__ = True  # pytest shows the test's line, not this helper's
    status, message = k_digit_verdict(algorithm, family, rounding=rounding, certificate=certificate)
    if currently_in_test_context():
        event(f"K-digit verdict: {status}")
    if status == CERTIFIED:
        raise _fail(f"certified K={family.K} digits", algorithm, family, rounding, message)
    return status


# --------------------------------------------------------------------------- the class check
CLASSES: dict[str, Callable[[], st.SearchStrategy[Any]]] = {
    "query-plans": algs.query_plans,
    "escalating": algs.escalating_algorithms,
    "randomised": algs.randomised_algorithms,
    "trainers": algs.gradient_trainers,
    "sample-trainers": algs.sample_trainers,
}
#: Classes checked on the training families (``--setting training``); the rest on the solver families.
TRAINING_CLASSES = ("sample-trainers",)
SETTINGS = ("solver", "training")


def _class_strategy(spec: Any, draw: Callable[[str], st.SearchStrategy[Any]]) -> st.SearchStrategy[Any]:
    if isinstance(spec, st.SearchStrategy):
        return spec
    if not isinstance(spec, str):
        raise InvalidArgument(f"spec={spec!r} is invalid: expected a class name, 'MODULE:STRATEGY' or a strategy")
    if spec in CLASSES:
        return CLASSES[spec]()
    if ":" not in spec:
        check_choice("spec", spec, tuple(CLASSES))  # raises with a close-match hint
    return draw(spec)


def drawn_in_sandbox(
    spec: str,
    n: int,
    seed: int,
    *,
    timeout: float = 600.0,
    memory_mb: int | None = 2048,
    deadline: Any = None,
    progress: Callable[[str], None] | None = None,
) -> st.SearchStrategy[Any]:
    """A user's ``MODULE:STRATEGY`` (a Hypothesis strategy of algorithms, or a function returning
    one), loaded and drawn from only in a sandboxed child: the child sends the printed descriptions
    of ``n`` algorithms drawn with Hypothesis seed ``seed``; they are rebuilt here as data
    (:mod:`sci_oracle.harness.descriptions`), a ``user_algorithm`` member as a procedure that runs in
    the sandbox too. Returns ``sampled_from`` over them. A strategy that raises, hangs (``timeout``
    seconds, within ``deadline``) or draws something that is not a printed description is a
    :class:`~sci_oracle.core.errors.ContractError`; a missing module or attribute an InvalidArgument."""
    from sci_oracle.core.errors import AlgorithmError, BudgetExceeded, ContractError
    from sci_oracle.harness.isolation import SandboxedFunction
    from sci_oracle.harness.specs import FILE, parse_spec

    parsed = parse_spec(spec, param="spec")
    aliases = {}
    if parsed.kind == FILE:  # its procedures print as 'stem:f': load them from the same file
        aliases[os.path.splitext(os.path.basename(parsed.target))[0]] = parsed.target
    say = progress or (lambda _text: None)
    say(f"loading {spec} in the sandbox child and drawing {n} algorithm{'s' if n != 1 else ''}...")
    if deadline is not None:
        timeout = max(min(timeout, deadline.remaining()), 0.001)
    with SandboxedFunction(spec, timeout=timeout, memory_mb=memory_mb, param="spec", purpose="strategy") as strat:
        try:
            texts = strat.draw(n, seed)
        except (AlgorithmError, BudgetExceeded) as exc:
            raise ContractError(f"the strategy {spec} broke its contract: {exc}") from None
    if not texts:
        raise ContractError(f"the strategy {spec} drew no algorithm")
    limits = {"timeout": min(BUDGET["timeout"], timeout), "memory_mb": memory_mb or 2048, "deadline": deadline}
    names = descriptions.algorithm_names(procedures=aliases, drawn=True, **limits)
    algorithms = []
    for text in texts:
        try:
            algorithms.append(descriptions.parse_description(text, names=names))
        except InvalidArgument as exc:
            raise ContractError(
                f"the strategy {spec} drew something that is not a printed algorithm description: {exc}; draw "
                "the classes of sci_oracle.harness.algorithm_strategies (algorithms_from for your own procedure)"
            ) from None
    say(f"drew {len(algorithms)} algorithm{'s' if len(algorithms) != 1 else ''}; checking each against the adversary")
    out = st.sampled_from(algorithms)
    out.label_for_reports = spec  # type: ignore[attr-defined]
    return out


@dataclass
class ClassCheckReport:
    """What a class check explored: algorithms drawn, verdict counts, the worst case, any violation,
    and per drawn algorithm the claim that supports its verdict (``claims``; ``failed`` is the
    index of the violating algorithm's claim, whose status is unknown)."""

    spec: str
    problem: str | None
    K: int | None
    max_examples: int
    drawn: int = 0
    verdicts: Counter = field(default_factory=Counter)
    worst: dict[str, Any] | None = None
    violation: str | None = None
    seconds: float = 0.0
    claims: list[dict[str, Any]] = field(default_factory=list)
    failed: int | None = None
    contract_error: bool = False  # the violation is a user algorithm's broken contract, not the theorem's
    scheduler: str = "this process (inline)"  # where the algorithms were checked
    undecided: str | None = None  # the exact decision on a drawn algorithm's output ran out of time: unknown

    @property
    def passed(self) -> bool:
        return self.violation is None and self.undecided is None

    def class_claim(self, parts: list[dict[str, Any]]) -> dict[str, Any]:
        """ "Each algorithm of the claims before this one fails K digits w.p. ≥ 1/2 on some input"
        over the per-algorithm claims ``parts`` (checked by ``sci_oracle.kernel.classes``):
        certified only when each is a checked failure and no decision was undecided. The statement
        is about those algorithms, by their printed descriptions; the class they were drawn from is
        the producer's business."""
        ok = self.passed and all(c["status"] == _FAILS[c["statement"]["kind"]] for c in parts)
        statement = {"kind": "class", "algorithms": len(parts), "violation": self.failed}
        name = f"each algorithm drawn from {self.spec} fails K digits w.p. ≥ 1/2 on some input"
        return machine_claim(name, CERTIFIED if ok else UNKNOWN, statement, {})

    def to_json(self) -> dict[str, Any]:
        """The report for people and programs (spec, counts, worst case, violation, and the
        producer's claims with their names); not a certificate: :meth:`certificate` is."""
        parts = _fit(self.claims)
        return {
            "format": RUN_REPORT_FORMAT,
            "kind": "ClassCheckReport",
            "spec": self.spec,
            "problem": self.problem,
            "K": self.K,
            "max_examples": self.max_examples,
            "algorithms_drawn": self.drawn,
            "verdicts": dict(self.verdicts),
            "worst_case": self.worst,
            "passed": self.passed,
            "violation": self.violation,
            "contract_error": self.contract_error,
            "undecided": self.undecided,
            "scheduler": self.scheduler,
            "seconds": round(self.seconds, 3),
            "environment": environment(),
            "claims": [*parts, self.class_claim(parts)],
        }

    def certificate(self) -> dict[str, Any]:
        """The ``sci-oracle-certificate/2`` document: one claim per drawn algorithm, then the class
        claim; ``passed`` (no violation recorded) is recomputed by the kernel."""
        parts = _fit(self.claims)
        return certificate_document("check-class", [*parts, self.class_claim(parts)], passed=self.passed)

    def summary(self) -> str:
        lines = [
            f"class {self.spec}: {self.drawn} algorithms drawn"
            f" (problem {self.problem or 'all'}, K {self.K or '3..12'}) in {self.seconds:.1f} s; checked on {self.scheduler}",
            "verdicts: " + (", ".join(f"{k} {v}" for k, v in sorted(self.verdicts.items())) or "none"),
        ]
        if self.worst:
            lines.append(f"worst case: {self.worst['summary']}")
            lines.append(f"  algorithm: {self.worst['algorithm']}")
            lines.append(f"  family:    {json.dumps(self.worst['family'], separators=(',', ':'))}")
            lines.append(f"  replay:    {self.worst['replay']}")
        if self.undecided is not None:
            lines.append(f"UNKNOWN: {self.undecided}")
        elif self.passed:
            lines.append("PASSED: no algorithm in the class reached K digits")
        elif self.contract_error:
            lines.append(
                f"ERROR: a drawn algorithm broke its contract (misuse, not a counterexample):\n{self.violation}"
            )
        else:
            lines.append(f"FAILED:\n{self.violation}")
        return "\n".join(lines)


#: the status of a per-algorithm claim showing that the algorithm fails K digits (w.p. ≥ 1/2)
_FAILS = {"barrier": REFUTED, "randomised": CERTIFIED}
#: what the claims may take of a certificate (the kernel's cap, kernel.MAX_BYTES, is 64 MiB)
CLAIM_BYTES = 15 << 20


def _fit(claims: list[dict[str, Any]], cap: int | None = None) -> list[dict[str, Any]]:
    """The claims, with the largest evidence left out (status unknown, saying so) until the
    indented JSON fits ``cap`` bytes: an honest, smaller certificate rather than one the kernel refuses."""
    cap = CLAIM_BYTES if cap is None else cap
    sizes = [len(json.dumps({"c": [c]}, indent=1, default=str)) for c in claims]
    total, out = sum(sizes), list(claims)
    for i in sorted(range(len(out)), key=lambda k: -sizes[k]):
        if total <= cap:
            break
        reason = f"evidence left out: the certificate would exceed {cap >> 20} MiB"
        out[i] = {**out[i], "status": UNKNOWN, "evidence": {}, "detail": reason}
        total -= sizes[i] - len(json.dumps({"c": [out[i]]}, indent=1, default=str))
    return out


def _algorithm_claim(index: int, description: str, claim: dict[str, Any]) -> dict[str, Any]:
    """One drawn algorithm's claim, named by its index, with its printed description (for a rerun);
    an unknown verdict keeps only its reason (no transcripts the kernel would not read)."""
    out = {**claim, "name": f"algorithm {index}: {claim['name']}"}
    out["statement"] = {**claim["statement"], "algorithm": description}
    if out["status"] == UNKNOWN:
        reason = claim.get("detail") or claim["evidence"].get("reason") or "no verdict"
        out["evidence"] = {"reason": str(reason)}
    return out


def _violation_claim(index: int, algorithm: Any, family: PairFamily, message: str) -> dict[str, Any]:
    """The violating algorithm's claim: status unknown (the kernel cannot check a violation, an
    absence of a refutation), reason the violation's first line (for the report only)."""
    randomised = isinstance(algorithm, RandomisedAlgorithm)
    statement: dict[str, Any] = {"kind": "randomised" if randomised else "barrier", "family": family.spec()}
    statement.update(K=family.K, digits=family.K, algorithm=_description(algorithm))
    if randomised:
        statement.update(n=1, seeds={"uniform": list(algorithm.seeds or (0,))})
    else:
        statement.update(seed=None)
    reason = message.splitlines()[0]
    claim = machine_claim("violates the class property", UNKNOWN, statement, {"reason": reason})
    return _algorithm_claim(index, statement["algorithm"], claim)


@contextlib.contextmanager
def _ctrl_c_outside_gc() -> Any:
    """Ctrl-C while Hypothesis runs: Hypothesis times the garbage collector with a gc callback, and
    a KeyboardInterrupt raised inside a gc callback is printed and dropped by CPython, so the
    check went on (seen on check-class, whose exact numbers make garbage often). A SIGINT that
    lands in a gc callback is sent again 10 ms later instead; anywhere else it raises at once."""
    if threading.current_thread() is not threading.main_thread() or (
        signal.getsignal(signal.SIGINT) is not signal.default_int_handler
    ):
        yield
        return

    def on_sigint(signum: int, frame: Any) -> None:
        f, depth = frame, 0
        while f is not None and depth < 8:
            if f.f_code.co_name == "gc_callback":
                threading.Timer(0.01, os.kill, (os.getpid(), signal.SIGINT)).start()
                return
            f, depth = f.f_back, depth + 1
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, on_sigint)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)


def check_class(
    spec: str | st.SearchStrategy[Any],
    *,
    problem: str | None = None,
    K: int | None = None,
    max_examples: int = 100,
    seed: int = 0,
    setting: str | None = None,
    timeout: float = 600.0,
    memory_mb: int | None = 2048,
    progress: Callable[[str], None] | None = None,
) -> ClassCheckReport:
    """Property-test a whole algorithm class against the Theorem 1(a) barrier.

    ``spec``: a name in :data:`CLASSES`, ``MODULE:STRATEGY`` (a Hypothesis strategy of
    algorithms, or a function returning one), or the strategy itself, e.g. built with
    :func:`~sci_oracle.harness.algorithm_strategies.algorithms_from`). Deterministic algorithms must be
    caught (or NH), randomised ones must fail with probability ≥ 1/2, and none may be certified
    at K digits. A violation is shrunk by Hypothesis and reported with a replay command.
    ``setting``: ``solver`` (:func:`families`) or ``training`` (:func:`training_families`);
    default ``training`` for the classes in :data:`TRAINING_CLASSES`, else ``solver``.
    A ``MODULE:STRATEGY`` is drawn from and run only in the sandbox (:func:`drawn_in_sandbox`):
    ``timeout`` seconds of wall time for all of it together (each run at most ``BUDGET``'s
    timeout), ``memory_mb`` for the child; the exact decisions on the drawn algorithms' outputs get
    ``timeout`` seconds of this process's own time (:func:`~sci_oracle.harness.outputs.deciding`):
    past it the report is ``undecided`` (not passed, no violation) and the remaining draws are not judged. ``progress`` receives one-line status texts (loading,
    drawing, one per checked algorithm).
    """
    from sci_oracle.harness.budget import Deadline

    if problem is not None:
        check_choice("problem", problem, PROBLEMS)
    if K is not None:
        check_int("K", K, min_value=3, max_value=100_000)
    check_int("max_examples", max_examples, min_value=1, max_value=10**7)
    check_int("seed", seed, min_value=0)
    if setting is not None:
        check_choice("setting", setting, SETTINGS)
    deadline = Deadline(timeout)
    strategy = _class_strategy(
        spec,
        lambda text: drawn_in_sandbox(
            text, max_examples, seed, timeout=timeout, memory_mb=memory_mb, deadline=deadline, progress=progress
        ),
    )
    label = spec if isinstance(spec, str) else getattr(spec, "label_for_reports", repr(spec).split("\n")[0][:60])
    report = ClassCheckReport(label, problem, K, max_examples)
    if setting is None:
        setting = "training" if spec in TRAINING_CLASSES else "solver"
    check_choice("setting", setting, SETTINGS)
    make_families = training_families if setting == "training" else families
    fams = make_families(problems=(problem,) if problem else PROBLEMS, min_K=K or 3, max_K=K or 12)
    worst_key: list[Any] = [None]
    failing: list[Any] = [None]  # the last violating (algorithm, family): the shrunk one, at the end

    @hypothesis_seed(seed)
    @settings(
        max_examples=max_examples,
        deadline=None,
        database=None,
        derandomize=False,
        print_blob=False,
        report_multiple_bugs=False,  # one violation, shrunk, with its one replay command
        suppress_health_check=list(HealthCheck),
        phases=(Phase.explicit, Phase.generate, Phase.target, Phase.shrink),
    )  # no explain phase: it reruns ~100 examples
    @given(strategy, fams, st.sampled_from(ROUNDINGS))
    def prop(alg: Any, family: PairFamily, rounding: str) -> None:
        if report.undecided is not None:  # the decision clock is spent: the remaining draws are not judged
            return
        try:
            _checked(alg, family, rounding)
        except Undecided as exc:  # not a property failure: Hypothesis must not shrink it (each try costs time)
            report.undecided = sanitise(
                f"the drawn algorithm {_description(alg)[:300]} is not judged, nor any drawn after it: {exc}"
            )
        except ClassPropertyFailure:
            failing[0] = (alg, family)
            raise

    def _checked(alg: Any, family: PairFamily, rounding: str) -> None:
        if isinstance(alg, RandomisedAlgorithm):
            rb = assert_randomised_fails(alg, family, observe=False)
            report.verdicts["randomised: worst failure prob ≥ 1/2"] += 1
            key = (0, rb.worst)
            summary = f"worst-member failure probability {rb.worst} over {len(rb.seeds)} seeds (K={family.K})"
            rounding = "nearest"  # the randomised adversary's limit oracle rounds to nearest
            claim = rb.claim()
        else:
            cert = assert_caught(
                alg,
                family,
                rounding=rounding,
                allow_nh=not isinstance(alg, (algs.QueryPlan, algs.GradientTrainer, algs.SampleTrainer)),
                observe=False,
            )
            if cert.verdict == REFUTED:
                report.verdicts["refuted (certificate verified)"] += 1
                d = cert.dist2[cert.failing_member - 1]  # type: ignore[index]
                key = (1, -cert.digits[cert.failing_member - 1], d * 10 ** (2 * family.K))  # type: ignore[index]
                summary = f"{cert.message}"
            else:
                report.verdicts["NH on the tie instance"] += 1
                key, summary = (2, 0, 0), cert.message
            assert_never_certified(alg, family, rounding=rounding, certificate=cert)
            claim = cert.claim()
        report.claims.append(_algorithm_claim(len(report.claims), _description(alg), claim))
        report.drawn += 1
        if progress is not None:
            progress(f"checked {report.drawn} algorithm{'s' if report.drawn != 1 else ''} of {max_examples}")
        if worst_key[0] is None or key < worst_key[0]:
            worst_key[0] = key
            report.worst = {
                "summary": summary,
                "algorithm": _description(alg),
                "family": family.spec(),
                "rounding": rounding,
                "replay": replay_command(alg, family, rounding),
            }

    t0 = time.perf_counter()
    try:
        # the exact work on user outputs (UntrustedRadical) gets ``timeout`` seconds of this process's time
        with deciding(timeout, "a drawn algorithm's output"), _ctrl_c_outside_gc():
            prop()
    except ClassPropertyFailure as exc:
        report.violation, report.contract_error = str(exc), exc.contract
        if failing[0] is not None:
            report.failed = len(report.claims)
            report.claims.append(_violation_claim(len(report.claims), *failing[0], str(exc)))
    finally:
        if isinstance(spec, str) and ":" in spec:  # the sandboxed children of the drawn procedures
            from sci_oracle.harness.user_procedures import close_children

            close_children()
    report.seconds = time.perf_counter() - t0
    return report
