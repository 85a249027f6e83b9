"""The kernel's exact numbers: fmpq rationals, interned radicals, exact equality, caps."""

from __future__ import annotations

from fractions import Fraction

import pytest
from flint import fmpq

from sci_oracle.kernel import numbers as q


def _nested() -> q.Num:
    """√(3 + √2)·10^40/7, built from scratch each time."""
    return q.mul(q.sqrt(q.add(3, q.sqrt(2))), Fraction(10**40, 7))


def test_two_computations_of_one_number_cancel_to_an_exact_zero_without_a_ball(monkeypatch):
    x, y = _nested(), _nested()
    assert x.r is y.r  # equal radicands share one radical
    d = q.sub(q.square(x), q.square(y))
    assert isinstance(d, fmpq)
    assert d == 0

    def no_ball(*_):
        raise AssertionError("a structural zero needs no ball")

    monkeypatch.setattr(q, "_arb", no_ball)
    assert q.eq(x, y)
    assert q.is_zero(q.sub(x, y))


def test_dependent_radicals_still_give_exact_answers():
    r2, r8 = q.sqrt(2), q.sqrt(8)  # √8 = 2√2, but the kernel keeps its own radical for √8
    assert r2.r is not r8.r
    assert q.eq(r8, q.mul(2, r2))  # no ball decides a zero: the tower rule does
    assert not q.eq(r8, q.add(q.mul(2, r2), Fraction(1, 2**6000)))
    assert q.sign(q.sub(q.add(q.mul(2, r2), Fraction(1, 2**6000)), r8)) == 1


def test_rationals_are_fmpq_and_constants_convert_exactly():
    x = q.add(Fraction(1, 3), 1)
    assert isinstance(x, fmpq)
    assert x == fmpq(4, 3)
    assert q.eq(q.mul(q.sqrt(2), q.sqrt(2)), 2)
    for bad in (0.5, True, "1/2", None):
        with pytest.raises(q.KernelError, match="not an exact number"):
            q.add(bad, 1)


def test_a_full_intern_table_restarts_and_stays_correct(monkeypatch):
    monkeypatch.setattr(q, "MAX_ROOTS", 2)
    monkeypatch.setattr(q, "_ROOTS", {})
    first = q.sqrt(q.add(5, q.sqrt(3)))
    for k in range(6, 9):
        q.sqrt(q.add(k, q.sqrt(3)))
    assert len(q._ROOTS) <= 2
    again = q.sqrt(q.add(5, q.sqrt(3)))
    assert again.r is not first.r  # no longer shared ...
    assert q.eq(again, first)  # ... and still equal, decided exactly


def test_parsed_numbers_meet_the_family_exactly():
    """A certificate's number and the kernel's own computation of it cancel structurally."""
    c = q.mul(q.sqrt(2), Fraction(10**300, 3))
    p = q.Parser()
    parsed = p.number({"a": "0", "b": "1" + "0" * 300 + "/3", "r": "2", "id": "x"}, "c")
    d = q.sub(parsed, c)
    assert isinstance(d, fmpq)
    assert d == 0


def test_rational_strings_are_capped_and_canonical():
    assert q.rational("-12/35", "x") == Fraction(-12, 35)
    assert isinstance(q.rational("7", "x"), Fraction)
    with pytest.raises(q.KernelError, match="cap"):
        q.rational("1" * (q.MAX_DIGITS + 1), "x")
    with pytest.raises(q.KernelError, match="write 1/2"):
        q.rational("2/4", "x")
