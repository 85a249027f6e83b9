"""``sci-oracle check-class SPEC``: property-test a whole class of algorithms against Theorem 1(a).

A thin layer over :func:`sci_oracle.harness.class_properties.check_class`.

    sci-oracle check-class query-plans --max-examples 200
    sci-oracle check-class randomised --problem qcbp --K 6 --json report.json
    sci-oracle check-class mypackage.families:trainers     # a user's Hypothesis strategy
    sci-oracle check-class --replay "QueryPlan(reads=(), then=ExactSolve(level=None, tie='first'))" \\
                           --family "PNASFamily('srlasso', K=3, N1=2, N2=0)"
    sci-oracle check-class --replay-file .sci_oracle/witnesses/class-....json

SPEC is a built-in class (query-plans, escalating, randomised, trainers, sample-trainers: the last
in the Theorem 1 training setting) or MODULE:STRATEGY (a Hypothesis strategy of algorithms, or a
function returning one, e.g. ``sci_oracle.strategies.algorithms_from(my_solver, params)``). Exit 0
iff no drawn algorithm violated a class-level property, 1 otherwise (with one ``reproduce:``
command on stderr), 2 on a usage error, 3 when the user's code broke its contract (the strategy
raises, hangs or draws something that is not a printed algorithm description; a drawn algorithm
raises, gives a malformed output or is not a general algorithm), as ``check`` does. A failure's
algorithm and family are also saved to a file that ``--replay-file`` reads.

A user's MODULE:STRATEGY is loaded and drawn from only in a sandboxed child process
(docs/harness.md). The child sends the printed descriptions of the drawn algorithms; this process
rebuilds them *as data* (the literal-only parser of :mod:`sci_oracle.harness.descriptions`, never
``eval``), and a drawn ``user_algorithm('module:f', ...)`` runs in the sandbox too. ``--timeout``
bounds all of the user's code of the command together (loading, drawing, every run).

``--scheduler local:N`` or ``--scheduler tcp://host:8786`` runs a built-in class on Dask as
``--shards`` independent Hypothesis runs (default: one per worker; shard i has seed SEED + i); the
drawn algorithms depend on the number of shards, not on where they run (docs/cli.md).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shlex
import sys
import time
from typing import Any

from sci_oracle.cli import options as opt
from sci_oracle.cli.reports import write_json
from sci_oracle.core.errors import AlgorithmError, ContractError, InvalidArgument
from sci_oracle.core.problems import PROBLEMS
from sci_oracle.core.report import write_json_atomic
from sci_oracle.core.text import sanitise

#: the built-in classes (kept equal to class_properties.CLASSES by a test; listed here so that
#: parsing arguments does not import Hypothesis)
CLASS_NAMES = ("query-plans", "escalating", "randomised", "trainers", "sample-trainers")
EXIT_CONTRACT = 3


def parse_description(text: str, spec: str = "spec", names: dict[str, Any] | None = None) -> Any:
    """A printed algorithm rebuilt as data (:func:`sci_oracle.harness.descriptions.parse_description`);
    a description that is not one is a ContractError of ``spec``, the strategy that drew it."""
    from sci_oracle.harness.descriptions import parse_description as parse

    try:
        return parse(text, names=names)
    except InvalidArgument as exc:
        raise ContractError(
            f"the strategy {spec} drew something that is not a printed algorithm description: {exc}"
        ) from None


def _status(enabled: bool) -> Any:
    """Status lines on stderr (a terminal, or SCI_ORACLE_PROGRESS=1): one per stage, and the count
    of checked algorithms at most every 2 s, so a long class check is never a blank screen."""
    last = [0.0]

    def say(text: str) -> None:
        ticking = text.startswith("checked ")
        if not enabled or (ticking and time.monotonic() - last[0] < 2.0):
            return
        last[0] = time.monotonic() if ticking else 0.0
        print(f"check-class: {sanitise(text)}", file=sys.stderr, flush=True)

    return say


def cmd_check_class(args: argparse.Namespace) -> int:
    from sci_oracle.harness import class_properties as cp

    if args.replay_file is not None:
        if args.replay is not None or args.family is not None:
            raise InvalidArgument("--replay-file is invalid with --replay/--family: the file holds both")
        args.replay, args.family, rounding = _read_replay_file(args.replay_file)
        args.rounding = args.rounding or rounding
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
        return _replay(args)
    if args.spec is None:
        raise InvalidArgument(
            "SPEC is missing: give a class (query-plans, escalating, randomised, trainers, sample-trainers), "
            "MODULE:STRATEGY, --replay or --replay-file"
        )
    user = ":" in args.spec
    if user and (args.scheduler is not None or args.shards is not None):
        raise InvalidArgument(
            f"--scheduler is invalid with SPEC={args.spec}: scale-out takes a built-in class (a user's "
            "strategy is drawn in one sandboxed child)"
        )
    from sci_oracle.cli.progress import enabled

    say = _status(enabled() or os.environ.get("SCI_ORACLE_PROGRESS") == "1")
    if not user:
        say(f"drawing up to {args.max_examples} algorithms from {args.spec} (Hypothesis seed {args.seed})")
    if args.scheduler is None and args.shards is None:
        try:
            report = cp.check_class(
                args.spec,
                problem=None if args.problem == "all" else args.problem,
                K=args.K,
                max_examples=args.max_examples,
                seed=args.seed,
                setting=args.setting,
                timeout=args.timeout,
                memory_mb=args.memory_mb,
                progress=say,
            )
        except AlgorithmError as exc:  # the strategy raised, hung or drew something that is not an algorithm
            print(f"sci-oracle check-class: error: {sanitise(exc)}", file=sys.stderr)
            return EXIT_CONTRACT
        finally:
            from sci_oracle.harness.user_procedures import close_children

            close_children()
    else:
        report = _sharded(args)
    write_json(args, report.certificate())  # the certificate first ('-': only the JSON), then the summary
    if args.json != "-":
        print(report.summary())
        if args.json:
            print(f"certificate written to {args.json} (re-check it with sci-oracle verify)")
    if args.report:  # counts, worst case, scheduler, contract error: for people, not a certificate
        write_json(args, report.to_json(), args.report)
    if report.passed:
        return 0
    replay = _replay_file_for(report)
    if replay is None:
        print(f"reproduce: {_rerun_command(args)}", file=sys.stderr)
    else:
        print(f"reproduce: sci-oracle check-class --replay-file {shlex.quote(replay)}", file=sys.stderr)
    return EXIT_CONTRACT if report.contract_error else 1


def _replay(args: argparse.Namespace) -> int:
    """Re-run one printed algorithm on one family; a user's procedure runs in the sandbox."""
    from sci_oracle.harness import class_properties as cp
    from sci_oracle.harness.budget import Deadline
    from sci_oracle.harness.outputs import deciding
    from sci_oracle.harness.user_procedures import close_children

    deadline = Deadline(args.timeout)
    alg = cp.load_algorithm(
        args.replay, timeout=min(cp.BUDGET["timeout"], args.timeout), memory_mb=args.memory_mb, deadline=deadline
    )
    family = cp.load_family(args.family)
    try:
        # the exact work on a user procedure's output: within --timeout (else Undecided: unknown, exit 1)
        with deciding(args.timeout, "the replayed algorithm's output"):
            if hasattr(alg, "seeds") and hasattr(alg, "make"):
                rb = cp.assert_randomised_fails(alg, family)
                print(f"{rb.verdict}: {sanitise(rb.message)}")
            else:
                cert = cp.assert_caught(alg, family, rounding=args.rounding, allow_nh=True)
                print(f"{cert.verdict}: {sanitise(cert.message)}")
                status, _msg = cp.k_digit_verdict(alg, family, rounding=args.rounding, certificate=cert)
                print(f"K-digit verdict: {status}")
    except cp.ClassPropertyFailure as exc:
        print(f"{'ERROR (the algorithm broke its contract)' if exc.contract else 'FAILED'}: {exc}")
        return EXIT_CONTRACT if exc.contract else 1
    finally:
        close_children()
    return 0


def _replay_file_for(report: Any) -> str | None:
    """Save the failing algorithm, family and rounding (from the violation's replay line) to a
    file that ``--replay-file`` reads; its path, or None when the violation has no replay line."""
    from sci_oracle.harness.testing import witness_dir

    found = re.search(r"^\s*replay:\s*(.+)$", report.violation or "", re.MULTILINE)
    if found is None:
        return None
    words = shlex.split(found.group(1))
    data: dict[str, Any] = {"rounding": "nearest"}
    for flag, key in (("--replay", "algorithm"), ("--family", "family"), ("--rounding", "rounding")):
        if flag in words and words.index(flag) + 1 < len(words):
            data[key] = words[words.index(flag) + 1]
    if "algorithm" not in data or "family" not in data:
        return None
    data["family"] = json.loads(data["family"])
    digest = hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:12]
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", report.spec)[:60]
    path = os.path.join(witness_dir(), f"class-{stem}-{digest}.json")
    write_json_atomic(path, {"kind": "check-class replay", **data})
    return os.path.relpath(path) if not os.path.relpath(path).startswith("..") else path


REPLAY_FILE_BYTES = 1 << 20  # a replay file holds one description (<= 20,000 characters) and a family


def _read_replay_file(path: str) -> tuple[str, str, str]:
    from sci_oracle.harness.isolation import MAX_JSON_DEPTH, json_depth_ok

    try:
        with open(path, "rb") as f:
            raw = f.read(REPLAY_FILE_BYTES + 1)
        if len(raw) > REPLAY_FILE_BYTES:
            raise ValueError(f"larger than {REPLAY_FILE_BYTES} bytes")
        if not json_depth_ok(raw):
            raise ValueError(f"nested deeper than {MAX_JSON_DEPTH} brackets")
        data = json.loads(raw.decode("utf-8"))
        algorithm, family = data["algorithm"], data["family"]
        rounding = data.get("rounding", "nearest")
        if (
            not isinstance(algorithm, str)
            or not isinstance(family, dict)
            or rounding not in ("nearest", "floor", "ceiling")
        ):
            raise ValueError("expected a string algorithm, a family object and a rounding")
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InvalidArgument(f"--replay-file={path} is invalid: not a check-class replay file ({exc})") from None
    return algorithm, json.dumps(family, separators=(",", ":")), rounding


def _sharded(args: argparse.Namespace) -> object:
    """The class check as independent shards, on Dask (``--scheduler``) or one after another."""
    from contextlib import nullcontext

    from sci_oracle.harness import distributed as dist
    from sci_oracle.harness.check import scheduler_name
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
        where = scheduler_name(executor) if args.scheduler else f"this process ({len(jobs)} shards in turn)"
    report = dist.merge_class_reports(args.spec, problem, args.K, parts)
    report.scheduler = where
    return report


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
    opt.add_sandbox_limits(
        p,
        timeout=600.0,
        bounds="MODULE:STRATEGY or --replay: all of the user's code together (loading, drawing, every run; "
        "each run at most 30 s)",
    )
    opt.add_certificate_outputs(p, report="algorithms drawn, verdicts, worst case, scheduler")
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
        "--replay-file",
        metavar="FILE",
        type=opt.input_file,
        default=None,
        help="re-run the algorithm and family saved by a failing check-class (the path its reproduce: line prints)",
    )
    p.add_argument(
        "--rounding",
        choices=("nearest", "floor", "ceiling"),
        default=None,
        help="with --replay: the limit oracle's rounding (default nearest)",
    )
    p.set_defaults(func=cmd_check_class)
