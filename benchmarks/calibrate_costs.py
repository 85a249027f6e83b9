"""The kernel's cost bounds against its measured work (run: python benchmarks/calibrate_costs.py).

For the certificates of every producer (``prove`` at each K given, ``check midpoint`` at the same K,
a randomised and a sampled ``check``, ``check-class``, ``table1 --fast``, ``prove bhv --fast``,
``prove false-structures --fast``) it prints, per document and for the least and most generous
single claims, the bound (:func:`sci_oracle.kernel.cost_seconds`) against the kernel's CPU time
measured in this process (fresh per document). The constants of ``kernel/templates.py``
(``SECONDS``, ``SIZE_*``, ``NESTED*``) were chosen with it: every document at least 1.5 times its
time, every claim alone at least 1.2 times its time, the documents that take over a second within about 5
times, and the ``prove --K 10000`` document below the default ``--max-seconds`` of 60.

``--K 3 1000 3000 10000`` picks the K of the prove and check certificates (default 3 1000 3000;
``prove --K 10000`` alone takes about two minutes).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sci_oracle import kernel
from sci_oracle.kernel import numbers, parse

CLI = [sys.executable, "-c", "import sys; from sci_oracle.cli.main import main; sys.exit(main())"]


def _produce(d: Path, Ks: list[int]) -> list[Path]:
    jobs = [(f"prove{K}", ["prove", "--K", str(K), "--quiet"]) for K in Ks]
    jobs += [(f"check{K}", ["check", "midpoint", "--K", str(K)]) for K in Ks]
    jobs += [
        ("coin", ["check", "coin-flip", "--seeds", "20", "--in-process"]),
        ("coin-sampled", ["check", "coin-flip", "--samples", "200", "--in-process"]),
        ("check-class", ["check-class", "query-plans"]),
        ("table1", ["table1", "--fast"]),
        ("bhv", ["prove", "bhv", "--fast", "--quiet"]),
        ("false-structures", ["prove", "false-structures", "--fast", "--quiet"]),
    ]
    out = []
    for name, args in jobs:
        path = d / f"{name}.json"
        proc = subprocess.run([*CLI, *args, "--json", str(path)], capture_output=True, text=True, check=False)
        if not path.exists():
            print(f"  {name}: no certificate (exit {proc.returncode}): {proc.stderr.strip()[-200:]}")
            continue
        out.append(path)
    return out


def _cpu(doc: dict) -> float:
    numbers._ROOTS.clear()
    gc.collect()
    t = time.process_time()
    kernel.verify(doc)
    return time.process_time() - t


def measure(path: Path) -> None:
    doc = parse.read(path)
    _, claims = kernel.structure(doc)
    bound, cpu = kernel.cost_seconds(claims), _cpu(doc)
    rows = []
    for i, c in enumerate(doc["claims"]):
        if c["statement"]["kind"] in ("lemma", "class"):
            continue
        one = {
            "format": doc["format"],
            "claims": [c],
            **({"transcripts": doc["transcripts"]} if "transcripts" in doc else {}),
        }
        b, t = kernel.cost_seconds(kernel.structure(one)[1]), _cpu(one)
        if t >= 0.01:
            rows.append((b / t, i + 1, c["statement"]["kind"], b, t))
    rows.sort()
    print(f"  {path.stem:18} bound {bound:8.2f} s, CPU {cpu:7.2f} s: bound/CPU {bound / max(cpu, 1e-3):5.2f}", end="")
    if rows:
        lo, hi = rows[0], rows[-1]
        print(f"; claims alone from {lo[0]:.2f} (claim {lo[1]}, {lo[2]}) to {hi[0]:.2f} (claim {hi[1]}, {hi[2]})")
    else:
        print()


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--K", type=int, nargs="+", default=[3, 1000, 3000], help="K of prove and check (default 3 1000 3000)"
    )
    args = ap.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f}; producing certificates...")
    with tempfile.TemporaryDirectory() as tmp:
        for p in _produce(Path(tmp), args.K):
            measure(p)
    print(json.dumps({"SIZE": [kernel.templates.SIZE_BASE, kernel.templates.SIZE_BITS, kernel.templates.SIZE_POWER]}))
