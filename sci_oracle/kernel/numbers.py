"""The kernel's own exact numbers: a quadratic tower Q(√r₁)(√r₂)…, written independently of the producer.

An element is a :class:`~fractions.Fraction` or ``Surd(a, b, rad)`` meaning a + b·√R where a and b
live strictly lower in the tower than ``rad`` (ranks order the radicals; a radicand only uses
radicals of lower rank). This is the field of the PNAS 2022 Theorem 1 family (c = √2·10^K/3 and
the nested ‖a‖₂; Colbrook–Antun–Hansen, PNAS 119(12), SI §2) and of the certificates' numbers.

Signs are decided by python-flint ``arb`` balls at rising precision (a ball that excludes 0 is a
rigorous decision) and, when no ball separates from 0, by the exact tower rule

    sign(a + b√R) = sign(a)                     if sign(a) = sign(b) or b = 0,
                  = sign(b)                     if a = 0,
                  = sign(a)·sign(a² − b²R)       otherwise,

which recurses into lower levels only. No float ever decides anything.
"""

from __future__ import annotations

import contextlib
import itertools
import re
import sys
from collections.abc import Iterator
from fractions import Fraction
from typing import Any

import flint

MAX_RADICALS = 64  # distinct radicands per certificate
MAX_PER_NUMBER = 4  # distinct radicals inside one number: the tower rule costs ~3^k sign calls
MAX_DEPTH = 3  # nesting of radicals inside radicands
MAX_DIGITS = 70_000  # decimal digits of one numerator or denominator (K = 10,000 needs about 60,000)
PRECISIONS = (64, 256, 1024, 4096)

_RATIONAL = re.compile(r"-?[0-9]+(/[0-9]+)?")
_ranks = itertools.count(1)


class KernelError(Exception):
    """A certificate the kernel cannot accept; the text names the failing check."""


class Rad:
    """√radicand with a rank above every radical the radicand uses."""

    __slots__ = ("depth", "radicand", "rank")

    def __init__(self, radicand: Num):
        self.radicand = radicand
        self.rank = next(_ranks)
        self.depth: int = 1 + (radicand.r.depth if isinstance(radicand, Surd) else 0)


class Surd:
    __slots__ = ("a", "b", "r")

    def __init__(self, a: Num, b: Num, r: Rad):
        self.a, self.b, self.r = a, b, r


Num = Fraction | Surd


def rank(x: Num) -> int:
    return x.r.rank if isinstance(x, Surd) else 0


def _mk(a: Num, b: Num, r: Rad) -> Num:
    return a if isinstance(b, Fraction) and b == 0 else Surd(a, b, r)


def add(x: Num, y: Num) -> Num:
    rx, ry = rank(x), rank(y)
    if rx == ry == 0:
        return x + y  # type: ignore[operator]
    if rx > ry:
        return _mk(add(x.a, y), x.b, x.r)  # type: ignore[union-attr]
    if ry > rx:
        return _mk(add(x, y.a), y.b, y.r)  # type: ignore[union-attr]
    return _mk(add(x.a, y.a), add(x.b, y.b), x.r)  # type: ignore[union-attr]


def neg(x: Num) -> Num:
    return -x if isinstance(x, Fraction) else Surd(neg(x.a), neg(x.b), x.r)


def sub(x: Num, y: Num) -> Num:
    return add(x, neg(y))


def mul(x: Num, y: Num) -> Num:
    rx, ry = rank(x), rank(y)
    if rx == ry == 0:
        return x * y  # type: ignore[operator]
    if rx < ry:
        x, y, rx, ry = y, x, ry, rx
    if rx > ry:
        return _mk(mul(x.a, y), mul(x.b, y), x.r)  # type: ignore[union-attr]
    a, b, c, d = x.a, x.b, y.a, y.b  # type: ignore[union-attr]
    R = x.r.radicand  # type: ignore[union-attr]
    return _mk(add(mul(a, c), mul(mul(b, d), R)), add(mul(a, d), mul(b, c)), x.r)  # type: ignore[union-attr]


def inv(x: Num) -> Num:
    if isinstance(x, Fraction):
        if x == 0:
            raise KernelError("division by zero")
        return 1 / x
    a, b, R = x.a, x.b, x.r.radicand
    den = sub(mul(a, a), mul(mul(b, b), R))
    if sign(den) == 0:  # √R = |a/b| lies lower in the tower (dependent radicals): x = a + |a|·sign(b)
        if sign(x) == 0:
            raise KernelError("division by zero")
        return inv(add(a, mul(Fraction(sign(b)), absv(a))))
    s = inv(den)
    return _mk(mul(a, s), neg(mul(b, s)), x.r)


def div(x: Num, y: Num) -> Num:
    return mul(x, inv(y))


def absv(x: Num) -> Num:
    return neg(x) if sign(x) < 0 else x


def square(x: Num) -> Num:
    return mul(x, x)


def sqnorm(v: list[Num]) -> Num:
    out: Num = Fraction(0)
    for x in v:
        out = add(out, mul(x, x))
    return out


_RATIONAL_ROOTS: dict[Fraction, Rad] = {}


def sqrt(R: Num) -> Num:
    """√R for R > 0 (a rational square root stays rational; equal rational radicands share one Rad)."""
    if sign(R) <= 0:
        raise KernelError("a radicand must be > 0")
    if isinstance(R, Fraction):
        p, q = _isqrt_exact(R.numerator), _isqrt_exact(R.denominator)
        if p is not None and q is not None:
            return Fraction(p, q)
        if R not in _RATIONAL_ROOTS:
            _RATIONAL_ROOTS[R] = Rad(R)
        return Surd(Fraction(0), Fraction(1), _RATIONAL_ROOTS[R])
    return Surd(Fraction(0), Fraction(1), Rad(R))


def _isqrt_exact(k: int) -> int | None:
    import math

    r = math.isqrt(k)
    return r if r * r == k else None


# --------------------------------------------------------------------------- signs
def _arb(x: Num) -> Any:
    if isinstance(x, Fraction):
        return flint.arb(x.numerator) / x.denominator
    return _arb(x.a) + _arb(x.b) * _arb(x.r.radicand).sqrt()


def sign(x: Num) -> int:
    """The exact sign of x: arb balls at rising precision, then the tower rule."""
    if isinstance(x, Fraction):
        return (x > 0) - (x < 0)
    old = flint.ctx.prec
    try:
        # a last ball wide enough for the operands' own size (a difference of huge near-equal numbers)
        for prec in (*PRECISIONS, min(4 * _bits(x) + 256, 1 << 20)):
            flint.ctx.prec = prec
            ball = _arb(x)
            if ball > 0:
                return 1
            if ball < 0:
                return -1
    finally:
        flint.ctx.prec = old
    return _tower_sign(x)


def _bits(x: Num) -> int:
    if isinstance(x, Fraction):
        return max(x.numerator.bit_length(), x.denominator.bit_length())
    return max(_bits(x.a), _bits(x.b), _bits(x.r.radicand))


def _tower_sign(x: Num) -> int:
    if isinstance(x, Fraction):
        return (x > 0) - (x < 0)
    sa, sb = _tower_sign(x.a), _tower_sign(x.b)
    if sb == 0 or sa == sb:
        return sa
    if sa == 0:
        return sb
    return sa * _tower_sign(sub(mul(x.a, x.a), mul(mul(x.b, x.b), x.r.radicand)))


def cmp(x: Num, y: Num) -> int:
    return sign(sub(x, y))


def radicals(x: Num) -> set[int]:
    """The ranks of every radical x involves (in its coefficients and their radicands)."""
    if isinstance(x, Fraction):
        return set()
    return {x.r.rank} | radicals(x.a) | radicals(x.b) | radicals(x.r.radicand)


# --------------------------------------------------------------------------- parsing
@contextlib.contextmanager
def _long_integers() -> Iterator[None]:
    """Python refuses int <-> str conversions beyond 4,300 digits (its own guard); the length cap
    MAX_DIGITS bounds the work here instead, so large K certificates parse."""
    get, set_ = getattr(sys, "get_int_max_str_digits", None), getattr(sys, "set_int_max_str_digits", None)
    if get is None or set_ is None:  # Python < 3.10.7 has no such limit
        yield
        return
    old = get()
    set_(0)
    try:
        yield
    finally:
        set_(old)


def rational(s: Any, what: str) -> Fraction:
    """A rational from its JSON string 'p' or 'p/q' (bounded size); anything else is rejected."""
    if not isinstance(s, str) or len(s) > 2 * MAX_DIGITS + 2 or not _RATIONAL.fullmatch(s):
        raise KernelError(f"{what}: not an exact rational string 'p/q' (got {_short(s)})")
    num, _, den = s.partition("/")
    with _long_integers():
        if den and int(den) == 0:
            raise KernelError(f"{what}: zero denominator")
        x = Fraction(int(num), int(den) if den else 1)
        canonical = str(x)
    if canonical != s:  # one spelling per number, so equal answers are equal text
        raise KernelError(f"{what}: {_short(s)} is not in lowest terms / canonical form (write {_short(canonical)})")
    return x


def integer(v: Any, what: str, lo: int, hi: int) -> int:
    if type(v) is not int or not lo <= v <= hi:
        raise KernelError(f"{what}: expected an integer in [{lo}, {hi}] (got {_short(v)})")
    return v


class Parser:
    """Parses the serialised numbers of one certificate, capping how many radicals it may introduce."""

    def __init__(self) -> None:
        self.radicals: dict[str, tuple[Num, Num]] = {}  # id → (radicand, √radicand)

    def number(self, d: Any, what: str) -> Num:
        x = self._number(d, what)
        if len(radicals(x)) > MAX_PER_NUMBER:
            raise KernelError(f"{what}: more than {MAX_PER_NUMBER} distinct radicals in one number (cap)")
        return x

    def _number(self, d: Any, what: str) -> Num:
        if isinstance(d, str):
            return rational(d, what)
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
            same = next((v for v in self.radicals.values() if sign(sub(v[0], R)) == 0), None)
            if same is None and len({id(v[1]) for v in self.radicals.values()}) >= MAX_RADICALS:
                raise KernelError(f"{what}: more than {MAX_RADICALS} distinct radicals (cap)")
            self.radicals[key] = same or (R, sqrt(R))
        elif sign(sub(self.radicals[key][0], R)) != 0:
            raise KernelError(f"{what}: radical id {key!r} names two different radicands")
        root = self.radicals[key][1]
        return add(self._number(d["a"], what), mul(self._number(d["b"], what), root))

    def vector(self, items: Any, what: str, length: int) -> list[Num]:
        if not isinstance(items, list) or len(items) != length:
            raise KernelError(f"{what}: expected a list of {length} exact numbers")
        return [self.number(v, f"{what}[{i}]") for i, v in enumerate(items)]


def _short(v: Any) -> str:
    s = repr(v)
    return s if len(s) <= 60 else s[:57] + "..."
