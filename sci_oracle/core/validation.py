"""Argument checks shared by the public functions. Each raises InvalidArgument naming the
parameter, the value it got and the allowed range."""

from __future__ import annotations

import numbers
from typing import Any

from sci_oracle.core.errors import InvalidArgument


def check_int(name: str, value: Any, *, min_value: int | None = None, max_value: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise InvalidArgument(f"{name}={value!r} is invalid: expected an int (got type {type(value).__name__})")
    number = int(value)
    if min_value is not None and number < min_value:
        rng = f">= {min_value}" if max_value is None else f"in [{min_value}, {max_value}]"
        raise InvalidArgument(f"{name}={number!r} is invalid: {name} must be an int {rng}")
    if max_value is not None and number > max_value:
        rng = f"<= {max_value}" if min_value is None else f"in [{min_value}, {max_value}]"
        raise InvalidArgument(f"{name}={number!r} is invalid: {name} must be an int {rng}")
    return number


def check_K(K: Any, *, min_value: int = 3, max_value: int = 100_000) -> int:
    """Theorem 1 needs K > 2 (PNAS 2022, Thm 1)."""
    return check_int("K", K, min_value=min_value, max_value=max_value)


def check_level(name: str, level: Any, *, max_value: int = 1 << 20) -> int:
    return check_int(name, level, min_value=0, max_value=max_value)


def check_choice(name: str, value: Any, choices: tuple[str, ...]) -> str:
    if value not in choices:
        import difflib

        close = difflib.get_close_matches(str(value), choices, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise InvalidArgument(f"{name}={value!r} is invalid: choose one of {', '.join(choices)}{hint}")
    return str(value)
