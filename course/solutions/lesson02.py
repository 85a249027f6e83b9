"""Solutions to lesson 2 (course/lesson02_adversary.md); tests/course runs them in the lesson."""

# %% exercise-2.1
from fractions import Fraction


def my_solver(oracle):
    A = oracle.fractions("A", 24)
    return [1 / A[0, 0], Fraction(0)]


# %% exercise-2.2
def pair_for(fam, m):
    n = 1
    while fam.agreement_level(n) < m:
        n += 1
    return n


# %% exercise-2.3
from fractions import Fraction

from sci_oracle.core.exact import sign


def failing_member(cert):
    kappa2 = Fraction(1, 10**cert.K) ** 2
    return 1 if sign(cert.dist2[0] - kappa2) > 0 else 2
