"""One wall-time budget for every run of a user's code in one command (``--timeout``).

``step`` runs the algorithm on the limit and on the adversary's members, ``verify --algorithm``
reruns it on every recorded transcript, ``check-class`` runs each drawn member of a user's family
several times: a per-run limit would multiply (the review saw ``verify`` held 5 × 60 s by one
blocked algorithm). A :class:`Deadline` is set once, when the command starts; each run gets what
is left of it, and once it is spent a run is NH at once (``BudgetExceeded``), saying so. The
sandbox's own start-up allowance (:data:`~sci_oracle.harness.isolation.SPAWN_ALLOWANCE`) is added
once, for the interpreter that loads the code.
"""

from __future__ import annotations

import time
from typing import Any

from sci_oracle.core.errors import BudgetExceeded, InvalidArgument

__all__ = ["BudgetedAlgorithm", "Deadline"]


class Deadline:
    """``seconds`` of wall time from now, shared by every run of one command."""

    def __init__(self, seconds: float):
        if not (isinstance(seconds, (int, float)) and not isinstance(seconds, bool) and 0 < seconds <= 86_400):
            raise InvalidArgument(f"timeout={seconds!r} is invalid: a number of seconds in (0, 86400]")
        self.seconds = float(seconds)
        self.end = time.monotonic() + self.seconds

    def remaining(self) -> float:
        return self.end - time.monotonic()

    def spent(self) -> BudgetExceeded:
        return BudgetExceeded(f"the command's --timeout of {self.seconds:g} s for the algorithm is spent")


class BudgetedAlgorithm:
    """An :class:`~sci_oracle.harness.isolation.IsolatedAlgorithm` whose every call (loading
    included) gets the time left on ``deadline``, never more than its own ``timeout``."""

    def __init__(self, algorithm: Any, deadline: Deadline):
        self.algorithm, self.deadline = algorithm, deadline
        self.per_call = float(algorithm.timeout)

    def __call__(self, oracle: Any) -> Any:
        left = self.deadline.remaining()
        if left <= 0:
            raise self.deadline.spent()
        self.algorithm.timeout = min(self.per_call, left)
        return self.algorithm(oracle)

    def at(self, seed: int) -> BudgetedAlgorithm:
        return BudgetedAlgorithm(self.algorithm.at(seed), self.deadline)

    def __getattr__(self, name: str) -> Any:  # name, isolation, output(), meta, close() ...
        return getattr(self.algorithm, name)

    def __repr__(self) -> str:
        return repr(self.algorithm)
