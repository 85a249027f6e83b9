"""FIRENET speed, as ratios against baselines measured in the same run (issue 5 targets).

    PYTHONPATH=. python benchmarks/bench_firenet.py

1. dense m=1024, N=4096: FIRENET time per inner step vs a bare numpy loop doing the same two
   mat-vecs (A x, Aᵀ ξ); target ≤ 1.3×.
2. subsampled orthonormal 2-D FFT on a 256×256 image: per-step time vs the bare FFT pair; target ≤ 1.5×.
3. mpmath backend at 200 bits, N=64: time per step, and its ratio to float64 on the same problem.
Nothing here is remembered: every number printed is measured now.
"""

from __future__ import annotations

import time

import numpy as np

from sci_oracle.algorithms.firenet import firenet


def best_of(fn, repeats=3):
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def per_step(run, steps):
    """Time of ``steps`` inner steps with the one-off setup (validation, norm check) removed:
    T(3 restarts of 2q steps) − T(3 restarts of q steps) is the time of 3q extra steps."""
    q = steps // 3
    run(1)  # warm up
    t_short = best_of(lambda: run(q))
    t_long = best_of(lambda: run(2 * q))
    return (t_long - t_short) * steps / (3 * q)


def dense(steps=60):
    rng = np.random.default_rng(0)
    m, N = 1024, 4096
    A = rng.standard_normal((m, N)) / np.sqrt(m)
    AT = np.ascontiguousarray(A.T)
    y = A @ np.where(rng.random(N) < 0.02, rng.standard_normal(N), 0.0)
    L = float(np.linalg.norm(A, 2))

    def bare():
        x, xi = np.zeros(N), np.zeros(m)
        for _ in range(steps):
            x = x - AT @ xi
            xi = xi + A @ x

    tb = best_of(bare)
    tf = per_step(lambda p: firenet(A, y, n=3, p=p, lam=0.01, L_A=L), steps)
    print(
        f"dense m={m} N={N}: bare loop {1e3 * tb / steps:.3f} ms/step, FIRENET {1e3 * tf / steps:.3f} ms/step, "
        f"ratio {tf / tb:.3f} (target <= 1.3)"
    )


def fft(steps=60):
    rng = np.random.default_rng(1)
    n = 256
    mask = rng.random((n, n)) < 0.25
    mask[0, 0] = True

    def fwd(x):
        return np.fft.fft2(x.reshape(n, n), norm="ortho")[mask]

    def adj(v):
        z = np.zeros((n, n), dtype=complex)
        z[mask] = v
        return np.fft.ifft2(z, norm="ortho").ravel()

    x = np.zeros(n * n)
    x[rng.choice(n * n, 500, replace=False)] = 1.0
    y = fwd(x)

    def bare():
        u, v = np.zeros(n * n, dtype=complex), np.zeros(mask.sum(), dtype=complex)
        for _ in range(steps):
            u = u - adj(v)
            v = v + fwd(u)

    tb = best_of(bare)
    tf = per_step(lambda p: firenet((fwd, adj), y, n=3, p=p, lam=0.01, L_A=1.0), steps)
    print(
        f"FFT 256x256 ({mask.sum()} samples): bare FFT pair {1e3 * tb / steps:.3f} ms/step, "
        f"FIRENET {1e3 * tf / steps:.3f} ms/step, ratio {tf / tb:.3f} (target <= 1.5)"
    )


def mp(steps=6):
    rng = np.random.default_rng(2)
    m, N = 32, 64
    A = rng.standard_normal((m, N)) / np.sqrt(m)
    y = A @ np.where(rng.random(N) < 0.1, rng.standard_normal(N), 0.0)
    L = float(np.linalg.norm(A, 2)) * 1.001
    kw = {"n": 2, "p": steps // 2, "lam": 0.01, "L_A": L}
    tm = best_of(lambda: firenet(A, y, backend="mpmath", prec_bits=200, **kw), repeats=1)
    tf = best_of(lambda: firenet(A, y, **kw))
    print(
        f"mpmath 200 bits m={m} N={N}: {1e3 * tm / steps:.2f} ms/step; float64 {1e3 * tf / steps:.4f} ms/step; "
        f"ratio {tm / tf:.0f}"
    )


if __name__ == "__main__":
    dense()
    fft()
    mp()
