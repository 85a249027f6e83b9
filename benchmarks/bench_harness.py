"""Harness cost of ``sci_oracle.harness.check``: ratios measured in one run (issue 3 targets).

1. In-process harness overhead over calling the algorithm directly on the same oracle answers,
   for an algorithm costing >= 10 ms a call (target <= 10 %).
2. Isolated (child process) over in-process, same algorithm and family (target <= 2x, issue 21:
   <= 1.5x warm); warm (the child already started, as in a test session) and cold (including the
   child's start).
3. Trials per second with two worker processes over one (target >= 1.6x), on a randomised
   algorithm, through ``concurrent.futures.ProcessPoolExecutor`` started and warmed beforehand.

4. The README example (``numpy_solver(lstsq, level=40)``) isolated in the sandbox (warm child) over
   in-process (issue 12 target <= 1.5x).
5. A sleeping algorithm at ``timeout=10`` over the 7 runs of a deterministic check (the limit and
   the 6 declared members): every run is killed at its timeout and the next gets a fresh sandboxed
   child (issue 12 target <= 7 x 10 s + 5 s in all).

    python benchmarks/bench_harness.py [--reps 5] [--only 1,2,3,4,5] [--sleep-timeout 10]

Every number printed is measured by this run; the busy work is pure Python (one thread), so
BLAS threading does not blur the worker comparison.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

from sci_oracle.algorithms.base import RandomisedAlgorithm
from sci_oracle.algorithms.builtin import Midpoint
from sci_oracle.families.pnas import PNASFamily
from sci_oracle.harness.check import check

FAMILY = PNASFamily("srlasso", 3)
WORK = {"n": 200_000}  # calibrated below so one call costs >= 12 ms


def busy(n: int) -> int:
    s = 0
    for i in range(n):
        s += i * i % 7
    return s


class SlowSolver:
    """Midpoint(30) plus >= 12 ms of deterministic pure-Python work per call."""

    def __init__(self, n: int):
        self.n = n

    def __call__(self, oracle):
        busy(self.n)
        return Midpoint(30)(oracle)

    def __repr__(self) -> str:
        return f"SlowSolver(n={self.n})"


def slow_seeded(seed: int) -> SlowSolver:
    return SlowSolver(WORK["n"] + seed % 2)  # a randomised algorithm: seed picks the work size


def lstsq(A, y):
    """The README's user code: float64 arrays in, x out."""
    import numpy as np

    return np.linalg.lstsq(A, y, rcond=None)[0]


def sleeper(oracle):
    time.sleep(10_000)


class _Answers:
    """The bare minimum an algorithm needs: recorded answers by (name, level, index), no logging,
    no validation, no budgets: 'calling it directly on the same answers'."""

    def __init__(self, transcript, problem):
        self._answers = {(a.query.name, a.query.level, a.query.index): a.value for a in transcript}
        self.problem = problem

    def read(self, name, level, index=None):
        return self._answers[(name, level, index)]

    def fractions(self, name, level):
        return self.read(name, level).to_fractions()


def calibrate() -> int:
    n = 50_000
    while True:
        t = time.perf_counter()
        busy(n)
        if time.perf_counter() - t >= 0.012:
            return n
        n = int(n * 1.5)


def best(f, reps: int) -> float:
    times = []
    for _ in range(reps):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--seeds", type=int, default=24)
    ap.add_argument("--only", default="1,2,3,4,5", help="which parts to run, e.g. 4,5")
    ap.add_argument("--sleep-timeout", type=float, default=10.0)
    args = ap.parse_args()
    parts = {int(p) for p in args.only.split(",") if p.strip()}
    if parts & {1, 2, 3}:
        issue3(args)
    if 4 in parts:
        readme_ratio(args)
    if 5 in parts:
        sleepers(args)


def readme_ratio(args: argparse.Namespace) -> None:
    from sci_oracle.harness.adapters import numpy_solver

    solve = numpy_solver(lstsq, level=40)
    check(solve, "srlasso", K=3, isolated=True)  # warm: the child is started and keeps the module
    t_iso = best(lambda: check(solve, "srlasso", K=3, isolated=True), args.reps)
    t_in = best(lambda: check(solve, "srlasso", K=3, isolated=False), args.reps)
    layers = check(solve, "srlasso", K=3, isolated=True).isolation
    on = [k for k, v in layers.items() if isinstance(v, str) and v.startswith(("on", "dropped"))]
    print(
        f"[4] README example: isolated (sandboxed, warm) {t_iso * 1e3:.1f} ms vs in-process {t_in * 1e3:.1f} ms: "
        f"{t_iso / t_in:.2f}x (target <= 1.5x); layers on: {', '.join(on)}"
    )


def sleepers(args: argparse.Namespace) -> None:
    T = args.sleep_timeout
    t = time.perf_counter()
    report = check(sleeper, "srlasso", K=3, isolated=True, timeout=T)
    total = time.perf_counter() - t
    runs = sum(len(m.records) for m in report.members)
    nh = sum(r.outcome == "NH" for m in report.members for r in m.records)
    print(
        f"[5] sleeping algorithm, timeout={T:g} s: {runs} runs ({nh} NH) in {total:.1f} s; "
        f"bound {runs} x {T:g} + 5 = {runs * T + 5:.0f} s: {'met' if total <= runs * T + 5 else 'MISSED'}"
    )


def issue3(args: argparse.Namespace) -> None:
    WORK["n"] = calibrate()
    alg = SlowSolver(WORK["n"])
    t = time.perf_counter()
    busy(WORK["n"])
    print(
        f"algorithm: {alg!r}, {1e3 * (time.perf_counter() - t):.1f} ms of work per call; family {FAMILY!r}; "
        f"{os.cpu_count()} CPUs"
    )

    # 1. in-process harness vs direct calls on the same answers
    report = check(alg, family=FAMILY, isolated=False)
    runs = [rec for m in report.members for rec in m.records]
    answers = [_Answers(rec.transcript, FAMILY.info) for rec in runs]

    def direct() -> None:
        for oracle in answers:
            alg(oracle)

    t_direct = best(direct, args.reps)
    t_inproc = best(lambda: check(alg, family=FAMILY, isolated=False), args.reps)
    print(
        f"[1] {len(runs)} runs: direct {t_direct * 1e3:.1f} ms, check in-process {t_inproc * 1e3:.1f} ms: "
        f"harness overhead {100 * (t_inproc / t_direct - 1):.1f} % (target <= 10 %)"
    )

    # 2. isolated vs in-process (warm child; and cold, including the child's start)
    t = time.perf_counter()
    check(alg, family=FAMILY, isolated=True)
    t_cold = time.perf_counter() - t
    t_iso = best(lambda: check(alg, family=FAMILY, isolated=True), args.reps)
    print(
        f"[2] isolated {t_iso * 1e3:.1f} ms warm ({t_cold * 1e3:.1f} ms cold, with the child's start) vs "
        f"in-process {t_inproc * 1e3:.1f} ms: {t_iso / t_inproc:.2f}x warm (target <= 1.5x), {t_cold / t_inproc:.2f}x cold"
    )

    # 3. trials per second: two worker processes vs one
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    ralg = RandomisedAlgorithm(slow_seeded, seeds=tuple(range(args.seeds)), name="slow_seeded")
    rates = {}
    for workers in (1, 2):
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as ex:
            check(ralg, family=FAMILY, isolated=False, executor=ex, members=(4,))  # warm: start and import
            rep = None

            def go() -> None:
                nonlocal rep
                rep = check(ralg, family=FAMILY, isolated=False, executor=ex, members=(4,))

            t = best(go, max(1, args.reps // 2))
            trials = sum(len(m.records) for m in rep.members)
            rates[workers] = trials / t
            print(f"[3] {workers} worker(s): {trials} trials in {t:.2f} s = {rates[workers]:.1f} trials/s")
    # the machine's own ceiling right now: the same busy work, bare, in 1 vs 2 processes
    bare = {}
    for workers in (1, 2):
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as ex:
            list(ex.map(busy, [WORK["n"]] * workers))  # start and warm
            t = time.perf_counter()
            list(ex.map(busy, [WORK["n"]] * 40))
            bare[workers] = 40 / (time.perf_counter() - t)
    print(
        f"[3] two workers / one: {rates[2] / rates[1]:.2f}x (target >= 1.6x); the bare busy loop itself "
        f"scales {bare[2] / bare[1]:.2f}x on this machine now (load average {os.getloadavg()[0]:.1f})"
    )
    print(
        f"summary: overhead {100 * (t_inproc / t_direct - 1):.1f} %; isolated {t_iso / t_inproc:.2f}x warm, "
        f"{t_cold / t_inproc:.2f}x cold; 2 workers {rates[2] / rates[1]:.2f}x (bare {bare[2] / bare[1]:.2f}x); "
        f"median single call {1e3 * statistics.median([best(lambda: busy(WORK['n']), 1) for _ in range(3)]):.1f} ms"
    )


if __name__ == "__main__":
    main()
