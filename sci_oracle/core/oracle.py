"""Inexact input as an oracle: exact dyadic answers within 2^-n, every query logged.

The SCI model with Δ1 information (Bastounis–Hansen–Vlačić, Def 9.12/9.14; PNAS 2022 SI §2):
an algorithm never sees its input (A, y); it asks for precision level n and receives exact
dyadic rationals

- *entrywise*: each entry d with |d − x| ≤ 2^-n and d ∈ D_n = 2^-n·Z, or
- *normwise*: a whole array X_n with ‖X_n − X‖₂ ≤ 2^-n (the form of the PNAS Table 1 header);
  answers lie on a finer grid chosen so that the Frobenius norm, hence ‖·‖₂, meets the bound.

Oracles:

- :class:`HonestOracle`: answers for the true input with a chosen rounding (nearest, floor,
  ceiling, or random within tolerance).
- :class:`ReplayOracle`: serves a recorded :class:`Transcript`, rejecting any other query.
- :class:`AdversarialOracle`: answers for a *decoy* input at levels ≤ a hidden level (replaying a
  recorded transcript when given one) and checks, exactly, that each such answer is also valid
  for its true input; above the hidden level it answers honestly for the true input.

In-process oracles keep the exact input in a private attribute, which Python code can still
reach by introspection; the isolated mode (child process) is what makes that impossible.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from sci_oracle.core.errors import BudgetExceeded, InvalidArgument, NotIndistinguishable, UnexpectedQuery
from sci_oracle.core.exact import (
    ROUNDINGS,
    Number,
    dyadic_round,
    int_str_digits,
    number_to_json,
    sign,
    to_exact,
    to_fraction,
    within,
)
from sci_oracle.core.validation import check_choice, check_int, check_level

MODES = ("entrywise", "normwise")
__all__ = [
    "MODES",
    "AdversarialOracle",
    "Answer",
    "DyadicArray",
    "ExactArray",
    "HonestOracle",
    "Oracle",
    "Query",
    "ReplayOracle",
    "Transcript",
    "is_valid_answer",
]


# --------------------------------------------------------------------------- exact data
class ExactArray:
    """An exact scalar, vector or matrix (entries Fraction or ExactReal).

    Floats are refused; :meth:`from_float64` takes a float64 array *as the exact binary64 values*
    it holds, with a fast rounding path (for large user matrices).
    """

    __slots__ = ("_float", "_values", "shape")
    _values: np.ndarray | None  # exact entries, built on first use when created from float64
    _float: np.ndarray | None  # the binary64 values this array holds exactly, if any
    shape: tuple[int, ...]

    def __init__(self, values: Any, *, name: str = "array"):
        arr = np.asarray(values, dtype=object)
        out = np.empty(arr.shape, dtype=object)
        for idx in np.ndindex(arr.shape):
            out[idx] = to_exact(arr[idx], name=f"{name}{list(idx)}")
        self._values, self._float, self.shape = out, None, arr.shape

    @classmethod
    def from_float64(cls, values: Any, *, name: str = "array") -> ExactArray:
        arr = np.asarray(values, dtype=np.float64)
        if not np.all(np.isfinite(arr)):
            raise InvalidArgument(f"{name} is invalid: it contains NaN or infinity")
        self = cls.__new__(cls)
        self._values, self._float, self.shape = None, arr.copy(), arr.shape
        return self

    @property
    def size(self) -> int:
        return int(np.prod(self.shape)) if self.shape else 1

    def entries(self) -> np.ndarray:
        """Object array of exact entries (Fraction / ExactReal)."""
        if self._values is None:
            assert self._float is not None  # one of the two representations is always present
            out = np.empty(self.shape, dtype=object)
            for idx in np.ndindex(self.shape):
                out[idx] = Fraction(float(self._float[idx]))
            self._values = out
        return self._values

    def entry(self, index: tuple[int, ...]) -> Number:
        value: Number = self.entries()[index]
        return value

    def round(self, level: int, rounding: str = "nearest", rng: np.random.Generator | None = None) -> DyadicArray:
        """Entrywise dyadic answers at ``level``."""
        if self._float is not None and rounding in ("nearest", "floor", "ceiling") and level < 1000:
            with np.errstate(over="ignore"):
                scaled = self._float * 2.0**level  # exact: a power-of-two scaling (inf fails the test below)
            if np.abs(scaled).max(initial=0.0) < 2.0**53:
                fl = np.floor(scaled)
                if rounding == "nearest":  # ties up, as dyadic_round; s − ⌊s⌋ is exact in binary64
                    fl += scaled - fl >= 0.5
                elif rounding == "ceiling":
                    fl = np.ceil(scaled)
                return DyadicArray(fl, level)  # integer-valued float64 numerators, exact below 2^53
        nums = np.empty(self.shape, dtype=object)
        entries = self.entries()
        for idx in np.ndindex(self.shape):
            nums[idx] = int(dyadic_round(entries[idx], level, rounding, rng) * (1 << level))
        return DyadicArray(nums, level)

    def __repr__(self) -> str:
        kind = "float64" if self._float is not None else "exact"
        return f"ExactArray(shape={self.shape}, {kind})"


_EXACT_INT = 1 << 53  # integers of smaller magnitude are exact float64 values


class DyadicArray:
    """An array of exact dyadics k·2^-level, stored as integer numerators: Python ints in an object
    array, or integer-valued float64 below 2^53 (the fast path for float64 inputs)."""

    __slots__ = ("level", "numerators")

    def __init__(self, numerators: np.ndarray, level: int):
        self.numerators, self.level = numerators, level

    @property
    def shape(self) -> tuple[int, ...]:
        return self.numerators.shape

    def __getitem__(self, index: Any) -> Fraction:
        return Fraction(int(self.numerators[index]), 1 << self.level)

    def to_fractions(self) -> np.ndarray:
        """Object array of exact Fractions."""
        d = 1 << self.level
        out = np.empty(self.shape, dtype=object)
        for idx in np.ndindex(self.shape):
            out[idx] = Fraction(int(self.numerators[idx]), d)
        return out

    def to_float64(self) -> np.ndarray:
        """Nearest float64 values (explicit, lossy conversion for algorithms written with numpy)."""
        if self.numerators.dtype == np.float64:
            return self.numerators * 2.0**-self.level
        if self.level <= 1022:
            k = self.numerators.astype(np.float64)  # rounding is monotone: |float(k)| < 2^53 iff |k| < 2^53
            if k.size == 0 or float(np.abs(k).max()) < _EXACT_INT:
                # each k is then exact and 2^-level is exact: one correctly rounded product, the
                # same value as float(Fraction(k, 2^level)), ~20x faster than converting each
                return np.asarray(k * 2.0**-self.level)
        return np.asarray(
            np.vectorize(lambda k: float(Fraction(int(k), 1 << self.level)), otypes=[np.float64])(self.numerators)
        )

    def to_mpmath(self) -> np.ndarray:
        """Object array of mpmath mpf at the current mpmath precision (wrap in ``precision(bits)``)."""
        import mpmath

        return np.asarray(
            np.vectorize(lambda k: mpmath.ldexp(mpmath.mpf(int(k)), -self.level), otypes=[object])(self.numerators)
        )

    def __eq__(self, other: Any) -> bool:
        return (
            isinstance(other, DyadicArray)
            and self.level == other.level
            and self.shape == other.shape
            and bool(np.all(self.numerators == other.numerators))
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "shape": list(self.shape),
            "numerators": [number_to_json(int(k)) for k in self.numerators.ravel()],
        }

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> DyadicArray:
        with int_str_digits():  # numerators of large K exceed Python's 4,300-digit default
            nums = np.array([int(k) for k in d["numerators"]], dtype=object).reshape(d["shape"])
        return cls(nums, int(d["level"]))

    def __repr__(self) -> str:
        return f"DyadicArray(shape={self.shape}, level={self.level})"


# --------------------------------------------------------------------------- transcripts
@dataclass(frozen=True)
class Query:
    """One oracle request: an array name, an entry index (None = the whole array) and a level."""

    name: str
    index: tuple[int, ...] | None
    level: int

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "index": None if self.index is None else list(self.index), "level": self.level}


@dataclass(frozen=True)
class Answer:
    seq: int
    query: Query
    value: Fraction | DyadicArray

    def to_json(self) -> dict[str, Any]:
        v = self.value.to_json() if isinstance(self.value, DyadicArray) else number_to_json(self.value)
        return {"seq": self.seq, **self.query.to_json(), "value": v}

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> Answer:
        q = Query(d["name"], None if d["index"] is None else tuple(d["index"]), int(d["level"]))
        v = DyadicArray.from_json(d["value"]) if isinstance(d["value"], dict) else to_fraction(d["value"], name="value")
        return cls(int(d["seq"]), q, v)


class Transcript:
    """The ordered record of every query and answer: the replayable test case of a run."""

    def __init__(self, answers: Iterable[Answer] = ()):
        self.answers: list[Answer] = list(answers)

    def append(self, query: Query, value: Fraction | DyadicArray) -> None:
        self.answers.append(Answer(len(self.answers), query, value))

    def __len__(self) -> int:
        return len(self.answers)

    def __iter__(self) -> Iterator[Answer]:
        return iter(self.answers)

    @property
    def max_level(self) -> int:
        """The deepest level read (−1 for an empty transcript)."""
        return max((a.query.level for a in self.answers), default=-1)

    def __eq__(self, other: Any) -> bool:
        return (
            isinstance(other, Transcript)
            and len(self) == len(other)
            and all(a.query == b.query and a.value == b.value for a, b in zip(self.answers, other.answers, strict=True))
        )

    def first_difference(self, other: Transcript) -> int | None:
        for i, (a, b) in enumerate(zip(self.answers, other.answers, strict=True)):
            if a.query != b.query or a.value != b.value:
                return i
        return None if len(self) == len(other) else min(len(self), len(other))

    def to_json(self) -> list[dict[str, Any]]:
        return [a.to_json() for a in self.answers]

    @classmethod
    def from_json(cls, items: Sequence[Mapping[str, Any]]) -> Transcript:
        return cls(Answer.from_json(d) for d in items)

    def __repr__(self) -> str:
        return f"Transcript({len(self)} answers, max_level={self.max_level})"


# --------------------------------------------------------------------------- validity
def normwise_grid(size: int) -> int:
    """Extra bits t so that entry errors ≤ 2^-(n+t) give a Frobenius error ≤ 2^-n (2^t ≥ √size)."""
    return max(0, math.ceil(math.log2(size) / 2)) if size > 1 else 0


def is_valid_answer(x: ExactArray, query: Query, value: Fraction | DyadicArray, mode: str = "entrywise") -> bool:
    """Exact check that ``value`` is a legal answer to ``query`` for the exact array ``x``."""
    n = query.level
    if query.index is not None:
        if mode == "normwise":  # the normwise model serves whole arrays only
            return False
        return isinstance(value, Fraction) and within(value, x.entry(query.index), n) and _on_grid(value, n)
    if not isinstance(value, DyadicArray) or value.shape != x.shape:
        return False
    exact = x.entries().ravel()
    got = value.to_fractions().ravel()
    if mode == "entrywise":
        return value.level == n and all(within(d, e, n) for d, e in zip(got, exact, strict=True))
    err2: Number = Fraction(0)
    for d, e in zip(got, exact, strict=True):
        diff = d - e
        err2 = err2 + diff * diff
    return sign(err2 - Fraction(1, 1 << (2 * n))) <= 0  # ‖·‖₂ ≤ ‖·‖_F ≤ 2^-n


def _on_grid(q: Fraction, level: int) -> bool:
    return (q * (1 << level)).denominator == 1


# --------------------------------------------------------------------------- oracles
class Oracle:
    """Base oracle: validation, budgets, caching and the transcript. Subclasses supply ``_answer``.

    Public for algorithms: :meth:`read`, :meth:`float64`, :meth:`fractions`, :meth:`mpmath`,
    :attr:`names`, :meth:`shape`, :attr:`problem` (the public problem description: which
    problem, λ or ε, weights, dimensions), :attr:`transcript` and :attr:`max_level`.
    """

    def __init__(
        self,
        shapes: Mapping[str, tuple[int, ...]],
        *,
        problem: Any = None,
        mode: str = "entrywise",
        max_level: int | None = None,
        max_queries: int | None = None,
        timeout: float | None = None,
    ):
        self._shapes = dict(shapes)
        self.problem = problem
        self.mode = check_choice("mode", mode, MODES)
        self.max_level_allowed = None if max_level is None else check_level("max_level", max_level)
        self.max_queries = None if max_queries is None else check_int("max_queries", max_queries, min_value=1)
        self._deadline = None if timeout is None else time.monotonic() + timeout
        self._timeout = timeout
        self.transcript = Transcript()
        self._cache: dict[Query, Fraction | DyadicArray] = {}

    _use_cache = True  # repeated queries get the same answer

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self._shapes)

    def shape(self, name: str) -> tuple[int, ...]:
        check_choice("name", name, self.names)
        return self._shapes[name]

    @property
    def max_level(self) -> int:
        """Deepest level read so far (−1 before any query)."""
        return self.transcript.max_level

    def read(self, name: str, level: int, index: Sequence[int] | int | None = None) -> Fraction | DyadicArray:
        """Answer for one entry (a Fraction) or, with ``index=None``, the whole array (DyadicArray)."""
        check_choice("name", name, self.names)
        level = check_level("level", level)
        if index is not None:
            if self.mode == "normwise":
                raise InvalidArgument("index is invalid in normwise mode: read whole arrays (index=None)")
            shape = self._shapes[name]
            idx = (
                (index,)
                if isinstance(index, (int, np.integer))
                else tuple(index)
                if isinstance(index, (tuple, list, np.ndarray))
                else None
            )
            if (
                idx is None
                or len(idx) != len(shape)
                or any(
                    isinstance(i, (bool, np.bool_)) or not isinstance(i, (int, np.integer)) or not 0 <= i < s
                    for i, s in zip(idx, shape, strict=True)
                )
            ):
                raise InvalidArgument(
                    f"index={index!r} is invalid for {name!r} of shape {shape}: "
                    "expected one int i_k with 0 <= i_k < shape[k] per dimension"
                )
            index = tuple(int(i) for i in idx)
        query = Query(name, index, level)
        self._charge(query)
        value = self._cache.get(query) if self._use_cache else None
        if value is None:
            value = self._answer(query)
            self._cache[query] = value
        self.transcript.append(query, value)
        return value

    def float64(self, name: str, level: int | None = None) -> np.ndarray:
        """The whole array at ``level`` as numpy float64 (an explicit, lossy conversion).

        ``level`` is required: it is the precision the algorithm asks for, and the adversary of
        PNAS 2022 Theorem 1(a) is built from the levels read, so a silent default would decide
        the report. Omitting it raises an error that shows the call to write.
        """
        if level is None:
            raise InvalidArgument(
                f"level is missing: oracle.float64({name!r}) must say how precisely to read, e.g. "
                f"oracle.float64({name!r}, 52) for answers within 2^-52 (about what a float64 holds); "
                "the level read is what the barrier's adversary uses"
            )
        value = self.read(name, level)
        return value.to_float64()  # type: ignore[union-attr]

    def fractions(self, name: str, level: int) -> np.ndarray:
        """The whole array at ``level`` as an object array of exact Fractions."""
        return self.read(name, level).to_fractions()  # type: ignore[union-attr]

    def mpmath(self, name: str, level: int) -> np.ndarray:
        """The whole array at ``level`` as mpmath numbers (at the current mpmath precision)."""
        return self.read(name, level).to_mpmath()  # type: ignore[union-attr]

    def _charge(self, query: Query) -> None:
        if self.max_level_allowed is not None and query.level > self.max_level_allowed:
            raise BudgetExceeded(f"level {query.level} exceeds max_level={self.max_level_allowed}")
        if self.max_queries is not None and len(self.transcript) >= self.max_queries:
            raise BudgetExceeded(f"more than max_queries={self.max_queries} queries")
        if self._deadline is not None and time.monotonic() > self._deadline:
            raise BudgetExceeded(f"exceeded timeout={self._timeout} s")

    def _answer(self, query: Query) -> Fraction | DyadicArray:  # pragma: no cover - abstract
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}(names={self.names}, mode={self.mode!r}, queries={len(self.transcript)})"


def _honest(
    x: ExactArray, query: Query, mode: str, rounding: str, rng: np.random.Generator | None
) -> Fraction | DyadicArray:
    if query.index is not None:
        return dyadic_round(x.entry(query.index), query.level, rounding, rng)
    if mode == "normwise":
        return x.round(query.level + normwise_grid(x.size), rounding, rng)
    return x.round(query.level, rounding, rng)


def _as_inputs(inputs: Mapping[str, Any], name: str) -> dict[str, ExactArray]:
    if not isinstance(inputs, Mapping) or not inputs:
        raise InvalidArgument(f"{name} is invalid: expected a non-empty mapping name -> ExactArray")
    return {k: v if isinstance(v, ExactArray) else ExactArray(v, name=k) for k, v in inputs.items()}


class HonestOracle(Oracle):
    """A Δ1 oracle for an exact input, answering with ``rounding`` (default ``nearest``).

    ``rounding='random'`` draws among all valid dyadics with ``numpy.random.default_rng(seed)``;
    repeated queries get the same answer (answers are cached).
    """

    def __init__(self, inputs: Mapping[str, Any], *, rounding: str = "nearest", seed: int | None = None, **kw: Any):
        self._inputs = _as_inputs(inputs, "inputs")
        super().__init__({k: v.shape for k, v in self._inputs.items()}, **kw)
        self.rounding = check_choice("rounding", rounding, ROUNDINGS)
        if rounding == "random" and seed is None:
            raise InvalidArgument("seed=None is invalid with rounding='random': pass an int seed")
        self._rng = np.random.default_rng(seed) if seed is not None else None

    def _answer(self, query: Query) -> Fraction | DyadicArray:
        return _honest(self._inputs[query.name], query, self.mode, self.rounding, self._rng)


class ReplayOracle(Oracle):
    """Serves a recorded transcript in order; any other query raises :class:`UnexpectedQuery`."""

    def __init__(self, transcript: Transcript, shapes: Mapping[str, tuple[int, ...]], **kw: Any):
        super().__init__(shapes, **kw)
        self._recorded = list(transcript)
        self._pos = 0

    _use_cache = False  # replay follows the recording, repeats included

    def _answer(self, query: Query) -> Fraction | DyadicArray:
        if self._pos >= len(self._recorded):
            raise UnexpectedQuery(f"query {query} after the end of the transcript ({len(self._recorded)} answers)")
        rec = self._recorded[self._pos]
        if rec.query != query:
            raise UnexpectedQuery(f"query #{self._pos} was {rec.query} when recorded but is now {query}")
        self._pos += 1
        return rec.value

    @property
    def exhausted(self) -> bool:
        return self._pos == len(self._recorded)


class AdversarialOracle(Oracle):
    """A legal Δ1 oracle for ``truth`` that answers like ``decoy`` at every level ≤ ``hidden_level``.

    At levels ≤ ``hidden_level`` the answer is the one recorded in ``decoy_transcript`` (if the
    query is there) or the decoy's honest answer, and it is checked exactly to be valid for
    ``truth`` too; if it is not, :class:`NotIndistinguishable` is raised rather than serving an
    illegal answer. Above ``hidden_level`` it answers honestly for ``truth``.
    """

    def __init__(
        self,
        truth: Mapping[str, Any],
        decoy: Mapping[str, Any],
        hidden_level: int,
        *,
        decoy_transcript: Transcript | None = None,
        rounding: str = "nearest",
        **kw: Any,
    ):
        self._truth = _as_inputs(truth, "truth")
        self._decoy = _as_inputs(decoy, "decoy")
        if {k: v.shape for k, v in self._truth.items()} != {k: v.shape for k, v in self._decoy.items()}:
            raise InvalidArgument("truth and decoy are invalid: they must have the same names and shapes")
        super().__init__({k: v.shape for k, v in self._truth.items()}, **kw)
        self.hidden_level = check_int(
            "hidden_level", hidden_level, min_value=-1, max_value=1 << 20
        )  # −1: nothing hidden
        self.rounding = check_choice("rounding", rounding, ("nearest", "floor", "ceiling"))
        self._recorded: dict[Query, Fraction | DyadicArray] = {}
        for a in decoy_transcript or ():
            self._recorded.setdefault(a.query, a.value)

    def _answer(self, query: Query) -> Fraction | DyadicArray:
        x = self._truth[query.name]
        if query.level > self.hidden_level:
            return _honest(x, query, self.mode, "nearest", None)
        value = self._recorded.get(query)
        if value is None:
            value = _honest(self._decoy[query.name], query, self.mode, self.rounding, None)
        if not is_valid_answer(x, query, value, self.mode):
            raise NotIndistinguishable(f"the decoy's answer to {query} is not valid for the true input")
        return value
