"""Scale-out through Dask: trials per second of ``check`` on a LocalCluster of 1 vs 2 workers
(target >= 1.6x on 2 cores), beside a bare busy loop on the same clusters (the machine's own
ceiling at that moment). Each worker runs the isolated child, as ``--scheduler`` does.

    pip install '.[dist]'
    python benchmarks/bench_dask.py [--seeds 16] [--ms 60]

Every number printed is measured by this run. The busy work is pure Python (one thread per
worker), so BLAS threading does not blur the comparison.
"""

from __future__ import annotations

import argparse
import os
import time

from sci_oracle.algorithms.base import RandomisedAlgorithm
from sci_oracle.algorithms.builtin import Midpoint
from sci_oracle.families.pnas import PNASFamily
from sci_oracle.harness.check import check
from sci_oracle.harness.distributed import dask_executor

FAMILY = PNASFamily("srlasso", 3)


def busy(n: int) -> int:
    s = 0
    for i in range(n):
        s += i * i % 7
    return s


class SlowSolver:
    """Midpoint(30) plus a fixed amount of pure-Python work per call."""

    def __init__(self, n: int):
        self.n = n

    def __call__(self, oracle):
        busy(self.n)
        return Midpoint(30)(oracle)


def slow_seeded(n: int, seed: int) -> SlowSolver:
    return SlowSolver(n + seed % 2)


def calibrate(ms: float) -> int:
    n = 50_000
    while True:
        t = time.perf_counter()
        busy(n)
        if time.perf_counter() - t >= ms / 1e3:
            return n
        n = int(n * 1.3)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=16, help="seeds of the randomised algorithm (default 16)")
    ap.add_argument("--ms", type=float, default=60.0, help="work per algorithm call in ms (default 60)")
    args = ap.parse_args()
    n = calibrate(args.ms)
    import functools

    alg = RandomisedAlgorithm(functools.partial(slow_seeded, n), seeds=tuple(range(args.seeds)), name="slow_seeded")
    print(f"{args.seeds} seeds, ~{args.ms:.0f} ms of work per call, {os.cpu_count()} CPUs, family {FAMILY!r}")
    rate, bare = {}, {}
    for workers in (1, 2):
        with dask_executor(f"local:{workers}") as ex:
            check(alg, family=FAMILY, executor=ex, members=(4,))  # warm: every worker imports and starts its child
            t = time.perf_counter()
            rep = check(alg, family=FAMILY, executor=ex, members=(4,))
            dt = time.perf_counter() - t
            trials = sum(len(m.records) for m in rep.members)
            rate[workers] = trials / dt
            t = time.perf_counter()
            for f in [ex.submit(busy, n) for _ in range(8 * workers)]:
                f.result()
            bare[workers] = 8 * workers / (time.perf_counter() - t)
            print(
                f"{workers} worker(s): {trials} isolated trials in {dt:.2f} s = {rate[workers]:.1f} trials/s; "
                f"bare busy loop {bare[workers]:.1f} calls/s"
            )
    print(
        f"summary: 2 workers / 1 through Dask: {rate[2] / rate[1]:.2f}x (target >= 1.6x); the bare busy loop "
        f"on the same clusters: {bare[2] / bare[1]:.2f}x (load average {os.getloadavg()[0]:.1f})"
    )


if __name__ == "__main__":
    main()
