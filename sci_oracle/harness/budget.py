"""One wall-time budget for every run of a user's code in one command (``--timeout``).

``check`` and ``step`` run the algorithm on the limit and on the adversary's members, ``verify
--algorithm`` reruns it on every recorded transcript, ``check-class`` runs each drawn member of a
user's family several times: a per-run limit would multiply (the review saw ``verify`` held
5 × 60 s by one blocked algorithm). A :class:`Deadline` is set once; each run gets what is left of
it. Once it is spent a run is NH at once (``BudgetExceeded``), saying so, except in ``check``
(``undecided=True``), where a run the budget stopped leaves the whole check ``unknown``: its
adversary compares reruns, and a cut-short rerun must not read as the algorithm changing its
answer. The sandbox's own start-up allowance (:data:`~sci_oracle.harness.isolation.SPAWN_ALLOWANCE`)
is given to the load, outside the budget where the load happens first.
"""

from __future__ import annotations

import time
from typing import Any

from sci_oracle.core.errors import BudgetExceeded, InvalidArgument, Undecided

__all__ = ["BudgetedAlgorithm", "Deadline", "RunTime"]


class Deadline:
    """``seconds`` of wall time from now, shared by every run of one command."""

    def __init__(self, seconds: float):
        if not (isinstance(seconds, (int, float)) and not isinstance(seconds, bool) and 0 < seconds <= 86_400):
            raise InvalidArgument(f"timeout={seconds!r} is invalid: a number of seconds in (0, 86400]")
        self.seconds = float(seconds)
        self.end = time.monotonic() + self.seconds

    @classmethod
    def ending_at(cls, seconds: float, wall_end: float) -> Deadline:
        """The deadline of ``seconds`` that ends at ``wall_end`` (``time.time()``): how a check's
        budget crosses into pool or Dask workers, each with its own monotonic clock."""
        deadline = cls(seconds)
        deadline.end = time.monotonic() + (wall_end - time.time())
        return deadline

    def charge(self, seconds: float) -> None:
        """A run took ``seconds`` (wall time passes on its own here; see :class:`RunTime`)."""

    def remaining(self) -> float:
        return self.end - time.monotonic()

    def spent(self) -> BudgetExceeded:
        return BudgetExceeded(f"the command's --timeout of {self.seconds:g} s for the algorithm is spent")


class RunTime(Deadline):
    """``seconds`` of the algorithm's own runs, summed (``check`` inline): the time the deciding
    process spends on its outputs between runs is not charged (it has its own clock,
    :func:`~sci_oracle.harness.outputs.deciding`), nor is the load."""

    def __init__(self, seconds: float):
        super().__init__(seconds)
        self.used = 0.0

    def charge(self, seconds: float) -> None:
        self.used += seconds

    def remaining(self) -> float:
        return self.seconds - self.used


class BudgetedAlgorithm:
    """An :class:`~sci_oracle.harness.isolation.IsolatedAlgorithm` whose every call (loading
    included) gets the time left on ``deadline``, never more than its own ``timeout``.

    ``undecided=True`` (``check``): a run stopped because the *command's* budget ran out, not its
    own ``timeout``, raises :class:`~sci_oracle.core.errors.Undecided`, so the check is
    ``unknown`` with the reason: the adversary never reads a cut-short rerun as the algorithm
    changing its answer, and no claim rests on a run the budget stopped."""

    def __init__(self, algorithm: Any, deadline: Deadline, per_call: float | None = None, undecided: bool = False):
        self.algorithm, self.deadline, self.undecided = algorithm, deadline, undecided
        self.per_call = float(algorithm.timeout if per_call is None else per_call)

    def _spent(self) -> Exception:
        if not self.undecided:
            return self.deadline.spent()
        return Undecided(
            f"the command's --timeout of {self.deadline.seconds:g} s for all the runs together was spent before "
            "they finished (a run it stopped short of its own limit is not the algorithm's NH); give a larger "
            "--timeout"
        )

    def __call__(self, oracle: Any) -> Any:
        left = self.deadline.remaining()
        if left <= 0:
            raise self._spent()
        limit = min(self.per_call, left)
        before, self.algorithm.timeout = self.algorithm.timeout, limit
        t0 = time.monotonic()
        try:
            return self.algorithm(oracle)
        except BudgetExceeded:
            if self.undecided and limit < self.per_call and left - (time.monotonic() - t0) <= 0.05:
                raise self._spent() from None  # cut short by the command's budget, not its own limit
            raise
        finally:  # the algorithm may be shared (a worker's warm child): leave its own limit as it was
            self.deadline.charge(time.monotonic() - t0)
            self.algorithm.timeout = before

    def at(self, seed: int) -> BudgetedAlgorithm:
        return BudgetedAlgorithm(self.algorithm.at(seed), self.deadline, self.per_call, self.undecided)

    def __getattr__(self, name: str) -> Any:  # name, isolation, output(), meta, close() ...
        return getattr(self.algorithm, name)

    def __repr__(self) -> str:
        return repr(self.algorithm)
