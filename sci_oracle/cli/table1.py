"""``sci-oracle table1``: the paper's Table 1, LISTA and FIRENET on inexact input, certified distances.

    sci-oracle table1 [--steps {guaranteed,paper}] [--fast] [--K K ...] [--n N ...] [--seed S]
                      [--scheduler local:N|ADDRESS] [--json PATH|-] [--report PATH]

Thin layer over :func:`sci_oracle.pnas.table1.run_table1` (PNAS 2022, Table 1). ``--fast`` trains
LISTA on 1000 samples for 30 epochs (CI-sized); the default is the full run (8000 samples, 300
epochs). FIRENET runs with both step rules and the table shows both columns beside the authors'
code column (the FIRENET distances the authors' released code prints in the paper's setting,
package data ``sci_oracle/pnas/data/table1_authors_code.json``; the printed table is not available
to the project) with "matches the authors' code: yes/no" per entry. ``--steps`` chooses which
column the claims are about: ``guaranteed`` (default, τ = σ = 0.99/L_A, so τσ‖A_n‖² < 1) or
``paper`` (the authors' τ = σ = √(1/L) − 1e-4, which breaks τσ‖A_n‖² < 1, so the convergence
guarantee does not apply). ``--json`` writes a ``sci-oracle-certificate/2`` document that
``sci-oracle verify`` re-checks (sci_oracle/kernel/table1.py); ``--report`` the run report for
people (rows, the authors' column, per-row ``matches_authors_code``, settings; not a certificate).
Exit 0 when every claim is certified, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import replace

from sci_oracle.cli import options as opt


def cmd_table1(args: argparse.Namespace) -> int:
    from sci_oracle.pnas.table1 import FAST, FULL, render_table1, run_table1, with_grid

    settings = replace(with_grid(FAST if args.fast else FULL, args.K, args.n), steps=args.steps).validate()
    if args.seed is not None:
        settings = replace(settings, seed=args.seed).validate()
    quiet = args.json == "-"
    progress = None
    if not quiet:
        from rich.console import Console

        console = Console(stderr=True)

        def progress(i: int, total: int, row: dict) -> None:
            console.print(f"[dim]row {i}/{total}: K={row['K']}, n={row['n']} ({row['seconds']:.1f} s)[/]")

    if args.scheduler is None:
        res = run_table1(settings, progress=progress)
    else:
        from sci_oracle.harness.distributed import dask_executor

        with dask_executor(args.scheduler) as executor:
            res = run_table1(settings, progress=progress, executor=executor)
    if args.report:
        from sci_oracle.core.report import RUN_REPORT_FORMAT, write_json_atomic

        write_json_atomic(
            args.report, {"format": RUN_REPORT_FORMAT, **{k: v for k, v in res.items() if k != "certificate"}}
        )
    if quiet:
        print(json.dumps(res["certificate"], indent=2, default=str))
    else:
        render_table1(res)
        if args.json:
            from sci_oracle.core.report import write_json_atomic

            write_json_atomic(args.json, res["certificate"])
    return 0 if res["all_certified"] else 1


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "table1",
        help="the paper's Table 1: LISTA and FIRENET on inexact input, with certified distances",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--steps",
        choices=("guaranteed", "paper"),
        default="guaranteed",
        help="FIRENET step rule the claims are about: guaranteed (0.99/L_A, tau*sigma*||A||^2 < 1; default) or "
        "paper (the authors' sqrt(1/L) - 1e-4, which breaks that condition: no convergence guarantee)",
    )
    p.add_argument("--fast", action="store_true", help="CI-sized LISTA training (1000 samples, 30 epochs)")
    p.add_argument("--K", type=opt.int_range(1, 15), nargs="+", metavar="K", help="K values (default 1 3 6)")
    p.add_argument("--n", type=opt.int_range(1, 200), nargs="+", metavar="N", help="n values (default 10 20 30)")
    p.add_argument(
        "--seed", type=opt.int_range(0, 2**32 - 1), help="seed of the LISTA training data and batch order (default 5)"
    )
    p.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        type=opt.scheduler_address,
        default=None,
        help="compute the rows on Dask: local:N (a LocalCluster of N workers) or tcp://host:8786 ([dist] extra)",
    )
    p.add_argument(
        "--json",
        metavar="PATH",
        type=opt.output_path(stdout=True),
        help="write the certificate to PATH ('-' prints only it); sci-oracle verify re-checks it",
    )
    p.add_argument(
        "--report",
        metavar="PATH",
        type=opt.output_path(),
        default=None,
        help="also write the run report (rows, the authors' column, per-row matches, settings): not a certificate",
    )
    p.set_defaults(func=cmd_table1)
