"""Targets of the trusted-checking issue, measured in one run (run: python benchmarks/bench_kernel.py).

- verifying the default `sci-oracle prove` certificate takes ≤ 1× the time `prove` took (ratio printed);
- verifying a `check` certificate at K = 100 takes ≤ 0.5 s;
- the kernel's size (lines, target < 1,500) and its import-independence (only the stdlib and flint).
"""

from __future__ import annotations

import ast
import json
import sys
import tempfile
import time
from pathlib import Path

import sci_oracle.kernel as kernel
from sci_oracle.kernel import verify


def best(fn, repeat=3):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def prove_vs_verify() -> None:
    from sci_oracle.cli.prove import load_proof

    mod = load_proof("theorem1")

    class Args:
        K = None
        problem = "all"
        L = None
        seed = 0
        fast = False

    t0 = time.perf_counter()
    report = mod.prove_from_cli(Args())
    t_prove = time.perf_counter() - t0
    doc = json.loads(report.to_json())
    t_verify = best(lambda: verify(doc))
    v = verify(doc)
    ok = sum(c.accepted for c in v.claims)
    print(
        f"prove (theorem1, default): {t_prove:.2f} s; verify: {t_verify:.2f} s; ratio {t_verify / t_prove:.2f} "
        f"(target <= 1); {ok}/{len(v.claims)} claims accepted"
    )


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
    allowed = set(sys.stdlib_module_names) | {"flint", "sympy"}
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
        f"(document loop, numbers, transcripts); imports outside stdlib/flint/sympy: {sorted(outside) or 'none'}"
    )


if __name__ == "__main__":
    kernel_size_and_imports()
    check_K100()
    prove_vs_verify()
