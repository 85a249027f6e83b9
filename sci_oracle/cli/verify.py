"""``sci-oracle verify FILE``: check a certificate with the independent kernel (``sci_oracle.kernel``).

    sci-oracle verify report.json                         # any --json artefact of sci-oracle
    sci-oracle verify report.json --algorithm mysolver.py:solve   # also rerun it on every transcript
    sci-oracle verify report.json --json result.json      # the per-claim outcome as JSON
    sci-oracle verify proof.json --rerun-recorded         # rerun each run with the built-in it names
    sci-oracle verify proof.json --formal                 # recompile the Coq theorems formal claims cite
    sci-oracle verify proof.json --smt                    # z3 and cvc5 decide every all-parameters step

Each claim is printed ACCEPTED or REJECTED with the first failing check; the text shown is generated
from the claim's statement (the file's own prose is never trusted). ``--algorithm`` reruns the
algorithm, in the sandbox of ``sci_oracle.harness.isolation``, on every recorded transcript (the
adversary's, every run witness, every seed) and requires the recorded output. Exit 0 iff every claim
is accepted (and every rerun reproduces), 1 on a rejection, 2 for an unreadable or malformed file.
``--rerun-recorded`` instead reruns each run with the algorithm the certificate names, when that is
a sci_oracle built-in, rebuilt from its printed description (a ``prove`` file records runs of a
dozen built-ins; no user code is ever loaded this way).
``--formal`` recompiles, from proofs/coq, the Coq theorems that ``formal`` claims cite and checks
their statements, axioms and the certificate's hashes (``sci_oracle.kernel.formal``); without
``coqc`` those claims count as cited lemmas and the output says why.
``--smt`` has z3 and cvc5 decide every all-parameters step again (``sci_oracle.kernel.smt``, extra
``[formal]``); an answer other than the certificate's rejects the claim.
``sci-oracle replay`` is an alias.
"""

from __future__ import annotations

import argparse
import sys
from fractions import Fraction
from typing import Any

from sci_oracle.algorithms.builtin import BUILTINS
from sci_oracle.cli import options as opt
from sci_oracle.kernel import MalformedCertificate, Verification, verify


def builtin_from_description(description: Any) -> Any:
    """The sci_oracle built-in a recorded run names, rebuilt from its printed description by a
    literal-only parser (never imported or evaluated); None when it is not one. Covers the solvers,
    the Theorem 1 trainers, the BHV tie fitters and the printed classes of check-class."""
    import re

    from sci_oracle.algorithms import builtin, training
    from sci_oracle.classification import minimisers
    from sci_oracle.cli.check_class import parse_description

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
    text = str(description)
    wrapped = re.fullmatch(r"RandomisedAlgorithm\((.*), seeds=(?:\([\d, ]*\)|None)\)", text)
    for table in (names, None):  # the built-ins, then check-class's printed classes
        try:
            return parse_description(wrapped.group(1) if wrapped else text, names=table)
        except Exception:
            continue
    return None


def rerun_recorded(runs: list[dict[str, Any]]) -> list[tuple[str, bool | None, str]]:
    """Rerun each recorded run with the built-in its certificate names (no user code is loaded)."""
    out = []
    for r in runs:
        alg = builtin_from_description(r.get("algorithm"))
        if alg is None:
            out.append(("rerun", False, f"{str(r.get('algorithm'))[:80]!r} is not a built-in: pass --algorithm"))
        else:
            out.append(_rerun_guarded(r, alg))
    return out


def rerun(
    runs: list[dict[str, Any]], algorithm: Any, *, isolated: bool = True, timeout: float = 60.0, memory_mb: int = 2048
) -> list[tuple[str, bool | None, str]]:
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
        return [_rerun_guarded(r, algorithm) for r in runs]
    spec = parse_spec(algorithm, param="--algorithm")  # a bad spec is a usage error (exit 2)
    if spec.kind == BUILTIN:  # our own code: no sandbox needed
        return [_rerun_guarded(r, builtin(spec.target)) for r in runs]
    deadline = Deadline(timeout)
    with IsolatedAlgorithm(spec, timeout=timeout, memory_mb=memory_mb) as alg:  # the user's code: sandbox only
        alg._child.ensure(timeout)  # load now: a module that raises or hangs at import is a contract error
        with deciding(timeout):  # comparing its outputs with the recorded ones: within --timeout too
            return [_rerun_guarded(r, BudgetedAlgorithm(alg, deadline)) for r in runs]


def _rerun_guarded(r: dict[str, Any], alg: Any) -> tuple[str, bool | None, str]:
    from sci_oracle.core.errors import Undecided

    try:
        return _rerun_one(r, alg)
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


def _rerun_one(r: dict[str, Any], alg: Any) -> tuple[str, bool, str]:
    from sci_oracle.algorithms.base import OUTPUT, run
    from sci_oracle.core.exact import vector_from_json
    from sci_oracle.core.oracle import ReplayOracle, Transcript
    from sci_oracle.families.base import family_from_spec

    if isinstance(r["family"], dict) and r["family"].get("family") == "tie":  # BHV A4 (kernel kind tie-runs)
        from sci_oracle.classification.minimisers import replay

        return (f"rerun on the tie limit (k={r['family']['k']}), seed {r['seed']}", *replay(r, alg))
    where = r["instance"]
    label = "limit" if where is None else ", ".join(f"{k}={v}" for k, v in where.items())
    what = f"rerun on {label}" + ("" if r["seed"] is None else f", seed {r['seed']}")
    fam = family_from_spec(r["family"])
    inst = _instance(fam, where)
    shapes = {k: v.shape for k, v in inst.inputs.items()}
    info = inst.info or fam.info  # what the run was told in advance (a variant has its own R)
    oracle = ReplayOracle(Transcript.from_json(r["transcript"]), shapes, problem=info, mode=fam.mode)
    if r["seed"] is not None and not hasattr(alg, "at"):
        return what, False, "a seed is recorded but the algorithm is deterministic"
    rec = run(alg if r["seed"] is None else alg.at(r["seed"]), oracle, convert=fam.convert)
    if "output" in r:  # a simulation records only its queries
        if r["output"] is None:
            if rec.outcome == OUTPUT:
                return what, False, "an output where the recorded run gave none"
        elif rec.outcome != OUTPUT:
            return what, False, f"no output: {rec.reason}"
        elif rec.output != vector_from_json(r["output"]):
            return what, False, "a different output from the recorded one"
    if not oracle.exhausted:
        return what, False, "it stopped before reading the whole transcript"
    return what, True, "same queries, same output" if "output" in r else "same queries"


def to_json(path: str, v: Verification, reruns: list[tuple[str, bool | None, str]]) -> dict[str, Any]:
    return {
        "file": path,
        "accepted": v.accepted and all(ok for _, ok, _ in reruns),
        "claims": [
            {
                "name": c.name,
                "status": c.status,
                "word": c.word,
                "accepted": c.accepted,
                "reason": c.reason,
                "statement": c.statement,
            }
            for c in v.claims
        ],
        "document_errors": v.errors,
        "lemmas": v.lemmas,
        "reruns": [{"what": w, "reproduced": ok, "reason": why} for w, ok, why in reruns],
    }


def cmd_verify(args: argparse.Namespace) -> int:
    from sci_oracle.cli.reports import write_json
    from sci_oracle.core.errors import InvalidArgument

    if args.coq_dir is not None and not args.formal:
        raise InvalidArgument(
            f"--coq-dir={args.coq_dir!r} is invalid without --formal: it names the Coq sources to recompile"
        )
    try:
        v = verify(args.file, formal=args.formal, smt=args.smt, coq_dir=args.coq_dir)
    except MalformedCertificate as exc:
        print(f"sci-oracle verify: error: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # a hostile file must never produce a traceback
        print(f"sci-oracle verify: error: the kernel could not read {args.file}: {type(exc).__name__}", file=sys.stderr)
        return 2
    for c in v.claims:
        print(f"{'ACCEPTED' if c.accepted else 'REJECTED'}  {c.name}: {c.reason}")
        if c.statement:
            print(f"          {c.word}: {c.statement}")
    for e in v.errors:
        print(f"REJECTED  document: {e}")
    if v.lemmas:
        print(f"lemmas (cited, not machine-checked here): {', '.join(v.lemmas)}")
    proved = [c.name for c in v.claims if c.proved]
    if proved:
        print(f"formal (Coq theorems recompiled and checked): {', '.join(proved)}")
    elif any(c.formal for c in v.claims) and not args.formal:
        print("formal claims cite Coq theorems: run with --formal to recompile them")
    reruns: list[tuple[str, bool | None, str]] = []
    if args.algorithm is not None and args.rerun_recorded:
        raise InvalidArgument("--rerun-recorded is invalid with --algorithm: rerun one algorithm, or each recorded one")
    if args.algorithm is not None or args.rerun_recorded:
        if not v.runs:
            flag = "--rerun-recorded" if args.rerun_recorded else f"--algorithm={args.algorithm!r}"
            raise InvalidArgument(f"{flag} is invalid here: the file records no runs")
        reruns = (
            rerun_recorded(v.runs)
            if args.rerun_recorded
            else rerun(v.runs, args.algorithm, timeout=args.timeout, memory_mb=args.memory_mb)
        )
        for what, ok, why in reruns:
            print(f"{'REPRODUCED' if ok else 'UNKNOWN   ' if ok is None else 'DIFFERS   '}  {what}: {why}")
    ok = v.accepted and all(r for _, r, _ in reruns)
    differs = [(what, why) for what, r, why in reruns if r is False]
    unknown = [(what, why) for what, r, why in reruns if r is None]
    if unknown:
        print(f"UNKNOWN: {len(unknown)} of {len(reruns)} reruns undecided; the first, {unknown[0][0]}: {unknown[0][1]}")
    if differs:
        print(
            f"FAILED: {len(differs)} of {len(reruns)} reruns did not reproduce; the first, {differs[0][0]}: {differs[0][1]}"
        )
    n_ok = sum(c.accepted for c in v.claims)
    print(f"{n_ok}/{len(v.claims)} claims accepted by the kernel" + (f", {len(reruns)} reruns" if reruns else ""))
    write_json(args, to_json(args.file, v, reruns))
    return 0 if ok else 1


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
        help="rerun every recorded run with the built-in algorithm its certificate names (prove, check-class)",
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
