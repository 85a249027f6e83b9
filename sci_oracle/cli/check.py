"""``sci-oracle check MODULE:FUNCTION``: property-test your algorithm against the Theorem 1 barrier.

    sci-oracle check mysolver:solve --problem srlasso --K 3
    sci-oracle check mysolver.py:solve --K 4 --json report.json --expect-digits 3
    sci-oracle check mypkg.algos:make_solver --seeds 16          # a factory seed -> algorithm

The MODULE:FUNCTION contract: MODULE is an importable module (the current directory is on the
path) or a path to a ``.py`` file; FUNCTION names, in it, one of

- an algorithm ``f(oracle) -> x``: read the input with ``oracle.float64("A", level)``,
  ``oracle.float64("y", level)`` (or ``oracle.fractions`` / ``oracle.mpmath`` / ``oracle.read``),
  see the public problem in ``oracle.problem`` (``.problem.name``, ``.problem.lam``, ``.N``...)
  and return a vector of length N (numpy array, list of floats, Fractions or mpf);
- an adapter object, e.g. ``solve = numpy_solver(my_fista, level=40)`` for ``my_fista(A, y)``;
- a class or zero-argument factory returning one of those;
- with ``--seeds``: a :class:`RandomisedAlgorithm`, or a function ``seed -> algorithm``.

With ``--classifier``, MODULE:FUNCTION is a *classifier training procedure*
``train(X, y, rng) -> [(W1, b1), ..., (WL, bL)]`` (a ReLU network whose decision is φ(x) ≥ 1/2;
numpy floats are taken exactly) and the check is the Bastounis–Hansen–Vlačić dichotomy: on stripe
data with and without a planted δ-feature, every trained network is certified *inaccurate* on its
training data or *unstable* (a perturbation ‖η‖∞ < ε that keeps every label flips decisions), in
exact arithmetic (see docs/classification.md).

Exit codes: 0 the check ran (whatever it found); 1 with ``--expect-digits D`` when D digits are
not certified; 2 usage errors (bad arguments, unloadable algorithm).
"""

from __future__ import annotations

import argparse
import sys

from sci_oracle.cli.prove import _K
from sci_oracle.core.errors import InvalidArgument
from sci_oracle.core.problems import PROBLEMS
from sci_oracle.core.report import write_json_atomic


def cmd_check(args: argparse.Namespace) -> int:
    from sci_oracle.harness.check import check

    if args.classifier:
        return _check_classifier(args)
    seeds = None
    if args.seeds is not None:
        seeds = _seeds(args.seeds)
    members = tuple(_int_list("--members", args.members))
    report = check(
        args.algorithm,
        args.problem,
        args.K,
        seeds=seeds,
        n_samples=args.samples,
        isolated=not args.in_process,
        timeout=args.timeout,
        memory_mb=args.memory_mb,
        members=members,
        workers=args.workers,
        progress=sys.stderr.isatty(),
    )
    if args.json == "-":
        print(report.dumps())
    else:
        report.render()
        if args.json:
            write_json_atomic(args.json, report.dumps())
            print(f"report written to {args.json}")
    if args.expect_digits is not None:
        D = args.expect_digits
        status = report.claims[D].status if D in report.claims else None
        if status != "certified":
            reached = report.digits_reached
            print(
                f"expected {D} digits: {'not among the checked claims (K, K-1, K-2)' if status is None else status}"
                f" (reaches {reached if reached is not None else 'none'} of K={report.K}, K-1, K-2)",
                file=sys.stderr,
            )
            return 1
    return 0


def _check_classifier(args: argparse.Namespace) -> int:
    """The dichotomy test of BHV on a user's classifier training procedure."""
    import json

    from rich.console import Console
    from rich.table import Table

    from sci_oracle.algorithms.builtin import import_attribute
    from sci_oracle.classification.dichotomy import dichotomy_demo

    if args.expect_digits is not None:
        raise InvalidArgument("--expect-digits is invalid with --classifier: the dichotomy test has no digits")
    train = import_attribute(args.algorithm) if ":" in args.algorithm else None
    if not callable(train):
        raise InvalidArgument(
            f"algorithm={args.algorithm!r} is invalid with --classifier: expected "
            "MODULE:FUNCTION naming train(X, y, rng) -> [(W, b), ...]"
        )
    seeds = list(_seeds(args.seeds)) if args.seeds is not None else [0, 1, 2]
    rows = dichotomy_demo(train=train, seeds=seeds)
    out = [{k: v for k, v in r.items() if k != "verdict"} for r in rows]
    if args.json == "-":
        print(json.dumps(out, indent=1, default=str))
        return 0
    table = Table(title=f"dichotomy test of {args.algorithm} (exact; BHV, docs/classification.md)")
    for col in ("planted feature", "seed", "hidden widths", "P", "A", "verdict", "detail"):
        table.add_column(col, overflow="fold")
    for r in rows:
        colour = {"inaccurate": "green", "unstable": "green"}.get(r["outcome"], "yellow")
        table.add_row(
            str(r["planted"]),
            str(r["seed"]),
            str(r["architecture"]),
            str(r["P"]),
            str(r["A"]),
            f"[{colour}]{r['outcome']}[/]",
            r["message"],
        )
    Console().print(table)
    settled = sum(r["outcome"] in ("inaccurate", "unstable") for r in rows)
    print(f"{settled}/{len(rows)} trained networks certified inaccurate or unstable")
    if args.json:
        write_json_atomic(args.json, out)
        print(f"report written to {args.json}")
    return 0


def _int_list(name: str, text: str) -> list[int]:
    try:
        return [int(t) for t in text.split(",") if t.strip()]
    except ValueError:
        raise InvalidArgument(f"{name}={text!r} is invalid: expected comma-separated ints like 4,16,64") from None


def _seeds(text: str) -> range | list[int]:
    """``S`` (an int: seeds 0..S−1) or a comma-separated list of seeds."""
    items = _int_list("--seeds", text)
    if "," not in text:
        if not items or items[0] < 1:
            raise InvalidArgument(f"--seeds={text!r} is invalid: give a count S >= 1 or a list like 0,1,2")
        return range(items[0])
    return items


def _digits(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"D={text!r} is invalid: D must be an int") from None


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "check",
        help="property-test MODULE:FUNCTION against the Theorem 1 barrier",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "algorithm",
        metavar="MODULE:FUNCTION",
        help="your algorithm (MODULE:FUNCTION or FILE.py:FUNCTION) or a built-in name",
    )
    p.add_argument("--problem", choices=PROBLEMS, default="srlasso", help="which problem (default srlasso)")
    p.add_argument("--K", type=_K, default=3, help="number of digits K > 2 (default 3)")
    p.add_argument(
        "--seeds", metavar="S", default=None, help="randomised: S seeds 0..S-1, or a list 0,5,9 (exact probabilities)"
    )
    p.add_argument(
        "--samples", type=int, default=None, metavar="N", help="randomised: N sampled seeds (Clopper-Pearson intervals)"
    )
    p.add_argument(
        "--in-process", action="store_true", help="run the algorithm in this process (faster; no isolation guarantee)"
    )
    p.add_argument("--members", default="4,16,64", help="declared pair indices n (default 4,16,64)")
    p.add_argument("--timeout", type=float, default=60.0, help="wall-time limit per run, seconds (default 60)")
    p.add_argument("--memory-mb", type=int, default=2048, help="memory limit of the isolated child (default 2048)")
    p.add_argument("--workers", type=int, default=None, help="worker processes for randomised trials")
    p.add_argument("--json", metavar="PATH", help="write the JSON report to PATH ('-' for stdout)")
    p.add_argument(
        "--classifier",
        action="store_true",
        help="MODULE:FUNCTION is a classifier training procedure: run the BHV dichotomy test",
    )
    p.add_argument(
        "--expect-digits", type=_digits, default=None, metavar="D", help="exit 1 unless D digits are certified (for CI)"
    )
    p.set_defaults(func=cmd_check)
