"""``sci-oracle step``: step through the Theorem 1(a) construction against one algorithm.

sci-oracle step --K 3 --problem srlasso --algorithm tiebreak
sci-oracle step --algorithm mymodule:my_solver --json out.json --plot step.png
"""

from __future__ import annotations

import argparse
import json

from sci_oracle.algorithms.base import RandomisedAlgorithm
from sci_oracle.algorithms.builtin import BUILTINS, load_algorithm
from sci_oracle.cli.prove import _K
from sci_oracle.core.errors import InvalidArgument
from sci_oracle.core.problems import PROBLEMS
from sci_oracle.core.report import write_json_atomic
from sci_oracle.families.pnas import PNASFamily
from sci_oracle.pnas.step import step_through


def cmd_step(args: argparse.Namespace) -> int:
    alg = load_algorithm(args.algorithm)
    if isinstance(alg, RandomisedAlgorithm):
        if args.seed is None:
            raise InvalidArgument("--seed is required to step through a randomised algorithm (one seed = one run)")
        alg = alg.at(args.seed)
    fam = PNASFamily(args.problem, args.K, N1=args.N1, N2=args.N2, params=args.params, mixing=args.mixing)
    st = step_through(alg, fam)
    if args.json == "-":
        print(json.dumps(st.to_json(), indent=1))
    else:
        st.render()
        if args.json:
            write_json_atomic(args.json, st.to_json())
            print(f"step-through written to {args.json}")
    if args.plot:
        st.plot(args.plot)
        print(f"figure written to {args.plot}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "step",
        help="step through the construction digit by digit against an algorithm",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--K", type=_K, default=3, help="number of digits K > 2 (default 3)")
    p.add_argument("--problem", choices=PROBLEMS, default="srlasso")
    p.add_argument(
        "--algorithm",
        default="tiebreak",
        help=f"built-in ({', '.join(BUILTINS)}) or MODULE:FUNCTION or FILE.py:FUNCTION (default tiebreak)",
    )
    p.add_argument("--seed", type=int, default=None, help="seed, for a randomised algorithm")
    p.add_argument("--N1", type=int, default=2)
    p.add_argument("--N2", type=int, default=0)
    p.add_argument("--params", choices=("paper", "rational"), default="paper")
    p.add_argument("--mixing", choices=("none", "householder"), default="none")
    p.add_argument("--json", metavar="PATH", help="write the step-through as JSON ('-' for stdout)")
    p.add_argument("--plot", metavar="FILE.png", help="save a figure (needs the [plot] extra)")
    p.set_defaults(func=cmd_step)
