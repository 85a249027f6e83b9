"""Solutions to lesson 6 (course/lesson06_classification.md); tests/course runs them in the lesson."""

# %% exercise-6.1
import math


def pieces(widths):
    return math.prod(n + 1 for n in widths)


# %% exercise-6.2
def guaranteed_errors(A, P):
    return max(0, -((P - A) // 2))
