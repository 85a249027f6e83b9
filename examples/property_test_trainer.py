"""Walkthrough: property-test a whole family of training procedures against the Theorem 1(a) barrier.

PNAS 2022 (Colbrook–Antun–Hansen) Theorem 1(a): no algorithm computes the solution to K digits on
the family with probability > 1/2. Here a user brings a *parameterised* numpy training procedure,
lets Hypothesis draw its hyper-parameters (width, step size, epochs, seed, read precision), and
asks sci_oracle to check every drawn member against the adversary. Run:

    python examples/property_test_trainer.py
    sci-oracle check-class examples.property_test_trainer:trainers --max-examples 100   # same, from the CLI
"""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from sci_oracle.families.pnas import PNASFamily
from sci_oracle.harness.algorithm_strategies import algorithms_from, user_algorithm
from sci_oracle.harness.class_properties import assert_caught, check_class


# 1. The user's procedure: a practitioner's "learned solver". It reads (A, y) as float64 at
#    `level`, makes its own training set (random 1-sparse x, y = A x), trains a one-hidden-layer
#    ReLU net y -> x by gradient descent, and answers net(y). Deterministic given its parameters.
def train_and_solve(oracle, *, width, lr, epochs, seed, level):
    A, y = oracle.float64("A", level), oracle.float64("y", level)
    rng = np.random.default_rng(seed)
    m, N = A.shape
    scale = 1.0 / np.abs(A).max()  # the solution's size: x ~ 1/a
    X = np.zeros((32, N))
    X[np.arange(32), rng.integers(0, N, 32)] = rng.uniform(0, 2, 32) * scale
    Y = X @ A.T
    W1, W2 = rng.standard_normal((m, width)), rng.standard_normal((width, N)) / width
    for _ in range(epochs):
        H = np.maximum(Y @ W1, 0.0)
        G = (H @ W2 - X / scale) / len(X)  # fit x / scale, an O(1) target
        W1 -= lr * Y.T @ ((G @ W2.T) * (H > 0))
        W2 -= lr * H.T @ G
    return np.maximum(y @ W1, 0.0) @ W2 * scale


# 2. The family of procedures: Hypothesis draws the hyper-parameters.
trainers = algorithms_from(
    train_and_solve,
    st.fixed_dictionaries(
        {
            "width": st.integers(1, 8),
            "lr": st.sampled_from([1e-3, 1e-2, 1e-1]),
            "epochs": st.integers(0, 50),
            "seed": st.integers(0, 2**16),
            "level": st.integers(0, 40),
        }
    ),
)


def main() -> None:
    # 3. One member, one family: the adversary's certificate, verified from its data alone.
    alg = user_algorithm(train_and_solve, width=4, lr=1e-2, epochs=20, seed=1, level=30)
    cert = assert_caught(alg, PNASFamily("srlasso", K=5))
    print(alg)
    print(cert.verdict, "-", cert.message)
    print("certificate verifies:", cert.verify(), "| replays:", cert.replay(alg))
    print()
    # 4. The whole family, over drawn instances (problem, K in 3..12, mixing, oracle mode, rounding).
    report = check_class(trainers, max_examples=60)
    print(report.summary())
    # 5. Reading the report: every drawn member was refuted by a certificate that re-verifies from
    #    its data alone (exact answers, transcripts, distances); none was NH or certified. "worst
    #    case" is the member that came closest to K digits: its distance is still > 10^-K, as the
    #    theorem says. report.to_json() has the same figures plus a replay command for the worst case.
    data = report.to_json()
    print(f"JSON: drawn={data['algorithms_drawn']}, verdicts={data['verdicts']}, passed={data['passed']}")


if __name__ == "__main__":
    main()
