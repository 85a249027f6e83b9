"""Targets of the trusted-checking issues, measured in one run (run: python benchmarks/bench_kernel.py).

- `sci-oracle verify` of a `sci-oracle prove --K K` certificate takes ≤ 1× the time `prove` took,
  for K = 3, 100, 300, 1000, 3000 (issue 20). Each pair runs back to back in this run, both as the
  CLI in a child process of its own (imports included, as a user runs them); the ratio is printed
  for wall time and for the children's CPU time (the machine may be shared: CPU time is the work
  done, wall time what a user waits), with the load average when the pair ran;
- verifying a `check` certificate at K = 100 takes ≤ 0.5 s;
- the kernel's size and its import-independence (only the stdlib, flint and sympy).

``python benchmarks/bench_kernel.py --K 3 100`` runs the prove/verify pairs for those K only.
"""

from __future__ import annotations

import argparse
import ast
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import sci_oracle.kernel as kernel
from sci_oracle.kernel import verify

KS = (3, 100, 300, 1000, 3000)
CLI = [sys.executable, "-c", "import sys; from sci_oracle.cli.main import main; sys.exit(main())"]


def best(fn, repeat=3):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def _run(args: list[str]) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    """One CLI run in a child process: wall seconds, the child's CPU seconds (user + system), the result."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run([*CLI, *args], capture_output=True, text=True, check=False)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, proc


def prove_vs_verify(Ks: tuple[int, ...]) -> None:
    print("verify/prove of `sci-oracle prove --K K` (theorem1, all three problems), each pair back to back:")
    worst = 0.0
    for K in Ks:
        load = os.getloadavg()[0]
        with tempfile.TemporaryDirectory() as d:
            path = str(Path(d) / f"prove_K{K}.json")
            wp, cp, p = _run(["prove", "--K", str(K), "--json", path, "--quiet"])
            wv, cv, v = _run(["verify", path]) if p.returncode in (0, 1) else (float("nan"), float("nan"), None)
        summary = v.stdout.strip().splitlines()[-1] if v is not None and v.stdout.strip() else "no verify output"
        worst = max(worst, wv / wp, cv / cp) if v is not None else float("inf")
        print(
            f"  K={K:>5}: prove {wp:7.1f} s wall {cp:7.1f} s CPU (exit {p.returncode}); "
            f"verify {wv:7.1f} s wall {cv:7.1f} s CPU (exit {v.returncode if v else '-'}); "
            f"verify/prove {wv / wp:.2f} wall, {cv / cp:.2f} CPU (target <= 1); load {load:.1f}; {summary}"
        )
    print(f"worst verify/prove ratio: {worst:.2f} (target <= 1)")


def check_K100() -> None:
    from sci_oracle.algorithms.builtin import Midpoint
    from sci_oracle.harness.check import check

    report = check(Midpoint(400), "srlasso", K=100, isolated=False)
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "check.json"
        path.write_text(report.dumps())
        t = best(lambda: verify(str(path)))
        v = verify(str(path))
        size = path.stat().st_size
    print(
        f"verify a K=100 check certificate ({size / 1024:.0f} KiB, verdict {report.verdict}, "
        f"digits_reached {report.digits_reached}): {t:.3f} s (target <= 0.5 s); accepted: {v.accepted}"
    )


def kernel_size_and_imports() -> None:
    root = Path(kernel.__file__).parent
    lines, outside = 0, set()
    allowed = set(sys.stdlib_module_names) | {"flint", "sympy", "z3", "cvc5"}  # z3, cvc5: verify --smt only
    base = 0
    for p in sorted(root.glob("*.py")):
        text = p.read_text()
        lines += len(text.splitlines())
        base += len(text.splitlines()) if p.name in ("__init__.py", "numbers.py", "transcripts.py") else 0
        for node in ast.walk(ast.parse(text)):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            outside |= {n for n in names if n.split(".")[0] not in allowed and not n.startswith("sci_oracle.kernel")}
    print(
        f"kernel: {lines} lines in {root.name}/*.py (the issue aimed at < 1500), of which {base} the shared base "
        f"(document loop, numbers, transcripts); imports outside stdlib/flint/sympy (and z3/cvc5 for --smt): "
        f"{sorted(outside) or 'none'}"
    )


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--K", type=int, nargs="+", default=list(KS), help=f"K values of the prove/verify pairs (default {KS})"
    )
    Ks = tuple(ap.parse_args().K)
    kernel_size_and_imports()
    check_K100()
    prove_vs_verify(Ks)
