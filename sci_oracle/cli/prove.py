"""``sci-oracle prove [THEOREM]``: run an executable proof script from ``proofs/`` and print its claims.

Exit 0 iff every claim is certified (a lemma's conclusion: cited). ``--json PATH`` writes the
``sci-oracle-certificate/2`` document that ``sci-oracle verify`` re-checks (``--json -`` prints it
instead of the table); ``--report PATH`` writes the run report for people (claim names, details,
measured observations; format ``sci-oracle-run-report/1``, which verify refuses).
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
from pathlib import Path
from types import ModuleType

from sci_oracle.cli import options as opt
from sci_oracle.cli.reports import write_json
from sci_oracle.core.errors import InvalidArgument
from sci_oracle.core.problems import PROBLEMS
from sci_oracle.kernel.family import MAX_K

PROOFS = {"theorem1": "pnas_theorem1", "bhv": "bhv", "false-structures": "false_structures"}


def load_proof(name: str) -> ModuleType:
    """The proof module: shipped inside the wheel as ``sci_oracle._proofs``, or ``proofs/`` in a checkout."""
    module = PROOFS[name]
    try:
        return importlib.import_module(f"sci_oracle._proofs.{module}")
    except ModuleNotFoundError:
        path = Path(__file__).resolve().parents[2] / "proofs" / f"{module}.py"
        spec = importlib.util.spec_from_file_location(f"_sci_oracle_proof_{module}", path)
        if spec is None or spec.loader is None or not path.exists():
            raise ModuleNotFoundError(f"proof script {module}.py not found (looked in {path.parent})") from None
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        return mod


# options only Theorem 1's proof uses; the other proofs reject them rather than ignore them
THEOREM1_OPTIONS = ("K", "problem", "L", "lam", "eps", "N1", "N2", "mixing", "levels", "n")


def cmd_prove(args: argparse.Namespace) -> int:
    if args.theorem != "theorem1":
        given = [f"--{o}" for o in THEOREM1_OPTIONS if getattr(args, o, None) is not None]
        if given:
            raise InvalidArgument(
                f"{', '.join(given)} {'is' if len(given) == 1 else 'are'} invalid for 'prove {args.theorem}': "
                "only 'prove theorem1' takes them (this proof uses --seed and --fast)"
            )
    if args.beamer and not args.latex:
        raise InvalidArgument("--beamer is invalid without --latex FILE.tex: it makes that file slides")
    if args.timeout is not None and not args.train:
        raise InvalidArgument("--timeout is invalid without --train: it bounds the training procedure (prove bhv)")
    args.timeout = 600.0 if args.timeout is None else args.timeout
    from sci_oracle.cli.progress import progress
    from sci_oracle.harness.outputs import deciding

    # with --train, this process's exact work on the procedure's networks gets --timeout of its own
    # time, rationals of any size included (else Undecided: unknown, exit 1, sci_oracle.cli.reports)
    with (
        progress(f"prove {args.theorem}: checking claims", quiet=args.quiet or args.json == "-"),
        deciding(args.timeout if args.train else None, "the trained networks", watchdog=True),
    ):
        report = load_proof(args.theorem).prove_from_cli(args)
    write_json(args, report.to_json())  # the JSON first ('-': only the JSON), then the claims
    if args.json != "-":
        report.render()
        if args.json:
            print(f"certificate written to {args.json} (re-check it with sci-oracle verify)")
    if args.report:  # names, details and measured observations: for people, not a certificate
        write_json(args, report.to_dict(), args.report)
    if args.latex:
        from sci_oracle.cli.latex import write_latex

        write_latex(report, args.latex, beamer=args.beamer)
        if args.json != "-":
            print(f"LaTeX {'slides' if args.beamer else 'article'} written to {args.latex} (pdflatex compiles it)")
    return 0 if report.all_certified else 1


def _K(text: str) -> int:
    """K in 3..MAX_K: Theorem 1 needs K > 2, and the independent kernel checks certificates up to MAX_K."""
    try:
        K = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"K={text!r} is invalid: K must be an int in 3..{MAX_K}") from None
    if K <= 2:
        raise argparse.ArgumentTypeError(f"K={K} is invalid: Theorem 1 needs K > 2")
    if K > MAX_K:
        raise argparse.ArgumentTypeError(
            f"K={K} is invalid: K must be in 3..{MAX_K}, the range the independent kernel (sci-oracle verify) checks"
        )
    return K


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "prove",
        help="proof-check a theorem on a default instance (exit 0 iff all certified)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "theorem",
        nargs="?",
        default="theorem1",
        choices=tuple(PROOFS),
        help="which theorem (default: theorem1 = PNAS 2022 Theorem 1)",
    )
    p.add_argument("--K", type=_K, default=None, help=f"number of digits, 3 <= K <= {MAX_K} (default 3)")
    p.add_argument("--problem", choices=("all", *PROBLEMS), default=None, help="which problem (default: all three)")
    p.add_argument(
        "--L", type=opt.int_range(0, 10**6), default=None, help="sample bound L >= 0 for Theorem 1(c) (default 2)"
    )
    p.add_argument(
        "--lam", type=opt.positive_rational, default=None, help="λ of U-LASSO/SR-LASSO, a rational > 0 (default 1)"
    )
    p.add_argument("--eps", type=opt.positive_rational, default=None, help="ε of QCBP, 0 < ε <= 1/4 (default 1/10)")
    p.add_argument("--N1", type=opt.int_range(2, 1024), default=None, help="size of the tied block (default 2)")
    p.add_argument("--N2", type=opt.int_range(0, 1024), default=None, help="size of the second block (default 2)")
    p.add_argument(
        "--mixing", choices=("none", "householder"), default=None, help="exact orthogonal mixing (default householder)"
    )
    p.add_argument(
        "--levels",
        type=opt.int_list(1, 1 << 16),
        default=None,
        help="members n checked on instances, e.g. 10,20,40 (default)",
    )
    p.add_argument("--n", type=opt.int_range(1, 1 << 16), default=None, help="one more member n to check exactly")
    p.add_argument("--seed", type=opt.int_range(0, 2**63 - 1), default=0, help="seed for randomised steps (>= 0)")
    p.add_argument("--fast", action="store_true", help="a CI-sized run where the proof offers one")
    opt.add_certificate_outputs(p, report="claim names, details, measured observations")
    p.add_argument(
        "--latex",
        metavar="FILE.tex",
        type=opt.output_path(),
        help="also write the theorem and every claim as a LaTeX document (an article; --beamer for slides)",
    )
    p.add_argument("--beamer", action="store_true", help="with --latex: write beamer slides, one per claim")
    p.add_argument("--quiet", action="store_true", help="no progress bar on stderr")
    # bhv only: the user's training procedure (run in the sandbox, as bhv-demo --train) and its fixed architecture
    p.add_argument(
        "--train",
        metavar="MODULE:FUNCTION",
        type=opt.algorithm_spec(),
        help="bhv: your training procedure train(X, y, rng) -> layers",
    )
    p.add_argument(
        "--architecture", type=opt.int_range(1, 10**5), nargs="+", metavar="N", help="bhv: hidden widths (default 8 8)"
    )
    p.add_argument(
        "--timeout",
        type=opt.positive_float(86_400.0),
        default=None,
        help="bhv --train: seconds per call of the procedure, and for this process's exact work on its networks "
        "(default 600)",
    )
    p.set_defaults(func=cmd_prove)
