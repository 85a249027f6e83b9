"""Core targets of the foundation issue, measured in one run (run: python benchmarks/bench_core.py).

- build and certify the Theorem 1(a) pair at K = 100, level 400 (target < 0.5 s);
- the default `sci-oracle prove` (target < 10 s on 2 cores);
- 500×500 oracle answers at level 50 → float64, against plain numpy rounding of the same array
  in the same process (target ≤ 5×);
- the exact check of a K = 1000 construction (reported);
- issue 13: `prove --K 100` ≤ 2× `prove --K 3`; `prove --K 1000` < 60 s; the symbolic proofs of
  the three problems add ≤ 5 s (measured in-process, after one warm-up import of sympy).
"""

from __future__ import annotations

import subprocess
import sys
import time

import numpy as np

from sci_oracle.core.oracle import ExactArray, HonestOracle
from sci_oracle.families.pnas import PNASFamily


def best(fn, repeat=5):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def build_and_certify(K: int, n: int) -> None:
    fam = PNASFamily("srlasso", K, N2=2, mixing="householder")
    for m in fam.pair(n):
        assert m.certify_solution().status == "certified"
    assert fam.agreement_level(n) >= n
    assert fam.separation_exceeds(n)


def main() -> None:
    t = best(lambda: build_and_certify(100, 400), repeat=3)
    print(f"pair K=100, level 400, built and certified: {t:.3f} s (target < 0.5 s)")

    t = best(lambda: build_and_certify(1000, 4000), repeat=1)
    print(f"pair K=1000, level 4000, built and certified: {t:.3f} s (reported)")

    X = np.random.default_rng(0).standard_normal((500, 500))
    oracle_arr = ExactArray.from_float64(X)
    ours = best(lambda: HonestOracle({"A": oracle_arr}).float64("A", 50), repeat=20)
    base = best(lambda: np.round(X * 2.0**50) / 2.0**50, repeat=20)
    print(
        f"500x500 at level 50 -> float64: oracle {ours * 1e3:.2f} ms, numpy rounding {base * 1e3:.2f} ms, "
        f"ratio {ours / base:.2f}x (target <= 5x)"
    )

    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "sci_oracle.cli.main", "prove"], check=True, capture_output=True)
    print(
        f"sci-oracle prove (all problems, with interpreter start-up): {time.perf_counter() - t0:.2f} s (target < 10 s)"
    )


def _prove_seconds(*args: str) -> float:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "sci_oracle.cli.main", "prove", *args], check=True, capture_output=True)
    return time.perf_counter() - t0


def issue13() -> None:
    """Every K, and the cost of the symbolic proofs (PNAS 2022 Thm 1; docs/theory.md §3, §8)."""
    from sci_oracle.families.symbolic import decide_step, solver_family_steps
    from sci_oracle.kernel.symbolic import check_symbolic_steps

    t3, t100 = _prove_seconds("--K", "3"), _prove_seconds("--K", "100")
    print(f"prove --K 3: {t3:.2f} s; prove --K 100: {t100:.2f} s; ratio {t100 / t3:.2f}x (target <= 2x)")
    t1000 = _prove_seconds("--K", "1000")
    print(f"prove --K 1000: {t1000:.2f} s (target < 60 s)")
    t0 = time.perf_counter()
    for p in ("qcbp", "ulasso", "srlasso"):
        steps = [st for v in solver_family_steps(p).values() for st in v]
        assert all(decide_step(st) for st in steps)
        assert check_symbolic_steps(steps) == []
    print(
        f"symbolic proofs of the three problems (producer + kernel): {time.perf_counter() - t0:.2f} s (target <= 5 s)"
    )


if __name__ == "__main__":  # --issue13: only the issue-13 targets
    if "--issue13" not in sys.argv[1:]:
        main()
    issue13()
