"""Exercise checks for the sci_oracle course (course/*.md).

``check(label, test)`` runs ``test()`` and prints whether the exercise is solved. In a lesson it
only reports; with ``SCI_ORACLE_COURSE_STRICT=1`` (set by tests/course when it runs the lessons
against course/solutions/) an unsolved exercise raises, so the solutions are tested for real.
"""

from __future__ import annotations

import os
from collections.abc import Callable

RESULTS: dict[str, bool] = {}


def strict() -> bool:
    return os.environ.get("SCI_ORACLE_COURSE_STRICT") == "1"


def check(label: str, test: Callable[[], bool]) -> bool:
    """Print '✓ label' if ``test()`` is true; otherwise '✗ label: not solved yet (reason)'."""
    try:
        ok, why = bool(test()), ""
    except Exception as exc:  # an unfinished exercise may raise anything; report it, do not crash
        ok, why = False, f"{type(exc).__name__}: {exc}"
    RESULTS[label] = ok
    if ok:
        print(f"✓ {label}")
    else:
        msg = f"✗ {label}: not solved yet" + (f" ({why})" if why else "")
        if strict():
            raise AssertionError(msg)
        print(msg)
    return ok
