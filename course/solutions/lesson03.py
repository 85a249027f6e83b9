"""Solutions to lesson 3 (course/lesson03_randomised.md); tests/course runs them in the lesson."""

# %% exercise-3.1
from fractions import Fraction

from sci_oracle import RandomisedAlgorithm
from sci_oracle.algorithms.builtin import OneSparseSolver


def _pick(seed):
    return OneSparseSolver(30, "first" if seed < 3 else "last")


biased = RandomisedAlgorithm(_pick, seeds=(0, 1, 2, 3))
predicted_worst = Fraction(3, 4)  # the first column is wrong for member 2 on three seeds of four

# %% exercise-3.2
from sci_oracle import RandomisedAlgorithm
from sci_oracle.algorithms.builtin import OneSparseSolver

sharp = RandomisedAlgorithm(lambda seed: OneSparseSolver(30, "first" if seed % 2 else "last"), seeds=range(6))
