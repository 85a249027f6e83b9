"""``sci-oracle prove [THEOREM]``: run an executable proof script from ``proofs/`` and print its claims.

Exit 0 iff every claim is certified. ``--json PATH`` writes the report (theorem, parameters,
claims with name/status/detail, ``all_certified``); ``--json -`` prints it instead of the table.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
from pathlib import Path
from types import ModuleType

from sci_oracle.core.problems import PROBLEMS
from sci_oracle.core.report import write_json_atomic

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


def cmd_prove(args: argparse.Namespace) -> int:
    report = load_proof(args.theorem).prove_from_cli(args)
    if args.json == "-":
        print(report.to_json())
    else:
        report.render()
        if args.json:
            write_json_atomic(args.json, report.to_json())
            print(f"report written to {args.json}")
    return 0 if report.all_certified else 1


def _K(text: str) -> int:
    try:
        K = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"K={text!r} is invalid: K must be an int > 2") from None
    if K <= 2:
        raise argparse.ArgumentTypeError(f"K={K} is invalid: Theorem 1 needs K > 2")
    return K


def _L(text: str) -> int:
    try:
        L = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"L={text!r} is invalid: L must be an int >= 0") from None
    if L < 0:
        raise argparse.ArgumentTypeError(f"L={L} is invalid: L must be an int >= 0 (a number of samples)")
    return L


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
    p.add_argument("--K", type=_K, default=None, help="number of digits K > 2 (default 3)")
    p.add_argument("--problem", choices=("all", *PROBLEMS), default="all", help="which problem (default: all three)")
    p.add_argument("--L", type=_L, default=None, help="sample bound L >= 0 for Theorem 1(c) (default 2)")
    p.add_argument("--seed", type=int, default=0, help="seed for randomised steps")
    p.add_argument("--fast", action="store_true", help="a CI-sized run where the proof offers one")
    p.add_argument("--json", metavar="PATH", help="write the JSON report to PATH ('-' for stdout)")
    p.set_defaults(func=cmd_prove)
