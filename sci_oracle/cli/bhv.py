"""``sci-oracle bhv-demo``: Bastounis–Hansen–Vlačić A1–A4 in one command, with figures.

    sci-oracle bhv-demo [--seed S] [--train MODULE:FUNCTION] [--json PATH] [--plot PREFIX]

``--train`` runs *your* classifier training procedure through the dichotomy test: a function
``train(X, y, rng) -> [(W1, b1), ..., (WL, bL)]`` (numpy float arrays are converted exactly) whose
decision is ``phi(x) >= 1/2``. Exit 0 iff every trained network is certified inaccurate or
unstable, the trapezoid network is certified exact, and p+ + p- <= 1 is certified.
"""

from __future__ import annotations

import argparse
import importlib

from sci_oracle.core.errors import InvalidArgument
from sci_oracle.core.report import write_json_atomic


def _load(spec: str):
    mod, _, fn = spec.partition(":")
    if not mod or not fn:
        raise InvalidArgument(f"--train={spec!r} is invalid: expected MODULE:FUNCTION, e.g. mypkg.train:fit")
    try:
        return getattr(importlib.import_module(mod), fn)
    except (ImportError, AttributeError) as exc:
        raise InvalidArgument(f"--train={spec!r} is invalid: {exc}") from None


def cmd_bhv_demo(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.table import Table

    from sci_oracle.classification.bhv_demo import bhv_demo, plot_bhv_demo

    res = bhv_demo(seed=args.seed, train=_load(args.train) if args.train else None)
    con = Console()
    t = Table(title=f"A1 dichotomy on {res['family']}, planted delta = {res['delta']} (exact verdicts)")
    for c in ("architecture", "planted", "P", "A", "outcome", "errors after shift", "guaranteed"):
        t.add_column(c)
    for x in res["A1"]:
        t.add_row(
            str(x["architecture"]),
            str(x["planted"]),
            str(x["P"]),
            str(x["A"]),
            x["outcome"],
            str(x["errors_after_shift"]),
            str(x["guaranteed"]),
        )
    con.print(t)
    a2 = res["A2"]
    con.print(
        f"A2 trapezoid network: width {a2['width']}, exact on the closed eps-ball of all {a2['points']} points: "
        f"{a2['certified_exact_on_closed_eps_balls']}"
    )
    t = Table(title="A3 width growth (geometric law on unboundedly many stripes, 20 seeds)")
    for c in ("r", "mean A", "mean width(psi)", "P([2,3,1])", "P(A > P)"):
        t.add_column(c)
    for g in res["A3"]:
        t.add_row(str(g["r"]), f"{g['mean_A']:.1f}", f"{g['mean_width']:.1f}", str(g["P"]), g["frac_A_gt_P"])
    con.print(t)
    for b in res["A4"]:
        con.print(f"A4 {b['algorithm']}: {b['verdict']}: {b['message']}")
    if args.json:
        write_json_atomic(args.json, {k: v for k, v in res.items() if k != "_objects"})
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
    p.add_argument("--seed", type=int, default=0, help="seed for data and training (default 0)")
    p.add_argument("--train", metavar="MODULE:FUNCTION", help="your training procedure train(X, y, rng) -> layers")
    p.add_argument("--json", metavar="PATH", help="write the results as JSON")
    p.add_argument("--plot", metavar="PREFIX", help="write PREFIX-{stripes,shift,trapezoid,width}.png ([plot] extra)")
    p.set_defaults(func=cmd_bhv_demo)
