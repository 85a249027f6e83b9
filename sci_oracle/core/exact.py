"""Exact numbers, dyadic rounding, certified comparisons and the one precision context.

Colbrook–Antun–Hansen (PNAS 2022), Theorem 1, uses inputs with irrational entries
(a_i = √2·10^K/3) and a second block scaled by ‖a‖ = √(Σ a_i²). sci_oracle represents every
such number *exactly*, as an element of a tower of real quadratic extensions

    Q ⊂ Q(√r₁) ⊂ Q(√r₁, √r₂) ⊂ …,   each rₖ > 0 an element of the field below it,

and decides signs, comparisons, floors and dyadic roundings exactly: a sign is first read off a
rigorous python-flint ``arb`` enclosure when that ball excludes 0 (ball first; much faster for
the ~2K-digit numbers of large K), and otherwise decided exactly: the sign of a + b√r follows
from the signs of a, b and a² − b²r, one level down. No decision is taken in floating point or
on an unverified ball; other uses of balls (a floor, a display value) are guesses verified exactly.

Python floats are refused wherever exactness is claimed; convert them on purpose with
``Fraction(x)`` (exact for binary64) or :func:`to_fraction` with ``allow_float=True``.

References
----------
.. [1] M. J. Colbrook, V. Antun, A. C. Hansen, "The difficulty of computing stable and accurate
   neural networks", PNAS 119(12) e2107151119 (2022), Theorem 1 and SI §2.
"""

from __future__ import annotations

import contextlib
import functools
import math
import numbers
import sys
import uuid
from collections.abc import Callable, Iterator, Sequence
from fractions import Fraction
from typing import Any, ParamSpec, TypeVar, Union, cast

import mpmath
import numpy as np
from flint import arb, ctx, fmpq, fmpz

from sci_oracle.core.errors import InvalidArgument

__all__ = [
    "ROUNDINGS",
    "ExactReal",
    "Number",
    "approx",
    "ball_sign",
    "correct_digits",
    "digits_string",
    "dot",
    "dyadic_round",
    "enclosure",
    "exact_output",
    "first_disagreeing_digit",
    "floor",
    "int_str_digits",
    "inverse",
    "is_dyadic",
    "precision",
    "rank",
    "sign",
    "solve_linear",
    "sqnorm",
    "sqrt",
    "to_exact",
    "to_fraction",
    "within",
]

Number = Union[int, Fraction, "ExactReal"]
ROUNDINGS = ("nearest", "floor", "ceiling", "random")
P = ParamSpec("P")
R = TypeVar("R")


# --------------------------------------------------------------------------- precision context
class _Precision:
    """Context manager and decorator that sets ``mpmath.mp.prec`` and ``flint.ctx.prec`` together
    and restores both on exit (the only two global precisions the project touches)."""

    def __init__(self, bits: int):
        from sci_oracle.core.validation import check_int

        self.bits = check_int("bits", bits, min_value=2, max_value=1 << 24)
        self._saved: list[tuple[int, int]] = []

    def __enter__(self) -> _Precision:
        self._saved.append((mpmath.mp.prec, ctx.prec))
        mpmath.mp.prec = self.bits
        ctx.prec = self.bits
        return self

    def __exit__(self, *exc: object) -> None:
        mpmath.mp.prec, ctx.prec = self._saved.pop()

    def __call__(self, fn: Callable[P, R]) -> Callable[P, R]:  # decorator use
        @functools.wraps(fn)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            with _Precision(self.bits):
                return fn(*args, **kwargs)

        return wrapper

    def __repr__(self) -> str:
        return f"precision(bits={self.bits})"


def precision(bits: int) -> _Precision:
    """Working precision in bits for mpmath and python-flint at once.

    >>> import mpmath
    >>> with precision(bits=256):
    ...     mpmath.mp.prec
    256
    >>> mpmath.mp.prec
    53
    """
    return _Precision(bits)


# --------------------------------------------------------------------------- huge integers as strings
# Python ≥ 3.11 refuses int <-> decimal string conversions beyond 4300 digits (a guard against
# quadratic-time parsing of untrusted input). Exact numbers of the families reach ~2K digits
# (10^K squared), K ≤ 100 000, so serialisation lifts the limit locally, to a bound, and restores it.
_INT_DIGITS = 1_000_000


@contextlib.contextmanager
def int_str_digits(limit: int = _INT_DIGITS) -> Iterator[None]:
    """Within the block, allow int <-> str conversions of up to ``limit`` digits (then restore)."""
    get = getattr(sys, "get_int_max_str_digits", None)
    old = get() if get is not None else 0
    if old == 0 or old >= limit:  # no limit (Python < 3.11 or disabled) or already high enough
        yield
        return
    sys.set_int_max_str_digits(limit)
    try:
        yield
    finally:
        sys.set_int_max_str_digits(old)


# --------------------------------------------------------------------------- coercion
def to_fraction(value: Any, *, name: str = "value", allow_float: bool = False) -> Fraction:
    """Exact rational from an int, Fraction, fmpq, numpy integer or a string like ``"3/7"``.

    Floats are refused unless ``allow_float=True`` (then converted exactly, binary64 → QQ).
    """
    if isinstance(value, Fraction):
        return value
    if isinstance(value, bool):
        raise InvalidArgument(f"{name}={value!r} is invalid: expected a rational number, got a bool")
    if isinstance(value, numbers.Integral):
        return Fraction(int(value))
    if isinstance(value, fmpq):
        return Fraction(int(value.p), int(value.q))
    if isinstance(value, str):
        try:
            with int_str_digits():
                return Fraction(value)
        except ValueError:
            raise InvalidArgument(f"{name}={value!r} is invalid: not a rational literal like '3/7'") from None
    if isinstance(value, (float, np.floating)):
        if not allow_float:
            raise InvalidArgument(
                f"{name}={value!r} is invalid: a float is not accepted where exactness is claimed; "
                f"pass Fraction({value!r}) to convert it exactly"
            )
        if not math.isfinite(value):
            raise InvalidArgument(f"{name}={value!r} is invalid: it is not finite")
        return Fraction(float(value))
    if isinstance(value, ExactReal):
        raise InvalidArgument(f"{name}={value!r} is invalid: expected a rational, got an irrational ExactReal")
    raise InvalidArgument(
        f"{name}={value!r} is invalid: expected int, Fraction or 'p/q' (got type {type(value).__name__})"
    )


def check_positive_rational(name: str, value: Any) -> Fraction:
    q = to_fraction(value, name=name)
    if q <= 0:
        raise InvalidArgument(f"{name}={value!r} is invalid: {name} must be a rational > 0")
    return q


def to_exact(value: Any, *, name: str = "value", allow_float: bool = False) -> Number:
    """Like :func:`to_fraction` but lets :class:`ExactReal` through."""
    if isinstance(value, ExactReal):
        return value
    return to_fraction(value, name=name, allow_float=allow_float)


# --------------------------------------------------------------------------- the quadratic tower
# Inside the tower the rationals are python-flint fmpq (FLINT's gcds are far faster than those of
# fractions.Fraction at the thousands of digits of large K); every value handed back to a caller
# that is rational is a Fraction again, so the public API sees Fraction and ExactReal only.
_Q = Union[fmpq, "ExactReal"]  # a tower value: an fmpq, or an ExactReal whose parts are tower values
_ZERO, _ONE = fmpq(0), fmpq(1)


def _in(x: Any) -> _Q:
    """A tower value from an operand (ExactReal, fmpq, Fraction, int; a float is refused)."""
    if type(x) is fmpq or isinstance(x, ExactReal):
        return x
    if isinstance(x, Fraction):
        return fmpq(x.numerator, x.denominator)
    q = to_fraction(x, name="operand")
    return fmpq(q.numerator, q.denominator)


def _out(x: _Q) -> Number:
    """A tower value as the public API returns it (a rational is a Fraction)."""
    return x if isinstance(x, ExactReal) else Fraction(int(x.p), int(x.q))


class Radical:
    """√r for an exact r > 0 built before it.

    ``rank = (depth, uid)`` orders radicals so that a radicand only involves radicals of lower
    rank (its depth is smaller), and ``uid`` is random, so radicals made in different processes
    never collide after pickling (equal rank means the same radical).
    """

    __slots__ = ("_ball", "_label", "radicand", "rank")

    def __init__(self, radicand: Number, label: str | None = None):
        self.radicand: _Q = _in(radicand)
        self.rank = (_depth(self.radicand) + 1, uuid.uuid4().int)
        self._label = label
        self._ball: tuple[int, arb | None] = (0, None)  # (precision, ball of √radicand)

    @property
    def label(self) -> str:
        return self._label or f"√({approx(_out(self.radicand), 8)})"

    def __repr__(self) -> str:
        return self.label

    def spend(self) -> None:
        """Called at each step of exact tower work on this radical (products, sign recursion). A
        radical of untrusted data (an algorithm's output) charges a time budget here and raises
        :class:`~sci_oracle.core.errors.Undecided` when it is spent; ours costs nothing."""

    def __getstate__(self) -> tuple[Any, ...]:  # the cached ball is not pickled (arb is not picklable)
        return (self.radicand, self.rank, self._label)

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        self.radicand, self.rank, self._label = state
        self._ball = (0, None)


def _spend(x: _Q) -> None:
    if isinstance(x, ExactReal) and type(x.rad) is not Radical:
        x.rad.spend()


def _depth(x: _Q) -> int:
    """Height of the tower an exact number lives in (0 for a rational)."""
    if not isinstance(x, ExactReal):
        return 0
    return max(x.rad.rank[0], _depth(x.a), _depth(x.b))


_RATIONAL_RANK: tuple[int, ...] = ()


def _rank(x: _Q) -> tuple[int, ...]:
    return x.rad.rank if isinstance(x, ExactReal) else _RATIONAL_RANK


def _make(rad: Radical, a: _Q, b: _Q) -> _Q:
    if type(b) is fmpq and not b:
        return a
    return ExactReal(a, b, rad)


class ExactReal:
    """An exact real number a + b·√r in a tower of real quadratic extensions of Q.

    Arithmetic (+, −, ×, ÷) and comparisons are exact. Construct one with :func:`sqrt`; rationals
    stay plain :class:`fractions.Fraction`. Unhashable, because two representations may denote
    the same number.

    >>> r2 = sqrt(2)
    >>> r2 * r2
    Fraction(2, 1)
    >>> (1 + r2) > Fraction(12, 5)
    True
    >>> 1 / (1 + r2) == r2 - 1
    True
    """

    __slots__ = ("a", "b", "rad")
    __hash__ = None  # type: ignore[assignment]

    def __init__(self, a: Number | fmpq, b: Number | fmpq, rad: Radical):
        self.a, self.b, self.rad = _in(a), _in(b), rad

    # arithmetic ----------------------------------------------------------------------------
    def __add__(self, other: Any) -> Number:
        return _out(_add(self, _in(other)))

    __radd__ = __add__

    def __neg__(self) -> ExactReal:
        return ExactReal(_neg(self.a), _neg(self.b), self.rad)

    def __pos__(self) -> ExactReal:
        return self

    def __sub__(self, other: Any) -> Number:
        return _out(_add(self, _neg(_in(other))))

    def __rsub__(self, other: Any) -> Number:
        return _out(_add(_in(other), _neg(self)))

    def __mul__(self, other: Any) -> Number:
        return _out(_mul(self, _in(other)))

    __rmul__ = __mul__

    def __truediv__(self, other: Any) -> Number:
        return _out(_mul(self, _inverse(_in(other))))

    def __rtruediv__(self, other: Any) -> Number:
        return _out(_mul(_in(other), _inverse(self)))

    def __pow__(self, k: int) -> Number:
        if not isinstance(k, int) or k < 0:
            raise InvalidArgument(f"k={k!r} is invalid: ExactReal powers take an int k >= 0")
        out: _Q = _ONE
        for _ in range(k):
            out = _mul(out, self)
        return _out(out)

    def __abs__(self) -> Number:
        return -self if _sign(self) < 0 else self

    # comparisons (exact) -------------------------------------------------------------------
    def _cmp(self, other: Any) -> int:
        return _sign(_add(self, _neg(_in(other))))

    def __eq__(self, other: Any) -> bool:
        try:
            return self._cmp(other) == 0
        except InvalidArgument:
            return NotImplemented

    def __lt__(self, other: Any) -> bool:
        return self._cmp(other) < 0

    def __le__(self, other: Any) -> bool:
        return self._cmp(other) <= 0

    def __gt__(self, other: Any) -> bool:
        return self._cmp(other) > 0

    def __ge__(self, other: Any) -> bool:
        return self._cmp(other) >= 0

    def __float__(self) -> float:
        # relative accuracy: ask for 60 bits beyond the magnitude of tiny numbers
        return float(approx_fraction(self, 60 + max(0, -_log2_guess(self))))

    def __repr__(self) -> str:
        return f"ExactReal({approx(self, 20)})"

    def __str__(self) -> str:
        return approx(self, 20)


def _neg(x: _Q) -> _Q:
    return ExactReal(_neg(x.a), _neg(x.b), x.rad) if isinstance(x, ExactReal) else -x


def _add(x: _Q, y: _Q) -> _Q:
    rx, ry = _rank(x), _rank(y)
    if not rx and not ry:
        return cast(fmpq, x + y)
    if rx == ry:
        return _make(x.rad, _add(x.a, y.a), _add(x.b, y.b))  # type: ignore[union-attr]
    if rx > ry:
        return ExactReal(_add(x.a, y), x.b, x.rad)  # type: ignore[union-attr]
    return ExactReal(_add(x, y.a), y.b, y.rad)  # type: ignore[union-attr]


def _mul(x: _Q, y: _Q) -> _Q:
    rx, ry = _rank(x), _rank(y)
    if not rx and not ry:
        return cast(fmpq, x * y)
    _spend(x)
    _spend(y)
    if rx == ry:
        r = x.rad.radicand  # type: ignore[union-attr]
        a = _add(_mul(x.a, y.a), _mul(_mul(x.b, y.b), r))  # type: ignore[union-attr]
        b = _add(_mul(x.a, y.b), _mul(x.b, y.a))  # type: ignore[union-attr]
        return _make(x.rad, a, b)  # type: ignore[union-attr]
    if rx < ry:
        x, y = y, x
    if type(y) is fmpq and not y:
        return _ZERO
    return ExactReal(_mul(x.a, y), _mul(x.b, y), x.rad)  # type: ignore[union-attr]


def inverse(x: Number) -> Number:
    """Exact 1/x; raises ZeroDivisionError when x = 0 exactly."""
    if not isinstance(x, ExactReal):
        return 1 / Fraction(x)
    return _out(_inverse(x))


def _inverse(x: _Q) -> _Q:
    if not isinstance(x, ExactReal):
        if not x:
            raise ZeroDivisionError("ExactReal division by zero")
        return 1 / x
    if _sign(x) == 0:
        raise ZeroDivisionError("ExactReal division by zero")
    a, b, r = x.a, x.b, x.rad.radicand
    den = _add(_mul(a, a), _neg(_mul(_mul(b, b), r)))
    if _sign(den) == 0:
        # √r already lies in the field below and a = b√r, so x = 2a.
        return _inverse(_mul(fmpq(2), a))
    inv = _inverse(den)
    return _make(x.rad, _mul(a, inv), _mul(_neg(b), inv))


def sign(x: Number) -> int:
    """Exact sign (−1, 0, +1) of an exact number.

    A number that is exactly 0 in its structure (x − x, or two computations of one value from
    the same radicals) is 0 at once; otherwise a rigorous ball decides when it excludes 0, and
    else the tower rule: for x = a + b√r, equal-signed a, b decide directly; otherwise compare a²
    with b²r one level down. The recursion ends at Q, so the answer is exact whatever the
    representation.
    """
    if isinstance(x, Fraction):
        return (x > 0) - (x < 0)
    if isinstance(x, int):
        return (x > 0) - (x < 0)
    return _sign(x)


def _sign(x: _Q) -> int:
    if not isinstance(x, ExactReal):
        return int(x > 0) - int(x < 0)
    s = _ball_sign(x)
    if s is not None:
        return s
    _spend(x)
    sa, sb = _sign(x.a), _sign(x.b)
    if sb == 0:
        return sa
    if sa == 0 or sa == sb:
        return sb
    # opposite signs: |a| vs |b|√r  <=>  a² vs b²r
    return sa * _sign(_add(_mul(x.a, x.a), _neg(_mul(_mul(x.b, x.b), x.rad.radicand))))


def ball_sign(x: Number) -> int | None:
    """The sign when a rigorous ball (or rational arithmetic) decides it cheaply, else None."""
    if isinstance(x, (Fraction, int)):
        return (x > 0) - (x < 0)
    return _ball_sign(x)


_MAX_BALL_BITS = 1 << 22


def _ball_sign(x: ExactReal) -> int | None:
    """The sign from a rigorous arb enclosure when the ball excludes 0 (ball first: far cheaper than
    exact arithmetic on rationals with thousands of digits); None, and the caller decides exactly,
    when even a ball at the precision of x's own data straddles 0 (e.g. x = 0). The precisions
    rise 4x at a time, so all the balls cost at most 4/3 of the last one."""
    last, bits = min(4 * _bits(x) + 256, _MAX_BALL_BITS), 128
    old = ctx.prec
    try:
        while True:
            ctx.prec = min(bits, last)
            ball = _arb(x)
            if ball > 0:
                return 1
            if ball < 0:
                return -1
            if bits >= last:
                return None
            bits *= 4
    finally:
        ctx.prec = old


def _bits(x: _Q) -> int:
    """Bit size of the largest rational an exact number is built from (a precision scale)."""
    if isinstance(x, ExactReal):
        return max(_bits(x.a), _bits(x.b), _bits(x.rad.radicand))
    return max(x.p.bit_length(), x.q.bit_length())


_ROOTS: dict[Any, Radical] = {}
_MAX_ROOTS = 4096  # interned radicals kept (the table restarts when full: sharing is an economy)


def _key(x: _Q) -> Any:
    """A hashable image of x's structure: equal keys, equal numbers (radicals named by rank)."""
    return (x.rad.rank, _key(x.a), _key(x.b)) if isinstance(x, ExactReal) else x


def sqrt(x: Any, *, label: str | None = None) -> Number:
    """Exact square root of an exact x ≥ 0. Perfect rational squares return a Fraction.

    Equal radicands share one radical (interned by their structure), so two computations of one
    value cancel exactly: their difference is the rational 0, with no ball and no tower rule.
    """
    x = to_exact(x, name="x")
    s = sign(x)
    if s < 0:
        raise InvalidArgument(f"x={approx(x, 10)} is invalid: sqrt needs x >= 0")
    if s == 0:
        return Fraction(0)
    if isinstance(x, Fraction):
        p, q = fmpz(x.numerator), fmpz(x.denominator)
        if p.is_square() and q.is_square():
            return Fraction(int(p.isqrt()), int(q.isqrt()))
        # pull out the square part of the numerator and denominator so √8 = 2√2 shares √2
        num, den = _square_free(p * q)
        return ExactReal(_ZERO, fmpq(num, q), _sqrt_radical(int(den), label))
    key = _key(x)
    rad = _ROOTS.get(key)
    if rad is None:
        if len(_ROOTS) >= _MAX_ROOTS:
            _ROOTS.clear()
        rad = _ROOTS[key] = Radical(x, label)
    return ExactReal(_ZERO, _ONE, rad)


@functools.lru_cache(maxsize=256)
def _sqrt_radical(n: int, label: str | None) -> Radical:
    # a short label for huge radicands: no decimal string of a number with thousands of digits
    return Radical(Fraction(n), label or (f"√{n}" if n.bit_length() < 256 else None))


_SMALL_PRIMES = [p for p in range(2, 1000) if all(p % d for d in range(2, int(p**0.5) + 1))]
_PRIMORIAL = functools.reduce(lambda a, b: a * b, _SMALL_PRIMES, fmpz(1))


def _square_free(n: fmpz) -> tuple[fmpz, fmpz]:
    """n = s² · m with m free of squares of primes < 1000 (a cheap partial factorisation: one gcd
    with the primorial finds the few small primes that divide n)."""
    s = fmpz(1)
    g = n.gcd(_PRIMORIAL)
    for p in _SMALL_PRIMES:
        if g == 1:
            break
        if g % p:
            continue
        g //= p
        pp = p * p
        while n % pp == 0:
            n //= pp
            s *= p
    return s, n


# --------------------------------------------------------------------------- approximation
def enclosure(x: Number, bits: int) -> arb:
    """An arb ball containing x, computed at ``bits`` working precision (display and guesses only)."""
    with precision(bits):
        return _arb(x)


def _arb(x: Any) -> arb:
    """A ball containing x at flint's working precision (the ball of each √r is cached per precision)."""
    if isinstance(x, ExactReal):
        rad = x.rad
        prec, root = rad._ball
        if prec != ctx.prec or root is None:
            root = _arb(rad.radicand).sqrt()
            rad._ball = (ctx.prec, root)
        return _arb(x.a) + _arb(x.b) * root
    if isinstance(x, Fraction):
        return arb(fmpq(x.numerator, x.denominator))
    return arb(x)


def _log2_guess(x: Number) -> int:
    """Roughly log2|x| for x ≠ 0 (from bit lengths, or from a ball that excludes 0)."""
    if isinstance(x, (Fraction, int)):
        x = Fraction(x)
        return x.numerator.bit_length() - x.denominator.bit_length() if x else 0
    if sign(x) == 0:
        return 0
    bits = 64
    while True:
        ball = enclosure(x, bits)
        if not ball.contains(0):
            man, exp = ball.mid().man_exp()
            return int(man).bit_length() + int(exp)
        bits *= 2


def _magnitude_bits(x: Number) -> int:
    return max(_log2_guess(x) + 2, 1)


def approx_fraction(x: Number, bits: int) -> Fraction:
    """A rational within 2^-bits·(1+|x|) of x (the midpoint of a ball); for display and guesses."""
    if isinstance(x, (Fraction, int)):
        return Fraction(x)
    ball = enclosure(x, bits + _magnitude_bits(x) + 10)
    man, exp = ball.mid().man_exp()
    return Fraction(int(man)) * (Fraction(2) ** int(exp))


def approx(x: Number, digits: int = 15) -> str:
    """Decimal string of x to about ``digits`` significant digits (approximate, for display)."""
    if isinstance(x, Fraction) and x.denominator == 1:
        x = x.numerator
    if isinstance(x, int) and abs(x) < 10**digits:
        return str(x)
    bits = int(digits * 3.33) + 10
    ball = enclosure(x, bits + _magnitude_bits(x) + 10)
    return ball.mid().str(digits, radius=False)


def floor(x: Number) -> int:
    """Exact floor of an exact number (guessed from a ball, then verified exactly)."""
    if isinstance(x, (Fraction, int)):
        return math.floor(x)
    bits = 64
    while True:
        k = math.floor(approx_fraction(x, bits))
        for cand in (k, k - 1, k + 1):
            if sign(x - cand) >= 0 and sign(x - (cand + 1)) < 0:
                return cand
        bits *= 2  # pragma: no cover - the guess is always within one


# --------------------------------------------------------------------------- dyadics
def is_dyadic(q: Any, level: int) -> bool:
    """True iff q is a Fraction in D_level = {k·2^-level : k ∈ Z}."""
    return isinstance(q, Fraction) and (q * (1 << level)).denominator == 1


def dyadic_round(x: Number, level: int, rounding: str = "nearest", rng: np.random.Generator | None = None) -> Fraction:
    """A dyadic d ∈ D_level with |d − x| ≤ 2^-level, chosen by ``rounding``.

    ``nearest`` (ties up) gives |d − x| ≤ 2^-(level+1); ``floor``/``ceiling`` round down/up;
    ``random`` picks uniformly among every valid d (two or three candidates) with ``rng``.
    """
    if not (type(level) is int and level >= 0):
        from sci_oracle.core.validation import check_level

        level = check_level("level", level)
    if not isinstance(x, (Fraction, ExactReal)):
        x = to_fraction(x, name="x")  # refuses floats: a float's rounding is not the exact answer claimed
    scale = 1 << level
    xs = x * scale
    if rounding == "nearest":
        k = floor(xs + Fraction(1, 2))
    elif rounding == "floor":
        k = floor(xs)
    elif rounding == "ceiling":
        k = -floor(-xs)
    elif rounding == "random":
        if rng is None:
            raise InvalidArgument("rng=None is invalid: rounding='random' needs a numpy.random.Generator")
        lo, hi = -floor(-(xs - 1)), floor(xs + 1)
        k = lo + int(rng.integers(0, hi - lo + 1))  # stay in Python ints: lo may exceed int64
    else:
        from sci_oracle.core.validation import check_choice

        check_choice("rounding", rounding, ROUNDINGS)
        raise AssertionError  # pragma: no cover
    return Fraction(k, scale)


def within(d: Number, x: Number, level: int) -> bool:
    """Exact test |d − x| ≤ 2^-level."""
    diff = d - x
    return sign((diff if sign(diff) >= 0 else -diff) - Fraction(1, 1 << level)) <= 0


# --------------------------------------------------------------------------- vectors
def dot(u: Sequence[Number], v: Sequence[Number]) -> Number:
    out: _Q = _ZERO
    for a, b in zip(u, v, strict=True):
        if (isinstance(a, Fraction) and a == 0) or (isinstance(b, Fraction) and b == 0):
            continue
        out = _add(out, _mul(_in(a), _in(b)))
    return _out(out)


def sqnorm(v: Sequence[Number]) -> Number:
    return dot(v, v)


def correct_digits(dist2: Number, *, max_digits: int = 100_000) -> int:
    """Largest k in [−max_digits, max_digits] with dist ≤ 10^-k, decided exactly from dist²."""
    if sign(dist2) < 0:
        raise InvalidArgument("dist2 is invalid: a squared distance must be >= 0")
    if sign(dist2) == 0:
        return max_digits

    def ok(k: int) -> bool:
        return sign(dist2 - Fraction(10) ** (-2 * k)) <= 0

    k = max(min(int(-_log2_guess(dist2) * 0.150515), max_digits), -max_digits)  # log10(2)/2
    while k < max_digits and ok(k + 1):
        k += 1
    while k > -max_digits and not ok(k):
        k -= 1
    return k


def first_disagreeing_digit(
    x: Sequence[Number] | Number, y: Sequence[Number] | Number, *, max_digits: int = 100_000
) -> int | None:
    """Smallest k ≥ 0 such that ⌊10^k·x_i⌋ ≠ ⌊10^k·y_i⌋ for some coordinate i (k = 0 is the integer
    part, k = K the K-th decimal place); None if they agree to ``max_digits`` places.

    Decimal expansions can disagree early although the numbers are close (0.0999… vs 0.1);
    accuracy verdicts therefore use distances, and this helper is for display.
    """
    xs: list[Number] = list(x) if isinstance(x, (list, tuple, np.ndarray)) else [cast(Number, x)]
    ys: list[Number] = list(y) if isinstance(y, (list, tuple, np.ndarray)) else [cast(Number, y)]
    if len(xs) != len(ys):
        raise InvalidArgument(f"x and y have lengths {len(xs)} and {len(ys)}: they must match")
    best: int | None = None
    for a, b in zip(xs, ys, strict=True):
        if sign(a - b) == 0:
            continue
        # guess the place from |a − b|, then walk exactly
        k = max(0, correct_digits(sqnorm([a - b]), max_digits=max_digits) - 1)
        while k > 0 and floor(a * 10**k) != floor(b * 10**k):
            k -= 1
        while k <= max_digits and floor(a * 10**k) == floor(b * 10**k):
            k += 1
        if k <= max_digits:
            best = k if best is None else min(best, k)
    return best


def digits_string(x: Number, places: int) -> str:
    """The decimal expansion of x truncated (exactly) to ``places`` places, e.g. '0.0021'."""
    n = floor(x * 10**places)
    neg = n < 0
    # truncation toward −∞ for negative numbers is shown as its own expansion
    with int_str_digits():
        s = str(abs(n)).rjust(places + 1, "0")
    return ("-" if neg else "") + s[:-places] + "." + s[-places:] if places else ("-" if neg else "") + s


# --------------------------------------------------------------------------- small exact linear algebra
def solve_linear(M: Sequence[Sequence[Number]], b: Sequence[Number]) -> list[Number] | None:
    """Exact solution of the square system M u = b by Gaussian elimination; None if M is singular."""
    n = len(M)
    rows = [[*list(M[i]), b[i]] for i in range(n)]
    for col in range(n):
        piv = next((r for r in range(col, n) if sign(rows[r][col]) != 0), None)
        if piv is None:
            return None
        rows[col], rows[piv] = rows[piv], rows[col]
        inv = inverse(rows[col][col])
        rows[col] = [v * inv for v in rows[col]]
        for r in range(n):
            if r != col and sign(rows[r][col]) != 0:
                f = rows[r][col]
                rows[r] = [v - f * w for v, w in zip(rows[r], rows[col], strict=True)]
    return [rows[i][n] for i in range(n)]


def rank(M: Sequence[Sequence[Number]]) -> int:
    """Exact rank of a small matrix."""
    rows = [list(r) for r in M]
    rk, ncols = 0, len(rows[0]) if rows else 0
    for col in range(ncols):
        piv = next((r for r in range(rk, len(rows)) if sign(rows[r][col]) != 0), None)
        if piv is None:
            continue
        rows[rk], rows[piv] = rows[piv], rows[rk]
        inv = inverse(rows[rk][col])
        for r in range(rk + 1, len(rows)):
            if sign(rows[r][col]) != 0:
                f = rows[r][col] * inv
                rows[r] = [v - f * w for v, w in zip(rows[r], rows[rk], strict=True)]
        rk += 1
    return rk


# --------------------------------------------------------------------------- serialisation
def number_to_json(x: Number | fmpq) -> Any:
    """Exact JSON form: 'p/q' for a rational; {'a', 'b', 'r', 'id'} for a + b√r (id names the radical)."""
    if not isinstance(x, ExactReal):
        return str(_in(x))  # FLINT's decimal conversion (fast, no digit limit), spelt 'p/q' as Fraction does
    return {
        "a": number_to_json(x.a),
        "b": number_to_json(x.b),
        "r": number_to_json(x.rad.radicand),
        "id": str(x.rad.rank[1]),
    }


def number_from_json(d: Any, _radicals: dict[str, Radical] | None = None) -> Number:
    """Inverse of :func:`number_to_json` (radicals with equal id are rebuilt once and shared)."""
    memo = {} if _radicals is None else _radicals
    if isinstance(d, str):
        return to_fraction(d, name="d")
    if not isinstance(d, dict) or set(d) != {"a", "b", "r", "id"}:
        raise InvalidArgument(f"d={d!r} is invalid: not a serialised exact number")
    key = str(d["id"])
    r = number_from_json(d["r"], memo)
    if sign(r) <= 0:  # √r of r ≤ 0 is not a real number: signs decided on it would be meaningless
        raise InvalidArgument(f"d['r']={d['r']!r} is invalid: a radicand must be > 0")
    if key not in memo:
        memo[key] = Radical(r)
    elif _sign(_add(memo[key].radicand, _neg(_in(r)))) != 0:
        raise InvalidArgument(f"d['id']={key!r} is invalid: the same radical id names two different radicands")
    a, b = number_from_json(d["a"], memo), number_from_json(d["b"], memo)
    return _out(_make(memo[key], _in(a), _in(b)))


def vector_from_json(items: Sequence[Any]) -> tuple[Number, ...]:
    memo: dict[str, Radical] = {}
    return tuple(number_from_json(v, memo) for v in items)


# --------------------------------------------------------------------------- outputs
def exact_output(out: Any, N: int | None) -> tuple[Number, ...]:
    """The algorithm's output as exact numbers (floats converted exactly: they *are* the output).

    Raises InvalidArgument for NaN/inf, a wrong length or an unconvertible type.
    """
    if out is None:  # said as such, not as "output has 1 entries"
        raise InvalidArgument("the algorithm returned None, not a vector of numbers (a missing return?)")
    if hasattr(out, "detach"):  # a torch tensor, without importing torch
        out = out.detach().cpu().numpy()
    arr = np.asarray(out, dtype=object).ravel()
    if N is not None and arr.size != N:
        raise InvalidArgument(f"output has {arr.size} entries: expected a vector of length N={N}")
    vals: list[Number] = []
    for i, v in enumerate(arr):
        if isinstance(v, (Fraction, ExactReal)):
            vals.append(v)
        elif isinstance(v, (int, np.integer)) and not isinstance(v, bool):
            vals.append(Fraction(int(v)))
        elif isinstance(v, (float, np.floating)):
            if not math.isfinite(v):
                raise InvalidArgument(f"output[{i}]={v!r} is invalid: the output contains NaN or infinity")
            vals.append(Fraction(float(v)))
        elif isinstance(v, mpmath.mpf):
            if not mpmath.isfinite(v):
                raise InvalidArgument(f"output[{i}]={v!r} is invalid: not finite")
            man, exp = v.man_exp
            vals.append(Fraction(int(man)) * Fraction(2) ** int(exp))
        else:
            raise InvalidArgument(f"output[{i}]={v!r} is invalid: expected a number (got {type(v).__name__})")
    return tuple(vals)
