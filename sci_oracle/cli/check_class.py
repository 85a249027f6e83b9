"""``sci-oracle check-class SPEC``: property-test a whole class of algorithms against Theorem 1(a).

The documented equivalent of ``check --class SPEC``; a thin layer over
:func:`sci_oracle.harness.class_properties.check_class`.

    sci-oracle check-class query-plans --max-examples 200
    sci-oracle check-class randomised --problem qcbp --K 6 --json report.json
    sci-oracle check-class mypackage.families:trainers     # a user's Hypothesis strategy
    sci-oracle check-class --replay "QueryPlan(reads=(), then=ExactSolve(level=None, tie='first'))" \\
                           --family "PNASFamily('srlasso', K=3, N1=2, N2=0)"

SPEC is a built-in class (query-plans, escalating, randomised, trainers, sample-trainers: the last
in the Theorem 1 training setting) or MODULE:STRATEGY (a
Hypothesis strategy of algorithms, or a function returning one). Exit 0 iff no drawn algorithm
violated a class-level property, 1 otherwise, 2 on a usage error.
"""

from __future__ import annotations

import argparse
import json

from sci_oracle.core.problems import PROBLEMS
from sci_oracle.core.report import write_json_atomic


def cmd_check_class(args: argparse.Namespace) -> int:
    from sci_oracle.core.errors import InvalidArgument
    from sci_oracle.harness import class_properties as cp

    if args.replay is not None:
        if args.family is None:
            raise InvalidArgument(
                "--family is missing: --replay needs the printed family, e.g. \"PNASFamily('srlasso', K=3)\""
            )
        alg, family = cp.load_algorithm(args.replay), cp.load_family(args.family)
        try:
            if hasattr(alg, "seeds") and hasattr(alg, "make"):
                rb = cp.assert_randomised_fails(alg, family)
                print(f"{rb.verdict}: {rb.message}")
            else:
                cert = cp.assert_caught(alg, family, rounding=args.rounding, allow_nh=True)
                print(f"{cert.verdict}: {cert.message}")
                status, _msg = cp.k_digit_verdict(alg, family, rounding=args.rounding, certificate=cert)
                print(f"K-digit verdict: {status}")
        except cp.ClassPropertyFailure as exc:
            print(f"FAILED: {exc}")
            return 1
        return 0
    if args.spec is None:
        raise InvalidArgument(
            "SPEC is missing: give a class (query-plans, escalating, randomised, trainers, sample-trainers), "
            "MODULE:STRATEGY, or --replay"
        )
    report = cp.check_class(
        args.spec,
        problem=None if args.problem == "all" else args.problem,
        K=args.K,
        max_examples=args.max_examples,
        seed=args.seed,
        setting=args.setting,
    )
    if args.json == "-":
        print(json.dumps(report.to_json(), indent=1))
    else:
        print(report.summary())
        if args.json:
            write_json_atomic(args.json, report.to_json())
            print(f"report written to {args.json}")
    return 0 if report.passed else 1


def register(sub: argparse._SubParsersAction) -> None:
    from sci_oracle.cli.prove import _K

    p = sub.add_parser(
        "check-class",
        help="property-test a class of algorithms against the barrier",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "spec",
        nargs="?",
        metavar="SPEC",
        help="query-plans | escalating | randomised | trainers | sample-trainers | MODULE:STRATEGY",
    )
    p.add_argument("--problem", choices=("all", *PROBLEMS), default="all", help="which problem (default: all three)")
    p.add_argument("--K", type=_K, default=None, help="digits K > 2 (default: drawn from 3..12)")
    p.add_argument(
        "--setting",
        choices=("solver", "training"),
        default=None,
        help="instance families: solver (PNAS Thm 1(a)) or training (Thm 1 training setting); "
        "default: training for sample-trainers, else solver",
    )
    p.add_argument("--max-examples", type=int, default=100, help="algorithms to draw (default 100)")
    p.add_argument("--seed", type=int, default=0, help="Hypothesis seed (default 0)")
    p.add_argument("--json", metavar="PATH", help="write the JSON report to PATH ('-' for stdout)")
    p.add_argument("--replay", metavar="ALGORITHM", help="re-run one printed algorithm (from a failure report)")
    p.add_argument(
        "--family", metavar="FAMILY", help="with --replay: the family's JSON spec or printed PNASFamily(...)"
    )
    p.add_argument(
        "--rounding",
        choices=("nearest", "floor", "ceiling"),
        default="nearest",
        help="with --replay: the limit oracle's rounding",
    )
    p.set_defaults(func=cmd_check_class)
