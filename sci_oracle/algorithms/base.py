"""The algorithm protocol, randomised algorithms, and running one algorithm on one oracle.

SCI model (BHV Def 9.3; PNAS 2022 SI §2): a *general algorithm* is any map whose output
depends only on the finitely many oracle answers it read. In code: any callable
``f(oracle) -> vector``. A *randomised* general algorithm is a probability distribution over
general algorithms; here a seed-indexed family ``seed -> f`` whose randomness is fixed before the
first query (so it cannot depend on unread data), with a finite seed set (exact probabilities)
or a sampler of seeds (Clopper–Pearson intervals).

:func:`run` never lets a failure escape: a budget overrun is recorded as NH (never halted), any
other exception or a malformed output (NaN, wrong length) as an error, with the reason.
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sci_oracle.core.errors import BudgetExceeded, InvalidArgument, NotIndistinguishable, Undecided
from sci_oracle.core.exact import Number, exact_output, number_to_json
from sci_oracle.core.oracle import Oracle, Transcript
from sci_oracle.core.validation import check_int

__all__ = ["Algorithm", "RandomisedAlgorithm", "RunRecord", "algorithm_name", "exact_output", "run"]

Algorithm = Callable[[Oracle], Any]

OUTPUT, NH, ERROR = "output", "NH", "error"


@dataclass
class RunRecord:
    """What one run produced: an exact output, or NH / error with the reason; always the transcript."""

    outcome: str
    output: tuple[Number, ...] | None
    reason: str
    transcript: Transcript
    seconds: float = 0.0

    @property
    def max_level(self) -> int:
        return self.transcript.max_level

    @property
    def halted(self) -> bool:
        return self.outcome == OUTPUT

    def to_json(self) -> dict[str, Any]:
        return {
            "outcome": self.outcome,
            "output": None if self.output is None else [number_to_json(v) for v in self.output],
            "reason": self.reason,
            "max_level": self.max_level,
            "queries": len(self.transcript),
            "seconds": round(self.seconds, 6),
        }


@dataclass
class RandomisedAlgorithm:
    """A seed-indexed family of deterministic algorithms: ``make(seed)`` is the run for that seed.

    ``seeds`` is the finite support of the (uniform) law, giving exact probabilities; leave it
    None and pass ``n_samples`` to the barrier to sample seeds instead.
    """

    make: Callable[[int], Algorithm]
    seeds: Sequence[int] | None = None
    name: str = ""

    def __post_init__(self) -> None:
        if not callable(self.make):
            raise InvalidArgument(f"make={self.make!r} is invalid: it must be a callable seed -> algorithm")
        if self.seeds is not None:
            self.seeds = tuple(check_int("seeds[i]", s) for s in self.seeds)
            if not self.seeds:
                raise InvalidArgument("seeds=() is invalid: give at least one seed (or None to sample)")
        self.name = self.name or algorithm_name(self.make)

    def at(self, seed: int) -> Algorithm:
        return self.make(seed)

    def __repr__(self) -> str:
        return f"RandomisedAlgorithm({self.name}, seeds={self.seeds!r})"


def algorithm_name(alg: Any) -> str:
    if hasattr(alg, "__qualname__") and not isinstance(alg, type) and getattr(alg, "__module__", None):
        return f"{alg.__module__}:{alg.__qualname__}"
    return repr(alg)


def run(
    algorithm: Algorithm, oracle: Oracle, *, N: int | None = None, convert: Callable[[Any], Any] | None = None
) -> RunRecord:
    """Run ``algorithm(oracle)`` and record what happened; nothing raised inside is lost.

    ``convert`` turns the raw output into what is scored (default: an exact vector of length N);
    a failure there is recorded as a malformed output.
    """
    if not callable(algorithm):
        raise InvalidArgument(f"algorithm={algorithm!r} is invalid: it must be a callable f(oracle) -> vector")
    t0 = time.perf_counter()
    try:
        out = algorithm(oracle)
    except BudgetExceeded as exc:
        return RunRecord(NH, None, f"NH: {exc}", oracle.transcript, time.perf_counter() - t0)
    except (NotIndistinguishable, Undecided):  # the adversary's failure, or the decider's time: never hide it
        raise
    except Exception as exc:  # the algorithm under test may raise anything
        tb = traceback.format_exception_only(type(exc), exc)[-1].strip()
        return RunRecord(ERROR, None, f"algorithm raised {tb}", oracle.transcript, time.perf_counter() - t0)
    try:
        output = convert(out) if convert is not None else exact_output(out, N)
    except (InvalidArgument, TypeError, ValueError, ArithmeticError) as exc:
        return RunRecord(ERROR, None, f"malformed output: {exc}", oracle.transcript, time.perf_counter() - t0)
    return RunRecord(OUTPUT, output, "", oracle.transcript, time.perf_counter() - t0)
