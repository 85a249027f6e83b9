"""Solutions to lesson 1 (course/lesson01_oracle.md); tests/course runs them in the lesson."""

# %% exercise-1.1
from fractions import Fraction

from sci_oracle.core.exact import sign


def is_legal(q, exact, m):
    if (q * 2**m).denominator != 1:
        return False
    return sign(abs(q - exact) - Fraction(1, 2**m)) <= 0


# %% exercise-1.2
def level_for_digits(d):
    m = 0
    while 2**m < 10**d:
        m += 1
    return m


# %% exercise-1.3
def deepest(transcript):
    return max((a.query.level for a in transcript), default=-1)
