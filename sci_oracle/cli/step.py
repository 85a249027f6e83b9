"""``sci-oracle step``: step through the Theorem 1(a) construction against one algorithm.

sci-oracle step --K 3 --problem srlasso --algorithm tiebreak
sci-oracle step --K 100 --width 30                      # a digit window: readable at 100 columns
sci-oracle step --levels 28:33 --pause                  # Enter advances one level (for lectures)
sci-oracle step --K 3 --algorithm tiebreak --html step.html   # one offline page with a level slider
sci-oracle step --algorithm mymodule:my_solver --json out.json --plot step.png
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

from sci_oracle.algorithms.builtin import BUILTINS
from sci_oracle.cli import options as opt
from sci_oracle.cli.prove import _K
from sci_oracle.cli.reports import write_json
from sci_oracle.core.errors import InvalidArgument
from sci_oracle.core.problems import PROBLEMS
from sci_oracle.families.pnas import MIXINGS, PNASFamily
from sci_oracle.pnas.step import parse_levels, step_through


def _family(args: argparse.Namespace) -> PNASFamily:
    kw = {}
    if args.lam is not None:
        kw["lam"] = args.lam
    if args.eps is not None:
        if args.problem != "qcbp":
            raise InvalidArgument(f"--eps={args.eps} is invalid here: only --problem qcbp has an epsilon")
        kw["eps"] = args.eps
    if args.lam is not None and args.problem == "qcbp":
        raise InvalidArgument(f"--lam={args.lam} is invalid here: --problem qcbp has no lambda (use --eps)")
    return PNASFamily(args.problem, args.K, N1=args.N1, N2=args.N2, params=args.params, mixing=args.mixing, **kw)


def cmd_step(args: argparse.Namespace) -> int:
    from sci_oracle.cli.check import EXIT_CONTRACT, show_output
    from sci_oracle.core.errors import AlgorithmError, BudgetExceeded
    from sci_oracle.core.text import sanitise
    from sci_oracle.harness.outputs import deciding

    if args.n is not None and args.n < 1:
        raise InvalidArgument(f"--n={args.n} is invalid: it must be >= 1")
    levels = parse_levels(args.levels) if args.levels else None
    fam = _family(args)
    alg, stopped = None, True
    try:
        # a user's MODULE:FUNCTION runs only in the sandbox (docs/harness.md), within one --timeout
        alg = _open(args)
        # and every exact decision on its output (the adversary's, the digits shown) within --timeout
        # of this process's own time: past it, Undecided (sci_oracle.cli.reports: unknown, exit 1)
        with deciding(args.timeout):
            st = step_through(alg, fam, levels=levels, n=args.n, name=args.algorithm)
            write_json(args, st.to_json())  # the JSON first: it makes every decision the page shows
            if args.json != "-":
                st.render(width=args.width, pause=args.pause, input_fn=_waiting_for_enter)
                if args.json:
                    print(f"step-through written to {args.json}")
            if args.html:
                from sci_oracle.pnas.step_html import write_html

                size = write_html(st, args.html)
                print(f"interactive page written to {args.html} ({size / 1024:.0f} kB, works offline)")
            if args.plot:
                st.plot(args.plot)
                print(f"figure written to {args.plot}")
        stopped = False
    except (AlgorithmError, BudgetExceeded) as exc:  # a load that raised, hung or broke the contract
        print(f"sci-oracle step: error: the algorithm broke its contract: {sanitise(exc)}", file=sys.stderr)
        stopped = False
        return EXIT_CONTRACT
    finally:
        _close(alg, None if stopped else show_output)  # stopped (Ctrl-C, undecided): no wait for its prints
    if st.certificate.output is None and not st.certificate.message.startswith(_NH):
        # as `check` does when every run raised: the algorithm, not the theorem, decided this
        print(
            "error: the algorithm broke its contract: it gave no output on the limit input (the reason is above)",
            file=sys.stderr,
        )
        return EXIT_CONTRACT
    return 0


def _waiting_for_enter(prompt: str) -> str:
    """``--pause``: the time spent waiting for Enter is the reader's, not the decision clock's."""
    from sci_oracle.harness.outputs import note_run

    t0 = time.monotonic()
    try:
        return input(prompt)
    finally:
        note_run(time.monotonic() - t0)


_NH = "no output on the limit input: NH:"  # find_barrier's words for a run that never halted


def _open(args: argparse.Namespace) -> Any:
    """The algorithm: a built-in object, or the user's, loaded (within ``--timeout``) in the sandbox
    and run there with what is left of the same ``--timeout`` (sci_oracle.harness.budget). A load
    that raises or hangs is the algorithm's contract break (exit 3), as in ``check``."""
    from sci_oracle.harness.budget import BudgetedAlgorithm, Deadline
    from sci_oracle.harness.isolation import open_algorithm
    from sci_oracle.harness.specs import BUILTIN, parse_spec

    if parse_spec(args.algorithm, param="--algorithm").kind == BUILTIN:
        return open_algorithm(args.algorithm, seed=args.seed)
    deadline = Deadline(args.timeout)
    alg = open_algorithm(args.algorithm, timeout=args.timeout, memory_mb=args.memory_mb, seed=args.seed)
    alg._child.ensure(args.timeout)  # load now: a module that raises or hangs at import is reported as such
    return BudgetedAlgorithm(alg, deadline)


def _close(alg: Any, show_output: Any) -> None:
    """Show what the user's algorithm printed (captured in the sandbox, sanitised; not when
    ``show_output`` is None) and stop its child."""
    if alg is not None and hasattr(alg, "output"):
        if show_output is not None:
            show_output(alg.output())
        alg.close()


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
        type=opt.algorithm_spec(BUILTINS),
        help=f"built-in ({', '.join(BUILTINS)}) or MODULE:FUNCTION or FILE.py:FUNCTION (default tiebreak)",
    )
    p.add_argument("--seed", type=opt.int_range(0, 2**63 - 1), default=None, help="seed, for a randomised algorithm")
    opt.add_sandbox_limits(
        p, timeout=60.0, bounds="MODULE:FUNCTION's loading and every run together (+ 5 s to start the sandbox)"
    )
    p.add_argument("--N1", type=opt.int_range(2, 64), default=2, help="number of tied columns, 2..64 (default 2)")
    p.add_argument("--N2", type=opt.int_range(0, 1000), default=0, help="number of extra columns (default 0)")
    p.add_argument(
        "--lam",
        type=opt.positive_rational,
        default=None,
        help="lambda of SR-LASSO / U-LASSO, an exact rational (default 1)",
    )
    p.add_argument(
        "--eps",
        type=opt.positive_rational,
        default=None,
        help="epsilon of QCBP, an exact rational in (0, 1/4] (default 1/10)",
    )
    p.add_argument("--params", choices=("paper", "rational"), default="paper")
    p.add_argument("--mixing", choices=MIXINGS, default="none")
    p.add_argument(
        "--n",
        type=opt.int_range(1, 1 << 20),
        default=None,
        help="show pair n (default: the smallest pair the adversary needs)",
    )
    p.add_argument("--levels", metavar="A:B", help="levels to show (default: every level from 1 to h(n)+3)")
    p.add_argument(
        "--width",
        type=opt.int_range(8, 10_000),
        default=24,
        help="digit window: characters of each number shown (default 24)",
    )
    p.add_argument("--pause", action="store_true", help="wait for Enter after each level (q to stop)")
    p.add_argument(
        "--json",
        metavar="PATH",
        type=opt.output_path(stdout=True),
        help="write the step-through as JSON ('-' for stdout)",
    )
    p.add_argument(
        "--html", metavar="FILE.html", type=opt.output_path(), help="write a self-contained interactive page (offline)"
    )
    p.add_argument("--plot", metavar="FILE.png", type=opt.output_path(), help="save a figure (needs the [plot] extra)")
    p.set_defaults(func=cmd_step)
