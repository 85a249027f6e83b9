"""Copy this file into your project's tests/ and replace ``my_solver`` with yours.

It property-tests a solver against the barrier of PNAS 2022 Theorem 1 (Colbrook–Antun–Hansen):
no algorithm is correct to K digits on the adversarial family (the check must *refute* it, with
a witness you can replay), while K−1 digits are attainable (your claim, certified exactly).

Run with ``pytest test_my_solver.py``; with the package installed the plugin is active
(fixtures ``barrier_check``, ``assert_fails_K_digits``, marker ``sci_oracle``).
"""

import numpy as np
from hypothesis import given, settings

from sci_oracle import check, numpy_solver
from sci_oracle import strategies as sos
from sci_oracle.testing import assert_fails_K_digits, assert_reaches_digits


def my_lasso(A, y, problem, iterations=2000):
    """Your solver: ISTA for U-LASSO, λ‖x‖₁ + ‖Ax − y‖², on float64 arrays."""
    lam = float(problem.problem.lam)
    step = 1 / (2 * np.linalg.norm(A, 2) ** 2)
    x = np.zeros(A.shape[1])
    for _ in range(iterations):
        u = x - step * 2 * A.T @ (A @ x - y)
        x = np.sign(u) * np.maximum(np.abs(u) - step * lam, 0.0)
    return x


my_solver = numpy_solver(my_lasso, level=52)  # reads (A, y) through the oracle within 2^-52


def test_no_solver_gets_K_digits():
    report = assert_fails_K_digits(my_solver, problem="ulasso", K=3)
    assert report.verify()  # the witness re-checks from its JSON alone


def test_my_solver_reaches_K_minus_1_digits():
    assert_reaches_digits(my_solver, 2, problem="ulasso", K=3)


@settings(max_examples=3, deadline=None)
@given(sos.Ks(max_value=5))
def test_for_several_K(K):
    report = check(my_solver, "ulasso", K, members=(8,))
    assert report.claims[K].status == "refuted"
