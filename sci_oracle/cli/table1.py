"""``sci-oracle table1``: the paper's Table 1, LISTA and FIRENET on inexact input, certified distances.

    sci-oracle table1 [--fast] [--K K ...] [--n N ...] [--seed S] [--json PATH|-]

Thin layer over :func:`sci_oracle.pnas.table1.run_table1` (PNAS 2022, Table 1). ``--fast`` trains
LISTA on 1000 samples for 30 epochs (CI-sized); the default is the full run (8000 samples, 300
epochs). Exit 0 when every claim is certified, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import replace


def cmd_table1(args: argparse.Namespace) -> int:
    from sci_oracle.pnas.table1 import FAST, FULL, render_table1, run_table1, with_grid

    settings = with_grid(FAST if args.fast else FULL, args.K, args.n)
    if args.seed is not None:
        settings = replace(settings, seed=args.seed).validate()
    quiet = args.json == "-"
    progress = None
    if not quiet:
        from rich.console import Console

        console = Console(stderr=True)

        def progress(i: int, total: int, row: dict) -> None:
            console.print(f"[dim]row {i}/{total}: K={row['K']}, n={row['n']} ({row['seconds']:.1f} s)[/]")

    res = run_table1(settings, progress=progress)
    if quiet:
        print(json.dumps(res, indent=2, default=str))
    else:
        render_table1(res)
        if args.json:
            from sci_oracle.core.report import write_json_atomic

            write_json_atomic(args.json, res)
    return 0 if res["all_certified"] else 1


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "table1",
        help="the paper's Table 1: LISTA and FIRENET on inexact input, with certified distances",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--fast", action="store_true", help="CI-sized LISTA training (1000 samples, 30 epochs)")
    p.add_argument("--K", type=int, nargs="+", metavar="K", help="K values (default 1 3 6)")
    p.add_argument("--n", type=int, nargs="+", metavar="N", help="n values (default 10 20 30)")
    p.add_argument("--seed", type=int, help="seed of the LISTA training data and batch order (default 5)")
    p.add_argument("--json", metavar="PATH", help="write the table as JSON ('-' prints only the JSON)")
    p.set_defaults(func=cmd_table1)
