"""``sci-oracle firenet-demo``: FIRENET's exponential convergence and stability, measured in one run.

    sci-oracle firenet-demo [--seed S] [--fast] [--json PATH|-] [--plot PREFIX]

Thin layer over :func:`sci_oracle.pnas.firenet_demo.run_demo`. ``--plot PREFIX`` writes
PREFIX_convergence.png and PREFIX_stability.png (needs the [plot] extra).
Exit 0 when FIRENET stayed within its certified stability bound at every radius of both stability
settings, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json

from sci_oracle.cli import options as opt


def cmd_firenet_demo(args: argparse.Namespace) -> int:
    from sci_oracle.cli.progress import progress
    from sci_oracle.pnas.firenet_demo import format_report, run_demo, save_plots

    with progress("firenet-demo: convergence, stability, hidden detail", quiet=args.quiet):
        res = run_demo(seed=args.seed, fast=args.fast)
    if args.json == "-":
        print(json.dumps(res, indent=2, default=str))
    else:
        print(format_report(res))
        if args.json:
            from sci_oracle.core.report import write_json_atomic

            write_json_atomic(args.json, res)
    if args.plot:
        for path in save_plots(res, args.plot):
            print(f"wrote {path}")
    ok = all(r["within_bound"] is not False for key in ("stability", "hidden_detail") for r in res[key]["rows"])
    return 0 if ok else 1


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "firenet-demo",
        help="FIRENET: exponential convergence vs plain primal-dual, and stability vs trained LISTAs",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--seed", type=opt.int_range(0, 2**32 - 1), default=0, help="seed of the random problems (default 0)"
    )
    p.add_argument("--fast", action="store_true", help="smaller problems (CI-sized)")
    p.add_argument(
        "--json",
        metavar="PATH",
        type=opt.output_path(stdout=True),
        help="write the measured figures as JSON ('-' prints them)",
    )
    p.add_argument(
        "--plot",
        metavar="PREFIX",
        type=opt.plot_prefix,
        help="save PNG plots as PREFIX_convergence.png, PREFIX_stability.png",
    )
    p.add_argument("--quiet", action="store_true", help="no progress bar on stderr")
    p.set_defaults(func=cmd_firenet_demo)
