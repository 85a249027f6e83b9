"""FISTA in numpy, property-tested against the PNAS 2022 Theorem 1 barrier.

A practitioner's U-LASSO solver, min λ‖x‖₁,w + ‖Ax − y‖², written the ordinary way (float64
arrays in, array out), wrapped with :func:`sci_oracle.harness.adapters.numpy_solver` so it reads the
input through the oracle at level 52 (answers within 2^-52). The check then proves, in exact
arithmetic, that it cannot be correct to K digits on the Theorem 1(a) family, and decides whether
it reaches K−1 and K−2 digits.

    python examples/ista_numpy.py            # prints the report table
    sci-oracle check examples/ista_numpy.py:solve --problem ulasso --K 3
"""

import numpy as np

from sci_oracle import numpy_solver


def fista(A, y, problem, iterations=3000):
    """FISTA (Beck–Teboulle 2009) for λ‖x‖₁,w + ‖Ax − y‖²; ``problem`` is the public ProblemInfo."""
    lam = float(problem.problem.lam)
    w = np.array([float(v) for v in problem.problem.w(A.shape[1])])
    L = 2 * np.linalg.norm(A, 2) ** 2  # Lipschitz constant of ∇‖Ax − y‖² = 2Aᵀ(Ax − y)
    x = z = np.zeros(A.shape[1])
    t = 1.0
    for _ in range(iterations):
        u = z - 2 * A.T @ (A @ z - y) / L
        x_new = np.sign(u) * np.maximum(np.abs(u) - lam * w / L, 0.0)
        t_new = (1 + np.sqrt(1 + 4 * t * t)) / 2
        z = x_new + (t - 1) / t_new * (x_new - x)
        x, t = x_new, t_new
    return x


solve = numpy_solver(fista, level=52)


if __name__ == "__main__":
    from sci_oracle import check

    report = check(solve, "ulasso", K=3)
    report.render()
    print(f"verdict: {report.verdict}; digits reached: {report.digits_reached}; witness re-verifies: {report.verify()}")
