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
violated a class-level property, 1 otherwise (with one ``reproduce:`` command on stderr), 2 on a
usage error, 3 when a user's strategy breaks its contract (raises, times out, or draws something that
is not a printed algorithm description). The failing family is printed as JSON, which ``--family``
accepts.

A user's MODULE:STRATEGY is loaded and drawn from only in a sandboxed child process
(docs/harness.md). The child sends the printed descriptions of the drawn algorithms; this process
rebuilds them *as data* (a restricted parser of calls to the names of
:mod:`sci_oracle.harness.algorithm_strategies`, never ``eval``) and checks those.

``--scheduler local:N`` or ``--scheduler tcp://host:8786`` runs a built-in class on Dask as
``--shards`` independent Hypothesis runs (default: one per worker; shard i has seed SEED + i); the
drawn algorithms depend on the number of shards, not on where they run (docs/cli.md).
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import shlex
import sys
from fractions import Fraction
from typing import Any

from sci_oracle.cli import options as opt
from sci_oracle.core.errors import ContractError, InvalidArgument
from sci_oracle.core.problems import PROBLEMS
from sci_oracle.core.report import write_json_atomic

#: the built-in classes (kept equal to class_properties.CLASSES by a test; listed here so that
#: parsing arguments does not import Hypothesis)
CLASS_NAMES = ("query-plans", "escalating", "randomised", "trainers", "sample-trainers")


def _drawn_in_sandbox(spec: str, n: int, seed: int, timeout: float) -> Any:
    """A strategy over the algorithms that ``spec`` drew in the sandbox, rebuilt here as data."""
    from hypothesis import strategies as st

    from sci_oracle.core.errors import AlgorithmError, BudgetExceeded
    from sci_oracle.harness.isolation import SandboxedFunction

    with SandboxedFunction(spec, timeout=timeout, param="spec", purpose="strategy") as strat:
        try:
            texts = strat.draw(n, seed)
        except (AlgorithmError, BudgetExceeded) as exc:
            raise ContractError(f"the strategy {spec} broke its contract: {exc}") from None
    if not texts:
        raise ContractError(f"the strategy {spec} drew no algorithm")
    algorithms = [parse_description(t, spec) for t in texts]
    out = st.sampled_from(algorithms)
    out.label_for_reports = spec  # type: ignore[attr-defined]
    return out


def _names() -> dict[str, Any]:
    from sci_oracle.algorithms.builtin import Midpoint, Zero
    from sci_oracle.harness import algorithm_strategies as algs

    names = {n: getattr(algs, n) for n in algs.__all__ if isinstance(getattr(algs, n), type)}
    names.update(Fraction=Fraction, Midpoint=Midpoint, Zero=Zero)
    return names


def parse_description(text: str, spec: str = "spec", names: dict[str, Any] | None = None) -> Any:
    """Rebuild a printed algorithm from data: only calls of the algorithm classes of
    :mod:`sci_oracle.harness.algorithm_strategies` (and ``Fraction``), or of ``names`` when given,
    with literal arguments, tuples and lists. Anything else (attributes, other names, operators) is
    a ContractError."""
    names = _names() if names is None else names

    def build(node: ast.AST) -> Any:
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float, str, bool, type(None))):
            return node.value
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            v = build(node.operand)
            if isinstance(v, bool) or not isinstance(v, (int, float, Fraction)):
                raise ValueError("a sign applies to numbers only")
            return -v if isinstance(node.op, ast.USub) else v
        if isinstance(node, (ast.Tuple, ast.List)):
            items = [build(e) for e in node.elts]
            return tuple(items) if isinstance(node, ast.Tuple) else items
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in names:
            args = [build(a) for a in node.args]
            kwargs = {k.arg: build(k.value) for k in node.keywords if k.arg is not None}
            if len(kwargs) != len(node.keywords):
                raise ValueError("**kwargs are not data")
            return names[node.func.id](*args, **kwargs)
        raise ValueError(f"{type(node).__name__} is not allowed in an algorithm description")

    try:
        if len(text) > 20_000:
            raise ValueError("longer than 20000 characters")
        obj = build(ast.parse(text, mode="eval").body)
    except Exception as exc:
        raise ContractError(
            f"the strategy {spec} drew {text[:120]!r}, which is not a printed algorithm description of "
            f"sci_oracle.harness.algorithm_strategies ({type(exc).__name__}: {exc}); draw those classes, or "
            "pass a built-in class name"
        ) from None
    from sci_oracle.harness import algorithm_strategies as algs

    return obj.randomised() if isinstance(obj, algs.Mixture) else obj


def cmd_check_class(args: argparse.Namespace) -> int:
    from sci_oracle.harness import class_properties as cp

    replay_only = [f for f, v in (("--family", args.family), ("--rounding", args.rounding)) if v is not None]
    if args.replay is None and replay_only:
        raise InvalidArgument(f"{replay_only[0]} is invalid without --replay: it describes the replayed run")
    run_only = [f for f, v in (("SPEC", args.spec), ("--scheduler", args.scheduler), ("--shards", args.shards)) if v]
    if args.replay is not None and run_only:
        raise InvalidArgument(f"{run_only[0]} is invalid with --replay: a replay reruns one algorithm on one family")
    args.rounding = args.rounding or "nearest"
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
    spec = args.spec
    if ":" in args.spec:
        if args.scheduler is not None or args.shards is not None:
            raise InvalidArgument(
                f"--scheduler is invalid with SPEC={args.spec}: scale-out takes a built-in class (a user's "
                "strategy is drawn in one sandboxed child)"
            )
        try:
            spec = _drawn_in_sandbox(args.spec, args.max_examples, args.seed, args.timeout)
        except ContractError as exc:
            print(f"sci-oracle check-class: error: {exc}", file=sys.stderr)
            return 3
    if args.scheduler is None and args.shards is None:
        report = cp.check_class(
            spec,
            problem=None if args.problem == "all" else args.problem,
            K=args.K,
            max_examples=args.max_examples,
            seed=args.seed,
            setting=args.setting,
        )
    else:
        report = _sharded(args)
    if args.json == "-":
        print(json.dumps(report.certificate(), indent=1))
    else:
        print(report.summary())
        if args.json:
            write_json_atomic(args.json, report.certificate())
            print(f"report written to {args.json}")
    if report.passed:
        return 0
    replay = re.search(r"^\s*replay:\s*(.+)$", report.violation or "", re.MULTILINE)
    print(f"reproduce: {replay.group(1) if replay else _rerun_command(args)}", file=sys.stderr)
    return 1


def _sharded(args: argparse.Namespace) -> object:
    """The class check as independent shards, on Dask (``--scheduler``) or one after another."""
    from contextlib import nullcontext

    from sci_oracle.harness import distributed as dist
    from sci_oracle.harness.trials import InlineExecutor

    problem = None if args.problem == "all" else args.problem
    context = dist.dask_executor(args.scheduler) if args.scheduler else nullcontext(InlineExecutor())
    with context as executor:
        shards = args.shards or (dist.scheduler_workers(executor) if args.scheduler else 1)
        jobs = [
            {"spec": args.spec, "problem": problem, "K": args.K, "setting": args.setting, **part}
            for part in dist.class_shards(args.max_examples, shards, args.seed)
        ]
        parts = [f.result() for f in [executor.submit(dist.run_class_shard, job) for job in jobs]]
    return dist.merge_class_reports(args.spec, problem, args.K, parts)


def _rerun_command(args: argparse.Namespace) -> str:
    parts = ["sci-oracle", "check-class", shlex.quote(args.spec)]
    for flag, value, default in (
        ("--problem", args.problem, "all"),
        ("--K", args.K, None),
        ("--setting", args.setting, None),
        ("--max-examples", args.max_examples, 100),
        ("--seed", args.seed, 0),
        ("--shards", args.shards, None),
    ):
        if value is not None and value != default:
            parts += [flag, shlex.quote(str(value))]
    return " ".join(parts)


def _printed(loader: str):
    """Check a printed algorithm or family (from a failure report) when the arguments are parsed."""

    def parse(text: str) -> str:
        from sci_oracle.core.errors import InvalidArgument
        from sci_oracle.harness import class_properties as cp

        try:
            getattr(cp, loader)(text)
        except InvalidArgument as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None
        return text

    return parse


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
        type=opt.algorithm_spec(CLASS_NAMES),
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
    p.add_argument("--max-examples", type=opt.int_range(1, 10**7), default=100, help="algorithms to draw (default 100)")
    p.add_argument("--seed", type=opt.int_range(0, 2**63 - 1), default=0, help="Hypothesis seed (default 0)")
    p.add_argument(
        "--timeout",
        type=opt.positive_float(86_400.0),
        default=600.0,
        help="MODULE:STRATEGY: wall-time limit for drawing, seconds (default 600)",
    )
    p.add_argument(
        "--json",
        metavar="PATH",
        type=opt.output_path(stdout=True),
        help="write the JSON report to PATH ('-' for stdout)",
    )
    p.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        type=opt.scheduler_address,
        default=None,
        help="draw and check the algorithms on Dask in shards: local:N or tcp://host:8786 ([dist] extra)",
    )
    p.add_argument(
        "--shards",
        type=opt.int_range(1, 10_000),
        default=None,
        help="split the run into this many independent Hypothesis runs (seeds SEED, SEED+1, ...); "
        "default: the number of Dask workers with --scheduler",
    )
    p.add_argument(
        "--replay",
        metavar="ALGORITHM",
        type=_printed("load_algorithm"),
        help="re-run one printed algorithm (from a failure report)",
    )
    p.add_argument(
        "--family",
        metavar="FAMILY",
        type=_printed("load_family"),
        help="with --replay: the family's JSON spec or printed PNASFamily(...)",
    )
    p.add_argument(
        "--rounding",
        choices=("nearest", "floor", "ceiling"),
        default=None,
        help="with --replay: the limit oracle's rounding (default nearest)",
    )
    p.set_defaults(func=cmd_check_class)
