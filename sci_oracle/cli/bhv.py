"""``sci-oracle bhv-demo``: Bastounis–Hansen–Vlačić A1–A4 in one command, with figures.

    sci-oracle bhv-demo [--seed S] [--train MODULE:FUNCTION] [--json PATH] [--plot PREFIX]

``--train`` runs *your* classifier training procedure through the dichotomy test: a function
``train(X, y, rng) -> [(W1, b1), ..., (WL, bL)]`` (numpy float arrays are converted exactly) whose
decision is ``phi(x) >= 1/2``. Exit 0 iff every trained network is certified inaccurate or
unstable, the trapezoid network is certified exact, and p+ + p- <= 1 is certified; 2 on usage
errors; 3 when the training procedure breaks its contract (raises, returns something that is not
layers of numbers, exceeds the time limit). The procedure runs only in a sandboxed child process
(docs/harness.md): this process never imports it.
"""

from __future__ import annotations

import argparse
import sys

from sci_oracle.cli import options as opt
from sci_oracle.cli.reports import write_json
from sci_oracle.core.errors import InvalidArgument


def _sandboxed(spec: str, timeout: float):
    """The training procedure, loaded and called only in the sandboxed child."""
    from sci_oracle.harness.isolation import SandboxedFunction
    from sci_oracle.harness.specs import parse_spec

    if parse_spec(spec, param="--train").kind == "builtin":
        raise InvalidArgument(f"--train={spec!r} is invalid: expected MODULE:FUNCTION, e.g. mypkg.train:fit")
    return SandboxedFunction(spec, timeout=timeout, param="--train")


def _cell(v) -> str:
    return "not applicable" if v is None else str(v)  # no Python None in tables


def cmd_bhv_demo(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from sci_oracle.classification.bhv_demo import bhv_demo, plot_bhv_demo
    from sci_oracle.cli.check import EXIT_CONTRACT, show_output
    from sci_oracle.cli.progress import progress
    from sci_oracle.core.errors import AlgorithmError, BudgetExceeded
    from sci_oracle.harness.outputs import deciding

    train = _sandboxed(args.train, args.timeout) if args.train else None
    try:
        # the exact work on the procedure's networks: within --timeout of this process's own time,
        # rationals of any size included (else Undecided: unknown, exit 1, in sci_oracle.cli.reports)
        with (
            progress("bhv-demo: training and certifying A1-A4", quiet=args.quiet),
            deciding(args.timeout if train else None, "the trained networks", watchdog=True),
        ):
            res = bhv_demo(seed=args.seed, train=train)
    except (AlgorithmError, BudgetExceeded) as exc:
        print(f"sci-oracle bhv-demo: error: the training procedure broke its contract: {exc}", file=sys.stderr)
        if train is not None:
            show_output(train.output())
            train.close()
        return EXIT_CONTRACT
    if train is not None:
        res["isolation"] = train.isolation
        show_output(train.output())
        train.close()
    con = Console()
    t = Table(title=f"A1 dichotomy on {res['family']}, planted delta = {res['delta']} (exact verdicts)")
    for c in ("architecture", "planted", "P", "A", "outcome", "errors after shift", "guaranteed"):
        t.add_column(c)
    for x in res["A1"]:
        t.add_row(
            ", ".join(map(str, x["architecture"])),
            "yes" if x["planted"] else "no",
            str(x["P"]),
            str(x["A"]),
            escape(str(x["outcome"])),
            _cell(x["errors_after_shift"]),
            _cell(x["guaranteed"]),
        )
    con.print(t)
    a2 = res["A2"]
    con.print(
        f"A2 trapezoid network: width {a2['width']}, exact on the closed eps-ball of all {a2['points']} points: "
        f"{'yes (certified)' if a2['certified_exact_on_closed_eps_balls'] else 'no'}"
    )
    t = Table(title="A3 width growth (geometric law on unboundedly many stripes, 20 seeds)")
    for c in ("r", "mean A", "mean width(psi)", "P([2,3,1])", "P(A > P)"):
        t.add_column(c)
    for g in res["A3"]:
        t.add_row(str(g["r"]), f"{g['mean_A']:.1f}", f"{g['mean_width']:.1f}", str(g["P"]), g["frac_A_gt_P"])
    con.print(t)
    for b in res["A4"]:
        con.print(f"A4 {escape(str(b['algorithm']))}: {b['verdict']}: {escape(str(b['message']))}")
    if args.json:
        write_json(args, {k: v for k, v in res.items() if k != "_objects"})
        con.print(f"report written to {args.json}")
    if args.plot:
        for f in plot_bhv_demo(res, args.plot):
            con.print(f"figure written to {f}")
    ok = (
        all(x["outcome"] != "unknown" for x in res["A1"])
        and a2["certified_exact_on_closed_eps_balls"]
        and all(b["verdict"] == "certified" for b in res["A4"])
    )
    return 0 if ok else 1


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "bhv-demo",
        help="fixed nets are inaccurate or unstable; stable nets need variable width",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--seed", type=opt.int_range(0, 2**32 - 1), default=0, help="seed for data and training (default 0)")
    p.add_argument(
        "--train",
        metavar="MODULE:FUNCTION",
        type=opt.algorithm_spec(),
        help="your training procedure train(X, y, rng) -> layers",
    )
    p.add_argument("--json", metavar="PATH", type=opt.output_path(), help="write the results as JSON")
    p.add_argument(
        "--plot",
        metavar="PREFIX",
        type=opt.plot_prefix,
        help="write PREFIX-{stripes,shift,trapezoid,width}.png ([plot] extra)",
    )
    p.add_argument(
        "--timeout",
        type=opt.positive_float(86_400.0),
        default=600.0,
        help="wall-time limit per call of --train, and for this process's exact work on its networks, "
        "seconds (default 600)",
    )
    p.add_argument("--quiet", action="store_true", help="no progress bar on stderr")
    p.set_defaults(func=cmd_bhv_demo)
