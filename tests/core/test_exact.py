"""Exact arithmetic: the quadratic tower, dyadic rounding, digits, the precision context."""

from __future__ import annotations

from fractions import Fraction

import mpmath
import pytest
from flint import ctx, fmpq
from hypothesis import given
from hypothesis import strategies as st

from sci_oracle.core.errors import InvalidArgument
from sci_oracle.core.exact import (
    ExactReal,
    correct_digits,
    digits_string,
    dot,
    dyadic_round,
    first_disagreeing_digit,
    floor,
    inverse,
    is_dyadic,
    number_from_json,
    number_to_json,
    precision,
    sign,
    sqnorm,
    sqrt,
    to_fraction,
    vector_from_json,
    within,
)

rationals = st.fractions(min_value=-1000, max_value=1000, max_denominator=10**6)
radicands = st.fractions(min_value=Fraction(1, 100), max_value=1000, max_denominator=1000)


@st.composite
def surds(draw):
    """a + b√r + d√(r + √s): two levels of the tower."""
    a, b, d = draw(rationals), draw(rationals), draw(rationals)
    r, s = draw(radicands), draw(radicands)
    return a + b * sqrt(r) + d * sqrt(r + sqrt(s))


def _mp(x):
    """Reference value of an exact number with mpmath at 400 bits (test oracle only)."""
    if isinstance(x, (Fraction, fmpq)):  # a Fraction, or an fmpq inside the tower
        return mpmath.mpf(int(x.numerator)) / int(x.denominator)
    return _mp(x.a) + _mp(x.b) * mpmath.sqrt(_mp(x.rad.radicand))


@given(surds())
def test_sign_matches_high_precision_reference(x):
    with precision(400):
        ref = _mp(x)
        if abs(ref) > mpmath.mpf(2) ** -300:
            assert sign(x) == (1 if ref > 0 else -1)


@given(surds(), surds())
def test_field_identities_hold_exactly(x, y):
    assert sign((x + y) - y - x) == 0
    assert sign(x * y - y * x) == 0
    if sign(y) != 0:
        assert sign((x * y) / y - x) == 0
        assert sign(y * (1 / y) - 1) == 0


def test_known_identities():
    r2 = sqrt(2)
    assert r2 * r2 == 2
    assert isinstance(r2 * r2, Fraction)
    assert 1 / (1 + r2) == r2 - 1
    assert sqrt(8) == 2 * r2
    assert sqrt(Fraction(9, 4)) == Fraction(3, 2)
    assert sqrt(3) > Fraction(17320508, 10**7)
    assert sqrt(3) < Fraction(17320509, 10**7)
    assert floor(sqrt(2) * 10**20) == 141421356237309504880


@given(st.one_of(rationals, surds()), st.integers(0, 200), st.sampled_from(["nearest", "floor", "ceiling", "random"]))
def test_dyadic_round_is_a_valid_answer(x, level, rounding):
    import numpy as np

    d = dyadic_round(x, level, rounding, np.random.default_rng(0))
    assert is_dyadic(d, level)
    assert within(d, x, level)
    if rounding == "nearest":
        assert sign(abs(d - x) - Fraction(1, 2 ** (level + 1))) <= 0
    if rounding == "floor":
        assert sign(d - x) <= 0
    if rounding == "ceiling":
        assert sign(d - x) >= 0


def test_floats_are_refused_unless_asked():
    with pytest.raises(InvalidArgument, match="float is not accepted"):
        to_fraction(0.1)
    with pytest.raises(InvalidArgument, match="float"):
        sqrt(2) + 0.5
    assert to_fraction(0.1, allow_float=True) == Fraction(3602879701896397, 36028797018963968)
    with pytest.raises(InvalidArgument, match="not finite"):
        to_fraction(float("nan"), allow_float=True)


def test_precision_context_sets_and_restores_both():
    with precision(bits=300):
        assert mpmath.mp.prec == 300
        assert ctx.prec == 300
        with precision(100):
            assert mpmath.mp.prec == 100
            assert ctx.prec == 100
        assert ctx.prec == 300
    assert mpmath.mp.prec == 53
    assert ctx.prec == 53

    @precision(bits=128)
    def inner():
        return mpmath.mp.prec, ctx.prec

    assert inner() == (128, 128)
    with pytest.raises(InvalidArgument, match="bits"):
        precision(1)


def test_digit_helpers():
    assert correct_digits(Fraction(1, 10**6)) == 3
    assert correct_digits(Fraction(1, 10**6) + Fraction(1, 10**30)) == 2
    assert correct_digits(Fraction(0)) == 100_000
    assert correct_digits(Fraction(400)) == -2  # dist = 20 ≤ 10^2
    x = 1 / (sqrt(2) * Fraction(1000, 3))
    assert first_disagreeing_digit([x, Fraction(0)], [Fraction(0), x]) == 3
    assert first_disagreeing_digit([Fraction(1, 3)], [Fraction(1, 3)]) is None
    assert digits_string(x, 6) == "0.002121"
    assert digits_string(Fraction(-1, 4), 3) == "-0.250"


@given(surds())
def test_number_json_round_trip(x):
    assert sign(number_from_json(number_to_json(x)) - x) == 0


def test_vector_json_shares_radicals():
    v = [sqrt(2), 1 + sqrt(2), Fraction(1, 3)]
    back = vector_from_json([number_to_json(a) for a in v])
    assert all(sign(a - b) == 0 for a, b in zip(v, back, strict=True))
    assert isinstance(back[0], ExactReal)
    assert back[0].rad is back[1].rad


def test_k1000_numbers_are_fast_and_exact():
    c = sqrt(2) * Fraction(10**1000, 3)
    eps = Fraction(1, 2**4001)
    a = c + eps
    s = sqrt(a * a + c * c)
    d = dyadic_round(s, 4000)
    assert within(d, s, 4000)
    x = 1 / a
    assert sign(2 * x * x - 4 * Fraction(1, 10**2000)) > 0  # separation > 2·10^-1000


def test_equal_radicands_share_one_radical_so_equal_numbers_cancel_exactly():
    x = sqrt(1 + sqrt(2)) * Fraction(10**50, 3)
    y = sqrt(1 + sqrt(2)) * Fraction(10**50, 3)
    assert x.rad is y.rad
    assert type(x - y) is Fraction  # the rational 0 in its structure: no ball, no tower rule
    assert x - y == 0
    assert sqrt(Fraction(8 * 10**600, 9)).rad is sqrt(2).rad  # the square part is pulled out


def test_rationals_leave_the_tower_as_fractions():
    """Inside the tower the rationals are fmpq; the public API hands back Fraction or ExactReal only."""
    r2 = sqrt(2)
    for v in (r2 * r2, r2**2, inverse(r2) * r2, (r2 + 1) - r2, dot([r2, 1], [r2, 1]), sqnorm([r2, r2])):
        assert type(v) is Fraction
    assert type(number_from_json(number_to_json(Fraction(1, 3)))) is Fraction
    assert number_to_json(Fraction(-(10**5000), 3)) == "-1" + "0" * 5000 + "/3"  # beyond Python's 4,300 digits


def test_radicals_pickled_from_another_process_never_collide():
    """A surd made in another interpreter must stay distinct from local radicals (exact signs)."""
    import pickle
    import subprocess
    import sys

    blob = subprocess.run(
        [
            sys.executable,
            "-c",
            "import pickle, sys; from sci_oracle.core.exact import sqrt; sys.stdout.buffer.write(pickle.dumps(sqrt(3)))",
        ],
        capture_output=True,
        check=True,
    ).stdout
    r3 = pickle.loads(blob)
    r2 = sqrt(2)
    assert sign(r3 - r2) == 1
    assert sign(r3 * r3 - 3) == 0
    assert sign(r3 - sqrt(3)) == 0


@pytest.mark.parametrize(
    ("payload", "match"),
    [
        ({"a": "0", "b": "1", "r": "-1", "id": "7"}, "radicand must be > 0"),  # √−1 would get a "sign"
        ({"a": "0", "b": "1", "r": "0", "id": "7"}, "radicand must be > 0"),
        ("abc", "not a rational literal"),
    ],
)
def test_number_from_json_rejects_non_real_or_malformed_numbers(payload, match):
    with pytest.raises(InvalidArgument, match=match):
        number_from_json(payload)


def test_vector_from_json_rejects_one_id_for_two_radicands():
    two = [{"a": "0", "b": "1", "r": "2", "id": "9"}, {"a": "0", "b": "1", "r": "3", "id": "9"}]
    with pytest.raises(InvalidArgument, match="two different radicands"):
        vector_from_json(two)  # used to decode √3 silently as √2


def test_dyadic_round_refuses_floats_and_bad_levels():
    with pytest.raises(InvalidArgument, match=r"x=0.1 is invalid: a float"):
        dyadic_round(0.1, 3)
    with pytest.raises(InvalidArgument, match="level=-1 is invalid"):
        dyadic_round(Fraction(1, 3), -1)
    with pytest.raises(InvalidArgument, match=r"level=2.0 is invalid"):
        dyadic_round(Fraction(1, 3), 2.0)
    assert dyadic_round(3, 2) == 3
