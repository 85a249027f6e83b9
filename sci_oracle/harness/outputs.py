"""Algorithm outputs as data: one encoder (child side, and in-process) and one capped decoder (parent).

Why (PNAS 2022 Theorem 1; SI §2): the verdict is decided in exact arithmetic on the algorithm's
output, so an output must be a *number*, not an object whose methods run in the deciding process. A
``Fraction`` subclass that lies about subtraction, or an output with 14 distinct square roots (whose
exact sign tests cost 2^14 products), would otherwise decide or stall the verdict. So:

- :func:`encode_output` turns whatever the algorithm returned into JSON data, reading rationals and
  radicals through the *base classes'* slots (a subclass's overridden methods are never called):
  a rational is the string ``'p'`` or ``'p/q'``, an element ``a + b√r`` of a quadratic tower is
  ``{'a', 'b', 'r', 'id'}`` as in :func:`sci_oracle.core.exact.number_to_json`;
- :func:`decode_output` accepts only that data (plus plain finite JSON numbers) under caps on the
  number of entries, digits per integer, distinct radicals, nesting and total size. A breach raises
  :class:`OutputRejected` naming the cap; the run becomes a contract error, never a verdict.
- The caps bound the *size* of what arrives, not the cost of deciding about it: a zero test in a
  tower of 8 square roots with 4,200-digit coefficients runs for hours. So every square root of a
  decoded output is a :class:`UntrustedRadical`, and the exact work on it (each product and each
  step of the sign recursion in :mod:`sci_oracle.core.exact`) is charged to the decision clock of
  the enclosing :func:`deciding` block: ``timeout`` seconds of the deciding process's own time
  (time spent running the algorithm, in the child or in-process, does not count). Past it,
  :class:`~sci_oracle.core.errors.Undecided` is raised and the entry point reports ``unknown`` with
  the reason (``check``, ``step``, ``verify --algorithm``, ``check-class``: docs/harness.md). On a
  solver's output, a vector of the family's length, rationals need no clock: their cost is
  polynomial in the capped digits. Where the algorithm also chooses the size of the computation (a
  classifier's network, of any width), ``deciding(..., watchdog=True)`` bounds all of the block's
  work, rationals included.

The isolated child and ``--in-process`` runs go through the same pair, so both modes score the same
numbers, and ``MAX_DIGITS`` is one cap on both sides: Python's own 4,300-digit limit on int/str
conversions is lifted to it while encoding and decoding.
"""

from __future__ import annotations

import contextlib
import contextvars
import math
import re
import signal
import threading
import time
from collections.abc import Iterator
from fractions import Fraction
from typing import Any

from flint import fmpq

from sci_oracle.core.errors import InvalidArgument, Undecided
from sci_oracle.core.exact import ExactReal, Radical, exact_output, int_str_digits, sign

__all__ = [
    "MAX_DIGITS",
    "MAX_ENTRIES",
    "MAX_NESTING",
    "MAX_NODES",
    "MAX_RADICALS",
    "OutputRejected",
    "UntrustedRadical",
    "deciding",
    "decode_output",
    "decode_tree",
    "encode_output",
    "encode_tree",
]

MAX_ENTRIES = 1 << 16  # entries in one output vector
MAX_DIGITS = 20_000  # decimal digits of one numerator or denominator
MAX_RADICALS = 8  # distinct square roots in one output (exact sign tests cost ~2^radicals)
MAX_NESTING = 8  # depth of a + b√r nesting
MAX_NODES = 1 << 18  # JSON values in one output, all entries together

_RATIONAL = re.compile(rf"-?[0-9]{{1,{MAX_DIGITS}}}(/[0-9]{{1,{MAX_DIGITS}}})?")
_MAX_BITS = int(MAX_DIGITS * math.log2(10)) + 1
_F_NUM, _F_DEN = Fraction.__dict__["_numerator"], Fraction.__dict__["_denominator"]
_E_A, _E_B, _E_RAD = ExactReal.__dict__["a"], ExactReal.__dict__["b"], ExactReal.__dict__["rad"]
_R_RADICAND = Radical.__dict__["radicand"]


class OutputRejected(InvalidArgument):
    """An output that is not plain exact data, or exceeds a cap (the message names which)."""


# --------------------------------------------------------------------------- the decision clock
_RADICALS_WHY = "its square roots make exact sign tests cost up to 2^radicals products of their coefficients"


class _Clock:
    """Seconds of exact work on untrusted data left in one :func:`deciding` block: wall time from
    the first charge, minus the time spent running the algorithm since then."""

    __slots__ = ("armed", "ran", "seconds", "start", "what")

    def __init__(self, seconds: float, what: str):
        self.seconds, self.what, self.start, self.ran, self.armed = seconds, what, -1.0, 0.0, False

    def used(self) -> float:
        """Seconds charged so far (0 before the first charge)."""
        return 0.0 if self.start < 0 else time.monotonic() - self.start - (_RUNNING[0] - self.ran)

    def begin(self) -> None:
        if self.start < 0:
            self.start, self.ran = time.monotonic(), _RUNNING[0]

    def charge(self) -> None:
        if self.start < 0:
            self.begin()
        elif self.used() > self.seconds:
            raise Undecided(
                f"the exact decision on {self.what} did not finish within timeout={self.seconds:g} s ({_RADICALS_WHY})"
            )


_CLOCK: contextvars.ContextVar[_Clock | None] = contextvars.ContextVar("sci_oracle_decision_clock", default=None)
_RUNNING = [0.0]  # seconds spent running algorithms in this process (the child's time included)
_WATCHED_WHY = "exact arithmetic on the numbers it returned"


class _OverTime(BaseException):
    """Raised by the watchdog of :func:`deciding` wherever the deciding process is (a BaseException,
    so no ``except Exception`` on the way can take it for the algorithm's own error); the block
    turns it into :class:`~sci_oracle.core.errors.Undecided`."""


@contextlib.contextmanager
def deciding(seconds: float | None, what: str = "the algorithm's output", *, watchdog: bool = False) -> Iterator[None]:
    """Within the block, exact work on untrusted radicals may take ``seconds`` in all (None: no
    limit); beyond, :class:`~sci_oracle.core.errors.Undecided`. Blocks nest: the inner one rules.

    ``watchdog=True`` bounds *all* of the block's own work from the moment the first output is
    decoded (:func:`decode_output`, :func:`decode_tree`), rationals included: a ``SIGALRM`` timer
    (main thread only; elsewhere only radicals are charged) interrupts the block when ``seconds``
    of its time, minus the time spent running the algorithm, are spent. For routes where the
    parent's exact work grows with what the algorithm chose, e.g. a classifier's weights with
    thousands of digits in a network as wide as it likes (Bastounis–Hansen–Vlačić dichotomy).
    Not for blocks that run an algorithm in-process (its own watchdog uses ``SIGALRM`` too)."""
    clock = None if seconds is None else _Clock(float(seconds), what)
    token = _CLOCK.set(clock)
    watched = _watch(clock) if watchdog and clock is not None else None
    try:
        yield
    except _OverTime:
        if watched is None:  # another block's watchdog: that block says so
            raise
        raise Undecided(
            f"the exact decision on {what} did not finish within timeout={seconds:g} s ({_WATCHED_WHY})"
        ) from None
    finally:
        if watched is not None:
            _unwatch(clock, watched[0])
        _CLOCK.reset(token)


def _watch(clock: _Clock) -> tuple[Any] | None:
    """Arm the watchdog of ``clock``: (the previous SIGALRM handler,), or None when this thread
    cannot take SIGALRM."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        return None

    def tick(signum: int, frame: Any) -> None:
        if not clock.armed:
            return
        left = clock.seconds - clock.used()
        if clock.start >= 0 and left <= 0:
            clock.armed = False
            raise _OverTime()
        signal.setitimer(signal.ITIMER_REAL, max(left if clock.start >= 0 else clock.seconds, 0.05))

    previous = signal.signal(signal.SIGALRM, tick)
    clock.armed = True
    signal.setitimer(signal.ITIMER_REAL, clock.seconds)
    return (previous,)


def _unwatch(clock: _Clock, previous: Any) -> None:
    clock.armed = False
    signal.setitimer(signal.ITIMER_REAL, 0)
    signal.signal(signal.SIGALRM, previous)


def _started() -> None:
    """An output was decoded: a watched block's clock starts here (the parent's work on it)."""
    clock = _CLOCK.get()
    if clock is not None and clock.armed:
        clock.begin()


def note_run(seconds: float) -> None:
    """Time spent running (or waiting for) an algorithm: not charged to the decision clock."""
    _RUNNING[0] += seconds


class UntrustedRadical(Radical):
    """A square root decoded from an algorithm's output: its exact work is charged to the clock of
    the enclosing :func:`deciding` block (free outside any block)."""

    __slots__ = ()

    def spend(self) -> None:
        clock = _CLOCK.get()
        if clock is not None:
            clock.charge()


# --------------------------------------------------------------------------- encoding
def encode_output(out: Any) -> list[Any]:
    """The raw output (vector of floats, ints, Fractions, mpf, tower numbers, numpy/torch arrays)
    as capped JSON data. Subclasses are read through the base classes' slots."""
    n = _length(out)
    if n is not None and n > MAX_ENTRIES:
        raise OutputRejected(f"output has {n} entries, more than the cap of MAX_ENTRIES={MAX_ENTRIES}")
    values = exact_output(out, None)
    if len(values) > MAX_ENTRIES:
        raise OutputRejected(f"output has {len(values)} entries, more than the cap of MAX_ENTRIES={MAX_ENTRIES}")
    ids: dict[int, str] = {}
    with int_str_digits(MAX_DIGITS + 1):
        return [_encode(v, ids, 0) for v in values]


def _length(out: Any) -> int | None:
    size = getattr(out, "size", None)  # numpy arrays: no iteration needed
    if isinstance(size, int):
        return size
    try:
        return len(out)
    except Exception:
        return None


def _encode(v: Any, ids: dict[int, str], depth: int) -> Any:
    if depth > MAX_NESTING:
        raise OutputRejected(f"output nests square roots deeper than the cap of MAX_NESTING={MAX_NESTING}")
    if isinstance(v, Fraction):
        p, q = int.__add__(_F_NUM.__get__(v), 0), int.__add__(_F_DEN.__get__(v), 0)
        _check_digits(p)
        _check_digits(q)
        return str(Fraction(p, q))
    if isinstance(v, int) and not isinstance(v, bool):
        p = int.__add__(v, 0)
        _check_digits(p)
        return str(p)
    if type(v) is fmpq:  # the rationals inside an ExactReal (the exact core computes with FLINT's fmpq)
        p, q = int(v.p), int(v.q)
        _check_digits(p)
        _check_digits(q)
        return str(v)
    if isinstance(v, ExactReal):
        rad = _E_RAD.__get__(v)
        if not isinstance(rad, Radical):
            raise OutputRejected("output has a malformed tower number (its radical is not a Radical)")
        key = ids.setdefault(id(rad), str(len(ids)))
        if len(ids) > MAX_RADICALS:
            raise OutputRejected(f"output uses more than the cap of MAX_RADICALS={MAX_RADICALS} distinct square roots")
        return {
            "a": _encode(_E_A.__get__(v), ids, depth + 1),
            "b": _encode(_E_B.__get__(v), ids, depth + 1),
            "r": _encode(_R_RADICAND.__get__(rad), ids, depth + 1),
            "id": key,
        }
    raise OutputRejected(f"output entry of type {type(v).__name__} is not an exact number")


def _check_digits(p: int) -> None:
    if p.bit_length() > _MAX_BITS:
        raise OutputRejected(f"output has an integer of more than MAX_DIGITS={MAX_DIGITS} digits")


# --------------------------------------------------------------------------- decoding
def decode_output(items: Any, *, N: int | None = None) -> tuple[Any, ...]:
    """Exact numbers from output data, checked against every cap before any arithmetic."""
    if not isinstance(items, list):
        raise OutputRejected(f"output is a {type(items).__name__}, not a list of numbers")
    if len(items) > MAX_ENTRIES:
        raise OutputRejected(f"output has {len(items)} entries, more than the cap of MAX_ENTRIES={MAX_ENTRIES}")
    if N is not None and len(items) != N:
        raise OutputRejected(f"output has {len(items)} entries: expected a vector of length N={N}")
    _survey(items)
    _started()
    memo: dict[str, Radical] = {}
    with int_str_digits(MAX_DIGITS + 1):
        return tuple(_decode(v, memo) for v in items)


def _survey(items: list[Any]) -> None:
    """Count nodes, nesting and distinct radical ids without recursion (a deep frame cannot blow
    the stack), so that caps are enforced before anything is built."""
    stack = [(v, 0) for v in items]
    nodes, radicals = 0, set()
    while stack:
        v, depth = stack.pop()
        nodes += 1
        if nodes > MAX_NODES:
            raise OutputRejected(f"output has more than MAX_NODES={MAX_NODES} values")
        if isinstance(v, dict):
            if depth >= MAX_NESTING:
                raise OutputRejected(f"output nests square roots deeper than the cap of MAX_NESTING={MAX_NESTING}")
            if set(v) != {"a", "b", "r", "id"} or not isinstance(v["id"], str) or not v["id"].isdigit():
                raise OutputRejected(f"{str(v)[:80]} is not a serialised exact number a + b√r")
            radicals.add(v["id"])
            if len(radicals) > MAX_RADICALS:
                raise OutputRejected(
                    f"output uses more than the cap of MAX_RADICALS={MAX_RADICALS} distinct square roots"
                )
            stack.extend((v[k], depth + 1) for k in ("a", "b", "r"))
        elif isinstance(v, str):
            if not _RATIONAL.fullmatch(v):
                raise OutputRejected(
                    f"{v[:50]!r} is not an exact rational 'p' or 'p/q' of at most MAX_DIGITS={MAX_DIGITS} digits"
                )
        elif isinstance(v, bool) or not isinstance(v, (int, float)):
            raise OutputRejected(f"output entry of JSON type {type(v).__name__} is not a number")
        elif isinstance(v, float) and not math.isfinite(v):
            raise OutputRejected("output contains NaN or infinity")


def _decode(v: Any, memo: dict[str, Radical]) -> Any:
    if isinstance(v, str):
        p, _, q = v.partition("/")
        if q and int(q) == 0:
            raise OutputRejected(f"{v[:50]!r} has a zero denominator")
        return Fraction(int(p), int(q) if q else 1)
    if isinstance(v, (int, float)):
        return Fraction(v)
    if v["id"] not in memo:
        radicand = _decode(v["r"], memo)
        if sign(radicand) <= 0:
            raise OutputRejected("output has a square root of a number that is not > 0")
        memo[v["id"]] = UntrustedRadical(radicand)
    # through exact arithmetic, not a raw constructor: the child's a and b may live in any tower
    return _decode(v["a"], memo) + _decode(v["b"], memo) * ExactReal(Fraction(0), Fraction(1), memo[v["id"]])


# --------------------------------------------------------------------------- nested results (trainers)
MAX_TREE_DEPTH = 8  # list nesting of a returned structure (layers of weight matrices)


def encode_tree(x: Any, _depth: int = 0) -> Any:
    """A nested structure of numbers (lists, tuples, numpy arrays: e.g. the layers ``[(W, b), …]``
    a training procedure returns) as JSON data: lists of :func:`encode_output` numbers."""
    if _depth > MAX_TREE_DEPTH:
        raise OutputRejected(f"result nests lists deeper than the cap of MAX_TREE_DEPTH={MAX_TREE_DEPTH}")
    if hasattr(x, "detach"):
        x = x.detach().cpu().numpy()
    if hasattr(x, "tolist") and hasattr(x, "shape") and getattr(x, "shape", ()) != ():
        x = x.tolist()
    if isinstance(x, (list, tuple)):
        if len(x) > MAX_ENTRIES:
            raise OutputRejected(f"result has a list of {len(x)} items, more than MAX_ENTRIES={MAX_ENTRIES}")
        return [encode_tree(v, _depth + 1) for v in x]
    return {"n": encode_output([x])[0]}


def decode_tree(data: Any) -> Any:
    """Inverse of :func:`encode_tree` under the same caps (numbers become exact rationals or
    tower numbers; at most MAX_NODES numbers in all)."""
    count = [0]
    _started()

    def walk(v: Any, depth: int) -> Any:
        if depth > MAX_TREE_DEPTH:
            raise OutputRejected(f"result nests lists deeper than the cap of MAX_TREE_DEPTH={MAX_TREE_DEPTH}")
        if isinstance(v, list):
            if len(v) > MAX_ENTRIES:
                raise OutputRejected(f"result has a list of {len(v)} items, more than MAX_ENTRIES={MAX_ENTRIES}")
            return [walk(u, depth + 1) for u in v]
        if isinstance(v, dict) and set(v) == {"n"}:
            count[0] += 1
            if count[0] > MAX_NODES:
                raise OutputRejected(f"result has more than MAX_NODES={MAX_NODES} numbers")
            return decode_output([v["n"]])[0]
        raise OutputRejected(f"result item {str(v)[:60]} is not a list or a number")

    return walk(data, 0)
