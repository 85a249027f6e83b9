"""The kernel's own exact numbers: a quadratic tower Q(√r₁)(√r₂)…, written independently of the producer.

An element is a python-flint ``fmpq`` (FLINT's big rationals: their gcds are far faster than
``fractions.Fraction``'s at the thousands of digits of large K) or ``Surd(a, b, rad)`` meaning
a + b·√R where a and b live strictly lower in the tower than ``rad`` (ranks order the radicals; a
radicand only uses radicals of lower rank). This is the field of the PNAS 2022 Theorem 1 family
(c = √2·10^K/3 and the nested ‖a‖₂; Colbrook–Antun–Hansen, PNAS 119(12), SI §2) and of the
certificates' numbers. Every operation also takes an ``int`` or a ``Fraction`` (converted exactly);
a float is refused.

Equal radicands share one radical (:func:`sqrt` interns them by their structure), so a number
computed twice, by the family and by the certificate, has one representation and an equality test
``eq(x, y)`` usually ends with x − y being the rational 0, without any ball. Otherwise signs are
decided by ``arb`` balls at rising precision (a ball that excludes 0 is a rigorous decision) and,
when no ball separates from 0 (an exact zero written with dependent radicals), by the exact tower rule

    sign(a + b√R) = sign(a)                     if sign(a) = sign(b) or b = 0,
                  = sign(b)                     if a = 0,
                  = sign(a)·sign(a² − b²R)       otherwise,

which recurses into lower levels only. No float ever decides anything; a ball never decides a zero.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from fractions import Fraction
from typing import Any

import flint
from flint import fmpq, fmpz

MAX_RADICALS = 64  # distinct radicands per certificate
MAX_PER_NUMBER = 4  # distinct radicals inside one number: the tower rule costs ~3^k sign calls
MAX_DEPTH = 3  # nesting of radicals inside radicands
MAX_DIGITS = 100_000  # decimal digits of one numerator or denominator (prove --K 10000 needs 80,150: about 8K)
FIRST_PRECISION = 64  # bits of the first ball; each next one has 4x as many (the work at most 4/3 of the last)
MAX_PRECISION = 1 << 21  # bits of the last ball (4x a number of MAX_DIGITS digits, ~332,000 bits, and more)
MAX_ROOTS = 4096  # interned radicals kept (the table restarts when full: sharing is an economy, not a rule)

_RATIONAL = re.compile(r"-?(0|[1-9][0-9]*)(/[1-9][0-9]*)?")
_ranks = itertools.count(1)
ZERO, ONE = fmpq(0), fmpq(1)


class KernelError(Exception):
    """A certificate the kernel cannot accept; the text names the failing check."""


class Rad:
    """√radicand with a rank above every radical the radicand uses (and a cached ball of it)."""

    __slots__ = ("ball", "depth", "radicand", "rank")

    def __init__(self, radicand: Tower):
        self.radicand = radicand
        self.rank = next(_ranks)
        self.depth: int = 1 + (radicand.r.depth if isinstance(radicand, Surd) else 0)
        self.ball: tuple[int, Any] = (0, None)  # (precision, arb ball of √radicand)


class Surd:
    __slots__ = ("a", "b", "r")

    def __init__(self, a: Tower, b: Tower, r: Rad):
        self.a, self.b, self.r = a, b, r


Tower = fmpq | Surd  # a number as the kernel computes with it
Num = Tower | Fraction | int  # what the operations take (an int or Fraction constant is converted exactly)


def Q(x: Num) -> Tower:
    """x as a kernel number: an fmpq or a Surd (an int or Fraction converted exactly; no float, no bool)."""
    if isinstance(x, (fmpq, Surd)):
        return x
    if isinstance(x, Fraction):
        return fmpq(x.numerator, x.denominator)
    if type(x) is int:
        return fmpq(x)
    raise KernelError(f"not an exact number: {_short(x)}")


def rank(x: Tower) -> int:
    return x.r.rank if isinstance(x, Surd) else 0


def _mk(a: Tower, b: Tower, r: Rad) -> Tower:
    return a if isinstance(b, fmpq) and not b else Surd(a, b, r)


def add(x: Num, y: Num) -> Num:
    return _add(Q(x), Q(y))


def _add(x: Tower, y: Tower) -> Tower:
    if not isinstance(x, Surd):
        if not isinstance(y, Surd):
            return x + y
        return Surd(_add(x, y.a), y.b, y.r)
    if not isinstance(y, Surd) or x.r.rank > y.r.rank:
        return Surd(_add(x.a, y), x.b, x.r)
    if y.r.rank > x.r.rank:
        return Surd(_add(x, y.a), y.b, y.r)
    return _mk(_add(x.a, y.a), _add(x.b, y.b), x.r)


def neg(x: Num) -> Num:
    return _neg(Q(x))


def _neg(x: Tower) -> Tower:
    return Surd(_neg(x.a), _neg(x.b), x.r) if isinstance(x, Surd) else -x


def sub(x: Num, y: Num) -> Num:
    return _add(Q(x), _neg(Q(y)))


def mul(x: Num, y: Num) -> Num:
    return _mul(Q(x), Q(y))


def _mul(x: Tower, y: Tower) -> Tower:
    rx, ry = rank(x), rank(y)
    if rx == ry == 0:
        return x * y  # type: ignore[operator]
    if rx < ry:
        x, y, rx, ry = y, x, ry, rx
    assert isinstance(x, Surd)
    if rx > ry:
        if isinstance(y, fmpq) and not y:
            return ZERO
        return Surd(_mul(x.a, y), _mul(x.b, y), x.r)
    assert isinstance(y, Surd)
    a, b, c, d = x.a, x.b, y.a, y.b
    return _mk(_add(_mul(a, c), _mul(_mul(b, d), x.r.radicand)), _add(_mul(a, d), _mul(b, c)), x.r)


def inv(x: Num) -> Num:
    return _inv(Q(x))


def _inv(x: Tower) -> Tower:
    if not isinstance(x, Surd):
        if not x:
            raise KernelError("division by zero")
        return 1 / x
    a, b, R = x.a, x.b, x.r.radicand
    den = _add(_mul(a, a), _neg(_mul(_mul(b, b), R)))
    if sign(den) == 0:  # √R = |a/b| lies lower in the tower (dependent radicals): x = a + |a|·sign(b)
        if sign(x) == 0:
            raise KernelError("division by zero")
        return _inv(_add(a, _mul(fmpq(sign(b)), _absv(a))))
    s = _inv(den)
    return _mk(_mul(a, s), _neg(_mul(b, s)), x.r)


def div(x: Num, y: Num) -> Num:
    return _mul(Q(x), _inv(Q(y)))


def absv(x: Num) -> Num:
    return _absv(Q(x))


def _absv(x: Tower) -> Tower:
    return _neg(x) if sign(x) < 0 else x


def square(x: Num) -> Num:
    x = Q(x)
    return _mul(x, x)


def sqnorm(v: list[Any]) -> Num:
    out: Tower = ZERO
    for x in v:
        x = Q(x)
        out = _add(out, _mul(x, x))
    return out


_ROOTS: dict[Any, Rad] = {}


def _key(x: Tower) -> Any:
    """A hashable image of x's structure (equal keys: equal numbers; radicals are named by rank)."""
    return (x.r.rank, _key(x.a), _key(x.b)) if isinstance(x, Surd) else x


def sqrt(R: Num) -> Num:
    """√R for R > 0. A rational square root stays rational; equal radicands (same structure) share
    one Rad, so numbers built from them cancel exactly."""
    return _sqrt(Q(R))


def _sqrt(R: Tower) -> Tower:
    if sign(R) <= 0:
        raise KernelError("a radicand must be > 0")
    if isinstance(R, fmpq) and R.p.is_square() and R.q.is_square():
        return fmpq(R.p.isqrt(), R.q.isqrt())
    key = _key(R)
    rad = _ROOTS.get(key)
    if rad is None:
        if len(_ROOTS) >= MAX_ROOTS:
            _ROOTS.clear()
        rad = _ROOTS[key] = Rad(R)
    return Surd(ZERO, ONE, rad)


# --------------------------------------------------------------------------- signs and equality
def _arb(x: Tower, prec: int) -> Any:
    if not isinstance(x, Surd):
        return flint.arb(x)
    rad = x.r
    if rad.ball[0] != prec:
        rad.ball = (prec, _arb(rad.radicand, prec).sqrt())
    return _arb(x.a, prec) + _arb(x.b, prec) * rad.ball[1]


def sign(x: Num) -> int:
    """The exact sign of x: a rational directly; otherwise arb balls at rising precision, then the
    tower rule."""
    x = Q(x)
    if not isinstance(x, Surd):
        return (x > 0) - (x < 0)
    old = flint.ctx.prec
    try:
        # up to a last ball wide enough for the operands' own size (a difference of huge near-equal numbers)
        for prec in _precisions(min(4 * _bits(x) + 256, MAX_PRECISION)):
            flint.ctx.prec = prec
            ball = _arb(x, prec)
            if ball > 0:
                return 1
            if ball < 0:
                return -1
    finally:
        flint.ctx.prec = old
    return _tower_sign(x)


def _precisions(last: int) -> Iterator[int]:
    """FIRST_PRECISION, then 4x each time (all of them cost at most 4/3 of the last one), ending at ``last``."""
    prec = FIRST_PRECISION
    while prec < last:
        yield prec
        prec *= 4
    yield last


def _bits(x: Tower) -> int:
    if isinstance(x, Surd):
        return max(_bits(x.a), _bits(x.b), _bits(x.r.radicand))
    return max(x.p.bit_length(), x.q.bit_length())


def _tower_sign(x: Surd) -> int:
    sa, sb = sign(x.a), sign(x.b)  # lower levels: a ball decides each, unless it is itself 0
    if sb == 0 or sa == sb:
        return sa
    if sa == 0:
        return sb
    return sa * sign(_add(_mul(x.a, x.a), _neg(_mul(_mul(x.b, x.b), x.r.radicand))))


def cmp(x: Num, y: Num) -> int:
    return sign(sub(x, y))


def is_zero(x: Num) -> bool:
    """x = 0 exactly: structurally (x is the rational 0, as x − x is), else by the exact sign; a ball
    only ever shows x ≠ 0."""
    return sign(x) == 0


def eq(x: Num, y: Num) -> bool:
    """x = y exactly (see :func:`is_zero`)."""
    return is_zero(sub(x, y))


def radicals(x: Tower) -> set[int]:
    """The ranks of every radical x involves (in its coefficients and their radicands)."""
    if not isinstance(x, Surd):
        return set()
    return {x.r.rank} | radicals(x.a) | radicals(x.b) | radicals(x.r.radicand)


# --------------------------------------------------------------------------- parsing
def _fmpq(s: Any, what: str) -> fmpq:
    """An fmpq from its canonical JSON string 'p' or 'p/q' (lowest terms, q > 1, bounded size)."""
    if not isinstance(s, str) or len(s) > 2 * MAX_DIGITS + 2 or not _RATIONAL.fullmatch(s):
        raise KernelError(f"{what}: not an exact rational string 'p/q' (got {_short(s)})")
    num, _, den = s.partition("/")
    if len(num.lstrip("-")) > MAX_DIGITS or len(den) > MAX_DIGITS:
        raise KernelError(f"{what}: more than {MAX_DIGITS} digits (cap)")
    p, d = fmpz(num), fmpz(den or 1)
    if s == "-0" or den == "1" or p.gcd(d) != 1:  # one spelling per number, so equal answers are equal text
        raise KernelError(f"{what}: {_short(s)} is not in lowest terms / canonical form (write {fmpq(p, d)})")
    return fmpq(p, d)


def rational(s: Any, what: str) -> Fraction:
    """A rational parameter from its JSON string 'p' or 'p/q' (bounded size); anything else is rejected."""
    x = _fmpq(s, what)
    return Fraction(int(x.p), int(x.q))


def integer(v: Any, what: str, lo: int, hi: int) -> int:
    if type(v) is not int or not lo <= v <= hi:
        raise KernelError(f"{what}: expected an integer in [{lo}, {hi}] (got {_short(v)})")
    return v


class Parser:
    """Parses the serialised numbers of one certificate, capping how many radicals it may introduce."""

    def __init__(self) -> None:
        self.radicals: dict[str, tuple[Tower, Tower]] = {}  # id → (radicand, √radicand)
        self.roots: list[tuple[Tower, Tower]] = []  # the distinct ones

    def number(self, d: Any, what: str) -> Tower:
        x = self._number(d, what)
        if len(radicals(x)) > MAX_PER_NUMBER:
            raise KernelError(f"{what}: more than {MAX_PER_NUMBER} distinct radicals in one number (cap)")
        return x

    def _number(self, d: Any, what: str) -> Tower:
        if isinstance(d, str):
            return _fmpq(d, what)
        if not isinstance(d, dict) or set(d) != {"a", "b", "r", "id"}:
            raise KernelError(f"{what}: not a serialised exact number (got {_short(d)})")
        key = d["id"]
        if not isinstance(key, str) or len(key) > 64:
            raise KernelError(f"{what}: radical id must be a short string")
        R = self.number(d["r"], what)
        if key not in self.radicals:
            if len(self.radicals) >= 100 * MAX_RADICALS:
                raise KernelError(f"{what}: too many radical ids (cap)")
            if isinstance(R, Surd) and R.r.depth >= MAX_DEPTH:
                raise KernelError(f"{what}: radicals nested deeper than {MAX_DEPTH} (cap)")
            # equal radicands under other ids share one radical (producers name them per object)
            same = next((v for v in self.roots if eq(v[0], R)), None)
            if same is None:
                if len(self.roots) >= MAX_RADICALS:
                    raise KernelError(f"{what}: more than {MAX_RADICALS} distinct radicals (cap)")
                same = (R, _sqrt(R))
                self.roots.append(same)
            self.radicals[key] = same
        elif not eq(self.radicals[key][0], R):
            raise KernelError(f"{what}: radical id {key!r} names two different radicands")
        root = self.radicals[key][1]
        return _add(self._number(d["a"], what), _mul(self._number(d["b"], what), root))

    def vector(self, items: Any, what: str, length: int) -> list[Tower]:
        if not isinstance(items, list) or len(items) != length:
            raise KernelError(f"{what}: expected a list of {length} exact numbers")
        return [self.number(v, f"{what}[{i}]") for i, v in enumerate(items)]


def _short(v: Any) -> str:
    s = repr(v)
    return s if len(s) <= 60 else s[:57] + "..."
