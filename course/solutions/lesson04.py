"""Solutions to lesson 4 (course/lesson04_digits.md); tests/course runs them in the lesson."""


# %% exercise-4.1
def k_minus_1(oracle):
    A = oracle.fractions("A", 30)
    return [1 / (2 * A[0, 0]), 1 / (2 * A[0, 1])]


# %% exercise-4.2
from sci_oracle.core.exact import sqnorm


def separation2(fam, n):
    x1, x2 = (m.solution.vertices[0] for m in fam.pair(n))
    return sqnorm([a - b for a, b in zip(x1, x2, strict=True)])


# %% exercise-4.3
def count_samples(transcript):
    return len({a.query.name[1:] for a in transcript if a.query.name[0] in "xy" and a.query.name[1:].isdigit()})
