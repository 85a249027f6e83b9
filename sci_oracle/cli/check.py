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

With ``--training``, MODULE:FUNCTION is a *training procedure* ``train(Y, X) -> predictor``
(labelled samples in, a predictor y -> x out; PNAS 2022 Theorem 1 in its training form) checked,
isolated, on the training family (sci_oracle/families/training.py): part (a) by the precision
adversary, part (b) also by the sample adversary with ``--L`` samples, part (c) by the K−2 claim.

    sci-oracle check examples/train_procedure.py:train --training

Your code runs only in a sandboxed child process (docs/harness.md); this process never imports it.
The JSON report is written first (atomically), then the summary; what the algorithm printed is
shown on stderr, never mixed with ``--json -``.

Exit codes (docs/cli.md): 0 the check ran (and met ``--expect-digits``; with ``--classifier``,
every trained network was certified inaccurate or unstable); 1 ``--expect-digits D`` not
certified, or a classifier network left undecided; 2 usage errors (bad arguments, unloadable
algorithm); 3 the algorithm broke its contract (it raised, wrong length, NaN/inf, wrong type or signature, a
trainer given as a solver, randomised without seeds, hidden state): the report's verdict is ``error``.
Runs on Dask with ``--scheduler local:N`` or ``--scheduler tcp://host:8786``.
"""

from __future__ import annotations

import argparse
import contextlib
import shlex
import sys
from collections.abc import Iterator
from typing import Any

from sci_oracle.algorithms.builtin import BUILTINS
from sci_oracle.cli import options as opt
from sci_oracle.cli.prove import _K
from sci_oracle.cli.reports import write_json
from sci_oracle.core.errors import AlgorithmError, InvalidArgument
from sci_oracle.core.problems import PROBLEMS
from sci_oracle.core.report import write_json_atomic
from sci_oracle.pnas.step import plural


def cmd_check(args: argparse.Namespace) -> int:
    from sci_oracle.harness.check import CheckInterrupted, check

    _check_combinations(args)
    if args.classifier:
        return _check_classifier(args)
    if args.training:
        if ":" not in args.algorithm:
            raise InvalidArgument(
                f"algorithm={args.algorithm!r} is invalid with --training: expected MODULE:FUNCTION naming "
                "train(Y, X) -> predictor"
            )
        if args.seeds is not None or args.samples is not None:
            raise InvalidArgument(
                "--seeds/--samples are invalid with --training: a training procedure is deterministic"
            )
    if sys.stderr.isatty() and not args.in_process:  # imports such as torch take seconds in the child
        print(f"loading {args.algorithm} in the sandbox child...", file=sys.stderr, flush=True)
    with executor_for(args.scheduler) as executor:
        if args.training:
            from sci_oracle.families.training import TrainingFamily
            from sci_oracle.harness.adapters import training_procedure_spec

            family = TrainingFamily(args.problem, args.K, R=args.R)
            algorithm: object = training_procedure_spec(args.algorithm, level=args.level, exact=args.exact_predictor)
            kw: dict = {"family": family}
        else:
            algorithm, kw = args.algorithm, {"problem": args.problem, "K": args.K}
        try:
            report = check(
                algorithm,
                **kw,
                seeds=args.seeds,
                n_samples=args.samples,
                isolated=not args.in_process,
                timeout=args.timeout,
                memory_mb=args.memory_mb,
                members=tuple(args.members),
                workers=args.workers,
                executor=executor,
                progress=sys.stderr.isatty(),
                run_budget=args.timeout,  # --timeout bounds the runs together, not each one
            )
        except CheckInterrupted as stop:  # Ctrl-C: sci_oracle.cli.reports writes the partial report, exit 130
            if args.report:  # the run report says it was interrupted
                write_json_atomic(args.report, stop.report.to_json())
            raise
        # part (b) only for a procedure that kept its contract: a broken one is judged on no part
        sample = _sample_part(args, algorithm, family) if args.training and report.contract is None else None
    errors = [(m.label, r.reason) for m in report.members for r in m.records if r.outcome == "error"]
    runs = sum(len(m.records) for m in report.members)
    data = report.certificate([sample.claim()] if sample is not None else None)
    if args.report:  # the run report (isolation layers, captured output, messages): not a certificate
        write_json_atomic(args.report, {**report.to_json(), **({"sample_barrier": sample.to_json()} if sample else {})})

    def render() -> None:
        report.render()
        if args.training:
            _render_parts(report, sample, args.L)
        if report.contract is not None:
            _did_you_mean(args, report.contract)

    emit(args, data, render)
    if args.json and args.json != "-":
        print(f"re-verify it with: sci-oracle verify {shlex.quote(args.json)}")
    show_output(report.algorithm_output)
    if report.contract is not None:
        return EXIT_CONTRACT
    if errors and len(errors) == runs:  # not one output: the algorithm, not the theorem, decided this
        print(f"error: all {runs} runs raised; the first, on {errors[0][0]}: {errors[0][1]}", file=sys.stderr)
        return EXIT_CONTRACT
    if errors and args.json != "-":  # in full, not folded into a table column
        print(f"FAILED: {len(errors)} of {runs} runs raised; the first, on {errors[0][0]}: {errors[0][1]}")
    if args.expect_digits is not None:
        D = args.expect_digits
        status = report.claims[D].status if D in report.claims else None
        if status != "certified":
            reached = report.digits_reached
            print(
                f"FAILED: expected {D} digits: "
                f"{'not among the checked claims (K, K-1, K-2)' if status is None else status}"
                f" (reaches {reached if reached is not None else 'none'} of K={report.K}, K-1, K-2)",
                file=sys.stderr,
            )
            print(f"reproduce: {reproduce_command(args)}", file=sys.stderr)
            return 1
    return 0


TRAINING_DEFAULTS = {"R": 4, "L": 2, "level": 52}


def _check_combinations(args: argparse.Namespace) -> None:
    """Options that would be silently ignored are usage errors, before anything runs."""
    given = [f"--{k}" for k in TRAINING_DEFAULTS if getattr(args, k) is not None]
    given += ["--exact-predictor"] if args.exact_predictor else []
    if given and not args.training:
        raise InvalidArgument(f"{given[0]} is invalid without --training: it sets the training check")
    for k, v in TRAINING_DEFAULTS.items():
        if getattr(args, k) is None:
            setattr(args, k, v)
    if args.scheduler is not None and args.workers is not None:
        raise InvalidArgument("--workers is invalid with --scheduler: the cluster's workers run the trials")
    if args.classifier and args.scheduler is not None:
        raise InvalidArgument("--scheduler is invalid with --classifier: the dichotomy test runs in this process")


def _render_parts(report: Any, sample: Any, M: int) -> None:
    """PNAS 2022 Theorem 1 in the training form: what the theorem says of every training
    procedure (its scope: the cited lemma), then what this check found for this procedure on the
    instances checked; nothing is judged for a procedure that broke its contract."""
    K, c = report.K, report.claims
    print("Theorem 1, training form (PNAS 2022; sci_oracle/families/training.py), for every training procedure")
    print(
        f"  [lemma, all procedures]: (a) for every p > 1/2, none gets K = {K} digits w.p. ≥ p on every input; (b) K-1 digits need"
    )
    print("  more than M samples for some; (c) K-2 digits are reachable.")
    if report.contract is not None:
        print("This procedure: no part is judged: it broke its contract (the error above).")
        return
    read = report.samples_read["max_distinct"]
    print(f"This procedure [instances: R = {report.family.get('R')} samples each, the members listed above]:")
    print(f"  (a) {plural(K, 'digit')} (K): {c[K].status}")
    print(
        f"  (b) {plural(K - 1, 'digit')} (K-1): {c[K - 1].status}; sample adversary (M = {M}, R = {sample.R} samples): "
        f"{sample.verdict}: {sample.message}"
    )
    print(f"  (c) {plural(K - 2, 'digit')} (K-2): {c[K - 2].status}, reading <= {plural(read, 'sample')}")


_SHAPES = {  # a contract error's signature, the parameter names it lists, and the option that fits them
    "--training": ("2 required arguments", ("Y, X", "X, Y", "Y, x", "y_train", "X_train")),
    "--classifier": ("3 required arguments", ("X, y, rng", "x, y, rng", "X, Y, rng")),
}


def _did_you_mean(args: argparse.Namespace, contract: str) -> None:
    """A training procedure checked as a solver (``--training`` or ``--classifier`` forgotten) fails
    the algorithm contract on its signature: say which option it looks like it needs."""
    if args.training or args.classifier:
        return
    attr = args.algorithm.rpartition(":")[2].lower()
    for option, (arity, names) in _SHAPES.items():
        if arity in contract and (any(f"({n})" in contract for n in names) or "train" in attr or "fit" in attr):
            what = "train(Y, X) -> predictor" if option == "--training" else "train(X, y, rng) -> layers"
            print(f"did you mean {option}? ({args.algorithm} looks like a training procedure {what})", file=sys.stderr)
            return


def _sample_part(args: argparse.Namespace, algorithm: object, family: object) -> object:
    """Theorem 1(b): the sample adversary, with the procedure in the sandbox (unless --in-process)."""
    from sci_oracle.barrier.sample import SampleBarrier, sample_barrier
    from sci_oracle.core.errors import Undecided
    from sci_oracle.harness.isolation import AlgorithmPayload, IsolatedAlgorithm
    from sci_oracle.harness.outputs import deciding

    R = max(args.R, args.L + 1)  # the check's own R (its header) unless the adversary needs R > M
    try:
        with deciding(args.timeout):  # exact work on the procedure's outputs: bounded as in check()
            if args.in_process:
                return sample_barrier(algorithm, family, args.L, R=R, timeout=args.timeout)  # type: ignore[arg-type]
            payload = AlgorithmPayload.of(algorithm)
            with IsolatedAlgorithm(payload, timeout=args.timeout, memory_mb=args.memory_mb) as alg:
                return sample_barrier(alg, family, args.L, R=R, timeout=args.timeout)
    except Undecided as exc:
        fam: Any = family
        return SampleBarrier(
            "unknown", f"undecided: {exc}", fam.K, args.L, R, fam.spec(), str(algorithm), samples_read=()
        )


def reproduce_command(args: argparse.Namespace) -> str:
    """The one shell line that reruns this check (the values as parsed, defaults left out)."""
    parts = ["sci-oracle", "check", shlex.quote(args.algorithm)]
    for flag, value, default in (
        ("--problem", args.problem, "srlasso"),
        ("--K", args.K, 3),
        ("--seeds", _seeds_text(args.seeds), None),
        ("--samples", args.samples, None),
        ("--members", ",".join(map(str, args.members)), "4,16,64"),
        ("--R", args.R, 4),
        ("--L", args.L, 2),
        ("--level", args.level, 52),
        ("--expect-digits", args.expect_digits, None),
    ):
        if value is not None and value != default:
            parts += [flag, shlex.quote(str(value))]
    parts += [f for f, on in (("--training", args.training), ("--classifier", args.classifier)) if on]
    if args.in_process:
        parts.append("--in-process")
    return " ".join(parts)


def _check_classifier(args: argparse.Namespace) -> int:
    """The dichotomy test of BHV on a user's classifier training procedure."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from sci_oracle.classification.dichotomy import dichotomy_demo
    from sci_oracle.harness.isolation import SandboxedFunction
    from sci_oracle.harness.outputs import deciding
    from sci_oracle.harness.specs import parse_spec

    if args.expect_digits is not None:
        raise InvalidArgument("--expect-digits is invalid with --classifier: the dichotomy test has no digits")
    if parse_spec(args.algorithm).kind == "builtin":
        raise InvalidArgument(
            f"algorithm={args.algorithm!r} is invalid with --classifier: expected "
            "MODULE:FUNCTION naming train(X, y, rng) -> [(W, b), ...]"
        )
    seeds = list(args.seeds) if args.seeds is not None else [0, 1, 2]
    # the training procedure runs only in the sandboxed child; its layers come back as exact data.
    # Ctrl-C and an undecided network end in sci_oracle.cli.reports (exit 130, or unknown and exit 1)
    with SandboxedFunction(args.algorithm, timeout=args.timeout, memory_mb=args.memory_mb) as train:
        try:
            # the parent's exact work on the returned weights: bounded, rationals included (any size)
            with deciding(args.timeout, "the trained networks", watchdog=True):
                rows = dichotomy_demo(train=train, seeds=seeds)
        except AlgorithmError as exc:
            err = f"the training procedure broke its contract: {exc}"
            msg = {"verdict": "error", "contract_error": err, "isolation": train.isolation}
            emit(args, msg, lambda: print(f"error: {err}", file=sys.stderr))
            show_output(train.output())
            return EXIT_CONTRACT
        isolation, printed = train.isolation, train.output()
    out = [{k: v for k, v in r.items() if k != "verdict"} for r in rows]
    doc = {"rows": out, "isolation": isolation, "algorithm_output": printed}
    write_json(args, doc)
    if args.json == "-":
        show_output(printed)
        return 0
    table = Table(title=f"dichotomy test of {escape(args.algorithm)} (exact; BHV, docs/classification.md)")
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
            f"[{colour}]{escape(str(r['outcome']))}[/]",
            escape(str(r["message"])),
        )
    Console().print(table)
    settled = sum(r["outcome"] in ("inaccurate", "unstable") for r in rows)
    print(f"{settled}/{len(rows)} trained networks certified inaccurate or unstable")
    show_output(printed)
    if args.json:
        print(f"report written to {args.json}")
    if settled == len(rows):
        return 0
    for r in rows:
        if r["outcome"] not in ("inaccurate", "unstable"):
            print(
                f"FAILED: seed {r['seed']}, planted={r['planted']}: neither 'inaccurate' nor 'unstable' was "
                f"certified ({r['outcome']}): {r['message']}",
                file=sys.stderr,
            )
    print(f"reproduce: {reproduce_command(args)}", file=sys.stderr)
    return 1


EXIT_CONTRACT = 3


def emit(args: argparse.Namespace, doc: Any, render: Any) -> None:
    """The JSON first (stdout for ``-``, else atomically to the file: :mod:`sci_oracle.cli.reports`),
    then the rendered summary."""
    write_json(args, doc)
    if args.json == "-":
        return
    render()
    if args.json:
        print(f"certificate written to {args.json}")


def show_output(text: str) -> None:
    """What the algorithm printed (captured in the child, capped), on stderr and escaped."""
    if text and text.strip():
        print("--- output of the algorithm (captured in the sandbox) ---", file=sys.stderr)
        print(text.rstrip(), file=sys.stderr)
        print("--- end of the algorithm's output ---", file=sys.stderr)


def _seeds(text: str) -> range | list[int]:
    """``S`` (an int: seeds 0..S−1) or a comma-separated list of seeds >= 0."""
    if "," not in text:
        return range(opt.int_range(1, 10**6, " (a seed count S: seeds 0..S-1)")(text))
    return opt.int_list(0, 2**63 - 1)(text)


def _seeds_text(seeds: range | list[int] | None) -> str | None:
    if seeds is None:
        return None
    return str(len(seeds)) if isinstance(seeds, range) else ",".join(map(str, seeds))


@contextlib.contextmanager
def executor_for(scheduler: str | None) -> Iterator[object]:
    """A Dask executor for ``--scheduler`` (``None``: the default executors of :func:`check`)."""
    if scheduler is None:
        yield None
        return
    from sci_oracle.harness.distributed import dask_executor

    with dask_executor(scheduler) as executor:
        yield executor


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
        type=opt.algorithm_spec(BUILTINS),
        help="your algorithm (MODULE:FUNCTION or FILE.py:FUNCTION) or a built-in name",
    )
    p.add_argument("--problem", choices=PROBLEMS, default="srlasso", help="which problem (default srlasso)")
    p.add_argument("--K", type=_K, default=3, help="number of digits K > 2 (default 3)")
    p.add_argument(
        "--seeds",
        metavar="S",
        type=_seeds,
        default=None,
        help="randomised: S seeds 0..S-1, or a list 0,5,9 (exact probabilities)",
    )
    p.add_argument(
        "--samples",
        type=opt.int_range(1, 10**6),
        default=None,
        metavar="N",
        help="randomised: N sampled seeds (Clopper-Pearson intervals)",
    )
    p.add_argument(
        "--in-process", action="store_true", help="run the algorithm in this process (faster; no isolation guarantee)"
    )
    p.add_argument(
        "--members",
        type=opt.int_list(1, 1 << 16),
        default=[4, 16, 64],
        help="declared pair indices n (default 4,16,64)",
    )
    opt.add_sandbox_limits(
        p,
        timeout=60.0,
        bounds="the runs' times summed, each at most this (loading: + 5 s; a run the spent budget stops leaves "
        "the check unknown, never NH)",
    )
    p.add_argument(
        "--workers", type=opt.int_range(1, 1024), default=None, help="worker processes for randomised trials"
    )
    p.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        type=opt.scheduler_address,
        default=None,
        help="run the trials on Dask: local:N (a LocalCluster of N workers) or tcp://host:8786 ([dist] extra)",
    )
    opt.add_certificate_outputs(p, report="messages, isolation layers, what the algorithm printed")
    kind = p.add_mutually_exclusive_group()
    kind.add_argument(
        "--classifier",
        action="store_true",
        help="MODULE:FUNCTION is a classifier training procedure: run the BHV dichotomy test",
    )
    kind.add_argument(
        "--training",
        action="store_true",
        help="MODULE:FUNCTION is a training procedure train(Y, X) -> predictor: Theorem 1 parts (a), (b), (c)",
    )
    p.add_argument(
        "--R",
        type=opt.int_range(1, 1000),
        default=None,
        help="with --training: training samples per instance (default 4)",
    )
    p.add_argument(
        "--L",
        type=opt.int_range(0, 999),
        default=None,
        help="with --training: the sample budget M of the Theorem 1(b) adversary (default 2)",
    )
    p.add_argument(
        "--level",
        type=opt.int_range(0, 1074),
        default=None,
        help="with --training: the precision level the samples are read at (default 52)",
    )
    p.add_argument(
        "--exact-predictor",
        action="store_true",
        help="with --training: the predictor receives the test input as exact Fractions (an object array) "
        "instead of float64",
    )
    p.add_argument(
        "--expect-digits",
        type=opt.int_range(1, 100_000),
        default=None,
        metavar="D",
        help="exit 1 unless D digits are certified (for CI)",
    )
    p.set_defaults(func=cmd_check)
