"""Solutions to lesson 5 (course/lesson05_firenet.md); tests/course runs them in the lesson."""

# %% exercise-5.1
import math


def decay(errs):
    ks = [k for k in range(2, len(errs) - 1) if errs[k + 1] > 1e-13]
    logs = [math.log(errs[k + 1] / errs[k]) for k in ks]
    return math.exp(sum(logs) / len(logs))


# %% exercise-5.2
def restarts(eps0, target, rate):
    n, bound = 0, eps0
    while bound > target:
        n, bound = n + 1, bound * rate
    return n
