"""``sci-oracle verify FILE``: check a certificate with the independent kernel (``sci_oracle.kernel``).

    sci-oracle verify report.json                                 # any --json certificate of sci-oracle
    sci-oracle verify report.json --algorithm mysolver.py:solve   # also rerun it on every transcript
    sci-oracle verify proof.json --rerun-recorded                 # rerun each run with the built-in it names
    sci-oracle verify report.json --json outcome.json             # the per-claim outcome as JSON
    sci-oracle verify big.json --max-seconds 600                  # allow a larger checking-cost bound
    sci-oracle verify proof.json --formal                         # recompile the Coq theorems formal claims cite
    sci-oracle verify proof.json --smt                            # z3 and cvc5 decide every all-parameters step

The kernel runs in a process of its own (``python -I -m sci_oracle.kernel``) that loads the kernel
and its dependencies (stdlib, python-flint, sympy) and nothing else of sci_oracle. Each claim is
printed ACCEPTED or REJECTED with the statement the kernel generated from the claim's parameters
(nothing the producer wrote in words is in a certificate) and the first failing check.

Reruns are separate, and can only reject: ``--algorithm`` reruns that algorithm, in the sandbox of
``sci_oracle.harness.isolation``, on every recorded transcript of the accepted claims and requires
the recorded queries and output exactly (running past the end of a transcript is a difference);
``--rerun-recorded`` reruns each run with the built-in its claim names, rebuilt from its printed
description by a literal-only parser (nothing is imported or evaluated).

Exit 0 iff every claim is accepted (and every rerun reproduces); 1 on a rejected claim, a document
error or a rerun that differs; 2 when the file is not a certificate (unreadable, not strict JSON, an
unknown, repeated or non-ASCII key, a float, NaN, a retired format, too large), when its cost bound
exceeds ``--max-seconds`` (nothing is checked), or when the kernel process does not finish in time.
``--formal`` recompiles, from proofs/coq, the Coq theorems that ``formal`` claims cite and checks
their statements, axioms and the certificate's hashes (``sci_oracle.kernel.formal``); without
``coqc`` those claims count as cited lemmas and the output says why. ``--smt`` has z3 and cvc5
decide every all-parameters step again (``sci_oracle.kernel.smt``, extra ``[formal]``); an answer
other than the certificate's rejects the claim. Both run inside the kernel's process, each engine in
a child of its own under its own time limit (not part of the cost bound).
``sci-oracle replay`` is an alias.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import shutil
import signal
import subprocess
import sys
import textwrap
from fractions import Fraction
from typing import Any

from sci_oracle.algorithms.builtin import BUILTINS
from sci_oracle.cli import options as opt

DEFAULT_MAX_SECONDS = 60.0
START_SECONDS = 30.0  # the kernel process's own start (python, flint, sympy) on a loaded machine
#: the kernel process's limit is CPU time (its work); wall time gets this factor more, for a loaded
#: machine (prove --K 10000's file: 23 s of CPU took 127 s of wall time at load average 9 on 2 cores)
WALL_FACTOR = 6.0
FORMAL_SECONDS = 1800.0  # --formal: coqc builds the cited files from scratch (each call limited to 900 s)
SMT_SECONDS = 900.0  # --smt: two engines, 20 s per step at most, in one child each

Rerun = tuple[str, bool | None, str]  # (what, reproduced (None: undecided within --timeout), why)


# --------------------------------------------------------------------------- the kernel process
class KernelOutcome:
    """What the kernel process said: per-claim results, document errors, runs, or why it refused."""

    def __init__(self, data: dict[str, Any], argv: list[str]):
        self.data, self.argv = data, argv
        self.malformed: str | None = data.get("malformed")
        self.claims: list[dict[str, Any]] = data.get("claims", [])
        self.errors: list[str] = data.get("errors", [])
        self.runs: list[dict[str, Any]] = data.get("runs", [])
        self.modules: list[str] = data.get("modules", [])

    @property
    def accepted(self) -> bool:
        return self.malformed is None and not self.errors and all(c["accepted"] for c in self.claims)


def run_kernel(
    path: str, max_seconds: float, *, formal: bool = False, smt: bool = False, coq_dir: str | None = None
) -> KernelOutcome:
    """Verify ``path`` in a fresh ``python -I`` process that imports only ``sci_oracle.kernel`` (found
    next to this sci_oracle) and its dependencies; it gets ``max_seconds`` plus its start-up time
    (plus the engines' allowance with ``formal`` or ``smt``) of CPU time, and :data:`WALL_FACTOR`
    times that of wall time."""
    import sci_oracle

    root = os.path.dirname(os.path.dirname(os.path.abspath(sci_oracle.__file__)))
    code = (
        "import sys; sys.path.insert(0, sys.argv.pop(1)); "
        "from sci_oracle.kernel.__main__ import main; sys.exit(main(sys.argv[1:]))"
    )
    argv = [sys.executable, "-I", "-c", code, root, os.path.abspath(path), "--max-seconds", repr(float(max_seconds))]
    argv += (["--formal"] if formal else []) + (["--coq-dir", os.path.abspath(coq_dir)] if coq_dir else [])
    argv += ["--smt"] if smt else []
    limit = max_seconds + START_SECONDS + (FORMAL_SECONDS if formal else 0.0) + (SMT_SECONDS if smt else 0.0)
    cpu = math.ceil(limit)

    def limit_cpu() -> None:  # in the child, before python starts: SIGXCPU past the limit
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))

    try:
        proc = subprocess.run(argv, capture_output=True, timeout=limit * WALL_FACTOR, check=False, preexec_fn=limit_cpu)
    except subprocess.TimeoutExpired:
        why = (
            f"the kernel did not finish within {WALL_FACTOR:g} times --max-seconds {max_seconds:g} (plus start-up) "
            "of wall time; nothing is accepted"
        )
        return KernelOutcome({"malformed": why}, argv)
    if proc.returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        why = (
            f"the kernel used more than --max-seconds {max_seconds:g} (plus start-up) of CPU time; nothing is accepted"
        )
        return KernelOutcome({"malformed": why}, argv)
    try:
        data = json.loads(proc.stdout)
    except ValueError:
        err = proc.stderr.decode(errors="replace").strip().splitlines()
        data = {"malformed": f"the kernel process failed (exit {proc.returncode}): {err[-1] if err else 'no output'}"}
    return KernelOutcome(data, argv)


# --------------------------------------------------------------------------- reruns (producer code)
def builtin_from_description(description: Any) -> Any:
    """The sci_oracle built-in a recorded run names, rebuilt from its printed description by a
    literal-only parser (never imported or evaluated); None when it is not one. Covers the names
    ``check`` accepts (``midpoint``, ``zero``, ...), the solvers, the Theorem 1 trainers, the BHV tie
    fitters and the printed classes of check-class."""
    import re

    from sci_oracle.algorithms import builtin, training
    from sci_oracle.classification import minimisers
    from sci_oracle.cli.check_class import parse_description

    text = str(description)
    if text in BUILTINS:  # a name check accepts: the registry's own factory, no parsing at all
        return BUILTINS[text]()
    names: dict[str, Any] = {
        n: getattr(builtin, n) for n in ("Midpoint", "Zero", "OneSparseSolver", "PrimalDualFloat64")
    }
    names |= {n: getattr(training, n) for n in ("SignSearchTrainer", "BudgetTrainer", "CoarseTrainer")}
    names |= {
        "budget_mixture": training.budget_mixture,
        "tie_guess": training.tie_guess,
        "coin_flip": builtin.coin_flip,
    }
    names |= {n: getattr(minimisers, n) for n in ("coin_flip_fitter", "exact_solver", "subgradient_fitter")}
    names["Fraction"] = Fraction
    wrapped = re.fullmatch(r"RandomisedAlgorithm\((.*), seeds=(?:\([\d, ]*\)|None)\)", text)
    for table in (names, None):  # the built-ins, then check-class's printed classes
        try:
            return parse_description(wrapped.group(1) if wrapped else text, names=table)
        except Exception:
            continue
    return None


def rerun_recorded(runs: list[dict[str, Any]], table: list[Any]) -> list[Rerun]:
    """Rerun each recorded run with the built-in its certificate names (no user code is loaded)."""
    out = []
    for r in runs:
        alg = builtin_from_description(r.get("algorithm"))
        if alg is None:
            out.append(("rerun", False, f"{str(r.get('algorithm'))[:80]!r} is not a built-in: pass --algorithm"))
        else:
            out.append(_rerun_guarded(r, table, alg))
    return out


def rerun(
    runs: list[dict[str, Any]],
    table: list[Any],
    algorithm: Any,
    *,
    isolated: bool = True,
    timeout: float = 60.0,
    memory_mb: int = 2048,
) -> list[Rerun]:
    """Rerun ``algorithm`` (a spec string, or an object when not isolated) on each recorded run's
    transcript; (what, reproduced, why) each, reproduced None when undecided. Isolated runs use the sandbox of
    :mod:`sci_oracle.harness.isolation`, all of them within one ``timeout`` (seconds; once it is
    spent, the remaining reruns are NH at once)."""
    from sci_oracle.algorithms.builtin import builtin
    from sci_oracle.harness.budget import BudgetedAlgorithm, Deadline
    from sci_oracle.harness.isolation import IsolatedAlgorithm
    from sci_oracle.harness.outputs import deciding
    from sci_oracle.harness.specs import BUILTIN, parse_spec

    if not isolated:
        return [_rerun_guarded(r, table, algorithm) for r in runs]
    spec = parse_spec(algorithm, param="--algorithm")  # a bad spec is a usage error (exit 2)
    if spec.kind == BUILTIN:  # our own code: no sandbox needed
        return [_rerun_guarded(r, table, builtin(spec.target)) for r in runs]
    deadline = Deadline(timeout)
    with IsolatedAlgorithm(spec, timeout=timeout, memory_mb=memory_mb) as alg:  # the user's code: sandbox only
        alg._child.ensure(timeout)  # load now: a module that raises or hangs at import is a contract error
        with deciding(timeout):  # comparing its outputs with the recorded ones: within --timeout too
            return [_rerun_guarded(r, table, BudgetedAlgorithm(alg, deadline)) for r in runs]


def _rerun_guarded(r: dict[str, Any], table: list[Any], alg: Any) -> Rerun:
    from sci_oracle.core.errors import Undecided

    try:
        return _rerun_one({**r, "transcript": table[r["transcript"]]}, alg)
    except Undecided as exc:  # the comparison with the recorded output ran out of --timeout: unknown (None)
        return "rerun", None, f"undecided: {exc}"
    except Exception as exc:  # the kernel accepted the data; the producer's rebuild may still refuse it
        return "rerun", False, f"could not rerun ({type(exc).__name__}: {exc})"


def _instance(fam: Any, where: Any) -> Any:
    """The producer's instance for a recorded run: the limit, a member, or (training setting) a
    variant with another hidden sign, sample count or informative position (``p: null`` is the
    sample adversary's all-uninformative simulation)."""
    if where is None:
        return fam.limit()
    if set(where) == {"j", "n"}:
        return fam.member(where["j"], where["n"])
    kw = {k: where[k] for k in ("q", "R") if k in where}
    if where.get("p", 0) is None:
        return fam.uninformative(j=where["j"], n=where["n"], **kw)
    return fam.variant(j=where["j"], n=where["n"], p=where.get("p"), **kw)


def _strict_oracle(transcript: Any, shapes: Any, **kw: Any) -> Any:
    """A replay oracle that remembers a query it could not serve (off the transcript, or past its end)."""
    from sci_oracle.core.errors import UnexpectedQuery
    from sci_oracle.core.oracle import ReplayOracle, Transcript

    class Strict(ReplayOracle):
        diverged: str | None = None

        def _answer(self, query: Any) -> Any:
            try:
                return super()._answer(query)
            except UnexpectedQuery as exc:
                self.diverged = self.diverged or str(exc)
                raise

    return Strict(Transcript.from_json(transcript), shapes, **kw)


def _rerun_one(r: dict[str, Any], alg: Any) -> Rerun:
    """Replay the recorded answers: an output run must ask exactly the recorded queries, ask no more,
    and return the recorded output; an NH or error run must follow the transcript to its end."""
    from sci_oracle.algorithms.base import OUTPUT, run
    from sci_oracle.core.exact import vector_from_json
    from sci_oracle.families.base import family_from_spec

    if isinstance(r["family"], dict) and r["family"].get("family") == "tie":  # BHV A4 (kernel kind relu-runs)
        from sci_oracle.classification.minimisers import replay

        return (f"rerun on the tie limit (k={r['family']['k']}), seed {r['seed']}", *replay(r, alg))
    where = r["instance"]
    label = "limit" if where is None else ", ".join(f"{k}={v}" for k, v in where.items())
    what = f"rerun of claim {r['claim']} on {label}" + ("" if r["seed"] is None else f", seed {r['seed']}")
    fam = family_from_spec(r["family"])
    inst = _instance(fam, where)
    shapes = {k: v.shape for k, v in inst.inputs.items()}
    info = inst.info or fam.info  # what the run was told in advance (a variant has its own R)
    oracle = _strict_oracle(r["transcript"], shapes, problem=info, mode=fam.mode)
    if r["seed"] is not None and not hasattr(alg, "at"):
        return what, False, "a seed is recorded but the algorithm is deterministic"
    rec = run(alg if r["seed"] is None else alg.at(r["seed"]), oracle, convert=fam.convert)
    ended = oracle.exhausted
    if r["outcome"] != "output":  # NH or error: the same queries to the end of the transcript, no output
        if oracle.diverged and (r["outcome"] == "error" or not ended):  # only an NH run may ask on past its end
            return what, False, f"a different query: {oracle.diverged}"
        if not ended:
            return what, False, "it stopped before reading the whole transcript"
        if rec.outcome == OUTPUT:
            return what, False, f"an output where the recorded run gave none ({r['outcome']})"
        return what, True, "same queries, no output"
    if oracle.diverged:
        return what, False, f"a different query: {oracle.diverged}"
    if rec.outcome != OUTPUT:
        return what, False, f"no output: {rec.reason}"
    if not ended:
        return what, False, "it stopped before reading the whole transcript"
    if rec.output != vector_from_json(r["output"]):
        return what, False, "a different output from the recorded one"
    return what, True, "same queries, same output"


# --------------------------------------------------------------------------- printing
def _wrap(text: str, indent: int) -> str:
    width = max(60, min(shutil.get_terminal_size((100, 20)).columns, 120))
    return textwrap.fill(text, width, initial_indent=" " * indent, subsequent_indent=" " * indent)


def _print(out: KernelOutcome, formal: bool) -> None:
    for c in out.claims:
        head = f"{'ACCEPTED' if c['accepted'] else 'REJECTED'}  claim {c['claim']}: {c['word']} [{c['scope']}]"
        print(head)
        print(_wrap(c["statement"], 10))
        for k, part in enumerate(c["parts"], 1):
            print(_wrap(f"part {k}: {part}", 12))
        print(_wrap(("check: " if c["accepted"] else "rejected: ") + c["reason"], 10))
    for e in out.errors:
        print(f"REJECTED  document: {e}")
    cited = [c for c in out.claims if c["scope"] in ("lemma", "formal") and not c["proved"]]
    if cited:
        print(f"cited lemmas (not machine-checked here): claims {', '.join(str(c['claim']) for c in cited)}")
    proved = [str(c["claim"]) for c in out.claims if c["proved"]]
    if proved:
        print(f"formal (Coq theorems recompiled and checked): claims {', '.join(proved)}")
    elif any(c["formal"] for c in out.claims) and not formal:
        print("formal claims cite Coq theorems: run with --formal to recompile them")


def to_json(path: str, out: KernelOutcome, reruns: list[Rerun], asked: bool) -> dict[str, Any]:
    return {
        "file": path,
        "accepted": out.accepted,  # the kernel's result, from the file alone
        "claims": out.claims,
        "document_errors": out.errors,
        "lemmas": [c["claim"] for c in out.claims if c["scope"] in ("lemma", "formal") and not c["proved"]],
        "cost_seconds": out.data.get("cost_seconds"),
        "kernel_process": {"argv": out.argv[:3], "modules": out.modules},
        "reruns": [{"what": w, "reproduced": ok, "reason": why} for w, ok, why in reruns] if asked else None,
        "reruns_reproduced": all(ok is True for _, ok, _ in reruns) if asked else None,
    }


# --------------------------------------------------------------------------- the command
def cmd_verify(args: argparse.Namespace) -> int:
    from sci_oracle.cli.reports import write_json
    from sci_oracle.core.errors import InvalidArgument

    if args.algorithm is not None and args.rerun_recorded:
        raise InvalidArgument("--rerun-recorded is invalid with --algorithm: rerun one algorithm, or each recorded one")
    if args.coq_dir is not None and not args.formal:
        raise InvalidArgument(
            f"--coq-dir={args.coq_dir!r} is invalid without --formal: it names the Coq sources to recompile"
        )
    out = run_kernel(args.file, args.max_seconds, formal=args.formal, smt=args.smt, coq_dir=args.coq_dir)
    if out.malformed is not None:
        print(f"sci-oracle verify: error: {args.file}: {out.malformed}", file=sys.stderr)
        return 2
    _print(out, args.formal)
    n_ok = sum(c["accepted"] for c in out.claims)
    print(
        f"{n_ok}/{len(out.claims)} claims accepted by the kernel"
        + ("" if not out.errors else f", {len(out.errors)} document error(s)")
        + f" (in a python -I process of its own; cost bound {out.data.get('cost_seconds', 0):.1f} s)"
    )
    reruns = _reruns(args, out)
    asked = args.algorithm is not None or args.rerun_recorded
    if asked:
        for what, ok, why in reruns:
            print(f"{'REPRODUCED' if ok else 'UNKNOWN   ' if ok is None else 'DIFFERS   '}  {what}: {why}")
        differ = [(what, why) for what, ok, why in reruns if ok is False]
        unknown = [(what, why) for what, ok, why in reruns if ok is None]
        if unknown:
            print(
                f"UNKNOWN: {len(unknown)} of {len(reruns)} reruns undecided; the first, {unknown[0][0]}: {unknown[0][1]}"
            )
        if differ:
            print(
                f"FAILED: {len(differ)} of {len(reruns)} reruns did not reproduce; the first, {differ[0][0]}: {differ[0][1]}"
            )
        undecided = f", {len(unknown)} undecided" if unknown else ""
        print(
            f"reruns: {len(reruns) - len(differ) - len(unknown)} reproduced, {len(differ)} differ{undecided} "
            "(reruns can only reject)"
        )
    write_json(args, to_json(args.file, out, reruns, asked))
    return 0 if out.accepted and all(ok is True for _, ok, _ in reruns) else 1


def _reruns(args: argparse.Namespace, out: KernelOutcome) -> list[Rerun]:
    """The reruns asked for, of the runs of the claims the kernel accepted (this process's work)."""
    from sci_oracle.core.errors import InvalidArgument
    from sci_oracle.kernel import parse

    if args.algorithm is None and not args.rerun_recorded:
        return []
    if not out.runs:
        flag = "--rerun-recorded" if args.rerun_recorded else f"--algorithm={args.algorithm!r}"
        raise InvalidArgument(f"{flag} is invalid here: the file records no runs of accepted claims")
    table = parse.read(args.file).get("transcripts", [])
    if args.rerun_recorded:
        return rerun_recorded(out.runs, table)
    return rerun(out.runs, table, args.algorithm, timeout=args.timeout, memory_mb=args.memory_mb)


def register(sub: argparse._SubParsersAction, name: str = "verify") -> None:
    p = sub.add_parser(
        name,
        help="check a certificate with the independent kernel (exit 0 iff every claim is accepted)"
        + ("" if name == "verify" else "; alias of verify"),
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("file", metavar="FILE", type=opt.input_file)
    p.add_argument(
        "--algorithm",
        metavar="SPEC",
        type=opt.algorithm_spec(BUILTINS),
        default=None,
        help="also rerun this algorithm (a built-in name or MODULE:FUNCTION) on every recorded transcript",
    )
    opt.add_sandbox_limits(p, timeout=60.0, bounds="with --algorithm, all the reruns together")
    p.add_argument(
        "--rerun-recorded",
        action="store_true",
        help="rerun every recorded run with the built-in algorithm its certificate names (prove, check, check-class)",
    )
    p.add_argument(
        "--max-seconds",
        metavar="S",
        type=opt.positive_float(86_400.0),
        default=DEFAULT_MAX_SECONDS,
        help=f"refuse, before any work, a file whose checking-cost bound exceeds S seconds (default {DEFAULT_MAX_SECONDS:g})",
    )
    p.add_argument(
        "--formal",
        action="store_true",
        help="recompile the Coq theorems that formal claims cite (needs coqc; proofs/coq)",
    )
    p.add_argument(
        "--coq-dir",
        metavar="DIR",
        default=None,
        help="with --formal: the proofs/coq folder to recompile (default: this installation's)",
    )
    p.add_argument(
        "--smt",
        action="store_true",
        help="have z3 and cvc5 decide every all-parameters step again (extra [formal])",
    )
    p.add_argument(
        "--json", metavar="OUT", type=opt.output_path(), default=None, help="write the per-claim outcome as JSON"
    )
    p.set_defaults(func=cmd_verify)
